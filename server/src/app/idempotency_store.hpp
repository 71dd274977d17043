// http::IdempotencyStore on the http_idempotency table: a POST retried with the same
// Idempotency-Key gets the first response back and runs nothing again.
#pragma once

#include "core/time.hpp"
#include "http/http.hpp"
#include "storage/database.hpp"

namespace anxin::app {

class StorageIdempotencyStore final : public http::IdempotencyStore {
public:
    StorageIdempotencyStore(storage::Database& db, const core::Clock& clock) : db_(db), clock_(clock) {}
    Lookup Claim(const std::string& scope, const std::string& key, const std::string& fingerprint) override;
    void Complete(const std::string& scope, const std::string& key, const http::Response& response) override;
    void Release(const std::string& scope, const std::string& key) override;

private:
    storage::Database& db_;
    const core::Clock& clock_;
};

}  // namespace anxin::app
