// Time-based one-time passwords (RFC 6238: HMAC-SHA1, 30-second steps, 6 digits), the second factor
// 等保 2.0 level 3 asks of administrators and that any user may add; and one-time recovery codes.
// liboath does the arithmetic. Pure functions, thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/time.hpp"

namespace anxin::identity::totp {

inline constexpr int kStepSeconds = 30;
inline constexpr int kDigits = 6;

// 20 random bytes (160 bits, as RFC 4226 recommends), raw.
std::string NewSecret();
// RFC 4648 base32 without padding, as authenticator apps read it.
std::string Base32(std::string_view raw);
// The raw secret of a base32 text (what an authenticator app does with a typed secret); nullopt when
// it is not base32.
std::optional<std::string> FromBase32(std::string_view text);
// The time step (seconds since the epoch / 30) containing `at`.
std::int64_t StepAt(core::Timestamp at);
// The code of step `step`.
std::string CodeForStep(std::string_view secret, std::int64_t step);
// The step of `code` when it is the code of the step containing `now` or of the one before or
// after it (clock drift); nullopt otherwise, or when `code` is not 6 digits.
std::optional<std::int64_t> MatchingStep(std::string_view secret, std::string_view code, core::Timestamp now);
// otpauth://totp/{issuer}:{account}?secret=…&issuer=…&algorithm=SHA1&digits=6&period=30
std::string OtpauthUri(std::string_view issuer, std::string_view account, std::string_view secret);

// `n` recovery codes "abcd-efgh" (40 bits each), lower-case base32 letters and digits.
std::vector<std::string> NewRecoveryCodes(int n);
// What is stored and compared: the code without separators, lower-case; "" when not a code's shape.
std::string NormalizeRecoveryCode(std::string_view text);

}  // namespace anxin::identity::totp
