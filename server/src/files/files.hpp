// The file store (table files_file, the bytes under a directory): attachments people upload —
// photos and scanned orders on cases, the account's tripartite agreement, the notice-board photo,
// deposit guarantees. Only types the platform can show safely are accepted, decided by the bytes
// (not the name or the browser's Content-Type): JPEG, PNG, WebP, PDF, and Word/Excel documents.
// Downloads are served as attachments with the sniffed type, nosniff and a sandbox CSP, so nothing
// uploaded is ever run by a browser. Personal documents (ID-card copies, signed contracts) go only
// to roles that may see personal data. Every upload and every download is audited.
//
// Other modules reference files by id (a case step's attachments) and check the reference with
// RequireReadable inside their own transaction: a file the caller may not read is "absent" (404).
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/principal.hpp"
#include "core/time.hpp"
#include "storage/database.hpp"

namespace anxin::files {

// What a file is for; the console shows the Chinese label.
inline constexpr std::string_view kPurposes[] = {"case_attachment", "account_agreement", "notice_photo",
                                                 "deposit_instrument", "credit_evidence", "other"};
std::string_view PurposeLabel(std::string_view purpose);

struct StoredFile {
    std::string id;
    std::string file_name;
    std::string content_type;
    std::int64_t size = 0;
    std::string sha256;
    std::string purpose;
    bool personal = false;
    std::string region_code;                // the project's region, else the uploader's
    std::string enterprise_id;              // an enterprise user's uploads: their enterprise
    std::optional<std::string> project_id;  // when uploaded for a project (scope follows the project)
    std::string uploaded_by;                // user id
    std::string uploaded_by_name;
    core::Timestamp created_at;
};

struct Upload {
    std::string file_name;
    std::string purpose;
    bool personal = false;
    std::optional<std::string> project_id;
    std::string bytes;
};

struct Download {
    StoredFile file;
    std::string bytes;
};

// The content type the bytes show, when the name's extension agrees with it; nullopt otherwise.
std::optional<std::string> SniffContentType(std::string_view bytes, std::string_view file_name);

// The module's file-level settings (the app's --files-dir / files.max_bytes).
struct StoreOptions {
    std::filesystem::path directory = "var/files";
    std::size_t max_bytes = 10 * 1024 * 1024;
};

// Thread-safe; references must outlive it.
class FileService {
  public:
    FileService(storage::Database& db, const core::Clock& clock, StoreOptions options);
    // Validates (name, purpose, size, type, project in scope), writes the bytes, records the row and
    // the audit event ("upload"). 422 naming the field for bad input; 404 for a project out of scope.
    StoredFile Store(const core::CallContext& ctx, Upload upload);
    StoredFile Get(const core::CallContext& ctx, const std::string& id);
    // The bytes, audited ("download"). 404 when absent or out of scope; 403 for a personal document
    // and a role that may not see personal data.
    Download Fetch(const core::CallContext& ctx, const std::string& id);
    const StoreOptions& options() const { return options_; }

  private:
    std::filesystem::path PathOf(std::string_view id) const;
    storage::Database& db_;
    const core::Clock& clock_;
    StoreOptions options_;
};

// For other modules, in their transaction: every id names a file `principal` may read, in order.
// Throws 404 ("附件不存在") naming `field`[i] otherwise — out of scope looks exactly like absent.
std::vector<StoredFile> RequireReadable(storage::Transaction& tx, const core::Principal& principal,
                                        const std::vector<std::string>& ids, std::string_view field);
// Name, type and size of the files (no scope check: metadata only, for a record already in scope).
std::vector<StoredFile> Describe(storage::Transaction& tx, const std::vector<std::string>& ids);

}  // namespace anxin::files
