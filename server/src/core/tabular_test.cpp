#include "core/tabular.hpp"

#include <iconv.h>
#include <unistd.h>
#include <xlsxwriter.h>
#include <zip.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "core/error.hpp"

namespace anxin::core {
namespace {

using Rows = std::vector<std::vector<std::string>>;

std::string FileReason(const std::string& bytes) {
    try {
        ReadTable(bytes);
    } catch (const Error& e) {
        EXPECT_EQ(e.code(), ErrorCode::kInvalidArgument);
        auto it = e.fields().find("file");
        return it == e.fields().end() ? "<no file field>" : it->second;
    }
    return "<no error>";
}

std::string Utf8ToGb18030(const std::string& utf8) {
    iconv_t cd = iconv_open("GB18030", "UTF-8");
    std::string out(utf8.size() * 2 + 16, '\0');
    char* in = const_cast<char*>(utf8.data());
    size_t in_left = utf8.size();
    char* o = out.data();
    size_t out_left = out.size();
    EXPECT_NE(iconv(cd, &in, &in_left, &o, &out_left), static_cast<size_t>(-1));
    iconv_close(cd);
    out.resize(out.size() - out_left);
    return out;
}

// ---- CSV -------------------------------------------------------------------------------------

TEST(ReadCsvTest, HeaderRowsAndNumbers) {
    Table t = ReadTable("身份证号,姓名,金额\n11010519491231002X,张三,1234.5\n440524198001010013,李四,800\n");
    EXPECT_EQ(t.header, (std::vector<std::string>{"身份证号", "姓名", "金额"}));
    EXPECT_EQ(t.rows, (Rows{{"11010519491231002X", "张三", "1234.5"}, {"440524198001010013", "李四", "800"}}));
    EXPECT_EQ(t.row_numbers, (std::vector<std::int64_t>{2, 3}));
}

TEST(ReadCsvTest, Rfc4180Quoting) {
    std::string csv =
        "a,b,c\r\n"
        "\"x, y\",\"say \"\"hi\"\"\",\"line1\r\nline2\"\r\n"
        "\"\",plain,\"\n\"\r\n"
        "last,row,no-newline";
    Table t = ReadTable(csv);
    ASSERT_EQ(t.rows.size(), 3u);
    EXPECT_EQ(t.rows[0], (std::vector<std::string>{"x, y", "say \"hi\"", "line1\r\nline2"}));
    EXPECT_EQ(t.rows[1], (std::vector<std::string>{"", "plain", "\n"}));
    EXPECT_EQ(t.rows[2], (std::vector<std::string>{"last", "row", "no-newline"}));
    // A quoted line break stays inside one spreadsheet row.
    EXPECT_EQ(t.row_numbers, (std::vector<std::int64_t>{2, 3, 4}));
}

TEST(ReadCsvTest, EmptyRowsAreDroppedButNumberingFollowsTheSheet) {
    Table t = ReadTable("\n,,\n姓名,工号\n\n张三,1\n , \n李四,2\n\n\n");
    EXPECT_EQ(t.header, (std::vector<std::string>{"姓名", "工号"}));
    EXPECT_EQ(t.rows, (Rows{{"张三", "1"}, {"李四", "2"}}));
    EXPECT_EQ(t.row_numbers, (std::vector<std::int64_t>{5, 7}));
}

TEST(ReadCsvTest, ShortRowsArePaddedHeaderTrimmed) {
    Table t = ReadTable(" 姓名 ,\t工号\xE3\x80\x80,,\n张三\n");
    EXPECT_EQ(t.header, (std::vector<std::string>{"姓名", "工号"}));
    EXPECT_EQ(t.rows, (Rows{{"张三", ""}}));
}

TEST(ReadCsvTest, Utf8BomIsStripped) {
    Table t = ReadTable("\xEF\xBB\xBF姓名,工号\r\n张三,1\r\n");
    EXPECT_EQ(t.header[0], "姓名");
}

TEST(ReadCsvTest, GbkFromExcelIsConverted) {
    std::string utf8 = "身份证号,姓名,开户银行\r\n11010519491231002X,张三丰,中国农业银行\r\n";
    std::string gbk = Utf8ToGb18030(utf8);
    ASSERT_NE(gbk, utf8);
    Table t = ReadTable(gbk);
    EXPECT_EQ(t.header, (std::vector<std::string>{"身份证号", "姓名", "开户银行"}));
    EXPECT_EQ(t.rows, (Rows{{"11010519491231002X", "张三丰", "中国农业银行"}}));
}

TEST(ReadCsvTest, UndecodableBytesAreAFileError) {
    // 0xFF is neither UTF-8 nor a GB18030 lead byte.
    EXPECT_EQ(FileReason("name\n\xFF\xFF\n"), "文件编码无法识别，请另存为 UTF-8 或 GBK 编码的 CSV");
    // A GBK lead byte cut off at the end of the file.
    EXPECT_EQ(FileReason("name\n\xD5"), "文件编码无法识别，请另存为 UTF-8 或 GBK 编码的 CSV");
}

TEST(ReadCsvTest, OtherBrokenFiles) {
    EXPECT_EQ(FileReason("a,b\n\"open,1\n2,3\n"), "第 2 行有未闭合的引号");
    EXPECT_EQ(FileReason(std::string("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8) + std::string(100, '\0')),
              "不支持 .xls 格式或加密的 Excel 文件，请另存为 .xlsx 或 CSV");
    EXPECT_EQ(FileReason(std::string("\x89PNG\r\n\x1a\n\0\0", 10)), "文件不是 CSV 或 XLSX 格式");
}

TEST(ReadCsvTest, DetectFormatAndLoneCarriageReturns) {
    EXPECT_EQ(DetectFormat("姓名\n"), TableFormat::kCsv);
    EXPECT_EQ(DetectFormat(std::string("PK\x03\x04", 4)), TableFormat::kXlsx);
    Table t = ReadTable("a,b\r1,2\r\r3,4");
    EXPECT_EQ(t.rows, (Rows{{"1", "2"}, {"3", "4"}}));
    EXPECT_EQ(t.row_numbers, (std::vector<std::int64_t>{2, 4}));
}

TEST(ReadCsvTest, EmptyFile) {
    Table t = ReadTable("");
    EXPECT_TRUE(t.header.empty());
    EXPECT_TRUE(t.rows.empty());
}

// Speed is measured in bench/, not here; this checks a large file is read completely and numbered right.
TEST(ReadCsvTest, HundredThousandRowsAreAllRead) {
    std::string csv = "身份证号,姓名,金额,备注\n";
    csv.reserve(100'000 * 60);
    for (int i = 0; i < 100'000; ++i) {
        csv += "11010519491231002X,张三";
        csv += std::to_string(i);
        csv += ",1234.56,\"备注, 含逗号\"\n";
    }
    Table t = ReadTable(csv);
    ASSERT_EQ(t.rows.size(), 100'000u);
    EXPECT_EQ(t.rows.back()[1], "张三99999");
    EXPECT_EQ(t.rows.back()[3], "备注, 含逗号");
    EXPECT_EQ(t.row_numbers.back(), 100'001);
}

// ---- XLSX written by libxlsxwriter -----------------------------------------------------------

class XlsxFile {
  public:
    explicit XlsxFile(bool constant_memory = false) {
        path_ = ::testing::TempDir() + "anxin_tabular_" + std::to_string(::getpid()) + "_" +
                std::to_string(counter_++) + ".xlsx";
        lxw_workbook_options options = {};
        options.constant_memory = constant_memory ? LXW_TRUE : LXW_FALSE;
        workbook_ = workbook_new_opt(path_.c_str(), &options);
    }
    ~XlsxFile() { std::remove(path_.c_str()); }
    lxw_workbook* workbook() { return workbook_; }

    std::string Close() {
        EXPECT_EQ(workbook_close(workbook_), LXW_NO_ERROR);
        std::ifstream in(path_, std::ios::binary);
        std::stringstream buffer;
        buffer << in.rdbuf();
        return buffer.str();
    }

  private:
    static inline int counter_ = 0;
    std::string path_;
    lxw_workbook* workbook_;
};

TEST(ReadXlsxTest, CellsOfEveryKind) {
    XlsxFile file;
    lxw_workbook* wb = file.workbook();
    lxw_worksheet* ws = workbook_add_worksheet(wb, "工资表");
    lxw_format* date = workbook_add_format(wb);
    format_set_num_format(date, "yyyy-mm-dd");
    lxw_format* cn_date = workbook_add_format(wb);
    format_set_num_format(cn_date, "yyyy\"年\"m\"月\"d\"日\"");
    lxw_format* money = workbook_add_format(wb);
    format_set_num_format(money, "#,##0.00");
    lxw_format* time = workbook_add_format(wb);
    format_set_num_format(time, "h:mm");

    const char* header[] = {"身份证号", "姓名", "金额", "入职日期", "工号", "在职", "离职日期", "备注"};
    for (lxw_col_t c = 0; c < 8; ++c) worksheet_write_string(ws, 0, c, header[c], nullptr);
    // Row 2: an 18-digit ID typed as text (leading apostrophe in Excel) stays exact.
    worksheet_write_string(ws, 1, 0, "11010519491231002X", nullptr);
    worksheet_write_string(ws, 1, 1, "张三", nullptr);
    worksheet_write_number(ws, 1, 2, 1234.5, money);
    lxw_datetime hired = {2024, 3, 1, 0, 0, 0};
    worksheet_write_datetime(ws, 1, 3, &hired, date);
    worksheet_write_number(ws, 1, 4, 42, nullptr);
    worksheet_write_boolean(ws, 1, 5, 1, nullptr);
    lxw_datetime left = {2025, 12, 31, 0, 0, 0};
    worksheet_write_datetime(ws, 1, 6, &left, cn_date);
    worksheet_write_number(ws, 1, 7, 0.5, time);
    // Row 4 (row 3 left empty): skipped cells B and D..F; an 18-digit ID typed as a number.
    worksheet_write_number(ws, 3, 0, 110105194912310020.0, nullptr);
    worksheet_write_number(ws, 3, 2, 0.1 + 0.2, nullptr);
    worksheet_write_number(ws, 3, 6, -3, nullptr);
    worksheet_write_formula_str(ws, 3, 7, "=\"a\"&\"b\"", nullptr, "ab");
    // A second sheet must not be read.
    lxw_worksheet* other = workbook_add_worksheet(wb, "Sheet2");
    worksheet_write_string(other, 0, 0, "不应读取", nullptr);

    std::string bytes = file.Close();
    ASSERT_EQ(DetectFormat(bytes), TableFormat::kXlsx);
    Table t = ReadTable(bytes);
    EXPECT_EQ(t.header,
              (std::vector<std::string>{"身份证号", "姓名", "金额", "入职日期", "工号", "在职", "离职日期", "备注"}));
    ASSERT_EQ(t.rows.size(), 2u);
    EXPECT_EQ(t.rows[0], (std::vector<std::string>{"11010519491231002X", "张三", "1234.5", "2024-03-01", "42", "TRUE",
                                                   "2025-12-31", "0.5"}));
    // Excel (and libxlsxwriter) keep 15–16 significant digits of a number: the ID's last digits are
    // lost, which the ID check then reports, but the text has no exponent.
    EXPECT_EQ(t.rows[1], (std::vector<std::string>{"110105194912310000", "", "0.3", "", "", "", "-3", "ab"}));
    EXPECT_EQ(t.row_numbers, (std::vector<std::int64_t>{2, 4}));
}

TEST(ReadXlsxTest, InlineStringsInConstantMemoryMode) {
    XlsxFile file(/*constant_memory=*/true);
    lxw_worksheet* ws = workbook_add_worksheet(file.workbook(), nullptr);
    worksheet_write_string(ws, 0, 0, "姓名", nullptr);
    worksheet_write_string(ws, 0, 1, "银行卡号", nullptr);
    worksheet_write_string(ws, 1, 0, "王五", nullptr);
    worksheet_write_string(ws, 1, 1, "6228480000000000000", nullptr);
    Table t = ReadTable(file.Close());
    EXPECT_EQ(t.header, (std::vector<std::string>{"姓名", "银行卡号"}));
    EXPECT_EQ(t.rows, (Rows{{"王五", "6228480000000000000"}}));
}

TEST(ReadXlsxTest, RichTextSharedString) {
    XlsxFile file;
    lxw_workbook* wb = file.workbook();
    lxw_worksheet* ws = workbook_add_worksheet(wb, nullptr);
    lxw_format* bold = workbook_add_format(wb);
    format_set_bold(bold);
    lxw_rich_string_tuple f1 = {bold, const_cast<char*>("张")};
    lxw_rich_string_tuple f2 = {nullptr, const_cast<char*>("三丰")};
    lxw_rich_string_tuple* fragments[] = {&f1, &f2, nullptr};
    worksheet_write_string(ws, 0, 0, "姓名", nullptr);
    worksheet_write_rich_string(ws, 1, 0, fragments, nullptr);
    Table t = ReadTable(file.Close());
    EXPECT_EQ(t.rows, (Rows{{"张三丰"}}));
}

// ---- XLSX assembled by hand, for what libxlsxwriter never writes ------------------------------

std::string Zip(const std::map<std::string, std::string>& parts) {
    zip_error_t error;
    zip_error_init(&error);
    zip_source_t* out = zip_source_buffer_create(nullptr, 0, 0, &error);
    zip_source_keep(out);
    zip_t* z = zip_open_from_source(out, ZIP_TRUNCATE, &error);
    EXPECT_NE(z, nullptr);
    for (const auto& [name, data] : parts) {
        zip_source_t* s = zip_source_buffer(z, data.data(), data.size(), 0);
        EXPECT_GE(zip_file_add(z, name.c_str(), s, ZIP_FL_ENC_UTF_8), 0);
    }
    EXPECT_EQ(zip_close(z), 0);
    zip_stat_t st;
    zip_source_stat(out, &st);
    std::string bytes(st.size, '\0');
    zip_source_open(out);
    EXPECT_EQ(zip_source_read(out, bytes.data(), st.size), static_cast<zip_int64_t>(st.size));
    zip_source_close(out);
    zip_source_free(out);
    zip_error_fini(&error);
    return bytes;
}

std::map<std::string, std::string> MinimalParts() {
    return {
        {"[Content_Types].xml", "<Types/>"},
        {"xl/workbook.xml",
         R"(<x:workbook xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"
              xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">
              <x:sheets><x:sheet name="名单" sheetId="7" r:id="rId9"/><x:sheet name="旧" sheetId="1" r:id="rId1"/></x:sheets>
            </x:workbook>)"},
        {"xl/_rels/workbook.xml.rels",
         R"(<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
              <Relationship Id="rId1" Target="worksheets/sheet1.xml"/>
              <Relationship Id="rId9" Target="/xl/worksheets/../worksheets/名单.xml"/>
            </Relationships>)"},
        {"xl/worksheets/sheet1.xml",
         R"(<worksheet><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>wrong sheet</t></is></c></row></sheetData></worksheet>)"},
        {"xl/styles.xml",
         R"(<styleSheet><numFmts count="2"><numFmt numFmtId="164" formatCode="[$-804]yyyy/m/d;@"/>
              <numFmt numFmtId="165" formatCode="&quot;d&quot;0.00"/></numFmts>
              <cellXfs><xf numFmtId="0"/><xf numFmtId="164"/><xf numFmtId="165"/><xf numFmtId="14"/><xf numFmtId="31"/><xf numFmtId="20"/></cellXfs></styleSheet>)"},
        {"xl/sharedStrings.xml",
         R"(<sst><si><t>工号</t></si><si><r><t>姓</t></r><r><rPr><b/></rPr><t xml:space="preserve">名 </t></r><rPh><t>せい</t></rPh></si></sst>)"},
    };
}

TEST(ReadXlsxTest, FirstSheetInWorkbookOrderWithPrefixesAndStyles) {
    auto parts = MinimalParts();
    parts["xl/worksheets/名单.xml"] =
        R"(<x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main">
      <x:sheetData>
        <x:row r="3"><x:c r="B3" t="s"><x:v>0</x:v></x:c><x:c r="C3" t="s"><x:v>1</x:v></x:c><x:c t="inlineStr"><x:is><x:t>日期</x:t></x:is></x:c></x:row>
        <x:row r="5"><x:c r="B5"><x:v>7</x:v></x:c><x:c r="C5" t="str"><x:v>赵六</x:v></x:c><x:c r="D5" s="1"><x:v>45352</x:v></x:c></x:row>
        <x:row r="6"><x:c r="D6" s="2"><x:v>45352</x:v></x:c></x:row>
        <x:row r="7"><x:c r="D7" s="3"><x:v>1</x:v></x:c><x:c r="E7" s="4"><x:v>61</x:v></x:c><x:c r="F7" s="5"><x:v>0.25</x:v></x:c></x:row>
        <x:row><x:c r="A8" t="b"><x:v>0</x:v></x:c><x:c r="AA8"><x:v>1E-3</x:v></x:c></x:row>
      </x:sheetData></x:worksheet>)";
    Table t = ReadTable(Zip(parts));
    EXPECT_EQ(t.header, (std::vector<std::string>{"", "工号", "姓名", "日期"}));
    ASSERT_EQ(t.rows.size(), 4u);
    EXPECT_EQ(t.rows[0], (std::vector<std::string>{"", "7", "赵六", "2024-03-01"}));
    EXPECT_EQ(t.rows[1], (std::vector<std::string>{"", "", "", "45352"}));  // "d"0.00 is not a date format
    EXPECT_EQ(t.rows[2], (std::vector<std::string>{"", "", "", "1900-01-01", "1900-03-01", "0.25"}));
    ASSERT_EQ(t.rows[3].size(), 27u);
    EXPECT_EQ(t.rows[3][0], "FALSE");
    EXPECT_EQ(t.rows[3][26], "0.001");
    EXPECT_EQ(t.row_numbers, (std::vector<std::int64_t>{5, 6, 7, 8}));
}

TEST(ReadXlsxTest, Date1904) {
    auto parts = MinimalParts();
    parts["xl/workbook.xml"] =
        R"(<workbook><workbookPr date1904="1"/><sheets><sheet name="a" r:id="rId1"/></sheets></workbook>)";
    parts["xl/worksheets/sheet1.xml"] =
        R"(<worksheet><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c></row><row r="2"><c r="A2" s="3"><v>0</v></c></row></sheetData></worksheet>)";
    Table t = ReadTable(Zip(parts));
    // Serial 0 would be 1904-01-01, but serials below 1 read as numbers (they are times of day).
    EXPECT_EQ(t.rows, (Rows{{"0"}}));
    parts["xl/worksheets/sheet1.xml"] =
        R"(<worksheet><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c></row><row r="2"><c r="A2" s="3"><v>1462</v></c></row></sheetData></worksheet>)";
    EXPECT_EQ(ReadTable(Zip(parts)).rows, (Rows{{"1908-01-02"}}));
}

TEST(ReadXlsxTest, BrokenArchivesAreFileErrors) {
    const std::string broken = "文件已损坏或不是有效的 XLSX 文件";
    EXPECT_EQ(FileReason(std::string("PK\x03\x04", 4) + "garbage"), broken);
    // A valid ZIP that is not a workbook.
    EXPECT_EQ(FileReason(Zip({{"hello.txt", "hi"}})), broken);
    // Truncated: the central directory is gone.
    XlsxFile file;
    worksheet_write_string(workbook_add_worksheet(file.workbook(), nullptr), 0, 0, "姓名", nullptr);
    std::string bytes = file.Close();
    EXPECT_EQ(FileReason(bytes.substr(0, bytes.size() / 2)), broken);
    // Malformed XML in the sheet.
    auto parts = MinimalParts();
    parts["xl/worksheets/名单.xml"] = "<worksheet><sheetData><row>";
    EXPECT_EQ(FileReason(Zip(parts)), broken);
    // A shared-string index out of range.
    parts["xl/worksheets/名单.xml"] =
        R"(<worksheet><sheetData><row r="1"><c r="A1" t="s"><v>99</v></c></row></sheetData></worksheet>)";
    EXPECT_EQ(FileReason(Zip(parts)), broken);
}

// ---- ColumnMap and writing -------------------------------------------------------------------

const std::vector<ColumnMap::Column> kWorkerColumns = {
    {"idNumber", {"idNumber", "身份证号", "身份证号码"}, true},
    {"name", {"name", "姓名"}, true},
    {"phone", {"phone", "手机号"}, false},
    {"bankCard", {"bankCard", "银行卡号"}, false},
};

TEST(ColumnMapTest, MatchesAliasesTrimmedAndCaseInsensitive) {
    Table t = ReadTable(" NAME ,身份证号码,手机号\n张三, 11010519491231002X ,13800000000\n");
    ColumnMap map(t, kWorkerColumns);
    EXPECT_EQ(map.Get(t.rows[0], "idNumber"), "11010519491231002X");
    EXPECT_EQ(map.Get(t.rows[0], "name"), "张三");
    EXPECT_TRUE(map.Has("phone"));
    EXPECT_FALSE(map.Has("bankCard"));
    EXPECT_EQ(map.Get(t.rows[0], "bankCard"), "");
    EXPECT_EQ(map.Get({}, "name"), "");  // a short row
}

TEST(ColumnMapTest, MissingRequiredColumnsAreNamed) {
    Table t = ReadTable("手机号,身份证\n1,2\n");
    try {
        ColumnMap map(t, kWorkerColumns);
        FAIL() << "expected an error";
    } catch (const Error& e) {
        EXPECT_EQ(e.code(), ErrorCode::kInvalidArgument);
        EXPECT_STREQ(e.what(), "缺少必需的列：身份证号、姓名");
        EXPECT_EQ(e.fields().at("file"), "缺少必需的列：身份证号、姓名");
    }
}

TEST(CsvWriteTest, QuotesOnlyWhenNeeded) {
    EXPECT_EQ(CsvLine({"a", "b c", "中文"}), "a,b c,中文\r\n");
    EXPECT_EQ(CsvLine({"a,b", "say \"hi\"", "x\ny", "x\ry", ""}), "\"a,b\",\"say \"\"hi\"\"\",\"x\ny\",\"x\ry\",\r\n");
    EXPECT_EQ(CsvLine({}), "\r\n");
}

TEST(CsvWriteTest, RowErrorsRoundTripThroughTheReader) {
    std::vector<RowError> errors = {{2, "idNumber", "校验位不正确"}, {7, "name", "不能为空, 请填写"}};
    std::string csv = RowErrorsToCsv(errors);
    EXPECT_TRUE(csv.starts_with("\xEF\xBB\xBF行号,字段,原因\r\n2,idNumber,校验位不正确\r\n"));
    Table t = ReadTable(csv);
    EXPECT_EQ(t.header, (std::vector<std::string>{"行号", "字段", "原因"}));
    EXPECT_EQ(t.rows, (Rows{{"2", "idNumber", "校验位不正确"}, {"7", "name", "不能为空, 请填写"}}));
}

}  // namespace
}  // namespace anxin::core
