// The HTTP edge as module code sees it: plain request/response values, a router with path
// parameters and a declared permission per route, and JSON helpers. No Beast or Asio types here:
// handlers are synchronous C++ run on the worker pool (see http/server.hpp).
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include <boost/json/value.hpp>

#include "core/principal.hpp"
#include "core/time.hpp"

namespace anxin::http {

enum class Method { kGet, kHead, kPost, kPut, kPatch, kDelete, kOptions };
std::string_view MethodName(Method m);

struct Request {
    Method method = Method::kGet;
    std::string path;    // decoded path without the query string
    std::string target;  // raw target as received (never logged: the query may hold personal data)
    std::unordered_map<std::string, std::string> query;        // decoded query parameters
    std::unordered_map<std::string, std::string> path_params;  // from the route pattern
    std::vector<std::pair<std::string, std::string>> headers;  // names lower-cased
    std::string body;
    std::string request_id;
    std::string remote_address;
    std::string route;  // the matched route's pattern ("/api/v1/cases/{caseId}"): metrics without ids
    std::optional<core::Principal> principal;  // set for every non-public route

    // Empty when absent. Name is case-insensitive.
    std::string_view Header(std::string_view name) const;
    std::optional<std::string> Query(const std::string& name) const;
    const std::string& PathParam(const std::string& name) const;  // throws if the route has no such param
    // Principal + request id of an authenticated route (throws kUnauthenticated on a public route).
    core::CallContext Context() const;
};

struct Response {
    unsigned status = 200;
    std::string content_type = "application/json; charset=utf-8";
    std::string body;
    std::vector<std::pair<std::string, std::string>> headers;
};

Response JsonResponse(unsigned status, const boost::json::value& body);
Response NoContent();

// Parses the body as JSON. Throws Error(kInvalidArgument) on "body" when it is empty or malformed,
// with the parser's position.
boost::json::value ParseJsonBody(const Request& request);

// An uploaded file's name: ?fileName= (decoded by the router) or the X-File-Name header
// (percent-encoded, as browsers send non-ASCII names in headers); "upload" when neither is given.
std::string UploadFileName(const Request& request);
// A file to save: Content-Disposition attachment with the name (RFC 6266: an ASCII fallback plus
// filename* in UTF-8, so Chinese names survive), no caching.
Response DownloadResponse(std::string body, std::string content_type, std::string_view file_name);

// Paging shared by every list endpoint: ?page=1&pageSize=20 (pageSize ≤ 200).
struct Page {
    std::int64_t page = 1;
    std::int64_t page_size = 20;
    std::int64_t offset() const { return (page - 1) * page_size; }
};
Page ParsePage(const Request& request);
// Optional query parameters: absent or empty → nullopt; otherwise Error(kInvalidArgument) naming the
// parameter when it is not an integer in [min, max] / a date YYYY-MM-DD.
std::optional<std::int64_t> QueryInteger(const Request& request, const std::string& name, std::int64_t min, std::int64_t max);
std::optional<core::Date> QueryDate(const Request& request, const std::string& name);

// {"items": [...], "total": n, "page": p, "pageSize": s}
boost::json::object PagedBody(boost::json::array items, std::int64_t total, const Page& page);

// Permissions are strings ("region.read"); the catalog and the role grants live in identity.
inline constexpr std::string_view kPublic = "public";

using Handler = std::function<Response(Request&)>;

struct Route {
    Method method;
    std::string pattern;     // "/api/v1/users/{userId}"
    std::string permission;  // kPublic or a catalog permission
    Handler handler;
};

class Router {
public:
    // Patterns are literal segments and {name} segments; a trailing "/*" matches any rest
    // (static files). Registering the same method + pattern twice throws std::logic_error.
    void Add(Method method, std::string pattern, std::string_view permission, Handler handler);

    struct Match {
        const Route* route = nullptr;
        std::unordered_map<std::string, std::string> path_params;
        bool path_known = false;      // some route has this path (so a method mismatch is 405)
        std::vector<Method> allowed;  // methods registered for this path (the Allow header of a 405)
    };
    Match Find(Method method, std::string_view path) const;
    const std::vector<Route>& routes() const { return routes_; }

private:
    struct Segment {
        enum class Kind { kLiteral, kParam, kRest } kind;
        std::string text;  // literal text or parameter name
    };
    std::vector<Route> routes_;
    std::vector<std::vector<Segment>> segments_;  // parallel to routes_
};

// Authentication and authorization for non-public routes; implemented by identity.
class Authenticator {
public:
    virtual ~Authenticator() = default;
    // Returns the caller or throws Error(kUnauthenticated).
    virtual core::Principal Authenticate(const Request& request) = 0;
    // Throws Error(kForbidden) unless the principal's role holds the permission.
    virtual void Authorize(const core::Principal& principal, std::string_view permission) = 0;
};

// Remembers POST results by Idempotency-Key so a retry returns the first result and writes nothing.
class IdempotencyStore {
public:
    virtual ~IdempotencyStore() = default;
    enum class State { kNew, kReplay, kInProgress, kMismatch };
    struct Lookup {
        State state = State::kNew;
        Response stored;  // for kReplay
    };
    // Claims (scope, key) for a request with this fingerprint (method + path + body digest).
    virtual Lookup Claim(const std::string& scope, const std::string& key, const std::string& fingerprint) = 0;
    // Stores the response of a claimed key (any status below 500 is final).
    virtual void Complete(const std::string& scope, const std::string& key, const Response& response) = 0;
    // Releases a claim whose request failed with a retryable error.
    virtual void Release(const std::string& scope, const std::string& key) = 0;
};

}  // namespace anxin::http
