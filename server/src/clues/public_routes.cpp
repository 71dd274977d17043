// The worker H5 page's clue routes: no login (http::kPublic). Flood protection lives in the service
// (proof of work, per-IP and per-phone limits); the HTTP layer's Idempotency-Key replays apply too.
#include <boost/json.hpp>

#include "clues/clue_json.hpp"
#include "clues/clue_routes.hpp"
#include "core/validation.hpp"

namespace anxin::clues {
namespace {

namespace json = boost::json;

struct TrackBody {
    std::string tracking_code;
    std::string phone;
};

TrackBody ReadTrackBody(core::JsonReader& reader) {
    TrackBody body;
    body.tracking_code = reader.RequiredString("trackingCode", 20);
    body.phone = reader.RequiredString("phone", 30);
    return body;
}

}  // namespace

void RegisterPublicClueRoutes(http::Router& router, ClueService& service) {
    router.Add(http::Method::kGet, "/api/v1/public/clues/challenge", http::kPublic, [&service](http::Request&) {
        auto response = http::JsonResponse(200, json::value_from(service.IssueChallenge()));
        response.headers.emplace_back("Cache-Control", "no-store");
        return response;
    });

    router.Add(http::Method::kPost, "/api/v1/public/clues", http::kPublic, [&service](http::Request& request) {
        PublicSubmission submission = ReadPublicSubmission(http::ParseJsonBody(request));
        submission.remote_address = request.remote_address;
        submission.request_id = request.request_id;
        PublicReceipt receipt = service.SubmitPublic(submission);
        return http::JsonResponse(201, json::object{{"trackingCode", receipt.tracking_code},
                                                    {"acceptDeadline", receipt.accept_deadline_on.ToString()}});
    });

    router.Add(http::Method::kPost, "/api/v1/public/clues/track", http::kPublic, [&service](http::Request& request) {
        auto body = http::ParseJsonBody(request);
        core::JsonReader reader(body);
        TrackBody input = ReadTrackBody(reader);
        reader.Finish();
        auto view = service.Track(input.tracking_code, input.phone, request.remote_address, request.request_id);
        auto response = http::JsonResponse(200, json::value_from(view));
        response.headers.emplace_back("Cache-Control", "no-store");
        return response;
    });

    router.Add(http::Method::kPost, "/api/v1/public/clues/confirm", http::kPublic, [&service](http::Request& request) {
        auto body = http::ParseJsonBody(request);
        core::JsonReader reader(body);
        TrackBody input = ReadTrackBody(reader);
        if (!reader.Has("moneyArrived")) reader.Fail("moneyArrived", "必填");
        const bool money_arrived = reader.OptionalBool("moneyArrived", false);
        reader.Finish();
        service.Confirm(input.tracking_code, input.phone, money_arrived, request.remote_address, request.request_id);
        return http::NoContent();
    });

    // POST, not GET: an ID number and a phone never go into a URL, where proxies and browser
    // history keep them (issue 11). Nothing is written.
    router.Add(http::Method::kPost, "/api/v1/public/projects/{token}/owed", http::kPublic,
               [&service](http::Request& request) {
                   auto body = http::ParseJsonBody(request);
                   core::JsonReader reader(body);
                   const std::string id_number = reader.RequiredString("idNumber", 30);
                   const std::string phone = reader.RequiredString("phone", 30);
                   reader.Finish();
                   auto report = service.PrefillOwed(request.PathParam("token"), id_number, phone,
                                                     request.remote_address, request.request_id);
                   auto response = http::JsonResponse(200, json::value_from(report));
                   response.headers.emplace_back("Cache-Control", "no-store");
                   return response;
               });
}

}  // namespace anxin::clues
