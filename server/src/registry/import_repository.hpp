// SQL for registry_import_job and registry_import_error, and the contract lookup imports need.
// Every function runs in the caller's transaction.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/principal.hpp"
#include "core/tabular.hpp"
#include "registry/import_service.hpp"
#include "registry/workers.hpp"
#include "storage/database.hpp"

namespace anxin::registry::import_repo {

void InsertJob(storage::Transaction& tx, const ImportJob& job);
std::optional<ImportJob> FindJob(storage::Transaction& tx, std::string_view id);
// Jobs the principal may see (ImportService's rule), newest first.
std::vector<ImportJob> ListJobs(storage::Transaction& tx, const core::Principal& principal, std::int64_t offset,
                                std::int64_t limit);
std::int64_t CountJobs(storage::Transaction& tx, const core::Principal& principal);
bool JobVisible(const ImportJob& job, const core::Principal& principal);

void MarkRunning(storage::Transaction& tx, std::string_view id, std::int64_t rows_total, std::int64_t at);
struct Counts {
    std::int64_t done = 0, created = 0, updated = 0, unchanged = 0, failed = 0;
};
// Adds to the job's counters (and records the progress time).
void AddProgress(storage::Transaction& tx, std::string_view id, const Counts& counts, std::int64_t at);
void Finish(storage::Transaction& tx, std::string_view id, std::string_view status,
            const std::optional<std::string>& message, std::int64_t at);
// Appends errors after the job's last one.
void InsertErrors(storage::Transaction& tx, std::string_view id, const std::vector<core::RowError>& errors);
std::vector<core::RowError> ListErrors(storage::Transaction& tx, std::string_view id);
// Ids of queued/running jobs without a queued file (run in a CLI process) whose last progress is
// older than `before` (ms).
std::vector<std::string> StaleJobs(storage::Transaction& tx, std::int64_t before);

// The queue (registry_import_payload): the file and the submitter of a job waiting for a runner.
void InsertPayload(storage::Transaction& tx, std::string_view job_id, std::string_view content_b64,
                   std::string_view principal_json, std::string_view request_id);
struct LeasedJob {
    std::string job_id;
    std::string kind;
    std::string content_b64;
    std::string principal_json;
    std::string request_id;
    std::int64_t rows_done = 0;  // rows already committed: where to go on
};
// Leases the oldest job that is waiting or whose lease ran out (`now`), to `runner` until
// `lease_until`; nullopt when none. Safe against runners of other instances: the lease is taken by a
// conditional UPDATE, and only the one that changed the row has it.
std::optional<LeasedJob> LeaseNext(storage::Transaction& tx, std::string_view runner, std::int64_t now,
                                   std::int64_t lease_until);
// False when the lease was lost to another runner (this one stalled past it).
bool RenewLease(storage::Transaction& tx, std::string_view job_id, std::string_view runner, std::int64_t lease_until);
// Gives the job back to the queue at once (this runner is stopping): another instance goes on with it.
void ReleaseLease(storage::Transaction& tx, std::string_view job_id, std::string_view runner);
void DeletePayload(storage::Transaction& tx, std::string_view job_id);
// Jobs waiting for a runner or held under a lease that has not run out.
std::int64_t CountQueued(storage::Transaction& tx);

// The contract with the registry's key (worker, project, employer, start).
std::optional<Contract> FindContractByKey(storage::Transaction& tx, std::string_view worker_id,
                                          std::string_view project_id, std::string_view employer_id,
                                          std::string_view start_on);

}  // namespace anxin::registry::import_repo
