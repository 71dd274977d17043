// Limits on login attempts that cost nothing to enforce: failures per source address, counted in
// memory (a flood from one address never touches the database), and a bound on concurrent
// argon2id verifications (each costs 64 MiB, so a burst cannot exhaust memory or every core).
// Thread-safe.
#pragma once

#include <chrono>
#include <cstddef>
#include <deque>
#include <mutex>
#include <optional>
#include <semaphore>
#include <string>
#include <unordered_map>

#include "core/time.hpp"

namespace anxin::identity {

class LoginSourceGuard {
public:
    LoginSourceGuard(int max_failures, std::chrono::minutes window) : max_failures_(max_failures), window_(window) {}

    // Admits an attempt from `source` and counts it as a failure until Forgive(): nullopt when
    // admitted, else the seconds until it may try again. Counting on admission (not after the
    // password check) keeps concurrent attempts from slipping past the limit while being hashed.
    std::optional<long> Admit(const std::string& source, core::Timestamp now);
    // The admitted attempt succeeded: it no longer counts.
    void Forgive(const std::string& source);

private:
    void Prune(std::deque<core::Timestamp>& times, core::Timestamp now) const;
    void RecordLocked(const std::string& source, core::Timestamp now);  // REQUIRES(mutex_)

    static constexpr std::size_t kMaxSources = 100'000;  // memory bound; expired entries go first
    const int max_failures_;
    const std::chrono::minutes window_;
    std::mutex mutex_;
    std::unordered_map<std::string, std::deque<core::Timestamp>> failures_;  // GUARDED_BY(mutex_)
};

// At most `limit` password hashes or verifications at once; the rest wait their turn.
class HashLimiter {
public:
    explicit HashLimiter(int limit) : slots_(limit) {}
    class Slot {
    public:
        explicit Slot(HashLimiter& limiter) : limiter_(limiter) { limiter_.slots_.acquire(); }
        ~Slot() { limiter_.slots_.release(); }
        Slot(const Slot&) = delete;
        Slot& operator=(const Slot&) = delete;

    private:
        HashLimiter& limiter_;
    };

private:
    std::counting_semaphore<1024> slots_;
};

}  // namespace anxin::identity
