// SQL for registry_enterprise: statement text, binding, row mapping and the enterprise scope
// condition; no business decisions. Runs in the caller's transaction; constraint errors pass through.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/principal.hpp"
#include "registry/enterprises.hpp"
#include "registry/project_scope.hpp"
#include "storage/database.hpp"

namespace anxin::registry::repository {

// Enterprises the principal may see, over registry_enterprise aliased `alias`: registered in the
// region or participating in a project in scope (supervisors, industry officers), or the own
// enterprise (enterprise users). Placeholders from `first_placeholder`.
SqlFilter EnterpriseScopeFilter(const core::Principal& principal, std::string_view alias, int first_placeholder);

void InsertEnterprise(storage::Transaction& tx, const Enterprise& e);
// Every column but id, credit_code and created_at, by id.
void UpdateEnterprise(storage::Transaction& tx, const Enterprise& e);
std::optional<Enterprise> FindEnterprise(storage::Transaction& tx, std::string_view id);
std::optional<Enterprise> FindEnterpriseByCreditCode(storage::Transaction& tx, std::string_view credit_code);
bool EnterpriseVisible(storage::Transaction& tx, const core::Principal& principal, std::string_view id);

struct EnterpriseFilter {
    std::optional<std::string> q;
    std::optional<std::string> kind;
    std::optional<std::string> region_prefix;
    std::int64_t offset = 0;
    std::int64_t limit = 20;
};
// In scope, ordered by name, id.
std::vector<Enterprise> ListEnterprises(storage::Transaction& tx, const core::Principal& principal,
                                        const EnterpriseFilter& filter);
std::int64_t CountEnterprises(storage::Transaction& tx, const core::Principal& principal,
                              const EnterpriseFilter& filter);

}  // namespace anxin::registry::repository
