#include "registry/import_repository.hpp"

#include <span>
#include <utility>

#include "identity/permissions.hpp"
#include "registry/worker_repository.hpp"

namespace anxin::registry::import_repo {
namespace {

constexpr std::string_view kJobColumns =
    "id, kind, file_name, file_sha256, file_size, status, message, rows_total, rows_done, rows_created, "
    "rows_updated, rows_unchanged, rows_failed, created_by, created_by_name, region_code, enterprise_id, "
    "created_at, started_at, finished_at";

ImportJob JobFromRow(const storage::Row& r) {
    ImportJob j;
    j.id = r.Text(0);
    j.kind = r.Text(1);
    j.file_name = r.Text(2);
    j.file_sha256 = r.Text(3);
    j.file_size = r.Int(4);
    j.status = r.Text(5);
    j.message = r.OptText(6);
    j.rows_total = r.Int(7);
    j.rows_done = r.Int(8);
    j.rows_created = r.Int(9);
    j.rows_updated = r.Int(10);
    j.rows_unchanged = r.Int(11);
    j.rows_failed = r.Int(12);
    j.created_by = r.Text(13);
    j.created_by_name = r.Text(14);
    j.region_code = r.Text(15);
    j.enterprise_id = r.OptText(16);
    j.created_at = r.Time(17);
    if (auto v = r.OptInt(18)) j.started_at = core::FromMillis(*v);
    if (auto v = r.OptInt(19)) j.finished_at = core::FromMillis(*v);
    return j;
}

bool IsOfficer(const core::Principal& p) {
    return p.role == identity::role::kSupervisor || p.role == identity::role::kIndustryOfficer;
}

// The visibility rule of ImportService as SQL over registry_import_job (placeholders from $1).
std::pair<std::string, std::vector<storage::Param>> ScopeCondition(const core::Principal& p) {
    if (p.role == "system") return {"1 = 1", {}};
    std::string condition = "(created_by = $1";
    std::vector<storage::Param> params{p.user_id};
    if (!p.enterprise_id.empty()) {
        condition += " OR enterprise_id = $2";
        params.emplace_back(p.enterprise_id);
    } else if (IsOfficer(p)) {
        condition += " OR (enterprise_id IS NULL AND substr(region_code, 1, $2) = $3)";
        params.emplace_back(static_cast<std::int64_t>(p.region_code.size()));
        params.emplace_back(p.region_code);
    }
    return {condition + ")", std::move(params)};
}

}  // namespace

bool JobVisible(const ImportJob& job, const core::Principal& p) {
    if (p.role == "system" || job.created_by == p.user_id) return true;
    if (!p.enterprise_id.empty()) return job.enterprise_id == p.enterprise_id;
    return IsOfficer(p) && !job.enterprise_id && p.CoversRegion(job.region_code);
}

void InsertJob(storage::Transaction& tx, const ImportJob& j) {
    tx.Execute(
        "INSERT INTO registry_import_job (id, kind, file_name, file_sha256, file_size, status, message, rows_total, "
        "rows_done, rows_created, rows_updated, rows_unchanged, rows_failed, created_by, created_by_name, "
        "region_code, enterprise_id, created_at, started_at, finished_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 0, "
        "0, 0, 0, 0, $9, $10, $11, $12, $13, NULL, NULL)",
        {j.id, j.kind, j.file_name, j.file_sha256, j.file_size, j.status, j.message, j.rows_total, j.created_by,
         j.created_by_name, j.region_code, j.enterprise_id, core::ToMillis(j.created_at)});
}

std::optional<ImportJob> FindJob(storage::Transaction& tx, std::string_view id) {
    auto row = tx.QueryOptional("SELECT " + std::string(kJobColumns) + " FROM registry_import_job WHERE id = $1", {id});
    if (!row) return std::nullopt;
    return JobFromRow(*row);
}

std::vector<ImportJob> ListJobs(storage::Transaction& tx, const core::Principal& principal, std::int64_t offset,
                                std::int64_t limit) {
    auto [condition, params] = ScopeCondition(principal);
    const auto n = params.size();
    params.emplace_back(limit);
    params.emplace_back(offset);
    auto rows = tx.Query("SELECT " + std::string(kJobColumns) + " FROM registry_import_job WHERE " + condition +
                             " ORDER BY created_at DESC, id DESC LIMIT $" + std::to_string(n + 1) + " OFFSET $" +
                             std::to_string(n + 2),
                         std::span<const storage::Param>(params));
    std::vector<ImportJob> out;
    out.reserve(rows.size());
    for (const auto& r : rows) out.push_back(JobFromRow(r));
    return out;
}

std::int64_t CountJobs(storage::Transaction& tx, const core::Principal& principal) {
    auto [condition, params] = ScopeCondition(principal);
    return tx.QueryOne("SELECT COUNT(*) FROM registry_import_job WHERE " + condition,
                       std::span<const storage::Param>(params))
        .Int(0);
}

void MarkRunning(storage::Transaction& tx, std::string_view id, std::int64_t rows_total, std::int64_t at) {
    tx.Execute("UPDATE registry_import_job SET status = 'running', rows_total = $2, started_at = $3, progress_at = $3 "
               "WHERE id = $1",
               {id, rows_total, at});
}

void AddProgress(storage::Transaction& tx, std::string_view id, const Counts& c, std::int64_t at) {
    tx.Execute(
        "UPDATE registry_import_job SET rows_done = rows_done + $2, rows_created = rows_created + $3, "
        "rows_updated = rows_updated + $4, rows_unchanged = rows_unchanged + $5, rows_failed = rows_failed + $6, "
        "progress_at = $7 WHERE id = $1",
        {id, c.done, c.created, c.updated, c.unchanged, c.failed, at});
}

void Finish(storage::Transaction& tx, std::string_view id, std::string_view status,
            const std::optional<std::string>& message, std::int64_t at) {
    tx.Execute("UPDATE registry_import_job SET status = $2, message = $3, finished_at = $4 WHERE id = $1",
               {id, status, message, at});
}

void InsertErrors(storage::Transaction& tx, std::string_view id, const std::vector<core::RowError>& errors) {
    if (errors.empty()) return;
    std::int64_t seq =
        tx.QueryOne("SELECT COALESCE(MAX(seq), 0) FROM registry_import_error WHERE job_id = $1", {id}).Int(0);
    for (const auto& e : errors) {
        tx.Execute("INSERT INTO registry_import_error (job_id, seq, row_number, field, reason) VALUES ($1, $2, $3, $4, $5)",
                   {id, ++seq, e.row, e.field, e.reason});
    }
}

std::vector<core::RowError> ListErrors(storage::Transaction& tx, std::string_view id) {
    auto rows = tx.Query(
        "SELECT row_number, field, reason FROM registry_import_error WHERE job_id = $1 ORDER BY row_number, seq", {id});
    std::vector<core::RowError> out;
    out.reserve(rows.size());
    for (const auto& r : rows) out.push_back(core::RowError{r.Int(0), r.Text(1), r.Text(2)});
    return out;
}

std::vector<std::string> StaleJobs(storage::Transaction& tx, std::int64_t before) {
    std::vector<std::string> out;
    for (const auto& r : tx.Query("SELECT id FROM registry_import_job j WHERE status IN ('queued', 'running') AND "
                                  "COALESCE(progress_at, created_at) < $1 AND NOT EXISTS "
                                  "(SELECT 1 FROM registry_import_payload p WHERE p.job_id = j.id)",
                                  {before}))
        out.push_back(r.Text(0));
    return out;
}

void InsertPayload(storage::Transaction& tx, std::string_view job_id, std::string_view content_b64,
                   std::string_view principal_json, std::string_view request_id) {
    tx.Execute("INSERT INTO registry_import_payload (job_id, content_b64, principal, request_id) VALUES ($1, $2, $3, $4)",
               {job_id, content_b64, principal_json, request_id});
}

std::optional<LeasedJob> LeaseNext(storage::Transaction& tx, std::string_view runner, std::int64_t now,
                                   std::int64_t lease_until) {
    // A few candidates: another instance may take the first between our SELECT and UPDATE.
    auto candidates = tx.Query(
        "SELECT p.job_id FROM registry_import_payload p JOIN registry_import_job j ON j.id = p.job_id "
        "WHERE p.lease_until IS NULL OR p.lease_until < $1 ORDER BY j.created_at, j.id LIMIT 5",
        {now});
    for (const auto& c : candidates) {
        const std::string id = c.Text(0);
        if (tx.Execute("UPDATE registry_import_payload SET runner = $2, lease_until = $3 "
                       "WHERE job_id = $1 AND (lease_until IS NULL OR lease_until < $4)",
                       {id, runner, lease_until, now}) != 1)
            continue;
        auto row = tx.QueryOne(
            "SELECT j.kind, p.content_b64, p.principal, p.request_id, j.rows_done FROM registry_import_payload p "
            "JOIN registry_import_job j ON j.id = p.job_id WHERE p.job_id = $1",
            {id});
        return LeasedJob{id, row.Text(0), row.Text(1), row.Text(2), row.Text(3), row.Int(4)};
    }
    return std::nullopt;
}

bool RenewLease(storage::Transaction& tx, std::string_view job_id, std::string_view runner, std::int64_t lease_until) {
    return tx.Execute("UPDATE registry_import_payload SET lease_until = $3 WHERE job_id = $1 AND runner = $2",
                      {job_id, runner, lease_until}) == 1;
}

void ReleaseLease(storage::Transaction& tx, std::string_view job_id, std::string_view runner) {
    tx.Execute("UPDATE registry_import_payload SET runner = NULL, lease_until = NULL WHERE job_id = $1 AND runner = $2",
               {job_id, runner});
}

void DeletePayload(storage::Transaction& tx, std::string_view job_id) {
    tx.Execute("DELETE FROM registry_import_payload WHERE job_id = $1", {job_id});
}

std::int64_t CountQueued(storage::Transaction& tx) {
    return tx.QueryOne("SELECT COUNT(*) FROM registry_import_payload").Int(0);
}

std::optional<Contract> FindContractByKey(storage::Transaction& tx, std::string_view worker_id,
                                          std::string_view project_id, std::string_view employer_id,
                                          std::string_view start_on) {
    auto row = tx.QueryOptional(
        "SELECT id FROM registry_contract WHERE worker_id = $1 AND project_id = $2 AND employer_id = $3 AND "
        "start_on = $4",
        {worker_id, project_id, employer_id, start_on});
    if (!row) return std::nullopt;
    return repository::FindContract(tx, row->Text(0));
}

}  // namespace anxin::registry::import_repo
