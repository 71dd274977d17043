// http::IdempotencyStore on the http_idempotency table: a POST retried with the same
// Idempotency-Key gets the first response back and runs nothing again. Keys are kept for a day
// (a client retries within minutes; banks and feeds within hours), then ExpireBefore drops them so
// the table does not grow with every POST ever made.
#pragma once

#include <chrono>
#include <cstdint>

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

    static constexpr std::chrono::hours kRetention{24};
    // Deletes the keys claimed more than `retention` ago (finished or abandoned); returns how many.
    std::int64_t Expire(std::chrono::hours retention = kRetention);

private:
    storage::Database& db_;
    const core::Clock& clock_;
};

}  // namespace anxin::app
