// A small synchronous HTTP/1.1 client for tests: one keep-alive connection to 127.0.0.1:port,
// reopened when the server closed it. Plus RawConnection for sending arbitrary bytes (malformed
// requests, slow clients). Not thread-safe: use one client per thread.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <boost/json/value.hpp>

namespace anxin::testing {

using Headers = std::vector<std::pair<std::string, std::string>>;

struct Response {
    unsigned status = 0;
    Headers headers;  // names lower-cased
    std::string body;
    boost::json::value json;  // parsed body when Content-Type is JSON and the body parses; null otherwise

    // Empty when absent; case-insensitive.
    std::string Header(std::string_view name) const;
    bool HasHeader(std::string_view name) const;
};

class HttpClient {
  public:
    explicit HttpClient(std::uint16_t port, std::chrono::milliseconds timeout = std::chrono::seconds(10));
    ~HttpClient();
    HttpClient(const HttpClient&) = delete;
    HttpClient& operator=(const HttpClient&) = delete;

    // Sends one request and reads the response. Throws boost::system::system_error on I/O failure
    // or timeout. A non-empty body gets Content-Type: application/json unless headers set one.
    Response Request(std::string_view method, std::string_view target, std::string_view body = "",
                     const Headers& headers = {});

    // token: sent as "Authorization: Bearer <token>" when non-empty.
    Response Get(std::string_view target, std::string_view token = "", const Headers& headers = {});
    Response Delete(std::string_view target, std::string_view token = "", const Headers& headers = {});
    Response Post(std::string_view target, std::string_view body, std::string_view token = "",
                  const Headers& headers = {});
    Response Post(std::string_view target, const boost::json::value& body, std::string_view token = "",
                  const Headers& headers = {});
    Response Patch(std::string_view target, std::string_view body, std::string_view token = "",
                   const Headers& headers = {});
    // A string literal body is raw text (without these, "..." would be ambiguous with json::value).
    Response Post(std::string_view target, const char* body, std::string_view token = "", const Headers& headers = {}) {
        return Post(target, std::string_view(body), token, headers);
    }
    Response Patch(std::string_view target, const char* body, std::string_view token = "",
                   const Headers& headers = {}) {
        return Patch(target, std::string_view(body), token, headers);
    }
    Response Patch(std::string_view target, const boost::json::value& body, std::string_view token = "",
                   const Headers& headers = {});

    // TCP connections opened so far (1 after any number of keep-alive requests).
    int connections_opened() const;
    void Close();

  private:
    class Impl;
    std::unique_ptr<Impl> impl_;
};

// A plain TCP connection for hand-written bytes.
class RawConnection {
  public:
    explicit RawConnection(std::uint16_t port);
    ~RawConnection();
    RawConnection(const RawConnection&) = delete;
    RawConnection& operator=(const RawConnection&) = delete;

    // Writes all bytes; false if the peer has closed the connection.
    bool Send(std::string_view bytes);
    // Reads until the peer closes or `timeout` passes. closed tells which happened.
    struct ReadResult {
        std::string data;
        bool closed = false;
    };
    ReadResult ReadUntilClose(std::chrono::milliseconds timeout);

  private:
    class Impl;
    std::unique_ptr<Impl> impl_;
};

// Connects, sends bytes, reads until the server closes the connection (or timeout).
std::string SendRaw(std::uint16_t port, std::string_view bytes,
                    std::chrono::milliseconds timeout = std::chrono::seconds(5));

}  // namespace anxin::testing
