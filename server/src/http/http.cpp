// Request helpers, JSON responses, body parsing and paging shared by every route.
#include "http/http.hpp"

#include <cctype>
#include <charconv>
#include <stdexcept>

#include <boost/json/parser.hpp>
#include <boost/json/serialize.hpp>

#include "core/error.hpp"

namespace anxin::http {

namespace {

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
        char x = a[i];
        char y = b[i];
        if (x >= 'A' && x <= 'Z') x = static_cast<char>(x - 'A' + 'a');
        if (y >= 'A' && y <= 'Z') y = static_cast<char>(y - 'A' + 'a');
        if (x != y) return false;
    }
    return true;
}

}  // namespace

std::string_view MethodName(Method m) {
    switch (m) {
        case Method::kGet:
            return "GET";
        case Method::kHead:
            return "HEAD";
        case Method::kPost:
            return "POST";
        case Method::kPut:
            return "PUT";
        case Method::kPatch:
            return "PATCH";
        case Method::kDelete:
            return "DELETE";
        case Method::kOptions:
            return "OPTIONS";
    }
    return "GET";
}

std::string_view Request::Header(std::string_view name) const {
    for (const auto& [key, value] : headers) {
        if (EqualsIgnoreCase(key, name)) return value;
    }
    return {};
}

std::optional<std::string> Request::Query(const std::string& name) const {
    auto it = query.find(name);
    if (it == query.end()) return std::nullopt;
    return it->second;
}

const std::string& Request::PathParam(const std::string& name) const {
    auto it = path_params.find(name);
    if (it == path_params.end()) throw std::logic_error("route has no path parameter '" + name + "'");
    return it->second;
}

core::CallContext Request::Context() const {
    if (!principal) ThrowUnauthenticated();
    return core::CallContext{*principal, request_id};
}

Response JsonResponse(unsigned status, const boost::json::value& body) {
    Response response;
    response.status = status;
    response.body = boost::json::serialize(body);
    return response;
}

Response NoContent() {
    Response response;
    response.status = 204;
    response.content_type.clear();
    return response;
}

std::string UploadFileName(const Request& request) {
    if (auto name = request.Query("fileName"); name && !name->empty()) return *name;
    std::string_view header = request.Header("x-file-name");
    if (header.empty()) return "upload";
    auto hex = [](char c) -> int {
        if (c >= '0' && c <= '9') return c - '0';
        if (c >= 'a' && c <= 'f') return c - 'a' + 10;
        if (c >= 'A' && c <= 'F') return c - 'A' + 10;
        return -1;
    };
    std::string out;
    for (std::size_t i = 0; i < header.size(); ++i) {
        if (header[i] == '%' && i + 2 < header.size() && hex(header[i + 1]) >= 0 && hex(header[i + 2]) >= 0) {
            out += static_cast<char>(hex(header[i + 1]) * 16 + hex(header[i + 2]));
            i += 2;
        } else {
            out += header[i];
        }
    }
    return out;
}

Response DownloadResponse(std::string body, std::string content_type, std::string_view file_name) {
    std::string ascii;
    std::string encoded;
    static constexpr char kHex[] = "0123456789ABCDEF";
    for (unsigned char c : file_name) {
        const bool plain = std::isalnum(c) || c == '.' || c == '-' || c == '_';
        ascii += plain ? static_cast<char>(c) : '_';
        if (plain) {
            encoded += static_cast<char>(c);
        } else {
            encoded += '%';
            encoded += kHex[c >> 4];
            encoded += kHex[c & 15];
        }
    }
    Response response;
    response.status = 200;
    response.content_type = std::move(content_type);
    response.headers.emplace_back("Content-Disposition",
                                  "attachment; filename=\"" + ascii + "\"; filename*=UTF-8''" + encoded);
    response.headers.emplace_back("Cache-Control", "no-store");
    response.body = std::move(body);
    return response;
}

boost::json::value ParseJsonBody(const Request& request) {
    if (request.body.empty()) ThrowInvalidField("body", "请求体为空，应为 JSON");
    boost::json::parser parser;
    boost::system::error_code ec;
    std::size_t consumed = parser.write(request.body.data(), request.body.size(), ec);
    if (ec) {
        ThrowInvalidField("body", "JSON 格式错误（第 " + std::to_string(consumed + 1) + " 个字符）：" + ec.message());
    }
    return parser.release();
}

std::optional<std::int64_t> QueryInteger(const Request& request, const std::string& name, std::int64_t min, std::int64_t max) {
    auto text = request.Query(name);
    if (!text || text->empty()) return std::nullopt;
    std::int64_t value = 0;
    const char* end = text->data() + text->size();
    auto [ptr, ec] = std::from_chars(text->data(), end, value);
    if (ec != std::errc() || ptr != end || value < min || value > max)
        ThrowInvalidField(name, "必须是 " + std::to_string(min) + " 到 " + std::to_string(max) + " 之间的整数");
    return value;
}

std::optional<core::Date> QueryDate(const Request& request, const std::string& name) {
    auto text = request.Query(name);
    if (!text || text->empty()) return std::nullopt;
    auto date = core::Date::Parse(*text);
    if (!date) ThrowInvalidField(name, "不是有效日期（YYYY-MM-DD）");
    return date;
}

Page ParsePage(const Request& request) {
    Page page;
    // The bound on page keeps offset() far from overflow.
    page.page = QueryInteger(request, "page", 1, 1'000'000'000).value_or(1);
    page.page_size = QueryInteger(request, "pageSize", 1, 200).value_or(20);
    return page;
}

boost::json::object PagedBody(boost::json::array items, std::int64_t total, const Page& page) {
    boost::json::object body;
    body["items"] = std::move(items);
    body["total"] = total;
    body["page"] = page.page;
    body["pageSize"] = page.page_size;
    return body;
}

}  // namespace anxin::http
