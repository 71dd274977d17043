// Instants, civil dates and the injectable clock. Business dates are Asia/Shanghai dates: China has
// used a fixed UTC+8 offset without daylight saving since 1991, so the conversion is arithmetic and
// needs no time-zone database. Instants are stored as int64 milliseconds since the Unix epoch
// (columns named *_at); dates as 'YYYY-MM-DD' text (columns named *_on or *_date).
#pragma once

#include <chrono>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

namespace anxin::core {

using Timestamp = std::chrono::sys_time<std::chrono::milliseconds>;

inline std::int64_t ToMillis(Timestamp t) { return t.time_since_epoch().count(); }
inline Timestamp FromMillis(std::int64_t ms) { return Timestamp(std::chrono::milliseconds(ms)); }

// "2026-11-21T21:30:00.000+08:00" in Shanghai time.
std::string FormatTimestamp(Timestamp t);
// Accepts RFC 3339 with 'Z' or an offset, and "YYYY-MM-DD HH:MM[:SS]" read as Shanghai time.
std::optional<Timestamp> ParseTimestamp(std::string_view text);

// A calendar date (proleptic Gregorian), totally ordered, cheap to copy.
class Date {
public:
    Date() = default;
    Date(int year, unsigned month, unsigned day);
    explicit Date(std::chrono::sys_days days) : days_(days) {}

    // Strict "YYYY-MM-DD" with a real calendar day; nullopt otherwise (2026-02-30 included).
    static std::optional<Date> Parse(std::string_view text);
    static Date ShanghaiDateOf(Timestamp t);

    std::string ToString() const;
    int year() const;
    unsigned month() const;
    unsigned day() const;
    // ISO weekday: Monday = 1 … Sunday = 7.
    unsigned IsoWeekday() const;
    bool IsWeekend() const { return IsoWeekday() >= 6; }

    Date AddDays(int n) const { return Date(days_ + std::chrono::days(n)); }
    int DaysUntil(Date other) const { return static_cast<int>((other.days_ - days_).count()); }
    std::chrono::sys_days sys_days() const { return days_; }
    // Midnight of this date in Shanghai, as an instant.
    Timestamp StartInShanghai() const;

    auto operator<=>(const Date&) const = default;

private:
    std::chrono::sys_days days_{};
};

// Source of "now". Services take a Clock& so tests can pin and advance time.
class Clock {
public:
    virtual ~Clock() = default;
    virtual Timestamp Now() const = 0;
    Date TodayInShanghai() const { return Date::ShanghaiDateOf(Now()); }
};

class SystemClock final : public Clock {
public:
    Timestamp Now() const override;
};

// A clock that only moves when told to. Thread-safe.
class ManualClock final : public Clock {
public:
    explicit ManualClock(Timestamp start) : now_(start) {}
    Timestamp Now() const override;
    void Set(Timestamp t);
    void Advance(std::chrono::milliseconds by);

private:
    mutable std::mutex mutex_;
    Timestamp now_;  // GUARDED_BY(mutex_)
};

}  // namespace anxin::core
