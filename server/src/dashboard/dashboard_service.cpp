#include <algorithm>
#include <map>

#include "cases/case_stats.hpp"
#include "clues/clue_stats.hpp"
#include "core/error.hpp"
#include "dashboard/dashboard.hpp"
#include "identity/permissions.hpp"
#include "registry/registry_stats.hpp"
#include "wages/wages_stats.hpp"
#include "warnings/warning_stats.hpp"

namespace anxin::dashboard {
namespace {

RegionRef Ref(const region::Division& d) { return {d.code, d.name, static_cast<int>(d.level)}; }

void Add(Counts3& c, std::string_view key, std::int64_t n) {
    if (key == "red") c.red += n;
    else if (key == "yellow") c.yellow += n;
    else if (key == "blue") c.blue += n;
    else c.none += n;
}

}  // namespace

Dashboard DashboardService::Get(const core::CallContext& ctx, std::optional<std::string_view> region_code) const {
    const auto& principal = ctx.principal;
    registry::StatsScope scope;
    if (principal.role == identity::role::kIndustryOfficer) {
        scope.industry = principal.industry;
    } else if (principal.role != identity::role::kSupervisor) {
        throw Error(ErrorCode::kForbidden, "该角色没有区域驾驶舱");
    }
    const std::string code(region_code && !region_code->empty() ? *region_code : principal.region_code);
    const bool well_formed = (code.size() == 2 || code.size() == 4 || code.size() == 6 || code.size() == 9) &&
                             code.find_first_not_of("0123456789") == std::string::npos;
    if (!code.empty() && !well_formed)
        throw Error(ErrorCode::kInvalidArgument, "参数有误", {{"region", "应为 2、4、6 或 9 位行政区划代码"}});
    // Outside the scope reads like absent, so codes cannot be probed for what they hold.
    if (!principal.CoversRegion(code)) throw Error(ErrorCode::kNotFound, "区划不存在或不在管辖范围内");

    Dashboard out;
    out.industry = scope.industry;
    out.as_of = clock_.TodayInShanghai();
    std::vector<region::Division> children;
    if (code.empty()) {
        out.region = {"", "全国", 0};
        children = regions_.ListChildren(std::nullopt);
    } else {
        auto division = regions_.Find(code);
        if (!division) throw Error(ErrorCode::kNotFound, "区划不存在或不在管辖范围内");
        out.region = Ref(*division);
        if (division->parent_code && principal.CoversRegion(*division->parent_code)) {
            if (auto parent = regions_.Find(*division->parent_code)) out.parent = Ref(*parent);
        }
        if (division->level != region::DivisionLevel::kTown) children = regions_.ListChildren(code);
    }
    scope.region_code = code;
    if (!children.empty()) scope.child_length = static_cast<int>(children.front().code.size());

    const auto months = registry::LastMonths(out.as_of, kTrendMonths);
    out.months = months.labels;

    auto tx = db_.Begin(storage::TxMode::kRead);
    std::map<std::string, ChildFigures> by_child;
    for (const auto& [child, n] : registry::ProjectsInConstructionByChild(tx, scope)) {
        by_child[child].projects_in_construction += n;
        out.projects_in_construction += n;
    }
    out.workers_on_site_today = registry::WorkersOnSite(tx, scope, out.as_of);

    out.wages_paid = wages::WagesPaidByMonth(tx, scope, months);
    out.wages_paid_this_month = out.wages_paid.back();
    // Allocation rate per period: due = projects under construction that had started by the end of the
    // period (by start month, cumulated), done = those with an allocation for it.
    out.allocation_done_series = wages::ProjectsAllocatedByMonth(tx, scope, months);
    out.allocation_due_series.assign(months.labels.size(), 0);
    for (const auto& [start_month, n] : registry::ProjectsInConstructionByStartMonth(tx, scope)) {
        for (size_t i = 0; i < months.labels.size(); ++i)
            if (start_month <= months.labels[i]) out.allocation_due_series[i] += n;
    }
    // The current month's allocation is due next month (labor_cost_day): the KPI shows the last month.
    const size_t last_complete = months.labels.size() - 2;
    out.allocation_period = months.labels[last_complete];
    out.allocation_due = out.allocation_due_series[last_complete];
    out.allocation_done = std::min(out.allocation_done_series[last_complete], out.allocation_due);

    for (const auto& [key, n] : clues::OpenCluesByChildAndGrade(tx, scope)) {
        Add(out.open_clues_by_grade, key.second, n);
        by_child[key.first].open_clues += n;
    }
    out.new_clues = clues::NewCluesByMonth(tx, scope, months);

    for (const auto& [key, n] : cases::OpenCasesByChildAndCard(tx, scope)) {
        Add(out.open_cases_by_card, key.second, n);
        by_child[key.first].open_cases += n;
    }
    auto closure = cases::CaseClosureSince(tx, scope, months, out.as_of);
    out.closed_cases = closure.closed_by_month;
    out.cases_closed = closure.closed;
    out.cases_closed_on_time = closure.closed_on_time;
    out.cases_overdue_open = closure.overdue_open;

    for (const auto& [key, n] : warnings::ActiveWarningsByChildAndLevel(tx, scope)) {
        Add(out.active_warnings_by_level, key.second, n);
        by_child[key.first].active_warnings += n;
        if (key.second == "red") by_child[key.first].open_red_warnings += n;
    }
    auto clearance = warnings::WarningClearanceSince(tx, scope, months, out.as_of);
    out.warnings_raised = clearance.raised_by_month;
    out.warnings_cleared_series = clearance.cleared_by_month;
    out.warnings_cleared = clearance.cleared;
    out.warnings_cleared_on_time = clearance.cleared_on_time;
    out.warnings_overdue_active = clearance.overdue_active;

    for (const auto& child : children) {
        ChildFigures figures;
        if (auto it = by_child.find(child.code); it != by_child.end()) {
            figures = it->second;
            by_child.erase(it);
        }
        figures.region = Ref(child);
        out.children.push_back(std::move(figures));
    }
    // What is left was registered at this region itself (a project at county level seen from the
    // county) or under a code no longer in the division list.
    out.unplaced.region = out.region;
    for (const auto& [key, f] : by_child) {
        out.unplaced.open_cases += f.open_cases;
        out.unplaced.open_red_warnings += f.open_red_warnings;
        out.unplaced.active_warnings += f.active_warnings;
        out.unplaced.projects_in_construction += f.projects_in_construction;
        out.unplaced.open_clues += f.open_clues;
    }
    return out;
}

}  // namespace anxin::dashboard
