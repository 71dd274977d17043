#include "credit/listing_routes.hpp"

#include <boost/json.hpp>

#include "core/json_values.hpp"
#include "core/error.hpp"
#include "core/validation.hpp"

namespace anxin::credit {
namespace {

namespace json = boost::json;


json::object ListingJson(const Listing& l) {
    json::object o{{"id", l.id},
                   {"number", l.number},
                   {"enterpriseId", l.enterprise_id},
                   {"enterpriseName", l.enterprise_name},
                   {"creditCode", l.credit_code},
                   {"regionCode", l.region_code},
                   {"state", l.state},
                   {"caseId", core::TextOrNull(l.case_id)},
                   {"arrearsFen", l.arrears_fen},
                   {"thresholdFen", l.threshold_fen},
                   {"orderMissedOn", l.order_missed_on.ToString()},
                   {"massIncident", l.mass_incident},
                   {"reason", l.reason},
                   {"notifiedOn", core::DateOrNull(l.notified_on)},
                   {"statementDue", core::DateOrNull(l.statement_due)},
                   {"statement", core::TextOrNull(l.statement)},
                   {"statementOn", core::DateOrNull(l.statement_on)},
                   {"decisionDue", core::DateOrNull(l.decision_due)},
                   {"decidedOn", core::DateOrNull(l.decided_on)},
                   {"decisionReason", core::TextOrNull(l.decision_reason)},
                   {"expiresOn", core::DateOrNull(l.expires_on)},
                   {"arrearsPaidOn", core::DateOrNull(l.arrears_paid_on)},
                   {"repairPossibleFrom", core::DateOrNull(l.repair_possible_from)},
                   {"repairAppliedOn", core::DateOrNull(l.repair_applied_on)},
                   {"repairPledge", core::TextOrNull(l.repair_pledge)},
                   {"repairReviewDue", core::DateOrNull(l.repair_review_due)},
                   {"repairRefusedOn", core::DateOrNull(l.repair_refused_on)},
                   {"repairRefusal", core::TextOrNull(l.repair_refusal)},
                   {"removedOn", core::DateOrNull(l.removed_on)},
                   {"removal", core::TextOrNull(l.removal)},
                   {"nextStep", l.next_step},
                   {"nextDue", core::DateOrNull(l.next_due)},
                   {"overdue", l.overdue}};
    json::array persons;
    for (const auto& p : l.persons) persons.push_back(json::object{{"role", p.role}, {"name", p.name}, {"idNumber", p.id_number_mask}});
    o["persons"] = std::move(persons);
    json::array steps;
    for (const auto& s : l.steps)
        steps.push_back(json::object{{"action", s.action}, {"on", s.on.ToString()}, {"at", core::FormatTimestamp(s.at)},
                                     {"byName", s.by_name}, {"note", s.note}});
    o["steps"] = std::move(steps);
    return o;
}

NewListing ReadNewListing(const json::value& body) {
    core::JsonReader in(body);
    NewListing n;
    n.enterprise_id = in.RequiredString("enterpriseId", 40);
    n.case_id = in.OptionalString("caseId", 40);
    n.arrears_fen = in.RequiredFen("arrearsFen");
    n.order_missed_on = in.RequiredDate("orderMissedOn");
    n.mass_incident = in.OptionalBool("massIncident", false);
    n.reason = in.RequiredText("reason", 1000);
    if (const auto* persons = in.OptionalArray("persons")) {
        for (std::size_t i = 0; i < persons->size(); ++i) {
            core::JsonReader p((*persons)[i], "persons[" + std::to_string(i) + "].");
            ListingPersonInput person;
            person.role = p.RequiredEnum("role", {"legal_representative", "responsible"});
            person.name = p.RequiredString("name", 50);
            person.id_number = p.RequiredString("idNumber", 20);
            p.Finish();
            n.persons.push_back(std::move(person));
        }
    }
    in.Finish();
    return n;
}

// Bodies of one required text field (statement, reason, pledge).
std::string ReadText(http::Request& request, std::string_view field, std::size_t max_chars) {
    const json::value body = http::ParseJsonBody(request);
    core::JsonReader in(body);
    std::string text = in.RequiredText(field, max_chars);
    in.Finish();
    return text;
}

}  // namespace

void RegisterListingRoutes(http::Router& router, ListingService& listings) {
    using http::Method;
    router.Add(Method::kGet, "/api/v1/credit/listings", "credit.read", [&listings](http::Request& request) {
        http::Page page = http::ParsePage(request);
        ListingQuery q;
        if (auto v = request.Query("state"); v && !v->empty()) q.state = std::string(*v);
        if (auto v = request.Query("enterpriseId"); v && !v->empty()) q.enterprise_id = std::string(*v);
        q.offset = page.offset();
        q.limit = page.page_size;
        ListingPage result = listings.List(request.Context(), q);
        json::array items;
        for (const auto& l : result.items) items.push_back(ListingJson(l));
        return http::JsonResponse(200, http::PagedBody(std::move(items), result.total, page));
    });
    router.Add(Method::kPost, "/api/v1/credit/listings", "credit.write", [&listings](http::Request& request) {
        return http::JsonResponse(201, ListingJson(listings.Propose(request.Context(), ReadNewListing(http::ParseJsonBody(request)))));
    });
    router.Add(Method::kGet, "/api/v1/credit/listings/{listingId}", "credit.read", [&listings](http::Request& request) {
        return http::JsonResponse(200, ListingJson(listings.Get(request.Context(), request.PathParam("listingId"))));
    });
    router.Add(Method::kPost, "/api/v1/credit/listings/{listingId}/notice", "credit.write", [&listings](http::Request& request) {
        const json::value body = http::ParseJsonBody(request);
        core::JsonReader(body).Finish();  // nothing to say: the notice is dated today
        return http::JsonResponse(200, ListingJson(listings.Notify(request.Context(), request.PathParam("listingId"))));
    });
    router.Add(Method::kPost, "/api/v1/credit/listings/{listingId}/statement", "credit.write", [&listings](http::Request& request) {
        auto text = ReadText(request, "statement", 2000);
        return http::JsonResponse(200, ListingJson(listings.RecordStatement(request.Context(), request.PathParam("listingId"), text)));
    });
    router.Add(Method::kPost, "/api/v1/credit/listings/{listingId}/decision", "credit.write", [&listings](http::Request& request) {
        const json::value body = http::ParseJsonBody(request);
        core::JsonReader in(body);
        const std::string outcome = in.RequiredEnum("outcome", {"list", "drop"});
        const std::string reason = in.RequiredText("reason", 1000);
        in.Finish();
        return http::JsonResponse(
            200, ListingJson(listings.Decide(request.Context(), request.PathParam("listingId"), outcome == "list", reason)));
    });
    router.Add(Method::kPost, "/api/v1/credit/listings/{listingId}/correction", "credit.write", [&listings](http::Request& request) {
        const json::value body = http::ParseJsonBody(request);
        core::JsonReader in(body);
        const core::Date paid_on = in.RequiredDate("arrearsPaidOn");
        in.Finish();
        return http::JsonResponse(200, ListingJson(listings.RecordCorrection(request.Context(), request.PathParam("listingId"), paid_on)));
    });
    router.Add(Method::kPost, "/api/v1/credit/listings/{listingId}/repair", "credit.write", [&listings](http::Request& request) {
        auto pledge = ReadText(request, "pledge", 2000);
        return http::JsonResponse(200, ListingJson(listings.ApplyRepair(request.Context(), request.PathParam("listingId"), pledge)));
    });
    router.Add(Method::kPost, "/api/v1/credit/listings/{listingId}/repair-decision", "credit.write", [&listings](http::Request& request) {
        const json::value body = http::ParseJsonBody(request);
        core::JsonReader in(body);
        const std::string outcome = in.RequiredEnum("outcome", {"grant", "refuse"});
        const std::string reason = in.RequiredText("reason", 1000);
        in.Finish();
        return http::JsonResponse(
            200, ListingJson(listings.DecideRepair(request.Context(), request.PathParam("listingId"), outcome == "grant", reason)));
    });
    // The public list (BL: published): names, reasons, decision dates and terms — no persons.
    router.Add(Method::kGet, "/api/v1/public/credit/blacklist", http::kPublic, [&listings](http::Request& request) {
        (void)request;
        json::array items;
        for (const auto& p : listings.PublicList())
            items.push_back(json::object{{"number", p.number}, {"enterpriseName", p.enterprise_name}, {"creditCode", p.credit_code},
                                         {"reason", p.reason}, {"decidedOn", p.decided_on.ToString()}, {"expiresOn", p.expires_on.ToString()}});
        return http::JsonResponse(200, json::object{{"items", std::move(items)}});
    });
}

}  // namespace anxin::credit
