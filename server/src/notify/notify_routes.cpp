#include "notify/notify_routes.hpp"

#include <boost/json.hpp>

#include "core/error.hpp"

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
        {"regionCode", e.region_code ? json::value(*e.region_code) : json::value(nullptr)},
        {"readAt", OptionalTime(e.read_at)},
    };
}

}  // namespace

void RegisterOutboxRoutes(http::Router& router, Outbox& outbox) {
    router.Add(http::Method::kGet, "/api/v1/outbox", "outbox.read", [&outbox](http::Request& request) {
        http::Page page = http::ParsePage(request);
        OutboxQuery query;
        if (auto status = request.Query("status"); status && !status->empty()) query.status = *status;
        if (auto channel = request.Query("channel"); channel && !channel->empty()) query.channel = *channel;
        if (auto key = request.Query("template"); key && !key->empty()) query.template_key = *key;
        query.offset = page.offset();
        query.limit = page.page_size;
        OutboxPage result = outbox.List(request.Context().principal, query);
        json::array items;
        for (const auto& entry : result.items) items.push_back(EntryJson(entry));
        return http::JsonResponse(200, http::PagedBody(std::move(items), result.total, page));
    });

    router.Add(
        http::Method::kPost, "/api/v1/outbox/{outboxId}/retry", "outbox.read", [&outbox](http::Request& request) {
            return http::JsonResponse(200, EntryJson(outbox.Retry(request.Context(), request.PathParam("outboxId"))));
        });

    router.Add(http::Method::kGet, "/api/v1/inbox", "inbox.read", [&outbox](http::Request& request) {
        http::Page page = http::ParsePage(request);
        const std::string unread = request.Query("unread").value_or("false");
        if (unread != "true" && unread != "false") ThrowInvalidField("unread", "应为 true 或 false");
        OutboxQuery query;
        query.offset = page.offset();
        query.limit = page.page_size;
        OutboxPage result = outbox.Inbox(request.Context().principal, unread == "true", query);
        json::array items;
        for (const auto& entry : result.items) items.push_back(EntryJson(entry));
        return http::JsonResponse(200, http::PagedBody(std::move(items), result.total, page));
    });

    router.Add(http::Method::kPost, "/api/v1/inbox/{messageId}/read", "inbox.read", [&outbox](http::Request& request) {
        return http::JsonResponse(200, EntryJson(outbox.MarkRead(request.Context(), request.PathParam("messageId"))));
    });
}

}  // namespace anxin::notify
