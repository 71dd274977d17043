// Bank file layouts for direct-pay batches (代发, REG 31): what the platform sends the bank (one line
// per worker, paid from the project's dedicated account into the worker's own card) and the return
// file the bank sends back. BankFileAdapter is the seam: one implementation per layout, chosen by the
// account's bank code; StandardBankFileAdapter is the platform's documented layout and the default.
//
// Standard batch file (CSV: UTF-8 with BOM, CRLF; or XLSX, one sheet "代发", card numbers as text):
//   序号, 参考号, 姓名, 银行卡号, 开户行, 金额 (yuan, 2 decimals), 用途 ("工资 YYYY-MM")
// Standard return file (CSV or XLSX; header names Chinese or English):
//   参考号|reference, 状态|status (成功/失败, paid/failed, success/fail), 失败原因|failureReason,
//   处理日期|settledOn (YYYY-MM-DD), 银行流水号|bankReference, optional 金额|amount (yuan)
// Adapters are immutable after construction: thread-safe.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/money.hpp"
#include "core/tabular.hpp"
#include "core/time.hpp"

namespace anxin::wages {

enum class BatchFileFormat { kCsv, kXlsx };

struct BatchFileLine {
    std::int64_t number = 0;  // 序号, from 1
    std::string reference;
    std::string payee_name;
    std::string card_number;  // full: the file goes to the bank
    std::string bank_name;
    core::Fen amount = 0;
    std::string purpose;
};

struct BatchFile {
    std::string batch_id;
    std::string bank_code;
    std::int64_t sequence = 1;
    std::string period;
    std::vector<BatchFileLine> lines;
};

struct ReturnLine {
    std::int64_t row = 0;  // spreadsheet row number
    std::string reference;
    bool paid = false;
    std::optional<core::Fen> amount;  // when the layout carries one
    std::string failure_reason;
    std::optional<core::Date> settled_on;
    std::string bank_reference;
};

// A parsed return file: lines that could be read, and problems per row (a file with any problem is
// refused as a whole by the caller).
struct ReturnFile {
    std::vector<ReturnLine> lines;
    std::vector<core::RowError> errors;
};

class BankFileAdapter {
  public:
    virtual ~BankFileAdapter() = default;
    // The bytes of the batch file. Throws anxin::Error(kInternal) when the file cannot be produced.
    virtual std::string WriteBatch(const BatchFile& batch, BatchFileFormat format) const = 0;
    // Throws anxin::Error(kInvalidArgument, "file") when the file is unreadable or lacks a required
    // column; row problems go to ReturnFile::errors.
    virtual ReturnFile ParseReturn(std::string_view bytes) const = 0;
};

class StandardBankFileAdapter final : public BankFileAdapter {
  public:
    std::string WriteBatch(const BatchFile& batch, BatchFileFormat format) const override;
    ReturnFile ParseReturn(std::string_view bytes) const override;
};

// Adapters by bank code; banks without their own layout use the standard one.
class BankAdapterRegistry {
  public:
    BankAdapterRegistry();
    void Register(std::string bank_code, std::unique_ptr<BankFileAdapter> adapter);
    const BankFileAdapter& For(std::string_view bank_code) const;

  private:
    std::unique_ptr<BankFileAdapter> standard_;
    std::map<std::string, std::unique_ptr<BankFileAdapter>, std::less<>> by_bank_;
};

}  // namespace anxin::wages
