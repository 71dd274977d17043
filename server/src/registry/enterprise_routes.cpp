#include <boost/json.hpp>

#include "http/http.hpp"
#include "registry/enterprises.hpp"
#include "registry/registry_json.hpp"

namespace anxin::registry {

namespace json = boost::json;

void RegisterEnterpriseRoutes(http::Router& router, EnterpriseService& service) {
    router.Add(http::Method::kPost, "/api/v1/enterprises", "enterprise.write", [&service](http::Request& request) {
        NewEnterprise input = ReadNewEnterprise(http::ParseJsonBody(request));
        return http::JsonResponse(201, json::value_from(service.Create(request.Context(), input)));
    });

    router.Add(http::Method::kGet, "/api/v1/enterprises", "enterprise.read", [&service](http::Request& request) {
        http::Page page = http::ParsePage(request);
        EnterpriseQuery query;
        auto text = [&](const char* name) -> std::optional<std::string> {
            auto v = request.Query(name);
            if (v && !v->empty()) return v;
            return std::nullopt;
        };
        query.q = text("q");
        query.kind = text("kind");
        query.region_code = text("regionCode");
        query.offset = page.offset();
        query.limit = page.page_size;
        EnterprisePage result = service.List(request.Context(), query);
        json::array items;
        for (const auto& e : result.items) items.push_back(json::value_from(e));
        return http::JsonResponse(200, http::PagedBody(std::move(items), result.total, page));
    });

    router.Add(http::Method::kGet, "/api/v1/enterprises/{enterpriseId}", "enterprise.read",
               [&service](http::Request& request) {
                   return http::JsonResponse(
                       200, json::value_from(service.Get(request.Context(), request.PathParam("enterpriseId"))));
               });

    router.Add(http::Method::kPatch, "/api/v1/enterprises/{enterpriseId}", "enterprise.write",
               [&service](http::Request& request) {
                   EnterprisePatch patch = ReadEnterprisePatch(http::ParseJsonBody(request));
                   return http::JsonResponse(200, json::value_from(service.Update(
                                                      request.Context(), request.PathParam("enterpriseId"), patch)));
               });
}

}  // namespace anxin::registry
