// HTTP routes of attendance (registry module):
//   POST /api/v1/attendance/punches                         attendance.write  ≤ 10,000 punches; 200 with
//        {accepted, duplicates, withoutContract, rejected: [{index, field, reason}], daysRecomputed};
//        413 on "punches" above. Punches of workers without a contract are kept, flagged (REG 28, RN-01).
//   GET  /api/v1/projects/{projectId}/attendance?month=YYYY-MM          attendance.read  per worker per day
//   GET  /api/v1/projects/{projectId}/attendance/summary?month=YYYY-MM  attendance.read  per worker
#pragma once

#include "http/http.hpp"
#include "registry/workers.hpp"

namespace anxin::registry {

// The service must outlive the router.
void RegisterAttendanceRoutes(http::Router& router, AttendanceService& attendance);

}  // namespace anxin::registry
