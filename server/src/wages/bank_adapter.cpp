#include "wages/bank_adapter.hpp"

#include <utility>

#include "core/error.hpp"
#include "core/xlsx_writer.hpp"

namespace anxin::wages {
namespace {

constexpr std::string_view kBom = "\xEF\xBB\xBF";
const std::vector<std::string> kBatchHeader = {"序号", "参考号", "姓名", "银行卡号", "开户行", "金额", "用途"};

std::vector<std::string> Cells(const BatchFileLine& l) {
    return {std::to_string(l.number), l.reference, l.payee_name, l.card_number,
            l.bank_name,              core::FormatYuan(l.amount), l.purpose};
}

std::string WriteCsv(const BatchFile& batch) {
    std::string out(kBom);
    out += core::CsvLine(kBatchHeader);
    for (const auto& line : batch.lines) out += core::CsvLine(Cells(line));
    return out;
}

std::string WriteXlsx(const BatchFile& batch) {
    core::XlsxWorkbook file;
    lxw_workbook* workbook = file.get();
    lxw_worksheet* sheet = workbook_add_worksheet(workbook, "代发");
    lxw_format* text = workbook_add_format(workbook);
    format_set_num_format(text, "@");  // card numbers and references stay text: no 1.2E+18
    lxw_format* money = workbook_add_format(workbook);
    format_set_num_format(money, "0.00");
    for (lxw_col_t c = 0; c < kBatchHeader.size(); ++c) worksheet_write_string(sheet, 0, c, kBatchHeader[c].c_str(), nullptr);
    worksheet_set_column(sheet, 1, 1, 32, text);
    worksheet_set_column(sheet, 3, 3, 24, text);
    lxw_row_t r = 1;
    for (const auto& line : batch.lines) {
        worksheet_write_number(sheet, r, 0, static_cast<double>(line.number), nullptr);
        worksheet_write_string(sheet, r, 1, line.reference.c_str(), text);
        worksheet_write_string(sheet, r, 2, line.payee_name.c_str(), nullptr);
        worksheet_write_string(sheet, r, 3, line.card_number.c_str(), text);
        worksheet_write_string(sheet, r, 4, line.bank_name.c_str(), nullptr);
        // The exact yuan text as a string cell: a double would be exact here too (< 2^53 fen), but the
        // bank compares text, and the CSV carries the same.
        worksheet_write_string(sheet, r, 5, core::FormatYuan(line.amount).c_str(), text);
        worksheet_write_string(sheet, r, 6, line.purpose.c_str(), nullptr);
        ++r;
    }
    return file.Finish();
}

std::optional<bool> ParseStatus(std::string_view text) {
    if (text == "成功" || text == "paid" || text == "success" || text == "PAID" || text == "SUCCESS" || text == "S")
        return true;
    if (text == "失败" || text == "failed" || text == "fail" || text == "FAILED" || text == "FAIL" || text == "F")
        return false;
    return std::nullopt;
}

}  // namespace

std::string StandardBankFileAdapter::WriteBatch(const BatchFile& batch, BatchFileFormat format) const {
    return format == BatchFileFormat::kCsv ? WriteCsv(batch) : WriteXlsx(batch);
}

ReturnFile StandardBankFileAdapter::ParseReturn(std::string_view bytes) const {
    const core::Table table = core::ReadTable(bytes);
    const core::ColumnMap columns(table, {
                                             {"reference", {"参考号", "reference"}, true},
                                             {"status", {"状态", "status"}, true},
                                             {"failureReason", {"失败原因", "failureReason"}, false},
                                             {"settledOn", {"处理日期", "settledOn"}, true},
                                             {"bankReference", {"银行流水号", "bankReference"}, false},
                                             {"amount", {"金额", "amount"}, false},
                                         });
    ReturnFile out;
    for (size_t i = 0; i < table.rows.size(); ++i) {
        const auto& row = table.rows[i];
        ReturnLine line;
        line.row = table.row_numbers[i];
        const size_t errors_before = out.errors.size();
        line.reference = columns.Get(row, "reference");
        if (line.reference.empty()) out.errors.push_back({line.row, "参考号", "必填"});
        const std::string status = columns.Get(row, "status");
        auto paid = ParseStatus(status);
        if (!paid) {
            out.errors.push_back({line.row, "状态", "应为 成功/失败（paid/failed）：" + status});
        } else {
            line.paid = *paid;
        }
        const std::string settled = columns.Get(row, "settledOn");
        line.settled_on = core::Date::Parse(settled);
        if (!line.settled_on) out.errors.push_back({line.row, "处理日期", "应为 YYYY-MM-DD：" + settled});
        line.bank_reference = columns.Get(row, "bankReference");
        line.failure_reason = columns.Get(row, "failureReason");
        if (paid && *paid && line.bank_reference.empty())
            out.errors.push_back({line.row, "银行流水号", "成功的记录必须有银行流水号"});
        if (paid && !*paid && line.failure_reason.empty()) line.failure_reason = "银行未说明原因";
        if (const std::string amount = columns.Get(row, "amount"); !amount.empty()) {
            line.amount = core::ParseYuan(amount);
            if (!line.amount || *line.amount <= 0) out.errors.push_back({line.row, "金额", "金额格式不正确：" + amount});
        }
        if (out.errors.size() == errors_before) out.lines.push_back(std::move(line));
    }
    return out;
}

BankAdapterRegistry::BankAdapterRegistry() : standard_(std::make_unique<StandardBankFileAdapter>()) {}

void BankAdapterRegistry::Register(std::string bank_code, std::unique_ptr<BankFileAdapter> adapter) {
    by_bank_[std::move(bank_code)] = std::move(adapter);
}

const BankFileAdapter& BankAdapterRegistry::For(std::string_view bank_code) const {
    if (auto it = by_bank_.find(bank_code); it != by_bank_.end()) return *it->second;
    return *standard_;
}

}  // namespace anxin::wages
