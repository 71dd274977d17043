// Callers for service tests: a CallContext per role, scoped as the role's users are (region subtree,
// industry, enterprise, bank). The user id names the role and scope ("U-supervisor-370102"), so two
// callers differ exactly when their scopes do.
#pragma once

#include <string>

#include "core/principal.hpp"

namespace anxin::testing {

struct Scope {
    std::string region;
    std::string enterprise;
    std::string bank;
    std::string industry;
};

inline core::CallContext As(const std::string& role, const Scope& scope = {}) {
    core::CallContext ctx;
    ctx.principal.user_id = "U-" + role + "-" + scope.region + scope.enterprise + scope.bank + scope.industry;
    ctx.principal.username = ctx.principal.user_id;
    ctx.principal.role = role;
    ctx.principal.region_code = scope.region;
    ctx.principal.enterprise_id = scope.enterprise;
    ctx.principal.bank_code = scope.bank;
    ctx.principal.industry = scope.industry;
    ctx.request_id = "req-test";
    return ctx;
}

inline core::CallContext Supervisor(const std::string& region = "37") { return As("supervisor", {.region = region}); }
inline core::CallContext EnterpriseUser(const std::string& enterprise) {
    return As("enterprise-user", {.enterprise = enterprise});
}
inline core::CallContext BankOperator(const std::string& bank, const std::string& region = "") {
    return As("bank-operator", {.region = region, .bank = bank});
}
inline core::CallContext IndustryOfficer(const std::string& region, const std::string& industry) {
    return As("industry-officer", {.region = region, .industry = industry});
}

}  // namespace anxin::testing
