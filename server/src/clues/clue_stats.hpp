// Aggregates over clues_clue for dashboards (module `dashboard`): open clues (received, not yet
// accepted or rejected) by child region and key-clue grade, and new clues per month, over a
// registry::StatsScope (the clue's handling region and industry). Reads only.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "registry/registry_stats.hpp"
#include "storage/database.hpp"

namespace anxin::clues {

// (child region key, key grade: "red" | "yellow" | "blue" | "" for ordinary clues) → open clues.
std::map<std::pair<std::string, std::string>, std::int64_t> OpenCluesByChildAndGrade(
    storage::Transaction& tx, const registry::StatsScope& scope);

// Clues received per month (merged duplicates not counted); one entry per month of `months`.
std::vector<std::int64_t> NewCluesByMonth(storage::Transaction& tx, const registry::StatsScope& scope,
                                          const registry::StatsMonths& months);

}  // namespace anxin::clues
