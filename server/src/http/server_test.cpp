// The server as a client sees it: a real listener on a loopback port, spoken to over HTTP.
#include <atomic>
#include <chrono>
#include <future>
#include <map>
#include <mutex>
#include <set>
#include <thread>

#include <gtest/gtest.h>
#include <spdlog/sinks/base_sink.h>
#include <spdlog/spdlog.h>

#include <boost/json.hpp>
#include <boost/system/system_error.hpp>

#include "core/error.hpp"
#include "http/server.hpp"
#include "core/validation.hpp"
#include "testing/http_client.hpp"

namespace anxin::http {
namespace {

using anxin::testing::HttpClient;
using anxin::testing::RawConnection;
using std::chrono::milliseconds;
using SteadyClock = std::chrono::steady_clock;

// "good" may do everything; "noperm" lacks things.write.
class TestAuthenticator : public Authenticator {
  public:
    core::Principal Authenticate(const Request& request) override {
        auto auth = request.Header("Authorization");
        if (auth == "Bearer good") return core::Principal{.user_id = "u-good", .role = "admin"};
        if (auth == "Bearer noperm") return core::Principal{.user_id = "u-noperm", .role = "viewer"};
        ThrowUnauthenticated();
    }
    void Authorize(const core::Principal& principal, std::string_view permission) override {
        if (principal.role != "admin" && permission == "things.write") ThrowForbidden();
    }
};

class MemoryIdempotencyStore : public IdempotencyStore {
  public:
    Lookup Claim(const std::string& scope, const std::string& key, const std::string& fingerprint) override {
        std::lock_guard lock(mutex_);
        auto [it, inserted] = entries_.try_emplace({scope, key}, Entry{fingerprint, std::nullopt});
        if (inserted) return {State::kNew, {}};
        if (it->second.fingerprint != fingerprint) return {State::kMismatch, {}};
        if (!it->second.response) return {State::kInProgress, {}};
        return {State::kReplay, *it->second.response};
    }
    void Complete(const std::string& scope, const std::string& key, const Response& response) override {
        std::lock_guard lock(mutex_);
        entries_.at({scope, key}).response = response;
    }
    void Release(const std::string& scope, const std::string& key) override {
        std::lock_guard lock(mutex_);
        entries_.erase({scope, key});
    }

  private:
    struct Entry {
        std::string fingerprint;
        std::optional<Response> response;
    };
    std::mutex mutex_;
    std::map<std::pair<std::string, std::string>, Entry> entries_;  // GUARDED_BY(mutex_)
};

// Records access-log lines and the threads that wrote them (spdlog sinks run on the logging thread).
class RecordingSink : public spdlog::sinks::base_sink<std::mutex> {
  public:
    // The server logs after its write completes, so a client may see the response first.
    std::vector<std::string> WaitForLines(std::size_t n) {
        auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(2);
        while (lines().size() < n && std::chrono::steady_clock::now() < deadline) {
            std::this_thread::sleep_for(std::chrono::milliseconds(5));
        }
        return lines();
    }
    std::vector<std::string> lines() {
        std::lock_guard lock(mutex_);
        return lines_;
    }
    std::set<std::thread::id> threads() {
        std::lock_guard lock(mutex_);
        return threads_;
    }

  protected:
    void sink_it_(const spdlog::details::log_msg& msg) override {
        lines_.emplace_back(msg.payload.data(), msg.payload.size());
        threads_.insert(std::this_thread::get_id());
    }
    void flush_() override {}

  private:
    std::vector<std::string> lines_;
    std::set<std::thread::id> threads_;
};

struct StorageUniqueViolation : std::runtime_error {
    using std::runtime_error::runtime_error;
};

const std::vector<ErrorCode> kAllCodes = {
    ErrorCode::kInvalidArgument,  ErrorCode::kUnauthenticated, ErrorCode::kForbidden,       ErrorCode::kNotFound,
    ErrorCode::kMethodNotAllowed, ErrorCode::kConflict,        ErrorCode::kPayloadTooLarge, ErrorCode::kUnprocessable,
    ErrorCode::kTooManyRequests,  ErrorCode::kLocked,          ErrorCode::kUnavailable,     ErrorCode::kInternal,
};

class ServerTest : public ::testing::Test {
  protected:
    void SetUp() override {
        sink_ = std::make_shared<RecordingSink>();
        spdlog::drop("access");
        spdlog::register_logger(std::make_shared<spdlog::logger>("access", sink_));

        router_.Add(Method::kGet, "/health", kPublic, [](Request&) { return JsonResponse(200, {{"status", "ok"}}); });
        router_.Add(Method::kGet, "/api/v1/me", "things.read", [](Request& r) {
            auto ctx = r.Context();
            return JsonResponse(200, {{"userId", ctx.principal.user_id}, {"requestId", ctx.request_id}});
        });
        router_.Add(Method::kPost, "/api/v1/things", "things.write", [this](Request& r) {
            auto body = ParseJsonBody(r);
            int n = ++things_created_;
            return JsonResponse(201, {{"n", n}, {"name", body.at("name")}});
        });
        router_.Add(Method::kPost, "/api/v1/flaky", kPublic, [this](Request&) {
            if (++flaky_calls_ == 1) throw Error(ErrorCode::kUnavailable, "数据库暂不可用");
            return JsonResponse(201, {{"calls", flaky_calls_.load()}});
        });
        router_.Add(Method::kPost, "/api/v1/slow-create", kPublic, [this](Request&) {
            slow_entered_.set_value();
            std::this_thread::sleep_for(milliseconds(300));
            return JsonResponse(201, {{"ok", true}});
        });
        router_.Add(Method::kGet, "/api/v1/errors/{code}", kPublic, [](Request& r) -> Response {
            for (ErrorCode code : kAllCodes) {
                if (ErrorCodeName(code) == r.PathParam("code")) throw Error(code, "测试错误", {{"name", "reason"}});
            }
            return JsonResponse(200, nullptr);
        });
        router_.Add(Method::kPost, "/api/v1/echo", kPublic,
                    [](Request& r) { return JsonResponse(200, ParseJsonBody(r)); });
        router_.Add(Method::kGet, "/api/v1/items/{itemId}", kPublic, [](Request& r) {
            return JsonResponse(200, {{"itemId", r.PathParam("itemId")}, {"q", r.Query("q").value_or("")}});
        });
        router_.Add(Method::kDelete, "/api/v1/items/{itemId}", kPublic, [](Request&) { return NoContent(); });
        router_.Add(Method::kGet, "/api/v1/thread", kPublic, [this](Request&) {
            std::lock_guard lock(mutex_);
            handler_threads_.insert(std::this_thread::get_id());
            return JsonResponse(200, nullptr);
        });
        router_.Add(Method::kGet, "/api/v1/slow", kPublic, [this](Request&) {
            slow_entered_.set_value();
            std::this_thread::sleep_for(milliseconds(300));
            return JsonResponse(200, {{"slow", true}});
        });
        router_.Add(Method::kGet, "/api/v1/boom", kPublic,
                    [](Request&) -> Response { throw std::runtime_error("secret detail 370102199001011234"); });
        router_.Add(Method::kGet, "/api/v1/duplicate", kPublic, [](Request&) -> Response {
            throw StorageUniqueViolation("UNIQUE constraint failed: region.code");
        });

        ServerOptions options;
        options.port = 0;
        options.body_limit = 1024;
        options.header_timeout = std::chrono::seconds(1);
        options.idle_timeout = std::chrono::seconds(1);
        options.io_threads = 1;
        options.worker_threads = 4;
        options.throttle_delay = milliseconds(300);
        options.translate_exception = [](const std::exception& e) -> std::optional<Error> {
            if (dynamic_cast<const StorageUniqueViolation*>(&e)) return Error(ErrorCode::kConflict, "记录已存在");
            return std::nullopt;
        };
        server_ = std::make_unique<Server>(options, router_, &authenticator_, &idempotency_);
        port_ = server_->Start();
    }

    void TearDown() override {
        server_.reset();
        spdlog::drop("access");
    }

    Router router_;
    TestAuthenticator authenticator_;
    MemoryIdempotencyStore idempotency_;
    std::shared_ptr<RecordingSink> sink_;
    std::unique_ptr<Server> server_;
    std::uint16_t port_ = 0;

    std::atomic<int> things_created_{0};
    std::atomic<int> flaky_calls_{0};
    std::promise<void> slow_entered_;
    std::mutex mutex_;
    std::set<std::thread::id> handler_threads_;  // GUARDED_BY(mutex_)
};

void ExpectEnvelope(const anxin::testing::Response& res, std::string_view code) {
    ASSERT_TRUE(res.json.is_object()) << res.body;
    const auto& error = res.json.at("error");
    EXPECT_EQ(error.at("code").as_string(), code) << res.body;
    EXPECT_TRUE(error.at("message").is_string());
    EXPECT_TRUE(error.at("fields").is_object());
    EXPECT_EQ(error.at("requestId").as_string(), res.Header("X-Request-Id"));
}

TEST_F(ServerTest, PublicRouteAnswersWithStandardHeaders) {
    HttpClient client(port_);
    auto res = client.Get("/health");
    EXPECT_EQ(res.status, 200u);
    EXPECT_EQ(res.json.at("status"), "ok");
    EXPECT_EQ(res.Header("Content-Type"), "application/json; charset=utf-8");
    EXPECT_EQ(res.Header("Content-Length"), std::to_string(res.body.size()));
    EXPECT_EQ(res.Header("X-Content-Type-Options"), "nosniff");
    EXPECT_EQ(res.Header("Server"), "anxin");
    EXPECT_FALSE(res.HasHeader("Cache-Control"));  // not under /api
    auto api = client.Get("/api/v1/items/x");
    EXPECT_EQ(api.Header("Cache-Control"), "no-store");
}

TEST_F(ServerTest, ProtectedRouteWithoutTokenIs401) {
    HttpClient client(port_);
    auto res = client.Get("/api/v1/me");
    EXPECT_EQ(res.status, 401u);
    ExpectEnvelope(res, "unauthenticated");
    EXPECT_EQ(client.Get("/api/v1/me", "forged").status, 401u);
}

TEST_F(ServerTest, AuthenticatedRouteSeesPrincipalAndRequestId) {
    HttpClient client(port_);
    auto res = client.Get("/api/v1/me", "good", {{"X-Request-Id", "trace-1"}});
    EXPECT_EQ(res.status, 200u);
    EXPECT_EQ(res.json.at("userId"), "u-good");
    EXPECT_EQ(res.json.at("requestId"), "trace-1");
}

TEST_F(ServerTest, MissingPermissionIs403) {
    HttpClient client(port_);
    auto res = client.Post("/api/v1/things", boost::json::value{{"name", "a"}}, "noperm");
    EXPECT_EQ(res.status, 403u);
    ExpectEnvelope(res, "forbidden");
    EXPECT_EQ(things_created_, 0);
}

// Issue 11: a 429 is answered after a pause that holds no worker thread, so a flood of requests
// against a limit slows to one per pause per connection while everyone else is served.
TEST_F(ServerTest, TooManyRequestsIsAnsweredAfterAPauseThatBlocksNoOne) {
    // More limited requests at once than there are worker threads (4): were the pause a sleep on a
    // worker, nobody else would be served until it ended.
    std::atomic<int> limited_answered{0};
    std::vector<std::thread> flooding;
    for (int i = 0; i < 6; ++i) {
        flooding.emplace_back([&] {
            HttpClient client(port_);
            auto start = std::chrono::steady_clock::now();
            auto res = client.Get("/api/v1/errors/too_many_requests");
            EXPECT_EQ(res.status, 429u);
            EXPECT_GE(std::chrono::steady_clock::now() - start, milliseconds(300));
            ++limited_answered;
        });
    }
    std::this_thread::sleep_for(milliseconds(50));
    HttpClient other(port_);
    for (int i = 0; i < 5; ++i) EXPECT_EQ(other.Get("/health").status, 200u);
    EXPECT_EQ(limited_answered, 0) << "the others were served while the limited requests waited";
    for (auto& t : flooding) t.join();
    EXPECT_EQ(limited_answered, 6);
}

TEST_F(ServerTest, EveryErrorCodeHasItsStatusAndTheEnvelope) {
    const std::map<ErrorCode, unsigned> expected = {
        {ErrorCode::kInvalidArgument, 400}, {ErrorCode::kUnauthenticated, 401},  {ErrorCode::kForbidden, 403},
        {ErrorCode::kNotFound, 404},        {ErrorCode::kMethodNotAllowed, 405}, {ErrorCode::kConflict, 409},
        {ErrorCode::kPayloadTooLarge, 413}, {ErrorCode::kUnprocessable, 422},    {ErrorCode::kLocked, 423},
        {ErrorCode::kTooManyRequests, 429}, {ErrorCode::kUnavailable, 503},      {ErrorCode::kInternal, 500},
    };
    ASSERT_EQ(expected.size(), kAllCodes.size());
    HttpClient client(port_);
    for (auto [code, status] : expected) {
        std::string name(ErrorCodeName(code));
        auto res = client.Get("/api/v1/errors/" + name);
        EXPECT_EQ(res.status, status) << name;
        ExpectEnvelope(res, name);
        EXPECT_EQ(res.json.at("error").at("message"), "测试错误");
        EXPECT_EQ(res.json.at("error").at("fields").at("name"), "reason") << name;
    }
}

TEST_F(ServerTest, UnknownPathIs404AndWrongMethodIs405WithAllow) {
    HttpClient client(port_);
    auto missing = client.Get("/api/v1/nothing-here");
    EXPECT_EQ(missing.status, 404u);
    ExpectEnvelope(missing, "not_found");
    EXPECT_TRUE(missing.json.at("error").at("fields").as_object().empty());

    auto wrong = client.Request("PUT", "/api/v1/items/1");
    EXPECT_EQ(wrong.status, 405u);
    ExpectEnvelope(wrong, "method_not_allowed");
    EXPECT_EQ(wrong.Header("Allow"), "GET, DELETE");
}

TEST_F(ServerTest, PathAndQueryAreDecoded) {
    HttpClient client(port_);
    auto res = client.Get("/api/v1/items/a%20b?q=x+y%21&other=1");
    EXPECT_EQ(res.status, 200u);
    EXPECT_EQ(res.json.at("itemId"), "a b");
    EXPECT_EQ(res.json.at("q"), "x y!");
}

// Issue 11: a decoded %0a in the path wrote a forged line into the access log, %00 a NUL byte.
TEST_F(ServerTest, ControlCharactersInThePathCannotForgeOrCutALogLine) {
    HttpClient client(port_);
    auto forged = client.Get("/api/v1/x%0a2026-12-07%2012:00:00.000%20info%20%5Baccess%5D%20forged%20user=admin");
    EXPECT_EQ(forged.status, 400u);
    auto nul = client.Get("/api/v1/items/a%00b");
    EXPECT_EQ(nul.status, 400u);
    auto query = client.Get("/api/v1/items/a?q=x%0dy");
    EXPECT_EQ(query.status, 400u);
    EXPECT_TRUE(query.json.at("error").at("fields").as_object().contains("q")) << query.body;
    auto lines = sink_->WaitForLines(3);
    ASSERT_EQ(lines.size(), 3u);
    for (const auto& line : lines) {
        EXPECT_EQ(line.find('\n'), std::string::npos) << line;
        EXPECT_EQ(line.find('\r'), std::string::npos) << line;
        EXPECT_EQ(line.find('\0'), std::string::npos) << line;
    }
    EXPECT_NE(lines[0].find("/api/v1/x\\x0a2026-12-07"), std::string::npos) << lines[0];
    EXPECT_NE(lines[1].find("a\\x00b"), std::string::npos) << lines[1];
}

TEST(EscapeForLogTest, EscapesControlsAndBackslash) {
    EXPECT_EQ(core::EscapeForLog(std::string("a\nb\0c\\d\x7f", 8)), "a\\x0ab\\x00c\\d\\x7f");
    EXPECT_EQ(core::EscapeForLog("项目/工人"), "项目/工人");
}

TEST_F(ServerTest, MalformedTargetIs400OnTarget) {
    HttpClient client(port_);
    auto res = client.Get("/api/v1/items/%zz");
    EXPECT_EQ(res.status, 400u);
    ExpectEnvelope(res, "invalid_argument");
    EXPECT_TRUE(res.json.at("error").at("fields").as_object().contains("target")) << res.body;
}

TEST_F(ServerTest, NoContentHasNoBody) {
    HttpClient client(port_);
    auto res = client.Delete("/api/v1/items/1");
    EXPECT_EQ(res.status, 204u);
    EXPECT_TRUE(res.body.empty());
    EXPECT_EQ(client.Get("/health").status, 200u);  // the connection is still usable
}

TEST_F(ServerTest, MalformedJsonBodyIs400NamingBody) {
    HttpClient client(port_);
    auto res = client.Post("/api/v1/echo", std::string_view("{\"a\": "));
    EXPECT_EQ(res.status, 400u);
    ExpectEnvelope(res, "invalid_argument");
    EXPECT_TRUE(res.json.at("error").at("fields").as_object().contains("body")) << res.body;
    auto ok = client.Post("/api/v1/echo", std::string_view("{\"a\": 1}"));
    EXPECT_EQ(ok.status, 200u);
    EXPECT_EQ(ok.json.at("a"), 1);
}

TEST_F(ServerTest, BodyOverLimitIs413AndCloses) {
    HttpClient client(port_);
    std::string big = "{\"x\":\"" + std::string(2000, 'a') + "\"}";
    auto res = client.Post("/api/v1/echo", big);
    EXPECT_EQ(res.status, 413u);
    ExpectEnvelope(res, "payload_too_large");
    EXPECT_EQ(res.Header("Connection"), "close");
    // A body just under the limit is fine (on a new connection).
    std::string fits = "{\"x\":\"" + std::string(900, 'a') + "\"}";
    EXPECT_EQ(client.Post("/api/v1/echo", fits).status, 200u);
    EXPECT_EQ(client.connections_opened(), 2);
}

TEST_F(ServerTest, ChunkedBodyOverLimitIs413) {
    RawConnection conn(port_);
    std::string chunk(800, 'a');
    std::string request = "POST /api/v1/echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n";
    char size[16];
    std::snprintf(size, sizeof size, "%zx\r\n", chunk.size());
    for (int i = 0; i < 2; ++i) request += size + chunk + "\r\n";
    request += "0\r\n\r\n";
    conn.Send(request);
    auto got = conn.ReadUntilClose(milliseconds(3000));
    EXPECT_TRUE(got.data.starts_with("HTTP/1.1 413")) << got.data.substr(0, 200);
    EXPECT_TRUE(got.closed);
}

TEST_F(ServerTest, KeepAliveServesTwoRequestsOnOneConnection) {
    HttpClient client(port_);
    auto first = client.Get("/health");
    auto second = client.Get("/api/v1/items/2");
    EXPECT_EQ(first.status, 200u);
    EXPECT_EQ(second.status, 200u);
    EXPECT_NE(first.Header("Connection"), "close");
    EXPECT_EQ(client.connections_opened(), 1);
}

TEST_F(ServerTest, PipelinedRequestsAreAnsweredInOrder) {
    RawConnection conn(port_);
    conn.Send(
        "GET /api/v1/items/one HTTP/1.1\r\nHost: x\r\n\r\n"
        "GET /api/v1/items/two HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    auto got = conn.ReadUntilClose(milliseconds(3000));
    EXPECT_TRUE(got.closed);
    auto one = got.data.find("\"one\"");
    auto two = got.data.find("\"two\"");
    ASSERT_NE(one, std::string::npos) << got.data;
    ASSERT_NE(two, std::string::npos) << got.data;
    EXPECT_LT(one, two);
}

TEST_F(ServerTest, IdleKeepAliveConnectionIsClosedAfterIdleTimeout) {
    RawConnection conn(port_);
    conn.Send("GET /health HTTP/1.1\r\nHost: x\r\n\r\n");
    auto start = SteadyClock::now();
    auto got = conn.ReadUntilClose(milliseconds(4000));
    auto waited = SteadyClock::now() - start;
    EXPECT_TRUE(got.data.starts_with("HTTP/1.1 200")) << got.data;
    EXPECT_TRUE(got.closed);
    EXPECT_GE(waited, milliseconds(800));
    EXPECT_LT(waited, milliseconds(3000));
}

TEST_F(ServerTest, RequestIdIsEchoedOrGenerated) {
    HttpClient client(port_);
    auto echoed = client.Get("/api/v1/nothing", "", {{"X-Request-Id", "abc-DEF_123"}});
    EXPECT_EQ(echoed.Header("X-Request-Id"), "abc-DEF_123");
    EXPECT_EQ(echoed.json.at("error").at("requestId"), "abc-DEF_123");

    auto generated = client.Get("/health");
    std::string id = generated.Header("X-Request-Id");
    EXPECT_EQ(id.size(), 16u);
    EXPECT_EQ(id.find_first_not_of("0123456789abcdef"), std::string::npos) << id;
    EXPECT_NE(client.Get("/health").Header("X-Request-Id"), id);

    for (std::string bad : {std::string("has space"), std::string(65, 'a'), std::string("semi;colon")}) {
        auto res = client.Get("/health", "", {{"X-Request-Id", bad}});
        EXPECT_NE(res.Header("X-Request-Id"), bad);
        EXPECT_EQ(res.Header("X-Request-Id").size(), 16u);
    }
    EXPECT_EQ(client.Get("/health", "", {{"X-Request-Id", std::string(64, 'b')}}).Header("X-Request-Id"),
              std::string(64, 'b'));
}

TEST_F(ServerTest, IdempotencyKeyReplaysTheFirstResult) {
    HttpClient client(port_);
    testing::Headers key = {{"Idempotency-Key", "create-1"}};
    auto first = client.Post("/api/v1/things", boost::json::value{{"name", "a"}}, "good", key);
    auto retry = client.Post("/api/v1/things", boost::json::value{{"name", "a"}}, "good", key);
    EXPECT_EQ(first.status, 201u);
    EXPECT_FALSE(first.HasHeader("Idempotent-Replayed"));
    EXPECT_EQ(retry.status, 201u);
    EXPECT_EQ(retry.body, first.body);
    EXPECT_EQ(retry.Header("Idempotent-Replayed"), "true");
    EXPECT_NE(retry.Header("X-Request-Id"), first.Header("X-Request-Id"));
    EXPECT_EQ(things_created_, 1);

    // Without a key every POST runs.
    client.Post("/api/v1/things", boost::json::value{{"name", "a"}}, "good");
    EXPECT_EQ(things_created_, 2);
}

TEST_F(ServerTest, IdempotencyKeyReusedForAnotherBodyIs422) {
    HttpClient client(port_);
    testing::Headers key = {{"Idempotency-Key", "create-2"}};
    EXPECT_EQ(client.Post("/api/v1/things", boost::json::value{{"name", "a"}}, "good", key).status, 201u);
    auto other = client.Post("/api/v1/things", boost::json::value{{"name", "b"}}, "good", key);
    EXPECT_EQ(other.status, 422u);
    ExpectEnvelope(other, "unprocessable");
    EXPECT_TRUE(other.json.at("error").at("fields").as_object().contains("Idempotency-Key"));
    EXPECT_EQ(things_created_, 1);
}

TEST_F(ServerTest, MalformedIdempotencyKeyIs400) {
    HttpClient client(port_);
    auto res = client.Post("/api/v1/things", boost::json::value{{"name", "a"}}, "good",
                           {{"Idempotency-Key", std::string(129, 'k')}});
    EXPECT_EQ(res.status, 400u);
    EXPECT_TRUE(res.json.at("error").at("fields").as_object().contains("Idempotency-Key")) << res.body;
    EXPECT_EQ(things_created_, 0);
}

TEST_F(ServerTest, ServerErrorReleasesTheIdempotencyKey) {
    HttpClient client(port_);
    testing::Headers key = {{"Idempotency-Key", "flaky-1"}};
    auto first = client.Post("/api/v1/flaky", "{}", "", key);
    EXPECT_EQ(first.status, 503u);
    auto retry = client.Post("/api/v1/flaky", "{}", "", key);
    EXPECT_EQ(retry.status, 201u);
    EXPECT_FALSE(retry.HasHeader("Idempotent-Replayed"));
    EXPECT_EQ(flaky_calls_, 2);
}

TEST_F(ServerTest, ConcurrentRequestWithTheSameKeyIs409) {
    testing::Headers key = {{"Idempotency-Key", "slow-1"}};
    auto slow = std::async(std::launch::async, [&] {
        HttpClient client(port_);
        return client.Post("/api/v1/slow-create", std::string_view("{}"), "", key);
    });
    slow_entered_.get_future().wait();
    HttpClient client(port_);
    auto concurrent = client.Post("/api/v1/slow-create", std::string_view("{}"), "", key);
    EXPECT_EQ(concurrent.status, 409u);
    ExpectEnvelope(concurrent, "conflict");
    EXPECT_EQ(slow.get().status, 201u);
}

TEST_F(ServerTest, HandlersRunOffTheIoThread) {
    HttpClient client(port_);
    for (int i = 0; i < 4; ++i) ASSERT_EQ(client.Get("/api/v1/thread").status, 200u);
    std::set<std::thread::id> handlers;
    {
        std::lock_guard lock(mutex_);
        handlers = handler_threads_;
    }
    sink_->WaitForLines(4);
    auto io = sink_->threads();  // the access log is written on the I/O thread
    ASSERT_FALSE(handlers.empty());
    ASSERT_EQ(io.size(), 1u);  // io_threads = 1
    EXPECT_EQ(handlers.count(*io.begin()), 0u);
    EXPECT_EQ(handlers.count(std::this_thread::get_id()), 0u);
}

TEST_F(ServerTest, SlowHandlerDoesNotBlockOtherConnections) {
    auto slow = std::async(std::launch::async, [&] {
        HttpClient client(port_);
        return client.Get("/api/v1/slow");
    });
    slow_entered_.get_future().wait();
    HttpClient client(port_);
    auto start = SteadyClock::now();
    EXPECT_EQ(client.Get("/health").status, 200u);
    EXPECT_LT(SteadyClock::now() - start, milliseconds(250));  // the slow one takes 300
    EXPECT_EQ(slow.get().status, 200u);
}

TEST_F(ServerTest, UnknownExceptionIs500WithoutDetails) {
    HttpClient client(port_);
    auto res = client.Get("/api/v1/boom");
    EXPECT_EQ(res.status, 500u);
    ExpectEnvelope(res, "internal");
    EXPECT_EQ(res.json.at("error").at("message"), "服务器内部错误");
    EXPECT_EQ(res.body.find("secret"), std::string::npos);
}

TEST_F(ServerTest, TranslateExceptionHookMapsStorageErrors) {
    HttpClient client(port_);
    auto res = client.Get("/api/v1/duplicate");
    EXPECT_EQ(res.status, 409u);
    ExpectEnvelope(res, "conflict");
    EXPECT_EQ(res.json.at("error").at("message"), "记录已存在");
}

TEST_F(ServerTest, BadHttpIs400AndCloses) {
    RawConnection conn(port_);
    conn.Send("GET /health HTTP/1.1\r\nHost: x\r\nBad Header Without Colon\r\n\r\n");
    auto got = conn.ReadUntilClose(milliseconds(3000));
    EXPECT_TRUE(got.data.starts_with("HTTP/1.1 400")) << got.data;
    EXPECT_NE(got.data.find("\"invalid_argument\""), std::string::npos) << got.data;
    EXPECT_NE(got.data.find("X-Request-Id:"), std::string::npos) << got.data;
    EXPECT_TRUE(got.closed);
}

TEST_F(ServerTest, SlowLorisIsDisconnectedAfterHeaderTimeout) {
    RawConnection conn(port_);
    auto start = SteadyClock::now();
    conn.Send("GET /health HTTP/1.1\r\nHost: x\r\n");  // never finishes the header
    auto got = conn.ReadUntilClose(milliseconds(5000));
    auto waited = SteadyClock::now() - start;
    EXPECT_TRUE(got.closed);
    EXPECT_TRUE(got.data.empty()) << got.data;
    EXPECT_GE(waited, milliseconds(800));
    EXPECT_LT(waited, milliseconds(3000));
}

TEST_F(ServerTest, AccessLogHasPathButNeitherQueryNorHeaders) {
    HttpClient client(port_);
    client.Get("/api/v1/items/x?idNumber=370102199001011234", "", {{"X-Request-Id", "log-check-1"}});
    client.Get("/api/v1/me", "good");
    auto lines = sink_->WaitForLines(2);
    ASSERT_EQ(lines.size(), 2u);
    EXPECT_NE(lines[0].find("GET /api/v1/items/x 200"), std::string::npos) << lines[0];
    EXPECT_NE(lines[0].find("rid=log-check-1"), std::string::npos) << lines[0];
    EXPECT_NE(lines[0].find("127.0.0.1"), std::string::npos) << lines[0];
    EXPECT_EQ(lines[0].find("370102199001011234"), std::string::npos) << lines[0];
    EXPECT_EQ(lines[0].find("idNumber"), std::string::npos) << lines[0];
    EXPECT_NE(lines[1].find("user=u-good"), std::string::npos) << lines[1];
    EXPECT_EQ(lines[1].find("Bearer"), std::string::npos) << lines[1];
}

TEST_F(ServerTest, GracefulStopFinishesInFlightRequestThenRefusesConnections) {
    auto slow = std::async(std::launch::async, [&] {
        HttpClient client(port_);
        return client.Get("/api/v1/slow");
    });
    slow_entered_.get_future().wait();
    auto start = SteadyClock::now();
    server_->Stop(std::chrono::seconds(5));
    EXPECT_GE(SteadyClock::now() - start, milliseconds(150));  // it waited for the handler
    auto res = slow.get();
    EXPECT_EQ(res.status, 200u);
    EXPECT_EQ(res.json.at("slow"), true);
    EXPECT_EQ(res.Header("Connection"), "close");
    EXPECT_THROW(RawConnection{port_}, boost::system::system_error);
}

TEST_F(ServerTest, StopClosesIdleKeepAliveConnectionsPromptly) {
    HttpClient client(port_);
    EXPECT_EQ(client.Get("/health").status, 200u);
    auto start = SteadyClock::now();
    server_->Stop(std::chrono::seconds(5));
    EXPECT_LT(SteadyClock::now() - start, milliseconds(500));
}

TEST(ServerWithoutAuthenticatorTest, ProtectedRoutesAre401) {
    Router router;
    router.Add(Method::kGet, "/api/v1/secret", "secret.read", [](Request&) { return JsonResponse(200, nullptr); });
    ServerOptions options;
    options.port = 0;
    Server server(options, router, nullptr, nullptr);
    HttpClient client(server.Start());
    EXPECT_EQ(client.Get("/api/v1/secret", "good").status, 401u);
}

}  // namespace
}  // namespace anxin::http

namespace anxin::http {
namespace {

// Behind nginx every request comes from the proxy: only a trusted proxy's X-Forwarded-For names the
// client, and only the part the proxy itself appended (anything further left the client wrote).
TEST(ClientAddressTest, ForwardedForIsBelievedFromTrustedProxiesOnly) {
    const std::vector<std::string> trusted = {"127.0.0.1", "10.0.0.0/8", "::1"};
    EXPECT_EQ(ClientAddress("127.0.0.1", "203.0.113.7", trusted), "203.0.113.7");
    EXPECT_EQ(ClientAddress("10.1.2.3", "198.51.100.9, 203.0.113.7", trusted), "203.0.113.7");
    // Two trusted hops: the first untrusted address from the right.
    EXPECT_EQ(ClientAddress("127.0.0.1", "203.0.113.7, 10.9.9.9", trusted), "203.0.113.7");
    // A stranger's own X-Forwarded-For is ignored: it is the client.
    EXPECT_EQ(ClientAddress("198.51.100.1", "203.0.113.7", trusted), "198.51.100.1");
    EXPECT_EQ(ClientAddress("127.0.0.1", "203.0.113.7", {}), "127.0.0.1");
    // A forged entry to the left of the proxy's cannot pose as a proxy: the walk stops at the client.
    EXPECT_EQ(ClientAddress("127.0.0.1", "10.0.0.1, 203.0.113.7", trusted), "203.0.113.7");
    // Garbage ends the walk at the last address a trusted hop vouched for.
    EXPECT_EQ(ClientAddress("127.0.0.1", "not-an-ip", trusted), "127.0.0.1");
    EXPECT_EQ(ClientAddress("::1", "2001:db8::5", trusted), "2001:db8::5");
    EXPECT_EQ(ClientAddress("127.0.0.1", "", trusted), "127.0.0.1");
}

}  // namespace
}  // namespace anxin::http
