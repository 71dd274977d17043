#include <stdexcept>

#include <gtest/gtest.h>

#include "http/http.hpp"

namespace anxin::http {
namespace {

Handler Named(std::string name) {
    return [name](Request&) {
        Response r;
        r.body = name;
        return r;
    };
}

std::string Invoke(const Router::Match& match) {
    Request request;
    return match.route->handler(request).body;
}

TEST(RouterTest, MatchesLiteralAndParamSegments) {
    Router router;
    router.Add(Method::kGet, "/api/v1/users", kPublic, Named("list"));
    router.Add(Method::kGet, "/api/v1/users/{userId}", "users.read", Named("one"));
    router.Add(Method::kGet, "/api/v1/users/{userId}/roles/{roleId}", "users.read", Named("role"));

    auto list = router.Find(Method::kGet, "/api/v1/users");
    ASSERT_NE(list.route, nullptr);
    EXPECT_EQ(Invoke(list), "list");
    EXPECT_EQ(list.route->permission, kPublic);

    auto one = router.Find(Method::kGet, "/api/v1/users/u42");
    ASSERT_NE(one.route, nullptr);
    EXPECT_EQ(Invoke(one), "one");
    EXPECT_EQ(one.route->permission, "users.read");
    EXPECT_EQ(one.path_params.at("userId"), "u42");

    auto role = router.Find(Method::kGet, "/api/v1/users/u1/roles/r2");
    ASSERT_NE(role.route, nullptr);
    EXPECT_EQ(role.path_params.at("userId"), "u1");
    EXPECT_EQ(role.path_params.at("roleId"), "r2");
}

TEST(RouterTest, UnknownPathIs404AndOtherMethodIs405WithAllowedMethods) {
    Router router;
    router.Add(Method::kGet, "/api/v1/users/{userId}", kPublic, Named("get"));
    router.Add(Method::kDelete, "/api/v1/users/{userId}", kPublic, Named("delete"));

    auto missing = router.Find(Method::kGet, "/api/v1/nothing");
    EXPECT_EQ(missing.route, nullptr);
    EXPECT_FALSE(missing.path_known);

    auto wrong = router.Find(Method::kPost, "/api/v1/users/u1");
    EXPECT_EQ(wrong.route, nullptr);
    EXPECT_TRUE(wrong.path_known);
    EXPECT_EQ(wrong.allowed, (std::vector<Method>{Method::kGet, Method::kDelete}));
}

TEST(RouterTest, ACatchAllDoesNotTurnUnknownPathsOfOtherMethodsInto405) {
    Router router;
    router.Add(Method::kGet, "/*", kPublic, Named("console"));
    router.Add(Method::kGet, "/api/v1/users/{userId}", kPublic, Named("get"));

    auto typo = router.Find(Method::kPost, "/api/v1/usres");
    EXPECT_EQ(typo.route, nullptr);
    EXPECT_FALSE(typo.path_known);  // 404
    auto known = router.Find(Method::kPost, "/api/v1/users/u1");
    EXPECT_TRUE(known.path_known);  // 405 with Allow: GET
    EXPECT_EQ(known.allowed, (std::vector<Method>{Method::kGet}));
    EXPECT_NE(router.Find(Method::kGet, "/projects/p1").route, nullptr);
}

TEST(RouterTest, SegmentCountMustMatchAndParamsAreNonEmpty) {
    Router router;
    router.Add(Method::kGet, "/a/{x}", kPublic, Named("x"));
    EXPECT_EQ(router.Find(Method::kGet, "/a").route, nullptr);
    EXPECT_EQ(router.Find(Method::kGet, "/a/").route, nullptr);
    EXPECT_EQ(router.Find(Method::kGet, "/a/b/c").route, nullptr);
    EXPECT_NE(router.Find(Method::kGet, "/a/b").route, nullptr);
}

TEST(RouterTest, LiteralBeatsParamBeatsWildcardRegardlessOfOrder) {
    Router router;
    router.Add(Method::kGet, "/*", kPublic, Named("static"));
    router.Add(Method::kGet, "/api/v1/users/{userId}", kPublic, Named("param"));
    router.Add(Method::kGet, "/api/v1/users/me", kPublic, Named("me"));
    router.Add(Method::kGet, "/api/v1/*", kPublic, Named("api-rest"));

    EXPECT_EQ(Invoke(router.Find(Method::kGet, "/api/v1/users/me")), "me");
    EXPECT_EQ(Invoke(router.Find(Method::kGet, "/api/v1/users/u7")), "param");
    EXPECT_EQ(Invoke(router.Find(Method::kGet, "/api/v1/other/thing")), "api-rest");
    EXPECT_EQ(Invoke(router.Find(Method::kGet, "/index.html")), "static");
}

TEST(RouterTest, WildcardCapturesTheRestOfThePath) {
    Router router;
    router.Add(Method::kGet, "/static/*", kPublic, Named("static"));
    auto match = router.Find(Method::kGet, "/static/js/app.1234.js");
    ASSERT_NE(match.route, nullptr);
    EXPECT_EQ(match.path_params.at("*"), "js/app.1234.js");
    auto empty = router.Find(Method::kGet, "/static/");
    ASSERT_NE(empty.route, nullptr);
    EXPECT_EQ(empty.path_params.at("*"), "");
    EXPECT_EQ(router.Find(Method::kGet, "/static").route, nullptr);
    EXPECT_EQ(router.Find(Method::kGet, "/other/x").route, nullptr);
}

TEST(RouterTest, RootWildcardMatchesRoot) {
    Router router;
    router.Add(Method::kGet, "/*", kPublic, Named("spa"));
    auto match = router.Find(Method::kGet, "/");
    ASSERT_NE(match.route, nullptr);
    EXPECT_EQ(match.path_params.at("*"), "");
}

TEST(RouterTest, DuplicateRegistrationThrows) {
    Router router;
    router.Add(Method::kGet, "/api/v1/users/{userId}", kPublic, Named("a"));
    EXPECT_THROW(router.Add(Method::kGet, "/api/v1/users/{userId}", kPublic, Named("b")), std::logic_error);
    // Same shape with another parameter name matches the same requests.
    EXPECT_THROW(router.Add(Method::kGet, "/api/v1/users/{id}", kPublic, Named("c")), std::logic_error);
    // Another method is fine.
    EXPECT_NO_THROW(router.Add(Method::kPatch, "/api/v1/users/{userId}", kPublic, Named("d")));
}

TEST(RouterTest, RejectsMalformedPatterns) {
    Router router;
    EXPECT_THROW(router.Add(Method::kGet, "no-slash", kPublic, Named("a")), std::logic_error);
    EXPECT_THROW(router.Add(Method::kGet, "/a/*/b", kPublic, Named("a")), std::logic_error);
    EXPECT_THROW(router.Add(Method::kGet, "/a/{}", kPublic, Named("a")), std::logic_error);
    EXPECT_THROW(router.Add(Method::kGet, "/a/{x}/{x}", kPublic, Named("a")), std::logic_error);
}

}  // namespace
}  // namespace anxin::http
