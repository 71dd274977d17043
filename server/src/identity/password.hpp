// Password hashing (libsodium argon2id) and the password policy (≥ 8 characters from at least three
// of: lower case, upper case, digits, symbols; not common, not the user's or the product's name),
// as 等保 2.0 level 3 expects.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace anxin::identity {

enum class PasswordCost {
    kInteractive,  // production: libsodium's INTERACTIVE limits (64 MiB, 2 passes)
    kFast,         // tests and the demo generator only: the minimum limits
};

std::string HashPassword(std::string_view password, PasswordCost cost);
bool VerifyPassword(std::string_view password, const std::string& stored_hash);
// nullopt when acceptable, else the reason in Chinese for the console. Beyond length and character
// classes, a password may not contain the user name or the product's name, and neither it nor its
// "leet" reading (P@ssw0rd → password) may be a dictionary word or a simple pattern (cracklib's
// dictionary, Debian's cracklib-runtime).
std::optional<std::string> CheckPasswordPolicy(std::string_view password, std::string_view username = "");

}  // namespace anxin::identity
