// Delivery and administration of the outbox (table notify_outbox). Delivery runs after commit and
// outside any transaction: ClaimDue takes due messages with a compare-and-set lease (two senders,
// in one process or two, never take the same message), Deliver calls the channel's MessageSender
// and records the outcome: sent, a retry with exponential backoff, or failed after max_attempts.
// A sender that dies after delivering leaves the message "sending"; when its lease expires another
// sender takes it again, and the idempotent plug-in (LogFileSender's id check, the gateway's
// Idempotency-Key) makes the recipient see it once.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/crypto.hpp"
#include "core/principal.hpp"
#include "core/time.hpp"
#include "notify/senders.hpp"
#include "storage/database.hpp"

namespace anxin::notify {

struct DeliveryOptions {
    std::chrono::seconds lease{120};         // how long a claim holds before another sender may retake it
    std::chrono::seconds base_backoff{30};   // after the k-th failed attempt wait base × 2^(k-1) …
    std::chrono::seconds max_backoff{3600};  // … but never longer than this
    int max_attempts = 8;                    // then status "failed" with last_error
    int batch_size = 100;                    // messages claimed per RunOnce
};

// A claimed message: the lease is the fencing token for recording its outcome.
struct ClaimedMessage {
    Message message;
    core::Timestamp lease_until;
};

struct DeliveryReport {
    int claimed = 0;
    int sent = 0;
    int retried = 0;
    int failed = 0;
};

struct OutboxEntry {
    std::string id;
    std::string channel;
    std::string recipient_mask;
    std::string template_key;
    std::string body;
    std::string status;  // pending | sending | sent | failed
    int attempts = 0;
    core::Timestamp next_attempt_at;
    std::optional<std::string> last_error;
    std::optional<core::Timestamp> sent_at;
    core::Timestamp created_at;
    std::optional<std::string> region_code;
    std::optional<core::Timestamp> read_at;  // internal messages: when the addressee opened it
};

struct OutboxQuery {
    std::optional<std::string> status;
    std::optional<std::string> channel;       // sms | internal
    std::optional<std::string> template_key;
    std::int64_t offset = 0;
    std::int64_t limit = 20;
};

struct OutboxPage {
    std::vector<OutboxEntry> items;
    std::int64_t total = 0;
};

// The delay after the `attempts`-th failed attempt (1-based): base × 2^(attempts-1), capped.
std::chrono::seconds BackoffAfter(int attempts, const DeliveryOptions& options);

// Thread-safe; references must outlive it. `cipher` may be null (an app without a data key): then
// delivery throws Error(kUnavailable), while List and Retry still work (they never decrypt).
class Outbox {
  public:
    Outbox(storage::Database& db, const core::Clock& clock, const core::FieldCipher* cipher,
           const SenderRegistry& senders, DeliveryOptions options = {});

    // Claims up to batch_size due messages and delivers each. For the scheduler and
    // `anxin outbox send-once`. Never called inside a transaction.
    DeliveryReport RunOnce();

    // The two halves of RunOnce, public so tests can stop between them (a "crash").
    // ClaimDue also marks failed the messages whose lease expired on their last allowed attempt.
    std::vector<ClaimedMessage> ClaimDue(int limit);
    // Sends one claimed message and records the outcome; returns it. When the lease was lost
    // meanwhile (another sender retook the message), a retry/failure outcome is not recorded.
    SendStatus Deliver(const ClaimedMessage& claimed);

    // Review (route permission outbox.read): newest first; recipients masked. A system administrator
    // sees every message, a supervisor those about their region subtree.
    OutboxPage List(const core::Principal& principal, const OutboxQuery& query) const;
    // Resets a failed message to pending with attempts 0, due now; audited ("retry", "outbox").
    // kNotFound when absent or out of scope, kConflict unless it is failed.
    OutboxEntry Retry(const core::CallContext& ctx, const std::string& id);
    // An official's inbox: internal messages to them ("user:<username>"), to their region's handlers
    // ("region:<code>") and principal officials ("county-principal:<code>"), newest first.
    OutboxPage Inbox(const core::Principal& principal, bool unread_only, const OutboxQuery& query) const;
    // Messages by status (pending, sending, sent, failed) over the whole outbox: the operator's backlog.
    std::vector<std::pair<std::string, std::int64_t>> CountByStatus() const;
    // Marks one inbox message read (the first time); kNotFound when it is not in the caller's inbox.
    OutboxEntry MarkRead(const core::CallContext& ctx, const std::string& id);

  private:
    OutboxPage Page(const std::string& where, std::vector<storage::Param> params, const OutboxQuery& query) const;
    void Record(const ClaimedMessage& claimed, const SendResult& result);

    storage::Database& db_;
    const core::Clock& clock_;
    const core::FieldCipher* cipher_;
    const SenderRegistry& senders_;
    DeliveryOptions options_;
};

}  // namespace anxin::notify
