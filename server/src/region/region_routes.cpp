#include "region/region_routes.hpp"

#include <boost/json.hpp>

#include "region/region_json.hpp"

namespace anxin::region {

namespace json = boost::json;

void RegisterRegionRoutes(http::Router& router, RegionService& service) {
    router.Add(http::Method::kGet, "/api/v1/regions", "region.read", [&service](http::Request& request) {
        auto parent = request.Query("parent");
        std::optional<std::string_view> parent_code;
        if (parent && !parent->empty()) parent_code = *parent;
        json::array items;
        for (const auto& division : service.ListChildren(parent_code)) items.push_back(json::value_from(division));
        return http::JsonResponse(200, json::object{{"items", std::move(items)}});
    });

    router.Add(http::Method::kGet, "/api/v1/regions/{code}", "region.read", [&service](http::Request& request) {
        return http::JsonResponse(200, json::value_from(service.Get(request.PathParam("code"))));
    });

    router.Add(http::Method::kGet, "/api/v1/departments", "department.read", [&service](http::Request& request) {
        http::Page page = http::ParsePage(request);
        DepartmentQuery query;
        if (auto region_code = request.Query("regionCode"); region_code && !region_code->empty()) {
            query.region_code = *region_code;
        }
        if (auto kind = request.Query("kind"); kind && !kind->empty()) query.kind = *kind;
        query.offset = page.offset();
        query.limit = page.page_size;
        DepartmentPage result = service.ListDepartments(request.Context(), query);
        json::array items;
        for (const auto& department : result.items) items.push_back(json::value_from(department));
        return http::JsonResponse(200, http::PagedBody(std::move(items), result.total, page));
    });

    router.Add(http::Method::kPost, "/api/v1/departments", "department.write", [&service](http::Request& request) {
        NewDepartment input = ReadNewDepartment(http::ParseJsonBody(request));
        return http::JsonResponse(201, json::value_from(service.CreateDepartment(request.Context(), input)));
    });

    router.Add(http::Method::kGet, "/api/v1/departments/{departmentId}", "department.read",
               [&service](http::Request& request) {
                   return http::JsonResponse(200, json::value_from(service.GetDepartment(
                                                      request.Context(), request.PathParam("departmentId"))));
               });

    router.Add(http::Method::kPatch, "/api/v1/departments/{departmentId}", "department.write",
               [&service](http::Request& request) {
                   DepartmentPatch patch = ReadDepartmentPatch(http::ParseJsonBody(request));
                   return http::JsonResponse(200, json::value_from(service.UpdateDepartment(
                                                      request.Context(), request.PathParam("departmentId"), patch)));
               });
}

}  // namespace anxin::region
