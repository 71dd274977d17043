// Routes of the warnings module: path → parse → call → serialise (see warnings.hpp for the list).
#include <boost/json.hpp>

#include "core/error.hpp"
#include "core/validation.hpp"
#include "http/http.hpp"
#include "warnings/warning_json.hpp"
#include "warnings/warnings.hpp"

namespace anxin::warnings {

namespace json = boost::json;

namespace {

std::string OptionalNote(const http::Request& request, std::string_view field, bool required) {
    if (request.body.empty() && !required) return {};
    json::value body = http::ParseJsonBody(request);
    core::JsonReader reader(body);
    std::string text = required ? reader.RequiredString(field, 500) : reader.OptionalString(field, 500).value_or("");
    reader.Finish();
    return text;
}

}  // namespace

void RegisterWarningRoutes(http::Router& router, WarningService& service) {
    using http::Method;
    router.Add(Method::kGet, "/api/v1/warnings", "warning.read", [&service](http::Request& request) {
        auto page = http::ParsePage(request);
        WarningQuery q;
        q.region_code = request.Query("regionCode");
        q.level = request.Query("level");
        q.indicator = request.Query("indicator");
        q.project_id = request.Query("projectId");
        q.enterprise_id = request.Query("enterpriseId");
        q.status = request.Query("status");
        q.offset = page.offset();
        q.limit = page.page_size;
        auto ctx = request.Context();
        auto result = service.List(ctx, q);
        bool full = SeesFullNames(ctx.principal);
        json::array items;
        for (const auto& w : result.items) items.push_back(WarningJson(w, full));
        return http::JsonResponse(200, http::PagedBody(std::move(items), result.total, page));
    });
    router.Add(Method::kGet, "/api/v1/warnings/summary", "warning.read", [&service](http::Request& request) {
        return http::JsonResponse(200, SummaryJson(service.Summarize(request.Context(), request.Query("regionCode").value_or(""))));
    });
    router.Add(Method::kGet, "/api/v1/warnings/indicators", "warning.read", [](http::Request&) {
        json::array items;
        for (const auto& info : IndicatorCatalog()) items.push_back(IndicatorJson(info));
        return http::JsonResponse(200, json::object{{"items", std::move(items)}});
    });
    router.Add(Method::kGet, "/api/v1/warnings/{warningId}", "warning.read", [&service](http::Request& request) {
        auto ctx = request.Context();
        auto detail = service.Get(ctx, request.PathParam("warningId"));
        json::object body = WarningJson(detail.warning, SeesFullNames(ctx.principal));
        json::array events;
        for (const auto& e : detail.events) events.push_back(EventJson(e));
        body["events"] = std::move(events);
        return http::JsonResponse(200, body);
    });
    router.Add(Method::kGet, "/api/v1/projects/{projectId}/warnings", "warning.read", [&service](http::Request& request) {
        auto ctx = request.Context();
        bool full = SeesFullNames(ctx.principal);
        json::array items;
        for (const auto& w : service.ForProject(ctx, request.PathParam("projectId"))) items.push_back(WarningJson(w, full));
        return http::JsonResponse(200, json::object{{"items", std::move(items)}});
    });
    router.Add(Method::kPost, "/api/v1/warnings/{warningId}/acknowledge", "warning.handle", [&service](http::Request& request) {
        auto ctx = request.Context();
        auto w = service.Acknowledge(ctx, request.PathParam("warningId"), OptionalNote(request, "note", false));
        return http::JsonResponse(200, WarningJson(w, SeesFullNames(ctx.principal)));
    });
    router.Add(Method::kPost, "/api/v1/warnings/{warningId}/handling", "warning.handle", [&service](http::Request& request) {
        auto ctx = request.Context();
        auto w = service.StartHandling(ctx, request.PathParam("warningId"), OptionalNote(request, "note", false));
        return http::JsonResponse(200, WarningJson(w, SeesFullNames(ctx.principal)));
    });
    router.Add(Method::kPost, "/api/v1/warnings/{warningId}/dismiss", "warning.dismiss", [&service](http::Request& request) {
        auto ctx = request.Context();
        auto w = service.Dismiss(ctx, request.PathParam("warningId"), OptionalNote(request, "reason", true));
        return http::JsonResponse(200, WarningJson(w, SeesFullNames(ctx.principal)));
    });
    router.Add(Method::kPost, "/api/v1/warnings/evaluate", "warning.evaluate", [&service](http::Request& request) {
        EvaluationRequest input;
        if (!request.body.empty()) {
            json::value body = http::ParseJsonBody(request);
            core::JsonReader reader(body);
            input.as_of = reader.OptionalDate("asOf");
            if (const auto* ids = reader.OptionalArray("projectIds")) {
                input.project_ids.emplace();
                for (const auto& v : *ids) {
                    if (!v.is_string()) {
                        reader.Fail("projectIds", "应为项目编号的数组");
                        break;
                    }
                    input.project_ids->emplace_back(v.as_string());
                }
            }
            reader.Finish();
        }
        return http::JsonResponse(200, RunSummaryJson(service.Evaluate(request.Context(), input)));
    });
}

}  // namespace anxin::warnings
