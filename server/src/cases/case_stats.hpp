// Aggregates over cases_case for dashboards (module `dashboard`): open cases by child region and card,
// cases closed per month, and closure within the close deadline, over a registry::StatsScope (the
// case's region and industry). Reads only.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "core/time.hpp"
#include "registry/registry_stats.hpp"
#include "storage/database.hpp"

namespace anxin::cases {

// (child region key, card: "red" | "yellow" | "" for none) → open (not closed) cases.
std::map<std::pair<std::string, std::string>, std::int64_t> OpenCasesByChildAndCard(
    storage::Transaction& tx, const registry::StatsScope& scope);

struct CaseClosure {
    std::vector<std::int64_t> closed_by_month;  // cases closed per month of `months`
    std::int64_t closed = 0;                    // closed since the first month
    std::int64_t closed_on_time = 0;            // … on or before their close deadline (no deadline: on time)
    std::int64_t overdue_open = 0;              // still open past their close deadline as of `today`
};
// Closure within deadline (按期办结): the rate a dashboard shows is
// closed_on_time / (closed + overdue_open), so a region that closes nothing does not look punctual.
CaseClosure CaseClosureSince(storage::Transaction& tx, const registry::StatsScope& scope,
                             const registry::StatsMonths& months, core::Date today);

}  // namespace anxin::cases
