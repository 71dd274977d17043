// The region module as other modules see it: administrative divisions (GB/T 2260: province, city,
// county, town) and the government departments of each region. Other modules include only this
// header: they validate region codes with RegionService::RequireRegion inside their own transaction
// and never read region_* tables themselves.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/principal.hpp"
#include "core/time.hpp"
#include "storage/database.hpp"

namespace anxin::region {

// Level of a division; the code length follows it (2, 4, 6, 9 digits).
enum class DivisionLevel { kProvince = 1, kCity = 2, kCounty = 3, kTown = 4 };

struct Division {
    std::string code;  // "370102"
    std::string name;  // "历下区"; cities of municipalities are named "市辖区" as in the source
    DivisionLevel level = DivisionLevel::kProvince;
    std::optional<std::string> parent_code;  // none for provinces
};

// Department kinds (the industries that supervise wage payment), in the order the console lists them.
inline constexpr std::array<std::string_view, 8> kDepartmentKinds = {
    "hrss",         // 人力资源和社会保障
    "housing",      // 住房和城乡建设
    "transport",    // 交通运输
    "water",        // 水利
    "development",  // 发展和改革
    "sasac",        // 国有资产监督管理
    "finance",      // 财政
    "other",
};
bool IsDepartmentKind(std::string_view kind);

struct Department {
    std::string id;
    std::string region_code;
    std::string kind;                  // one of kDepartmentKinds
    std::string name;                  // 1–100 characters, unique per (region, kind)
    std::optional<std::string> phone;  // office hotline
    core::Timestamp created_at;
    core::Timestamp updated_at;
};

struct NewDepartment {
    std::string region_code;
    std::string kind;
    std::string name;
    std::optional<std::string> phone;
};

// Fields left empty are not changed. phone = "" clears the hotline.
struct DepartmentPatch {
    std::optional<std::string> name;
    std::optional<std::string> phone;
};

struct DepartmentQuery {
    std::optional<std::string> region_code;  // that region and every region below it
    std::optional<std::string> kind;
    std::int64_t offset = 0;
    std::int64_t limit = 20;
};

struct DepartmentPage {
    std::vector<Department> items;
    std::int64_t total = 0;  // matching rows in the caller's scope, ignoring offset/limit
};

// Thread-safe: holds only references to the database and clock, which must outlive it.
// Errors are anxin::Error: kInvalidArgument with fields named as in the JSON API ("regionCode",
// "kind", "name", "phone"), kNotFound for absent ids and for departments outside the caller's scope
// (so ids cannot be probed), kConflict for a duplicate department name.
class RegionService {
  public:
    RegionService(storage::Database& db, const core::Clock& clock) : db_(db), clock_(clock) {}

    // Divisions directly below `parent_code`, ordered by code; the provinces when it is empty.
    // kNotFound when the parent does not exist. Divisions are public administrative data: no scope.
    std::vector<Division> ListChildren(std::optional<std::string_view> parent_code) const;
    // kNotFound when absent.
    Division Get(std::string_view code) const;
    std::optional<Division> Find(std::string_view code) const;

    // For other modules validating input inside their own transaction: returns the division, or
    // throws Error(kInvalidArgument) on `field` ("不是有效的行政区划代码").
    static Division RequireRegion(storage::Transaction& tx, std::string_view code, std::string_view field);

    // Writes are audited ("department" events) in the same transaction.
    Department CreateDepartment(const core::CallContext& ctx, const NewDepartment& input);
    DepartmentPage ListDepartments(const core::CallContext& ctx, const DepartmentQuery& query) const;
    Department GetDepartment(const core::CallContext& ctx, std::string_view id) const;
    Department UpdateDepartment(const core::CallContext& ctx, std::string_view id, const DepartmentPatch& patch);

  private:
    storage::Database& db_;
    const core::Clock& clock_;
};

}  // namespace anxin::region
