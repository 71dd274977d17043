// Periodic jobs inside `anxin serve`: the outbox sender every few seconds, and (registered by their
// modules through App::scheduler()) the SLA check and the warnings evaluation. One thread runs the
// jobs one after another; a job's exception is logged and the job runs again at its next time.
// Due times come from the app's clock (a ManualClock in tests), so Daily jobs are tested without
// waiting; the thread re-checks every poll interval of real time and wakes at once on Stop().
#pragma once

#include <chrono>
#include <cstdint>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "core/time.hpp"

namespace anxin::app {

class Scheduler {
  public:
    // Several instances, one database: a daily job runs where the claim for (name, due time) succeeds
    // (StorageJobClaim writes a row only one instance can write). Null: every daily job runs here.
    using Claim = std::function<bool(const std::string& job, core::Timestamp due)>;

    explicit Scheduler(const core::Clock& clock, std::chrono::milliseconds poll_interval = std::chrono::seconds(1),
                       Claim claim = {});
    ~Scheduler();  // Stop()
    Scheduler(const Scheduler&) = delete;
    Scheduler& operator=(const Scheduler&) = delete;

    // First run one period after registration, then every period after the previous due time (a run
    // that comes late does not cause a burst: missed runs collapse into one).
    void Every(std::string name, std::chrono::seconds period, std::function<void()> job);
    // Every day at hour:minute Shanghai time; first run at the first such time after registration.
    void Daily(std::string name, int hour, int minute, std::function<void()> job);

    // Runs, on the calling thread, every job due at the clock's current time; returns how many ran.
    // The thread calls it; tests call it directly after moving a ManualClock.
    int RunDue();

    struct JobStats {
        std::string name;
        std::int64_t runs = 0;      // ran here
        std::int64_t failures = 0;  // threw
        std::int64_t elsewhere = 0; // daily runs another instance claimed
        double last_seconds = 0;
    };
    std::vector<JobStats> Stats() const;

    void Start();  // starts the thread (no-op when running)
    void Stop();   // wakes the thread, waits for a running job to finish, joins; idempotent

  private:
    struct Job {
        std::string name;
        std::function<void()> run;
        std::chrono::seconds period{0};  // Every jobs
        int hour = -1, minute = -1;      // Daily jobs
        core::Timestamp next_due;
    };
    core::Timestamp NextDue(const Job& job, core::Timestamp after) const;
    void Record(const std::string& name, const std::function<void(JobStats&)>& change);
    void Loop();

    const core::Clock& clock_;
    std::chrono::milliseconds poll_interval_;
    Claim claim_;
    mutable std::mutex mutex_;
    std::condition_variable wake_;
    std::vector<JobStats> stats_;  // GUARDED_BY(mutex_)
    std::vector<Job> jobs_;  // GUARDED_BY(mutex_)
    bool stopping_ = false;  // GUARDED_BY(mutex_)
    std::thread thread_;
};

}  // namespace anxin::app
