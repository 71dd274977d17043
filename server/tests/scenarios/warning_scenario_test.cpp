// 三网融合, from a warning to a case and back: a project under construction whose construction unit
// allocates no labor cost gets a yellow LAB-01 after a month and a red one after two; the red
// warning's deadline (3 working days) passes and a case opens through the CaseOpener; the allocation
// then arrives through the real wages AllocationService, the incremental evaluation (the hook the
// wages module calls after an allocation) clears the warning, and the case records it.
//
// The cases module did not yet implement warnings::CaseOpener when this was written: the case side
// is a test double that keeps what a case would record.
#include <gtest/gtest.h>

#include <map>

#include "wages/allocation_service.hpp"
#include "wages/wages.hpp"
#include "warnings/warnings_test_support.hpp"

namespace anxin::warnings::testing {
namespace {

struct CaseRecord {
    std::string warning_id;
    std::vector<std::string> steps;
};

// Keeps, per case id, what the case would record. Other indicators of this bare project (no
// attendance, no deposit …) reach their deadlines too and get their own cases.
class CasesDouble : public CaseOpener {
  public:
    std::string OpenCaseForWarning(storage::Transaction&, const Warning& w) override {
        std::string id = "CASE-" + std::to_string(cases.size() + 1);
        cases[id] = {w.id, {"opened from warning " + w.indicator + " (" + w.level + ")"}};
        return id;
    }
    void WarningCleared(storage::Transaction&, const Warning& w) override {
        cases.at(*w.case_id).steps.push_back("warning cleared");
    }
    std::map<std::string, CaseRecord> cases;
};

class WarningScenario : public WarningsTest {};

void At(core::ManualClock& clock, const char* date) { clock.Set(D(date).StartInShanghai() + std::chrono::hours(20)); }

TEST_P(WarningScenario, NoLaborCostForTwoMonthsBecomesACaseAndClearsWhenTheMoneyArrives) {
    CasesDouble cases;
    service_.SetCaseOpener(&cases);
    Standard();  // under construction since 1 January 2026; allocation due on the 25th
    Account();

    At(clock(), "2026-02-02");  // one month and a day without allocation
    service_.EvaluateAll();
    ASSERT_EQ(Level("LAB-01"), "yellow");

    At(clock(), "2026-03-05");  // more than two months
    service_.EvaluateAll();
    auto red = *Find("LAB-01");
    ASSERT_EQ(red.level, "red");
    EXPECT_EQ(red.deadline_on, Calendar().AddWorkingDays(D("2026-03-05"), 3));
    EXPECT_EQ(red.status, "open");
    EXPECT_FALSE(red.case_id.has_value());

    At(clock(), red.deadline_on.ToString().c_str());
    service_.EvaluateAll();
    EXPECT_EQ(Find("LAB-01")->status, "open");  // the last day to clear it

    core::Date after = red.deadline_on.AddDays(1);
    At(clock(), after.ToString().c_str());
    service_.EvaluateAll();
    auto escalated = *Find("LAB-01");
    EXPECT_EQ(escalated.status, "escalated");
    ASSERT_TRUE(escalated.case_id.has_value());
    const std::string case_id = *escalated.case_id;
    ASSERT_TRUE(cases.cases.contains(case_id));
    EXPECT_EQ(cases.cases[case_id].warning_id, escalated.id);
    EXPECT_EQ(cases.cases[case_id].steps.front(), "opened from warning LAB-01 (red)");

    // The construction unit allocates February's labor cost through the wages module.
    wages::AllocationService allocations(db(), clock());
    allocations.CreateAllocation(EnterpriseUser("E-CU"), "P1",
                                 wages::NewAllocation{"2026-02", 30000000, clock().TodayInShanghai()});
    std::vector<std::string> project{"P1"};
    auto run = service_.EvaluateProjects(project);
    EXPECT_EQ(run.kind, "incremental");
    EXPECT_GE(run.cleared, 1);

    auto cleared = *Find("LAB-01");
    EXPECT_EQ(cleared.status, "cleared");
    EXPECT_EQ(cleared.case_id, case_id);  // the link is kept
    EXPECT_EQ(cases.cases[case_id].steps.back(), "warning cleared");
    auto detail = service_.Get(Supervisor(), cleared.id);
    std::vector<std::string> kinds;
    for (const auto& e : detail.events) kinds.push_back(e.kind);
    EXPECT_EQ(kinds, (std::vector<std::string>{"raised", "escalated", "escalated_to_case", "cleared"}));
}

INSTANTIATE_TEST_SUITE_P(Backends, WarningScenario, ::testing::ValuesIn(anxin::testing::TestBackends()),
                         anxin::testing::BackendName());

}  // namespace
}  // namespace anxin::warnings::testing
