#include "audit/audit.hpp"

#include <boost/json/serialize.hpp>
#include <fcntl.h>
#include <sodium.h>
#include <syslog.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <sstream>
#include <stdexcept>

#include "core/error.hpp"
#include "core/ids.hpp"

namespace anxin::audit {
namespace {

constexpr std::string_view kGenesisHash = "0000000000000000000000000000000000000000000000000000000000000000";

constexpr std::string_view kKeyed = "hmac";
constexpr std::string_view kPlain = "sha256";

struct EventFields {
    std::int64_t seq = 0;
    std::string id;
    std::int64_t at = 0;
    std::string actor_id, actor_name, actor_role, action, entity, entity_id, request_id, change_digest, prev_hash;
    std::string hash_kind = std::string(kPlain);
};

// Every column but the hash itself, unit-separated so no field can bleed into the next.
std::string Material(const EventFields& e) {
    std::string material;
    material.reserve(512);
    for (const std::string& part :
         {e.prev_hash, std::to_string(e.seq), e.id, std::to_string(e.at), e.actor_id, e.actor_name, e.actor_role,
          e.action, e.entity, e.entity_id, e.request_id, e.change_digest}) {
        material += part;
        material += '\x1f';
    }
    return material;
}

std::string ChainHash(const EventFields& e, const AuditKeys* keys) {
    if (e.hash_kind == kKeyed) {
        if (keys == nullptr) throw std::logic_error("keyed audit event without audit keys");
        return keys->Link(std::string(kKeyed) + '\x1f' + Material(e));
    }
    return core::Sha256Hex(Material(e));
}

std::string Hex(const unsigned char* bytes, std::size_t n) {
    std::string out(n * 2 + 1, '\0');
    sodium_bin2hex(out.data(), out.size(), bytes, n);
    out.pop_back();
    return out;
}

std::mutex keys_mutex;
std::shared_ptr<const AuditKeys> configured_keys;  // GUARDED_BY(keys_mutex)

std::string CheckpointMessage(std::int64_t seq, const std::string& hash, std::int64_t at) {
    return "anxin-audit-checkpoint v1 " + std::to_string(seq) + " " + hash + " " + std::to_string(at);
}

}  // namespace

AuditKeys::AuditKeys(const core::DataKey& master) {
    if (sodium_init() < 0) throw std::runtime_error("libsodium failed to initialise");
    // Sub-keys by context, as for field encryption: neither reveals the master nor the other.
    crypto_kdf_derive_from_key(chain_key_.data(), chain_key_.size(), 1, "auditlnk", master.bytes().data());
    std::array<unsigned char, crypto_sign_SEEDBYTES> seed{};
    crypto_kdf_derive_from_key(seed.data(), seed.size(), 2, "auditsig", master.bytes().data());
    crypto_sign_seed_keypair(public_key_.data(), signing_key_.data(), seed.data());
    sodium_memzero(seed.data(), seed.size());
}

std::string AuditKeys::Link(std::string_view material) const {
    std::array<unsigned char, crypto_auth_hmacsha256_BYTES> mac{};
    crypto_auth_hmacsha256_state state;
    crypto_auth_hmacsha256_init(&state, chain_key_.data(), chain_key_.size());
    crypto_auth_hmacsha256_update(&state, reinterpret_cast<const unsigned char*>(material.data()), material.size());
    crypto_auth_hmacsha256_final(&state, mac.data());
    return Hex(mac.data(), mac.size());
}

std::string AuditKeys::Sign(std::string_view message) const {
    std::array<unsigned char, crypto_sign_BYTES> sig{};
    crypto_sign_detached(sig.data(), nullptr, reinterpret_cast<const unsigned char*>(message.data()), message.size(),
                         signing_key_.data());
    return Hex(sig.data(), sig.size());
}

bool AuditKeys::Verify(std::string_view message, std::string_view signature_hex) const {
    std::array<unsigned char, crypto_sign_BYTES> sig{};
    std::size_t len = 0;
    if (signature_hex.size() != sig.size() * 2 ||
        sodium_hex2bin(sig.data(), sig.size(), signature_hex.data(), signature_hex.size(), nullptr, &len, nullptr) != 0 ||
        len != sig.size())
        return false;
    return crypto_sign_verify_detached(sig.data(), reinterpret_cast<const unsigned char*>(message.data()),
                                       message.size(), public_key_.data()) == 0;
}

std::string AuditKeys::PublicKeyHex() const { return Hex(public_key_.data(), public_key_.size()); }

void ConfigureAuditKeys(std::shared_ptr<const AuditKeys> keys) {
    std::lock_guard lock(keys_mutex);
    configured_keys = std::move(keys);
}

std::shared_ptr<const AuditKeys> ConfiguredAuditKeys() {
    std::lock_guard lock(keys_mutex);
    return configured_keys;
}

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
    auto keys = ConfiguredAuditKeys();
    e.hash_kind = std::string(keys ? kKeyed : kPlain);
    std::string hash = ChainHash(e, keys.get());
    tx.Execute(
        "INSERT INTO audit_event (seq, id, at, actor_id, actor_name, actor_role, action, entity, entity_id,"
        " request_id, change_digest, prev_hash, hash, hash_kind)"
        " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)",
        {e.seq, e.id, e.at, e.actor_id, e.actor_name, e.actor_role, e.action, e.entity, e.entity_id, e.request_id,
         e.change_digest, e.prev_hash, hash, e.hash_kind});
    tx.Execute("UPDATE audit_chain_head SET hash = $1 WHERE id = 1", {hash});
}

AuditVerification VerifyAuditChain(storage::Database& db, const AuditKeys* keys) {
    auto configured = ConfiguredAuditKeys();
    if (keys == nullptr) keys = configured.get();
    AuditVerification result;
    bool keyed_seen = false;
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
            " change_digest, prev_hash, hash, hash_kind FROM audit_event WHERE seq >= $1 ORDER BY seq LIMIT 2000",
            {expected_seq});
        if (rows.empty()) break;
        for (const auto& row : rows) {
            EventFields e{row.Int(0),  row.Text(1), row.Int(2),  row.Text(3),  row.Text(4),
                          row.Text(5), row.Text(6), row.Text(7), row.Text(8),  row.Text(9),
                          row.Text(10), row.Text(11), row.Text(13)};
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
            if (e.hash_kind == kKeyed) {
                keyed_seen = true;
                if (keys == nullptr) {
                    fail(e.seq, "keyed event: verifying needs the data key (--key-file)");
                    return result;
                }
            } else if (e.hash_kind != kPlain) {
                fail(e.seq, "unknown link kind " + e.hash_kind);
                return result;
            } else if (keyed_seen) {
                // Plain links are only the legacy head of a trail: after the first keyed event a plain
                // one was written without the key, or forged by someone who lacks it.
                fail(e.seq, "unkeyed event after keyed events (written without the data key, or forged)");
                return result;
            }
            if (ChainHash(e, keys) != stored_hash) {
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

std::string Checkpoint::Line() const {
    return std::to_string(seq) + " " + hash + " " + std::to_string(at) + " " + signature;
}

Checkpoint WriteCheckpoint(storage::Database& db, const core::Clock& clock, const AuditKeys& keys,
                           const std::string& path) {
    Checkpoint c;
    {
        auto tx = db.Begin(storage::TxMode::kRead);
        auto head = tx.QueryOne("SELECT seq, hash FROM audit_chain_head WHERE id = 1");
        c.seq = head.Int(0);
        c.hash = head.Text(1);
    }
    c.at = core::ToMillis(clock.Now());
    c.signature = keys.Sign(CheckpointMessage(c.seq, c.hash, c.at));
    const std::string line = c.Line() + "\n";
    // Append-only, and on disk before we say so: a checkpoint lost in a crash proves nothing.
    if (auto dir = std::filesystem::path(path).parent_path(); !dir.empty()) std::filesystem::create_directories(dir);
    int fd = ::open(path.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
    if (fd < 0) throw Error(ErrorCode::kUnavailable, "cannot open the audit checkpoint file " + path);
    bool written = ::write(fd, line.data(), line.size()) == static_cast<ssize_t>(line.size()) && ::fsync(fd) == 0;
    ::close(fd);
    if (!written) throw Error(ErrorCode::kUnavailable, "cannot write the audit checkpoint file " + path);
    // A second copy where a database administrator usually cannot reach: the system log.
    ::syslog(LOG_AUTHPRIV | LOG_NOTICE, "anxin audit checkpoint %s", c.Line().c_str());
    return c;
}

AuditVerification VerifyCheckpoints(storage::Database& db, const AuditKeys& keys, const std::string& path) {
    AuditVerification result;
    std::ifstream in(path);
    if (!in) {
        result.ok = false;
        result.reason = "cannot read the checkpoint file " + path;
        return result;
    }
    auto tx = db.Begin(storage::TxMode::kRead);
    const std::int64_t head_seq = tx.QueryOne("SELECT seq FROM audit_chain_head WHERE id = 1").Int(0);
    std::string line;
    std::int64_t line_number = 0;
    while (std::getline(in, line)) {
        ++line_number;
        if (line.empty()) continue;
        std::istringstream fields(line);
        Checkpoint c;
        fields >> c.seq >> c.hash >> c.at >> c.signature;
        auto fail = [&](std::string reason) {
            result.ok = false;
            result.first_broken_seq = c.seq;
            result.reason = "checkpoint on line " + std::to_string(line_number) + ": " + reason;
        };
        if (!fields || !keys.Verify(CheckpointMessage(c.seq, c.hash, c.at), c.signature)) {
            fail("signature does not verify (the file was edited, or another key signed it)");
            return result;
        }
        if (c.seq > head_seq) {
            fail("the trail had event " + std::to_string(c.seq) + ", but now ends at event " +
                 std::to_string(head_seq) + " (events were removed from the end)");
            return result;
        }
        if (c.seq > 0) {
            auto row = tx.QueryOptional("SELECT hash FROM audit_event WHERE seq = $1", {c.seq});
            if (!row) {
                fail("event " + std::to_string(c.seq) + " is gone");
                return result;
            }
            if (row->Text(0) != c.hash) {
                fail("event " + std::to_string(c.seq) + " no longer has the link it had (the trail was rewritten)");
                return result;
            }
        }
        ++result.events_checked;  // here: checkpoints verified
    }
    return result;
}

}  // namespace anxin::audit
