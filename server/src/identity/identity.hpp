// Identity: users with a role and a scope, argon2id passwords, lockout, bearer sessions with idle
// and absolute expiry. Other modules need only core::Principal (set on each request); this header
// is for the app, the routes and the CLI.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/crypto.hpp"
#include "core/principal.hpp"
#include "core/time.hpp"
#include "core/validation.hpp"
#include "http/http.hpp"
#include "identity/login_guard.hpp"
#include "identity/password.hpp"
#include "identity/permissions.hpp"
#include "storage/database.hpp"

namespace anxin::identity {

// What other modules may know of a staff user (supervisors and industry officers): the leader who
// takes a case (领导包案), the person a message is for. Officials' names are not personal data here.
struct StaffMember {
    std::string id;
    std::string username;
    std::string display_name;
    std::string role;
    std::string region_code;
    std::string industry;
    bool active = false;
};
struct User {
    std::string id;
    std::string username;
    std::string display_name;
    std::string role;
    std::string region_code;
    std::string industry;
    std::string enterprise_id;
    std::string bank_code;
    std::string status;  // active | disabled
    int failed_logins = 0;
    std::optional<core::Timestamp> locked_until;
    bool must_change_password = false;
    bool totp_enabled = false;  // a second factor (TOTP) is required at login
    // Failed logins came from many addresses (IdentityOptions::attack_sources) since this time; cleared
    // by the security administrator's unlock.
    std::optional<core::Timestamp> attacked_at;
    core::Timestamp created_at;
};

struct NewUser {
    std::string username;
    std::string display_name;
    std::string password;
    std::string role;
    std::string region_code;
    std::string industry;
    std::string enterprise_id;
    std::string bank_code;
    bool must_change_password = true;
};

struct UserPatch {
    std::optional<std::string> display_name, region_code, industry, enterprise_id, bank_code, status;
};

struct RoleChange {
    std::string role;
    std::string industry;
    std::string enterprise_id;
    std::string bank_code;
};

struct UserFilter {
    std::optional<std::string> role;
    std::optional<std::string> region_code;
    std::optional<std::string> username_prefix;
};

// Starting TOTP enrolment: what the authenticator app needs, shown once.
struct TotpEnrolment {
    std::string secret_base32;
    std::string otpauth_uri;  // what the QR code encodes
};

struct TotpStatus {
    bool enabled = false;
    bool required = false;                 // an administrator: it cannot be switched off by the user
    std::int64_t recovery_codes_left = 0;
};

struct LoginResult {
    std::string token;  // shown once; only its hash is stored
    core::Timestamp expires_at;
    User user;
};

struct IdentityOptions {
    PasswordCost password_cost = PasswordCost::kInteractive;
    // Per account AND source address: five failures lock that address out of the account.
    int max_failed_logins = 5;
    std::chrono::minutes lockout{15};
    // Per source address, whatever the account names: 20 failures in 15 minutes → 429.
    int max_failures_per_source = 20;
    std::chrono::minutes source_window{15};
    // This many distinct addresses failing on one account within source_window: alert security.
    int attack_sources = 5;
    // Concurrent argon2id computations (64 MiB each at kInteractive).
    int max_concurrent_hashes = 4;
    // 等保 2.0 level 3: the three administrators sign in with a second factor. Until one has enrolled
    // a TOTP authenticator its sessions may only enrol, read themselves and log out.
    bool require_admin_totp = true;
    std::chrono::minutes idle_timeout{30};
    std::chrono::hours absolute_timeout{12};
};

// Validates a region code (throws a field error naming `field` when unknown). Supplied by the app
// from the region module, so identity does not depend on region's tables.
using RegionValidator = std::function<void(storage::Transaction&, const std::string& code, const std::string& field)>;

class IdentityService {
public:
    // `cipher` seals TOTP secrets; without it TOTP enrolment answers kUnavailable.
    IdentityService(storage::Database& db, const core::Clock& clock, RegionValidator validate_region,
                    IdentityOptions options = {}, const core::FieldCipher* cipher = nullptr);

    // API path: by a system administrator, for non-administrator roles within its region.
    User CreateUser(const core::CallContext& ctx, const NewUser& input);
    // CLI path (`anxin user add`): any role, including the three administrators.
    User CreateUserAsSystem(const NewUser& input);

    // One answer for an unknown user, a wrong password, a disabled account and an account locked
    // for this source: 401 "用户名或密码错误…", after one password verification each, and no write
    // lock is held while hashing. 429 with Retry-After when `source` has failed too often.
    // A user with TOTP enabled also gives `second_factor`: the 6-digit code (each accepted once) or an
    // unused recovery code; without it, after a correct password, 401 naming "otp".
    LoginResult Login(const std::string& username, const std::string& password, const std::string& request_id,
                      const std::string& source = "-", const std::string& second_factor = "");
    void Logout(const core::CallContext& ctx);
    // The principal of a live session; throws kUnauthenticated for unknown, revoked, idle or expired ones.
    core::Principal Authenticate(const std::string& token);
    void ChangePassword(const core::CallContext& ctx, const std::string& old_password, const std::string& new_password);

    // The caller's second factor. Begin: a new secret (replacing an unconfirmed one; 409 when enabled).
    // Activate: confirmed with a current code → enabled; returns 10 recovery codes, shown once.
    // Disable: with a current code, for users whose role does not require it. All audited.
    TotpStatus GetTotp(const core::CallContext& ctx);
    TotpEnrolment BeginTotp(const core::CallContext& ctx);
    std::vector<std::string> ActivateTotp(const core::CallContext& ctx, const std::string& code);
    void DisableTotp(const core::CallContext& ctx, const std::string& code);
    // Security administrator: removes a user's second factor (a lost phone); ends the user's sessions.
    User ResetTotp(const core::CallContext& ctx, const std::string& id);

    std::pair<std::vector<User>, std::int64_t> ListUsers(const core::CallContext& ctx, const UserFilter& filter,
                                                         const http::Page& page);
    User GetUser(const core::CallContext& ctx, const std::string& id);
    // The staff directory (StaffCovering), at most 50.
    std::vector<StaffMember> Staff(const std::string& covering, const std::string& query);
    User UpdateUser(const core::CallContext& ctx, const std::string& id, const UserPatch& patch);
    // Security administrator's duties.
    User Unlock(const core::CallContext& ctx, const std::string& id);
    // A role change may bring the scope fields the new role needs; the old role's are cleared.
    User SetRole(const core::CallContext& ctx, const std::string& id, const RoleChange& change);
    User ResetPassword(const core::CallContext& ctx, const std::string& id, const std::string& new_password);

    const IdentityOptions& options() const { return options_; }
    const core::Clock& clock() const { return clock_; }

private:
    User Create(storage::Transaction& tx, const core::CallContext& ctx, const NewUser& input);
    User LoadInScope(storage::Transaction& tx, const core::CallContext& ctx, const std::string& id);
    void RecordLoginFailure(const User& user, const std::string& source, const std::string& request_id,
                            core::Timestamp now);
    core::Principal PrincipalOf(const User& user, std::string session_id) const;
    // Checks `second_factor` for a user with TOTP; records the step or spends the recovery code.
    void CheckSecondFactor(storage::Transaction& tx, const User& user, const std::string& second_factor,
                           core::Timestamp now);
    const core::FieldCipher& Cipher() const;
    void ValidateScopeFields(storage::Transaction& tx, const std::string& role, const std::string& region_code,
                             const std::string& industry, const std::string& enterprise_id,
                             const std::string& bank_code, core::FieldErrors& errors);

    storage::Database& db_;
    const core::Clock& clock_;
    RegionValidator validate_region_;
    IdentityOptions options_;
    const core::FieldCipher* cipher_;
    std::string dummy_hash_;  // verified against for unknown user names (same cost as a real check)
    LoginSourceGuard source_guard_;
    HashLimiter hash_limiter_;
};

// http::Authenticator over IdentityService: "Authorization: Bearer <token>".
class BearerAuthenticator final : public http::Authenticator {
public:
    explicit BearerAuthenticator(IdentityService& service) : service_(service) {}
    core::Principal Authenticate(const http::Request& request) override;
    void Authorize(const core::Principal& principal, std::string_view permission) override;

private:
    IdentityService& service_;
};

// `render_qr_svg` draws the TOTP enrolment QR code (the app passes the notices module's renderer).
using QrRenderer = std::function<std::string(std::string_view text)>;
void RegisterIdentityRoutes(http::Router& router, IdentityService& service, QrRenderer render_qr_svg = {});

// The staff member with this id; nullopt for an unknown id or a user who is not staff.
std::optional<StaffMember> FindStaff(storage::Transaction& tx, std::string_view user_id);
// Active staff whose scope covers `region_code` (their region is it or above it), matching `query`
// in name or username when not empty; by region then name, at most `limit`.
std::vector<StaffMember> StaffCovering(storage::Transaction& tx, std::string_view region_code, std::string_view query,
                                       int limit);

// Industries an industry-department officer can be scoped to (DESIGN: 住建, 交通, 水利 …).
const std::vector<std::string_view>& KnownIndustries();

}  // namespace anxin::identity
