#include "clues/clue_routes.hpp"

#include <boost/json.hpp>

#include "clues/clue_json.hpp"
#include "core/error.hpp"

namespace anxin::clues {
namespace {

namespace json = boost::json;

std::optional<std::string> NonEmptyQuery(const http::Request& request, const std::string& name) {
    auto value = request.Query(name);
    if (!value || value->empty()) return std::nullopt;
    return value;
}

}  // namespace

void RegisterClueRoutes(http::Router& router, ClueService& service) {
    router.Add(http::Method::kPost, "/api/v1/clues", "clue.write", [&service](http::Request& request) {
        ClueInput input = ReadClueInput(http::ParseJsonBody(request), IntakeForm::kStaff);
        return http::JsonResponse(201, json::value_from(service.Create(request.Context(), input)));
    });

    router.Add(http::Method::kPost, "/api/v1/clues/feed", "clue.feed", [&service](http::Request& request) {
        ClueInput input = ReadClueInput(http::ParseJsonBody(request), IntakeForm::kFeed);
        FeedResult result = service.Feed(request.Context(), input);
        return http::JsonResponse(result.created ? 201 : 200, json::value_from(result.clue));
    });

    router.Add(http::Method::kGet, "/api/v1/clues", "clue.read", [&service](http::Request& request) {
        http::Page page = http::ParsePage(request);
        ClueQuery query;
        query.status = NonEmptyQuery(request, "status");
        query.channel = NonEmptyQuery(request, "channel");
        query.project_id = NonEmptyQuery(request, "projectId");
        query.employer = NonEmptyQuery(request, "employer");
        query.key_grade = NonEmptyQuery(request, "keyGrade");
        query.received_from = http::QueryDate(request, "receivedFrom");
        query.received_to = http::QueryDate(request, "receivedTo");
        query.region_code = NonEmptyQuery(request, "regionCode");
        query.offset = page.offset();
        query.limit = page.page_size;
        CluePage result = service.List(request.Context(), query);
        json::array items;
        for (const auto& clue : result.items) items.push_back(json::value_from(clue));
        return http::JsonResponse(200, http::PagedBody(std::move(items), result.total, page));
    });

    router.Add(http::Method::kGet, "/api/v1/clues/{clueId}", "clue.read", [&service](http::Request& request) {
        const bool reveal = request.Query("reveal").value_or("") == "true";
        return http::JsonResponse(
            200, json::value_from(service.Get(request.Context(), request.PathParam("clueId"), reveal)));
    });

    router.Add(http::Method::kPost, "/api/v1/clues/{clueId}/routing", "clue.write", [&service](http::Request& request) {
        RerouteInput input = ReadReroute(http::ParseJsonBody(request));
        return http::JsonResponse(
            200, json::value_from(service.Reroute(request.Context(), request.PathParam("clueId"), input)));
    });

    router.Add(http::Method::kPost, "/api/v1/clues/{clueId}/acceptance", "clue.write",
               [&service](http::Request& request) {
                   Decision decision = ReadDecision(http::ParseJsonBody(request));
                   return http::JsonResponse(200, json::value_from(service.Decide(
                                                      request.Context(), request.PathParam("clueId"), decision)));
               });
}

}  // namespace anxin::clues
