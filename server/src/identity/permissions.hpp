// Roles and the permission catalog: the one table that says which role may do what. Every route
// declares one permission from this catalog (or http::kPublic); the router refuses unknown ones at
// start-up, so a new route cannot silently be left open. Deny by default.
#pragma once

#include <string_view>
#include <vector>

namespace anxin::identity {

// Role names as stored in identity_user.role.
namespace role {
inline constexpr std::string_view kSystemAdmin = "system-admin";      // users, parameters, departments
inline constexpr std::string_view kSecurityAdmin = "security-admin";  // roles, lockouts, keys
inline constexpr std::string_view kAuditAdmin = "audit-admin";        // reads the audit trail only
inline constexpr std::string_view kSupervisor = "supervisor";          // 人社 at province/city/county/town
inline constexpr std::string_view kIndustryOfficer = "industry-officer";  // 住建/交通/水利 … in a region
inline constexpr std::string_view kEnterpriseUser = "enterprise-user";    // labor-affairs officer of one enterprise
inline constexpr std::string_view kBankOperator = "bank-operator";        // one bank
}  // namespace role

const std::vector<std::string_view>& AllRoles();
bool IsKnownRole(std::string_view role);
bool IsAdministratorRole(std::string_view role);  // the three separated administrators

// Any logged-in user (own session, own profile, reference data).
inline constexpr std::string_view kAuthenticated = "authenticated";

bool IsKnownPermission(std::string_view permission);
bool RoleHasPermission(std::string_view role, std::string_view permission);
// Permission names granted to a role (for GET /auth/me, so the console can hide what it cannot do).
std::vector<std::string_view> PermissionsOf(std::string_view role);

}  // namespace anxin::identity
