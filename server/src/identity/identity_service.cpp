#include <boost/json.hpp>

#include <algorithm>
#include <cctype>

#include "audit/audit.hpp"
#include "core/error.hpp"
#include "core/ids.hpp"
#include "identity/identity.hpp"
#include "identity/identity_repository.hpp"

namespace anxin::identity {
namespace {

using core::ToMillis;

constexpr auto kTouchInterval = std::chrono::minutes(1);  // at most one session write a minute

bool ValidUsername(const std::string& name) {
    if (name.size() < 3 || name.size() > 32) return false;
    return std::ranges::all_of(name, [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '.' || c == '-';
    });
}

core::Principal PrincipalOf(const User& u, std::string session_id) {
    return core::Principal{u.id,       u.username,    u.role, u.region_code, u.industry, u.enterprise_id,
                           u.bank_code, std::move(session_id)};
}

// What the audit digest covers for a user change: never the password or its hash.
boost::json::object AuditView(const User& u) {
    return {{"username", u.username}, {"displayName", u.display_name}, {"role", u.role},
            {"regionCode", u.region_code}, {"industry", u.industry}, {"enterpriseId", u.enterprise_id},
            {"bankCode", u.bank_code}, {"status", u.status}};
}

[[noreturn]] void ThrowLocked(core::Timestamp until) {
    throw Error(ErrorCode::kLocked,
                "连续登录失败次数过多，账号已锁定，请于 " + core::FormatTimestamp(until).substr(11, 5) + " 后重试",
                {{"lockedUntil", core::FormatTimestamp(until)}});
}

}  // namespace

const std::vector<std::string_view>& KnownIndustries() {
    static const std::vector<std::string_view> industries = {"housing", "transport", "water", "energy",
                                                             "telecom", "municipal", "development", "sasac",
                                                             "sanitation", "other"};
    return industries;
}

IdentityService::IdentityService(storage::Database& db, const core::Clock& clock, RegionValidator validate_region,
                                 IdentityOptions options)
    : db_(db),
      clock_(clock),
      validate_region_(std::move(validate_region)),
      options_(options),
      // Hashed once: an unknown user then costs one verification, exactly like a wrong password.
      dummy_hash_(HashPassword("anxin-dummy-password", options.password_cost)) {}

void IdentityService::ValidateScopeFields(storage::Transaction& tx, const std::string& role,
                                          const std::string& region_code, const std::string& industry,
                                          const std::string& enterprise_id, const std::string& bank_code,
                                          core::FieldErrors& errors) {
    if (!IsKnownRole(role)) {
        errors.Add("role", "未知角色");
        return;
    }
    if (!region_code.empty() && validate_region_) {
        try {
            validate_region_(tx, region_code, "regionCode");
        } catch (const Error& e) {
            for (const auto& [f, r] : e.fields()) errors.Add(f, r);
            if (e.fields().empty()) errors.Add("regionCode", e.what());
        }
    }
    if ((role == role::kSupervisor || role == role::kIndustryOfficer) && region_code.empty())
        errors.Add("regionCode", "监管人员必须指定所辖行政区划");
    if (role == role::kIndustryOfficer &&
        std::ranges::find(KnownIndustries(), std::string_view(industry)) == KnownIndustries().end())
        errors.Add("industry", "行业主管部门人员必须指定有效行业");
    if (role != role::kIndustryOfficer && !industry.empty()) errors.Add("industry", "仅行业主管部门人员可指定行业");
    if (role == role::kEnterpriseUser && enterprise_id.empty()) errors.Add("enterpriseId", "企业用户必须指定所属企业");
    if (role != role::kEnterpriseUser && !enterprise_id.empty()) errors.Add("enterpriseId", "仅企业用户可指定企业");
    if (role == role::kBankOperator && bank_code.empty()) errors.Add("bankCode", "银行用户必须指定所属银行");
    if (role != role::kBankOperator && !bank_code.empty()) errors.Add("bankCode", "仅银行用户可指定银行");
}

User IdentityService::Create(storage::Transaction& tx, const core::CallContext& ctx, const NewUser& in) {
    core::FieldErrors errors;
    if (!ValidUsername(in.username)) errors.Add("username", "用户名须为 3–32 位小写字母、数字或 _ . -");
    if (in.display_name.empty() || core::Utf8Length(in.display_name) > 50) errors.Add("displayName", "姓名必填，不超过 50 字");
    if (auto reason = CheckPasswordPolicy(in.password)) errors.Add("password", *reason);
    ValidateScopeFields(tx, in.role, in.region_code, in.industry, in.enterprise_id, in.bank_code, errors);
    errors.ThrowIfAny();

    auto now = clock_.Now();
    User u;
    u.id = core::NewId(now);
    u.username = in.username;
    u.display_name = in.display_name;
    u.role = in.role;
    u.region_code = in.region_code;
    u.industry = in.industry;
    u.enterprise_id = in.enterprise_id;
    u.bank_code = in.bank_code;
    u.status = "active";
    u.must_change_password = in.must_change_password;
    u.created_at = now;
    try {
        repository::InsertUser(tx, u, HashPassword(in.password, options_.password_cost), ToMillis(now));
    } catch (const storage::UniqueViolation&) {
        ThrowConflict("用户名已存在", {{"username", "用户名已存在"}});
    }
    audit::RecordAudit(tx, clock_, ctx, "create", "user", u.id, AuditView(u));
    return u;
}

User IdentityService::CreateUser(const core::CallContext& ctx, const NewUser& input) {
    if (IsAdministratorRole(input.role))
        ThrowInvalidField("role", "管理员账号只能由命令行 anxin user add 创建");
    if (IsKnownRole(input.role) && !ctx.principal.CoversRegion(input.region_code))
        ThrowInvalidField("regionCode", "超出您的管辖范围");
    return storage::WithTransaction(db_, [&](storage::Transaction& tx) { return Create(tx, ctx, input); });
}

User IdentityService::CreateUserAsSystem(const NewUser& input) {
    return storage::WithTransaction(db_, [&](storage::Transaction& tx) {
        return Create(tx, core::SystemContext("cli-user-add"), input);
    });
}

LoginResult IdentityService::Login(const std::string& username, const std::string& password,
                                   const std::string& request_id) {
    core::FieldErrors errors;
    if (username.empty()) errors.Add("username", "必填");
    if (password.empty()) errors.Add("password", "必填");
    errors.ThrowIfAny();

    auto tx = db_.Begin();
    auto now = clock_.Now();
    auto stored = repository::FindUserByUsername(tx, username);
    if (!stored) {
        // Same cost and message as a wrong password, so user names cannot be probed.
        VerifyPassword(password, dummy_hash_);
        ThrowUnauthenticated("用户名或密码错误");
    }
    User& user = stored->user;
    core::CallContext ctx{PrincipalOf(user, ""), request_id};
    if (user.locked_until && *user.locked_until > now) ThrowLocked(*user.locked_until);
    if (user.status != "active") ThrowUnauthenticated("账号已停用，请联系系统管理员");

    if (!VerifyPassword(password, stored->password_hash)) {
        // A lock that has expired starts a fresh count.
        int failures = (user.locked_until ? 0 : user.failed_logins) + 1;
        std::optional<std::int64_t> locked_until;
        if (failures >= options_.max_failed_logins) {
            locked_until = ToMillis(now + options_.lockout);
            failures = 0;
        }
        repository::UpdateLoginState(tx, user.id, failures, locked_until, ToMillis(now));
        audit::RecordAudit(tx, clock_, ctx, locked_until ? "lock" : "login_failed", "user", user.id,
                           boost::json::object{{"failures", failures}});
        tx.Commit();
        if (locked_until) ThrowLocked(core::FromMillis(*locked_until));
        int left = options_.max_failed_logins - failures;
        throw Error(ErrorCode::kUnauthenticated, "用户名或密码错误，再失败 " + std::to_string(left) + " 次账号将被锁定");
    }

    repository::UpdateLoginState(tx, user.id, 0, std::nullopt, ToMillis(now));
    user.failed_logins = 0;
    user.locked_until.reset();
    std::string token = core::RandomHex(32);  // 256 bits
    repository::SessionRow session{core::NewId(now), user.id, ToMillis(now), ToMillis(now),
                                   ToMillis(now + options_.absolute_timeout), std::nullopt};
    repository::InsertSession(tx, session, core::Sha256Hex(token));
    audit::RecordAudit(tx, clock_, ctx, "login", "session", session.id, boost::json::object{{"userId", user.id}});
    tx.Commit();
    return LoginResult{token, core::FromMillis(session.expires_at), user};
}

core::Principal IdentityService::Authenticate(const std::string& token) {
    if (token.size() != 64) ThrowUnauthenticated();
    auto hash = core::Sha256Hex(token);
    auto now = clock_.Now();
    std::optional<std::pair<repository::SessionRow, repository::StoredUser>> found;
    {
        auto tx = db_.Begin(storage::TxMode::kRead);
        found = repository::FindSessionByTokenHash(tx, hash);
    }  // the read connection goes back to the pool before any write
    if (!found) ThrowUnauthenticated();
    auto& [session, stored] = *found;
    auto now_ms = ToMillis(now);
    if (session.revoked_at) ThrowUnauthenticated("会话已注销，请重新登录");
    if (now_ms >= session.expires_at) ThrowUnauthenticated("会话已过期（超过 12 小时），请重新登录");
    if (now_ms - session.last_seen_at >= std::chrono::milliseconds(options_.idle_timeout).count())
        ThrowUnauthenticated("长时间未操作，会话已超时，请重新登录");
    if (stored.user.status != "active") ThrowUnauthenticated("账号已停用");
    if (now_ms - session.last_seen_at >= std::chrono::milliseconds(kTouchInterval).count()) {
        auto write = db_.Begin();
        repository::TouchSession(write, session.id, now_ms);
        write.Commit();
    }
    return PrincipalOf(stored.user, session.id);
}

void IdentityService::Logout(const core::CallContext& ctx) {
    storage::WithTransaction(db_, [&](storage::Transaction& tx) {
        repository::RevokeSession(tx, ctx.principal.session_id, ToMillis(clock_.Now()));
        audit::RecordAudit(tx, clock_, ctx, "logout", "session", ctx.principal.session_id, boost::json::object{});
    });
}

void IdentityService::ChangePassword(const core::CallContext& ctx, const std::string& old_password,
                                     const std::string& new_password) {
    storage::WithTransaction(db_, [&](storage::Transaction& tx) {
        auto stored = repository::FindUserById(tx, ctx.principal.user_id);
        if (!stored) ThrowUnauthenticated();
        core::FieldErrors errors;
        if (!VerifyPassword(old_password, stored->password_hash)) errors.Add("oldPassword", "原密码不正确");
        if (auto reason = CheckPasswordPolicy(new_password)) errors.Add("newPassword", *reason);
        if (old_password == new_password) errors.Add("newPassword", "新密码不能与原密码相同");
        errors.ThrowIfAny();
        repository::UpdatePassword(tx, stored->user.id, HashPassword(new_password, options_.password_cost), false,
                                   ToMillis(clock_.Now()));
        audit::RecordAudit(tx, clock_, ctx, "change_password", "user", stored->user.id, boost::json::object{});
    });
}

User IdentityService::LoadInScope(storage::Transaction& tx, const core::CallContext& ctx, const std::string& id) {
    auto stored = repository::FindUserById(tx, id);
    // Outside the caller's region answers exactly like a missing id.
    if (!stored || !ctx.principal.CoversRegion(stored->user.region_code)) ThrowNotFound("用户");
    return stored->user;
}

std::pair<std::vector<User>, std::int64_t> IdentityService::ListUsers(const core::CallContext& ctx,
                                                                      const UserFilter& filter,
                                                                      const http::Page& page) {
    auto tx = db_.Begin(storage::TxMode::kRead);
    return repository::ListUsers(tx, ctx.principal.region_code, filter, page.page_size, page.offset());
}

User IdentityService::GetUser(const core::CallContext& ctx, const std::string& id) {
    auto tx = db_.Begin(storage::TxMode::kRead);
    return LoadInScope(tx, ctx, id);
}

User IdentityService::UpdateUser(const core::CallContext& ctx, const std::string& id, const UserPatch& patch) {
    return storage::WithTransaction(db_, [&](storage::Transaction& tx) {
        User u = LoadInScope(tx, ctx, id);
        if (IsAdministratorRole(u.role)) ThrowForbidden("管理员账号不能通过此接口修改");
        if (patch.display_name) u.display_name = *patch.display_name;
        if (patch.region_code) u.region_code = *patch.region_code;
        if (patch.industry) u.industry = *patch.industry;
        if (patch.enterprise_id) u.enterprise_id = *patch.enterprise_id;
        if (patch.bank_code) u.bank_code = *patch.bank_code;
        if (patch.status) u.status = *patch.status;
        core::FieldErrors errors;
        if (u.display_name.empty() || core::Utf8Length(u.display_name) > 50) errors.Add("displayName", "姓名必填，不超过 50 字");
        if (u.status != "active" && u.status != "disabled") errors.Add("status", "取值无效，可选：active, disabled");
        if (!ctx.principal.CoversRegion(u.region_code)) errors.Add("regionCode", "超出您的管辖范围");
        ValidateScopeFields(tx, u.role, u.region_code, u.industry, u.enterprise_id, u.bank_code, errors);
        errors.ThrowIfAny();
        auto now = ToMillis(clock_.Now());
        repository::UpdateUser(tx, u, now);
        if (u.status == "disabled") repository::RevokeUserSessions(tx, u.id, now);
        audit::RecordAudit(tx, clock_, ctx, "update", "user", u.id, AuditView(u));
        return u;
    });
}

User IdentityService::Unlock(const core::CallContext& ctx, const std::string& id) {
    return storage::WithTransaction(db_, [&](storage::Transaction& tx) {
        User u = LoadInScope(tx, ctx, id);
        repository::UpdateLoginState(tx, u.id, 0, std::nullopt, ToMillis(clock_.Now()));
        u.failed_logins = 0;
        u.locked_until.reset();
        audit::RecordAudit(tx, clock_, ctx, "unlock", "user", u.id, boost::json::object{});
        return u;
    });
}

User IdentityService::SetRole(const core::CallContext& ctx, const std::string& id, const RoleChange& change) {
    return storage::WithTransaction(db_, [&](storage::Transaction& tx) {
        User u = LoadInScope(tx, ctx, id);
        if (IsAdministratorRole(u.role) || IsAdministratorRole(change.role))
            ThrowInvalidField("role", "管理员角色只能由命令行分配");
        u.role = change.role;
        u.industry = change.industry;
        u.enterprise_id = change.enterprise_id;
        u.bank_code = change.bank_code;
        core::FieldErrors errors;
        ValidateScopeFields(tx, u.role, u.region_code, u.industry, u.enterprise_id, u.bank_code, errors);
        errors.ThrowIfAny();
        auto now = ToMillis(clock_.Now());
        repository::UpdateUser(tx, u, now);
        repository::RevokeUserSessions(tx, u.id, now);  // new rights take effect at the next login
        audit::RecordAudit(tx, clock_, ctx, "set_role", "user", u.id, AuditView(u));
        return u;
    });
}

User IdentityService::ResetPassword(const core::CallContext& ctx, const std::string& id,
                                    const std::string& new_password) {
    return storage::WithTransaction(db_, [&](storage::Transaction& tx) {
        User u = LoadInScope(tx, ctx, id);
        if (IsAdministratorRole(u.role) && u.id != ctx.principal.user_id)
            ThrowForbidden("管理员账号的密码只能由本人或命令行修改");
        if (auto reason = CheckPasswordPolicy(new_password)) ThrowInvalidField("newPassword", *reason);
        auto now = ToMillis(clock_.Now());
        repository::UpdatePassword(tx, u.id, HashPassword(new_password, options_.password_cost), true, now);
        repository::RevokeUserSessions(tx, u.id, now);
        u.must_change_password = true;
        u.failed_logins = 0;
        u.locked_until.reset();
        audit::RecordAudit(tx, clock_, ctx, "reset_password", "user", u.id, boost::json::object{});
        return u;
    });
}

core::Principal BearerAuthenticator::Authenticate(const http::Request& request) {
    auto header = request.Header("authorization");
    constexpr std::string_view kBearer = "Bearer ";
    if (header.size() <= kBearer.size() || header.substr(0, kBearer.size()) != kBearer) ThrowUnauthenticated();
    return service_.Authenticate(std::string(header.substr(kBearer.size())));
}

void BearerAuthenticator::Authorize(const core::Principal& principal, std::string_view permission) {
    if (!RoleHasPermission(principal.role, permission)) ThrowForbidden();
}

}  // namespace anxin::identity
