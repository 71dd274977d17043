// The staff's case steps as data: for each kind, the form the console shows (fields, limits, options —
// published by GET /api/v1/case-step-forms, so the console renders what the server reads), the check
// on the case's own facts beyond the state table, and what recording it does to the case. The state
// table itself (which state a step may follow and leads to) stays in case_workflow.hpp.
//
//   AllowedStaffSteps  = state table ∩ each step's Check   (the console's next-action panel)
//   CaseService::AddStep = state table, ReadFields, Check, Apply, then write the step and audit.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include "cases/cases.hpp"
#include "core/calendar.hpp"
#include "core/time.hpp"
#include "core/validation.hpp"
#include "storage/database.hpp"

namespace anxin::cases::steps {

enum class FieldType {
    kText,      // one line
    kTextarea,  // line breaks allowed
    kYuan,      // integer fen on the wire, typed as yuan by a person
    kDate,      // YYYY-MM-DD
    kDateTime,  // "YYYY-MM-DD HH:mm:ss" (Shanghai) or ISO 8601
    kSelect,    // one of `options`
    kAdvance,   // the id of one of the case's fund advances (the console offers a picker)
    kRegion,    // a county (6) or town (9) division code (the console offers a region picker)
    kStaff,     // a staff user's id whose scope covers the case (the console offers a staff picker)
};

struct Option {
    std::string value;
    std::string label;
};

struct FieldSpec {
    std::string_view name;   // the JSON name
    std::string_view label;  // Chinese
    FieldType type = FieldType::kText;
    bool required = false;
    std::size_t max_chars = 100;  // text fields
    core::Fen min_fen = 0;        // yuan fields
    std::vector<Option> options;  // select fields
    std::string_view placeholder = {};
    bool not_past = false;    // dates: not before today
    bool not_future = false;  // date-times: not after now
};

// What Apply may use: the case (changed in place), the values read from the body (by field name, in
// their wire form), the detail recorded on the step, and the case as it stands.
struct StepApplication {
    storage::Transaction& tx;
    Case& c;
    const boost::json::object& values;
    boost::json::object& detail;
    core::Timestamp now;
    core::Date today;
    const core::WorkingCalendar& calendar;
    std::function<CaseDetail()> load;  // timeline, claims, crime check and uncovered amount
};

struct StepSpec {
    std::string_view kind;
    std::string_view title;  // the console's button and panel title
    std::string_view hint = {};
    bool danger = false;     // the console asks for confirmation
    std::vector<FieldSpec> fields;
    // Why the step may not be recorded on this case's facts (beyond its state): nullopt when it may.
    std::function<std::optional<std::string>(const Case&, const std::vector<Step>& timeline)> check;
    // What recording it does to the case; by default the values become the step's detail.
    std::function<void(StepApplication&)> apply;
    bool tells_handlers = false;  // the new handlers get a message (reroute)
    bool pushes_key_grade = false;  // the county's principal officials get the key grade (分级督办)
};

// Every step a staff member may post, in the order of workflow::StepRules().
const std::vector<StepSpec>& StaffSteps();
const StepSpec* FindStaffStep(std::string_view kind);

// Reads the step's declared fields and the optional `note` from the body into `values`, recording
// every problem on the reader (the caller finishes it).
void ReadFields(const StepSpec& spec, core::JsonReader& reader, core::Date today, core::Timestamp now,
                boost::json::object& values);

// The staff steps that may be posted now: those the state table allows in the case's state and pause
// whose Check passes. Table order. Who may post (permission, escalation) is the caller's question.
std::vector<std::string_view> AllowedStaffSteps(const Case& c, const std::vector<Step>& timeline);

// The forms of every staff step, for GET /api/v1/case-step-forms:
// [{kind, title, hint, danger, fields: [{name, label, type, required, maxChars, minFen, options, …}]}].
boost::json::value FormsJson();

}  // namespace anxin::cases::steps
