#include "core/ids.hpp"

#include <sodium.h>

#include <array>
#include <stdexcept>

namespace anxin::core {
namespace {

constexpr char kCrockford[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

void EnsureSodium() {
    static const int init = sodium_init();
    if (init < 0) throw std::runtime_error("libsodium failed to initialise");
}

std::string ToHex(const unsigned char* data, size_t size) {
    std::string hex(size * 2, '\0');
    sodium_bin2hex(hex.data(), hex.size() + 1, data, size);
    return hex;
}

}  // namespace

std::string NewId(Timestamp now) {
    EnsureSodium();
    std::array<unsigned char, 16> bytes{};
    auto ms = static_cast<unsigned long long>(ToMillis(now));
    for (int i = 5; i >= 0; --i) {
        bytes[static_cast<size_t>(i)] = static_cast<unsigned char>(ms & 0xFF);
        ms >>= 8;
    }
    randombytes_buf(bytes.data() + 6, 10);
    // 128 bits → 26 base32 digits, most significant first (first digit carries 3 bits).
    std::string out(26, '0');
    unsigned __int128 value = 0;
    for (unsigned char b : bytes) value = (value << 8) | b;
    for (int i = 25; i >= 0; --i) {
        out[static_cast<size_t>(i)] = kCrockford[static_cast<unsigned>(value & 31U)];
        value >>= 5;
    }
    return out;
}

bool LooksLikeId(std::string_view text) {
    if (text.size() != 26) return false;
    for (char c : text) {
        bool ok = (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z' && c != 'I' && c != 'L' && c != 'O' && c != 'U');
        if (!ok) return false;
    }
    return true;
}

std::string RandomHex(size_t bytes) {
    EnsureSodium();
    std::string raw(bytes, '\0');
    randombytes_buf(raw.data(), bytes);
    return ToHex(reinterpret_cast<const unsigned char*>(raw.data()), bytes);
}

std::string Sha256Hex(std::string_view data) {
    EnsureSodium();
    std::array<unsigned char, crypto_hash_sha256_BYTES> digest{};
    crypto_hash_sha256(digest.data(), reinterpret_cast<const unsigned char*>(data.data()), data.size());
    return ToHex(digest.data(), digest.size());
}

}  // namespace anxin::core
