// HTTP routes of output value, allocations and the labor-cost report:
//   PUT  /api/v1/projects/{projectId}/output-values/{period}  allocation.write  {outputValue, progressPayment?, settledOn?}
//   POST /api/v1/projects/{projectId}/allocations             allocation.write  201; {period, amount, allocatedOn}
//   GET  /api/v1/projects/{projectId}/allocations             account.read
//   GET  /api/v1/projects/{projectId}/labor-cost              account.read      ?from=YYYY-MM&to=YYYY-MM
#include <boost/json.hpp>

#include "core/error.hpp"
#include "core/validation.hpp"
#include "http/http.hpp"
#include "wages/allocation_service.hpp"
#include "wages/wages.hpp"

namespace anxin::wages {
namespace {

namespace json = boost::json;

json::value OptFen(const std::optional<core::Fen>& v) {
    if (!v) return nullptr;
    return *v;
}

json::object OutputJson(const OutputValue& v) {
    return json::object{{"projectId", v.project_id},
                        {"period", v.period},
                        {"outputValue", v.output_value},
                        {"progressPayment", OptFen(v.progress_payment)},
                        {"settledOn", v.settled_on ? json::value(v.settled_on->ToString()) : json::value(nullptr)},
                        {"updatedAt", core::FormatTimestamp(v.updated_at)}};
}

json::object AllocationJson(const Allocation& a) {
    return json::object{{"id", a.id},
                        {"projectId", a.project_id},
                        {"accountId", a.account_id},
                        {"period", a.period},
                        {"amount", a.amount},
                        {"amountYuan", core::FormatYuan(a.amount)},
                        {"allocatedOn", a.allocated_on.ToString()},
                        {"bankTxnId", a.bank_txn_id ? json::value(*a.bank_txn_id) : json::value(nullptr)},
                        {"createdAt", core::FormatTimestamp(a.created_at)}};
}

json::object ReportJson(const LaborCostReport& r) {
    json::array months;
    for (const auto& m : r.months) {
        months.push_back(json::object{
            {"period", m.period},
            {"outputValue", OptFen(m.output_value)},
            {"progressPayment", OptFen(m.progress_payment)},
            {"basis", m.basis},
            {"due", OptFen(m.due)},
            {"allocated", m.allocated},
            {"shortfall", m.shortfall},
            {"dueOn", m.due_on.ToString()},
            {"overdue", m.overdue},
            {"progressPaymentRatioBp", OptFen(m.progress_payment_ratio_bp)},
            {"progressPaymentBelow80", m.progress_payment_below_80},
        });
    }
    return json::object{{"projectId", r.project_id},
                        {"investmentType", r.investment_type},
                        {"clause", r.clause},
                        {"laborCostAmount", OptFen(r.labor_cost_amount)},
                        {"laborCostRatioBp", OptFen(r.labor_cost_ratio_bp)},
                        {"laborCostDay", OptFen(r.labor_cost_day)},
                        {"months", std::move(months)},
                        {"totalDue", r.total_due},
                        {"totalAllocated", r.total_allocated},
                        {"totalShortfall", r.total_shortfall}};
}

}  // namespace

void RegisterAllocationRoutes(http::Router& router, AllocationService& allocations) {
    router.Add(http::Method::kPut, "/api/v1/projects/{projectId}/output-values/{period}", "allocation.write",
               [&allocations](http::Request& request) {
                   json::value body = http::ParseJsonBody(request);
                   core::JsonReader reader(body);
                   OutputValueInput input;
                   input.output_value = reader.RequiredFen("outputValue");
                   input.progress_payment = reader.OptionalFen("progressPayment");
                   input.settled_on = reader.OptionalDate("settledOn");
                   if (!IsValidPeriod(request.PathParam("period"))) reader.Fail("period", "月份格式须为 YYYY-MM");
                   reader.Finish();
                   return http::JsonResponse(
                       200, OutputJson(allocations.PutOutputValue(request.Context(), request.PathParam("projectId"),
                                                                  request.PathParam("period"), input)));
               });

    router.Add(http::Method::kPost, "/api/v1/projects/{projectId}/allocations", "allocation.write",
               [&allocations](http::Request& request) {
                   json::value body = http::ParseJsonBody(request);
                   core::JsonReader reader(body);
                   NewAllocation input;
                   input.period = reader.RequiredString("period", 7);
                   if (!input.period.empty() && !IsValidPeriod(input.period)) {
                       reader.Fail("period", "月份格式须为 YYYY-MM");
                   }
                   input.amount = reader.RequiredFen("amount", 1);
                   input.allocated_on = reader.RequiredDate("allocatedOn");
                   reader.Finish();
                   return http::JsonResponse(201, AllocationJson(allocations.CreateAllocation(
                                                      request.Context(), request.PathParam("projectId"), input)));
               });

    router.Add(http::Method::kGet, "/api/v1/projects/{projectId}/allocations", "account.read",
               [&allocations](http::Request& request) {
                   json::array items;
                   for (const auto& a : allocations.ListAllocations(request.Context(), request.PathParam("projectId")))
                       items.push_back(AllocationJson(a));
                   return http::JsonResponse(200, json::object{{"items", std::move(items)}});
               });

    router.Add(http::Method::kGet, "/api/v1/projects/{projectId}/labor-cost", "account.read",
               [&allocations](http::Request& request) {
                   core::FieldErrors errors;
                   auto from = request.Query("from");
                   auto to = request.Query("to");
                   if (!from || from->empty()) errors.Add("from", "必填（YYYY-MM）");
                   if (!to || to->empty()) errors.Add("to", "必填（YYYY-MM）");
                   errors.ThrowIfAny();
                   return http::JsonResponse(200, ReportJson(allocations.LaborCost(
                                                      request.Context(), request.PathParam("projectId"), *from, *to)));
               });
}

}  // namespace anxin::wages
