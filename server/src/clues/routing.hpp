// Routing of a clue (属地 + 行业, DOMAIN.md §7–§8): to the town and county where the arrears arose,
// to the industry department supervising the project's industry (双交办), and a notice to the
// general contractor's headquarters (三交办). Pure rules plus look-ups through the region and
// registry services (each look-up opens its own read transaction: call them before the write
// transaction of the clue).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/principal.hpp"
#include "region/region.hpp"
#include "registry/enterprises.hpp"

namespace anxin::clues {

inline constexpr std::string_view kTargetTown = "town";
inline constexpr std::string_view kTargetCounty = "county";
inline constexpr std::string_view kTargetDepartment = "department";
inline constexpr std::string_view kTargetGcHeadquarters = "gc_headquarters";

struct PlannedTarget {
    std::string kind;  // town | county | department | gc_headquarters
    std::string ref;   // region code, department id, enterprise id
};

// housing → housing, transport → transport, water → water; everything else (and no project) → hrss.
std::string_view DepartmentKindFor(const std::optional<std::string>& industry);
// The county (6 digits) of a region code; the code itself when it is a city or province.
std::string CountyOf(std::string_view region_code);
// town (9-digit codes only) then county.
std::vector<PlannedTarget> LocalityTargets(std::string_view region_code);

// A principal that sees every department and enterprise, for look-ups only (never for writes or
// audit): the clue's routing does not depend on who received it.
core::CallContext LookupContext(std::string request_id);

// Thread-safe: references only.
class RoutingResolver {
public:
    RoutingResolver(region::RegionService& regions, registry::EnterpriseService& enterprises)
        : regions_(regions), enterprises_(enterprises) {}

    // The department of `kind` in the region itself, else its county, city, province; nullopt when
    // none is registered on the way up.
    std::optional<region::Department> NearestDepartment(std::string_view region_code, std::string_view kind) const;
    // The registry enterprise with this credit code, else the one with exactly this name (trimmed);
    // nullopt when none or the name is ambiguous.
    std::optional<registry::Enterprise> MatchEmployer(std::string_view name,
                                                      const std::optional<std::string>& credit_code) const;

private:
    region::RegionService& regions_;
    registry::EnterpriseService& enterprises_;
};

}  // namespace anxin::clues
