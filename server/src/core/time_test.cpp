#include "core/time.hpp"

#include <gtest/gtest.h>

namespace anxin::core {
namespace {

using std::chrono::hours;
using std::chrono::milliseconds;

TEST(DateTest, ParseIsStrict) {
    EXPECT_EQ(Date::Parse("2024-02-29"), Date(2024, 2, 29));  // leap year
    EXPECT_EQ(Date::Parse("2026-02-29"), std::nullopt);
    EXPECT_EQ(Date::Parse("2026-02-30"), std::nullopt);
    EXPECT_EQ(Date::Parse("2026-13-01"), std::nullopt);
    EXPECT_EQ(Date::Parse("2026-00-10"), std::nullopt);
    EXPECT_EQ(Date::Parse("2026-04-31"), std::nullopt);
    EXPECT_EQ(Date::Parse("2026-4-1"), std::nullopt);
    EXPECT_EQ(Date::Parse("2026/04/01"), std::nullopt);
    EXPECT_EQ(Date::Parse("2026-04-01 "), std::nullopt);
    EXPECT_EQ(Date::Parse(""), std::nullopt);
    EXPECT_EQ(Date::Parse("2100-02-29"), std::nullopt);  // century, not a leap year
    EXPECT_EQ(Date::Parse("2000-02-29"), Date(2000, 2, 29));
}

TEST(DateTest, FieldsAndArithmetic) {
    Date d(2026, 12, 31);
    EXPECT_EQ(d.ToString(), "2026-12-31");
    EXPECT_EQ(d.year(), 2026);
    EXPECT_EQ(d.month(), 12u);
    EXPECT_EQ(d.day(), 31u);
    EXPECT_EQ(d.IsoWeekday(), 4u);  // Thursday
    EXPECT_EQ(d.AddDays(1), Date(2027, 1, 1));
    EXPECT_EQ(d.AddDays(-365), Date(2025, 12, 31));
    EXPECT_EQ(Date(2026, 3, 1).DaysUntil(Date(2026, 2, 1)), -28);
    EXPECT_TRUE(Date(2026, 11, 21).IsWeekend());   // Saturday
    EXPECT_TRUE(Date(2026, 11, 22).IsWeekend());   // Sunday
    EXPECT_FALSE(Date(2026, 11, 23).IsWeekend());  // Monday
    EXPECT_LT(Date(2026, 1, 31), Date(2026, 2, 1));
}

TEST(DateTest, ShanghaiDate) {
    // 16:30 UTC is 00:30 the next day in Shanghai.
    auto t = ParseTimestamp("2026-03-01T16:30:00Z");
    ASSERT_TRUE(t);
    EXPECT_EQ(Date::ShanghaiDateOf(*t), Date(2026, 3, 2));
    EXPECT_EQ(Date::ShanghaiDateOf(*ParseTimestamp("2026-03-01T15:59:59.999Z")), Date(2026, 3, 1));
    EXPECT_EQ(Date(2026, 3, 2).StartInShanghai(), *ParseTimestamp("2026-03-01T16:00:00Z"));
    EXPECT_EQ(Date::ShanghaiDateOf(Date(2026, 3, 2).StartInShanghai()), Date(2026, 3, 2));
}

TEST(TimestampTest, FormatAndParseRoundTrip) {
    auto t = ParseTimestamp("2026-11-21T13:30:00.123Z");
    ASSERT_TRUE(t);
    EXPECT_EQ(FormatTimestamp(*t), "2026-11-21T21:30:00.123+08:00");
    EXPECT_EQ(ParseTimestamp(FormatTimestamp(*t)), t);
    for (std::int64_t ms : {0LL, 1LL, 1700000000000LL, 1795000000999LL, 1798732799999LL}) {
        Timestamp x = FromMillis(ms);
        EXPECT_EQ(ToMillis(x), ms);
        EXPECT_EQ(ParseTimestamp(FormatTimestamp(x)), x) << FormatTimestamp(x);
    }
}

TEST(TimestampTest, ParseForms) {
    auto utc = ParseTimestamp("2026-11-21T13:30:00Z");
    ASSERT_TRUE(utc);
    EXPECT_EQ(ParseTimestamp("2026-11-21T21:30:00+08:00"), utc);
    EXPECT_EQ(ParseTimestamp("2026-11-21T08:30:00-05:00"), utc);
    EXPECT_EQ(ParseTimestamp("2026-11-21 21:30"), utc);  // Shanghai wall time
    EXPECT_EQ(ParseTimestamp("2026-11-21 21:30:00"), utc);
    EXPECT_EQ(ParseTimestamp("2026-11-21T13:30:00.5Z"), *utc + milliseconds(500));
    EXPECT_EQ(ParseTimestamp("2026-11-21"), std::nullopt);
    EXPECT_EQ(ParseTimestamp("2026-11-21T25:00:00Z"), std::nullopt);
    EXPECT_EQ(ParseTimestamp("2026-11-21T13:30:00X"), std::nullopt);
    EXPECT_EQ(ParseTimestamp("2026-02-30T13:30:00Z"), std::nullopt);
    EXPECT_EQ(ParseTimestamp("2026-11-21T13:30:00+0800"), std::nullopt);
}

TEST(ManualClockTest, MovesOnlyWhenTold) {
    Timestamp start = *ParseTimestamp("2026-03-01T15:00:00Z");
    ManualClock clock(start);
    EXPECT_EQ(clock.Now(), start);
    EXPECT_EQ(clock.Now(), start);
    EXPECT_EQ(clock.TodayInShanghai(), Date(2026, 3, 1));
    clock.Advance(hours(1));
    EXPECT_EQ(clock.Now(), start + hours(1));
    EXPECT_EQ(clock.TodayInShanghai(), Date(2026, 3, 2));
    clock.Set(start);
    EXPECT_EQ(clock.Now(), start);
    const Clock& as_base = clock;
    EXPECT_EQ(as_base.Now(), start);
}

TEST(SystemClockTest, IsNearTheRealTime) {
    SystemClock clock;
    auto a = clock.Now();
    auto b = clock.Now();
    EXPECT_LE(a, b);
    EXPECT_GT(a.time_since_epoch().count(), 1700000000000LL);  // after 2023
}

}  // namespace
}  // namespace anxin::core
