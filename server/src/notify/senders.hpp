// Channel plug-ins: a MessageSender delivers one rendered message. The outbox (outbox.hpp) calls it
// after commit, outside any transaction, and may call it again for the same message after a crash
// or a lost lease, so every sender must be idempotent on Message::id (the recipient sees one
// message however often Send is called).
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_set>

namespace anxin::notify {

struct SmsSettings;  // sms_providers.hpp

struct Message {
    std::string id;              // outbox id: the idempotency key
    std::string channel;         // "sms" | "internal"
    std::string recipient;       // full phone or user id (decrypted; never log it)
    std::string recipient_mask;  // what logs and lists may show
    std::string template_key;
    std::string body;
    int attempt = 1;  // 1 for the first try
    // The template's parameters as JSON: providers that send by template id (Alibaba Cloud, Tencent
    // Cloud) need them rather than the rendered text.
    std::string params = "{}";
};

enum class SendStatus {
    kSent,       // delivered (or had been delivered before: idempotent replay)
    kRetry,      // transient failure: try again later
    kPermanent,  // the message can never be delivered as it is (bad number, rejected): mark failed
};

struct SendResult {
    SendStatus status = SendStatus::kSent;
    std::string error;  // for kRetry / kPermanent; no personal data

    static SendResult Sent() { return {}; }
    static SendResult Retry(std::string error) { return {SendStatus::kRetry, std::move(error)}; }
    static SendResult Permanent(std::string error) { return {SendStatus::kPermanent, std::move(error)}; }
};

// Thread-safety: implementations must allow concurrent Send calls. An exception thrown by Send is
// treated as kRetry with the exception's message.
class MessageSender {
  public:
    virtual ~MessageSender() = default;
    virtual SendResult Send(const Message& message) = 0;
};

// The default sender: appends one JSON line per message to a file ({"id","channel","to","template",
// "text"}, "to" masked: the file is a log, and logs never hold personal data). Idempotent: an id
// already in the file is not written again (the file is re-scanned for lines other processes
// appended, e.g. `anxin outbox send-once` from cron beside `anxin serve`). Each line is fsync'ed
// before Send returns, so "sent" always means "in the file".
class LogFileSender final : public MessageSender {
  public:
    explicit LogFileSender(std::filesystem::path path);
    SendResult Send(const Message& message) override;
    const std::filesystem::path& path() const { return path_; }

  private:
    void ScanNewLines();  // REQUIRES(mutex_)

    std::filesystem::path path_;
    std::mutex mutex_;
    std::unordered_set<std::string> written_;  // GUARDED_BY(mutex_)
    std::uintmax_t scanned_bytes_ = 0;         // GUARDED_BY(mutex_)
};

// An HTTP(S) SMS gateway: POST {url} with JSON {"id","phone","text","template","params"} and the header
// `Idempotency-Key: <outbox id>` (the gateway deduplicates retries by it). 2xx → sent; 408/429 and
// other 4xx → retry / permanent failure respectively; 5xx, connection failure or timeout → retry.
class GatewaySender final : public MessageSender {
  public:
    explicit GatewaySender(std::string url, std::chrono::milliseconds timeout = std::chrono::seconds(10),
                           std::string ca_file = "");
    SendResult Send(const Message& message) override;

  private:
    std::string url_;
    std::chrono::milliseconds timeout_;
    std::string ca_file_;
};

// Channel name → sender. Not thread-safe to modify; configure before delivery starts.
class SenderRegistry {
  public:
    void Set(std::string channel, std::unique_ptr<MessageSender> sender);
    MessageSender* Find(std::string_view channel) const;  // null when the channel has no sender

    // The configuration `anxin serve` uses: sms → the sender `sms` describes (sms_providers.hpp:
    // log file, HTTP gateway, Alibaba Cloud or Tencent Cloud); internal → LogFileSender(<log_dir>/internal.log).
    // Throws Error(kInvalidArgument) when the SMS settings are unusable.
    static SenderRegistry Default(const std::filesystem::path& log_dir, const SmsSettings& sms);

  private:
    std::map<std::string, std::unique_ptr<MessageSender>, std::less<>> senders_;
};

}  // namespace anxin::notify
