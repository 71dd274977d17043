// The pure rules of a case: the state machine (one transition table, case_workflow.cpp) and the
// deadline arithmetic in working days. No storage, no clock: everything comes in as arguments, so
// every allowed and forbidden transition is tested without a database.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cases/cases.hpp"
#include "core/calendar.hpp"
#include "core/time.hpp"

namespace anxin::cases::workflow {

// accepted → contacted → verifying → (mediating | ordered) → paying → closed; reopen: closed → verifying.
inline constexpr std::string_view kStates[] = {"accepted", "contacted", "verifying", "mediating",
                                               "ordered",  "paying",    "closed"};
bool IsState(std::string_view state);
std::string_view StateLabel(std::string_view state);  // 已受理, 已联系, 核查中, ...

// Who may record a step of this kind.
enum class Origin {
    kStaff,   // POST /cases/{id}/steps (case.handle)
    kWorker,  // the H5 hook (worker_confirmation, reopen)
    kSystem,  // the service itself (opened, clue_joined, card, from_warning)
};

struct StepRule {
    std::string_view kind;
    std::string_view label;                 // Chinese
    std::vector<std::string_view> from;     // states where it may occur
    std::optional<std::string_view> to;     // new state; nullopt = stays
    Origin origin = Origin::kStaff;
    bool allowed_while_paused = false;      // only these may be recorded while the clock is paused
    bool progress = true;                   // counts as progress for the red card
    bool is_public = true;                  // shown on the worker's H5 tracking page
};

// The transition table. nullptr for an unknown kind.
const StepRule* FindStepRule(std::string_view kind);
const std::vector<StepRule>& StepRules();

// The state after `kind` in `state` (paused = the clock is paused). Throws Error(kConflict) naming
// the state ("案件当前状态为「已受理」…", field "state") when the step may not occur there, and
// Error(kInvalidArgument) on "kind" for an unknown kind.
std::string Apply(std::string_view state, bool paused, std::string_view kind);

// The staff steps that may be posted now, with their forms and checks: case_steps.hpp.

// ---- deadlines ----------------------------------------------------------------------------------
struct DeadlineRules {
    int accept_working_days = 1;          // clue.accept_working_days
    int first_response_working_days = 3;  // clue.first_response_working_days
    int close_working_days = 15;          // clue.close_working_days
    int investigate_working_days = 60;    // case.investigate_working_days (LSI 17)
    int extend_working_days = 30;         // case.extend_working_days
    int red_close_working_days = 5;       // key clue grades: case.key_{red,yellow,blue}_close_working_days
    int yellow_close_working_days = 10;
    int blue_close_working_days = 15;
};

struct DeadlineInput {
    core::Date base_on;  // received (or reopened)
    std::string state;
    std::optional<std::string> key_grade;
    bool investigation = false;
    bool extended = false;
    int paused_working_days = 0;  // every deadline moves by the working days paused
    std::optional<core::Date> pay_by_on;
};

// Working days come from `calendar`: AddWorkingDays(base, n + paused). First contact is due on the
// day received, or the next working day when that is not one.
Deadlines ComputeDeadlines(const core::WorkingCalendar& calendar, const DeadlineRules& rules, const DeadlineInput& in);

// The deadlines a handler is reminded of (case.deadline_soon) in the case's state: the step deadline
// under its own name, then the close deadline when it falls on another day. Empty when closed.
struct NamedDeadline {
    std::string_view kind;   // first_contact | first_response | pay_by | close
    std::string_view label;  // 首次联系期限, 首次答复期限, 限期支付期限, 办结期限
    core::Date on;
};
std::vector<NamedDeadline> ReminderDeadlines(const Deadlines& deadlines, std::string_view state,
                                             const std::optional<core::Date>& pay_by_on);

// Whether a reminder `working_days` working days ahead is due on `as_of` for a deadline on `due`:
// from the working day that many working days before it up to the deadline itself (not after: then
// the card applies). Never when working_days <= 0.
bool ReminderDue(const core::WorkingCalendar& calendar, core::Date due, int working_days, core::Date as_of);

// The step in plain words for the complainant's SMS (进度告知, case.step). nullopt for the steps the
// complainant is not told of: internal ones (notes, cards, joins, re-routing, extensions, fund
// recovery, warnings), their own confirmation, opening (clue.accepted says it) and close (it has its
// own message, case.closed).
std::optional<std::string_view> ComplainantStepText(std::string_view kind);

// Overdue: not closed, not paused, and `as_of` is after the step deadline.
bool IsOverdue(const Deadlines& deadlines, std::string_view state, bool paused, core::Date as_of);

// Red card: a yellow card given on `yellow_on`, still without progress `red_after_days` calendar
// days later (progress after the yellow card resets nothing but prevents the red card).
bool DueForRed(core::Date yellow_on, core::Date as_of, int red_after_days, bool progressed_since_yellow);

// Crime thresholds (CRIM 3): one worker unpaid ≥ 3 months with ≥ single threshold, or ≥ 10 workers
// with ≥ total threshold in total.
struct ClaimFigures {
    std::int64_t workers = 1;
    core::Fen amount = 0;
    int months = 0;  // unpaid months, 0 = unknown
};
CrimeCheck CheckCrimeThresholds(const std::vector<ClaimFigures>& claims, core::Fen single_threshold,
                                core::Fen total_threshold);
// Months from "YYYY-MM" to "YYYY-MM" inclusive; 0 when either is missing or malformed.
int MonthsBetween(const std::optional<std::string>& from, const std::optional<std::string>& to);

}  // namespace anxin::cases::workflow
