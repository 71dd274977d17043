// Writing an XLSX file in memory with libxlsxwriter, which writes only to files: the workbook lives
// in a private temporary file, removed on every path (it may hold card numbers for the milliseconds
// the workbook takes to write), and Finish() returns the file's bytes.
#pragma once

#include <filesystem>
#include <string>

#include <xlsxwriter.h>

namespace anxin::core {

class XlsxWorkbook {
public:
    XlsxWorkbook();  // Error kInternal when the workbook cannot be created
    ~XlsxWorkbook();
    XlsxWorkbook(const XlsxWorkbook&) = delete;
    XlsxWorkbook& operator=(const XlsxWorkbook&) = delete;

    lxw_workbook* get() const { return workbook_; }
    // Closes the workbook and returns the bytes of the .xlsx file; call once.
    std::string Finish();

private:
    std::filesystem::path path_;
    lxw_workbook* workbook_ = nullptr;
};

}  // namespace anxin::core
