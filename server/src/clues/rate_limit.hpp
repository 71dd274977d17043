// Flood protection of the public intake (no login): fixed-window counters per IP and per phone in
// clues_intake_counter, and a stateless proof-of-work challenge. Limits are per bucket, never global,
// so someone else's flood never refuses an honest complaint.
//
// Proof of work: GET .../challenge returns "v1.<expiresAtMs>.<difficulty>.<random>.<mac>" where mac is
// HMAC-SHA-256 (server key) over the first four parts. The client finds a nonce (any 1–64 printable
// ASCII characters; decimal in practice) such that SHA-256(challenge ‖ nonce) starts with
// `difficulty` zero bits (18 bits ≈ 260k hashes: under a second in a browser). A solution is spent
// once: its mac is recorded in clues_pow_spent in the submission's transaction.
#pragma once

#include <array>
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/time.hpp"
#include "storage/database.hpp"

namespace anxin::clues {

struct IntakeLimits {
    std::int64_t per_phone = 5;  // public submissions per phone per window
    std::chrono::milliseconds phone_window = std::chrono::hours(1);
    std::int64_t per_ip = 20;  // public submissions per IP per window
    std::chrono::milliseconds ip_window = std::chrono::hours(1);
    std::int64_t track_per_ip = 60;  // tracking / confirm / pre-fill look-ups per IP per window
    std::chrono::milliseconds track_window = std::chrono::hours(1);
    int pow_difficulty = 18;  // leading zero bits; 0 disables the work (never in production)
    std::chrono::milliseconds pow_ttl = std::chrono::minutes(10);
};

// Adds one hit to `bucket`'s current fixed window (window_start = now rounded down to the window)
// inside the caller's transaction and returns the hits of that window including this one.
std::int64_t CountHit(storage::Transaction& tx, std::string_view bucket, core::Timestamp now,
                      std::chrono::milliseconds window);
// Deletes counter windows and spent challenges older than `before` (housekeeping).
void PruneIntake(storage::Transaction& tx, core::Timestamp before);

struct Challenge {
    std::string challenge;
    int difficulty = 0;
    core::Timestamp expires_at;
};

// Thread-safe after construction (immutable key).
class ProofOfWork {
public:
    // key: any secret bytes (the app derives one from the data key so every instance agrees); empty
    // → a random per-process secret (outstanding challenges then die with the process).
    explicit ProofOfWork(std::string_view key = {});

    Challenge Issue(core::Timestamp now, int difficulty, std::chrono::milliseconds ttl) const;

    // The verified challenge's mac (the single-use key) and expiry, or nullopt with a reason:
    // malformed, bad signature, expired, or not enough leading zero bits.
    struct Verified {
        std::string mac;
        core::Timestamp expires_at;
        int difficulty = 0;
    };
    struct Result {
        std::optional<Verified> verified;
        std::string reason;  // Chinese, for the "proofOfWork" field
    };
    Result Verify(std::string_view challenge, std::string_view nonce, core::Timestamp now) const;

private:
    std::string Mac(std::string_view data) const;
    std::array<unsigned char, 32> key_{};
};

// Leading zero bits of SHA-256(challenge ‖ nonce).
int LeadingZeroBits(std::string_view challenge, std::string_view nonce);
// Brute force a nonce (tests, CLI clients): decimal counter from 0.
std::string SolveProofOfWork(std::string_view challenge, int difficulty);

// Records the challenge's mac as spent; false when it was spent already (a replay).
bool SpendChallenge(storage::Transaction& tx, const ProofOfWork::Verified& verified);

}  // namespace anxin::clues
