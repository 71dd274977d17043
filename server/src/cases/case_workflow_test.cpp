// The pure rules: every (state, step) pair allowed or forbidden, pause behaviour, deadlines across
// the 2026 Mid-autumn / National Day holidays with the real calendar, crime thresholds.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "cases/case_steps.hpp"
#include "cases/case_workflow.hpp"
#include "core/calendar.hpp"
#include "core/error.hpp"

namespace anxin::cases::workflow {
namespace {

// Written out independently of the table in case_workflow.cpp: the expected outcome of each step kind
// in each state ("" = stays in that state; absent = forbidden).
const std::map<std::string, std::map<std::string, std::string>> kExpected = {
    {"contact", {{"accepted", "contacted"}}},
    {"verify", {{"contacted", "verifying"}}},
    {"investigate", {{"contacted", ""}, {"verifying", ""}}},
    {"extend", {{"verifying", ""}, {"mediating", ""}, {"ordered", ""}, {"paying", ""}}},
    {"mediate", {{"verifying", "mediating"}}},
    {"order", {{"verifying", "ordered"}, {"mediating", "ordered"}}},
    {"pay", {{"verifying", "paying"}, {"mediating", "paying"}, {"ordered", "paying"}}},
    {"close", {{"verifying", "closed"}, {"mediating", "closed"}, {"ordered", "closed"}, {"paying", "closed"}}},
    {"reopen", {{"closed", "verifying"}}},
    {"penalty", {{"verifying", ""}, {"mediating", ""}, {"ordered", ""}, {"paying", ""}}},
    {"fund_advance", {{"verifying", ""}, {"mediating", ""}, {"ordered", ""}, {"paying", ""}}},
    {"fund_repayment", {{"verifying", ""}, {"mediating", ""}, {"ordered", ""}, {"paying", ""}, {"closed", ""}}},
    {"deposit_payment", {{"verifying", ""}, {"mediating", ""}, {"ordered", ""}, {"paying", ""}}},
    {"mediation_agreement", {{"mediating", ""}}},
    {"judicial_confirmation", {{"mediating", ""}, {"paying", ""}}},
    {"police_transfer", {{"verifying", ""}, {"mediating", ""}, {"ordered", ""}, {"paying", ""}}},
    {"litigation_referral", {{"verifying", ""}, {"mediating", ""}, {"ordered", ""}, {"paying", ""}}},
    {"reroute",
     {{"accepted", ""}, {"contacted", ""}, {"verifying", ""}, {"mediating", ""}, {"ordered", ""}, {"paying", ""}}},
    {"pause",
     {{"accepted", ""}, {"contacted", ""}, {"verifying", ""}, {"mediating", ""}, {"ordered", ""}, {"paying", ""}}},
    {"note",
     {{"accepted", ""},
      {"contacted", ""},
      {"verifying", ""},
      {"mediating", ""},
      {"ordered", ""},
      {"paying", ""},
      {"closed", ""}}},
    {"from_warning",
     {{"accepted", ""},
      {"contacted", ""},
      {"verifying", ""},
      {"mediating", ""},
      {"ordered", ""},
      {"paying", ""},
      {"closed", ""}}},
    // Supervision grade and the leader who takes the case: any open state, never once closed.
    {"key_grade",
     {{"accepted", ""}, {"contacted", ""}, {"verifying", ""}, {"mediating", ""}, {"ordered", ""}, {"paying", ""}}},
    {"leader_assign",
     {{"accepted", ""}, {"contacted", ""}, {"verifying", ""}, {"mediating", ""}, {"ordered", ""}, {"paying", ""}}},
    // The call-back after closing (回访): only then.
    {"callback", {{"closed", ""}}},
    {"worker_confirmation",
     {{"accepted", ""},
      {"contacted", ""},
      {"verifying", ""},
      {"mediating", ""},
      {"ordered", ""},
      {"paying", ""},
      {"closed", ""}}},
};

TEST(CaseWorkflow, EveryTransitionAllowedAndForbidden) {
    int checked = 0;
    for (const auto& [kind, allowed] : kExpected) {
        ASSERT_NE(FindStepRule(kind), nullptr) << kind;
        for (std::string_view state : kStates) {
            SCOPED_TRACE(kind + " in " + std::string(state));
            auto it = allowed.find(std::string(state));
            if (it == allowed.end()) {
                try {
                    Apply(state, false, kind);
                    ADD_FAILURE() << "allowed but should be forbidden";
                } catch (const Error& e) {
                    EXPECT_EQ(e.code(), ErrorCode::kConflict);
                    ASSERT_TRUE(e.fields().contains("state"));
                    EXPECT_EQ(e.fields().at("state"), state);  // the 409 names the state
                }
            } else {
                const std::string expected = it->second.empty() ? std::string(state) : it->second;
                EXPECT_EQ(Apply(state, false, kind), expected);
            }
            ++checked;
        }
    }
    EXPECT_EQ(checked, static_cast<int>(kExpected.size() * std::size(kStates)));
}

TEST(CaseWorkflow, EveryStaffOrWorkerKindOfTheTableIsCoveredByTheTest) {
    for (const auto& rule : StepRules()) {
        if (rule.origin == Origin::kSystem || rule.kind == "resume") continue;
        EXPECT_TRUE(kExpected.contains(std::string(rule.kind))) << rule.kind;
    }
}

TEST(CaseWorkflow, PauseAllowsOnlyResumeNotesAndConfirmations) {
    EXPECT_THROW(Apply("verifying", false, "resume"), Error);
    EXPECT_EQ(Apply("verifying", true, "resume"), "verifying");
    EXPECT_THROW(Apply("verifying", true, "pause"), Error);
    EXPECT_THROW(Apply("verifying", true, "close"), Error);
    EXPECT_THROW(Apply("verifying", true, "mediate"), Error);
    EXPECT_EQ(Apply("verifying", true, "note"), "verifying");
    EXPECT_EQ(Apply("mediating", true, "judicial_confirmation"), "mediating");  // waiting for the court
    EXPECT_EQ(Apply("verifying", true, "worker_confirmation"), "verifying");
    EXPECT_EQ(Apply("verifying", true, "from_warning"), "verifying");  // a warning's news never waits
}

TEST(CaseWorkflow, UnknownKindIsInvalid) {
    try {
        Apply("accepted", false, "delete");
        FAIL();
    } catch (const Error& e) {
        EXPECT_EQ(e.code(), ErrorCode::kInvalidArgument);
    }
}

TEST(CaseDeadlines, AcrossNationalDay2026) {
    const auto& calendar = core::WorkingCalendar::Embedded();
    DeadlineRules rules;
    DeadlineInput in{core::Date(2026, 9, 30), "verifying", std::nullopt, false, false, 0, std::nullopt};
    auto d = ComputeDeadlines(calendar, rules, in);
    EXPECT_EQ(d.first_contact_due, core::Date(2026, 9, 30));
    EXPECT_EQ(d.accept_due, core::Date(2026, 10, 8));         // 1 WD: the holiday is skipped
    EXPECT_EQ(d.first_response_due, core::Date(2026, 10, 10));  // 10-10 is a make-up working Saturday
    EXPECT_EQ(d.close_due, core::Date(2026, 10, 27));
    EXPECT_EQ(d.step_due, d.close_due);

    in.state = "accepted";
    in.base_on = core::Date(2026, 10, 3);  // received during the holiday: contact on the first working day
    d = ComputeDeadlines(calendar, rules, in);
    EXPECT_EQ(d.step_due, core::Date(2026, 10, 8));

    // Paused working days move every deadline.
    in = {core::Date(2026, 9, 30), "verifying", std::nullopt, false, false, 2, std::nullopt};
    EXPECT_EQ(ComputeDeadlines(calendar, rules, in).close_due, core::Date(2026, 10, 29));

    // Key clues are tighter; a formal investigation runs 60 (+30) working days.
    in = {core::Date(2026, 9, 30), "verifying", "red", false, false, 0, std::nullopt};
    EXPECT_EQ(ComputeDeadlines(calendar, rules, in).close_due, core::Date(2026, 10, 13));
    in.key_grade.reset();
    in.investigation = true;
    EXPECT_EQ(ComputeDeadlines(calendar, rules, in).close_due, calendar.AddWorkingDays(core::Date(2026, 9, 30), 60));
    in.extended = true;
    EXPECT_EQ(ComputeDeadlines(calendar, rules, in).close_due, calendar.AddWorkingDays(core::Date(2026, 9, 30), 90));

    // Ordered: the pay-by date when earlier.
    in = {core::Date(2026, 9, 30), "ordered", std::nullopt, false, false, 0, core::Date(2026, 10, 9)};
    EXPECT_EQ(ComputeDeadlines(calendar, rules, in).step_due, core::Date(2026, 10, 9));
}

TEST(CaseDeadlines, OverdueAndRed) {
    Deadlines d;
    d.step_due = core::Date(2026, 10, 27);
    EXPECT_FALSE(IsOverdue(d, "verifying", false, core::Date(2026, 10, 27)));
    EXPECT_TRUE(IsOverdue(d, "verifying", false, core::Date(2026, 10, 28)));
    EXPECT_FALSE(IsOverdue(d, "verifying", true, core::Date(2026, 10, 28)));
    EXPECT_FALSE(IsOverdue(d, "closed", false, core::Date(2026, 10, 28)));
    EXPECT_FALSE(DueForRed(core::Date(2026, 10, 28), core::Date(2026, 11, 6), 10, false));
    EXPECT_TRUE(DueForRed(core::Date(2026, 10, 28), core::Date(2026, 11, 7), 10, false));
    EXPECT_FALSE(DueForRed(core::Date(2026, 10, 28), core::Date(2026, 11, 7), 10, true));
}

TEST(CaseNextActions, OnlyTheStepsTheCaseAllowsNow) {
    using List = std::vector<std::string_view>;
    Case c;
    c.state = "accepted";
    EXPECT_EQ(steps::AllowedStaffSteps(c, {}),
              (List{"contact", "reroute", "pause", "key_grade", "leader_assign", "note"}));
    c.state = "verifying";
    EXPECT_EQ(steps::AllowedStaffSteps(c, {}),
              (List{"investigate", "mediate", "order", "pay", "close", "penalty", "fund_advance", "deposit_payment",
                    "police_transfer", "litigation_referral", "reroute", "pause", "key_grade", "leader_assign",
                    "note"}));
    // Under investigation: extend once, never investigate twice.
    c.investigation = true;
    auto offered = steps::AllowedStaffSteps(c, {});
    EXPECT_NE(std::find(offered.begin(), offered.end(), "extend"), offered.end());
    EXPECT_EQ(std::find(offered.begin(), offered.end(), "investigate"), offered.end());
    c.extended = true;
    offered = steps::AllowedStaffSteps(c, {});
    EXPECT_EQ(std::find(offered.begin(), offered.end(), "extend"), offered.end());
    // Paused: resume and what may happen while the clock stands still.
    c.paused = true;
    EXPECT_EQ(steps::AllowedStaffSteps(c, {}), (List{"resume", "key_grade", "leader_assign", "note"}));
    c.state = "mediating";
    Step agreement;
    agreement.kind = "mediation_agreement";
    EXPECT_EQ(steps::AllowedStaffSteps(c, {agreement}), (List{"judicial_confirmation", "resume", "key_grade", "leader_assign", "note"}));
    // Closed: a note, and recovering an emergency advance once one was paid.
    c = Case{};
    c.state = "closed";
    EXPECT_EQ(steps::AllowedStaffSteps(c, {}), (List{"callback", "note"}));
    // A red case is not set red again.
    c.state = "verifying";
    c.key_grade = "red";
    offered = steps::AllowedStaffSteps(c, {});
    EXPECT_EQ(std::find(offered.begin(), offered.end(), "key_grade"), offered.end());
    c = Case{};
    c.state = "closed";
    Step advance;
    advance.kind = "fund_advance";
    EXPECT_EQ(steps::AllowedStaffSteps(c, {advance}), (List{"fund_repayment", "callback", "note"}));
    // Whatever is offered, Apply accepts in that state.
    for (std::string_view state : kStates) {
        Case any;
        any.state = std::string(state);
        for (auto kind : steps::AllowedStaffSteps(any, {agreement, advance})) {
            EXPECT_NO_THROW(Apply(state, false, kind)) << state << " " << kind;
        }
    }
}

// One definition of each step's form: the forms the console renders are exactly the staff steps of the
// state table, in its order, and each field the server reads is described with its limit.
TEST(CaseStepForms, EveryStaffStepHasItsFormAndNothingElse) {
    std::vector<std::string> staff;
    for (const auto& rule : StepRules())
        if (rule.origin == Origin::kStaff) staff.emplace_back(rule.kind);
    std::vector<std::string> forms;
    const auto json = steps::FormsJson();
    for (const auto& form : json.as_array()) {
        const auto& f = form.as_object();
        forms.emplace_back(f.at("kind").as_string());
        EXPECT_FALSE(f.at("title").as_string().empty());
        for (const auto& field : f.at("fields").as_array()) {
            const auto& x = field.as_object();
            const std::string type(x.at("type").as_string());
            if (type == "text" || type == "textarea") {
                EXPECT_GT(x.at("maxChars").to_number<std::int64_t>(), 0) << x;
            }
            if (type == "yuan") {
                EXPECT_TRUE(x.contains("minFen")) << x;
            }
            if (type == "select") {
                EXPECT_FALSE(x.at("options").as_array().empty()) << x;
            }
        }
    }
    EXPECT_EQ(forms, staff);
}

// The console's unit tests read the forms from web/src/utils/__tests__/case-step-forms.json: it must be
// exactly what the server publishes. ANXIN_WRITE_FIXTURES=1 rewrites it after a change of the table.
TEST(CaseStepForms, TheConsoleFixtureIsWhatTheServerPublishes) {
    std::filesystem::path root;
    if (const char* env = std::getenv("ANXIN_DATA_DIR"); env && *env) {
        root = std::filesystem::path(env) / "..";
    } else {
        root = std::filesystem::path(__FILE__).parent_path() / ".." / ".." / "..";
    }
    const auto fixture = root / "web" / "src" / "utils" / "__tests__" / "case-step-forms.json";
    const boost::json::value published{{"items", steps::FormsJson()}};
    if (const char* write = std::getenv("ANXIN_WRITE_FIXTURES"); write && *write == '1') {
        std::ofstream(fixture) << boost::json::serialize(published) << "\n";
    }
    std::ifstream in(fixture);
    ASSERT_TRUE(in) << fixture;
    std::stringstream text;
    text << in.rdbuf();
    EXPECT_EQ(boost::json::parse(text.str()), published)
        << fixture << " differs from GET /api/v1/case-step-forms: rerun with ANXIN_WRITE_FIXTURES=1";
}

TEST(CaseReminders, OneWorkingDayBeforeOverNationalDay2026) {
    const auto& cal = core::WorkingCalendar::Embedded();
    const core::Date due(2026, 10, 8);  // the first working day after the holiday
    EXPECT_FALSE(ReminderDue(cal, due, 1, core::Date(2026, 9, 29)));
    EXPECT_TRUE(ReminderDue(cal, due, 1, core::Date(2026, 9, 30)));  // the last working day before it
    EXPECT_TRUE(ReminderDue(cal, due, 1, core::Date(2026, 10, 4)));   // still due (the outbox sends it once)
    EXPECT_TRUE(ReminderDue(cal, due, 1, due));
    EXPECT_FALSE(ReminderDue(cal, due, 1, core::Date(2026, 10, 9)));  // overdue: the card's business
    EXPECT_FALSE(ReminderDue(cal, due, 0, core::Date(2026, 10, 8)));  // 0 turns reminders off
    EXPECT_FALSE(ReminderDue(cal, due, 2, core::Date(2026, 9, 28)));
    EXPECT_TRUE(ReminderDue(cal, due, 2, core::Date(2026, 9, 29)));
}

TEST(CaseReminders, TheDeadlinesOfTheStateByName) {
    Deadlines d;
    d.first_contact_due = core::Date(2026, 3, 2);
    d.first_response_due = core::Date(2026, 3, 5);
    d.close_due = core::Date(2026, 3, 23);
    auto names = [&](std::string_view state, std::optional<core::Date> step, std::optional<core::Date> pay_by) {
        d.step_due = step;
        std::vector<std::string> out;
        for (const auto& n : ReminderDeadlines(d, state, pay_by)) {
            out.push_back(std::string(n.kind) + "@" + n.on.ToString());
        }
        return out;
    };
    using V = std::vector<std::string>;
    EXPECT_EQ(names("accepted", d.first_contact_due, std::nullopt),
              (V{"first_contact@2026-03-02", "close@2026-03-23"}));
    EXPECT_EQ(names("contacted", d.first_response_due, std::nullopt),
              (V{"first_response@2026-03-05", "close@2026-03-23"}));
    EXPECT_EQ(names("verifying", d.close_due, std::nullopt), (V{"close@2026-03-23"}));
    EXPECT_EQ(names("ordered", core::Date(2026, 3, 20), core::Date(2026, 3, 20)),
              (V{"pay_by@2026-03-20", "close@2026-03-23"}));
    EXPECT_EQ(names("ordered", d.close_due, core::Date(2026, 4, 30)), (V{"close@2026-03-23"}));  // pay-by after close
    EXPECT_TRUE(names("closed", std::nullopt, std::nullopt).empty());
}

TEST(CaseComplainantTexts, EveryPublicStepButOpeningClosureAndTheirOwnAnswerIsTold) {
    for (const auto& rule : StepRules()) {
        const bool told = ComplainantStepText(rule.kind).has_value();
        const bool own_message = rule.kind == "opened" || rule.kind == "close" || rule.kind == "worker_confirmation";
        EXPECT_EQ(told, rule.is_public && !own_message) << rule.kind;
    }
    EXPECT_EQ(ComplainantStepText("order"), "已责令用人单位限期支付");
}

TEST(CaseCrime, Thresholds) {
    // One worker, 3 months, ¥5000 → crosses; 2 months → not.
    EXPECT_TRUE(CheckCrimeThresholds({{1, 500000, 3}}, 500000, 3000000).crosses);
    EXPECT_FALSE(CheckCrimeThresholds({{1, 500000, 2}}, 500000, 3000000).crosses);
    // Ten workers, ¥30000 in total → crosses; nine → not.
    std::vector<ClaimFigures> ten(10, ClaimFigures{1, 300000, 1});
    EXPECT_TRUE(CheckCrimeThresholds(ten, 500000, 3000000).crosses);
    ten.pop_back();
    EXPECT_FALSE(CheckCrimeThresholds(ten, 500000, 3000000).crosses);
    EXPECT_EQ(MonthsBetween("2025-11", "2026-01"), 3);
    EXPECT_EQ(MonthsBetween(std::nullopt, "2026-01"), 0);
}

}  // namespace
}  // namespace anxin::cases::workflow
