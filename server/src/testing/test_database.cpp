#include "testing/test_database.hpp"

#include <cstdlib>
#include <filesystem>
#include <stdexcept>
#include <system_error>

#include "core/ids.hpp"
#include "storage/migrator.hpp"

namespace anxin::testing {
namespace {

const char* PostgresUrl() {
    const char* url = std::getenv("ANXIN_TEST_POSTGRES");
    return url && *url ? url : nullptr;
}

core::Timestamp FixedStart() {
    using namespace std::chrono;
    // 2026-03-02T09:00+08:00 == 01:00 UTC.
    return time_point_cast<milliseconds>(sys_days{year{2026} / March / 2} + hours{1});
}

}  // namespace

std::vector<std::string> TestBackends() {
    std::vector<std::string> backends{"sqlite"};
    if (PostgresUrl()) backends.emplace_back("postgresql");
    return backends;
}

TestDatabase::TestDatabase(const std::string& backend, bool migrate, storage::OpenOptions options)
    : clock_(FixedStart()) {
    if (backend == "sqlite") {
        url_ = "sqlite::memory:";
    } else if (backend == "postgresql") {
        const char* base = PostgresUrl();
        if (!base) throw std::runtime_error("TestDatabase(\"postgresql\") needs ANXIN_TEST_POSTGRES");
        pg_admin_url_ = base;
        pg_schema_ = "test_" + core::RandomHex(8);
        {
            auto admin = storage::Open(pg_admin_url_, {.pool_size = 1});
            storage::Transaction tx = admin->Begin();
            tx.Execute("CREATE SCHEMA " + pg_schema_);
            tx.Commit();
        }
        url_ = pg_admin_url_ + (pg_admin_url_.find('?') == std::string::npos ? "?" : "&") +
               "options=-csearch_path%3D" + pg_schema_;
    } else {
        throw std::invalid_argument("unknown test backend '" + backend + "'");
    }
    Finish(migrate, options);
}

TestDatabase::TestDatabase(SqliteFileTag, bool migrate, storage::OpenOptions options) : clock_(FixedStart()) {
    std::string pattern = (std::filesystem::temp_directory_path() / "anxin-test-XXXXXX").string();
    if (!mkdtemp(pattern.data())) throw std::runtime_error("mkdtemp failed for " + pattern);
    temp_dir_ = pattern;
    url_ = "sqlite://" + temp_dir_ + "/test.db";  // temp_dir_ is absolute: sqlite:///tmp/...
    Finish(migrate, options);
}

void TestDatabase::Finish(bool migrate, const storage::OpenOptions& options) {
    try {
        db_ = storage::Open(url_, options);
        if (migrate) storage::Migrate(*db_, clock_);
    } catch (...) {
        Cleanup();  // the destructor does not run when the constructor throws
        throw;
    }
}

std::unique_ptr<TestDatabase> TestDatabase::SqliteFile(bool migrate, storage::OpenOptions options) {
    return std::unique_ptr<TestDatabase>(new TestDatabase(SqliteFileTag{}, migrate, options));
}

std::unique_ptr<TestDatabase> TestDatabase::MultiConnection(const std::string& backend, bool migrate,
                                                            storage::OpenOptions options) {
    if (backend == "sqlite") return SqliteFile(migrate, options);
    return std::make_unique<TestDatabase>(backend, migrate, options);
}

TestDatabase::~TestDatabase() { Cleanup(); }

void TestDatabase::Cleanup() noexcept {
    db_.reset();
    if (!pg_schema_.empty()) {
        try {
            auto admin = storage::Open(pg_admin_url_, {.pool_size = 1});
            storage::Transaction tx = admin->Begin();
            tx.Execute("DROP SCHEMA IF EXISTS " + pg_schema_ + " CASCADE");
            tx.Commit();
        } catch (const std::exception& e) {
            ADD_FAILURE() << "could not drop test schema " << pg_schema_ << ": " << e.what();
        }
        pg_schema_.clear();
    }
    if (!temp_dir_.empty()) {
        std::error_code ec;
        std::filesystem::remove_all(temp_dir_, ec);
        temp_dir_.clear();
    }
}

}  // namespace anxin::testing
