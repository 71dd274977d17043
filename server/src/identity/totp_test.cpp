// TOTP against RFC 6238's own test vectors (Appendix B, SHA-1, the last 6 of the 8 digits), the
// ±1-step window, base32 both ways and the recovery codes' shape.
#include "identity/totp.hpp"

#include <gtest/gtest.h>

#include <set>

namespace anxin::identity::totp {
namespace {

core::Timestamp At(std::int64_t seconds) { return core::FromMillis(seconds * 1000); }

TEST(TotpTest, Rfc6238Vectors) {
    const std::string secret = "12345678901234567890";
    EXPECT_EQ(CodeForStep(secret, StepAt(At(59))), "287082");
    EXPECT_EQ(CodeForStep(secret, StepAt(At(1111111109))), "081804");
    EXPECT_EQ(CodeForStep(secret, StepAt(At(1234567890))), "005924");
    EXPECT_EQ(CodeForStep(secret, StepAt(At(2000000000))), "279037");
}

TEST(TotpTest, AcceptsTheCurrentStepAndOneEitherSideOnly) {
    const std::string secret = NewSecret();
    const auto now = At(1'790'000'000);
    const auto step = StepAt(now);
    EXPECT_EQ(MatchingStep(secret, CodeForStep(secret, step), now), step);
    EXPECT_EQ(MatchingStep(secret, CodeForStep(secret, step - 1), now), step - 1);
    EXPECT_EQ(MatchingStep(secret, CodeForStep(secret, step + 1), now), step + 1);
    EXPECT_EQ(MatchingStep(secret, CodeForStep(secret, step - 2), now), std::nullopt);
    EXPECT_EQ(MatchingStep(secret, "12345", now), std::nullopt);
    EXPECT_EQ(MatchingStep(secret, "abcdef", now), std::nullopt);
}

TEST(TotpTest, Base32RoundTripsAndTheUriNamesIssuerAndAccount) {
    const std::string secret = NewSecret();
    EXPECT_EQ(secret.size(), 20u);
    const std::string text = Base32(secret);
    EXPECT_EQ(text.size(), 32u);  // 160 bits, no padding
    EXPECT_EQ(FromBase32(text), secret);
    EXPECT_EQ(FromBase32("not base32!"), std::nullopt);
    const std::string uri = OtpauthUri("安薪", "admin", secret);
    EXPECT_EQ(uri.rfind("otpauth://totp/%E5%AE%89%E8%96%AA:admin?secret=" + text, 0), 0u) << uri;
    EXPECT_NE(uri.find("&period=30"), std::string::npos);
}

TEST(TotpTest, RecoveryCodesAreDistinctAndNormalise) {
    auto codes = NewRecoveryCodes(10);
    ASSERT_EQ(codes.size(), 10u);
    EXPECT_EQ(std::set<std::string>(codes.begin(), codes.end()).size(), 10u);
    for (const auto& c : codes) {
        EXPECT_EQ(c.size(), 9u);
        EXPECT_EQ(c[4], '-');
        EXPECT_EQ(NormalizeRecoveryCode(c).size(), 8u);
    }
    EXPECT_EQ(NormalizeRecoveryCode("ABCD-EFGH"), "abcdefgh");
    EXPECT_EQ(NormalizeRecoveryCode("123456"), "");  // a TOTP code is not a recovery code
}

}  // namespace
}  // namespace anxin::identity::totp
