// The working-day calendar: weekends, statutory holidays and make-up working days (调休上班),
// from the npm package chinese-days (embedded at build time; a newer file can be loaded at start).
// Deadlines counted in working days (工作日) use it. Immutable after construction: thread-safe.
#pragma once

#include <set>
#include <string_view>

#include "core/time.hpp"

namespace anxin::core {

class WorkingCalendar {
public:
    // The calendar embedded in the binary.
    static const WorkingCalendar& Embedded();
    // Parses chinese-days.json ({"holidays":{"YYYY-MM-DD":...}, "workdays":{...}}). Throws
    // anxin::Error(kInvalidArgument) naming the problem when the file is not that shape.
    static WorkingCalendar FromChineseDaysJson(std::string_view json);

    bool IsWorkingDay(Date d) const;
    bool IsHoliday(Date d) const { return holidays_.contains(d); }
    bool IsMakeUpWorkday(Date d) const { return makeup_workdays_.contains(d); }

    // The date n working days after `from` (n ≥ 0): from itself does not count, so n = 1 on a
    // Friday before a normal weekend gives Monday. n = 0 returns from.
    // A negative n counts backwards the same way.
    Date AddWorkingDays(Date from, int n) const;
    // Working days in (from, to]: the number of n with AddWorkingDays(from, n) <= to. Negative when to < from.
    int WorkingDaysBetween(Date from, Date to) const;

    // First and last year the data covers (holidays are known only for those years).
    int first_year() const { return first_year_; }
    int last_year() const { return last_year_; }

private:
    std::set<Date> holidays_;
    std::set<Date> makeup_workdays_;
    int first_year_ = 0;
    int last_year_ = 0;
};

}  // namespace anxin::core
