#include "identity/login_guard.hpp"

#include <algorithm>

namespace anxin::identity {

void LoginSourceGuard::Prune(std::deque<core::Timestamp>& times, core::Timestamp now) const {
    while (!times.empty() && times.front() + window_ <= now) times.pop_front();
}

std::optional<long> LoginSourceGuard::RetryAfter(const std::string& source, core::Timestamp now) {
    std::lock_guard lock(mutex_);
    auto it = failures_.find(source);
    if (it == failures_.end()) return std::nullopt;
    Prune(it->second, now);
    if (static_cast<int>(it->second.size()) < max_failures_) return std::nullopt;
    // Free again when enough of the oldest failures have left the window.
    auto free_at = it->second[it->second.size() - static_cast<std::size_t>(max_failures_)] + window_;
    auto seconds = std::chrono::ceil<std::chrono::seconds>(free_at - now).count();
    return std::max<long>(1, static_cast<long>(seconds));
}

void LoginSourceGuard::RecordFailure(const std::string& source, core::Timestamp now) {
    std::lock_guard lock(mutex_);
    if (failures_.size() >= kMaxSources && !failures_.contains(source)) {
        std::erase_if(failures_, [&](const auto& entry) {
            return entry.second.empty() || entry.second.back() + window_ <= now;  // all of it expired
        });
        if (failures_.size() >= kMaxSources) failures_.clear();  // a distributed flood: start over, stay bounded
    }
    auto& times = failures_[source];
    Prune(times, now);
    times.push_back(now);
    // Only the newest max_failures_ matter for the limit.
    while (static_cast<int>(times.size()) > max_failures_) times.pop_front();
}

}  // namespace anxin::identity
