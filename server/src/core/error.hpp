// The one exception type for expected failures. Everything a caller can get wrong or that a rule
// refuses is an anxin::Error with a code; http/error_response maps the code to a status. Per-field
// messages travel in fields() so the console can show them beside the input they name.
#pragma once

#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

namespace anxin {

enum class ErrorCode {
    kInvalidArgument,     // 400: input failed validation; fields() says which and why
    kUnauthenticated,     // 401: no or expired session
    kForbidden,           // 403: authenticated, but the role lacks the permission
    kNotFound,            // 404: absent, or outside the caller's scope
    kMethodNotAllowed,    // 405
    kConflict,            // 409: duplicate, or state does not allow the operation
    kPayloadTooLarge,     // 413
    kUnprocessable,       // 422: well-formed but refused by a business rule
    kTooManyRequests,     // 429
    kLocked,              // 423: account locked
    kUnavailable,         // 503: storage or dependency unavailable; retry later
    kInternal,            // 500
};

std::string_view ErrorCodeName(ErrorCode code);  // "invalid_argument", ...

class Error : public std::runtime_error {
public:
    using Fields = std::map<std::string, std::string>;

    Error(ErrorCode code, std::string message, Fields fields = {})
        : std::runtime_error(std::move(message)), code_(code), fields_(std::move(fields)) {}

    ErrorCode code() const { return code_; }
    const Fields& fields() const { return fields_; }
    // Seconds a client should wait before retrying (the Retry-After header of a 429 or 503).
    std::optional<long> retry_after_seconds() const { return retry_after_seconds_; }
    Error&& WithRetryAfter(long seconds) && {
        retry_after_seconds_ = seconds;
        return std::move(*this);
    }

private:
    ErrorCode code_;
    Fields fields_;
    std::optional<long> retry_after_seconds_;
};

// Shorthands that read well at throw sites.
[[noreturn]] void ThrowInvalidField(std::string field, std::string reason);
[[noreturn]] void ThrowNotFound(std::string_view what);
[[noreturn]] void ThrowConflict(std::string message, Error::Fields fields = {});
[[noreturn]] void ThrowForbidden(std::string message = "权限不足");
[[noreturn]] void ThrowUnauthenticated(std::string message = "未登录或会话已过期");

}  // namespace anxin
