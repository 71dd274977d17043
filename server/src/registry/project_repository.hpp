// SQL for registry_project, registry_project_status_change, registry_participant, registry_team and
// registry_project_staff: statement text, binding and row mapping; no business decisions. Runs in
// the caller's transaction; constraint errors pass through for the service to map.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/principal.hpp"
#include "registry/projects.hpp"
#include "storage/database.hpp"

namespace anxin::registry::repository {

// ---- registry_project ----------------------------------------------------------------------------
void InsertProject(storage::Transaction& tx, const Project& p);
// Every column but id, code, public_token and created_at, by id.
void UpdateProject(storage::Transaction& tx, const Project& p);
std::optional<Project> FindProject(storage::Transaction& tx, std::string_view id);
// The project when it exists and lies in the principal's scope (ProjectScopeFilter).
std::optional<Project> FindProjectInScope(storage::Transaction& tx, const core::Principal& principal,
                                          std::string_view id);
std::optional<Project> FindProjectByCode(storage::Transaction& tx, std::string_view code);
std::optional<Project> FindProjectByToken(storage::Transaction& tx, std::string_view token);
// The fence of a project (kNone without one); nullopt when the project does not exist.
std::optional<Fence> FindProjectFence(storage::Transaction& tx, std::string_view id);

struct ProjectFilter {
    std::optional<std::string> region_prefix;
    std::optional<std::string> industry;
    std::optional<std::string> status;
    std::optional<std::string> q;  // name or code prefix
    std::optional<std::string> warning;  // kWarningFilters
    std::int64_t offset = 0;
    std::int64_t limit = 20;
};
// In scope, ordered by code, id.
std::vector<Project> ListProjects(storage::Transaction& tx, const core::Principal& principal,
                                  const ProjectFilter& filter);
std::int64_t CountProjects(storage::Transaction& tx, const core::Principal& principal, const ProjectFilter& filter);

// The stored open-warning summary of the projects that have one (of `ids` only, when given).
std::map<std::string, OpenWarnings> ProjectsWithOpenWarnings(storage::Transaction& tx,
                                                             const std::vector<std::string>* ids);
void SetOpenWarnings(storage::Transaction& tx, std::string_view id, const OpenWarnings& summary);

// ---- registry_project_status_change --------------------------------------------------------------
// Numbers the change after the project's previous ones (seq).
void InsertStatusChange(storage::Transaction& tx, const StatusChange& change);
// In order of seq, oldest first.
std::vector<StatusChange> ListStatusChanges(storage::Transaction& tx, std::string_view project_id);

// ---- registry_participant ------------------------------------------------------------------------
// With the enterprise's name and credit code; ordered by role code, enterprise name.
std::vector<Participant> ListParticipants(storage::Transaction& tx, std::string_view project_id);
// Inserts, or updates joined_on / left_on of the existing (project, enterprise, role) row.
void UpsertParticipant(storage::Transaction& tx, std::string_view project_id, const Participant& participant,
                       core::Timestamp now);
void DeleteParticipant(storage::Transaction& tx, std::string_view project_id, std::string_view enterprise_id,
                       std::string_view role_code);

// ---- registry_team ------------------------------------------------------------------------------
void InsertTeam(storage::Transaction& tx, const Team& team);
std::vector<Team> ListTeams(storage::Transaction& tx, std::string_view project_id);  // by name

// ---- registry_project_staff ---------------------------------------------------------------------
struct StaffRow {
    std::string duty;
    std::string name;
    std::optional<std::string> phone_enc;
    std::optional<std::string> phone_mask;
    std::optional<std::string> user_id;
    core::Timestamp updated_at;
};
std::vector<StaffRow> ListStaff(storage::Transaction& tx, std::string_view project_id);
void DeleteStaff(storage::Transaction& tx, std::string_view project_id);
void InsertStaff(storage::Transaction& tx, std::string_view project_id, const StaffRow& row);

}  // namespace anxin::registry::repository
