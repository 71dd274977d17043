// The web console's files (web/dist, built by `make web`) served by the anxin binary itself, so one
// process answers both the API and the console. GET "/*" is registered last and is public: the
// console's own code and assets hold no data; every API call it makes is authenticated.
//
// Rules: the request path is decoded once by the server; a path with a ".." segment, a backslash,
// a NUL or a hidden (dot) segment is refused; hashed build output under /assets/ is cached for a
// year (immutable), index.html is never cached; an unknown path that is not a file answers
// index.html (the console routes in history mode); nothing under /api/ ever falls through to
// index.html: it answers the JSON 404 of every other unknown API path.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

#include "http/http.hpp"

namespace anxin::app {

// The directory to serve when none is configured: $ANXIN_WEB_ROOT, else the first web/dist that
// holds an index.html in the current directory or one of its parents. Empty when none is found.
std::filesystem::path FindWebRoot();

// "text/html; charset=utf-8" for ".html", … ; "application/octet-stream" for anything unknown.
std::string_view ContentTypeFor(std::string_view extension);

// The response for a GET of `path` (decoded, starting with '/') under `root`. Throws
// Error(kNotFound) for /api/ paths, refused paths and a missing file under /assets/; when `root`
// has no index.html, an unknown page answers 404 saying the console is not built.
http::Response ServeStaticFile(const std::filesystem::path& root, std::string_view path);

// Adds GET "/*" (public). Register it after every other route.
void RegisterStaticFiles(http::Router& router, std::filesystem::path root);

}  // namespace anxin::app
