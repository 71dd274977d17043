#include "identity/password.hpp"

#include <sodium.h>
#include <cstddef>  // crack.h uses size_t without including it
#include <crack.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <filesystem>
#include <mutex>
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

namespace {

std::string Lower(std::string_view text) {
    std::string out(text);
    for (auto& c : out) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c);
    return out;
}

// The word people hide behind digits and symbols: P@ssw0rd → password, $h1n3 → shine.
std::string Unleet(std::string_view text) {
    std::string out = Lower(text);
    for (auto& c : out) {
        switch (c) {
            case '@': case '4': c = 'a'; break;
            case '0': c = 'o'; break;
            case '1': case '!': c = 'i'; break;
            case '3': c = 'e'; break;
            case '$': case '5': c = 's'; break;
            case '7': c = 't'; break;
            default: break;
        }
    }
    return out;
}

// cracklib's verdict on `candidate`, nullopt when it passes or no dictionary is installed.
std::optional<std::string> CrackCheck(const std::string& candidate, std::string_view username) {
    static std::mutex mutex;  // cracklib keeps static state
    static const std::string dictionary = GetDefaultCracklibDict();
    static const bool available = std::filesystem::exists(dictionary + ".pwd");
    if (!available) {
        static std::once_flag warned;
        std::call_once(warned, [] { spdlog::warn("password policy: cracklib dictionary missing, install cracklib-runtime"); });
        return std::nullopt;
    }
    std::lock_guard lock(mutex);
    const std::string user(username);
    const char* verdict = FascistCheckUser(candidate.c_str(), dictionary.c_str(), user.empty() ? nullptr : user.c_str(),
                                           nullptr);
    if (verdict == nullptr) return std::nullopt;
    return std::string(verdict);
}

// "Password@123" → "password": the word with the digits and symbols people add around it removed.
std::string Core(const std::string& lower) {
    auto is_letter = [](char c) { return c >= 'a' && c <= 'z'; };
    auto begin = std::find_if(lower.begin(), lower.end(), is_letter);
    auto end = std::find_if(lower.rbegin(), lower.rend(), is_letter).base();
    return begin < end ? std::string(begin, end) : std::string();
}

// Roots too short for cracklib's dictionary check (it skips words under six letters) but at the
// top of every leaked-password list.
bool IsCommonRoot(const std::string& core) {
    static constexpr std::string_view kRoots[] = {"admin", "root", "user", "test", "guest", "welcome", "china",
                                                  "qwer", "qwert", "asdf", "zxcv", "abc", "abcd", "love", "hello",
                                                  "pass", "login", "system", "super", "woaini", "aaaa"};
    return std::find(std::begin(kRoots), std::end(kRoots), core) != std::end(kRoots);
}

}  // namespace

std::optional<std::string> CheckPasswordPolicy(std::string_view password, std::string_view username) {
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
    const std::string plain = Lower(password);
    const std::string unleet = Unleet(password);
    for (std::string_view product : {"anxin", "安薪"}) {
        if (plain.find(product) != std::string::npos || unleet.find(product) != std::string::npos)
            return "密码不能包含系统名称";
    }
    if (username.size() >= 3) {
        const std::string name = Lower(username);
        if (plain.find(name) != std::string::npos || unleet.find(name) != std::string::npos)
            return "密码不能包含用户名";
    }
    const std::string core = Core(plain);
    if (IsCommonRoot(core) || CrackCheck(std::string(password), username) || CrackCheck(unleet, username) ||
        (core.size() >= 6 && CrackCheck(core, username)))
        return "密码过于常见或基于字典单词、键盘序列，请换一个";
    return std::nullopt;
}

}  // namespace anxin::identity
