// The warnings module as other modules see it: the risk warning engine (三级预警, WARNINGS.md).
// Indicators read platform data set-based over every active project (or a given subset), raise a
// warning per (indicator, subject, period) with its level, evidence and a deadline to clear it by
// (working days by level, per-region parameters), clear it when a later evaluation no longer finds
// the condition (reopen if it returns), and turn one not cleared by its deadline into a case
// through CaseOpener (三网融合). Tables warnings_* (migration 0008).
//
// Hooks for other modules (AFTER their own transaction committed — the engine opens its own):
//   core::ProjectChangeSink: the writers of project data (attendance batches, contracts and entry/exit,
//   payrolls, bank returns and feeds, allocations, accounts, deposits, complaints) tell the app's
//   ChangedProjectCollector (change_collector.hpp), whose job re-evaluates those projects within
//   seconds; WarningService::EvaluateProjects is the call underneath.
//   CaseOpener and ComplaintFacts — implemented by the cases module (which links warnings, not the
//   other way round); WarningNotifier — by the outbox notifier here. All three are given to the
//   WarningService at construction.
#pragma once

#include <boost/json/value.hpp>
#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/calendar.hpp"
#include "core/crypto.hpp"
#include "core/money.hpp"
#include "core/principal.hpp"
#include "core/time.hpp"
#include "region/parameters.hpp"
#include "storage/database.hpp"

namespace anxin::http {
class Router;
}

namespace anxin::warnings {

enum class Level { kBlue = 1, kYellow = 2, kRed = 3 };
std::string_view LevelName(Level level);  // "blue", "yellow", "red"
std::optional<Level> ParseLevel(std::string_view name);

inline constexpr std::string_view kStatuses[] = {"open", "acknowledged", "handling", "cleared", "dismissed", "escalated"};
inline constexpr std::string_view kResponsibleKinds[] = {"enterprise", "construction_unit", "bank", "department"};

// One indicator of the catalog. `evaluated` is false for reserved codes (CRD-*, OPS-01, CON-02):
// the platform does not hold their data yet. `not_evaluated` says precisely which part of the
// catalog's trigger is not checked and why ("" when the whole trigger is evaluated).
struct IndicatorInfo {
    std::string_view code;
    std::string_view name;         // Chinese
    std::string_view family;       // ACC, LAB, DEP, PAY, RN, SITE, CON, CLS, CPL, CRD, OPS
    std::string_view levels;       // "Y → R", "R", "B", ...
    std::string_view basis;        // legal basis as in the catalog
    std::string_view responsible;  // kResponsibleKinds
    bool evaluated = true;
    std::string_view not_evaluated;
    // A warning past its deadline becomes a case (三网融合) unless its disposal lies elsewhere: CRD-02
    // (a listed participant) is answered by the list's restrictions, not by an arrears case.
    bool opens_case = true;
};
std::span<const IndicatorInfo> IndicatorCatalog();
const IndicatorInfo* FindIndicator(std::string_view code);  // nullptr when unknown

struct Warning {
    std::string id;
    std::string indicator;
    std::string subject_kind;  // project | instrument | deposit_use | deposit_return
    std::string subject_id;
    std::string period;  // YYYY-MM, YYYY or ""
    std::optional<std::string> project_id;
    std::optional<std::string> enterprise_id;  // the project's general contractor
    std::string region_code;
    std::string industry;
    std::string level;   // red | yellow | blue
    std::string status;  // kStatuses
    boost::json::value evidence;
    std::string explanation;
    core::Timestamp first_seen_at;
    core::Timestamp last_seen_at;
    core::Timestamp level_changed_at;
    core::Date raised_on;
    core::Date deadline_on;
    std::optional<core::Date> deadline_reminded_on;
    std::string responsible_kind;  // kResponsibleKinds
    std::optional<std::string> responsible_id;
    std::optional<std::string> case_id;
    std::optional<core::Timestamp> cleared_at;
    std::optional<std::string> dismissed_reason;
    std::optional<std::string> dismissed_by;
    core::Timestamp updated_at;
};

struct WarningEvent {
    std::string id;
    std::string warning_id;
    std::string kind;  // raised, escalated, acknowledged, handling, cleared, reopened, dismissed, escalated_to_case
    core::Timestamp at;
    std::string actor;  // user id or "system"
    boost::json::value detail;
};

// ---- hooks ---------------------------------------------------------------------------------------
// 三网融合: a warning not cleared by its deadline becomes a case. Implemented by the cases module and
// wired by the app. Called inside the engine's write transaction; must not commit it. The case side
// stores the warning id (cases_case.warning_id); the engine stores the returned case id.
class CaseOpener {
  public:
    virtual ~CaseOpener() = default;
    // Returns the id of the case opened (or already open) for the warning.
    virtual std::string OpenCaseForWarning(storage::Transaction& tx, const Warning& warning) = 0;
    // The warning's condition is gone (warning.case_id names the case): the case records it.
    virtual void WarningCleared(storage::Transaction& /*tx*/, const Warning& /*warning*/) {}
};

// The complaint side of the indicators (CLS-01, CPL-01, CPL-02, PAY-10): clues and cases as they
// stood at a moment. Implemented by the cases module over its cases and what clues publishes;
// warnings never names their tables. `before` is an exclusive instant (the start of the day after the
// evaluation's as-of date); `project_ids` null means every project.
class ComplaintFacts {
  public:
    virtual ~ComplaintFacts() = default;
    // A clue received before `before` that was still awaiting its decision, or accepted and under
    // handling, at that instant (project known).
    struct OpenClue {
        std::string project_id;
        std::optional<std::string> worker_id;
    };
    virtual std::vector<OpenClue> CluesUnderHandling(storage::Transaction& tx, core::Timestamp before,
                                                     const std::vector<std::string>* project_ids) const = 0;
    // Per project: cases opened before `before` and not closed by then.
    virtual std::map<std::string, std::int64_t> OpenCasesByProject(storage::Transaction& tx, core::Timestamp before,
                                                                   const std::vector<std::string>* project_ids) const = 0;
    // Clues about a project received in [from, before), neither rejected nor merged, oldest first.
    struct ReceivedClue {
        std::string project_id;
        std::string id;
        std::string tracking_code;
        std::string channel;
        std::int64_t worker_count = 0;
        core::Fen amount = 0;
        core::Timestamp received_at;
    };
    virtual std::vector<ReceivedClue> CluesReceived(storage::Transaction& tx, core::Timestamp from, core::Timestamp before,
                                                    const std::vector<std::string>* project_ids) const = 0;
    // Clues about a project in a time-limited stage at `before`: awaiting acceptance (received then,
    // decided only later or not yet), or accepted with their case open then.
    struct PendingClue {
        std::string project_id;
        std::string id;
        std::string tracking_code;
        bool accepted = false;  // false: awaiting acceptance
        core::Timestamp received_at;
        std::optional<std::string> case_id;
    };
    virtual std::vector<PendingClue> CluesInTimeLimitedStage(storage::Transaction& tx, core::Timestamp before,
                                                             const std::vector<std::string>* project_ids) const = 0;
    // Cases whose order to pay (责令限期支付) had passed its deadline on `as_of` with wages still owed:
    // in the ordered stage with its pay-by date before that day (CRD-01).
    struct MissedPayOrder {
        std::string project_id;
        std::string case_id;
        std::string case_number;
        std::string employer_id;
        std::string employer_name;
        core::Date order_due;
        core::Fen owed = 0;  // claimed less recovered
        bool police_transferred = false;  // the case was transferred to the police (CRD-03 is answered)
    };
    virtual std::vector<MissedPayOrder> MissedPayOrders(storage::Transaction& tx, core::Date as_of,
                                                        const std::vector<std::string>* project_ids) const = 0;
};

// Messages on raise, escalation and before the deadline, written inside the engine's transaction
// (an outbox). template_name: "warning.raised", "warning.escalated", "warning.deadline_soon".
// The implementation picks the recipients (the responsible enterprise's labor-affairs officer and
// the project's 五员) and must dedupe by dedupe_key.
class WarningNotifier {
  public:
    virtual ~WarningNotifier() = default;
    virtual void Notify(storage::Transaction& tx, const Warning& warning, std::string_view template_name,
                        const boost::json::object& params, const std::string& dedupe_key) = 0;
};

// ---- evaluation ----------------------------------------------------------------------------------
struct RunFailure {
    std::string indicator;
    std::optional<std::string> project_id;
    std::string error;
};

struct RunSummary {
    std::string id;
    core::Date as_of;
    std::string kind;  // full | incremental
    core::Timestamp started_at;
    core::Timestamp finished_at;
    std::int64_t projects = 0;
    std::int64_t raised = 0;   // new or reopened
    std::int64_t updated = 0;  // still present with a change (level, evidence)
    std::int64_t cleared = 0;
    std::int64_t escalated_to_case = 0;
    std::vector<RunFailure> failures;
};

struct EvaluationRequest {
    std::optional<core::Date> as_of;                      // default: today (Shanghai); never in the future
    std::optional<std::vector<std::string>> project_ids;  // absent: full run over every project
};

// ---- queries -------------------------------------------------------------------------------------
struct WarningQuery {
    std::optional<std::string> region_code;  // that region and below
    std::optional<std::string> level;
    std::optional<std::string> indicator;
    std::optional<std::string> project_id;
    std::optional<std::string> enterprise_id;
    std::optional<std::string> status;  // one of kStatuses, or "active" (open, acknowledged, handling, escalated)
    std::int64_t offset = 0;
    std::int64_t limit = 20;
};

struct WarningPage {
    std::vector<Warning> items;
    std::int64_t total = 0;
};

struct WarningDetail {
    Warning warning;
    std::vector<WarningEvent> events;
};

struct CountRow {
    std::string key;
    std::int64_t count = 0;
};

struct WarningSummary {
    std::string region_code;
    std::vector<CountRow> by_level;      // active warnings
    std::vector<CountRow> by_status;     // all warnings
    std::vector<CountRow> by_indicator;  // active warnings
    struct County {
        std::string county_code;
        std::int64_t red = 0;
        std::int64_t yellow = 0;
        std::int64_t blue = 0;
    };
    std::vector<County> by_county;  // active warnings, for the map
    std::int64_t closed = 0;                   // cleared (ever raised and cleared)
    std::int64_t cleared_within_deadline = 0;  // cleared on or before the deadline date
    double clearance_rate = 0;                 // cleared_within_deadline / closed (0 when none)
};

// Thread-safe: holds references that must outlive it; hooks are set once before serving. Runs are
// serialised within the process (the nightly full run, the live job of ChangedProjectCollector and
// POST /warnings/evaluate never overlap): a run that read older data must not apply after a newer one.
// Errors are anxin::Error: kInvalidArgument ("asOf" in the future, unknown "indicator", "level",
// "status", "reason"), kNotFound (absent or outside the caller's project scope), kConflict (a
// transition the status does not allow).
// What the engine consults besides its own tables. A null opener escalates nothing; a null notifier
// sends nothing; null complaint facts make the complaint indicators find nothing.
struct WarningCollaborators {
    CaseOpener* case_opener = nullptr;
    WarningNotifier* notifier = nullptr;
    const ComplaintFacts* complaints = nullptr;
};

class WarningService {
  public:
    using Collaborators = WarningCollaborators;
    WarningService(storage::Database& db, const core::Clock& clock, const region::ParameterService& parameters,
                   const core::WorkingCalendar& calendar, const core::FieldCipher* cipher,
                   Collaborators collaborators = {});

    // Full run over every project; as_of defaults to today. A failing indicator (or project) is
    // logged and reported in the summary (warnings_run.failures); the others still run.
    RunSummary EvaluateAll(std::optional<core::Date> as_of = std::nullopt);
    // Incremental run: the same indicators restricted to these projects (unknown ids find nothing).
    RunSummary EvaluateProjects(std::span<const std::string> project_ids,
                                std::optional<core::Date> as_of = std::nullopt);
    // The API / CLI entry: validates (asOf not in the future, at most 1000 project ids) and audits.
    RunSummary Evaluate(const core::CallContext& ctx, const EvaluationRequest& request);

    WarningPage List(const core::CallContext& ctx, const WarningQuery& query) const;
    WarningDetail Get(const core::CallContext& ctx, std::string_view id) const;
    // Every warning of the project, newest first (history, all statuses).
    std::vector<Warning> ForProject(const core::CallContext& ctx, std::string_view project_id) const;
    WarningSummary Summarize(const core::CallContext& ctx, std::string_view region_code) const;

    // Lifecycle by people. Acknowledge: open → acknowledged. Handling: open | acknowledged →
    // handling. Dismiss (supervisor; reason 2–500 characters): any but cleared/dismissed → dismissed.
    Warning Acknowledge(const core::CallContext& ctx, std::string_view id, std::string_view note);
    Warning StartHandling(const core::CallContext& ctx, std::string_view id, std::string_view note);
    Warning Dismiss(const core::CallContext& ctx, std::string_view id, std::string_view reason);

  private:
    RunSummary Run(std::optional<std::vector<std::string>> project_ids, core::Date as_of, const std::string& actor);
    Warning Transition(const core::CallContext& ctx, std::string_view id, std::string_view kind,
                       std::string_view detail_text);

    storage::Database& db_;
    const core::Clock& clock_;
    const region::ParameterService& parameters_;
    const core::WorkingCalendar& calendar_;
    const core::FieldCipher* cipher_;
    CaseOpener* case_opener_;
    WarningNotifier* notifier_;
    const ComplaintFacts* complaints_;
    std::mutex run_mutex_;  // held for a whole Run (read and apply)
};

// Routes (warning_routes.cpp):
//   GET  /api/v1/warnings                     warning.read   ?regionCode=&level=&indicator=&projectId=&enterpriseId=&status= (paged)
//   GET  /api/v1/warnings/summary             warning.read   ?regionCode=
//   GET  /api/v1/warnings/indicators          warning.read   the catalog with what is not evaluated
//   GET  /api/v1/warnings/{warningId}         warning.read   with evidence and events
//   GET  /api/v1/projects/{projectId}/warnings warning.read  history
//   POST /api/v1/warnings/{warningId}/acknowledge | /handling   warning.handle  {note?}
//   POST /api/v1/warnings/{warningId}/dismiss                   warning.dismiss {reason}
//   POST /api/v1/warnings/evaluate            warning.evaluate {asOf?, projectIds?}
void RegisterWarningRoutes(http::Router& router, WarningService& service);

}  // namespace anxin::warnings
