#include "notices/notice_repository.hpp"

namespace anxin::notices::repository {

std::optional<ProjectExtra> FindProjectExtra(storage::Transaction& tx, std::string_view project_id) {
    auto row =
        tx.QueryOptional("SELECT public_token, is_construction FROM registry_project WHERE id = $1", {project_id});
    if (!row) return std::nullopt;
    return ProjectExtra{row->Text(0), row->Bool(1)};
}

std::optional<StaffRow> FindStaff(storage::Transaction& tx, std::string_view project_id, std::string_view duty) {
    auto row = tx.QueryOptional(
        "SELECT name, has_phone, phone_mask FROM registry_project_staff_published WHERE project_id = $1 AND duty = $2",
        {project_id, duty});
    if (!row) return std::nullopt;
    return StaffRow{row->Text(0), row->Bool(1), row->OptText(2)};
}

}  // namespace anxin::notices::repository
