#include "http/error_response.hpp"

#include <spdlog/spdlog.h>
#include <boost/json/object.hpp>

namespace anxin::http {

namespace {

constexpr const char* kInternalMessage = "服务器内部错误";

Response InternalError(const std::string& request_id) {
    return ErrorResponse(anxin::Error(ErrorCode::kInternal, kInternalMessage), request_id);
}

Response FromError(const anxin::Error& error, const std::string& request_id) {
    if (StatusFor(error.code()) >= 500) {
        spdlog::error("request {} failed: {}: {}", request_id, ErrorCodeName(error.code()), error.what());
    }
    return ErrorResponse(error, request_id);
}

}  // namespace

unsigned StatusFor(ErrorCode code) {
    switch (code) {
        case ErrorCode::kInvalidArgument:
            return 400;
        case ErrorCode::kUnauthenticated:
            return 401;
        case ErrorCode::kForbidden:
            return 403;
        case ErrorCode::kNotFound:
            return 404;
        case ErrorCode::kMethodNotAllowed:
            return 405;
        case ErrorCode::kConflict:
            return 409;
        case ErrorCode::kPayloadTooLarge:
            return 413;
        case ErrorCode::kUnprocessable:
            return 422;
        case ErrorCode::kLocked:
            return 423;
        case ErrorCode::kTooManyRequests:
            return 429;
        case ErrorCode::kUnavailable:
            return 503;
        case ErrorCode::kInternal:
            return 500;
    }
    return 500;
}

Response ErrorResponse(const anxin::Error& error, const std::string& request_id) {
    boost::json::object fields;
    for (const auto& [name, reason] : error.fields()) fields[name] = reason;
    boost::json::object inner;
    inner["code"] = ErrorCodeName(error.code());
    inner["message"] = error.what();
    inner["fields"] = std::move(fields);
    inner["requestId"] = request_id;
    boost::json::object body;
    body["error"] = std::move(inner);
    Response response = JsonResponse(StatusFor(error.code()), body);
    if (auto seconds = error.retry_after_seconds()) response.headers.emplace_back("Retry-After", std::to_string(*seconds));
    return response;
}

Response RunGuarded(const std::function<Response()>& fn, const std::string& request_id,
                    const ExceptionTranslator& translate) {
    try {
        return fn();
    } catch (const anxin::Error& error) {
        return FromError(error, request_id);
    } catch (const std::exception& e) {
        std::optional<anxin::Error> translated;
        if (translate) {
            // A throwing translator must not escape: fall back to 500 and log both.
            try {
                translated = translate(e);
            } catch (const std::exception& inner) {
                spdlog::error("request {}: translate_exception threw: {}", request_id, inner.what());
            }
        }
        if (translated) {
            if (StatusFor(translated->code()) >= 500) {
                spdlog::error("request {} failed: {} (translated to {})", request_id, e.what(),
                              ErrorCodeName(translated->code()));
            }
            return ErrorResponse(*translated, request_id);
        }
        spdlog::error("request {} failed: {}", request_id, e.what());
        return InternalError(request_id);
    } catch (...) {
        spdlog::error("request {} failed: non-standard exception", request_id);
        return InternalError(request_id);
    }
}

}  // namespace anxin::http
