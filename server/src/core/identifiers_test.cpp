#include "core/identifiers.hpp"

#include <cstdio>
#include <stdexcept>
#include <string>

#include <gtest/gtest.h>

namespace anxin::core {
namespace {

const Date kToday(2026, 3, 15);

TEST(ParseIdNumberTest, AcceptsPublishedSamples) {
    auto a = ParseIdNumber("11010519491231002X", kToday);
    ASSERT_TRUE(a.info) << a.reason;
    EXPECT_EQ(a.info->normalized, "11010519491231002X");
    EXPECT_EQ(a.info->region_code, "110105");
    EXPECT_EQ(a.info->birth_date, Date(1949, 12, 31));
    EXPECT_EQ(a.info->sex, 'F');  // 17th digit 2

    auto b = ParseIdNumber("440524188001010014", Date(2026, 1, 1));
    // DOMAIN §10's second sample: born 1880, valid (age limits are the registry's business).
    ASSERT_TRUE(b.info) << b.reason;
    EXPECT_EQ(b.info->birth_date, Date(1880, 1, 1));
    EXPECT_EQ(b.info->sex, 'M');
}

TEST(ParseIdNumberTest, GeneratorReproducesTheSecondSample) {
    EXPECT_EQ(MakeIdNumber("440524", Date(1880, 1, 1), 1), "440524188001010014");
}

TEST(ParseIdNumberTest, LowerCaseXIsNormalisedAndSpacesTrimmed) {
    auto r = ParseIdNumber(" 11010519491231002x ", kToday);
    ASSERT_TRUE(r.info) << r.reason;
    EXPECT_EQ(r.info->normalized, "11010519491231002X");
}

TEST(ParseIdNumberTest, EverySingleDigitCorruptionFails) {
    const std::string valid = "11010519491231002X";
    const std::string symbols = "0123456789X";
    int tried = 0;
    for (size_t pos = 0; pos < valid.size(); ++pos) {
        for (char c : symbols) {
            if (c == valid[pos] || (pos < 17 && c == 'X')) continue;
            std::string bad = valid;
            bad[pos] = c;
            EXPECT_FALSE(ParseIdNumber(bad, kToday).info) << bad;
            ++tried;
        }
    }
    EXPECT_EQ(tried, 17 * 9 + 10);
}

TEST(ParseIdNumberTest, CheckCharReason) {
    EXPECT_EQ(ParseIdNumber("110105194912310021", kToday).reason, "校验位不正确");
}

TEST(ParseIdNumberTest, Length) {
    EXPECT_EQ(ParseIdNumber("", kToday).reason, "长度应为 18 位");
    EXPECT_EQ(ParseIdNumber("11010519491231002", kToday).reason, "长度应为 18 位");
    EXPECT_EQ(ParseIdNumber("11010519491231002X1", kToday).reason, "长度应为 18 位");
    // 15-digit first-generation numbers are no longer valid documents.
    EXPECT_FALSE(ParseIdNumber("110105491231002", kToday).info);
}

TEST(ParseIdNumberTest, Letters) {
    EXPECT_EQ(ParseIdNumber("1101051949123100AX", kToday).reason, "前 17 位只能是数字");
    EXPECT_EQ(ParseIdNumber("X10105194912310020", kToday).reason, "前 17 位只能是数字");
    EXPECT_EQ(ParseIdNumber("11010519491231002Y", kToday).reason, "第 18 位只能是数字或 X");
    // Full-width digits typed with a Chinese IME.
    EXPECT_EQ(ParseIdNumber("１１０１０５１９４９１２３１００２X", kToday).reason,
              "只能包含数字和 X（请使用半角字符）");
}

TEST(ParseIdNumberTest, BirthDates) {
    // 29 Feb exists in 2000 (leap) but not in 1999 or 1900 (century, not leap).
    EXPECT_TRUE(ParseIdNumber(MakeIdNumber("110105", Date(2000, 2, 29), 901), kToday).info);
    for (std::string digits : {"19990229", "19000229", "19991301", "19990001", "19990100", "19990431", "17991231"}) {
        std::string body = "110105" + digits + "901";
        // Build the check char by hand so only the date is wrong.
        const int w[] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
        int sum = 0;
        for (int i = 0; i < 17; ++i) sum += (body[static_cast<size_t>(i)] - '0') * w[i];
        std::string id = body + "10X98765432"[sum % 11];
        EXPECT_EQ(ParseIdNumber(id, kToday).reason, "出生日期无效") << id;
    }
    EXPECT_TRUE(ParseIdNumber(MakeIdNumber("110105", Date(1900, 1, 1), 901), kToday).info);
}

TEST(ParseIdNumberTest, FutureBirth) {
    EXPECT_TRUE(ParseIdNumber(MakeIdNumber("110105", kToday, 901), kToday).info);
    EXPECT_EQ(ParseIdNumber(MakeIdNumber("110105", kToday.AddDays(1), 901), kToday).reason, "出生日期不能晚于今天");
}

TEST(ParseIdNumberTest, SexFromSeventeenthDigit) {
    for (int seq = 900; seq < 910; ++seq) {
        auto r = ParseIdNumber(MakeIdNumber("320102", Date(1990, 6, 1), seq), kToday);
        ASSERT_TRUE(r.info) << r.reason;
        EXPECT_EQ(r.info->sex, seq % 2 == 1 ? 'M' : 'F') << seq;
    }
}

TEST(MakeIdNumberTest, FormatsAndRejectsBadInput) {
    EXPECT_EQ(MakeIdNumber("110105", Date(1949, 12, 31), 2), "11010519491231002X");
    EXPECT_THROW(MakeIdNumber("11010", Date(1990, 1, 1), 1), std::invalid_argument);
    EXPECT_THROW(MakeIdNumber("11010A", Date(1990, 1, 1), 1), std::invalid_argument);
    EXPECT_THROW(MakeIdNumber("110105", Date(1990, 1, 1), 1000), std::invalid_argument);
    EXPECT_THROW(MakeIdNumber("110105", Date(1990, 1, 1), -1), std::invalid_argument);
}

TEST(AgeOnTest, Boundaries) {
    Date birth(1990, 6, 15);
    EXPECT_EQ(AgeOn(birth, Date(2026, 6, 15)), 36);  // birthday today
    EXPECT_EQ(AgeOn(birth, Date(2026, 6, 14)), 35);  // birthday tomorrow
    EXPECT_EQ(AgeOn(birth, Date(2026, 5, 31)), 35);
    EXPECT_EQ(AgeOn(birth, Date(2026, 7, 1)), 36);
    EXPECT_EQ(AgeOn(birth, birth), 0);
    // Born 29 Feb: a year older from 1 Mar in common years, on 29 Feb in leap years.
    Date leap(2008, 2, 29);
    EXPECT_EQ(AgeOn(leap, Date(2026, 2, 28)), 17);
    EXPECT_EQ(AgeOn(leap, Date(2026, 3, 1)), 18);
    EXPECT_EQ(AgeOn(leap, Date(2028, 2, 28)), 19);
    EXPECT_EQ(AgeOn(leap, Date(2028, 2, 29)), 20);
}

TEST(CreditCodeTest, PublishedCodesAreValid) {
    // 华为技术有限公司, 深圳市腾讯计算机系统有限公司, and the sample printed in GB 32100 explainers.
    for (const char* code : {"914403001922038216", "91440300708461136T", "91350100M000100Y43"}) {
        EXPECT_TRUE(IsValidCreditCode(code)) << code;
        auto check = CheckCreditCode(code);
        EXPECT_TRUE(check.well_formed) << code;
        EXPECT_TRUE(check.check_digit_ok) << code;
    }
}

TEST(CreditCodeTest, EverySingleCharCorruptionFails) {
    const std::string valid = "91440300708461136T";
    const std::string charset = "0123456789ABCDEFGHJKLMNPQRTUWXY";
    for (size_t pos = 0; pos < valid.size(); ++pos) {
        for (char c : charset) {
            if (c == valid[pos]) continue;
            std::string bad = valid;
            bad[pos] = c;
            EXPECT_FALSE(IsValidCreditCode(bad)) << bad;
            auto check = CheckCreditCode(bad);
            EXPECT_TRUE(check.well_formed);
            EXPECT_FALSE(check.check_digit_ok) << bad;
        }
    }
}

TEST(CreditCodeTest, MakeCreditCodeRoundTrips) {
    EXPECT_EQ(MakeCreditCode("91440300708461136"), "91440300708461136T");
    EXPECT_EQ(MakeCreditCode("91350100M000100Y4"), "91350100M000100Y43");
    for (std::string body : {"91330100MA2XXXXX0", "52110000500000000", "12100000400000000", "Y1110105MA0000000"}) {
        std::string code = MakeCreditCode(body);
        EXPECT_TRUE(IsValidCreditCode(code)) << code;
    }
    // A body whose check value is 31 − 0 → 0: search for one to pin the wrap-around.
    bool found_zero = false;
    for (int n = 0; n < 200 && !found_zero; ++n) {
        char body[32];  // 17 characters; room for what -Wformat-truncation imagines
        std::snprintf(body, sizeof body, "9111000000000%04d", n);
        std::string code = MakeCreditCode(body);
        if (code.back() == '0') {
            found_zero = true;
            EXPECT_TRUE(IsValidCreditCode(code));
        }
    }
    EXPECT_TRUE(found_zero);
    EXPECT_THROW(MakeCreditCode("9144030070846113"), std::invalid_argument);
    EXPECT_THROW(MakeCreditCode("9144030070846113I"), std::invalid_argument);
}

TEST(CreditCodeTest, CheckNormalisesAndExplains) {
    auto lower = CheckCreditCode(" 91350100m000100y43 ");
    EXPECT_EQ(lower.normalized, "91350100M000100Y43");
    EXPECT_TRUE(lower.well_formed);
    EXPECT_TRUE(lower.check_digit_ok);
    EXPECT_FALSE(IsValidCreditCode("91350100m000100y43"));  // the bare check does not normalise

    auto short_code = CheckCreditCode("9144030070846113");
    EXPECT_FALSE(short_code.well_formed);
    EXPECT_EQ(short_code.reason, "长度应为 18 位");

    auto letter_o = CheckCreditCode("91440300708461136O");
    EXPECT_FALSE(letter_o.well_formed);
    EXPECT_EQ(letter_o.reason, "包含无效字符“O”（不使用 I、O、Z、S、V）");

    // Early pilot code with a wrong check char: well formed, flagged, not rejected.
    auto pilot = CheckCreditCode("914403001922038217");
    EXPECT_TRUE(pilot.well_formed);
    EXPECT_FALSE(pilot.check_digit_ok);
    EXPECT_TRUE(pilot.reason.empty());
}

}  // namespace
}  // namespace anxin::core
