// Dedicated wage accounts on both backends: opening rules, one per project, deadlines (met, late,
// pending, overdue) with the injected clock and region parameters, masking and the audited reveal,
// scope, and closure (REG 27: finished project, notice period, open cases, zero balance).
#include <gtest/gtest.h>

#include <memory>

#include "core/error.hpp"
#include "region/parameters.hpp"
#include "testing/test_database.hpp"
#include "wages/account_service.hpp"
#include "wages/account_test_support.hpp"
#include "wages/bank_feed.hpp"
#include "wages/wages.hpp"
#include "testing/errors.hpp"

namespace anxin::wages {
namespace {

using namespace anxin::wages::testing;

class FakeCases : public OpenCaseChecker {
  public:
    bool open = false;
    bool HasOpenCases(storage::Transaction&, std::string_view) const override { return open; }
};

class AccountTest : public ::testing::TestWithParam<std::string> {
  protected:
    void SetUp() override {
        database_ = std::make_unique<anxin::testing::TestDatabase>(GetParam());
        SeedRegistry(db(), cipher_);
        parameters_ = std::make_unique<region::ParameterService>(db(), clock());
        accounts_ = std::make_unique<AccountService>(db(), clock(), &cipher_, *parameters_, cases_);
        feed_ = std::make_unique<BankFeedService>(db(), clock(), &cipher_);
    }
    storage::Database& db() { return database_->db(); }
    core::ManualClock& clock() { return database_->clock(); }
    void SetToday(core::Date d) { clock().Set(d.StartInShanghai() + std::chrono::hours(9)); }

    static NewAccount P1Account(core::Date opened_on = core::Date(2026, 2, 20)) {
        NewAccount a;
        a.bank_code = "icbc";
        a.bank_name = "中国工商银行";
        a.branch_name = "济南历下支行";
        a.account_name = "总包一公司农民工工资专用账户";
        a.account_number = "1602 0012 3456 7890 123";
        a.opened_on = opened_on;
        return a;
    }
    FeedRow Row(std::string txn, std::string direction, core::Fen amount, std::string counterparty = "") {
        FeedRow r;
        r.row = ++rows_;
        r.account_number = "1602001234567890123";
        r.bank_txn_id = std::move(txn);
        r.direction = std::move(direction);
        r.amount = amount;
        r.booked_on = "2026-03-01";
        r.counterparty_account = std::move(counterparty);
        return r;
    }
    std::int64_t AuditCount(const std::string& action) {
        auto tx = db().Begin(storage::TxMode::kRead);
        return tx.QueryOne("SELECT COUNT(*) FROM audit_event WHERE action = $1 AND entity = 'wages_account'", {action})
            .Int(0);
    }

    core::FieldCipher cipher_{core::DataKey::Generate()};
    FakeCases cases_;
    std::unique_ptr<anxin::testing::TestDatabase> database_;
    std::unique_ptr<region::ParameterService> parameters_;
    std::unique_ptr<AccountService> accounts_;
    std::unique_ptr<BankFeedService> feed_;
    std::int64_t rows_ = 0;
};

ErrorCode CodeOf(const std::function<void()>& f) { return ::anxin::testing::ErrorOf(f).code(); }

TEST(DeadlineTest, StatusesAsOfToday) {
    core::Date due(2026, 3, 10);
    auto met = EvaluateDeadline(due, core::Date(2026, 3, 10), core::Date(2026, 4, 1));
    EXPECT_EQ(met.status, "met");
    auto late = EvaluateDeadline(due, core::Date(2026, 3, 13), core::Date(2026, 4, 1));
    EXPECT_EQ(late.status, "late");
    EXPECT_EQ(late.days, 3);
    auto pending = EvaluateDeadline(due, std::nullopt, core::Date(2026, 3, 10));
    EXPECT_EQ(pending.status, "pending");
    EXPECT_EQ(pending.days, 0);
    auto overdue = EvaluateDeadline(due, std::nullopt, core::Date(2026, 3, 11));
    EXPECT_EQ(overdue.status, "overdue");
    EXPECT_EQ(overdue.days, 1);
    EXPECT_EQ(EvaluateDeadline(std::nullopt, std::nullopt, due).status, "unknown");
}

TEST_P(AccountTest, OpensMaskedAccountWithDeadlines) {
    // Today 2026-03-02. P1's contract was signed 2026-01-10: open by 2026-02-09; opened 02-20 → late 11 days.
    auto view = accounts_->Open(Enterprise("E1"), "P1", P1Account());
    ASSERT_TRUE(view.account);
    EXPECT_EQ(view.account->bank_code, "ICBC");
    EXPECT_EQ(view.account->account_number, "160200*********0123");
    EXPECT_FALSE(view.account->revealed);
    EXPECT_EQ(view.account->general_contractor_id, "E1");
    EXPECT_EQ(view.open_deadline.due_on, core::Date(2026, 2, 9));
    EXPECT_EQ(view.open_deadline.status, "late");
    EXPECT_EQ(view.open_deadline.days, 11);
    // Filing within 30 days of opening: due 2026-03-22, 20 days left.
    EXPECT_EQ(view.filing_deadline.due_on, core::Date(2026, 3, 22));
    EXPECT_EQ(view.filing_deadline.status, "pending");
    EXPECT_EQ(view.filing_deadline.days, 20);
    EXPECT_EQ(AuditCount("create"), 1);

    // Not filed by 2026-04-01: overdue by 10 days; then filed late.
    SetToday(core::Date(2026, 4, 1));
    auto later = accounts_->Get(Supervisor("3701"), "P1");
    EXPECT_EQ(later.filing_deadline.status, "overdue");
    EXPECT_EQ(later.filing_deadline.days, 10);
    AccountPatch patch;
    patch.filed_on = core::Date(2026, 3, 25);
    patch.agreement_ref = "三方协议 2026-001";
    auto filed = accounts_->Update(Enterprise("E1"), "P1", patch);
    EXPECT_EQ(filed.filing_deadline.status, "late");
    EXPECT_EQ(filed.filing_deadline.days, 3);
    EXPECT_EQ(filed.account->agreement_ref, "三方协议 2026-001");
    EXPECT_EQ(AuditCount("update"), 1);
}

TEST_P(AccountTest, DeadlinesForProjectsWithoutAccountFollowRegionParameters) {
    // P2: contract 2026-01-01 + 30 = 2026-01-31; no account on 2026-03-02 → overdue by 30 days.
    auto view = accounts_->Get(Supervisor(), "P2");
    EXPECT_FALSE(view.account);
    EXPECT_EQ(view.open_deadline.status, "overdue");
    EXPECT_EQ(view.open_deadline.days, 30);
    EXPECT_EQ(view.filing_deadline.status, "unknown");
    // Qingdao allows 60 days: due 2026-03-02, pending on the due date itself.
    parameters_->Set(core::SystemContext(), "3702", "account.open_within_days", "60");
    view = accounts_->Get(Supervisor(), "P2");
    EXPECT_EQ(view.open_deadline.status, "pending");
    EXPECT_EQ(view.open_deadline.days, 0);
    // Opened within the period: met.
    auto opened = accounts_->Open(Enterprise("E3"), "P2", [] {
        auto a = P1Account(core::Date(2026, 1, 20));
        a.account_number = "3701000011112222";
        return a;
    }());
    EXPECT_EQ(opened.open_deadline.status, "met");
    // No contract date: unknown.
    EXPECT_EQ(accounts_->Get(Supervisor(), "P3").open_deadline.status, "unknown");
}

TEST_P(AccountTest, RefusesSecondAccountBadInputAndWrongOpener) {
    accounts_->Open(Enterprise("E1"), "P1", P1Account());
    EXPECT_EQ(CodeOf([&] { accounts_->Open(Enterprise("E1"), "P1", P1Account()); }), ErrorCode::kConflict);
    // The same number for another project.
    EXPECT_EQ(CodeOf([&] { accounts_->Open(Enterprise("E3"), "P2", P1Account()); }), ErrorCode::kConflict);
    // Only the project's general contractor (the construction unit may not; outsiders do not see it).
    EXPECT_EQ(CodeOf([&] { accounts_->Open(Enterprise("E4"), "P2", P1Account()); }), ErrorCode::kForbidden);
    EXPECT_EQ(CodeOf([&] { accounts_->Open(Enterprise("E1"), "P2", P1Account()); }), ErrorCode::kNotFound);
    EXPECT_EQ(CodeOf([&] { accounts_->Open(Supervisor("3701"), "P2", P1Account()); }), ErrorCode::kNotFound);
    // A project without a general contractor.
    EXPECT_EQ(CodeOf([&] { accounts_->Open(Supervisor(), "P3", P1Account()); }), ErrorCode::kUnprocessable);

    auto bad = P1Account();
    bad.account_number = "12345";
    bad.bank_code = "工行";
    bad.opened_on = core::Date(2026, 3, 3);  // tomorrow
    try {
        accounts_->Open(Enterprise("E3"), "P2", bad);
        FAIL() << "accepted bad input";
    } catch (const Error& e) {
        EXPECT_EQ(e.code(), ErrorCode::kInvalidArgument);
        EXPECT_TRUE(e.fields().contains("accountNumber"));
        EXPECT_TRUE(e.fields().contains("bankCode"));
        EXPECT_TRUE(e.fields().contains("openedOn"));
    }
    auto tx = db().Begin(storage::TxMode::kRead);
    EXPECT_EQ(tx.QueryOne("SELECT COUNT(*) FROM wages_account").Int(0), 1);
}

TEST_P(AccountTest, RevealIsForSupervisorsAndAudited) {
    accounts_->Open(Enterprise("E1"), "P1", P1Account());
    EXPECT_EQ(CodeOf([&] { accounts_->Get(Enterprise("E1"), "P1", true); }), ErrorCode::kForbidden);
    EXPECT_EQ(AuditCount("read_personal"), 0);
    auto full = accounts_->Get(Supervisor(), "P1", true);
    EXPECT_EQ(full.account->account_number, "1602001234567890123");
    EXPECT_TRUE(full.account->revealed);
    EXPECT_EQ(AuditCount("read_personal"), 1);
    // The stored row holds no plain number.
    auto tx = db().Begin(storage::TxMode::kRead);
    auto row = tx.QueryOne("SELECT account_number_enc, account_number_mask FROM wages_account");
    EXPECT_EQ(row.Text(0).find("1602001234567890123"), std::string::npos);
}

TEST_P(AccountTest, ScopeForEnterprisesAndBanks) {
    accounts_->Open(Enterprise("E1"), "P1", P1Account());
    // Participants see it (the subcontractor too); others do not.
    EXPECT_TRUE(accounts_->Get(Enterprise("E5"), "P1").account);
    EXPECT_EQ(CodeOf([&] { accounts_->Get(Enterprise("E3"), "P1"); }), ErrorCode::kNotFound);
    EXPECT_TRUE(accounts_->Get(Bank("ICBC"), "P1").account);
    EXPECT_EQ(CodeOf([&] { accounts_->Get(Bank("CCB"), "P1"); }), ErrorCode::kNotFound);
    EXPECT_EQ(accounts_->List(Bank("ICBC"), {}).total, 1);
    EXPECT_EQ(accounts_->List(Bank("CCB"), {}).total, 0);
    EXPECT_EQ(accounts_->List(Enterprise("E3"), {}).total, 0);
    AccountQuery overdue;
    overdue.overdue_only = true;
    EXPECT_EQ(accounts_->List(Supervisor(), overdue).total, 1);  // opened late
    AccountQuery qingdao;
    qingdao.region_code = "3702";
    EXPECT_EQ(accounts_->List(Supervisor(), qingdao).total, 0);
}

TEST_P(AccountTest, ClosureNeedsFinishedProjectNoticeNoCasesAndZeroBalance) {
    auto opened = accounts_->Open(Enterprise("E1"), "P1", P1Account());
    // Project still under construction.
    EXPECT_EQ(CodeOf([&] { accounts_->RequestClosure(Enterprise("E1"), "P1", std::nullopt); }), ErrorCode::kConflict);
    // Closing without a notice.
    EXPECT_EQ(CodeOf([&] { accounts_->Close(Enterprise("E1"), "P1", std::nullopt); }), ErrorCode::kConflict);

    SetProjectStatus(db(), "P1", "completed");
    EXPECT_EQ(CodeOf([&] { accounts_->RequestClosure(Enterprise("E2"), "P1", std::nullopt); }), ErrorCode::kForbidden);
    auto closing = accounts_->RequestClosure(Enterprise("E1"), "P1", std::nullopt);
    EXPECT_EQ(closing.account->status, "closing");
    EXPECT_EQ(closing.closure_notice_ends_on, core::Date(2026, 4, 1));

    FeedRow credit = Row("T1", "credit", 100000);
    feed_->Submit(Bank("ICBC"), std::span<const FeedRow>(&credit, 1));

    SetToday(core::Date(2026, 3, 31));  // notice still running
    EXPECT_EQ(CodeOf([&] { accounts_->Close(Enterprise("E1"), "P1", std::nullopt); }), ErrorCode::kConflict);
    SetToday(core::Date(2026, 4, 1));  // notice over, but ¥1,000 left
    try {
        accounts_->Close(Enterprise("E1"), "P1", std::nullopt);
        FAIL() << "closed with a balance";
    } catch (const Error& e) {
        EXPECT_EQ(e.code(), ErrorCode::kConflict);
        EXPECT_EQ(e.fields().at("balance"), "100000");
    }
    FeedRow debit = Row("T2", "debit", 100000, kW1Card);
    feed_->Submit(Bank("ICBC"), std::span<const FeedRow>(&debit, 1));
    cases_.open = true;
    EXPECT_EQ(CodeOf([&] { accounts_->Close(Enterprise("E1"), "P1", std::nullopt); }), ErrorCode::kConflict);
    cases_.open = false;
    auto closed = accounts_->Close(Enterprise("E1"), "P1", std::nullopt);
    EXPECT_EQ(closed.account->status, "closed");
    EXPECT_EQ(closed.account->closed_on, core::Date(2026, 4, 1));
    EXPECT_EQ(closed.balance, 0);
    EXPECT_EQ(AuditCount("close"), 1);
    EXPECT_EQ(CodeOf([&] { accounts_->Close(Enterprise("E1"), "P1", std::nullopt); }), ErrorCode::kConflict);
    (void)opened;
}

INSTANTIATE_TEST_SUITE_P(Backends, AccountTest, ::testing::ValuesIn(anxin::testing::TestBackends()),
                         anxin::testing::BackendName());

}  // namespace
}  // namespace anxin::wages
