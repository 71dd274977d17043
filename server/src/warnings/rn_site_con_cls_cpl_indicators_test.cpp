// RN, SITE, CON, CLS and CPL indicators: threshold, level, evidence and clearing; both backends.
#include "warnings/warnings_test_support.hpp"

namespace anxin::warnings::testing {
namespace {

using Rn = WarningsTest;

TEST_P(Rn, Rn01AttendanceWithoutContract) {
    Standard();
    Worker({.id = "W0"});
    Contract("W0");
    Attend("W0", "2026-03-02", "2026-03-03");
    Worker({.id = "W1", .name = "钱无约"});
    Run("2026-03-04");
    EXPECT_EQ(Level("RN-01", "2026-03"), "");
    Attend("W1", "2026-03-03", "2026-03-04");
    Run("2026-03-05");
    ASSERT_EQ(Level("RN-01", "2026-03"), "red");
    EXPECT_EQ(WorkerIds(*Find("RN-01", "2026-03")), std::vector<std::string>{"W1"});
    Contract("W1");
    Run("2026-03-06");
    EXPECT_EQ(Find("RN-01", "2026-03")->status, "cleared");
}

// Issue 11: RN-01 fired only for a worker with no contract at all. Days before a contract starts,
// after it ends, or covered only by a contract signed after the as-of date breach REG 28 too.
TEST_P(Rn, Rn01AttendanceOutsideTheContractsTerm) {
    Standard();
    Worker({.id = "W0", .name = "孙早到"});
    Contract("W0", "P1", "E-GC", std::nullopt, "2026-03-05");
    Attend("W0", "2026-03-05", "2026-03-06");
    Run("2026-03-07");
    EXPECT_EQ(Level("RN-01", "2026-03"), "");
    Attend("W0", "2026-03-02", "2026-03-04");  // on site three days before the contract starts
    Run("2026-03-08");
    ASSERT_EQ(Level("RN-01", "2026-03"), "red");
    auto row = Find("RN-01", "2026-03")->evidence.at("workers").as_array()[0];
    EXPECT_EQ(row.at("days").as_int64(), 3);
    EXPECT_EQ(row.at("firstDay").as_string(), "2026-03-02");
    EXPECT_EQ(row.at("reason").as_string(), "合同期限外考勤");
    // A contract that ended: the days after it are a breach.
    Exec("UPDATE registry_contract SET start_on = '2026-03-01', end_on = '2026-03-05' WHERE worker_id = 'W0'");
    Run("2026-03-09");
    ASSERT_EQ(Level("RN-01", "2026-03"), "red");
    EXPECT_EQ(Find("RN-01", "2026-03")->evidence.at("workers").as_array()[0].at("days").as_int64(), 1);
    Exec("UPDATE registry_contract SET end_on = NULL WHERE worker_id = 'W0'");
    Run("2026-03-10");
    EXPECT_EQ(Find("RN-01", "2026-03")->status, "cleared");
    // As of a date before a contract was signed, the days it covers were still without one.
    Exec("UPDATE registry_contract SET signed_on = '2026-03-20' WHERE worker_id = 'W0'");
    Run("2026-03-11");
    ASSERT_EQ(Level("RN-01", "2026-03"), "red");
    EXPECT_EQ(Find("RN-01", "2026-03")->evidence.at("workers").as_array()[0].at("reason").as_string(), "无劳动合同");
}

TEST_P(Rn, Rn02AttendanceStoppedThreeDaysYellowSevenRed) {
    Standard();
    Worker({.id = "W0"});
    Contract("W0");
    Attend("W0", "2026-03-02", "2026-03-02");
    Run("2026-03-04");  // 2 days without
    EXPECT_EQ(Level("RN-02"), "");
    Run("2026-03-05");
    ASSERT_EQ(Level("RN-02"), "yellow");
    EXPECT_EQ(Find("RN-02")->evidence.at("daysWithoutAttendance").as_int64(), 3);
    EXPECT_EQ(Find("RN-02")->evidence.at("lastAttendanceOn").as_string(), "2026-03-02");
    Run("2026-03-08");
    EXPECT_EQ(Level("RN-02"), "yellow");
    Run("2026-03-09");
    EXPECT_EQ(Level("RN-02"), "red");
    Attend("W0", "2026-03-09", "2026-03-09");
    Run("2026-03-09");
    EXPECT_EQ(Find("RN-02")->status, "cleared");
}

TEST_P(Rn, Rn02HolidaysDoNotCountAndSuspensionIsDeclaredStoppage) {
    Standard();
    Worker({.id = "W0"});
    Contract("W0");
    Attend("W0", "2026-09-29", "2026-09-30");
    // 1–7 October 2026 are the National Day holidays: no stoppage counted.
    Run("2026-10-07");
    EXPECT_EQ(Level("RN-02"), "");
    Exec("UPDATE registry_project SET status = 'suspended'");
    Run("2026-10-20");
    EXPECT_EQ(Level("RN-02"), "");
}

TEST_P(Rn, Rn02MonthlyUpdateRateBelow85Percent) {
    Standard();
    Worker({.id = "W0"});
    Contract("W0");
    // April 2026: count its non-holiday days and attend on just enough of them.
    std::vector<core::Date> days;
    for (core::Date d = D("2026-04-01"); d <= D("2026-04-30"); d = d.AddDays(1))
        if (!Calendar().IsHoliday(d)) days.push_back(d);
    std::size_t needed = (days.size() * 8500 + 9999) / 10000;
    for (std::size_t i = 0; i < needed; ++i) Attend("W0", days[i].ToString().c_str(), days[i].ToString().c_str());
    Attend("W0", "2026-05-01", "2026-05-02");
    Run("2026-05-02");
    EXPECT_EQ(Level("RN-02", "2026-04"), "");
    Exec("DELETE FROM registry_attendance_day WHERE work_date = $1", {days[0].ToString()});
    Run("2026-05-02");
    ASSERT_EQ(Level("RN-02", "2026-04"), "yellow");
    EXPECT_EQ(Find("RN-02", "2026-04")->evidence.at("daysWithAttendance").as_int64(),
              static_cast<std::int64_t>(needed - 1));
    Attend("W0", days[0].ToString().c_str(), days[0].ToString().c_str());
    Run("2026-05-02");
    EXPECT_EQ(Find("RN-02", "2026-04")->status, "cleared");
}

TEST_P(Rn, Rn03NoManagerAttendanceLastMonth) {
    Standard();
    Worker({.id = "W0"});
    Contract("W0");
    Attend("W0", "2026-02-02", "2026-02-06");
    Worker({.id = "M1", .work_type = "900"});
    Contract("M1");
    Run("2026-03-02");
    ASSERT_EQ(Level("RN-03", "2026-02"), "yellow");
    EXPECT_EQ(Find("RN-03", "2026-02")->evidence.at("workersWithAttendance").as_int64(), 1);
    Attend("M1", "2026-02-03", "2026-02-03");  // one day is enough
    Run("2026-03-03");
    EXPECT_EQ(Find("RN-03", "2026-02")->status, "cleared");
}

TEST_P(Rn, Rn04NoLaborAffairsOfficer) {
    Standard();
    Run("2026-03-02");
    EXPECT_EQ(Level("RN-04"), "");
    Exec("DELETE FROM registry_project_staff");
    Run("2026-03-03");
    ASSERT_EQ(Level("RN-04"), "yellow");
    EXPECT_EQ(Find("RN-04")->evidence.at("missingDuty").as_string(), "labor_affairs_officer");
    Staff("P1", "labor_affairs_officer");
    Run("2026-03-04");
    EXPECT_EQ(Find("RN-04")->status, "cleared");
}

TEST_P(Rn, Rn05UnderSixteenRedAndOverAgeBlue) {
    Standard();
    Worker({.id = "W0", .birth = "2010-03-03"});
    Contract("W0");
    Run("2026-03-02");  // 15 years old
    ASSERT_EQ(Level("RN-05"), "red");
    EXPECT_EQ(Find("RN-05")->evidence.at("workers").as_array()[0].at("problem").as_string(), "under_16");
    Run("2026-03-03");  // 16 today
    EXPECT_EQ(Find("RN-05")->status, "cleared");
    Worker({.id = "W1", .birth = "1965-03-03"});
    Contract("W1");
    Run("2026-03-02");  // 60: at the limit
    EXPECT_EQ(Level("RN-05"), "red");  // W0 is 15 again on this as-of date
    Exec("UPDATE registry_contract SET exited_on = '2026-03-01' WHERE worker_id = 'W0'");
    Run("2026-03-02");
    EXPECT_EQ(Level("RN-05"), "");
    Run("2026-03-04");  // 61
    ASSERT_EQ(Level("RN-05"), "blue");
    EXPECT_EQ(Find("RN-05")->evidence.at("workers").as_array()[0].at("age").as_int64(), 61);
}

TEST_P(Rn, Rn06InvalidCreditCodeOfAParticipant) {
    Standard();
    Enterprise("E-SUB", "labor_subcontractor", true);
    Participant("P1", "E-SUB", "006");
    Run("2026-03-02");
    EXPECT_EQ(Level("RN-06"), "");
    Exec("UPDATE registry_enterprise SET credit_code_valid = 0 WHERE id = 'E-SUB'");
    Run("2026-03-03");
    ASSERT_EQ(Level("RN-06"), "blue");
    EXPECT_EQ(Find("RN-06")->evidence.at("enterprises").as_array()[0].at("enterpriseId").as_string(), "E-SUB");
    Exec("UPDATE registry_enterprise SET credit_code_valid = 1");
    Run("2026-03-04");
    EXPECT_EQ(Find("RN-06")->status, "cleared");
}

TEST_P(Rn, Rn07AttendanceBeforeRegistration) {
    Standard();
    Worker({.id = "W0", .registered = "2026-03-05"});
    Contract("W0");
    Attend("W0", "2026-03-05", "2026-03-06");
    Run("2026-03-07");
    EXPECT_EQ(Level("RN-07", "2026-03"), "");
    Attend("W0", "2026-03-04", "2026-03-04");
    Run("2026-03-08");
    ASSERT_EQ(Level("RN-07", "2026-03"), "yellow");
    EXPECT_EQ(Find("RN-07", "2026-03")->evidence.at("workers").as_array()[0].at("firstAttendance").as_string(),
              "2026-03-04");
    Exec("DELETE FROM registry_attendance_day WHERE work_date = '2026-03-04'");
    Run("2026-03-09");
    EXPECT_EQ(Find("RN-07", "2026-03")->status, "cleared");
}

using Site = WarningsTest;

TEST_P(Site, Site01NoticeBoardItemsMissing) {
    Standard();
    Run("2026-03-02");
    EXPECT_EQ(Level("SITE-01"), "");
    Exec("INSERT INTO region_parameter (region_code, param_key, value, updated_at, updated_by) VALUES ('3701', "
         "'notice.arbitration', '', 1, 'test')");
    Run("2026-03-03");
    ASSERT_EQ(Level("SITE-01"), "yellow");
    EXPECT_EQ(Find("SITE-01")->evidence.at("missing").as_array()[0].as_string(), "arbitration");
    Exec("DELETE FROM region_parameter");
    Run("2026-03-04");
    EXPECT_EQ(Find("SITE-01")->status, "cleared");
}

TEST_P(Site, Con01LaborCostClausesMissing) {
    Standard();
    Run("2026-03-02");
    EXPECT_EQ(Level("CON-01"), "");
    Exec("UPDATE registry_project SET labor_cost_day = NULL");
    Run("2026-03-03");
    ASSERT_EQ(Level("CON-01"), "yellow");
    EXPECT_EQ(Find("CON-01")->evidence.at("missing").as_array()[0].as_string(), "laborCostDay");
    Exec("UPDATE registry_project SET labor_cost_day = 20");
    Run("2026-03-04");
    EXPECT_EQ(Find("CON-01")->status, "cleared");
}

TEST_P(Site, Con03GovernmentProjectProgressPaymentBelow80Percent) {
    ProjectSpec spec;
    spec.investment = "government";
    Standard(spec);
    Output("2026-02", 100000000, 80000000);
    Run("2026-03-02");
    EXPECT_EQ(Level("CON-03", "2026-02"), "");
    Exec("UPDATE wages_output_value SET progress_payment = 79999999");
    Run("2026-03-03");
    ASSERT_EQ(Level("CON-03", "2026-02"), "red");
    EXPECT_EQ(Find("CON-03", "2026-02")->evidence.at("ratioBp").as_int64(), 7999);
    EXPECT_EQ(Find("CON-03", "2026-02")->responsible_kind, "construction_unit");
    Exec("UPDATE wages_output_value SET progress_payment = 90000000");
    Run("2026-03-04");
    EXPECT_EQ(Find("CON-03", "2026-02")->status, "cleared");
}

TEST_P(Site, Con04SubcontractorWithoutQualification) {
    Standard();
    Enterprise("E-SUB", "labor_subcontractor", true, "", "劳务资质");
    Participant("P1", "E-SUB", "006");
    Run("2026-03-02");
    EXPECT_EQ(Level("CON-04"), "");
    Exec("UPDATE registry_enterprise SET qualification = '' WHERE id = 'E-SUB'");
    Run("2026-03-03");
    ASSERT_EQ(Level("CON-04"), "red");
    EXPECT_EQ(Find("CON-04")->evidence.at("enterprises").as_array()[0].at("problems").as_array()[0].as_string(),
              "no_qualification");
    Exec("UPDATE registry_enterprise SET qualification = '劳务资质'");
    Run("2026-03-04");
    EXPECT_EQ(Find("CON-04")->status, "cleared");
}

TEST_P(Site, Cls01ClosingBeforeCompletionOrWithOpenComplaint) {
    Standard();
    Account();
    Run("2026-03-02");
    EXPECT_EQ(Level("CLS-01"), "");
    Exec("UPDATE wages_account SET status = 'closing', closure_notice_on = '2026-03-02'");
    Run("2026-03-03");
    ASSERT_EQ(Level("CLS-01"), "yellow");
    EXPECT_EQ(Find("CLS-01")->evidence.at("problems").as_array()[0].as_string(), "before_completion");
    Exec("UPDATE registry_project SET status = 'completed'");
    Run("2026-03-04");
    EXPECT_EQ(Find("CLS-01")->status, "cleared");
    Clue("K1", "2026-03-04");
    Run("2026-03-05");
    ASSERT_EQ(Level("CLS-01"), "yellow");
    EXPECT_EQ(Find("CLS-01")->evidence.at("problems").as_array()[0].as_string(), "open_complaint");
}

TEST_P(Site, Cpl01ClueYellowThreeCluesOrTenWorkersRed) {
    Standard();
    Run("2026-03-02");
    EXPECT_EQ(Level("CPL-01"), "");
    Clue("K1", "2026-02-01", "received", 2);
    Clue("K2", "2026-02-20", "accepted", 2);
    Run("2026-03-02");  // K1 is day 30 of the window
    ASSERT_EQ(Level("CPL-01"), "yellow");
    EXPECT_EQ(Find("CPL-01")->evidence.at("count").as_int64(), 2);
    Clue("K3", "2026-03-01", "received", 1);
    Run("2026-03-02");
    EXPECT_EQ(Level("CPL-01"), "red");
    Run("2026-03-03");  // K1 leaves the window: 2 clues, 3 workers
    EXPECT_EQ(Level("CPL-01"), "red");  // level never drops while the warning is open
    EXPECT_EQ(Find("CPL-01")->evidence.at("count").as_int64(), 2);
    Exec("UPDATE clues_clue SET status = 'rejected'");
    Run("2026-03-04");
    EXPECT_EQ(Find("CPL-01")->status, "cleared");
    Clue("K4", "2026-03-04", "received", 10);
    Run("2026-03-05");
    EXPECT_EQ(Level("CPL-01"), "red");  // 10 workers
}

TEST_P(Site, Cpl02ClueNotAcceptedInTimeYellowCaseNotClosedRed) {
    Standard();
    Clue("K1", "2026-03-02", "received");
    auto level = [&] { return Level("CPL-02", "", "K1", "clue"); };
    Run("2026-03-03");  // 1 WD to accept
    EXPECT_EQ(level(), "");
    Run("2026-03-04");
    ASSERT_EQ(level(), "yellow");
    EXPECT_EQ(Find("CPL-02", "", "K1", "clue")->responsible_kind, "department");
    Exec("INSERT INTO cases_case (id, number, project_id, employer_name, region_code, county_code, state, "
         "last_progress_at, opened_at, deadline_base_on, created_at, updated_at) VALUES ('CASE1', 'AJ-1', 'P1', "
         "'企业E-GC', '370102001', '370102', 'verifying', 1, 1, '2026-03-02', 1, 1)");
    Exec("UPDATE clues_clue SET status = 'accepted', case_id = 'CASE1'");
    Run("2026-03-05");
    EXPECT_EQ(Find("CPL-02", "", "K1", "clue")->status, "cleared");
    core::Date due = Calendar().AddWorkingDays(D("2026-03-02"), 15);
    RunOn(due.AddDays(1));
    EXPECT_EQ(level(), "red");
    Exec("UPDATE cases_case SET closed_at = 2");
    RunOn(due.AddDays(2));
    EXPECT_EQ(Find("CPL-02", "", "K1", "clue")->status, "cleared");
}

// CRD-01: an order to pay whose deadline passed with at least the provincial standard (3 万元 by
// default) still owed makes the employer a candidate for the list; below it, or paid, nothing.
TEST_P(Site, Crd01MissedPayOrderAtTheStandardIsACandidate) {
    Standard();
    Exec("INSERT INTO cases_case (id, number, project_id, employer_id, employer_name, region_code, county_code, state, "
         "pay_by_on, claimed_amount, recovered_amount, last_progress_at, opened_at, deadline_base_on, created_at, "
         "updated_at) VALUES ('CASE1', 'AJ-1', 'P1', 'E-GC', '企业E-GC', '370102001', '370102', 'ordered', '2026-03-06', "
         "3500000, 600000, 1, 1, '2026-03-02', 1, 1)");
    auto level = [&] { return Level("CRD-01", "", "CASE1", "case"); };
    Run("2026-03-06");  // the order's last day
    EXPECT_EQ(level(), "");
    Run("2026-03-07");  // 29,000 元 still owed: below the standard
    EXPECT_EQ(level(), "");
    Exec("UPDATE cases_case SET recovered_amount = 500000");  // 30,000 元 owed: the standard itself
    Run("2026-03-09");
    ASSERT_EQ(level(), "red");
    EXPECT_EQ(Find("CRD-01", "", "CASE1", "case")->evidence.at("owed").as_int64(), 3000000);
    // Past its deadline it goes on with the case it is about, not a second one.
    Run("2026-04-10");
    EXPECT_EQ(Find("CRD-01", "", "CASE1", "case")->case_id, std::optional<std::string>("CASE1"));
    EXPECT_EQ(Count("SELECT COUNT(*) FROM cases_case"), 1);
    Exec("UPDATE cases_case SET state = 'paying', recovered_amount = 3500000");
    Run("2026-04-11");
    EXPECT_EQ(Find("CRD-01", "", "CASE1", "case")->status, "cleared");
}

INSTANTIATE_TEST_SUITE_P(Backends, Rn, ::testing::ValuesIn(anxin::testing::TestBackends()), anxin::testing::BackendName());
INSTANTIATE_TEST_SUITE_P(Backends, Site, ::testing::ValuesIn(anxin::testing::TestBackends()), anxin::testing::BackendName());

}  // namespace
}  // namespace anxin::warnings::testing
