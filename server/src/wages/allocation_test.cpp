// Output value, allocations and the labor-cost report on both backends: fixed and ratio clauses
// (rounded down to the fen), allocated sums and shortfalls, due dates, the government 80% flag, who
// may allocate, and bad input refused with nothing written.
#include <gtest/gtest.h>

#include <memory>

#include "core/error.hpp"
#include "region/parameters.hpp"
#include "testing/test_database.hpp"
#include "wages/account_service.hpp"
#include "wages/account_test_support.hpp"
#include "wages/allocation_service.hpp"
#include "wages/wages.hpp"

namespace anxin::wages {
namespace {

using namespace anxin::wages::testing;

class AllocationTest : public ::testing::TestWithParam<std::string> {
  protected:
    void SetUp() override {
        database_ = std::make_unique<anxin::testing::TestDatabase>(GetParam());
        SeedRegistry(db(), cipher_);
        parameters_ = std::make_unique<region::ParameterService>(db(), clock());
        accounts_ = std::make_unique<AccountService>(db(), clock(), &cipher_, *parameters_, cases_);
        allocations_ = std::make_unique<AllocationService>(db(), clock());
    }
    storage::Database& db() { return database_->db(); }
    core::ManualClock& clock() { return database_->clock(); }
    void OpenAccount(const std::string& project, const std::string& gc, const std::string& number) {
        NewAccount a;
        a.bank_code = "ICBC";
        a.bank_name = "中国工商银行";
        a.account_name = "专户";
        a.account_number = number;
        a.opened_on = core::Date(2026, 1, 20);
        accounts_->Open(Enterprise(gc), project, a);
    }
    OutputValueInput Output(core::Fen value, std::optional<core::Fen> progress) {
        OutputValueInput in;
        in.output_value = value;
        in.progress_payment = progress;
        return in;
    }
    NewAllocation Alloc(std::string period, core::Fen amount, core::Date on = core::Date(2026, 2, 15)) {
        return NewAllocation{std::move(period), amount, on};
    }
    std::int64_t Count(const std::string& table) {
        auto tx = db().Begin(storage::TxMode::kRead);
        return tx.QueryOne("SELECT COUNT(*) FROM " + table).Int(0);
    }

    core::FieldCipher cipher_{core::DataKey::Generate()};
    OpenCaseChecker cases_;
    std::unique_ptr<anxin::testing::TestDatabase> database_;
    std::unique_ptr<region::ParameterService> parameters_;
    std::unique_ptr<AccountService> accounts_;
    std::unique_ptr<AllocationService> allocations_;
};

TEST(LaborCostMathTest, DueDatesAndBasisPoints) {
    EXPECT_EQ(AllocationDueDate("2026-01", 20), core::Date(2026, 2, 20));
    EXPECT_EQ(AllocationDueDate("2026-01", 31), core::Date(2026, 2, 28));  // clamped to the month's end
    EXPECT_EQ(AllocationDueDate("2026-12", std::nullopt), core::Date(2027, 1, 31));
    EXPECT_EQ(ApplyBasisPoints(1000003, 2500), 250000);  // 250000.75 rounded down
    EXPECT_EQ(ApplyBasisPoints(9'000'000'000'000'000'000, 10000), 9'000'000'000'000'000'000);
    EXPECT_TRUE(IsValidPeriod("2026-02"));
    EXPECT_FALSE(IsValidPeriod("2026-13"));
    EXPECT_FALSE(IsValidPeriod("2026-2"));
    EXPECT_FALSE(IsValidPeriod("26-02-01"));
}

TEST_P(AllocationTest, FixedClauseDueAllocatedShortfallAndGovernmentFlag) {
    OpenAccount("P1", "E1", "1602001234567890123");
    allocations_->PutOutputValue(Enterprise("E1"), "P1", "2026-01", Output(10'000'000, 7'000'000));
    allocations_->PutOutputValue(Enterprise("E1"), "P1", "2026-02", Output(10'000'000, 8'000'000));
    allocations_->CreateAllocation(Enterprise("E2"), "P1", Alloc("2026-01", 5'000'000, core::Date(2026, 2, 10)));
    allocations_->CreateAllocation(Enterprise("E2"), "P1", Alloc("2026-02", 1'000'000, core::Date(2026, 3, 1)));
    allocations_->CreateAllocation(Enterprise("E2"), "P1", Alloc("2026-02", 2'000'000, core::Date(2026, 3, 2)));

    auto report = allocations_->LaborCost(Supervisor(), "P1", "2026-01", "2026-03");
    EXPECT_EQ(report.clause, "fixed");
    ASSERT_EQ(report.months.size(), 3u);
    const auto& jan = report.months[0];
    EXPECT_EQ(jan.basis, "fixed");
    EXPECT_EQ(jan.due, 5'000'000);
    EXPECT_EQ(jan.allocated, 5'000'000);
    EXPECT_EQ(jan.shortfall, 0);
    EXPECT_EQ(jan.due_on, core::Date(2026, 2, 20));
    EXPECT_FALSE(jan.overdue);
    EXPECT_EQ(jan.progress_payment_ratio_bp, 7000);
    EXPECT_TRUE(jan.progress_payment_below_80);
    const auto& feb = report.months[1];
    EXPECT_EQ(feb.allocated, 3'000'000);
    EXPECT_EQ(feb.shortfall, 2'000'000);
    EXPECT_EQ(feb.due_on, core::Date(2026, 3, 20));
    EXPECT_FALSE(feb.overdue);  // today is 2026-03-02
    EXPECT_EQ(feb.progress_payment_ratio_bp, 8000);
    EXPECT_FALSE(feb.progress_payment_below_80);  // exactly 80% is enough
    EXPECT_EQ(report.months[2].allocated, 0);
    EXPECT_EQ(report.months[2].shortfall, 5'000'000);
    EXPECT_FALSE(report.months[2].progress_payment_ratio_bp);
    EXPECT_EQ(report.total_due, 15'000'000);
    EXPECT_EQ(report.total_shortfall, 7'000'000);

    clock().Set(core::Date(2026, 3, 21).StartInShanghai());
    report = allocations_->LaborCost(Enterprise("E5"), "P1", "2026-02", "2026-02");
    EXPECT_TRUE(report.months[0].overdue);
}

TEST_P(AllocationTest, RatioClauseUsesProgressPaymentElseOutputValueRoundedDown) {
    OpenAccount("P2", "E3", "3701000011112222");
    allocations_->PutOutputValue(Enterprise("E4"), "P2", "2026-01", Output(2'000'000, 1'000'003));
    allocations_->PutOutputValue(Enterprise("E3"), "P2", "2026-02", Output(403, std::nullopt));
    // Replacing a month keeps one row.
    allocations_->PutOutputValue(Enterprise("E3"), "P2", "2026-02", Output(401, std::nullopt));
    allocations_->CreateAllocation(Enterprise("E4"), "P2", Alloc("2026-01", 300'000));

    auto report = allocations_->LaborCost(Enterprise("E4"), "P2", "2026-01", "2026-03");
    EXPECT_EQ(report.clause, "ratio");
    EXPECT_EQ(report.months[0].basis, "progress_payment");
    EXPECT_EQ(report.months[0].due, 250'000);  // 25% of 1,000,003 = 250,000.75 → 250,000
    EXPECT_EQ(report.months[0].shortfall, 0);  // over-allocated: no negative shortfall
    EXPECT_EQ(report.months[0].due_on, core::Date(2026, 2, 25));
    EXPECT_EQ(report.months[1].basis, "output_value");
    EXPECT_EQ(report.months[1].due, 100);  // 25% of 401 = 100.25
    EXPECT_EQ(report.months[1].shortfall, 100);
    EXPECT_EQ(report.months[2].basis, "no_output_value");
    EXPECT_EQ(report.months[2].due, 0);
    // Private project: no 80% check.
    EXPECT_FALSE(report.months[0].progress_payment_ratio_bp);
    EXPECT_FALSE(report.months[0].progress_payment_below_80);
    EXPECT_EQ(Count("wages_output_value"), 2);
}

TEST_P(AllocationTest, OnlyTheConstructionUnitAllocatesIntoAnOpenAccount) {
    // No account yet.
    EXPECT_THROW(allocations_->CreateAllocation(Enterprise("E2"), "P1", Alloc("2026-01", 100)), Error);
    OpenAccount("P1", "E1", "1602001234567890123");
    try {
        allocations_->CreateAllocation(Enterprise("E1"), "P1", Alloc("2026-01", 100));
        FAIL();
    } catch (const Error& e) {
        EXPECT_EQ(e.code(), ErrorCode::kForbidden);
    }
    try {
        allocations_->CreateAllocation(Enterprise("E4"), "P1", Alloc("2026-01", 100));
        FAIL();
    } catch (const Error& e) {
        EXPECT_EQ(e.code(), ErrorCode::kNotFound);
    }
    try {
        allocations_->CreateAllocation(Enterprise("E2"), "P1", Alloc("2026-13", 0, core::Date(2026, 3, 3)));
        FAIL();
    } catch (const Error& e) {
        EXPECT_EQ(e.code(), ErrorCode::kInvalidArgument);
        EXPECT_TRUE(e.fields().contains("period"));
        EXPECT_TRUE(e.fields().contains("amount"));
        EXPECT_TRUE(e.fields().contains("allocatedOn"));
    }
    try {
        allocations_->PutOutputValue(Enterprise("E1"), "P1", "2026-04", Output(-1, -5));
        FAIL();
    } catch (const Error& e) {
        EXPECT_EQ(e.code(), ErrorCode::kInvalidArgument);
        EXPECT_TRUE(e.fields().contains("period"));  // a future month
        EXPECT_TRUE(e.fields().contains("outputValue"));
        EXPECT_TRUE(e.fields().contains("progressPayment"));
    }
    EXPECT_EQ(Count("wages_allocation"), 0);
    EXPECT_EQ(Count("wages_output_value"), 0);
    auto a = allocations_->CreateAllocation(Enterprise("E2"), "P1", Alloc("2026-01", 100));
    EXPECT_EQ(allocations_->ListAllocations(Enterprise("E1"), "P1").size(), 1u);
    EXPECT_EQ(a.amount, 100);
}

INSTANTIATE_TEST_SUITE_P(Backends, AllocationTest, ::testing::ValuesIn(anxin::testing::TestBackends()),
                         anxin::testing::BackendName());

}  // namespace
}  // namespace anxin::wages
