#include "core/money.hpp"

#include <limits>

#include <gtest/gtest.h>

namespace anxin::core {
namespace {

TEST(ParseYuanTest, ExactDecimals) {
    EXPECT_EQ(ParseYuan("0"), 0);
    EXPECT_EQ(ParseYuan("1234"), 123400);
    EXPECT_EQ(ParseYuan("0.1"), 10);
    EXPECT_EQ(ParseYuan("0.10"), 10);
    EXPECT_EQ(ParseYuan("0.01"), 1);
    EXPECT_EQ(ParseYuan("1234.5"), 123450);
    EXPECT_EQ(ParseYuan("1234.56"), 123456);
    EXPECT_EQ(ParseYuan(".5"), 50);
    // 0.29 and 4.35 are not exact in binary floating point; the parse must be.
    EXPECT_EQ(ParseYuan("0.29"), 29);
    EXPECT_EQ(ParseYuan("4.35"), 435);
    EXPECT_EQ(ParseYuan("1,234.56"), 123456);
    EXPECT_EQ(ParseYuan("12,345,678.90"), 1234567890);
    EXPECT_EQ(ParseYuan(" 8.00 "), 800);
}

TEST(ParseYuanTest, Negatives) {
    EXPECT_EQ(ParseYuan("-3.10"), -310);
    EXPECT_EQ(ParseYuan("-0.05"), -5);
    EXPECT_EQ(ParseYuan("-1,000"), -100000);
    EXPECT_EQ(ParseYuan("+7"), 700);
}

TEST(ParseYuanTest, RejectsEverythingElse) {
    for (const char* text :
         {"", " ", "-", ".", "12.345", "0.001", "abc", "1e3", "12a", "¥12", "1.2.3", "--1", "1.-2", "0x10", "1 000"}) {
        EXPECT_EQ(ParseYuan(text), std::nullopt) << text;
    }
}

TEST(ParseYuanTest, RejectsOverflow) {
    EXPECT_EQ(ParseYuan("99999999999999999999"), std::nullopt);
    EXPECT_EQ(ParseYuan("-99999999999999999999"), std::nullopt);
    EXPECT_EQ(ParseYuan("100000000000000000000.00"), std::nullopt);
    // Representable in int64 but beyond the platform's bound: refused, not stored to overflow a SUM later.
    EXPECT_EQ(ParseYuan("9223372036854775.07"), std::nullopt);
}

// Issue 11: no single amount above ¥10 billion; exactly ¥10 billion still parses.
TEST(ParseYuanTest, BoundedAtTenBillionYuan) {
    EXPECT_EQ(ParseYuan("10000000000"), kMaxAmountFen);
    EXPECT_EQ(ParseYuan("-10,000,000,000.00"), -kMaxAmountFen);
    EXPECT_EQ(ParseYuan("10000000000.01"), std::nullopt);
    EXPECT_EQ(ParseYuan("23058430092139.51"), std::nullopt);
}

TEST(AddFenTest, RefusesTotalsBeyondTheSafeRange) {
    EXPECT_EQ(AddFen(kMaxAmountFen, kMaxAmountFen), 2 * kMaxAmountFen);
    EXPECT_EQ(AddFen(kMaxTotalFen, 1), std::nullopt);
    EXPECT_EQ(AddFen(-kMaxTotalFen, -1), std::nullopt);
    EXPECT_EQ(AddFen(std::numeric_limits<Fen>::max(), std::numeric_limits<Fen>::min()), std::nullopt);
    EXPECT_EQ(AddFen(kMaxTotalFen, -kMaxTotalFen), 0);
    // Five clues of 2305843009213693951 fen each once wrapped a case's claim negative.
    EXPECT_EQ(AddFen(2305843009213693951, 2305843009213693951), std::nullopt);
}

// Regression: the digit loop checked `yuan > kMax / 10` before appending a digit, so a 17-digit
// amount just above kMax slipped through and yuan * 100 overflowed (wrapped to a negative number).
TEST(ParseYuanTest, OverflowJustAboveTheLimitDoesNotWrap) {
    // INT64_MAX fen is 92233720368547758.07 yuan.
    EXPECT_EQ(ParseYuan("92233720368547759"), std::nullopt);
    EXPECT_EQ(ParseYuan("-92233720368547759"), std::nullopt);
    EXPECT_EQ(ParseYuan("92233720368547760"), std::nullopt);
}

TEST(FormatYuanTest, FormatsAndRoundTrips) {
    EXPECT_EQ(FormatYuan(123456), "1234.56");
    EXPECT_EQ(FormatYuan(-5), "-0.05");
    EXPECT_EQ(FormatYuan(0), "0.00");
    EXPECT_EQ(FormatYuan(10), "0.10");
    EXPECT_EQ(FormatYuan(std::numeric_limits<Fen>::min()), "-92233720368547758.08");
    for (Fen fen : {Fen{0}, Fen{1}, Fen{-1}, Fen{99}, Fen{100}, Fen{-123456789}, Fen{4200000000}}) {
        EXPECT_EQ(ParseYuan(FormatYuan(fen)), fen) << fen;
    }
}

}  // namespace
}  // namespace anxin::core
