#include "registry/import_service.hpp"

#include <sodium.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <map>
#include <set>
#include <system_error>
#include <thread>
#include <utility>

#include <boost/json.hpp>

#include "audit/audit.hpp"
#include "core/error.hpp"
#include "core/identifiers.hpp"
#include "core/ids.hpp"
#include "core/money.hpp"
#include "core/xlsx_writer.hpp"
#include "core/text.hpp"
#include "identity/permissions.hpp"
#include "registry/enterprise_repository.hpp"
#include "registry/enterprise_service.hpp"
#include "registry/enterprises.hpp"
#include "registry/import_repository.hpp"
#include "registry/project_repository.hpp"
#include "registry/worker_repository.hpp"
#include "registry/worker_service.hpp"
#include "registry/sealed_contexts.hpp"
#include "registry/workers.hpp"

namespace anxin::registry {
namespace {

// ---- columns -------------------------------------------------------------------------------------

struct ColumnDef {
    std::string key;                   // the JSON field name the services use in their errors
    std::string label;                 // the template's header (also what the error report names)
    std::vector<std::string> aliases;  // other accepted headers: the data standard's English names
    bool required;
    std::string note;     // the template's explanation
    std::string example;  // the template's example row
};

const std::vector<ColumnDef>& EnterpriseColumns() {
    static const std::vector<ColumnDef> columns = {
        {"creditCode", "统一社会信用代码", {"creditCode", "corpCode"}, true, "18 位（GB 32100）；已登记的企业按此更新", core::MakeCreditCode("91370102MA3C8Q0Q1")},
        {"name", "企业名称", {"name", "corpName"}, true, "", "济南示例建筑劳务有限公司"},
        {"kind", "企业类型", {"kind", "corpType"}, true,
         "建设单位、施工总承包、专业分包、劳务分包、其他用工单位（或 construction_unit 等代码，或 008/009/001/006）", "劳务分包"},
        {"regionCode", "注册地区划代码", {"regionCode", "areaCode"}, true, "县级 6 位或乡镇 9 位（GB/T 2260），须在您的管辖范围内", "370102"},
        {"legalRepresentative", "法定代表人", {"legalRepresentative", "legalMan"}, false, "", "张三"},
        {"qualification", "资质", {"qualification"}, false, "", "施工劳务资质"},
        {"address", "地址", {"address"}, false, "", "济南市历下区示例路 1 号"},
        {"contactName", "联系人", {"contactName", "linkMan"}, false, "", "李四"},
        {"contactPhone", "联系电话", {"contactPhone", "linkPhone"}, false, "11 位手机号或固定电话", "13800000000"},
    };
    return columns;
}

const std::vector<ColumnDef>& WorkerColumns() {
    static const std::vector<ColumnDef> columns = {
        {"name", "姓名", {"name", "workerName"}, true, "2–30 个字符；已登记的人员须与登记姓名一致", "王五"},
        {"idNumber", "身份证号", {"idNumber", "idCardNumber", "身份证号码"}, true,
         "18 位（GB 11643），请设为文本格式；未满 16 周岁不得登记", core::MakeIdNumber("370102", core::Date(1985, 6, 1), 901)},
        {"phone", "手机号", {"phone", "cellPhone", "手机号码"}, false, "11 位手机号", "13900000000"},
        {"bankCard", "工资卡号", {"bankCard", "payRollBankCardNumber", "银行卡号"}, false, "12–19 位数字，请设为文本格式",
         "6222020200000000000"},
        {"bankName", "开户银行", {"bankName", "payRollBankName"}, false, "填写工资卡号时必填", "中国工商银行济南分行"},
        {"workType", "工种", {"workType"}, false, "工种名称或代码（010 砌筑工 … 900 管理人员）", "钢筋工"},
        {"projectCode", "项目编码", {"projectCode"}, false, "留空则只登记人员；填写则以下合同各列必填", "XM-001"},
        {"employerCreditCode", "用工单位信用代码", {"employerCreditCode", "corpCode"}, false, "须为该项目的参建单位",
         core::MakeCreditCode("91370102MA3C8Q0Q1")},
        {"teamName", "班组", {"teamName"}, false, "该项目、该用工单位下的班组名称（可空）", "钢筋班"},
        {"contractKind", "合同类型", {"contractKind"}, false, "劳动合同（默认）或用工协议", "劳动合同"},
        {"startOn", "合同开始日期", {"startOn"}, false, "YYYY-MM-DD", "2026-03-01"},
        {"endOn", "合同结束日期", {"endOn"}, false, "YYYY-MM-DD，可空", "2026-12-31"},
        {"wageType", "计薪方式", {"wageType"}, false, "按日、按月或计件", "按日"},
        {"wageRate", "工资标准（元）", {"wageRate", "工资标准"}, false, "元，最多两位小数", "350"},
        {"signedOn", "签订日期", {"signedOn"}, false, "YYYY-MM-DD，不晚于今天", "2026-02-25"},
        {"enteredOn", "进场日期", {"enteredOn"}, false, "可空；须在合同期内、不晚于今天（REG 28：先签合同后进场）", "2026-03-01"},
    };
    return columns;
}

const std::vector<ColumnDef>& AttendanceColumns() {
    static const std::vector<ColumnDef> columns = {
        {"projectCode", "项目编码", {"projectCode"}, true, "", "XM-001"},
        {"idNumber", "身份证号", {"idNumber", "idCardNumber", "身份证号码"}, true, "已登记且在该项目有劳动合同的人员",
         core::MakeIdNumber("370102", core::Date(1985, 6, 1), 901)},
        {"time", "考勤时间", {"time", "date"}, true, "YYYY-MM-DD HH:MM:SS（北京时间），不晚于现在", "2026-03-02 07:58:00"},
        {"direction", "进出方向", {"direction", "方向"}, true, "进 / 出（或 in/out、01/02）", "进"},
        {"deviceId", "设备编号", {"deviceId"}, false, "可空（默认 IMPORT）", "GATE-1"},
        {"punchId", "记录编号", {"punchId"}, false, "设备的记录号；可空（由内容生成，同一记录重复导入不会重复）", "100001"},
        {"channel", "考勤方式", {"channel"}, false, "如 face、fingerprint、app", "face"},
        {"lng", "经度", {"lng"}, false, "与纬度成对填写；在电子围栏外的记录会被标记", "117.0001"},
        {"lat", "纬度", {"lat"}, false, "", "36.6501"},
    };
    return columns;
}

const std::vector<ColumnDef>& ColumnsOf(ImportKind kind) {
    switch (kind) {
        case ImportKind::kEnterprises: return EnterpriseColumns();
        case ImportKind::kWorkers: return WorkerColumns();
        case ImportKind::kAttendance: return AttendanceColumns();
    }
    return EnterpriseColumns();
}

std::string_view SheetTitle(ImportKind kind) {
    switch (kind) {
        case ImportKind::kEnterprises: return "企业";
        case ImportKind::kWorkers: return "工人及合同";
        case ImportKind::kAttendance: return "考勤";
    }
    return "";
}

// The report names columns as the template does; service fields that are not columns map here.
std::string LabelOf(ImportKind kind, std::string_view field) {
    for (const auto& c : ColumnsOf(kind))
        if (c.key == field) return c.label;
    static const std::map<std::string, std::string, std::less<>> extra = {
        {"workerId", "身份证号"}, {"employerId", "用工单位信用代码"}, {"teamId", "班组"}, {"kind", "合同类型"},
        {"onDate", "进场日期"},   {"projectId", "项目编码"},          {"punches", "文件"}, {"file", "文件"}};
    if (auto it = extra.find(field); it != extra.end()) return it->second;
    return std::string(field);
}

std::string Lower(std::string_view text) {
    std::string out(text);
    for (char& c : out)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return out;
}

std::string_view TrimView(std::string_view text) { return core::TrimSpace(text); }

// ---- cell parsing --------------------------------------------------------------------------------

// Dates as people type them: 2026-03-01, 2026/3/1, 2026.3.1, 2026年3月1日, 20260301.
std::optional<core::Date> ParseDateCell(std::string_view text) {
    if (auto d = core::Date::Parse(text)) return d;
    int parts[3] = {0, 0, 0};
    int n = 0;
    std::size_t i = 0;
    if (text.size() == 8 && std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; })) {
        parts[0] = std::stoi(std::string(text.substr(0, 4)));
        parts[1] = std::stoi(std::string(text.substr(4, 2)));
        parts[2] = std::stoi(std::string(text.substr(6, 2)));
        n = 3;
    } else {
        while (i < text.size() && n < 3) {
            std::size_t start = i;
            while (i < text.size() && text[i] >= '0' && text[i] <= '9') ++i;
            if (i == start || i - start > 4) return std::nullopt;
            parts[n++] = std::stoi(std::string(text.substr(start, i - start)));
            // separators: - / . or 年 月 日 (3 bytes each in UTF-8)
            if (i < text.size() && (text[i] == '-' || text[i] == '/' || text[i] == '.')) {
                ++i;
            } else if (text.substr(i, 3) == "年" || text.substr(i, 3) == "月" || text.substr(i, 3) == "日") {
                i += 3;
            } else if (i < text.size()) {
                return std::nullopt;
            }
        }
        if (i != text.size()) return std::nullopt;
    }
    if (n != 3 || parts[0] < 1900 || parts[1] < 1 || parts[1] > 12 || parts[2] < 1 || parts[2] > 31) return std::nullopt;
    char buf[40];  // room for any int, so -O2's truncation check is satisfied
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", parts[0], parts[1], parts[2]);
    return core::Date::Parse(buf);
}

// Punch times: RFC 3339, "YYYY-MM-DD HH:MM[:SS]" in Beijing time (also with / and T), or an Excel
// serial date-time number (a cell formatted as a number).
std::optional<core::Timestamp> ParseTimeCell(std::string_view text) {
    if (auto t = core::ParseTimestamp(text)) return t;
    std::string s(text);
    for (char& c : s)
        if (c == '/') c = '-';
    if (auto space = s.find(' '); space != std::string::npos) s[space] = 'T';
    if (auto t = s.find('T'); t != std::string::npos) {
        if (auto date = ParseDateCell(s.substr(0, t))) {
            std::string clock = s.substr(t + 1);
            if (clock.size() == 4 || clock.size() == 7) clock = "0" + clock;  // 7:58 → 07:58
            if (clock.size() == 5) clock += ":00";
            if (auto ts = core::ParseTimestamp(date->ToString() + "T" + clock + "+08:00")) return ts;
        }
        return std::nullopt;
    }
    double serial = 0;
    auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), serial);
    if (ec == std::errc() && ptr == text.data() + text.size() && serial > 1 && serial < 2958466) {
        // Excel: days since 1899-12-30 in local (Beijing) time.
        const auto millis = static_cast<std::int64_t>(std::llround(serial * 86'400'000.0));
        const auto epoch = core::Date(1899, 12, 30).StartInShanghai();
        return epoch + std::chrono::milliseconds(millis);
    }
    return std::nullopt;
}

std::optional<std::string> EnterpriseKindOf(std::string_view text) {
    static const std::map<std::string, std::string, std::less<>> names = {
        {"建设单位", "construction_unit"},      {"施工总承包", "general_contractor"},
        {"总承包", "general_contractor"},       {"总承包单位", "general_contractor"},
        {"专业分包", "professional_subcontractor"}, {"劳务分包", "labor_subcontractor"},
        {"其他用工单位", "other_employer"},     {"008", "construction_unit"},
        {"009", "general_contractor"},          {"001", "professional_subcontractor"},
        {"006", "labor_subcontractor"}};
    if (auto it = names.find(text); it != names.end()) return it->second;
    if (IsEnterpriseKind(Lower(text))) return Lower(text);
    return std::nullopt;
}

std::optional<std::string> ContractKindOf(std::string_view text) {
    if (text.empty() || text == "劳动合同" || Lower(text) == "labor_contract") return "labor_contract";
    if (text == "用工协议" || text == "书面用工协议" || Lower(text) == "employment_agreement") return "employment_agreement";
    return std::nullopt;
}

std::optional<std::string> WageTypeOf(std::string_view text) {
    if (text == "按日" || text == "日薪" || text == "计日" || Lower(text) == "daily") return "daily";
    if (text == "按月" || text == "月薪" || text == "计月" || Lower(text) == "monthly") return "monthly";
    if (text == "计件" || Lower(text) == "piece") return "piece";
    return std::nullopt;
}

std::optional<std::string> DirectionOf(std::string_view text) {
    if (text == "进" || text == "进场" || text == "上班" || Lower(text) == "in" || text == "01" || text == "1") return "in";
    if (text == "出" || text == "出场" || text == "下班" || Lower(text) == "out" || text == "02" || text == "2") return "out";
    return std::nullopt;
}

std::optional<double> ParseCoordinate(std::string_view text) {
    double value = 0;
    auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc() || ptr != text.data() + text.size()) return std::nullopt;
    return value;
}

std::optional<std::string> WorkTypeCodeOf(std::string_view text) {
    for (const auto& t : kWorkTypes)
        if (t.code == text || t.name == text) return std::string(t.code);
    return std::nullopt;
}

enum class Outcome { kCreated, kUpdated, kUnchanged };

void Count(import_repo::Counts& c, Outcome o) {
    if (o == Outcome::kCreated) ++c.created;
    if (o == Outcome::kUpdated) ++c.updated;
    if (o == Outcome::kUnchanged) ++c.unchanged;
}

// The row's error(s) from a service error: one line per field; the message when it names none.
void AddRowErrors(std::vector<core::RowError>& out, ImportKind kind, std::int64_t row, const Error& e) {
    bool any = false;
    for (const auto& [field, reason] : e.fields()) {
        if (field == "existingWorkerId") continue;  // an id, not a column
        out.push_back({row, LabelOf(kind, field), reason});
        any = true;
    }
    if (!any) out.push_back({row, "（整行）", e.what()});
}

// Cells of one row by key.
class RowCells {
  public:
    RowCells(const core::ColumnMap& columns, const std::vector<std::string>& row) : columns_(columns), row_(row) {}
    std::string operator[](std::string_view key) const { return columns_.Get(row_, key); }

  private:
    const core::ColumnMap& columns_;
    const std::vector<std::string>& row_;
};

// ---- XLSX writing --------------------------------------------------------------------------------

// libxlsxwriter writes only to files: a private temporary file, removed on every path.

}  // namespace

// ---- kinds ---------------------------------------------------------------------------------------

std::optional<ImportKind> ParseImportKind(std::string_view text) {
    if (text == "enterprises") return ImportKind::kEnterprises;
    if (text == "workers") return ImportKind::kWorkers;
    if (text == "attendance") return ImportKind::kAttendance;
    return std::nullopt;
}

std::string_view ImportKindName(ImportKind kind) {
    switch (kind) {
        case ImportKind::kEnterprises: return "enterprises";
        case ImportKind::kWorkers: return "workers";
        case ImportKind::kAttendance: return "attendance";
    }
    return "";
}

struct ImportService::Prepared {
    core::Table table;
};

ImportService::ImportService(storage::Database& db, const core::Clock& clock, const core::FieldCipher* cipher,
                             EnterpriseService& enterprises, WorkerService& workers, ContractService& contracts,
                             AttendanceService& attendance, ImportOptions options, core::ProjectChangeSink* changes)
    : db_(db),
      clock_(clock),
      cipher_(cipher),
      enterprises_(enterprises),
      workers_(workers),
      contracts_(contracts),
      attendance_(attendance),
      options_(options),
      changes_(changes),
      runner_id_(core::RandomHex(8)) {}

ImportService::~ImportService() { Stop(); }

namespace {

// The submitter travels with the queued file: the job runs with the authority it had at upload,
// whichever instance runs it.
std::string PrincipalJson(const core::Principal& p) {
    return boost::json::serialize(boost::json::object{{"userId", p.user_id},
                                                      {"username", p.username},
                                                      {"role", p.role},
                                                      {"regionCode", p.region_code},
                                                      {"industry", p.industry},
                                                      {"enterpriseId", p.enterprise_id},
                                                      {"bankCode", p.bank_code},
                                                      {"displayName", p.display_name}});
}

core::Principal PrincipalFromJson(const std::string& text) {
    const auto o = boost::json::parse(text).as_object();
    auto str = [&](std::string_view key) { return std::string(o.at(key).as_string()); };
    core::Principal p;
    p.user_id = str("userId");
    p.username = str("username");
    p.role = str("role");
    p.region_code = str("regionCode");
    p.industry = str("industry");
    p.enterprise_id = str("enterpriseId");
    p.bank_code = str("bankCode");
    p.display_name = str("displayName");
    return p;
}

std::string Base64(std::string_view bytes) {
    std::string out(sodium_base64_ENCODED_LEN(bytes.size(), sodium_base64_VARIANT_ORIGINAL), '\0');
    sodium_bin2base64(out.data(), out.size(), reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size(),
                      sodium_base64_VARIANT_ORIGINAL);
    out.pop_back();  // the terminating NUL
    return out;
}

std::string FromBase64(std::string_view text) {
    std::string out(text.size() / 4 * 3 + 3, '\0');
    std::size_t length = 0;
    if (sodium_base642bin(reinterpret_cast<unsigned char*>(out.data()), out.size(), text.data(), text.size(), nullptr,
                          &length, nullptr, sodium_base64_VARIANT_ORIGINAL) != 0)
        throw std::runtime_error("queued import file is not valid base64");
    out.resize(length);
    return out;
}

}  // namespace

// ---- preparing a file ----------------------------------------------------------------------------

ImportService::Prepared ImportService::Prepare(const core::CallContext& ctx, ImportKind kind,
                                               std::string_view bytes) const {
    const auto& role = ctx.principal.role;
    const bool system = IsSystemPrincipal(ctx.principal);
    // The rules of the API: who may write these records today.
    if (!system) {
        if (kind == ImportKind::kEnterprises && role != identity::role::kSupervisor &&
            role != identity::role::kIndustryOfficer) {
            ThrowForbidden("只有监管部门可以导入企业");
        }
        if (kind == ImportKind::kWorkers && !identity::RoleHasPermission(role, "worker.write"))
            ThrowForbidden("无权导入工人及合同");
        if (kind == ImportKind::kAttendance && !identity::RoleHasPermission(role, "attendance.write"))
            ThrowForbidden("无权导入考勤");
    }
    if (kind != ImportKind::kEnterprises && !cipher_)
        throw Error(ErrorCode::kUnavailable, "未配置数据密钥，无法处理个人信息");
    if (TrimView(bytes).empty()) ThrowInvalidField("file", "请上传 CSV 或 XLSX 文件");

    Prepared prepared{core::ReadTable(bytes)};
    const auto& header = prepared.table.header;
    const auto& defs = ColumnsOf(kind);
    std::vector<std::string> missing, unknown;
    auto matches = [](const ColumnDef& def, std::string_view cell) {
        if (cell == def.label) return true;
        return std::any_of(def.aliases.begin(), def.aliases.end(),
                           [&](const std::string& a) { return Lower(a) == Lower(cell); });
    };
    for (const auto& def : defs) {
        if (def.required && std::none_of(header.begin(), header.end(), [&](const auto& h) { return matches(def, h); }))
            missing.push_back(def.label);
    }
    for (const auto& h : header) {
        if (h.empty()) continue;
        if (std::none_of(defs.begin(), defs.end(), [&](const ColumnDef& d) { return matches(d, h); }))
            unknown.push_back(h);
    }
    if (!missing.empty() || !unknown.empty()) {
        auto join = [](const std::vector<std::string>& names) {
            std::string out;
            for (const auto& n : names) out += (out.empty() ? "" : "、") + n;
            return out;
        };
        std::string reason;
        if (!missing.empty()) reason = "缺少必需的列：" + join(missing);
        if (!unknown.empty()) reason += (reason.empty() ? "" : "；") + std::string("无法识别的列：") + join(unknown);
        reason += "（请使用导入模板）";
        throw Error(ErrorCode::kUnprocessable, "表头有误：" + reason, {{"file", reason}});
    }
    if (prepared.table.rows.empty()) throw Error(ErrorCode::kUnprocessable, "文件没有数据行", {{"file", "没有数据行"}});
    if (prepared.table.rows.size() > options_.max_rows) {
        throw Error(ErrorCode::kPayloadTooLarge, "一个文件最多 " + std::to_string(options_.max_rows) + " 行",
                    {{"file", "最多 " + std::to_string(options_.max_rows) + " 行，收到 " +
                                  std::to_string(prepared.table.rows.size()) + " 行"}});
    }
    return prepared;
}

ImportJob ImportService::CreateJob(const core::CallContext& ctx, ImportKind kind, const std::string& file_name,
                                   std::string_view bytes, std::int64_t rows, bool queue) {
    ImportJob job;
    const auto now = clock_.Now();
    job.id = core::NewId(now);
    job.kind = std::string(ImportKindName(kind));
    std::string name(TrimView(file_name));
    if (name.empty() || !core::IsValidUtf8(name)) name = "upload";
    if (core::Utf8Length(name) > 200) name = name.substr(0, 200);
    while (!core::IsValidUtf8(name)) name.pop_back();  // cut inside a character
    job.file_name = name;
    job.file_sha256 = core::Sha256Hex(bytes);
    job.file_size = static_cast<std::int64_t>(bytes.size());
    job.status = "queued";
    job.rows_total = rows;
    job.created_by = ctx.principal.user_id;
    job.created_by_name = ctx.principal.Name();
    job.region_code = ctx.principal.region_code;
    if (!ctx.principal.enterprise_id.empty()) job.enterprise_id = ctx.principal.enterprise_id;
    job.created_at = now;
    const std::string queued_file = queue ? Base64(bytes) : std::string();
    storage::WithTransaction(db_, [&](storage::Transaction& tx) {
        import_repo::InsertJob(tx, job);
        if (queue) import_repo::InsertPayload(tx, job.id, queued_file, PrincipalJson(ctx.principal), ctx.request_id);
        audit::RecordAudit(tx, clock_, ctx, "create", "import_job", job.id,
                           boost::json::object{{"kind", job.kind},
                                               {"fileName", job.file_name},
                                               {"fileSha256", job.file_sha256},
                                               {"rows", rows}});
    });
    return job;
}

ImportJob ImportService::Submit(const core::CallContext& ctx, ImportKind kind, std::string file_name,
                                std::string bytes) {
    {
        std::lock_guard lock(mutex_);
        if (stopping_) throw Error(ErrorCode::kUnavailable, "服务正在停止，请稍后重新上传");
    }
    Prepared prepared = Prepare(ctx, kind, bytes);
    ImportJob job =
        CreateJob(ctx, kind, file_name, bytes, static_cast<std::int64_t>(prepared.table.rows.size()), /*queue=*/true);
    {
        std::lock_guard lock(mutex_);
        ++wakeups_;
        if (!stopping_) EnsureRunner();  // stopping: the job waits in the queue for another instance
    }
    wake_.notify_one();
    return job;
}

ImportJob ImportService::Run(const core::CallContext& ctx, ImportKind kind, std::string file_name,
                             std::string_view bytes, const ImportProgress& progress) {
    Prepared prepared = Prepare(ctx, kind, bytes);
    ImportJob job =
        CreateJob(ctx, kind, file_name, bytes, static_cast<std::int64_t>(prepared.table.rows.size()), /*queue=*/false);
    Execute(ctx, kind, job.id, bytes, progress);
    auto tx = db_.Begin(storage::TxMode::kRead);
    return *import_repo::FindJob(tx, job.id);
}

// ---- the runner ----------------------------------------------------------------------------------

void ImportService::Start() {
    std::lock_guard lock(mutex_);
    if (!stopping_) EnsureRunner();
}

void ImportService::EnsureRunner() {
    if (!runner_.joinable()) runner_ = std::thread([this] { RunnerLoop(); });
}

void ImportService::RunnerLoop() {
    std::uint64_t seen_wakeups = 0;
    for (;;) {
        {
            std::lock_guard lock(mutex_);
            if (stopping_) return;
            seen_wakeups = wakeups_;
        }
        std::optional<import_repo::LeasedJob> leased;
        try {
            const auto now = core::ToMillis(clock_.Now());
            leased = storage::WithTransaction(db_, [&](storage::Transaction& tx) {
                return import_repo::LeaseNext(tx, runner_id_, now, now + options_.lease.count());
            });
        } catch (const std::exception& e) {
            spdlog::error("import runner: cannot read the queue: {}", e.what());
        }
        if (!leased) {
            std::unique_lock lock(mutex_);
            wake_.wait_for(lock, options_.poll, [&] { return stopping_ || wakeups_ != seen_wakeups; });
            continue;
        }
        {
            std::lock_guard lock(mutex_);
            busy_ = true;
        }
        try {
            core::CallContext ctx{PrincipalFromJson(leased->principal_json), leased->request_id};
            auto kind = ParseImportKind(leased->kind);
            if (!kind) throw std::runtime_error("unknown import kind " + leased->kind);
            Execute(ctx, *kind, leased->job_id, FromBase64(leased->content_b64), {}, leased->rows_done, /*leased=*/true);
        } catch (const std::exception& e) {
            // Not a batch that failed (Execute records those) but the job itself — an unreadable
            // queued file, an unknown kind: fail it for good, or every lease would try again.
            spdlog::error("import job {} failed: {}", leased->job_id, e.what());
            try {
                storage::WithTransaction(db_, [&](storage::Transaction& tx) {
                    import_repo::Finish(tx, leased->job_id, "failed", std::string("导入文件无法读取，请重新上传"),
                                        core::ToMillis(clock_.Now()));
                    import_repo::DeletePayload(tx, leased->job_id);
                });
            } catch (const std::exception& again) {
                spdlog::error("import job {}: could not mark it failed: {}", leased->job_id, again.what());
            }
        }
        {
            std::lock_guard lock(mutex_);
            busy_ = false;
        }
        idle_.notify_all();
    }
}

void ImportService::WaitIdle() {
    for (;;) {
        {
            std::lock_guard lock(mutex_);
            if (!runner_.joinable() || stopping_) return;
            if (!busy_) {
                auto tx = db_.Begin(storage::TxMode::kRead);
                if (import_repo::CountQueued(tx) == 0) return;
            }
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
}

void ImportService::RequestStop() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_all();
}

void ImportService::Stop() {
    RequestStop();
    if (runner_.joinable()) runner_.join();
    idle_.notify_all();
}

std::int64_t ImportService::FailInterrupted(std::chrono::milliseconds stale_after) {
    return storage::WithTransaction(db_, [&](storage::Transaction& tx) {
        const auto now = core::ToMillis(clock_.Now());
        auto ids = import_repo::StaleJobs(tx, now - stale_after.count());
        for (const auto& id : ids) {
            import_repo::Finish(tx, id, "failed",
                                std::string("导入中断（服务已停止）；已提交的批次已保存，重新导入同一文件即可补完，不会重复"),
                                now);
        }
        return static_cast<std::int64_t>(ids.size());
    });
}

// ---- working a job -------------------------------------------------------------------------------

void ImportService::Execute(const core::CallContext& ctx, ImportKind kind, const std::string& job_id,
                            std::string_view bytes, const ImportProgress& progress, std::int64_t resume_from,
                            bool leased) {
    const core::Table table = core::ReadTable(bytes);
    std::vector<core::ColumnMap::Column> spec;
    for (const auto& def : ColumnsOf(kind)) {
        std::vector<std::string> aliases = def.aliases;
        aliases.push_back(def.label);
        spec.push_back({def.key, aliases, false});
    }
    const core::ColumnMap columns(table, spec);
    const std::size_t total = table.rows.size();
    if (resume_from == 0) {
        storage::WithTransaction(db_, [&](storage::Transaction& tx) {
            import_repo::MarkRunning(tx, job_id, static_cast<std::int64_t>(total), core::ToMillis(clock_.Now()));
        });
    } else {
        spdlog::info("import job {}: taken over at row {} of {}", job_id, resume_from, total);
    }
    auto report = [&] {
        if (!progress) return;
        auto tx = db_.Begin(storage::TxMode::kRead);
        if (auto job = import_repo::FindJob(tx, job_id)) progress(*job);
    };
    // The job's end and the queued file's removal commit together.
    auto finish = [&](storage::Transaction& tx, std::string_view status, const std::optional<std::string>& message) {
        import_repo::Finish(tx, job_id, status, message, core::ToMillis(clock_.Now()));
        import_repo::DeletePayload(tx, job_id);
    };
    auto fail = [&](const std::string& message) {
        storage::WithTransaction(db_, [&](storage::Transaction& tx) { finish(tx, "failed", message); });
        report();
    };

    std::int64_t committed = resume_from;
    for (std::size_t start = static_cast<std::size_t>(resume_from); start < total; start += options_.batch_size) {
        bool stopping = false;
        {
            std::lock_guard lock(mutex_);
            stopping = stopping_;
        }
        if (stopping) {
            if (leased) {  // back to the queue: another runner goes on from row `committed`
                storage::WithTransaction(db_, [&](storage::Transaction& tx) { import_repo::ReleaseLease(tx, job_id, runner_id_); });
            } else {
                fail("服务停止，导入中断：已提交 " + std::to_string(committed) +
                     " 行；重新导入同一文件即可补完，不会重复");
            }
            return;
        }
        const std::size_t end = std::min(total, start + options_.batch_size);
        try {
            ProcessBatch(ctx, kind, job_id, table, columns, start, end);
        } catch (const std::exception& e) {
            // A whole batch could not be stored (database unreachable …): committed batches stay.
            spdlog::error("import job {}: batch from row {} failed: {}", job_id, table.row_numbers[start], e.what());
            fail("第 " + std::to_string(table.row_numbers[start]) + " 行起的一批未能写入（数据库错误）；已提交 " +
                 std::to_string(committed) + " 行，重新导入同一文件即可补完，不会重复");
            return;
        }
        committed += static_cast<std::int64_t>(end - start);
        if (leased) {
            const auto now = core::ToMillis(clock_.Now());
            bool held = storage::WithTransaction(db_, [&](storage::Transaction& tx) {
                return import_repo::RenewLease(tx, job_id, runner_id_, now + options_.lease.count());
            });
            if (!held) {  // this runner stalled past its lease and another took the job over
                spdlog::warn("import job {}: lease lost after row {}; another runner goes on", job_id, committed);
                return;
            }
            if (options_.after_batch) options_.after_batch(job_id);
        }
        report();
    }
    storage::WithTransaction(db_, [&](storage::Transaction& tx) {
        finish(tx, "done", std::nullopt);
        auto job = import_repo::FindJob(tx, job_id);
        audit::RecordAudit(tx, clock_, ctx, "finish", "import_job", job_id,
                           boost::json::object{{"created", job->rows_created},
                                               {"updated", job->rows_updated},
                                               {"unchanged", job->rows_unchanged},
                                               {"failed", job->rows_failed}});
    });
    report();
}

// ---- rows ----------------------------------------------------------------------------------------

namespace {

// Projects, employers and teams a batch names, looked up once per batch (imports never create them;
// a batch is one transaction, so what it read stays true while it runs).
struct BatchLookups {
    std::map<std::string, std::optional<std::string>, std::less<>> project_ids;  // code → id, if visible
    std::map<std::string, std::optional<std::string>, std::less<>> employer_ids;  // credit code → id
    std::map<std::pair<std::string, std::string>, bool> participates;
    std::map<std::string, std::vector<Team>, std::less<>> teams;  // project id → its teams
};

struct RowScope {
    storage::Transaction& tx;
    const core::CallContext& ctx;
    EnterpriseService& enterprises;
    WorkerService& workers;
    ContractService& contracts;
    const core::FieldCipher* cipher;
    std::vector<std::string>& changed_projects;
    BatchLookups& lookups;
};

// A known credit code updates the enterprise (only the cells that differ; empty cells change
// nothing); a new one registers it with the rules of POST /enterprises.
Outcome EnterpriseRow(RowScope& s, const RowCells& cells) {
    core::FieldErrors errors;
    std::optional<std::string> kind;
    if (const std::string text = cells["kind"]; !text.empty()) {
        kind = EnterpriseKindOf(text);
        if (!kind) errors.Add("kind", "取值无效，可选：建设单位、施工总承包、专业分包、劳务分包、其他用工单位");
    }
    errors.ThrowIfAny();
    const core::CreditCodeCheck code = core::CheckCreditCode(cells["creditCode"]);
    std::optional<Enterprise> existing;
    if (code.well_formed) existing = repository::FindEnterpriseByCreditCode(s.tx, code.normalized);
    if (!existing) {
        NewEnterprise input;
        input.credit_code = cells["creditCode"];
        input.name = cells["name"];
        input.kind = kind.value_or("");
        input.region_code = cells["regionCode"];
        input.legal_representative = cells["legalRepresentative"];
        input.qualification = cells["qualification"];
        input.address = cells["address"];
        input.contact_name = cells["contactName"];
        if (const std::string phone = cells["contactPhone"]; !phone.empty()) input.contact_phone = phone;
        s.enterprises.Create(s.tx, s.ctx, input);
        return Outcome::kCreated;
    }
    if (!repository::EnterpriseVisible(s.tx, s.ctx.principal, existing->id))
        ThrowConflict("该统一社会信用代码已登记", {{"creditCode", "该统一社会信用代码已登记（不在您的管辖范围内）"}});
    EnterprisePatch patch;
    auto differ = [&](std::string_view key, const std::string& current, std::optional<std::string>& field) {
        const std::string value = cells[key];
        if (!value.empty() && value != current) field = value;
    };
    differ("name", existing->name, patch.name);
    differ("legalRepresentative", existing->legal_representative, patch.legal_representative);
    differ("regionCode", existing->region_code, patch.region_code);
    differ("qualification", existing->qualification, patch.qualification);
    differ("address", existing->address, patch.address);
    differ("contactName", existing->contact_name, patch.contact_name);
    if (kind && *kind != existing->kind) patch.kind = kind;
    if (const std::string phone = cells["contactPhone"]; !phone.empty()) {
        std::optional<std::string> current;
        if (existing->contact_phone_enc && s.cipher)
            current = s.cipher->Open(*existing->contact_phone_enc, kEnterprisePhoneContext);
        if (current != phone) patch.contact_phone = phone;
    }
    if (!patch.name && !patch.legal_representative && !patch.region_code && !patch.kind && !patch.qualification &&
        !patch.address && !patch.contact_name && !patch.contact_phone) {
        return Outcome::kUnchanged;
    }
    s.enterprises.Update(s.tx, s.ctx, existing->id, patch);
    return Outcome::kUpdated;
}

// The contract part of a worker row; nullopt when the row names no project.
struct ContractCells {
    NewContract input;
    std::optional<core::Date> entered_on;
};

std::optional<ContractCells> ReadContract(storage::Transaction& tx, const core::CallContext& ctx,
                                          BatchLookups& lookups, const RowCells& cells) {
    const std::string project_code = cells["projectCode"];
    if (project_code.empty()) return std::nullopt;
    core::FieldErrors errors;
    ContractCells c;
    auto found = lookups.project_ids.find(project_code);
    if (found == lookups.project_ids.end()) {
        std::optional<std::string> id;
        if (auto p = repository::FindProjectByCode(tx, project_code);
            p && repository::ProjectVisibleTo(tx, ctx.principal, p->id)) {
            id = p->id;
        }
        found = lookups.project_ids.emplace(project_code, id).first;
    }
    const std::optional<std::string>& project = found->second;
    if (!project) {
        errors.Add("projectCode", "项目不存在或不在您的范围内");
    } else {
        c.input.project_id = *project;
    }
    const std::string employer_code = cells["employerCreditCode"];
    std::optional<std::string> employer;
    if (employer_code.empty()) {
        errors.Add("employerCreditCode", "填写项目编码时必填");
    } else {
        const std::string code = core::CheckCreditCode(employer_code).normalized;
        auto it = lookups.employer_ids.find(code);
        if (it == lookups.employer_ids.end()) {
            auto e = repository::FindEnterpriseByCreditCode(tx, code);
            it = lookups.employer_ids.emplace(code, e ? std::optional(e->id) : std::nullopt).first;
        }
        employer = it->second;
        if (!employer) {
            errors.Add("employerCreditCode", "未登记的企业");
        } else {
            c.input.employer_id = *employer;
        }
    }
    if (project && employer) {
        auto key = std::make_pair(*project, *employer);
        auto it = lookups.participates.find(key);
        if (it == lookups.participates.end())
            it = lookups.participates.emplace(key, repository::ProjectHasParticipant(tx, *project, *employer)).first;
        if (!it->second) {
            errors.Add("employerCreditCode", "该单位未参建此项目");
            employer.reset();  // its teams are not this project's
        }
    }
    if (const std::string team = cells["teamName"]; !team.empty() && project && employer) {
        auto it = lookups.teams.find(*project);
        if (it == lookups.teams.end()) it = lookups.teams.emplace(*project, repository::ListTeams(tx, *project)).first;
        for (const auto& t : it->second)
            if (t.name == team && t.enterprise_id == *employer) c.input.team_id = t.id;
        if (!c.input.team_id) errors.Add("teamName", "该项目中该用工单位下没有此班组");
    }
    if (auto kind = ContractKindOf(cells["contractKind"])) {
        c.input.kind = *kind;
    } else {
        errors.Add("contractKind", "应为 劳动合同 或 用工协议");
    }
    auto date = [&](std::string_view key, bool required) -> std::optional<core::Date> {
        const std::string text = cells[key];
        if (text.empty()) {
            if (required) errors.Add(std::string(key), "填写项目编码时必填");
            return std::nullopt;
        }
        auto d = ParseDateCell(text);
        if (!d) errors.Add(std::string(key), "日期格式应为 YYYY-MM-DD");
        return d;
    };
    auto start = date("startOn", true);
    c.input.end_on = date("endOn", false);
    auto signed_on = date("signedOn", true);
    c.entered_on = date("enteredOn", false);
    if (start) c.input.start_on = *start;
    if (signed_on) c.input.signed_on = *signed_on;
    if (auto wage_type = WageTypeOf(cells["wageType"])) {
        c.input.wage_type = *wage_type;
    } else {
        errors.Add("wageType", cells["wageType"].empty() ? "填写项目编码时必填" : "应为 按日、按月 或 计件");
    }
    if (const std::string rate = cells["wageRate"]; rate.empty()) {
        errors.Add("wageRate", "填写项目编码时必填");
    } else if (auto fen = core::ParseYuan(rate)) {
        c.input.wage_rate = *fen;
    } else {
        errors.Add("wageRate", "金额格式不正确（元，最多两位小数）");
    }
    errors.ThrowIfAny();
    return c;
}

// A new ID number registers the worker (POST /workers rules: GB 11643, under 16 refused …); a known
// one must carry the registered name, and updates the cells that differ when the caller sees the
// worker. Then the contract (REG 28: contract before entry) and the entry date.
Outcome WorkerRow(RowScope& s, const RowCells& cells) {
    Outcome outcome = Outcome::kUnchanged;
    const std::string id_number = cells["idNumber"];
    std::optional<std::string> work_type;
    if (const std::string text = cells["workType"]; !text.empty()) work_type = WorkTypeCodeOf(text).value_or(text);
    auto optional = [&](std::string_view key) -> std::optional<std::string> {
        std::string value = cells[key];
        if (value.empty()) return std::nullopt;
        return value;
    };
    std::optional<std::string> worker_id;
    if (id_number.empty()) ThrowInvalidField("idNumber", "必填");
    worker_id = s.workers.FindIdByIdNumber(s.tx, id_number);
    if (!worker_id) {
        NewWorker input;
        input.name = cells["name"];
        input.id_number = id_number;
        input.phone = optional("phone");
        input.bank_card = optional("bankCard");
        input.bank_name = optional("bankName");
        input.work_type = work_type;
        worker_id = s.workers.Create(s.tx, s.ctx, input).id;
        outcome = Outcome::kCreated;
    } else {
        auto record = repository::FindWorker(s.tx, *worker_id);
        core::FieldErrors name_errors;
        const std::string name = CheckWorkerName(cells["name"], name_errors);
        name_errors.ThrowIfAny();
        // Never echo the registered name: the file's author may not see that worker.
        if (record->name != name) ThrowInvalidField("name", "与该身份证号已登记的姓名不符");
        if (!repository::WorkerVisible(s.tx, s.ctx.principal, *worker_id)) {
            s.workers.Link(s.tx, s.ctx, *worker_id);  // the name matched: the enterprise knows the person
        } else {
            WorkerPatch patch;
            auto opened = [&](const std::optional<std::string>& sealed, std::string_view context) {
                return sealed && s.cipher ? std::optional(s.cipher->Open(*sealed, context)) : std::nullopt;
            };
            if (auto phone = optional("phone"); phone && phone != opened(record->phone_enc, kPhoneContext))
                patch.phone = phone;
            if (auto card = optional("bankCard")) {
                std::string digits;
                for (char ch : *card)
                    if (ch != ' ') digits += ch;
                if (digits != opened(record->bank_card_enc, kBankCardContext)) patch.bank_card = card;
            }
            if (auto bank = optional("bankName"); bank && bank != record->bank_name) patch.bank_name = bank;
            if (work_type && work_type != record->work_type) patch.work_type = work_type;
            if (patch.phone || patch.bank_card || patch.bank_name || patch.work_type) {
                s.workers.Update(s.tx, s.ctx, *worker_id, patch);
                outcome = Outcome::kUpdated;
            }
        }
    }

    auto contract = ReadContract(s.tx, s.ctx, s.lookups, cells);
    if (!contract) return outcome;
    contract->input.worker_id = *worker_id;
    const NewContract& input = contract->input;
    auto existing = import_repo::FindContractByKey(s.tx, input.worker_id, input.project_id, input.employer_id,
                                                   input.start_on.ToString());
    if (!existing) {
        existing = s.contracts.Create(s.tx, s.ctx, input);
        outcome = Outcome::kCreated;  // a new record, even for a known worker
        s.changed_projects.push_back(input.project_id);
    } else if (existing->kind != input.kind || existing->end_on != input.end_on ||
               existing->wage_type != input.wage_type || existing->wage_rate != input.wage_rate ||
               existing->team_id != input.team_id || existing->signed_on != input.signed_on) {
        ThrowConflict("已有同日开始的合同，内容不同",
                      {{"startOn", "该人员与该单位在此项目已有同日开始、内容不同的合同（导入不修改已签合同）"}});
    }
    if (contract->entered_on) {
        if (!existing->entered_on) {
            s.contracts.RecordEntry(s.tx, s.ctx, existing->id, *contract->entered_on);
            if (outcome == Outcome::kUnchanged) outcome = Outcome::kUpdated;
            s.changed_projects.push_back(input.project_id);
        } else if (*existing->entered_on != *contract->entered_on) {
            ThrowConflict("该合同已登记进场", {{"enteredOn", "该合同已于 " + existing->entered_on->ToString() + " 登记进场"}});
        }
    }
    return outcome;
}

}  // namespace

void ImportService::ProcessBatch(const core::CallContext& ctx, ImportKind kind, const std::string& job_id,
                                 const core::Table& table, const core::ColumnMap& columns, std::size_t begin,
                                 std::size_t end) {
    if (kind == ImportKind::kAttendance) {
        // AttendanceService stores a batch in its own transaction (idempotent by device + punch id)
        // and tells the project change sink; the job's counters follow in the next one. A crash in
        // between leaves the counters behind, never the data: a re-run reads those rows "unchanged".
        import_repo::Counts counts;
        std::vector<core::RowError> errors;
        std::vector<PunchInput> punches;
        std::vector<std::int64_t> rows_of;  // punch index → spreadsheet row
        for (std::size_t i = begin; i < end; ++i) {
            const RowCells cells(columns, table.rows[i]);
            const std::int64_t n = table.row_numbers[i];
            const std::size_t errors_before = errors.size();
            PunchInput p;
            p.project_code = cells["projectCode"];
            p.id_number = cells["idNumber"];
            p.device_id = cells["deviceId"].empty() ? "IMPORT" : cells["deviceId"];
            p.channel = cells["channel"].empty() ? "import" : cells["channel"];
            if (p.project_code.empty()) errors.push_back({n, LabelOf(kind, "projectCode"), "必填"});
            if (p.id_number.empty()) errors.push_back({n, LabelOf(kind, "idNumber"), "必填"});
            const std::string time_text = cells["time"];
            auto time = ParseTimeCell(time_text);
            if (!time) {
                errors.push_back({n, LabelOf(kind, "time"),
                                  time_text.empty() ? "必填" : "应为 YYYY-MM-DD HH:MM:SS（北京时间）"});
            } else {
                p.time = core::FormatTimestamp(*time);
            }
            auto direction = DirectionOf(cells["direction"]);
            if (!direction) {
                errors.push_back({n, LabelOf(kind, "direction"), "应为 进 或 出（in/out、01/02）"});
            } else {
                p.direction = *direction;
            }
            for (const char* key : {"lng", "lat"}) {
                const std::string text = cells[key];
                if (text.empty()) continue;
                auto value = ParseCoordinate(text);
                if (!value) {
                    errors.push_back({n, LabelOf(kind, key), "应为数字"});
                } else {
                    (std::string_view(key) == "lng" ? p.lng : p.lat) = value;
                }
            }
            p.punch_id = cells["punchId"];
            if (errors.size() == errors_before && p.punch_id.empty()) {
                // The same record imported twice gets the same id (keyed: it reveals no ID number).
                const std::string content = p.project_code + "|" + NormalizeIdNumber(p.id_number) + "|" +
                                            std::to_string(core::ToMillis(*time)) + "|" + p.direction;
                p.punch_id = "imp-" + cipher_->BlindIndex(content, "registry_import.punch_id").substr(0, 40);
            }
            if (errors.size() != errors_before) {
                ++counts.failed;
                continue;
            }
            punches.push_back(std::move(p));
            rows_of.push_back(n);
        }
        core::CallContext batch_ctx = ctx;
        batch_ctx.request_id = job_id + ":" + std::to_string(table.row_numbers[begin]);
        PunchBatchResult result;
        if (!punches.empty()) result = attendance_.SubmitPunches(batch_ctx, punches);
        for (const auto& r : result.rejected) errors.push_back({rows_of[r.index], LabelOf(kind, r.field), r.reason});
        std::stable_sort(errors.begin(), errors.end(), [](const auto& a, const auto& b) { return a.row < b.row; });
        counts.done = static_cast<std::int64_t>(end - begin);
        counts.failed += static_cast<std::int64_t>(result.rejected.size());
        counts.created = result.accepted;
        counts.unchanged = result.duplicates;
        storage::WithTransaction(db_, [&](storage::Transaction& tx) {
            import_repo::AddProgress(tx, job_id, counts, core::ToMillis(clock_.Now()));
            import_repo::InsertErrors(tx, job_id, errors);
        });
        return;
    }

    std::vector<std::string> changed;
    storage::WithTransaction(db_, [&](storage::Transaction& tx) {
        changed.clear();  // a retried attempt starts over
        import_repo::Counts counts;
        std::vector<core::RowError> errors;
        BatchLookups lookups;
        RowScope scope{tx, ctx, enterprises_, workers_, contracts_, cipher_, changed, lookups};
        for (std::size_t i = begin; i < end; ++i) {
            const RowCells cells(columns, table.rows[i]);
            const std::int64_t n = table.row_numbers[i];
            const std::size_t changed_before = changed.size();
            // Each row in a savepoint: a refused row leaves nothing behind and the batch goes on.
            tx.Execute("SAVEPOINT import_row");
            auto undo = [&] {
                tx.Execute("ROLLBACK TO SAVEPOINT import_row");
                tx.Execute("RELEASE SAVEPOINT import_row");
                changed.resize(changed_before);
                ++counts.failed;
            };
            try {
                Outcome outcome = kind == ImportKind::kEnterprises ? EnterpriseRow(scope, cells) : WorkerRow(scope, cells);
                tx.Execute("RELEASE SAVEPOINT import_row");
                Count(counts, outcome);
            } catch (const Error& e) {
                undo();
                AddRowErrors(errors, kind, n, e);
            } catch (const storage::ConstraintViolation&) {
                undo();
                errors.push_back({n, "（整行）", "与已有数据冲突（可能同时有其他人在登记同一记录），请重新导入"});
            }
            ++counts.done;
        }
        import_repo::AddProgress(tx, job_id, counts, core::ToMillis(clock_.Now()));
        import_repo::InsertErrors(tx, job_id, errors);
    });
    std::sort(changed.begin(), changed.end());
    changed.erase(std::unique(changed.begin(), changed.end()), changed.end());
    core::TellProjectsChanged(changes_, changed);
}

// ---- reading jobs --------------------------------------------------------------------------------

ImportJob ImportService::Get(const core::CallContext& ctx, std::string_view id) const {
    auto tx = db_.Begin(storage::TxMode::kRead);
    auto job = import_repo::FindJob(tx, id);
    if (!job || !import_repo::JobVisible(*job, ctx.principal)) ThrowNotFound("导入任务");
    return std::move(*job);
}

ImportJobPage ImportService::List(const core::CallContext& ctx, std::int64_t offset, std::int64_t limit) const {
    auto tx = db_.Begin(storage::TxMode::kRead);
    ImportJobPage page;
    page.items = import_repo::ListJobs(tx, ctx.principal, std::max<std::int64_t>(offset, 0),
                                       std::clamp<std::int64_t>(limit, 0, 200));
    page.total = import_repo::CountJobs(tx, ctx.principal);
    return page;
}

std::vector<core::RowError> ImportService::Errors(const core::CallContext& ctx, std::string_view id) const {
    auto tx = db_.Begin(storage::TxMode::kRead);
    auto job = import_repo::FindJob(tx, id);
    if (!job || !import_repo::JobVisible(*job, ctx.principal)) ThrowNotFound("导入任务");
    return import_repo::ListErrors(tx, id);
}

// ---- XLSX ----------------------------------------------------------------------------------------

std::string ImportService::Template(ImportKind kind) {
    core::XlsxWorkbook file;
    lxw_workbook* workbook = file.get();
    const std::string title(SheetTitle(kind));
    lxw_worksheet* sheet = workbook_add_worksheet(workbook, title.c_str());
    lxw_worksheet* help = workbook_add_worksheet(workbook, "填写说明");
    lxw_format* text = workbook_add_format(workbook);
    format_set_num_format(text, "@");  // ID and card numbers stay text: Excel would round 18 digits
    lxw_format* bold = workbook_add_format(workbook);
    format_set_bold(bold);
    lxw_format* required = workbook_add_format(workbook);
    format_set_bold(required);
    format_set_font_color(required, LXW_COLOR_RED);
    const auto& defs = ColumnsOf(kind);
    for (lxw_col_t c = 0; c < defs.size(); ++c) {
        worksheet_set_column(sheet, c, c, 20, text);
        worksheet_write_string(sheet, 0, c, defs[c].label.c_str(), defs[c].required ? required : bold);
        worksheet_write_string(sheet, 1, c, defs[c].example.c_str(), text);
    }
    worksheet_freeze_panes(sheet, 1, 0);
    worksheet_set_column(help, 0, 0, 22, nullptr);
    worksheet_set_column(help, 1, 2, 14, nullptr);
    worksheet_set_column(help, 3, 3, 80, nullptr);
    const char* headers[] = {"列名", "英文名", "是否必填", "说明"};
    for (lxw_col_t c = 0; c < 4; ++c) worksheet_write_string(help, 0, c, headers[c], bold);
    for (std::size_t i = 0; i < defs.size(); ++i) {
        const auto r = static_cast<lxw_row_t>(i + 1);
        worksheet_write_string(help, r, 0, defs[i].label.c_str(), nullptr);
        worksheet_write_string(help, r, 1, defs[i].key.c_str(), nullptr);
        worksheet_write_string(help, r, 2, defs[i].required ? "必填" : "可空", nullptr);
        worksheet_write_string(help, r, 3, defs[i].note.c_str(), nullptr);
    }
    worksheet_write_string(help, static_cast<lxw_row_t>(defs.size() + 2), 0,
                           "第 2 行是示例，导入前请删除。CSV 文件可为 UTF-8 或 GBK（Excel“CSV（逗号分隔）”）编码。", nullptr);
    return file.Finish();
}

std::string ImportService::ErrorsXlsx(const std::vector<core::RowError>& errors) {
    core::XlsxWorkbook file;
    lxw_workbook* workbook = file.get();
    lxw_worksheet* sheet = workbook_add_worksheet(workbook, "错误报告");
    lxw_format* bold = workbook_add_format(workbook);
    format_set_bold(bold);
    worksheet_set_column(sheet, 0, 0, 8, nullptr);
    worksheet_set_column(sheet, 1, 1, 20, nullptr);
    worksheet_set_column(sheet, 2, 2, 80, nullptr);
    worksheet_write_string(sheet, 0, 0, "行号", bold);
    worksheet_write_string(sheet, 0, 1, "字段", bold);
    worksheet_write_string(sheet, 0, 2, "原因", bold);
    lxw_row_t r = 1;
    for (const auto& e : errors) {
        worksheet_write_number(sheet, r, 0, static_cast<double>(e.row), nullptr);
        worksheet_write_string(sheet, r, 1, e.field.c_str(), nullptr);
        worksheet_write_string(sheet, r, 2, e.reason.c_str(), nullptr);
        ++r;
    }
    return file.Finish();
}

}  // namespace anxin::registry
