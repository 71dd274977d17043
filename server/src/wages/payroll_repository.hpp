// SQL of the payroll side of the wages module: wages_payroll, wages_payroll_line, wages_pay_batch and
// wages_pay_batch_line — statement text, binding and row mapping, no business decisions. Runs in the
// caller's transaction; constraint errors pass through for the services to map.
//
// Read-only registry lookups live here too (contracts with their wage terms, counted attendance days,
// the workers' masks and sealed bank cards) because registry/workers.hpp exposes them only through
// scoped, self-transacting service calls; they should move behind registry functions once those exist.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/principal.hpp"
#include "storage/database.hpp"
#include "wages/pay_batch_service.hpp"
#include "wages/payroll_service.hpp"
#include "wages/wage_record.hpp"

namespace anxin::wages::payroll_repo {

// ---- registry (read only) ----------------------------------------------------------------------
struct ContractTerm {
    std::string id;
    std::string worker_id;
    core::Date start_on;
    std::optional<core::Date> end_on;     // contract end
    std::optional<core::Date> exited_on;  // exit record
    std::string wage_type;
    core::Fen wage_rate = 0;
};
// Contracts of the employer (and team, when given) on the project overlapping [first, last], by
// worker, start.
std::vector<ContractTerm> EmployerContracts(storage::Transaction& tx, std::string_view project_id,
                                            std::string_view employer_id, const std::optional<std::string>& team_id,
                                            core::Date first, core::Date last);
// The latest-starting contract of the worker with the employer (and team) on the project.
std::optional<ContractTerm> WorkerContract(storage::Transaction& tx, std::string_view project_id,
                                           std::string_view worker_id, std::string_view employer_id,
                                           const std::optional<std::string>& team_id);
bool HasContractOnProject(storage::Transaction& tx, std::string_view project_id, std::string_view worker_id);

struct DayTotals {
    std::int64_t counted_days = 0;
    std::int64_t minutes = 0;  // of every recorded day in the range
};
DayTotals Attendance(storage::Transaction& tx, std::string_view project_id, std::string_view worker_id,
                     core::Date from, core::Date to);

struct WorkerFacts {
    std::string id;
    std::string name;
    std::string id_number_mask;
    std::optional<std::string> phone_mask;
    bool has_bank_card = false;  // the card itself: registry::WorkerBankCard
    std::optional<std::string> bank_card_mask;
    std::optional<std::string> bank_name;
};
std::optional<WorkerFacts> FindWorker(storage::Transaction& tx, std::string_view worker_id);

std::optional<std::string> EnterpriseName(storage::Transaction& tx, std::string_view enterprise_id);
bool IsParticipant(storage::Transaction& tx, std::string_view project_id, std::string_view enterprise_id,
                   std::optional<std::string_view> role_code = std::nullopt);
// The enterprise of a team of the project; nullopt when the team is not the project's.
std::optional<std::string> TeamEnterprise(storage::Transaction& tx, std::string_view team_id,
                                          std::string_view project_id);

// ---- wages_payroll / wages_payroll_line --------------------------------------------------------
// Without lines and totals.
std::optional<Payroll> FindPayroll(storage::Transaction& tx, std::string_view payroll_id);
std::vector<PayrollLine> PayrollLines(storage::Transaction& tx, std::string_view payroll_id);
std::vector<Payroll> ListPayrolls(storage::Transaction& tx, std::string_view project_id, const PayrollQuery& query);
bool PayrollExists(storage::Transaction& tx, std::string_view project_id, std::string_view employer_id,
                   const std::optional<std::string>& team_id, std::string_view period);
void InsertPayroll(storage::Transaction& tx, const Payroll& payroll);
void InsertLine(storage::Transaction& tx, const PayrollLine& line, core::Timestamp now);
// days, minutes, amounts and notes by id.
void UpdateLine(storage::Transaction& tx, const PayrollLine& line, core::Timestamp now);
void DeleteLine(storage::Transaction& tx, std::string_view line_id);
// Moves the payroll from `from` to `to`; false when it was not in `from` (nothing written).
bool MovePayroll(storage::Transaction& tx, std::string_view payroll_id, std::string_view from, std::string_view to,
                 core::Timestamp now);
void SetSubmitted(storage::Transaction& tx, std::string_view payroll_id, core::Timestamp now);
void SetApproved(storage::Transaction& tx, std::string_view payroll_id, std::string_view user_id, core::Timestamp now);
void ClearApproval(storage::Transaction& tx, std::string_view payroll_id);
void TouchPayroll(storage::Transaction& tx, std::string_view payroll_id, core::Timestamp now);
void ConfirmLine(storage::Transaction& tx, std::string_view line_id, std::string_view method, core::Timestamp now);
void ClearConfirmations(storage::Transaction& tx, std::string_view payroll_id, core::Timestamp now);
core::Fen PaidTotal(storage::Transaction& tx, std::string_view payroll_id);
// Adds a bank-confirmed payment to the line.
void PayLine(storage::Transaction& tx, std::string_view line_id, core::Fen amount, core::Date paid_on,
             std::string_view bank_reference, core::Timestamp now);

// ---- wages_pay_batch / wages_pay_batch_line ----------------------------------------------------
struct BatchLineRecord {
    PayBatchLine line;
    std::optional<std::string> card_enc;  // sealed with kBatchCardContext
};
void InsertBatch(storage::Transaction& tx, const PayBatch& batch);
void InsertBatchLine(storage::Transaction& tx, std::string_view batch_id, const BatchLineRecord& record);
// Without lines.
std::optional<PayBatch> FindBatch(storage::Transaction& tx, std::string_view batch_id);
std::vector<BatchLineRecord> BatchLines(storage::Transaction& tx, std::string_view batch_id);
std::int64_t MaxSequence(storage::Transaction& tx, std::string_view payroll_id);
std::int64_t BatchCount(storage::Transaction& tx, std::string_view payroll_id);
std::optional<std::string> IssuedBatch(storage::Transaction& tx, std::string_view payroll_id);

struct BatchFilter {
    std::optional<std::string> payroll_id;
    std::optional<std::string> status;
    // Scope: the bank's batches for bank operators, else batches of projects in project scope.
    core::Principal principal;
};
std::vector<PayBatch> ListBatches(storage::Transaction& tx, const BatchFilter& filter);

// issued → returned with the totals; false when the batch was not issued any more.
bool MarkReturned(storage::Transaction& tx, std::string_view batch_id, core::Fen paid, core::Fen failed,
                  core::Timestamp now);
void SettleBatchLine(storage::Transaction& tx, std::string_view batch_id, std::string_view payroll_line_id,
                     std::string_view status, const std::optional<std::string>& failure_reason,
                     core::Date settled_on, const std::optional<std::string>& bank_reference);

// ---- wage records ------------------------------------------------------------------------------
struct WageLineRow {
    std::string worker_id;
    std::string worker_name;
    std::string project_id;
    std::string project_name;
    std::string period;
    std::string payroll_id;
    std::string employer_name;
    core::Date pay_date;
    core::Fen owed = 0;
    core::Fen paid = 0;
    std::optional<core::Date> paid_on;
    std::optional<std::string> bank_reference;
};
struct WageLineFilter {
    std::optional<std::string> worker_id;
    std::optional<std::string> project_id;
    std::optional<std::string> period;
    std::optional<core::Principal> principal;  // project scope when set
};
// Lines of approved (approved, paying, paid) payrolls, ordered by project, period, worker.
std::vector<WageLineRow> WageLines(storage::Transaction& tx, const WageLineFilter& filter);
bool WorkerExists(storage::Transaction& tx, std::string_view worker_id);

}  // namespace anxin::wages::payroll_repo
