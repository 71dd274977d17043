// The cloud SMS senders against a local HTTPS stub of each provider. The stub has its own
// certificate (made here, trusted through sms-ca-file) and checks every request the way the provider
// does: it recomputes the signature from the bytes on the wire — the headers as received, the body as
// received — with OpenSSL, independently of the sender's libsodium code, and answers in the
// provider's JSON.
#include "notify/sms_providers.hpp"

#include <gtest/gtest.h>

#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/sha.h>

#include <atomic>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <mutex>
#include <thread>

#include <boost/json.hpp>

#include "core/error.hpp"
#include "notify/templates.hpp"
#include "testing/tls_stub.hpp"

namespace anxin::notify {
namespace {

namespace json = boost::json;
using anxin::testing::TestCertificate;
using anxin::testing::TlsStub;
using Request = anxin::testing::StubRequest;
using Response = anxin::testing::StubResponse;

// ---- the providers' checks, from their documentation, on the received bytes ------------------

std::string Hex(std::string_view bytes) {
    std::string hex;
    char buf[3];
    for (unsigned char b : bytes) {
        std::snprintf(buf, sizeof buf, "%02x", b);
        hex += buf;
    }
    return hex;
}

std::string Sha256(std::string_view data) {
    unsigned char digest[SHA256_DIGEST_LENGTH];
    SHA256(reinterpret_cast<const unsigned char*>(data.data()), data.size(), digest);
    return Hex(std::string_view(reinterpret_cast<const char*>(digest), sizeof digest));
}

std::string Hmac(std::string_view key, std::string_view data) {
    unsigned char mac[EVP_MAX_MD_SIZE];
    unsigned int n = 0;
    HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()), reinterpret_cast<const unsigned char*>(data.data()),
         data.size(), mac, &n);
    return std::string(reinterpret_cast<char*>(mac), n);
}

std::string Lower(std::string s) {
    for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

std::string Trim(std::string s) {
    s.erase(0, s.find_first_not_of(' '));
    s.erase(s.find_last_not_of(' ') + 1);
    return s;
}

std::vector<std::string> Split(const std::string& s, char sep) {
    std::vector<std::string> out;
    std::size_t start = 0;
    while (true) {
        auto end = s.find(sep, start);
        out.push_back(s.substr(start, end - start));
        if (end == std::string::npos) break;
        start = end + 1;
    }
    return out;
}

// "Name k1=v1,k2=v2" or "Name k1=v1, k2=v2" → {k: v}
std::map<std::string, std::string> AuthFields(const std::string& header, const std::string& algorithm) {
    std::map<std::string, std::string> out;
    if (!header.starts_with(algorithm + " ")) return out;
    for (auto& part : Split(header.substr(algorithm.size() + 1), ',')) {
        auto kv = Trim(part);
        auto eq = kv.find('=');
        if (eq != std::string::npos) out[kv.substr(0, eq)] = kv.substr(eq + 1);
    }
    return out;
}

std::string HeaderValue(const Request& r, const std::string& name) { return r.Header(name); }

std::string PercentDecode(const std::string& s) {
    std::string out;
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '%' && i + 2 < s.size()) {
            out += static_cast<char>(std::stoi(s.substr(i + 1, 2), nullptr, 16));
            i += 2;
        } else {
            out += s[i] == '+' ? ' ' : s[i];
        }
    }
    return out;
}

constexpr char kKeyId[] = "LTAI-test-key";
constexpr char kSecret[] = "the-provider-secret";

struct Seen {
    std::mutex mutex;
    std::vector<std::map<std::string, std::string>> forms;  // Alibaba: the form fields
    std::vector<json::object> bodies;                       // Tencent: the JSON bodies
};

// Alibaba Cloud V3 (ACS3-HMAC-SHA256) as its documentation describes it.
Response AliyunStub(const Request& r, Seen& seen) {
    auto answer = [](unsigned status, std::string code) {
        return Response{status, json::serialize(json::object{{"Code", code}, {"Message", code}, {"RequestId", "stub"}})};
    };
    auto fields = AuthFields(HeaderValue(r, "Authorization"), "ACS3-HMAC-SHA256");
    if (fields["Credential"] != kKeyId) return answer(404, "InvalidAccessKeyId.NotFound");
    const std::string body = r.body;
    if (HeaderValue(r, "x-acs-content-sha256") != Sha256(body)) return answer(400, "IncompleteSignature");
    if (HeaderValue(r, "x-acs-action") != "SendSms" || HeaderValue(r, "x-acs-version") != "2017-05-25")
        return answer(400, "InvalidAction");
    // The request's time must be near now (15 minutes) and its nonce never seen before.
    std::tm tm{};
    if (!strptime(HeaderValue(r, "x-acs-date").c_str(), "%Y-%m-%dT%H:%M:%SZ", &tm)) return answer(400, "InvalidTimeStamp.Format");
    if (std::abs(std::difftime(timegm(&tm), std::time(nullptr))) > 900) return answer(400, "InvalidTimeStamp.Expired");
    std::string canonical_headers;
    bool host_signed = false, nonce_signed = false, date_signed = false, hash_signed = false;
    for (const auto& name : Split(fields["SignedHeaders"], ';')) {
        canonical_headers += Lower(name) + ":" + Trim(HeaderValue(r, name)) + "\n";
        host_signed |= name == "host";
        nonce_signed |= name == "x-acs-signature-nonce";
        date_signed |= name == "x-acs-date";
        hash_signed |= name == "x-acs-content-sha256";
    }
    if (!host_signed || !nonce_signed || !date_signed || !hash_signed) return answer(400, "IncompleteSignature");
    std::string target = r.target;
    auto q = target.find('?');
    std::string path = target.substr(0, q), query = q == std::string::npos ? "" : target.substr(q + 1);
    std::string canonical = r.method + "\n" + path + "\n" + query + "\n" + canonical_headers + "\n" +
                            fields["SignedHeaders"] + "\n" + Sha256(body);
    std::string expected = Hex(Hmac(kSecret, "ACS3-HMAC-SHA256\n" + Sha256(canonical)));
    if (fields["Signature"] != expected) return answer(400, "SignatureDoesNotMatch");

    std::map<std::string, std::string> form;
    for (const auto& pair : Split(body, '&')) {
        auto eq = pair.find('=');
        if (eq != std::string::npos) form[PercentDecode(pair.substr(0, eq))] = PercentDecode(pair.substr(eq + 1));
    }
    {
        std::lock_guard lock(seen.mutex);
        seen.forms.push_back(form);
    }
    if (form["PhoneNumbers"] == "13900000000") return answer(400, "isv.MOBILE_NUMBER_ILLEGAL");
    return answer(200, "OK");
}

// Tencent Cloud v3 (TC3-HMAC-SHA256) as its documentation describes it.
Response TencentStub(const Request& r, Seen& seen) {
    auto error = [](std::string code) {
        return Response{200, json::serialize(json::object{
                                 {"Response", json::object{{"Error", json::object{{"Code", code}, {"Message", code}}}, {"RequestId", "stub"}}}})};
    };
    auto fields = AuthFields(HeaderValue(r, "Authorization"), "TC3-HMAC-SHA256");
    auto credential = Split(fields["Credential"], '/');
    if (credential.size() != 4 || credential[0] != kKeyId || credential[2] != "sms" || credential[3] != "tc3_request")
        return error("AuthFailure.SecretIdNotFound");
    const std::string timestamp = HeaderValue(r, "X-TC-Timestamp");
    const std::time_t t = static_cast<std::time_t>(std::stoll(timestamp.empty() ? "0" : timestamp));
    if (std::abs(std::difftime(t, std::time(nullptr))) > 300) return error("AuthFailure.SignatureExpire");
    char date[16];
    std::tm tm{};
    gmtime_r(&t, &tm);
    std::strftime(date, sizeof date, "%Y-%m-%d", &tm);
    if (credential[1] != date) return error("AuthFailure.SignatureFailure");
    if (HeaderValue(r, "X-TC-Action") != "SendSms" || HeaderValue(r, "X-TC-Version") != "2021-01-11")
        return error("InvalidAction");
    std::string canonical_headers;
    bool has_host = false, has_type = false;
    for (const auto& name : Split(fields["SignedHeaders"], ';')) {
        canonical_headers += Lower(name) + ":" + Lower(Trim(HeaderValue(r, name))) + "\n";
        has_host |= name == "host";
        has_type |= name == "content-type";
    }
    if (!has_host || !has_type) return error("AuthFailure.SignatureFailure");
    const std::string body = r.body;
    std::string canonical = r.method + "\n/\n\n" + canonical_headers + "\n" + fields["SignedHeaders"] +
                            "\n" + Sha256(body);
    std::string scope = std::string(date) + "/sms/tc3_request";
    std::string to_sign = "TC3-HMAC-SHA256\n" + timestamp + "\n" + scope + "\n" + Sha256(canonical);
    std::string key = Hmac(Hmac(Hmac(std::string("TC3") + kSecret, date), "sms"), "tc3_request");
    if (fields["Signature"] != Hex(Hmac(key, to_sign))) return error("AuthFailure.SignatureFailure");

    json::object parsed = json::parse(body).as_object();
    {
        std::lock_guard lock(seen.mutex);
        seen.bodies.push_back(parsed);
    }
    std::string phone(parsed["PhoneNumberSet"].as_array()[0].as_string());
    std::string code = phone == "+8613900000000" ? "InvalidParameterValue.IncorrectPhoneNumber" : "Ok";
    return Response{200, json::serialize(json::object{
                             {"Response", json::object{{"SendStatusSet", json::array{json::object{{"SerialNo", "1"}, {"PhoneNumber", phone}, {"Code", code}}}},
                                                       {"RequestId", "stub"}}}})};
}

class SmsProvidersTest : public ::testing::Test {
  protected:
    void SetUp() override {
        cert_ = anxin::testing::MakeTestCertificate();
        ca_file_ = std::filesystem::temp_directory_path() / ("anxin-sms-ca-" + std::to_string(::getpid()) + ".pem");
        std::ofstream(ca_file_) << cert_.cert_pem;
    }
    void TearDown() override { std::filesystem::remove(ca_file_); }

    SmsSettings Settings(std::string provider, const TlsStub& stub) {
        SmsSettings s;
        s.provider = std::move(provider);
        s.endpoint = stub.url();
        s.access_key_id = kKeyId;
        s.access_key_secret = kSecret;
        s.sign_name = "安薪泰山";
        s.sdk_app_id = "1400000001";
        s.templates = "clue.accepted=SMS_100;case.step=SMS_200;case.closed=SMS_300;clue.gc_notice=SMS_400;"
                      "warning.raised=SMS_500;warning.escalated=SMS_600;warning.deadline_soon=SMS_700";
        s.ca_file = ca_file_.string();
        s.timeout = std::chrono::seconds(5);
        return s;
    }

    static Message StepMessage(std::string phone) {
        Message m;
        m.id = "01OUTBOXTEST";
        m.channel = "sms";
        m.recipient = std::move(phone);
        m.recipient_mask = "139****0000";
        m.template_key = "case.step";
        m.body = "rendered";
        m.params = R"({"trackingCode":"K7Q2M9","step":"已责令用人单位限期支付","deadline":"2026-12-18"})";
        return m;
    }

    TestCertificate cert_;
    std::filesystem::path ca_file_;
    Seen seen_;
};

TEST_F(SmsProvidersTest, AliyunSendsTheTemplateCodeAndParametersSignedOverVerifiedTls) {
    TlsStub stub(cert_, [&](const Request& r) { return AliyunStub(r, seen_); });
    AliyunSmsSender sender(Settings("aliyun", stub));
    auto result = sender.Send(StepMessage("13812345678"));
    ASSERT_EQ(result.status, SendStatus::kSent) << result.error;
    ASSERT_EQ(seen_.forms.size(), 1u);
    auto& form = seen_.forms[0];
    EXPECT_EQ(form["PhoneNumbers"], "13812345678");
    EXPECT_EQ(form["SignName"], "安薪泰山");
    EXPECT_EQ(form["TemplateCode"], "SMS_200");
    EXPECT_EQ(form["OutId"], "01OUTBOXTEST");
    auto params = json::parse(form["TemplateParam"]).as_object();
    EXPECT_EQ(params["trackingCode"], "K7Q2M9");
    EXPECT_EQ(params["step"], "已责令用人单位限期支付");
    EXPECT_EQ(params["deadline"], "2026-12-18");
}

TEST_F(SmsProvidersTest, AliyunWithAWrongSecretIsRefusedByTheProviderAndRetried) {
    TlsStub stub(cert_, [&](const Request& r) { return AliyunStub(r, seen_); });
    auto settings = Settings("aliyun", stub);
    settings.access_key_secret = "not-the-secret";
    AliyunSmsSender sender(settings);
    auto result = sender.Send(StepMessage("13812345678"));
    EXPECT_EQ(result.status, SendStatus::kRetry);
    EXPECT_NE(result.error.find("SignatureDoesNotMatch"), std::string::npos) << result.error;
    EXPECT_EQ(result.error.find("13812345678"), std::string::npos) << "errors are logged: no phone number";
    EXPECT_TRUE(seen_.forms.empty());
}

TEST_F(SmsProvidersTest, AliyunIllegalNumberFailsForGood) {
    TlsStub stub(cert_, [&](const Request& r) { return AliyunStub(r, seen_); });
    AliyunSmsSender sender(Settings("aliyun", stub));
    auto result = sender.Send(StepMessage("13900000000"));
    EXPECT_EQ(result.status, SendStatus::kPermanent);
    EXPECT_NE(result.error.find("isv.MOBILE_NUMBER_ILLEGAL"), std::string::npos);
}

TEST_F(SmsProvidersTest, AnUntrustedCertificateIsNeverSentTo) {
    TlsStub stub(cert_, [&](const Request& r) { return AliyunStub(r, seen_); });
    auto settings = Settings("aliyun", stub);
    settings.ca_file = "";  // the system's CAs do not know the stub
    AliyunSmsSender sender(settings);
    auto result = sender.Send(StepMessage("13812345678"));
    EXPECT_EQ(result.status, SendStatus::kRetry);
    EXPECT_NE(result.error.find("certificate"), std::string::npos) << result.error;
    EXPECT_EQ(stub.requests(), 0);
}

TEST_F(SmsProvidersTest, TencentSendsParametersInThePlaceholdersOrderSignedOverVerifiedTls) {
    TlsStub stub(cert_, [&](const Request& r) { return TencentStub(r, seen_); });
    TencentSmsSender sender(Settings("tencent", stub));
    auto result = sender.Send(StepMessage("13812345678"));
    ASSERT_EQ(result.status, SendStatus::kSent) << result.error;
    ASSERT_EQ(seen_.bodies.size(), 1u);
    auto& body = seen_.bodies[0];
    EXPECT_EQ(body["PhoneNumberSet"], (json::array{"+8613812345678"}));
    EXPECT_EQ(body["SmsSdkAppId"], "1400000001");
    EXPECT_EQ(body["SignName"], "安薪泰山");
    EXPECT_EQ(body["TemplateId"], "SMS_200");
    EXPECT_EQ(body["SessionContext"], "01OUTBOXTEST");
    // case.step reads "…查询码{trackingCode}…：{step}。…：{deadline}。": Tencent's {1} {2} {3}.
    ASSERT_EQ(Placeholders(FindTemplate("case.step").text), (std::vector<std::string>{"trackingCode", "step", "deadline"}));
    EXPECT_EQ(body["TemplateParamSet"], (json::array{"K7Q2M9", "已责令用人单位限期支付", "2026-12-18"}));
}

TEST_F(SmsProvidersTest, TencentWrongSecretRetriedAndIllegalNumberFailed) {
    TlsStub stub(cert_, [&](const Request& r) { return TencentStub(r, seen_); });
    auto bad = Settings("tencent", stub);
    bad.access_key_secret = "not-the-secret";
    auto refused = TencentSmsSender(bad).Send(StepMessage("13812345678"));
    EXPECT_EQ(refused.status, SendStatus::kRetry);
    EXPECT_NE(refused.error.find("AuthFailure.SignatureFailure"), std::string::npos) << refused.error;

    auto illegal = TencentSmsSender(Settings("tencent", stub)).Send(StepMessage("13900000000"));
    EXPECT_EQ(illegal.status, SendStatus::kPermanent);
    EXPECT_NE(illegal.error.find("IncorrectPhoneNumber"), std::string::npos);
}

TEST_F(SmsProvidersTest, AnUnmappedTemplateWaitsForTheSettingInsteadOfBeingDropped) {
    TlsStub stub(cert_, [&](const Request& r) { return TencentStub(r, seen_); });
    auto settings = Settings("tencent", stub);
    settings.templates = "clue.accepted=SMS_100";
    auto result = TencentSmsSender(settings).Send(StepMessage("13812345678"));
    EXPECT_EQ(result.status, SendStatus::kRetry);
    EXPECT_NE(result.error.find("case.step"), std::string::npos);
    EXPECT_EQ(stub.requests(), 0);
}

TEST(SmsSettingsTest, ConfigCheckNamesWhatEachProviderLacks) {
    SmsSettings s;
    s.provider = "tencent";
    s.templates = "clue.accepted=SMS_1";
    s.endpoint = "http://sms.example";
    auto problems = CheckSmsSettings(s);
    auto has = [&](std::string_view text) {
        return std::any_of(problems.begin(), problems.end(), [&](const std::string& p) { return p.find(text) != std::string::npos; });
    };
    EXPECT_TRUE(has("sms-access-key-id"));
    EXPECT_TRUE(has("sms-access-key-secret"));
    EXPECT_TRUE(has("sms-sign-name"));
    EXPECT_TRUE(has("sms-sdk-app-id"));
    EXPECT_TRUE(has("sms-endpoint"));
    EXPECT_TRUE(has("模板 case.step 未配置"));  // a complainant's template
    EXPECT_FALSE(has("case.assigned"));          // a handler's: internal messages, never SMS

    s.provider = "carrier-pigeon";
    EXPECT_TRUE(CheckSmsSettings(s)[0].starts_with("sms-provider"));
    EXPECT_TRUE(CheckSmsSettings(SmsSettings{}).empty());  // the log file needs nothing
}

TEST(SmsSettingsTest, TemplateMapRefusesUnknownKeysAndBadCodes) {
    EXPECT_EQ(ParseTemplateMap(" clue.accepted=SMS_1 ; case.step=2001 ").at("case.step"), "2001");
    try {
        ParseTemplateMap("clue.acepted=SMS_1;case.step=SMS 2");
        FAIL() << "accepted";
    } catch (const Error& e) {
        EXPECT_EQ(e.fields().size(), 2u);
        EXPECT_TRUE(e.fields().contains("sms-templates.clue.acepted"));
        EXPECT_TRUE(e.fields().contains("sms-templates.case.step"));
    }
}

}  // namespace
}  // namespace anxin::notify
