// SQLite-specific behaviour: URLs, pragmas, the statement cache.
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <iostream>

#include "storage/database.hpp"
#include "testing/test_database.hpp"

namespace anxin::storage {
namespace {

TEST(SqliteTest, MissingDirectoryIsAClearError) {
    try {
        Open("sqlite:///nonexistent-anxin-dir/sub/anxin.db");
        FAIL() << "expected StorageError";
    } catch (const StorageError& e) {
        EXPECT_NE(std::string(e.what()).find("/nonexistent-anxin-dir/sub"), std::string::npos) << e.what();
        EXPECT_NE(std::string(e.what()).find("does not exist"), std::string::npos) << e.what();
    }
}

TEST(SqliteTest, UnknownSchemeIsRefused) {
    EXPECT_THROW(Open("mysql://localhost/anxin"), StorageError);
    EXPECT_THROW(Open("sqlite:"), StorageError);
}

TEST(SqliteTest, FileDatabaseUsesWalFullSyncAndForeignKeys) {
    auto t = testing::TestDatabase::SqliteFile(/*migrate=*/false);
    EXPECT_EQ(t->db().Describe(), t->url());
    Transaction tx = t->db().Begin(TxMode::kRead);
    EXPECT_EQ(tx.QueryOne("PRAGMA journal_mode").Text(0), "wal");
    EXPECT_EQ(tx.QueryOne("PRAGMA synchronous").Int(0), 2);  // FULL
    EXPECT_EQ(tx.QueryOne("PRAGMA foreign_keys").Int(0), 1);
}

TEST(SqliteTest, DataSurvivesReopeningTheFile) {
    auto t = testing::TestDatabase::SqliteFile(/*migrate=*/false);
    {
        auto db = Open(t->url());
        Transaction tx = db->Begin();
        tx.ExecuteScript("CREATE TABLE keep (id TEXT PRIMARY KEY)");
        tx.Execute("INSERT INTO keep (id) VALUES ($1)", {"kept"});
        tx.Commit();
    }
    auto db = Open(t->url());
    Transaction tx = db->Begin(TxMode::kRead);
    EXPECT_EQ(tx.QueryOne("SELECT id FROM keep").Text(0), "kept");
}

TEST(SqliteTest, RelativeUrlOpensRelativeToTheWorkingDirectory) {
    auto t = testing::TestDatabase::SqliteFile(/*migrate=*/false);
    std::string dir = t->url().substr(std::string("sqlite://").size());
    dir = dir.substr(0, dir.rfind('/'));
    auto cwd = std::filesystem::current_path();
    std::filesystem::current_path(dir);
    {
        auto db = Open("sqlite://rel.db");
        Transaction tx = db->Begin();
        tx.ExecuteScript("CREATE TABLE r (id TEXT)");
        tx.Commit();
    }
    std::filesystem::current_path(cwd);
    EXPECT_TRUE(std::filesystem::exists(dir + "/rel.db"));
}

TEST(SqliteTest, SeveralStatementsInExecuteAreRefused) {
    auto db = Open("sqlite::memory:");
    Transaction tx = db->Begin();
    EXPECT_THROW(tx.Execute("CREATE TABLE a (id TEXT); CREATE TABLE b (id TEXT)"), StorageError);
    EXPECT_EQ(tx.Execute("CREATE TABLE a (id TEXT);"), 0);  // a trailing ';' is fine
}

TEST(SqliteTest, CellsKeepTheStorageType) {
    auto db = Open("sqlite::memory:");
    Transaction tx = db->Begin();
    Row row = tx.QueryOne("SELECT 5, 2.5, 'x', NULL");
    EXPECT_EQ(row.Int(0), 5);
    EXPECT_EQ(row.Text(0), "5");
    EXPECT_EQ(row.Real(1), 2.5);
    EXPECT_EQ(row.Text(1), "2.5");
    EXPECT_THROW(row.Int(1), StorageError);  // 2.5 is not an integer
    EXPECT_EQ(row.Text(2), "x");
    EXPECT_TRUE(row.IsNull(3));
}

TEST(SqliteTest, ExecuteReportsChangesOfThisStatementOnly) {
    auto db = Open("sqlite::memory:");
    Transaction tx = db->Begin();
    tx.Execute("CREATE TABLE c (id BIGINT)");
    EXPECT_EQ(tx.Execute("INSERT INTO c VALUES (1), (2), (3)"), 3);
    EXPECT_EQ(tx.Execute("CREATE TABLE d (id BIGINT)"), 0);  // not the 3 of the INSERT before
    EXPECT_EQ(tx.Execute("SELECT * FROM c"), 0);
    EXPECT_EQ(tx.Execute("UPDATE c SET id = id + 1 WHERE id > $1", {1}), 2);
}

// The cached-statement path must be fast enough for bulk inserts (attendance: 200k rows/s target in
// release builds; this debug-build check only guards against an order-of-magnitude regression).
TEST(SqliteTest, BulkInsertThroughTheCacheIsFast) {
    auto t = testing::TestDatabase::SqliteFile(/*migrate=*/false);
    Transaction tx = t->db().Begin();
    tx.ExecuteScript("CREATE TABLE punches (id TEXT PRIMARY KEY, worker TEXT NOT NULL, at BIGINT NOT NULL)");
    constexpr int kRows = 50000;
    auto start = std::chrono::steady_clock::now();
    for (int i = 0; i < kRows; ++i) {
        tx.Execute("INSERT INTO punches (id, worker, at) VALUES ($1, $2, $3)",
                   {"p" + std::to_string(i), "w" + std::to_string(i % 100), 1772413200000 + i});
    }
    tx.Commit();
    auto elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    EXPECT_LT(elapsed, 5.0) << kRows / elapsed << " rows/s";
    std::cout << "[ info ] " << static_cast<long>(kRows / elapsed) << " rows/s (debug build)\n";
}

}  // namespace
}  // namespace anxin::storage
