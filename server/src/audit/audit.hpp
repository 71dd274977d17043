// The audit trail: every write, and every read that returns unmasked personal data, appends an
// event in the caller's transaction, so the event exists exactly when the change does. Events are
// chained by HMAC-SHA-256 under a key that is not in the database (each link covers the previous
// link and the event's fields), so someone with write access to the database cannot recompute the
// chain after editing, deleting or renumbering rows. Removing the newest rows and moving the head
// back leaves a valid shorter chain: signed checkpoints of the head, kept outside the database
// (an append-only file and syslog), catch that. VerifyAuditChain names the first broken event.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include <boost/json/value.hpp>

#include "core/crypto.hpp"
#include "core/principal.hpp"
#include "core/time.hpp"
#include "storage/database.hpp"

namespace anxin::audit {

// The trail's keys, derived from the data key: the chain's HMAC key and the Ed25519 key pair that
// signs checkpoints. Immutable after construction.
class AuditKeys {
public:
    explicit AuditKeys(const core::DataKey& master);
    std::string Link(std::string_view material) const;  // HMAC-SHA-256, hex
    std::string Sign(std::string_view message) const;   // Ed25519 detached signature, hex
    bool Verify(std::string_view message, std::string_view signature_hex) const;
    std::string PublicKeyHex() const;

private:
    std::array<unsigned char, 32> chain_key_{};
    std::array<unsigned char, 64> signing_key_{};
    std::array<unsigned char, 32> public_key_{};
};

// The one process-wide setting of this module: set once at start (App, CLI, test fixtures) before
// any event is written. Without keys events are linked by plain SHA-256 and verify reports them.
void ConfigureAuditKeys(std::shared_ptr<const AuditKeys> keys);
std::shared_ptr<const AuditKeys> ConfiguredAuditKeys();

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
// Walks the chain with `keys` (the configured keys when null). Keyed events need the keys.
AuditVerification VerifyAuditChain(storage::Database& db, const AuditKeys* keys = nullptr);

// A signed statement that the chain had event `seq` with link `hash` at time `at`.
struct Checkpoint {
    std::int64_t seq = 0;
    std::string hash;
    std::int64_t at = 0;  // ms
    std::string signature;
    std::string Line() const;  // "seq hash at signature"
};
// Signs the current head and appends it to `path` (created 0600, flushed and synced) and to syslog.
Checkpoint WriteCheckpoint(storage::Database& db, const core::Clock& clock, const AuditKeys& keys,
                           const std::string& path);
// Checks every checkpoint in `path` against the database: a bad signature, a checkpointed event
// that is gone (the trail was truncated) or whose link differs (it was rewritten) is a break.
AuditVerification VerifyCheckpoints(storage::Database& db, const AuditKeys& keys, const std::string& path);

}  // namespace anxin::audit
