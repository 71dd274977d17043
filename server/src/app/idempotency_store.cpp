#include "app/idempotency_store.hpp"

namespace anxin::app {

http::IdempotencyStore::Lookup StorageIdempotencyStore::Claim(const std::string& scope, const std::string& key,
                                                              const std::string& fingerprint) {
    return storage::WithTransaction(db_, [&](storage::Transaction& tx) {
        auto inserted = tx.Execute(
            "INSERT INTO http_idempotency (scope, idem_key, fingerprint, created_at) VALUES ($1, $2, $3, $4)"
            " ON CONFLICT (scope, idem_key) DO NOTHING",
            {scope, key, fingerprint, core::ToMillis(clock_.Now())});
        Lookup lookup;
        if (inserted == 1) return lookup;  // kNew
        auto row = tx.QueryOne(
            "SELECT fingerprint, status, content_type, body FROM http_idempotency WHERE scope = $1 AND idem_key = $2",
            {scope, key});
        if (row.Text(0) != fingerprint) {
            lookup.state = State::kMismatch;
        } else if (row.IsNull(1)) {
            lookup.state = State::kInProgress;
        } else {
            lookup.state = State::kReplay;
            lookup.stored.status = static_cast<unsigned>(row.Int(1));
            lookup.stored.content_type = row.OptText(2).value_or("");
            lookup.stored.body = row.OptText(3).value_or("");
        }
        return lookup;
    });
}

void StorageIdempotencyStore::Complete(const std::string& scope, const std::string& key,
                                       const http::Response& response) {
    storage::WithTransaction(db_, [&](storage::Transaction& tx) {
        tx.Execute("UPDATE http_idempotency SET status = $3, content_type = $4, body = $5"
                   " WHERE scope = $1 AND idem_key = $2",
                   {scope, key, static_cast<std::int64_t>(response.status), response.content_type, response.body});
    });
}

void StorageIdempotencyStore::Release(const std::string& scope, const std::string& key) {
    storage::WithTransaction(db_, [&](storage::Transaction& tx) {
        tx.Execute("DELETE FROM http_idempotency WHERE scope = $1 AND idem_key = $2 AND status IS NULL", {scope, key});
    });
}

std::int64_t StorageIdempotencyStore::Expire(std::chrono::hours retention) {
    const auto cutoff = core::ToMillis(clock_.Now() - retention);
    return storage::WithTransaction(db_, [&](storage::Transaction& tx) {
        return tx.Execute("DELETE FROM http_idempotency WHERE created_at < $1", {cutoff});
    });
}

}  // namespace anxin::app
