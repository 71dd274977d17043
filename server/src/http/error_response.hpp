// The one place where failures become HTTP responses: the ErrorCode → status map, the error
// envelope {"error":{"code","message","fields","requestId"}} the console reads, and the only
// catch in the request path (RunGuarded). Unknown exceptions become 500 with a fixed message;
// their text goes to the log only.
#pragma once

#include <exception>
#include <functional>
#include <optional>
#include <string>

#include "core/error.hpp"
#include "http/http.hpp"

namespace anxin::http {

// Maps non-anxin exceptions (e.g. storage's UniqueViolation → kConflict, ConnectionLost →
// kUnavailable) to an Error; nullopt means "unknown" (→ 500). Supplied by the app.
using ExceptionTranslator = std::function<std::optional<anxin::Error>(const std::exception&)>;

unsigned StatusFor(ErrorCode code);

// The envelope for an expected failure.
Response ErrorResponse(const anxin::Error& error, const std::string& request_id);

// Calls fn and returns its response; any exception becomes the error envelope. Never throws.
// Errors that map to 5xx are logged with the request id and the exception text.
Response RunGuarded(const std::function<Response()>& fn, const std::string& request_id,
                    const ExceptionTranslator& translate);

}  // namespace anxin::http
