#include "region/calendar_service.hpp"

#include <algorithm>

#include <boost/json.hpp>

#include "audit/audit.hpp"
#include "core/error.hpp"
#include "core/validation.hpp"
#include "http/http.hpp"

namespace anxin::region {
namespace {

namespace json = boost::json;

json::array DatesJson(const std::vector<core::Date>& dates) {
    json::array out;
    for (const auto& d : dates) out.emplace_back(d.ToString());
    return out;
}

std::vector<core::Date> DatesOf(std::string_view text) {
    std::vector<core::Date> out;
    const json::value parsed = json::parse(text);
    for (const auto& v : parsed.as_array())
        if (auto d = core::Date::Parse(std::string_view(v.as_string()))) out.push_back(*d);
    return out;
}

}  // namespace

std::optional<std::string> CalendarWarning(const core::WorkingCalendar& calendar, core::Date today) {
    const int year = today.year();
    if (calendar.last_year() < year) {
        return "今年（" + std::to_string(year) + " 年）的节假日安排尚未载入：以工作日计算的期限只按周末计算，已标记为「可能变动」。"
               "请按国务院办公厅的通知载入。";
    }
    if (today.month() >= 11 && calendar.last_year() < year + 1) {
        return std::to_string(year + 1) + " 年的节假日安排尚未载入：国务院办公厅通常在 11 月前后发布，发布后请在此载入；"
               "在此之前，期限落在 " + std::to_string(year + 1) + " 年的只按周末计算，并标记为「可能变动」。";
    }
    return std::nullopt;
}

CalendarService::CalendarService(storage::Database& db, const core::Clock& clock, core::WorkingCalendar& calendar,
                                 std::function<void()> after_load)
    : db_(db), clock_(clock), calendar_(calendar), after_load_(std::move(after_load)) {}

void CalendarService::ApplyStored() {
    std::lock_guard lock(applied_mutex_);
    auto tx = db_.Begin(storage::TxMode::kRead);
    const std::int64_t newest = tx.QueryOne("SELECT COALESCE(MAX(loaded_at), 0) FROM region_calendar_year").Int(0);
    if (newest <= applied_through_) return;  // nothing loaded since: no new calendar version
    for (const auto& r : tx.Query("SELECT year, holidays, workdays FROM region_calendar_year WHERE loaded_at > $1 "
                                  "ORDER BY year",
                                  {applied_through_})) {
        calendar_.LoadYear(core::CalendarYear{static_cast<int>(r.Int(0)), DatesOf(r.Text(1)), DatesOf(r.Text(2))});
    }
    applied_through_ = newest;
}

CalendarStatus CalendarService::Status() const {
    CalendarStatus status;
    status.first_year = calendar_.first_year();
    status.last_year = calendar_.last_year();
    status.warning = CalendarWarning(calendar_, clock_.TodayInShanghai());
    auto tx = db_.Begin(storage::TxMode::kRead);
    for (const auto& r : tx.Query("SELECT year, holidays, workdays, source, loaded_by_name, loaded_at FROM "
                                  "region_calendar_year ORDER BY year DESC")) {
        status.loaded.push_back(LoadedYear{static_cast<int>(r.Int(0)), static_cast<int>(DatesOf(r.Text(1)).size()),
                                           static_cast<int>(DatesOf(r.Text(2)).size()), r.Text(3), r.Text(4),
                                           r.Time(5)});
    }
    return status;
}

LoadedYear CalendarService::Load(const core::CallContext& ctx, const core::CalendarYear& year,
                                 const std::string& source) {
    core::WorkingCalendar::ValidateYear(year);
    if (source.empty() || source.size() > 300 || core::HasControlCharacters(source))
        ThrowInvalidField("source", "请填写所依据的通知（如：国务院办公厅关于 2027 年部分节假日安排的通知），不超过 300 字节");
    LoadedYear loaded{year.year, static_cast<int>(year.holidays.size()), static_cast<int>(year.workdays.size()), source,
                      ctx.principal.Name(), clock_.Now()};
    storage::WithTransaction(db_, [&](storage::Transaction& tx) {
        tx.Execute("DELETE FROM region_calendar_year WHERE year = $1", {static_cast<std::int64_t>(year.year)});
        tx.Execute(
            "INSERT INTO region_calendar_year (year, holidays, workdays, source, loaded_by, loaded_by_name, loaded_at) "
            "VALUES ($1, $2, $3, $4, $5, $6, $7)",
            {static_cast<std::int64_t>(year.year), json::serialize(DatesJson(year.holidays)),
             json::serialize(DatesJson(year.workdays)), source, ctx.principal.user_id, loaded.loaded_by_name,
             core::ToMillis(loaded.loaded_at)});
        audit::RecordAudit(tx, clock_, ctx, "load", "calendar_year", std::to_string(year.year),
                           json::object{{"holidays", DatesJson(year.holidays)},
                                        {"workdays", DatesJson(year.workdays)},
                                        {"source", source}});
    });
    // Applied after the commit: a failed write changes nothing anyone reads.
    calendar_.LoadYear(year);
    {
        std::lock_guard lock(applied_mutex_);
        applied_through_ = std::max(applied_through_, core::ToMillis(loaded.loaded_at));
    }
    if (after_load_) after_load_();
    return loaded;
}

void RegisterCalendarRoutes(http::Router& router, CalendarService& service) {
    auto loaded_json = [](const LoadedYear& y) {
        return json::object{{"year", y.year},
                            {"holidays", y.holidays},
                            {"workdays", y.workdays},
                            {"source", y.source},
                            {"loadedBy", y.loaded_by_name},
                            {"loadedAt", core::FormatTimestamp(y.loaded_at)}};
    };
    router.Add(http::Method::kGet, "/api/v1/calendar", "calendar.read", [&service, loaded_json](http::Request&) {
        CalendarStatus s = service.Status();
        json::array loaded;
        for (const auto& y : s.loaded) loaded.push_back(loaded_json(y));
        return http::JsonResponse(200, json::object{{"firstYear", s.first_year},
                                                    {"lastYear", s.last_year},
                                                    {"loaded", std::move(loaded)},
                                                    {"warning", s.warning ? json::value(*s.warning) : json::value(nullptr)}});
    });
    // The years deadlines are counted in, for every signed-in user: a console shows a deadline past
    // the last covered year as 可能变动 (deposits, warnings), without the administrator's details.
    router.Add(http::Method::kGet, "/api/v1/calendar/coverage", "calendar.coverage", [&service](http::Request&) {
        CalendarStatus s = service.Status();
        return http::JsonResponse(200, json::object{{"firstYear", s.first_year}, {"lastYear", s.last_year}});
    });
    router.Add(http::Method::kPost, "/api/v1/calendar/years", "calendar.write", [&service, loaded_json](http::Request& request) {
        const json::value body = http::ParseJsonBody(request);
        core::JsonReader reader(body);
        core::CalendarYear year;
        year.year = static_cast<int>(reader.RequiredInt("year", 2000, 2100));
        auto dates = [&](std::string_view field) {
            std::vector<core::Date> out;
            const json::array* list = reader.OptionalArray(field);
            if (!list) return out;
            for (const auto& v : *list) {
                auto d = v.is_string() ? core::Date::Parse(std::string_view(v.as_string())) : std::nullopt;
                if (!d) {
                    reader.Fail(field, "应为日期数组（YYYY-MM-DD）");
                    return out;
                }
                out.push_back(*d);
            }
            return out;
        };
        year.holidays = dates("holidays");
        year.workdays = dates("workdays");
        const std::string source = reader.RequiredString("source", 300);
        reader.Finish();
        return http::JsonResponse(201, loaded_json(service.Load(request.Context(), year, source)));
    });
}

}  // namespace anxin::region
