// One test body, both backends: behaviour of Database/Transaction that modules rely on.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <limits>
#include <optional>
#include <thread>
#include <vector>

#include "storage/columns.hpp"
#include "storage/database.hpp"
#include "testing/test_database.hpp"

namespace anxin::storage {
namespace {

using anxin::testing::TestDatabase;

class StorageTest : public ::testing::TestWithParam<std::string> {
protected:
    StorageTest() : t_(GetParam(), /*migrate=*/false) {}

    Database& db() { return t_.db(); }
    bool postgres() const { return GetParam() == "postgresql"; }

    void Script(std::string_view sql) {
        Transaction tx = db().Begin();
        tx.ExecuteScript(sql);
        tx.Commit();
    }
    std::int64_t Count(std::string_view table) {
        Transaction tx = db().Begin(TxMode::kRead);
        return tx.QueryOne("SELECT COUNT(*) FROM " + std::string(table)).Int(0);
    }

    TestDatabase t_;
};

TEST_P(StorageTest, BackendMatchesParameter) {
    EXPECT_EQ(BackendName(db().backend()), GetParam());
    Transaction tx = db().Begin();
    EXPECT_EQ(tx.backend(), db().backend());
}

TEST_P(StorageTest, EveryParamTypeRoundTrips) {
    Script(
        "CREATE TABLE vals (id TEXT PRIMARY KEY, i BIGINT, r DOUBLE PRECISION, s TEXT, b INTEGER, "
        "oi BIGINT, os TEXT)");
    constexpr std::int64_t kMax = std::numeric_limits<std::int64_t>::max();
    constexpr std::int64_t kMin = std::numeric_limits<std::int64_t>::min();
    const std::string chinese = "安心工资 · 张三（项目部）✓";
    std::optional<std::int64_t> some_int = 12345;
    std::optional<std::string> no_text;
    {
        Transaction tx = db().Begin();
        EXPECT_EQ(tx.Execute("INSERT INTO vals VALUES ($1, $2, $3, $4, $5, $6, $7)",
                             {"max", kMax, 3.25, chinese, true, some_int, no_text}),
                  1);
        EXPECT_EQ(tx.Execute("INSERT INTO vals VALUES ($1, $2, $3, $4, $5, $6, $7)",
                             {std::string("min"), kMin, -0.1, std::string_view("plain"), false,
                              std::optional<std::int64_t>{}, std::optional<std::string>{"有"}}),
                  1);
        EXPECT_EQ(tx.Execute("INSERT INTO vals VALUES ($1, $2, $3, $4, $5, $6, $7)",
                             {"nulls", nullptr, nullptr, nullptr, nullptr, nullptr, nullptr}),
                  1);
        tx.Commit();
    }
    Transaction tx = db().Begin(TxMode::kRead);
    Row max = tx.QueryOne("SELECT i, r, s, b, oi, os FROM vals WHERE id = $1", {"max"});
    EXPECT_EQ(max.Int(0), kMax);
    EXPECT_DOUBLE_EQ(max.Real(1), 3.25);
    EXPECT_EQ(max.Text(2), chinese);
    EXPECT_TRUE(max.Bool(3));
    EXPECT_EQ(max.Int(3), 1);
    EXPECT_EQ(max.OptInt(4), 12345);
    EXPECT_TRUE(max.IsNull(5));
    EXPECT_EQ(max.OptText(5), std::nullopt);

    Row min = tx.QueryOne("SELECT i, r, s, b, oi, os FROM vals WHERE id = $1", {"min"});
    EXPECT_EQ(min.Int(0), kMin);
    EXPECT_DOUBLE_EQ(min.Real(1), -0.1);  // shortest round-trip text keeps the exact double
    EXPECT_EQ(min.Real(1), -0.1);
    EXPECT_EQ(min.Text(2), "plain");
    EXPECT_FALSE(min.Bool(3));
    EXPECT_EQ(min.OptInt(4), std::nullopt);
    EXPECT_EQ(min.OptText(5), "有");

    Row nulls = tx.QueryOne("SELECT i, r, s, b, oi, os FROM vals WHERE id = $1", {"nulls"});
    for (size_t i = 0; i < nulls.size(); ++i) EXPECT_TRUE(nulls.IsNull(i)) << i;
    EXPECT_THROW(nulls.Int(0), StorageError);
    EXPECT_THROW(nulls.Text(2), StorageError);
    EXPECT_THROW(nulls.Int(6), StorageError);  // out of range

    // Text matching of UTF-8 parameters works in WHERE too.
    EXPECT_EQ(tx.QueryOne("SELECT id FROM vals WHERE s = $1", {chinese}).Text(0), "max");
}

TEST_P(StorageTest, GettersConvertBetweenTextAndInteger) {
    Script("CREATE TABLE conv (t TEXT, n BIGINT)");
    Transaction tx = db().Begin();
    tx.Execute("INSERT INTO conv VALUES ($1, $2)", {"42", 7});
    tx.Execute("INSERT INTO conv VALUES ($1, $2)", {"abc", -3});
    std::vector<Row> rows = tx.Query("SELECT t, n FROM conv ORDER BY n DESC");
    ASSERT_EQ(rows.size(), 2u);
    EXPECT_EQ(rows[0].Int(0), 42);
    EXPECT_EQ(rows[0].Text(1), "7");
    EXPECT_EQ(rows[1].Text(1), "-3");
    EXPECT_THROW(rows[1].Int(0), StorageError);
}

TEST_P(StorageTest, PlaceholdersMayRepeatAndAppearOutOfOrder) {
    Script("CREATE TABLE ph (a TEXT, b TEXT, c TEXT)");
    Transaction tx = db().Begin();
    // $2 first, $1 twice: SQLite binds "$n" by name, so position in the text does not matter.
    EXPECT_EQ(tx.Execute("INSERT INTO ph (a, b, c) VALUES ($2, $1, $2)", {"one", "two"}), 1);
    Row row = tx.QueryOne("SELECT a, b, c FROM ph WHERE b = $1 AND (a = $2 OR c = $2)", {"one", "two"});
    EXPECT_EQ(row.Text(0), "two");
    EXPECT_EQ(row.Text(1), "one");
    EXPECT_EQ(row.Text(2), "two");
    // The same statement text again (cached statement) with other values.
    EXPECT_EQ(tx.Execute("INSERT INTO ph (a, b, c) VALUES ($2, $1, $2)", {"x", "y"}), 1);
    EXPECT_EQ(tx.QueryOne("SELECT COUNT(*) FROM ph WHERE a = $1", {"y"}).Int(0), 1);
}

TEST_P(StorageTest, TooFewParamsIsAnErrorNamingTheStatement) {
    Script("CREATE TABLE few (a TEXT, b TEXT)");
    Transaction tx = db().Begin();
    try {
        tx.Execute("INSERT INTO few (a, b) VALUES ($1, $2)", {"only one"});
        FAIL() << "expected StorageError";
    } catch (const StorageError& e) {
        EXPECT_NE(std::string(e.what()).find("INSERT INTO few"), std::string::npos) << e.what();
    }
}

TEST_P(StorageTest, ReturningWorksThroughQuery) {
    Script("CREATE TABLE ret (id TEXT PRIMARY KEY, amount BIGINT NOT NULL)");
    Transaction tx = db().Begin();
    Row inserted = tx.QueryOne("INSERT INTO ret (id, amount) VALUES ($1, $2) RETURNING id, amount", {"a", 100});
    EXPECT_EQ(inserted.Text(0), "a");
    EXPECT_EQ(inserted.Int(1), 100);
    tx.Execute("INSERT INTO ret (id, amount) VALUES ($1, $2), ($3, $4)", {"b", 200, "c", 300});
    std::vector<Row> updated = tx.Query("UPDATE ret SET amount = amount + $1 WHERE amount >= $2 RETURNING amount", {1, 200});
    ASSERT_EQ(updated.size(), 2u);
    EXPECT_EQ(updated[0].Int(0) + updated[1].Int(0), 502);
    // Execute on a RETURNING statement still runs it to the end and counts rows.
    EXPECT_EQ(tx.Execute("DELETE FROM ret WHERE amount > $1 RETURNING id", {150}), 2);
    tx.Commit();
    EXPECT_EQ(Count("ret"), 1);
}

TEST_P(StorageTest, OnConflictDoNothingAndDoUpdate) {
    Script("CREATE TABLE kv (k TEXT PRIMARY KEY, v BIGINT NOT NULL)");
    Transaction tx = db().Begin();
    EXPECT_EQ(tx.Execute("INSERT INTO kv (k, v) VALUES ($1, $2) ON CONFLICT (k) DO NOTHING", {"k", 1}), 1);
    EXPECT_EQ(tx.Execute("INSERT INTO kv (k, v) VALUES ($1, $2) ON CONFLICT (k) DO NOTHING", {"k", 2}), 0);
    EXPECT_EQ(tx.QueryOne("SELECT v FROM kv WHERE k = $1", {"k"}).Int(0), 1);
    EXPECT_EQ(tx.Execute("INSERT INTO kv (k, v) VALUES ($1, $2) ON CONFLICT (k) DO UPDATE SET v = kv.v + excluded.v",
                         {"k", 10}),
              1);
    EXPECT_EQ(tx.QueryOne("SELECT v FROM kv WHERE k = $1", {"k"}).Int(0), 11);
    std::optional<Row> none =
        tx.QueryOptional("INSERT INTO kv (k, v) VALUES ($1, $2) ON CONFLICT (k) DO NOTHING RETURNING v", {"k", 5});
    EXPECT_FALSE(none.has_value());
    tx.Commit();
}

class ConstraintTest : public StorageTest {
protected:
    void SetUp() override {
        Script(
            "CREATE TABLE parent (id TEXT PRIMARY KEY);"
            "CREATE TABLE child (id TEXT PRIMARY KEY,"
            " parent_id TEXT NOT NULL REFERENCES parent (id),"
            " amount BIGINT NOT NULL CONSTRAINT child_amount_positive CHECK (amount > 0),"
            " code TEXT CONSTRAINT child_code_unique UNIQUE);"
            "INSERT INTO parent (id) VALUES ('p1');"
            "INSERT INTO child (id, parent_id, amount, code) VALUES ('c1', 'p1', 5, 'A')");
    }
    // Each attempt in its own transaction (PostgreSQL aborts a transaction on error).
    template <class E>
    E Expect(std::string_view sql, std::initializer_list<Param> params) {
        Transaction tx = db().Begin();
        try {
            tx.Execute(sql, params);
        } catch (const E& e) {
            return e;
        } catch (const std::exception& e) {
            ADD_FAILURE() << "wrong exception type for " << sql << ": " << e.what();
            throw;
        }
        ADD_FAILURE() << "no exception for " << sql;
        throw std::runtime_error("no exception");
    }
    static constexpr std::string_view kInsert = "INSERT INTO child (id, parent_id, amount, code) VALUES ($1, $2, $3, $4)";
};

TEST_P(ConstraintTest, UniqueViolationOnPrimaryKeyAndUniqueConstraint) {
    Expect<UniqueViolation>(kInsert, {"c1", "p1", 1, "B"});
    UniqueViolation e = Expect<UniqueViolation>(kInsert, {"c2", "p1", 1, "A"});
    EXPECT_EQ(e.constraint(), postgres() ? "child_code_unique" : "child.code");
}

TEST_P(ConstraintTest, ForeignKeyViolation) {
    ForeignKeyViolation e = Expect<ForeignKeyViolation>(kInsert, {"c2", "nobody", 1, "B"});
    if (postgres()) {
        EXPECT_EQ(e.constraint(), "child_parent_id_fkey");
    }
    // Deleting a referenced parent is refused too.
    Expect<ForeignKeyViolation>("DELETE FROM parent WHERE id = $1", {"p1"});
}

TEST_P(ConstraintTest, NamedCheckViolationReportsTheName) {
    CheckViolation e = Expect<CheckViolation>(kInsert, {"c2", "p1", 0, "B"});
    EXPECT_NE(e.constraint().find("child_amount_positive"), std::string::npos) << e.constraint();
    Expect<CheckViolation>("UPDATE child SET amount = $1 WHERE id = $2", {-1, "c1"});
}

TEST_P(ConstraintTest, NotNullViolationNamesTheColumn) {
    NotNullViolation e = Expect<NotNullViolation>(kInsert, {"c2", nullptr, 1, "B"});
    EXPECT_EQ(e.constraint(), "child.parent_id");
}

TEST_P(ConstraintTest, ViolationsAreStorageErrors) {
    Transaction tx = db().Begin();
    EXPECT_THROW(tx.Execute(kInsert, {"c1", "p1", 1, "Z"}), ConstraintViolation);
}

// A column table writes what it reads: every mapped type round-trips through INSERT and UPDATE, the
// fixed columns keep their first value, and NULL stands for an empty optional.
struct Entry {
    std::string id;
    std::string name;
    std::optional<std::string> note;
    std::int64_t amount = 0;
    bool flag = false;
    core::Date on;
    std::optional<core::Date> until;
    core::Timestamp at;
    std::optional<core::Timestamp> done_at;
    std::optional<double> lng;
};

const Columns<Entry> kEntries("t_entry", "e",
                              {Key("id", &Entry::id), Fixed("name", &Entry::name), Field("note", &Entry::note),
                               Field("amount", &Entry::amount), Field("flag", &Entry::flag), Fixed("on_day", &Entry::on),
                               Field("until_day", &Entry::until), Fixed("at_ms", &Entry::at),
                               Field("done_ms", &Entry::done_at), Field("lng", &Entry::lng)});

TEST_P(StorageTest, ColumnTableWritesWhatItReads) {
    EXPECT_EQ(kEntries.SelectList(), "e.id, e.name, e.note, e.amount, e.flag, e.on_day, e.until_day, e.at_ms, e.done_ms, e.lng");
    EXPECT_EQ(kEntries.UpdateSql(),
              "UPDATE t_entry SET note = $2, amount = $3, flag = $4, until_day = $5, done_ms = $6, lng = $7 WHERE id = $1");
    Script("CREATE TABLE t_entry (id TEXT PRIMARY KEY, name TEXT NOT NULL, note TEXT, amount BIGINT NOT NULL, "
         "flag INTEGER NOT NULL, on_day TEXT NOT NULL, until_day TEXT, at_ms BIGINT NOT NULL, done_ms BIGINT, "
         "lng DOUBLE PRECISION)");
    Entry e{"E1", "甲", std::nullopt, 9'000'000'000'000'000'000, true, core::Date(2026, 12, 7), std::nullopt,
            core::FromMillis(1'796'000'000'123), std::nullopt, 117.25};
    auto read = [&] {
        Transaction tx = db().Begin(TxMode::kRead);
        return kEntries.Read(*tx.QueryOptional("SELECT " + kEntries.SelectList() + " FROM t_entry e WHERE e.id = 'E1'"));
    };
    {
        Transaction tx = db().Begin();
        tx.Execute(kEntries.InsertSql(), kEntries.InsertParams(e));
        tx.Commit();
    }
    Entry back = read();
    EXPECT_EQ(back.name, "甲");
    EXPECT_FALSE(back.note);
    EXPECT_EQ(back.amount, e.amount);
    EXPECT_TRUE(back.flag);
    EXPECT_EQ(back.on, e.on);
    EXPECT_FALSE(back.until);
    EXPECT_EQ(back.at, e.at);
    EXPECT_FALSE(back.done_at);
    EXPECT_EQ(back.lng, 117.25);

    e.name = "乙";  // fixed: not updated
    e.note = "说明";
    e.flag = false;
    e.until = core::Date(2027, 1, 4);
    e.done_at = core::FromMillis(1'796'000'999'000);
    e.lng.reset();
    {
        Transaction tx = db().Begin();
        EXPECT_EQ(tx.Execute(kEntries.UpdateSql(), kEntries.UpdateParams(e)), 1);
        tx.Commit();
    }
    back = read();
    EXPECT_EQ(back.name, "甲");
    EXPECT_EQ(back.note, "说明");
    EXPECT_FALSE(back.flag);
    EXPECT_EQ(back.until, core::Date(2027, 1, 4));
    EXPECT_EQ(back.done_at, e.done_at);
    EXPECT_FALSE(back.lng);
}

TEST_P(StorageTest, UncommittedTransactionRollsBack) {
    Script("CREATE TABLE rb (id TEXT PRIMARY KEY)");
    {
        Transaction tx = db().Begin();
        tx.Execute("INSERT INTO rb (id) VALUES ($1)", {"x"});
        EXPECT_EQ(tx.QueryOne("SELECT COUNT(*) FROM rb").Int(0), 1);
    }
    EXPECT_EQ(Count("rb"), 0);
    {
        Transaction tx = db().Begin();
        tx.Execute("INSERT INTO rb (id) VALUES ($1)", {"y"});
        Transaction open = std::move(tx);
        open = std::move(tx);  // move-assigning over an open transaction rolls the old one back
        EXPECT_THROW(open.Execute("SELECT 1"), StorageError);
        // The connection is back in the pool (:memory: has only one).
        Transaction next = db().Begin();
        EXPECT_EQ(next.QueryOne("SELECT COUNT(*) FROM rb").Int(0), 0);
    }
    EXPECT_EQ(Count("rb"), 0);
}

TEST_P(StorageTest, FailedStatementLeavesNothingAfterRollback) {
    Script("CREATE TABLE half (id TEXT PRIMARY KEY, n BIGINT NOT NULL CONSTRAINT half_n_small CHECK (n < 10))");
    {
        Transaction tx = db().Begin();
        tx.Execute("INSERT INTO half (id, n) VALUES ($1, $2)", {"a", 1});
        // One statement, three rows, the last one refused: the statement is atomic.
        EXPECT_THROW(tx.Execute("INSERT INTO half (id, n) VALUES ($1, 2), ($2, 3), ($3, 99)", {"b", "c", "d"}),
                     CheckViolation);
    }
    EXPECT_EQ(Count("half"), 0);
}

TEST_P(StorageTest, CommitTwiceAndUseAfterCommitThrow) {
    Script("CREATE TABLE once (id TEXT PRIMARY KEY)");
    Transaction tx = db().Begin();
    tx.Execute("INSERT INTO once (id) VALUES ($1)", {"a"});
    EXPECT_FALSE(tx.committed());
    tx.Commit();
    EXPECT_TRUE(tx.committed());
    EXPECT_THROW(tx.Commit(), StorageError);
    EXPECT_THROW(tx.Execute("INSERT INTO once (id) VALUES ($1)", {"b"}), StorageError);
    EXPECT_THROW(tx.Query("SELECT id FROM once"), StorageError);
    EXPECT_EQ(Count("once"), 1);
}

TEST_P(StorageTest, QueryOneAndQueryOptionalCountRows) {
    Script("CREATE TABLE few_rows (id TEXT PRIMARY KEY); INSERT INTO few_rows VALUES ('a'); INSERT INTO few_rows VALUES ('b')");
    Transaction tx = db().Begin(TxMode::kRead);
    EXPECT_THROW(tx.QueryOne("SELECT id FROM few_rows WHERE id = $1", {"zz"}), StorageError);
    EXPECT_THROW(tx.QueryOne("SELECT id FROM few_rows"), StorageError);
    EXPECT_EQ(tx.QueryOptional("SELECT id FROM few_rows WHERE id = $1", {"zz"}), std::nullopt);
    EXPECT_EQ(tx.QueryOptional("SELECT id FROM few_rows WHERE id = $1", {"b"})->Text(0), "b");
    EXPECT_EQ(tx.Query("SELECT id FROM few_rows ORDER BY id").size(), 2u);
}

TEST_P(StorageTest, ExecuteScriptRunsEveryStatementAndRollsBackWithTheTransaction) {
    {
        Transaction tx = db().Begin();
        tx.ExecuteScript("CREATE TABLE s1 (id TEXT); INSERT INTO s1 VALUES ('a'); INSERT INTO s1 VALUES ('b');");
        EXPECT_EQ(tx.QueryOne("SELECT COUNT(*) FROM s1").Int(0), 2);
    }
    Transaction tx = db().Begin();
    // DDL is transactional on both backends: the table is gone with the rollback.
    tx.ExecuteScript("CREATE TABLE s1 (id TEXT)");
    tx.Commit();
}

TEST_P(StorageTest, WithTransactionCommitsAndReturnsTheResult) {
    Script("CREATE TABLE wt (id TEXT PRIMARY KEY)");
    int calls = 0;
    std::int64_t n = WithTransaction(db(), [&](Transaction& tx) {
        ++calls;
        return tx.Execute("INSERT INTO wt (id) VALUES ($1)", {"a"});
    });
    EXPECT_EQ(n, 1);
    EXPECT_EQ(calls, 1);
    EXPECT_EQ(Count("wt"), 1);
}

// ---- several connections -----------------------------------------------------------------------
TEST_P(StorageTest, ConcurrentWritersFromFourThreadsAllSucceed) {
    auto shared = TestDatabase::MultiConnection(GetParam(), /*migrate=*/false, {.pool_size = 4, .busy_timeout_ms = 10000});
    {
        Transaction tx = shared->db().Begin();
        tx.ExecuteScript("CREATE TABLE hits (id TEXT PRIMARY KEY, thread BIGINT NOT NULL)");
        tx.Commit();
    }
    constexpr int kThreads = 4, kPerThread = 50;
    std::atomic<int> failures{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t) {
        threads.emplace_back([&, t] {
            for (int i = 0; i < kPerThread; ++i) {
                try {
                    Transaction tx = shared->db().Begin();
                    tx.Execute("INSERT INTO hits (id, thread) VALUES ($1, $2)",
                               {std::to_string(t) + "-" + std::to_string(i), t});
                    tx.QueryOne("SELECT COUNT(*) FROM hits");
                    tx.Commit();
                } catch (const std::exception& e) {
                    ++failures;
                    ADD_FAILURE() << "thread " << t << ": " << e.what();
                }
            }
        });
    }
    for (auto& th : threads) th.join();
    EXPECT_EQ(failures.load(), 0);
    Transaction tx = shared->db().Begin(TxMode::kRead);
    EXPECT_EQ(tx.QueryOne("SELECT COUNT(*) FROM hits").Int(0), kThreads * kPerThread);
    EXPECT_EQ(tx.QueryOne("SELECT COUNT(DISTINCT thread) FROM hits").Int(0), kThreads);
}

TEST_P(StorageTest, ExhaustedPoolBlocksUntilAConnectionReturns) {
    auto shared = TestDatabase::MultiConnection(GetParam(), /*migrate=*/false);
    auto db1 = Open(shared->url(), {.pool_size = 1});
    std::optional<Transaction> first = db1->Begin(TxMode::kRead);
    std::atomic<bool> got_second{false};
    std::thread waiter([&] {
        Transaction second = db1->Begin(TxMode::kRead);
        got_second = true;
        EXPECT_EQ(second.QueryOne("SELECT 1").Int(0), 1);
    });
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    EXPECT_FALSE(got_second.load()) << "Begin() should block while the only connection is in use";
    first.reset();  // rollback returns the connection
    waiter.join();
    EXPECT_TRUE(got_second.load());
}

TEST_P(StorageTest, WaitingLongerThanBusyTimeoutIsBusy) {
    auto shared = TestDatabase::MultiConnection(GetParam(), /*migrate=*/false);
    {
        Transaction tx = shared->db().Begin();
        tx.ExecuteScript("CREATE TABLE locked (id TEXT PRIMARY KEY, n BIGINT NOT NULL); INSERT INTO locked VALUES ('a', 0)");
        tx.Commit();
    }
    auto holder_db = Open(shared->url(), {.pool_size = 1});
    auto waiter_db = Open(shared->url(), {.pool_size = 1, .busy_timeout_ms = 100});
    Transaction holder = holder_db->Begin();
    holder.Execute("UPDATE locked SET n = n + 1 WHERE id = $1", {"a"});
    auto start = std::chrono::steady_clock::now();
    try {
        // SQLite refuses at BEGIN IMMEDIATE, PostgreSQL at the row lock (lock_timeout).
        Transaction waiter = waiter_db->Begin();
        waiter.Execute("UPDATE locked SET n = n + 1 WHERE id = $1", {"a"});
        FAIL() << "expected Busy";
    } catch (const Busy&) {
    }
    EXPECT_GE(std::chrono::steady_clock::now() - start, std::chrono::milliseconds(90));
    holder.Commit();
    // With the lock released the same database works again.
    Transaction again = waiter_db->Begin();
    EXPECT_EQ(again.Execute("UPDATE locked SET n = n + 1 WHERE id = $1", {"a"}), 1);
    again.Commit();
}

TEST_P(StorageTest, TerminatedPostgresBackendIsReplacedOnNextBegin) {
    if (!postgres()) GTEST_SKIP() << "PostgreSQL only";
    auto db1 = Open(t_.url(), {.pool_size = 1});
    auto killer = Open(t_.url(), {.pool_size = 1});
    auto terminate = [&](std::int64_t pid) {
        Transaction tx = killer->Begin();
        EXPECT_TRUE(tx.QueryOne("SELECT pg_terminate_backend($1)", {pid}).Bool(0));
        tx.Commit();
        // pg_terminate_backend only signals; give the backend a moment to exit.
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    };

    // 1. Killed in the middle of a transaction: that transaction fails with ConnectionLost.
    std::int64_t pid1 = 0;
    {
        Transaction tx = db1->Begin();
        pid1 = tx.QueryOne("SELECT pg_backend_pid()").Int(0);
        terminate(pid1);
        EXPECT_THROW(tx.QueryOne("SELECT 1"), ConnectionLost);
    }
    // ...and the next one runs on a fresh connection.
    std::int64_t pid2 = 0;
    {
        Transaction tx = db1->Begin();
        pid2 = tx.QueryOne("SELECT pg_backend_pid()").Int(0);
        EXPECT_NE(pid2, pid1);
        EXPECT_EQ(tx.QueryOne("SELECT 41 + 1").Int(0), 42);
        tx.Commit();
    }
    // 2. Killed while idle in the pool: the next Begin() notices and reconnects transparently.
    terminate(pid2);
    Transaction tx = db1->Begin();
    EXPECT_NE(tx.QueryOne("SELECT pg_backend_pid()").Int(0), pid2);
    tx.Commit();
}

TEST_P(StorageTest, ReadOnlyTransactionRefusesWritesOnPostgres) {
    if (!postgres()) GTEST_SKIP() << "SQLite's BEGIN DEFERRED is not read-only";
    Script("CREATE TABLE ro (id TEXT)");
    Transaction tx = db().Begin(TxMode::kRead);
    EXPECT_THROW(tx.Execute("INSERT INTO ro (id) VALUES ($1)", {"a"}), StorageError);
}

INSTANTIATE_TEST_SUITE_P(Backends, StorageTest, ::testing::ValuesIn(anxin::testing::TestBackends()),
                         anxin::testing::BackendName());
INSTANTIATE_TEST_SUITE_P(Backends, ConstraintTest, ::testing::ValuesIn(anxin::testing::TestBackends()),
                         anxin::testing::BackendName());

}  // namespace
}  // namespace anxin::storage
