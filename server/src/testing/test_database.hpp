// A fresh database per test, on every backend the test run offers. SQLite always (":memory:");
// PostgreSQL when ANXIN_TEST_POSTGRES holds a libpq URL to a throw-away server (see
// scripts/with-postgres.sh): each TestDatabase gets its own schema, dropped afterwards.
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "core/time.hpp"
#include "storage/database.hpp"

namespace anxin::testing {

// "sqlite" always, plus "postgresql" when env ANXIN_TEST_POSTGRES is set.
std::vector<std::string> TestBackends();

class TestDatabase {
public:
    // "sqlite" → sqlite::memory:; "postgresql" → a new schema test_<random> on the ANXIN_TEST_POSTGRES
    // server, reached through ?options=-csearch_path%3D<schema>. When `migrate` is true the embedded
    // migrations are applied.
    explicit TestDatabase(const std::string& backend, bool migrate = true, storage::OpenOptions options = {});
    // A file-backed SQLite database in a fresh temporary directory (removed by the destructor), for
    // tests that need several connections.
    static std::unique_ptr<TestDatabase> SqliteFile(bool migrate = true, storage::OpenOptions options = {});
    // SqliteFile() for "sqlite", a normal TestDatabase for "postgresql": a database that allows
    // several concurrent connections on either backend.
    static std::unique_ptr<TestDatabase> MultiConnection(const std::string& backend, bool migrate = true,
                                                         storage::OpenOptions options = {});
    ~TestDatabase();
    TestDatabase(const TestDatabase&) = delete;
    TestDatabase& operator=(const TestDatabase&) = delete;

    storage::Database& db() { return *db_; }
    // The URL the database was opened with: Open(url()) reaches the same data (not for :memory:).
    const std::string& url() const { return url_; }
    // Fixed at 2026-03-02T09:00+08:00.
    core::ManualClock& clock() { return clock_; }

private:
    struct SqliteFileTag {};
    TestDatabase(SqliteFileTag, bool migrate, storage::OpenOptions options);
    void Finish(bool migrate, const storage::OpenOptions& options);
    void Cleanup() noexcept;

    std::string url_;
    std::string pg_admin_url_;  // set for PostgreSQL: where to drop the schema
    std::string pg_schema_;
    std::string temp_dir_;      // set for SqliteFile()
    core::ManualClock clock_;
    std::unique_ptr<storage::Database> db_;
};

// gtest param name printer: backend name as test suffix.
struct BackendName {
    std::string operator()(const ::testing::TestParamInfo<std::string>& info) const { return info.param; }
};

}  // namespace anxin::testing
