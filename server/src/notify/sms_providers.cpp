#include "notify/sms_providers.hpp"

#include <sodium.h>

#include <algorithm>
#include <ctime>
#include <filesystem>
#include <set>

#include <boost/json.hpp>

#include "core/error.hpp"
#include "core/ids.hpp"
#include "core/text.hpp"
#include "http/client.hpp"
#include "notify/templates.hpp"

namespace anxin::notify {

namespace json = boost::json;
using core::RandomHex;
using core::Sha256Hex;

namespace {

constexpr std::string_view kAliyunEndpoint = "https://dysmsapi.aliyuncs.com/";
constexpr std::string_view kTencentEndpoint = "https://sms.tencentcloudapi.com/";

std::string Hex(const unsigned char* data, std::size_t size) {
    std::string out(size * 2 + 1, '\0');
    sodium_bin2hex(out.data(), out.size(), data, size);
    out.pop_back();
    return out;
}

std::string HmacSha256(std::string_view key, std::string_view data) {
    crypto_auth_hmacsha256_state state;
    crypto_auth_hmacsha256_init(&state, reinterpret_cast<const unsigned char*>(key.data()), key.size());
    crypto_auth_hmacsha256_update(&state, reinterpret_cast<const unsigned char*>(data.data()), data.size());
    std::string mac(crypto_auth_hmacsha256_BYTES, '\0');
    crypto_auth_hmacsha256_final(&state, reinterpret_cast<unsigned char*>(mac.data()));
    return mac;
}

std::string HexOf(std::string_view bytes) {
    return Hex(reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size());
}

// RFC 3986: unreserved characters as they are, every other byte %XX (upper case); what both
// providers' canonical forms use.
std::string PercentEncode(std::string_view text) {
    static constexpr char kHex[] = "0123456789ABCDEF";
    std::string out;
    for (unsigned char c : text) {
        if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
            out += static_cast<char>(c);
        } else {
            out += '%';
            out += kHex[c >> 4];
            out += kHex[c & 15];
        }
    }
    return out;
}

// The host[:port] of an absolute URL: what the Host header carries and the signature covers.
std::string HostOf(const std::string& url) {
    auto start = url.find("://");
    if (start == std::string::npos) return "";
    start += 3;
    auto end = url.find_first_of("/?#", start);
    return url.substr(start, end == std::string::npos ? std::string::npos : end - start);
}

std::string Endpoint(const SmsSettings& s, std::string_view fallback) {
    std::string url = s.endpoint.empty() ? std::string(fallback) : s.endpoint;
    if (url.find('/', url.find("://") + 3) == std::string::npos) url += "/";
    return url;
}

bool SentBySms(const Template& t) { return t.audience == Audience::kComplainant || t.audience == Audience::kEnterprise; }

std::string UtcIso(std::int64_t seconds, const char* format) {
    std::time_t t = static_cast<std::time_t>(seconds);
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, format, &tm);
    return buf;
}

std::int64_t NowSeconds() {
    return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

// What both cloud senders share: the template lookup and the content of one message.
std::optional<SmsContent> ContentOf(const Message& message, const std::map<std::string, std::string>& templates,
                                    SendResult& refusal) {
    if (message.channel != "sms") {
        refusal = SendResult::Permanent("the SMS provider only sends sms messages");
        return std::nullopt;
    }
    auto code = templates.find(message.template_key);
    if (code == templates.end()) {
        // A setting to fix, not a message to drop: retried until the operator maps the template.
        refusal = SendResult::Retry("模板 " + message.template_key + " 未在 sms-templates 中配置服务商模板编号");
        return std::nullopt;
    }
    SmsContent content;
    content.phone = message.recipient;
    content.template_code = code->second;
    content.params_json = message.params;
    content.out_id = message.id;
    try {
        for (auto& name : Placeholders(FindTemplate(message.template_key).text)) content.param_order.push_back(name);
    } catch (const std::logic_error&) {
        refusal = SendResult::Permanent("unknown template " + message.template_key);
        return std::nullopt;
    }
    return content;
}

std::string ParamText(const json::value& v) {
    if (v.is_string()) return std::string(v.get_string());
    if (v.is_int64()) return std::to_string(v.get_int64());
    if (v.is_uint64()) return std::to_string(v.get_uint64());
    if (v.is_double()) return json::serialize(v);
    return "";
}

json::object ParseObject(const std::string& text) {
    boost::system::error_code ec;
    json::value v = json::parse(text, ec);
    if (ec || !v.is_object()) return {};
    return v.as_object();
}

std::string Str(const json::object& o, std::string_view key) {
    const auto* v = o.if_contains(key);
    return v && v->is_string() ? std::string(v->get_string()) : std::string();
}

http::ClientRequest ToClientRequest(SignedSmsRequest signed_request, const SmsSettings& s) {
    http::ClientRequest r;
    r.url = std::move(signed_request.url);
    r.body = std::move(signed_request.body);
    r.headers = std::move(signed_request.headers);
    r.timeout = s.timeout;
    r.ca_file = s.ca_file;
    return r;
}

}  // namespace

std::map<std::string, std::string> ParseTemplateMap(const std::string& text) {
    std::map<std::string, std::string> out;
    Error::Fields bad;
    std::size_t start = 0;
    while (start <= text.size()) {
        auto end = text.find_first_of(";,", start);
        const std::string entry(core::TrimSpace(
            std::string_view(text).substr(start, end == std::string::npos ? std::string::npos : end - start)));
        start = end == std::string::npos ? text.size() + 1 : end + 1;
        if (entry.empty()) continue;
        auto eq = entry.find('=');
        std::string key = eq == std::string::npos ? entry : entry.substr(0, eq);
        std::string code = eq == std::string::npos ? "" : entry.substr(eq + 1);
        if (code.empty() || code.size() > 64 ||
            code.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-") != std::string::npos) {
            bad["sms-templates." + key] = "应为 模板键=服务商模板编号（字母、数字、下划线）";
            continue;
        }
        try {
            FindTemplate(key);
        } catch (const std::logic_error&) {
            bad["sms-templates." + key] = "没有这个消息模板";
            continue;
        }
        out[key] = code;
    }
    if (!bad.empty()) throw Error(ErrorCode::kInvalidArgument, "sms-templates 有误", bad);
    return out;
}

std::vector<std::string> CheckSmsSettings(const SmsSettings& s) {
    std::vector<std::string> problems;
    const std::string provider = s.provider.empty() ? (s.gateway_url.empty() ? "log" : "gateway") : s.provider;
    if (provider == "log") return problems;
    if (provider == "gateway") {
        if (!s.gateway_url.starts_with("http://") && !s.gateway_url.starts_with("https://"))
            problems.push_back("sms-gateway: 短信网关地址应为 http(s):// 开头");
    } else if (provider == "aliyun" || provider == "tencent") {
        const bool tencent = provider == "tencent";
        if (s.access_key_id.empty()) problems.push_back(tencent ? "sms-access-key-id: 未设置腾讯云 SecretId" : "sms-access-key-id: 未设置阿里云 AccessKey ID");
        if (s.access_key_secret.empty()) problems.push_back(tencent ? "sms-access-key-secret: 未设置腾讯云 SecretKey" : "sms-access-key-secret: 未设置阿里云 AccessKey Secret");
        if (s.sign_name.empty()) problems.push_back("sms-sign-name: 未设置短信签名");
        if (tencent && s.sdk_app_id.empty()) problems.push_back("sms-sdk-app-id: 未设置腾讯云短信应用 SdkAppId");
        if (!s.endpoint.empty() && !s.endpoint.starts_with("https://"))
            problems.push_back("sms-endpoint: 服务商地址应为 https:// 开头");
        try {
            auto map = ParseTemplateMap(s.templates);
            for (const auto& t : Templates()) {
                if (SentBySms(t) && !map.contains(std::string(t.key)))
                    problems.push_back("sms-templates: 模板 " + std::string(t.key) + " 未配置服务商模板编号");
            }
        } catch (const Error& e) {
            for (const auto& [field, reason] : e.fields()) problems.push_back(field + ": " + reason);
        }
    } else {
        problems.push_back("sms-provider: 取值无效，可选 log、gateway、aliyun、tencent");
    }
    if (!s.ca_file.empty() && !std::filesystem::exists(s.ca_file))
        problems.push_back("sms-ca-file: 文件不存在：" + s.ca_file);
    return problems;
}

std::unique_ptr<MessageSender> MakeSmsSender(const SmsSettings& s, const std::filesystem::path& log_dir) {
    const std::string provider = s.provider.empty() ? (s.gateway_url.empty() ? "log" : "gateway") : s.provider;
    if (auto problems = CheckSmsSettings(s); !problems.empty()) {
        Error::Fields fields;
        for (const auto& p : problems) {
            auto colon = p.find(':');
            fields[p.substr(0, colon)] = colon == std::string::npos ? p : p.substr(colon + 2);
        }
        throw Error(ErrorCode::kInvalidArgument, "短信设置有误", fields);
    }
    if (provider == "aliyun") return std::make_unique<AliyunSmsSender>(s);
    if (provider == "tencent") return std::make_unique<TencentSmsSender>(s);
    if (provider == "gateway") return std::make_unique<GatewaySender>(s.gateway_url, s.timeout, s.ca_file);
    return std::make_unique<LogFileSender>(log_dir / "sms.log");
}

// Alibaba Cloud signature V3 for an RPC-style API, the parameters in a form body:
//   CanonicalRequest = POST \n / \n "" \n CanonicalHeaders \n SignedHeaders \n hex(SHA256(body))
//   StringToSign     = "ACS3-HMAC-SHA256" \n hex(SHA256(CanonicalRequest))
//   Authorization    = ACS3-HMAC-SHA256 Credential=<id>,SignedHeaders=<…>,Signature=hex(HMAC(secret, StringToSign))
SignedSmsRequest SignAliyunSendSms(const SmsSettings& s, const SmsContent& c, const std::string& date_iso,
                                   const std::string& nonce) {
    // Parameters sorted by name, as a form: the same bytes are hashed and sent.
    std::map<std::string, std::string> form{{"PhoneNumbers", c.phone},
                                            {"SignName", s.sign_name},
                                            {"TemplateCode", c.template_code},
                                            {"TemplateParam", json::serialize(ParseObject(c.params_json))},
                                            {"OutId", c.out_id}};
    std::string body;
    for (const auto& [k, v] : form) body += (body.empty() ? "" : "&") + PercentEncode(k) + "=" + PercentEncode(v);

    SignedSmsRequest r;
    r.url = Endpoint(s, kAliyunEndpoint);
    const std::string host = HostOf(r.url);
    const std::string body_hash = Sha256Hex(body);
    // Lower-case names in sorted order: the canonical headers and the signed list.
    const std::vector<std::pair<std::string, std::string>> signed_headers = {
        {"content-type", "application/x-www-form-urlencoded"},
        {"host", host},
        {"x-acs-action", "SendSms"},
        {"x-acs-content-sha256", body_hash},
        {"x-acs-date", date_iso},
        {"x-acs-signature-nonce", nonce},
        {"x-acs-version", "2017-05-25"},
    };
    std::string canonical_headers, names;
    for (const auto& [name, value] : signed_headers) {
        canonical_headers += name + ":" + value + "\n";
        names += (names.empty() ? "" : ";") + name;
    }
    const std::string canonical_request = "POST\n/\n\n" + canonical_headers + "\n" + names + "\n" + body_hash;
    const std::string string_to_sign = "ACS3-HMAC-SHA256\n" + Sha256Hex(canonical_request);
    const std::string signature = HexOf(HmacSha256(s.access_key_secret, string_to_sign));
    r.headers = signed_headers;
    r.headers.emplace_back("Authorization", "ACS3-HMAC-SHA256 Credential=" + s.access_key_id +
                                                ",SignedHeaders=" + names + ",Signature=" + signature);
    r.body = std::move(body);
    return r;
}

// Tencent Cloud signature v3:
//   CanonicalRequest = POST \n / \n "" \n content-type:…\nhost:…\nx-tc-action:sendsms\n \n content-type;host;x-tc-action \n hex(SHA256(body))
//   StringToSign     = TC3-HMAC-SHA256 \n <timestamp> \n <date>/sms/tc3_request \n hex(SHA256(CanonicalRequest))
//   key              = HMAC(HMAC(HMAC("TC3"+SecretKey, date), "sms"), "tc3_request")
SignedSmsRequest SignTencentSendSms(const SmsSettings& s, const SmsContent& c, std::int64_t unix_seconds) {
    const json::object params = ParseObject(c.params_json);
    json::array param_set;
    for (const auto& name : c.param_order) {
        const auto* v = params.if_contains(name);
        param_set.emplace_back(v ? ParamText(*v) : std::string());
    }
    SignedSmsRequest r;
    r.url = Endpoint(s, kTencentEndpoint);
    r.body = json::serialize(json::object{{"PhoneNumberSet", json::array{"+86" + c.phone}},
                                          {"SmsSdkAppId", s.sdk_app_id},
                                          {"SignName", s.sign_name},
                                          {"TemplateId", c.template_code},
                                          {"TemplateParamSet", std::move(param_set)},
                                          {"SessionContext", c.out_id}});
    const std::string host = HostOf(r.url);
    const std::string content_type = "application/json; charset=utf-8";
    const std::string timestamp = std::to_string(unix_seconds);
    const std::string date = UtcIso(unix_seconds, "%Y-%m-%d");
    const std::string scope = date + "/sms/tc3_request";
    const std::string canonical_request = "POST\n/\n\ncontent-type:" + content_type + "\nhost:" + host +
                                          "\nx-tc-action:sendsms\n\ncontent-type;host;x-tc-action\n" + Sha256Hex(r.body);
    const std::string string_to_sign = "TC3-HMAC-SHA256\n" + timestamp + "\n" + scope + "\n" + Sha256Hex(canonical_request);
    const std::string key = HmacSha256(HmacSha256(HmacSha256("TC3" + s.access_key_secret, date), "sms"), "tc3_request");
    const std::string signature = HexOf(HmacSha256(key, string_to_sign));
    r.headers = {{"Content-Type", content_type},
                 {"Host", host},
                 {"X-TC-Action", "SendSms"},
                 {"X-TC-Timestamp", timestamp},
                 {"X-TC-Version", "2021-01-11"},
                 {"X-TC-Region", s.region},
                 {"Authorization", "TC3-HMAC-SHA256 Credential=" + s.access_key_id + "/" + scope +
                                       ", SignedHeaders=content-type;host;x-tc-action, Signature=" + signature}};
    return r;
}

AliyunSmsSender::AliyunSmsSender(SmsSettings settings)
    : settings_(std::move(settings)), templates_(ParseTemplateMap(settings_.templates)) {}

SendResult AliyunSmsSender::Send(const Message& message) {
    SendResult refusal;
    auto content = ContentOf(message, templates_, refusal);
    if (!content) return refusal;
    auto signed_request =
        SignAliyunSendSms(settings_, *content, UtcIso(NowSeconds(), "%Y-%m-%dT%H:%M:%SZ"), RandomHex(16));
    http::ClientResponse response;
    try {
        response = http::Send(ToClientRequest(std::move(signed_request), settings_));
    } catch (const http::ClientError& e) {
        return SendResult::Retry(e.what());
    }
    // {"Code":"OK","Message":"OK","BizId":"…","RequestId":"…"}; an error has another Code (and
    // usually a 4xx status). Only the code is kept: a provider's message may quote the number.
    const auto answer = ParseObject(response.body);
    const std::string code = Str(answer, "Code");
    if (response.status == 200 && code == "OK") return SendResult::Sent();
    const std::string error = "阿里云短信返回 HTTP " + std::to_string(response.status) + " " + (code.empty() ? "（无 Code）" : code);
    static const std::set<std::string, std::less<>> kNeverDeliverable = {"isv.MOBILE_NUMBER_ILLEGAL",
                                                                          "isv.BLACK_KEY_CONTROL_LIMIT"};
    if (kNeverDeliverable.contains(code)) return SendResult::Permanent(error);
    return SendResult::Retry(error);  // throttling, quota, a key or template to fix: worth another try
}

TencentSmsSender::TencentSmsSender(SmsSettings settings)
    : settings_(std::move(settings)), templates_(ParseTemplateMap(settings_.templates)) {}

SendResult TencentSmsSender::Send(const Message& message) {
    SendResult refusal;
    auto content = ContentOf(message, templates_, refusal);
    if (!content) return refusal;
    auto signed_request = SignTencentSendSms(settings_, *content, NowSeconds());
    http::ClientResponse response;
    try {
        response = http::Send(ToClientRequest(std::move(signed_request), settings_));
    } catch (const http::ClientError& e) {
        return SendResult::Retry(e.what());
    }
    // {"Response":{"SendStatusSet":[{"Code":"Ok",…}],"RequestId":"…"}} or {"Response":{"Error":{"Code":…}}}
    static const std::set<std::string, std::less<>> kNeverDeliverable = {
        "InvalidParameterValue.IncorrectPhoneNumber", "FailedOperation.PhoneNumberInBlacklist",
        "FailedOperation.PhoneNumberOnBlacklist"};
    const auto answer = ParseObject(response.body);
    const auto* inner = answer.if_contains("Response");
    std::string code;
    if (inner && inner->is_object()) {
        const auto& r = inner->as_object();
        if (const auto* error = r.if_contains("Error"); error && error->is_object()) {
            code = Str(error->as_object(), "Code");
        } else if (const auto* set = r.if_contains("SendStatusSet"); set && set->is_array() && !set->as_array().empty() &&
                                                                     set->as_array()[0].is_object()) {
            code = Str(set->as_array()[0].as_object(), "Code");
            if (response.status == 200 && code == "Ok") return SendResult::Sent();
        }
    }
    const std::string error = "腾讯云短信返回 HTTP " + std::to_string(response.status) + " " + (code.empty() ? "（无 Code）" : code);
    if (kNeverDeliverable.contains(code)) return SendResult::Permanent(error);
    return SendResult::Retry(error);
}

}  // namespace anxin::notify
