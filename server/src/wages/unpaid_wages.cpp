#include "wages/unpaid_wages.hpp"

#include <set>

#include "wages/wages.hpp"

namespace anxin::wages {

std::optional<std::string> ProjectUnpaidWages::UnpaidWages(storage::Transaction& tx,
                                                           std::string_view project_id) const {
    WageStandingQuery query;
    query.project_id = std::string(project_id);
    core::Fen outstanding = 0;
    std::set<std::string> workers, periods;
    for (const auto& s : WageStandings(tx, query)) {
        if (s.outstanding <= 0) continue;
        outstanding = core::AddFen(outstanding, s.outstanding).value_or(core::kMaxTotalFen);
        workers.insert(s.worker_id);
        periods.insert(s.period);
    }
    if (outstanding == 0) return std::nullopt;
    std::string months;
    for (const auto& p : periods) months += (months.empty() ? "" : "、") + p;
    return std::to_string(workers.size()) + " 名工人共 " + core::FormatYuan(outstanding) + " 元工资未发放（" + months +
           "）";
}

}  // namespace anxin::wages
