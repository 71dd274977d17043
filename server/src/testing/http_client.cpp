#include "testing/http_client.hpp"

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/system/system_error.hpp>

namespace anxin::testing {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = asio::ip::tcp;

namespace {

std::string Lower(std::string_view text) {
    std::string out(text);
    for (char& c : out) {
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    }
    return out;
}

void ThrowIf(const beast::error_code& ec, const char* what) {
    if (ec) throw boost::system::system_error(ec, what);
}

Headers WithToken(std::string_view token, const Headers& headers) {
    Headers out = headers;
    if (!token.empty()) out.emplace_back("Authorization", "Bearer " + std::string(token));
    return out;
}

}  // namespace

std::string Response::Header(std::string_view name) const {
    std::string key = Lower(name);
    for (const auto& [n, v] : headers) {
        if (n == key) return v;
    }
    return {};
}

bool Response::HasHeader(std::string_view name) const {
    std::string key = Lower(name);
    for (const auto& [n, v] : headers) {
        if (n == key) return true;
    }
    return false;
}

class HttpClient::Impl {
  public:
    Impl(std::uint16_t port, std::chrono::milliseconds timeout) : port_(port), timeout_(timeout) {}

    void Connect() {
        stream_.emplace(ioc_);
        beast::error_code result;
        stream_->expires_after(timeout_);
        stream_->async_connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), port_),
                               [&](beast::error_code ec) { result = ec; });
        Run();
        if (result) stream_.reset();
        ThrowIf(result, "connect");
        ++connections_;
    }

    Response Send(bhttp::request<bhttp::string_body>& req) {
        if (!stream_) Connect();
        beast::error_code result;
        stream_->expires_after(timeout_);
        bhttp::async_write(*stream_, req, [&](beast::error_code ec, std::size_t) { result = ec; });
        Run();
        if (result) {
            stream_.reset();
            ThrowIf(result, "write");
        }
        bhttp::response_parser<bhttp::string_body> parser;
        parser.body_limit(64 * 1024 * 1024);
        bhttp::async_read(*stream_, buffer_, parser, [&](beast::error_code ec, std::size_t) { result = ec; });
        Run();
        if (result) {
            stream_.reset();
            buffer_.clear();
            ThrowIf(result, "read");
        }
        auto res = parser.release();
        Response out;
        out.status = res.result_int();
        for (const auto& field : res) out.headers.emplace_back(Lower(field.name_string()), std::string(field.value()));
        out.body = std::move(res.body());
        if (out.Header("content-type").find("json") != std::string::npos && !out.body.empty()) {
            boost::system::error_code ec;
            out.json = boost::json::parse(out.body, ec);
            if (ec) out.json = nullptr;
        }
        if (!res.keep_alive()) Close();
        return out;
    }

    void Close() {
        if (stream_) {
            beast::error_code ec;
            stream_->socket().shutdown(tcp::socket::shutdown_both, ec);
            stream_->close();
        }
        stream_.reset();
        buffer_.clear();
    }

    int connections() const { return connections_; }

  private:
    void Run() {
        ioc_.restart();
        ioc_.run();
    }

    std::uint16_t port_;
    std::chrono::milliseconds timeout_;
    asio::io_context ioc_;
    std::optional<beast::tcp_stream> stream_;
    beast::flat_buffer buffer_;
    int connections_ = 0;
};

HttpClient::HttpClient(std::uint16_t port, std::chrono::milliseconds timeout)
    : impl_(std::make_unique<Impl>(port, timeout)) {}
HttpClient::~HttpClient() = default;

Response HttpClient::Request(std::string_view method, std::string_view target, std::string_view body,
                             const Headers& headers) {
    bhttp::request<bhttp::string_body> req;
    req.method_string(method);
    req.target(target);
    req.version(11);
    req.set(bhttp::field::host, "127.0.0.1");
    req.keep_alive(true);
    bool has_content_type = false;
    for (const auto& [name, value] : headers) {
        req.insert(name, value);
        if (Lower(name) == "content-type") has_content_type = true;
    }
    if (!body.empty() && !has_content_type) req.set(bhttp::field::content_type, "application/json");
    req.body() = std::string(body);
    req.prepare_payload();
    return impl_->Send(req);
}

Response HttpClient::Get(std::string_view target, std::string_view token, const Headers& headers) {
    return Request("GET", target, "", WithToken(token, headers));
}

Response HttpClient::Delete(std::string_view target, std::string_view token, const Headers& headers) {
    return Request("DELETE", target, "", WithToken(token, headers));
}

Response HttpClient::Post(std::string_view target, std::string_view body, std::string_view token,
                          const Headers& headers) {
    return Request("POST", target, body, WithToken(token, headers));
}

Response HttpClient::Post(std::string_view target, const boost::json::value& body, std::string_view token,
                          const Headers& headers) {
    return Post(target, std::string_view(boost::json::serialize(body)), token, headers);
}

Response HttpClient::Patch(std::string_view target, std::string_view body, std::string_view token,
                           const Headers& headers) {
    return Request("PATCH", target, body, WithToken(token, headers));
}

Response HttpClient::Patch(std::string_view target, const boost::json::value& body, std::string_view token,
                           const Headers& headers) {
    return Patch(target, std::string_view(boost::json::serialize(body)), token, headers);
}

int HttpClient::connections_opened() const { return impl_->connections(); }
void HttpClient::Close() { impl_->Close(); }

class RawConnection::Impl {
  public:
    explicit Impl(std::uint16_t port) : stream_(ioc_) {
        beast::error_code result;
        stream_.expires_after(std::chrono::seconds(10));
        stream_.async_connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), port),
                              [&](beast::error_code ec) { result = ec; });
        Run();
        ThrowIf(result, "connect");
    }

    bool Send(std::string_view bytes) {
        beast::error_code result;
        stream_.expires_after(std::chrono::seconds(10));
        asio::async_write(stream_, asio::buffer(bytes.data(), bytes.size()),
                          [&](beast::error_code ec, std::size_t) { result = ec; });
        Run();
        return !result;
    }

    ReadResult ReadUntilClose(std::chrono::milliseconds timeout) {
        ReadResult out;
        stream_.expires_after(timeout);
        char chunk[4096];
        for (;;) {
            beast::error_code result;
            std::size_t n = 0;
            stream_.async_read_some(asio::buffer(chunk), [&](beast::error_code ec, std::size_t bytes) {
                result = ec;
                n = bytes;
            });
            Run();
            out.data.append(chunk, n);
            if (result == beast::error::timeout) return out;
            if (result) {
                out.closed = true;  // EOF or reset
                return out;
            }
        }
    }

  private:
    void Run() {
        ioc_.restart();
        ioc_.run();
    }

    asio::io_context ioc_;
    beast::tcp_stream stream_;
};

RawConnection::RawConnection(std::uint16_t port) : impl_(std::make_unique<Impl>(port)) {}
RawConnection::~RawConnection() = default;
bool RawConnection::Send(std::string_view bytes) { return impl_->Send(bytes); }
RawConnection::ReadResult RawConnection::ReadUntilClose(std::chrono::milliseconds timeout) {
    return impl_->ReadUntilClose(timeout);
}

std::string SendRaw(std::uint16_t port, std::string_view bytes, std::chrono::milliseconds timeout) {
    RawConnection conn(port);
    conn.Send(bytes);
    return conn.ReadUntilClose(timeout).data;
}

}  // namespace anxin::testing
