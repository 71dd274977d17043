#include "files/files.hpp"

#include <algorithm>
#include <fstream>
#include <map>
#include <system_error>

#include <boost/json.hpp>

#include "audit/audit.hpp"
#include "core/error.hpp"
#include "core/ids.hpp"
#include "core/validation.hpp"
#include "identity/permissions.hpp"
#include "registry/project_scope.hpp"

namespace anxin::files {
namespace {

namespace json = boost::json;

constexpr std::string_view kColumns =
    "id, file_name, content_type, size_bytes, sha256, purpose, personal, region_code, enterprise_id, project_id, "
    "uploaded_by, uploaded_by_name, created_at";

StoredFile FromRow(const storage::Row& r) {
    StoredFile f;
    f.id = r.Text(0);
    f.file_name = r.Text(1);
    f.content_type = r.Text(2);
    f.size = r.Int(3);
    f.sha256 = r.Text(4);
    f.purpose = r.Text(5);
    f.personal = r.Bool(6);
    f.region_code = r.Text(7);
    f.enterprise_id = r.Text(8);
    f.project_id = r.OptText(9);
    f.uploaded_by = r.Text(10);
    f.uploaded_by_name = r.Text(11);
    f.created_at = r.Time(12);
    return f;
}

std::optional<StoredFile> Find(storage::Transaction& tx, std::string_view id) {
    auto row = tx.QueryOptional("SELECT " + std::string(kColumns) + " FROM files_file WHERE id = $1", {std::string(id)});
    if (!row) return std::nullopt;
    return FromRow(*row);
}

// Staff read files of their region (or of a project in their scope); an enterprise reads its own
// uploads and the files of projects it works on.
bool MayRead(storage::Transaction& tx, const core::Principal& p, const StoredFile& f) {
    if (f.project_id) return registry::ProjectInScope(tx, p, *f.project_id);
    if (!p.enterprise_id.empty()) return p.enterprise_id == f.enterprise_id;
    if (!f.enterprise_id.empty()) return false;
    return p.CoversRegion(f.region_code);
}

std::string Lower(std::string_view s) {
    std::string out(s);
    std::ranges::transform(out, out.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return out;
}

std::string Extension(std::string_view name) {
    auto dot = name.rfind('.');
    return dot == std::string_view::npos ? std::string() : Lower(name.substr(dot + 1));
}

bool StartsWith(std::string_view bytes, std::string_view magic) { return bytes.substr(0, magic.size()) == magic; }

}  // namespace

std::string_view PurposeLabel(std::string_view purpose) {
    if (purpose == "case_attachment") return "案件附件";
    if (purpose == "account_agreement") return "专户三方协议";
    if (purpose == "notice_photo") return "维权告示牌照片";
    if (purpose == "deposit_instrument") return "保证金凭证";
    if (purpose == "credit_evidence") return "信用记录证明材料";
    if (purpose == "other") return "其他";
    return purpose;
}

std::optional<std::string> SniffContentType(std::string_view bytes, std::string_view file_name) {
    const std::string ext = Extension(file_name);
    auto allow = [&](std::initializer_list<std::string_view> exts, std::string type) -> std::optional<std::string> {
        if (std::ranges::find(exts, ext) == exts.end()) return std::nullopt;
        return type;
    };
    if (StartsWith(bytes, "\xFF\xD8\xFF")) return allow({"jpg", "jpeg"}, "image/jpeg");
    if (StartsWith(bytes, "\x89PNG\r\n\x1A\n")) return allow({"png"}, "image/png");
    if (bytes.size() >= 12 && StartsWith(bytes, "RIFF") && bytes.substr(8, 4) == "WEBP") return allow({"webp"}, "image/webp");
    if (StartsWith(bytes, "%PDF-")) return allow({"pdf"}, "application/pdf");
    // Office Open XML is a zip whose first entry is [Content_Types].xml (or _rels/.rels, docProps):
    // the extension decides between Word and Excel; any other zip is refused.
    if (StartsWith(bytes, std::string_view("PK\x03\x04", 4))) {
        if (bytes.find("[Content_Types].xml") == std::string_view::npos) return std::nullopt;
        if (ext == "docx") return "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
        if (ext == "xlsx") return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    }
    return std::nullopt;
}

FileService::FileService(storage::Database& db, const core::Clock& clock, StoreOptions options)
    : db_(db), clock_(clock), options_(std::move(options)) {}

std::filesystem::path FileService::PathOf(std::string_view id) const {
    return options_.directory / std::string(id.substr(0, 2)) / std::string(id);
}

StoredFile FileService::Store(const core::CallContext& ctx, Upload upload) {
    core::FieldErrors errors;
    // Browsers may send a path ("C:\fakepath\x.jpg"): keep the last component only.
    std::string name = upload.file_name;
    if (auto slash = name.find_last_of("/\\"); slash != std::string::npos) name = name.substr(slash + 1);
    if (name.empty()) {
        errors.Add("fileName", "必填");
    } else if (!core::IsValidUtf8(name) || core::HasControlCharacters(name)) {
        errors.Add("fileName", "含有无效字符");
    } else if (name.size() > 200) {
        errors.Add("fileName", "不能超过 200 字节");
    }
    if (std::ranges::find(kPurposes, upload.purpose) == std::end(kPurposes))
        errors.Add("purpose", "取值无效，可选：案件附件、专户三方协议、维权告示牌照片、保证金凭证、其他");
    std::optional<std::string> content_type;
    if (upload.bytes.empty()) {
        errors.Add("file", "文件为空");
    } else if (upload.bytes.size() > options_.max_bytes) {
        errors.Add("file", "文件超过 " + std::to_string(options_.max_bytes / (1024 * 1024)) + " MB 的上限");
    } else if (!name.empty()) {
        content_type = SniffContentType(upload.bytes, name);
        if (!content_type) errors.Add("file", "只接受 JPG、PNG、WebP 图片，PDF，以及 Word（docx）、Excel（xlsx）文档，且扩展名与内容一致");
    }
    errors.ThrowIfAny();

    StoredFile f;
    f.id = core::NewId(clock_.Now());
    f.file_name = name;
    f.content_type = *content_type;
    f.size = static_cast<std::int64_t>(upload.bytes.size());
    f.sha256 = core::Sha256Hex(upload.bytes);
    f.purpose = upload.purpose;
    f.personal = upload.personal;
    f.region_code = ctx.principal.region_code;
    f.enterprise_id = ctx.principal.enterprise_id;
    f.project_id = upload.project_id;
    f.uploaded_by = ctx.principal.user_id;
    f.uploaded_by_name = ctx.principal.Name();
    f.created_at = clock_.Now();

    // The bytes first (a temporary name, then rename), the row second: a failed commit leaves an
    // orphan file that nothing references, never a row without its bytes.
    const auto path = PathOf(f.id);
    std::error_code ec;
    std::filesystem::create_directories(path.parent_path(), ec);
    const auto temporary = path.string() + ".part";
    {
        std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
        out.write(upload.bytes.data(), static_cast<std::streamsize>(upload.bytes.size()));
        out.flush();
        if (!out) throw Error(ErrorCode::kUnavailable, "文件存储不可用");
    }
    std::filesystem::rename(temporary, path, ec);
    if (ec) throw Error(ErrorCode::kUnavailable, "文件存储不可用");
    try {
        storage::WithTransaction(db_, [&](storage::Transaction& tx) {
            if (f.project_id) {
                if (!registry::ProjectInScope(tx, ctx.principal, *f.project_id)) ThrowNotFound("项目");
                f.region_code = tx.QueryOne("SELECT region_code FROM registry_project WHERE id = $1", {*f.project_id}).Text(0);
            }
            tx.Execute("INSERT INTO files_file (" + std::string(kColumns) +
                           ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)",
                       {f.id, f.file_name, f.content_type, f.size, f.sha256, f.purpose, f.personal, f.region_code,
                        f.enterprise_id, storage::Param(f.project_id), f.uploaded_by, f.uploaded_by_name,
                        core::ToMillis(f.created_at)});
            audit::RecordAudit(tx, clock_, ctx, "upload", "file", f.id,
                               json::object{{"fileName", f.file_name}, {"sha256", f.sha256}, {"size", f.size},
                                            {"purpose", f.purpose}, {"personal", f.personal}});
        });
    } catch (...) {
        std::filesystem::remove(path, ec);
        throw;
    }
    return f;
}

StoredFile FileService::Get(const core::CallContext& ctx, const std::string& id) {
    auto tx = db_.Begin(storage::TxMode::kRead);
    return RequireReadable(tx, ctx.principal, {id}, "fileId").front();
}

Download FileService::Fetch(const core::CallContext& ctx, const std::string& id) {
    StoredFile f = [&] {
        auto tx = db_.Begin(storage::TxMode::kRead);
        StoredFile file = RequireReadable(tx, ctx.principal, {id}, "fileId").front();
        if (file.personal && !identity::RoleHasPermission(ctx.principal.role, "worker.unmask"))
            ThrowForbidden("该文件含个人信息，您的角色不能查看");
        return file;
    }();
    std::ifstream in(PathOf(f.id), std::ios::binary);
    if (!in) throw Error(ErrorCode::kUnavailable, "文件内容缺失，请联系系统管理员");
    std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    // The bytes must still be what was uploaded: a changed file on disk is refused, not served.
    if (core::Sha256Hex(bytes) != f.sha256) throw Error(ErrorCode::kUnavailable, "文件内容校验失败，请联系系统管理员");
    // Audited once the bytes are about to go out: what is recorded is what was served.
    storage::WithTransaction(db_, [&](storage::Transaction& tx) {
        audit::RecordAudit(tx, clock_, ctx, "download", "file", f.id,
                           boost::json::object{{"fileName", f.file_name}, {"sha256", f.sha256}});
    });
    return Download{std::move(f), std::move(bytes)};
}

std::vector<StoredFile> RequireReadable(storage::Transaction& tx, const core::Principal& principal,
                                        const std::vector<std::string>& ids, std::string_view field) {
    std::vector<StoredFile> out;
    for (std::size_t i = 0; i < ids.size(); ++i) {
        auto f = Find(tx, ids[i]);
        if (!f || !MayRead(tx, principal, *f)) {
            const std::string name = ids.size() == 1 && field == "fileId" ? std::string(field)
                                                                           : std::string(field) + "[" + std::to_string(i) + "]";
            throw Error(ErrorCode::kNotFound, "附件不存在：" + name, {{name, "附件不存在"}});
        }
        out.push_back(std::move(*f));
    }
    return out;
}

std::vector<StoredFile> Describe(storage::Transaction& tx, const std::vector<std::string>& ids) {
    if (ids.empty()) return {};
    std::vector<storage::Param> params;
    const std::string in = storage::AndIn("id", &ids, params);
    std::map<std::string, StoredFile> found;
    for (const auto& r : tx.Query("SELECT " + std::string(kColumns) + " FROM files_file WHERE 1 = 1" + in,
                                  std::span<const storage::Param>(params))) {
        StoredFile f = FromRow(r);
        found.emplace(f.id, std::move(f));
    }
    std::vector<StoredFile> out;  // in the order asked
    for (const auto& id : ids)
        if (auto it = found.find(id); it != found.end()) out.push_back(it->second);
    return out;
}

}  // namespace anxin::files
