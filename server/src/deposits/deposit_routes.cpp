#include "deposits/deposit_routes.hpp"

#include <boost/json.hpp>

#include "core/json_values.hpp"
#include "core/error.hpp"
#include "core/validation.hpp"

namespace anxin::deposits {
namespace {

namespace json = boost::json;

json::value InstrumentJson(const Instrument& i, const InstrumentState* state) {
    json::object o{{"id", i.id},
                   {"projectId", i.project_id},
                   {"form", i.form},
                   {"issuer", i.issuer},
                   {"number", i.number},
                   {"amount", i.amount},
                   {"balance", i.balance},
                   {"lodgedOn", i.lodged_on.ToString()},
                   {"validFrom", core::DateOrNull(i.valid_from)},
                   {"validTo", core::DateOrNull(i.valid_to)},
                   {"status", state ? state->status : i.status},
                   {"returnedOn", core::DateOrNull(i.returned_on)}};
    if (state) {
        o["expiringSoon"] = state->expiring_soon;
        o["daysToExpiry"] = state->days_to_expiry ? json::value(*state->days_to_expiry) : json::value(nullptr);
    }
    return o;
}

json::value UseJson(const Use& u, const UseState* state) {
    json::array workers;
    for (const auto& w : u.workers) workers.push_back(json::object{{"workerId", w.worker_id}, {"amount", w.amount}});
    json::object o{{"id", u.id},
                   {"projectId", u.project_id},
                   {"instrumentId", u.instrument_id},
                   {"noticeNumber", u.notice_number},
                   {"noticeOn", u.notice_on.ToString()},
                   {"amount", u.amount},
                   {"payDueOn", u.pay_due_on.ToString()},
                   {"paidOn", core::DateOrNull(u.paid_on)},
                   {"topupDueOn", core::DateOrNull(u.topup_due_on)},
                   {"toppedUpOn", core::DateOrNull(u.topped_up_on)},
                   {"workers", std::move(workers)}};
    if (state) {
        o["state"] = state->state;
        o["payOverdue"] = state->pay_overdue;
        o["topupOverdue"] = state->topup_overdue;
    }
    return o;
}

json::value ReturnJson(const Return& r, const ReturnState* state) {
    json::object o{{"id", r.id},
                   {"projectId", r.project_id},
                   {"appliedOn", r.applied_on.ToString()},
                   {"noticeEndsOn", r.notice_ends_on.ToString()},
                   {"reviewDueOn", r.review_due_on.ToString()},
                   {"reviewedOn", core::DateOrNull(r.reviewed_on)},
                   {"reviewResult", core::TextOrNull(r.review_result)},
                   {"reviewReason", core::TextOrNull(r.review_reason)},
                   {"confirmDueOn", core::DateOrNull(r.confirm_due_on)},
                   {"confirmedOn", core::DateOrNull(r.confirmed_on)}};
    if (state) {
        o["state"] = state->state;
        o["reviewOverdue"] = state->review_overdue;
        o["confirmOverdue"] = state->confirm_overdue;
    }
    return o;
}

json::value StatusJson(const DepositStatus& s) {
    return json::object{{"required", s.required},
                        {"lodgedTotal", s.lodged_total},
                        {"shortfall", s.shortfall},
                        {"dueOn", core::DateOrNull(s.due_on)},
                        {"state", s.state},
                        {"metOn", core::DateOrNull(s.met_on)},
                        {"expiringSoon", s.expiring_soon},
                        {"expired", s.expired}};
}

bool FlagQuery(const http::Request& request, const std::string& name) {
    auto v = request.Query(name);
    if (!v || v->empty() || *v == "false" || *v == "0") return false;
    if (*v == "true" || *v == "1") return true;
    ThrowInvalidField(name, "应为 true 或 false");
}

core::Date RequiredDate(const http::Request& request, std::string_view field) {
    json::value body = http::ParseJsonBody(request);
    core::JsonReader reader(body);
    core::Date d = reader.RequiredDate(field);
    reader.Finish();
    return d;
}

}  // namespace

json::value RequirementJson(const Requirement& r) {
    json::array lines;
    for (const auto& l : r.result.lines)
        lines.push_back(
            json::object{{"rule", l.rule}, {"description", l.description}, {"amountAfter", l.amount_after}});
    return json::object{
        {"projectId", r.project_id},
        {"generalContractorId", r.general_contractor_id},
        {"contractPrice", r.contract_price},
        {"requiredAmount", r.result.required},
        {"exempt", r.result.exempt},
        {"lines", std::move(lines)},
        {"dueOn", core::DateOrNull(r.due_on)},
        {"dueBasis", core::TextOrNull(r.due_basis)},
        {"stored", r.stored},
        {"computedAt", r.computed_at ? json::value(core::FormatTimestamp(*r.computed_at)) : json::value(nullptr)}};
}

json::value OverviewJson(const DepositOverview& o) {
    json::array instruments;
    for (size_t k = 0; k < o.instruments.size(); ++k)
        instruments.push_back(InstrumentJson(o.instruments[k], &o.instrument_states[k]));
    json::array uses;
    for (size_t k = 0; k < o.uses.size(); ++k) uses.push_back(UseJson(o.uses[k], &o.use_states[k]));
    json::array returns;
    for (size_t k = 0; k < o.returns.size(); ++k) returns.push_back(ReturnJson(o.returns[k], &o.return_states[k]));
    return json::object{
        {"projectId", o.project_id},
        {"projectCode", o.project_code},
        {"projectName", o.project_name},
        {"regionCode", o.region_code},
        {"projectStatus", o.project_status},
        {"asOf", o.as_of.ToString()},
        {"requirement", o.requirement ? RequirementJson(*o.requirement) : json::value(nullptr)},
        {"requirementProblem",
         o.requirement_problem.empty() ? json::value(nullptr) : json::value(o.requirement_problem)},
        {"instruments", std::move(instruments)},
        {"status", StatusJson(o.status)},
        {"uses", std::move(uses)},
        {"returns", std::move(returns)},
    };
}

void RegisterDepositRoutes(http::Router& router, DepositService& service) {
    using http::Method;
    const std::string base = "/api/v1/projects/{projectId}/deposit";

    router.Add(Method::kGet, base, "deposit.read", [&service](http::Request& request) {
        return http::JsonResponse(200, OverviewJson(service.Get(request.Context(), request.PathParam("projectId"))));
    });

    router.Add(Method::kPost, base + "/requirement", "deposit.write", [&service](http::Request& request) {
        return http::JsonResponse(
            200, RequirementJson(service.Recompute(request.Context(), request.PathParam("projectId"))));
    });

    router.Add(Method::kPost, base + "/instruments", "deposit.write", [&service](http::Request& request) {
        json::value body = http::ParseJsonBody(request);
        core::JsonReader reader(body);
        NewInstrument input;
        input.form = reader.RequiredEnum("form", {"cash", "bank_guarantee", "guarantee_company", "insurance"});
        input.issuer = reader.RequiredString("issuer", 100);
        input.number = reader.RequiredString("number", 100);
        input.amount = reader.RequiredFen("amount", 1);
        input.lodged_on = reader.RequiredDate("lodgedOn");
        input.valid_from = reader.OptionalDate("validFrom");
        input.valid_to = reader.OptionalDate("validTo");
        reader.Finish();
        Instrument i = service.AddInstrument(request.Context(), request.PathParam("projectId"), input);
        return http::JsonResponse(201, InstrumentJson(i, nullptr));
    });

    router.Add(Method::kPost, base + "/uses", "deposit.review", [&service](http::Request& request) {
        json::value body = http::ParseJsonBody(request);
        core::JsonReader reader(body);
        NewUse input;
        input.instrument_id = reader.RequiredString("instrumentId", 40);
        input.notice_number = reader.RequiredString("noticeNumber", 64);
        input.notice_on = reader.RequiredDate("noticeOn");
        const json::array* workers = reader.OptionalArray("workers");
        if (!workers || workers->empty()) reader.Fail("workers", "至少列明一名农民工");
        if (workers) {
            for (size_t k = 0; k < workers->size(); ++k) {
                core::JsonReader item = reader.Nested((*workers)[k], "workers[" + std::to_string(k) + "]");
                UseWorker w;
                w.worker_id = item.RequiredString("workerId", 40);
                w.amount = item.RequiredFen("amount", 1);
                input.workers.push_back(std::move(w));
            }
        }
        reader.Finish();
        Use u = service.IssueUse(request.Context(), request.PathParam("projectId"), input);
        return http::JsonResponse(201, UseJson(u, nullptr));
    });

    router.Add(Method::kPost, base + "/uses/{useId}/payment", "deposit.review", [&service](http::Request& request) {
        core::Date paid_on = RequiredDate(request, "paidOn");
        Use u = service.RecordPayment(request.Context(), request.PathParam("projectId"), request.PathParam("useId"),
                                      paid_on);
        return http::JsonResponse(200, UseJson(u, nullptr));
    });

    router.Add(Method::kPost, base + "/uses/{useId}/topup", "deposit.write", [&service](http::Request& request) {
        core::Date on = RequiredDate(request, "toppedUpOn");
        Use u = service.RecordTopup(request.Context(), request.PathParam("projectId"), request.PathParam("useId"), on);
        return http::JsonResponse(200, UseJson(u, nullptr));
    });

    router.Add(Method::kPost, base + "/returns", "deposit.write", [&service](http::Request& request) {
        json::value body = http::ParseJsonBody(request);
        core::JsonReader reader(body);
        core::Date applied_on = reader.RequiredDate("appliedOn");
        bool pledge = reader.OptionalBool("pledge", false);
        reader.Finish();
        Return r = service.ApplyReturn(request.Context(), request.PathParam("projectId"), applied_on, pledge);
        return http::JsonResponse(201, ReturnJson(r, nullptr));
    });

    router.Add(Method::kPost, base + "/returns/{returnId}/review", "deposit.review",
               [&service](http::Request& request) {
                   json::value body = http::ParseJsonBody(request);
                   core::JsonReader reader(body);
                   ReturnReview review;
                   review.result = reader.RequiredEnum("result", {"approved", "refused"});
                   review.reason = reader.OptionalText("reason", 500).value_or("");
                   review.reviewed_on = reader.RequiredDate("reviewedOn");
                   reader.Finish();
                   Return r = service.ReviewReturn(request.Context(), request.PathParam("projectId"),
                                                   request.PathParam("returnId"), review);
                   return http::JsonResponse(200, ReturnJson(r, nullptr));
               });

    router.Add(Method::kPost, base + "/returns/{returnId}/confirmation", "deposit.review",
               [&service](http::Request& request) {
                   core::Date on = RequiredDate(request, "confirmedOn");
                   Return r = service.ConfirmReturn(request.Context(), request.PathParam("projectId"),
                                                    request.PathParam("returnId"), on);
                   return http::JsonResponse(200, ReturnJson(r, nullptr));
               });

    router.Add(Method::kGet, "/api/v1/deposits", "deposit.read", [&service](http::Request& request) {
        http::Page page = http::ParsePage(request);
        DepositQuery query;
        query.shortfall = FlagQuery(request, "shortfall");
        query.overdue = FlagQuery(request, "overdue");
        query.expiring = FlagQuery(request, "expiring");
        if (auto region = request.Query("regionCode"); region && !region->empty()) query.region_code = *region;
        query.offset = page.offset();
        query.limit = page.page_size;
        DepositPage result = service.List(request.Context(), query);
        json::array items;
        for (const auto& item : result.items)
            items.push_back(json::object{{"projectId", item.project_id},
                                         {"projectCode", item.project_code},
                                         {"projectName", item.project_name},
                                         {"regionCode", item.region_code},
                                         {"requiredAmount", item.required},
                                         {"exempt", item.exempt},
                                         {"status", StatusJson(item.status)},
                                         {"useOverdue", item.use_overdue}});
        return http::JsonResponse(200, http::PagedBody(std::move(items), result.total, page));
    });

    router.Add(Method::kPost, "/api/v1/deposits/history", "deposit.review", [&service](http::Request& request) {
        json::value body = http::ParseJsonBody(request);
        core::JsonReader reader(body);
        HistoryDeclaration d;
        d.enterprise_id = reader.RequiredString("enterpriseId", 40);
        d.year = static_cast<int>(reader.RequiredInt("year", 2000, 2100));
        if (!reader.Has("hadArrears")) reader.Fail("hadArrears", "必填");
        d.had_arrears = reader.OptionalBool("hadArrears", false);
        d.real_name_and_account = reader.OptionalBool("realNameAndAccount", false);
        d.note = reader.OptionalText("note", 500).value_or("");
        reader.Finish();
        service.DeclareHistory(request.Context(), d);
        return http::NoContent();
    });
}

}  // namespace anxin::deposits
