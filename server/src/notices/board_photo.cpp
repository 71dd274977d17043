#include "notices/board_photo.hpp"

#include <boost/json.hpp>

#include "audit/audit.hpp"
#include "core/error.hpp"
#include "files/files.hpp"
#include "registry/project_scope.hpp"
#include "registry/projects.hpp"

namespace anxin::notices {

std::optional<BoardPhoto> FindBoardPhoto(storage::Transaction& tx, std::string_view project_id) {
    auto row = tx.QueryOptional(
        "SELECT file_id, uploaded_by_name, uploaded_at FROM notices_board_photo WHERE project_id = $1",
        {std::string(project_id)});
    if (!row) return std::nullopt;
    BoardPhoto photo{row->Text(0), "", row->Text(1), row->Time(2)};
    for (const auto& f : files::Describe(tx, {photo.file_id})) photo.file_name = f.file_name;
    return photo;
}

BoardPhoto BoardPhotoService::Set(const core::CallContext& ctx, std::string_view project_id,
                                  const std::string& file_id) {
    return storage::WithTransaction(db_, [&](storage::Transaction& tx) {
        if (!registry::ProjectInScope(tx, ctx.principal, project_id)) ThrowNotFound("项目");
        if (!ctx.principal.enterprise_id.empty()) {
            auto facts = registry::ProjectService::FindFacts(tx, project_id);
            bool gc = false;
            for (const auto& p : facts ? facts->participants : std::vector<registry::Participant>{})
                gc = gc || (p.enterprise_id == ctx.principal.enterprise_id && p.role_code == "009");
            if (!gc) ThrowForbidden("只有本项目的施工总承包单位可以上传告示牌照片");
        }
        auto file = files::RequireReadable(tx, ctx.principal, {file_id}, "fileId").front();
        if (file.project_id != std::optional<std::string>(std::string(project_id)))
            ThrowInvalidField("fileId", "请上传本项目的告示牌照片");
        if (!file.content_type.starts_with("image/")) ThrowInvalidField("fileId", "告示牌照片应为 JPG、PNG 或 WebP 图片");
        const auto now = clock_.Now();
        tx.Execute("DELETE FROM notices_board_photo WHERE project_id = $1", {std::string(project_id)});
        tx.Execute(
            "INSERT INTO notices_board_photo (project_id, file_id, uploaded_by, uploaded_by_name, uploaded_at) "
            "VALUES ($1, $2, $3, $4, $5)",
            {std::string(project_id), file.id, ctx.principal.user_id, ctx.principal.Name(), core::ToMillis(now)});
        audit::RecordAudit(tx, clock_, ctx, "photo", "notice_board", project_id,
                           boost::json::object{{"fileId", file.id}, {"sha256", file.sha256}});
        return BoardPhoto{file.id, file.file_name, ctx.principal.Name(), now};
    });
}

}  // namespace anxin::notices
