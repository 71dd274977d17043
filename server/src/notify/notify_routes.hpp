// Outbox administration routes (permission outbox.read, the system administrator):
//   GET  /api/v1/outbox?status=&page=&pageSize=   newest first, recipients masked
//   POST /api/v1/outbox/{outboxId}/retry          a failed message back to pending (audited)
#pragma once

#include "http/http.hpp"
#include "notify/outbox.hpp"

namespace anxin::notify {

void RegisterOutboxRoutes(http::Router& router, Outbox& outbox);

}  // namespace anxin::notify
