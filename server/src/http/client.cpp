#include "http/client.hpp"

#include <curl/curl.h>

#include <memory>
#include <mutex>

namespace anxin::http {

namespace {

constexpr std::size_t kMaxResponseBytes = 1024 * 1024;

void GlobalInitOnce() {
    static std::once_flag once;
    std::call_once(once, [] {
        if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) throw ClientError("libcurl failed to initialise");
    });
}

struct Sink {
    std::string body;
    bool too_large = false;
};

std::size_t Append(char* data, std::size_t size, std::size_t count, void* user) {
    auto* sink = static_cast<Sink*>(user);
    const std::size_t n = size * count;
    if (sink->body.size() + n > kMaxResponseBytes) {
        sink->too_large = true;
        return 0;  // makes libcurl stop with CURLE_WRITE_ERROR
    }
    sink->body.append(data, n);
    return n;
}

// The URL without its query: errors name where a request went, never the parameters it carried.
std::string Where(const std::string& url) { return url.substr(0, url.find_first_of("?#")); }

}  // namespace

ClientResponse Send(const ClientRequest& request) {
    if (!request.url.starts_with("http://") && !request.url.starts_with("https://")) {
        throw ClientError("only http:// and https:// URLs are supported: " + Where(request.url));
    }
    GlobalInitOnce();
    std::unique_ptr<CURL, decltype(&curl_easy_cleanup)> curl(curl_easy_init(), &curl_easy_cleanup);
    if (!curl) throw ClientError("libcurl could not create a handle");
    std::unique_ptr<curl_slist, decltype(&curl_slist_free_all)> headers(nullptr, &curl_slist_free_all);
    for (const auto& [name, value] : request.headers) {
        std::string line = name + ": " + value;
        curl_slist* next = curl_slist_append(headers.get(), line.c_str());
        if (!next) throw ClientError("libcurl could not add a header");
        headers.release();
        headers.reset(next);
    }
    // An empty "Expect:" stops libcurl from waiting for 100-continue on larger bodies.
    if (curl_slist* next = curl_slist_append(headers.get(), "Expect:")) {
        headers.release();
        headers.reset(next);
    }

    Sink sink;
    char error[CURL_ERROR_SIZE] = {};
    CURL* h = curl.get();
    curl_easy_setopt(h, CURLOPT_URL, request.url.c_str());
    curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 0L);  // a provider that redirects is misconfigured
    curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);        // threads: no SIGALRM for DNS timeouts
    curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, static_cast<long>(request.timeout.count()));
    curl_easy_setopt(h, CURLOPT_SSL_VERIFYPEER, 1L);
    curl_easy_setopt(h, CURLOPT_SSL_VERIFYHOST, 2L);
    if (!request.ca_file.empty()) curl_easy_setopt(h, CURLOPT_CAINFO, request.ca_file.c_str());
    curl_easy_setopt(h, CURLOPT_USERAGENT, "anxin");
    curl_easy_setopt(h, CURLOPT_HTTPHEADER, headers.get());
    curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, request.method.c_str());
    if (request.method != "GET") {
        curl_easy_setopt(h, CURLOPT_POSTFIELDS, request.body.data());
        curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(request.body.size()));
    }
    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, &Append);
    curl_easy_setopt(h, CURLOPT_WRITEDATA, &sink);
    curl_easy_setopt(h, CURLOPT_ERRORBUFFER, error);

    CURLcode rc = curl_easy_perform(h);
    if (sink.too_large) throw ClientError(request.method + " " + Where(request.url) + ": response larger than 1 MiB");
    if (rc != CURLE_OK) {
        throw ClientError(request.method + " " + Where(request.url) + " failed: " +
                          (error[0] ? std::string(error) : std::string(curl_easy_strerror(rc))));
    }
    long status = 0;
    curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status);
    return ClientResponse{static_cast<unsigned>(status), std::move(sink.body)};
}

ClientResponse PostJson(const std::string& url, std::string_view body,
                        const std::vector<std::pair<std::string, std::string>>& headers,
                        std::chrono::milliseconds timeout, const std::string& ca_file) {
    ClientRequest request;
    request.url = url;
    request.body = std::string(body);
    request.headers.emplace_back("Content-Type", "application/json; charset=utf-8");
    for (const auto& h : headers) request.headers.push_back(h);
    request.timeout = timeout;
    request.ca_file = ca_file;
    return Send(request);
}

}  // namespace anxin::http
