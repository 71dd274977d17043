// The administrators' second factor over HTTP (issue 11, 等保 2.0 level 3), with the requirement on
// as in production: until enrolled an administrator can only enrol; the enrolment gives the QR code
// (SVG) an authenticator app scans; afterwards the login asks for the code; the security
// administrator resets a lost one.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "identity/totp.hpp"
#include "testing/api_fixture.hpp"

namespace anxin::app {
namespace {

using boost::json::value;

class TotpApiTest : public testing::ApiTest {
  protected:
    bool RequireAdminTotp() const override { return true; }
    std::string Code(const std::string& secret) {
        return identity::totp::CodeForStep(secret, identity::totp::StepAt(clock().Now()));
    }
};

TEST_P(TotpApiTest, AnAdministratorEnrolsByQrCodeThenSignsInWithTheCode) {
    SeedRegions();
    auto admin = LoginAs("sysadmin", "system-admin", "37");
    auto me = client().Get("/api/v1/auth/me", admin);
    ASSERT_EQ(me.status, 200u) << me.body;
    EXPECT_TRUE(me.json.at("user").at("totpRequired").as_bool());
    auto refused = client().Get("/api/v1/users", admin);
    EXPECT_EQ(refused.status, 403u);
    EXPECT_TRUE(refused.json.at("error").at("fields").as_object().contains("totpRequired"));

    auto enrolment = client().Post("/api/v1/auth/totp/enrolment", value{}, admin);
    ASSERT_EQ(enrolment.status, 201u) << enrolment.body;
    EXPECT_EQ(std::string(enrolment.json.at("qrSvg").as_string()).rfind("<svg", 0), 0u);
    EXPECT_NE(std::string(enrolment.json.at("otpauthUri").as_string()).find(":sysadmin?secret="), std::string::npos);
    const std::string secret = *identity::totp::FromBase32(std::string(enrolment.json.at("secret").as_string()));

    auto wrong = client().Post("/api/v1/auth/totp/activation", value{{"code", "000000"}}, admin);
    EXPECT_EQ(wrong.status, 400u);
    EXPECT_TRUE(wrong.json.at("error").at("fields").as_object().contains("code"));
    auto activated = client().Post("/api/v1/auth/totp/activation", value{{"code", Code(secret)}}, admin);
    ASSERT_EQ(activated.status, 200u) << activated.body;
    EXPECT_EQ(activated.json.at("recoveryCodes").as_array().size(), 10u);
    EXPECT_EQ(client().Get("/api/v1/users", admin).status, 200u);  // the same session, now allowed

    value password{{"username", "sysadmin"}, {"password", kPassword}};
    auto asked = client().Post("/api/v1/auth/login", password);
    EXPECT_EQ(asked.status, 401u);
    EXPECT_TRUE(asked.json.at("error").at("fields").as_object().contains("otp"));
    clock().Advance(std::chrono::seconds(30));
    value with_code{{"username", "sysadmin"}, {"password", kPassword}, {"otp", Code(secret)}};
    auto signed_in = client().Post("/api/v1/auth/login", with_code);
    ASSERT_EQ(signed_in.status, 200u) << signed_in.body;
    EXPECT_TRUE(signed_in.json.at("user").at("totpEnabled").as_bool());
    EXPECT_EQ(client().Post("/api/v1/auth/login", with_code).status, 401u);  // never twice

    // The security administrator resets it; the administrator must enrol again.
    auto security = LoginAs("secadmin", "security-admin", "37");
    std::string admin_id(me.json.at("user").at("id").as_string());
    // The security administrator is an administrator too: it enrols first.
    auto sec_enrolment = client().Post("/api/v1/auth/totp/enrolment", value{}, security);
    const std::string sec_secret = *identity::totp::FromBase32(std::string(sec_enrolment.json.at("secret").as_string()));
    ASSERT_EQ(client().Post("/api/v1/auth/totp/activation", value{{"code", Code(sec_secret)}}, security).status, 200u);
    auto reset = client().Post("/api/v1/users/" + admin_id + "/totp-reset", value{}, security);
    ASSERT_EQ(reset.status, 200u) << reset.body;
    EXPECT_FALSE(reset.json.at("totpEnabled").as_bool());
    EXPECT_EQ(client().Get("/api/v1/auth/me", std::string(signed_in.json.at("token").as_string())).status, 401u);
    auto again = client().Post("/api/v1/auth/login", password);
    ASSERT_EQ(again.status, 200u) << again.body;
    EXPECT_EQ(client().Get("/api/v1/users", std::string(again.json.at("token").as_string())).status, 403u);
}

INSTANTIATE_TEST_SUITE_P(Backends, TotpApiTest, ::testing::ValuesIn(testing::TestBackends()), testing::BackendName());

}  // namespace
}  // namespace anxin::app
