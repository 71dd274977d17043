#include "core/xlsx_writer.hpp"

#include <fstream>
#include <sstream>
#include <system_error>

#include "core/error.hpp"
#include "core/ids.hpp"

namespace anxin::core {

XlsxWorkbook::XlsxWorkbook()
    : path_(std::filesystem::temp_directory_path() / ("anxin-" + RandomHex(16) + ".xlsx")),
      workbook_(workbook_new(path_.c_str())) {
    if (!workbook_) throw Error(ErrorCode::kInternal, "无法生成 XLSX 文件");
}

XlsxWorkbook::~XlsxWorkbook() {
    if (workbook_) workbook_close(workbook_);  // frees it; the file goes below
    std::error_code ec;
    std::filesystem::remove(path_, ec);
}

std::string XlsxWorkbook::Finish() {
    lxw_workbook* workbook = workbook_;
    workbook_ = nullptr;
    if (!workbook || workbook_close(workbook) != LXW_NO_ERROR) throw Error(ErrorCode::kInternal, "无法生成 XLSX 文件");
    std::ifstream in(path_, std::ios::binary);
    std::ostringstream bytes;
    bytes << in.rdbuf();
    return bytes.str();
}

}  // namespace anxin::core
