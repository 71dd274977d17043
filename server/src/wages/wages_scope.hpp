// Who may see which dedicated wage account: the project scope of the registry
// (registry::ProjectScopeFilter: supervisors by region, industry officers by region and industry,
// enterprise users by participation), and for bank operators the accounts held at their bank
// (wages_account.bank_code = principal.bank_code, within their region when they have one).
// Out-of-scope rows are absent: lookups answer 404.
#pragma once

#include <string_view>

#include "core/principal.hpp"
#include "registry/project_scope.hpp"
#include "storage/database.hpp"

namespace anxin::wages {

class AccountScope {
  public:
    // A condition over wages_account aliased `account_alias` joined to registry_project aliased
    // `project_alias`, placeholders numbered from `first_placeholder`. "(1 = 0)" for no scope.
    static registry::SqlFilter Filter(const core::Principal& principal, std::string_view account_alias,
                                      std::string_view project_alias, int first_placeholder);

    // True when the project exists and the caller may see it: in project scope, or for a bank operator
    // when the project's account is at the operator's bank.
    static bool ProjectVisible(storage::Transaction& tx, const core::Principal& principal,
                               std::string_view project_id);

    static bool IsBankOperator(const core::Principal& principal);
};

}  // namespace anxin::wages
