// SQLite backend. Only database.cpp includes this header; it does not include sqlite3.h.
#pragma once

#include <memory>
#include <string>

#include "storage/database.hpp"

namespace anxin::storage {

// url: "sqlite:///abs/path.db", "sqlite://relative/path.db" or "sqlite::memory:". The directory
// must exist. Opens one connection immediately so a bad path fails here, not at the first request.
std::unique_ptr<Database> OpenSqlite(const std::string& url, const OpenOptions& options);
// SQLite's online backup API: a consistent copy while the server runs (writers wait at most for a step).
void BackupSqlite(const std::string& url, const std::string& destination);
// PRAGMA integrity_check of a database file: "ok", or what is broken.
std::string CheckSqliteFile(const std::string& path);

}  // namespace anxin::storage
