#include "warnings/credit_facts.hpp"

#include <boost/json.hpp>

namespace anxin::warnings {

std::vector<credit::AnomalyFact> CreditAnomalyFacts::AnomalyFactsBetween(storage::Transaction& tx, core::Date since,
                                                                        core::Date as_of) const {
    std::vector<credit::AnomalyFact> out;
    // The day the warning turned red is the day the anomaly occurred.
    for (const auto& r : tx.Query(
             "SELECT id, indicator, project_id, region_code, level_changed_at, explanation, period, "
             "CASE WHEN responsible_kind IN ('enterprise', 'construction_unit') AND responsible_id IS NOT NULL THEN responsible_id "
             "ELSE enterprise_id END FROM warnings_warning WHERE indicator IN ('DEP-01', 'LAB-01', 'PAY-01', 'CPL-01') AND "
             "level = 'red' AND status <> 'dismissed' AND level_changed_at >= $1 AND level_changed_at < $2 ORDER BY level_changed_at, id",
             {core::ToMillis(since.StartInShanghai()), core::ToMillis(as_of.AddDays(1).StartInShanghai())})) {
        auto enterprise = r.OptText(7);
        if (!enterprise) continue;
        const std::string indicator = r.Text(1);
        credit::AnomalyFact f;
        f.source = indicator == "DEP-01"   ? "deposit_overdue"
                   : indicator == "LAB-01" ? "labor_cost_unallocated"
                   : indicator == "PAY-01" ? "wages_overdue"
                                           : "complaints_frequent";
        f.source_ref = r.Text(0);
        f.enterprise_id = *enterprise;
        f.project_id = r.OptText(2);
        f.region_code = r.Text(3);
        f.occurred_on = core::Date::ShanghaiDateOf(r.Time(4));
        f.summary = "红色预警 " + indicator + "：" + r.Text(5);
        f.evidence = boost::json::object{{"warningId", r.Text(0)}, {"indicator", indicator}, {"period", r.Text(6)}};
        out.push_back(std::move(f));
    }
    return out;
}

}  // namespace anxin::warnings
