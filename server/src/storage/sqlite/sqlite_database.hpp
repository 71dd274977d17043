// SQLite backend. Only database.cpp includes this header; it does not include sqlite3.h.
#pragma once

#include <memory>
#include <string>

#include "storage/database.hpp"

namespace anxin::storage {

// url: "sqlite:///abs/path.db", "sqlite://relative/path.db" or "sqlite::memory:". The directory
// must exist. Opens one connection immediately so a bad path fails here, not at the first request.
std::unique_ptr<Database> OpenSqlite(const std::string& url, const OpenOptions& options);

}  // namespace anxin::storage
