// SQL of the wages module's first half: wages_account, wages_account_txn, wages_output_value and
// wages_allocation — statement text, binding and row mapping, no business decisions. Runs in the
// caller's transaction; constraint errors pass through for the services to map.
//
// FindProjectTerms reads registry_project, which registry publishes (registry/published.hpp).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/principal.hpp"
#include "storage/database.hpp"
#include "wages/wages.hpp"

namespace anxin::wages::repository {

// ---- registry (read only) ----------------------------------------------------------------------
struct ProjectTerms {
    std::string id;
    std::string code;
    std::string name;
    std::string region_code;
    std::string status;
    std::string investment_type;
    std::optional<core::Date> contract_signed_on;
    std::optional<std::int64_t> labor_cost_day;
    std::optional<std::int64_t> labor_cost_ratio_bp;
    std::optional<core::Fen> labor_cost_amount;
    std::optional<std::string> construction_unit_id;
    std::optional<std::string> general_contractor_id;
};
std::optional<ProjectTerms> FindProjectTerms(storage::Transaction& tx, std::string_view project_id);

// ---- wages_account -----------------------------------------------------------------------------
struct AccountRecord {
    Account account;  // account_number holds the mask
    std::string number_enc;
};
void InsertAccount(storage::Transaction& tx, const Account& account, std::string_view number_enc,
                   std::string_view number_index);
// Agreement, filing, branch, status, closure dates and updated_at by id.
void UpdateAccount(storage::Transaction& tx, const Account& account);
std::optional<AccountRecord> FindAccountByProject(storage::Transaction& tx, std::string_view project_id);
std::optional<AccountRecord> FindAccountById(storage::Transaction& tx, std::string_view account_id);
std::optional<AccountRecord> FindAccountByNumberIndex(storage::Transaction& tx, std::string_view number_index);

struct AccountListRow {
    AccountRecord record;
    ProjectTerms project;
};
struct AccountFilter {
    core::Principal principal;  // AccountScope
    std::optional<std::string> region_prefix;
    std::optional<std::string> bank_code;
    std::optional<std::string> status;
    std::optional<std::int64_t> offset;  // no paging when absent
    std::optional<std::int64_t> limit;
};
// In scope, ordered by project region, project code, account id.
std::vector<AccountListRow> ListAccounts(storage::Transaction& tx, const AccountFilter& filter);
std::int64_t CountAccounts(storage::Transaction& tx, const AccountFilter& filter);

struct BalanceRow {
    core::Fen credits = 0;
    core::Fen debits = 0;
    std::int64_t flagged = 0;
};
BalanceRow Balance(storage::Transaction& tx, std::string_view account_id);

// ---- wages_account_txn -------------------------------------------------------------------------
struct TxnRecord {
    AccountTxn txn;  // counterparty_account holds the mask
    std::optional<std::string> counterparty_enc;
};
// false when (account_id, bank_txn_id) is already stored (nothing written).
bool InsertTxnIfAbsent(storage::Transaction& tx, const TxnRecord& record);
std::vector<AccountTxn> ListTxns(storage::Transaction& tx, std::string_view account_id, const TxnQuery& query);
std::int64_t CountTxns(storage::Transaction& tx, std::string_view account_id, const TxnQuery& query);

// ---- wages_output_value ------------------------------------------------------------------------
void UpsertOutputValue(storage::Transaction& tx, const OutputValue& value);
std::optional<OutputValue> FindOutputValue(storage::Transaction& tx, std::string_view project_id,
                                           std::string_view period);
// Periods in [from, to], ordered.
std::vector<OutputValue> ListOutputValues(storage::Transaction& tx, std::string_view project_id,
                                          std::string_view from, std::string_view to);

// ---- wages_allocation --------------------------------------------------------------------------
void InsertAllocation(storage::Transaction& tx, const Allocation& allocation);
// Ordered by period, allocated_on, id.
std::vector<Allocation> ListAllocations(storage::Transaction& tx, std::string_view project_id,
                                        std::optional<std::string_view> from, std::optional<std::string_view> to);
// Links the oldest unmatched allocation of `account_id` with this amount and date to the credit;
// returns true when one was linked.
bool MatchAllocation(storage::Transaction& tx, std::string_view account_id, core::Fen amount, core::Date booked_on,
                     std::string_view bank_txn_id);

}  // namespace anxin::wages::repository
