#include <boost/json.hpp>

#include "http/http.hpp"
#include "registry/project_feed.hpp"
#include "registry/projects.hpp"
#include "registry/registry_json.hpp"

namespace anxin::registry {

namespace json = boost::json;

namespace {

template <class T>
json::array ArrayOf(const std::vector<T>& values) {
    json::array out;
    for (const auto& v : values) out.push_back(json::value_from(v));
    return out;
}

}  // namespace

void RegisterProjectRoutes(http::Router& router, ProjectService& service, storage::Database& db,
                           const core::Clock& clock) {
    router.Add(http::Method::kPost, "/api/v1/projects", "project.write", [&service](http::Request& request) {
        NewProject input = ReadNewProject(http::ParseJsonBody(request));
        return http::JsonResponse(201, json::value_from(service.Create(request.Context(), input)));
    });

    router.Add(http::Method::kGet, "/api/v1/projects", "project.read", [&service](http::Request& request) {
        http::Page page = http::ParsePage(request);
        auto text = [&](const char* name) -> std::optional<std::string> {
            auto v = request.Query(name);
            if (v && !v->empty()) return v;
            return std::nullopt;
        };
        ProjectQuery query;
        query.region_code = text("regionCode");
        query.industry = text("industry");
        query.status = text("status");
        query.q = text("q");
        query.warning = text("warning");
        query.offset = page.offset();
        query.limit = page.page_size;
        ProjectPage result = service.List(request.Context(), query);
        return http::JsonResponse(200, http::PagedBody(ArrayOf(result.items), result.total, page));
    });

    // The literal "feed" outranks {projectId} in the router.
    router.Add(http::Method::kPost, "/api/v1/projects/feed", "import.run", [&db, &clock](http::Request& request) {
        FeedResult result = ImportPermitFeed(db, clock, request.Context(), http::ParseJsonBody(request));
        return http::JsonResponse(200, json::value_from(result));
    });

    router.Add(http::Method::kGet, "/api/v1/projects/{projectId}", "project.read", [&service](http::Request& request) {
        return http::JsonResponse(200,
                                  json::value_from(service.Get(request.Context(), request.PathParam("projectId"))));
    });

    router.Add(http::Method::kPatch, "/api/v1/projects/{projectId}", "project.write",
               [&service](http::Request& request) {
                   ProjectPatch patch = ReadProjectPatch(http::ParseJsonBody(request));
                   return http::JsonResponse(
                       200, json::value_from(service.Update(request.Context(), request.PathParam("projectId"), patch)));
               });

    router.Add(http::Method::kPost, "/api/v1/projects/{projectId}/status", "project.write",
               [&service](http::Request& request) {
                   StatusRequest input = ReadStatusRequest(http::ParseJsonBody(request));
                   return http::JsonResponse(200, json::value_from(service.ChangeStatus(
                                                      request.Context(), request.PathParam("projectId"), input)));
               });

    router.Add(http::Method::kGet, "/api/v1/projects/{projectId}/status-history", "project.read",
               [&service](http::Request& request) {
                   auto history = service.StatusHistory(request.Context(), request.PathParam("projectId"));
                   return http::JsonResponse(200, json::object{{"items", ArrayOf(history)}});
               });

    router.Add(http::Method::kPut, "/api/v1/projects/{projectId}/participants", "project.write",
               [&service](http::Request& request) {
                   auto input = ReadParticipants(http::ParseJsonBody(request));
                   auto result = service.SetParticipants(request.Context(), request.PathParam("projectId"), input);
                   return http::JsonResponse(200, json::object{{"items", ArrayOf(result)}});
               });

    router.Add(http::Method::kGet, "/api/v1/projects/{projectId}/participants", "project.read",
               [&service](http::Request& request) {
                   auto result = service.Participants(request.Context(), request.PathParam("projectId"));
                   return http::JsonResponse(200, json::object{{"items", ArrayOf(result)}});
               });

    router.Add(
        http::Method::kPost, "/api/v1/projects/{projectId}/teams", "project.write", [&service](http::Request& request) {
            NewTeam input = ReadNewTeam(http::ParseJsonBody(request));
            return http::JsonResponse(
                201, json::value_from(service.CreateTeam(request.Context(), request.PathParam("projectId"), input)));
        });

    router.Add(http::Method::kGet, "/api/v1/projects/{projectId}/teams", "project.read",
               [&service](http::Request& request) {
                   auto teams = service.Teams(request.Context(), request.PathParam("projectId"));
                   return http::JsonResponse(200, json::object{{"items", ArrayOf(teams)}});
               });

    router.Add(
        http::Method::kPut, "/api/v1/projects/{projectId}/staff", "project.write", [&service](http::Request& request) {
            auto input = ReadStaff(http::ParseJsonBody(request));
            return http::JsonResponse(
                200, json::value_from(service.SetStaff(request.Context(), request.PathParam("projectId"), input)));
        });

    router.Add(http::Method::kGet, "/api/v1/projects/{projectId}/staff", "project.read",
               [&service](http::Request& request) {
                   return http::JsonResponse(
                       200, json::value_from(service.Staff(request.Context(), request.PathParam("projectId"))));
               });
}

}  // namespace anxin::registry
