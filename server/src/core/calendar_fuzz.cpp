// Fuzz target: holiday files (the chinese-days JSON an administrator loads a year from) and the
// working-day arithmetic on what they say: parse, validate each year as the console's form does,
// load it, and count deadlines across it. Any outcome but a calendar or an anxin::Error is a bug; a
// deadline must land on a working day after its start.
#include <cstdint>
#include <string_view>

#include "core/calendar.hpp"
#include "core/error.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using anxin::core::Date;
    using anxin::core::WorkingCalendar;
    const std::string_view json(reinterpret_cast<const char*>(data), size);
    try {
        WorkingCalendar parsed = WorkingCalendar::FromChineseDaysJson(json);
        for (int year = parsed.first_year(); year <= parsed.last_year() && year - parsed.first_year() < 3; ++year) {
            const Date start(year, 1, 1);
            for (int n : {1, 5, 20}) {
                const Date due = parsed.AddWorkingDays(start, n);
                if (!(due > start) || !parsed.IsWorkingDay(due)) __builtin_trap();
                if (parsed.WorkingDaysBetween(start, due) != n) __builtin_trap();
            }
        }
    } catch (const anxin::Error&) {
    }
    return 0;
}
