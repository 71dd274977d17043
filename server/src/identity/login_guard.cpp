#include "identity/login_guard.hpp"

#include <algorithm>

namespace anxin::identity {

void LoginSourceGuard::Prune(std::deque<core::Timestamp>& times, core::Timestamp now) const {
    while (!times.empty() && times.front() + window_ <= now) times.pop_front();
}

std::optional<long> LoginSourceGuard::Admit(const std::string& source, core::Timestamp now) {
    std::lock_guard lock(mutex_);
    if (auto it = failures_.find(source); it != failures_.end()) {
        Prune(it->second, now);
        if (static_cast<int>(it->second.size()) >= max_failures_) {
            // Free again when enough of the oldest failures have left the window.
            auto free_at = it->second[it->second.size() - static_cast<std::size_t>(max_failures_)] + window_;
            auto seconds = std::chrono::ceil<std::chrono::seconds>(free_at - now).count();
            return std::max<long>(1, static_cast<long>(seconds));
        }
    }
    RecordLocked(source, now);
    return std::nullopt;
}

void LoginSourceGuard::Forgive(const std::string& source) {
    std::lock_guard lock(mutex_);
    if (auto it = failures_.find(source); it != failures_.end() && !it->second.empty()) it->second.pop_back();
}

void LoginSourceGuard::RecordLocked(const std::string& source, core::Timestamp now) {
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
