#include "core/calendar.hpp"

#include <random>

#include <gtest/gtest.h>

#include "core/error.hpp"

namespace anxin::core {
namespace {

Date D(std::string_view text) {
    auto d = Date::Parse(text);
    if (!d) throw std::invalid_argument(std::string(text));
    return *d;
}

const WorkingCalendar& Cal() { return WorkingCalendar::Embedded(); }

// A year beyond the embedded data (the State Council publishes next year's holidays each November):
// until it is loaded, days there count as weekends only and are not covered; after loading, the same
// count moves past the holidays, and the copy other services hold sees it at once.
TEST(WorkingCalendarTest, LoadingANewYearMovesDeadlinesAcrossIt) {
    WorkingCalendar live(Cal());
    const WorkingCalendar& held = live;  // what services keep a reference to
    const int next = Cal().last_year() + 1;
    const Date base(next - 1, 12, 28);
    const Date before = held.AddWorkingDays(base, 15);
    EXPECT_FALSE(held.Covers(before)) << before.ToString();
    EXPECT_TRUE(held.Covers(base));

    CalendarYear year{next, {}, {}};
    for (unsigned day = 1; day <= 3; ++day) year.holidays.push_back(Date(static_cast<unsigned>(next), 1, day));
    for (unsigned day = 5; day <= 11; ++day) year.holidays.push_back(Date(static_cast<unsigned>(next), 2, day));
    live.LoadYear(year);
    EXPECT_EQ(held.last_year(), next);
    EXPECT_TRUE(held.Covers(before));
    const Date after = held.AddWorkingDays(base, 15);
    int holidays_skipped = 0;
    for (Date d = base.AddDays(1); d <= after; d = d.AddDays(1)) holidays_skipped += held.IsHoliday(d) && !d.IsWeekend();
    EXPECT_GT(after, before);
    EXPECT_EQ(held.WorkingDaysBetween(base, after), 15);
    EXPECT_GT(holidays_skipped, 0);
    EXPECT_FALSE(Cal().Covers(before));  // the embedded calendar itself is untouched

    // Loading the year again replaces it (a corrected notice), it does not add to it.
    live.LoadYear(CalendarYear{next, {Date(static_cast<unsigned>(next), 1, 1)}, {}});
    EXPECT_FALSE(held.IsHoliday(Date(static_cast<unsigned>(next), 2, 8)));
}

TEST(WorkingCalendarTest, AYearIsCheckedBeforeItIsLoaded) {
    WorkingCalendar live(Cal());
    auto fields = [&](const CalendarYear& y) {
        try {
            live.LoadYear(y);
        } catch (const Error& e) {
            return e.fields();
        }
        return Error::Fields{};
    };
    EXPECT_TRUE(fields(CalendarYear{2027, {}, {}}).contains("holidays"));
    EXPECT_TRUE(fields(CalendarYear{2027, {D("2028-01-01")}, {}}).contains("holidays"));
    EXPECT_TRUE(fields(CalendarYear{2027, {D("2027-01-01")}, {D("2027-01-01")}}).contains("workdays"));
    EXPECT_TRUE(fields(CalendarYear{2027, {D("2027-01-01")}, {D("2027-01-06")}}).contains("workdays"));  // a Wednesday
    EXPECT_TRUE(fields(CalendarYear{1999, {D("1999-01-01")}, {}}).contains("year"));
    EXPECT_EQ(live.last_year(), Cal().last_year());  // nothing half-loaded
}

TEST(WorkingCalendarTest, EmbeddedDataCoversNationalDay2026) {
    EXPECT_LE(Cal().first_year(), 2010);
    EXPECT_GE(Cal().last_year(), 2026);
    for (int day = 1; day <= 7; ++day) {
        Date d(2026, 10, static_cast<unsigned>(day));
        EXPECT_TRUE(Cal().IsHoliday(d)) << d.ToString();
        EXPECT_FALSE(Cal().IsWorkingDay(d)) << d.ToString();
    }
    // 调休: Sunday 2026-09-20 and Saturday 2026-10-10 are worked.
    EXPECT_EQ(D("2026-09-20").IsoWeekday(), 7u);
    EXPECT_EQ(D("2026-10-10").IsoWeekday(), 6u);
    EXPECT_TRUE(Cal().IsMakeUpWorkday(D("2026-09-20")));
    EXPECT_TRUE(Cal().IsMakeUpWorkday(D("2026-10-10")));
    EXPECT_TRUE(Cal().IsWorkingDay(D("2026-09-20")));
    EXPECT_TRUE(Cal().IsWorkingDay(D("2026-10-10")));
    // Ordinary days.
    EXPECT_TRUE(Cal().IsWorkingDay(D("2026-09-30")));   // Wednesday
    EXPECT_FALSE(Cal().IsWorkingDay(D("2026-09-26")));  // ordinary Saturday
    EXPECT_FALSE(Cal().IsWorkingDay(D("2026-10-11")));  // Sunday after the make-up Saturday
}

TEST(WorkingCalendarTest, AddWorkingDaysSkipsTheHoliday) {
    EXPECT_EQ(Cal().AddWorkingDays(D("2026-09-30"), 1), D("2026-10-08"));
    EXPECT_EQ(Cal().AddWorkingDays(D("2026-09-30"), 0), D("2026-09-30"));
    EXPECT_EQ(Cal().AddWorkingDays(D("2026-10-03"), 0), D("2026-10-03"));
    EXPECT_EQ(Cal().AddWorkingDays(D("2026-09-30"), 3), D("2026-10-10"));  // 10-08, 10-09, 10-10 (Sat)
    EXPECT_EQ(Cal().AddWorkingDays(D("2026-09-30"), 4), D("2026-10-12"));
    // Starting inside the holiday: the start itself never counts.
    EXPECT_EQ(Cal().AddWorkingDays(D("2026-10-01"), 1), D("2026-10-08"));
}

TEST(WorkingCalendarTest, MakeUpSaturdayCounts) {
    EXPECT_EQ(Cal().AddWorkingDays(D("2026-10-09"), 1), D("2026-10-10"));
    EXPECT_EQ(Cal().AddWorkingDays(D("2026-10-09"), 2), D("2026-10-12"));
    // Make-up Sunday before the holiday: Friday 09-18 + 1 = Sunday 09-20.
    EXPECT_EQ(Cal().AddWorkingDays(D("2026-09-18"), 1), D("2026-09-20"));
    EXPECT_EQ(Cal().WorkingDaysBetween(D("2026-10-09"), D("2026-10-11")), 1);
}

TEST(WorkingCalendarTest, OrdinaryWeekend) {
    // Friday 2026-11-20 → Monday 2026-11-23.
    EXPECT_EQ(Cal().AddWorkingDays(D("2026-11-20"), 1), D("2026-11-23"));
    EXPECT_EQ(Cal().AddWorkingDays(D("2026-11-23"), -1), D("2026-11-20"));
    EXPECT_EQ(Cal().WorkingDaysBetween(D("2026-11-20"), D("2026-11-23")), 1);
    EXPECT_EQ(Cal().WorkingDaysBetween(D("2026-11-20"), D("2026-11-22")), 0);
    EXPECT_EQ(Cal().WorkingDaysBetween(D("2026-11-20"), D("2026-11-20")), 0);
}

TEST(WorkingCalendarTest, NegativeCountsBackwards) {
    EXPECT_EQ(Cal().AddWorkingDays(D("2026-10-08"), -1), D("2026-09-30"));
    EXPECT_EQ(Cal().AddWorkingDays(D("2026-10-12"), -2), D("2026-10-09"));
    EXPECT_EQ(Cal().WorkingDaysBetween(D("2026-10-08"), D("2026-09-30")), -1);
}

TEST(WorkingCalendarTest, BetweenAgreesWithAddForRandomPairs) {
    std::mt19937 rng(20261001);
    std::uniform_int_distribution<int> offset(0, 3 * 365);
    std::uniform_int_distribution<int> span(0, 120);
    const Date base = D("2024-01-01");
    for (int i = 0; i < 2000; ++i) {
        Date from = base.AddDays(offset(rng));
        Date to = from.AddDays(span(rng));
        int n = Cal().WorkingDaysBetween(from, to);
        ASSERT_GE(n, 0);
        // The definition: n = #{k ≥ 1 : AddWorkingDays(from, k) <= to}.
        ASSERT_LE(Cal().AddWorkingDays(from, n), to) << from.ToString() << " " << to.ToString();
        ASSERT_GT(Cal().AddWorkingDays(from, n + 1), to) << from.ToString() << " " << to.ToString();
        // Mirror for to < from.
        ASSERT_EQ(Cal().WorkingDaysBetween(to, from), -n);
        // Adding then counting gives back n.
        Date target = Cal().AddWorkingDays(from, n);
        ASSERT_EQ(Cal().WorkingDaysBetween(from, target), n);
        // Backwards is the inverse of forwards on working days.
        if (Cal().IsWorkingDay(from)) {
            ASSERT_EQ(Cal().AddWorkingDays(Cal().AddWorkingDays(from, n), -n), from);
        }
    }
}

TEST(WorkingCalendarTest, ParsesMinimalJson) {
    auto cal = WorkingCalendar::FromChineseDaysJson(
        R"({"holidays":{"2030-10-01":"National Day,国庆节,3"},"workdays":{"2030-09-29":"x"},"inLieuDays":{}})");
    EXPECT_TRUE(cal.IsHoliday(D("2030-10-01")));
    EXPECT_FALSE(cal.IsWorkingDay(D("2030-10-01")));  // a Tuesday, but a holiday
    EXPECT_TRUE(cal.IsWorkingDay(D("2030-09-29")));   // a Sunday, but a make-up workday
    EXPECT_TRUE(cal.IsWorkingDay(D("2030-10-02")));   // not listed: ordinary Wednesday
    EXPECT_EQ(cal.first_year(), 2030);
    EXPECT_EQ(cal.last_year(), 2030);
}

TEST(WorkingCalendarTest, RejectsMalformedJson) {
    const char* bad[] = {
        "",
        "not json",
        "[]",
        R"({"workdays":{}})",                                                // no holidays
        R"({"holidays":[],"workdays":{}})",                                  // wrong type
        R"({"holidays":{"2026-10-01":"x"}})",                                // no workdays
        R"({"holidays":{"2026-13-01":"x"},"workdays":{}})",                  // not a date
        R"({"holidays":{"2026-10-01":"x"},"workdays":{"soon":"y"}})",        // not a date
        R"({"holidays":{},"workdays":{}})",                                  // empty
        R"({"holidays":{"2026-10-01":"x"},"workdays":{"2026-10-01":"y"}})",  // contradictory
        R"({"holidays":{"2026-10-01":"x"})",                                 // truncated
    };
    for (const char* json : bad) {
        try {
            WorkingCalendar::FromChineseDaysJson(json);
            ADD_FAILURE() << "accepted: " << json;
        } catch (const Error& e) {
            EXPECT_EQ(e.code(), ErrorCode::kInvalidArgument) << json;
            EXPECT_NE(std::string(e.what()).find("chinese-days.json"), std::string::npos) << e.what();
        }
    }
}

}  // namespace
}  // namespace anxin::core
