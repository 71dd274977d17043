#include "audit/audit_routes.hpp"

#include <boost/json.hpp>

#include "core/error.hpp"
#include "core/time.hpp"

namespace anxin::audit {

void RegisterAuditRoutes(http::Router& router, storage::Database& db) {
    router.Add(http::Method::kGet, "/api/v1/audit", "audit.read", [&db](http::Request& request) {
        auto page = http::ParsePage(request);
        std::string where = " WHERE 1 = 1";
        std::vector<storage::Param> params;
        auto add_filter = [&](const char* query_name, const char* column) {
            if (auto value = request.Query(query_name); value && !value->empty()) {
                params.emplace_back(*value);
                where += std::string(" AND ") + column + " = $" + std::to_string(params.size());
            }
        };
        add_filter("entity", "entity");
        add_filter("entityId", "entity_id");
        add_filter("actorId", "actor_id");
        add_filter("action", "action");
        auto add_date = [&](const char* query_name, bool end) {
            auto value = request.Query(query_name);
            if (!value || value->empty()) return;
            auto date = core::Date::Parse(*value);
            if (!date) ThrowInvalidField(query_name, "不是有效日期（YYYY-MM-DD）");
            auto bound = (end ? date->AddDays(1) : *date).StartInShanghai();
            params.emplace_back(core::ToMillis(bound));
            where += std::string(" AND at ") + (end ? "< $" : ">= $") + std::to_string(params.size());
        };
        add_date("from", false);
        add_date("to", true);

        auto tx = db.Begin(storage::TxMode::kRead);
        auto total = tx.QueryOne("SELECT COUNT(*) FROM audit_event" + where, std::span<const storage::Param>(params));
        auto list_params = params;
        list_params.emplace_back(page.page_size);
        list_params.emplace_back(page.offset());
        auto rows = tx.Query("SELECT seq, id, at, actor_id, actor_name, actor_role, action, entity, entity_id, "
                             "request_id, change_digest, hash FROM audit_event" +
                                 where + " ORDER BY seq DESC LIMIT $" + std::to_string(params.size() + 1) +
                                 " OFFSET $" + std::to_string(params.size() + 2),
                             std::span<const storage::Param>(list_params));
        boost::json::array items;
        for (const auto& row : rows) {
            items.push_back(boost::json::object{
                {"seq", row.Int(0)},
                {"id", row.Text(1)},
                {"at", core::FormatTimestamp(row.Time(2))},
                {"actorId", row.Text(3)},
                {"actorName", row.Text(4)},
                {"actorRole", row.Text(5)},
                {"action", row.Text(6)},
                {"entity", row.Text(7)},
                {"entityId", row.Text(8)},
                {"requestId", row.Text(9)},
                {"changeDigest", row.Text(10)},
                {"hash", row.Text(11)},
            });
        }
        return http::JsonResponse(200, http::PagedBody(std::move(items), total.Int(0), page));
    });
}

}  // namespace anxin::audit
