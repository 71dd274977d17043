// Two instances of the platform against one database (a city runs two behind nginx): the daily jobs
// fire on both, and each job's effects happen exactly once — the nightly warning evaluation writes
// one run, the SLA check and the key expiry each run on one instance (issue 14).
#include <gtest/gtest.h>

#include <thread>

#include "app/app.hpp"
#include "app/scheduler.hpp"
#include "region/calendar_service.hpp"
#include "testing/test_database.hpp"

namespace anxin::app {
namespace {

std::int64_t Count(storage::Database& db, const std::string& sql) {
    auto tx = db.Begin(storage::TxMode::kRead);
    return tx.QueryOne(sql).Int(0);
}

class MultiInstanceTest : public ::testing::TestWithParam<std::string> {};

TEST_P(MultiInstanceTest, DailyJobsFireOnBothInstancesAndRunOnce) {
    auto database = testing::TestDatabase::MultiConnection(GetParam(), /*migrate=*/false);
    core::ManualClock& clock = database->clock();
    clock.Set(*core::ParseTimestamp("2026-11-16T10:00:00+08:00"));  // a Monday morning
    Config config;
    config.database_url = database->url();
    config.server.address = "127.0.0.1";
    config.server.port = 0;
    config.password_cost = identity::PasswordCost::kFast;
    config.database_pool_size = 2;
    config.run_scheduler = false;  // the test drives both schedulers
    App first(config, clock);
    App second(config, clock);

    // The next night and morning: the listings' expiry at 00:30, the warnings at 02:00, the credit
    // anomalies at 02:45, the key expiry at 03:30, the SLA check at 06:00.
    clock.Advance(std::chrono::hours(21));
    int ran_first = 0, ran_second = 0;
    std::thread a([&] { ran_first = first.scheduler().RunDue(); });
    std::thread b([&] { ran_second = second.scheduler().RunDue(); });
    a.join();
    b.join();

    storage::Database& db = first.db();
    EXPECT_EQ(Count(db, "SELECT COUNT(*) FROM warnings_run WHERE kind = 'full'"), 1);
    EXPECT_EQ(Count(db, "SELECT COUNT(*) FROM app_job_run"), 5);  // credit-expiry, warnings, credit-anomalies, idempotency-expiry, sla-check
    EXPECT_EQ(Count(db, "SELECT COUNT(DISTINCT instance) FROM app_job_run") >= 1, true);
    EXPECT_GE(ran_first + ran_second, 5);  // every daily job ran somewhere (periodic ones may run on both)

    // The next night again: one more run each, still once.
    clock.Advance(std::chrono::hours(24));
    first.scheduler().RunDue();
    second.scheduler().RunDue();
    EXPECT_EQ(Count(db, "SELECT COUNT(*) FROM warnings_run WHERE kind = 'full'"), 2);
    EXPECT_EQ(Count(db, "SELECT COUNT(*) FROM app_job_run WHERE job = 'sla-check'"), 2);
}

// A year's holidays loaded on one instance reach the other within minutes, without a restart.
TEST_P(MultiInstanceTest, ACalendarYearLoadedOnOneInstanceReachesTheOther) {
    auto database = testing::TestDatabase::MultiConnection(GetParam(), /*migrate=*/false);
    core::ManualClock& clock = database->clock();
    clock.Set(*core::ParseTimestamp("2026-11-16T10:00:00+08:00"));
    Config config;
    config.database_url = database->url();
    config.server.port = 0;
    config.password_cost = identity::PasswordCost::kFast;
    config.database_pool_size = 2;
    config.run_scheduler = false;
    App first(config, clock);
    App second(config, clock);
    const int next = second.calendar().Status().last_year + 1;
    first.calendar().Load(core::SystemContext("test"),
                          core::CalendarYear{next, {core::Date(static_cast<unsigned>(next), 1, 1)}, {}}, "测试通知");
    EXPECT_EQ(first.calendar().Status().last_year, next);
    EXPECT_EQ(second.calendar().Status().last_year, next - 1);  // not yet
    clock.Advance(std::chrono::minutes(5));
    second.scheduler().RunDue();
    EXPECT_EQ(second.calendar().Status().last_year, next);
}

INSTANTIATE_TEST_SUITE_P(Backends, MultiInstanceTest, ::testing::ValuesIn(testing::TestBackends()),
                         testing::BackendName());

}  // namespace
}  // namespace anxin::app
