#include "cases/case_stats.hpp"

namespace anxin::cases {
namespace {

registry::SqlFilter CaseFilter(const registry::StatsScope& scope, int first_placeholder) {
    auto f = registry::RegionRange("k.region_code", scope.region_code, first_placeholder);
    if (!scope.industry.empty()) {
        f.condition = "(" + f.condition + " AND k.industry = $" +
                      std::to_string(first_placeholder + static_cast<int>(f.params.size())) + ")";
        f.params.emplace_back(scope.industry);
    }
    return f;
}

}  // namespace

std::map<std::pair<std::string, std::string>, std::int64_t> OpenCasesByChildAndCard(
    storage::Transaction& tx, const registry::StatsScope& scope) {
    auto filter = CaseFilter(scope, 1);
    std::map<std::pair<std::string, std::string>, std::int64_t> out;
    for (const auto& r : tx.Query("SELECT " + registry::ChildKeySql(scope, "k.region_code") +
                                      ", COALESCE(k.card, ''), COUNT(*) FROM cases_case k "
                                      "WHERE k.state <> 'closed' AND " + filter.condition + " GROUP BY 1, 2",
                                  filter.params))
        out[{r.Text(0), r.Text(1)}] += r.Int(2);
    return out;
}

CaseClosure CaseClosureSince(storage::Transaction& tx, const registry::StatsScope& scope,
                             const registry::StatsMonths& months, core::Date today) {
    CaseClosure out;
    out.closed_by_month.assign(months.labels.size(), 0);
    // Grouped by (deadline, Shanghai day of closure, month): few groups; the day comparison is done here
    // because date arithmetic on text dates is not portable SQL.
    std::vector<storage::Param> params;
    std::string bucket = registry::MonthBucketSql("k.closed_at", months, params);
    params.emplace_back(core::ToMillis(months.starts.front().StartInShanghai()));
    const int since = static_cast<int>(params.size());
    auto filter = CaseFilter(scope, since + 1);
    params.insert(params.end(), filter.params.begin(), filter.params.end());
    for (const auto& r : tx.Query("SELECT k.close_deadline_on, " + registry::ShanghaiDaySql("k.closed_at") + ", " +
                                      bucket + ", COUNT(*) FROM cases_case k WHERE k.state = 'closed' AND "
                                      "k.closed_at >= $" + std::to_string(since) + " AND " + filter.condition +
                                      " GROUP BY 1, 2, 3",
                                  params)) {
        const auto n = r.Int(3);
        const auto i = r.Int(2);
        if (i >= 0 && i < static_cast<std::int64_t>(out.closed_by_month.size())) out.closed_by_month[i] += n;
        out.closed += n;
        auto deadline = r.OptText(0);
        auto parsed = deadline ? core::Date::Parse(*deadline) : std::nullopt;
        if (!parsed || r.Int(1) <= registry::DayNumber(*parsed)) out.closed_on_time += n;
    }
    std::vector<storage::Param> open_params{today.ToString()};
    auto open_filter = CaseFilter(scope, 2);
    open_params.insert(open_params.end(), open_filter.params.begin(), open_filter.params.end());
    out.overdue_open = tx.QueryOne("SELECT COUNT(*) FROM cases_case k WHERE k.state <> 'closed' AND "
                                   "k.close_deadline_on < $1 AND " + open_filter.condition,
                                   open_params)
                           .Int(0);
    return out;
}

}  // namespace anxin::cases
