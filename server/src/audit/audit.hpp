// The audit trail: every write, and every read that returns unmasked personal data, appends an
// event in the caller's transaction, so the event exists exactly when the change does. Events are
// hash-chained (each hash covers the previous hash and the event's fields); VerifyAuditChain names
// the first event whose stored hash no longer matches.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <boost/json/value.hpp>

#include "core/principal.hpp"
#include "core/time.hpp"
#include "storage/database.hpp"

namespace anxin::audit {

// `change` is what was written (or, for reads, which fields were revealed). Only its SHA-256 digest
// is stored, so personal data never lands in the audit table. Serialised by the PostgreSQL row lock
// on the chain head; SQLite write transactions are serial already.
void RecordAudit(storage::Transaction& tx, const core::Clock& clock, const core::CallContext& ctx,
                 std::string_view action, std::string_view entity, std::string_view entity_id,
                 const boost::json::value& change);

struct AuditVerification {
    bool ok = true;
    std::int64_t events_checked = 0;
    std::optional<std::int64_t> first_broken_seq;  // sequence number of the first bad event
    std::string reason;                            // why it is broken
};
AuditVerification VerifyAuditChain(storage::Database& db);

}  // namespace anxin::audit
