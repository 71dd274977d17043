#include "identity/totp.hpp"

#include <liboath/oath.h>
#include <sodium.h>

#include <cstdlib>
#include <mutex>
#include <stdexcept>

namespace anxin::identity::totp {
namespace {

void InitOnce() {
    static std::once_flag once;
    std::call_once(once, [] {
        if (oath_init() != OATH_OK) throw std::runtime_error("liboath failed to initialise");
        if (sodium_init() < 0) throw std::runtime_error("libsodium failed to initialise");
    });
}

std::string PercentEncode(std::string_view text) {
    static constexpr char kHex[] = "0123456789ABCDEF";
    std::string out;
    for (unsigned char c : text) {
        if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.' ||
            c == '_' || c == '~') {
            out += static_cast<char>(c);
        } else {
            out += '%';
            out += kHex[c >> 4];
            out += kHex[c & 0xF];
        }
    }
    return out;
}

}  // namespace

std::string NewSecret() {
    InitOnce();
    std::string secret(20, '\0');
    randombytes_buf(secret.data(), secret.size());
    return secret;
}

std::string Base32(std::string_view raw) {
    InitOnce();
    char* out = nullptr;
    size_t length = 0;
    if (oath_base32_encode(raw.data(), raw.size(), &out, &length) != OATH_OK) throw std::runtime_error("base32 failed");
    std::string text(out, length);
    std::free(out);
    while (!text.empty() && text.back() == '=') text.pop_back();
    return text;
}

std::optional<std::string> FromBase32(std::string_view text) {
    InitOnce();
    std::string padded(text);
    while (padded.size() % 8 != 0) padded += '=';
    char* out = nullptr;
    size_t length = 0;
    if (oath_base32_decode(padded.data(), padded.size(), &out, &length) != OATH_OK) return std::nullopt;
    std::string raw(out, length);
    std::free(out);
    return raw;
}

std::int64_t StepAt(core::Timestamp at) { return core::ToMillis(at) / 1000 / kStepSeconds; }

std::string CodeForStep(std::string_view secret, std::int64_t step) {
    InitOnce();
    char code[kDigits + 1] = {};
    if (oath_totp_generate(secret.data(), secret.size(), static_cast<time_t>(step * kStepSeconds), kStepSeconds, 0,
                           kDigits, code) != OATH_OK)
        throw std::runtime_error("TOTP generation failed");
    return code;
}

std::optional<std::int64_t> MatchingStep(std::string_view secret, std::string_view code, core::Timestamp now) {
    if (code.size() != static_cast<size_t>(kDigits)) return std::nullopt;
    for (char c : code)
        if (c < '0' || c > '9') return std::nullopt;
    const std::int64_t step = StepAt(now);
    for (std::int64_t candidate : {step, step - 1, step + 1}) {
        // Constant-time comparison of the 6 digits.
        const std::string expected = CodeForStep(secret, candidate);
        if (sodium_memcmp(expected.data(), code.data(), expected.size()) == 0) return candidate;
    }
    return std::nullopt;
}

std::string OtpauthUri(std::string_view issuer, std::string_view account, std::string_view secret) {
    const std::string label = PercentEncode(issuer) + ":" + PercentEncode(account);
    return "otpauth://totp/" + label + "?secret=" + Base32(secret) + "&issuer=" + PercentEncode(issuer) +
           "&algorithm=SHA1&digits=" + std::to_string(kDigits) + "&period=" + std::to_string(kStepSeconds);
}

std::vector<std::string> NewRecoveryCodes(int n) {
    InitOnce();
    static constexpr char kAlphabet[] = "abcdefghijkmnpqrstuvwxyz23456789";  // no l, o, 0, 1: read aloud safely
    std::vector<std::string> codes;
    for (int i = 0; i < n; ++i) {
        std::string code;
        for (int k = 0; k < 8; ++k) {
            if (k == 4) code += '-';
            code += kAlphabet[randombytes_uniform(32)];
        }
        codes.push_back(std::move(code));
    }
    return codes;
}

std::string NormalizeRecoveryCode(std::string_view text) {
    std::string out;
    for (char c : text) {
        if (c == '-' || c == ' ') continue;
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
        if (!((c >= 'a' && c <= 'z') || (c >= '2' && c <= '9'))) return "";
        out += c;
    }
    return out.size() == 8 ? out : "";
}

}  // namespace anxin::identity::totp
