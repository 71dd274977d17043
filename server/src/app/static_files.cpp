#include "app/static_files.hpp"

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <system_error>

#include "core/error.hpp"

namespace anxin::app {
namespace {

namespace fs = std::filesystem;

constexpr std::string_view kIndex = "index.html";
constexpr std::string_view kImmutable = "public, max-age=31536000, immutable";

bool IsApiPath(std::string_view path) { return path == "/api" || path.starts_with("/api/"); }

// The path relative to the root, or nullopt when it must not be served. Each segment is checked
// as the server decoded it (once): no "..", no hidden files, no backslash or NUL that a file
// system could read as something else.
std::optional<fs::path> SafeRelative(std::string_view path) {
    if (path.find('\\') != std::string_view::npos || path.find('\0') != std::string_view::npos) return std::nullopt;
    fs::path relative;
    while (!path.empty()) {
        auto slash = path.find('/');
        std::string_view segment = path.substr(0, slash);
        path = slash == std::string_view::npos ? std::string_view() : path.substr(slash + 1);
        if (segment.empty()) continue;
        if (segment.front() == '.') return std::nullopt;  // "..", "." and .hidden
        relative /= fs::path(std::string(segment));
    }
    return relative;
}

std::optional<std::string> ReadFile(const fs::path& file) {
    std::ifstream in(file, std::ios::binary);
    if (!in) return std::nullopt;
    return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

// True when `file` resolves (symlinks included) inside `root`.
bool Inside(const fs::path& root, const fs::path& file) {
    std::error_code ec;
    fs::path real_root = fs::canonical(root, ec);
    if (ec) return false;
    fs::path real_file = fs::canonical(file, ec);
    if (ec) return false;
    auto [root_end, file_it] = std::mismatch(real_root.begin(), real_root.end(), real_file.begin(), real_file.end());
    return root_end == real_root.end();
}

http::Response FileResponse(const fs::path& file, std::string body, std::string_view cache_control) {
    http::Response response;
    response.status = 200;
    response.content_type = std::string(ContentTypeFor(file.extension().string()));
    response.body = std::move(body);
    response.headers.emplace_back("Cache-Control", std::string(cache_control));
    return response;
}

http::Response IndexResponse(const fs::path& root) {
    fs::path index = root / kIndex;
    auto body = root.empty() ? std::nullopt : ReadFile(index);
    if (!body) {
        throw Error(ErrorCode::kNotFound, "控制台页面未构建：请先运行 make web（或用 --web-root 指定 web/dist 目录）");
    }
    http::Response response = FileResponse(index, std::move(*body), "no-cache");
    response.headers.emplace_back("X-Frame-Options", "DENY");
    response.headers.emplace_back("Referrer-Policy", "same-origin");
    return response;
}

}  // namespace

fs::path FindWebRoot() {
    if (const char* env = std::getenv("ANXIN_WEB_ROOT"); env && *env) return fs::path(env);
    std::error_code ec;
    fs::path dir = fs::current_path(ec);
    if (ec) return {};
    for (int depth = 0; depth < 4 && !dir.empty(); ++depth) {
        fs::path candidate = dir / "web" / "dist";
        if (fs::is_regular_file(candidate / kIndex, ec)) return candidate;
        if (dir == dir.parent_path()) break;
        dir = dir.parent_path();
    }
    return {};
}

std::string_view ContentTypeFor(std::string_view extension) {
    struct Entry {
        std::string_view extension, type;
    };
    static constexpr Entry kTypes[] = {
        {".html", "text/html; charset=utf-8"},
        {".js", "text/javascript; charset=utf-8"},
        {".mjs", "text/javascript; charset=utf-8"},
        {".css", "text/css; charset=utf-8"},
        {".json", "application/json; charset=utf-8"},
        {".map", "application/json; charset=utf-8"},
        {".svg", "image/svg+xml"},
        {".png", "image/png"},
        {".jpg", "image/jpeg"},
        {".jpeg", "image/jpeg"},
        {".gif", "image/gif"},
        {".webp", "image/webp"},
        {".ico", "image/x-icon"},
        {".woff2", "font/woff2"},
        {".woff", "font/woff"},
        {".ttf", "font/ttf"},
        {".txt", "text/plain; charset=utf-8"},
        {".webmanifest", "application/manifest+json"},
    };
    for (const auto& entry : kTypes)
        if (entry.extension == extension) return entry.type;
    return "application/octet-stream";
}

http::Response ServeStaticFile(const fs::path& root, std::string_view path) {
    if (IsApiPath(path)) throw Error(ErrorCode::kNotFound, "接口不存在");
    auto relative = SafeRelative(path);
    if (!relative) throw Error(ErrorCode::kNotFound, "文件不存在");
    if (relative->empty() || relative->filename() == kIndex) return IndexResponse(root);

    if (!root.empty()) {
        fs::path file = root / *relative;
        std::error_code ec;
        if (fs::is_regular_file(file, ec) && Inside(root, file)) {
            if (auto body = ReadFile(file)) {
                bool hashed = path.starts_with("/assets/");  // Vite names them <name>-<hash>.<ext>
                return FileResponse(file, std::move(*body), hashed ? kImmutable : "no-cache");
            }
        }
    }
    // A missing asset or file of a known type is a 404, not the console page under the wrong type.
    std::string extension = relative->extension().string();
    if (path.starts_with("/assets/") ||
        (!extension.empty() && extension != ".html" && ContentTypeFor(extension) != "application/octet-stream")) {
        throw Error(ErrorCode::kNotFound, "文件不存在");
    }
    return IndexResponse(root);  // a console route (history mode): the console draws it
}

void RegisterStaticFiles(http::Router& router, fs::path root) {
    router.Add(http::Method::kGet, "/*", http::kPublic,
               [root = std::move(root)](http::Request& request) { return ServeStaticFile(root, request.path); });
}

}  // namespace anxin::app
