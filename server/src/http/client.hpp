// A small synchronous HTTP/1.1 client for outbound calls (SMS providers, later the exchange
// adapters): http:// and https://, one request per call. libcurl does the transport because it
// brings TLS with certificate and host-name verification that we should not write ourselves;
// callers see only these plain types. Thread-safe: each call uses its own curl handle.
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

// The request did not complete: bad URL, DNS, connect, TLS (an unverifiable certificate included),
// write, read or timeout. The server may or may not have received it, so callers that retry must
// make the request idempotent.
class ClientError : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

struct ClientRequest {
    std::string method = "POST";
    std::string url;  // http://… or https://…; other schemes are refused
    std::string body;
    std::vector<std::pair<std::string, std::string>> headers;  // sent as given (Content-Type included)
    std::chrono::milliseconds timeout{10000};                  // the whole exchange
    // PEM file of the certificate authorities to trust instead of the system's (a city's private
    // CA, or a test's own); "" = the system store. Verification is never switched off.
    std::string ca_file;
};

// Sends the request and returns the response whatever its status (bodies over 1 MiB are an error).
// Throws ClientError, never a libcurl type.
ClientResponse Send(const ClientRequest& request);

// POSTs `body` as application/json; charset=utf-8 with the extra headers.
ClientResponse PostJson(const std::string& url, std::string_view body,
                        const std::vector<std::pair<std::string, std::string>>& headers,
                        std::chrono::milliseconds timeout, const std::string& ca_file = "");

}  // namespace anxin::http
