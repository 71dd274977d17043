// SMS through the cloud providers cities contract: Alibaba Cloud SMS (dysmsapi SendSms, signature
// V3 "ACS3-HMAC-SHA256") and Tencent Cloud SMS (sms SendSms 2021-01-11, signature v3
// "TC3-HMAC-SHA256"). Both send by a template registered and approved at the provider, identified
// by its template code, with a signature name (签名) and the template's parameters — never free
// text. Each of our templates (templates.cpp) maps to a provider template in `sms-templates`;
// Alibaba's template names its variables (${trackingCode}), so our parameter object goes as it is;
// Tencent's numbers them ({1}, {2}), filled in the order our template's placeholders first appear.
//
// Idempotency: neither provider deduplicates by a request key. OutId / SessionContext carry the
// outbox id so a delivery report can be matched, but a crash between the provider's answer and the
// outbox marking the message sent means the worker may get that one message twice (at least once,
// never lost).
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "notify/senders.hpp"

namespace anxin::notify {

struct SmsSettings {
    std::string provider;          // log | gateway | aliyun | tencent ("" = gateway when `gateway_url`, else log)
    std::string gateway_url;       // the generic HTTP gateway (GatewaySender)
    std::string endpoint;          // provider endpoint override, e.g. a private-cloud address; "" = the public one
    std::string access_key_id;     // Alibaba AccessKey ID / Tencent SecretId
    std::string access_key_secret; // Alibaba AccessKey Secret / Tencent SecretKey (secret)
    std::string sign_name;         // 短信签名, e.g. 安薪泰山
    std::string sdk_app_id;        // Tencent SmsSdkAppId
    std::string region = "ap-guangzhou";  // Tencent API region
    std::string templates;         // "clue.accepted=SMS_123;case.step=SMS_456"
    std::string ca_file;           // PEM of CAs to trust instead of the system's ("" = system)
    std::chrono::milliseconds timeout{10000};
};

// "key=code;key=code" → map. Throws Error(kInvalidArgument) naming a malformed entry or an unknown
// template key.
std::map<std::string, std::string> ParseTemplateMap(const std::string& text);

// What is wrong with the settings, one line each (for `anxin config check` and start-up); empty =
// usable. Checks the provider name, the fields each provider needs, the template map (every template
// that can go by SMS mapped), the endpoint's scheme and the CA file.
std::vector<std::string> CheckSmsSettings(const SmsSettings& settings);

// The SMS sender the settings describe (LogFileSender to <log_dir>/sms.log for "log").
std::unique_ptr<MessageSender> MakeSmsSender(const SmsSettings& settings, const std::filesystem::path& log_dir);

// One signed request, ready for http::Send. Pure functions of their inputs, so the signing is
// testable without a clock or randomness.
struct SignedSmsRequest {
    std::string url;
    std::vector<std::pair<std::string, std::string>> headers;
    std::string body;
};
struct SmsContent {
    std::string phone;          // 11-digit mainland mobile
    std::string template_code;  // the provider's template
    std::string params_json;    // our template parameters, a JSON object
    std::vector<std::string> param_order;  // Tencent: the placeholders in order
    std::string out_id;         // the outbox id
};
// `date_iso` like 2026-12-07T08:00:00Z; `nonce` unique per request.
SignedSmsRequest SignAliyunSendSms(const SmsSettings& settings, const SmsContent& content, const std::string& date_iso,
                                   const std::string& nonce);
SignedSmsRequest SignTencentSendSms(const SmsSettings& settings, const SmsContent& content, std::int64_t unix_seconds);

class AliyunSmsSender final : public MessageSender {
  public:
    explicit AliyunSmsSender(SmsSettings settings);
    SendResult Send(const Message& message) override;

  private:
    SmsSettings settings_;
    std::map<std::string, std::string> templates_;
};

class TencentSmsSender final : public MessageSender {
  public:
    explicit TencentSmsSender(SmsSettings settings);
    SendResult Send(const Message& message) override;

  private:
    SmsSettings settings_;
    std::map<std::string, std::string> templates_;
};

}  // namespace anxin::notify
