// A local HTTPS server for tests of outbound calls (SMS providers): its own certificate for
// 127.0.0.1, made per run with OpenSSL, and a handler that sees each request as plain values — the
// method, target, headers exactly as received and the body — so a test can check what went over the
// wire. Beast and Asio stay in tls_stub.cpp.
#pragma once

#include <atomic>
#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace anxin::testing {

struct TestCertificate {
    std::string cert_pem;  // self-signed, CA:TRUE, subjectAltName IP:127.0.0.1, valid for an hour
    std::string key_pem;
};
TestCertificate MakeTestCertificate();

struct StubRequest {
    std::string method;
    std::string target;
    std::vector<std::pair<std::string, std::string>> headers;  // as received
    std::string body;
    // The value of the header (case-insensitive name), "" when absent.
    std::string Header(std::string_view name) const;
};
struct StubResponse {
    unsigned status = 200;
    std::string body;  // sent as application/json
};

class TlsStub {
  public:
    using Handler = std::function<StubResponse(const StubRequest&)>;
    TlsStub(const TestCertificate& certificate, Handler handler);
    ~TlsStub();
    std::string url() const;  // https://127.0.0.1:<port>/
    int requests() const;     // requests that completed the TLS handshake and were read

  private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace anxin::testing
