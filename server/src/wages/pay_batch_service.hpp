// Bank direct-pay batches (代发, REG 31): the bank pays each worker's net wage from the project's
// dedicated account into the worker's own card. A batch is cut from an approved payroll (sequence 1:
// every line with net > 0; later sequences: the lines still unpaid after a return, e.g. once a card
// was corrected). The bank file is produced by the BankFileAdapter of the account's bank; the bank's
// return file marks each line paid or failed. Reconciliation to the fen: batch total = paid + failed;
// payroll net total = paid + unpaid.
//
// Scope: enterprise users act on batches of payrolls they may write (their enterprise is the employer
// or the project's general contractor); bank operators see and return the batches of accounts at their
// bank; supervisors and industry officers read batches of projects in their scope (without the card
// file). Errors as PayrollService; a return that does not match its batch is kUnprocessable naming
// the lines (fields: reference → reason) and writes nothing; a second return is kConflict.
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
#include "core/time.hpp"
#include "storage/database.hpp"
#include "wages/bank_adapter.hpp"

namespace anxin::wages {

// Field-cipher context of the card snapshot taken when a batch is issued.
inline constexpr std::string_view kBatchCardContext = "wages_pay_batch_line.card";

struct PayBatchLine {
    std::string payroll_line_id;
    std::string reference;  // unique; echoed by the return file
    std::string worker_id;
    std::string payee_name;
    std::optional<std::string> card_mask;
    std::optional<std::string> card_bank_name;
    core::Fen amount = 0;
    std::string status;  // pending | paid | failed
    std::optional<std::string> failure_reason;
    std::optional<core::Date> settled_on;
    std::optional<std::string> bank_reference;
};

struct PayBatch {
    std::string id;
    std::string payroll_id;
    std::string project_id;
    std::string project_name;
    std::string employer_name;  // the payroll's employer (who pays through the account)
    std::string period;
    std::string account_id;
    std::string bank_code;
    std::int64_t sequence = 1;
    std::string status;  // issued | returned
    std::int64_t line_count = 0;
    core::Fen total_amount = 0;
    core::Fen paid_amount = 0;
    core::Fen failed_amount = 0;
    core::Timestamp issued_at;
    std::optional<core::Timestamp> returned_at;
    std::vector<PayBatchLine> lines;
};

struct BatchQuery {
    std::optional<std::string> status;
};

// Thread-safe: references only. `cipher` may be null: issuing and files then answer kUnavailable.
class PayBatchService {
  public:
    PayBatchService(storage::Database& db, const core::Clock& clock, const core::FieldCipher* cipher,
                    const BankAdapterRegistry& adapters, core::ProjectChangeSink* changes = nullptr)
        : db_(db), clock_(clock), cipher_(cipher), adapters_(adapters), changes_(changes) {}

    // Approved or paying payroll; kConflict while a batch is issued and not returned (a duplicate) or
    // when nothing is left to pay; kUnprocessable when the project has no open account or a worker has
    // no bank card (named). The payroll moves to paying.
    PayBatch Issue(const core::CallContext& ctx, std::string_view payroll_id);
    PayBatch Get(const core::CallContext& ctx, std::string_view batch_id) const;
    std::vector<PayBatch> ListForPayroll(const core::CallContext& ctx, std::string_view payroll_id) const;
    // Bank operators: their bank's batches; others: batches of projects in scope. Without lines.
    std::vector<PayBatch> List(const core::CallContext& ctx, const BatchQuery& query) const;
    // The bank file with full card numbers: audited as a personal-data read. Enterprise users who may
    // write the payroll and operators of the batch's bank only (others kForbidden).
    std::string File(const core::CallContext& ctx, std::string_view batch_id, BatchFileFormat format);
    // Bank operators of the batch's bank. All or nothing (see the header comment).
    PayBatch ImportReturn(const core::CallContext& ctx, std::string_view batch_id, std::string_view file);


  private:
    storage::Database& db_;
    const core::Clock& clock_;
    const core::FieldCipher* cipher_;
    const BankAdapterRegistry& adapters_;
    core::ProjectChangeSink* changes_;  // told the projects written, after commit (null: nobody)
};

}  // namespace anxin::wages
