#include "wages/account_repository.hpp"

#include <span>
#include <utility>

#include "wages/wages_scope.hpp"

namespace anxin::wages::repository {
namespace {

constexpr std::string_view kProjectColumns =
    "p.id, p.code, p.name, p.region_code, p.status, p.investment_type, p.contract_signed_on, p.labor_cost_day, "
    "p.labor_cost_ratio_bp, p.labor_cost_amount, p.construction_unit_id, p.general_contractor_id";
constexpr size_t kProjectColumnCount = 12;

ProjectTerms ProjectFromRow(const storage::Row& row, size_t o) {
    ProjectTerms p;
    p.id = row.Text(o + 0);
    p.code = row.Text(o + 1);
    p.name = row.Text(o + 2);
    p.region_code = row.Text(o + 3);
    p.status = row.Text(o + 4);
    p.investment_type = row.Text(o + 5);
    p.contract_signed_on = row.OptDate(o + 6);
    p.labor_cost_day = row.OptInt(o + 7);
    p.labor_cost_ratio_bp = row.OptInt(o + 8);
    p.labor_cost_amount = row.OptInt(o + 9);
    p.construction_unit_id = row.OptText(o + 10);
    p.general_contractor_id = row.OptText(o + 11);
    return p;
}

constexpr std::string_view kAccountColumns =
    "a.id, a.project_id, a.general_contractor_id, a.bank_code, a.bank_name, a.branch_name, a.account_name, "
    "a.account_number_mask, a.opened_on, a.agreement_ref, a.agreement_signed_on, a.filed_on, a.status, "
    "a.closure_notice_on, a.closed_on, a.created_at, a.updated_at, a.account_number_enc, a.agreement_file_id";
constexpr size_t kAccountColumnCount = 19;

AccountRecord AccountFromRow(const storage::Row& row) {
    AccountRecord r;
    Account& a = r.account;
    a.id = row.Text(0);
    a.project_id = row.Text(1);
    a.general_contractor_id = row.Text(2);
    a.bank_code = row.Text(3);
    a.bank_name = row.Text(4);
    a.branch_name = row.Text(5);
    a.account_name = row.Text(6);
    a.account_number = row.Text(7);
    a.opened_on = row.Date(8);
    a.agreement_ref = row.OptText(9);
    a.agreement_signed_on = row.OptDate(10);
    a.filed_on = row.OptDate(11);
    a.status = row.Text(12);
    a.closure_notice_on = row.OptDate(13);
    a.closed_on = row.OptDate(14);
    a.created_at = row.Time(15);
    a.updated_at = row.Time(16);
    r.number_enc = row.Text(17);
    a.agreement_file_id = row.OptText(18);
    return r;
}

std::optional<AccountRecord> FindAccountWhere(storage::Transaction& tx, std::string_view condition,
                                              std::string_view value) {
    auto row = tx.QueryOptional(
        "SELECT " + std::string(kAccountColumns) + " FROM wages_account a WHERE " + std::string(condition), {value});
    if (!row) return std::nullopt;
    return AccountFromRow(*row);
}

std::string AccountWhere(const AccountFilter& filter, std::vector<storage::Param>& params) {
    auto scope = AccountScope::Filter(filter.principal, "a", "p", static_cast<int>(params.size()) + 1);
    std::string where = " WHERE " + scope.condition;
    for (auto& p : scope.params) params.push_back(std::move(p));
    if (filter.region_prefix) {
        params.emplace_back(static_cast<std::int64_t>(filter.region_prefix->size()));
        where += " AND substr(p.region_code, 1, $" + std::to_string(params.size()) + ")";
        params.emplace_back(*filter.region_prefix);
        where += " = $" + std::to_string(params.size());
    }
    if (filter.bank_code) {
        params.emplace_back(*filter.bank_code);
        where += " AND a.bank_code = $" + std::to_string(params.size());
    }
    if (filter.status) {
        params.emplace_back(*filter.status);
        where += " AND a.status = $" + std::to_string(params.size());
    }
    return where;
}

constexpr std::string_view kTxnColumns =
    "account_id, bank_txn_id, direction, amount, booked_on, counterparty_name, counterparty_account_mask, purpose, "
    "worker_id, flagged, flag_reason, created_at";

AccountTxn TxnFromRow(const storage::Row& row) {
    AccountTxn t;
    t.account_id = row.Text(0);
    t.bank_txn_id = row.Text(1);
    t.direction = row.Text(2);
    t.amount = row.Int(3);
    t.booked_on = row.Date(4);
    t.counterparty_name = row.Text(5);
    t.counterparty_account = row.OptText(6);
    t.purpose = row.Text(7);
    t.worker_id = row.OptText(8);
    t.flagged = row.Bool(9);
    t.flag_reason = row.OptText(10);
    t.created_at = row.Time(11);
    return t;
}

std::string TxnWhere(std::string_view account_id, const TxnQuery& query, std::vector<storage::Param>& params) {
    params.emplace_back(std::string(account_id));
    std::string where = " WHERE account_id = $1";
    if (query.flagged) {
        params.emplace_back(*query.flagged);
        where += " AND flagged = $" + std::to_string(params.size());
    }
    return where;
}

constexpr std::string_view kOutputColumns =
    "project_id, period, output_value, progress_payment, settled_on, updated_at";

OutputValue OutputFromRow(const storage::Row& row) {
    return OutputValue{row.Text(0), row.Text(1), row.Int(2), row.OptInt(3), row.OptDate(4),
                       row.Time(5)};
}

constexpr std::string_view kAllocationColumns =
    "id, project_id, account_id, period, amount, allocated_on, bank_txn_id, created_at";

Allocation AllocationFromRow(const storage::Row& row) {
    return Allocation{row.Text(0),        row.Text(1),    row.Text(2),   row.Text(3),
                      row.Int(4),         row.Date(5), row.OptText(6), row.Time(7)};
}

}  // namespace

// ---- registry (read only) ------------------------------------------------------------------------

std::optional<ProjectTerms> FindProjectTerms(storage::Transaction& tx, std::string_view project_id) {
    auto row = tx.QueryOptional("SELECT " + std::string(kProjectColumns) + " FROM registry_project p WHERE p.id = $1",
                                {project_id});
    if (!row) return std::nullopt;
    return ProjectFromRow(*row, 0);
}

// ---- wages_account -------------------------------------------------------------------------------

void InsertAccount(storage::Transaction& tx, const Account& a, std::string_view number_enc,
                   std::string_view number_index) {
    tx.Execute(
        "INSERT INTO wages_account (id, project_id, general_contractor_id, bank_code, bank_name, branch_name, "
        "account_name, account_number_enc, account_number_mask, account_number_index, opened_on, agreement_ref, "
        "agreement_signed_on, filed_on, status, closure_notice_on, closed_on, created_at, updated_at) "
        "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19)",
        {a.id, a.project_id, a.general_contractor_id, a.bank_code, a.bank_name, a.branch_name, a.account_name,
         number_enc, a.account_number, number_index, a.opened_on.ToString(), a.agreement_ref,
         a.agreement_signed_on, a.filed_on, a.status, a.closure_notice_on,
         a.closed_on, core::ToMillis(a.created_at), core::ToMillis(a.updated_at)});
}

void UpdateAccount(storage::Transaction& tx, const Account& a) {
    tx.Execute(
        "UPDATE wages_account SET branch_name = $2, agreement_ref = $3, agreement_signed_on = $4, filed_on = $5, "
        "status = $6, closure_notice_on = $7, closed_on = $8, updated_at = $9, agreement_file_id = $10 WHERE id = $1",
        {a.id, a.branch_name, a.agreement_ref, a.agreement_signed_on, a.filed_on, a.status,
         a.closure_notice_on, a.closed_on, core::ToMillis(a.updated_at), a.agreement_file_id});
}

std::optional<AccountRecord> FindAccountByProject(storage::Transaction& tx, std::string_view project_id) {
    return FindAccountWhere(tx, "a.project_id = $1", project_id);
}

std::optional<AccountRecord> FindAccountById(storage::Transaction& tx, std::string_view account_id) {
    return FindAccountWhere(tx, "a.id = $1", account_id);
}

std::optional<AccountRecord> FindAccountByNumberIndex(storage::Transaction& tx, std::string_view number_index) {
    return FindAccountWhere(tx, "a.account_number_index = $1", number_index);
}

std::vector<AccountListRow> ListAccounts(storage::Transaction& tx, const AccountFilter& filter) {
    std::vector<storage::Param> params;
    std::string sql = "SELECT " + std::string(kAccountColumns) + ", " + std::string(kProjectColumns) +
                      " FROM wages_account a JOIN registry_project p ON p.id = a.project_id" +
                      AccountWhere(filter, params) + " ORDER BY p.region_code, p.code, a.id";
    if (filter.limit) {
        params.emplace_back(*filter.limit);
        sql += " LIMIT $" + std::to_string(params.size());
        params.emplace_back(filter.offset.value_or(0));
        sql += " OFFSET $" + std::to_string(params.size());
    }
    auto rows = tx.Query(sql, std::span<const storage::Param>(params));
    std::vector<AccountListRow> result;
    result.reserve(rows.size());
    for (const auto& row : rows) {
        result.push_back(AccountListRow{AccountFromRow(row), ProjectFromRow(row, kAccountColumnCount)});
    }
    static_assert(kProjectColumnCount == 12);
    return result;
}

std::int64_t CountAccounts(storage::Transaction& tx, const AccountFilter& filter) {
    std::vector<storage::Param> params;
    std::string sql = "SELECT COUNT(*) FROM wages_account a JOIN registry_project p ON p.id = a.project_id" +
                      AccountWhere(filter, params);
    return tx.QueryOne(sql, std::span<const storage::Param>(params)).Int(0);
}

BalanceRow Balance(storage::Transaction& tx, std::string_view account_id) {
    auto row = tx.QueryOne(
        "SELECT COALESCE(SUM(CASE WHEN direction = 'credit' THEN amount ELSE 0 END), 0), "
        "COALESCE(SUM(CASE WHEN direction = 'debit' THEN amount ELSE 0 END), 0), "
        "COALESCE(SUM(flagged), 0) FROM wages_account_txn WHERE account_id = $1",
        {account_id});
    return BalanceRow{row.Int(0), row.Int(1), row.Int(2)};
}

// ---- wages_account_txn ---------------------------------------------------------------------------

bool InsertTxnIfAbsent(storage::Transaction& tx, const TxnRecord& r) {
    const AccountTxn& t = r.txn;
    return tx.Execute(
               "INSERT INTO wages_account_txn (account_id, bank_txn_id, direction, amount, booked_on, "
               "counterparty_name, counterparty_account_enc, counterparty_account_mask, purpose, worker_id, flagged, "
               "flag_reason, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) "
               "ON CONFLICT (account_id, bank_txn_id) DO NOTHING",
               {t.account_id, t.bank_txn_id, t.direction, t.amount, t.booked_on.ToString(), t.counterparty_name,
                r.counterparty_enc, t.counterparty_account, t.purpose, t.worker_id, t.flagged, t.flag_reason,
                core::ToMillis(t.created_at)}) > 0;
}

std::vector<AccountTxn> ListTxns(storage::Transaction& tx, std::string_view account_id, const TxnQuery& query) {
    std::vector<storage::Param> params;
    std::string sql = "SELECT " + std::string(kTxnColumns) + " FROM wages_account_txn" +
                      TxnWhere(account_id, query, params) + " ORDER BY booked_on DESC, bank_txn_id";
    params.emplace_back(query.limit);
    sql += " LIMIT $" + std::to_string(params.size());
    params.emplace_back(query.offset);
    sql += " OFFSET $" + std::to_string(params.size());
    auto rows = tx.Query(sql, std::span<const storage::Param>(params));
    std::vector<AccountTxn> result;
    result.reserve(rows.size());
    for (const auto& row : rows) result.push_back(TxnFromRow(row));
    return result;
}

std::int64_t CountTxns(storage::Transaction& tx, std::string_view account_id, const TxnQuery& query) {
    std::vector<storage::Param> params;
    std::string sql = "SELECT COUNT(*) FROM wages_account_txn" + TxnWhere(account_id, query, params);
    return tx.QueryOne(sql, std::span<const storage::Param>(params)).Int(0);
}

// ---- wages_output_value --------------------------------------------------------------------------

void UpsertOutputValue(storage::Transaction& tx, const OutputValue& v) {
    tx.Execute(
        "INSERT INTO wages_output_value (project_id, period, output_value, progress_payment, settled_on, updated_at) "
        "VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (project_id, period) DO UPDATE SET "
        "output_value = excluded.output_value, progress_payment = excluded.progress_payment, "
        "settled_on = excluded.settled_on, updated_at = excluded.updated_at",
        {v.project_id, v.period, v.output_value, v.progress_payment, v.settled_on,
         core::ToMillis(v.updated_at)});
}

std::optional<OutputValue> FindOutputValue(storage::Transaction& tx, std::string_view project_id,
                                           std::string_view period) {
    auto row = tx.QueryOptional("SELECT " + std::string(kOutputColumns) +
                                    " FROM wages_output_value WHERE project_id = $1 AND period = $2",
                                {project_id, period});
    if (!row) return std::nullopt;
    return OutputFromRow(*row);
}

std::vector<OutputValue> ListOutputValues(storage::Transaction& tx, std::string_view project_id,
                                          std::string_view from, std::string_view to) {
    auto rows = tx.Query("SELECT " + std::string(kOutputColumns) +
                             " FROM wages_output_value WHERE project_id = $1 AND period >= $2 AND period <= $3 "
                             "ORDER BY period",
                         {project_id, from, to});
    std::vector<OutputValue> result;
    result.reserve(rows.size());
    for (const auto& row : rows) result.push_back(OutputFromRow(row));
    return result;
}

// ---- wages_allocation ----------------------------------------------------------------------------

void InsertAllocation(storage::Transaction& tx, const Allocation& a) {
    tx.Execute(
        "INSERT INTO wages_allocation (id, project_id, account_id, period, amount, allocated_on, bank_txn_id, "
        "created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        {a.id, a.project_id, a.account_id, a.period, a.amount, a.allocated_on.ToString(), a.bank_txn_id,
         core::ToMillis(a.created_at)});
}

std::vector<Allocation> ListAllocations(storage::Transaction& tx, std::string_view project_id,
                                        std::optional<std::string_view> from, std::optional<std::string_view> to) {
    std::vector<storage::Param> params{std::string(project_id)};
    std::string sql = "SELECT " + std::string(kAllocationColumns) + " FROM wages_allocation WHERE project_id = $1";
    if (from) {
        params.emplace_back(std::string(*from));
        sql += " AND period >= $" + std::to_string(params.size());
    }
    if (to) {
        params.emplace_back(std::string(*to));
        sql += " AND period <= $" + std::to_string(params.size());
    }
    sql += " ORDER BY period, allocated_on, id";
    auto rows = tx.Query(sql, std::span<const storage::Param>(params));
    std::vector<Allocation> result;
    result.reserve(rows.size());
    for (const auto& row : rows) result.push_back(AllocationFromRow(row));
    return result;
}

bool MatchAllocation(storage::Transaction& tx, std::string_view account_id, core::Fen amount, core::Date booked_on,
                     std::string_view bank_txn_id) {
    return tx.Execute(
               "UPDATE wages_allocation SET bank_txn_id = $1 WHERE id = (SELECT id FROM wages_allocation "
               "WHERE account_id = $2 AND bank_txn_id IS NULL AND amount = $3 AND allocated_on = $4 "
               "ORDER BY created_at, id LIMIT 1)",
               {bank_txn_id, account_id, amount, booked_on.ToString()}) > 0;
}

}  // namespace anxin::wages::repository
