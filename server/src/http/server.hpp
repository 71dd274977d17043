// The Beast/Asio HTTP server. I/O threads parse and write; every matched request runs on a worker
// pool so blocking database calls never stall I/O. One coroutine per connection, keep-alive, body
// limit, header and read timeouts, request ids, error envelope, Idempotency-Key, access log without
// personal data, and graceful shutdown (stop accepting, finish in-flight requests, then return).
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "http/error_response.hpp"
#include "http/http.hpp"

namespace anxin::http {

struct ServerOptions {
    std::string address = "127.0.0.1";
    std::uint16_t port = 8080;                  // 0 = pick a free port (tests)
    std::size_t body_limit = 10 * 1024 * 1024;  // bytes; larger bodies get 413
    std::chrono::seconds header_timeout{10};    // to receive the request headers
    std::chrono::seconds read_timeout{30};      // to receive the whole request
    std::chrono::seconds idle_timeout{60};      // keep-alive wait for the next request
    int io_threads = 1;
    int worker_threads = 8;
    std::string server_name = "anxin";
    // Maps non-anxin exceptions thrown by handlers (storage errors) to an Error; see error_response.hpp.
    ExceptionTranslator translate_exception;
    // How long a connection answered with 400/413 may keep sending before it is closed (so the
    // client reads the error instead of a reset).
    std::chrono::milliseconds linger{500};
    // A 429 is answered after this pause, on the connection's coroutine (no worker thread waits): a
    // client flooding a limit then makes one request per pause per connection instead of thousands a
    // second, and everyone else keeps the CPU (issue 11's login flood). 0: answer at once (tests).
    std::chrono::milliseconds throttle_delay{1000};
    // Reverse proxies (nginx in front) whose X-Forwarded-For is believed: exact addresses or CIDR
    // blocks ("10.0.0.0/8", "::1"). Empty: the peer is the client, X-Forwarded-For is ignored.
    std::vector<std::string> trusted_proxies;
    // Requests are counted and timed here by route pattern (GET /metrics renders them); null: not.
    class Metrics* metrics = nullptr;
};

// The client's address: the peer, unless the peer is a trusted proxy — then, walking X-Forwarded-For
// from the right, the first address that is not itself a trusted proxy (what the proxy saw; anything
// to its left the client could have written). Malformed entries end the walk at the last good one.
std::string ClientAddress(std::string_view peer, std::string_view forwarded_for, const std::vector<std::string>& trusted);

class Server {
public:
    // The router, authenticator and idempotency store must outlive the server; the last two may be
    // null (then non-public routes answer 401, and Idempotency-Key is ignored).
    Server(ServerOptions options, const Router& router, Authenticator* authenticator, IdempotencyStore* idempotency);
    ~Server();
    Server(const Server&) = delete;
    Server& operator=(const Server&) = delete;

    // Binds and starts the I/O and worker threads; returns the bound port. Throws on bind failure.
    std::uint16_t Start();
    // Graceful stop: stops accepting, lets in-flight requests finish (up to `grace`), joins threads.
    void Stop(std::chrono::seconds grace = std::chrono::seconds(10));
    // Blocks until SIGINT/SIGTERM, then Stop(). For `anxin serve`.
    void RunUntilSignal();

private:
    class Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace anxin::http
