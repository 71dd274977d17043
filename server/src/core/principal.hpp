// Who is calling: the authenticated user with its role and scope. Set by the identity module's
// authenticator on every non-public request; every module filters scoped data through it.
#pragma once

#include <string>
#include <string_view>

namespace anxin::core {

struct Principal {
    std::string user_id;
    std::string username;
    std::string role;          // identity::Role name, e.g. "supervisor"
    std::string region_code;   // GB/T 2260 code of the scope: "37" province … "370102001" town; "" = everywhere
    std::string industry;      // industry-department officers: e.g. "housing"; "" otherwise
    std::string enterprise_id; // enterprise users
    std::string bank_code;     // bank operators
    std::string session_id;    // opaque id of the session (not the token)
    bool must_change_password = false;  // until changed, only the password change and logout are allowed
    bool second_factor_required = false;  // an administrator without TOTP: only enrolment and logout until enrolled
    std::string display_name;  // what people read in timelines and lists ("历下区人社局"); "" for system callers

    // The name to show a person: the display name, else the username.
    const std::string& Name() const { return display_name.empty() ? username : display_name; }

    // Region codes nest by prefix (37 ⊃ 3701 ⊃ 370102 ⊃ 370102001).
    bool CoversRegion(std::string_view code) const { return code.substr(0, region_code.size()) == region_code; }
};

}  // namespace anxin::core

namespace anxin::core {

// Everything a service needs to know about the call it serves: who, and the request id that ties
// its audit events and log lines together. CLI commands use SystemContext().
struct CallContext {
    Principal principal;
    std::string request_id;
};

inline CallContext SystemContext(std::string request_id = "cli") {
    CallContext ctx;
    ctx.principal.user_id = "system";
    ctx.principal.username = "system";
    ctx.principal.role = "system";
    ctx.principal.display_name = "系统";
    ctx.request_id = std::move(request_id);
    return ctx;
}

}  // namespace anxin::core
