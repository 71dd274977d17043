// SQL of the deposits module: deposits_* tables, plus small read-only queries on the registry's
// project and contract tables that registry/projects.hpp does not offer yet (contract price and
// dates, permit, GC, the GC's other active projects, whether a worker has a contract on a project).
// No business decisions here; callers pass an open transaction.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/principal.hpp"
#include "deposits/deposits.hpp"
#include "storage/database.hpp"

namespace anxin::deposits::repository {

struct ProjectRow {
    std::string id;
    std::string code;
    std::string name;
    std::string region_code;
    std::string status;
    bool is_construction = true;
    core::Fen contract_price = 0;
    std::optional<core::Date> contract_signed_on;
    std::optional<core::Date> contract_end_on;
    std::optional<core::Date> permit_on;
    std::optional<std::string> general_contractor_id;
};

std::optional<ProjectRow> FindProject(storage::Transaction& tx, std::string_view project_id);
// Other projects of the GC whose region code starts with `county` and whose status is permitted,
// under_construction or suspended.
int CountOtherActiveProjects(storage::Transaction& tx, std::string_view gc_id, std::string_view county,
                             std::string_view except_project_id);
bool WorkerHasContractOnProject(storage::Transaction& tx, std::string_view worker_id, std::string_view project_id);

struct HistoryRow {
    int year = 0;
    bool had_arrears = false;
    bool real_name_and_account = false;
};
// Declarations for years in [from_year, to_year], newest first.
std::vector<HistoryRow> HistoryRows(storage::Transaction& tx, std::string_view enterprise_id, int from_year,
                                    int to_year);
void UpsertHistory(storage::Transaction& tx, const HistoryDeclaration& d, std::string_view declared_by,
                   core::Timestamp now);

std::optional<Requirement> FindRequirement(storage::Transaction& tx, std::string_view project_id);
void UpsertRequirement(storage::Transaction& tx, const Requirement& r, std::string_view new_id,
                       std::string_view computed_by, core::Timestamp now);

std::vector<Instrument> ListInstruments(storage::Transaction& tx, std::string_view project_id);
std::optional<Instrument> FindInstrument(storage::Transaction& tx, std::string_view id);
// Throws storage::UniqueViolation when (form, issuer, number) exists.
void InsertInstrument(storage::Transaction& tx, const Instrument& i);
void UpdateInstrumentBalance(storage::Transaction& tx, std::string_view id, core::Fen balance, std::string_view status,
                             core::Timestamp now);
// Every active or used instrument of the project becomes returned on `on`.
void MarkInstrumentsReturned(storage::Transaction& tx, std::string_view project_id, core::Date on, core::Timestamp now);

std::vector<Use> ListUses(storage::Transaction& tx, std::string_view project_id);
std::optional<Use> FindUse(storage::Transaction& tx, std::string_view project_id, std::string_view id);
// Throws storage::UniqueViolation when the project already has this notice number.
void InsertUse(storage::Transaction& tx, const Use& u);
void UpdateUsePayment(storage::Transaction& tx, std::string_view id, core::Date paid_on, core::Date topup_due_on,
                      core::Timestamp now);
void UpdateUseTopup(storage::Transaction& tx, std::string_view id, core::Date topped_up_on, core::Timestamp now);

std::vector<Return> ListReturns(storage::Transaction& tx, std::string_view project_id);
std::optional<Return> FindReturn(storage::Transaction& tx, std::string_view project_id, std::string_view id);
void InsertReturn(storage::Transaction& tx, const Return& r);
void UpdateReturnReview(storage::Transaction& tx, const Return& r, core::Timestamp now);
void UpdateReturnConfirmed(storage::Transaction& tx, std::string_view id, core::Date confirmed_on, core::Timestamp now);

// ---- the list: stored requirements of projects in the caller's scope ----------------------------
struct ListedRequirement {
    std::string project_id;
    std::string project_code;
    std::string project_name;
    std::string region_code;
    core::Fen required = 0;
    bool exempt = false;
    std::optional<core::Date> due_on;
};
std::vector<ListedRequirement> ListRequirementsInScope(storage::Transaction& tx, const core::Principal& principal,
                                                       const std::optional<std::string>& region_code);
// Instruments and uses of the projects ListRequirementsInScope would list, ordered by project.
std::vector<Instrument> InstrumentsInScope(storage::Transaction& tx, const core::Principal& principal,
                                           const std::optional<std::string>& region_code);
std::vector<Use> UsesInScope(storage::Transaction& tx, const core::Principal& principal,
                             const std::optional<std::string>& region_code);

}  // namespace anxin::deposits::repository
