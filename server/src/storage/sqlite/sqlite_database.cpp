// SQLite backend: a pool of connections (one for :memory:), prepared statements cached per
// connection, $n placeholders bound by name, extended result codes mapped to the typed errors.
#include "storage/sqlite/sqlite_database.hpp"

#include <sqlite3.h>

#include <charconv>
#include <condition_variable>
#include <filesystem>
#include <mutex>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace anxin::storage {
namespace {

std::string Excerpt(std::string_view sql) {
    while (!sql.empty() && (sql.front() == ' ' || sql.front() == '\n' || sql.front() == '\t')) sql.remove_prefix(1);
    return std::string(sql.substr(0, 80));
}

[[noreturn]] void ThrowSqlite(int rc, sqlite3* db, std::string_view sql) {
    std::string message = db ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
    std::string full = "sqlite: " + message + (sql.empty() ? std::string() : " [" + Excerpt(sql) + "]");
    if ((rc & 0xff) == SQLITE_CONSTRAINT) {
        std::string constraint;
        static constexpr std::string_view kMarker = "constraint failed: ";
        if (auto pos = message.find(kMarker); pos != std::string::npos) constraint = message.substr(pos + kMarker.size());
        switch (rc) {
            case SQLITE_CONSTRAINT_UNIQUE:
            case SQLITE_CONSTRAINT_PRIMARYKEY: throw UniqueViolation(full, constraint);
            case SQLITE_CONSTRAINT_FOREIGNKEY: throw ForeignKeyViolation(full, constraint);
            case SQLITE_CONSTRAINT_CHECK: throw CheckViolation(full, constraint);
            case SQLITE_CONSTRAINT_NOTNULL: throw NotNullViolation(full, constraint);
            default: throw ConstraintViolation(full, constraint);
        }
    }
    if ((rc & 0xff) == SQLITE_BUSY || (rc & 0xff) == SQLITE_LOCKED) throw Busy(full);
    throw StorageError(full);
}

// Heterogeneous lookup so finding a cached statement does not allocate.
struct SqlHash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
};

// A prepared statement and, for each of its parameters, which $N it is (SQLite treats "$3" as a
// named parameter). Worked out once at prepare time: looking names up on every bind costs time
// that grows with the square of the parameter count (multi-row INSERTs).
struct Prepared {
    sqlite3_stmt* stmt = nullptr;
    std::vector<size_t> param_numbers;  // param_numbers[i - 1] = N of parameter i
};

class Connection {
public:
    Connection(const std::string& path, bool memory, const OpenOptions& options) {
        int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;
        int rc = sqlite3_open_v2(path.c_str(), &db_, flags, nullptr);
        if (rc != SQLITE_OK) {
            std::string message = db_ ? sqlite3_errmsg(db_) : sqlite3_errstr(rc);
            sqlite3_close_v2(db_);
            db_ = nullptr;
            throw StorageError("cannot open SQLite database '" + path + "': " + message);
        }
        sqlite3_extended_result_codes(db_, 1);
        sqlite3_busy_timeout(db_, options.busy_timeout_ms);
        try {
            if (!memory) Exec("PRAGMA journal_mode=WAL");
            Exec("PRAGMA synchronous=FULL");
            Exec("PRAGMA foreign_keys=ON");
        } catch (...) {
            sqlite3_close_v2(db_);
            db_ = nullptr;
            throw;
        }
    }
    Connection(const Connection&) = delete;
    Connection& operator=(const Connection&) = delete;
    ~Connection() {
        for (auto& [sql, prepared] : cache_) sqlite3_finalize(prepared.stmt);
        sqlite3_close_v2(db_);
    }

    sqlite3* db() const { return db_; }

    // Runs SQL text that may hold several statements and no parameters.
    void Exec(std::string_view sql) {
        std::string text(sql);
        char* error = nullptr;
        int rc = sqlite3_exec(db_, text.c_str(), nullptr, nullptr, &error);
        sqlite3_free(error);  // sqlite3_errmsg(db_) still holds the message
        if (rc != SQLITE_OK) ThrowSqlite(sqlite3_extended_errcode(db_), db_, sql);
    }

    const Prepared& Prepare(std::string_view sql) {
        if (auto it = cache_.find(sql); it != cache_.end()) return it->second;
        sqlite3_stmt* stmt = nullptr;
        const char* tail = nullptr;
        int rc = sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT, &stmt,
                                    &tail);
        if (rc != SQLITE_OK) ThrowSqlite(rc, db_, sql);
        if (stmt == nullptr) throw StorageError("sqlite: empty statement [" + Excerpt(sql) + "]");
        for (const char* p = tail; p && p < sql.data() + sql.size(); ++p) {
            if (*p != ' ' && *p != '\n' && *p != '\t' && *p != '\r' && *p != ';') {
                sqlite3_finalize(stmt);
                throw StorageError("sqlite: several statements in one Execute/Query (use ExecuteScript) [" +
                                   Excerpt(sql) + "]");
            }
        }
        Prepared prepared{stmt, {}};
        int count = sqlite3_bind_parameter_count(stmt);
        prepared.param_numbers.reserve(static_cast<size_t>(count));
        for (int i = 1; i <= count; ++i) {
            size_t n = static_cast<size_t>(i);
            if (const char* name = sqlite3_bind_parameter_name(stmt, i)) {
                std::string_view digits(name + 1);
                auto [ptr, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), n);
                if (ec != std::errc() || ptr != digits.data() + digits.size() || n == 0) {
                    sqlite3_finalize(stmt);
                    throw StorageError("sqlite: placeholder '" + std::string(name) + "' is not $1..$n [" +
                                       Excerpt(sql) + "]");
                }
            }
            prepared.param_numbers.push_back(n);
        }
        return cache_.emplace(std::string(sql), std::move(prepared)).first->second;
    }

private:
    sqlite3* db_ = nullptr;
    std::unordered_map<std::string, Prepared, SqlHash, std::equal_to<>> cache_;
};

// Resets a cached statement and drops its bindings (they may point into the caller's strings).
class StatementUse {
public:
    explicit StatementUse(sqlite3_stmt* stmt) : stmt_(stmt) {}
    StatementUse(const StatementUse&) = delete;
    StatementUse& operator=(const StatementUse&) = delete;
    ~StatementUse() {
        sqlite3_reset(stmt_);
        sqlite3_clear_bindings(stmt_);
    }

private:
    sqlite3_stmt* stmt_;
};

void Bind(sqlite3* db, const Prepared& prepared, std::string_view sql, std::span<const Param> params) {
    sqlite3_stmt* stmt = prepared.stmt;
    const int count = static_cast<int>(prepared.param_numbers.size());
    for (int i = 1; i <= count; ++i) {
        const size_t n = prepared.param_numbers[static_cast<size_t>(i - 1)];
        if (n > params.size()) {
            throw StorageError("statement uses $" + std::to_string(n) + " but " + std::to_string(params.size()) +
                               " parameter(s) were given [" + Excerpt(sql) + "]");
        }
        const Param::Value& v = params[n - 1].value();
        int rc = SQLITE_OK;
        if (std::holds_alternative<std::monostate>(v)) {
            rc = sqlite3_bind_null(stmt, i);
        } else if (auto* integer = std::get_if<std::int64_t>(&v)) {
            rc = sqlite3_bind_int64(stmt, i, *integer);
        } else if (auto* real = std::get_if<double>(&v)) {
            rc = sqlite3_bind_double(stmt, i, *real);
        } else if (auto* view = std::get_if<std::string_view>(&v)) {
            rc = sqlite3_bind_text64(stmt, i, view->data(), view->size(), SQLITE_STATIC, SQLITE_UTF8);
        } else if (auto* str = std::get_if<std::string>(&v)) {
            rc = sqlite3_bind_text64(stmt, i, str->data(), str->size(), SQLITE_STATIC, SQLITE_UTF8);
        }
        if (rc != SQLITE_OK) ThrowSqlite(rc, db, sql);
    }
}

Row ReadRow(sqlite3_stmt* stmt) {
    int columns = sqlite3_column_count(stmt);
    std::vector<Row::Cell> cells(static_cast<size_t>(columns));
    for (int c = 0; c < columns; ++c) {
        Row::Cell& cell = cells[static_cast<size_t>(c)];
        switch (sqlite3_column_type(stmt, c)) {
            case SQLITE_INTEGER:
                cell.null = false;
                cell.kind = Row::Cell::Kind::kInteger;
                cell.integer = sqlite3_column_int64(stmt, c);
                break;
            case SQLITE_FLOAT:
                cell.null = false;
                cell.kind = Row::Cell::Kind::kReal;
                cell.real = sqlite3_column_double(stmt, c);
                break;
            case SQLITE_TEXT:
            case SQLITE_BLOB: {
                cell.null = false;
                cell.kind = Row::Cell::Kind::kText;
                const void* data = sqlite3_column_blob(stmt, c);
                int size = sqlite3_column_bytes(stmt, c);
                if (data) cell.text.assign(static_cast<const char*>(data), static_cast<size_t>(size));
                break;
            }
            default: break;  // NULL
        }
    }
    return Row(std::move(cells));
}

class SqliteDatabase;

class SqliteTransaction final : public TransactionImpl {
public:
    SqliteTransaction(SqliteDatabase* owner, std::unique_ptr<Connection> conn) : owner_(owner), conn_(std::move(conn)) {}
    ~SqliteTransaction() override { Rollback(); }

    std::int64_t Execute(std::string_view sql, std::span<const Param> params) override {
        const Prepared& prepared = Live().Prepare(sql);
        sqlite3_stmt* stmt = prepared.stmt;
        StatementUse use(stmt);
        Bind(conn_->db(), prepared, sql, params);
        sqlite3_int64 before = sqlite3_total_changes64(conn_->db());
        int rc;
        while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
        }
        if (rc != SQLITE_DONE) ThrowSqlite(rc, conn_->db(), sql);
        // sqlite3_changes keeps the count of the last INSERT/UPDATE/DELETE: DDL or a SELECT must not report it.
        if (sqlite3_total_changes64(conn_->db()) == before) return 0;
        return sqlite3_changes64(conn_->db());
    }

    std::vector<Row> Query(std::string_view sql, std::span<const Param> params) override {
        const Prepared& prepared = Live().Prepare(sql);
        sqlite3_stmt* stmt = prepared.stmt;
        StatementUse use(stmt);
        Bind(conn_->db(), prepared, sql, params);
        std::vector<Row> rows;
        int rc;
        while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) rows.push_back(ReadRow(stmt));
        if (rc != SQLITE_DONE) ThrowSqlite(rc, conn_->db(), sql);
        return rows;
    }

    void ExecuteScript(std::string_view sql) override { Live().Exec(sql); }

    void Commit() override {
        Step(Live(), "COMMIT");
        Release();
    }

    void Rollback() noexcept override;

    void Begin(TxMode mode) { Step(Live(), mode == TxMode::kWrite ? "BEGIN IMMEDIATE" : "BEGIN DEFERRED"); }

private:
    Connection& Live() {
        if (!conn_) throw StorageError("sqlite: transaction already ended");
        return *conn_;
    }
    static void Step(Connection& conn, std::string_view sql) {
        sqlite3_stmt* stmt = conn.Prepare(sql).stmt;
        StatementUse use(stmt);
        int rc = sqlite3_step(stmt);
        if (rc != SQLITE_DONE) ThrowSqlite(rc, conn.db(), sql);
    }
    void Release() noexcept;

    SqliteDatabase* owner_;
    std::unique_ptr<Connection> conn_;
};

class SqliteDatabase final : public Database {
public:
    SqliteDatabase(std::string path, bool memory, const OpenOptions& options)
        : path_(std::move(path)), memory_(memory), options_(options), pool_size_(memory ? 1 : options.pool_size) {
        // One connection up front: a wrong path or an unwritable file fails at start-up.
        idle_.push_back(std::make_unique<Connection>(path_, memory_, options_));
        open_ = 1;
    }

    Backend backend() const override { return Backend::kSqlite; }

    Transaction Begin(TxMode mode) override {
        auto tx = std::make_unique<SqliteTransaction>(this, Acquire());
        tx->Begin(mode);  // on failure ~SqliteTransaction returns the connection
        return Transaction(std::move(tx), Backend::kSqlite);
    }

    std::string Describe() const override { return memory_ ? "sqlite::memory:" : "sqlite://" + path_; }

    void Return(std::unique_ptr<Connection> conn) noexcept {
        {
            std::lock_guard lock(mutex_);
            idle_.push_back(std::move(conn));
        }
        available_.notify_one();
    }

private:
    std::unique_ptr<Connection> Acquire() {
        std::unique_lock lock(mutex_);
        available_.wait(lock, [&] { return !idle_.empty() || open_ < pool_size_; });
        if (!idle_.empty()) {
            auto conn = std::move(idle_.back());
            idle_.pop_back();
            return conn;
        }
        ++open_;
        lock.unlock();
        try {
            return std::make_unique<Connection>(path_, memory_, options_);
        } catch (...) {
            lock.lock();
            --open_;
            lock.unlock();
            available_.notify_one();
            throw;
        }
    }

    const std::string path_;
    const bool memory_;
    const OpenOptions options_;
    const int pool_size_;
    std::mutex mutex_;
    std::condition_variable available_;
    std::vector<std::unique_ptr<Connection>> idle_;  // GUARDED_BY(mutex_)
    int open_ = 0;                                    // GUARDED_BY(mutex_): idle + in use
};

void SqliteTransaction::Rollback() noexcept {
    if (!conn_) return;
    if (sqlite3_get_autocommit(conn_->db()) == 0) {
        // Not through the statement cache: this must not throw.
        sqlite3_exec(conn_->db(), "ROLLBACK", nullptr, nullptr, nullptr);
    }
    Release();
}

void SqliteTransaction::Release() noexcept {
    if (conn_) owner_->Return(std::move(conn_));
}

}  // namespace

std::unique_ptr<Database> OpenSqlite(const std::string& url, const OpenOptions& options) {
    if (url == "sqlite::memory:") return std::make_unique<SqliteDatabase>(":memory:", true, options);
    static constexpr std::string_view kPrefix = "sqlite://";
    if (!url.starts_with(kPrefix) || url.size() == kPrefix.size()) {
        throw StorageError("bad SQLite URL '" + url + "': expected sqlite:///abs/path.db, sqlite://relative.db or sqlite::memory:");
    }
    std::string path = url.substr(kPrefix.size());  // "/abs/path.db" or "relative/path.db"
    std::filesystem::path parent = std::filesystem::path(path).parent_path();
    std::error_code ec;
    if (!parent.empty() && !std::filesystem::is_directory(parent, ec)) {
        throw StorageError("SQLite database directory '" + parent.string() + "' does not exist (from " + url + ")");
    }
    if (std::filesystem::is_directory(path, ec)) throw StorageError("SQLite database path '" + path + "' is a directory");
    return std::make_unique<SqliteDatabase>(std::move(path), false, options);
}

namespace {

std::string SqlitePathOf(const std::string& url) {
    constexpr std::string_view kPrefix = "sqlite://";
    if (!url.starts_with(kPrefix) || url == "sqlite::memory:")
        throw StorageError("a backup needs a SQLite file database (sqlite:///path.db), not '" + url + "'");
    return url.substr(kPrefix.size());
}

}  // namespace

void BackupSqlite(const std::string& url, const std::string& destination) {
    const std::string source_path = SqlitePathOf(url);
    sqlite3* source = nullptr;
    sqlite3* target = nullptr;
    auto close = [&] {
        sqlite3_close_v2(source);
        sqlite3_close_v2(target);
    };
    if (sqlite3_open_v2(source_path.c_str(), &source, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
        std::string message = source ? sqlite3_errmsg(source) : "cannot open";
        close();
        throw StorageError("backup: cannot open '" + source_path + "': " + message);
    }
    const std::string partial = destination + ".part";
    std::filesystem::remove(partial);
    if (sqlite3_open_v2(partial.c_str(), &target, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr) != SQLITE_OK) {
        close();
        throw StorageError("backup: cannot create '" + partial + "'");
    }
    sqlite3_busy_timeout(source, 5000);
    sqlite3_backup* backup = sqlite3_backup_init(target, "main", source, "main");
    if (!backup) {
        std::string message = sqlite3_errmsg(target);
        close();
        throw StorageError("backup: " + message);
    }
    // Steps of 256 pages, pausing between them, so the live server's writers are never held long.
    int rc = SQLITE_OK;
    do {
        rc = sqlite3_backup_step(backup, 256);
        if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED) sqlite3_sleep(50);
    } while (rc == SQLITE_OK || rc == SQLITE_BUSY || rc == SQLITE_LOCKED);
    sqlite3_backup_finish(backup);
    const bool done = rc == SQLITE_DONE;
    const std::string message = sqlite3_errmsg(target);
    close();
    if (!done) {
        std::filesystem::remove(partial);
        throw StorageError("backup failed: " + message);
    }
    std::filesystem::rename(partial, destination);  // whole or not at all
}

std::string CheckSqliteFile(const std::string& path) {
    sqlite3* db = nullptr;
    if (sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
        sqlite3_close_v2(db);
        return "cannot open " + path;
    }
    std::string result;
    sqlite3_exec(
        db, "PRAGMA integrity_check",
        [](void* out, int, char** values, char**) {
            auto* text = static_cast<std::string*>(out);
            if (!text->empty()) *text += "; ";
            *text += values[0] ? values[0] : "";
            return 0;
        },
        &result, nullptr);
    sqlite3_close_v2(db);
    return result.empty() ? "not a database" : result;
}

}  // namespace anxin::storage
