#include "wages/payroll_repository.hpp"

#include <span>
#include <utility>

#include "identity/permissions.hpp"
#include "registry/project_scope.hpp"
#include "wages/wages_scope.hpp"

namespace anxin::wages::payroll_repo {
namespace {

using storage::Param;
using storage::Row;

std::span<const Param> Span(const std::vector<Param>& params) { return {params.data(), params.size()}; }

ContractTerm ToContract(const Row& r) {
    ContractTerm c;
    c.id = r.Text(0);
    c.worker_id = r.Text(1);
    c.start_on = r.Date(2);
    c.end_on = r.OptDate(3);
    c.exited_on = r.OptDate(4);
    c.wage_type = r.Text(5);
    c.wage_rate = r.Int(6);
    return c;
}
constexpr std::string_view kContractColumns =
    "SELECT c.id, c.worker_id, c.start_on, c.end_on, c.exited_on, c.wage_type, c.wage_rate FROM registry_contract c ";

constexpr std::string_view kPayrollColumns =
    "SELECT w.id, w.project_id, p.name, w.employer_id, e.name, w.team_id, w.period, w.pay_date, w.source, w.status, "
    "w.submitted_at, w.approved_at, w.approved_by, w.created_at, w.updated_at FROM wages_payroll w "
    "JOIN registry_project p ON p.id = w.project_id JOIN registry_enterprise_published e ON e.id = w.employer_id ";

Payroll ToPayroll(const Row& r) {
    Payroll p;
    p.id = r.Text(0);
    p.project_id = r.Text(1);
    p.project_name = r.Text(2);
    p.employer_id = r.Text(3);
    p.employer_name = r.Text(4);
    p.team_id = r.OptText(5);
    p.period = r.Text(6);
    p.pay_date = r.Date(7);
    p.source = r.Text(8);
    p.status = r.Text(9);
    p.submitted_at = r.OptTime(10);
    p.approved_at = r.OptTime(11);
    p.approved_by = r.OptText(12);
    p.created_at = r.Time(13);
    p.updated_at = r.Time(14);
    return p;
}

constexpr std::string_view kBatchColumns =
    "SELECT b.id, b.payroll_id, w.project_id, w.period, b.account_id, b.bank_code, b.sequence, b.status, "
    "b.line_count, b.total_amount, b.paid_amount, b.failed_amount, b.issued_at, b.returned_at, p.name, e.name "
    "FROM wages_pay_batch b JOIN wages_payroll w ON w.id = b.payroll_id JOIN registry_project p ON p.id = w.project_id "
    "JOIN registry_enterprise_published e ON e.id = w.employer_id ";

PayBatch ToBatch(const Row& r) {
    PayBatch b;
    b.id = r.Text(0);
    b.payroll_id = r.Text(1);
    b.project_id = r.Text(2);
    b.period = r.Text(3);
    b.account_id = r.Text(4);
    b.bank_code = r.Text(5);
    b.sequence = r.Int(6);
    b.status = r.Text(7);
    b.line_count = r.Int(8);
    b.total_amount = r.Int(9);
    b.paid_amount = r.Int(10);
    b.failed_amount = r.Int(11);
    b.issued_at = r.Time(12);
    b.returned_at = r.OptTime(13);
    b.project_name = r.Text(14);
    b.employer_name = r.Text(15);
    return b;
}

// Appends the caller's project scope (or, for bank operators, its bank) to `sql`/`params`.
void AppendScope(std::string& sql, std::vector<Param>& params, const core::Principal& principal) {
    if (principal.role == identity::role::kBankOperator) {
        if (principal.bank_code.empty()) {
            sql += " AND (1 = 0)";
            return;
        }
        params.emplace_back(principal.bank_code);
        sql += " AND b.bank_code = $" + std::to_string(params.size());
        params.emplace_back(static_cast<std::int64_t>(principal.region_code.size()));
        params.emplace_back(principal.region_code);
        sql += " AND substr(p.region_code, 1, $" + std::to_string(params.size() - 1) + ") = $" +
               std::to_string(params.size());
        return;
    }
    auto filter = registry::ProjectScopeFilter(principal, "p", static_cast<int>(params.size()) + 1);
    sql += " AND " + filter.condition;
    for (auto& p : filter.params) params.push_back(std::move(p));
}

}  // namespace

// ---- registry (read only) ----------------------------------------------------------------------

std::vector<ContractTerm> EmployerContracts(storage::Transaction& tx, std::string_view project_id,
                                            std::string_view employer_id, const std::optional<std::string>& team_id,
                                            core::Date first, core::Date last) {
    std::string sql(kContractColumns);
    sql += "WHERE c.project_id = $1 AND c.employer_id = $2 AND c.start_on <= $3 "
           "AND (c.end_on IS NULL OR c.end_on >= $4) AND (c.exited_on IS NULL OR c.exited_on >= $4)";
    std::vector<Param> params{std::string(project_id), std::string(employer_id), last.ToString(), first.ToString()};
    if (team_id) {
        sql += " AND c.team_id = $5";
        params.emplace_back(*team_id);
    }
    sql += " ORDER BY c.worker_id, c.start_on, c.id";
    std::vector<ContractTerm> out;
    for (const auto& row : tx.Query(sql, Span(params))) out.push_back(ToContract(row));
    return out;
}

std::optional<ContractTerm> WorkerContract(storage::Transaction& tx, std::string_view project_id,
                                           std::string_view worker_id, std::string_view employer_id,
                                           const std::optional<std::string>& team_id) {
    std::string sql(kContractColumns);
    sql += "WHERE c.project_id = $1 AND c.worker_id = $2 AND c.employer_id = $3";
    std::vector<Param> params{std::string(project_id), std::string(worker_id), std::string(employer_id)};
    if (team_id) {
        sql += " AND c.team_id = $4";
        params.emplace_back(*team_id);
    }
    sql += " ORDER BY c.start_on DESC, c.id DESC LIMIT 1";
    auto row = tx.QueryOptional(sql, Span(params));
    if (!row) return std::nullopt;
    return ToContract(*row);
}

bool HasContractOnProject(storage::Transaction& tx, std::string_view project_id, std::string_view worker_id) {
    return tx
        .QueryOptional("SELECT 1 FROM registry_contract WHERE project_id = $1 AND worker_id = $2 LIMIT 1",
                       {project_id, worker_id})
        .has_value();
}

DayTotals Attendance(storage::Transaction& tx, std::string_view project_id, std::string_view worker_id,
                     core::Date from, core::Date to) {
    auto row = tx.QueryOne(
        "SELECT COALESCE(SUM(CASE WHEN counted <> 0 THEN 1 ELSE 0 END), 0), COALESCE(SUM(minutes), 0) "
        "FROM registry_attendance_day WHERE project_id = $1 AND worker_id = $2 AND work_date >= $3 AND work_date <= $4",
        {project_id, worker_id, from.ToString(), to.ToString()});
    return DayTotals{row.Int(0), row.Int(1)};
}

std::optional<WorkerFacts> FindWorker(storage::Transaction& tx, std::string_view worker_id) {
    auto row = tx.QueryOptional(
        "SELECT id, name, id_number_mask, phone_mask, has_bank_card, bank_card_mask, bank_name "
        "FROM registry_worker_published WHERE id = $1",
        {worker_id});
    if (!row) return std::nullopt;
    return WorkerFacts{row->Text(0), row->Text(1), row->Text(2),   row->OptText(3),
                       row->Bool(4), row->OptText(5), row->OptText(6)};
}

std::optional<std::string> EnterpriseName(storage::Transaction& tx, std::string_view enterprise_id) {
    auto row = tx.QueryOptional("SELECT name FROM registry_enterprise_published WHERE id = $1", {enterprise_id});
    if (!row) return std::nullopt;
    return row->Text(0);
}

bool IsParticipant(storage::Transaction& tx, std::string_view project_id, std::string_view enterprise_id,
                   std::optional<std::string_view> role_code) {
    if (role_code) {
        return tx
            .QueryOptional("SELECT 1 FROM registry_participant WHERE project_id = $1 AND enterprise_id = $2 "
                           "AND role_code = $3",
                           {project_id, enterprise_id, *role_code})
            .has_value();
    }
    return tx
        .QueryOptional("SELECT 1 FROM registry_participant WHERE project_id = $1 AND enterprise_id = $2 LIMIT 1",
                       {project_id, enterprise_id})
        .has_value();
}

std::optional<std::string> TeamEnterprise(storage::Transaction& tx, std::string_view team_id,
                                          std::string_view project_id) {
    auto row = tx.QueryOptional("SELECT enterprise_id FROM registry_team WHERE id = $1 AND project_id = $2",
                                {team_id, project_id});
    if (!row) return std::nullopt;
    return row->Text(0);
}

// ---- wages_payroll / wages_payroll_line --------------------------------------------------------

std::optional<Payroll> FindPayroll(storage::Transaction& tx, std::string_view payroll_id) {
    auto row = tx.QueryOptional(std::string(kPayrollColumns) + "WHERE w.id = $1", {payroll_id});
    if (!row) return std::nullopt;
    return ToPayroll(*row);
}

std::vector<PayrollLine> PayrollLines(storage::Transaction& tx, std::string_view payroll_id) {
    std::vector<PayrollLine> out;
    for (const auto& r : tx.Query(
             "SELECT l.id, l.payroll_id, l.worker_id, k.name, k.id_number_mask, k.phone_mask, l.contract_id, "
             "COALESCE(c.wage_type, ''), l.days, l.minutes, l.base_pay, l.overtime_pay, l.other_pay, l.gross_pay, "
             "l.deductions, l.deduction_note, l.net_pay, l.note, l.confirmed_at, l.confirm_method, l.paid_amount, "
             "l.paid_on, l.bank_reference FROM wages_payroll_line l JOIN registry_worker_published k ON k.id = l.worker_id "
             "LEFT JOIN registry_contract c ON c.id = l.contract_id WHERE l.payroll_id = $1 ORDER BY k.name, l.id",
             {payroll_id})) {
        PayrollLine l;
        l.id = r.Text(0);
        l.payroll_id = r.Text(1);
        l.worker_id = r.Text(2);
        l.worker_name = r.Text(3);
        l.id_number_mask = r.Text(4);
        l.phone_mask = r.OptText(5);
        l.contract_id = r.OptText(6);
        l.wage_type = r.Text(7);
        l.days = r.Int(8);
        l.minutes = r.Int(9);
        l.base_pay = r.Int(10);
        l.overtime_pay = r.Int(11);
        l.other_pay = r.Int(12);
        l.gross_pay = r.Int(13);
        l.deductions = r.Int(14);
        l.deduction_note = r.Text(15);
        l.net_pay = r.Int(16);
        l.note = r.Text(17);
        l.confirmed_at = r.OptTime(18);
        l.confirm_method = r.OptText(19);
        l.paid_amount = r.Int(20);
        l.paid_on = r.OptDate(21);
        l.bank_reference = r.OptText(22);
        out.push_back(std::move(l));
    }
    return out;
}

std::vector<Payroll> ListPayrolls(storage::Transaction& tx, std::string_view project_id, const PayrollQuery& query) {
    std::string sql(kPayrollColumns);
    sql += "WHERE w.project_id = $1";
    std::vector<Param> params{std::string(project_id)};
    if (query.period) {
        params.emplace_back(*query.period);
        sql += " AND w.period = $" + std::to_string(params.size());
    }
    if (query.status) {
        params.emplace_back(*query.status);
        sql += " AND w.status = $" + std::to_string(params.size());
    }
    sql += " ORDER BY w.period DESC, w.employer_id, w.id";
    std::vector<Payroll> out;
    for (const auto& row : tx.Query(sql, Span(params))) out.push_back(ToPayroll(row));
    return out;
}

bool PayrollExists(storage::Transaction& tx, std::string_view project_id, std::string_view employer_id,
                   const std::optional<std::string>& team_id, std::string_view period) {
    return tx
        .QueryOptional("SELECT 1 FROM wages_payroll WHERE project_id = $1 AND employer_id = $2 "
                       "AND COALESCE(team_id, '') = $3 AND period = $4",
                       {project_id, employer_id, team_id.value_or(""), period})
        .has_value();
}

void InsertPayroll(storage::Transaction& tx, const Payroll& p) {
    tx.Execute(
        "INSERT INTO wages_payroll (id, project_id, employer_id, team_id, period, pay_date, source, status, "
        "created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
        {p.id, p.project_id, p.employer_id, p.team_id, p.period, p.pay_date.ToString(), p.source, p.status,
         core::ToMillis(p.created_at), core::ToMillis(p.updated_at)});
}

void InsertLine(storage::Transaction& tx, const PayrollLine& l, core::Timestamp now) {
    tx.Execute(
        "INSERT INTO wages_payroll_line (id, payroll_id, worker_id, contract_id, days, minutes, base_pay, "
        "overtime_pay, other_pay, gross_pay, deductions, deduction_note, net_pay, note, created_at, updated_at) "
        "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $15)",
        {l.id, l.payroll_id, l.worker_id, l.contract_id, l.days, l.minutes, l.base_pay, l.overtime_pay, l.other_pay,
         l.gross_pay, l.deductions, l.deduction_note, l.net_pay, l.note, core::ToMillis(now)});
}

void UpdateLine(storage::Transaction& tx, const PayrollLine& l, core::Timestamp now) {
    tx.Execute(
        "UPDATE wages_payroll_line SET days = $2, minutes = $3, base_pay = $4, overtime_pay = $5, other_pay = $6, "
        "gross_pay = $7, deductions = $8, deduction_note = $9, net_pay = $10, note = $11, updated_at = $12 "
        "WHERE id = $1",
        {l.id, l.days, l.minutes, l.base_pay, l.overtime_pay, l.other_pay, l.gross_pay, l.deductions,
         l.deduction_note, l.net_pay, l.note, core::ToMillis(now)});
}

void DeleteLine(storage::Transaction& tx, std::string_view line_id) {
    tx.Execute("DELETE FROM wages_payroll_line WHERE id = $1", {line_id});
}

bool MovePayroll(storage::Transaction& tx, std::string_view payroll_id, std::string_view from, std::string_view to,
                 core::Timestamp now) {
    return tx.Execute("UPDATE wages_payroll SET status = $3, updated_at = $4 WHERE id = $1 AND status = $2",
                      {payroll_id, from, to, core::ToMillis(now)}) == 1;
}

void SetSubmitted(storage::Transaction& tx, std::string_view payroll_id, core::Timestamp now) {
    tx.Execute("UPDATE wages_payroll SET submitted_at = $2 WHERE id = $1", {payroll_id, core::ToMillis(now)});
}

void SetApproved(storage::Transaction& tx, std::string_view payroll_id, std::string_view user_id,
                 core::Timestamp now) {
    tx.Execute("UPDATE wages_payroll SET approved_at = $2, approved_by = $3 WHERE id = $1",
               {payroll_id, core::ToMillis(now), user_id});
}

void ClearApproval(storage::Transaction& tx, std::string_view payroll_id) {
    tx.Execute("UPDATE wages_payroll SET submitted_at = NULL, approved_at = NULL, approved_by = NULL WHERE id = $1",
               {payroll_id});
}

void TouchPayroll(storage::Transaction& tx, std::string_view payroll_id, core::Timestamp now) {
    tx.Execute("UPDATE wages_payroll SET updated_at = $2 WHERE id = $1", {payroll_id, core::ToMillis(now)});
}

void ConfirmLine(storage::Transaction& tx, std::string_view line_id, std::string_view method, core::Timestamp now) {
    tx.Execute("UPDATE wages_payroll_line SET confirmed_at = $2, confirm_method = $3, updated_at = $2 WHERE id = $1",
               {line_id, core::ToMillis(now), method});
}

void ClearConfirmations(storage::Transaction& tx, std::string_view payroll_id, core::Timestamp now) {
    tx.Execute(
        "UPDATE wages_payroll_line SET confirmed_at = NULL, confirm_method = NULL, updated_at = $2 "
        "WHERE payroll_id = $1 AND confirmed_at IS NOT NULL",
        {payroll_id, core::ToMillis(now)});
}

core::Fen PaidTotal(storage::Transaction& tx, std::string_view payroll_id) {
    return tx.QueryOne("SELECT COALESCE(SUM(paid_amount), 0) FROM wages_payroll_line WHERE payroll_id = $1",
                       {payroll_id})
        .Int(0);
}

void PayLine(storage::Transaction& tx, std::string_view line_id, core::Fen amount, core::Date paid_on,
             std::string_view bank_reference, core::Timestamp now) {
    tx.Execute(
        "UPDATE wages_payroll_line SET paid_amount = paid_amount + $2, paid_on = $3, bank_reference = $4, "
        "updated_at = $5 WHERE id = $1",
        {line_id, amount, paid_on.ToString(), bank_reference, core::ToMillis(now)});
}

// ---- wages_pay_batch / wages_pay_batch_line ----------------------------------------------------

void InsertBatch(storage::Transaction& tx, const PayBatch& b) {
    tx.Execute(
        "INSERT INTO wages_pay_batch (id, payroll_id, account_id, bank_code, sequence, status, line_count, "
        "total_amount, paid_amount, failed_amount, issued_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 0, 0, $9)",
        {b.id, b.payroll_id, b.account_id, b.bank_code, b.sequence, b.status, b.line_count, b.total_amount,
         core::ToMillis(b.issued_at)});
}

void InsertBatchLine(storage::Transaction& tx, std::string_view batch_id, const BatchLineRecord& r) {
    const PayBatchLine& l = r.line;
    tx.Execute(
        "INSERT INTO wages_pay_batch_line (batch_id, payroll_line_id, reference, worker_id, payee_name, card_enc, "
        "card_mask, card_bank_name, amount, status) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
        {batch_id, l.payroll_line_id, l.reference, l.worker_id, l.payee_name, r.card_enc, l.card_mask,
         l.card_bank_name, l.amount, l.status});
}

std::optional<PayBatch> FindBatch(storage::Transaction& tx, std::string_view batch_id) {
    auto row = tx.QueryOptional(std::string(kBatchColumns) + "WHERE b.id = $1", {batch_id});
    if (!row) return std::nullopt;
    return ToBatch(*row);
}

std::vector<BatchLineRecord> BatchLines(storage::Transaction& tx, std::string_view batch_id) {
    std::vector<BatchLineRecord> out;
    for (const auto& r :
         tx.Query("SELECT payroll_line_id, reference, worker_id, payee_name, card_mask, card_bank_name, amount, "
                  "status, failure_reason, settled_on, bank_reference, card_enc FROM wages_pay_batch_line "
                  "WHERE batch_id = $1 ORDER BY reference",
                  {batch_id})) {
        BatchLineRecord rec;
        rec.line.payroll_line_id = r.Text(0);
        rec.line.reference = r.Text(1);
        rec.line.worker_id = r.Text(2);
        rec.line.payee_name = r.Text(3);
        rec.line.card_mask = r.OptText(4);
        rec.line.card_bank_name = r.OptText(5);
        rec.line.amount = r.Int(6);
        rec.line.status = r.Text(7);
        rec.line.failure_reason = r.OptText(8);
        rec.line.settled_on = r.OptDate(9);
        rec.line.bank_reference = r.OptText(10);
        rec.card_enc = r.OptText(11);
        out.push_back(std::move(rec));
    }
    return out;
}

std::int64_t MaxSequence(storage::Transaction& tx, std::string_view payroll_id) {
    return tx.QueryOne("SELECT COALESCE(MAX(sequence), 0) FROM wages_pay_batch WHERE payroll_id = $1", {payroll_id})
        .Int(0);
}

std::int64_t BatchCount(storage::Transaction& tx, std::string_view payroll_id) {
    return tx.QueryOne("SELECT COUNT(*) FROM wages_pay_batch WHERE payroll_id = $1", {payroll_id}).Int(0);
}

std::optional<std::string> IssuedBatch(storage::Transaction& tx, std::string_view payroll_id) {
    auto row = tx.QueryOptional(
        "SELECT id FROM wages_pay_batch WHERE payroll_id = $1 AND status = 'issued' ORDER BY sequence LIMIT 1",
        {payroll_id});
    if (!row) return std::nullopt;
    return row->Text(0);
}

std::vector<PayBatch> ListBatches(storage::Transaction& tx, const BatchFilter& filter) {
    std::string sql(kBatchColumns);
    sql += "WHERE 1 = 1";
    std::vector<Param> params;
    if (filter.payroll_id) {
        params.emplace_back(*filter.payroll_id);
        sql += " AND b.payroll_id = $" + std::to_string(params.size());
    }
    if (filter.status) {
        params.emplace_back(*filter.status);
        sql += " AND b.status = $" + std::to_string(params.size());
    }
    AppendScope(sql, params, filter.principal);
    sql += " ORDER BY b.issued_at DESC, b.payroll_id, b.sequence DESC";
    std::vector<PayBatch> out;
    for (const auto& row : tx.Query(sql, Span(params))) out.push_back(ToBatch(row));
    return out;
}

bool MarkReturned(storage::Transaction& tx, std::string_view batch_id, core::Fen paid, core::Fen failed,
                  core::Timestamp now) {
    return tx.Execute(
               "UPDATE wages_pay_batch SET status = 'returned', paid_amount = $2, failed_amount = $3, "
               "returned_at = $4 WHERE id = $1 AND status = 'issued'",
               {batch_id, paid, failed, core::ToMillis(now)}) == 1;
}

void SettleBatchLine(storage::Transaction& tx, std::string_view batch_id, std::string_view payroll_line_id,
                     std::string_view status, const std::optional<std::string>& failure_reason,
                     core::Date settled_on, const std::optional<std::string>& bank_reference) {
    tx.Execute(
        "UPDATE wages_pay_batch_line SET status = $3, failure_reason = $4, settled_on = $5, bank_reference = $6 "
        "WHERE batch_id = $1 AND payroll_line_id = $2",
        {batch_id, payroll_line_id, status, failure_reason, settled_on.ToString(), bank_reference});
}

// ---- wage records ------------------------------------------------------------------------------

std::vector<WageLineRow> WageLines(storage::Transaction& tx, const WageLineFilter& filter) {
    std::string sql =
        "SELECT l.worker_id, k.name, w.project_id, p.name, w.period, w.id, e.name, w.pay_date, l.net_pay, "
        "l.paid_amount, l.paid_on, l.bank_reference FROM wages_payroll_line l "
        "JOIN wages_payroll w ON w.id = l.payroll_id JOIN registry_project p ON p.id = w.project_id "
        "JOIN registry_enterprise_published e ON e.id = w.employer_id JOIN registry_worker_published k ON k.id = l.worker_id "
        "WHERE w.status IN ('approved', 'paying', 'paid')";
    std::vector<Param> params;
    auto add = [&](const char* column, const std::optional<std::string>& value) {
        if (!value) return;
        params.emplace_back(*value);
        sql += std::string(" AND ") + column + " = $" + std::to_string(params.size());
    };
    add("l.worker_id", filter.worker_id);
    add("w.project_id", filter.project_id);
    add("w.period", filter.period);
    if (filter.principal) {
        if (AccountScope::IsBankOperator(*filter.principal)) {
            // The bank's view: projects whose dedicated account it holds.
            auto scope = AccountScope::Filter(*filter.principal, "a", "p", static_cast<int>(params.size()) + 1);
            sql += " AND EXISTS (SELECT 1 FROM wages_account a WHERE a.project_id = p.id AND " + scope.condition + ")";
            for (auto& p : scope.params) params.push_back(std::move(p));
        } else {
            auto scope = registry::ProjectScopeFilter(*filter.principal, "p", static_cast<int>(params.size()) + 1);
            sql += " AND " + scope.condition;
            for (auto& p : scope.params) params.push_back(std::move(p));
        }
    }
    sql += " ORDER BY w.project_id, w.period, l.worker_id, w.id";
    std::vector<WageLineRow> out;
    for (const auto& r : tx.Query(sql, Span(params))) {
        WageLineRow row;
        row.worker_id = r.Text(0);
        row.worker_name = r.Text(1);
        row.project_id = r.Text(2);
        row.project_name = r.Text(3);
        row.period = r.Text(4);
        row.payroll_id = r.Text(5);
        row.employer_name = r.Text(6);
        row.pay_date = r.Date(7);
        row.owed = r.Int(8);
        row.paid = r.Int(9);
        row.paid_on = r.OptDate(10);
        row.bank_reference = r.OptText(11);
        out.push_back(std::move(row));
    }
    return out;
}

bool WorkerExists(storage::Transaction& tx, std::string_view worker_id) {
    return tx.QueryOptional("SELECT 1 FROM registry_worker_published WHERE id = $1", {worker_id}).has_value();
}

}  // namespace anxin::wages::payroll_repo
