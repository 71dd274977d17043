#include "core/tabular.hpp"

#include <iconv.h>
#include <zip.h>

#include <cerrno>
#include <charconv>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <set>
#include <unordered_map>

#include <pugixml.hpp>

#include "core/error.hpp"
#include "core/validation.hpp"

namespace anxin::core {
namespace {

constexpr std::string_view kBom = "\xEF\xBB\xBF";
constexpr std::string_view kZipMagic = "PK\x03\x04";
constexpr std::string_view kOleMagic = "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1";
// An XLSX part larger than this is refused rather than inflated (a ZIP bomb costs nothing to upload).
constexpr zip_uint64_t kMaxPartBytes = 256u * 1024u * 1024u;

[[noreturn]] void FileError(const std::string& reason) {
    throw Error(ErrorCode::kInvalidArgument, reason, {{"file", reason}});
}

// Trims ASCII whitespace plus NBSP (U+00A0) and the ideographic space (U+3000) that Chinese IMEs
// type, since both are invisible in a spreadsheet cell.
std::string_view Trim(std::string_view s) {
    for (;;) {
        if (s.empty()) return s;
        unsigned char c = static_cast<unsigned char>(s.front());
        if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
            s.remove_prefix(1);
        } else if (s.starts_with("\xC2\xA0")) {
            s.remove_prefix(2);
        } else if (s.starts_with("\xE3\x80\x80")) {
            s.remove_prefix(3);
        } else {
            break;
        }
    }
    for (;;) {
        if (s.empty()) return s;
        unsigned char c = static_cast<unsigned char>(s.back());
        if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
            s.remove_suffix(1);
        } else if (s.ends_with("\xC2\xA0")) {
            s.remove_suffix(2);
        } else if (s.ends_with("\xE3\x80\x80")) {
            s.remove_suffix(3);
        } else {
            break;
        }
    }
    return s;
}

bool IsBlankRow(const std::vector<std::string>& cells) {
    for (const auto& c : cells) {
        if (!Trim(c).empty()) return false;
    }
    return true;
}

// Collects rows in spreadsheet order: the first non-blank row is the header, blank rows are dropped.
class TableBuilder {
  public:
    void Add(std::int64_t row_number, std::vector<std::string> cells) {
        if (IsBlankRow(cells)) return;
        if (!has_header_) {
            has_header_ = true;
            // Trailing empty header cells are columns nobody named.
            while (!cells.empty() && Trim(cells.back()).empty()) cells.pop_back();
            table_.header.reserve(cells.size());
            for (auto& c : cells) table_.header.emplace_back(Trim(c));
            return;
        }
        if (cells.size() < table_.header.size()) cells.resize(table_.header.size());
        table_.rows.push_back(std::move(cells));
        table_.row_numbers.push_back(row_number);
    }
    Table Finish() && { return std::move(table_); }

  private:
    Table table_;
    bool has_header_ = false;
};

// ---- CSV -------------------------------------------------------------------------------------

std::string Gb18030ToUtf8(std::string_view bytes) {
    iconv_t cd = iconv_open("UTF-8", "GB18030");
    if (cd == reinterpret_cast<iconv_t>(-1)) FileError("服务器不支持 GBK 编码转换");
    std::string out(bytes.size() * 2 + 16, '\0');
    char* in_ptr = const_cast<char*>(bytes.data());
    size_t in_left = bytes.size();
    char* out_ptr = out.data();
    size_t out_left = out.size();
    bool ok = true;
    while (in_left > 0) {
        size_t rc = iconv(cd, &in_ptr, &in_left, &out_ptr, &out_left);
        if (rc != static_cast<size_t>(-1)) continue;
        if (errno == E2BIG) {
            size_t used = out.size() - out_left;
            out.resize(out.size() * 2);
            out_ptr = out.data() + used;
            out_left = out.size() - used;
            continue;
        }
        ok = false;  // EILSEQ or EINVAL (truncated sequence at the end)
        break;
    }
    iconv_close(cd);
    if (!ok) FileError("文件编码无法识别，请另存为 UTF-8 或 GBK 编码的 CSV");
    out.resize(out.size() - out_left);
    return out;
}

// One pass over raw pointers: no regex, no per-character calls (Debug builds parse 100,000 rows too).
Table ParseCsv(std::string_view text) {
    TableBuilder builder;
    std::vector<std::string> cells;
    std::string field;
    std::int64_t row_number = 1;
    const char* p = text.data();
    const char* const end = p + text.size();
    bool row_has_content = false;  // distinguishes "" at EOF from a final row with one empty field

    auto end_field = [&] {
        cells.push_back(std::move(field));
        field.clear();
    };
    auto end_row = [&] {
        end_field();
        size_t width = cells.size();
        builder.Add(row_number, std::move(cells));
        cells.clear();
        cells.reserve(width);
        ++row_number;
        row_has_content = false;
    };

    while (p < end) {
        char c = *p;
        if (c == '"' && field.empty()) {
            // Quoted field: runs to the closing quote; "" is a literal quote; CR/LF/commas are data.
            std::int64_t opened_on = row_number;
            ++p;
            bool closed = false;
            while (p < end) {
                auto* quote = static_cast<const char*>(std::memchr(p, '"', static_cast<size_t>(end - p)));
                if (quote == nullptr) break;
                field.append(p, static_cast<size_t>(quote - p));
                if (quote + 1 < end && quote[1] == '"') {
                    field += '"';
                    p = quote + 2;
                } else {
                    p = quote + 1;
                    closed = true;
                    break;
                }
            }
            if (!closed) FileError("第 " + std::to_string(opened_on) + " 行有未闭合的引号");
            row_has_content = true;
            // Anything between the closing quote and the delimiter is kept as text (Excel does too).
            continue;
        }
        if (c == ',') {
            end_field();
            row_has_content = true;
            ++p;
        } else if (c == '\n' || c == '\r') {
            end_row();
            p += (c == '\r' && p + 1 < end && p[1] == '\n') ? 2 : 1;
        } else {
            // Copy the run up to the next special character in one append.
            const char* q = p + 1;
            while (q < end && *q != ',' && *q != '\n' && *q != '\r' && *q != '"') ++q;
            field.append(p, static_cast<size_t>(q - p));
            row_has_content = true;
            p = q;
            // A quote inside an unquoted field is data.
            if (p < end && *p == '"') {
                field += '"';
                ++p;
            }
        }
    }
    if (row_has_content || !field.empty() || !cells.empty()) end_row();
    return std::move(builder).Finish();
}

Table ReadCsv(std::string_view bytes) {
    if (bytes.starts_with(kOleMagic)) FileError("不支持 .xls 格式或加密的 Excel 文件，请另存为 .xlsx 或 CSV");
    if (bytes.find('\0') != std::string_view::npos) FileError("文件不是 CSV 或 XLSX 格式");
    if (bytes.starts_with(kBom)) bytes.remove_prefix(kBom.size());
    if (IsValidUtf8(bytes)) return ParseCsv(bytes);
    std::string utf8 = Gb18030ToUtf8(bytes);
    return ParseCsv(utf8);
}

// ---- XLSX ------------------------------------------------------------------------------------

const char* kBrokenXlsx = "文件已损坏或不是有效的 XLSX 文件";

struct ZipCloser {
    void operator()(zip_t* z) const { zip_discard(z); }
};
using ZipPtr = std::unique_ptr<zip_t, ZipCloser>;

ZipPtr OpenZip(std::string_view bytes) {
    zip_error_t error;
    zip_error_init(&error);
    zip_source_t* src = zip_source_buffer_create(bytes.data(), bytes.size(), 0, &error);
    if (src == nullptr) {
        zip_error_fini(&error);
        FileError(kBrokenXlsx);
    }
    zip_t* archive = zip_open_from_source(src, ZIP_RDONLY, &error);
    zip_error_fini(&error);
    if (archive == nullptr) {
        zip_source_free(src);
        FileError(kBrokenXlsx);
    }
    return ZipPtr(archive);
}

// nullopt when the part does not exist; throws when it exists but cannot be read.
std::optional<std::string> ReadPart(zip_t* archive, const std::string& name) {
    zip_int64_t index = zip_name_locate(archive, name.c_str(), ZIP_FL_NOCASE);
    if (index < 0) return std::nullopt;
    zip_stat_t st;
    zip_stat_init(&st);
    if (zip_stat_index(archive, static_cast<zip_uint64_t>(index), 0, &st) != 0) FileError(kBrokenXlsx);
    if ((st.valid & ZIP_STAT_SIZE) && st.size > kMaxPartBytes) FileError("文件过大，请拆分后再上传");
    zip_file_t* file = zip_fopen_index(archive, static_cast<zip_uint64_t>(index), 0);
    if (file == nullptr) FileError(kBrokenXlsx);
    std::string data;
    if (st.valid & ZIP_STAT_SIZE) data.reserve(static_cast<size_t>(st.size));
    char buf[64 * 1024];
    for (;;) {
        zip_int64_t got = zip_fread(file, buf, sizeof buf);
        if (got < 0) {
            zip_fclose(file);
            FileError(kBrokenXlsx);
        }
        if (got == 0) break;
        data.append(buf, static_cast<size_t>(got));
        if (data.size() > kMaxPartBytes) {
            zip_fclose(file);
            FileError("文件过大，请拆分后再上传");
        }
    }
    // zip_fclose reports CRC mismatches.
    if (zip_fclose(file) != 0) FileError(kBrokenXlsx);
    return data;
}

// OOXML writers differ in namespace prefixes (<x:c> from the Open XML SDK, <c> from Excel), so
// elements and attributes are matched by local name.
std::string_view LocalName(const char* name) {
    std::string_view s(name);
    auto colon = s.find(':');
    return colon == std::string_view::npos ? s : s.substr(colon + 1);
}

pugi::xml_node Child(pugi::xml_node node, std::string_view local) {
    for (auto c = node.first_child(); c; c = c.next_sibling()) {
        if (c.type() == pugi::node_element && LocalName(c.name()) == local) return c;
    }
    return {};
}

template <typename F>
void ForEachChild(pugi::xml_node node, std::string_view local, F&& f) {
    for (auto c = node.first_child(); c; c = c.next_sibling()) {
        if (c.type() == pugi::node_element && LocalName(c.name()) == local) f(c);
    }
}

pugi::xml_attribute Attr(pugi::xml_node node, std::string_view local) {
    for (auto a = node.first_attribute(); a; a = a.next_attribute()) {
        if (LocalName(a.name()) == local) return a;
    }
    return {};
}

pugi::xml_node RootElement(const pugi::xml_document& doc) {
    for (auto c = doc.first_child(); c; c = c.next_sibling()) {
        if (c.type() == pugi::node_element) return c;
    }
    return {};
}

void LoadXml(pugi::xml_document& doc, std::string& data) {
    auto result = doc.load_buffer_inplace(data.data(), data.size(), pugi::parse_default | pugi::parse_ws_pcdata,
                                          pugi::encoding_utf8);
    if (!result) FileError(kBrokenXlsx);
}

// Text of an <si> or <is>: its own <t>, or the <t> of each rich-text run <r>; phonetic hints
// (<rPh>) are not part of the value.
std::string RichText(pugi::xml_node node) {
    std::string out;
    for (auto c = node.first_child(); c; c = c.next_sibling()) {
        if (c.type() != pugi::node_element) continue;
        auto local = LocalName(c.name());
        if (local == "t") {
            out += c.text().get();
        } else if (local == "r") {
            if (auto t = Child(c, "t")) out += t.text().get();
        }
    }
    return out;
}

// "xl/" + Target, or the absolute part name when Target starts with '/'; "../" is resolved.
std::string ResolvePart(std::string_view target) {
    std::string path;
    if (target.starts_with('/')) {
        path = std::string(target.substr(1));
    } else {
        path = "xl/" + std::string(target);
    }
    std::string out;
    size_t pos = 0;
    std::vector<std::string> parts;
    while (pos <= path.size()) {
        size_t slash = path.find('/', pos);
        if (slash == std::string::npos) slash = path.size();
        std::string seg = path.substr(pos, slash - pos);
        if (seg == "..") {
            if (!parts.empty()) parts.pop_back();
        } else if (!seg.empty() && seg != ".") {
            parts.push_back(std::move(seg));
        }
        pos = slash + 1;
    }
    for (size_t k = 0; k < parts.size(); ++k) {
        if (k) out += '/';
        out += parts[k];
    }
    return out;
}

bool IsDateFormatCode(std::string_view code) {
    // Ignore quoted literals, [colour]/[locale] sections and backslash escapes, then look for a
    // year or day token. Time-only formats (h:mm, mm:ss) have neither.
    bool quoted = false;
    bool bracket = false;
    for (size_t i = 0; i < code.size(); ++i) {
        char c = code[i];
        if (quoted) {
            if (c == '"') quoted = false;
            continue;
        }
        if (bracket) {
            if (c == ']') bracket = false;
            continue;
        }
        if (c == '"') {
            quoted = true;
        } else if (c == '[') {
            bracket = true;
        } else if (c == '\\' || c == '_' || c == '*') {
            ++i;
        } else if (c == 'y' || c == 'Y' || c == 'd' || c == 'D') {
            return true;
        } else if (c == ';') {
            break;  // the positive-number section decides
        }
    }
    return false;
}

bool IsBuiltinDateFormat(int id) {
    // 14–17 and 22 are dates in every locale (18–21 are times); 27–31, 36, 50, 51, 54, 57, 58 are
    // the zh-CN built-ins such as yyyy"年"m"月"d"日".
    static const std::set<int> kIds = {14, 15, 16, 17, 22, 27, 28, 29, 30, 31, 36, 50, 51, 54, 57, 58};
    return kIds.contains(id);
}

// Per cellXfs index: does the style display a date?
std::vector<bool> ReadDateStyles(zip_t* archive) {
    std::vector<bool> is_date;
    auto data = ReadPart(archive, "xl/styles.xml");
    if (!data) return is_date;
    pugi::xml_document doc;
    LoadXml(doc, *data);
    auto root = RootElement(doc);
    std::unordered_map<int, bool> custom;
    ForEachChild(Child(root, "numFmts"), "numFmt", [&](pugi::xml_node f) {
        custom[Attr(f, "numFmtId").as_int(-1)] = IsDateFormatCode(Attr(f, "formatCode").as_string());
    });
    ForEachChild(Child(root, "cellXfs"), "xf", [&](pugi::xml_node xf) {
        int id = Attr(xf, "numFmtId").as_int(0);
        auto it = custom.find(id);
        is_date.push_back(it != custom.end() ? it->second : IsBuiltinDateFormat(id));
    });
    return is_date;
}

std::string FormatSerialDate(double serial, bool date1904) {
    using namespace std::chrono;
    auto whole = static_cast<long>(std::floor(serial));
    sys_days day;
    if (date1904) {
        day = sys_days(year{1904} / January / 1) + days(whole);
    } else if (whole >= 61) {
        day = sys_days(year{1899} / December / 30) + days(whole);
    } else {
        // Serials 1..59 precede Excel's fictitious 1900-02-29 (serial 60, shown as 1900-03-01 here).
        day = sys_days(year{1899} / December / 31) + days(whole);
    }
    year_month_day ymd(day);
    char buf[16];
    std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month()),
                  static_cast<unsigned>(ymd.day()));
    return buf;
}

// The number as a user would have typed it: integers without ".0" or an exponent (an 18-digit ID
// typed as a number comes back as its 15–17 significant digits padded with zeros), decimals as the
// shortest text, rounded to the 15 significant digits Excel shows (so 0.1+0.2 reads 0.3).
std::string FormatNumber(std::string_view raw) {
    std::string copy(raw);
    char* end = nullptr;
    double d = std::strtod(copy.c_str(), &end);
    if (end == copy.c_str() || *end != '\0' || !std::isfinite(d)) return std::string(Trim(raw));
    char buf[400];
    double mag = std::fabs(d);
    if (mag < 1e21 && std::floor(d) == d) {
        auto r = std::to_chars(buf, buf + sizeof buf, d, std::chars_format::fixed);
        return std::string(buf, r.ptr);
    }
    char rounded[40];
    std::snprintf(rounded, sizeof rounded, "%.15g", d);
    d = std::strtod(rounded, nullptr);
    mag = std::fabs(d);
    auto fmt = (mag >= 1e-6 && mag < 1e21) ? std::chars_format::fixed : std::chars_format::general;
    auto r = std::to_chars(buf, buf + sizeof buf, d, fmt);
    std::string out(buf, r.ptr);
    if (out == "-0") out = "0";
    return out;
}

// "C7" → column 2 (0-based); -1 when the reference has no letters.
int ColumnOf(std::string_view ref) {
    int col = 0;
    size_t i = 0;
    while (i < ref.size() && ((ref[i] >= 'A' && ref[i] <= 'Z') || (ref[i] >= 'a' && ref[i] <= 'z'))) {
        char c = static_cast<char>(ref[i] & ~0x20);
        col = col * 26 + (c - 'A' + 1);
        if (col > 16384) return -1;  // beyond XFD
        ++i;
    }
    return i == 0 ? -1 : col - 1;
}

Table ReadXlsx(std::string_view bytes) {
    ZipPtr archive = OpenZip(bytes);
    zip_t* z = archive.get();

    auto workbook_xml = ReadPart(z, "xl/workbook.xml");
    if (!workbook_xml) FileError(kBrokenXlsx);
    pugi::xml_document workbook;
    LoadXml(workbook, *workbook_xml);
    auto wb_root = RootElement(workbook);
    bool date1904 = false;
    if (auto pr = Child(wb_root, "workbookPr")) date1904 = Attr(pr, "date1904").as_bool(false);

    // The first <sheet> in workbook order is the first tab, whatever its file is called.
    std::string sheet_part;
    auto first_sheet = Child(Child(wb_root, "sheets"), "sheet");
    if (!first_sheet) FileError("文件中没有工作表");
    std::string rid = Attr(first_sheet, "id").as_string();
    if (auto rels_xml = ReadPart(z, "xl/_rels/workbook.xml.rels")) {
        pugi::xml_document rels;
        LoadXml(rels, *rels_xml);
        ForEachChild(RootElement(rels), "Relationship", [&](pugi::xml_node rel) {
            if (sheet_part.empty() && rid == Attr(rel, "Id").as_string()) {
                sheet_part = ResolvePart(Attr(rel, "Target").as_string());
            }
        });
    }
    if (sheet_part.empty()) sheet_part = "xl/worksheets/sheet1.xml";

    std::vector<std::string> shared;
    if (auto sst_xml = ReadPart(z, "xl/sharedStrings.xml")) {
        pugi::xml_document sst;
        LoadXml(sst, *sst_xml);
        ForEachChild(RootElement(sst), "si", [&](pugi::xml_node si) { shared.push_back(RichText(si)); });
    }
    std::vector<bool> date_styles = ReadDateStyles(z);

    auto sheet_xml = ReadPart(z, sheet_part);
    if (!sheet_xml) FileError(kBrokenXlsx);
    pugi::xml_document sheet;
    LoadXml(sheet, *sheet_xml);

    TableBuilder builder;
    std::int64_t row_number = 0;
    ForEachChild(Child(RootElement(sheet), "sheetData"), "row", [&](pugi::xml_node row) {
        std::int64_t r = Attr(row, "r").as_llong(0);
        row_number = r > row_number ? r : row_number + 1;
        std::vector<std::string> cells;
        int next_col = 0;
        ForEachChild(row, "c", [&](pugi::xml_node c) {
            int col = next_col;
            if (auto ref = Attr(c, "r")) {
                int parsed = ColumnOf(ref.as_string());
                if (parsed >= 0) col = parsed;
            }
            next_col = col + 1;
            std::string_view type = Attr(c, "t").as_string();
            std::string_view v = Child(c, "v").text().get();
            std::string value;
            if (type == "s") {
                char* end = nullptr;
                std::string idx(v);
                unsigned long k = std::strtoul(idx.c_str(), &end, 10);
                if (end == idx.c_str() || k >= shared.size()) FileError(kBrokenXlsx);
                value = shared[k];
            } else if (type == "inlineStr") {
                value = RichText(Child(c, "is"));
            } else if (type == "str" || type == "e") {
                value = std::string(v);
            } else if (type == "b") {
                value = v == "1" ? "TRUE" : v.empty() ? "" : "FALSE";
            } else if (type == "d") {
                value = std::string(v.substr(0, 10));  // ISO 8601: keep the date
            } else if (!v.empty()) {
                size_t style = static_cast<size_t>(Attr(c, "s").as_uint(0));
                double serial = 0;
                bool is_date = style < date_styles.size() && date_styles[style];
                auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), serial);
                if (is_date && ec == std::errc() && p == v.data() + v.size() && serial >= 1 && serial < 2958466) {
                    value = FormatSerialDate(serial, date1904);
                } else {
                    value = FormatNumber(v);
                }
            }
            if (value.empty()) return;
            if (static_cast<size_t>(col) >= cells.size()) cells.resize(static_cast<size_t>(col) + 1);
            cells[static_cast<size_t>(col)] = std::move(value);
        });
        builder.Add(row_number, std::move(cells));
    });
    return std::move(builder).Finish();
}

bool AsciiIEquals(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (size_t i = 0; i < a.size(); ++i) {
        char x = a[i], y = b[i];
        if (x >= 'A' && x <= 'Z') x = static_cast<char>(x - 'A' + 'a');
        if (y >= 'A' && y <= 'Z') y = static_cast<char>(y - 'A' + 'a');
        if (x != y) return false;
    }
    return true;
}

// The name a user recognises in a message: the first Chinese alias, else the first alias.
std::string DisplayName(const ColumnMap::Column& column) {
    for (const auto& a : column.aliases) {
        for (char c : a) {
            if (static_cast<unsigned char>(c) >= 0x80) return a;
        }
    }
    return column.aliases.empty() ? column.key : column.aliases.front();
}

}  // namespace

TableFormat DetectFormat(std::string_view bytes) {
    return bytes.starts_with(kZipMagic) ? TableFormat::kXlsx : TableFormat::kCsv;
}

Table ReadTable(std::string_view bytes) {
    return DetectFormat(bytes) == TableFormat::kXlsx ? ReadXlsx(bytes) : ReadCsv(bytes);
}

ColumnMap::ColumnMap(const Table& table, const std::vector<Column>& columns) {
    std::vector<std::string> missing;
    for (const auto& column : columns) {
        std::optional<size_t> found;
        for (size_t i = 0; i < table.header.size() && !found; ++i) {
            std::string_view cell = Trim(table.header[i]);
            for (const auto& alias : column.aliases) {
                if (AsciiIEquals(cell, Trim(alias))) {
                    found = i;
                    break;
                }
            }
        }
        if (found) {
            index_.emplace(column.key, *found);
        } else if (column.required) {
            missing.push_back(DisplayName(column));
        }
    }
    if (!missing.empty()) {
        std::string message = "缺少必需的列：";
        for (size_t i = 0; i < missing.size(); ++i) {
            if (i) message += "、";
            message += missing[i];
        }
        throw Error(ErrorCode::kInvalidArgument, message, {{"file", message}});
    }
}

std::string ColumnMap::Get(const std::vector<std::string>& row, std::string_view key) const {
    auto it = index_.find(key);
    if (it == index_.end() || it->second >= row.size()) return "";
    return std::string(Trim(row[it->second]));
}

bool ColumnMap::Has(std::string_view key) const { return index_.contains(key); }

std::string RowErrorsToCsv(const std::vector<RowError>& errors) {
    std::string out(kBom);
    out += CsvLine({"行号", "字段", "原因"});
    for (const auto& e : errors) out += CsvLine({std::to_string(e.row), e.field, e.reason});
    return out;
}

std::string CsvLine(const std::vector<std::string>& cells) {
    std::string out;
    for (size_t i = 0; i < cells.size(); ++i) {
        if (i) out += ',';
        const std::string& cell = cells[i];
        if (cell.find_first_of(",\"\r\n") == std::string::npos) {
            out += cell;
            continue;
        }
        out += '"';
        for (char c : cell) {
            if (c == '"') out += '"';
            out += c;
        }
        out += '"';
    }
    out += "\r\n";
    return out;
}

}  // namespace anxin::core
