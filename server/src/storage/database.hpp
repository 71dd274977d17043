// The storage seam: one interface over SQLite and PostgreSQL. Nothing outside storage/ includes
// sqlite3.h or libpq-fe.h. Modules write portable SQL ($1..$n placeholders, BIGINT money, TEXT ids,
// RETURNING, ON CONFLICT) and talk to the database only through a Transaction.
//
// Thread-safety: Database is shared by all threads; a Transaction belongs to one thread at a time.
// A Transaction holds a pooled connection until it is committed or destroyed (destroying an
// uncommitted Transaction rolls it back), so keep them short.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <memory>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "core/time.hpp"

namespace anxin::storage {

enum class Backend { kSqlite, kPostgres };
std::string_view BackendName(Backend backend);  // "sqlite" / "postgresql"

// ---- errors: the same types on both backends ---------------------------------------------------
class StorageError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};
// A constraint refused the statement. constraint() is the constraint name where the backend reports
// one (PostgreSQL always; SQLite for named CHECKs), else the "table.column" list SQLite reports.
class ConstraintViolation : public StorageError {
public:
    ConstraintViolation(const std::string& message, std::string constraint)
        : StorageError(message), constraint_(std::move(constraint)) {}
    const std::string& constraint() const { return constraint_; }

private:
    std::string constraint_;
};
class UniqueViolation : public ConstraintViolation {
    using ConstraintViolation::ConstraintViolation;
};
class ForeignKeyViolation : public ConstraintViolation {
    using ConstraintViolation::ConstraintViolation;
};
class CheckViolation : public ConstraintViolation {
    using ConstraintViolation::ConstraintViolation;
};
class NotNullViolation : public ConstraintViolation {
    using ConstraintViolation::ConstraintViolation;
};
// The connection broke (server restart, failover). The transaction is lost; the pool reconnects on
// the next Begin(), so the caller may retry the whole transaction.
class ConnectionLost : public StorageError {
    using StorageError::StorageError;
};
// Lock timeout, deadlock or serialization failure: retrying the transaction may succeed.
class Busy : public StorageError {
    using StorageError::StorageError;
};

// ---- values -------------------------------------------------------------------------------------
// A bound parameter. Integers of every width and bool become 64-bit integers (bool → 0/1), so
// flag columns are INTEGER on both backends.
class Param {
public:
    using Value = std::variant<std::monostate, std::int64_t, double, std::string_view, std::string>;

    Param(std::nullptr_t) {}  // NOLINT(google-explicit-constructor): reads naturally at call sites
    Param(bool v) : value_(std::int64_t{v ? 1 : 0}) {}
    Param(int v) : value_(std::int64_t{v}) {}
    Param(long v) : value_(std::int64_t{v}) {}
    Param(long long v) : value_(std::int64_t{v}) {}
    Param(unsigned v) : value_(std::int64_t{v}) {}
    Param(unsigned long v) : value_(static_cast<std::int64_t>(v)) {}
    Param(unsigned long long v) : value_(static_cast<std::int64_t>(v)) {}
    Param(double v) : value_(v) {}
    Param(const char* v) : value_(std::string_view(v)) {}
    Param(std::string_view v) : value_(v) {}
    // Copies: a Param often outlives the string it came from (vectors of params built in a loop).
    // Pass std::string_view explicitly to bind without a copy in hot loops.
    Param(const std::string& v) : value_(v) {}
    Param(std::string&& v) : value_(std::move(v)) {}
    // The storage conventions: dates as "YYYY-MM-DD" text, instants as BIGINT milliseconds.
    Param(core::Date v) : value_(v.ToString()) {}
    Param(core::Timestamp v) : value_(core::ToMillis(v)) {}
    template <class T>
    Param(const std::optional<T>& v) {
        if (v) *this = Param(*v);
    }

    bool is_null() const { return std::holds_alternative<std::monostate>(value_); }
    const Value& value() const { return value_; }
    // Text form (what PostgreSQL receives); empty for null.
    std::string ToText() const;

private:
    Value value_;
};

// One result row. Columns are read by position, in the order of the SELECT list. Getters convert:
// Int() of a text column parses it; Text() of an integer formats it. Reading NULL with Int()/Text()
// throws StorageError: use the Opt* getters for nullable columns.
class Row {
public:
    struct Cell {
        bool null = true;
        std::string text;          // PostgreSQL text format, or SQLite TEXT
        std::int64_t integer = 0;  // SQLite INTEGER
        double real = 0;           // SQLite REAL
        enum class Kind { kNull, kText, kInteger, kReal } kind = Kind::kNull;
    };

    Row() = default;
    explicit Row(std::vector<Cell> cells) : cells_(std::move(cells)) {}

    size_t size() const { return cells_.size(); }
    bool IsNull(size_t i) const;
    std::int64_t Int(size_t i) const;
    double Real(size_t i) const;
    std::string Text(size_t i) const;
    bool Bool(size_t i) const { return Int(i) != 0; }
    std::optional<std::int64_t> OptInt(size_t i) const;
    std::optional<std::string> OptText(size_t i) const;
    // The storage conventions read back: "YYYY-MM-DD" text → Date (OptDate: NULL or "" → nullopt; other
    // text that is not a date throws StorageError), BIGINT milliseconds → Timestamp.
    core::Date Date(size_t i) const;
    std::optional<core::Date> OptDate(size_t i) const;
    core::Timestamp Time(size_t i) const { return core::FromMillis(Int(i)); }
    std::optional<core::Timestamp> OptTime(size_t i) const;

private:
    const Cell& At(size_t i) const;
    std::vector<Cell> cells_;
};

// " AND <column> IN ($n, …)" with `values` appended to `params`: the restriction of a query to a set
// of ids. Null `values` means no restriction (""); an empty set matches nothing. The params refer to
// the strings in `values` (no copies): keep `values` alive until the query has run.
std::string AndIn(std::string_view column, const std::vector<std::string>* values, std::vector<Param>& params);

// ---- transactions -------------------------------------------------------------------------------
// Implemented by each backend; modules use Transaction below.
class TransactionImpl {
public:
    virtual ~TransactionImpl() = default;
    virtual std::int64_t Execute(std::string_view sql, std::span<const Param> params) = 0;
    virtual std::vector<Row> Query(std::string_view sql, std::span<const Param> params) = 0;
    // Several statements separated by ';', no parameters (migrations).
    virtual void ExecuteScript(std::string_view sql) = 0;
    virtual void Commit() = 0;
    virtual void Rollback() noexcept = 0;
};

enum class TxMode {
    kWrite,  // SQLite: BEGIN IMMEDIATE (takes the write lock up front, no upgrade deadlocks)
    kRead,   // SQLite: BEGIN DEFERRED; PostgreSQL: READ ONLY
};

class Transaction {
public:
    Transaction(std::unique_ptr<TransactionImpl> impl, Backend backend) : impl_(std::move(impl)), backend_(backend) {}
    Transaction(Transaction&&) noexcept = default;
    Transaction& operator=(Transaction&&) noexcept;
    Transaction(const Transaction&) = delete;
    Transaction& operator=(const Transaction&) = delete;
    ~Transaction();

    // Runs a statement; returns the number of rows changed.
    std::int64_t Execute(std::string_view sql, std::initializer_list<Param> params = {}) {
        return Execute(sql, std::span<const Param>(params.begin(), params.size()));
    }
    std::int64_t Execute(std::string_view sql, std::span<const Param> params);

    std::vector<Row> Query(std::string_view sql, std::initializer_list<Param> params = {}) {
        return Query(sql, std::span<const Param>(params.begin(), params.size()));
    }
    std::vector<Row> Query(std::string_view sql, std::span<const Param> params);

    // Exactly one row expected; throws StorageError when there is none.
    Row QueryOne(std::string_view sql, std::initializer_list<Param> params = {});
    Row QueryOne(std::string_view sql, std::span<const Param> params) {
        auto row = QueryOptional(sql, params);
        if (!row) throw StorageError("expected one row from: " + std::string(sql.substr(0, 80)));
        return std::move(*row);
    }
    std::optional<Row> QueryOptional(std::string_view sql, std::initializer_list<Param> params = {});
    std::optional<Row> QueryOptional(std::string_view sql, std::span<const Param> params);

    // Several statements separated by ';', no parameters (migrations, test fixtures).
    void ExecuteScript(std::string_view sql);

    void Commit();
    Backend backend() const { return backend_; }
    bool committed() const { return done_; }

private:
    std::unique_ptr<TransactionImpl> impl_;
    Backend backend_;
    bool done_ = false;
};

// ---- database -----------------------------------------------------------------------------------
struct OpenOptions {
    int pool_size = 8;               // connections (PostgreSQL, file SQLite); :memory: always uses 1
    int busy_timeout_ms = 5000;      // SQLite busy_timeout / PostgreSQL lock_timeout
    int connect_timeout_s = 5;
};

class Database {
public:
    virtual ~Database() = default;
    virtual Backend backend() const = 0;
    // Blocks while every pooled connection is in use. Throws ConnectionLost when the database
    // cannot be reached.
    virtual Transaction Begin(TxMode mode = TxMode::kWrite) = 0;
    // A description safe to log (no password).
    virtual std::string Describe() const = 0;
};

// "sqlite:///abs/path.db", "sqlite://relative.db", "sqlite::memory:", "postgresql://..." or
// "postgres://..." (libpq URIs, multi-host included). Throws StorageError with a clear message.
std::unique_ptr<Database> Open(const std::string& url, const OpenOptions& options = {});

// Backups of the SQLite backend (the single-host deployment; PostgreSQL is backed up with pg_dump,
// docs/deploy.md). Backup: a consistent copy of the live database to `destination` (written whole, or
// not at all). Restore: checks the copy (integrity, a schema this binary knows) and puts it in place of
// the database file while no server runs; the replaced file is kept beside it as <path>.before-restore.
void BackupDatabase(const std::string& url, const std::string& destination);
void RestoreDatabase(const std::string& url, const std::string& backup);

// Runs `work` in a write transaction and commits; retries on Busy/ConnectionLost up to `attempts`.
template <class F>
auto WithTransaction(Database& db, F&& work, int attempts = 3) {
    for (int attempt = 1;; ++attempt) {
        try {
            Transaction tx = db.Begin(TxMode::kWrite);
            if constexpr (std::is_void_v<decltype(work(tx))>) {
                work(tx);
                tx.Commit();
                return;
            } else {
                auto result = work(tx);
                tx.Commit();
                return result;
            }
        } catch (const Busy&) {
            if (attempt >= attempts) throw;
        } catch (const ConnectionLost&) {
            if (attempt >= attempts) throw;
        }
    }
}

}  // namespace anxin::storage
