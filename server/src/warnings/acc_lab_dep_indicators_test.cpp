// ACC, LAB and DEP indicators: each fires at its threshold and not just below, at the right level
// with its evidence, and clears when the data is fixed. Both backends; the real holiday calendar.
#include "warnings/warnings_test_support.hpp"

namespace anxin::warnings::testing {
namespace {

using Acc = WarningsTest;

TEST_P(Acc, Acc01NoAccountYellowAfter30DaysRedAfter60AndClearsWhenOpened) {
    ProjectSpec spec;
    spec.signed_on = "2026-01-01";
    Standard(spec);
    Run("2026-01-31");  // 30 days: still in time
    EXPECT_EQ(Level("ACC-01"), "");
    Run("2026-02-01");
    ASSERT_EQ(Level("ACC-01"), "yellow");
    auto w = *Find("ACC-01");
    EXPECT_EQ(w.evidence.at("daysSinceSigning").as_int64(), 31);
    EXPECT_EQ(w.evidence.at("contractSignedOn").as_string(), "2026-01-01");
    EXPECT_EQ(w.responsible_kind, "enterprise");
    EXPECT_EQ(w.responsible_id, "E-GC");
    Run("2026-03-02");  // 60 days
    EXPECT_EQ(Level("ACC-01"), "yellow");
    Run("2026-03-03");
    EXPECT_EQ(Level("ACC-01"), "red");
    Account("P1", "2026-03-03");
    Run("2026-03-04");
    EXPECT_EQ(Find("ACC-01")->status, "cleared");
}

TEST_P(Acc, Acc02NotFiled30DaysAfterOpening) {
    Standard();
    Account("P1", "2026-01-05", std::nullopt);
    Run("2026-02-04");
    EXPECT_EQ(Level("ACC-02"), "");
    Run("2026-02-05");
    ASSERT_EQ(Level("ACC-02"), "yellow");
    EXPECT_EQ(Find("ACC-02")->evidence.at("daysSinceOpening").as_int64(), 31);
    Exec("UPDATE wages_account SET filed_on = '2026-02-05'");
    Run("2026-02-06");
    EXPECT_EQ(Find("ACC-02")->status, "cleared");
}

TEST_P(Acc, Acc03NoTripartiteAgreement) {
    Standard();
    Account("P1", "2026-01-05", "2026-01-06", "AG-1");
    Run("2026-02-01");
    EXPECT_EQ(Level("ACC-03"), "");
    Exec("UPDATE wages_account SET agreement_ref = NULL");
    Run("2026-02-02");
    ASSERT_EQ(Level("ACC-03"), "blue");
    EXPECT_EQ(Find("ACC-03")->evidence.at("accountId").as_string(), "A-P1");
    Exec("UPDATE wages_account SET agreement_ref = 'AG-2'");
    Run("2026-02-03");
    EXPECT_EQ(Find("ACC-03")->status, "cleared");
}

TEST_P(Acc, Acc04FlaggedDebitIsRedForItsMonth) {
    Standard();
    Account();
    Txn("T1", "credit", 5000000, "2026-02-01");
    Txn("T2", "debit", 100000, "2026-02-03");  // to a registered worker: fine
    Run("2026-02-05");
    EXPECT_EQ(ActiveCount("ACC-04"), 0);
    Txn("T3", "debit", 300000, "2026-02-10", true);
    Run("2026-02-11");
    ASSERT_EQ(Level("ACC-04", "2026-02"), "red");
    auto w = *Find("ACC-04", "2026-02");
    EXPECT_EQ(w.evidence.at("count").as_int64(), 1);
    EXPECT_EQ(w.evidence.at("total").as_int64(), 300000);
    EXPECT_EQ(w.evidence.at("debits").as_array()[0].at("bankTxnId").as_string(), "T3");
    Exec("UPDATE wages_account_txn SET flagged = 0 WHERE bank_txn_id = 'T3'");  // reviewed: a worker's account
    Run("2026-02-12");
    EXPECT_EQ(Find("ACC-04", "2026-02")->status, "cleared");
}

using Lab = WarningsTest;

TEST_P(Lab, Lab01YellowAfterOneMonthRedAfterTwoClearsOnAllocation) {
    Standard();
    Account();
    Run("2026-02-01");  // 31 days since the contract start
    EXPECT_EQ(Level("LAB-01"), "");
    Run("2026-02-02");
    ASSERT_EQ(Level("LAB-01"), "yellow");
    EXPECT_EQ(Find("LAB-01")->evidence.at("daysWithoutAllocation").as_int64(), 32);
    EXPECT_EQ(Find("LAB-01")->responsible_kind, "construction_unit");
    EXPECT_EQ(Find("LAB-01")->responsible_id, "E-CU");
    Run("2026-03-04");  // 62 days: still yellow (one month missed: January, due 25 Feb)
    EXPECT_EQ(Level("LAB-01"), "yellow");
    EXPECT_EQ(Find("LAB-01")->evidence.at("missedMonths").as_array().size(), 1u);
    Run("2026-03-05");
    EXPECT_EQ(Level("LAB-01"), "red");
    Allocation("2026-02", "2026-03-06");
    Run("2026-03-06");
    EXPECT_EQ(Find("LAB-01")->status, "cleared");
}

TEST_P(Lab, Lab01ThreeMissedMonthsInTotalIsRed) {
    Standard();
    Account();
    Allocation("2026-01", "2026-02-20");
    Allocation("2026-05", "2026-06-01");
    // February, March, April missed; the gap since 1 June is 32 days.
    Run("2026-07-03");
    EXPECT_EQ(Level("LAB-01"), "red");
    EXPECT_EQ(Find("LAB-01")->evidence.at("daysWithoutAllocation").as_int64(), 32);
}

TEST_P(Lab, Lab02AllocationBelowAgreedShare) {
    Standard();  // ratio 25%, allocation due on the 25th of the next month
    Account();
    Output("2026-01", 100000000, 80000000);  // agreed: 25% × 800,000.00 = 200,000.00
    Allocation("2026-01", "2026-02-10", 19999999);
    Run("2026-02-25");  // due date: not yet late
    EXPECT_EQ(Level("LAB-02", "2026-01"), "");
    Run("2026-02-26");
    ASSERT_EQ(Level("LAB-02", "2026-01"), "yellow");
    auto w = *Find("LAB-02", "2026-01");
    EXPECT_EQ(w.evidence.at("required").as_int64(), 20000000);
    EXPECT_EQ(w.evidence.at("shortfall").as_int64(), 1);
    Allocation("2026-01", "2026-02-27", 1);
    Run("2026-02-27");
    EXPECT_EQ(Find("LAB-02", "2026-01")->status, "cleared");
}

TEST_P(Lab, Lab02ProvincialFloorAppliesWithoutClause) {
    ProjectSpec spec;
    spec.ratio_bp.reset();
    Standard(spec);
    Account();
    Output("2026-01", 100000000, std::nullopt);  // floor 20% of 1,000,000.00
    Allocation("2026-01", "2026-02-10", 20000000);
    Run("2026-02-26");
    EXPECT_EQ(Level("LAB-02", "2026-01"), "");
    Exec("UPDATE wages_output_value SET output_value = 100000005");
    Run("2026-02-27");
    EXPECT_EQ(Level("LAB-02", "2026-01"), "yellow");
}

TEST_P(Lab, Lab03BalanceBelowPayrollBeforeAndOnPayDate) {
    Standard();
    Account();
    Txn("T1", "credit", 1000000, "2026-02-01");
    Worker({.id = "W1"});
    Contract("W1");
    // Agreed for Sunday 15 March: due on Friday the 13th (REG 14), so warned from the 8th.
    Payroll("PR1", "2026-02", "approved", "2026-03-15");
    Line("PR1", "W1", {.gross = 1200000, .paid = 0});
    Run("2026-03-07");
    EXPECT_EQ(Level("LAB-03"), "");
    Run("2026-03-08");  // 5 days before the pay date
    ASSERT_EQ(Level("LAB-03"), "yellow");
    EXPECT_EQ(Find("LAB-03")->evidence.at("shortfall").as_int64(), 200000);
    Run("2026-03-13");
    EXPECT_EQ(Level("LAB-03"), "red");
    Txn("T2", "credit", 200000, "2026-03-15");
    Run("2026-03-15");
    EXPECT_EQ(Find("LAB-03")->status, "cleared");
}

using Dep = WarningsTest;

TEST_P(Dep, Dep01NothingStored20WorkingDaysAfterPermitYellowThenRed) {
    ProjectSpec spec;
    spec.permit_on = "2026-01-05";
    Standard(spec);
    core::Date due = Calendar().AddWorkingDays(D("2026-01-05"), 20);
    core::Date red_after = Calendar().AddWorkingDays(due, 10);
    RunOn(due);
    EXPECT_EQ(Level("DEP-01"), "");
    RunOn(due.AddDays(1));
    ASSERT_EQ(Level("DEP-01"), "yellow");
    EXPECT_EQ(Find("DEP-01")->evidence.at("dueOn").as_string(), due.ToString());
    RunOn(red_after);
    EXPECT_EQ(Level("DEP-01"), "yellow");
    RunOn(red_after.AddDays(1));
    EXPECT_EQ(Level("DEP-01"), "red");
    Instrument("I1", "cash", 20000000);
    RunOn(red_after.AddDays(2));
    EXPECT_EQ(Find("DEP-01")->status, "cleared");
}

TEST_P(Dep, Dep01ExemptProjectIsNotWarned) {
    ProjectSpec spec;
    spec.permit_on = "2026-01-05";
    Standard(spec);
    Exec("INSERT INTO deposits_requirement (id, project_id, general_contractor_id, contract_price, required_amount, "
         "exempt, computation, due_on, computed_at, computed_by) VALUES ('R1', 'P1', 'E-GC', 1000000000, 0, 1, '[]', "
         "'2026-02-03', 1, 'test')");
    Run("2026-04-01");
    EXPECT_EQ(Level("DEP-01"), "");
}

TEST_P(Dep, Dep02StoredBelowRequirement) {
    Standard();
    Exec("INSERT INTO deposits_requirement (id, project_id, general_contractor_id, contract_price, required_amount, "
         "exempt, computation, due_on, computed_at, computed_by) VALUES ('R1', 'P1', 'E-GC', 1000000000, 20000000, 0, "
         "'[]', '2026-02-01', 1, 'test')");
    Instrument("I1", "cash", 19999999);
    Run("2026-02-01");
    EXPECT_EQ(Level("DEP-02"), "");
    Run("2026-02-02");
    ASSERT_EQ(Level("DEP-02"), "yellow");
    EXPECT_EQ(Find("DEP-02")->evidence.at("shortfall").as_int64(), 1);
    Exec("UPDATE deposits_instrument SET balance = 20000000, amount = 20000000");
    Run("2026-02-03");
    EXPECT_EQ(Find("DEP-02")->status, "cleared");
}

TEST_P(Dep, Dep03GuaranteeExpiringBlueYellowRed) {
    Standard();
    Instrument("G1", "bank_guarantee", 20000000, "2025-04-30", "2026-04-30");
    auto level = [&] { return Level("DEP-03", "", "G1", "instrument"); };
    Run("2026-03-30");  // 31 days left
    EXPECT_EQ(level(), "");
    Run("2026-03-31");
    EXPECT_EQ(level(), "blue");
    EXPECT_EQ(Find("DEP-03", "", "G1", "instrument")->evidence.at("daysToExpiry").as_int64(), 30);
    Run("2026-04-22");  // 8 days
    EXPECT_EQ(level(), "blue");
    Run("2026-04-23");
    EXPECT_EQ(level(), "yellow");
    Run("2026-04-30");  // the last valid day
    EXPECT_EQ(level(), "yellow");
    Run("2026-05-01");
    EXPECT_EQ(level(), "red");
    Exec("UPDATE registry_project SET status = 'completed'");
    Run("2026-05-02");
    EXPECT_EQ(Find("DEP-03", "", "G1", "instrument")->status, "cleared");
}

TEST_P(Dep, Dep04GuaranteeShorterThanAYear) {
    ProjectSpec spec;
    spec.end_on.reset();
    Standard(spec);
    Instrument("G1", "bank_guarantee", 20000000, "2026-01-01", "2027-01-01");  // 365 days
    Run("2026-02-01");
    EXPECT_EQ(Level("DEP-04", "", "G1", "instrument"), "");
    Exec("UPDATE deposits_instrument SET valid_to = '2026-12-31'");
    Run("2026-02-02");
    ASSERT_EQ(Level("DEP-04", "", "G1", "instrument"), "yellow");
    EXPECT_EQ(Find("DEP-04", "", "G1", "instrument")->evidence.at("problems").as_array()[0].as_string(),
              "validity_too_short");
    Exec("UPDATE deposits_instrument SET valid_to = '2027-06-30'");
    Run("2026-02-03");
    EXPECT_EQ(Find("DEP-04", "", "G1", "instrument")->status, "cleared");
}

TEST_P(Dep, Dep04GuaranteeEndingBeforeTheContract) {
    Standard();  // contract ends 2027-12-31
    Instrument("G1", "insurance", 20000000, "2026-01-01", "2027-12-30");
    Run("2026-02-01");
    ASSERT_EQ(Level("DEP-04", "", "G1", "instrument"), "yellow");
    Exec("UPDATE deposits_instrument SET valid_to = '2027-12-31'");
    Run("2026-02-02");
    EXPECT_EQ(Find("DEP-04", "", "G1", "instrument")->status, "cleared");
}

TEST_P(Dep, Dep05NotToppedUpTenWorkingDaysAfterUse) {
    Standard();
    Instrument("I1", "cash", 20000000);
    Exec("INSERT INTO deposits_use (id, project_id, instrument_id, notice_number, notice_on, amount, pay_due_on, "
         "paid_on, workers, created_at, updated_at) VALUES ('U1', 'P1', 'I1', 'N-1', '2026-02-20', 500000, "
         "'2026-02-27', '2026-03-02', '[]', 1, 1)");
    core::Date due = Calendar().AddWorkingDays(D("2026-03-02"), 10);
    RunOn(due);
    EXPECT_EQ(Level("DEP-05", "", "U1", "deposit_use"), "");
    RunOn(due.AddDays(1));
    ASSERT_EQ(Level("DEP-05", "", "U1", "deposit_use"), "red");
    EXPECT_EQ(Find("DEP-05", "", "U1", "deposit_use")->evidence.at("amount").as_int64(), 500000);
    Exec("UPDATE deposits_use SET topped_up_on = $1", {due.AddDays(1).ToString()});
    RunOn(due.AddDays(2));
    EXPECT_EQ(Find("DEP-05", "", "U1", "deposit_use")->status, "cleared");
}

TEST_P(Dep, Dep06ReturnReviewOverdueIsTheDepartments) {
    Standard();
    Exec("INSERT INTO deposits_return (id, project_id, applied_on, notice_ends_on, review_due_on, created_at, "
         "updated_at) VALUES ('RT1', 'P1', '2026-03-02', '2026-04-01', '2026-04-09', 1, 1)");
    Run("2026-04-09");
    EXPECT_EQ(Level("DEP-06", "", "RT1", "deposit_return"), "");
    Run("2026-04-10");
    ASSERT_EQ(Level("DEP-06", "", "RT1", "deposit_return"), "yellow");
    auto w = *Find("DEP-06", "", "RT1", "deposit_return");
    EXPECT_EQ(w.responsible_kind, "department");
    EXPECT_EQ(w.evidence.at("stage").as_string(), "review");
    Exec("UPDATE deposits_return SET reviewed_on = '2026-04-10', review_result = 'approved', confirm_due_on = "
         "'2026-04-15'");
    Run("2026-04-11");
    EXPECT_EQ(Find("DEP-06", "", "RT1", "deposit_return")->status, "cleared");
    Run("2026-04-16");  // confirmation now overdue: the same warning reopens
    EXPECT_EQ(Level("DEP-06", "", "RT1", "deposit_return"), "yellow");
    EXPECT_EQ(Find("DEP-06", "", "RT1", "deposit_return")->evidence.at("stage").as_string(), "confirm");
}

INSTANTIATE_TEST_SUITE_P(Backends, Acc, ::testing::ValuesIn(anxin::testing::TestBackends()), anxin::testing::BackendName());
INSTANTIATE_TEST_SUITE_P(Backends, Lab, ::testing::ValuesIn(anxin::testing::TestBackends()), anxin::testing::BackendName());
INSTANTIATE_TEST_SUITE_P(Backends, Dep, ::testing::ValuesIn(anxin::testing::TestBackends()), anxin::testing::BackendName());

}  // namespace
}  // namespace anxin::warnings::testing
