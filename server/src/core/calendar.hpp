// The working-day calendar: weekends, statutory holidays and make-up working days (调休上班),
// from the npm package chinese-days (embedded at build time) plus the years an administrator loads
// from the State Council's notice at run time (LoadYear). Deadlines counted in working days (工作日)
// use it. Thread-safe: readers see one consistent version; a load swaps in a new one.
#pragma once

#include <atomic>
#include <memory>
#include <mutex>
#include <set>
#include <string_view>
#include <vector>

#include "core/time.hpp"

namespace anxin::core {

// One year's statutory holidays and make-up working days, as the State Council's notice lists them.
struct CalendarYear {
    int year = 0;
    std::vector<Date> holidays;
    std::vector<Date> workdays;  // 调休上班: weekend days worked
};

class WorkingCalendar {
public:
    // The calendar embedded in the binary.
    static const WorkingCalendar& Embedded();
    // Parses chinese-days.json ({"holidays":{"YYYY-MM-DD":...}, "workdays":{...}}). Throws
    // anxin::Error(kInvalidArgument) naming the problem when the file is not that shape.
    static WorkingCalendar FromChineseDaysJson(std::string_view json);
    // Checks one year as an administrator gives it: every date in that year, holidays not empty, no
    // date both, make-up workdays on weekends. Throws Error(kInvalidArgument) naming the field.
    static void ValidateYear(const CalendarYear& year);

    WorkingCalendar();
    WorkingCalendar(const WorkingCalendar& other);
    WorkingCalendar& operator=(const WorkingCalendar&) = delete;

    // Replaces (or adds) one year: its holidays and make-up workdays become exactly these; other years
    // keep theirs. Readers in flight finish on the version they started with.
    void LoadYear(const CalendarYear& year);

    bool IsWorkingDay(Date d) const;
    bool IsHoliday(Date d) const { return data().holidays.contains(d); }
    bool IsMakeUpWorkday(Date d) const { return data().makeup_workdays.contains(d); }
    // True when the holidays of d's year are known: a deadline on a later date counts weekends only
    // and may still move when that year is loaded.
    bool Covers(Date d) const { return d.year() >= first_year() && d.year() <= last_year(); }

    // The date n working days after `from` (n ≥ 0): from itself does not count, so n = 1 on a
    // Friday before a normal weekend gives Monday. n = 0 returns from.
    // A negative n counts backwards the same way.
    Date AddWorkingDays(Date from, int n) const;
    // Working days in (from, to]: the number of n with AddWorkingDays(from, n) <= to. Negative when to < from.
    int WorkingDaysBetween(Date from, Date to) const;

    // First and last year the data covers (holidays are known only for those years).
    int first_year() const { return data().first_year; }
    int last_year() const { return data().last_year; }

private:
    struct Data {
        std::set<Date> holidays;
        std::set<Date> makeup_workdays;
        int first_year = 0;
        int last_year = 0;
    };
    const Data& data() const { return *current_.load(std::memory_order_acquire); }
    void Publish(std::unique_ptr<Data> next);

    // Versions are few (one per load, a handful a year) and kept for the calendar's lifetime, so a
    // reader never holds a version that is freed under it.
    std::mutex versions_mutex_;
    std::vector<std::unique_ptr<Data>> versions_;  // GUARDED_BY(versions_mutex_)
    std::atomic<const Data*> current_{nullptr};
};

}  // namespace anxin::core
