#include "identity/password.hpp"

#include <sodium.h>

#include <stdexcept>

#include "core/validation.hpp"

namespace anxin::identity {

std::string HashPassword(std::string_view password, PasswordCost cost) {
    if (sodium_init() < 0) throw std::runtime_error("libsodium failed to initialise");
    unsigned long long ops = crypto_pwhash_OPSLIMIT_INTERACTIVE;
    size_t mem = crypto_pwhash_MEMLIMIT_INTERACTIVE;
    if (cost == PasswordCost::kFast) {
        ops = crypto_pwhash_OPSLIMIT_MIN;
        mem = crypto_pwhash_MEMLIMIT_MIN;
    }
    char out[crypto_pwhash_STRBYTES];
    if (crypto_pwhash_str_alg(out, password.data(), password.size(), ops, mem, crypto_pwhash_ALG_ARGON2ID13) != 0)
        throw std::runtime_error("argon2id hashing ran out of memory");
    return out;
}

bool VerifyPassword(std::string_view password, const std::string& stored_hash) {
    if (sodium_init() < 0) throw std::runtime_error("libsodium failed to initialise");
    return crypto_pwhash_str_verify(stored_hash.c_str(), password.data(), password.size()) == 0;
}

std::optional<std::string> CheckPasswordPolicy(std::string_view password) {
    if (core::Utf8Length(password) < 8) return "密码至少 8 位";
    if (password.size() > 128) return "密码不能超过 128 个字符";
    bool lower = false, upper = false, digit = false, symbol = false;
    for (char c : password) {
        if (c >= 'a' && c <= 'z') lower = true;
        else if (c >= 'A' && c <= 'Z') upper = true;
        else if (c >= '0' && c <= '9') digit = true;
        else symbol = true;
    }
    if (int{lower} + int{upper} + int{digit} + int{symbol} < 3) return "密码须包含大写字母、小写字母、数字、符号中的至少三类";
    return std::nullopt;
}

}  // namespace anxin::identity
