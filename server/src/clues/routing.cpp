#include "clues/routing.hpp"

#include "identity/permissions.hpp"
#include "region/parameters.hpp"

namespace anxin::clues {

std::string_view DepartmentKindFor(const std::optional<std::string>& industry) {
    if (industry) {
        // The three industry departments with their own wage supervision duty; the rest stay with 人社.
        if (*industry == "housing" || *industry == "transport" || *industry == "water") return *industry;
    }
    return "hrss";
}

std::string CountyOf(std::string_view region_code) {
    return std::string(region_code.size() > 6 ? region_code.substr(0, 6) : region_code);
}

std::vector<PlannedTarget> LocalityTargets(std::string_view region_code) {
    std::vector<PlannedTarget> targets;
    if (region_code.size() == 9) targets.push_back({std::string(kTargetTown), std::string(region_code)});
    targets.push_back({std::string(kTargetCounty), CountyOf(region_code)});
    return targets;
}

core::CallContext LookupContext(std::string request_id) {
    core::CallContext ctx;
    ctx.principal.user_id = "clues";
    ctx.principal.username = "clues";
    ctx.principal.role = std::string(identity::role::kSupervisor);
    ctx.principal.region_code = "";  // the whole province: look-ups only
    ctx.request_id = std::move(request_id);
    return ctx;
}

std::optional<region::Department> RoutingResolver::NearestDepartment(std::string_view region_code,
                                                                      std::string_view kind) const {
    const auto ctx = LookupContext("routing");
    for (const auto& code : region::RegionLineage(region_code)) {
        if (code.empty()) break;  // the platform has no departments of its own
        region::DepartmentQuery query;
        query.region_code = code;
        query.kind = std::string(kind);
        query.limit = 1000;
        auto page = regions_.ListDepartments(ctx, query);
        for (auto& department : page.items) {
            if (department.region_code == code) return std::move(department);
        }
    }
    return std::nullopt;
}

std::optional<registry::Enterprise> RoutingResolver::MatchEmployer(
    std::string_view name, const std::optional<std::string>& credit_code) const {
    const auto ctx = LookupContext("routing");
    if (credit_code && !credit_code->empty()) {
        registry::EnterpriseQuery query;
        query.q = *credit_code;
        query.limit = 20;
        for (auto& e : enterprises_.List(ctx, query).items) {
            if (e.credit_code == *credit_code) return std::move(e);
        }
    }
    if (name.empty()) return std::nullopt;
    registry::EnterpriseQuery query;
    query.q = std::string(name);
    query.limit = 50;
    std::optional<registry::Enterprise> found;
    for (auto& e : enterprises_.List(ctx, query).items) {
        if (e.name != name) continue;
        if (found) return std::nullopt;  // two enterprises of that name: do not guess
        found = std::move(e);
    }
    return found;
}

}  // namespace anxin::clues
