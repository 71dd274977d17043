#include "clues/clue_service.hpp"

#include <sodium.h>

#include <algorithm>
#include <map>
#include <utility>

#include <boost/json.hpp>

#include "audit/audit.hpp"
#include "clues/clue_repository.hpp"
#include "core/error.hpp"
#include "core/identifiers.hpp"
#include "core/ids.hpp"
#include "core/validation.hpp"
#include "core/text.hpp"
#include "identity/permissions.hpp"
#include "notify/notify.hpp"
#include "registry/project_scope.hpp"
#include "registry/projects.hpp"
#include "registry/published.hpp"
#include "wages/wages.hpp"

namespace anxin::clues {
namespace {

constexpr std::string_view kCrockford = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
constexpr size_t kNameMaxChars = 50;
constexpr size_t kEmployerMaxChars = 200;
constexpr size_t kDescriptionMaxChars = 4000;
constexpr size_t kReasonMaxChars = 1000;
constexpr std::int64_t kMaxWorkerCount = 100000;

std::string Trim(std::string_view text) { return std::string(core::TrimSpace(text)); }

bool Contains(auto const& list, std::string_view value) {
    return std::find(list.begin(), list.end(), value) != list.end();
}

// Phones as people type them: spaces and '-' dropped. Mobiles, landlines with area code, or
// hotline numbers: 5–20 digits with an optional leading '+'. nullopt when malformed.
std::optional<std::string> NormalizePhone(std::string_view text) {
    std::string out;
    for (char ch : Trim(text)) {
        if (ch == ' ' || ch == '-') continue;
        if (ch == '+' && out.empty()) {
            out += ch;
            continue;
        }
        if (ch < '0' || ch > '9') return std::nullopt;
        out += ch;
    }
    const size_t digits = out.size() - (out.starts_with('+') ? 1 : 0);
    if (digits < 5 || digits > 20) return std::nullopt;
    return out;
}

std::optional<std::string> NormalizeBankCard(std::string_view text) {
    std::string out;
    for (char ch : Trim(text)) {
        if (ch == ' ') continue;
        if (ch < '0' || ch > '9') return std::nullopt;
        out += ch;
    }
    if (out.size() < 12 || out.size() > 19) return std::nullopt;
    return out;
}

// "YYYY-MM" with a real month.
bool IsMonth(std::string_view text) {
    if (text.size() != 7 || text[4] != '-') return false;
    for (size_t i : {0, 1, 2, 3, 5, 6}) {
        if (text[i] < '0' || text[i] > '9') return false;
    }
    int month = (text[5] - '0') * 10 + (text[6] - '0');
    return month >= 1 && month <= 12;
}

std::string FormatMonth(int year, int month) {
    std::string y = std::to_string(year);
    std::string m = std::to_string(month);
    return std::string(4 - std::min<size_t>(y.size(), 4), '0') + y + "-" + (month < 10 ? "0" : "") + m;
}

std::string MonthOf(core::Date d) { return d.ToString().substr(0, 7); }

std::string NextMonth(std::string_view month) {
    int year = std::stoi(std::string(month.substr(0, 4)));
    int m = std::stoi(std::string(month.substr(5, 2)));
    if (++m > 12) {
        m = 1;
        ++year;
    }
    return FormatMonth(year, m);
}

std::string MonthMinus(core::Date d, int months) {
    int total = d.year() * 12 + static_cast<int>(d.month()) - 1 - months;
    return FormatMonth(total / 12, total % 12 + 1);
}

core::CallContext PublicContext(std::string_view request_id) {
    core::CallContext ctx;
    ctx.principal.user_id = "public";
    ctx.principal.username = "public";
    ctx.principal.display_name = "投诉人";
    ctx.principal.role = "public";
    ctx.request_id = std::string(request_id);
    return ctx;
}

std::string StatusLabel(std::string_view status) {
    if (status == "received") return "已收到，待受理";
    if (status == "accepted") return "已受理";
    if (status == "rejected") return "不予受理";
    if (status == "merged") return "已并案办理";
    return std::string(status);
}

std::string TargetLabel(std::string_view kind) {
    if (kind == kTargetTown) return "乡镇（街道）";
    if (kind == kTargetCounty) return "县（市、区）";
    if (kind == kTargetDepartment) return "行业主管部门";
    return "总承包企业总部";
}

boost::json::array TargetsJson(const std::vector<PlannedTarget>& targets) {
    boost::json::array out;
    for (const auto& t : targets) out.push_back(boost::json::object{{"kind", t.kind}, {"ref", t.ref}});
    return out;
}

}  // namespace

std::string NormalizeTrackingCode(std::string_view text) {
    std::string out;
    for (char ch : text) {
        if (ch == '-' || ch == ' ') continue;
        if (ch >= 'a' && ch <= 'z') ch = static_cast<char>(ch - 'a' + 'A');
        if (ch == 'I' || ch == 'L') ch = '1';
        if (ch == 'O') ch = '0';
        out += ch;
    }
    return out;
}

std::string NewTrackingCode() {
    if (sodium_init() < 0) throw std::runtime_error("libsodium initialisation failed");
    std::string code;
    for (int i = 0; i < 10; ++i) code += kCrockford[randombytes_uniform(32)];
    return code;
}

std::vector<std::string> ClueIdsOfCase(storage::Transaction& tx, std::string_view case_id) {
    return repository::ClueIdsOfCase(tx, case_id);
}

std::optional<ComplainantContact> ComplainantOfClue(storage::Transaction& tx, const core::FieldCipher& cipher,
                                                    std::string_view clue_id) {
    auto record = repository::FindClue(tx, clue_id);
    if (!record) return std::nullopt;
    return ComplainantContact{record->tracking_code, cipher.Open(record->phone_enc, kPhoneContext)};
}

// ---- construction and wiring ---------------------------------------------------------------------

ClueService::ClueService(storage::Database& db, const core::Clock& clock, const core::FieldCipher* cipher,
                         Dependencies deps, Hooks hooks, ClueOptions options)
    : db_(db),
      clock_(clock),
      cipher_(cipher),
      deps_(deps),
      resolver_(deps.regions, deps.enterprises),
      pow_(options.pow_key),
      owed_months_back_(options.owed_months_back),
      limits_(options.limits),
      case_intake_(hooks.case_intake),
      case_timeline_(hooks.case_timeline),
      case_confirmation_(hooks.case_confirmation),
      changes_(hooks.changes) {}

void ClueService::SetLimits(const IntakeLimits& limits) {
    std::lock_guard lock(mutex_);
    limits_ = limits;
}

IntakeLimits ClueService::limits() const {
    std::lock_guard lock(mutex_);
    return limits_;
}

const core::FieldCipher& ClueService::Cipher() const {
    if (!cipher_) throw Error(ErrorCode::kUnavailable, "未配置数据密钥，无法处理个人信息");
    return *cipher_;
}

// ---- intake ----------------------------------------------------------------------------------------

struct ClueService::Prepared {
    repository::ClueRecord record;  // everything but id, tracking code, deadline and timestamps
    std::vector<PlannedTarget> targets;
    std::optional<std::string> gc_enterprise_id;
    std::string phone;  // normalised plain phone, for the receipt message
    // 三交办: the GC headquarters' contact phone (the enterprise's registered contact) and the
    // project's name for its notice; no phone registered → no notice (the routing row remains).
    std::optional<std::string> gc_phone;
    std::string project_name;
};

// Validation and every look-up that opens its own transaction (region and registry services), so
// the write transaction that follows holds the database only for the inserts.
ClueService::Prepared ClueService::Prepare(const core::CallContext& ctx, const ClueInput& in,
                                           bool public_intake) const {
    const auto& cipher = Cipher();
    core::FieldErrors errors;
    Prepared p;
    auto& r = p.record;

    if (!Contains(kChannels, in.channel)) errors.Add("channel", "取值无效");
    r.channel = in.channel;
    r.source_system = in.source_system;
    r.source_id = in.source_id;
    r.is_construction = in.is_construction;

    r.complainant_name = Trim(in.complainant_name);
    if (r.complainant_name.empty()) {
        errors.Add("complainantName", "必填");
    } else if (!core::IsValidUtf8(r.complainant_name) || core::Utf8Length(r.complainant_name) > kNameMaxChars) {
        errors.Add("complainantName", "长度不能超过 " + std::to_string(kNameMaxChars) + " 个字符");
    }

    // REG 10: whoever receives a complaint must be able to call the complainant back.
    if (Trim(in.phone).empty()) {
        errors.Add("phone", "缺少联系电话（Missing contact）");
    } else if (auto phone = NormalizePhone(in.phone)) {
        p.phone = *phone;
        r.phone_enc = cipher.Seal(*phone, kPhoneContext);
        r.phone_mask = core::MaskPhone(*phone);
        r.phone_index = cipher.BlindIndex(*phone, kPhoneContext);
    } else {
        errors.Add("phone", "联系电话格式不正确");
    }

    std::optional<std::string> id_number;
    if (in.id_number && !Trim(*in.id_number).empty()) {
        auto check = core::ParseIdNumber(*in.id_number, clock_.TodayInShanghai());
        if (!check.info) {
            errors.Add("idNumber", check.reason);
        } else {
            id_number = check.info->normalized;
            r.id_number_enc = cipher.Seal(*id_number, kIdNumberContext);
            r.id_number_mask = core::MaskIdNumber(*id_number);
            r.id_number_index = cipher.BlindIndex(*id_number, kIdNumberContext);
        }
    }
    if (in.bank_card && !Trim(*in.bank_card).empty()) {
        if (auto card = NormalizeBankCard(*in.bank_card)) {
            r.bank_card_enc = cipher.Seal(*card, kBankCardContext);
            r.bank_card_mask = core::MaskBankCard(*card);
        } else {
            errors.Add("bankCard", "银行卡号应为 12 到 19 位数字");
        }
    }
    r.identity_disclosure_agreed = in.identity_disclosure_agreed;

    r.employer_name = Trim(in.employer_name);
    r.employer_address = Trim(in.employer_address);
    if (core::Utf8Length(r.employer_name) > kEmployerMaxChars) errors.Add("employerName", "过长");
    if (core::Utf8Length(r.employer_address) > kEmployerMaxChars) errors.Add("employerAddress", "过长");
    std::optional<std::string> credit_code;
    if (in.employer_credit_code && !Trim(*in.employer_credit_code).empty()) {
        credit_code = core::CheckCreditCode(*in.employer_credit_code).normalized;
    }

    for (auto [field, value] : {std::pair{"unpaidFrom", &in.unpaid_from}, std::pair{"unpaidTo", &in.unpaid_to}}) {
        if (value->has_value() && !(*value)->empty() && !IsMonth(**value)) errors.Add(field, "应为 YYYY-MM");
    }
    if (in.unpaid_from && !in.unpaid_from->empty()) r.unpaid_from = in.unpaid_from;
    if (in.unpaid_to && !in.unpaid_to->empty()) r.unpaid_to = in.unpaid_to;
    if (r.unpaid_from && r.unpaid_to && IsMonth(*r.unpaid_from) && IsMonth(*r.unpaid_to) &&
        *r.unpaid_from > *r.unpaid_to) {
        errors.Add("unpaidTo", "不能早于欠薪开始月份");
    }
    const std::string this_month = MonthOf(clock_.TodayInShanghai());
    if (r.unpaid_to && IsMonth(*r.unpaid_to) && *r.unpaid_to > this_month) errors.Add("unpaidTo", "不能晚于本月");

    if (in.amount <= 0) errors.Add("amount", "欠薪金额必须是大于 0 的整数（分）");
    r.amount = in.amount;
    if (in.worker_count < 1 || in.worker_count > kMaxWorkerCount) errors.Add("workerCount", "人数应在 1 到 100000 之间");
    r.worker_count = in.worker_count;

    r.description = Trim(in.description);
    if (r.description.empty()) {
        errors.Add("description", "请简要描述欠薪情况");
    } else if (!core::IsValidUtf8(r.description) || core::Utf8Length(r.description) > kDescriptionMaxChars) {
        errors.Add("description", "长度不能超过 " + std::to_string(kDescriptionMaxChars) + " 个字符");
    }

    if (in.key_grade) {
        if (public_intake) {
            errors.Add("keyGrade", "公众提交不能设置重点等级");
        } else if (!Contains(kKeyGrades, *in.key_grade)) {
            errors.Add("keyGrade", "取值无效，可选：red, yellow, blue");
        } else if (!in.key_reason || Trim(*in.key_reason).empty()) {
            errors.Add("keyReason", "重点线索须说明原因（上级交办、领导批示或舆情风险）");
        }
        r.key_grade = in.key_grade;
        if (in.key_reason) r.key_reason = Trim(*in.key_reason);
    } else if (in.key_reason && !Trim(*in.key_reason).empty()) {
        errors.Add("keyGrade", "填写了重点原因但未选择等级");
    }

    // The project: by id (staff), or by the token of its QR code (public page).
    std::optional<registry::ProjectFacts> project;
    {
        auto tx = db_.Begin(storage::TxMode::kRead);
        if (in.project_token && !in.project_token->empty()) {
            project = registry::ProjectService::FindByPublicToken(tx, *in.project_token);
            if (!project) ThrowNotFound("项目");
        } else if (in.project_id && !in.project_id->empty()) {
            project = registry::ProjectService::FindFacts(tx, *in.project_id);
            // Issue 11: a project outside the officer's scope was accepted and its name, region and
            // industry echoed (and a missing id answered differently, so ids could be probed). Staff
            // name projects they may see; a complaint about one elsewhere is registered by employer
            // and region, which route it to the right county.
            const bool staff_form = !public_intake && !in.source_system;
            if (project && staff_form && !registry::ProjectInScope(tx, ctx.principal, project->id)) project.reset();
            if (!project) errors.Add("projectId", "项目不存在或不在您的管辖范围内；辖区外的项目请填写用人单位和所在地区");
        }
        if (in.region_code && !in.region_code->empty()) {
            try {
                region::RegionService::RequireRegion(tx, *in.region_code, "regionCode");
            } catch (const Error&) {
                errors.Add("regionCode", "不是有效的行政区划代码");
            }
        }
        if (id_number) r.worker_id = deps_.workers.FindIdByIdNumber(tx, *id_number);
    }
    if (!project && r.employer_name.empty()) errors.Add("employerName", "必填");
    errors.ThrowIfAny();

    // 属地: the project's region; else the matched employer's registered region; else what was given.
    std::optional<std::string> region;
    if (project) {
        r.project_id = project->id;
        r.industry = project->industry;
        region = project->region_code;
        if (!r.is_construction && in.channel == "project_qr") r.is_construction = true;
        for (const auto& participant : project->participants) {
            if (participant.role_code == "009") p.gc_enterprise_id = participant.enterprise_id;
            const bool same_code = credit_code && participant.credit_code == *credit_code;
            const bool same_name = !r.employer_name.empty() && participant.enterprise_name == r.employer_name;
            if (!r.employer_id && (same_code || same_name)) {
                r.employer_id = participant.enterprise_id;
                if (r.employer_name.empty()) r.employer_name = participant.enterprise_name;
            }
        }
        if (r.employer_name.empty()) r.employer_name = project->name;  // the worker did not know the company
    } else if (auto employer = resolver_.MatchEmployer(r.employer_name, credit_code)) {
        r.employer_id = employer->id;
        region = employer->region_code;
        if (r.employer_address.empty()) r.employer_address = employer->address;
    }
    if (!region && in.region_code && !in.region_code->empty()) region = *in.region_code;
    if (!region && !public_intake && !ctx.principal.region_code.empty()) region = ctx.principal.region_code;
    if (!region) ThrowInvalidField("regionCode", "无法确定欠薪发生地，请选择所在地区");
    r.region_code = *region;
    r.county_code = CountyOf(*region);

    // 双交办: locality (town and county) and the industry department; 三交办: the GC's headquarters.
    p.targets = LocalityTargets(r.region_code);
    if (auto department = resolver_.NearestDepartment(r.region_code, DepartmentKindFor(r.industry))) {
        p.targets.push_back({std::string(kTargetDepartment), department->id});
    }
    if (p.gc_enterprise_id) {
        p.targets.push_back({std::string(kTargetGcHeadquarters), *p.gc_enterprise_id});
        p.project_name = project ? project->name : r.employer_name;
        auto tx = db_.Begin(storage::TxMode::kRead);
        p.gc_phone = registry::EnterpriseContactPhone(tx, cipher, *p.gc_enterprise_id);  // none: no notice
    }
    return p;
}

Clue ClueService::Insert(storage::Transaction& tx, const core::CallContext& ctx, const Prepared& prepared) {
    const auto now = clock_.Now();
    repository::ClueRecord r = prepared.record;
    r.id = core::NewId(now);
    do {
        r.tracking_code = NewTrackingCode();
    } while (repository::TrackingCodeExists(tx, r.tracking_code));
    r.status = "received";
    // DOMAIN §7: accept within clue.accept_working_days (default 1) of receipt.
    const auto days = deps_.parameters.GetInt(tx, r.region_code, "clue.accept_working_days");
    r.accept_deadline_on = deps_.calendar.AddWorkingDays(clock_.TodayInShanghai(), static_cast<int>(days)).ToString();
    r.received_at = r.created_at = r.updated_at = core::ToMillis(now);
    r.created_by = ctx.principal.user_id;
    repository::InsertClue(tx, r);
    for (const auto& target : prepared.targets) {
        repository::InsertRouting(tx, RoutingEntry{core::NewId(now), target.kind, target.ref, "自动交办", true,
                                                   ctx.principal.user_id, now},
                                  r.id);
    }
    audit::RecordAudit(tx, clock_, ctx, "create", "clue", r.id,
                       boost::json::object{{"channel", r.channel},
                                           {"projectId", r.project_id ? boost::json::value(*r.project_id) : nullptr},
                                           {"employerName", r.employer_name},
                                           {"regionCode", r.region_code},
                                           {"amount", r.amount},
                                           {"workerCount", r.worker_count},
                                           {"routing", TargetsJson(prepared.targets)}});

    // 三交办: the GC headquarters hears of the clue with the claim's totals, never who complained.
    // The complainant hears from us at acceptance (clue.accepted).
    if (prepared.gc_phone) {
        notify::Enqueue(tx, clock_, Cipher(),
                        notify::OutboxMessage{std::string(notify::kChannelSms), *prepared.gc_phone, "clue.gc_notice",
                                              {{"projectName", prepared.project_name},
                                               {"workerCount", std::to_string(r.worker_count)},
                                               {"amount", core::FormatYuan(r.amount)}},
                                              "clue.gc_notice:" + r.id, r.region_code});
    }
    return Load(tx, ctx.principal, r.id, false, /*check_scope=*/false);
}

Clue ClueService::Create(const core::CallContext& ctx, const ClueInput& input) {
    if (input.source_system || input.source_id) {
        ThrowInvalidField("sourceSystem", "来自其他系统的线索请通过 /api/v1/clues/feed 推送");
    }
    Prepared prepared = Prepare(ctx, input, false);
    Clue clue = storage::WithTransaction(db_, [&](storage::Transaction& tx) { return Insert(tx, ctx, prepared); });
    if (clue.project_id) core::TellProjectChanged(changes_, *clue.project_id);
    return clue;
}

FeedResult ClueService::Feed(const core::CallContext& ctx, const ClueInput& input) {
    core::FieldErrors errors;
    if (!input.source_system || Trim(*input.source_system).empty()) errors.Add("sourceSystem", "必填");
    if (!input.source_id || Trim(*input.source_id).empty()) errors.Add("sourceId", "必填");
    errors.ThrowIfAny();
    auto replay = [&]() -> std::optional<FeedResult> {
        auto tx = db_.Begin(storage::TxMode::kRead);
        auto existing = repository::FindBySource(tx, *input.source_system, *input.source_id);
        if (!existing) return std::nullopt;
        return FeedResult{Load(tx, ctx.principal, existing->id, false, false), false};
    };
    if (auto existing = replay()) return std::move(*existing);

    Prepared prepared = Prepare(ctx, input, false);
    try {
        FeedResult fed{
            storage::WithTransaction(db_, [&](storage::Transaction& tx) { return Insert(tx, ctx, prepared); }), true};
        if (fed.clue.project_id) core::TellProjectChanged(changes_, *fed.clue.project_id);
        return fed;
    } catch (const storage::UniqueViolation&) {
        // The same (sourceSystem, sourceId) arrived concurrently: the first one stands.
        if (auto existing = replay()) return std::move(*existing);
        throw;
    }
}

// ---- reads -----------------------------------------------------------------------------------------

Clue ClueService::Load(storage::Transaction& tx, const core::Principal& principal, std::string_view id, bool reveal,
                       bool check_scope) const {
    if (check_scope && !repository::ClueVisible(tx, principal, id)) ThrowNotFound("线索");
    auto record = repository::FindClue(tx, id);
    if (!record) ThrowNotFound("线索");
    const auto& r = *record;
    Clue c;
    c.id = r.id;
    c.tracking_code = r.tracking_code;
    c.channel = r.channel;
    c.source_system = r.source_system;
    c.source_id = r.source_id;
    c.is_construction = r.is_construction;
    c.identity_disclosure_agreed = r.identity_disclosure_agreed;
    if (principal.role == identity::role::kEnterpriseUser) {
        // The employer never learns who complained unless the complainant agreed; even then no full values.
        if (r.identity_disclosure_agreed) {
            c.complainant_name = r.complainant_name;
            c.phone = r.phone_mask;
            c.id_number = r.id_number_mask;
            c.bank_card = r.bank_card_mask;
        } else {
            c.identity_withheld = true;
        }
    } else if (reveal) {
        const auto& cipher = Cipher();
        c.complainant_name = r.complainant_name;
        c.phone = cipher.Open(r.phone_enc, kPhoneContext);
        if (r.id_number_enc) c.id_number = cipher.Open(*r.id_number_enc, kIdNumberContext);
        if (r.bank_card_enc) c.bank_card = cipher.Open(*r.bank_card_enc, kBankCardContext);
        c.revealed = true;
    } else {
        c.complainant_name = r.complainant_name;
        c.phone = r.phone_mask;
        c.id_number = r.id_number_mask;
        c.bank_card = r.bank_card_mask;
    }
    c.worker_id = principal.role == identity::role::kEnterpriseUser && !r.identity_disclosure_agreed
                      ? std::nullopt
                      : r.worker_id;
    c.employer_name = r.employer_name;
    c.employer_address = r.employer_address;
    c.employer_id = r.employer_id;
    c.project_id = r.project_id;
    c.region_code = r.region_code;
    c.county_code = r.county_code;
    c.industry = r.industry;
    c.unpaid_from = r.unpaid_from;
    c.unpaid_to = r.unpaid_to;
    c.amount = r.amount;
    c.worker_count = r.worker_count;
    c.description = r.description;
    c.key_grade = r.key_grade;
    c.key_reason = r.key_reason;
    c.status = r.status;
    c.case_id = r.case_id;
    if (r.accept_deadline_on) c.accept_deadline_on = core::Date::Parse(*r.accept_deadline_on);
    if (r.decided_at) c.decided_at = core::FromMillis(*r.decided_at);
    c.decided_by = r.decided_by;
    c.decision_reason = r.decision_reason;
    c.received_at = core::FromMillis(r.received_at);
    c.created_by = r.created_by;
    c.created_at = core::FromMillis(r.created_at);
    c.updated_at = core::FromMillis(r.updated_at);
    c.routing = repository::ListRouting(tx, r.id);
    return c;
}

Clue ClueService::Get(const core::CallContext& ctx, std::string_view id, bool reveal) {
    if (!reveal) {
        auto tx = db_.Begin(storage::TxMode::kRead);
        return Load(tx, ctx.principal, id, false, true);
    }
    if (!identity::RoleHasPermission(ctx.principal.role, "worker.unmask")) {
        ThrowForbidden("无权查看完整的个人信息");
    }
    // The unmasked read and its audit event exist together or not at all.
    return storage::WithTransaction(db_, [&](storage::Transaction& tx) {
        Clue clue = Load(tx, ctx.principal, id, true, true);
        boost::json::array fields{"complainantName", "phone"};
        if (clue.id_number) fields.emplace_back("idNumber");
        if (clue.bank_card) fields.emplace_back("bankCard");
        audit::RecordAudit(tx, clock_, ctx, "read_personal", "clue", clue.id, boost::json::object{{"fields", fields}});
        return clue;
    });
}

CluePage ClueService::List(const core::CallContext& ctx, const ClueQuery& query) const {
    core::FieldErrors errors;
    if (query.status && !Contains(kStatuses, *query.status)) errors.Add("status", "取值无效");
    if (query.channel && !Contains(kChannels, *query.channel)) errors.Add("channel", "取值无效");
    if (query.key_grade && !Contains(kKeyGrades, *query.key_grade)) errors.Add("keyGrade", "取值无效");
    if (query.received_from && query.received_to && *query.received_from > *query.received_to) {
        errors.Add("receivedTo", "不能早于开始日期");
    }
    errors.ThrowIfAny();
    repository::ClueFilter filter{ctx.principal, query};
    filter.query.offset = std::max<std::int64_t>(query.offset, 0);
    filter.query.limit = std::clamp<std::int64_t>(query.limit, 0, 1000);
    auto tx = db_.Begin(storage::TxMode::kRead);
    CluePage page;
    for (const auto& record : repository::ListClues(tx, filter)) {
        page.items.push_back(Load(tx, ctx.principal, record.id, false, false));
    }
    page.total = repository::CountClues(tx, filter);
    return page;
}

// ---- routing and acceptance --------------------------------------------------------------------------

Clue ClueService::Reroute(const core::CallContext& ctx, std::string_view id, const RerouteInput& input) {
    core::FieldErrors errors;
    const std::string reason = Trim(input.reason);
    if (reason.empty()) errors.Add("reason", "改派须说明原因");
    if (core::Utf8Length(reason) > kReasonMaxChars) errors.Add("reason", "过长");
    const bool has_region = input.region_code && !input.region_code->empty();
    const bool has_department = input.department_id && !input.department_id->empty();
    if (!has_region && !has_department) errors.Add("regionCode", "请选择新的属地或行业部门");
    std::optional<region::Department> department;
    if (has_department) {
        try {
            department = deps_.regions.GetDepartment(LookupContext(ctx.request_id), *input.department_id);
        } catch (const Error& e) {
            if (e.code() != ErrorCode::kNotFound) throw;
            errors.Add("departmentId", "部门不存在");
        }
    }
    errors.ThrowIfAny();

    return storage::WithTransaction(db_, [&](storage::Transaction& tx) {
        if (!repository::ClueVisible(tx, ctx.principal, id)) ThrowNotFound("线索");
        const auto now = clock_.Now();
        std::vector<PlannedTarget> added;
        if (has_region) {
            region::RegionService::RequireRegion(tx, *input.region_code, "regionCode");
            repository::DeactivateRouting(tx, id, {std::string(kTargetTown), std::string(kTargetCounty)});
            added = LocalityTargets(*input.region_code);
            repository::UpdateLocality(tx, id, *input.region_code, CountyOf(*input.region_code), core::ToMillis(now));
        }
        if (department) {
            repository::DeactivateRouting(tx, id, {std::string(kTargetDepartment)});
            added.push_back({std::string(kTargetDepartment), department->id});
        }
        for (const auto& target : added) {
            repository::InsertRouting(
                tx, RoutingEntry{core::NewId(now), target.kind, target.ref, reason, true, ctx.principal.user_id, now},
                id);
        }
        audit::RecordAudit(tx, clock_, ctx, "reroute", "clue", id,
                           boost::json::object{{"reason", reason}, {"routing", TargetsJson(added)}});
        // The caller may have sent it out of their own scope: show what they did anyway.
        return Load(tx, ctx.principal, id, false, false);
    });
}

Clue ClueService::Decide(const core::CallContext& ctx, std::string_view id, const Decision& decision) {
    const std::string reason = Trim(decision.reason);
    if (!decision.accepted && reason.empty()) ThrowInvalidField("reason", "不予受理须说明理由");
    if (core::Utf8Length(reason) > kReasonMaxChars) ThrowInvalidField("reason", "过长");
    const auto& cipher = Cipher();

    Clue decided = storage::WithTransaction(db_, [&](storage::Transaction& tx) {
        if (!repository::ClueVisible(tx, ctx.principal, id)) ThrowNotFound("线索");
        auto record = repository::FindClue(tx, id);
        if (!record) ThrowNotFound("线索");
        auto& r = *record;
        if (r.status != "received") {
            ThrowConflict("该线索已" + StatusLabel(r.status), {{"status", "只能对待受理的线索作出受理决定"}});
        }
        const auto now = clock_.Now();
        r.status = decision.accepted ? "accepted" : "rejected";
        r.decided_at = core::ToMillis(now);
        r.decided_by = ctx.principal.user_id;
        r.decision_reason = reason.empty() ? std::nullopt : std::optional<std::string>(reason);
        r.updated_at = core::ToMillis(now);
        if (decision.accepted && case_intake_) {
            ClueForCase input;
            input.clue_id = r.id;
            input.tracking_code = r.tracking_code;
            input.channel = r.channel;
            input.is_construction = r.is_construction;
            input.complainant_name = r.complainant_name;
            input.worker_id = r.worker_id;
            input.project_id = r.project_id;
            input.employer_id = r.employer_id;
            input.employer_name = r.employer_name;
            input.region_code = r.region_code;
            input.county_code = r.county_code;
            input.industry = r.industry;
            input.unpaid_from = r.unpaid_from;
            input.unpaid_to = r.unpaid_to;
            input.amount = r.amount;
            input.worker_count = r.worker_count;
            input.description = r.description;
            input.key_grade = r.key_grade;
            input.key_reason = r.key_reason;
            input.received_at = core::FromMillis(r.received_at);
            input.accepted_at = now;
            input.accepted_by = ctx.principal.user_id;
            r.case_id = case_intake_->AttachClue(tx, input);
        }
        repository::UpdateDecision(tx, r);
        audit::RecordAudit(tx, clock_, ctx, decision.accepted ? "accept" : "reject", "clue", r.id,
                           boost::json::object{{"reason", reason},
                                               {"caseId", r.case_id ? boost::json::value(*r.case_id) : nullptr}});
        if (decision.accepted) {
            // REG 10: tell the complainant the result, with the date we will have answered by.
            const auto days = deps_.parameters.GetInt(tx, r.region_code, "clue.first_response_working_days");
            const auto deadline =
                deps_.calendar.AddWorkingDays(core::Date::ShanghaiDateOf(core::FromMillis(r.received_at)),
                                              static_cast<int>(days));
            notify::Enqueue(tx, clock_, cipher,
                            notify::OutboxMessage{std::string(notify::kChannelSms), cipher.Open(r.phone_enc, kPhoneContext),
                                                  "clue.accepted",
                                                  {{"trackingCode", r.tracking_code}, {"deadline", deadline.ToString()}},
                                                  "clue.accepted:" + r.id, r.region_code});
        }
        return Load(tx, ctx.principal, r.id, false, false);
    });
    if (decided.project_id) core::TellProjectChanged(changes_, *decided.project_id);
    return decided;
}

// ---- public --------------------------------------------------------------------------------------

Challenge ClueService::IssueChallenge() const {
    const auto limits = this->limits();
    return pow_.Issue(clock_.Now(), limits.pow_difficulty, limits.pow_ttl);
}

PublicReceipt ClueService::SubmitPublic(const PublicSubmission& submission) {
    const auto limits = this->limits();
    const auto now = clock_.Now();
    if (submission.challenge.empty() || submission.nonce.empty()) {
        ThrowInvalidField("proofOfWork", "缺少校验（请先获取校验题并完成计算）");
    }
    auto verified = pow_.Verify(submission.challenge, submission.nonce, now);
    if (!verified.verified) ThrowInvalidField("proofOfWork", verified.reason);
    if (verified.verified->difficulty < limits.pow_difficulty) ThrowInvalidField("proofOfWork", "校验难度不足，请重新获取");

    ClueInput input = submission.clue;
    input.channel = input.project_token && !input.project_token->empty() ? "project_qr" : "web";
    input.project_id.reset();
    input.source_system.reset();
    input.source_id.reset();
    const auto ctx = PublicContext(submission.request_id);
    Prepared prepared = Prepare(ctx, input, true);

    std::optional<std::string> project_id;  // told after commit
    PublicReceipt receipt = storage::WithTransaction(db_, [&](storage::Transaction& tx) {
        // One solution, one submission: a replayed challenge is refused without a second clue.
        if (!SpendChallenge(tx, *verified.verified)) {
            throw Error(ErrorCode::kConflict, "该校验已使用，请重新获取",
                        {{"proofOfWork", "已使用，请重新获取校验题"}});
        }
        // Per source, never global: a flood from one IP or for one phone refuses only that source.
        if (CountHit(tx, "ip:" + submission.remote_address, now, limits.ip_window) > limits.per_ip) {
            throw Error(ErrorCode::kTooManyRequests, "提交过于频繁，请稍后再试", {{"ip", "该网络提交次数已达上限"}});
        }
        if (CountHit(tx, "phone:" + prepared.record.phone_index, now, limits.phone_window) > limits.per_phone) {
            throw Error(ErrorCode::kTooManyRequests, "该手机号提交过于频繁，请稍后再试",
                        {{"phone", "该手机号提交次数已达上限"}});
        }
        PruneIntake(tx, now - std::max({limits.ip_window, limits.phone_window, limits.track_window,
                                        limits.pow_ttl}) - std::chrono::hours(24));
        Clue clue = Insert(tx, ctx, prepared);
        project_id = clue.project_id;
        return PublicReceipt{clue.tracking_code, *clue.accept_deadline_on};
    });
    if (project_id) core::TellProjectChanged(changes_, *project_id);
    return receipt;
}

// Tracking, confirmation and pre-fill answer personal questions: throttled per IP in a transaction of
// their own, so refused attempts count too.
void ClueService::CountLookup(std::string_view remote_address) {
    const auto limits = this->limits();
    const auto hits = storage::WithTransaction(db_, [&](storage::Transaction& tx) {
        return CountHit(tx, "lookup-ip:" + std::string(remote_address), clock_.Now(), limits.track_window);
    });
    if (hits > limits.track_per_ip) {
        throw Error(ErrorCode::kTooManyRequests, "查询过于频繁，请稍后再试", {{"ip", "该网络查询次数已达上限"}});
    }
}

std::string ClueService::FindTrackedClue(storage::Transaction& tx, std::string_view tracking_code,
                                         std::string_view phone) const {
    // Wrong code and wrong phone give the same answer, so neither can be probed alone.
    auto normalized_phone = NormalizePhone(phone);
    auto record = repository::FindByTracking(tx, NormalizeTrackingCode(tracking_code));
    if (!record || !normalized_phone ||
        Cipher().BlindIndex(*normalized_phone, kPhoneContext) != record->phone_index) {
        ThrowNotFound("线索");
    }
    return record->id;
}

TrackingView ClueService::Track(std::string_view tracking_code, std::string_view phone,
                                std::string_view remote_address, std::string_view request_id) {
    (void)request_id;
    CountLookup(remote_address);
    auto tx = db_.Begin(storage::TxMode::kRead);
    auto record = repository::FindClue(tx, FindTrackedClue(tx, tracking_code, phone));
    const auto& r = *record;
    TrackingView view;
    view.tracking_code = r.tracking_code;
    view.status = r.status;
    view.status_label = StatusLabel(r.status);
    view.employer_name = r.employer_name;
    view.amount = r.amount;
    view.received_at = core::FromMillis(r.received_at);
    if (r.accept_deadline_on) view.accept_deadline_on = core::Date::Parse(*r.accept_deadline_on);
    view.decision_reason = r.decision_reason;
    view.steps.push_back({view.received_at, "已收到您的反映",
                          view.accept_deadline_on ? "将于 " + view.accept_deadline_on->ToString() + " 前作出是否受理的决定"
                                                  : std::string()});
    std::string sent_to;
    for (const auto& entry : repository::ListRouting(tx, r.id)) {
        if (!entry.active) continue;
        const std::string label = TargetLabel(entry.target_kind);
        if (sent_to.find(label) == std::string::npos) sent_to += (sent_to.empty() ? "" : "、") + label;
    }
    if (!sent_to.empty()) view.steps.push_back({view.received_at, "已转交办理", "已同时交给" + sent_to});
    if (r.decided_at) {
        view.steps.push_back({core::FromMillis(*r.decided_at), r.status == "rejected" ? "不予受理" : "已受理",
                              r.status == "rejected" ? r.decision_reason.value_or("") : std::string()});
    }
    if (r.case_id && case_timeline_) {
        view.case_timeline = case_timeline_->Timeline(tx, *r.case_id);
        if (view.case_timeline) view.can_confirm = view.case_timeline->closed && case_confirmation_ != nullptr;
    }
    return view;
}

void ClueService::Confirm(std::string_view tracking_code, std::string_view phone, bool money_arrived,
                          std::string_view remote_address, std::string_view request_id) {
    CountLookup(remote_address);
    const auto ctx = PublicContext(request_id);
    storage::WithTransaction(db_, [&](storage::Transaction& tx) {
        auto record = repository::FindClue(tx, FindTrackedClue(tx, tracking_code, phone));
        if (!record->case_id || !case_confirmation_) {
            ThrowConflict("该线索尚未立案办理，暂不能确认", {{"trackingCode", "尚未立案"}});
        }
        const auto now = clock_.Now();
        case_confirmation_->ComplainantConfirmed(tx, ComplainantConfirmation{*record->case_id, record->id,
                                                                             money_arrived, now});
        audit::RecordAudit(tx, clock_, ctx, money_arrived ? "confirm" : "reopen_request", "clue", record->id,
                           boost::json::object{{"moneyArrived", money_arrived}, {"caseId", *record->case_id}});
    });
}

// What the platform computes as owed to one worker on one project, by month:
//   earned(m) = Σ over the worker's contracts on the project:
//                 daily   → counted attendance days of m within the contract term × daily rate
//                 monthly → the monthly rate when m has at least one counted day within the term
//                 piece   → 0 (piece work is not derivable from attendance)
//   paid(m)   = bank-confirmed payments for m (wages::WageStandings.paid, return files)
//   owed(m)   = max(earned(m) − paid(m), 0)
// over the months from the first contract start (at most owed_months_back months ago) to this
// month. A pre-fill for the form, not a finding: the case establishes what is really owed.
OwedReport ClueService::PrefillOwed(std::string_view project_token, std::string_view id_number,
                                    std::string_view phone, std::string_view remote_address,
                                    std::string_view request_id) {
    CountLookup(remote_address);
    const auto today = clock_.TodayInShanghai();
    std::optional<registry::ProjectFacts> project;
    std::optional<std::string> worker_id;
    {
        auto tx = db_.Begin(storage::TxMode::kRead);
        project = registry::ProjectService::FindByPublicToken(tx, project_token);
        auto check = core::ParseIdNumber(id_number, today);
        if (project && check.info) worker_id = deps_.workers.FindIdByIdNumber(tx, check.info->normalized);
    }
    if (!project || !worker_id) ThrowNotFound("登记信息");  // one answer whatever failed

    // The registry's system context: the phone comparison is an audited read of personal data.
    const auto system = core::SystemContext(std::string(request_id));
    registry::Worker worker = deps_.workers.Get(system, *worker_id, /*reveal=*/true);
    auto given = NormalizePhone(phone);
    auto registered = worker.phone ? NormalizePhone(*worker.phone) : std::nullopt;
    if (!given || !registered || *given != *registered) ThrowNotFound("登记信息");
    std::vector<registry::Contract> contracts;
    for (auto& c : deps_.contracts.ListForWorker(system, *worker_id)) {
        if (c.project_id == project->id) contracts.push_back(std::move(c));
    }
    if (contracts.empty()) ThrowNotFound("登记信息");

    OwedReport report;
    report.project_name = project->name;
    for (const auto& participant : project->participants) {
        if (participant.enterprise_id == contracts.back().employer_id) report.employer_name = participant.enterprise_name;
    }
    core::Date first = contracts.front().start_on;
    for (const auto& c : contracts) first = std::min(first, c.start_on);
    std::string month = std::max(MonthOf(first), MonthMinus(today, owed_months_back_));
    const std::string last = MonthOf(today);

    std::map<std::string, core::Fen> paid;
    {
        auto tx = db_.Begin(storage::TxMode::kRead);
        wages::WageStandingQuery query;
        query.worker_id = *worker_id;
        query.project_id = project->id;
        for (const auto& standing : wages::WageStandings(tx, query)) paid[standing.period] += standing.paid;
    }

    for (; month <= last; month = NextMonth(month)) {
        OwedMonth m;
        m.month = month;
        std::map<std::string, bool> monthly_earned;  // contract id → monthly rate counted
        for (const auto& day : deps_.attendance.ListDays(system, project->id, month)) {
            if (day.worker_id != *worker_id || !day.counted) continue;
            ++m.counted_days;
            for (const auto& c : contracts) {
                const auto end = c.exited_on ? c.exited_on : c.end_on;
                if (day.work_date < c.start_on || (end && day.work_date > *end)) continue;
                if (c.wage_type == "daily") {
                    m.earned += c.wage_rate;
                } else if (c.wage_type == "monthly" && !monthly_earned[c.id]) {
                    monthly_earned[c.id] = true;
                    m.earned += c.wage_rate;
                }
                break;  // a day is paid under one contract
            }
        }
        m.paid = paid.contains(month) ? paid[month] : 0;
        m.owed = std::max<core::Fen>(m.earned - m.paid, 0);
        if (m.counted_days == 0 && m.paid == 0) continue;
        if (m.owed > 0) {
            if (!report.unpaid_from) report.unpaid_from = month;
            report.unpaid_to = month;
        }
        report.total_owed += m.owed;
        report.months.push_back(m);
    }
    return report;
}

}  // namespace anxin::clues
