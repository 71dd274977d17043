#include "wages/wage_record.hpp"

#include <algorithm>
#include <map>
#include <tuple>
#include <utility>

#include "core/error.hpp"
#include "registry/project_scope.hpp"
#include "wages/payroll_repository.hpp"
#include "wages/payroll_service.hpp"
#include "wages/wages.hpp"
#include "wages/wages_scope.hpp"

namespace anxin::wages {
namespace {

void AddUnique(std::vector<std::string>& items, const std::string& item) {
    if (std::find(items.begin(), items.end(), item) == items.end()) items.push_back(item);
}

// Lines grouped per (project, period, worker), in the repository's order.
std::vector<WageRecord> Group(const std::vector<payroll_repo::WageLineRow>& rows, core::Date today) {
    std::vector<WageRecord> out;
    std::map<std::tuple<std::string, std::string, std::string>, size_t> index;
    for (const auto& row : rows) {
        auto key = std::make_tuple(row.project_id, row.period, row.worker_id);
        auto [it, inserted] = index.emplace(key, out.size());
        if (inserted) {
            WageRecord r;
            r.worker_id = row.worker_id;
            r.worker_name = row.worker_name;
            r.project_id = row.project_id;
            r.project_name = row.project_name;
            r.period = row.period;
            out.push_back(std::move(r));
        }
        WageRecord& r = out[it->second];
        r.owed += row.owed;
        r.paid += row.paid;
        if (!r.pay_date || row.pay_date > *r.pay_date) r.pay_date = row.pay_date;
        if (row.paid_on && (!r.last_paid_on || *row.paid_on > *r.last_paid_on)) r.last_paid_on = row.paid_on;
        AddUnique(r.employers, row.employer_name);
        AddUnique(r.payroll_ids, row.payroll_id);
        if (row.bank_reference) AddUnique(r.bank_references, *row.bank_reference);
    }
    for (auto& r : out) {
        r.outstanding = r.owed - r.paid;
        r.overdue = r.outstanding > 0 && r.pay_date && today > *r.pay_date;
    }
    return out;
}

}  // namespace

std::vector<WageStanding> WageStandings(storage::Transaction& tx, const WageStandingQuery& query) {
    payroll_repo::WageLineFilter filter;
    filter.worker_id = query.worker_id;
    filter.project_id = query.project_id;
    filter.period = query.period;
    std::vector<WageStanding> out;
    for (const auto& r : Group(payroll_repo::WageLines(tx, filter), core::Date{})) {
        WageStanding s;
        s.worker_id = r.worker_id;
        s.project_id = r.project_id;
        s.period = r.period;
        s.owed = r.owed;
        s.paid = r.paid;
        s.outstanding = r.outstanding;
        s.pay_date = r.pay_date;
        s.last_paid_on = r.last_paid_on;
        out.push_back(std::move(s));
    }
    return out;
}

std::vector<WageRecord> WageRecordService::ForWorker(const core::CallContext& ctx, std::string_view worker_id) const {
    auto tx = db_.Begin(storage::TxMode::kRead);
    payroll_repo::WageLineFilter filter;
    filter.worker_id = std::string(worker_id);
    filter.principal = ctx.principal;
    auto lines = payroll_repo::WageLines(tx, filter);
    // Issue 11: a worker outside the caller's scope answered 200 with an empty list; it is absent
    // unless it is on a payroll the caller may see or in the registry's worker scope.
    if (lines.empty() && !registry::WorkerInScope(tx, ctx.principal, worker_id)) ThrowNotFound("人员");
    return Group(lines, clock_.TodayInShanghai());
}

std::vector<WageRecord> WageRecordService::ForProject(const core::CallContext& ctx, std::string_view project_id,
                                                      const std::optional<std::string>& period) const {
    if (period && !ParsePeriod(*period)) ThrowInvalidField("period", "应为 YYYY-MM 格式的月份");
    auto tx = db_.Begin(storage::TxMode::kRead);
    // Bank operators read the wages of projects whose accounts they hold (issue 11: they got 404).
    if (!AccountScope::ProjectVisible(tx, ctx.principal, project_id)) ThrowNotFound("项目");
    payroll_repo::WageLineFilter filter;
    filter.project_id = std::string(project_id);
    filter.period = period;
    filter.principal = ctx.principal;
    return Group(payroll_repo::WageLines(tx, filter), clock_.TodayInShanghai());
}

}  // namespace anxin::wages
