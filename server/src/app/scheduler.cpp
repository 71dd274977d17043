#include "app/scheduler.hpp"

#include <algorithm>
#include <optional>

#include <spdlog/spdlog.h>

#include <stdexcept>

namespace anxin::app {

Scheduler::Scheduler(const core::Clock& clock, std::chrono::milliseconds poll_interval, Claim claim)
    : clock_(clock), poll_interval_(poll_interval), claim_(std::move(claim)) {}

Scheduler::~Scheduler() { Stop(); }

void Scheduler::Every(std::string name, std::chrono::seconds period, std::function<void()> job) {
    if (period <= std::chrono::seconds(0)) throw std::logic_error("scheduler: period of " + name + " must be positive");
    Job j{std::move(name), std::move(job), period, -1, -1, {}};
    j.next_due = NextDue(j, clock_.Now());
    std::lock_guard lock(mutex_);
    jobs_.push_back(std::move(j));
}

void Scheduler::Daily(std::string name, int hour, int minute, std::function<void()> job) {
    if (hour < 0 || hour > 23 || minute < 0 || minute > 59) {
        throw std::logic_error("scheduler: bad time of day for " + name);
    }
    Job j{std::move(name), std::move(job), std::chrono::seconds(0), hour, minute, {}};
    j.next_due = NextDue(j, clock_.Now());
    std::lock_guard lock(mutex_);
    jobs_.push_back(std::move(j));
}

core::Timestamp Scheduler::NextDue(const Job& job, core::Timestamp after) const {
    if (job.period.count() > 0) return after + job.period;
    core::Date day = core::Date::ShanghaiDateOf(after);
    auto at = [&](core::Date d) {
        return d.StartInShanghai() + std::chrono::hours(job.hour) + std::chrono::minutes(job.minute);
    };
    core::Timestamp candidate = at(day);
    return candidate > after ? candidate : at(day.AddDays(1));
}

int Scheduler::RunDue() {
    struct Due {
        std::string name;
        std::function<void()> run;
        std::optional<core::Timestamp> daily_due;  // a daily job: the due time other instances share
    };
    std::vector<Due> due;
    {
        std::lock_guard lock(mutex_);
        auto now = clock_.Now();
        for (auto& job : jobs_) {
            if (job.next_due > now) continue;
            due.push_back({job.name, job.run, job.period.count() > 0 ? std::nullopt : std::optional(job.next_due)});
            if (job.period.count() > 0) {
                // Keep the cadence, but collapse missed runs into this one.
                job.next_due += job.period;
                if (job.next_due <= now) job.next_due = NextDue(job, now);
            } else {
                job.next_due = NextDue(job, now);
            }
        }
    }
    int ran = static_cast<int>(due.size());
    for (const auto& job : due) {
        // A failing job must not stop the others nor the thread: log it; it runs again next time.
        try {
            if (job.daily_due && claim_ && !claim_(job.name, *job.daily_due)) {
                spdlog::info("scheduled job {} due {} runs on another instance", job.name,
                             core::FormatTimestamp(*job.daily_due));
                --ran;
                Record(job.name, [](JobStats& s) { ++s.elsewhere; });
                continue;
            }
            const auto started = std::chrono::steady_clock::now();
            job.run();
            const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
            Record(job.name, [&](JobStats& s) {
                ++s.runs;
                s.last_seconds = seconds;
            });
        } catch (const std::exception& e) {
            spdlog::error("scheduled job {} failed: {}", job.name, e.what());
            Record(job.name, [](JobStats& s) { ++s.runs, ++s.failures; });
        } catch (...) {
            spdlog::error("scheduled job {} failed with a non-standard exception", job.name);
            Record(job.name, [](JobStats& s) { ++s.runs, ++s.failures; });
        }
    }
    return ran;
}

void Scheduler::Record(const std::string& name, const std::function<void(JobStats&)>& change) {
    std::lock_guard lock(mutex_);
    auto it = std::find_if(stats_.begin(), stats_.end(), [&](const JobStats& s) { return s.name == name; });
    if (it == stats_.end()) it = stats_.insert(stats_.end(), JobStats{name});
    change(*it);
}

std::vector<Scheduler::JobStats> Scheduler::Stats() const {
    std::lock_guard lock(mutex_);
    return stats_;
}

void Scheduler::Start() {
    std::lock_guard lock(mutex_);
    if (thread_.joinable()) return;
    stopping_ = false;
    thread_ = std::thread([this] { Loop(); });
    spdlog::info("scheduler started with {} job(s)", jobs_.size());
}

void Scheduler::Stop() {
    {
        std::lock_guard lock(mutex_);
        if (!thread_.joinable()) return;
        stopping_ = true;
    }
    wake_.notify_all();
    thread_.join();
    thread_ = std::thread();
}

void Scheduler::Loop() {
    std::unique_lock lock(mutex_);
    while (!stopping_) {
        lock.unlock();
        RunDue();
        lock.lock();
        wake_.wait_for(lock, poll_interval_, [this] { return stopping_; });
    }
}

}  // namespace anxin::app
