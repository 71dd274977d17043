// The bank feed: a bank reports the credits and debits of the dedicated wage accounts it holds
// (JSON or a CSV file). Idempotent by (account, bankTxnId): a repeated feed writes nothing and reports
// duplicates. Each account is found by the blind index of its number and must be held at the
// operator's bank. Debits are matched to a registered worker of the project by the counterparty
// account (the worker's own card, REG 31); anything else is flagged — the account may pay only this
// project's workers (ACC). Credits are linked to an allocation of the same amount and date when one
// is waiting.
//
// CSV columns (header row; Chinese or English names; UTF-8 or GBK):
//   账号 accountNumber | 交易流水号 bankTxnId | 借贷方向 direction (credit/debit, 贷/借, 收入/支出) |
//   金额(元) amountYuan ("1234.56", exact) | 记账日期 bookedOn (YYYY-MM-DD) |
//   对方户名 counterpartyName | 对方账号 counterpartyAccount | 用途 purpose (the last three optional)
#pragma once

#include <cstddef>
#include <span>
#include <string_view>
#include <vector>

#include <boost/json/value.hpp>

#include "core/crypto.hpp"
#include "core/project_changes.hpp"
#include "wages/wages.hpp"

namespace anxin::wages {

// Rows of a JSON body {"transactions":[...]}; a body of another shape is Error(kInvalidArgument).
// Values are taken as given; the service validates them per row.
std::vector<FeedRow> ReadFeedJson(const boost::json::value& body);
// Rows of a CSV (or XLSX) file, numbered as the spreadsheet shows them. Throws Error(kInvalidArgument)
// on "file" when it cannot be read or required columns are missing.
std::vector<FeedRow> ReadFeedCsv(std::string_view bytes);

// Thread-safe: references only. `cipher` may be null: Submit then throws kUnavailable.
class BankFeedService {
  public:
    static constexpr std::size_t kMaxRows = 10000;

    BankFeedService(storage::Database& db, const core::Clock& clock, const core::FieldCipher* cipher,
                    core::ProjectChangeSink* changes = nullptr)
        : db_(db), clock_(clock), cipher_(cipher), changes_(changes) {}

    // One transaction: stores every valid new row, reports duplicates and per-row errors (fields
    // named as in JSON). Bank operators only (kForbidden otherwise); more than kMaxRows rows is
    // kPayloadTooLarge, an empty batch kInvalidArgument. One audit event for the batch.
    FeedResult Submit(const core::CallContext& ctx, std::span<const FeedRow> rows);


  private:
    storage::Database& db_;
    const core::Clock& clock_;
    const core::FieldCipher* cipher_;
    core::ProjectChangeSink* changes_;  // told the projects written, after commit (null: nobody)
};

}  // namespace anxin::wages
