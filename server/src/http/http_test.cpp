#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "core/error.hpp"
#include "http/error_response.hpp"
#include "http/http.hpp"

namespace anxin::http {
namespace {

Error::Fields FieldsOf(const std::function<void()>& fn) {
    try {
        fn();
    } catch (const Error& e) {
        return e.fields();
    }
    ADD_FAILURE() << "expected anxin::Error";
    return {};
}

TEST(HttpTest, ParseJsonBodyNamesBodyOnEmptyOrMalformedInput) {
    Request request;
    EXPECT_EQ(FieldsOf([&] { ParseJsonBody(request); }).count("body"), 1u);
    request.body = "{\"a\": 1,";
    auto fields = FieldsOf([&] { ParseJsonBody(request); });
    ASSERT_EQ(fields.count("body"), 1u);
    request.body = "{\"a\": 1} trailing";
    EXPECT_EQ(FieldsOf([&] { ParseJsonBody(request); }).count("body"), 1u);
    request.body = "{\"a\": [1, 2]}";
    EXPECT_EQ(ParseJsonBody(request).at("a").as_array().size(), 2u);
}

TEST(HttpTest, ParsePageDefaultsAndBounds) {
    Request request;
    Page page = ParsePage(request);
    EXPECT_EQ(page.page, 1);
    EXPECT_EQ(page.page_size, 20);
    request.query = {{"page", "3"}, {"pageSize", "50"}};
    page = ParsePage(request);
    EXPECT_EQ(page.offset(), 100);
    request.query = {{"pageSize", "201"}};
    EXPECT_EQ(FieldsOf([&] { ParsePage(request); }).count("pageSize"), 1u);
    request.query = {{"page", "0"}};
    EXPECT_EQ(FieldsOf([&] { ParsePage(request); }).count("page"), 1u);
    request.query = {{"page", "2x"}};
    EXPECT_EQ(FieldsOf([&] { ParsePage(request); }).count("page"), 1u);
}

TEST(HttpTest, PagedBodyShape) {
    Page page{2, 10};
    auto body = PagedBody(boost::json::array{1, 2}, 12, page);
    EXPECT_EQ(boost::json::serialize(body), R"({"items":[1,2],"total":12,"page":2,"pageSize":10})");
}

TEST(HttpTest, HeaderLookupIsCaseInsensitive) {
    Request request;
    request.headers = {{"x-request-id", "abc"}};
    EXPECT_EQ(request.Header("X-Request-Id"), "abc");
    EXPECT_EQ(request.Header("absent"), "");
}

TEST(HttpTest, ContextRequiresPrincipal) {
    Request request;
    EXPECT_THROW(request.Context(), Error);
    request.principal = core::Principal{.user_id = "u1"};
    request.request_id = "r1";
    EXPECT_EQ(request.Context().principal.user_id, "u1");
    EXPECT_EQ(request.Context().request_id, "r1");
}

TEST(ErrorResponseTest, EnvelopeShapeWithEmptyFields) {
    Response response = ErrorResponse(Error(ErrorCode::kNotFound, "x 不存在"), "rid1");
    EXPECT_EQ(response.status, 404u);
    auto body = boost::json::parse(response.body);
    EXPECT_EQ(body.at("error").at("code"), "not_found");
    EXPECT_EQ(body.at("error").at("message"), "x 不存在");
    EXPECT_TRUE(body.at("error").at("fields").is_object());
    EXPECT_TRUE(body.at("error").at("fields").as_object().empty());
    EXPECT_EQ(body.at("error").at("requestId"), "rid1");
}

TEST(ErrorResponseTest, RunGuardedHidesUnknownExceptionText) {
    Response response = RunGuarded([]() -> Response { throw std::runtime_error("password=hunter2"); }, "r", nullptr);
    EXPECT_EQ(response.status, 500u);
    EXPECT_EQ(response.body.find("hunter2"), std::string::npos);
    EXPECT_EQ(boost::json::parse(response.body).at("error").at("message"), "服务器内部错误");
}

TEST(ErrorResponseTest, ThrowingTranslatorFallsBackTo500) {
    ExceptionTranslator bad = [](const std::exception&) -> std::optional<Error> { throw std::logic_error("bug"); };
    Response response = RunGuarded([]() -> Response { throw std::runtime_error("x"); }, "r", bad);
    EXPECT_EQ(response.status, 500u);
}

}  // namespace
}  // namespace anxin::http
