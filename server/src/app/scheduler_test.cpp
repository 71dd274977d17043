#include "app/scheduler.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <stdexcept>
#include <thread>

namespace anxin::app {
namespace {

using namespace std::chrono_literals;

core::Timestamp At(const char* text) { return *core::ParseTimestamp(text); }

TEST(SchedulerTest, EveryJobRunsOncePerPeriodOfTheClock) {
    core::ManualClock clock(At("2026-03-02T09:00:00+08:00"));
    Scheduler scheduler(clock);
    int runs = 0;
    scheduler.Every("outbox", 10s, [&] { ++runs; });
    EXPECT_EQ(scheduler.RunDue(), 0);
    clock.Advance(9s);
    EXPECT_EQ(scheduler.RunDue(), 0);
    clock.Advance(1s);
    EXPECT_EQ(scheduler.RunDue(), 1);
    EXPECT_EQ(scheduler.RunDue(), 0);
    EXPECT_EQ(runs, 1);
    // A long pause (the process was busy): missed runs collapse into one, not a burst.
    clock.Advance(35s);
    EXPECT_EQ(scheduler.RunDue(), 1);
    EXPECT_EQ(scheduler.RunDue(), 0);
    clock.Advance(10s);
    EXPECT_EQ(scheduler.RunDue(), 1);
    EXPECT_EQ(runs, 3);
}

TEST(SchedulerTest, DailyJobRunsAtTheShanghaiTimeOfDay) {
    core::ManualClock clock(At("2026-03-02T09:00:00+08:00"));
    Scheduler scheduler(clock);
    std::vector<core::Timestamp> runs;
    scheduler.Daily("sla-check", 2, 30, [&] { runs.push_back(clock.Now()); });
    scheduler.Daily("report", 9, 0, [&] { runs.push_back(clock.Now()); });  // registered at 09:00: tomorrow

    clock.Set(At("2026-03-03T02:29:59+08:00"));
    EXPECT_EQ(scheduler.RunDue(), 0);
    clock.Set(At("2026-03-03T02:30:00+08:00"));  // 2026-03-02T18:30Z: a UTC clock would say "yesterday"
    EXPECT_EQ(scheduler.RunDue(), 1);
    EXPECT_EQ(scheduler.RunDue(), 0);
    clock.Set(At("2026-03-03T09:00:00+08:00"));
    EXPECT_EQ(scheduler.RunDue(), 1);
    clock.Set(At("2026-03-04T02:29:00+08:00"));
    EXPECT_EQ(scheduler.RunDue(), 0);
    clock.Set(At("2026-03-04T02:31:00+08:00"));
    EXPECT_EQ(scheduler.RunDue(), 1);
    ASSERT_EQ(runs.size(), 3u);
    EXPECT_EQ(runs[0], At("2026-03-03T02:30:00+08:00"));
    EXPECT_EQ(runs[1], At("2026-03-03T09:00:00+08:00"));
    // Down for three days: one run on restart, then back on the daily time.
    clock.Set(At("2026-03-07T12:00:00+08:00"));
    EXPECT_EQ(scheduler.RunDue(), 2);
    clock.Set(At("2026-03-08T02:30:00+08:00"));
    EXPECT_EQ(scheduler.RunDue(), 1);
}

TEST(SchedulerTest, AThrowingJobIsLoggedAndDoesNotStopTheOthers) {
    core::ManualClock clock(At("2026-03-02T09:00:00+08:00"));
    Scheduler scheduler(clock);
    int thrown = 0, good = 0;
    scheduler.Every("broken", 5s, [&] {
        ++thrown;
        throw std::runtime_error("database unavailable");
    });
    scheduler.Every("good", 5s, [&] { ++good; });
    clock.Advance(5s);
    EXPECT_EQ(scheduler.RunDue(), 2);
    clock.Advance(5s);
    EXPECT_EQ(scheduler.RunDue(), 2);
    EXPECT_EQ(thrown, 2);
    EXPECT_EQ(good, 2);
}

TEST(SchedulerTest, ThreadRunsDueJobsAndSurvivesAThrowingJob) {
    core::ManualClock clock(At("2026-03-02T09:00:00+08:00"));
    Scheduler scheduler(clock, 5ms);
    std::atomic<int> good{0};
    scheduler.Every("broken", 1s, [] { throw std::runtime_error("boom"); });
    scheduler.Every("good", 1s, [&] { ++good; });
    scheduler.Start();
    for (int round = 1; round <= 3; ++round) {
        clock.Advance(1s);
        auto deadline = std::chrono::steady_clock::now() + 5s;
        while (good.load() < round && std::chrono::steady_clock::now() < deadline) std::this_thread::sleep_for(2ms);
        EXPECT_EQ(good.load(), round);
    }
    scheduler.Stop();
    clock.Advance(1s);
    std::this_thread::sleep_for(30ms);
    EXPECT_EQ(good.load(), 3);  // stopped: nothing runs any more
}

TEST(SchedulerTest, StopWakesTheThreadAtOnce) {
    core::ManualClock clock(At("2026-03-02T09:00:00+08:00"));
    Scheduler scheduler(clock, std::chrono::hours(1));
    scheduler.Every("outbox", 5s, [] {});
    scheduler.Start();
    std::this_thread::sleep_for(10ms);
    auto started = std::chrono::steady_clock::now();
    scheduler.Stop();
    EXPECT_LT(std::chrono::steady_clock::now() - started, 2s);
    scheduler.Stop();  // idempotent
}

TEST(SchedulerTest, RejectsBadSchedules) {
    core::ManualClock clock(At("2026-03-02T09:00:00+08:00"));
    Scheduler scheduler(clock);
    EXPECT_THROW(scheduler.Every("x", 0s, [] {}), std::logic_error);
    EXPECT_THROW(scheduler.Daily("x", 24, 0, [] {}), std::logic_error);
    EXPECT_THROW(scheduler.Daily("x", 2, 60, [] {}), std::logic_error);
}

}  // namespace
}  // namespace anxin::app
