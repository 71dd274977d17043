#include "registry/worker_repository.hpp"

#include <utility>

#include "identity/permissions.hpp"

namespace anxin::registry::repository {
namespace {

constexpr std::string_view kWorkerColumns =
    "w.id, w.name, w.id_card_type, w.id_number_enc, w.id_number_index, w.id_number_mask, w.birth_date, w.sex, "
    "w.native_region_code, w.over_age, w.phone_enc, w.phone_mask, w.bank_card_enc, w.bank_card_mask, w.bank_name, "
    "w.work_type, w.photo_ref, w.registered_by_enterprise_id, w.created_at, w.updated_at";

WorkerRecord WorkerFromRow(const storage::Row& row) {
    WorkerRecord w;
    w.id = row.Text(0);
    w.name = row.Text(1);
    w.id_card_type = row.Text(2);
    w.id_number_enc = row.Text(3);
    w.id_number_index = row.Text(4);
    w.id_number_mask = row.Text(5);
    w.birth_date = row.Text(6);
    w.sex = row.Text(7);
    w.native_region_code = row.Text(8);
    w.over_age = row.Bool(9);
    w.phone_enc = row.OptText(10);
    w.phone_mask = row.OptText(11);
    w.bank_card_enc = row.OptText(12);
    w.bank_card_mask = row.OptText(13);
    w.bank_name = row.OptText(14);
    w.work_type = row.OptText(15);
    w.photo_ref = row.OptText(16);
    w.registered_by_enterprise_id = row.OptText(17);
    w.created_at = row.Int(18);
    w.updated_at = row.Int(19);
    return w;
}

constexpr std::string_view kContractColumns =
    "c.id, c.worker_id, c.project_id, c.employer_id, c.team_id, c.kind, c.start_on, c.end_on, c.wage_type, "
    "c.wage_rate, c.signed_on, c.entered_on, c.exited_on, c.created_at, c.updated_at";

Contract ContractFromRow(const storage::Row& row) {
    Contract c;
    c.id = row.Text(0);
    c.worker_id = row.Text(1);
    c.project_id = row.Text(2);
    c.employer_id = row.Text(3);
    c.team_id = row.OptText(4);
    c.kind = row.Text(5);
    c.start_on = row.Date(6);
    c.end_on = row.OptDate(7);
    c.wage_type = row.Text(8);
    c.wage_rate = row.Int(9);
    c.signed_on = row.Date(10);
    c.entered_on = row.OptDate(11);
    c.exited_on = row.OptDate(12);
    c.created_at = row.Time(13);
    c.updated_at = row.Time(14);
    return c;
}

bool IsSystem(const core::Principal& principal) { return principal.role == "system"; }

std::string PrefixPattern(std::string_view prefix) {
    std::string pattern;
    for (char c : prefix) {
        if (c == '%' || c == '_' || c == '\\') pattern += '\\';
        pattern += c;
    }
    pattern += '%';
    return pattern;
}

std::string WorkerWhere(const WorkerFilter& filter, std::vector<storage::Param>& params) {
    std::string where = " WHERE ";
    auto scope = WorkerScopeFilter(filter.principal, "w", 1);
    where += scope.condition;
    for (auto& p : scope.params) params.push_back(std::move(p));
    auto next = [&](storage::Param value) {
        params.push_back(std::move(value));
        return "$" + std::to_string(params.size());
    };
    if (filter.project_id) {
        where += " AND EXISTS (SELECT 1 FROM registry_contract fc WHERE fc.worker_id = w.id AND fc.project_id = " +
                 next(*filter.project_id) + ")";
    }
    if (filter.name_prefix) where += " AND w.name LIKE " + next(PrefixPattern(*filter.name_prefix)) + " ESCAPE '\\'";
    if (filter.id_number_index) where += " AND w.id_number_index = " + next(*filter.id_number_index);
    return where;
}

}  // namespace

SqlFilter WorkerScopeFilter(const core::Principal& principal, std::string_view alias, int first_placeholder) {
    const std::string a(alias);
    SqlFilter f;
    if (IsSystem(principal)) {
        f.condition = "(1 = 1)";
        return f;
    }
    SqlFilter project = ProjectScopeFilter(principal, "sp", first_placeholder);
    f.condition = "(EXISTS (SELECT 1 FROM registry_contract sc JOIN registry_project sp ON sp.id = sc.project_id "
                  "WHERE sc.worker_id = " +
                  a + ".id AND " + project.condition + ")";
    f.params = std::move(project.params);
    if (principal.role == identity::role::kEnterpriseUser && !principal.enterprise_id.empty()) {
        f.params.emplace_back(principal.enterprise_id);
        const std::string ph = "$" + std::to_string(first_placeholder + static_cast<int>(f.params.size()) - 1);
        f.condition += " OR " + a + ".registered_by_enterprise_id = " + ph +
                       " OR EXISTS (SELECT 1 FROM registry_worker_link sl WHERE sl.worker_id = " + a +
                       ".id AND sl.enterprise_id = " + ph + ")";
    }
    f.condition += ")";
    return f;
}

bool WorkerVisible(storage::Transaction& tx, const core::Principal& principal, std::string_view worker_id) {
    auto scope = WorkerScopeFilter(principal, "w", 2);
    std::vector<storage::Param> params{std::string(worker_id)};
    for (auto& p : scope.params) params.push_back(std::move(p));
    return tx
        .QueryOptional("SELECT 1 FROM registry_worker w WHERE w.id = $1 AND " + scope.condition,
                       std::span<const storage::Param>(params))
        .has_value();
}

bool ProjectVisibleTo(storage::Transaction& tx, const core::Principal& principal, std::string_view project_id) {
    if (IsSystem(principal)) return FindProjectStart(tx, project_id).has_value();
    return ProjectInScope(tx, principal, project_id);
}

void InsertWorker(storage::Transaction& tx, const WorkerRecord& w) {
    tx.Execute(
        "INSERT INTO registry_worker (id, name, id_card_type, id_number_enc, id_number_index, id_number_mask, "
        "birth_date, sex, native_region_code, over_age, phone_enc, phone_mask, bank_card_enc, bank_card_mask, "
        "bank_name, work_type, photo_ref, registered_by_enterprise_id, created_at, updated_at) "
        "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20)",
        {w.id, w.name, w.id_card_type, w.id_number_enc, w.id_number_index, w.id_number_mask, w.birth_date, w.sex,
         w.native_region_code, w.over_age, w.phone_enc, w.phone_mask, w.bank_card_enc, w.bank_card_mask, w.bank_name,
         w.work_type, w.photo_ref, w.registered_by_enterprise_id, w.created_at, w.updated_at});
}

std::int64_t UpdateWorker(storage::Transaction& tx, const WorkerRecord& w) {
    return tx.Execute(
        "UPDATE registry_worker SET name = $2, phone_enc = $3, phone_mask = $4, bank_card_enc = $5, "
        "bank_card_mask = $6, bank_name = $7, work_type = $8, photo_ref = $9, updated_at = $10 WHERE id = $1",
        {w.id, w.name, w.phone_enc, w.phone_mask, w.bank_card_enc, w.bank_card_mask, w.bank_name, w.work_type,
         w.photo_ref, w.updated_at});
}

std::optional<WorkerRecord> FindWorker(storage::Transaction& tx, std::string_view id) {
    auto row = tx.QueryOptional("SELECT " + std::string(kWorkerColumns) + " FROM registry_worker w WHERE w.id = $1",
                                {id});
    if (!row) return std::nullopt;
    return WorkerFromRow(*row);
}

std::optional<std::string> FindWorkerIdByIndex(storage::Transaction& tx, std::string_view id_number_index) {
    auto row = tx.QueryOptional("SELECT id FROM registry_worker WHERE id_number_index = $1", {id_number_index});
    if (!row) return std::nullopt;
    return row->Text(0);
}

bool WorkerExists(storage::Transaction& tx, std::string_view id) {
    return tx.QueryOptional("SELECT 1 FROM registry_worker WHERE id = $1", {id}).has_value();
}

std::vector<WorkerRecord> ListWorkers(storage::Transaction& tx, const WorkerFilter& filter) {
    std::vector<storage::Param> params;
    std::string sql = "SELECT " + std::string(kWorkerColumns) + " FROM registry_worker w" + WorkerWhere(filter, params) +
                      " ORDER BY w.name, w.id";
    params.emplace_back(filter.limit);
    sql += " LIMIT $" + std::to_string(params.size());
    params.emplace_back(filter.offset);
    sql += " OFFSET $" + std::to_string(params.size());
    auto rows = tx.Query(sql, std::span<const storage::Param>(params));
    std::vector<WorkerRecord> out;
    out.reserve(rows.size());
    for (const auto& row : rows) out.push_back(WorkerFromRow(row));
    return out;
}

std::int64_t CountWorkers(storage::Transaction& tx, const WorkerFilter& filter) {
    std::vector<storage::Param> params;
    std::string sql = "SELECT COUNT(*) FROM registry_worker w" + WorkerWhere(filter, params);
    return tx.QueryOne(sql, std::span<const storage::Param>(params)).Int(0);
}

// ---- contracts -----------------------------------------------------------------------------------

std::optional<ProjectStart> FindProjectStart(storage::Transaction& tx, std::string_view project_id) {
    auto row = tx.QueryOptional("SELECT id, contract_start_on FROM registry_project WHERE id = $1", {project_id});
    if (!row) return std::nullopt;
    return ProjectStart{row->Text(0), row->OptText(1)};
}

bool ProjectHasParticipant(storage::Transaction& tx, std::string_view project_id, std::string_view enterprise_id,
                   std::optional<std::string_view> role_code) {
    if (role_code) {
        return tx
            .QueryOptional(
                "SELECT 1 FROM registry_participant WHERE project_id = $1 AND enterprise_id = $2 AND role_code = $3",
                {project_id, enterprise_id, *role_code})
            .has_value();
    }
    return tx
        .QueryOptional("SELECT 1 FROM registry_participant WHERE project_id = $1 AND enterprise_id = $2",
                       {project_id, enterprise_id})
        .has_value();
}

std::optional<TeamOwner> FindTeamOwner(storage::Transaction& tx, std::string_view team_id) {
    auto row = tx.QueryOptional("SELECT project_id, enterprise_id FROM registry_team WHERE id = $1", {team_id});
    if (!row) return std::nullopt;
    return TeamOwner{row->Text(0), row->Text(1)};
}

void InsertContract(storage::Transaction& tx, const Contract& c) {
    tx.Execute(
        "INSERT INTO registry_contract (id, worker_id, project_id, employer_id, team_id, kind, start_on, end_on, "
        "wage_type, wage_rate, signed_on, entered_on, exited_on, created_at, updated_at) "
        "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)",
        {c.id, c.worker_id, c.project_id, c.employer_id, c.team_id, c.kind, c.start_on.ToString(),
         c.end_on, c.wage_type, c.wage_rate, c.signed_on.ToString(), c.entered_on,
         c.exited_on, core::ToMillis(c.created_at), core::ToMillis(c.updated_at)});
}

std::optional<Contract> FindContract(storage::Transaction& tx, std::string_view id) {
    auto row =
        tx.QueryOptional("SELECT " + std::string(kContractColumns) + " FROM registry_contract c WHERE c.id = $1", {id});
    if (!row) return std::nullopt;
    return ContractFromRow(*row);
}

std::vector<Contract> ListContractsOfProject(storage::Transaction& tx, std::string_view project_id) {
    auto rows = tx.Query("SELECT " + std::string(kContractColumns) +
                             " FROM registry_contract c WHERE c.project_id = $1 ORDER BY c.start_on, c.id",
                         {project_id});
    std::vector<Contract> out;
    out.reserve(rows.size());
    for (const auto& row : rows) out.push_back(ContractFromRow(row));
    return out;
}

std::vector<Contract> ListContractsOfWorker(storage::Transaction& tx, const core::Principal& principal,
                                            std::string_view worker_id) {
    std::vector<storage::Param> params{std::string(worker_id)};
    std::string condition = "1 = 1";
    if (!IsSystem(principal)) {
        auto scope = ProjectScopeFilter(principal, "p", 2);
        condition = scope.condition;
        for (auto& p : scope.params) params.push_back(std::move(p));
    }
    auto rows = tx.Query("SELECT " + std::string(kContractColumns) +
                             " FROM registry_contract c JOIN registry_project p ON p.id = c.project_id "
                             "WHERE c.worker_id = $1 AND " +
                             condition + " ORDER BY c.start_on, c.id",
                         std::span<const storage::Param>(params));
    std::vector<Contract> out;
    out.reserve(rows.size());
    for (const auto& row : rows) out.push_back(ContractFromRow(row));
    return out;
}

void UpdateContractPresence(storage::Transaction& tx, const Contract& c) {
    tx.Execute("UPDATE registry_contract SET entered_on = $2, exited_on = $3, updated_at = $4 WHERE id = $1",
               {c.id, c.entered_on, c.exited_on, core::ToMillis(c.updated_at)});
}

void InsertEntryExit(storage::Transaction& tx, std::string_view id, std::string_view contract_id,
                     std::string_view kind, std::string_view on_date, std::int64_t created_at) {
    tx.Execute(
        "INSERT INTO registry_entry_exit (id, contract_id, kind, on_date, created_at) VALUES ($1, $2, $3, $4, $5)",
        {id, contract_id, kind, on_date, created_at});
}

bool InsertWorkerLink(storage::Transaction& tx, std::string_view worker_id, std::string_view enterprise_id,
                      std::int64_t now_ms) {
    return tx.Execute(
               "INSERT INTO registry_worker_link (worker_id, enterprise_id, linked_at) VALUES ($1, $2, $3) "
               "ON CONFLICT (worker_id, enterprise_id) DO NOTHING",
               {std::string(worker_id), std::string(enterprise_id), now_ms}) > 0;
}

}  // namespace anxin::registry::repository
