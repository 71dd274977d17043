// Evaluation "as of" a past date sees only the facts dated on or before it (issue 11): a supervisor
// checks what the platform knew that day, and a city back-tests its rules. One property over every
// indicator, on both backends: evaluate a province as of D, then record facts dated after D — bank
// transactions booked later, wages paid later, an account opened, filed or given its agreement
// later, allocations credited later, a deposit lodged later, a contract signed later, complaints
// received later, a case opened later — and evaluate as of D again: every warning must read exactly
// as before (same indicators, periods, levels and evidence).
#include <map>

#include "warnings/warnings_test_support.hpp"

namespace anxin::warnings::testing {
namespace {

using AsOf = WarningsTest;

// Every warning that is open, by (indicator, subject, period): level and evidence.
std::map<std::string, std::string> OpenWarnings(WarningsTest& t) {
    auto tx = t.db().Begin(storage::TxMode::kRead);
    std::map<std::string, std::string> out;
    for (const auto& r : tx.Query("SELECT indicator, subject_id, period, level, evidence FROM warnings_warning WHERE "
                                  "status NOT IN ('cleared', 'dismissed')")) {
        out[r.Text(0) + " " + r.Text(1) + " " + r.Text(2)] = r.Text(3) + " " + r.Text(4);
    }
    return out;
}

std::string Describe(const std::map<std::string, std::string>& warnings) {
    std::string s;
    for (const auto& [key, value] : warnings) s += "  " + key + ": " + value.substr(0, 160) + "\n";
    return s;
}

TEST_P(AsOf, FactsDatedAfterTheAsOfDateChangeNoWarning) {
    const char* kAsOf = "2026-04-10";
    Standard();
    Account();
    Instrument("I1", "cash", 20000000);
    Txn("T1", "credit", 1000000, "2026-02-01");
    Allocation("2026-01", "2026-02-20");
    Output("2026-02", 40000000, 30000000);
    for (int i = 0; i < 4; ++i) {
        std::string id = "W" + std::to_string(i);
        Worker({.id = id, .name = "王" + std::to_string(i)});
        Contract(id);
        Attend(id, "2026-02-02", "2026-02-06");
        Attend(id, "2026-03-02", "2026-03-06");
    }
    Worker({.id = "W9", .name = "无约"});
    Attend("W9", "2026-03-09", "2026-03-10");  // no contract as of D
    Payroll("PR2", "2026-02", "approved", "2026-03-31");
    Line("PR2", "W0");
    Line("PR2", "W1", {.paid = 0});
    Clue("K1", "2026-04-01");
    // P2: contract signed, no account, no deposit as of D.
    Project({.id = "P2", .signed_on = "2026-01-05", .permit_on = "2026-01-10"});
    // P3: an account opened, neither filed nor with its agreement as of D.
    Project({.id = "P3"});
    Account("P3", "2026-02-01", std::nullopt, std::nullopt);

    Run(kAsOf);
    const auto before = OpenWarnings(*this);
    ASSERT_GE(before.size(), 8u) << Describe(before);  // a province with plenty to warn about

    // Everything below happened after D.
    Txn("T8", "debit", 250000, "2026-04-15", /*flagged=*/true);
    Txn("T9", "credit", 50000000, "2026-04-20");
    Allocation("2026-02", "2026-04-25");
    Allocation("2026-03", "2026-04-25");
    Exec("UPDATE wages_payroll_line SET paid_amount = net_pay, paid_on = '2026-04-20', bank_reference = 'BR9' "
         "WHERE payroll_id = 'PR2' AND worker_id = 'W1'");
    Account("P2", "2026-04-20");
    Instrument("I2", "cash", 50000000, std::nullopt, std::nullopt, "P2");
    Exec("UPDATE deposits_instrument SET lodged_on = '2026-04-20' WHERE id = 'I2'");
    Exec("UPDATE wages_account SET filed_on = '2026-04-20', agreement_ref = 'AG-3', agreement_signed_on = "
         "'2026-04-20' WHERE project_id = 'P3'");
    Contract("W9", "P1", "E-GC", std::nullopt, "2026-03-01");
    Exec("UPDATE registry_contract SET signed_on = '2026-04-20' WHERE worker_id = 'W9'");
    Exec("INSERT INTO deposits_use (id, project_id, instrument_id, notice_number, notice_on, amount, pay_due_on, "
         "paid_on, workers, created_at, updated_at) VALUES ('U9', 'P1', 'I1', 'RS-9', '2026-04-15', 500000, "
         "'2026-04-22', '2026-04-20', '[]', 0, 0)");
    Exec("INSERT INTO deposits_return (id, project_id, applied_on, notice_ends_on, review_due_on, created_at, "
         "updated_at) VALUES ('R9', 'P1', '2026-04-15', '2026-05-15', '2026-05-22', 0, 0)");
    Exec("UPDATE wages_account SET closure_notice_on = '2026-04-15' WHERE project_id = 'P1'");
    Exec("INSERT INTO cases_case (id, number, project_id, employer_name, region_code, county_code, industry, "
         "collective, state, escalation_level, claimed_amount, recovered_amount, last_progress_at, opened_at, channel, "
         "deadline_base_on, paused_working_days, investigation, extended, created_at, updated_at, paused) VALUES "
         "('CASE9', 'AX-9', 'P1', '企业E-GC', '370102001', '370102', 'housing', 0, 'accepted', 0, 100, 0, $1, $1, "
         "'hotline_12345', '2026-04-20', 0, 0, 0, $1, $1, 0)",
         {Millis("2026-04-20")});
    for (int i = 0; i < 6; ++i) {
        const std::string day = "2026-04-2" + std::to_string(i);
        Clue("K" + std::to_string(10 + i), day.c_str(), "received", 2, "W" + std::to_string(i % 4));
    }

    Run(kAsOf);
    const auto after = OpenWarnings(*this);
    EXPECT_EQ(after, before) << "as of " << kAsOf << " before:\n" << Describe(before) << "after:\n" << Describe(after);
}

INSTANTIATE_TEST_SUITE_P(Backends, AsOf, ::testing::ValuesIn(anxin::testing::TestBackends()),
                         anxin::testing::BackendName());

}  // namespace
}  // namespace anxin::warnings::testing
