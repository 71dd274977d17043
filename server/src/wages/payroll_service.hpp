// Payrolls (工资表): one per project, month and employer (+ optional team), for construction and
// service-contract projects alike. A draft is generated from attendance × contract rate or imported
// from a CSV/XLSX file; lines are edited while it is a draft; submission requires the 12 elements of
// the payroll ledger (REG 15) except the bank proof / signature; each worker confirms its line
// (REG 31: the payroll is signed by the workers); the labor-affairs officer approves; pay batches
// (pay_batch_service.hpp) then pay it. Status: draft → submitted → approved → paying → paid.
//
// Errors are anxin::Error: kInvalidArgument with JSON field names, kNotFound for absent ids and
// anything outside the caller's project scope, kForbidden when an enterprise user acts for another
// employer, kConflict for a duplicate payroll or a state that does not allow the step (a payroll with
// paid lines can no longer be edited or resubmitted), kUnprocessable when a rule refuses (missing
// ledger elements, unconfirmed lines). Every write is audited in its transaction.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/crypto.hpp"
#include "core/money.hpp"
#include "core/principal.hpp"
#include "core/project_changes.hpp"
#include "core/tabular.hpp"
#include "core/time.hpp"
#include "storage/database.hpp"

namespace anxin::registry {
class WorkerService;
}

namespace anxin::wages {

inline constexpr std::string_view kPayrollStatuses[] = {"draft", "submitted", "approved", "paying", "paid"};
inline constexpr std::string_view kConfirmMethods[] = {"signature", "h5", "sms"};
// DOMAIN §2 (人社部 2009): monthly wages convert to days with 21.75 paid days a month.
inline constexpr std::int64_t kPaidDaysPerMonthTimes4 = 87;  // 21.75 × 4
inline constexpr std::string_view kPieceRateNote = "计件工资：请填写应发金额";

struct PayrollLine {
    std::string id;
    std::string payroll_id;
    std::string worker_id;
    std::string worker_name;
    std::string id_number_mask;
    std::optional<std::string> phone_mask;
    std::optional<std::string> contract_id;
    std::string wage_type;  // of the contract: daily | monthly | piece; "" without one
    std::int64_t days = 0;
    std::int64_t minutes = 0;
    core::Fen base_pay = 0;
    core::Fen overtime_pay = 0;
    core::Fen other_pay = 0;
    core::Fen gross_pay = 0;  // base + overtime + other
    core::Fen deductions = 0;
    std::string deduction_note;
    core::Fen net_pay = 0;  // gross − deductions
    std::string note;
    std::optional<core::Timestamp> confirmed_at;
    std::optional<std::string> confirm_method;  // kConfirmMethods
    core::Fen paid_amount = 0;                  // bank-confirmed
    std::optional<core::Date> paid_on;
    std::optional<std::string> bank_reference;
};

struct Payroll {
    std::string id;
    std::string project_id;
    std::string project_name;
    std::string employer_id;
    std::string employer_name;
    std::optional<std::string> team_id;
    std::string period;  // YYYY-MM
    core::Date pay_date;
    std::string source;  // attendance | import | manual
    std::string status;  // kPayrollStatuses
    std::optional<core::Timestamp> submitted_at;
    std::optional<core::Timestamp> approved_at;
    std::optional<std::string> approved_by;
    core::Timestamp created_at;
    core::Timestamp updated_at;
    std::vector<PayrollLine> lines;  // ordered by worker name, id
    // Reconciliation, to the fen: net_total = paid_total + unpaid_total.
    core::Fen gross_total = 0;
    core::Fen deductions_total = 0;
    core::Fen net_total = 0;
    core::Fen paid_total = 0;
    core::Fen unpaid_total = 0;
};

struct NewPayroll {
    std::string project_id;
    std::string employer_id;
    std::optional<std::string> team_id;
    std::string period;                 // YYYY-MM
    std::optional<core::Date> pay_date;  // default: the last day of the following month (DOMAIN §2)
};

// A new line (worker_id required) or a change to one (absent fields unchanged). Amounts in fen ≥ 0;
// gross = base + overtime + other, net = gross − deductions must not be negative.
struct LineInput {
    std::string worker_id;
    std::optional<std::int64_t> days;
    std::optional<std::int64_t> minutes;
    std::optional<core::Fen> base_pay;
    std::optional<core::Fen> overtime_pay;
    std::optional<core::Fen> other_pay;
    std::optional<core::Fen> deductions;
    std::optional<std::string> deduction_note;
    std::optional<std::string> note;
};

// An import either creates the whole payroll or nothing: any bad row → payroll absent, every problem
// listed (row, field, reason); RowErrorsToCsv(errors) is the downloadable report.
struct PayrollImport {
    std::optional<Payroll> payroll;
    std::vector<core::RowError> errors;
    std::int64_t rows = 0;  // data rows read
};

// One missing element of the REG 15 ledger: for the payroll (line_id empty) or one line.
struct MissingElement {
    std::string element;  // 用人单位名称, 工资支付周期, 支付日期, 姓名, 身份证号, 联系方式, 工作时间,
                          // 应发工资项目及数额, 扣减事项及数额, 实发工资, 银行代发凭证或本人签字
    std::string line_id;
    std::string worker_id;
    std::string worker_name;
    std::string reason;
    bool blocks_submission = true;  // false only for the bank proof / signature
};

struct Completeness {
    bool complete = true;     // nothing missing
    bool submittable = true;  // nothing missing that blocks submission
    std::vector<MissingElement> missing;
};

struct PayrollQuery {
    std::optional<std::string> period;
    std::optional<std::string> status;
};

// Thread-safe: references only (database, clock, worker service; they must outlive it). `cipher` may
// be null (no data key): imports by ID number then answer kUnavailable.
class PayrollService {
  public:
    PayrollService(storage::Database& db, const core::Clock& clock, const registry::WorkerService& workers,
                   core::ProjectChangeSink* changes = nullptr)
        : db_(db), clock_(clock), workers_(workers), changes_(changes) {}

    // A draft from attendance × contract rate for every worker with a contract of that employer (and
    // team) on the project overlapping the month: daily → counted days × rate; monthly → rate, or
    // rate × counted days / 21.75 when the contract starts or ends inside the month (capped at the
    // rate); piece → 0 with kPieceRateNote. kUnprocessable when no contract covers the month.
    Payroll Generate(const core::CallContext& ctx, const NewPayroll& input);
    // CSV/XLSX columns: 身份证号|idNumber, 姓名|name, 出勤天数|days (optional), 应发|gross,
    // 扣款|deductions (optional), 实发|net, 备注|note (optional); amounts in yuan (exact) or, in
    // columns named 应发(分)|grossFen …, in fen. See PayrollImport for the all-or-nothing rule.
    PayrollImport Import(const core::CallContext& ctx, const NewPayroll& input, std::string_view file);

    Payroll Get(const core::CallContext& ctx, std::string_view payroll_id) const;
    std::vector<Payroll> List(const core::CallContext& ctx, std::string_view project_id,
                              const PayrollQuery& query) const;

    // Draft only.
    Payroll AddLine(const core::CallContext& ctx, std::string_view payroll_id, const LineInput& input);
    Payroll UpdateLine(const core::CallContext& ctx, std::string_view payroll_id, std::string_view line_id,
                       const LineInput& patch);
    Payroll RemoveLine(const core::CallContext& ctx, std::string_view payroll_id, std::string_view line_id);

    Completeness CheckCompleteness(const core::CallContext& ctx, std::string_view payroll_id) const;
    // draft → submitted; kUnprocessable naming the missing elements (fields: element → workers).
    Payroll Submit(const core::CallContext& ctx, std::string_view payroll_id);
    // submitted|approved → draft, confirmations cleared; kConflict once a pay batch exists.
    Payroll Reopen(const core::CallContext& ctx, std::string_view payroll_id);
    // Submitted payrolls: the worker's confirmation of its line (REG 31), once.
    Payroll ConfirmLine(const core::CallContext& ctx, std::string_view payroll_id, std::string_view line_id,
                        std::string_view method);
    // submitted → approved; kUnprocessable naming unconfirmed lines.
    Payroll Approve(const core::CallContext& ctx, std::string_view payroll_id);


  private:
    storage::Database& db_;
    const core::Clock& clock_;
    const registry::WorkerService& workers_;
    core::ProjectChangeSink* changes_;  // told the projects written, after commit (null: nobody)
};

// For the pay-batch side: kForbidden unless the caller is an enterprise user acting for `employer_id`
// or for the project's general contractor (which pays on its subcontractors' behalf, REG 30–31).
void RequirePayrollWriter(storage::Transaction& tx, const core::Principal& principal, std::string_view project_id,
                          std::string_view employer_id);

// "YYYY-MM" with month 01–12; the first and last day of it.
struct Month {
    core::Date first;
    core::Date last;
};
std::optional<Month> ParsePeriod(std::string_view period);

// Pure: the gross pay of one contract in a month (see Generate). `covered_days` = counted days of
// attendance inside the contract's part of the month; `whole_month` = the contract covers the month.
core::Fen ContractPay(std::string_view wage_type, core::Fen rate, std::int64_t counted_days, bool whole_month);

}  // namespace anxin::wages
