#include "core/error.hpp"

namespace anxin {

std::string_view ErrorCodeName(ErrorCode code) {
    switch (code) {
        case ErrorCode::kInvalidArgument: return "invalid_argument";
        case ErrorCode::kUnauthenticated: return "unauthenticated";
        case ErrorCode::kForbidden: return "forbidden";
        case ErrorCode::kNotFound: return "not_found";
        case ErrorCode::kMethodNotAllowed: return "method_not_allowed";
        case ErrorCode::kConflict: return "conflict";
        case ErrorCode::kPayloadTooLarge: return "payload_too_large";
        case ErrorCode::kUnprocessable: return "unprocessable";
        case ErrorCode::kTooManyRequests: return "too_many_requests";
        case ErrorCode::kLocked: return "locked";
        case ErrorCode::kUnavailable: return "unavailable";
        case ErrorCode::kInternal: return "internal";
    }
    return "internal";
}

void ThrowInvalidField(std::string field, std::string reason) {
    std::string message = field + ": " + reason;
    throw Error(ErrorCode::kInvalidArgument, std::move(message), {{std::move(field), std::move(reason)}});
}

void ThrowNotFound(std::string_view what) { throw Error(ErrorCode::kNotFound, std::string(what) + " 不存在"); }

void ThrowConflict(std::string message, Error::Fields fields) {
    throw Error(ErrorCode::kConflict, std::move(message), std::move(fields));
}

void ThrowForbidden(std::string message) { throw Error(ErrorCode::kForbidden, std::move(message)); }

void ThrowUnauthenticated(std::string message) { throw Error(ErrorCode::kUnauthenticated, std::move(message)); }

}  // namespace anxin
