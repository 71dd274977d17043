// HTTP routes of payrolls and wage records (permission in the third column):
//   POST  /api/v1/projects/{projectId}/payrolls                 payroll.write   draft from attendance, 201
//   POST  /api/v1/projects/{projectId}/payrolls/import          payroll.write   body = CSV/XLSX file;
//         ?employerId=&teamId=&period=&payDate=; 201, or 422 with every bad row (nothing imported):
//         JSON {error, errors:[{row, field, reason}], report: CSV} or, with ?report=csv, the CSV itself
//   GET   /api/v1/projects/{projectId}/payrolls?period=&status= payroll.read
//   GET   /api/v1/payrolls/{payrollId}                          payroll.read
//   POST  /api/v1/payrolls/{payrollId}/lines                    payroll.write   add a line (draft)
//   PATCH /api/v1/payrolls/{payrollId}/lines/{lineId}           payroll.write   edit a line (draft)
//   DELETE /api/v1/payrolls/{payrollId}/lines/{lineId}          payroll.write
//   GET   /api/v1/payrolls/{payrollId}/completeness             payroll.read    REG 15 elements missing
//   POST  /api/v1/payrolls/{payrollId}/submission               payroll.write
//   POST  /api/v1/payrolls/{payrollId}/reopening                payroll.write   back to draft
//   POST  /api/v1/payrolls/{payrollId}/lines/{lineId}/confirmation payroll.write {method}
//   POST  /api/v1/payrolls/{payrollId}/approval                 payroll.approve
//   GET   /api/v1/workers/{workerId}/wages                      payroll.read    wage record per project/month
//   GET   /api/v1/projects/{projectId}/wages?period=            payroll.read    per worker
#include <boost/json.hpp>

#include "core/error.hpp"
#include "core/validation.hpp"
#include "http/http.hpp"
#include "wages/payroll_service.hpp"
#include "wages/wage_record.hpp"
#include "wages/wages.hpp"

namespace anxin::wages {
namespace {

namespace json = boost::json;

json::value Opt(const std::optional<std::string>& v) { return v ? json::value(*v) : json::value(nullptr); }
json::value Opt(const std::optional<core::Date>& v) { return v ? json::value(v->ToString()) : json::value(nullptr); }
json::value Opt(const std::optional<core::Timestamp>& v) {
    return v ? json::value(core::FormatTimestamp(*v)) : json::value(nullptr);
}

json::object LineJson(const PayrollLine& l) {
    return json::object{
        {"id", l.id},
        {"workerId", l.worker_id},
        {"workerName", l.worker_name},
        {"idNumber", l.id_number_mask},
        {"phone", Opt(l.phone_mask)},
        {"contractId", Opt(l.contract_id)},
        {"wageType", l.wage_type},
        {"days", l.days},
        {"minutes", l.minutes},
        {"basePay", l.base_pay},
        {"overtimePay", l.overtime_pay},
        {"otherPay", l.other_pay},
        {"grossPay", l.gross_pay},
        {"deductions", l.deductions},
        {"deductionNote", l.deduction_note},
        {"netPay", l.net_pay},
        {"note", l.note},
        {"confirmedAt", Opt(l.confirmed_at)},
        {"confirmMethod", Opt(l.confirm_method)},
        {"paidAmount", l.paid_amount},
        {"paidOn", Opt(l.paid_on)},
        {"bankReference", Opt(l.bank_reference)},
    };
}

json::object PayrollJson(const Payroll& p) {
    json::array lines;
    for (const auto& l : p.lines) lines.push_back(LineJson(l));
    return json::object{
        {"id", p.id},
        {"projectId", p.project_id},
        {"projectName", p.project_name},
        {"employerId", p.employer_id},
        {"employerName", p.employer_name},
        {"teamId", Opt(p.team_id)},
        {"period", p.period},
        {"payDate", p.pay_date.ToString()},
        {"source", p.source},
        {"status", p.status},
        {"submittedAt", Opt(p.submitted_at)},
        {"approvedAt", Opt(p.approved_at)},
        {"approvedBy", Opt(p.approved_by)},
        {"createdAt", core::FormatTimestamp(p.created_at)},
        {"updatedAt", core::FormatTimestamp(p.updated_at)},
        {"grossTotal", p.gross_total},
        {"deductionsTotal", p.deductions_total},
        {"netTotal", p.net_total},
        {"paidTotal", p.paid_total},
        {"unpaidTotal", p.unpaid_total},
        {"lines", std::move(lines)},
    };
}

json::object CompletenessJson(const Completeness& c) {
    json::array missing;
    for (const auto& m : c.missing) {
        missing.push_back(json::object{{"element", m.element},
                                       {"lineId", m.line_id.empty() ? json::value(nullptr) : json::value(m.line_id)},
                                       {"workerId", m.worker_id.empty() ? json::value(nullptr) : json::value(m.worker_id)},
                                       {"workerName", m.worker_name},
                                       {"reason", m.reason},
                                       {"blocksSubmission", m.blocks_submission}});
    }
    return json::object{{"complete", c.complete}, {"submittable", c.submittable}, {"missing", std::move(missing)}};
}

json::object RecordJson(const WageRecord& r) {
    auto strings = [](const std::vector<std::string>& items) {
        json::array a;
        for (const auto& s : items) a.push_back(json::string(s));
        return a;
    };
    return json::object{{"workerId", r.worker_id},
                        {"workerName", r.worker_name},
                        {"projectId", r.project_id},
                        {"projectName", r.project_name},
                        {"period", r.period},
                        {"owed", r.owed},
                        {"paid", r.paid},
                        {"outstanding", r.outstanding},
                        {"payDate", Opt(r.pay_date)},
                        {"lastPaidOn", Opt(r.last_paid_on)},
                        {"overdue", r.overdue},
                        {"employers", strings(r.employers)},
                        {"payrollIds", strings(r.payroll_ids)},
                        {"bankReferences", strings(r.bank_references)}};
}

std::optional<std::string> NonEmptyQuery(const http::Request& request, const std::string& name) {
    auto value = request.Query(name);
    if (!value || value->empty()) return std::nullopt;
    return value;
}

LineInput ReadLineInput(const json::value& body, bool require_worker) {
    core::JsonReader reader(body);
    LineInput input;
    if (require_worker) input.worker_id = reader.RequiredString("workerId", 40);
    input.days = reader.OptionalInt("days", 0, 31);
    input.minutes = reader.OptionalInt("minutes", 0, 31 * 24 * 60);
    input.base_pay = reader.OptionalFen("basePay");
    input.overtime_pay = reader.OptionalFen("overtimePay");
    input.other_pay = reader.OptionalFen("otherPay");
    input.deductions = reader.OptionalFen("deductions");
    input.deduction_note = reader.OptionalString("deductionNote", 200);
    input.note = reader.OptionalText("note", 200);
    reader.Finish();
    return input;
}

}  // namespace

void RegisterPayrollRoutes(http::Router& router, PayrollService& payrolls, WageRecordService& records) {
    using http::Method;

    router.Add(Method::kPost, "/api/v1/projects/{projectId}/payrolls", "payroll.write",
               [&payrolls](http::Request& request) {
                   const json::value body = http::ParseJsonBody(request);  // the reader keeps a pointer
                   core::JsonReader reader(body);
                   NewPayroll input;
                   input.project_id = request.PathParam("projectId");
                   input.employer_id = reader.RequiredString("employerId", 40);
                   input.team_id = reader.OptionalString("teamId", 40);
                   input.period = reader.RequiredString("period", 7);
                   input.pay_date = reader.OptionalDate("payDate");
                   reader.Finish();
                   return http::JsonResponse(201, PayrollJson(payrolls.Generate(request.Context(), input)));
               });

    router.Add(Method::kPost, "/api/v1/projects/{projectId}/payrolls/import", "payroll.write",
               [&payrolls](http::Request& request) {
                   core::FieldErrors errors;
                   NewPayroll input;
                   input.project_id = request.PathParam("projectId");
                   input.employer_id = NonEmptyQuery(request, "employerId").value_or("");
                   input.team_id = NonEmptyQuery(request, "teamId");
                   input.period = NonEmptyQuery(request, "period").value_or("");
                   if (input.employer_id.empty()) errors.Add("employerId", "必填");
                   if (input.period.empty()) errors.Add("period", "必填");
                   if (auto pay_date = NonEmptyQuery(request, "payDate")) {
                       input.pay_date = core::Date::Parse(*pay_date);
                       if (!input.pay_date) errors.Add("payDate", "应为 YYYY-MM-DD");
                   }
                   if (request.body.empty()) errors.Add("file", "请上传 CSV 或 XLSX 文件");
                   errors.ThrowIfAny();
                   PayrollImport result = payrolls.Import(request.Context(), input, request.body);
                   if (result.payroll) return http::JsonResponse(201, PayrollJson(*result.payroll));
                   const std::string message = "导入文件有 " + std::to_string(result.errors.size()) +
                                               " 处错误，未导入任何数据（请按错误报告修改后重新上传）";
                   if (request.Query("report") == std::optional<std::string>("csv")) {
                       http::Response response;
                       response.status = 422;
                       response.content_type = "text/csv; charset=utf-8";
                       response.headers.emplace_back("Content-Disposition",
                                                     "attachment; filename=\"payroll-import-errors.csv\"");
                       response.body = core::RowErrorsToCsv(result.errors);
                       return response;
                   }
                   json::array rows;
                   for (const auto& e : result.errors)
                       rows.push_back(json::object{{"row", e.row}, {"field", e.field}, {"reason", e.reason}});
                   return http::JsonResponse(
                       422, json::object{{"error", json::object{{"code", ErrorCodeName(ErrorCode::kUnprocessable)},
                                                                {"message", message},
                                                                {"requestId", request.request_id}}},
                                         {"rows", result.rows},
                                         {"errors", std::move(rows)},
                                         {"report", core::RowErrorsToCsv(result.errors)}});
               });

    router.Add(Method::kGet, "/api/v1/projects/{projectId}/payrolls", "payroll.read",
               [&payrolls](http::Request& request) {
                   PayrollQuery query;
                   query.period = NonEmptyQuery(request, "period");
                   query.status = NonEmptyQuery(request, "status");
                   json::array items;
                   for (const auto& p : payrolls.List(request.Context(), request.PathParam("projectId"), query))
                       items.push_back(PayrollJson(p));
                   return http::JsonResponse(200, json::object{{"items", std::move(items)}});
               });

    router.Add(Method::kGet, "/api/v1/payrolls/{payrollId}", "payroll.read", [&payrolls](http::Request& request) {
        return http::JsonResponse(200, PayrollJson(payrolls.Get(request.Context(), request.PathParam("payrollId"))));
    });

    router.Add(Method::kPost, "/api/v1/payrolls/{payrollId}/lines", "payroll.write",
               [&payrolls](http::Request& request) {
                   LineInput input = ReadLineInput(http::ParseJsonBody(request), true);
                   return http::JsonResponse(
                       201, PayrollJson(payrolls.AddLine(request.Context(), request.PathParam("payrollId"), input)));
               });

    router.Add(Method::kPatch, "/api/v1/payrolls/{payrollId}/lines/{lineId}", "payroll.write",
               [&payrolls](http::Request& request) {
                   LineInput patch = ReadLineInput(http::ParseJsonBody(request), false);
                   return http::JsonResponse(200, PayrollJson(payrolls.UpdateLine(request.Context(),
                                                                                  request.PathParam("payrollId"),
                                                                                  request.PathParam("lineId"), patch)));
               });

    router.Add(Method::kDelete, "/api/v1/payrolls/{payrollId}/lines/{lineId}", "payroll.write",
               [&payrolls](http::Request& request) {
                   return http::JsonResponse(200, PayrollJson(payrolls.RemoveLine(request.Context(),
                                                                                  request.PathParam("payrollId"),
                                                                                  request.PathParam("lineId"))));
               });

    router.Add(Method::kGet, "/api/v1/payrolls/{payrollId}/completeness", "payroll.read",
               [&payrolls](http::Request& request) {
                   return http::JsonResponse(
                       200, CompletenessJson(payrolls.CheckCompleteness(request.Context(), request.PathParam("payrollId"))));
               });

    router.Add(Method::kPost, "/api/v1/payrolls/{payrollId}/submission", "payroll.write",
               [&payrolls](http::Request& request) {
                   return http::JsonResponse(
                       200, PayrollJson(payrolls.Submit(request.Context(), request.PathParam("payrollId"))));
               });

    router.Add(Method::kPost, "/api/v1/payrolls/{payrollId}/reopening", "payroll.write",
               [&payrolls](http::Request& request) {
                   return http::JsonResponse(
                       200, PayrollJson(payrolls.Reopen(request.Context(), request.PathParam("payrollId"))));
               });

    router.Add(Method::kPost, "/api/v1/payrolls/{payrollId}/lines/{lineId}/confirmation", "payroll.write",
               [&payrolls](http::Request& request) {
                   const json::value body = http::ParseJsonBody(request);  // the reader keeps a pointer
                   core::JsonReader reader(body);
                   std::string method = reader.RequiredEnum("method", {"signature", "h5", "sms"});
                   reader.Finish();
                   return http::JsonResponse(
                       200, PayrollJson(payrolls.ConfirmLine(request.Context(), request.PathParam("payrollId"),
                                                             request.PathParam("lineId"), method)));
               });

    router.Add(Method::kPost, "/api/v1/payrolls/{payrollId}/approval", "payroll.approve",
               [&payrolls](http::Request& request) {
                   return http::JsonResponse(
                       200, PayrollJson(payrolls.Approve(request.Context(), request.PathParam("payrollId"))));
               });

    router.Add(Method::kGet, "/api/v1/workers/{workerId}/wages", "payroll.read", [&records](http::Request& request) {
        json::array items;
        for (const auto& r : records.ForWorker(request.Context(), request.PathParam("workerId")))
            items.push_back(RecordJson(r));
        return http::JsonResponse(200, json::object{{"items", std::move(items)}});
    });

    router.Add(Method::kGet, "/api/v1/projects/{projectId}/wages", "payroll.read", [&records](http::Request& request) {
        json::array items;
        core::Fen owed = 0, paid = 0;
        for (const auto& r :
             records.ForProject(request.Context(), request.PathParam("projectId"), NonEmptyQuery(request, "period"))) {
            owed += r.owed;
            paid += r.paid;
            items.push_back(RecordJson(r));
        }
        return http::JsonResponse(200, json::object{{"items", std::move(items)},
                                                    {"owed", owed},
                                                    {"paid", paid},
                                                    {"outstanding", owed - paid}});
    });
}

}  // namespace anxin::wages
