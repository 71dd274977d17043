#include "http/metrics.hpp"

#include <spdlog/spdlog.h>

#include <sstream>

namespace anxin::http {

std::string LabelValue(std::string_view value) {
    std::string out;
    for (char c : value) {
        if (c == '\\') out += "\\\\";
        else if (c == '"') out += "\\\"";
        else if (c == '\n') out += "\\n";
        else out += c;
    }
    return out;
}

void Metrics::ObserveRequest(std::string_view method, std::string_view route, unsigned status, double seconds) {
    const std::string route_labels = "method=\"" + LabelValue(method) + "\",route=\"" + LabelValue(route) + "\"";
    std::lock_guard lock(mutex_);
    ++requests_[route_labels + ",status=\"" + std::to_string(status) + "\""];
    Histogram& h = durations_[route_labels];
    for (std::size_t i = 0; i < kBuckets.size(); ++i)
        if (seconds <= kBuckets[i]) ++h.buckets[i];
    ++h.count;
    h.sum += seconds;
}

void Metrics::AddCollector(std::string name, std::string help, std::string type,
                           std::function<std::vector<MetricSample>()> collect) {
    std::lock_guard lock(mutex_);
    collectors_.push_back({std::move(name), std::move(help), std::move(type), std::move(collect)});
}

std::string Metrics::Render() const {
    std::ostringstream out;
    std::vector<Collector> collectors;
    {
        std::lock_guard lock(mutex_);
        out << "# HELP anxin_http_requests_total HTTP requests by route pattern, method and status.\n"
               "# TYPE anxin_http_requests_total counter\n";
        for (const auto& [labels, count] : requests_) out << "anxin_http_requests_total{" << labels << "} " << count << "\n";
        out << "# HELP anxin_http_request_duration_seconds Time to answer, by route pattern and method.\n"
               "# TYPE anxin_http_request_duration_seconds histogram\n";
        for (const auto& [labels, h] : durations_) {
            for (std::size_t i = 0; i < kBuckets.size(); ++i)
                out << "anxin_http_request_duration_seconds_bucket{" << labels << ",le=\"" << kBuckets[i] << "\"} "
                    << h.buckets[i] << "\n";
            out << "anxin_http_request_duration_seconds_bucket{" << labels << ",le=\"+Inf\"} " << h.count << "\n";
            out << "anxin_http_request_duration_seconds_sum{" << labels << "} " << h.sum << "\n";
            out << "anxin_http_request_duration_seconds_count{" << labels << "} " << h.count << "\n";
        }
        collectors = collectors_;
    }
    // Outside the lock: collectors query the database.
    for (const auto& c : collectors) {
        std::vector<MetricSample> samples;
        try {
            samples = c.collect();
        } catch (const std::exception& e) {
            spdlog::warn("metrics: {} could not be read: {}", c.name, e.what());
            continue;
        }
        out << "# HELP " << c.name << " " << c.help << "\n# TYPE " << c.name << " " << c.type << "\n";
        for (const auto& s : samples)
            out << c.name << (s.labels.empty() ? "" : "{" + s.labels + "}") << " " << s.value << "\n";
    }
    return out.str();
}

}  // namespace anxin::http
