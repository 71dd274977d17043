#include "wages/wages_scope.hpp"

#include <span>
#include <string>
#include <vector>

#include "identity/permissions.hpp"

namespace anxin::wages {

bool AccountScope::IsBankOperator(const core::Principal& principal) {
    return principal.role == identity::role::kBankOperator;
}

registry::SqlFilter AccountScope::Filter(const core::Principal& principal, std::string_view account_alias,
                                         std::string_view project_alias, int first_placeholder) {
    if (!IsBankOperator(principal)) return registry::ProjectScopeFilter(principal, project_alias, first_placeholder);
    registry::SqlFilter f;
    if (principal.bank_code.empty()) {
        f.condition = "(1 = 0)";
        return f;
    }
    auto ph = [&](int offset) { return "$" + std::to_string(first_placeholder + offset); };
    f.condition = "(" + std::string(account_alias) + ".bank_code = " + ph(0) + " AND substr(" +
                  std::string(project_alias) + ".region_code, 1, " + ph(1) + ") = " + ph(2) + ")";
    f.params = {principal.bank_code, static_cast<std::int64_t>(principal.region_code.size()), principal.region_code};
    return f;
}

bool AccountScope::ProjectVisible(storage::Transaction& tx, const core::Principal& principal,
                                  std::string_view project_id) {
    if (!IsBankOperator(principal)) return registry::ProjectInScope(tx, principal, project_id);
    auto filter = Filter(principal, "a", "p", 2);
    std::vector<storage::Param> params{std::string(project_id)};
    for (auto& p : filter.params) params.push_back(std::move(p));
    return tx
        .QueryOptional("SELECT 1 FROM wages_account a JOIN registry_project p ON p.id = a.project_id "
                       "WHERE a.project_id = $1 AND " + filter.condition,
                       std::span<const storage::Param>(params))
        .has_value();
}

}  // namespace anxin::wages
