// 三网融合, from a warning to a case and back: a project under construction whose construction unit
// allocates no labor cost gets a yellow LAB-01 after a month and a red one after two; the red
// warning's deadline (3 working days) passes and a case opens through the real cases module's
// CaseOpener (cases::WarningHooks, as the app wires it) and shows in the county workbench; the
// allocation then arrives through the real wages AllocationService, the incremental evaluation (the
// hook the wages module calls after an allocation) clears the warning, and the case records it.
#include <gtest/gtest.h>

#include <algorithm>
#include <set>

#include "cases/case_service.hpp"
#include "cases/warning_hooks.hpp"
#include "wages/allocation_service.hpp"
#include "wages/wages.hpp"
#include "warnings/warnings_test_support.hpp"

namespace anxin::warnings::testing {
namespace {

core::CallContext CountySupervisor() { return Supervisor("370102"); }

std::string Text(const boost::json::object& o, const char* key) {
    const auto* v = o.if_contains(key);
    return v && v->is_string() ? std::string(v->as_string()) : std::string();
}

// The case steps about one warning: (kind, event) in order.
std::vector<std::pair<std::string, std::string>> WarningSteps(const cases::CaseDetail& d, const std::string& warning_id) {
    std::vector<std::pair<std::string, std::string>> out;
    for (const auto& s : d.timeline) {
        if (Text(s.detail, "warningId") == warning_id) out.emplace_back(s.kind, Text(s.detail, "event"));
    }
    return out;
}

class WarningScenario : public WarningsTest {};

void At(core::ManualClock& clock, const char* date) { clock.Set(D(date).StartInShanghai() + std::chrono::hours(20)); }

TEST_P(WarningScenario, NoLaborCostForTwoMonthsBecomesACaseAndClearsWhenTheMoneyArrives) {
    // The real case side, wired as in the app (app.cpp: warnings→cases).
    cases::CaseService case_service(db(), clock(), parameters_, Calendar(), nullptr);
    cases::WarningHooks case_hooks(case_service);
    Wire(&case_hooks);
    Standard();  // under construction since 1 January 2026; allocation due on the 25th
    Account();

    At(clock(), "2026-02-02");  // one month and a day without allocation
    service_->EvaluateAll();
    ASSERT_EQ(Level("LAB-01"), "yellow");

    At(clock(), "2026-03-05");  // more than two months
    service_->EvaluateAll();
    auto red = *Find("LAB-01");
    ASSERT_EQ(red.level, "red");
    EXPECT_EQ(red.deadline_on, Calendar().AddWorkingDays(D("2026-03-05"), 3));
    EXPECT_EQ(red.status, "open");
    EXPECT_FALSE(red.case_id.has_value());

    At(clock(), red.deadline_on.ToString().c_str());
    service_->EvaluateAll();
    EXPECT_EQ(Find("LAB-01")->status, "open");  // the last day to clear it
    // Other indicators of this bare project (no attendance, no deposit …) may have reached their
    // deadlines already and opened the project's case; LAB-01 is not on it yet.
    EXPECT_FALSE(Find("LAB-01")->case_id.has_value());

    core::Date after = red.deadline_on.AddDays(1);
    At(clock(), after.ToString().c_str());
    service_->EvaluateAll();
    auto escalated = *Find("LAB-01");
    EXPECT_EQ(escalated.status, "escalated");
    ASSERT_TRUE(escalated.case_id.has_value());
    const std::string case_id = *escalated.case_id;

    // The case is in the county workbench (a county supervisor's list) and links back to warnings.
    auto page = case_service.List(CountySupervisor(), cases::CaseQuery{});
    ASSERT_EQ(page.total, 1);  // other indicators of this bare project join the project's one open case
    EXPECT_EQ(page.items[0].id, case_id);
    cases::CaseQuery from_warnings;
    from_warnings.channel = "warning";
    EXPECT_EQ(case_service.List(CountySupervisor(), from_warnings).total, 1);
    EXPECT_EQ(case_service.List(Supervisor("370103"), cases::CaseQuery{}).total, 0);  // another county
    auto opened = case_service.Get(CountySupervisor(), case_id);
    EXPECT_EQ(opened.item.state, "accepted");
    EXPECT_EQ(opened.item.project_id, "P1");
    EXPECT_EQ(opened.item.county_code, "370102");
    EXPECT_EQ(opened.item.region_code, "370102001");
    EXPECT_EQ(opened.item.industry, "housing");
    EXPECT_EQ(opened.item.employer_id, "E-GC");
    EXPECT_EQ(opened.item.employer_name, "企业E-GC");
    EXPECT_EQ(opened.item.channel, "warning");
    EXPECT_EQ(opened.item.number.rfind("AX-370102-2026-", 0), 0u) << opened.item.number;
    ASSERT_TRUE(opened.item.warning_id.has_value());
    ASSERT_FALSE(opened.timeline.empty());
    EXPECT_EQ(opened.timeline.front().kind, "opened");
    EXPECT_EQ(Text(opened.timeline.front().detail, "warningId"), *opened.item.warning_id);
    // Every escalated warning of the project points at this case; the case names each of them.
    std::set<std::string> escalated_ids;
    {
        auto tx = db().Begin(storage::TxMode::kRead);
        for (const auto& row : tx.Query("SELECT id, case_id FROM warnings_warning WHERE project_id = 'P1' AND "
                                        "status = 'escalated'")) {
            EXPECT_EQ(row.OptText(1), case_id) << row.Text(0);
            escalated_ids.insert(row.Text(0));
        }
    }
    EXPECT_TRUE(escalated_ids.contains(escalated.id));
    EXPECT_TRUE(escalated_ids.contains(*opened.item.warning_id));
    for (const auto& id : escalated_ids) {
        auto steps = WarningSteps(opened, id);
        ASSERT_EQ(steps.size(), 1u) << id;
        EXPECT_TRUE(steps[0] == std::make_pair(std::string("opened"), std::string("opened")) ||
                    steps[0] == std::make_pair(std::string("from_warning"), std::string("escalated")))
            << steps[0].first << " " << steps[0].second;
    }
    EXPECT_EQ(opened.timeline.size(), escalated_ids.size());
    EXPECT_GE(Count("SELECT COUNT(*) FROM audit_event WHERE entity = 'case' AND entity_id = $1", {case_id}), 1);

    // A later run does not open the case again.
    service_->EvaluateAll();
    EXPECT_EQ(case_service.List(CountySupervisor(), cases::CaseQuery{}).total, 1);
    EXPECT_EQ(case_service.Get(CountySupervisor(), case_id).timeline.size(), opened.timeline.size());

    // The construction unit allocates February's labor cost through the wages module.
    wages::AllocationService allocations(db(), clock());
    allocations.CreateAllocation(EnterpriseUser("E-CU"), "P1",
                                 wages::NewAllocation{"2026-02", 30000000, clock().TodayInShanghai()});
    std::vector<std::string> project{"P1"};
    auto run = service_->EvaluateProjects(project);
    EXPECT_EQ(run.kind, "incremental");
    EXPECT_GE(run.cleared, 1);

    auto cleared = *Find("LAB-01");
    EXPECT_EQ(cleared.status, "cleared");
    EXPECT_EQ(cleared.case_id, case_id);  // the link is kept
    auto after_clear = case_service.Get(CountySupervisor(), case_id);
    EXPECT_EQ(after_clear.item.state, "accepted");  // recorded, no state change
    auto lab_steps = WarningSteps(after_clear, cleared.id);
    ASSERT_EQ(lab_steps.size(), 2u);
    EXPECT_EQ(lab_steps.back(), std::make_pair(std::string("from_warning"), std::string("cleared")));
    const auto& last = *std::find_if(after_clear.timeline.rbegin(), after_clear.timeline.rend(), [&](const auto& s) {
        return Text(s.detail, "warningId") == cleared.id;
    });
    EXPECT_EQ(Text(last.detail, "text"), "预警已消除");
    EXPECT_EQ(Text(last.detail, "indicator"), "LAB-01");
    EXPECT_EQ(last.actor_id, "system");
    auto detail = service_->Get(Supervisor(), cleared.id);
    std::vector<std::string> kinds;
    for (const auto& e : detail.events) kinds.push_back(e.kind);
    EXPECT_EQ(kinds, (std::vector<std::string>{"raised", "escalated", "escalated_to_case", "cleared"}));
}

INSTANTIATE_TEST_SUITE_P(Backends, WarningScenario, ::testing::ValuesIn(anxin::testing::TestBackends()),
                         anxin::testing::BackendName());

}  // namespace
}  // namespace anxin::warnings::testing
