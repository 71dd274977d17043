#include "core/time.hpp"

#include <cstdio>

namespace anxin::core {
namespace {

constexpr std::chrono::hours kShanghaiOffset{8};

bool ReadDigits(std::string_view text, size_t pos, size_t count, int& out) {
    if (pos + count > text.size()) return false;
    int value = 0;
    for (size_t i = pos; i < pos + count; ++i) {
        if (text[i] < '0' || text[i] > '9') return false;
        value = value * 10 + (text[i] - '0');
    }
    out = value;
    return true;
}

}  // namespace

Date::Date(int year, unsigned month, unsigned day)
    : days_(std::chrono::year_month_day(std::chrono::year(year), std::chrono::month(month), std::chrono::day(day))) {}

std::optional<Date> Date::Parse(std::string_view text) {
    int y = 0, m = 0, d = 0;
    if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
    if (!ReadDigits(text, 0, 4, y) || !ReadDigits(text, 5, 2, m) || !ReadDigits(text, 8, 2, d)) return std::nullopt;
    std::chrono::year_month_day ymd{std::chrono::year(y), std::chrono::month(static_cast<unsigned>(m)),
                                    std::chrono::day(static_cast<unsigned>(d))};
    if (!ymd.ok() || y < 1900) return std::nullopt;
    return Date(std::chrono::sys_days(ymd));
}

Date Date::ShanghaiDateOf(Timestamp t) {
    return Date(std::chrono::floor<std::chrono::days>(t + kShanghaiOffset));
}

std::string Date::ToString() const {
    char buf[16];
    std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", year(), month(), day());
    return buf;
}

int Date::year() const { return static_cast<int>(std::chrono::year_month_day(days_).year()); }
unsigned Date::month() const { return static_cast<unsigned>(std::chrono::year_month_day(days_).month()); }
unsigned Date::day() const { return static_cast<unsigned>(std::chrono::year_month_day(days_).day()); }
unsigned Date::IsoWeekday() const { return std::chrono::weekday(days_).iso_encoding(); }

Timestamp Date::StartInShanghai() const {
    return std::chrono::time_point_cast<std::chrono::milliseconds>(days_ - kShanghaiOffset);
}

std::string FormatTimestamp(Timestamp t) {
    auto local = t + kShanghaiOffset;
    auto day = std::chrono::floor<std::chrono::days>(local);
    std::chrono::hh_mm_ss hms{local - day};
    Date date(day);
    char buf[40];
    std::snprintf(buf, sizeof buf, "%sT%02d:%02d:%02d.%03d+08:00", date.ToString().c_str(),
                  static_cast<int>(hms.hours().count()), static_cast<int>(hms.minutes().count()),
                  static_cast<int>(hms.seconds().count()), static_cast<int>(hms.subseconds().count()));
    return buf;
}

std::optional<Timestamp> ParseTimestamp(std::string_view text) {
    if (text.size() < 16) return std::nullopt;
    auto date = Date::Parse(text.substr(0, 10));
    if (!date || (text[10] != 'T' && text[10] != ' ')) return std::nullopt;
    int hh = 0, mm = 0, ss = 0, ms = 0;
    if (!ReadDigits(text, 11, 2, hh) || text[13] != ':' || !ReadDigits(text, 14, 2, mm)) return std::nullopt;
    size_t pos = 16;
    if (pos < text.size() && text[pos] == ':') {
        if (!ReadDigits(text, pos + 1, 2, ss)) return std::nullopt;
        pos += 3;
        if (pos < text.size() && text[pos] == '.') {
            size_t start = ++pos;
            int digits = 0;
            while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') {
                if (digits < 3) ms = ms * 10 + (text[pos] - '0');
                ++digits;
                ++pos;
            }
            if (pos == start) return std::nullopt;
            for (; digits < 3; ++digits) ms *= 10;
        }
    }
    if (hh > 23 || mm > 59 || ss > 60) return std::nullopt;
    std::chrono::minutes offset = kShanghaiOffset;  // no zone → Shanghai wall time
    if (pos < text.size()) {
        if (text[pos] == 'Z' && pos + 1 == text.size()) {
            offset = std::chrono::minutes(0);
        } else if ((text[pos] == '+' || text[pos] == '-') && pos + 6 == text.size() && text[pos + 3] == ':') {
            int oh = 0, om = 0;
            if (!ReadDigits(text, pos + 1, 2, oh) || !ReadDigits(text, pos + 4, 2, om)) return std::nullopt;
            offset = std::chrono::minutes(oh * 60 + om);
            if (text[pos] == '-') offset = -offset;
        } else {
            return std::nullopt;
        }
    }
    auto local = std::chrono::sys_days(date->sys_days()) + std::chrono::hours(hh) + std::chrono::minutes(mm) +
                 std::chrono::seconds(ss) + std::chrono::milliseconds(ms);
    return std::chrono::time_point_cast<std::chrono::milliseconds>(local - offset);
}

Timestamp SystemClock::Now() const {
    return std::chrono::time_point_cast<std::chrono::milliseconds>(std::chrono::system_clock::now());
}

Timestamp ManualClock::Now() const {
    std::lock_guard lock(mutex_);
    return now_;
}

void ManualClock::Set(Timestamp t) {
    std::lock_guard lock(mutex_);
    now_ = t;
}

void ManualClock::Advance(std::chrono::milliseconds by) {
    std::lock_guard lock(mutex_);
    now_ += by;
}

}  // namespace anxin::core
