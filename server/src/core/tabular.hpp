// Reading tabular files users upload: CSV (UTF-8 with or without BOM, or GBK/GB18030 as Excel in
// China saves it — detected and converted) and XLSX (first worksheet). Rows come back as UTF-8
// strings with 1-based row numbers as a spreadsheet shows them, so error reports can name them.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace anxin::core {

struct Table {
    std::vector<std::string> header;         // trimmed header cells
    std::vector<std::vector<std::string>> rows;
    std::vector<std::int64_t> row_numbers;   // spreadsheet row number of each row (header is row 1)
};

enum class TableFormat { kCsv, kXlsx };
// By content: XLSX files are ZIP archives ("PK\x03\x04"); everything else is read as CSV.
TableFormat DetectFormat(std::string_view bytes);

// Throws anxin::Error(kInvalidArgument, field "file") with a clear reason when the file cannot be
// read (not CSV/XLSX, broken archive, undecodable text). Empty trailing rows are dropped.
// The header is the first non-blank row; blank rows are dropped everywhere but row_numbers keep the
// spreadsheet's numbering; data rows are padded with "" to the header's width (never truncated).
// Cells are returned as written (header cells trimmed). XLSX numbers read as typed ("42", "1234.5");
// cells with a date format read "YYYY-MM-DD"; booleans "TRUE"/"FALSE".
Table ReadTable(std::string_view bytes);

// Maps required and optional column names (Chinese or English aliases) to indexes; throws
// anxin::Error(kInvalidArgument, field "file") naming missing required columns.
class ColumnMap {
public:
    struct Column {
        std::string key;                   // the name code uses
        std::vector<std::string> aliases;  // accepted header texts, e.g. {"idNumber", "身份证号"}
        bool required = true;
    };
    ColumnMap(const Table& table, const std::vector<Column>& columns);
    // The cell of `key` in `row` ("" when the column is optional and absent), trimmed.
    std::string Get(const std::vector<std::string>& row, std::string_view key) const;
    bool Has(std::string_view key) const;

private:
    std::map<std::string, size_t, std::less<>> index_;
};

// Per-row problems collected during an import, downloadable as CSV (UTF-8 with BOM so Excel opens
// it correctly): 行号,字段,原因.
struct RowError {
    std::int64_t row = 0;
    std::string field;
    std::string reason;
};
std::string RowErrorsToCsv(const std::vector<RowError>& errors);

// RFC 4180 CSV writing helper: one record ending in CRLF; a cell is quoted (quotes doubled) only when
// it contains a comma, quote, CR or LF.
std::string CsvLine(const std::vector<std::string>& cells);

}  // namespace anxin::core
