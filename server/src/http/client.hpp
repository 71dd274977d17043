// A small synchronous HTTP/1.1 client for outbound calls (the SMS gateway): one request per
// connection, plain http:// only (put a TLS-terminating proxy in front of an https gateway).
// Beast lives in client.cpp; callers see only these plain types. Thread-safe: each call uses its
// own I/O context and connection.
#pragma once

#include <chrono>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace anxin::http {

struct ClientResponse {
    unsigned status = 0;
    std::string body;
};

// The request did not complete: bad URL, DNS, connect, write, read or timeout. The server may or
// may not have received it, so callers that retry must make the request idempotent.
class ClientError : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

// POSTs `body` as application/json to `url` ("http://host[:port]/path[?query]") with the extra
// headers, and returns the response whatever its status. The whole exchange (resolve, connect,
// write, read) must finish within `timeout`. Throws ClientError (never a Beast/Asio type).
ClientResponse PostJson(const std::string& url, std::string_view body,
                        const std::vector<std::pair<std::string, std::string>>& headers,
                        std::chrono::milliseconds timeout);

}  // namespace anxin::http
