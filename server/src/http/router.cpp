// Method + path-template matching. Routes are few (hundreds at most), so Find scans them all and
// keeps the most specific match: at the first segment where two patterns differ, a literal beats a
// {param}, which beats the trailing "*".
#include <algorithm>
#include <stdexcept>

#include "http/http.hpp"

namespace anxin::http {

namespace {

std::vector<std::string_view> SplitPath(std::string_view path) {
    std::vector<std::string_view> parts;
    if (!path.empty() && path.front() == '/') path.remove_prefix(1);
    for (;;) {
        auto slash = path.find('/');
        parts.push_back(path.substr(0, slash));
        if (slash == std::string_view::npos) break;
        path.remove_prefix(slash + 1);
    }
    return parts;
}

}  // namespace

void Router::Add(Method method, std::string pattern, std::string_view permission, Handler handler) {
    if (pattern.empty() || pattern.front() != '/')
        throw std::logic_error("route pattern must start with '/': " + pattern);
    if (!handler) throw std::logic_error("route without handler: " + pattern);
    if (permission.empty()) throw std::logic_error("route without permission: " + pattern);
    std::vector<Segment> segments;
    auto parts = SplitPath(pattern);
    for (std::size_t i = 0; i < parts.size(); ++i) {
        std::string_view part = parts[i];
        if (part == "*") {
            if (i + 1 != parts.size()) throw std::logic_error("'*' must be the last segment: " + pattern);
            segments.push_back({Segment::Kind::kRest, "*"});
        } else if (part.size() >= 2 && part.front() == '{' && part.back() == '}') {
            std::string name(part.substr(1, part.size() - 2));
            if (name.empty() || name.find_first_of("{}/") != std::string::npos) {
                throw std::logic_error("bad parameter segment in " + pattern);
            }
            for (const auto& s : segments) {
                if (s.kind == Segment::Kind::kParam && s.text == name) {
                    throw std::logic_error("parameter '" + name + "' appears twice in " + pattern);
                }
            }
            segments.push_back({Segment::Kind::kParam, std::move(name)});
        } else {
            if (part.find_first_of("{}") != std::string_view::npos) throw std::logic_error("bad segment in " + pattern);
            segments.push_back({Segment::Kind::kLiteral, std::string(part)});
        }
    }
    // Two patterns that differ only in parameter names match the same requests.
    for (std::size_t r = 0; r < routes_.size(); ++r) {
        if (routes_[r].method != method || segments_[r].size() != segments.size()) continue;
        bool same =
            std::equal(segments.begin(), segments.end(), segments_[r].begin(), [](const auto& a, const auto& b) {
                return a.kind == b.kind && (a.kind != Segment::Kind::kLiteral || a.text == b.text);
            });
        if (same) {
            throw std::logic_error("duplicate route " + std::string(MethodName(method)) + " " + pattern + " (already " +
                                   routes_[r].pattern + ")");
        }
    }
    routes_.push_back(Route{method, std::move(pattern), std::string(permission), std::move(handler)});
    segments_.push_back(std::move(segments));
}

Router::Match Router::Find(Method method, std::string_view path) const {
    Match result;
    auto parts = SplitPath(path);
    std::vector<int> best_rank;
    std::vector<int> rank;
    std::unordered_map<std::string, std::string> params;
    for (std::size_t r = 0; r < routes_.size(); ++r) {
        const auto& segments = segments_[r];
        rank.clear();
        params.clear();
        bool ok = true;
        std::size_t i = 0;
        for (; i < segments.size() && ok; ++i) {
            const Segment& s = segments[i];
            if (s.kind == Segment::Kind::kRest) {
                // The rest of the original path, slashes included (may be empty: "/static/").
                if (i >= parts.size()) {
                    ok = false;
                    break;
                }
                std::size_t offset = static_cast<std::size_t>(parts[i].data() - path.data());
                params["*"] = std::string(path.substr(offset));
                rank.push_back(0);
                i = parts.size();
                break;
            }
            if (i >= parts.size()) {
                ok = false;
            } else if (s.kind == Segment::Kind::kLiteral) {
                ok = parts[i] == s.text;
                rank.push_back(2);
            } else {
                ok = !parts[i].empty();
                params[s.text] = std::string(parts[i]);
                rank.push_back(1);
            }
        }
        if (!ok || i != parts.size()) continue;
        const Route& route = routes_[r];
        // A catch-all ("GET /*" serves the console) does not make every path known to other methods:
        // POST /api/v1/typo is 404, not 405 "use GET".
        const bool catch_all = !segments.empty() && segments.back().kind == Segment::Kind::kRest;
        if (catch_all && route.method != method) continue;
        result.path_known = true;
        if (std::find(result.allowed.begin(), result.allowed.end(), route.method) == result.allowed.end()) {
            result.allowed.push_back(route.method);
        }
        if (route.method != method) continue;
        if (result.route == nullptr || rank > best_rank) {
            result.route = &route;
            result.path_params = params;
            best_rank = rank;
        }
    }
    std::sort(result.allowed.begin(), result.allowed.end());
    return result;
}

}  // namespace anxin::http
