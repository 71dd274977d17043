// PostgreSQL backend (libpq). Only database.cpp includes this header; it does not include libpq-fe.h.
#pragma once

#include <memory>
#include <string>

#include "storage/database.hpp"

namespace anxin::storage {

// url: a libpq URI ("postgresql://user@host:5432,host2:5432/db?options=-csearch_path%3Dx").
// Connects once immediately so an unreachable server fails here (ConnectionLost).
std::unique_ptr<Database> OpenPostgres(const std::string& url, const OpenOptions& options);

// The URL actually given to PQconnectdb: adds connect_timeout (when absent) and, for several hosts,
// target_session_attrs=read-write (when absent). Exposed for tests.
std::string PostgresConnectUrl(const std::string& url, const OpenOptions& options);
// "postgresql://user@host:port/db": no password, no query parameters.
std::string PostgresDescribeUrl(const std::string& url);

}  // namespace anxin::storage
