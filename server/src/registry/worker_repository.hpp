// SQL for registry_worker, registry_contract and registry_entry_exit: statement text, binding and row
// mapping, nothing else. Every function runs in the caller's transaction; lookups return
// std::optional; storage constraint errors pass through for the services to map. Personal data
// arrives here already sealed (the *_enc columns) and masked.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/principal.hpp"
#include "registry/project_scope.hpp"
#include "registry/workers.hpp"
#include "storage/database.hpp"

namespace anxin::registry::repository {

// A worker row as stored.
struct WorkerRecord {
    std::string id;
    std::string name;
    std::string id_card_type = "01";
    std::string id_number_enc;
    std::string id_number_index;
    std::string id_number_mask;
    std::string birth_date;  // YYYY-MM-DD
    std::string sex;         // "M" / "F"
    std::string native_region_code;
    bool over_age = false;
    std::optional<std::string> phone_enc, phone_mask;
    std::optional<std::string> bank_card_enc, bank_card_mask;
    std::optional<std::string> bank_name, work_type, photo_ref;
    std::optional<std::string> registered_by_enterprise_id;
    std::int64_t created_at = 0;
    std::int64_t updated_at = 0;
};

// A condition over registry_worker aliased `alias` that holds when the caller may see the worker:
// a contract on a project in scope, or (enterprise users) registered by the caller's enterprise.
// The system principal ("system", CLI and batch jobs) sees everything.
SqlFilter WorkerScopeFilter(const core::Principal& principal, std::string_view alias, int first_placeholder);
bool WorkerVisible(storage::Transaction& tx, const core::Principal& principal, std::string_view worker_id);
// Project scope as ProjectInScope, plus the system principal.
bool ProjectVisibleTo(storage::Transaction& tx, const core::Principal& principal, std::string_view project_id);

void InsertWorker(storage::Transaction& tx, const WorkerRecord& worker);
std::int64_t UpdateWorker(storage::Transaction& tx, const WorkerRecord& worker);  // every mutable column by id
std::optional<WorkerRecord> FindWorker(storage::Transaction& tx, std::string_view id);
std::optional<std::string> FindWorkerIdByIndex(storage::Transaction& tx, std::string_view id_number_index);
bool WorkerExists(storage::Transaction& tx, std::string_view id);
// Makes the worker visible to the enterprise (registry_worker_link); false when already linked.
bool InsertWorkerLink(storage::Transaction& tx, std::string_view worker_id, std::string_view enterprise_id,
                      std::int64_t now_ms);

struct WorkerFilter {
    core::Principal principal;
    std::optional<std::string> project_id;
    std::optional<std::string> name_prefix;
    std::optional<std::string> id_number_index;
    std::int64_t offset = 0;
    std::int64_t limit = 20;
};
// Ordered by name, id.
std::vector<WorkerRecord> ListWorkers(storage::Transaction& tx, const WorkerFilter& filter);
std::int64_t CountWorkers(storage::Transaction& tx, const WorkerFilter& filter);

// ---- contracts -----------------------------------------------------------------------------------
struct ProjectStart {
    std::string id;
    std::optional<std::string> contract_start_on;
};
std::optional<ProjectStart> FindProjectStart(storage::Transaction& tx, std::string_view project_id);
// Whether the enterprise participates in the project (any role); with role_code, in that role.
bool ProjectHasParticipant(storage::Transaction& tx, std::string_view project_id, std::string_view enterprise_id,
                   std::optional<std::string_view> role_code = std::nullopt);
struct TeamOwner {
    std::string project_id;
    std::string enterprise_id;
};
std::optional<TeamOwner> FindTeamOwner(storage::Transaction& tx, std::string_view team_id);

void InsertContract(storage::Transaction& tx, const Contract& contract);
std::optional<Contract> FindContract(storage::Transaction& tx, std::string_view id);
// Ordered by start_on, id.
std::vector<Contract> ListContractsOfProject(storage::Transaction& tx, std::string_view project_id);
// Only contracts on projects in the principal's scope.
std::vector<Contract> ListContractsOfWorker(storage::Transaction& tx, const core::Principal& principal,
                                            std::string_view worker_id);
// entered_on, exited_on, updated_at by id.
void UpdateContractPresence(storage::Transaction& tx, const Contract& contract);
void InsertEntryExit(storage::Transaction& tx, std::string_view id, std::string_view contract_id,
                     std::string_view kind, std::string_view on_date, std::int64_t created_at);

}  // namespace anxin::registry::repository
