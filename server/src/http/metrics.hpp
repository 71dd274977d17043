// Prometheus metrics in the text exposition format (version 0.0.4), kept by the process: requests
// by route pattern, method and status with a latency histogram (observed by the server), plus gauges
// and counters the app reads at scrape time (outbox backlog, open warnings, scheduler runs).
// Thread-safe. Served at GET /metrics (app).
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

namespace anxin::http {

struct MetricSample {
    std::string labels;  // `key="value",…` (escaped by LabelValue), "" for none
    double value = 0;
};

// A label value escaped for the exposition format (backslash, quote, newline).
std::string LabelValue(std::string_view value);

class Metrics {
  public:
    // Latency buckets in seconds (Prometheus' usual web spread).
    static constexpr std::array<double, 11> kBuckets = {0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};

    void ObserveRequest(std::string_view method, std::string_view route, unsigned status, double seconds);
    // A family read when scraped: type is "gauge" or "counter".
    void AddCollector(std::string name, std::string help, std::string type,
                      std::function<std::vector<MetricSample>()> collect);
    std::string Render() const;

  private:
    struct Histogram {
        std::array<std::uint64_t, kBuckets.size()> buckets{};
        std::uint64_t count = 0;
        double sum = 0;
    };
    struct Collector {
        std::string name, help, type;
        std::function<std::vector<MetricSample>()> collect;
    };
    mutable std::mutex mutex_;
    std::map<std::string, std::uint64_t> requests_;    // GUARDED_BY(mutex_): labels → count
    std::map<std::string, Histogram> durations_;      // GUARDED_BY(mutex_): route labels → histogram
    std::vector<Collector> collectors_;               // GUARDED_BY(mutex_)
};

}  // namespace anxin::http
