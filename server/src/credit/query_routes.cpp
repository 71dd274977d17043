#include "credit/query_routes.hpp"

#include <boost/json.hpp>

#include "core/validation.hpp"

namespace anxin::credit {
namespace {

namespace json = boost::json;

json::object RecordJson(const CreditRecord& c) {
    return json::object{{"id", c.id},
                        {"number", c.number},
                        {"enterpriseId", c.enterprise_id},
                        {"askedAt", core::FormatTimestamp(c.asked_at)},
                        {"askedBy", c.asked_by_name},
                        {"result", c.result}};
}

}  // namespace

void RegisterQueryRoutes(http::Router& router, QueryService& queries) {
    using http::Method;
    router.Add(Method::kGet, "/api/v1/credit/enterprises", "credit.query", [&queries](http::Request& request) {
        json::array items;
        for (const auto& m : queries.Find(request.Context(), std::string(request.Query("q").value_or(""))))
            items.push_back(json::object{{"id", m.id}, {"name", m.name}, {"creditCode", m.credit_code}});
        return http::JsonResponse(200, json::object{{"items", std::move(items)}});
    });
    router.Add(Method::kPost, "/api/v1/credit/queries", "credit.query", [&queries](http::Request& request) {
        const json::value body = http::ParseJsonBody(request);
        core::JsonReader in(body);
        const std::string enterprise_id = in.RequiredString("enterpriseId", 40);
        in.Finish();
        return http::JsonResponse(201, RecordJson(queries.Query(request.Context(), enterprise_id)));
    });
    router.Add(Method::kGet, "/api/v1/credit/queries", "credit.query", [&queries](http::Request& request) {
        http::Page page = http::ParsePage(request);
        json::array items;
        for (const auto& c : queries.List(request.Context(), page.offset(), page.page_size)) {
            json::object o = RecordJson(c);
            o.erase("result");
            o["enterpriseName"] = c.result.at("enterprise").at("name");
            o["listed"] = !c.result.at("listing").is_null();
            items.push_back(std::move(o));
        }
        return http::JsonResponse(200, json::object{{"items", std::move(items)}});
    });
    router.Add(Method::kGet, "/api/v1/credit/queries/{queryId}", "credit.query", [&queries](http::Request& request) {
        return http::JsonResponse(200, RecordJson(queries.Get(request.Context(), request.PathParam("queryId"))));
    });
}

}  // namespace anxin::credit
