// PAY indicators: threshold, level, evidence and clearing for each; both backends.
#include "warnings/warnings_test_support.hpp"

namespace anxin::warnings::testing {
namespace {

using Pay = WarningsTest;

// Workers W<i> with a contract on P1 and attendance on 2–6 March 2026.
void Crew(WarningsTest& t, int n, const char* from = "2026-03-02", const char* to = "2026-03-06") {
    for (int i = 0; i < n; ++i) {
        std::string id = "W" + std::to_string(i);
        t.Worker({.id = id, .name = "王小" + std::to_string(i)});
        t.Contract(id);
        t.Attend(id, from, to);
    }
}

TEST_P(Pay, Pay01AttendanceWithoutPayByEndOfNextMonth) {
    Standard();
    Crew(*this, 2);
    Payroll("PR3", "2026-03");
    Line("PR3", "W0");
    Run("2026-04-30");  // the last lawful pay day
    EXPECT_EQ(Level("PAY-01", "2026-03"), "");
    Run("2026-05-01");
    ASSERT_EQ(Level("PAY-01", "2026-03"), "red");
    auto w = *Find("PAY-01", "2026-03");
    EXPECT_EQ(WorkerIds(w), std::vector<std::string>{"W1"});
    EXPECT_EQ(w.evidence.at("workers").as_array()[0].at("workerName").as_string(), "王小1");
    EXPECT_EQ(w.evidence.at("workers").as_array()[0].at("days").as_int64(), 5);
    Line("PR3", "W1");
    Run("2026-05-02");
    EXPECT_EQ(Find("PAY-01", "2026-03")->status, "cleared");
}

// Issue 11, REG 14: September's wages are due by 31 October 2026, a Saturday, so they fall due
// on Friday 30 October; the warning is red on the Saturday, not only from 1 November.
TEST_P(Pay, Pay01PayDateOnARestDayFallsDueTheWorkingDayBefore) {
    Standard();
    Crew(*this, 1, "2026-09-01", "2026-09-04");
    Run("2026-10-30");
    EXPECT_EQ(Level("PAY-01", "2026-09"), "");
    Run("2026-10-31");
    ASSERT_EQ(Level("PAY-01", "2026-09"), "red");
    EXPECT_EQ(Find("PAY-01", "2026-09")->evidence.at("payBy").as_string(), "2026-10-30");
}

TEST_P(Pay, Pay02PaidHeadcountBelowAttendanceYellowAtNinetyPercentRedBelow) {
    Standard();
    Crew(*this, 10);
    Payroll("PR3", "2026-03");
    for (int i = 0; i < 10; ++i) Line("PR3", "W" + std::to_string(i));
    Run("2026-05-01");
    EXPECT_EQ(Level("PAY-02", "2026-03"), "");
    Exec("UPDATE wages_payroll_line SET paid_amount = 0 WHERE worker_id = 'W9'");
    Run("2026-05-02");  // 9 of 10 = 90%
    ASSERT_EQ(Level("PAY-02", "2026-03"), "yellow");
    EXPECT_EQ(Find("PAY-02", "2026-03")->evidence.at("teams").as_array()[0].at("ratioBp").as_int64(), 9000);
    Exec("UPDATE wages_payroll_line SET paid_amount = 0 WHERE worker_id = 'W8'");
    Run("2026-05-03");  // 80%
    EXPECT_EQ(Level("PAY-02", "2026-03"), "red");
    Exec("UPDATE wages_payroll_line SET paid_amount = net_pay");
    Run("2026-05-04");
    EXPECT_EQ(Find("PAY-02", "2026-03")->status, "cleared");
}

TEST_P(Pay, Pay03BelowMinimumWageOn2175Days) {
    Standard();
    Crew(*this, 1);
    Payroll("PR3", "2026-03");
    // 2,200.00 × 20 ÷ 21.75 = 2,022.988…: 2,022.99 is enough, 2,022.98 is not.
    Line("PR3", "W0", {.gross = 202299, .days = 20});
    Run("2026-04-01");
    EXPECT_EQ(Level("PAY-03", "2026-03"), "");
    Exec("UPDATE wages_payroll_line SET gross_pay = 202298, net_pay = 202298, paid_amount = 202298");
    Run("2026-04-02");
    ASSERT_EQ(Level("PAY-03", "2026-03"), "red");
    auto row = Find("PAY-03", "2026-03")->evidence.at("workers").as_array()[0];
    EXPECT_EQ(row.at("gross").as_int64(), 202298);
    EXPECT_EQ(row.at("minimum").as_int64(), 220000);
    Exec("UPDATE wages_payroll_line SET gross_pay = 220000, net_pay = 220000, paid_amount = 220000");
    Run("2026-04-03");
    EXPECT_EQ(Find("PAY-03", "2026-03")->status, "cleared");
}

TEST_P(Pay, Pay04AbnormallyHighMonthlyAndYearlyPay) {
    Standard();
    Crew(*this, 1);
    Payroll("PR3", "2026-03");
    Line("PR3", "W0", {.gross = 5000000});
    Run("2026-04-01");
    EXPECT_EQ(Level("PAY-04", "2026-03"), "");
    Exec("UPDATE wages_payroll_line SET gross_pay = 5000001, net_pay = 5000001, paid_amount = 5000001");
    Run("2026-04-02");
    ASSERT_EQ(Level("PAY-04", "2026-03"), "red");
    EXPECT_EQ(WorkerIds(*Find("PAY-04", "2026-03")), std::vector<std::string>{"W0"});
    Exec("UPDATE wages_payroll_line SET gross_pay = 600000, net_pay = 600000, paid_amount = 600000");
    Run("2026-04-03");
    EXPECT_EQ(Find("PAY-04", "2026-03")->status, "cleared");
    // The year: 30,000,000 fen is the limit; 6 × 5,000,000 = the limit, one more fen exceeds it.
    for (int m = 4; m <= 9; ++m) {
        std::string id = "PRY" + std::to_string(m);
        Payroll(id, "2026-0" + std::to_string(m));
        Line(id, "W0", {.gross = 5000000});
    }
    Exec("UPDATE wages_payroll_line SET gross_pay = 0, net_pay = 0, paid_amount = 0 WHERE payroll_id = 'PR3'");
    Run("2026-10-01");
    EXPECT_EQ(Level("PAY-04", "2026"), "");
    Exec("UPDATE wages_payroll_line SET gross_pay = 1, net_pay = 1, paid_amount = 1 WHERE payroll_id = 'PR3'");
    Run("2026-10-02");
    EXPECT_EQ(Level("PAY-04", "2026"), "red");
}

TEST_P(Pay, Pay05PayToUnregisteredOrAbsentPerson) {
    Standard();
    Crew(*this, 1);
    Worker({.id = "X1", .name = "赵外"});
    Payroll("PR3", "2026-03");
    Line("PR3", "W0");
    Run("2026-04-01");
    EXPECT_EQ(Level("PAY-05", "2026-03"), "");
    Line("PR3", "X1");
    Run("2026-04-02");
    ASSERT_EQ(Level("PAY-05", "2026-03"), "red");
    auto row = Find("PAY-05", "2026-03")->evidence.at("workers").as_array()[0];
    EXPECT_EQ(row.at("workerId").as_string(), "X1");
    EXPECT_EQ(row.at("reason").as_string(), "not_registered");
    Contract("X1");
    Run("2026-04-03");  // registered now, but no attendance in March
    EXPECT_EQ(Find("PAY-05", "2026-03")->evidence.at("workers").as_array()[0].at("reason").as_string(), "no_attendance");
    Attend("X1", "2026-03-02", "2026-03-02");
    Run("2026-04-04");
    EXPECT_EQ(Find("PAY-05", "2026-03")->status, "cleared");
}

TEST_P(Pay, Pay06OneCardForTwoWorkers) {
    Standard();
    Worker({.id = "W0", .card = "6222020000001234"});
    Worker({.id = "W1", .card = "6222020000005678"});
    Contract("W0");
    Contract("W1");
    Payroll("PR2", "2026-02");
    Line("PR2", "W0");
    Line("PR2", "W1");
    Run("2026-03-05");
    EXPECT_EQ(Level("PAY-06"), "");
    Exec("UPDATE registry_worker SET bank_card_enc = $1 WHERE id = 'W1'",
         {cipher_.Seal("6222020000001234", "registry_worker.bank_card")});
    Run("2026-03-06");
    ASSERT_EQ(Level("PAY-06"), "red");
    auto card = Find("PAY-06")->evidence.at("cards").as_array()[0];
    EXPECT_EQ(card.at("workers").as_array().size(), 2u);
    Exec("UPDATE registry_worker SET bank_card_enc = $1 WHERE id = 'W1'",
         {cipher_.Seal("6222020000009999", "registry_worker.bank_card")});
    Run("2026-03-07");
    EXPECT_EQ(Find("PAY-06")->status, "cleared");
}

TEST_P(Pay, Pay07FailedPaymentBlueAtOnceYellowAfterThreeWorkingDays) {
    Standard();
    Account();
    Crew(*this, 1, "2026-02-02", "2026-02-06");
    Payroll("PR2", "2026-02", "paying");
    Line("PR2", "W0", {.paid = 0});
    Batch("B1", "PR2", "L-PR2-W0", "W0", "failed", "2026-03-02");  // Monday
    core::Date due = Calendar().AddWorkingDays(D("2026-03-02"), 3);
    RunOn(D("2026-03-01"));  // before the bank returned it: nothing
    EXPECT_EQ(Level("PAY-07", "2026-02"), "");
    RunOn(D("2026-03-02"));  // the day of the return: blue, with the date to re-issue by
    ASSERT_EQ(Level("PAY-07", "2026-02"), "blue");
    EXPECT_EQ(Find("PAY-07", "2026-02")->evidence.at("payments").as_array()[0].at("reissueBy").as_string(), due.ToString());
    RunOn(due);
    EXPECT_EQ(Level("PAY-07", "2026-02"), "blue");
    RunOn(due.AddDays(1));
    ASSERT_EQ(Level("PAY-07", "2026-02"), "yellow");
    EXPECT_EQ(Find("PAY-07", "2026-02")->evidence.at("payments").as_array()[0].at("failureReason").as_string(), "账户已销户");
    Exec("UPDATE wages_payroll_line SET paid_amount = net_pay");  // re-issued and paid
    RunOn(due.AddDays(2));
    EXPECT_EQ(Find("PAY-07", "2026-02")->status, "cleared");
}

TEST_P(Pay, Pay08LedgerElementsMissing) {
    Standard();
    Crew(*this, 1);
    Payroll("PR3", "2026-03");
    Line("PR3", "W0");
    Run("2026-04-01");
    EXPECT_EQ(Level("PAY-08", "2026-03"), "");
    Exec("UPDATE wages_payroll_line SET confirmed_at = NULL");
    Run("2026-04-02");
    ASSERT_EQ(Level("PAY-08", "2026-03"), "blue");
    auto w = *Find("PAY-08", "2026-03");
    EXPECT_EQ(w.evidence.at("missingConfirmation").as_int64(), 1);
    EXPECT_EQ(w.evidence.at("missingBankProof").as_int64(), 0);
    Exec("UPDATE wages_payroll_line SET confirmed_at = 1");
    Run("2026-04-03");
    EXPECT_EQ(Find("PAY-08", "2026-03")->status, "cleared");
}

TEST_P(Pay, Pay09TeamWithAttendanceAndNoSubmittedPayrollByThe10th) {
    Standard();
    Team("T1");
    Worker({.id = "W0"});
    Contract("W0", "P1", "E-GC", std::string("T1"));
    Attend("W0", "2026-02-02", "2026-02-06");
    Payroll("PRD", "2026-02", "draft", "", std::string("T1"));  // a draft is not signed
    Run("2026-03-10");
    EXPECT_EQ(Level("PAY-09", "2026-02"), "");
    Run("2026-03-11");
    ASSERT_EQ(Level("PAY-09", "2026-02"), "yellow");
    EXPECT_EQ(Find("PAY-09", "2026-02")->evidence.at("teams").as_array()[0].at("teamId").as_string(), "T1");
    Exec("UPDATE wages_payroll SET status = 'submitted'");
    Run("2026-03-12");
    EXPECT_EQ(Find("PAY-09", "2026-02")->status, "cleared");
}

TEST_P(Pay, Pay10ExitedWithoutSettlementRedAndComplaintYellow) {
    Standard();
    Worker({.id = "W0"});
    Contract("W0", "P1", "E-GC", std::nullopt, "2026-01-01", std::string("2026-02-15"));
    Attend("W0", "2026-02-02", "2026-02-13");
    Run("2026-03-05");
    EXPECT_EQ(Level("PAY-10", "2026-02"), "");
    Clue("K1", "2026-03-04", "accepted", 1, std::string("W0"));
    Run("2026-03-06");
    EXPECT_EQ(Level("PAY-10", "2026-02"), "yellow");
    Run("2026-03-31");
    EXPECT_EQ(Level("PAY-10", "2026-02"), "yellow");
    Run("2026-04-01");  // past the pay date of the exit month
    ASSERT_EQ(Level("PAY-10", "2026-02"), "red");
    EXPECT_EQ(Find("PAY-10", "2026-02")->evidence.at("workers").as_array()[0].at("exitedOn").as_string(), "2026-02-15");
    Payroll("PR2", "2026-02");
    Line("PR2", "W0");
    Exec("UPDATE clues_clue SET status = 'rejected'");
    Run("2026-04-02");
    EXPECT_EQ(Find("PAY-10", "2026-02")->status, "cleared");
}

INSTANTIATE_TEST_SUITE_P(Backends, Pay, ::testing::ValuesIn(anxin::testing::TestBackends()), anxin::testing::BackendName());

}  // namespace
}  // namespace anxin::warnings::testing
