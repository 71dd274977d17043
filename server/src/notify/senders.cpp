#include "notify/senders.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <stdexcept>

#include <boost/json.hpp>

#include "http/client.hpp"
#include "notify/sms_providers.hpp"

namespace anxin::notify {

namespace json = boost::json;

LogFileSender::LogFileSender(std::filesystem::path path) : path_(std::move(path)) {}

void LogFileSender::ScanNewLines() {
    std::ifstream in(path_, std::ios::binary);
    if (!in) return;  // not created yet
    in.seekg(static_cast<std::streamoff>(scanned_bytes_));
    std::string line;
    while (std::getline(in, line)) {
        if (in.eof()) break;  // a partial last line (another writer mid-append): read it next time
        scanned_bytes_ += line.size() + 1;
        json::error_code ec;
        auto value = json::parse(line, ec);
        if (ec || !value.is_object()) continue;
        if (const auto* id = value.as_object().if_contains("id"); id && id->is_string()) {
            written_.insert(std::string(id->get_string()));
        }
    }
}

SendResult LogFileSender::Send(const Message& message) {
    std::lock_guard lock(mutex_);
    ScanNewLines();
    if (written_.contains(message.id)) return SendResult::Sent();  // delivered before a crash: not again

    std::string line = json::serialize(json::object{{"id", message.id},
                                                    {"channel", message.channel},
                                                    {"to", message.recipient_mask},
                                                    {"template", message.template_key},
                                                    {"text", message.body}}) +
                       "\n";
    if (path_.has_parent_path()) {
        std::error_code ec;
        std::filesystem::create_directories(path_.parent_path(), ec);
    }
    int fd = ::open(path_.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0640);
    if (fd < 0) return SendResult::Retry("cannot open " + path_.string() + ": " + std::strerror(errno));
    // One write() of the whole line with O_APPEND: concurrent appenders never interleave lines.
    ssize_t n = ::write(fd, line.data(), line.size());
    int write_errno = errno;
    bool synced = n == static_cast<ssize_t>(line.size()) && ::fsync(fd) == 0;
    ::close(fd);
    if (!synced) return SendResult::Retry("cannot write " + path_.string() + ": " + std::strerror(write_errno));
    return SendResult::Sent();
}

GatewaySender::GatewaySender(std::string url, std::chrono::milliseconds timeout, std::string ca_file)
    : url_(std::move(url)), timeout_(timeout), ca_file_(std::move(ca_file)) {}

SendResult GatewaySender::Send(const Message& message) {
    if (message.channel != "sms") return SendResult::Permanent("the SMS gateway only sends sms messages");
    // The rendered text for gateways that send text, the template and its parameters for those that
    // send by template id.
    boost::system::error_code ec;
    json::value params = json::parse(message.params, ec);
    if (ec || !params.is_object()) params = json::object{};
    std::string body = json::serialize(json::object{{"id", message.id},
                                                    {"phone", message.recipient},
                                                    {"text", message.body},
                                                    {"template", message.template_key},
                                                    {"params", params}});
    http::ClientResponse response;
    try {
        response = http::PostJson(url_, body, {{"Idempotency-Key", message.id}}, timeout_, ca_file_);
    } catch (const http::ClientError& e) {
        return SendResult::Retry(e.what());
    }
    std::string status = "gateway answered HTTP " + std::to_string(response.status);
    if (response.status >= 200 && response.status < 300) return SendResult::Sent();
    if (response.status == 408 || response.status == 429) return SendResult::Retry(status);
    if (response.status >= 400 && response.status < 500) return SendResult::Permanent(status);
    return SendResult::Retry(status);
}

void SenderRegistry::Set(std::string channel, std::unique_ptr<MessageSender> sender) {
    senders_[std::move(channel)] = std::move(sender);
}

MessageSender* SenderRegistry::Find(std::string_view channel) const {
    auto it = senders_.find(channel);
    return it == senders_.end() ? nullptr : it->second.get();
}

SenderRegistry SenderRegistry::Default(const std::filesystem::path& log_dir, const SmsSettings& sms) {
    SenderRegistry registry;
    registry.Set("sms", MakeSmsSender(sms, log_dir));
    registry.Set("internal", std::make_unique<LogFileSender>(log_dir / "internal.log"));
    return registry;
}

}  // namespace anxin::notify
