// The wages module as other modules see it: the wage funds chain of a project — its dedicated wage
// account (专户, REG 26–27, ACC), monthly output value and labor-cost allocations (REG 24), the bank
// feed of account transactions, payrolls and bank direct-pay batches (REG 31). Other modules include
// only this header and never read wages_* tables. Money is integer fen end to end.
//
// Sections are owned by different engineers; each adds its own below.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/money.hpp"
#include "core/principal.hpp"
#include "core/time.hpp"
#include "storage/database.hpp"

namespace anxin::http {
class Router;
}

namespace anxin::wages {

// ==== accounts, output value, allocations, bank feed =============================================

// Field-cipher contexts: a value sealed for one column does not open in another.
inline constexpr std::string_view kAccountNumberContext = "wages_account.number";
inline constexpr std::string_view kCounterpartyAccountContext = "wages_account_txn.counterparty_account";
// ACC: the account pays only this project's registered workers' own accounts.
inline constexpr std::string_view kUnmatchedDebitReason = "非本项目登记工人账户，专户只能用于支付工资";

// A statutory deadline and how it stands as of the clock's Shanghai date.
//   met      done on or before due_on
//   late     done after due_on (days = how many days late)
//   pending  not done, due_on not passed yet (days = days left, 0 on the due date)
//   overdue  not done, due_on passed (days = days overdue)
//   unknown  no base date to count from (e.g. the contract signing date is not recorded)
struct Deadline {
    std::optional<core::Date> due_on;
    std::optional<core::Date> done_on;
    std::string status = "unknown";
    int days = 0;
};
// Pure: the status of a deadline `due` (nullopt = unknown) done on `done` as of `today`.
Deadline EvaluateDeadline(std::optional<core::Date> due, std::optional<core::Date> done, core::Date today);

inline constexpr std::string_view kAccountStatuses[] = {"open", "closing", "closed"};

struct Account {
    std::string id;
    std::string project_id;
    std::string general_contractor_id;
    std::string bank_code;  // e.g. "ICBC"; bank operators see only their bank's accounts
    std::string bank_name;
    std::string branch_name;
    std::string account_name;
    std::string account_number;  // masked (MaskBankCard) unless revealed
    bool revealed = false;
    core::Date opened_on;
    std::optional<std::string> agreement_ref;  // tripartite agreement (owner + GC + bank)
    std::optional<std::string> agreement_file_id;    // its signed scan in the file store
    std::optional<std::string> agreement_file_name;  // read views
    std::optional<core::Date> agreement_signed_on;
    std::optional<core::Date> filed_on;  // filing with the regulator
    std::string status = "open";         // kAccountStatuses
    std::optional<core::Date> closure_notice_on;  // REG 27: start of the public notice
    std::optional<core::Date> closed_on;
    core::Timestamp created_at;
    core::Timestamp updated_at;
};

// A project's account situation: returned for projects with and without an account.
struct AccountView {
    std::string project_id;
    std::string project_code;
    std::string project_name;
    std::string region_code;
    std::string project_status;
    std::optional<Account> account;
    Deadline open_deadline;    // contract_signed_on + account.open_within_days (ACC: 30)
    Deadline filing_deadline;  // opened_on + account.file_within_days (ACC: 30); unknown without account
    std::optional<core::Date> closure_notice_ends_on;  // closure_notice_on + account.close_notice_days
    core::Fen credits = 0;
    core::Fen debits = 0;
    core::Fen balance = 0;  // credits − debits from the bank feed
    std::int64_t flagged_debits = 0;
};

struct NewAccount {
    std::string bank_code;
    std::string bank_name;
    std::string branch_name;
    std::string account_name;
    std::string account_number;  // 10–30 digits (spaces ignored)
    core::Date opened_on;
    std::optional<std::string> agreement_ref;
    std::optional<core::Date> agreement_signed_on;
    std::optional<core::Date> filed_on;
};

// Absent fields are not changed.
struct AccountPatch {
    std::optional<std::string> agreement_ref;
    std::optional<std::string> agreement_file_id;  // a file of this project (files module); "" removes it
    std::optional<core::Date> agreement_signed_on;
    std::optional<core::Date> filed_on;
    std::optional<std::string> branch_name;
};

struct AccountQuery {
    std::optional<std::string> region_code;  // project region and below
    std::optional<std::string> bank_code;
    std::optional<std::string> status;  // kAccountStatuses
    bool overdue_only = false;          // an open or filing deadline overdue or met late
    std::int64_t offset = 0;
    std::int64_t limit = 20;
};

struct AccountPage {
    std::vector<AccountView> items;
    std::int64_t total = 0;
};

// One transaction of the bank feed as stored (counterparty account masked).
struct AccountTxn {
    std::string account_id;
    std::string bank_txn_id;
    std::string direction;  // credit | debit
    core::Fen amount = 0;
    core::Date booked_on;
    std::string counterparty_name;
    std::optional<std::string> counterparty_account;  // masked
    std::string purpose;
    std::optional<std::string> worker_id;  // debit matched to a registered worker of the project
    bool flagged = false;
    std::optional<std::string> flag_reason;
    core::Timestamp created_at;
};

struct TxnQuery {
    std::optional<bool> flagged;
    std::int64_t offset = 0;
    std::int64_t limit = 20;
};

struct TxnPage {
    std::vector<AccountTxn> items;
    std::int64_t total = 0;
};

// The hook the cases module will implement: REG 27 / DOMAIN §3 — an account is not closed while a
// wage complaint (clue) or case about the project is open. Until the clue/case modules exist the
// default answers false. Called inside the closing transaction; implementations must only read.
class OpenCaseChecker {
  public:
    virtual ~OpenCaseChecker() = default;
    virtual bool HasOpenCases(storage::Transaction& tx, std::string_view project_id) const;
};

// For the payroll and pay-batch side of this module and other modules (no scope: callers serving a
// principal check scope first). Run inside the caller's transaction.
struct AccountFacts {
    std::string id;
    std::string project_id;
    std::string bank_code;
    std::string status;
};
std::optional<AccountFacts> FindProjectAccount(storage::Transaction& tx, std::string_view project_id);
// credits − debits of the account's bank feed.
core::Fen AccountBalance(storage::Transaction& tx, std::string_view account_id);

// Output value (产值) of a month and the progress payment against it.
struct OutputValue {
    std::string project_id;
    std::string period;  // YYYY-MM
    core::Fen output_value = 0;
    std::optional<core::Fen> progress_payment;
    std::optional<core::Date> settled_on;
    core::Timestamp updated_at;
};

struct OutputValueInput {
    core::Fen output_value = 0;
    std::optional<core::Fen> progress_payment;
    std::optional<core::Date> settled_on;
};

// A labor-cost allocation by the construction unit into the account (人工费用拨付).
struct Allocation {
    std::string id;
    std::string project_id;
    std::string account_id;
    std::string period;  // YYYY-MM it is for
    core::Fen amount = 0;
    core::Date allocated_on;
    std::optional<std::string> bank_txn_id;  // the matching credit of the bank feed
    core::Timestamp created_at;
};

struct NewAllocation {
    std::string period;
    core::Fen amount = 0;
    core::Date allocated_on;
};

// One month of the labor-cost report.
struct LaborCostMonth {
    std::string period;
    std::optional<core::Fen> output_value;
    std::optional<core::Fen> progress_payment;
    // "fixed" (labor_cost_amount), "progress_payment" / "output_value" (ratio × that base),
    // "no_output_value" (ratio clause but nothing reported: due 0), "no_clause" (due unknown).
    std::string basis;
    std::optional<core::Fen> due;
    core::Fen allocated = 0;
    core::Fen shortfall = 0;  // max(0, due − allocated)
    core::Date due_on;        // labor_cost_day of the following month, clamped to its end
    bool overdue = false;     // shortfall > 0 after due_on
    // Government investment (财建〔2022〕183号): progress payment / output value, flag below 80%.
    std::optional<std::int64_t> progress_payment_ratio_bp;
    bool progress_payment_below_80 = false;
};

struct LaborCostReport {
    std::string project_id;
    std::string investment_type;
    std::string clause;  // fixed | ratio | none
    std::optional<core::Fen> labor_cost_amount;
    std::optional<std::int64_t> labor_cost_ratio_bp;
    std::optional<std::int64_t> labor_cost_day;
    std::vector<LaborCostMonth> months;
    core::Fen total_due = 0;
    core::Fen total_allocated = 0;
    core::Fen total_shortfall = 0;
};

// One bank-feed row as received (JSON item or CSV line); the service validates it.
struct FeedRow {
    std::int64_t row = 0;  // 1-based JSON index, or the CSV's spreadsheet row number
    std::string account_number;
    std::string bank_txn_id;
    std::string direction;
    std::optional<core::Fen> amount;  // fen, when given as an integer
    std::string amount_yuan;          // "1234.56", when given as text
    std::string amount_problem;       // set by the reader when `amount` was not an integer
    std::string booked_on;
    std::string counterparty_name;
    std::string counterparty_account;
    std::string purpose;
};

struct FeedRowError {
    std::int64_t row = 0;
    std::string bank_txn_id;
    std::string field;  // JSON name: "accountNumber", "amount", ...
    std::string reason;
};

struct FeedResult {
    std::int64_t accepted = 0;
    std::int64_t duplicates = 0;
    std::int64_t flagged = 0;  // accepted debits not to a registered worker of the project
    std::int64_t matched_allocations = 0;
    std::vector<std::int64_t> duplicate_rows;
    std::vector<FeedRowError> errors;
};

// Routes (account_routes.cpp, allocation_routes.cpp). Services must outlive the router.
class AccountService;
class AllocationService;
class BankFeedService;
void RegisterAccountRoutes(http::Router& router, AccountService& accounts, BankFeedService& feed);
void RegisterAllocationRoutes(http::Router& router, AllocationService& allocations);

// ==== end of accounts, output value, allocations, bank feed =====================================

// ==== payrolls, pay batches, wage records =======================================================
// Payrolls (工资表, REG 15 ledger), bank direct-pay batches (代发, REG 31) with return files, and the
// wage record of each worker. The services live in payroll_service.hpp / pay_batch_service.hpp /
// wage_record.hpp; other modules need only what follows.

// What one worker is owed and was paid on one project for one month. owed = net pay of payroll lines
// once the payroll is approved (approved, paying, paid); paid = amounts the bank confirmed in return
// files. Draft and submitted payrolls owe nothing yet.
struct WageStanding {
    std::string worker_id;
    std::string project_id;
    std::string period;  // YYYY-MM worked
    core::Fen owed = 0;
    core::Fen paid = 0;
    core::Fen outstanding = 0;  // owed − paid
    std::optional<core::Date> pay_date;      // agreed pay date (latest of the month's payrolls)
    std::optional<core::Date> last_paid_on;  // latest bank settlement date
};

struct WageStandingQuery {
    std::optional<std::string> worker_id;
    std::optional<std::string> project_id;
    std::optional<std::string> period;  // YYYY-MM
};

// For warnings, complaints and cases: no scope (callers serving a principal check scope first); runs
// in the caller's transaction. Ordered by project, period, worker.
std::vector<WageStanding> WageStandings(storage::Transaction& tx, const WageStandingQuery& query);

// Routes (payroll_routes.cpp, pay_batch_routes.cpp). Services must outlive the router.
class PayrollService;
class PayBatchService;
class WageRecordService;
void RegisterPayrollRoutes(http::Router& router, PayrollService& payrolls, WageRecordService& records);
void RegisterPayBatchRoutes(http::Router& router, PayBatchService& batches);

// ==== end of payrolls, pay batches, wage records ================================================

}  // namespace anxin::wages
