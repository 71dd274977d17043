// The working-day calendar as the platform runs it (table region_calendar_year): the embedded
// chinese-days data plus the years an administrator loads from the State Council's notice, through
// the console or `anxin calendar load`. A load is checked, stored, audited and applied to the live
// calendar every service reads, at once and at every later start. From November on, and whenever
// today's year is not covered, the status carries a warning for the administrator.
//
//   GET  /api/v1/calendar          coverage, loaded years, the warning (calendar.read)
//   POST /api/v1/calendar/years    {"year", "holidays": [...], "workdays": [...], "source"} (calendar.write)
#pragma once

#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "core/calendar.hpp"
#include "core/principal.hpp"
#include "core/time.hpp"
#include "storage/database.hpp"

namespace anxin::http {
class Router;
}

namespace anxin::region {

struct LoadedYear {
    int year = 0;
    int holidays = 0;
    int workdays = 0;
    std::string source;
    std::string loaded_by_name;
    core::Timestamp loaded_at;
};

struct CalendarStatus {
    int first_year = 0;
    int last_year = 0;
    std::vector<LoadedYear> loaded;  // newest year first
    std::optional<std::string> warning;  // next year (from November) or this year missing
};

// The administrator's warning for `today`, or nullopt when the calendar covers what it must.
std::optional<std::string> CalendarWarning(const core::WorkingCalendar& calendar, core::Date today);

// Thread-safe; references must outlive it.
class CalendarService {
  public:
    // after_load: what else must follow a load (the app recounts open cases' stored deadlines).
    CalendarService(storage::Database& db, const core::Clock& clock, core::WorkingCalendar& calendar,
                    std::function<void()> after_load = {});
    // Applies the stored years to the live calendar: at start, and every few minutes so an instance
    // sees a year another instance loaded (nothing happens unless something was loaded since).
    void ApplyStored();
    CalendarStatus Status() const;
    // Checks, stores (replacing the year), audits ("load", "calendar_year") and applies.
    LoadedYear Load(const core::CallContext& ctx, const core::CalendarYear& year, const std::string& source);

  private:
    storage::Database& db_;
    const core::Clock& clock_;
    core::WorkingCalendar& calendar_;
    std::function<void()> after_load_;
    std::mutex applied_mutex_;
    std::int64_t applied_through_ = -1;  // GUARDED_BY(applied_mutex_): the newest loaded_at applied
};

void RegisterCalendarRoutes(http::Router& router, CalendarService& service);

}  // namespace anxin::region
