// SQL for identity_user and identity_session: binding and row mapping, no decisions.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "identity/identity.hpp"

namespace anxin::identity::repository {

struct StoredUser {
    User user;
    std::string password_hash;
};

void InsertUser(storage::Transaction& tx, const User& user, const std::string& password_hash, std::int64_t now_ms);
std::optional<StoredUser> FindUserById(storage::Transaction& tx, const std::string& id);
std::optional<StoredUser> FindUserByUsername(storage::Transaction& tx, const std::string& username);
void UpdateUser(storage::Transaction& tx, const User& user, std::int64_t now_ms);
void UpdateLoginState(storage::Transaction& tx, const std::string& id, int failed_logins,
                      std::optional<std::int64_t> locked_until_ms, std::int64_t now_ms);
// Sets (or with nullopt clears) the mark the security administrator sees on an attacked account.
void MarkAttacked(storage::Transaction& tx, const std::string& id, std::optional<std::int64_t> at_ms);
void UpdatePassword(storage::Transaction& tx, const std::string& id, const std::string& hash, bool must_change,
                    std::int64_t now_ms);
// Users whose region_code starts with scope_prefix, filtered, newest first.
std::pair<std::vector<User>, std::int64_t> ListUsers(storage::Transaction& tx, const std::string& scope_prefix,
                                                     const UserFilter& filter, std::int64_t limit,
                                                     std::int64_t offset);

struct SessionRow {
    std::string id;
    std::string user_id;
    std::int64_t created_at = 0, last_seen_at = 0, expires_at = 0;
    std::optional<std::int64_t> revoked_at;
};
void InsertSession(storage::Transaction& tx, const SessionRow& session, const std::string& token_hash);
std::optional<std::pair<SessionRow, StoredUser>> FindSessionByTokenHash(storage::Transaction& tx,
                                                                        const std::string& token_hash);
void TouchSession(storage::Transaction& tx, const std::string& id, std::int64_t now_ms);
void RevokeSession(storage::Transaction& tx, const std::string& id, std::int64_t now_ms);
void RevokeUserSessions(storage::Transaction& tx, const std::string& user_id, std::int64_t now_ms);
// Every session of the user but `keep_session_id` (a password change keeps the session that made it).
void RevokeOtherSessions(storage::Transaction& tx, const std::string& user_id, const std::string& keep_session_id,
                         std::int64_t now_ms);

// The second factor (identity_totp, identity_recovery_code).
struct TotpRow {
    std::string user_id;
    std::string secret_enc;
    std::optional<std::int64_t> enabled_at;
    std::int64_t last_step = 0;
};
std::optional<TotpRow> FindTotp(storage::Transaction& tx, const std::string& user_id);
// A new pending secret (replaces a pending or enabled one).
void StartTotp(storage::Transaction& tx, const std::string& user_id, const std::string& secret_enc,
               std::int64_t now_ms);
void EnableTotp(storage::Transaction& tx, const std::string& user_id, std::int64_t step, std::int64_t now_ms);
// Records `step` as used; false when a step at or after it was already used (a replayed code).
bool AdvanceTotpStep(storage::Transaction& tx, const std::string& user_id, std::int64_t step);
void RemoveTotp(storage::Transaction& tx, const std::string& user_id);
void ReplaceRecoveryCodes(storage::Transaction& tx, const std::string& user_id,
                          const std::vector<std::string>& code_hashes);
// Marks the code used; false when there is no such unused code.
bool UseRecoveryCode(storage::Transaction& tx, const std::string& user_id, const std::string& code_hash,
                     std::int64_t now_ms);
std::int64_t UnusedRecoveryCodes(storage::Transaction& tx, const std::string& user_id);

// Failed logins of one account from one source address (identity_login_failure).
struct LoginFailure {
    std::string user_id;
    std::string source;
    int failures = 0;
    std::int64_t first_failed_at = 0;
    std::int64_t last_failed_at = 0;
    std::optional<std::int64_t> locked_until;
};
std::optional<LoginFailure> FindLoginFailure(storage::Transaction& tx, const std::string& user_id,
                                             const std::string& source);
void UpsertLoginFailure(storage::Transaction& tx, const LoginFailure& failure);
// All sources of the user, or only `source`.
void ClearLoginFailures(storage::Transaction& tx, const std::string& user_id,
                        const std::optional<std::string>& source = std::nullopt);
// How many distinct source addresses failed to log in to the user since `since_ms`.
std::int64_t CountFailingSources(storage::Transaction& tx, const std::string& user_id, std::int64_t since_ms);

}  // namespace anxin::identity::repository
