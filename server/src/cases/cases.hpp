// The cases module as other modules see it: inspection cases (案件) built from clues, every handling
// step kept (nothing deleted, steps never updated), deadlines in working days with yellow/red cards,
// closure as "paid" only when the money reached the worker, reopening by the worker within the
// reopen window. Other modules include only this header and never read cases_* tables.
//
// Thread-safety: CaseService holds references only (database, clock, parameters, calendar, sinks),
// which must outlive it; it is safe to call from every worker thread.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <boost/json/object.hpp>

#include "core/money.hpp"
#include "core/principal.hpp"
#include "core/time.hpp"
#include "notify/notify.hpp"
#include "storage/database.hpp"

namespace anxin::core {
class WorkingCalendar;
}
namespace anxin::region {
class ParameterService;
}
namespace anxin::http {
class Router;
}

namespace anxin::cases {

// ---- what a clue brings to a case ---------------------------------------------------------------
// Filled by the clues module from its routing, inside its transaction (the clue row already written).
struct ClueFacts {
    std::string clue_id;
    std::string channel;                     // clues_clue.channel
    std::optional<std::string> project_id;   // matched project
    std::optional<std::string> employer_id;  // matched enterprise
    std::string employer_name;
    std::string region_code;  // where it is handled (town or county)
    std::string county_code;  // 6 digits
    std::optional<std::string> industry;
    std::optional<std::string> worker_id;  // the registered worker, when matched
    std::string worker_name;               // complainant (never shown to enterprise users)
    std::int64_t worker_count = 1;
    core::Fen amount = 0;
    std::optional<std::string> unpaid_from;  // YYYY-MM
    std::optional<std::string> unpaid_to;
    std::optional<std::string> key_grade;  // red | yellow | blue
    core::Timestamp received_at;
};

// ---- what a warning brings to a case (三网融合) ------------------------------------------------------
// Filled by the adapter of warnings::CaseOpener (warning_hooks.hpp) from a warning not cleared by its
// deadline and its project, inside the warning engine's transaction. Plain fields: the case service
// does not know the warnings module's types.
struct WarningFacts {
    std::string warning_id;
    std::string indicator;  // LAB-01, ...
    std::string indicator_name;
    std::string level;  // red | yellow | blue
    std::string explanation;
    std::optional<std::string> project_id;
    std::optional<std::string> employer_id;  // the responsible enterprise (general contractor)
    std::string employer_name;               // or the project's name when the enterprise is unknown
    std::string region_code;                 // the project's region (town or county)
    std::optional<std::string> industry;
    core::Fen amount = 0;  // the evidence's amount when it has one, else 0
    core::Date deadline_on;  // the warning's deadline that passed
};

// ---- the case as read --------------------------------------------------------------------------
struct Claim {
    std::string clue_id;
    std::optional<std::string> worker_id;    // hidden (nullopt) for enterprise users
    std::optional<std::string> worker_name;  // hidden (nullopt) for enterprise users
    std::int64_t worker_count = 1;
    core::Fen amount = 0;
    std::optional<std::string> unpaid_from;
    std::optional<std::string> unpaid_to;
    // Close-as-paid coverage: bank-confirmed pay (WageStandings of worker × project × months) or the
    // worker's own H5 confirmation.
    core::Fen paid_confirmed = 0;
    bool worker_confirmed = false;
    core::Fen uncovered = 0;
    core::Timestamp created_at;
};

// An attached file as a case's reader sees it (names from the files module).
struct AttachedFile {
    std::string id;
    std::string file_name;
    std::string content_type;
    std::int64_t size = 0;
};

struct Step {
    std::string id;
    std::int64_t seq = 0;
    std::string kind;
    std::string actor_id;
    std::string actor_name;
    core::Timestamp at;
    boost::json::object detail;
    std::vector<std::string> attachments;  // file ids (files module)
    std::vector<AttachedFile> attached_files;  // read views: the same files with their names
};

struct Deadlines {
    core::Date base_on;              // received (or reopened) date
    core::Date accept_due;           // clue.accept_working_days (met: the case exists)
    core::Date first_contact_due;    // contact on the day received (next working day when not one)
    core::Date first_response_due;   // clue.first_response_working_days
    core::Date close_due;            // 15 WD, key grades tighter, investigation 60 (+30)
    std::optional<core::Date> step_due;  // the one that applies in the current state
    // Working days from today to step_due (0 = due today, negative = overdue); read views only.
    std::optional<int> working_days_left;
    // A deadline falls in a year whose holidays are not loaded yet: counted over weekends only, it
    // may still move (the console says so).
    bool uncertain = false;
};

struct CrimeCheck {
    core::Fen single_worker_threshold = 0;  // crime.single_worker_threshold_fen
    core::Fen total_threshold = 0;          // crime.total_threshold_fen
    std::int64_t workers = 0;
    core::Fen total = 0;
    core::Fen largest_single = 0;
    bool crosses = false;  // one worker ≥ single threshold (≥ 3 months) or ≥ 10 workers with total ≥ total threshold
    std::string reason;
};

struct Case {
    std::string id;
    std::string number;  // AX-370102-2026-000123
    std::optional<std::string> project_id;
    std::optional<std::string> employer_id;
    std::string employer_name;
    std::string region_code;
    std::string county_code;
    std::string handling_region;  // county, then city after one reopen, province after two
    std::optional<std::string> industry;
    std::optional<std::string> channel;
    bool collective = false;
    std::string state;
    std::optional<std::string> conclusion;
    std::int64_t escalation_level = 0;
    std::optional<std::string> card;  // yellow | red
    std::optional<core::Timestamp> card_at;
    std::optional<std::string> key_grade;
    std::optional<core::Date> step_deadline_on;
    std::optional<core::Date> close_deadline_on;
    bool paused = false;
    std::optional<std::string> paused_reason;
    std::optional<core::Timestamp> paused_since;
    std::int64_t paused_working_days = 0;
    bool investigation = false;
    bool extended = false;
    std::optional<core::Date> pay_by_on;
    core::Date deadline_base_on;
    core::Fen claimed_amount = 0;
    core::Fen recovered_amount = 0;
    std::optional<core::Timestamp> first_contact_at;
    core::Timestamp last_progress_at;
    core::Timestamp opened_at;
    std::optional<core::Timestamp> closed_at;
    std::optional<std::string> warning_id;  // the warning this case was opened for (三网融合)
    std::optional<std::string> leader_user_id;  // 领导包案: the staff user who took the case
    std::optional<std::string> leader_name;
    std::optional<std::string> satisfaction;  // the latest call-back (回访): satisfied | basic | unsatisfied
    core::Timestamp created_at;
    core::Timestamp updated_at;
};

struct FundAdvance {
    std::string id;
    core::Fen amount = 0;
    std::string approved_by;
    core::Date advanced_on;
    core::Fen repaid_amount = 0;
    std::optional<core::Date> repaid_on;
};

struct CaseDetail {
    Case item;
    std::vector<Claim> claims;
    std::vector<Step> timeline;
    std::vector<FundAdvance> fund_advances;
    Deadlines deadlines;
    CrimeCheck crime;
    core::Fen uncovered = 0;  // what close-as-paid still lacks
    bool identity_hidden = false;
};

struct CaseQuery {
    std::optional<std::string> state;
    std::optional<std::string> card;
    std::optional<std::string> channel;
    std::optional<std::string> project_id;
    std::optional<std::string> employer;  // enterprise id, or a part of the employer's name
    std::vector<std::string> states;            // any of these (the workbench queues); with state, both apply
    std::optional<core::Date> deadline_from;    // step deadline on or after
    std::optional<core::Date> deadline_before;  // step deadline on or before
    std::optional<std::string> key_grade;
    std::optional<std::string> leader_user_id;  // cases this leader took (?leader=me)
    std::optional<std::string> number;          // one case by its number (links from messages)
    std::optional<std::string> region_code;  // that region and below
    std::int64_t offset = 0;
    std::int64_t limit = 20;
};

struct CasePage {
    std::vector<Case> items;
    std::int64_t total = 0;
};

// A handling step as posted: kind plus its fields (validated per kind by the service).
struct NewStep {
    std::string kind;
    boost::json::object fields;            // everything in the body but kind and attachments
    std::vector<std::string> attachments;  // references
};

// The worker's H5 tracking page: public-safe progress only (no notes, cards or internal details).
struct PublicStep {
    std::string kind;
    std::string label;  // Chinese
    core::Timestamp at;
    std::optional<std::string> conclusion;
};
struct PublicCaseView {
    std::string case_number;
    std::string state;
    std::string state_label;
    bool closed = false;
    bool can_reopen = false;
    std::optional<core::Date> reopen_until;
    std::optional<core::Date> next_deadline_on;  // the step deadline while open
    std::vector<PublicStep> steps;
};

// ---- SLA check and daily circular ----------------------------------------------------------------
struct SlaReport {
    core::Date as_of;
    std::int64_t checked = 0;
    std::vector<std::string> yellow;  // case ids carded yellow by this run
    std::vector<std::string> red;     // case ids carded red by this run
    std::int64_t messages = 0;        // red-card messages written
    // case.deadline_soon reminders due today (case × deadline kind × deadline date × handler inbox);
    // the outbox writes each once, so a re-run the same day sends nothing new.
    std::int64_t reminders = 0;
};

struct CircularRow {
    std::string key;   // county code or industry
    std::string name;  // county name ("" when unknown) or industry
    std::int64_t new_cases = 0;
    std::int64_t closed = 0;
    std::int64_t overdue = 0;
    std::int64_t yellow = 0;
    std::int64_t red = 0;
    core::Fen claimed = 0;    // by cases opened that day
    core::Fen recovered = 0;  // by cases closed that day
};
struct Circular {
    core::Date date;
    std::string scope;  // caller's region code ("" = province-wide)
    CircularRow total;
    std::vector<CircularRow> by_county;
    std::vector<CircularRow> by_industry;
};

// ---- messages ----------------------------------------------------------------------------------
// Whom a complainant SMS goes to: the clue's tracking code and the phone the complainant gave. Read
// through the clues module (cases hold no phone), only to address the message; never stored here.
struct ComplainantContact {
    std::string tracking_code;
    std::string phone;
};
// Where the case's messages go (notify::OutboxMessage, written in the step's transaction) and how a
// complainant is reached. The app wires NotifyMessageSink (the outbox; the clues module for contacts).
class MessageSink {
  public:
    virtual ~MessageSink() = default;
    virtual void Enqueue(storage::Transaction& tx, const notify::OutboxMessage& message) = 0;
    // The complainant of a clue of the case; nullopt when it cannot be reached (no data key, no clue).
    virtual std::optional<ComplainantContact> Complainant(storage::Transaction& tx, std::string_view clue_id) = 0;
};

// ---- options ------------------------------------------------------------------------------------
struct CaseOptions {
    // Complaints about the same project or employer within this many days form one collective case.
    int merge_window_days = 30;
    // Who receives red cards and key-clue pushes: the county's principal officials. When unset, the
    // region parameter case.principal_officials of the county (user names, comma separated) gives
    // internal recipients "user:<name>"; when that is empty too, the county's supervision inbox
    // "county-principal:<county code>". (Key-clue close deadlines are region parameters
    // case.key_{red,yellow,blue}_close_working_days.)
    std::function<std::vector<std::string>(storage::Transaction&, const std::string& county_code)> principal_recipients;
};

class CaseService;

// The standard handling conclusions (办结结论), in the order the console lists them.
std::vector<std::string_view> StandardConclusions();
inline constexpr std::string_view kConclusionPaid = "已全额支付";

// Routes (case_routes.cpp). The service must outlive the router.
//   GET  /api/v1/cases                       case.read    paged, filtered, scoped: ?state=a,b&card=&channel=
//                                                         &projectId=&employer=&keyGrade=&regionCode=
//                                                         &deadlineFrom=&deadlineBefore= (step deadline)
//   GET  /api/v1/cases/{caseId}              case.read    case + claims ledger + timeline + allowedSteps
//   POST /api/v1/cases/{caseId}/steps        case.handle  201 with the case detail
//   GET  /api/v1/reports/daily-circular      report.read  ?date=YYYY-MM-DD[&format=xlsx]
void RegisterCaseRoutes(http::Router& router, CaseService& service);

}  // namespace anxin::cases
