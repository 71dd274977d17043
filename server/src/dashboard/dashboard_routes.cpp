// Route of the dashboard module: parse → call → serialise.
#include <algorithm>
#include <memory>

#include <boost/json.hpp>

#include "dashboard/dashboard.hpp"

namespace anxin::dashboard {

namespace json = boost::json;

namespace {

json::value Region(const RegionRef& r) { return json::object{{"code", r.code}, {"name", r.name}, {"level", r.level}}; }

json::value Child(const ChildFigures& f) {
    return json::object{{"code", f.region.code},
                        {"name", f.region.name},
                        {"openCases", f.open_cases},
                        {"openRedWarnings", f.open_red_warnings},
                        {"activeWarnings", f.active_warnings},
                        {"projectsInConstruction", f.projects_in_construction},
                        {"openClues", f.open_clues}};
}

json::array Array(const std::vector<std::int64_t>& values) { return json::array(values.begin(), values.end()); }

// A share, or null when there is nothing to divide by (the console shows "—", not 100%).
json::value Rate(std::int64_t part, std::int64_t whole) {
    if (whole <= 0) return nullptr;
    return static_cast<double>(part) / static_cast<double>(whole);
}

json::value DashboardJson(const Dashboard& d) {
    json::array allocation_rate;
    for (size_t i = 0; i < d.months.size(); ++i)
        allocation_rate.push_back(Rate(std::min(d.allocation_done_series[i], d.allocation_due_series[i]),
                                       d.allocation_due_series[i]));
    json::array children;
    for (const auto& c : d.children) children.push_back(Child(c));
    const auto& g = d.open_clues_by_grade;
    const auto& c = d.open_cases_by_card;
    const auto& w = d.active_warnings_by_level;
    return json::object{
        {"region", Region(d.region)},
        {"parent", d.parent ? Region(*d.parent) : json::value(nullptr)},
        {"industry", d.industry},
        {"asOf", d.as_of.ToString()},
        {"kpis",
         json::object{
             {"projectsInConstruction", d.projects_in_construction},
             {"workersOnSiteToday", d.workers_on_site_today},
             {"wagesPaidThisMonth", d.wages_paid_this_month},
             {"allocation", json::object{{"period", d.allocation_period},
                                         {"due", d.allocation_due},
                                         {"allocated", d.allocation_done},
                                         {"rate", Rate(d.allocation_done, d.allocation_due)}}},
             {"clues", json::object{{"open", g.total()},
                                    {"byGrade", json::object{{"red", g.red}, {"yellow", g.yellow}, {"blue", g.blue},
                                                             {"none", g.none}}}}},
             {"cases", json::object{{"open", c.total()},
                                    {"byCard", json::object{{"red", c.red}, {"yellow", c.yellow}, {"none", c.none}}},
                                    {"closed", d.cases_closed},
                                    {"closedOnTime", d.cases_closed_on_time},
                                    {"overdueOpen", d.cases_overdue_open},
                                    {"closureRate", Rate(d.cases_closed_on_time, d.cases_closed + d.cases_overdue_open)}}},
             {"warnings",
              json::object{{"active", w.total()},
                           {"byLevel", json::object{{"red", w.red}, {"yellow", w.yellow}, {"blue", w.blue}}},
                           {"cleared", d.warnings_cleared},
                           {"clearedOnTime", d.warnings_cleared_on_time},
                           {"overdueActive", d.warnings_overdue_active},
                           {"clearanceRate",
                            Rate(d.warnings_cleared_on_time, d.warnings_cleared + d.warnings_overdue_active)}}},
         }},
        {"children", std::move(children)},
        {"unplaced", Child(d.unplaced)},
        {"series", json::object{{"months", json::array(d.months.begin(), d.months.end())},
                                {"wagesPaid", Array(d.wages_paid)},
                                {"newClues", Array(d.new_clues)},
                                {"closedCases", Array(d.closed_cases)},
                                {"warningsRaised", Array(d.warnings_raised)},
                                {"warningsCleared", Array(d.warnings_cleared_series)},
                                {"allocationDue", Array(d.allocation_due_series)},
                                {"allocationDone", Array(d.allocation_done_series)},
                                {"allocationRate", std::move(allocation_rate)}}},
    };
}

}  // namespace

void RegisterDashboardRoutes(http::Router& router, storage::Database& db, const core::Clock& clock,
                             const region::RegionService& regions) {
    auto service = std::make_shared<const DashboardService>(db, clock, regions);
    router.Add(http::Method::kGet, "/api/v1/dashboard", "dashboard.read", [service](http::Request& request) {
        auto region = request.Query("region");
        std::optional<std::string_view> code;
        if (region) code = *region;
        return http::JsonResponse(200, DashboardJson(service->Get(request.Context(), code)));
    });
}

}  // namespace anxin::dashboard
