// Backend-independent parts of the storage seam: value conversion, the Transaction wrapper and
// Open()'s dispatch on the URL scheme.
#include "storage/database.hpp"

#include <charconv>
#include <filesystem>
#include <cmath>
#include <limits>
#include <system_error>

#include "storage/migrator.hpp"
#include "storage/postgres/postgres_database.hpp"
#include "storage/sqlite/sqlite_database.hpp"
#include "core/text.hpp"

namespace anxin::storage {
namespace {

std::string FormatDouble(double v) {
    char buf[64];
    auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);  // shortest text that round-trips
    if (ec != std::errc()) throw StorageError("cannot format a double");
    return std::string(buf, end);
}

std::string_view Trim(std::string_view s) { return core::TrimSpace(s); }

std::string Excerpt(std::string_view sql) {
    sql = Trim(sql);
    return std::string(sql.substr(0, 80));
}

}  // namespace

std::string_view BackendName(Backend backend) {
    switch (backend) {
        case Backend::kSqlite: return "sqlite";
        case Backend::kPostgres: return "postgresql";
    }
    return "unknown";
}

// ---- Param --------------------------------------------------------------------------------------
std::string Param::ToText() const {
    struct Visitor {
        std::string operator()(std::monostate) const { return {}; }
        std::string operator()(std::int64_t v) const { return std::to_string(v); }
        std::string operator()(double v) const {
            if (std::isnan(v)) return "NaN";
            if (std::isinf(v)) return v > 0 ? "Infinity" : "-Infinity";
            return FormatDouble(v);
        }
        std::string operator()(std::string_view v) const { return std::string(v); }
        std::string operator()(const std::string& v) const { return v; }
    };
    return std::visit(Visitor{}, value_);
}

// ---- Row ----------------------------------------------------------------------------------------
const Row::Cell& Row::At(size_t i) const {
    if (i >= cells_.size()) {
        throw StorageError("column " + std::to_string(i) + " out of range (row has " + std::to_string(cells_.size()) +
                           " columns)");
    }
    return cells_[i];
}

bool Row::IsNull(size_t i) const { return At(i).null; }

std::int64_t Row::Int(size_t i) const {
    const Cell& c = At(i);
    switch (c.kind) {
        case Cell::Kind::kNull: break;
        case Cell::Kind::kInteger: return c.integer;
        case Cell::Kind::kReal: {
            double whole = std::trunc(c.real);
            if (whole != c.real || std::abs(whole) > 9.2e18) {
                throw StorageError("column " + std::to_string(i) + " holds " + FormatDouble(c.real) + ", not an integer");
            }
            return static_cast<std::int64_t>(whole);
        }
        case Cell::Kind::kText: {
            // PostgreSQL booleans arrive as t/f; flags are INTEGER by convention, but EXISTS(...) is not.
            if (c.text == "t") return 1;
            if (c.text == "f") return 0;
            std::int64_t v = 0;
            const char* first = c.text.data();
            const char* last = first + c.text.size();
            auto [ptr, ec] = std::from_chars(first, last, v);
            if (ec != std::errc() || ptr != last) {
                throw StorageError("column " + std::to_string(i) + " holds '" + c.text.substr(0, 40) + "', not an integer");
            }
            return v;
        }
    }
    throw StorageError("column " + std::to_string(i) + " is NULL (use OptInt)");
}

double Row::Real(size_t i) const {
    const Cell& c = At(i);
    switch (c.kind) {
        case Cell::Kind::kNull: break;
        case Cell::Kind::kInteger: return static_cast<double>(c.integer);
        case Cell::Kind::kReal: return c.real;
        case Cell::Kind::kText: {
            double v = 0;
            const char* first = c.text.data();
            const char* last = first + c.text.size();
            auto [ptr, ec] = std::from_chars(first, last, v);
            if (ec == std::errc() && ptr == last) return v;
            if (c.text == "NaN") return std::numeric_limits<double>::quiet_NaN();
            if (c.text == "Infinity") return std::numeric_limits<double>::infinity();
            if (c.text == "-Infinity") return -std::numeric_limits<double>::infinity();
            throw StorageError("column " + std::to_string(i) + " holds '" + c.text.substr(0, 40) + "', not a number");
        }
    }
    throw StorageError("column " + std::to_string(i) + " is NULL");
}

std::string Row::Text(size_t i) const {
    const Cell& c = At(i);
    switch (c.kind) {
        case Cell::Kind::kNull: break;
        case Cell::Kind::kText: return c.text;
        case Cell::Kind::kInteger: return std::to_string(c.integer);
        case Cell::Kind::kReal: return FormatDouble(c.real);
    }
    throw StorageError("column " + std::to_string(i) + " is NULL (use OptText)");
}

std::optional<std::int64_t> Row::OptInt(size_t i) const {
    if (IsNull(i)) return std::nullopt;
    return Int(i);
}

std::optional<std::string> Row::OptText(size_t i) const {
    if (IsNull(i)) return std::nullopt;
    return Text(i);
}

core::Date Row::Date(size_t i) const {
    auto text = Text(i);
    auto date = core::Date::Parse(text);
    if (!date) throw StorageError("column " + std::to_string(i) + " is not a YYYY-MM-DD date: " + text);
    return *date;
}

std::optional<core::Date> Row::OptDate(size_t i) const {
    if (IsNull(i) || Text(i).empty()) return std::nullopt;
    return Date(i);
}

std::optional<core::Timestamp> Row::OptTime(size_t i) const {
    if (IsNull(i)) return std::nullopt;
    return Time(i);
}

std::string AndIn(std::string_view column, const std::vector<std::string>* values, std::vector<Param>& params) {
    if (!values) return {};
    if (values->empty()) return " AND 1 = 0";
    std::string sql = " AND " + std::string(column) + " IN (";
    for (size_t i = 0; i < values->size(); ++i) {
        params.emplace_back(std::string_view((*values)[i]));
        sql += (i ? ", $" : "$") + std::to_string(params.size());
    }
    return sql + ")";
}

// ---- Transaction --------------------------------------------------------------------------------
Transaction& Transaction::operator=(Transaction&& other) noexcept {
    if (this != &other) {
        if (impl_ && !done_) impl_->Rollback();
        impl_ = std::move(other.impl_);
        backend_ = other.backend_;
        done_ = other.done_;
    }
    return *this;
}

Transaction::~Transaction() {
    if (impl_ && !done_) impl_->Rollback();
}

namespace {
[[noreturn]] void ThrowFinished(bool done, std::string_view sql) {
    throw StorageError(std::string(done ? "transaction already committed" : "transaction already ended") +
                       (sql.empty() ? std::string() : " (statement: " + Excerpt(sql) + ")"));
}
}  // namespace

std::int64_t Transaction::Execute(std::string_view sql, std::span<const Param> params) {
    if (!impl_ || done_) ThrowFinished(done_, sql);
    return impl_->Execute(sql, params);
}

std::vector<Row> Transaction::Query(std::string_view sql, std::span<const Param> params) {
    if (!impl_ || done_) ThrowFinished(done_, sql);
    return impl_->Query(sql, params);
}

Row Transaction::QueryOne(std::string_view sql, std::initializer_list<Param> params) {
    std::vector<Row> rows = Query(sql, std::span<const Param>(params.begin(), params.size()));
    if (rows.size() != 1) {
        throw StorageError("expected exactly one row, got " + std::to_string(rows.size()) + ": " + Excerpt(sql));
    }
    return std::move(rows.front());
}

std::optional<Row> Transaction::QueryOptional(std::string_view sql, std::initializer_list<Param> params) {
    return QueryOptional(sql, std::span<const Param>(params.begin(), params.size()));
}

std::optional<Row> Transaction::QueryOptional(std::string_view sql, std::span<const Param> params) {
    std::vector<Row> rows = Query(sql, params);
    if (rows.empty()) return std::nullopt;
    if (rows.size() > 1) {
        throw StorageError("expected at most one row, got " + std::to_string(rows.size()) + ": " + Excerpt(sql));
    }
    return std::move(rows.front());
}

void Transaction::ExecuteScript(std::string_view sql) {
    if (!impl_ || done_) ThrowFinished(done_, sql);
    impl_->ExecuteScript(sql);
}

void Transaction::Commit() {
    if (!impl_ || done_) ThrowFinished(done_, {});
    try {
        impl_->Commit();
    } catch (...) {
        // The backend has rolled back; the transaction is over either way.
        impl_->Rollback();
        impl_.reset();
        throw;
    }
    done_ = true;
}

// ---- Open ---------------------------------------------------------------------------------------
std::unique_ptr<Database> Open(const std::string& url, const OpenOptions& options) {
    if (options.pool_size < 1) throw StorageError("pool_size must be at least 1");
    if (url.starts_with("sqlite:")) return OpenSqlite(url, options);
    if (url.starts_with("postgresql://") || url.starts_with("postgres://")) return OpenPostgres(url, options);
    auto colon = url.find(':');
    throw StorageError("unsupported database URL '" + (colon == std::string::npos ? url : url.substr(0, colon) + ":...") +
                       "': expected sqlite:///path.db, sqlite::memory: or postgresql://...");
}

void BackupDatabase(const std::string& url, const std::string& destination) {
    if (!url.starts_with("sqlite:")) throw StorageError("PostgreSQL is backed up with pg_dump (docs/deploy.md)");
    BackupSqlite(url, destination);
}

void RestoreDatabase(const std::string& url, const std::string& backup) {
    if (!url.starts_with("sqlite://") || url == "sqlite::memory:")
        throw StorageError("PostgreSQL is restored with pg_restore (docs/deploy.md)");
    const std::string path = url.substr(std::string_view("sqlite://").size());
    if (const std::string check = CheckSqliteFile(backup); check != "ok")
        throw StorageError("the backup is not sound (" + check + "): nothing restored");
    // A file whose schema this binary has never heard of is not restored over a working one.
    {
        auto copy = Open("sqlite://" + backup);
        auto tx = copy->Begin(TxMode::kRead);
        const auto version = tx.QueryOne("SELECT COALESCE(MAX(version), 0) FROM schema_migrations").Int(0);
        const auto known = EmbeddedMigrationsFor(Backend::kSqlite);
        if (known.empty() || version > known.back().version)
            throw StorageError("the backup's schema (version " + std::to_string(version) + ") is newer than this program's");
    }
    std::error_code ec;
    if (std::filesystem::exists(path)) std::filesystem::rename(path, path + ".before-restore", ec);
    if (ec) throw StorageError("cannot move the current database aside: " + ec.message());
    for (const char* suffix : {"-wal", "-shm"}) std::filesystem::remove(path + suffix, ec);
    std::filesystem::copy_file(backup, path + ".restoring", std::filesystem::copy_options::overwrite_existing);
    std::filesystem::rename(path + ".restoring", path);
}

}  // namespace anxin::storage
