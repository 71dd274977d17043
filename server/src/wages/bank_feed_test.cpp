// The bank feed on both backends: idempotency by (account, bankTxnId), debits matched to the
// project's registered workers' cards or flagged, exact yuan parsing, per-row errors beside accepted
// rows, bank scoping, CSV files and the matching of credits to allocations.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <limits>
#include <memory>

#include "core/error.hpp"
#include "region/parameters.hpp"
#include "testing/test_database.hpp"
#include "wages/account_service.hpp"
#include "wages/account_test_support.hpp"
#include "wages/allocation_service.hpp"
#include "wages/bank_feed.hpp"
#include "wages/wages.hpp"

namespace anxin::wages {
namespace {

using namespace anxin::wages::testing;

constexpr const char* kNumber = "1602001234567890123";

class BankFeedTest : public ::testing::TestWithParam<std::string> {
  protected:
    void SetUp() override {
        database_ = std::make_unique<anxin::testing::TestDatabase>(GetParam());
        SeedRegistry(db(), cipher_);
        parameters_ = std::make_unique<region::ParameterService>(db(), clock());
        accounts_ = std::make_unique<AccountService>(db(), clock(), &cipher_, *parameters_, cases_);
        feed_ = std::make_unique<BankFeedService>(db(), clock(), &cipher_);
        NewAccount a;
        a.bank_code = "ICBC";
        a.bank_name = "中国工商银行";
        a.account_name = "专户";
        a.account_number = kNumber;
        a.opened_on = core::Date(2026, 1, 20);
        account_id_ = accounts_->Open(Enterprise("E1"), "P1", a).account->id;
    }
    storage::Database& db() { return database_->db(); }
    core::ManualClock& clock() { return database_->clock(); }
    FeedResult Submit(const std::vector<FeedRow>& rows, const std::string& bank = "ICBC") {
        return feed_->Submit(Bank(bank), rows);
    }
    FeedRow Row(std::string txn, std::string direction, std::optional<core::Fen> amount, std::string counterparty = "",
                std::string yuan = "") {
        FeedRow r;
        r.row = ++rows_;
        r.account_number = kNumber;
        r.bank_txn_id = std::move(txn);
        r.direction = std::move(direction);
        r.amount = amount;
        r.amount_yuan = std::move(yuan);
        r.booked_on = "2026-03-01";
        r.counterparty_name = "对方";
        r.counterparty_account = std::move(counterparty);
        return r;
    }
    std::int64_t TxnCount() {
        auto tx = db().Begin(storage::TxMode::kRead);
        return tx.QueryOne("SELECT COUNT(*) FROM wages_account_txn").Int(0);
    }

    core::FieldCipher cipher_{core::DataKey::Generate()};
    OpenCaseChecker cases_;
    std::unique_ptr<anxin::testing::TestDatabase> database_;
    std::unique_ptr<region::ParameterService> parameters_;
    std::unique_ptr<AccountService> accounts_;
    std::unique_ptr<BankFeedService> feed_;
    std::string account_id_;
    std::int64_t rows_ = 0;
};

TEST_P(BankFeedTest, RepeatedFeedChangesNothingAndReportsDuplicates) {
    std::vector<FeedRow> rows{Row("T1", "credit", std::nullopt, "", "10,000.05"),
                              Row("T2", "debit", 300'000, "6222 0202 0000 1234 567")};
    auto first = Submit(rows);
    EXPECT_EQ(first.accepted, 2);
    EXPECT_EQ(first.duplicates, 0);
    EXPECT_EQ(first.flagged, 0);
    EXPECT_TRUE(first.errors.empty());
    auto second = Submit(rows);
    EXPECT_EQ(second.accepted, 0);
    EXPECT_EQ(second.duplicates, 2);
    EXPECT_EQ(second.duplicate_rows, (std::vector<std::int64_t>{1, 2}));
    EXPECT_EQ(TxnCount(), 2);
    auto view = accounts_->Get(Supervisor(), "P1");
    EXPECT_EQ(view.credits, 1'000'005);
    EXPECT_EQ(view.debits, 300'000);
    EXPECT_EQ(view.balance, 700'005);
    // Within one batch too.
    auto dup = Submit({Row("T3", "credit", 1), Row("T3", "credit", 1)});
    EXPECT_EQ(dup.accepted, 1);
    EXPECT_EQ(dup.duplicates, 1);
}

TEST_P(BankFeedTest, DebitsToOthersThanRegisteredWorkersAreFlagged) {
    auto result = Submit({Row("D1", "debit", 50'000, kW1Card), Row("D2", "debit", 80'000, "6222999900001111"),
                          Row("D3", "debit", 10'000, "")});
    EXPECT_EQ(result.accepted, 3);
    EXPECT_EQ(result.flagged, 2);
    TxnQuery flagged;
    flagged.flagged = true;
    auto page = accounts_->Transactions(Supervisor(), account_id_, flagged);
    ASSERT_EQ(page.total, 2);
    for (const auto& t : page.items) {
        EXPECT_TRUE(t.flagged);
        EXPECT_EQ(t.flag_reason, std::string(kUnmatchedDebitReason));
        EXPECT_FALSE(t.worker_id);
    }
    TxnQuery clean;
    clean.flagged = false;
    auto ok = accounts_->Transactions(Supervisor(), account_id_, clean);
    ASSERT_EQ(ok.total, 1);
    EXPECT_EQ(ok.items[0].worker_id, "W1");
    EXPECT_EQ(ok.items[0].counterparty_account, "622202*********4567");
    EXPECT_EQ(accounts_->Get(Supervisor(), "P1").flagged_debits, 2);
}

TEST_P(BankFeedTest, BadRowsAreReportedPerRowBesideAcceptedOnes) {
    std::vector<FeedRow> rows{Row("OK1", "credit", 100)};
    rows.push_back(Row("N1", "credit", -5));
    rows.push_back(Row("N2", "credit", std::nullopt, "", "12.345"));
    auto bad_date = Row("N3", "credit", 100);
    bad_date.booked_on = "2026-02-30";
    rows.push_back(bad_date);
    auto future = Row("N4", "credit", 100);
    future.booked_on = "2026-03-03";
    rows.push_back(future);
    auto unknown = Row("N5", "credit", 100);
    unknown.account_number = "9999000011112222";
    rows.push_back(unknown);
    rows.push_back(Row("N6", "sideways", 100));
    rows.push_back(Row("", "credit", 100));
    rows.push_back(Row("N8", "credit", std::nullopt));
    auto result = Submit(rows);
    EXPECT_EQ(result.accepted, 1);
    std::map<std::int64_t, std::string> field_by_row;
    for (const auto& e : result.errors) field_by_row[e.row] = e.field;
    EXPECT_EQ(field_by_row[2], "amount");
    EXPECT_EQ(field_by_row[3], "amountYuan");
    EXPECT_EQ(field_by_row[4], "bookedOn");
    EXPECT_EQ(field_by_row[5], "bookedOn");
    EXPECT_EQ(field_by_row[6], "accountNumber");
    EXPECT_EQ(field_by_row[7], "direction");
    EXPECT_EQ(field_by_row[8], "bankTxnId");
    EXPECT_EQ(field_by_row[9], "amount");
    EXPECT_EQ(field_by_row.size(), 8u);
    EXPECT_EQ(TxnCount(), 1);

    // JSON amounts must be integer fen.
    auto json_rows = ReadFeedJson(boost::json::parse(
        R"({"transactions":[{"accountNumber":"1602001234567890123","bankTxnId":"J1","direction":"credit",
            "amount":12.5,"bookedOn":"2026-03-01"}]})"));
    auto json_result = Submit(json_rows);
    ASSERT_EQ(json_result.errors.size(), 1u);
    EXPECT_EQ(json_result.errors[0].field, "amount");
    EXPECT_THROW(ReadFeedJson(boost::json::parse(R"({"rows":[]})")), Error);
}

TEST_P(BankFeedTest, AnotherBanksOperatorCannotPostOrSee) {
    auto result = Submit({Row("X1", "credit", 100)}, "CCB");
    EXPECT_EQ(result.accepted, 0);
    ASSERT_EQ(result.errors.size(), 1u);
    EXPECT_EQ(result.errors[0].field, "accountNumber");
    EXPECT_EQ(TxnCount(), 0);
    EXPECT_THROW(accounts_->Transactions(Bank("CCB"), account_id_, {}), Error);
    EXPECT_EQ(accounts_->Transactions(Bank("ICBC"), account_id_, {}).total, 0);
    // An operator limited to Qingdao does not reach a Jinan account of its own bank either.
    EXPECT_EQ(Submit({Row("X2", "credit", 100)}, "ICBC").accepted, 1);
    EXPECT_EQ(feed_->Submit(Bank("ICBC", "3702"), std::vector<FeedRow>{Row("X3", "credit", 100)}).accepted, 0);
    // Only bank operators post.
    EXPECT_THROW(feed_->Submit(Supervisor(), std::vector<FeedRow>{Row("X4", "credit", 100)}), Error);
}

TEST_P(BankFeedTest, CsvFileWithChineseHeadersAndAllocationMatching) {
    AllocationService allocations(db(), clock());
    auto allocation =
        allocations.CreateAllocation(Enterprise("E2"), "P1", NewAllocation{"2026-02", 5'000'000, core::Date(2026, 3, 1)});
    std::string csv =
        "账号,交易流水号,借贷方向,金额(元),记账日期,对方户名,对方账号,用途\n"
        "1602001234567890123,C1,贷,50000.00,2026-03-01,建设二公司,3700001111,人工费\n"
        "1602001234567890123,C2,借,1234.56,2026-03-01,工人W1,6222020200001234567,工资\n"
        "1602001234567890123,C3,借,abc,2026-03-01,某人,1,其他\n";
    auto rows = ReadFeedCsv(csv);
    ASSERT_EQ(rows.size(), 3u);
    EXPECT_EQ(rows[0].row, 2);
    auto result = Submit(rows);
    EXPECT_EQ(result.accepted, 2);
    EXPECT_EQ(result.matched_allocations, 1);
    ASSERT_EQ(result.errors.size(), 1u);
    EXPECT_EQ(result.errors[0].row, 4);
    EXPECT_EQ(result.errors[0].field, "amountYuan");
    EXPECT_EQ(accounts_->Get(Supervisor(), "P1").balance, 5'000'000 - 123'456);
    auto listed = allocations.ListAllocations(Supervisor(), "P1");
    ASSERT_EQ(listed.size(), 1u);
    EXPECT_EQ(listed[0].id, allocation.id);
    EXPECT_EQ(listed[0].bank_txn_id, "C1");
    EXPECT_THROW(ReadFeedCsv("账号,金额\n1,2\n"), Error);  // required columns missing
}

// Issue 11: two credits of INT64_MAX fen once made the account's SUM overflow, and every read of
// the account answered 500 from then on.
TEST_P(BankFeedTest, AmountsAboveTenBillionYuanAreRefusedAndTotalsStayInRange) {
    auto huge = Submit({Row("H1", "credit", std::numeric_limits<core::Fen>::max()),
                        Row("H2", "credit", std::numeric_limits<core::Fen>::max()),
                        Row("H3", "credit", std::nullopt, "", "10000000000.01")});
    EXPECT_EQ(huge.accepted, 0);
    ASSERT_EQ(huge.errors.size(), 3u);
    EXPECT_EQ(huge.errors[0].field, "amount");
    EXPECT_EQ(huge.errors[2].field, "amountYuan");
    EXPECT_EQ(TxnCount(), 0);

    // ¥10 billion a line is accepted, until the account's credits would pass ¥10 trillion.
    std::vector<FeedRow> rows;
    for (int i = 0; i < 1001; ++i) rows.push_back(Row("M" + std::to_string(i), "credit", core::kMaxAmountFen));
    auto result = Submit(rows);
    EXPECT_EQ(result.accepted, 1000);
    ASSERT_EQ(result.errors.size(), 1u);
    EXPECT_EQ(result.errors[0].row, rows.back().row);
    auto view = accounts_->Get(Supervisor(), "P1");
    EXPECT_EQ(view.credits, core::kMaxTotalFen);
    EXPECT_EQ(view.balance, core::kMaxTotalFen);
}

INSTANTIATE_TEST_SUITE_P(Backends, BankFeedTest, ::testing::ValuesIn(anxin::testing::TestBackends()),
                         anxin::testing::BackendName());

}  // namespace
}  // namespace anxin::wages
