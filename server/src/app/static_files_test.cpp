// The console's static files: content types, cache headers, history-mode fallback, /api/ never
// falling through to index.html, and paths that try to leave the web root.
#include "app/static_files.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>

#include "core/error.hpp"

namespace anxin::app {
namespace {

namespace fs = std::filesystem;

class StaticFilesTest : public ::testing::Test {
protected:
    void SetUp() override {
        base_ = fs::temp_directory_path() /
                ("anxin-static-" + std::to_string(::getpid()) + "-" +
                 ::testing::UnitTest::GetInstance()->current_test_info()->name());
        fs::remove_all(base_);
        root_ = base_ / "dist";
        fs::create_directories(root_ / "assets");
        Write(root_ / "index.html", "<!doctype html><div id=app></div>");
        Write(root_ / "assets" / "index-3f2a9c.js", "console.log(1)");
        Write(root_ / "assets" / "index-3f2a9c.css", "body{}");
        Write(root_ / "favicon.svg", "<svg/>");
        Write(root_ / ".env", "SECRET=1");
        Write(base_ / "secret.txt", "outside the root");
    }
    void TearDown() override { fs::remove_all(base_); }

    static void Write(const fs::path& file, const std::string& text) { std::ofstream(file, std::ios::binary) << text; }
    static std::string Header(const http::Response& r, const std::string& name) {
        for (const auto& [n, v] : r.headers)
            if (n == name) return v;
        return {};
    }
    static ErrorCode CodeOf(const fs::path& root, std::string_view path) {
        try {
            ServeStaticFile(root, path);
        } catch (const Error& e) {
            return e.code();
        }
        return ErrorCode::kInternal;  // no error: the caller's EXPECT fails
    }

    fs::path base_, root_;
};

TEST_F(StaticFilesTest, ServesIndexWithoutCaching) {
    for (std::string_view path : {"/", "/index.html"}) {
        auto r = ServeStaticFile(root_, path);
        EXPECT_EQ(r.status, 200u);
        EXPECT_EQ(r.content_type, "text/html; charset=utf-8");
        EXPECT_EQ(r.body, "<!doctype html><div id=app></div>");
        EXPECT_EQ(Header(r, "Cache-Control"), "no-cache");
    }
}

TEST_F(StaticFilesTest, HashedAssetsAreImmutableWithTheirContentType) {
    auto js = ServeStaticFile(root_, "/assets/index-3f2a9c.js");
    EXPECT_EQ(js.content_type, "text/javascript; charset=utf-8");
    EXPECT_EQ(js.body, "console.log(1)");
    EXPECT_EQ(Header(js, "Cache-Control"), "public, max-age=31536000, immutable");
    EXPECT_EQ(ServeStaticFile(root_, "/assets/index-3f2a9c.css").content_type, "text/css; charset=utf-8");
    auto svg = ServeStaticFile(root_, "/favicon.svg");
    EXPECT_EQ(svg.content_type, "image/svg+xml");
    EXPECT_EQ(Header(svg, "Cache-Control"), "no-cache");
}

TEST_F(StaticFilesTest, ContentTypes) {
    EXPECT_EQ(ContentTypeFor(".woff2"), "font/woff2");
    EXPECT_EQ(ContentTypeFor(".png"), "image/png");
    EXPECT_EQ(ContentTypeFor(".ico"), "image/x-icon");
    EXPECT_EQ(ContentTypeFor(".json"), "application/json; charset=utf-8");
    EXPECT_EQ(ContentTypeFor(".map"), "application/json; charset=utf-8");
    EXPECT_EQ(ContentTypeFor(".exe"), "application/octet-stream");
}

TEST_F(StaticFilesTest, UnknownPagesAnswerIndexForHistoryMode) {
    auto r = ServeStaticFile(root_, "/system/users");
    EXPECT_EQ(r.body, "<!doctype html><div id=app></div>");
    EXPECT_EQ(Header(r, "Cache-Control"), "no-cache");
    EXPECT_EQ(ServeStaticFile(root_, "/projects/01J8Z").content_type, "text/html; charset=utf-8");
}

TEST_F(StaticFilesTest, ApiPathsNeverFallThroughToIndex) {
    EXPECT_EQ(CodeOf(root_, "/api/v1/no-such-thing"), ErrorCode::kNotFound);
    EXPECT_EQ(CodeOf(root_, "/api"), ErrorCode::kNotFound);
    EXPECT_EQ(CodeOf(root_, "/api/"), ErrorCode::kNotFound);
}

TEST_F(StaticFilesTest, MissingAssetsAre404NotIndex) {
    EXPECT_EQ(CodeOf(root_, "/assets/gone-000000.js"), ErrorCode::kNotFound);
    EXPECT_EQ(CodeOf(root_, "/logo.png"), ErrorCode::kNotFound);
}

TEST_F(StaticFilesTest, RefusesTraversalHiddenFilesAndOddBytes) {
    EXPECT_EQ(CodeOf(root_, "/../secret.txt"), ErrorCode::kNotFound);
    EXPECT_EQ(CodeOf(root_, "/assets/../../secret.txt"), ErrorCode::kNotFound);
    EXPECT_EQ(CodeOf(root_, "/.env"), ErrorCode::kNotFound);
    EXPECT_EQ(CodeOf(root_, "/assets\\..\\..\\secret.txt"), ErrorCode::kNotFound);
    EXPECT_EQ(CodeOf(root_, std::string_view("/index.html\0.js", 15)), ErrorCode::kNotFound);
    // The server decodes once ("%2e%2e" arrives as ".."); a "%2e%2e" still here came from "%252e%252e" and
    // is a literal name inside the root, never the parent directory.
    EXPECT_EQ(CodeOf(root_, "/%2e%2e/secret.txt"), ErrorCode::kNotFound);
    EXPECT_EQ(ServeStaticFile(root_, "/%2e%2e").body, "<!doctype html><div id=app></div>");
}

TEST_F(StaticFilesTest, SymlinkOutOfTheRootIsNotFollowed) {
    std::error_code ec;
    fs::create_symlink(base_ / "secret.txt", root_ / "assets" / "link-1.txt", ec);
    if (ec) GTEST_SKIP() << "no symlinks here";
    EXPECT_EQ(CodeOf(root_, "/assets/link-1.txt"), ErrorCode::kNotFound);
}

TEST_F(StaticFilesTest, WithoutABuiltConsoleSaysSo) {
    try {
        ServeStaticFile(base_ / "missing", "/");
        FAIL() << "expected 404";
    } catch (const Error& e) {
        EXPECT_EQ(e.code(), ErrorCode::kNotFound);
        EXPECT_NE(std::string(e.what()).find("make web"), std::string::npos);
    }
}

TEST_F(StaticFilesTest, RouteIsMatchedOnlyWhenNoApiRouteIs) {
    http::Router router;
    router.Add(http::Method::kGet, "/api/v1/health", http::kPublic, [](http::Request&) { return http::NoContent(); });
    RegisterStaticFiles(router, root_);
    EXPECT_EQ(router.Find(http::Method::kGet, "/api/v1/health").route->pattern, "/api/v1/health");
    auto page = router.Find(http::Method::kGet, "/system/users");
    ASSERT_NE(page.route, nullptr);
    EXPECT_EQ(page.route->pattern, "/*");
    EXPECT_EQ(page.route->permission, http::kPublic);
    ASSERT_NE(router.Find(http::Method::kGet, "/").route, nullptr);

    http::Request request;
    request.path = "/assets/index-3f2a9c.js";
    EXPECT_EQ(router.Find(http::Method::kGet, request.path).route->handler(request).body, "console.log(1)");
}

TEST_F(StaticFilesTest, FindWebRootPrefersTheEnvironment) {
    ::setenv("ANXIN_WEB_ROOT", root_.c_str(), 1);
    EXPECT_EQ(FindWebRoot(), root_);
    ::unsetenv("ANXIN_WEB_ROOT");
    auto previous = fs::current_path();
    fs::create_directories(base_ / "web");
    fs::rename(root_, base_ / "web" / "dist");
    fs::current_path(base_ / "web" / "dist" / "assets");
    EXPECT_EQ(fs::canonical(FindWebRoot()), fs::canonical(base_ / "web" / "dist"));
    fs::current_path(previous);
}

}  // namespace
}  // namespace anxin::app
