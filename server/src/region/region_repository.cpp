#include "region/region_repository.hpp"

#include <algorithm>
#include <utility>

namespace anxin::region::repository {
namespace {

Division DivisionFromRow(const storage::Row& row) {
    return Division{row.Text(0), row.Text(1), static_cast<DivisionLevel>(row.Int(2)), row.OptText(3)};
}

constexpr std::string_view kDepartmentColumns = "id, region_code, kind, name, phone, created_at, updated_at";

Department DepartmentFromRow(const storage::Row& row) {
    return Department{row.Text(0),
                      row.Text(1),
                      row.Text(2),
                      row.Text(3),
                      row.OptText(4),
                      row.Time(5),
                      row.Time(6)};
}

// A LIKE pattern matching every string that starts with `prefix` (ESCAPE '\').
std::string PrefixPattern(std::string_view prefix) {
    std::string pattern;
    for (char c : prefix) {
        if (c == '%' || c == '_' || c == '\\') pattern += '\\';
        pattern += c;
    }
    pattern += '%';
    return pattern;
}

// WHERE clause and parameters shared by the list and its count.
std::string DepartmentWhere(const DepartmentFilter& filter, std::vector<storage::Param>& params) {
    std::string where = " WHERE 1 = 1";
    auto add = [&](std::string_view condition, storage::Param value, std::string_view suffix) {
        params.push_back(std::move(value));
        where += " AND ";
        where += condition;
        where += " $" + std::to_string(params.size());
        where += suffix;
    };
    // Scope and region filters are prefixes: region codes nest (37 ⊃ 3701 ⊃ 370102).
    if (!filter.scope_prefix.empty()) add("region_code LIKE", PrefixPattern(filter.scope_prefix), " ESCAPE '\\'");
    if (filter.region_prefix) add("region_code LIKE", PrefixPattern(*filter.region_prefix), " ESCAPE '\\'");
    if (filter.kind) add("kind =", *filter.kind, "");
    return where;
}

}  // namespace

std::optional<Division> FindDivision(storage::Transaction& tx, std::string_view code) {
    auto row = tx.QueryOptional("SELECT code, name, level, parent_code FROM region_division WHERE code = $1", {code});
    if (!row) return std::nullopt;
    return DivisionFromRow(*row);
}

std::vector<Division> ListDivisionChildren(storage::Transaction& tx, std::optional<std::string_view> parent_code) {
    std::vector<storage::Row> rows =
        parent_code ? tx.Query(
                          "SELECT code, name, level, parent_code FROM region_division WHERE parent_code = $1 "
                          "ORDER BY code",
                          {*parent_code})
                    : tx.Query(
                          "SELECT code, name, level, parent_code FROM region_division WHERE parent_code IS NULL "
                          "ORDER BY code");
    std::vector<Division> result;
    result.reserve(rows.size());
    for (const auto& row : rows) result.push_back(DivisionFromRow(row));
    return result;
}

std::vector<Division> ListAllDivisions(storage::Transaction& tx) {
    auto rows = tx.Query("SELECT code, name, level, parent_code FROM region_division");
    std::vector<Division> result;
    result.reserve(rows.size());
    for (const auto& row : rows) result.push_back(DivisionFromRow(row));
    return result;
}

void InsertDivisions(storage::Transaction& tx, std::span<const Division> divisions) {
    std::vector<storage::Param> params;
    std::string sql;
    for (std::size_t start = 0; start < divisions.size(); start += kDivisionInsertBatch) {
        auto batch = divisions.subspan(start, std::min(kDivisionInsertBatch, divisions.size() - start));
        params.clear();
        sql = "INSERT INTO region_division (code, name, level, parent_code) VALUES ";
        for (std::size_t i = 0; i < batch.size(); ++i) {
            const Division& d = batch[i];
            const std::size_t n = 4 * i;
            if (i > 0) sql += ", ";
            sql += "($" + std::to_string(n + 1) + ", $" + std::to_string(n + 2) + ", $" + std::to_string(n + 3) +
                   ", $" + std::to_string(n + 4) + ")";
            params.emplace_back(std::string_view(d.code));
            params.emplace_back(std::string_view(d.name));
            params.emplace_back(static_cast<int>(d.level));
            params.emplace_back(d.parent_code);
        }
        tx.Execute(sql, std::span<const storage::Param>(params));
    }
}

void UpdateDivision(storage::Transaction& tx, const Division& division) {
    tx.Execute("UPDATE region_division SET name = $2, level = $3, parent_code = $4 WHERE code = $1",
               {division.code, division.name, static_cast<int>(division.level), division.parent_code});
}

std::int64_t CountDivisions(storage::Transaction& tx, DivisionLevel level) {
    return tx.QueryOne("SELECT COUNT(*) FROM region_division WHERE level = $1", {static_cast<int>(level)}).Int(0);
}

void InsertDepartment(storage::Transaction& tx, const Department& d) {
    tx.Execute(
        "INSERT INTO region_department (id, region_code, kind, name, phone, created_at, updated_at) "
        "VALUES ($1, $2, $3, $4, $5, $6, $7)",
        {d.id, d.region_code, d.kind, d.name, d.phone, core::ToMillis(d.created_at), core::ToMillis(d.updated_at)});
}

std::int64_t UpdateDepartment(storage::Transaction& tx, const Department& d) {
    return tx.Execute("UPDATE region_department SET name = $2, phone = $3, updated_at = $4 WHERE id = $1",
                      {d.id, d.name, d.phone, core::ToMillis(d.updated_at)});
}

std::optional<Department> FindDepartment(storage::Transaction& tx, std::string_view id) {
    auto row =
        tx.QueryOptional("SELECT " + std::string(kDepartmentColumns) + " FROM region_department WHERE id = $1", {id});
    if (!row) return std::nullopt;
    return DepartmentFromRow(*row);
}

std::vector<Department> ListDepartments(storage::Transaction& tx, const DepartmentFilter& filter) {
    std::vector<storage::Param> params;
    std::string sql = "SELECT " + std::string(kDepartmentColumns) + " FROM region_department" +
                      DepartmentWhere(filter, params) + " ORDER BY region_code, kind, name, id";
    params.emplace_back(filter.limit);
    sql += " LIMIT $" + std::to_string(params.size());
    params.emplace_back(filter.offset);
    sql += " OFFSET $" + std::to_string(params.size());
    auto rows = tx.Query(sql, std::span<const storage::Param>(params));
    std::vector<Department> result;
    result.reserve(rows.size());
    for (const auto& row : rows) result.push_back(DepartmentFromRow(row));
    return result;
}

std::int64_t CountDepartments(storage::Transaction& tx, const DepartmentFilter& filter) {
    std::vector<storage::Param> params;
    std::string sql = "SELECT COUNT(*) FROM region_department" + DepartmentWhere(filter, params);
    auto rows = tx.Query(sql, std::span<const storage::Param>(params));
    return rows.at(0).Int(0);
}

}  // namespace anxin::region::repository
