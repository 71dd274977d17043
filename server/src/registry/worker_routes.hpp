// HTTP routes of workers and contracts (registry module, worker half):
//   GET   /api/v1/work-types                          worker.read   the workType code table
//   GET   /api/v1/workers                             worker.read   paged; ?projectId=&q=(name prefix)&idNumber=(exact)
//   POST  /api/v1/workers                             worker.write  201; 409 {fields.existingWorkerId} when the
//                                                                    ID number is registered already
//   GET   /api/v1/workers/{workerId}[?reveal=true]    worker.read   reveal needs worker.unmask; audited
//   PATCH /api/v1/workers/{workerId}                  worker.write
//   GET   /api/v1/workers/{workerId}/contracts        worker.read
//   GET   /api/v1/projects/{projectId}/contracts      worker.read
//   POST  /api/v1/projects/{projectId}/contracts      worker.write  201
//   GET   /api/v1/contracts/{contractId}              worker.read
//   POST  /api/v1/contracts/{contractId}/entry        worker.write  {onDate}; REG 28
//   POST  /api/v1/contracts/{contractId}/exit         worker.write  {onDate}
#pragma once

#include "http/http.hpp"
#include "registry/workers.hpp"

namespace anxin::registry {

// The services must outlive the router.
void RegisterWorkerRoutes(http::Router& router, WorkerService& workers, ContractService& contracts);

}  // namespace anxin::registry
