// HTTP routes of bulk imports (registry/import_service.hpp):
//   GET  /api/v1/imports/templates/{kind}           import.read   the XLSX template (enterprises|workers|attendance)
//   POST /api/v1/imports?kind=&fileName=             import.write  body = the CSV/XLSX file (file name also in
//                                                                  X-File-Name, URL-encoded); 202 with the job;
//                                                                  422 naming missing/unknown columns, no job
//   GET  /api/v1/imports                             import.read   paged, newest first, scoped
//   GET  /api/v1/imports/{importId}                  import.read   progress and counts
//   GET  /api/v1/imports/{importId}/errors?format=   import.read   json (default) | csv | xlsx: 行号, 字段, 原因
#pragma once

#include "http/http.hpp"
#include "registry/import_service.hpp"

namespace anxin::registry {

boost::json::object ImportJobJson(const ImportJob& job);

// The service must outlive the router.
void RegisterImportRoutes(http::Router& router, ImportService& imports);

}  // namespace anxin::registry
