#include "registry/registry_stats.hpp"

#include <chrono>

namespace anxin::registry {
namespace {

// The smallest code of the same length above every code of the subtree: "3701" → "3702",
// "3709" → "3710". Region codes are all digits, so text order is numeric order within a length and a
// longer code with the prefix sorts between the two. Empty when the prefix is all nines.
std::string NextPrefix(std::string prefix) {
    for (auto i = prefix.size(); i-- > 0;) {
        if (prefix[i] < '9') {
            ++prefix[i];
            return prefix;
        }
        prefix[i] = '0';
    }
    return {};
}

void Append(std::vector<storage::Param>& params, const SqlFilter& filter) {
    for (const auto& p : filter.params) params.push_back(p);
}

}  // namespace

SqlFilter RegionRange(std::string_view column, std::string_view region_code, int first_placeholder) {
    SqlFilter f;
    if (region_code.empty()) {
        f.condition = "(1 = 1)";
        return f;
    }
    const std::string c(column);
    const std::string next = NextPrefix(std::string(region_code));
    f.condition = "(" + c + " >= $" + std::to_string(first_placeholder);
    f.params.emplace_back(std::string(region_code));
    if (!next.empty()) {
        f.condition += " AND " + c + " < $" + std::to_string(first_placeholder + 1);
        f.params.emplace_back(next);
    }
    f.condition += ")";
    return f;
}

SqlFilter ProjectStatsFilter(const StatsScope& scope, std::string_view alias, int first_placeholder) {
    const std::string a(alias);
    SqlFilter f = RegionRange(a + ".region_code", scope.region_code, first_placeholder);
    if (!scope.industry.empty()) {
        f.condition = "(" + f.condition + " AND " + a + ".industry = $" +
                      std::to_string(first_placeholder + static_cast<int>(f.params.size())) + ")";
        f.params.emplace_back(scope.industry);
    }
    return f;
}

std::string InConstructionCondition(std::string_view alias) {
    return "(" + std::string(alias) + ".status = 'under_construction')";
}

std::string ChildKeySql(const StatsScope& scope, std::string_view column) {
    if (scope.child_length <= 0) return "''";
    return "substr(" + std::string(column) + ", 1, " + std::to_string(scope.child_length) + ")";
}

int StatsMonths::IndexOf(std::string_view month_or_date) const {
    auto month = month_or_date.substr(0, 7);
    for (size_t i = 0; i < labels.size(); ++i)
        if (labels[i] == month) return static_cast<int>(i);
    return -1;
}

StatsMonths LastMonths(core::Date today, int count) {
    using namespace std::chrono;
    StatsMonths m;
    year_month first = year_month(year(today.year()), month(today.month())) - months(count - 1);
    for (int i = 0; i <= count; ++i) {
        year_month ym = first + months(i);
        core::Date start(static_cast<int>(ym.year()), static_cast<unsigned>(ym.month()), 1);
        m.starts.push_back(start);
        if (i < count) m.labels.push_back(start.ToString().substr(0, 7));
    }
    return m;
}

std::string MonthBucketSql(std::string_view column, const StatsMonths& months, std::vector<storage::Param>& params) {
    const std::string c(column);
    std::string sql = "CASE";
    for (size_t i = 0; i < months.starts.size(); ++i) {
        params.emplace_back(core::ToMillis(months.starts[i].StartInShanghai()));
        sql += " WHEN " + c + " < $" + std::to_string(params.size()) + " THEN " + std::to_string(static_cast<int>(i) - 1);
    }
    return sql + " ELSE -1 END";
}

std::string ShanghaiDaySql(std::string_view column) {
    return "((" + std::string(column) + " + 28800000) / 86400000)";  // UTC+8, fixed since 1991
}

std::int64_t DayNumber(core::Date date) { return date.sys_days().time_since_epoch().count(); }

std::map<std::string, std::int64_t> ProjectsInConstructionByChild(storage::Transaction& tx, const StatsScope& scope) {
    auto filter = ProjectStatsFilter(scope, "p", 1);
    std::map<std::string, std::int64_t> out;
    for (const auto& r : tx.Query("SELECT " + ChildKeySql(scope, "p.region_code") + ", COUNT(*) FROM registry_project p "
                                  "WHERE " + filter.condition + " AND " + InConstructionCondition("p") + " GROUP BY 1",
                                  filter.params))
        out[r.Text(0)] += r.Int(1);
    return out;
}

std::map<std::string, std::int64_t> ProjectsInConstructionByStartMonth(storage::Transaction& tx,
                                                                       const StatsScope& scope) {
    auto filter = ProjectStatsFilter(scope, "p", 1);
    std::map<std::string, std::int64_t> out;
    for (const auto& r : tx.Query("SELECT substr(COALESCE(p.contract_start_on, p.permit_on, p.status_on), 1, 7), COUNT(*) "
                                  "FROM registry_project p WHERE " + filter.condition + " AND " +
                                      InConstructionCondition("p") + " GROUP BY 1",
                                  filter.params))
        out[r.Text(0)] += r.Int(1);
    return out;
}

std::int64_t WorkersOnSite(storage::Transaction& tx, const StatsScope& scope, core::Date date) {
    auto filter = ProjectStatsFilter(scope, "p", 2);
    std::vector<storage::Param> params{date.ToString()};
    Append(params, filter);
    return tx.QueryOne("SELECT COUNT(DISTINCT d.worker_id) FROM registry_attendance_day d "
                       "JOIN registry_project p ON p.id = d.project_id WHERE d.work_date = $1 AND " + filter.condition,
                       params)
        .Int(0);
}

}  // namespace anxin::registry
