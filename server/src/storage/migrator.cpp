// Forward-only migrations: each pending one runs in its own write transaction together with its row
// in schema_migrations, so a migration is either fully applied and recorded or not at all.
#include "storage/migrator.hpp"

#include <map>
#include <optional>

namespace anxin::storage {
namespace {

// pg_advisory_xact_lock key shared by every anxin process migrating the same database ("anxin").
constexpr std::int64_t kMigrationLockKey = 0x616e78696e;

struct ParsedName {
    int version = 0;
    std::string name;  // without ".sql" / ".sqlite.sql" / ".postgres.sql"
    enum class Kind { kPortable, kSqlite, kPostgres } kind = Kind::kPortable;
};

std::optional<ParsedName> ParseFileName(std::string_view file) {
    if (!file.ends_with(".sql")) return std::nullopt;
    ParsedName parsed;
    std::string_view stem = file.substr(0, file.size() - 4);
    if (stem.ends_with(".sqlite")) {
        parsed.kind = ParsedName::Kind::kSqlite;
        stem.remove_suffix(7);
    } else if (stem.ends_with(".postgres")) {
        parsed.kind = ParsedName::Kind::kPostgres;
        stem.remove_suffix(9);
    }
    size_t digits = 0;
    while (digits < stem.size() && stem[digits] >= '0' && stem[digits] <= '9') ++digits;
    if (digits == 0 || digits > 9 || digits >= stem.size() || stem[digits] != '_' || stem.find('.') != std::string_view::npos) {
        throw StorageError("migration file '" + std::string(file) +
                           "' is not named NNNN_name.sql, NNNN_name.sqlite.sql or NNNN_name.postgres.sql");
    }
    parsed.version = std::stoi(std::string(stem.substr(0, digits)));
    parsed.name = std::string(stem);
    return parsed;
}

}  // namespace

std::vector<Migration> SelectMigrations(Backend backend,
                                        const std::vector<std::pair<std::string_view, std::string_view>>& files) {
    struct Group {
        std::vector<std::string> files;
        std::optional<Migration> portable, sqlite, postgres;
    };
    std::map<int, Group> groups;
    for (const auto& [file, content] : files) {
        std::optional<ParsedName> parsed = ParseFileName(file);
        if (!parsed) continue;
        Group& group = groups[parsed->version];
        group.files.emplace_back(file);
        Migration m{parsed->version, parsed->name, std::string(content)};
        std::optional<Migration>* slot = parsed->kind == ParsedName::Kind::kPortable ? &group.portable
                                         : parsed->kind == ParsedName::Kind::kSqlite ? &group.sqlite
                                                                                     : &group.postgres;
        if (slot->has_value()) {
            throw StorageError("two migration files claim version " + std::to_string(parsed->version) + ": " +
                               group.files.front() + " and " + std::string(file));
        }
        *slot = std::move(m);
    }

    std::vector<Migration> out;
    for (auto& [version, group] : groups) {
        std::string listed;
        for (const auto& f : group.files) listed += (listed.empty() ? "" : ", ") + f;
        if (group.portable && (group.sqlite || group.postgres)) {
            throw StorageError("two migration files claim version " + std::to_string(version) + ": " + listed);
        }
        if (group.portable) {
            out.push_back(std::move(*group.portable));
            continue;
        }
        if (!group.sqlite || !group.postgres) {
            throw StorageError("migration version " + std::to_string(version) +
                               " needs both a .sqlite.sql and a .postgres.sql file, found only: " + listed);
        }
        if (group.sqlite->name != group.postgres->name) {
            throw StorageError("migration pair for version " + std::to_string(version) +
                               " has different names: " + listed);
        }
        out.push_back(std::move(backend == Backend::kSqlite ? *group.sqlite : *group.postgres));
    }
    return out;  // std::map iterates in version order
}

std::vector<Migration> EmbeddedMigrationsFor(Backend backend) {
    return SelectMigrations(backend, EmbeddedMigrations());
}

MigrationReport Migrate(Database& db, const core::Clock& clock) {
    return Migrate(db, clock, EmbeddedMigrationsFor(db.backend()));
}

MigrationReport Migrate(Database& db, const core::Clock& clock, const std::vector<Migration>& migrations) {
    for (size_t i = 1; i < migrations.size(); ++i) {
        if (migrations[i].version <= migrations[i - 1].version) {
            throw StorageError("migrations out of order: " + migrations[i - 1].name + " before " + migrations[i].name);
        }
    }
    const bool postgres = db.backend() == Backend::kPostgres;
    auto lock = [&](Transaction& tx) {
        // SQLite's BEGIN IMMEDIATE already serialises writers; PostgreSQL needs an explicit lock so two
        // processes do not both see a migration as pending (or race on CREATE TABLE IF NOT EXISTS).
        if (postgres) tx.Execute("SELECT pg_advisory_xact_lock($1)", {kMigrationLockKey});
    };
    auto check_name = [](const Migration& m, const std::string& recorded) {
        if (recorded != m.name) {
            throw StorageError("schema_migrations records version " + std::to_string(m.version) + " as '" + recorded +
                               "' but this build calls it '" + m.name + "'");
        }
    };

    {
        Transaction tx = db.Begin(TxMode::kWrite);
        lock(tx);
        tx.Execute(
            "CREATE TABLE IF NOT EXISTS schema_migrations ("
            " version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)");
        tx.Commit();
    }

    std::map<std::int64_t, std::string> applied;
    {
        Transaction tx = db.Begin(TxMode::kRead);
        for (const Row& row : tx.Query("SELECT version, name FROM schema_migrations")) applied[row.Int(0)] = row.Text(1);
    }

    MigrationReport report;
    for (const Migration& m : migrations) {
        if (auto it = applied.find(m.version); it != applied.end()) {
            check_name(m, it->second);
            continue;
        }
        Transaction tx = db.Begin(TxMode::kWrite);
        lock(tx);
        // Another process may have applied it since we looked.
        if (auto row = tx.QueryOptional("SELECT name FROM schema_migrations WHERE version = $1", {m.version})) {
            check_name(m, row->Text(0));
            continue;
        }
        try {
            tx.ExecuteScript(m.sql);
        } catch (const StorageError& e) {
            throw StorageError("migration " + m.name + " failed: " + e.what());
        }
        try {
            tx.Execute("INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)",
                       {m.version, m.name, core::ToMillis(clock.Now())});
            tx.Commit();
        } catch (const UniqueViolation&) {
            continue;  // recorded by a concurrent migrator after our check: theirs stands, ours rolls back
        }
        report.applied.push_back(m.name);
    }

    Transaction tx = db.Begin(TxMode::kRead);
    report.current_version = static_cast<int>(tx.QueryOne("SELECT COALESCE(MAX(version), 0) FROM schema_migrations").Int(0));
    return report;
}

}  // namespace anxin::storage
