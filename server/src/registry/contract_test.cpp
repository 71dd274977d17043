// ContractService on both backends: who may sign with whom, and REG 28's entry rules.
#include <gtest/gtest.h>

#include "core/error.hpp"
#include "registry/worker_test_support.hpp"
#include "registry/workers.hpp"
#include "testing/test_database.hpp"
#include "testing/errors.hpp"

namespace anxin::registry {
namespace {

using namespace registry::testing;

class ContractTest : public ::testing::TestWithParam<std::string> {
protected:
    void SetUp() override {
        database_ = std::make_unique<anxin::testing::TestDatabase>(GetParam());
        SeedRegistry(db());
        cipher_ = std::make_unique<core::FieldCipher>(core::DataKey::Generate());
        workers_ = std::make_unique<WorkerService>(db(), database_->clock(), cipher_.get());
        contracts_ = std::make_unique<ContractService>(db(), database_->clock());
        worker_id_ = workers_->Create(EnterpriseUser("E2"), WorkerInput()).id;
    }
    static NewWorker WorkerInput() {
        NewWorker w;
        w.name = "赵六";
        w.id_number = IdNumber(core::Date(1988, 8, 8));
        return w;
    }
    storage::Database& db() { return database_->db(); }

    NewContract Input() const {
        NewContract c;
        c.worker_id = worker_id_;
        c.project_id = "P1";
        c.employer_id = "E2";
        c.team_id = "T1";
        c.kind = "labor_contract";
        c.start_on = core::Date(2026, 2, 1);
        c.end_on = core::Date(2026, 12, 31);
        c.wage_type = "daily";
        c.wage_rate = 35000;
        c.signed_on = core::Date(2026, 1, 25);
        return c;
    }
    static Error Catch(const std::function<void()>& f) { return ::anxin::testing::ErrorOf(f); }

    std::unique_ptr<anxin::testing::TestDatabase> database_;
    std::unique_ptr<core::FieldCipher> cipher_;
    std::unique_ptr<WorkerService> workers_;
    std::unique_ptr<ContractService> contracts_;
    std::string worker_id_;
};

TEST_P(ContractTest, CreatesAContractWithTeamAndAuditsIt) {
    Contract c = contracts_->Create(EnterpriseUser("E2"), Input());
    EXPECT_EQ(c.project_id, "P1");
    EXPECT_EQ(c.team_id, "T1");
    EXPECT_FALSE(c.entered_on);
    Contract again = contracts_->Get(Supervisor("370102"), c.id);
    EXPECT_EQ(again.wage_rate, 35000);
    EXPECT_EQ(again.end_on, core::Date(2026, 12, 31));
    EXPECT_EQ(contracts_->ListForProject(EnterpriseUser("E1"), "P1").size(), 1u);
    auto tx = db().Begin(storage::TxMode::kRead);
    EXPECT_EQ(tx.QueryOne("SELECT COUNT(*) FROM audit_event WHERE entity = 'contract'").Int(0), 1);
}

TEST_P(ContractTest, EmployerMustParticipateAndTeamMustBelong) {
    auto sup = Supervisor();
    auto stranger = Input();
    stranger.employer_id = "E3";
    stranger.team_id.reset();
    EXPECT_TRUE(Catch([&] { contracts_->Create(sup, stranger); }).fields().contains("employerId"));

    auto wrong_team = Input();
    wrong_team.team_id = "T2";  // E1's team on P1
    EXPECT_TRUE(Catch([&] { contracts_->Create(sup, wrong_team); }).fields().contains("teamId"));

    auto unknown_team = Input();
    unknown_team.team_id = "T-NONE";
    EXPECT_TRUE(Catch([&] { contracts_->Create(sup, unknown_team); }).fields().contains("teamId"));

    auto unknown_worker = Input();
    unknown_worker.worker_id = "W-NONE";
    EXPECT_TRUE(Catch([&] { contracts_->Create(sup, unknown_worker); }).fields().contains("workerId"));

    auto backwards = Input();
    backwards.end_on = core::Date(2026, 1, 1);
    EXPECT_TRUE(Catch([&] { contracts_->Create(sup, backwards); }).fields().contains("endOn"));

    auto future_signature = Input();
    future_signature.signed_on = core::Date(2026, 3, 3);
    EXPECT_TRUE(Catch([&] { contracts_->Create(sup, future_signature); }).fields().contains("signedOn"));

    auto bad_kind = Input();
    bad_kind.kind = "verbal";
    bad_kind.wage_type = "hourly";
    auto fields = Catch([&] { contracts_->Create(sup, bad_kind); }).fields();
    EXPECT_TRUE(fields.contains("kind"));
    EXPECT_TRUE(fields.contains("wageType"));

    auto tx = db().Begin(storage::TxMode::kRead);
    EXPECT_EQ(tx.QueryOne("SELECT COUNT(*) FROM registry_contract").Int(0), 0);
}

TEST_P(ContractTest, EnterpriseUsersSignForThemselvesUnlessGeneralContractor) {
    // The labor subcontractor cannot sign on behalf of the GC.
    auto for_gc = Input();
    for_gc.employer_id = "E1";
    for_gc.team_id = "T2";
    EXPECT_EQ(Catch([&] { contracts_->Create(EnterpriseUser("E2"), for_gc); }).code(), ErrorCode::kForbidden);
    // The GC manages the whole site: once it knows the person (the name matches), it signs for them.
    workers_->Create(EnterpriseUser("E1"), WorkerInput());
    EXPECT_NO_THROW(contracts_->Create(EnterpriseUser("E1"), Input()));
    // A project the caller does not participate in reads as absent.
    auto elsewhere = Input();
    elsewhere.project_id = "P2";
    elsewhere.employer_id = "E3";
    elsewhere.team_id.reset();
    EXPECT_EQ(Catch([&] { contracts_->Create(EnterpriseUser("E2"), elsewhere); }).code(), ErrorCode::kNotFound);
    EXPECT_EQ(Catch([&] { contracts_->Create(Supervisor("3701"), elsewhere); }).code(), ErrorCode::kNotFound);
}

TEST_P(ContractTest, EntryNeedsAContractAndRespectsItsTerm) {
    auto ctx = EnterpriseUser("E2");
    // REG 28: there is no entry without a contract.
    EXPECT_EQ(Catch([&] { contracts_->RecordEntry(ctx, "NO-CONTRACT", core::Date(2026, 2, 1)); }).code(),
              ErrorCode::kNotFound);
    Contract c = contracts_->Create(ctx, Input());
    // Exit before entry.
    EXPECT_EQ(Catch([&] { contracts_->RecordExit(ctx, c.id, core::Date(2026, 2, 10)); }).code(), ErrorCode::kConflict);
    // Before the contract starts, or in the future.
    auto early = Catch([&] { contracts_->RecordEntry(ctx, c.id, core::Date(2026, 1, 31)); });
    EXPECT_EQ(early.code(), ErrorCode::kInvalidArgument);
    EXPECT_TRUE(early.fields().contains("onDate"));
    EXPECT_EQ(Catch([&] { contracts_->RecordEntry(ctx, c.id, core::Date(2026, 3, 3)); }).code(),
              ErrorCode::kInvalidArgument);

    Contract entered = contracts_->RecordEntry(ctx, c.id, core::Date(2026, 2, 1));
    EXPECT_EQ(entered.entered_on, core::Date(2026, 2, 1));
    EXPECT_EQ(Catch([&] { contracts_->RecordEntry(ctx, c.id, core::Date(2026, 2, 2)); }).code(), ErrorCode::kConflict);
    EXPECT_EQ(Catch([&] { contracts_->RecordExit(ctx, c.id, core::Date(2026, 1, 31)); }).code(),
              ErrorCode::kInvalidArgument);
    Contract exited = contracts_->RecordExit(ctx, c.id, core::Date(2026, 3, 1));
    EXPECT_EQ(exited.exited_on, core::Date(2026, 3, 1));
    EXPECT_EQ(contracts_->Get(Supervisor(), c.id).exited_on, core::Date(2026, 3, 1));

    // Another enterprise's officer cannot record entries on a project it is not part of.
    EXPECT_EQ(Catch([&] { contracts_->RecordEntry(EnterpriseUser("E3"), c.id, core::Date(2026, 2, 1)); }).code(),
              ErrorCode::kNotFound);
    auto tx = db().Begin(storage::TxMode::kRead);
    EXPECT_EQ(tx.QueryOne("SELECT COUNT(*) FROM registry_entry_exit WHERE contract_id = $1", {c.id}).Int(0), 2);
}

INSTANTIATE_TEST_SUITE_P(Backends, ContractTest, ::testing::ValuesIn(anxin::testing::TestBackends()),
                         anxin::testing::BackendName());

}  // namespace
}  // namespace anxin::registry
