#include "registry/attendance_routes.hpp"

#include <boost/json.hpp>

#include "core/error.hpp"
#include "core/validation.hpp"

namespace anxin::registry {
namespace {

namespace json = boost::json;

// Text of a string (or integer, as some devices send ids) field; "" otherwise, which the service
// then reports on that field for that row.
std::string Text(const json::object& o, std::string_view key) {
    auto it = o.find(key);
    if (it == o.end()) return {};
    if (it->value().is_string()) return std::string(it->value().get_string());
    if (it->value().is_int64()) return std::to_string(it->value().get_int64());
    return {};
}

std::optional<double> Number(const json::object& o, std::string_view key) {
    auto it = o.find(key);
    if (it == o.end()) return std::nullopt;
    const json::value& v = it->value();
    if (v.is_double()) return v.get_double();
    if (v.is_int64()) return static_cast<double>(v.get_int64());
    if (v.is_uint64()) return static_cast<double>(v.get_uint64());
    return std::nullopt;
}

std::vector<PunchInput> ReadPunches(const json::value& body) {
    const auto* object = body.if_object();
    const json::array* array = nullptr;
    if (object) {
        if (auto it = object->find("punches"); it != object->end()) array = it->value().if_array();
    }
    if (!array) ThrowInvalidField("punches", "必须是考勤记录数组");
    core::RefuseUnknownFields(*object, {"punches"});
    std::vector<PunchInput> punches;
    punches.reserve(array->size());
    static const json::object kEmpty;
    for (const auto& item : *array) {
        const json::object& o = item.is_object() ? item.get_object() : kEmpty;
        core::RefuseUnknownFields(o,
                                  {"deviceId", "punchId", "projectId", "projectCode", "workerId", "idNumber", "time",
                                   "direction", "channel", "lng", "lat"},
                                  "punches[" + std::to_string(punches.size()) + "].");
        PunchInput p;
        p.device_id = Text(o, "deviceId");
        p.punch_id = Text(o, "punchId");
        p.project_id = Text(o, "projectId");
        p.project_code = Text(o, "projectCode");
        p.worker_id = Text(o, "workerId");
        p.id_number = Text(o, "idNumber");
        p.time = Text(o, "time");
        p.direction = Text(o, "direction");
        p.channel = Text(o, "channel");
        p.lng = Number(o, "lng");
        p.lat = Number(o, "lat");
        punches.push_back(std::move(p));
    }
    return punches;
}

json::value OptTime(const std::optional<core::Timestamp>& t) {
    if (!t) return nullptr;
    return json::string(core::FormatTimestamp(*t));
}

std::string RequiredMonth(const http::Request& request) {
    auto month = request.Query("month");
    if (!month || month->empty()) ThrowInvalidField("month", "必填，格式 YYYY-MM");
    return *month;
}

}  // namespace

void RegisterAttendanceRoutes(http::Router& router, AttendanceService& attendance) {
    router.Add(http::Method::kPost, "/api/v1/attendance/punches", "attendance.write",
               [&attendance](http::Request& request) {
                   std::vector<PunchInput> punches = ReadPunches(http::ParseJsonBody(request));
                   PunchBatchResult result = attendance.SubmitPunches(request.Context(), punches);
                   json::array rejected;
                   for (const auto& r : result.rejected) {
                       rejected.push_back(json::object{{"index", r.index}, {"field", r.field}, {"reason", r.reason}});
                   }
                   return http::JsonResponse(200, json::object{{"accepted", result.accepted},
                                                               {"duplicates", result.duplicates},
                                                               {"withoutContract", result.without_contract},
                                                               {"rejected", std::move(rejected)},
                                                               {"daysRecomputed", result.days_recomputed}});
               });

    router.Add(http::Method::kGet, "/api/v1/projects/{projectId}/attendance", "attendance.read",
               [&attendance](http::Request& request) {
                   std::string month = RequiredMonth(request);
                   json::array items;
                   for (const auto& d : attendance.ListDays(request.Context(), request.PathParam("projectId"), month)) {
                       items.push_back(json::object{{"workerId", d.worker_id},
                                                    {"workerName", d.worker_name},
                                                    {"workDate", d.work_date.ToString()},
                                                    {"firstInAt", OptTime(d.first_in_at)},
                                                    {"lastOutAt", OptTime(d.last_out_at)},
                                                    {"minutes", d.minutes},
                                                    {"counted", d.counted},
                                                    {"punches", d.punches},
                                                    {"outsideFence", d.outside_fence}});
                   }
                   return http::JsonResponse(200, json::object{{"month", month}, {"items", std::move(items)}});
               });

    router.Add(http::Method::kGet, "/api/v1/projects/{projectId}/attendance/summary", "attendance.read",
               [&attendance](http::Request& request) {
                   std::string month = RequiredMonth(request);
                   json::array items;
                   for (const auto& s : attendance.Summaries(request.Context(), request.PathParam("projectId"), month)) {
                       items.push_back(json::object{{"workerId", s.worker_id},
                                                    {"workerName", s.worker_name},
                                                    {"daysPresent", s.days_present},
                                                    {"daysCounted", s.days_counted},
                                                    {"minutes", s.minutes},
                                                    {"punches", s.punches},
                                                    {"outsideFence", s.outside_fence}});
                   }
                   return http::JsonResponse(200, json::object{{"month", month}, {"items", std::move(items)}});
               });
}

}  // namespace anxin::registry
