#include "registry/project_scope.hpp"
#include "registry/worker_repository.hpp"

#include "identity/permissions.hpp"

namespace anxin::registry {

SqlFilter ProjectScopeFilter(const core::Principal& principal, std::string_view alias, int first_placeholder) {
    const std::string a(alias);
    auto ph = [&](int offset) { return "$" + std::to_string(first_placeholder + offset); };
    SqlFilter f;
    const std::string region_condition =
        "substr(" + a + ".region_code, 1, " + ph(0) + ") = " + ph(1);
    if (principal.role == identity::role::kSupervisor) {
        f.condition = "(" + region_condition + ")";
        f.params = {static_cast<std::int64_t>(principal.region_code.size()), principal.region_code};
    } else if (principal.role == identity::role::kIndustryOfficer) {
        f.condition = "(" + region_condition + " AND " + a + ".industry = " + ph(2) + ")";
        f.params = {static_cast<std::int64_t>(principal.region_code.size()), principal.region_code,
                    principal.industry};
    } else if (principal.role == identity::role::kEnterpriseUser && !principal.enterprise_id.empty()) {
        f.condition = "(EXISTS (SELECT 1 FROM registry_participant scope_pp WHERE scope_pp.project_id = " + a +
                      ".id AND scope_pp.enterprise_id = " + ph(0) + "))";
        f.params = {principal.enterprise_id};
    } else {
        f.condition = "(1 = 0)";
    }
    return f;
}

bool ProjectInScope(storage::Transaction& tx, const core::Principal& principal, std::string_view project_id) {
    auto filter = ProjectScopeFilter(principal, "p", 2);
    std::vector<storage::Param> params{std::string(project_id)};
    for (auto& p : filter.params) params.push_back(std::move(p));
    return tx.QueryOptional("SELECT 1 FROM registry_project p WHERE p.id = $1 AND " + filter.condition,
                            std::span<const storage::Param>(params))
        .has_value();
}

bool WorkerInScope(storage::Transaction& tx, const core::Principal& principal, std::string_view worker_id) {
    return repository::WorkerVisible(tx, principal, worker_id);
}

}  // namespace anxin::registry
