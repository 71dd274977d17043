// SQL for the region tables: statement text, parameter binding and row mapping, nothing else.
// Every function runs inside the caller's transaction. Lookups return std::optional; storage
// constraint errors (UniqueViolation, ForeignKeyViolation) pass through for the service to map.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "region/region.hpp"
#include "storage/database.hpp"

namespace anxin::region::repository {

// ---- region_division ----------------------------------------------------------------------------
std::optional<Division> FindDivision(storage::Transaction& tx, std::string_view code);
// Children of `parent_code` (the provinces when nullopt), ordered by code.
std::vector<Division> ListDivisionChildren(storage::Transaction& tx, std::optional<std::string_view> parent_code);
// Every division, for the importer's diff.
std::vector<Division> ListAllDivisions(storage::Transaction& tx);
// Multi-row INSERTs of up to kDivisionInsertBatch rows each: one round trip per batch on PostgreSQL,
// and every full batch reuses one prepared statement.
inline constexpr std::size_t kDivisionInsertBatch = 200;  // 800 parameters: within every SQLite's limit
void InsertDivisions(storage::Transaction& tx, std::span<const Division> divisions);
void UpdateDivision(storage::Transaction& tx, const Division& division);
std::int64_t CountDivisions(storage::Transaction& tx, DivisionLevel level);

// ---- region_department --------------------------------------------------------------------------
void InsertDepartment(storage::Transaction& tx, const Department& department);
// name, phone, updated_at by id; returns rows changed.
std::int64_t UpdateDepartment(storage::Transaction& tx, const Department& department);
std::optional<Department> FindDepartment(storage::Transaction& tx, std::string_view id);

struct DepartmentFilter {
    std::string scope_prefix;  // caller's region code; "" = everywhere
    std::optional<std::string> region_prefix;
    std::optional<std::string> kind;
    std::int64_t offset = 0;
    std::int64_t limit = 20;
};
// Ordered by region_code, kind, name, id.
std::vector<Department> ListDepartments(storage::Transaction& tx, const DepartmentFilter& filter);
std::int64_t CountDepartments(storage::Transaction& tx, const DepartmentFilter& filter);

}  // namespace anxin::region::repository
