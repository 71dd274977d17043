// Aggregates over the registry's tables for dashboards (module `dashboard`), and the one rule other
// modules' statistics use to slice projects: a region subtree, as a code range so the region indexes
// serve it, and for industry officers one industry. Reads only; no scope check here: the caller
// decides which slice a principal may ask for.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "core/time.hpp"
#include "registry/project_scope.hpp"
#include "storage/database.hpp"

namespace anxin::registry {

// The slice a dashboard aggregates.
struct StatsScope {
    std::string region_code;  // subtree root ("37", "3701", "370102", "370102001"); "" = everywhere
    std::string industry;     // "" = every industry
    int child_length = 0;     // per-child figures group by the first N digits of region codes (0: none)
};

// `column` lies in the subtree of `region_code`: "(column >= $n AND column < $n+1)" over all-digit
// codes ("3701" → ["3701", "3702")), "(1 = 1)" for "". Placeholders numbered from first_placeholder.
SqlFilter RegionRange(std::string_view column, std::string_view region_code, int first_placeholder);

// Region range plus industry over a project table aliased `alias` (for joins from other modules).
SqlFilter ProjectStatsFilter(const StatsScope& scope, std::string_view alias, int first_placeholder);

// The project table aliased `alias` is a project under construction (在建), the state the dashboards count.
std::string InConstructionCondition(std::string_view alias);

// "substr(column, 1, N)" for the scope's child grouping, or "''" when it has none. N is a code length
// from the scope (never user text), so it is written into the SQL.
std::string ChildKeySql(const StatsScope& scope, std::string_view column);

// The last `count` calendar months up to and including the month of `today`, oldest first.
struct StatsMonths {
    std::vector<std::string> labels;  // "YYYY-MM"
    std::vector<core::Date> starts;   // first day of each month, plus the first day after the last month
    std::string first_day() const { return starts.front().ToString(); }
    std::string end_day() const { return starts.back().ToString(); }  // exclusive
    // Index of a "YYYY-MM…" text in labels, or -1.
    int IndexOf(std::string_view month_or_date) const;
};
StatsMonths LastMonths(core::Date today, int count);

// "CASE WHEN column < $n THEN 0 … END" bucketing a millisecond column into the months (rows before the
// first month get -1 and should be filtered out by the caller); appends the boundaries to params.
std::string MonthBucketSql(std::string_view column, const StatsMonths& months, std::vector<storage::Param>& params);

// Shanghai day number (days since 1970-01-01) of a millisecond instant, as SQL; compare with DayNumber().
std::string ShanghaiDaySql(std::string_view column);
std::int64_t DayNumber(core::Date date);

// Projects under construction (在建) by child region key ("" for projects registered above the children).
std::map<std::string, std::int64_t> ProjectsInConstructionByChild(storage::Transaction& tx, const StatsScope& scope);

// Projects under construction by the month they started ("YYYY-MM" of contract start, else permit date,
// else the date they entered their current status): the denominators of the monthly allocation rate.
std::map<std::string, std::int64_t> ProjectsInConstructionByStartMonth(storage::Transaction& tx,
                                                                       const StatsScope& scope);

// Distinct workers with attendance on `date` (any punch) on projects of the slice.
std::int64_t WorkersOnSite(storage::Transaction& tx, const StatsScope& scope, core::Date date);

}  // namespace anxin::registry
