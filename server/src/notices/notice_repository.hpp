// SQL of the notices module over what registry publishes (registry/published.hpp): the public token
// by id, whether the project is construction, a 五员 member's name and phone mask.
// Read-only, inside the caller's transaction.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "storage/database.hpp"

namespace anxin::notices::repository {

struct ProjectExtra {
    std::string public_token;
    bool is_construction = true;
};
std::optional<ProjectExtra> FindProjectExtra(storage::Transaction& tx, std::string_view project_id);

struct StaffRow {
    std::string name;
    bool has_phone = false;
    std::optional<std::string> phone_mask;
};
// duty: a registry kStaffDuties value ("labor_affairs_officer").
std::optional<StaffRow> FindStaff(storage::Transaction& tx, std::string_view project_id, std::string_view duty);

}  // namespace anxin::notices::repository
