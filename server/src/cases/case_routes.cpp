// HTTP routes of the cases module (declared in cases.hpp): path → parse → call → serialise.
#include <algorithm>

#include <boost/json.hpp>

#include "cases/case_service.hpp"
#include "cases/case_steps.hpp"
#include "cases/case_workflow.hpp"
#include "cases/circular.hpp"
#include "cases/cases.hpp"
#include "core/error.hpp"
#include "http/http.hpp"

namespace anxin::cases {
namespace {

namespace json = boost::json;

json::value Opt(const std::optional<std::string>& v) { return v ? json::value(*v) : json::value(nullptr); }
json::value OptDate(const std::optional<core::Date>& d) { return d ? json::value(d->ToString()) : json::value(nullptr); }
json::value OptTime(const std::optional<core::Timestamp>& t) {
    return t ? json::value(core::FormatTimestamp(*t)) : json::value(nullptr);
}

json::object CaseJson(const Case& c) {
    return {{"id", c.id},
            {"number", c.number},
            {"projectId", Opt(c.project_id)},
            {"employerId", Opt(c.employer_id)},
            {"employerName", c.employer_name},
            {"regionCode", c.region_code},
            {"countyCode", c.county_code},
            {"handlingRegion", c.handling_region},
            {"industry", Opt(c.industry)},
            {"channel", Opt(c.channel)},
            {"warningId", Opt(c.warning_id)},
            {"leaderId", Opt(c.leader_user_id)},
            {"leaderName", Opt(c.leader_name)},
            {"satisfaction", Opt(c.satisfaction)},
            {"collective", c.collective},
            {"state", c.state},
            {"stateLabel", workflow::StateLabel(c.state)},
            {"conclusion", Opt(c.conclusion)},
            {"escalationLevel", c.escalation_level},
            {"card", Opt(c.card)},
            {"cardAt", OptTime(c.card_at)},
            {"keyGrade", Opt(c.key_grade)},
            {"stepDeadlineOn", OptDate(c.step_deadline_on)},
            {"closeDeadlineOn", OptDate(c.close_deadline_on)},
            {"paused", c.paused},
            {"pausedReason", Opt(c.paused_reason)},
            {"pausedSince", OptTime(c.paused_since)},
            {"pausedWorkingDays", c.paused_working_days},
            {"investigation", c.investigation},
            {"extended", c.extended},
            {"payByOn", OptDate(c.pay_by_on)},
            {"claimedAmount", c.claimed_amount},
            {"recoveredAmount", c.recovered_amount},
            {"firstContactAt", OptTime(c.first_contact_at)},
            {"lastProgressAt", core::FormatTimestamp(c.last_progress_at)},
            {"openedAt", core::FormatTimestamp(c.opened_at)},
            {"closedAt", OptTime(c.closed_at)}};
}

json::object DetailJson(const CaseDetail& d) {
    json::object out = CaseJson(d.item);
    json::array claims;
    for (const auto& c : d.claims) {
        json::object claim{{"clueId", c.clue_id},
                           {"workerCount", c.worker_count},
                           {"amount", c.amount},
                           {"unpaidFrom", Opt(c.unpaid_from)},
                           {"unpaidTo", Opt(c.unpaid_to)},
                           {"paidConfirmed", c.paid_confirmed},
                           {"workerConfirmed", c.worker_confirmed},
                           {"uncovered", c.uncovered},
                           {"createdAt", core::FormatTimestamp(c.created_at)}};
        // Enterprise users get no complainant identity: the keys are absent, not null.
        if (!d.identity_hidden) {
            claim["workerId"] = Opt(c.worker_id);
            claim["workerName"] = Opt(c.worker_name);
        }
        claims.push_back(std::move(claim));
    }
    json::array timeline;
    for (const auto& s : d.timeline) {
        const auto* rule = workflow::FindStepRule(s.kind);
        json::array attachments;
        for (const auto& f : s.attached_files) {
            attachments.push_back(json::object{
                {"id", f.id}, {"fileName", f.file_name}, {"contentType", f.content_type}, {"size", f.size}});
        }
        timeline.push_back(json::object{{"id", s.id},
                                        {"seq", s.seq},
                                        {"kind", s.kind},
                                        {"label", rule ? rule->label : std::string_view(s.kind)},
                                        {"actorId", s.actor_id},
                                        {"actorName", s.actor_name},
                                        {"at", core::FormatTimestamp(s.at)},
                                        {"detail", s.detail},
                                        {"attachments", std::move(attachments)}});
    }
    json::array advances;
    for (const auto& a : d.fund_advances) {
        advances.push_back(json::object{{"id", a.id},
                                        {"amount", a.amount},
                                        {"approvedBy", a.approved_by},
                                        {"advancedOn", a.advanced_on.ToString()},
                                        {"repaidAmount", a.repaid_amount},
                                        {"repaidOn", OptDate(a.repaid_on)}});
    }
    out["claims"] = std::move(claims);
    out["timeline"] = std::move(timeline);
    out["fundAdvances"] = std::move(advances);
    out["uncovered"] = d.uncovered;
    out["deadlines"] = json::object{{"baseOn", d.deadlines.base_on.ToString()},
                                    {"acceptDue", d.deadlines.accept_due.ToString()},
                                    {"firstContactDue", d.deadlines.first_contact_due.ToString()},
                                    {"firstResponseDue", d.deadlines.first_response_due.ToString()},
                                    {"closeDue", d.deadlines.close_due.ToString()},
                                    {"stepDue", OptDate(d.deadlines.step_due)},
                                    {"uncertain", d.deadlines.uncertain},
                                    {"workingDaysLeft", d.deadlines.working_days_left
                                                            ? json::value(*d.deadlines.working_days_left)
                                                            : json::value(nullptr)}};
    json::array allowed;
    for (auto kind : steps::AllowedStaffSteps(d.item, d.timeline)) allowed.emplace_back(kind);
    out["allowedSteps"] = std::move(allowed);
    out["crime"] = json::object{{"singleWorkerThreshold", d.crime.single_worker_threshold},
                                {"totalThreshold", d.crime.total_threshold},
                                {"workers", d.crime.workers},
                                {"total", d.crime.total},
                                {"largestSingle", d.crime.largest_single},
                                {"crosses", d.crime.crosses},
                                {"reason", d.crime.reason}};
    return out;
}

std::optional<std::string> NonEmpty(const http::Request& request, const std::string& name) {
    auto v = request.Query(name);
    if (!v || v->empty()) return std::nullopt;
    return v;
}

}  // namespace

void RegisterCaseRoutes(http::Router& router, CaseService& service) {
    router.Add(http::Method::kGet, "/api/v1/cases", "case.read", [&service](http::Request& request) {
        http::Page page = http::ParsePage(request);
        CaseQuery query;
        // state=a,b,c: any of these (the workbench's queues).
        if (auto states = NonEmpty(request, "state")) {
            for (size_t start = 0; start <= states->size();) {
                size_t comma = std::min(states->find(',', start), states->size());
                if (comma > start) query.states.push_back(states->substr(start, comma - start));
                start = comma + 1;
            }
        }
        query.card = NonEmpty(request, "card");
        query.channel = NonEmpty(request, "channel");
        query.project_id = NonEmpty(request, "projectId");
        query.employer = NonEmpty(request, "employer");
        query.key_grade = NonEmpty(request, "keyGrade");
        query.number = NonEmpty(request, "number");
        if (auto leader = NonEmpty(request, "leader")) {
            if (*leader != "me") ThrowInvalidField("leader", "取值无效，可选：me（我包案的）");
            query.leader_user_id = request.Context().principal.user_id;
        }
        query.region_code = NonEmpty(request, "regionCode");
        if (auto d = NonEmpty(request, "deadlineFrom")) {
            query.deadline_from = core::Date::Parse(*d);
            if (!query.deadline_from) ThrowInvalidField("deadlineFrom", "应为 YYYY-MM-DD");
        }
        if (auto d = NonEmpty(request, "deadlineBefore")) {
            query.deadline_before = core::Date::Parse(*d);
            if (!query.deadline_before) ThrowInvalidField("deadlineBefore", "应为 YYYY-MM-DD");
        }
        query.offset = page.offset();
        query.limit = page.page_size;
        CasePage result = service.List(request.Context(), query);
        json::array items;
        for (const auto& c : result.items) items.push_back(CaseJson(c));
        return http::JsonResponse(200, http::PagedBody(std::move(items), result.total, page));
    });

    // The form of every staff step (fields, limits, options): the console renders these.
    router.Add(http::Method::kGet, "/api/v1/case-step-forms", "case.read", [](http::Request&) {
        return http::JsonResponse(200, json::object{{"items", steps::FormsJson()}});
    });

    router.Add(http::Method::kGet, "/api/v1/cases/{caseId}", "case.read", [&service](http::Request& request) {
        return http::JsonResponse(200, DetailJson(service.Get(request.Context(), request.PathParam("caseId"))));
    });

    router.Add(http::Method::kPost, "/api/v1/cases/{caseId}/steps", "case.handle", [&service](http::Request& request) {
        json::value body = http::ParseJsonBody(request);
        if (!body.is_object()) ThrowInvalidField("body", "应为 JSON 对象");
        NewStep step;
        json::object fields = body.as_object();
        if (const auto* kind = fields.if_contains("kind"); kind && kind->is_string()) {
            step.kind = std::string(kind->as_string());
        } else {
            ThrowInvalidField("kind", "必填");
        }
        if (const auto* attachments = fields.if_contains("attachments")) {
            if (!attachments->is_array()) ThrowInvalidField("attachments", "应为字符串数组");
            for (const auto& a : attachments->as_array()) {
                if (!a.is_string()) ThrowInvalidField("attachments", "应为字符串数组");
                step.attachments.emplace_back(a.as_string());
            }
        }
        fields.erase("kind");
        fields.erase("attachments");
        step.fields = std::move(fields);
        return http::JsonResponse(201,
                                  DetailJson(service.AddStep(request.Context(), request.PathParam("caseId"), step)));
    });

    router.Add(http::Method::kGet, "/api/v1/reports/daily-circular", "report.read", [&service](http::Request& request) {
        auto date_text = NonEmpty(request, "date");
        if (!date_text) ThrowInvalidField("date", "必填，格式 YYYY-MM-DD");
        auto date = core::Date::Parse(*date_text);
        if (!date) ThrowInvalidField("date", "应为 YYYY-MM-DD");
        Circular circular = service.DailyCircular(request.Context(), *date);
        auto format = NonEmpty(request, "format").value_or("json");
        if (format == "xlsx") {
            http::Response response;
            response.content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
            response.body = CircularToXlsx(circular);
            response.headers.emplace_back("Content-Disposition",
                                          "attachment; filename=\"daily-circular-" + date->ToString() + ".xlsx\"");
            return response;
        }
        if (format != "json") ThrowInvalidField("format", "应为 json 或 xlsx");
        return http::JsonResponse(200, CircularToJson(circular));
    });
}

}  // namespace anxin::cases
