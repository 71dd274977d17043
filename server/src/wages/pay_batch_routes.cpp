// HTTP routes of bank direct-pay batches (permission in the third column):
//   POST /api/v1/payrolls/{payrollId}/pay-batches        paybatch.write   next batch (unpaid lines), 201
//   GET  /api/v1/payrolls/{payrollId}/pay-batches        payroll.read
//   GET  /api/v1/pay-batches?status=issued|returned      payroll.read     bank operators: their bank's
//   GET  /api/v1/pay-batches/{batchId}                   payroll.read
//   GET  /api/v1/pay-batches/{batchId}/file.csv          payroll.read     the bank file (full card numbers;
//   GET  /api/v1/pay-batches/{batchId}/file.xlsx         payroll.read      audited; payer or its bank only)
//   POST /api/v1/pay-batches/{batchId}/return            paybatch.return  body = the bank's return file
#include <boost/json.hpp>

#include "core/error.hpp"
#include "http/http.hpp"
#include "wages/pay_batch_service.hpp"
#include "wages/wages.hpp"

namespace anxin::wages {
namespace {

namespace json = boost::json;

json::value Opt(const std::optional<std::string>& v) { return v ? json::value(*v) : json::value(nullptr); }
json::value Opt(const std::optional<core::Date>& v) { return v ? json::value(v->ToString()) : json::value(nullptr); }

json::object BatchJson(const PayBatch& b) {
    json::array lines;
    for (const auto& l : b.lines) {
        lines.push_back(json::object{{"payrollLineId", l.payroll_line_id},
                                     {"reference", l.reference},
                                     {"workerId", l.worker_id},
                                     {"payeeName", l.payee_name},
                                     {"bankCard", Opt(l.card_mask)},
                                     {"bankName", Opt(l.card_bank_name)},
                                     {"amount", l.amount},
                                     {"status", l.status},
                                     {"failureReason", Opt(l.failure_reason)},
                                     {"settledOn", Opt(l.settled_on)},
                                     {"bankReference", Opt(l.bank_reference)}});
    }
    return json::object{{"id", b.id},
                        {"payrollId", b.payroll_id},
                        {"projectId", b.project_id},
                        {"projectName", b.project_name},
                        {"employerName", b.employer_name},
                        {"period", b.period},
                        {"accountId", b.account_id},
                        {"bankCode", b.bank_code},
                        {"sequence", b.sequence},
                        {"status", b.status},
                        {"lineCount", b.line_count},
                        {"totalAmount", b.total_amount},
                        {"paidAmount", b.paid_amount},
                        {"failedAmount", b.failed_amount},
                        {"issuedAt", core::FormatTimestamp(b.issued_at)},
                        {"returnedAt", b.returned_at ? json::value(core::FormatTimestamp(*b.returned_at))
                                                     : json::value(nullptr)},
                        {"lines", std::move(lines)}};
}

http::Response FileResponse(std::string bytes, const PayBatch& b, BatchFileFormat format) {
    http::Response response;
    response.status = 200;
    const bool csv = format == BatchFileFormat::kCsv;
    response.content_type = csv ? "text/csv; charset=utf-8"
                                : "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    response.headers.emplace_back("Content-Disposition", "attachment; filename=\"paybatch-" + b.period + "-" +
                                                             std::to_string(b.sequence) + (csv ? ".csv\"" : ".xlsx\""));
    response.headers.emplace_back("Cache-Control", "no-store");  // full card numbers
    response.body = std::move(bytes);
    return response;
}

}  // namespace

void RegisterPayBatchRoutes(http::Router& router, PayBatchService& batches) {
    using http::Method;

    router.Add(Method::kPost, "/api/v1/payrolls/{payrollId}/pay-batches", "paybatch.write",
               [&batches](http::Request& request) {
                   return http::JsonResponse(
                       201, BatchJson(batches.Issue(request.Context(), request.PathParam("payrollId"))));
               });

    router.Add(Method::kGet, "/api/v1/payrolls/{payrollId}/pay-batches", "payroll.read",
               [&batches](http::Request& request) {
                   json::array items;
                   for (const auto& b : batches.ListForPayroll(request.Context(), request.PathParam("payrollId")))
                       items.push_back(BatchJson(b));
                   return http::JsonResponse(200, json::object{{"items", std::move(items)}});
               });

    router.Add(Method::kGet, "/api/v1/pay-batches", "payroll.read", [&batches](http::Request& request) {
        BatchQuery query;
        if (auto status = request.Query("status"); status && !status->empty()) query.status = *status;
        json::array items;
        for (const auto& b : batches.List(request.Context(), query)) items.push_back(BatchJson(b));
        return http::JsonResponse(200, json::object{{"items", std::move(items)}});
    });

    router.Add(Method::kGet, "/api/v1/pay-batches/{batchId}", "payroll.read", [&batches](http::Request& request) {
        return http::JsonResponse(200, BatchJson(batches.Get(request.Context(), request.PathParam("batchId"))));
    });

    for (auto format : {BatchFileFormat::kCsv, BatchFileFormat::kXlsx}) {
        const std::string pattern =
            std::string("/api/v1/pay-batches/{batchId}/") + (format == BatchFileFormat::kCsv ? "file.csv" : "file.xlsx");
        router.Add(Method::kGet, pattern, "payroll.read", [&batches, format](http::Request& request) {
            const auto ctx = request.Context();
            const std::string& id = request.PathParam("batchId");
            std::string bytes = batches.File(ctx, id, format);
            return FileResponse(std::move(bytes), batches.Get(ctx, id), format);
        });
    }

    router.Add(Method::kPost, "/api/v1/pay-batches/{batchId}/return", "paybatch.return",
               [&batches](http::Request& request) {
                   if (request.body.empty()) ThrowInvalidField("file", "请上传银行回盘文件");
                   return http::JsonResponse(
                       200, BatchJson(batches.ImportReturn(request.Context(), request.PathParam("batchId"), request.body)));
               });
}

}  // namespace anxin::wages
