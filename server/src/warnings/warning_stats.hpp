// Aggregates over warnings_warning for dashboards (module `dashboard`): active warnings by child region
// and level, warnings raised and cleared per month, and clearance within the deadline, over a
// registry::StatsScope (the warning's region and industry). Reads only.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/time.hpp"
#include "registry/registry_stats.hpp"
#include "storage/database.hpp"

namespace anxin::warnings {

// Active warnings over warnings_warning aliased w (open, acknowledged, handling, or escalated into a
// case and not cleared): the one definition for the dashboards and the projects' open-warning summary.
inline constexpr std::string_view kActiveWarningSql = "w.status IN ('open', 'acknowledged', 'handling', 'escalated')";

// (child region key, level: "red" | "yellow" | "blue") → active warnings (open, acknowledged,
// handling, or escalated into a case and not cleared): the same set as the warnings summary.
std::map<std::pair<std::string, std::string>, std::int64_t> ActiveWarningsByChildAndLevel(
    storage::Transaction& tx, const registry::StatsScope& scope);

struct WarningClearance {
    std::vector<std::int64_t> raised_by_month;   // by the as-of date that raised (or reopened) them
    std::vector<std::int64_t> cleared_by_month;  // cleared per month (and still cleared)
    std::int64_t cleared = 0;                    // cleared since the first month
    std::int64_t cleared_on_time = 0;            // … on or before their deadline
    std::int64_t overdue_active = 0;             // active past their deadline as of `today`
};
// Clearance within deadline (限期消除): the rate a dashboard shows is
// cleared_on_time / (cleared + overdue_active). Dismissed warnings count nowhere.
WarningClearance WarningClearanceSince(storage::Transaction& tx, const registry::StatsScope& scope,
                                       const registry::StatsMonths& months, core::Date today);

}  // namespace anxin::warnings
