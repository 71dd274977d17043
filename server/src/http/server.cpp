// The Beast/Asio server (all Beast code of the project lives here and in testing/http_client).
// Threads: io_threads run the io_context (accept, parse, write; one coroutine per connection on a
// strand); a thread_pool of worker_threads runs everything else — target parsing, routing,
// authentication, idempotency and the handler — because handlers block on the database.
#include "http/server.hpp"

#include "http/metrics.hpp"
#include "http/wire.hpp"

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <csignal>
#include <exception>
#include <future>
#include <mutex>
#include <optional>
#include <thread>
#include <unordered_set>

#include <spdlog/spdlog.h>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/ip/address.hpp>
#include <boost/asio/ip/network_v4.hpp>
#include <boost/asio/ip/network_v6.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/empty_body.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>
#include <boost/url/parse.hpp>
#include <boost/url/url_view.hpp>

#include "core/validation.hpp"

#include "core/error.hpp"
#include "core/ids.hpp"

namespace anxin::http {

namespace {

// True when `address` is one of the trusted proxies (an exact address or inside a CIDR block).
bool Trusted(const boost::asio::ip::address& address, const std::vector<std::string>& trusted) {
    boost::system::error_code ec;
    for (const auto& entry : trusted) {
        if (entry.find('/') == std::string::npos) {
            auto exact = boost::asio::ip::make_address(entry, ec);
            if (!ec && exact == address) return true;
            continue;
        }
        if (address.is_v4()) {
            auto net = boost::asio::ip::make_network_v4(entry, ec);
            if (!ec && (address.to_v4().to_uint() & net.netmask().to_uint()) == net.network().to_uint()) return true;
        } else {
            auto net = boost::asio::ip::make_network_v6(entry, ec);
            if (!ec && boost::asio::ip::make_network_v6(address.to_v6(), net.prefix_length()).network() == net.network()) return true;
        }
    }
    return false;
}

std::string_view TrimWhitespace(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    return s;
}

}  // namespace

std::string ClientAddress(std::string_view peer, std::string_view forwarded_for, const std::vector<std::string>& trusted) {
    boost::system::error_code ec;
    auto current = boost::asio::ip::make_address(std::string(peer), ec);
    if (ec || trusted.empty() || forwarded_for.empty() || !Trusted(current, trusted)) return std::string(peer);
    std::string client(peer);
    std::string_view rest = forwarded_for;
    while (!rest.empty()) {
        const auto comma = rest.rfind(',');
        std::string_view entry = TrimWhitespace(comma == std::string_view::npos ? rest : rest.substr(comma + 1));
        rest = comma == std::string_view::npos ? std::string_view() : rest.substr(0, comma);
        auto address = boost::asio::ip::make_address(std::string(entry), ec);
        if (ec) break;  // garbage: keep the last address a trusted hop vouched for
        client = address.to_string();
        if (!Trusted(address, trusted)) break;
    }
    return client;
}

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = asio::ip::tcp;
using Clock = std::chrono::steady_clock;

namespace {

constexpr std::size_t kMaxLingerBytes = 1 << 20;

std::string Lower(std::string_view text) {
    std::string out(text);
    for (char& c : out) {
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    }
    return out;
}

bool IsValidRequestId(std::string_view id) {
    if (id.empty() || id.size() > 64) return false;
    return std::all_of(id.begin(), id.end(), [](char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
    });
}

bool IsValidIdempotencyKey(std::string_view key) {
    if (key.empty() || key.size() > 128) return false;
    return std::all_of(key.begin(), key.end(), [](char c) { return c >= 0x20 && c <= 0x7e; });
}

bool IsApiPath(std::string_view path) { return path == "/api" || path.starts_with("/api/"); }

// Errors that mean "the peer went away or took too long": close without answering.
bool IsDisconnect(const beast::error_code& ec) {
    return ec == bhttp::error::end_of_stream || ec == bhttp::error::partial_message || ec == beast::error::timeout ||
           ec == asio::error::eof || ec == asio::error::operation_aborted || ec == asio::error::connection_reset ||
           ec == asio::error::broken_pipe || ec == asio::error::bad_descriptor || ec == asio::error::not_connected;
}

struct Connection {
    explicit Connection(tcp::socket socket) : stream(std::move(socket)) {}
    beast::tcp_stream stream;
    bool busy = false;  // a request is being handled or answered; touched only on the connection's strand
};

// What the worker hands back to the connection.
struct Outcome {
    Response response;
    std::string path;  // decoded path for the access log ("-" when the target did not parse)
    std::string route;  // the route pattern for metrics ("" when none matched)
    std::string user_id;
};

}  // namespace

class Server::Impl {
  public:
    Impl(ServerOptions options, const Router& router, Authenticator* authenticator, IdempotencyStore* idempotency)
        : options_(std::move(options)),
          router_(router),
          authenticator_(authenticator),
          idempotency_(idempotency),
          ioc_(std::max(1, options_.io_threads)),
          acceptor_(asio::make_strand(ioc_)) {
        access_log_ = spdlog::get("access");
        if (!access_log_) {
            // Unregistered, sharing the default sinks; register an "access" logger before
            // constructing the server to send the access log elsewhere.
            auto sinks = spdlog::default_logger()->sinks();
            access_log_ = std::make_shared<spdlog::logger>("access", sinks.begin(), sinks.end());
        }
    }

    ~Impl() { Stop(std::chrono::seconds(10)); }

    std::uint16_t Start();
    void Stop(std::chrono::seconds grace);
    void RunUntilSignal();

  private:
    asio::awaitable<void> Accept();
    asio::awaitable<void> Session(std::shared_ptr<Connection> conn);
    asio::awaitable<void> Linger(Connection& conn);
    Outcome Dispatch(Request& request, bool method_supported);
    Response Handle(Request& request, bool method_supported);
    Response HandleIdempotent(Request& request, const Route& route);
    bhttp::response<bhttp::string_body> ToBeast(Response response, unsigned version, bool keep_alive, bool head,
                                                std::string_view path, const std::string& request_id) const;
    void LogAccess(std::string_view remote, std::string_view method, std::string_view path, unsigned status,
                   std::size_t bytes, Clock::time_point start, const std::string& request_id,
                   std::string_view user_id) const;
    void CloseConnections(bool idle_only);
    void EndRequest();

    const ServerOptions options_;
    const Router& router_;
    Authenticator* const authenticator_;
    IdempotencyStore* const idempotency_;
    std::shared_ptr<spdlog::logger> access_log_;

    // Declared before ioc_ so they outlive the coroutine frames destroyed with it.
    std::mutex mutex_;
    std::condition_variable changed_;
    int active_requests_ = 0;                                // GUARDED_BY(mutex_)
    std::unordered_set<std::shared_ptr<Connection>> conns_;  // GUARDED_BY(mutex_)
    std::atomic<bool> stopping_{false};
    bool running_ = false;  // Start/Stop are called from the owning thread only

    asio::io_context ioc_;
    tcp::acceptor acceptor_;
    std::optional<asio::thread_pool> workers_;
    std::vector<std::thread> io_threads_;
};

namespace {

// Completion of a detached coroutine: nothing is expected to escape, but if it does, say so.
void LogEscaped(std::exception_ptr e) {
    if (!e) return;
    try {
        std::rethrow_exception(e);
    } catch (const std::exception& ex) {
        spdlog::error("http connection coroutine failed: {}", ex.what());
    }
}

}  // namespace

std::uint16_t Server::Impl::Start() {
    if (running_) throw std::logic_error("server already started");
    if (stopping_) throw std::logic_error("a stopped server cannot be restarted");
    tcp::endpoint endpoint(asio::ip::make_address(options_.address), options_.port);
    acceptor_.open(endpoint.protocol());
    acceptor_.set_option(asio::socket_base::reuse_address(true));
    acceptor_.bind(endpoint);
    acceptor_.listen(asio::socket_base::max_listen_connections);
    std::uint16_t port = acceptor_.local_endpoint().port();
    workers_.emplace(static_cast<std::size_t>(std::max(1, options_.worker_threads)));
    asio::co_spawn(acceptor_.get_executor(), Accept(), LogEscaped);
    for (int i = 0; i < std::max(1, options_.io_threads); ++i) {
        io_threads_.emplace_back([this] { ioc_.run(); });
    }
    running_ = true;
    spdlog::info("http server listening on {}:{}", options_.address, port);
    return port;
}

void Server::Impl::Stop(std::chrono::seconds grace) {
    if (!running_) return;
    running_ = false;
    stopping_ = true;
    auto deadline = Clock::now() + grace;

    // 1. Stop accepting; wait for the close so a connect after Stop() is refused.
    std::promise<void> closed;
    asio::post(acceptor_.get_executor(), [this, &closed] {
        beast::error_code ec;
        acceptor_.close(ec);
        closed.set_value();
    });
    closed.get_future().wait();

    // 2. Idle keep-alive connections go now; busy ones close after writing their response.
    CloseConnections(true);
    {
        std::unique_lock lock(mutex_);
        if (!changed_.wait_until(lock, deadline, [this] { return active_requests_ == 0; })) {
            spdlog::warn("http server: {} request(s) still running after the grace period", active_requests_);
        }
    }

    // 3. Close what is left and let the connection coroutines end.
    CloseConnections(false);
    {
        std::unique_lock lock(mutex_);
        changed_.wait_until(lock, std::max(deadline, Clock::now() + std::chrono::seconds(1)),
                            [this] { return conns_.empty(); });
    }
    ioc_.stop();
    for (auto& t : io_threads_) t.join();
    io_threads_.clear();
    // A handler that outlived the grace period is waited for here: threads cannot be killed.
    workers_->join();
    spdlog::info("http server stopped");
}

void Server::Impl::RunUntilSignal() {
    if (!running_) Start();
    asio::io_context signals_ioc;
    asio::signal_set signals(signals_ioc, SIGINT, SIGTERM);
    signals.async_wait(
        [](const beast::error_code&, int signal) { spdlog::info("received signal {}, stopping", signal); });
    signals_ioc.run();
    Stop(std::chrono::seconds(10));
}

void Server::Impl::CloseConnections(bool idle_only) {
    std::vector<std::shared_ptr<Connection>> conns;
    {
        std::lock_guard lock(mutex_);
        conns.assign(conns_.begin(), conns_.end());
    }
    for (auto& conn : conns) {
        asio::post(conn->stream.get_executor(), [conn, idle_only] {
            if (idle_only && conn->busy) return;
            beast::error_code ec;
            conn->stream.socket().shutdown(tcp::socket::shutdown_both, ec);
            conn->stream.close();
        });
    }
}

void Server::Impl::EndRequest() {
    std::lock_guard lock(mutex_);
    --active_requests_;
    changed_.notify_all();
}

asio::awaitable<void> Server::Impl::Accept() {
    for (;;) {
        tcp::socket socket(asio::make_strand(ioc_));
        beast::error_code ec;
        co_await acceptor_.async_accept(socket, asio::redirect_error(asio::use_awaitable, ec));
        if (ec) {
            if (!acceptor_.is_open() || ec == asio::error::operation_aborted) co_return;
            // E.g. out of file descriptors: back off instead of spinning.
            spdlog::warn("http accept failed: {}", ec.message());
            asio::steady_timer timer(acceptor_.get_executor(), std::chrono::milliseconds(100));
            co_await timer.async_wait(asio::redirect_error(asio::use_awaitable, ec));
            continue;
        }
        auto conn = std::make_shared<Connection>(std::move(socket));
        asio::co_spawn(conn->stream.get_executor(), Session(conn), LogEscaped);
    }
}

asio::awaitable<void> Server::Impl::Session(std::shared_ptr<Connection> conn) {
    {
        std::lock_guard lock(mutex_);
        conns_.insert(conn);
    }
    struct Unregister {
        Impl* impl;
        std::shared_ptr<Connection> conn;
        ~Unregister() {
            std::lock_guard lock(impl->mutex_);
            impl->conns_.erase(conn);
            impl->changed_.notify_all();
        }
    } unregister{this, conn};

    beast::error_code ec;
    std::string remote = "-";
    if (auto endpoint = conn->stream.socket().remote_endpoint(ec); !ec) remote = endpoint.address().to_string();
    auto accepted = Clock::now();
    beast::flat_buffer buffer;
    bool first = true;

    while (!stopping_) {
        // Wait for the first byte of the next request: header timeout on a fresh connection, the
        // idle timeout between keep-alive requests.
        if (buffer.size() == 0) {
            conn->stream.expires_at(first ? accepted + options_.header_timeout : Clock::now() + options_.idle_timeout);
            std::size_t n = co_await conn->stream.async_read_some(buffer.prepare(4096),
                                                                  asio::redirect_error(asio::use_awaitable, ec));
            if (ec) co_return;
            buffer.commit(n);
        }
        auto start = first ? accepted : Clock::now();
        first = false;

        bhttp::request_parser<bhttp::string_body> parser;
        parser.body_limit(options_.body_limit);
        conn->stream.expires_at(start + std::min<Clock::duration>(options_.header_timeout, options_.read_timeout));
        co_await bhttp::async_read_header(conn->stream, buffer, parser, asio::redirect_error(asio::use_awaitable, ec));
        // From here until the response is written the request is in flight: Stop() waits for it.
        conn->busy = true;
        {
            std::lock_guard lock(mutex_);
            ++active_requests_;
        }
        struct EndGuard {
            Impl* impl;
            Connection* conn;
            ~EndGuard() {
                conn->busy = false;
                impl->EndRequest();
            }
        } end_guard{this, conn.get()};
        if (!ec) {
            const auto& header = parser.get();
            if (header.version() >= 11 && Lower(header[bhttp::field::expect]) == "100-continue") {
                bhttp::response<bhttp::empty_body> proceed{bhttp::status::continue_, header.version()};
                conn->stream.expires_at(start + options_.read_timeout);
                co_await bhttp::async_write(conn->stream, proceed, asio::redirect_error(asio::use_awaitable, ec));
                if (ec) co_return;
            }
            conn->stream.expires_at(start + options_.read_timeout);
            co_await bhttp::async_read(conn->stream, buffer, parser, asio::redirect_error(asio::use_awaitable, ec));
        }

        std::string request_id;
        if (parser.is_header_done()) {
            auto given = parser.get()["X-Request-Id"];
            if (IsValidRequestId(given)) request_id = std::string(given);
        }
        if (request_id.empty()) request_id = core::RandomHex(8);

        if (ec) {
            if (IsDisconnect(ec)) co_return;
            // Oversized or malformed: answer with the envelope, then close.
            Error error = ec == bhttp::error::body_limit
                              ? Error(ErrorCode::kPayloadTooLarge,
                                      "请求体超过 " + std::to_string(options_.body_limit) + " 字节的上限")
                              : Error(ErrorCode::kInvalidArgument, "HTTP 请求格式错误：" + ec.message());
            auto res = ToBeast(ErrorResponse(error, request_id), 11, false, false, "", request_id);
            conn->stream.expires_after(options_.read_timeout);
            std::size_t bytes =
                co_await bhttp::async_write(conn->stream, res, asio::redirect_error(asio::use_awaitable, ec));
            LogAccess(remote, "-", "-", res.result_int(), bytes, start, request_id, "");
            if (!ec) co_await Linger(*conn);
            co_return;
        }

        auto message = parser.release();
        bool method_known = false;
        Request request = wire::FromMessage(message, method_known);
        request.request_id = request_id;
        request.remote_address = ClientAddress(remote, request.Header("x-forwarded-for"), options_.trusted_proxies);

        // Everything past parsing runs on the worker pool; this coroutine resumes on its strand.
        Outcome outcome = co_await asio::co_spawn(
            workers_->get_executor(),
            [&]() -> asio::awaitable<Outcome> { co_return Dispatch(request, method_known); },
            asio::use_awaitable);

        if (outcome.response.status == 429 && options_.throttle_delay.count() > 0 && !stopping_) {
            asio::steady_timer pause(conn->stream.get_executor(), options_.throttle_delay);
            co_await pause.async_wait(asio::redirect_error(asio::use_awaitable, ec));
            ec = {};
        }
        bool keep_alive = message.keep_alive() && !stopping_;
        bool head = method_known && request.method == Method::kHead;
        auto res = ToBeast(std::move(outcome.response), message.version(), keep_alive, head, outcome.path, request_id);
        conn->stream.expires_after(options_.read_timeout);
        std::size_t bytes =
            co_await bhttp::async_write(conn->stream, res, asio::redirect_error(asio::use_awaitable, ec));
        if (options_.metrics) {
            options_.metrics->ObserveRequest(message.method_string(), outcome.route.empty() ? "unmatched" : outcome.route,
                                             res.result_int(),
                                             std::chrono::duration<double>(Clock::now() - start).count());
        }
        LogAccess(remote, message.method_string(), outcome.path, res.result_int(), bytes, start, request_id,
                  outcome.user_id);
        if (ec) co_return;
        if (!keep_alive) {
            conn->stream.socket().shutdown(tcp::socket::shutdown_send, ec);
            co_return;
        }
    }
}

asio::awaitable<void> Server::Impl::Linger(Connection& conn) {
    // Half-close and read what the client still sends, so it sees our answer rather than a reset.
    beast::error_code ec;
    conn.stream.socket().shutdown(tcp::socket::shutdown_send, ec);
    conn.stream.expires_after(options_.linger);
    char scratch[4096];
    std::size_t total = 0;
    while (!ec && total < kMaxLingerBytes) {
        total +=
            co_await conn.stream.async_read_some(asio::buffer(scratch), asio::redirect_error(asio::use_awaitable, ec));
    }
}

Outcome Server::Impl::Dispatch(Request& request, bool method_supported) {
    Outcome outcome;
    outcome.response =
        RunGuarded([&] { return Handle(request, method_supported); }, request.request_id, options_.translate_exception);
    outcome.path = request.path.empty() ? "-" : request.path;
    outcome.route = request.route;
    if (request.principal) outcome.user_id = request.principal->user_id;
    return outcome;
}

Response Server::Impl::Handle(Request& request, bool method_supported) {
    wire::SplitTarget(request);

    if (!method_supported) throw Error(ErrorCode::kMethodNotAllowed, "不支持的请求方法");
    auto match = router_.Find(request.method, request.path);
    if (match.route == nullptr && request.method == Method::kHead) {
        // HEAD is GET without the body (stripped when writing).
        auto as_get = router_.Find(Method::kGet, request.path);
        if (as_get.route != nullptr) match = std::move(as_get);
    }
    if (match.route != nullptr) request.route = match.route->pattern;
    if (match.route == nullptr) {
        if (!match.path_known) throw Error(ErrorCode::kNotFound, "接口不存在");
        std::string allow;
        for (Method m : match.allowed) {
            if (!allow.empty()) allow += ", ";
            allow += MethodName(m);
        }
        Response response = ErrorResponse(
            Error(ErrorCode::kMethodNotAllowed, "该接口不支持 " + std::string(MethodName(request.method)) + " 方法"),
            request.request_id);
        response.headers.emplace_back("Allow", std::move(allow));
        return response;
    }
    const Route& route = *match.route;
    request.path_params = std::move(match.path_params);

    if (route.permission != kPublic) {
        if (authenticator_ == nullptr) ThrowUnauthenticated();
        request.principal = authenticator_->Authenticate(request);
        authenticator_->Authorize(*request.principal, route.permission);
    }
    if (request.method == Method::kPost && idempotency_ != nullptr) {
        bool has_key = std::any_of(request.headers.begin(), request.headers.end(),
                                   [](const auto& h) { return h.first == "idempotency-key"; });
        if (has_key) return HandleIdempotent(request, route);
    }
    return route.handler(request);
}

Response Server::Impl::HandleIdempotent(Request& request, const Route& route) {
    std::string key(request.Header("idempotency-key"));
    if (!IsValidIdempotencyKey(key)) ThrowInvalidField("Idempotency-Key", "应为 1 到 128 个可打印 ASCII 字符");
    std::string scope = request.principal ? request.principal->user_id : "anon:" + request.remote_address;
    std::string fingerprint = "POST " + request.path + " " + core::Sha256Hex(request.body);

    auto lookup = idempotency_->Claim(scope, key, fingerprint);
    switch (lookup.state) {
        case IdempotencyStore::State::kReplay: {
            Response response = std::move(lookup.stored);
            response.headers.emplace_back("Idempotent-Replayed", "true");
            return response;
        }
        case IdempotencyStore::State::kInProgress:
            throw Error(ErrorCode::kConflict, "相同 Idempotency-Key 的请求正在处理，请稍后重试",
                        {{"Idempotency-Key", "请求正在处理"}});
        case IdempotencyStore::State::kMismatch:
            throw Error(ErrorCode::kUnprocessable, "该 Idempotency-Key 已用于另一个不同的请求",
                        {{"Idempotency-Key", "已用于另一个不同的请求"}});
        case IdempotencyStore::State::kNew:
            break;
    }
    Response response =
        RunGuarded([&] { return route.handler(request); }, request.request_id, options_.translate_exception);
    // Below 500 the result is final and replayed; a server error frees the key for a retry.
    if (response.status < 500) {
        idempotency_->Complete(scope, key, response);
    } else {
        idempotency_->Release(scope, key);
    }
    return response;
}

bhttp::response<bhttp::string_body> Server::Impl::ToBeast(Response response, unsigned version, bool keep_alive,
                                                          bool head, std::string_view path,
                                                          const std::string& request_id) const {
    bhttp::response<bhttp::string_body> res;
    res.version(version);
    res.result(response.status);
    res.set(bhttp::field::server, options_.server_name);
    if (!response.content_type.empty()) res.set(bhttp::field::content_type, response.content_type);
    res.set("X-Content-Type-Options", "nosniff");
    if (IsApiPath(path)) res.set(bhttp::field::cache_control, "no-store");
    // Handler headers replace our defaults of the same name; repeated names (Set-Cookie) stay repeated.
    for (const auto& [name, value] : response.headers) res.erase(name);
    for (const auto& [name, value] : response.headers) res.insert(name, value);
    res.set("X-Request-Id", request_id);
    bool no_body = response.status == 204 || response.status == 304 || response.status / 100 == 1;
    if (!no_body) res.body() = std::move(response.body);
    res.keep_alive(keep_alive);
    res.prepare_payload();
    if (head) res.body().clear();  // Content-Length still describes the GET body
    return res;
}

void Server::Impl::LogAccess(std::string_view remote, std::string_view method, std::string_view path, unsigned status,
                             std::size_t bytes, Clock::time_point start, const std::string& request_id,
                             std::string_view user_id) const {
    // Path only: the query string and body can carry ID-card numbers. No headers.
    auto ms = std::chrono::duration<double, std::milli>(Clock::now() - start).count();
    // The path is decoded: %0a or %00 in a request must not start or cut a log line.
    access_log_->info("{} {} {} {} {}B {:.1f}ms rid={} user={}", remote, core::EscapeForLog(method),
                      core::EscapeForLog(path), status, bytes, ms, request_id,
                      user_id.empty() ? std::string_view("-") : user_id);
}

Server::Server(ServerOptions options, const Router& router, Authenticator* authenticator, IdempotencyStore* idempotency)
    : impl_(std::make_unique<Impl>(std::move(options), router, authenticator, idempotency)) {}

Server::~Server() = default;

std::uint16_t Server::Start() { return impl_->Start(); }
void Server::Stop(std::chrono::seconds grace) { impl_->Stop(grace); }
void Server::RunUntilSignal() { impl_->RunUntilSignal(); }

// ---- wire.hpp ------------------------------------------------------------------------------------

namespace wire {

std::optional<Method> ToMethod(bhttp::verb verb) {
    switch (verb) {
        case bhttp::verb::get:
            return Method::kGet;
        case bhttp::verb::head:
            return Method::kHead;
        case bhttp::verb::post:
            return Method::kPost;
        case bhttp::verb::put:
            return Method::kPut;
        case bhttp::verb::patch:
            return Method::kPatch;
        case bhttp::verb::delete_:
            return Method::kDelete;
        case bhttp::verb::options:
            return Method::kOptions;
        default:
            return std::nullopt;
    }
}

Request FromMessage(bhttp::request<bhttp::string_body>& message, bool& known) {
    const std::optional<Method> method = ToMethod(message.method());
    known = method.has_value();
    Request request;
    request.method = method.value_or(Method::kGet);
    request.target = std::string(message.target());
    for (const auto& field : message) request.headers.emplace_back(Lower(field.name_string()), std::string(field.value()));
    request.body = std::move(message.body());
    return request;
}

void SplitTarget(Request& request) {
    auto url = boost::urls::parse_origin_form(request.target);
    if (!url) ThrowInvalidField("target", "请求地址格式错误");
    request.path = url->path();
    for (auto param : url->params()) request.query.emplace(param.key, param.value);
    // Decoded %00 or %0a would reach a lookup (PostgreSQL cuts text at NUL) or a log line.
    if (core::TextProblem(request.path)) ThrowInvalidField("target", "请求路径含控制字符或无效编码");
    for (const auto& [key, value] : request.query) {
        if (core::TextProblem(key) || core::TextProblem(value))
            ThrowInvalidField(core::TextProblem(key) ? "query" : key, "查询参数含控制字符或无效编码");
    }
}

}  // namespace wire

}  // namespace anxin::http
