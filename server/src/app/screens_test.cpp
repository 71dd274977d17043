// docs/screens.md names, for every write route of the router, the console screen that uses it — or why
// none does (a feed for machines, a command-line job). A write route added without a line there fails
// here, so "who does this in the browser?" is answered when the route is written.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <string>

#include "testing/api_fixture.hpp"

namespace anxin::app {
namespace {

class ScreensTest : public testing::ApiTest {};

std::filesystem::path RepositoryRoot() {
    if (const char* env = std::getenv("ANXIN_DATA_DIR"); env && *env) return std::filesystem::path(env) / "..";
    return std::filesystem::path(__FILE__).parent_path() / ".." / ".." / "..";
}

// "| POST | /api/v1/clues | …" rows of the document, as "POST /api/v1/clues".
std::set<std::string> DocumentedRoutes(const std::string& text) {
    std::set<std::string> routes;
    std::istringstream lines(text);
    for (std::string line; std::getline(lines, line);) {
        std::istringstream cells(line);
        std::string empty, method, pattern;
        if (!std::getline(cells, empty, '|') || !std::getline(cells, method, '|') || !std::getline(cells, pattern, '|'))
            continue;
        auto trim = [](std::string s) {
            s.erase(0, s.find_first_not_of(" `"));
            s.erase(s.find_last_not_of(" `") + 1);
            return s;
        };
        routes.insert(trim(method) + " " + trim(pattern));
    }
    return routes;
}

TEST_P(ScreensTest, EveryWriteRouteHasItsScreenOrAReasonInDocsScreens) {
    const auto path = RepositoryRoot() / "docs" / "screens.md";
    std::ifstream in(path);
    ASSERT_TRUE(in) << path;
    std::stringstream text;
    text << in.rdbuf();
    const auto documented = DocumentedRoutes(text.str());
    std::set<std::string> written;
    for (const auto& route : app().router().routes()) {
        if (route.method == http::Method::kGet) continue;
        const std::string key = std::string(http::MethodName(route.method)) + " " + route.pattern;
        written.insert(key);
        EXPECT_TRUE(documented.contains(key)) << key << " is not in docs/screens.md";
    }
    for (const auto& key : documented) {
        if (key.starts_with("POST ") || key.starts_with("PUT ") || key.starts_with("PATCH ") || key.starts_with("DELETE ")) {
            EXPECT_TRUE(written.contains(key)) << "docs/screens.md names " << key << ", which the router does not have";
        }
    }
}

INSTANTIATE_TEST_SUITE_P(Backends, ScreensTest, ::testing::Values("sqlite"));

}  // namespace
}  // namespace anxin::app
