#include "storage/migrator.hpp"

#include <gtest/gtest.h>

#include <thread>

#include "testing/test_database.hpp"

namespace anxin::storage {
namespace {

using anxin::testing::TestDatabase;
using Files = std::vector<std::pair<std::string_view, std::string_view>>;

TEST(SelectMigrationsTest, PicksTheBackendsFileOfAPairInVersionOrder) {
    Files files = {{"0002_pair.postgres.sql", "PG"}, {"0001_first.sql", "ONE"}, {"0002_pair.sqlite.sql", "LITE"},
                   {"README.md", "ignored"}, {"0010_tenth.sql", "TEN"}};
    auto lite = SelectMigrations(Backend::kSqlite, files);
    ASSERT_EQ(lite.size(), 3u);
    EXPECT_EQ(lite[0].version, 1);
    EXPECT_EQ(lite[0].name, "0001_first");
    EXPECT_EQ(lite[0].sql, "ONE");
    EXPECT_EQ(lite[1].name, "0002_pair");
    EXPECT_EQ(lite[1].sql, "LITE");
    EXPECT_EQ(lite[2].version, 10);
    auto pg = SelectMigrations(Backend::kPostgres, files);
    ASSERT_EQ(pg.size(), 3u);
    EXPECT_EQ(pg[1].sql, "PG");
}

TEST(SelectMigrationsTest, DuplicateVersionsAndIncompletePairsAreRefused) {
    EXPECT_THROW(SelectMigrations(Backend::kSqlite, Files{{"0001_a.sql", ""}, {"0001_b.sql", ""}}), StorageError);
    EXPECT_THROW(SelectMigrations(Backend::kSqlite, Files{{"0001_a.sql", ""}, {"0001_a.sqlite.sql", ""},
                                                          {"0001_a.postgres.sql", ""}}),
                 StorageError);
    EXPECT_THROW(SelectMigrations(Backend::kSqlite, Files{{"0003_only.sqlite.sql", ""}}), StorageError);
    EXPECT_THROW(SelectMigrations(Backend::kPostgres, Files{{"0003_only.sqlite.sql", ""}}), StorageError);
    EXPECT_THROW(SelectMigrations(Backend::kSqlite, Files{{"0003_a.sqlite.sql", ""}, {"0003_b.postgres.sql", ""}}),
                 StorageError);
    EXPECT_THROW(SelectMigrations(Backend::kSqlite, Files{{"core.sql", ""}}), StorageError);
}

TEST(SelectMigrationsTest, EmbeddedMigrationsAreValidForBothBackends) {
    auto lite = EmbeddedMigrationsFor(Backend::kSqlite);
    auto pg = EmbeddedMigrationsFor(Backend::kPostgres);
    ASSERT_FALSE(lite.empty());
    ASSERT_EQ(lite.size(), pg.size());
    EXPECT_EQ(lite.front().version, 1);
    for (size_t i = 0; i < lite.size(); ++i) EXPECT_EQ(lite[i].name, pg[i].name);
}

class MigratorTest : public ::testing::TestWithParam<std::string> {
protected:
    static std::vector<Migration> Base() {
        return {
            {1, "0001_people", "CREATE TABLE people (id TEXT PRIMARY KEY, name TEXT NOT NULL);"},
            {2, "0002_seed", "INSERT INTO people (id, name) VALUES ('p1', '张三'); INSERT INTO people (id, name) VALUES ('p2', '李四');"},
        };
    }
    static std::int64_t CountRows(Database& db, std::string_view sql) {
        Transaction tx = db.Begin(TxMode::kRead);
        return tx.QueryOne(sql).Int(0);
    }
    static bool TableExists(Database& db, std::string_view table) {
        try {
            Transaction tx = db.Begin(TxMode::kRead);
            tx.Query("SELECT 1 FROM " + std::string(table));
            return true;
        } catch (const StorageError&) {
            return false;
        }
    }
};

TEST_P(MigratorTest, AppliesOnceRecordsVersionsAndRerunIsANoOp) {
    TestDatabase t(GetParam(), /*migrate=*/false);
    MigrationReport first = Migrate(t.db(), t.clock(), Base());
    EXPECT_EQ(first.applied, (std::vector<std::string>{"0001_people", "0002_seed"}));
    EXPECT_EQ(first.current_version, 2);
    {
        Transaction tx = t.db().Begin(TxMode::kRead);
        auto rows = tx.Query("SELECT version, name, applied_at FROM schema_migrations ORDER BY version");
        ASSERT_EQ(rows.size(), 2u);
        EXPECT_EQ(rows[0].Int(0), 1);
        EXPECT_EQ(rows[1].Text(1), "0002_seed");
        EXPECT_EQ(rows[1].Int(2), core::ToMillis(t.clock().Now()));
    }
    MigrationReport again = Migrate(t.db(), t.clock(), Base());
    EXPECT_TRUE(again.applied.empty());
    EXPECT_EQ(again.current_version, 2);
    EXPECT_EQ(CountRows(t.db(), "SELECT COUNT(*) FROM people"), 2);  // the seed did not run twice

    auto more = Base();
    more.push_back({3, "0003_more", "ALTER TABLE people ADD COLUMN phone TEXT"});
    t.clock().Advance(std::chrono::minutes(5));
    MigrationReport third = Migrate(t.db(), t.clock(), more);
    EXPECT_EQ(third.applied, (std::vector<std::string>{"0003_more"}));
    EXPECT_EQ(third.current_version, 3);
    EXPECT_EQ(CountRows(t.db(), "SELECT COUNT(*) FROM schema_migrations"), 3);
}

TEST_P(MigratorTest, BadMigrationLeavesNothingOfItselfApplied) {
    TestDatabase t(GetParam(), /*migrate=*/false);
    auto migrations = Base();
    migrations.push_back({3, "0003_broken",
                          "CREATE TABLE half_done (id TEXT PRIMARY KEY);"
                          "INSERT INTO half_done (id) VALUES ('x');"
                          "INSERT INTO no_such_table (id) VALUES ('y');"});
    try {
        Migrate(t.db(), t.clock(), migrations);
        FAIL() << "expected the broken migration to throw";
    } catch (const StorageError& e) {
        EXPECT_NE(std::string(e.what()).find("0003_broken"), std::string::npos) << e.what();
    }
    EXPECT_FALSE(TableExists(t.db(), "half_done"));
    EXPECT_EQ(CountRows(t.db(), "SELECT COALESCE(MAX(version), 0) FROM schema_migrations"), 2);
    EXPECT_EQ(CountRows(t.db(), "SELECT COUNT(*) FROM schema_migrations WHERE version = 3"), 0);
}

TEST_P(MigratorTest, RenamedAppliedMigrationIsRefused) {
    TestDatabase t(GetParam(), /*migrate=*/false);
    Migrate(t.db(), t.clock(), Base());
    auto renamed = Base();
    renamed[0].name = "0001_someone_else";
    EXPECT_THROW(Migrate(t.db(), t.clock(), renamed), StorageError);
}

TEST_P(MigratorTest, EmbeddedMigrationsApply) {
    TestDatabase t(GetParam(), /*migrate=*/false);
    MigrationReport report = Migrate(t.db(), t.clock());
    EXPECT_EQ(report.applied.size(), EmbeddedMigrationsFor(t.db().backend()).size());
    EXPECT_EQ(report.current_version, EmbeddedMigrationsFor(t.db().backend()).back().version);
    EXPECT_TRUE(Migrate(t.db(), t.clock()).applied.empty());
}

TEST_P(MigratorTest, ConcurrentMigratorsApplyEachMigrationOnce) {
    auto shared = TestDatabase::MultiConnection(GetParam(), /*migrate=*/false);
    std::vector<Migration> migrations = Base();
    for (int v = 3; v <= 8; ++v) {
        migrations.push_back({v, "000" + std::to_string(v) + "_step",
                              "INSERT INTO people (id, name) VALUES ('v" + std::to_string(v) + "', 'x')"});
    }
    constexpr int kMigrators = 3;
    std::vector<MigrationReport> reports(kMigrators);
    std::vector<std::thread> threads;
    for (int i = 0; i < kMigrators; ++i) {
        threads.emplace_back([&, i] {
            // Separate Database objects: like separate processes.
            auto db = Open(shared->url(), {.pool_size = 2, .busy_timeout_ms = 20000});
            try {
                reports[static_cast<size_t>(i)] = Migrate(*db, shared->clock(), migrations);
            } catch (const std::exception& e) {
                ADD_FAILURE() << "migrator " << i << ": " << e.what();
            }
        });
    }
    for (auto& th : threads) th.join();
    size_t total = 0;
    for (const auto& r : reports) {
        total += r.applied.size();
        EXPECT_EQ(r.current_version, 8);
    }
    EXPECT_EQ(total, migrations.size());
    EXPECT_EQ(CountRows(shared->db(), "SELECT COUNT(*) FROM people"), 8);
}

INSTANTIATE_TEST_SUITE_P(Backends, MigratorTest, ::testing::ValuesIn(anxin::testing::TestBackends()),
                         anxin::testing::BackendName());

}  // namespace
}  // namespace anxin::storage
