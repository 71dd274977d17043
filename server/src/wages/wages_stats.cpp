#include "wages/wages_stats.hpp"

namespace anxin::wages {

std::vector<std::int64_t> WagesPaidByMonth(storage::Transaction& tx, const registry::StatsScope& scope,
                                           const registry::StatsMonths& months) {
    std::vector<storage::Param> params{months.first_day(), months.end_day()};
    auto filter = registry::ProjectStatsFilter(scope, "p", 3);
    params.insert(params.end(), filter.params.begin(), filter.params.end());
    std::vector<std::int64_t> out(months.labels.size(), 0);
    for (const auto& r : tx.Query("SELECT substr(l.settled_on, 1, 7), SUM(l.amount) FROM wages_pay_batch_line l "
                                  "JOIN wages_pay_batch b ON b.id = l.batch_id "
                                  "JOIN wages_payroll r ON r.id = b.payroll_id "
                                  "JOIN registry_project p ON p.id = r.project_id "
                                  "WHERE l.status = 'paid' AND l.settled_on >= $1 AND l.settled_on < $2 AND " +
                                      filter.condition + " GROUP BY 1",
                                  params)) {
        int i = months.IndexOf(r.Text(0));
        if (i >= 0) out[i] += r.Int(1);
    }
    return out;
}

std::vector<std::int64_t> ProjectsAllocatedByMonth(storage::Transaction& tx, const registry::StatsScope& scope,
                                                   const registry::StatsMonths& months) {
    std::vector<storage::Param> params{months.labels.front(), months.labels.back()};
    auto filter = registry::ProjectStatsFilter(scope, "p", 3);
    params.insert(params.end(), filter.params.begin(), filter.params.end());
    std::vector<std::int64_t> out(months.labels.size(), 0);
    for (const auto& r : tx.Query("SELECT a.period, COUNT(DISTINCT a.project_id) FROM wages_allocation a "
                                  "JOIN registry_project p ON p.id = a.project_id "
                                  "WHERE a.period >= $1 AND a.period <= $2 AND " + filter.condition + " AND " +
                                      registry::InConstructionCondition("p") + " GROUP BY 1",
                                  params)) {
        int i = months.IndexOf(r.Text(0));
        if (i >= 0) out[i] += r.Int(1);
    }
    return out;
}

}  // namespace anxin::wages
