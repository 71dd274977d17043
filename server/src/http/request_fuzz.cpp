// Fuzz target: one HTTP request off the wire as the server reads it — Beast's parser with the
// server's body limit (headers, chunked bodies, Content-Length), the message turned into a Request,
// the target split into the decoded path and query and checked, and the route found among patterns
// like the platform's (path parameters, the static-file rest). Any outcome but a parse error or an
// anxin::Error is a bug.
#include <cstdint>
#include <string_view>

#include <boost/beast/core/buffers_prefix.hpp>
#include <boost/beast/http/parser.hpp>

#include "core/error.hpp"
#include "core/validation.hpp"
#include "http/wire.hpp"

namespace {

namespace bhttp = boost::beast::http;
using anxin::http::Method;

const anxin::http::Router& Routes() {
    static const anxin::http::Router router = [] {
        anxin::http::Router r;
        auto none = [](anxin::http::Request&) { return anxin::http::Response{}; };
        for (const char* pattern : {"/api/v1/health", "/api/v1/cases/{caseId}", "/api/v1/cases/{caseId}/steps",
                                    "/api/v1/files/{fileId}/content", "/api/v1/credit/listings/{listingId}/notice",
                                    "/api/v1/public/clues/track", "/api/v1/projects/{projectId}/workers/{workerId}", "/*"})
            for (Method m : {Method::kGet, Method::kPost})
                if (!(m == Method::kPost && std::string_view(pattern) == "/*")) r.Add(m, pattern, "public", none);
        return r;
    }();
    return router;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    bhttp::request_parser<bhttp::string_body> parser;
    parser.body_limit(1024 * 1024);  // the server's default (http::ServerOptions::body_limit)
    parser.eager(true);
    boost::system::error_code ec;
    std::string_view rest(reinterpret_cast<const char*>(data), size);
    // Fed in pieces of at most 4 KiB, as the server reads the socket.
    while (!rest.empty() && !parser.is_done()) {
        const std::size_t piece = std::min<std::size_t>(rest.size(), 4096);
        const std::size_t used = parser.put(boost::asio::buffer(rest.data(), piece), ec);
        if (ec == bhttp::error::need_more) {
            if (piece == rest.size()) return 0;  // the peer would have to send more
            ec = {};
            if (used == 0) {
                // Beast wants more than this piece: give it everything left.
                const std::size_t all = parser.put(boost::asio::buffer(rest.data(), rest.size()), ec);
                if (ec) return 0;
                rest.remove_prefix(all);
                continue;
            }
        } else if (ec) {
            return 0;  // the server answers 400 / 413 and closes
        }
        rest.remove_prefix(used);
    }
    if (!parser.is_done()) return 0;
    auto message = parser.release();
    bool known = false;
    anxin::http::Request request = anxin::http::wire::FromMessage(message, known);
    try {
        anxin::http::wire::SplitTarget(request);
    } catch (const anxin::Error&) {
        return 0;
    }
    // What SplitTarget let through is clean text the router can match.
    if (anxin::core::TextProblem(request.path)) __builtin_trap();
    auto match = Routes().Find(request.method, request.path);
    if (match.route && !match.route->pattern.ends_with("/*")) {  // the static files' rest may hold '/'
        for (const auto& [name, value] : match.path_params)
            if (value.empty() || value.find('/') != std::string::npos) __builtin_trap();  // one whole segment each
        (void)request.Header("x-forwarded-for");
    }
    return 0;
}
