#include "notify/outbox.hpp"

#include <algorithm>
#include <stdexcept>

#include <spdlog/spdlog.h>
#include <boost/json.hpp>

#include "audit/audit.hpp"
#include "core/error.hpp"
#include "core/ids.hpp"
#include "notify/notify.hpp"
#include "notify/templates.hpp"

namespace anxin::notify {

namespace json = boost::json;

namespace {

constexpr std::string_view kRecipientContext = "notify_outbox.recipient";
constexpr size_t kMaxErrorLength = 500;

std::string Truncate(std::string text) {
    if (text.size() > kMaxErrorLength) text.resize(kMaxErrorLength);
    return text;
}

constexpr std::string_view kEntryColumns =
    "id, channel, recipient_mask, template, body, status, attempts, next_attempt_at, last_error, sent_at, created_at, "
    "region_code, read_at";

OutboxEntry ReadEntry(const storage::Row& row) {
    OutboxEntry e;
    e.id = row.Text(0);
    e.channel = row.Text(1);
    e.recipient_mask = row.Text(2);
    e.template_key = row.Text(3);
    e.body = row.Text(4);
    e.status = row.Text(5);
    e.attempts = static_cast<int>(row.Int(6));
    e.next_attempt_at = row.Time(7);
    e.last_error = row.OptText(8);
    if (auto sent = row.OptInt(9)) e.sent_at = core::FromMillis(*sent);
    e.created_at = row.Time(10);
    e.region_code = row.OptText(11);
    if (auto read = row.OptInt(12)) e.read_at = core::FromMillis(*read);
    return e;
}

// Who reviews which messages: a system administrator all of them; a supervisor those about their
// region subtree (messages without a region are operations', not theirs).
std::string ScopeCondition(const core::Principal& p, std::vector<storage::Param>& params) {
    if (p.role == "system-admin" || p.role == "system") return "1 = 1";
    if (p.region_code.empty()) return "1 = 0";
    params.emplace_back(static_cast<std::int64_t>(p.region_code.size()));
    params.emplace_back(p.region_code);
    return "(region_code IS NOT NULL AND substr(region_code, 1, $" + std::to_string(params.size() - 1) + ") = $" +
           std::to_string(params.size()) + ")";
}

// The addresses an official's inbox collects: to them by name, to their region's handlers, to their
// region's principal officials.
std::vector<std::string> InboxAddresses(const core::Principal& p) {
    std::vector<std::string> out{"user:" + p.username};
    if (!p.region_code.empty()) {
        out.push_back("region:" + p.region_code);
        out.push_back("county-principal:" + p.region_code);
    }
    return out;
}

// The inbox as SQL; `addresses` are bound by reference (storage::AndIn): keep them until the query ran.
std::string InboxCondition(const std::vector<std::string>& addresses, std::vector<storage::Param>& params) {
    return "channel = 'internal'" + storage::AndIn("internal_to", &addresses, params);
}

}  // namespace

std::string Enqueue(storage::Transaction& tx, const core::Clock& clock, const core::FieldCipher& cipher,
                    const OutboxMessage& message) {
    if (message.channel != kChannelSms && message.channel != kChannelInternal) {
        throw std::logic_error("notify: unknown channel '" + message.channel + "'");
    }
    if (message.recipient.empty())
        throw std::logic_error("notify: message " + message.template_key + " has no recipient");
    Rendered rendered = RenderTemplate(message.template_key, message.params);
    auto now = core::ToMillis(clock.Now());
    std::string id = core::NewId(clock.Now());
    std::string mask = message.channel == kChannelSms ? core::MaskPhone(message.recipient) : message.recipient;
    const bool internal = message.channel == kChannelInternal;
    std::optional<std::string> region = message.region_code;
    if (!region && internal) {
        for (std::string_view prefix : {"region:", "county-principal:"})
            if (message.recipient.starts_with(prefix)) region = message.recipient.substr(prefix.size());
    }
    auto inserted = tx.QueryOptional(
        "INSERT INTO notify_outbox (id, channel, recipient_enc, recipient_mask, template, params, body, status, "
        "attempts, next_attempt_at, created_at, dedupe_key, region_code, internal_to) "
        "VALUES ($1, $2, $3, $4, $5, $6, $7, 'pending', 0, $8, $8, $9, $10, $11) "
        "ON CONFLICT (dedupe_key) DO NOTHING RETURNING id",
        {id, message.channel, cipher.Seal(message.recipient, kRecipientContext), mask, message.template_key,
         json::serialize(rendered.used_params), rendered.body, now, message.dedupe_key, region,
         internal ? storage::Param(message.recipient) : storage::Param(nullptr)});
    if (inserted) return id;
    return tx.QueryOne("SELECT id FROM notify_outbox WHERE dedupe_key = $1", {*message.dedupe_key}).Text(0);
}

std::chrono::seconds BackoffAfter(int attempts, const DeliveryOptions& options) {
    std::chrono::seconds delay = options.base_backoff;
    for (int i = 1; i < attempts && delay < options.max_backoff; ++i) delay *= 2;
    return std::min(delay, options.max_backoff);
}

Outbox::Outbox(storage::Database& db, const core::Clock& clock, const core::FieldCipher* cipher,
               const SenderRegistry& senders, DeliveryOptions options)
    : db_(db), clock_(clock), cipher_(cipher), senders_(senders), options_(options) {}

DeliveryReport Outbox::RunOnce() {
    DeliveryReport report;
    auto claimed = ClaimDue(options_.batch_size);
    report.claimed = static_cast<int>(claimed.size());
    for (const auto& message : claimed) {
        switch (Deliver(message)) {
            case SendStatus::kSent:
                ++report.sent;
                break;
            case SendStatus::kRetry:
                if (message.message.attempt >= options_.max_attempts) {
                    ++report.failed;
                } else {
                    ++report.retried;
                }
                break;
            case SendStatus::kPermanent:
                ++report.failed;
                break;
        }
    }
    return report;
}

std::vector<ClaimedMessage> Outbox::ClaimDue(int limit) {
    if (!cipher_) throw Error(ErrorCode::kUnavailable, "no data key configured: outbox recipients cannot be read");
    auto now = core::ToMillis(clock_.Now());
    auto lease_until = now + std::chrono::duration_cast<std::chrono::milliseconds>(options_.lease).count();
    struct Row {
        Message message;
        std::string recipient_enc;
    };
    std::vector<Row> rows;
    {
        auto tx = db_.Begin(storage::TxMode::kWrite);
        // A sender died holding the last allowed attempt: give up on it like any other last failure.
        tx.Execute(
            "UPDATE notify_outbox SET status = 'failed', lease_until = NULL, "
            "last_error = 'sender stopped before recording the outcome (lease expired)' "
            "WHERE status = 'sending' AND lease_until < $1 AND attempts >= $2",
            {now, options_.max_attempts});
        auto due = tx.Query(
            "SELECT id FROM notify_outbox "
            "WHERE (status = 'pending' AND next_attempt_at <= $1) OR (status = 'sending' AND lease_until < $1) "
            "ORDER BY next_attempt_at, id LIMIT $2",
            {now, limit});
        for (const auto& candidate : due) {
            // Compare-and-set: only one sender's UPDATE matches; on PostgreSQL a concurrent claimer waits
            // for the row lock and then re-checks the condition against the committed lease.
            auto claimed = tx.QueryOptional(
                "UPDATE notify_outbox SET status = 'sending', lease_until = $2, attempts = attempts + 1 "
                "WHERE id = $1 AND ((status = 'pending' AND next_attempt_at <= $3) OR "
                "(status = 'sending' AND lease_until < $3)) "
                "RETURNING id, channel, recipient_enc, recipient_mask, template, body, attempts, params",
                {candidate.Text(0), lease_until, now});
            if (!claimed) continue;
            Row row;
            row.message.id = claimed->Text(0);
            row.message.channel = claimed->Text(1);
            row.recipient_enc = claimed->Text(2);
            row.message.recipient_mask = claimed->Text(3);
            row.message.template_key = claimed->Text(4);
            row.message.body = claimed->Text(5);
            row.message.attempt = static_cast<int>(claimed->Int(6));
            row.message.params = claimed->Text(7);
            rows.push_back(std::move(row));
        }
        tx.Commit();
    }
    std::vector<ClaimedMessage> out;
    out.reserve(rows.size());
    for (auto& row : rows) {
        ClaimedMessage claimed{std::move(row.message), core::FromMillis(lease_until)};
        try {
            claimed.message.recipient = cipher_->Open(row.recipient_enc, kRecipientContext);
        } catch (const Error& e) {
            Record(claimed, SendResult::Permanent(std::string("recipient cannot be decrypted: ") + e.what()));
            continue;
        }
        out.push_back(std::move(claimed));
    }
    return out;
}

SendStatus Outbox::Deliver(const ClaimedMessage& claimed) {
    const Message& message = claimed.message;
    SendResult result;
    if (MessageSender* sender = senders_.Find(message.channel)) {
        try {
            result = sender->Send(message);
        } catch (const std::exception& e) {
            result = SendResult::Retry(e.what());
        }
    } else {
        result = SendResult::Retry("no sender configured for channel " + message.channel);
    }
    Record(claimed, result);
    return result.status;
}

void Outbox::Record(const ClaimedMessage& claimed, const SendResult& result) {
    const Message& message = claimed.message;
    auto now = core::ToMillis(clock_.Now());
    auto lease = core::ToMillis(claimed.lease_until);
    storage::WithTransaction(db_, [&](storage::Transaction& tx) {
        if (result.status == SendStatus::kSent) {
            // Delivered is a fact even if our lease was lost meanwhile.
            tx.Execute(
                "UPDATE notify_outbox SET status = 'sent', sent_at = $2, lease_until = NULL, last_error = NULL "
                "WHERE id = $1 AND status <> 'sent'",
                {message.id, now});
            return;
        }
        bool give_up = result.status == SendStatus::kPermanent || message.attempt >= options_.max_attempts;
        std::int64_t changed = 0;
        if (give_up) {
            changed = tx.Execute(
                "UPDATE notify_outbox SET status = 'failed', lease_until = NULL, last_error = $3 "
                "WHERE id = $1 AND status = 'sending' AND lease_until = $2",
                {message.id, lease, Truncate(result.error)});
        } else {
            auto next =
                now +
                std::chrono::duration_cast<std::chrono::milliseconds>(BackoffAfter(message.attempt, options_)).count();
            changed = tx.Execute(
                "UPDATE notify_outbox SET status = 'pending', lease_until = NULL, next_attempt_at = $3, "
                "last_error = $4 WHERE id = $1 AND status = 'sending' AND lease_until = $2",
                {message.id, lease, next, Truncate(result.error)});
        }
        if (changed == 0) {
            spdlog::warn("outbox {}: lease lost before recording the outcome; another sender owns it", message.id);
        } else if (give_up) {
            spdlog::error("outbox {} ({}) failed after {} attempt(s): {}", message.id, message.template_key,
                          message.attempt, result.error);
        } else {
            spdlog::warn("outbox {} ({}) attempt {} failed, will retry: {}", message.id, message.template_key,
                         message.attempt, result.error);
        }
    });
}

OutboxPage Outbox::List(const core::Principal& principal, const OutboxQuery& query) const {
    static constexpr std::string_view kStatuses[] = {"pending", "sending", "sent", "failed"};
    static constexpr std::string_view kChannels[] = {"sms", "internal"};
    if (query.status && std::find(std::begin(kStatuses), std::end(kStatuses), *query.status) == std::end(kStatuses)) {
        ThrowInvalidField("status", "取值无效，可选：待发送、发送中、已发送、发送失败（pending、sending、sent、failed）");
    }
    if (query.channel && std::find(std::begin(kChannels), std::end(kChannels), *query.channel) == std::end(kChannels)) {
        ThrowInvalidField("channel", "取值无效，可选：短信、站内（sms、internal）");
    }
    std::vector<storage::Param> params;
    std::string where = " WHERE " + ScopeCondition(principal, params);
    auto add = [&](const char* column, const std::optional<std::string>& value) {
        if (!value) return;
        params.emplace_back(*value);
        where += std::string(" AND ") + column + " = $" + std::to_string(params.size());
    };
    add("status", query.status);
    add("channel", query.channel);
    add("template", query.template_key);
    return Page(where, params, query);
}

OutboxPage Outbox::Inbox(const core::Principal& principal, bool unread_only, const OutboxQuery& query) const {
    const auto addresses = InboxAddresses(principal);
    std::vector<storage::Param> params;
    std::string where = " WHERE " + InboxCondition(addresses, params);
    if (unread_only) where += " AND read_at IS NULL";
    return Page(where, params, query);
}

OutboxPage Outbox::Page(const std::string& where, std::vector<storage::Param> params, const OutboxQuery& query) const {
    auto tx = db_.Begin(storage::TxMode::kRead);
    OutboxPage page;
    page.total = tx.QueryOne("SELECT COUNT(*) FROM notify_outbox" + where, std::span<const storage::Param>(params)).Int(0);
    params.emplace_back(query.limit);
    params.emplace_back(query.offset);
    const std::string sql = "SELECT " + std::string(kEntryColumns) + " FROM notify_outbox" + where +
                            " ORDER BY created_at DESC, id DESC LIMIT $" + std::to_string(params.size() - 1) +
                            " OFFSET $" + std::to_string(params.size());
    for (const auto& row : tx.Query(sql, std::span<const storage::Param>(params))) page.items.push_back(ReadEntry(row));
    return page;
}

OutboxEntry Outbox::Retry(const core::CallContext& ctx, const std::string& id) {
    auto tx = db_.Begin(storage::TxMode::kWrite);
    std::vector<storage::Param> params{id};
    const std::string scope = ScopeCondition(ctx.principal, params);
    auto status = tx.QueryOptional("SELECT status FROM notify_outbox WHERE id = $1 AND " + scope,
                                   std::span<const storage::Param>(params));
    if (!status) ThrowNotFound("消息");
    if (status->Text(0) != "failed") ThrowConflict("只有发送失败的消息可以重新发送");
    tx.Execute(
        "UPDATE notify_outbox SET status = 'pending', attempts = 0, next_attempt_at = $2, lease_until = NULL, "
        "last_error = NULL WHERE id = $1",
        {id, core::ToMillis(clock_.Now())});
    audit::RecordAudit(tx, clock_, ctx, "retry", "outbox", id, json::object{{"status", "pending"}});
    auto entry =
        ReadEntry(tx.QueryOne("SELECT " + std::string(kEntryColumns) + " FROM notify_outbox WHERE id = $1", {id}));
    tx.Commit();
    return entry;
}

std::vector<std::pair<std::string, std::int64_t>> Outbox::CountByStatus() const {
    auto tx = db_.Begin(storage::TxMode::kRead);
    std::vector<std::pair<std::string, std::int64_t>> out;
    for (const auto& r : tx.Query("SELECT status, COUNT(*) FROM notify_outbox GROUP BY status ORDER BY status"))
        out.emplace_back(r.Text(0), r.Int(1));
    return out;
}

OutboxEntry Outbox::MarkRead(const core::CallContext& ctx, const std::string& id) {
    auto tx = db_.Begin(storage::TxMode::kWrite);
    const auto addresses = InboxAddresses(ctx.principal);
    std::vector<storage::Param> params{id};
    const std::string inbox = InboxCondition(addresses, params);
    auto row = tx.QueryOptional("SELECT read_at FROM notify_outbox WHERE id = $1 AND " + inbox,
                                std::span<const storage::Param>(params));
    if (!row) ThrowNotFound("消息");
    // Only the first opening counts; a region's message read by one handler is read for the region.
    if (row->IsNull(0)) {
        tx.Execute("UPDATE notify_outbox SET read_at = $2 WHERE id = $1", {id, core::ToMillis(clock_.Now())});
        audit::RecordAudit(tx, clock_, ctx, "read", "outbox", id, json::object{{"readAt", core::FormatTimestamp(clock_.Now())}});
    }
    auto entry =
        ReadEntry(tx.QueryOne("SELECT " + std::string(kEntryColumns) + " FROM notify_outbox WHERE id = $1", {id}));
    tx.Commit();
    return entry;
}

}  // namespace anxin::notify
