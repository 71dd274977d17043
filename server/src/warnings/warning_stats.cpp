#include "warnings/warning_stats.hpp"

namespace anxin::warnings {
namespace {

constexpr std::string_view kActive = kActiveWarningSql;

registry::SqlFilter WarningFilter(const registry::StatsScope& scope, int first_placeholder) {
    auto f = registry::RegionRange("w.region_code", scope.region_code, first_placeholder);
    if (!scope.industry.empty()) {
        f.condition = "(" + f.condition + " AND w.industry = $" +
                      std::to_string(first_placeholder + static_cast<int>(f.params.size())) + ")";
        f.params.emplace_back(scope.industry);
    }
    return f;
}

}  // namespace

std::map<std::pair<std::string, std::string>, std::int64_t> ActiveWarningsByChildAndLevel(
    storage::Transaction& tx, const registry::StatsScope& scope) {
    auto filter = WarningFilter(scope, 1);
    std::map<std::pair<std::string, std::string>, std::int64_t> out;
    for (const auto& r : tx.Query("SELECT " + registry::ChildKeySql(scope, "w.region_code") +
                                      ", w.level, COUNT(*) FROM warnings_warning w WHERE " + std::string(kActive) +
                                      " AND " + filter.condition + " GROUP BY 1, 2",
                                  filter.params))
        out[{r.Text(0), r.Text(1)}] += r.Int(2);
    return out;
}

WarningClearance WarningClearanceSince(storage::Transaction& tx, const registry::StatsScope& scope,
                                       const registry::StatsMonths& months, core::Date today) {
    WarningClearance out;
    out.raised_by_month.assign(months.labels.size(), 0);
    out.cleared_by_month.assign(months.labels.size(), 0);
    {
        std::vector<storage::Param> params{months.first_day(), months.end_day()};
        auto filter = WarningFilter(scope, 3);
        params.insert(params.end(), filter.params.begin(), filter.params.end());
        for (const auto& r : tx.Query("SELECT substr(w.raised_on, 1, 7), COUNT(*) FROM warnings_warning w "
                                      "WHERE w.raised_on >= $1 AND w.raised_on < $2 AND " + filter.condition +
                                          " GROUP BY 1",
                                      params)) {
            int i = months.IndexOf(r.Text(0));
            if (i >= 0) out.raised_by_month[i] += r.Int(1);
        }
    }
    {
        // Grouped by (deadline, Shanghai day of clearing, month); the day comparison is done here because
        // date arithmetic on text dates is not portable SQL.
        std::vector<storage::Param> params;
        std::string bucket = registry::MonthBucketSql("w.cleared_at", months, params);
        params.emplace_back(core::ToMillis(months.starts.front().StartInShanghai()));
        const int since = static_cast<int>(params.size());
        auto filter = WarningFilter(scope, since + 1);
        params.insert(params.end(), filter.params.begin(), filter.params.end());
        for (const auto& r : tx.Query("SELECT w.deadline_on, " + registry::ShanghaiDaySql("w.cleared_at") + ", " +
                                          bucket + ", COUNT(*) FROM warnings_warning w WHERE w.status = 'cleared' AND "
                                          "w.cleared_at >= $" + std::to_string(since) + " AND " + filter.condition +
                                          " GROUP BY 1, 2, 3",
                                      params)) {
            const auto n = r.Int(3);
            const auto i = r.Int(2);
            if (i >= 0 && i < static_cast<std::int64_t>(out.cleared_by_month.size())) out.cleared_by_month[i] += n;
            out.cleared += n;
            auto deadline = core::Date::Parse(r.Text(0));
            if (!deadline || r.Int(1) <= registry::DayNumber(*deadline)) out.cleared_on_time += n;
        }
    }
    std::vector<storage::Param> params{today.ToString()};
    auto filter = WarningFilter(scope, 2);
    params.insert(params.end(), filter.params.begin(), filter.params.end());
    out.overdue_active = tx.QueryOne("SELECT COUNT(*) FROM warnings_warning w WHERE " + std::string(kActive) +
                                         " AND w.deadline_on < $1 AND " + filter.condition,
                                     params)
                             .Int(0);
    return out;
}

}  // namespace anxin::warnings
