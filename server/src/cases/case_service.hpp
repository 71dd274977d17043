// The case service: building cases from clues, recording steps through the transition table,
// deadlines, close-as-paid coverage, the worker's H5 confirm/reopen, the SLA check (sla.cpp) and
// the daily circular (circular.cpp). No HTTP types, no SQL text.
//
// Errors are anxin::Error: kInvalidArgument with JSON field names, kNotFound for absent cases and
// cases outside the caller's scope, kConflict naming the state for steps out of order and the
// uncovered amount for a refused close-as-paid, kForbidden for an escalated case handled below its
// handling level. Every write is audited in its own transaction ("case" events).
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "cases/case_workflow.hpp"
#include "cases/cases.hpp"
#include "core/calendar.hpp"
#include "region/parameters.hpp"

namespace anxin::cases {

class CaseService {
  public:
    // `messages` may be null: then nothing is sent (tests of the rules alone).
    CaseService(storage::Database& db, const core::Clock& clock, const region::ParameterService& parameters,
                const core::WorkingCalendar& calendar, MessageSink* messages, CaseOptions options = {});

    // ---- from clues (inside the clue's transaction; the clue row already exists) ----------------
    // Joins the project's open case, else a recent open case about the same employer (within
    // merge_window_days: the case becomes collective), else opens a new case. Returns the case id.
    std::string AttachClue(storage::Transaction& tx, const ClueFacts& clue);

    // ---- from warnings (三网融合; inside the warning engine's transaction, never committed here) ---
    // A case already opened for this warning is returned as it is. Else the project's open case
    // records a "from_warning" step (event "escalated") and is returned. Else a new case opens: state
    // accepted, channel "warning", number AX-<county>-<year>-<seq>, warning_id set, first step
    // "opened" naming the warning. Audited ("case"); a new case queues case.assigned to the county.
    // kInvalidArgument when the warning has no id or no county-level region.
    std::string OpenFromWarning(storage::Transaction& tx, const WarningFacts& warning);
    // The warning's condition is gone: the case records a "from_warning" step (event "cleared",
    // 预警已消除) without a state change. Returns false (nothing written) when the case does not exist.
    bool RecordWarningCleared(storage::Transaction& tx, std::string_view case_id, const WarningFacts& warning);

    // ---- the workbench ---------------------------------------------------------------------------
    CasePage List(const core::CallContext& ctx, const CaseQuery& query) const;
    CaseDetail Get(const core::CallContext& ctx, std::string_view case_id) const;
    // Validates the step's fields for its kind, applies the transition table, recomputes deadlines,
    // writes the step (never updated afterwards), audits, and queues case.step (case.closed) to each
    // complainant for the steps they are told of (workflow::ComplainantStepText); a reroute queues
    // case.assigned to the new county.
    CaseDetail AddStep(const core::CallContext& ctx, std::string_view case_id, const NewStep& step);

    // ---- the worker's H5 page (inside the clues module's transaction) -----------------------------
    // moneyArrived = true: records the worker's confirmation (it covers that clue's claim for a
    // close as 已全额支付). false: when the case is closed and within case.reopen_within_days it
    // reopens one level up (escalation_level + 1); after that window Error(kConflict). When the case
    // is open the "not arrived" answer is recorded. kNotFound when the clue has no case.
    void RecordWorkerAnswer(storage::Transaction& tx, std::string_view clue_id, bool money_arrived,
                            const std::optional<std::string>& comment);
    // What the tracking page shows; nullopt when the case does not exist.
    std::optional<PublicCaseView> PublicView(storage::Transaction& tx, std::string_view case_id) const;

    // ---- scheduler and reports -------------------------------------------------------------------
    // Cards overdue cases yellow and, red_card_after_days later without progress, red (a case.card
    // message to the county's principal official); reminds the handlers case.deadline_soon_working_days
    // working days before each deadline (once per case, deadline kind and date). Idempotent for one
    // day. One transaction.
    SlaReport RunSlaCheck(core::Date as_of);
    // The daily circular in the caller's region (and industry for industry officers).
    Circular DailyCircular(const core::CallContext& ctx, core::Date date) const;

    // For wages::OpenCaseChecker: whether a case about the project is still open.
    static bool HasOpenCase(storage::Transaction& tx, std::string_view project_id);

  private:
    workflow::DeadlineRules Rules(storage::Transaction& tx, std::string_view region_code) const;
    void Recompute(storage::Transaction& tx, Case& c) const;
    CaseDetail Load(storage::Transaction& tx, const Case& c, bool hide_identity) const;
    void FillCoverage(storage::Transaction& tx, const Case& c, std::vector<Claim>& claims,
                      const std::vector<Step>& steps) const;
    Step WriteStep(storage::Transaction& tx, Case& c, std::string_view kind, const core::Principal& actor,
                   boost::json::object detail, std::vector<std::string> attachments);
    void Send(storage::Transaction& tx, notify::OutboxMessage message);
    void Send(storage::Transaction& tx, const Case& c, notify::OutboxMessage message);  // about the case's region
    std::vector<std::string> PrincipalRecipients(storage::Transaction& tx, const std::string& county_code) const;
    // The county's name for officials' messages (its code when the division table lacks it).
    std::string CountyName(storage::Transaction& tx, const std::string& county_code) const;
    // case.step (or case.closed) to every complainant of the case, one SMS per clue, keyed by the step.
    void TellComplainants(storage::Transaction& tx, const Case& c, const Step& step);
    // case.assigned to the handlers of the case's handling region, keyed by the step that assigned it.
    void TellHandlers(storage::Transaction& tx, const Case& c, std::int64_t seq);
    // case.key_clue to the county's principal officials when a key clue opens or tightens a case.
    void PushKeyClue(storage::Transaction& tx, const Case& c);
  public:
    // After the calendar changed (a year's holidays loaded): every open case's stored deadlines are
    // counted again. Returns how many moved.
    std::int64_t RecomputeOpenDeadlines();
  private:
    void TellLeader(storage::Transaction& tx, const Case& c, std::int64_t seq);
    // case.deadline_soon reminders due on `as_of` (sla.cpp); returns how many are due.
    std::int64_t RemindHandlers(storage::Transaction& tx, const Case& c, core::Date as_of);

    storage::Database& db_;
    const core::Clock& clock_;
    const region::ParameterService& parameters_;
    const core::WorkingCalendar& calendar_;
    MessageSink* messages_;
    CaseOptions options_;
};

}  // namespace anxin::cases
