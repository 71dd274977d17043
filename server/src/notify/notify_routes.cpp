#include "notify/notify_routes.hpp"

#include <boost/json.hpp>

namespace anxin::notify {

namespace json = boost::json;

namespace {

json::value OptionalTime(const std::optional<core::Timestamp>& t) {
    return t ? json::value(core::FormatTimestamp(*t)) : json::value(nullptr);
}

json::object EntryJson(const OutboxEntry& e) {
    return json::object{
        {"id", e.id},
        {"channel", e.channel},
        {"recipient", e.recipient_mask},
        {"template", e.template_key},
        {"body", e.body},
        {"status", e.status},
        {"attempts", e.attempts},
        {"nextAttemptAt", core::FormatTimestamp(e.next_attempt_at)},
        {"lastError", e.last_error ? json::value(*e.last_error) : json::value(nullptr)},
        {"sentAt", OptionalTime(e.sent_at)},
        {"createdAt", core::FormatTimestamp(e.created_at)},
    };
}

}  // namespace

void RegisterOutboxRoutes(http::Router& router, Outbox& outbox) {
    router.Add(http::Method::kGet, "/api/v1/outbox", "outbox.read", [&outbox](http::Request& request) {
        http::Page page = http::ParsePage(request);
        OutboxQuery query;
        if (auto status = request.Query("status"); status && !status->empty()) query.status = *status;
        query.offset = page.offset();
        query.limit = page.page_size;
        OutboxPage result = outbox.List(query);
        json::array items;
        for (const auto& entry : result.items) items.push_back(EntryJson(entry));
        return http::JsonResponse(200, http::PagedBody(std::move(items), result.total, page));
    });

    router.Add(
        http::Method::kPost, "/api/v1/outbox/{outboxId}/retry", "outbox.read", [&outbox](http::Request& request) {
            return http::JsonResponse(200, EntryJson(outbox.Retry(request.Context(), request.PathParam("outboxId"))));
        });
}

}  // namespace anxin::notify
