// Numbered, forward-only schema migrations embedded in the binary (server/migrations/*.sql).
// File names: NNNN_name.sql (portable) or a NNNN_name.sqlite.sql / NNNN_name.postgres.sql pair
// when a statement cannot be portable. Each pending migration runs in its own transaction and is
// recorded in schema_migrations(version, name, applied_at).
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/time.hpp"
#include "storage/database.hpp"

namespace anxin::storage {

struct Migration {
    int version = 0;
    std::string name;  // "0001_core"
    std::string sql;   // for this backend
};

// The embedded migrations applicable to `backend`, ordered by version. Throws StorageError when two
// files claim one version or a pair is incomplete.
std::vector<Migration> EmbeddedMigrationsFor(Backend backend);

struct MigrationReport {
    std::vector<std::string> applied;  // names applied by this call
    int current_version = 0;
};

// Applies every pending migration. Safe to call at every start; concurrent callers are serialised
// by the database's own locking.
MigrationReport Migrate(Database& db, const core::Clock& clock);
// The same with an explicit list (tests). `migrations` must be ordered by strictly increasing version.
MigrationReport Migrate(Database& db, const core::Clock& clock, const std::vector<Migration>& migrations);

// EmbeddedMigrationsFor over any (file name, content) list; files not ending in .sql are ignored.
std::vector<Migration> SelectMigrations(Backend backend,
                                        const std::vector<std::pair<std::string_view, std::string_view>>& files);

// Generated from server/migrations by cmake/embed_files.cmake: (file name, content).
const std::vector<std::pair<std::string_view, std::string_view>>& EmbeddedMigrations();

}  // namespace anxin::storage
