#include <boost/json.hpp>

#include <spdlog/spdlog.h>

#include <algorithm>
#include <cctype>
#include <thread>

#include "audit/audit.hpp"
#include "core/error.hpp"
#include "core/ids.hpp"
#include "identity/identity.hpp"
#include "identity/identity_repository.hpp"
#include "identity/totp.hpp"

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

constexpr std::string_view kTotpSecretContext = "identity_totp.secret";
constexpr int kRecoveryCodes = 10;

// The one answer to every failed login: it does not say whether the name exists, the password was
// wrong, the account is disabled or locked for this address.
[[noreturn]] void ThrowLoginFailed() {
    ThrowUnauthenticated("用户名或密码错误（多次失败后该账号将在本地址暂时锁定，账号停用或锁定请联系安全管理员）");
}

// What the audit digest covers for a user change: never the password or its hash.
boost::json::object AuditView(const User& u) {
    return {{"username", u.username}, {"displayName", u.display_name}, {"role", u.role},
            {"regionCode", u.region_code}, {"industry", u.industry}, {"enterpriseId", u.enterprise_id},
            {"bankCode", u.bank_code}, {"status", u.status}};
}

}  // namespace

const std::vector<std::string_view>& KnownIndustries() {
    static const std::vector<std::string_view> industries = {"housing", "transport", "water", "energy",
                                                             "telecom", "municipal", "development", "sasac",
                                                             "sanitation", "other"};
    return industries;
}

IdentityService::IdentityService(storage::Database& db, const core::Clock& clock, RegionValidator validate_region,
                                 IdentityOptions options, const core::FieldCipher* cipher)
    : db_(db),
      clock_(clock),
      validate_region_(std::move(validate_region)),
      options_(options),
      cipher_(cipher),
      // Hashed once: an unknown user then costs one verification, exactly like a wrong password.
      dummy_hash_(HashPassword("anxin-dummy-password", options.password_cost)),
      source_guard_(options.max_failures_per_source, options.source_window),
      // At most half the cores hash at once (argon2id is memory-hard and saturates a core): a login
      // burst leaves the rest to everyone else's requests.
      hash_limiter_(std::clamp(static_cast<int>(std::thread::hardware_concurrency() / 2), 1,
                               std::max(1, options.max_concurrent_hashes))) {}

core::Principal IdentityService::PrincipalOf(const User& u, std::string session_id) const {
    core::Principal p{u.id,        u.username,           u.role, u.region_code, u.industry, u.enterprise_id,
                      u.bank_code, std::move(session_id), u.must_change_password};
    p.second_factor_required = options_.require_admin_totp && IsAdministratorRole(u.role) && !u.totp_enabled;
    p.display_name = u.display_name;
    return p;
}

const core::FieldCipher& IdentityService::Cipher() const {
    if (!cipher_) throw Error(ErrorCode::kUnavailable, "未配置数据密钥，无法启用动态口令");
    return *cipher_;
}

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
    if (auto reason = CheckPasswordPolicy(in.password, in.username)) errors.Add("password", *reason);
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
        std::string hash;
        {
            HashLimiter::Slot slot(hash_limiter_);
            hash = HashPassword(in.password, options_.password_cost);
        }
        repository::InsertUser(tx, u, hash, ToMillis(now));
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
                                   const std::string& request_id, const std::string& source,
                                   const std::string& second_factor) {
    core::FieldErrors errors;
    if (username.empty()) errors.Add("username", "必填");
    if (password.empty()) errors.Add("password", "必填");
    errors.ThrowIfAny();

    const auto now = clock_.Now();
    // Refused before any database work or hashing: a flood from one address costs nothing.
    if (auto wait = source_guard_.Admit(source, now)) {
        throw Error(ErrorCode::kTooManyRequests, "登录失败次数过多，请 " + std::to_string(*wait) + " 秒后再试")
            .WithRetryAfter(*wait);
    }

    // Read, then release the connection: nothing is locked while the password is hashed.
    std::optional<repository::StoredUser> stored;
    std::optional<repository::LoginFailure> failure;
    {
        auto tx = db_.Begin(storage::TxMode::kRead);
        stored = repository::FindUserByUsername(tx, username);
        if (stored) failure = repository::FindLoginFailure(tx, stored->user.id, source);
    }
    bool password_ok = false;
    {
        HashLimiter::Slot slot(hash_limiter_);
        // Same cost whether or not the user exists, is disabled or is locked.
        password_ok = VerifyPassword(password, stored ? stored->password_hash : dummy_hash_);
    }
    const bool locked = failure && failure->locked_until && *failure->locked_until > ToMillis(now);
    if (!stored || !password_ok || locked || stored->user.status != "active") {
        // Already counted against the address on admission.
        // Counted against the account only for a wrong password: a locked or disabled account's
        // correct password is not a failure, and an unknown name has no account to count on.
        if (stored && !password_ok && !locked) RecordLoginFailure(stored->user, source, request_id, now);
        ThrowLoginFailed();
    }

    User& user = stored->user;
    core::CallContext ctx{PrincipalOf(user, ""), request_id};
    std::string token = core::RandomHex(32);  // 256 bits
    repository::SessionRow session{core::NewId(now), user.id, ToMillis(now), ToMillis(now),
                                   ToMillis(now + options_.absolute_timeout), std::nullopt};
    if (user.totp_enabled && second_factor.empty()) {
        // The password was right: now the second factor (not a failure, nothing written).
        source_guard_.Forgive(source);
        throw Error(ErrorCode::kUnauthenticated, "请输入动态口令（或一个恢复码）", {{"otp", "请输入 6 位动态口令"}});
    }
    try {
        storage::WithTransaction(db_, [&](storage::Transaction& tx) {
            if (user.totp_enabled) CheckSecondFactor(tx, user, second_factor, now);
        });
    } catch (const Error& e) {
        // A wrong code counts like a wrong password (against the address it already did, on
        // admission): 6 digits must not be guessable at leisure.
        RecordLoginFailure(user, source, request_id, now);
        throw;
    }
    storage::WithTransaction(db_, [&](storage::Transaction& tx) {
        if (failure) repository::ClearLoginFailures(tx, user.id, source);
        if (user.failed_logins != 0) {
            std::optional<std::int64_t> still_locked;  // other addresses' locks stay in the summary
            if (user.locked_until && *user.locked_until > now) still_locked = ToMillis(*user.locked_until);
            repository::UpdateLoginState(tx, user.id, 0, still_locked, ToMillis(now));
        }
        repository::InsertSession(tx, session, core::Sha256Hex(token));
        audit::RecordAudit(tx, clock_, ctx, "login", "session", session.id, boost::json::object{{"userId", user.id}});
    });
    user.failed_logins = 0;
    source_guard_.Forgive(source);  // a successful login does not count against its address
    return LoginResult{token, core::FromMillis(session.expires_at), user};
}

void IdentityService::RecordLoginFailure(const User& user, const std::string& source, const std::string& request_id,
                                         core::Timestamp now) {
    const auto now_ms = ToMillis(now);
    const auto window_ms = std::chrono::milliseconds(options_.source_window).count();
    core::CallContext ctx{PrincipalOf(user, ""), request_id};
    storage::WithTransaction(db_, [&](storage::Transaction& tx) {
        auto current = repository::FindLoginFailure(tx, user.id, source);
        repository::LoginFailure f{user.id, source, 0, now_ms, now_ms, std::nullopt};
        // A lock that has expired, or failures older than the window, start a fresh count.
        if (current && !current->locked_until && now_ms - current->first_failed_at < window_ms) f = *current;
        f.failures += 1;
        f.last_failed_at = now_ms;
        f.locked_until.reset();
        if (f.failures >= options_.max_failed_logins) f.locked_until = ToMillis(now + options_.lockout);
        repository::UpsertLoginFailure(tx, f);
        // identity_user keeps the summary the console shows: failures, and locked from some address.
        repository::UpdateLoginState(tx, user.id, f.failures, f.locked_until, now_ms);
        audit::RecordAudit(tx, clock_, ctx, f.locked_until ? "lock" : "login_failed", "user", user.id,
                           boost::json::object{{"failures", f.failures}, {"source", source}});
        // Many addresses failing on one account is an attack on it, not a forgetful owner.
        auto sources = repository::CountFailingSources(tx, user.id, now_ms - window_ms);
        if (f.failures == 1 && sources == options_.attack_sources) {
            audit::RecordAudit(tx, clock_, ctx, "attack_alert", "user", user.id,
                               boost::json::object{{"sources", sources},
                                                   {"windowMinutes", options_.source_window.count()}});
            repository::MarkAttacked(tx, user.id, now_ms);  // what the security administrator's list shows
            spdlog::warn("login: account {} failed from {} addresses within {} minutes", user.id, sources,
                         options_.source_window.count());
        }
    });
}

void IdentityService::CheckSecondFactor(storage::Transaction& tx, const User& user, const std::string& second_factor,
                                        core::Timestamp now) {
    auto row = repository::FindTotp(tx, user.id);
    if (!row || !row->enabled_at) ThrowUnauthenticated("动态口令未启用");
    core::CallContext ctx{PrincipalOf(user, ""), "login"};
    const std::string recovery = totp::NormalizeRecoveryCode(second_factor);
    if (!recovery.empty()) {
        if (!repository::UseRecoveryCode(tx, user.id, core::Sha256Hex(recovery), ToMillis(now)))
            throw Error(ErrorCode::kUnauthenticated, "恢复码无效或已使用", {{"otp", "恢复码无效或已使用"}});
        audit::RecordAudit(tx, clock_, ctx, "recovery_code_used", "user", user.id,
                           boost::json::object{{"left", repository::UnusedRecoveryCodes(tx, user.id)}});
        return;
    }
    const std::string secret = Cipher().Open(row->secret_enc, kTotpSecretContext);
    auto step = totp::MatchingStep(secret, second_factor, now);
    // RFC 6238 5.2: a code is accepted once, so one seen over a shoulder or a wire cannot be reused.
    if (!step || *step <= row->last_step || !repository::AdvanceTotpStep(tx, user.id, *step))
        throw Error(ErrorCode::kUnauthenticated, "动态口令错误或已使用", {{"otp", "动态口令错误或已使用，请等待下一个口令"}});
}

TotpStatus IdentityService::GetTotp(const core::CallContext& ctx) {
    auto tx = db_.Begin(storage::TxMode::kRead);
    auto row = repository::FindTotp(tx, ctx.principal.user_id);
    TotpStatus status;
    status.enabled = row && row->enabled_at;
    status.required = options_.require_admin_totp && IsAdministratorRole(ctx.principal.role);
    if (status.enabled) status.recovery_codes_left = repository::UnusedRecoveryCodes(tx, ctx.principal.user_id);
    return status;
}

TotpEnrolment IdentityService::BeginTotp(const core::CallContext& ctx) {
    const auto& cipher = Cipher();
    return storage::WithTransaction(db_, [&](storage::Transaction& tx) {
        auto row = repository::FindTotp(tx, ctx.principal.user_id);
        if (row && row->enabled_at) ThrowConflict("动态口令已启用；更换手机请先由安全管理员重置", {{"totp", "已启用"}});
        const std::string secret = totp::NewSecret();
        repository::StartTotp(tx, ctx.principal.user_id, cipher.Seal(secret, kTotpSecretContext),
                              ToMillis(clock_.Now()));
        audit::RecordAudit(tx, clock_, ctx, "totp_begin", "user", ctx.principal.user_id, boost::json::object{});
        return TotpEnrolment{totp::Base32(secret), totp::OtpauthUri("安薪", ctx.principal.username, secret)};
    });
}

std::vector<std::string> IdentityService::ActivateTotp(const core::CallContext& ctx, const std::string& code) {
    const auto& cipher = Cipher();
    return storage::WithTransaction(db_, [&](storage::Transaction& tx) {
        auto row = repository::FindTotp(tx, ctx.principal.user_id);
        if (!row) ThrowConflict("请先开始绑定动态口令", {{"totp", "未开始绑定"}});
        if (row->enabled_at) ThrowConflict("动态口令已启用", {{"totp", "已启用"}});
        auto step = totp::MatchingStep(cipher.Open(row->secret_enc, kTotpSecretContext), code, clock_.Now());
        if (!step) ThrowInvalidField("code", "动态口令不正确，请核对手机时间后重试");
        const auto now = ToMillis(clock_.Now());
        repository::EnableTotp(tx, ctx.principal.user_id, *step, now);
        auto codes = totp::NewRecoveryCodes(kRecoveryCodes);
        std::vector<std::string> hashes;
        for (const auto& c : codes) hashes.push_back(core::Sha256Hex(totp::NormalizeRecoveryCode(c)));
        repository::ReplaceRecoveryCodes(tx, ctx.principal.user_id, hashes);
        audit::RecordAudit(tx, clock_, ctx, "totp_enable", "user", ctx.principal.user_id,
                           boost::json::object{{"recoveryCodes", kRecoveryCodes}});
        return codes;
    });
}

void IdentityService::DisableTotp(const core::CallContext& ctx, const std::string& code) {
    if (options_.require_admin_totp && IsAdministratorRole(ctx.principal.role))
        ThrowForbidden("管理员必须使用双因素认证，不能自行停用");
    const auto& cipher = Cipher();
    storage::WithTransaction(db_, [&](storage::Transaction& tx) {
        auto row = repository::FindTotp(tx, ctx.principal.user_id);
        if (!row || !row->enabled_at) ThrowConflict("动态口令未启用", {{"totp", "未启用"}});
        auto step = totp::MatchingStep(cipher.Open(row->secret_enc, kTotpSecretContext), code, clock_.Now());
        if (!step || *step <= row->last_step) ThrowInvalidField("code", "动态口令不正确或已使用");
        repository::RemoveTotp(tx, ctx.principal.user_id);
        audit::RecordAudit(tx, clock_, ctx, "totp_disable", "user", ctx.principal.user_id, boost::json::object{});
    });
}

User IdentityService::ResetTotp(const core::CallContext& ctx, const std::string& id) {
    return storage::WithTransaction(db_, [&](storage::Transaction& tx) {
        User u = LoadInScope(tx, ctx, id);
        if (u.id == ctx.principal.user_id) ThrowForbidden("不能重置自己的动态口令");
        if (!repository::FindTotp(tx, u.id)) ThrowConflict("该用户未绑定动态口令", {{"totp", "未绑定"}});
        const auto now = ToMillis(clock_.Now());
        repository::RemoveTotp(tx, u.id);
        repository::RevokeUserSessions(tx, u.id, now);
        audit::RecordAudit(tx, clock_, ctx, "totp_reset", "user", u.id, boost::json::object{});
        u.totp_enabled = false;
        return u;
    });
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
        if (auto reason = CheckPasswordPolicy(new_password, stored->user.username)) errors.Add("newPassword", *reason);
        if (old_password == new_password) errors.Add("newPassword", "新密码不能与原密码相同");
        errors.ThrowIfAny();
        const auto now = ToMillis(clock_.Now());
        repository::UpdatePassword(tx, stored->user.id, HashPassword(new_password, options_.password_cost), false, now);
        // Whoever else holds a session (a stolen token, a forgotten browser) is out.
        repository::RevokeOtherSessions(tx, stored->user.id, ctx.principal.session_id, now);
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
        repository::ClearLoginFailures(tx, u.id);
        repository::UpdateLoginState(tx, u.id, 0, std::nullopt, ToMillis(clock_.Now()));
        repository::MarkAttacked(tx, u.id, std::nullopt);
        u.attacked_at.reset();
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
        if (auto reason = CheckPasswordPolicy(new_password, u.username)) ThrowInvalidField("newPassword", *reason);
        auto now = ToMillis(clock_.Now());
        repository::UpdatePassword(tx, u.id, HashPassword(new_password, options_.password_cost), true, now);
        repository::RevokeUserSessions(tx, u.id, now);
        repository::ClearLoginFailures(tx, u.id);
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
    // Enforced here, not only hinted to the console: until the initial or reset password is
    // changed, the session may only read itself, change the password and log out.
    if (principal.must_change_password && permission != kAuthenticated)
        throw Error(ErrorCode::kForbidden, "请先修改初始密码", {{"mustChangePassword", "true"}});
    if (principal.second_factor_required && permission != kAuthenticated)
        throw Error(ErrorCode::kForbidden, "管理员须先绑定动态口令（双因素认证）", {{"totpRequired", "true"}});
    if (!RoleHasPermission(principal.role, permission)) ThrowForbidden();
}

std::vector<StaffMember> IdentityService::Staff(const std::string& covering, const std::string& query) {
    auto tx = db_.Begin(storage::TxMode::kRead);
    return StaffCovering(tx, covering, query, 50);
}

}  // namespace anxin::identity
