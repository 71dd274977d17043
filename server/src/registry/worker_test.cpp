// WorkerService on both backends: validation, one person across projects, masking and the audited
// unmask, no plaintext personal data in the SQLite file, scope.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iterator>

#include "core/error.hpp"
#include "registry/worker_test_support.hpp"
#include "registry/workers.hpp"
#include "testing/test_database.hpp"
#include "testing/errors.hpp"

namespace anxin::registry {
namespace {

using namespace registry::testing;

class WorkerTest : public ::testing::TestWithParam<std::string> {
protected:
    void SetUp() override {
        database_ = std::make_unique<anxin::testing::TestDatabase>(GetParam());
        SeedRegistry(db());
        cipher_ = std::make_unique<core::FieldCipher>(core::DataKey::Generate());
        workers_ = std::make_unique<WorkerService>(db(), clock(), cipher_.get());
        contracts_ = std::make_unique<ContractService>(db(), clock());
    }
    storage::Database& db() { return database_->db(); }
    core::ManualClock& clock() { return database_->clock(); }

    NewWorker Sample(int sequence = 901) {
        NewWorker w;
        w.name = "张三";
        w.id_number = IdNumber(core::Date(1990, 5, 17), sequence);
        w.phone = "13812345678";
        w.bank_card = "6222021234567890123";
        w.bank_name = "工商银行";
        w.work_type = "020";
        return w;
    }
    Contract Sign(const std::string& worker_id, const std::string& project = "P1", const std::string& employer = "E2") {
        NewContract c;
        c.worker_id = worker_id;
        c.project_id = project;
        c.employer_id = employer;
        c.kind = "labor_contract";
        c.start_on = core::Date(2026, 2, 1);
        c.wage_type = "daily";
        c.wage_rate = 30000;
        c.signed_on = core::Date(2026, 1, 20);
        return contracts_->Create(EnterpriseUser(employer), c);  // the employer, who sees its worker
    }
    std::int64_t Count(const std::string& sql) {
        auto tx = db().Begin(storage::TxMode::kRead);
        return tx.QueryOne(sql).Int(0);
    }

    std::unique_ptr<anxin::testing::TestDatabase> database_;
    std::unique_ptr<core::FieldCipher> cipher_;
    std::unique_ptr<WorkerService> workers_;
    std::unique_ptr<ContractService> contracts_;
};

Error::Fields FieldsOf(const std::function<void()>& f) { return ::anxin::testing::ErrorOf(f).fields(); }

TEST_P(WorkerTest, CreateDerivesBirthSexRegionAndReturnsMasks) {
    auto input = Sample();
    Worker w = workers_->Create(EnterpriseUser("E2"), input);
    EXPECT_EQ(w.birth_date, core::Date(1990, 5, 17));
    EXPECT_EQ(w.sex, 'M');
    EXPECT_EQ(w.native_region_code, "370102");
    EXPECT_FALSE(w.over_age);
    EXPECT_FALSE(w.revealed);
    EXPECT_EQ(w.id_number, core::MaskIdNumber(input.id_number));
    EXPECT_NE(w.id_number, input.id_number);
    EXPECT_EQ(w.phone, "138****5678");
    EXPECT_EQ(w.bank_card, core::MaskBankCard(*input.bank_card));
    EXPECT_EQ(w.work_type, "020");

    Worker female = workers_->Create(EnterpriseUser("E2"), Sample(902));
    EXPECT_EQ(female.sex, 'F');
    EXPECT_EQ(Count("SELECT COUNT(*) FROM audit_event WHERE entity = 'worker' AND action = 'create'"), 2);
}

TEST_P(WorkerTest, BadInputNamesEachFieldAndWritesNothing) {
    auto ctx = EnterpriseUser("E2");
    auto bad_check = Sample();
    bad_check.id_number.back() = bad_check.id_number.back() == '0' ? '1' : '0';
    EXPECT_TRUE(FieldsOf([&] { workers_->Create(ctx, bad_check); }).contains("idNumber"));

    auto impossible = Sample();
    impossible.id_number = core::MakeIdNumber("370102", core::Date(1990, 2, 28), 901);
    impossible.id_number.replace(10, 4, "0230");  // 1990-02-30 (the check character no longer matters)
    EXPECT_TRUE(FieldsOf([&] { workers_->Create(ctx, impossible); }).contains("idNumber"));

    auto child = Sample();
    child.id_number = IdNumber(core::Date(2010, 3, 3));  // 15 on 2026-03-02
    auto child_fields = FieldsOf([&] { workers_->Create(ctx, child); });
    EXPECT_TRUE(child_fields.contains("idNumber"));

    NewWorker many;
    many.name = "李";
    many.id_number = "12345";
    many.phone = "1381234567";
    many.bank_card = "6222-0212-3456";
    many.work_type = "999";
    auto fields = FieldsOf([&] { workers_->Create(ctx, many); });
    for (const char* f : {"name", "idNumber", "phone", "bankCard", "bankName", "workType"}) {
        EXPECT_TRUE(fields.contains(f)) << f;
    }
    auto long_name = Sample();
    long_name.name = std::string(31 * 3, 'x').substr(0, 31);
    EXPECT_TRUE(FieldsOf([&] { workers_->Create(ctx, long_name); }).contains("name"));
    EXPECT_EQ(Count("SELECT COUNT(*) FROM registry_worker"), 0);
}

TEST_P(WorkerTest, SixteenIsAcceptedAndOverTheLimitIsFlagged) {
    auto ctx = EnterpriseUser("E2");
    auto sixteen = Sample();
    sixteen.id_number = IdNumber(core::Date(2010, 3, 2));  // 16 today
    EXPECT_FALSE(workers_->Create(ctx, sixteen).over_age);

    auto old = Sample(903);
    old.id_number = IdNumber(core::Date(1960, 1, 1), 903);  // 66
    Worker w = workers_->Create(ctx, old);
    EXPECT_TRUE(w.over_age);

    WorkerService strict(db(), clock(), cipher_.get(), WorkerOptions{.max_age = 70});
    auto old2 = Sample(905);
    old2.id_number = IdNumber(core::Date(1960, 1, 1), 905);
    EXPECT_FALSE(strict.Create(ctx, old2).over_age);
}

// Issue 11: knowing a person's ID number was enough to learn their worker id from the 409 and take
// their record onto one's own project, with the phone and bank card another employer entered.
TEST_P(WorkerTest, AnIdNumberAloneNeitherRevealsNorAttachesAnotherEmployersWorker) {
    Worker first = workers_->Create(EnterpriseUser("E2"), Sample());
    NewWorker guess = Sample();
    guess.name = "冒名";
    try {
        workers_->Create(EnterpriseUser("E3"), guess);
        FAIL() << "expected a conflict";
    } catch (const Error& e) {
        EXPECT_EQ(e.code(), ErrorCode::kConflict);
        EXPECT_FALSE(e.fields().contains("existingWorkerId"));
        EXPECT_TRUE(e.fields().contains("name"));
        EXPECT_EQ(std::string(e.what()).find(first.id), std::string::npos);
    }
    // With the id learnt some other way, a contract is refused as for an unknown worker.
    NewContract c;
    c.worker_id = first.id;
    c.project_id = "P2";
    c.employer_id = "E3";
    c.kind = "labor_contract";
    c.start_on = core::Date(2026, 2, 1);
    c.wage_type = "daily";
    c.wage_rate = 30000;
    c.signed_on = core::Date(2026, 1, 20);
    try {
        contracts_->Create(EnterpriseUser("E3"), c);
        FAIL() << "expected the worker to be unknown";
    } catch (const Error& e) {
        EXPECT_EQ(e.fields().at("workerId"), "人员不存在");
    }
    EXPECT_EQ(Count("SELECT COUNT(*) FROM registry_contract"), 0);
    EXPECT_THROW(workers_->Get(EnterpriseUser("E3"), first.id), Error);
}

TEST_P(WorkerTest, OnePersonAcrossProjects) {
    Worker first = workers_->Create(EnterpriseUser("E2"), Sample());
    Sign(first.id);
    // Another enterprise registers the same person: the registered name proves it knows them, and
    // it is linked to the one record, seeing none of what the first employer entered (issue 11).
    Worker linked = workers_->Create(EnterpriseUser("E3"), Sample());
    EXPECT_TRUE(linked.linked);
    EXPECT_EQ(linked.id, first.id);
    EXPECT_FALSE(linked.phone.has_value());
    EXPECT_FALSE(linked.bank_card.has_value());
    EXPECT_EQ(Count("SELECT COUNT(*) FROM audit_event WHERE action = 'link'"), 1);
    // The first employer, who sees the worker, is told its id.
    try {
        workers_->Create(EnterpriseUser("E2"), Sample());
        FAIL() << "expected a conflict";
    } catch (const Error& e) {
        EXPECT_EQ(e.code(), ErrorCode::kConflict);
        EXPECT_EQ(e.fields().at("existingWorkerId"), first.id);
    }
    Sign(first.id, "P2", "E3");
    EXPECT_EQ(Count("SELECT COUNT(*) FROM registry_worker"), 1);
    EXPECT_EQ(contracts_->ListForWorker(Supervisor(), first.id).size(), 2u);
    // Each project's officers see the worker, and only their own project's contract.
    EXPECT_EQ(workers_->Get(EnterpriseUser("E3"), first.id).id, first.id);
    EXPECT_EQ(contracts_->ListForWorker(EnterpriseUser("E3"), first.id).size(), 1u);

    auto tx = db().Begin(storage::TxMode::kRead);
    auto found = workers_->FindIdByIdNumber(tx, Sample().id_number);
    ASSERT_TRUE(found);
    EXPECT_EQ(*found, first.id);
    EXPECT_FALSE(workers_->FindIdByIdNumber(tx, IdNumber(core::Date(1991, 1, 1))));
}

TEST_P(WorkerTest, MasksByRoleAndAuditsTheUnmask) {
    auto input = Sample();
    Worker w = workers_->Create(EnterpriseUser("E2"), input);
    Sign(w.id);
    Worker masked = workers_->Get(Supervisor(), w.id);
    EXPECT_EQ(masked.id_number, core::MaskIdNumber(input.id_number));
    EXPECT_FALSE(masked.revealed);

    try {
        workers_->Get(EnterpriseUser("E2"), w.id, /*reveal=*/true);
        FAIL() << "enterprise users may not unmask";
    } catch (const Error& e) {
        EXPECT_EQ(e.code(), ErrorCode::kForbidden);
    }
    const auto before = Count("SELECT COUNT(*) FROM audit_event WHERE action = 'read_personal'");
    EXPECT_EQ(before, 0);
    Worker full = workers_->Get(Supervisor(), w.id, /*reveal=*/true);
    EXPECT_TRUE(full.revealed);
    EXPECT_EQ(full.id_number, input.id_number);
    EXPECT_EQ(full.phone, input.phone);
    EXPECT_EQ(full.bank_card, input.bank_card);
    EXPECT_EQ(Count("SELECT COUNT(*) FROM audit_event WHERE action = 'read_personal' AND entity = 'worker' AND "
                    "entity_id = '" + w.id + "'"),
              1);
    // A supervisor of another city cannot reveal (or see) it at all.
    EXPECT_THROW(workers_->Get(Supervisor("3702"), w.id, true), Error);
    EXPECT_EQ(Count("SELECT COUNT(*) FROM audit_event WHERE action = 'read_personal'"), 1);
}

TEST_P(WorkerTest, ScopeFollowsContracts) {
    Worker w = workers_->Create(EnterpriseUser("E2"), Sample());
    // Before any contract: the registering enterprise sees it, nobody else.
    EXPECT_NO_THROW(workers_->Get(EnterpriseUser("E2"), w.id));
    EXPECT_THROW(workers_->Get(EnterpriseUser("E1"), w.id), Error);
    EXPECT_THROW(workers_->Get(Supervisor(), w.id), Error);
    Sign(w.id);  // P1, 历下区
    EXPECT_NO_THROW(workers_->Get(EnterpriseUser("E1"), w.id));
    EXPECT_NO_THROW(workers_->Get(Supervisor("3701"), w.id));
    try {
        workers_->Get(Supervisor("3702"), w.id);
        FAIL();
    } catch (const Error& e) {
        EXPECT_EQ(e.code(), ErrorCode::kNotFound);
    }
    EXPECT_THROW(workers_->Get(EnterpriseUser("E3"), w.id), Error);
    EXPECT_EQ(workers_->List(Supervisor("3702"), {}).total, 0);
    EXPECT_EQ(workers_->List(Supervisor("3701"), {}).total, 1);
    EXPECT_THROW(workers_->Update(EnterpriseUser("E3"), w.id, WorkerPatch{.name = "李四"}), Error);
}

TEST_P(WorkerTest, ListFiltersByProjectNamePrefixAndIdNumber) {
    auto a = Sample(901);
    auto b = Sample(903);
    b.name = "张三丰";
    auto c = Sample(905);
    c.name = "王五";
    Worker wa = workers_->Create(EnterpriseUser("E2"), a);
    Worker wb = workers_->Create(EnterpriseUser("E2"), b);
    Worker wc = workers_->Create(EnterpriseUser("E2"), c);
    Sign(wa.id);
    Sign(wb.id);
    workers_->Create(EnterpriseUser("E3"), c);  // E3 knows the person: linked
    Sign(wc.id, "P2", "E3");
    auto sup = Supervisor();
    EXPECT_EQ(workers_->List(sup, {}).total, 3);
    EXPECT_EQ(workers_->List(sup, WorkerQuery{.project_id = "P1"}).total, 2);
    auto by_name = workers_->List(sup, WorkerQuery{.name_prefix = "张三"});
    EXPECT_EQ(by_name.total, 2);
    EXPECT_EQ(by_name.items.at(0).name, "张三");
    auto by_id = workers_->List(sup, WorkerQuery{.id_number = c.id_number});
    ASSERT_EQ(by_id.total, 1);
    EXPECT_EQ(by_id.items.at(0).id, wc.id);
    EXPECT_EQ(workers_->List(sup, WorkerQuery{.limit = 1}).items.size(), 1u);
}

TEST_P(WorkerTest, UpdateResealsPersonalFieldsAndClears) {
    Worker w = workers_->Create(EnterpriseUser("E2"), Sample());
    WorkerPatch patch;
    patch.phone = "13900001111";
    patch.bank_card = "";
    patch.bank_name = "";
    patch.work_type = "900";
    Worker updated = workers_->Update(EnterpriseUser("E2"), w.id, patch);
    EXPECT_EQ(updated.phone, "139****1111");
    EXPECT_FALSE(updated.bank_card);
    EXPECT_FALSE(updated.bank_name);
    EXPECT_EQ(updated.work_type, "900");
    EXPECT_EQ(workers_->Get(EnterpriseUser("E2"), w.id).phone, "139****1111");
    EXPECT_TRUE(FieldsOf([&] { workers_->Update(EnterpriseUser("E2"), w.id, WorkerPatch{.phone = "123"}); })
                    .contains("phone"));
}

INSTANTIATE_TEST_SUITE_P(Backends, WorkerTest, ::testing::ValuesIn(anxin::testing::TestBackends()),
                         anxin::testing::BackendName());

// ---- personal data at rest (SQLite file) ----------------------------------------------------------

std::string ReadAll(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

TEST(WorkerAtRestTest, SqliteFileAndWalHoldNoPlaintextPersonalData) {
    auto database = anxin::testing::TestDatabase::SqliteFile();
    SeedRegistry(database->db());
    core::FieldCipher cipher(core::DataKey::Generate());
    WorkerService workers(database->db(), database->clock(), &cipher);
    std::vector<NewWorker> inputs;
    for (int i = 0; i < 5; ++i) {
        NewWorker w;
        w.name = "工人" + std::to_string(i);
        w.id_number = IdNumber(core::Date(1985, 1 + i, 10), 911 + i);
        w.phone = "1381234567" + std::to_string(i);
        w.bank_card = "622202123456789012" + std::to_string(i);
        w.bank_name = "工商银行";
        workers.Create(EnterpriseUser("E2"), w);
        inputs.push_back(w);
    }
    std::string path = database->url().substr(std::string("sqlite://").size());
    std::string bytes = ReadAll(path) + ReadAll(path + "-wal");
    ASSERT_GT(bytes.size(), 4096u);
    ASSERT_NE(bytes.find("工人0"), std::string::npos) << "the names are stored in clear: the read must see the data";
    for (const auto& w : inputs) {
        EXPECT_EQ(bytes.find(w.id_number), std::string::npos) << "ID number in plaintext";
        EXPECT_EQ(bytes.find(w.id_number.substr(6, 8)), std::string::npos) << "birth date run of the ID number";
        EXPECT_EQ(bytes.find(*w.phone), std::string::npos) << "phone in plaintext";
        EXPECT_EQ(bytes.find(*w.bank_card), std::string::npos) << "bank card in plaintext";
    }
}

}  // namespace
}  // namespace anxin::registry
