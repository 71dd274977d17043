#include "clues/clue_stats.hpp"

namespace anxin::clues {
namespace {

// The clue's handling region (and industry, for industry officers).
registry::SqlFilter ClueFilter(const registry::StatsScope& scope, int first_placeholder) {
    auto f = registry::RegionRange("c.region_code", scope.region_code, first_placeholder);
    if (!scope.industry.empty()) {
        f.condition = "(" + f.condition + " AND c.industry = $" +
                      std::to_string(first_placeholder + static_cast<int>(f.params.size())) + ")";
        f.params.emplace_back(scope.industry);
    }
    return f;
}

}  // namespace

std::map<std::pair<std::string, std::string>, std::int64_t> OpenCluesByChildAndGrade(
    storage::Transaction& tx, const registry::StatsScope& scope) {
    auto filter = ClueFilter(scope, 1);
    std::map<std::pair<std::string, std::string>, std::int64_t> out;
    for (const auto& r : tx.Query("SELECT " + registry::ChildKeySql(scope, "c.region_code") +
                                      ", COALESCE(c.key_grade, ''), COUNT(*) FROM clues_clue c "
                                      "WHERE c.status = 'received' AND " + filter.condition + " GROUP BY 1, 2",
                                  filter.params))
        out[{r.Text(0), r.Text(1)}] += r.Int(2);
    return out;
}

std::vector<std::int64_t> NewCluesByMonth(storage::Transaction& tx, const registry::StatsScope& scope,
                                          const registry::StatsMonths& months) {
    std::vector<storage::Param> params;
    std::string bucket = registry::MonthBucketSql("c.received_at", months, params);
    params.emplace_back(core::ToMillis(months.starts.front().StartInShanghai()));
    const int since = static_cast<int>(params.size());
    auto filter = ClueFilter(scope, since + 1);
    params.insert(params.end(), filter.params.begin(), filter.params.end());
    std::vector<std::int64_t> out(months.labels.size(), 0);
    for (const auto& r : tx.Query("SELECT " + bucket + ", COUNT(*) FROM clues_clue c WHERE c.received_at >= $" +
                                      std::to_string(since) + " AND c.status <> 'merged' AND " + filter.condition +
                                      " GROUP BY 1",
                                  params)) {
        auto i = r.Int(0);
        if (i >= 0 && i < static_cast<std::int64_t>(out.size())) out[i] += r.Int(1);
    }
    return out;
}

}  // namespace anxin::clues
