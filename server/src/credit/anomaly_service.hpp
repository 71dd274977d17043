// AnomalyService: credit anomaly records (信用异常记录, issue 15 §1). Raised each night from the facts
// other modules report (credit::AnomalyFacts), or recorded by hand by a supervisor with a reason and an
// attachment; each expires credit.anomaly_months after it occurred; the enterprise may object within
// credit.objection_working_days of the record; the supervisor corrects it (upheld or revoked). Every
// write is audited; the system's are attributed to "credit-anomalies".
//
// Scope: departments see the records of their region; an enterprise user sees its own enterprise's
// (and objects to them); anything else is 404. Refusals by rule are 422 naming the field and the rule.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <boost/json/object.hpp>

#include "core/calendar.hpp"
#include "core/principal.hpp"
#include "credit/credit.hpp"
#include "region/parameters.hpp"
#include "storage/database.hpp"

namespace anxin::credit {

struct Anomaly {
    std::string id;
    std::string number;
    std::string enterprise_id;
    std::string enterprise_name;
    std::string credit_code;
    std::string region_code;
    std::optional<std::string> project_id, project_name;
    std::string source;    // kSources
    std::string category;  // kCategories
    core::Date occurred_on;
    std::string summary;
    boost::json::object evidence;
    std::optional<std::string> file_id;
    std::string recorded_by_name;
    core::Date recorded_on;
    core::Date expires_on;
    core::Date objection_due;
    std::optional<std::string> objection;
    std::optional<core::Date> objected_on;
    std::optional<std::string> objected_by_name;
    std::optional<std::string> correction;  // upheld | revoked
    std::optional<std::string> correction_reason;
    std::optional<core::Date> corrected_on;
    std::optional<std::string> corrected_by_name;
    // Derived today (Shanghai): revoked | expired | objected (awaiting the correction) | active.
    std::string state;
};

struct NewAnomaly {
    std::string enterprise_id;
    std::optional<std::string> project_id;
    std::string category;  // kCategories
    core::Date occurred_on;
    std::string summary;  // the reason: the facts found
    std::string file_id;  // the evidence (required)
};

struct AnomalyQuery {
    std::optional<std::string> enterprise_id;
    std::optional<std::string> state;  // active | objected | revoked | expired
    std::optional<std::string> source;
    std::int64_t offset = 0;
    std::int64_t limit = 20;
};
struct AnomalyPage {
    std::vector<Anomaly> items;
    std::int64_t total = 0;
};

class AnomalyService {
  public:
    AnomalyService(storage::Database& db, const core::Clock& clock, const core::WorkingCalendar& calendar,
                   const region::ParameterService& parameters, std::vector<const AnomalyFacts*> sources)
        : db_(db), clock_(clock), calendar_(calendar), parameters_(parameters), sources_(std::move(sources)) {}

    // The daily job: every fact of the last `lookback_days` up to `as_of` not yet recorded becomes a
    // record (one per source and reference, ever). Returns how many were added.
    std::int64_t RaiseFromFacts(core::Date as_of, int lookback_days = 31);

    Anomaly Record(const core::CallContext& ctx, const NewAnomaly& input);
    // The enterprise's objection (异议), until objection_due; once.
    Anomaly Object(const core::CallContext& ctx, std::string_view id, const std::string& text);
    // The supervisor's correction: revoke (the record no longer counts) or uphold, with a reason.
    Anomaly Correct(const core::CallContext& ctx, std::string_view id, bool revoke, const std::string& reason);

    Anomaly Get(const core::CallContext& ctx, std::string_view id) const;
    AnomalyPage List(const core::CallContext& ctx, const AnomalyQuery& query) const;

    // The credit-sharing export of records changed after `cursor` (ExportCursor), oldest first.
    struct ExportPage {
        std::vector<Anomaly> items;
        std::string next_cursor;
    };
    ExportPage ExportSince(const core::CallContext& ctx, const std::string& cursor, std::int64_t limit) const;

  private:
    Anomaly Load(storage::Transaction& tx, const core::CallContext& ctx, std::string_view id) const;
    void Insert(storage::Transaction& tx, const core::CallContext& ctx, Anomaly& a) const;

    storage::Database& db_;
    const core::Clock& clock_;
    const core::WorkingCalendar& calendar_;
    const region::ParameterService& parameters_;
    std::vector<const AnomalyFacts*> sources_;
};

// A stored anomaly's derived state on `today`.
std::string AnomalyState(const Anomaly& a, core::Date today);

}  // namespace anxin::credit
