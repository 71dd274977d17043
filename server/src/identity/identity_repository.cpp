#include "identity/identity_repository.hpp"

#include "core/text.hpp"

namespace anxin::identity::repository {
namespace {

constexpr std::string_view kUserColumns =
    "u.id, u.username, u.display_name, u.role, u.region_code, u.industry, u.enterprise_id, u.bank_code, u.status, "
    "u.failed_logins, u.locked_until, u.must_change_password, u.created_at, u.password_hash, "
    "CASE WHEN EXISTS (SELECT 1 FROM identity_totp t WHERE t.user_id = u.id AND t.enabled_at IS NOT NULL) THEN 1 "
    "ELSE 0 END, u.attacked_at";
constexpr size_t kUserColumnCount = 16;

StoredUser MapUser(const storage::Row& row, size_t first = 0) {
    StoredUser s;
    User& u = s.user;
    u.id = row.Text(first + 0);
    u.username = row.Text(first + 1);
    u.display_name = row.Text(first + 2);
    u.role = row.Text(first + 3);
    u.region_code = row.Text(first + 4);
    u.industry = row.Text(first + 5);
    u.enterprise_id = row.Text(first + 6);
    u.bank_code = row.Text(first + 7);
    u.status = row.Text(first + 8);
    u.failed_logins = static_cast<int>(row.Int(first + 9));
    if (auto locked = row.OptInt(first + 10)) u.locked_until = core::FromMillis(*locked);
    u.must_change_password = row.Bool(first + 11);
    u.created_at = core::FromMillis(row.Int(first + 12));
    s.password_hash = row.Text(first + 13);
    u.totp_enabled = row.Bool(first + 14);
    if (auto attacked = row.OptInt(first + 15)) u.attacked_at = core::FromMillis(*attacked);
    return s;
}

std::optional<StoredUser> FindUserWhere(storage::Transaction& tx, std::string_view condition, const std::string& v) {
    auto row = tx.QueryOptional("SELECT " + std::string(kUserColumns) + " FROM identity_user u WHERE " +
                                    std::string(condition),
                                {v});
    if (!row) return std::nullopt;
    return MapUser(*row);
}

}  // namespace

void InsertUser(storage::Transaction& tx, const User& u, const std::string& password_hash, std::int64_t now_ms) {
    tx.Execute(
        "INSERT INTO identity_user (id, username, display_name, password_hash, role, region_code, industry,"
        " enterprise_id, bank_code, status, failed_logins, locked_until, must_change_password, password_changed_at,"
        " created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 0, NULL, $11, $12, $12, $12)",
        {u.id, u.username, u.display_name, password_hash, u.role, u.region_code, u.industry, u.enterprise_id,
         u.bank_code, u.status, u.must_change_password, now_ms});
}

std::optional<StoredUser> FindUserById(storage::Transaction& tx, const std::string& id) {
    return FindUserWhere(tx, "u.id = $1", id);
}

std::optional<StoredUser> FindUserByUsername(storage::Transaction& tx, const std::string& username) {
    return FindUserWhere(tx, "u.username = $1", username);
}

void UpdateUser(storage::Transaction& tx, const User& u, std::int64_t now_ms) {
    tx.Execute(
        "UPDATE identity_user SET display_name = $2, role = $3, region_code = $4, industry = $5, enterprise_id = $6,"
        " bank_code = $7, status = $8, updated_at = $9 WHERE id = $1",
        {u.id, u.display_name, u.role, u.region_code, u.industry, u.enterprise_id, u.bank_code, u.status, now_ms});
}

void MarkAttacked(storage::Transaction& tx, const std::string& id, std::optional<std::int64_t> at_ms) {
    tx.Execute("UPDATE identity_user SET attacked_at = $2 WHERE id = $1", {id, at_ms});
}

void UpdateLoginState(storage::Transaction& tx, const std::string& id, int failed_logins,
                      std::optional<std::int64_t> locked_until_ms, std::int64_t now_ms) {
    tx.Execute("UPDATE identity_user SET failed_logins = $2, locked_until = $3, updated_at = $4 WHERE id = $1",
               {id, failed_logins, locked_until_ms, now_ms});
}

void UpdatePassword(storage::Transaction& tx, const std::string& id, const std::string& hash, bool must_change,
                    std::int64_t now_ms) {
    tx.Execute(
        "UPDATE identity_user SET password_hash = $2, must_change_password = $3, password_changed_at = $4,"
        " failed_logins = 0, locked_until = NULL, updated_at = $4 WHERE id = $1",
        {id, hash, must_change, now_ms});
}

std::pair<std::vector<User>, std::int64_t> ListUsers(storage::Transaction& tx, const std::string& scope_prefix,
                                                     const UserFilter& filter, std::int64_t limit,
                                                     std::int64_t offset) {
    // Prefix match by substr keeps it portable and free of LIKE escaping.
    std::string where = " WHERE substr(u.region_code, 1, $1) = $2";
    std::vector<storage::Param> params{static_cast<std::int64_t>(scope_prefix.size()), scope_prefix};
    if (filter.role) {
        params.emplace_back(*filter.role);
        where += " AND u.role = $" + std::to_string(params.size());
    }
    if (filter.region_code) {
        params.emplace_back(static_cast<std::int64_t>(filter.region_code->size()));
        params.emplace_back(*filter.region_code);
        where += " AND substr(u.region_code, 1, $" + std::to_string(params.size() - 1) + ") = $" +
                 std::to_string(params.size());
    }
    if (filter.username_prefix) {
        params.emplace_back(static_cast<std::int64_t>(filter.username_prefix->size()));
        params.emplace_back(*filter.username_prefix);
        where += " AND substr(u.username, 1, $" + std::to_string(params.size() - 1) + ") = $" +
                 std::to_string(params.size());
    }
    auto total = tx.QueryOne("SELECT COUNT(*) FROM identity_user u" + where, std::span<const storage::Param>(params))
                     .Int(0);
    params.emplace_back(limit);
    params.emplace_back(offset);
    auto rows = tx.Query("SELECT " + std::string(kUserColumns) + " FROM identity_user u" + where +
                             " ORDER BY u.created_at DESC, u.id DESC LIMIT $" + std::to_string(params.size() - 1) +
                             " OFFSET $" + std::to_string(params.size()),
                         std::span<const storage::Param>(params));
    std::vector<User> users;
    users.reserve(rows.size());
    for (const auto& row : rows) users.push_back(MapUser(row).user);
    return std::make_pair(std::move(users), total);
}

void InsertSession(storage::Transaction& tx, const SessionRow& s, const std::string& token_hash) {
    tx.Execute(
        "INSERT INTO identity_session (id, token_hash, user_id, created_at, last_seen_at, expires_at)"
        " VALUES ($1, $2, $3, $4, $5, $6)",
        {s.id, token_hash, s.user_id, s.created_at, s.last_seen_at, s.expires_at});
}

std::optional<std::pair<SessionRow, StoredUser>> FindSessionByTokenHash(storage::Transaction& tx,
                                                                        const std::string& token_hash) {
    auto row = tx.QueryOptional("SELECT s.id, s.user_id, s.created_at, s.last_seen_at, s.expires_at, s.revoked_at, " +
                                    std::string(kUserColumns) +
                                    " FROM identity_session s JOIN identity_user u ON u.id = s.user_id"
                                    " WHERE s.token_hash = $1",
                                {token_hash});
    if (!row) return std::nullopt;
    SessionRow s{row->Text(0), row->Text(1), row->Int(2), row->Int(3), row->Int(4), row->OptInt(5)};
    static_assert(kUserColumnCount == 16);
    return std::make_pair(std::move(s), MapUser(*row, 6));
}

void TouchSession(storage::Transaction& tx, const std::string& id, std::int64_t now_ms) {
    tx.Execute("UPDATE identity_session SET last_seen_at = $2 WHERE id = $1", {id, now_ms});
}

void RevokeSession(storage::Transaction& tx, const std::string& id, std::int64_t now_ms) {
    tx.Execute("UPDATE identity_session SET revoked_at = $2 WHERE id = $1 AND revoked_at IS NULL", {id, now_ms});
}

void RevokeUserSessions(storage::Transaction& tx, const std::string& user_id, std::int64_t now_ms) {
    tx.Execute("UPDATE identity_session SET revoked_at = $2 WHERE user_id = $1 AND revoked_at IS NULL",
               {user_id, now_ms});
}

void RevokeOtherSessions(storage::Transaction& tx, const std::string& user_id, const std::string& keep_session_id,
                         std::int64_t now_ms) {
    tx.Execute(
        "UPDATE identity_session SET revoked_at = $3 WHERE user_id = $1 AND id <> $2 AND revoked_at IS NULL",
        {user_id, keep_session_id, now_ms});
}

std::optional<LoginFailure> FindLoginFailure(storage::Transaction& tx, const std::string& user_id,
                                             const std::string& source) {
    auto row = tx.QueryOptional(
        "SELECT failures, first_failed_at, last_failed_at, locked_until FROM identity_login_failure"
        " WHERE user_id = $1 AND source = $2",
        {user_id, source});
    if (!row) return std::nullopt;
    return LoginFailure{user_id, source, static_cast<int>(row->Int(0)), row->Int(1), row->Int(2), row->OptInt(3)};
}

void UpsertLoginFailure(storage::Transaction& tx, const LoginFailure& f) {
    tx.Execute(
        "INSERT INTO identity_login_failure (user_id, source, failures, first_failed_at, last_failed_at, locked_until)"
        " VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (user_id, source) DO UPDATE SET failures = $3,"
        " first_failed_at = $4, last_failed_at = $5, locked_until = $6",
        {f.user_id, f.source, f.failures, f.first_failed_at, f.last_failed_at, f.locked_until});
}

void ClearLoginFailures(storage::Transaction& tx, const std::string& user_id, const std::optional<std::string>& source) {
    if (source) {
        tx.Execute("DELETE FROM identity_login_failure WHERE user_id = $1 AND source = $2", {user_id, *source});
    } else {
        tx.Execute("DELETE FROM identity_login_failure WHERE user_id = $1", {user_id});
    }
}

std::int64_t CountFailingSources(storage::Transaction& tx, const std::string& user_id, std::int64_t since_ms) {
    return tx
        .QueryOne("SELECT COUNT(*) FROM identity_login_failure WHERE user_id = $1 AND last_failed_at >= $2",
                  {user_id, since_ms})
        .Int(0);
}

std::optional<TotpRow> FindTotp(storage::Transaction& tx, const std::string& user_id) {
    auto row = tx.QueryOptional("SELECT secret_enc, enabled_at, last_step FROM identity_totp WHERE user_id = $1",
                                {user_id});
    if (!row) return std::nullopt;
    return TotpRow{user_id, row->Text(0), row->OptInt(1), row->Int(2)};
}

void StartTotp(storage::Transaction& tx, const std::string& user_id, const std::string& secret_enc,
               std::int64_t now_ms) {
    tx.Execute(
        "INSERT INTO identity_totp (user_id, secret_enc, enabled_at, last_step, created_at) VALUES ($1, $2, NULL, 0, "
        "$3) ON CONFLICT (user_id) DO UPDATE SET secret_enc = $2, enabled_at = NULL, last_step = 0, created_at = $3",
        {user_id, secret_enc, now_ms});
}

void EnableTotp(storage::Transaction& tx, const std::string& user_id, std::int64_t step, std::int64_t now_ms) {
    tx.Execute("UPDATE identity_totp SET enabled_at = $2, last_step = $3 WHERE user_id = $1", {user_id, now_ms, step});
}

bool AdvanceTotpStep(storage::Transaction& tx, const std::string& user_id, std::int64_t step) {
    return tx.Execute("UPDATE identity_totp SET last_step = $2 WHERE user_id = $1 AND last_step < $2",
                      {user_id, step}) > 0;
}

void RemoveTotp(storage::Transaction& tx, const std::string& user_id) {
    tx.Execute("DELETE FROM identity_recovery_code WHERE user_id = $1", {user_id});
    tx.Execute("DELETE FROM identity_totp WHERE user_id = $1", {user_id});
}

void ReplaceRecoveryCodes(storage::Transaction& tx, const std::string& user_id,
                          const std::vector<std::string>& code_hashes) {
    tx.Execute("DELETE FROM identity_recovery_code WHERE user_id = $1", {user_id});
    for (const auto& hash : code_hashes)
        tx.Execute("INSERT INTO identity_recovery_code (user_id, code_hash, used_at) VALUES ($1, $2, NULL)",
                   {user_id, hash});
}

bool UseRecoveryCode(storage::Transaction& tx, const std::string& user_id, const std::string& code_hash,
                     std::int64_t now_ms) {
    return tx.Execute(
               "UPDATE identity_recovery_code SET used_at = $3 WHERE user_id = $1 AND code_hash = $2 AND used_at IS NULL",
               {user_id, code_hash, now_ms}) > 0;
}

std::int64_t UnusedRecoveryCodes(storage::Transaction& tx, const std::string& user_id) {
    return tx.QueryOne("SELECT COUNT(*) FROM identity_recovery_code WHERE user_id = $1 AND used_at IS NULL", {user_id})
        .Int(0);
}

}  // namespace anxin::identity::repository

namespace anxin::identity {
namespace {

constexpr std::string_view kStaffColumns = "u.id, u.username, u.display_name, u.role, u.region_code, u.industry, u.status";

StaffMember MapStaff(const storage::Row& r) {
    return StaffMember{r.Text(0), r.Text(1), r.Text(2), r.Text(3), r.Text(4), r.Text(5), r.Text(6) == "active"};
}

}  // namespace

std::optional<StaffMember> FindStaff(storage::Transaction& tx, std::string_view user_id) {
    auto row = tx.QueryOptional("SELECT " + std::string(kStaffColumns) +
                                    " FROM identity_user u WHERE u.id = $1 AND u.role IN ($2, $3)",
                                {std::string(user_id), std::string(role::kSupervisor), std::string(role::kIndustryOfficer)});
    if (!row) return std::nullopt;
    return MapStaff(*row);
}

std::vector<StaffMember> StaffCovering(storage::Transaction& tx, std::string_view region_code, std::string_view query,
                                       int limit) {
    std::vector<storage::Param> params{std::string(region_code), std::string(role::kSupervisor),
                                       std::string(role::kIndustryOfficer)};
    // Their region is a prefix of the one asked about: the same region or one above it.
    std::string sql = "SELECT " + std::string(kStaffColumns) +
                      " FROM identity_user u WHERE u.status = 'active' AND u.role IN ($2, $3) AND "
                      "substr($1, 1, length(u.region_code)) = u.region_code AND u.region_code <> ''";
    if (!query.empty()) {
        // A name typed with % or _ means those characters, not wildcards.
        params.emplace_back(core::LikeContaining(query));
        sql += " AND (u.display_name LIKE $4 ESCAPE '\\' OR u.username LIKE $4 ESCAPE '\\')";
    }
    params.emplace_back(static_cast<std::int64_t>(limit));
    sql += " ORDER BY length(u.region_code) DESC, u.display_name LIMIT $" + std::to_string(params.size());
    std::vector<StaffMember> out;
    for (const auto& r : tx.Query(sql, std::span<const storage::Param>(params))) out.push_back(MapStaff(r));
    return out;
}

}  // namespace anxin::identity
