#include "http/client.hpp"

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>
#include <boost/url/parse.hpp>

namespace anxin::http {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = asio::ip::tcp;

namespace {

struct Target {
    std::string host;
    std::string port;
    std::string path;
};

Target ParseTarget(const std::string& url) {
    auto parsed = boost::urls::parse_absolute_uri(url);
    if (!parsed) throw ClientError("not an absolute URL: " + url);
    if (parsed->scheme() != "http") throw ClientError("only http:// URLs are supported: " + url);
    Target t;
    t.host = parsed->host();
    if (t.host.empty()) throw ClientError("URL has no host: " + url);
    t.port = parsed->has_port() ? std::string(parsed->port()) : "80";
    t.path = parsed->encoded_path().empty() ? "/" : std::string(parsed->encoded_path());
    if (parsed->has_query()) t.path += "?" + std::string(parsed->encoded_query());
    return t;
}

}  // namespace

ClientResponse PostJson(const std::string& url, std::string_view body,
                        const std::vector<std::pair<std::string, std::string>>& headers,
                        std::chrono::milliseconds timeout) {
    Target target = ParseTarget(url);
    asio::io_context ioc;
    tcp::resolver resolver(ioc);
    beast::tcp_stream stream(ioc);
    beast::flat_buffer buffer;
    bhttp::request<bhttp::string_body> req{bhttp::verb::post, target.path, 11};
    req.set(bhttp::field::host, target.host);
    req.set(bhttp::field::user_agent, "anxin");
    req.set(bhttp::field::content_type, "application/json; charset=utf-8");
    for (const auto& [name, value] : headers) req.set(name, value);
    req.body() = std::string(body);
    req.prepare_payload();
    bhttp::response_parser<bhttp::string_body> parser;
    parser.body_limit(1024 * 1024);

    // One deadline for the whole exchange: the stream's timer covers connect, write and read; the
    // resolver is bounded by running the context only until the deadline.
    beast::error_code failure;
    const char* stage = "resolve";
    auto deadline = std::chrono::steady_clock::now() + timeout;
    resolver.async_resolve(target.host, target.port, [&](beast::error_code ec, tcp::resolver::results_type results) {
        if (ec) {
            failure = ec;
            return;
        }
        stage = "connect";
        stream.expires_at(deadline);
        stream.async_connect(results, [&](beast::error_code ec, const tcp::endpoint&) {
            if (ec) {
                failure = ec;
                return;
            }
            stage = "write";
            bhttp::async_write(stream, req, [&](beast::error_code ec, std::size_t) {
                if (ec) {
                    failure = ec;
                    return;
                }
                stage = "read";
                bhttp::async_read(stream, buffer, parser, [&](beast::error_code ec, std::size_t) { failure = ec; });
            });
        });
    });
    ioc.run_until(deadline);
    if (!ioc.stopped()) {
        ioc.stop();
        throw ClientError(std::string("POST ") + target.host + ":" + target.port + " timed out during " + stage);
    }
    if (failure) {
        throw ClientError(std::string("POST ") + target.host + ":" + target.port + " failed during " + stage + ": " +
                          failure.message());
    }
    beast::error_code ignored;
    stream.socket().shutdown(tcp::socket::shutdown_both, ignored);
    auto response = parser.release();
    return ClientResponse{response.result_int(), std::move(response.body())};
}

}  // namespace anxin::http
