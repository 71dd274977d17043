// Aggregates over the wages module's tables for dashboards (module `dashboard`): bank-confirmed wages
// paid per month and projects with a labor-cost allocation per month, over a registry::StatsScope.
// Reads only; the caller decides which slice a principal may ask for.
#pragma once

#include <cstdint>
#include <vector>

#include "registry/registry_stats.hpp"
#include "storage/database.hpp"

namespace anxin::wages {

// Wages the banks confirmed paid (pay-batch lines settled as paid), in fen, per month of the settlement
// date; one entry per month of `months`.
std::vector<std::int64_t> WagesPaidByMonth(storage::Transaction& tx, const registry::StatsScope& scope,
                                           const registry::StatsMonths& months);

// Projects now under construction that received at least one labor-cost allocation for each period
// (the month the allocation is for); one entry per month of `months`.
std::vector<std::int64_t> ProjectsAllocatedByMonth(storage::Transaction& tx, const registry::StatsScope& scope,
                                                   const registry::StatsMonths& months);

}  // namespace anxin::wages
