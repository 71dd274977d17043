#include "region/parameters_routes.hpp"

#include <boost/json.hpp>

#include "core/error.hpp"
#include "core/validation.hpp"

namespace anxin::region {
namespace {

namespace json = boost::json;

json::value ValueJson(const ParameterSpec& spec, const std::string& value) {
    if (IsIntegerType(spec.type)) {
        try {
            return std::stoll(value);
        } catch (const std::exception&) {
            return json::string(value);  // validated on write; only a hand-edited row gets here
        }
    }
    return json::string(value);
}

json::object EntryJson(const ParameterEntry& entry) {
    const ParameterSpec& spec = *entry.spec;
    json::object out{{"key", spec.key},
                     {"label", spec.label},
                     {"group", spec.group},
                     {"type", ParameterTypeName(spec.type)},
                     {"min", spec.min},
                     {"max", spec.max},
                     {"defaultValue", ValueJson(spec, std::string(spec.default_value))},
                     {"note", spec.note},
                     {"value", ValueJson(spec, entry.value)},
                     // "default", "platform" or the region code that set the effective value.
                     {"source", !entry.source           ? std::string("default")
                                : entry.source->empty() ? std::string("platform")
                                                        : *entry.source},
                     {"overridden", entry.overridden_here}};
    out["sourceRegionCode"] = entry.source ? json::value(json::string(*entry.source)) : json::value(nullptr);
    out["updatedAt"] =
        entry.updated_at ? json::value(json::string(core::FormatTimestamp(*entry.updated_at))) : json::value(nullptr);
    out["updatedBy"] = entry.updated_by ? json::value(json::string(*entry.updated_by)) : json::value(nullptr);
    return out;
}

std::string RegionQuery(const http::Request& request) {
    auto region_code = request.Query("regionCode");
    return region_code ? *region_code : std::string();
}

// The request's value as the text the service validates: integers in decimal, strings as sent.
std::string ReadValue(const json::value& body, std::string& region_code) {
    core::JsonReader reader(body);
    region_code = reader.OptionalString("regionCode", 12).value_or("");
    std::string value;
    const json::object* object = body.if_object();
    reader.Accept("value");
    const json::value* raw = object ? object->if_contains("value") : nullptr;
    if (!raw || raw->is_null()) {
        reader.Fail("value", "必填");
    } else if (raw->is_int64()) {
        value = std::to_string(raw->as_int64());
    } else if (raw->is_uint64()) {
        value = std::to_string(raw->as_uint64());
    } else if (raw->is_string()) {
        value = std::string(raw->as_string());
    } else {
        reader.Fail("value", "应为整数或文本");
    }
    reader.Finish();
    return value;
}

}  // namespace

void RegisterParameterRoutes(http::Router& router, ParameterService& service) {
    router.Add(http::Method::kGet, "/api/v1/parameters", "parameter.read", [&service](http::Request& request) {
        std::string region_code = RegionQuery(request);
        json::array items;
        for (const auto& entry : service.List(region_code)) items.push_back(EntryJson(entry));
        return http::JsonResponse(200, json::object{{"regionCode", region_code}, {"items", std::move(items)}});
    });

    router.Add(http::Method::kPut, "/api/v1/parameters/{key}", "parameter.write", [&service](http::Request& request) {
        std::string region_code;
        std::string value = ReadValue(http::ParseJsonBody(request), region_code);
        return http::JsonResponse(
            200, EntryJson(service.Set(request.Context(), region_code, request.PathParam("key"), value)));
    });

    router.Add(
        http::Method::kDelete, "/api/v1/parameters/{key}", "parameter.write", [&service](http::Request& request) {
            return http::JsonResponse(
                200, EntryJson(service.Reset(request.Context(), RegionQuery(request), request.PathParam("key"))));
        });
}

}  // namespace anxin::region
