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
// Ids of queued/running jobs whose last progress is older than `before` (ms).
std::vector<std::string> StaleJobs(storage::Transaction& tx, std::int64_t before);

// The contract with the registry's key (worker, project, employer, start).
std::optional<Contract> FindContractByKey(storage::Transaction& tx, std::string_view worker_id,
                                          std::string_view project_id, std::string_view employer_id,
                                          std::string_view start_on);

}  // namespace anxin::registry::import_repo
