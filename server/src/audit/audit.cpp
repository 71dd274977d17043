#include "audit/audit.hpp"

#include <boost/json/serialize.hpp>

#include "core/ids.hpp"

namespace anxin::audit {
namespace {

constexpr std::string_view kGenesisHash = "0000000000000000000000000000000000000000000000000000000000000000";

struct EventFields {
    std::int64_t seq = 0;
    std::string id;
    std::int64_t at = 0;
    std::string actor_id, actor_name, actor_role, action, entity, entity_id, request_id, change_digest, prev_hash;
};

// Every column but the hash itself, unit-separated so no field can bleed into the next.
std::string ChainHash(const EventFields& e) {
    std::string material;
    material.reserve(512);
    for (const std::string& part :
         {e.prev_hash, std::to_string(e.seq), e.id, std::to_string(e.at), e.actor_id, e.actor_name, e.actor_role,
          e.action, e.entity, e.entity_id, e.request_id, e.change_digest}) {
        material += part;
        material += '\x1f';
    }
    return core::Sha256Hex(material);
}

}  // namespace

void RecordAudit(storage::Transaction& tx, const core::Clock& clock, const core::CallContext& ctx,
                 std::string_view action, std::string_view entity, std::string_view entity_id,
                 const boost::json::value& change) {
    // Taking the head row first: on PostgreSQL its row lock orders concurrent appenders.
    auto head = tx.QueryOne("UPDATE audit_chain_head SET seq = seq + 1 WHERE id = 1 RETURNING seq, hash");
    EventFields e;
    e.seq = head.Int(0);
    e.prev_hash = head.Text(1);
    auto now = clock.Now();
    e.id = core::NewId(now);
    e.at = core::ToMillis(now);
    e.actor_id = ctx.principal.user_id;
    e.actor_name = ctx.principal.username;
    e.actor_role = ctx.principal.role;
    e.action = action;
    e.entity = entity;
    e.entity_id = entity_id;
    e.request_id = ctx.request_id;
    e.change_digest = core::Sha256Hex(boost::json::serialize(change));
    std::string hash = ChainHash(e);
    tx.Execute(
        "INSERT INTO audit_event (seq, id, at, actor_id, actor_name, actor_role, action, entity, entity_id,"
        " request_id, change_digest, prev_hash, hash) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)",
        {e.seq, e.id, e.at, e.actor_id, e.actor_name, e.actor_role, e.action, e.entity, e.entity_id, e.request_id,
         e.change_digest, e.prev_hash, hash});
    tx.Execute("UPDATE audit_chain_head SET hash = $1 WHERE id = 1", {hash});
}

AuditVerification VerifyAuditChain(storage::Database& db) {
    AuditVerification result;
    auto tx = db.Begin(storage::TxMode::kRead);
    std::string expected_prev(kGenesisHash);
    std::int64_t expected_seq = 1;
    auto fail = [&](std::int64_t seq, std::string reason) {
        result.ok = false;
        result.first_broken_seq = seq;
        result.reason = std::move(reason);
    };
    for (;;) {
        auto rows = tx.Query(
            "SELECT seq, id, at, actor_id, actor_name, actor_role, action, entity, entity_id, request_id,"
            " change_digest, prev_hash, hash FROM audit_event WHERE seq >= $1 ORDER BY seq LIMIT 2000",
            {expected_seq});
        if (rows.empty()) break;
        for (const auto& row : rows) {
            EventFields e{row.Int(0),  row.Text(1), row.Int(2),  row.Text(3),  row.Text(4),
                          row.Text(5), row.Text(6), row.Text(7), row.Text(8),  row.Text(9),
                          row.Text(10), row.Text(11)};
            std::string stored_hash = row.Text(12);
            if (e.seq != expected_seq) {
                fail(expected_seq, "event " + std::to_string(expected_seq) + " is missing (next is " +
                                       std::to_string(e.seq) + ")");
                return result;
            }
            if (e.prev_hash != expected_prev) {
                fail(e.seq, "prev_hash does not match the hash of event " + std::to_string(e.seq - 1));
                return result;
            }
            if (ChainHash(e) != stored_hash) {
                fail(e.seq, "contents do not match the stored hash (the row was altered)");
                return result;
            }
            expected_prev = stored_hash;
            ++expected_seq;
            ++result.events_checked;
        }
    }
    auto head = tx.QueryOne("SELECT seq, hash FROM audit_chain_head WHERE id = 1");
    if (head.Int(0) != expected_seq - 1 || head.Text(1) != expected_prev) {
        fail(expected_seq, "the chain head records event " + std::to_string(head.Int(0)) +
                               " but the trail ends at event " + std::to_string(expected_seq - 1) +
                               " (events were removed from the end)");
    }
    return result;
}

}  // namespace anxin::audit
