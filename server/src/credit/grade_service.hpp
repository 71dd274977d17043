// GradeService: the yearly compliance grades (守法诚信等级 A/B/C, 人社部规〔2016〕1号; issue 15 §2) and
// the incentive list (守信激励), and the enterprise's credit file that shows them.
//
// A supervisor evaluates a year for the caller's region: every enterprise that took part in a project
// of the region active that year is graded by GradeFor (grade_rules.hpp) from its anomaly records of
// the year (not revoked) and the list; the rule is kept beside each grade. The draft is reviewed,
// adjusted with a reason, and published; a published run never changes — evaluating the year again
// makes a new version — so the grades in force on any day can be read back (credit.hpp: GradeOf).
// The incentive list: published A grades whose enterprise had no record in the year or the year
// before and was never listed.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <boost/json/object.hpp>

#include "core/principal.hpp"
#include "credit/credit.hpp"
#include "region/parameters.hpp"
#include "storage/database.hpp"

namespace anxin::credit {

struct Grade {
    std::string enterprise_id;
    std::string enterprise_name;
    std::string credit_code;
    std::string computed_grade;
    std::string rule;
    boost::json::object facts;
    std::string grade;
    std::optional<std::string> adjusted_reason, adjusted_by_name;
    bool incentive = false;
};

struct GradeRun {
    std::string id;
    std::string region_code;
    int year = 0;
    int version = 0;
    std::string state;  // draft | published
    core::Timestamp computed_at;
    std::string computed_by_name;
    std::optional<core::Date> published_on;
    std::optional<std::string> published_by_name;
    std::int64_t count_a = 0, count_b = 0, count_c = 0, incentives = 0;
    std::vector<Grade> grades;  // Get only
};

// An enterprise's credit file (企业信用档案): what the platform holds about it, for the departments
// that supervise it and for the enterprise itself.
struct CreditProfile {
    std::string enterprise_id, enterprise_name, credit_code;
    std::optional<GradeInForce> grade;  // in force today
    struct YearGrade {
        int year = 0;
        int version = 0;
        std::string region_code;
        std::string grade;
        std::string rule;
        std::optional<std::string> adjusted_reason;
        core::Date published_on;
        bool incentive = false;
    };
    std::vector<YearGrade> history;  // every published grade, newest first
    core::Date on;                   // the day grade and listed are as of
    bool listed = false;
    struct ListingEntry {  // the list's decisions about it (departments also see procedures under way)
        std::string number, state;
        std::optional<core::Date> decided_on, expires_on, removed_on;
        std::optional<std::string> removal;
    };
    std::vector<ListingEntry> listings;
};

class GradeService {
  public:
    GradeService(storage::Database& db, const core::Clock& clock, const region::ParameterService& parameters)
        : db_(db), clock_(clock), parameters_(parameters) {}

    // Evaluates `year` for the caller's region: a new draft, or the draft recomputed (adjustments kept).
    GradeRun Evaluate(const core::CallContext& ctx, int year);
    // A supervisor's adjustment of a draft's grade, with a reason (required).
    GradeRun Adjust(const core::CallContext& ctx, std::string_view run_id, std::string_view enterprise_id,
                    const std::string& grade, const std::string& reason);
    GradeRun Publish(const core::CallContext& ctx, std::string_view run_id);

    // The run with its grades (filtered by grade when given), newest first by name.
    GradeRun Get(const core::CallContext& ctx, std::string_view run_id, const std::optional<std::string>& grade) const;
    std::vector<GradeRun> Runs(const core::CallContext& ctx) const;
    // The incentive list in force on `on` for the caller's region (published runs only).
    std::vector<Grade> Incentives(const core::CallContext& ctx, core::Date on) const;
    core::Date Today() const { return clock_.TodayInShanghai(); }
    // As of `on` (default today): the grade in force and whether it was listed that day.
    CreditProfile Profile(const core::CallContext& ctx, std::string_view enterprise_id, std::optional<core::Date> on) const;

    // The credit-sharing export of published grades after `cursor` (ExportCursor over the publication
    // time and "<run id>/<enterprise id>"), oldest first.
    struct ExportItem {
        int year = 0;
        int version = 0;
        std::string region_code;
        core::Date published_on;
        Grade grade;
    };
    struct ExportPage {
        std::vector<ExportItem> items;
        std::string next_cursor;
    };
    ExportPage ExportSince(const core::CallContext& ctx, const std::string& cursor, std::int64_t limit) const;

  private:
    storage::Database& db_;
    const core::Clock& clock_;
    const region::ParameterService& parameters_;
};

}  // namespace anxin::credit
