// SQL for warnings_warning, warnings_event and warnings_run: binding and row mapping only.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <vector>

#include "storage/database.hpp"
#include "warnings/warnings.hpp"

namespace anxin::warnings::repository {

// "indicator|subject_kind|subject_id|period": the identity of a warning.
std::string IdentityKey(const std::string& indicator, const std::string& subject_kind, const std::string& subject_id,
                        const std::string& period);

// Every warning of the projects (all when project_ids is nullopt), any status.
std::vector<Warning> LoadForProjects(storage::Transaction& tx, const std::optional<std::vector<std::string>>& project_ids);
std::optional<Warning> Find(storage::Transaction& tx, const std::string& id);
void Insert(storage::Transaction& tx, const Warning& w);
// Writes every mutable column of the row.
void Update(storage::Transaction& tx, const Warning& w);
// last_seen_at = at for these ids (chunked).
void Touch(storage::Transaction& tx, std::span<const std::string> ids, core::Timestamp at);
void AddEvent(storage::Transaction& tx, const std::string& warning_id, std::string_view kind, core::Timestamp at,
              const std::string& actor, const boost::json::value& detail);
std::vector<WarningEvent> Events(storage::Transaction& tx, const std::string& warning_id);
void InsertRun(storage::Transaction& tx, const RunSummary& run, const std::string& actor);

// The select list of a warning aliased `w`, in Map()'s order.
extern const char* const kColumns;
Warning Map(const storage::Row& row);

}  // namespace anxin::warnings::repository
