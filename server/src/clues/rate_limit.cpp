#include "clues/rate_limit.hpp"

#include <sodium.h>

#include <algorithm>
#include <charconv>
#include <stdexcept>
#include <vector>

#include "core/ids.hpp"

namespace anxin::clues {
namespace {

std::string Hex(const unsigned char* data, size_t size) {
    std::string out(size * 2 + 1, '\0');
    sodium_bin2hex(out.data(), out.size(), data, size);
    out.pop_back();  // the terminating NUL
    return out;
}

std::vector<std::string_view> Split(std::string_view text, char sep) {
    std::vector<std::string_view> parts;
    size_t start = 0;
    while (true) {
        size_t pos = text.find(sep, start);
        parts.push_back(text.substr(start, pos == std::string_view::npos ? std::string_view::npos : pos - start));
        if (pos == std::string_view::npos) break;
        start = pos + 1;
    }
    return parts;
}

template <class T>
std::optional<T> ParseNumber(std::string_view text) {
    T value{};
    auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc() || ptr != text.data() + text.size() || text.empty()) return std::nullopt;
    return value;
}

}  // namespace

std::int64_t CountHit(storage::Transaction& tx, std::string_view bucket, core::Timestamp now,
                      std::chrono::milliseconds window) {
    const std::int64_t ms = core::ToMillis(now);
    const std::int64_t width = std::max<std::int64_t>(window.count(), 1);
    const std::int64_t window_start = ms - ms % width;
    return tx
        .QueryOne(
            "INSERT INTO clues_intake_counter (bucket_key, window_start, hits) VALUES ($1, $2, 1) "
            "ON CONFLICT (bucket_key, window_start) DO UPDATE SET hits = clues_intake_counter.hits + 1 "
            "RETURNING hits",
            {bucket, window_start})
        .Int(0);
}

void PruneIntake(storage::Transaction& tx, core::Timestamp before) {
    const std::int64_t ms = core::ToMillis(before);
    tx.Execute("DELETE FROM clues_intake_counter WHERE window_start < $1", {ms});
    tx.Execute("DELETE FROM clues_pow_spent WHERE expires_at < $1", {ms});
}

ProofOfWork::ProofOfWork(std::string_view key) {
    if (sodium_init() < 0) throw std::runtime_error("libsodium initialisation failed");
    if (key.empty()) {
        randombytes_buf(key_.data(), key_.size());
    } else {
        // A sub-key for this purpose only: HMAC-SHA-256(key, label).
        static constexpr std::string_view kLabel = "anxin.clues.proof-of-work.v1";
        crypto_auth_hmacsha256_state state;
        crypto_auth_hmacsha256_init(&state, reinterpret_cast<const unsigned char*>(key.data()), key.size());
        crypto_auth_hmacsha256_update(&state, reinterpret_cast<const unsigned char*>(kLabel.data()), kLabel.size());
        crypto_auth_hmacsha256_final(&state, key_.data());
    }
}

std::string ProofOfWork::Mac(std::string_view data) const {
    std::array<unsigned char, crypto_auth_hmacsha256_BYTES> mac{};
    crypto_auth_hmacsha256_state state;
    crypto_auth_hmacsha256_init(&state, key_.data(), key_.size());
    crypto_auth_hmacsha256_update(&state, reinterpret_cast<const unsigned char*>(data.data()), data.size());
    crypto_auth_hmacsha256_final(&state, mac.data());
    return Hex(mac.data(), 16);  // 128 bits are plenty for a challenge that lives minutes
}

Challenge ProofOfWork::Issue(core::Timestamp now, int difficulty, std::chrono::milliseconds ttl) const {
    Challenge c;
    c.difficulty = std::clamp(difficulty, 0, 32);
    c.expires_at = now + ttl;
    std::string body = "v1." + std::to_string(core::ToMillis(c.expires_at)) + "." + std::to_string(c.difficulty) +
                       "." + core::RandomHex(12);
    c.challenge = body + "." + Mac(body);
    return c;
}

ProofOfWork::Result ProofOfWork::Verify(std::string_view challenge, std::string_view nonce,
                                        core::Timestamp now) const {
    Result result;
    auto parts = Split(challenge, '.');
    if (challenge.size() > 200 || parts.size() != 5 || parts[0] != "v1") {
        result.reason = "校验题格式不正确，请重新获取";
        return result;
    }
    auto expires = ParseNumber<std::int64_t>(parts[1]);
    auto difficulty = ParseNumber<int>(parts[2]);
    std::string_view body = challenge.substr(0, challenge.size() - parts[4].size() - 1);
    std::string expected = Mac(body);
    if (!expires || !difficulty || parts[4].size() != expected.size() ||
        sodium_memcmp(expected.data(), parts[4].data(), expected.size()) != 0) {
        result.reason = "校验题签名无效，请重新获取";
        return result;
    }
    if (core::ToMillis(now) > *expires) {
        result.reason = "校验题已过期，请重新获取";
        return result;
    }
    if (nonce.empty() || nonce.size() > 64) {
        result.reason = "缺少校验答案";
        return result;
    }
    for (char ch : nonce) {
        if (ch < 0x21 || ch > 0x7e) {
            result.reason = "校验答案只能包含可打印字符";
            return result;
        }
    }
    if (LeadingZeroBits(challenge, nonce) < *difficulty) {
        result.reason = "校验答案不正确";
        return result;
    }
    result.verified = Verified{std::string(parts[4]), core::FromMillis(*expires), *difficulty};
    return result;
}

int LeadingZeroBits(std::string_view challenge, std::string_view nonce) {
    std::array<unsigned char, crypto_hash_sha256_BYTES> digest{};
    crypto_hash_sha256_state state;
    crypto_hash_sha256_init(&state);
    crypto_hash_sha256_update(&state, reinterpret_cast<const unsigned char*>(challenge.data()), challenge.size());
    crypto_hash_sha256_update(&state, reinterpret_cast<const unsigned char*>(nonce.data()), nonce.size());
    crypto_hash_sha256_final(&state, digest.data());
    int bits = 0;
    for (unsigned char byte : digest) {
        if (byte == 0) {
            bits += 8;
            continue;
        }
        for (int bit = 7; bit >= 0 && !(byte & (1u << bit)); --bit) ++bits;
        break;
    }
    return bits;
}

std::string SolveProofOfWork(std::string_view challenge, int difficulty) {
    for (std::uint64_t n = 0;; ++n) {
        std::string nonce = std::to_string(n);
        if (LeadingZeroBits(challenge, nonce) >= difficulty) return nonce;
    }
}

bool SpendChallenge(storage::Transaction& tx, const ProofOfWork::Verified& verified) {
    return tx.Execute(
               "INSERT INTO clues_pow_spent (challenge_mac, expires_at) VALUES ($1, $2) "
               "ON CONFLICT (challenge_mac) DO NOTHING",
               {verified.mac, core::ToMillis(verified.expires_at)}) == 1;
}

}  // namespace anxin::clues
