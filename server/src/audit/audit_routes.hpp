// GET /api/v1/audit — the audit trail for the audit administrator, filterable by entity and actor.
#pragma once

#include "http/http.hpp"
#include "storage/database.hpp"

namespace anxin::audit {

void RegisterAuditRoutes(http::Router& router, storage::Database& db);

}  // namespace anxin::audit
