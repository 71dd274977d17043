// The photo of the notice board on site (table notices_board_photo): the general contractor (or a
// supervisor in scope) uploads an image to the file store and names it here; the board shows the
// latest. Audited ("photo", "notice_board").
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/principal.hpp"
#include "core/time.hpp"
#include "storage/database.hpp"

namespace anxin::notices {

struct BoardPhoto {
    std::string file_id;
    std::string file_name;
    std::string uploaded_by_name;
    core::Timestamp uploaded_at;
};

std::optional<BoardPhoto> FindBoardPhoto(storage::Transaction& tx, std::string_view project_id);

class BoardPhotoService {
  public:
    BoardPhotoService(storage::Database& db, const core::Clock& clock) : db_(db), clock_(clock) {}
    // 404 for a project out of scope or a file the caller may not read; 403 for an enterprise that is
    // not the project's general contractor; 422 for a file that is not an image of this project.
    BoardPhoto Set(const core::CallContext& ctx, std::string_view project_id, const std::string& file_id);

  private:
    storage::Database& db_;
    const core::Clock& clock_;
};

}  // namespace anxin::notices
