#include "testing/tls_stub.hpp"

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509v3.h>

#include <strings.h>

#include <thread>

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>

namespace anxin::testing {

namespace asio = boost::asio;
namespace ssl = boost::asio::ssl;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = asio::ip::tcp;

TestCertificate MakeTestCertificate() {
    EVP_PKEY* key = EVP_EC_gen("P-256");
    X509* x = X509_new();
    X509_set_version(x, 2);
    ASN1_INTEGER_set(X509_get_serialNumber(x), 1);
    X509_gmtime_adj(X509_getm_notBefore(x), -3600);
    X509_gmtime_adj(X509_getm_notAfter(x), 3600);
    X509_set_pubkey(x, key);
    X509_NAME* name = X509_get_subject_name(x);
    X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC, reinterpret_cast<const unsigned char*>("anxin test stub"), -1, -1, 0);
    X509_set_issuer_name(x, name);
    X509V3_CTX ctx;
    X509V3_set_ctx(&ctx, x, x, nullptr, nullptr, 0);
    for (auto [nid, value] : {std::pair{NID_subject_alt_name, "IP:127.0.0.1"}, std::pair{NID_basic_constraints, "critical,CA:TRUE"}}) {
        X509_EXTENSION* ext = X509V3_EXT_conf_nid(nullptr, &ctx, nid, value);
        X509_add_ext(x, ext, -1);
        X509_EXTENSION_free(ext);
    }
    X509_sign(x, key, EVP_sha256());
    auto to_pem = [](auto write) {
        BIO* bio = BIO_new(BIO_s_mem());
        write(bio);
        char* data = nullptr;
        long n = BIO_get_mem_data(bio, &data);
        std::string out(data, static_cast<std::size_t>(n));
        BIO_free(bio);
        return out;
    };
    TestCertificate c;
    c.cert_pem = to_pem([&](BIO* b) { PEM_write_bio_X509(b, x); });
    c.key_pem = to_pem([&](BIO* b) { PEM_write_bio_PrivateKey(b, key, nullptr, nullptr, 0, nullptr, nullptr); });
    X509_free(x);
    EVP_PKEY_free(key);
    return c;
}

std::string StubRequest::Header(std::string_view name) const {
    for (const auto& [k, v] : headers)
        if (k.size() == name.size() && strncasecmp(k.data(), name.data(), k.size()) == 0) return v;
    return "";
}

struct TlsStub::Impl {
    Handler handler;
    asio::io_context ioc;
    ssl::context tls{ssl::context::tls_server};
    tcp::acceptor acceptor{ioc, {asio::ip::make_address("127.0.0.1"), 0}};
    std::thread thread;
    std::atomic<bool> stopping{false};
    std::atomic<int> requests{0};

    void Serve() {
        while (!stopping) {
            tcp::socket socket(ioc);
            beast::error_code ec;
            acceptor.accept(socket, ec);
            if (ec || stopping) continue;
            ssl::stream<tcp::socket> stream(std::move(socket), tls);
            stream.handshake(ssl::stream_base::server, ec);
            if (ec) continue;  // e.g. the client refused our certificate
            beast::flat_buffer buffer;
            bhttp::request<bhttp::string_body> request;
            bhttp::read(stream, buffer, request, ec);
            if (ec) continue;
            ++requests;
            StubRequest plain{std::string(request.method_string()), std::string(request.target()), {}, request.body()};
            for (const auto& field : request) plain.headers.emplace_back(std::string(field.name_string()), std::string(field.value()));
            StubResponse answer = handler(plain);
            bhttp::response<bhttp::string_body> response{static_cast<bhttp::status>(answer.status), 11};
            response.set(bhttp::field::content_type, "application/json");
            response.body() = std::move(answer.body);
            response.prepare_payload();
            bhttp::write(stream, response, ec);
            stream.shutdown(ec);
        }
    }
};

TlsStub::TlsStub(const TestCertificate& certificate, Handler handler) : impl_(std::make_unique<Impl>()) {
    impl_->handler = std::move(handler);
    impl_->tls.use_certificate_chain(asio::buffer(certificate.cert_pem));
    impl_->tls.use_private_key(asio::buffer(certificate.key_pem), ssl::context::pem);
    impl_->thread = std::thread([this] { impl_->Serve(); });
}

TlsStub::~TlsStub() {
    impl_->stopping = true;
    beast::error_code ignored;
    tcp::socket poke(impl_->ioc);  // wakes the blocking accept
    poke.connect(impl_->acceptor.local_endpoint(), ignored);
    impl_->thread.join();
}

std::string TlsStub::url() const {
    return "https://127.0.0.1:" + std::to_string(impl_->acceptor.local_endpoint().port()) + "/";
}

int TlsStub::requests() const { return impl_->requests; }

}  // namespace anxin::testing
