// PostgreSQL backend: a lazily filled pool of libpq connections, text-format PQexecParams, SQLSTATE
// mapped to the typed errors, broken connections discarded and re-made on the next Begin().
#include "storage/postgres/postgres_database.hpp"

#include <libpq-fe.h>

#include <condition_variable>
#include <cstdlib>
#include <cstring>
#include <mutex>
#include <utility>
#include <string_view>
#include <vector>

namespace anxin::storage {
namespace {

std::string Excerpt(std::string_view sql) {
    while (!sql.empty() && (sql.front() == ' ' || sql.front() == '\n' || sql.front() == '\t')) sql.remove_prefix(1);
    return std::string(sql.substr(0, 80));
}

struct UrlParts {
    std::string_view scheme;    // "postgresql"
    std::string_view userinfo;  // "user:password" or ""
    std::string_view hosts;     // "h1:5432,h2:5432"
    std::string_view path;      // "/db" or ""
    std::string_view query;     // "a=b&c=d" (without '?') or ""
    bool has_query = false;
};

UrlParts SplitUrl(std::string_view url) {
    UrlParts parts;
    auto scheme_end = url.find("://");
    parts.scheme = url.substr(0, scheme_end);
    std::string_view rest = url.substr(scheme_end + 3);
    if (auto q = rest.find('?'); q != std::string_view::npos) {
        parts.query = rest.substr(q + 1);
        parts.has_query = true;
        rest = rest.substr(0, q);
    }
    if (auto slash = rest.find('/'); slash != std::string_view::npos) {
        parts.path = rest.substr(slash);
        rest = rest.substr(0, slash);
    }
    if (auto at = rest.rfind('@'); at != std::string_view::npos) {
        parts.userinfo = rest.substr(0, at);
        rest = rest.substr(at + 1);
    }
    parts.hosts = rest;
    return parts;
}

bool HasQueryParam(std::string_view query, std::string_view name) {
    size_t pos = 0;
    while (pos <= query.size()) {
        size_t end = query.find('&', pos);
        if (end == std::string_view::npos) end = query.size();
        std::string_view item = query.substr(pos, end - pos);
        if (item.starts_with(name) && item.size() > name.size() && item[name.size()] == '=') return true;
        pos = end + 1;
    }
    return false;
}

class PgResult {
public:
    explicit PgResult(PGresult* res) : res_(res) {}
    PgResult(PgResult&& other) noexcept : res_(std::exchange(other.res_, nullptr)) {}
    PgResult& operator=(PgResult&&) = delete;
    PgResult(const PgResult&) = delete;
    PgResult& operator=(const PgResult&) = delete;
    ~PgResult() {
        if (res_) PQclear(res_);
    }
    PGresult* get() const { return res_; }

private:
    PGresult* res_;
};

class Connection {
public:
    Connection(const std::string& url, const OpenOptions& options, const std::string& description) {
        conn_ = PQconnectdb(url.c_str());
        if (conn_ == nullptr) throw ConnectionLost("cannot connect to " + description + ": out of memory");
        if (PQstatus(conn_) != CONNECTION_OK) {
            std::string message = PQerrorMessage(conn_);
            PQfinish(conn_);
            conn_ = nullptr;
            while (!message.empty() && message.back() == '\n') message.pop_back();
            throw ConnectionLost("cannot connect to " + description + ": " + message);
        }
        PQsetNoticeProcessor(conn_, [](void*, const char*) {}, nullptr);  // "... already exists, skipping"
        setup_ = "SET lock_timeout = " + std::to_string(options.busy_timeout_ms) +
                 "; SET client_encoding = 'UTF8'; SET TimeZone = 'UTC'";
        if (!Setup()) {
            std::string message = PQerrorMessage(conn_);
            PQfinish(conn_);
            conn_ = nullptr;
            throw ConnectionLost("cannot configure connection to " + description + ": " + message);
        }
    }
    Connection(const Connection&) = delete;
    Connection& operator=(const Connection&) = delete;
    ~Connection() { PQfinish(conn_); }

    PGconn* get() const { return conn_; }
    bool bad() const { return PQstatus(conn_) == CONNECTION_BAD; }
    // Re-establishes a broken connection (same parameters). False when the server is still away.
    bool Reset() {
        PQreset(conn_);
        return PQstatus(conn_) == CONNECTION_OK && Setup();
    }

private:
    bool Setup() {
        PgResult res(PQexec(conn_, setup_.c_str()));
        return PQresultStatus(res.get()) == PGRES_COMMAND_OK;
    }

    PGconn* conn_ = nullptr;
    std::string setup_;
};

class PostgresDatabase;

class PostgresTransaction final : public TransactionImpl {
public:
    PostgresTransaction(PostgresDatabase* owner, std::unique_ptr<Connection> conn)
        : owner_(owner), conn_(std::move(conn)) {}
    ~PostgresTransaction() override { Rollback(); }

    std::int64_t Execute(std::string_view sql, std::span<const Param> params) override {
        PgResult res = Run(sql, params);
        const char* tuples = PQcmdTuples(res.get());
        return tuples && *tuples ? std::atoll(tuples) : 0;
    }

    std::vector<Row> Query(std::string_view sql, std::span<const Param> params) override {
        PgResult res = Run(sql, params);
        int rows = PQntuples(res.get());
        int columns = PQnfields(res.get());
        std::vector<Row> out;
        out.reserve(static_cast<size_t>(rows));
        for (int r = 0; r < rows; ++r) {
            std::vector<Row::Cell> cells(static_cast<size_t>(columns));
            for (int c = 0; c < columns; ++c) {
                if (PQgetisnull(res.get(), r, c)) continue;
                Row::Cell& cell = cells[static_cast<size_t>(c)];
                cell.null = false;
                cell.kind = Row::Cell::Kind::kText;
                cell.text.assign(PQgetvalue(res.get(), r, c), static_cast<size_t>(PQgetlength(res.get(), r, c)));
            }
            out.emplace_back(std::move(cells));
        }
        return out;
    }

    void ExecuteScript(std::string_view sql) override {
        std::string text(sql);
        PgResult res(PQexec(Live().get(), text.c_str()));
        Check(res.get(), sql);
    }

    void Commit() override {
        PgResult res(PQexec(Live().get(), "COMMIT"));
        Check(res.get(), "COMMIT");
        // COMMIT of a transaction aborted by an earlier error succeeds with the tag ROLLBACK.
        if (std::strcmp(PQcmdStatus(res.get()), "ROLLBACK") == 0) {
            Release();
            throw StorageError("postgresql: the transaction was aborted by an earlier error and has been rolled back");
        }
        Release();
    }

    void Rollback() noexcept override;

    void Begin(TxMode mode) {
        PgResult res(PQexec(Live().get(), mode == TxMode::kWrite ? "BEGIN" : "BEGIN READ ONLY"));
        Check(res.get(), "BEGIN");
    }

private:
    Connection& Live() {
        if (!conn_) throw StorageError("postgresql: transaction already ended");
        return *conn_;
    }

    PgResult Run(std::string_view sql, std::span<const Param> params) {
        PGconn* conn = Live().get();
        std::string text(sql);
        std::vector<std::string> storage(params.size());
        std::vector<const char*> values(params.size());
        for (size_t i = 0; i < params.size(); ++i) {
            if (params[i].is_null()) continue;
            storage[i] = params[i].ToText();
            values[i] = storage[i].c_str();
        }
        PgResult res(PQexecParams(conn, text.c_str(), static_cast<int>(params.size()), nullptr, values.data(), nullptr,
                                  nullptr, 0));
        Check(res.get(), sql);
        return res;
    }

    void Check(PGresult* res, std::string_view sql);
    void Release(bool discard = false) noexcept;

    PostgresDatabase* owner_;
    std::unique_ptr<Connection> conn_;
};

class PostgresDatabase final : public Database {
public:
    PostgresDatabase(const std::string& url, const OpenOptions& options)
        : connect_url_(PostgresConnectUrl(url, options)),
          description_(PostgresDescribeUrl(url)),
          options_(options) {
        idle_.push_back(std::make_unique<Connection>(connect_url_, options_, description_));
        open_ = 1;
    }

    Backend backend() const override { return Backend::kPostgres; }

    Transaction Begin(TxMode mode) override {
        auto conn = Acquire();
        auto tx = std::make_unique<PostgresTransaction>(this, std::move(conn));
        try {
            tx->Begin(mode);
        } catch (const ConnectionLost&) {
            // The pooled connection died while idle (server restart, pg_terminate_backend): nothing of
            // this transaction has happened yet, so one more try on a fresh connection is safe.
            tx = std::make_unique<PostgresTransaction>(this, Acquire());
            tx->Begin(mode);
        }
        return Transaction(std::move(tx), Backend::kPostgres);
    }

    std::string Describe() const override { return description_; }

    // Returns a connection to the pool, or drops it when it is broken.
    void Return(std::unique_ptr<Connection> conn, bool discard) noexcept {
        bool broken = discard || conn->bad();
        if (broken) conn.reset();
        {
            std::lock_guard lock(mutex_);
            if (broken) {
                --open_;
            } else {
                idle_.push_back(std::move(conn));
            }
        }
        available_.notify_one();
    }

private:
    std::unique_ptr<Connection> Acquire() {
        std::unique_lock lock(mutex_);
        available_.wait(lock, [&] { return !idle_.empty() || open_ < options_.pool_size; });
        std::unique_ptr<Connection> conn;
        if (!idle_.empty()) {
            conn = std::move(idle_.back());
            idle_.pop_back();
        } else {
            ++open_;
        }
        lock.unlock();
        try {
            if (!conn) {
                conn = std::make_unique<Connection>(connect_url_, options_, description_);
            } else if (conn->bad() && !conn->Reset()) {
                throw ConnectionLost("postgresql: lost connection to " + description_ + " and could not reconnect: " +
                                     PQerrorMessage(conn->get()));
            }
        } catch (...) {
            conn.reset();
            lock.lock();
            --open_;
            lock.unlock();
            available_.notify_one();
            throw;
        }
        return conn;
    }

    const std::string connect_url_;
    const std::string description_;
    const OpenOptions options_;
    std::mutex mutex_;
    std::condition_variable available_;
    std::vector<std::unique_ptr<Connection>> idle_;  // GUARDED_BY(mutex_)
    int open_ = 0;                                    // GUARDED_BY(mutex_): idle + in use
};

void PostgresTransaction::Check(PGresult* res, std::string_view sql) {
    ExecStatusType status = res ? PQresultStatus(res) : PGRES_FATAL_ERROR;
    if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK || status == PGRES_EMPTY_QUERY) return;

    std::string message = res ? PQresultErrorMessage(res) : "";
    if (message.empty()) message = PQerrorMessage(conn_->get());
    while (!message.empty() && (message.back() == '\n' || message.back() == ' ')) message.pop_back();
    if (auto nl = message.find('\n'); nl != std::string::npos) message.resize(nl);  // drop DETAIL/LINE lines
    std::string full = "postgresql: " + message + " [" + Excerpt(sql) + "]";

    const char* state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : nullptr;
    std::string_view sqlstate = state ? state : "";
    if (conn_->bad() || sqlstate.starts_with("08") || sqlstate == "57P01" || sqlstate == "57P02" ||
        sqlstate == "57P03") {
        // The transaction is gone with the connection; Release() discards it and the next Begin() reconnects.
        Release(/*discard=*/true);
        throw ConnectionLost(full);
    }
    const char* name = res ? PQresultErrorField(res, PG_DIAG_CONSTRAINT_NAME) : nullptr;
    std::string constraint = name ? name : "";
    if (sqlstate == "23505") throw UniqueViolation(full, constraint);
    if (sqlstate == "23503") throw ForeignKeyViolation(full, constraint);
    if (sqlstate == "23514") throw CheckViolation(full, constraint);
    if (sqlstate == "23502") {
        // Not-null violations carry no constraint name; report "table.column" as SQLite does.
        const char* table = PQresultErrorField(res, PG_DIAG_TABLE_NAME);
        const char* column = PQresultErrorField(res, PG_DIAG_COLUMN_NAME);
        if (constraint.empty() && table && column) constraint = std::string(table) + "." + column;
        throw NotNullViolation(full, constraint);
    }
    if (sqlstate.starts_with("23")) throw ConstraintViolation(full, constraint);
    if (sqlstate == "40001" || sqlstate == "40P01" || sqlstate == "55P03") throw Busy(full);
    throw StorageError(full);
}

void PostgresTransaction::Rollback() noexcept {
    if (!conn_) return;
    if (!conn_->bad() && PQtransactionStatus(conn_->get()) != PQTRANS_IDLE) {
        PGresult* res = PQexec(conn_->get(), "ROLLBACK");
        PQclear(res);
    }
    Release();
}

void PostgresTransaction::Release(bool discard) noexcept {
    if (conn_) owner_->Return(std::move(conn_), discard);
}

}  // namespace

std::string PostgresConnectUrl(const std::string& url, const OpenOptions& options) {
    UrlParts parts = SplitUrl(url);
    std::string out = url;
    auto add = [&](std::string_view name, const std::string& value) {
        if (HasQueryParam(parts.query, name)) return;
        out += out.find('?') == std::string::npos ? '?' : '&';
        out += std::string(name) + "=" + value;
    };
    add("connect_timeout", std::to_string(options.connect_timeout_s));
    if (parts.hosts.find(',') != std::string_view::npos) add("target_session_attrs", "read-write");
    return out;
}

std::string PostgresDescribeUrl(const std::string& url) {
    UrlParts parts = SplitUrl(url);
    std::string user(parts.userinfo.substr(0, parts.userinfo.find(':')));
    return std::string(parts.scheme) + "://" + (user.empty() ? "" : user + "@") + std::string(parts.hosts) +
           std::string(parts.path);
}

std::unique_ptr<Database> OpenPostgres(const std::string& url, const OpenOptions& options) {
    return std::make_unique<PostgresDatabase>(url, options);
}

}  // namespace anxin::storage
