#include "registry/worker_service.hpp"

#include <algorithm>
#include <utility>

#include <boost/json.hpp>

#include "audit/audit.hpp"
#include "core/error.hpp"
#include "core/identifiers.hpp"
#include "core/ids.hpp"
#include "core/text.hpp"
#include "identity/permissions.hpp"
#include "registry/worker_repository.hpp"
#include "registry/sealed_contexts.hpp"
#include "registry/workers.hpp"

namespace anxin::registry {
namespace {


std::string_view Trim(std::string_view text) { return core::TrimSpace(text); }

bool AllDigits(std::string_view text) {
    return !text.empty() && std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// Stored form → API form: masks, or the opened values when revealed.
Worker ToWorker(const repository::WorkerRecord& r, const core::FieldCipher* cipher, bool reveal) {
    Worker w;
    w.id = r.id;
    w.name = r.name;
    w.id_card_type = r.id_card_type;
    w.birth_date = core::Date::Parse(r.birth_date).value_or(core::Date{});
    w.sex = r.sex.empty() ? 'M' : r.sex[0];
    w.native_region_code = r.native_region_code;
    w.over_age = r.over_age;
    w.bank_name = r.bank_name;
    w.work_type = r.work_type;
    w.photo_ref = r.photo_ref;
    w.created_at = core::FromMillis(r.created_at);
    w.updated_at = core::FromMillis(r.updated_at);
    if (reveal && cipher) {
        w.revealed = true;
        w.id_number = cipher->Open(r.id_number_enc, kIdNumberContext);
        if (r.phone_enc) w.phone = cipher->Open(*r.phone_enc, kPhoneContext);
        if (r.bank_card_enc) w.bank_card = cipher->Open(*r.bank_card_enc, kBankCardContext);
    } else {
        w.id_number = r.id_number_mask;
        w.phone = r.phone_mask;
        w.bank_card = r.bank_card_mask;
    }
    return w;
}

}  // namespace

// ---- input rules ---------------------------------------------------------------------------------

std::optional<std::string_view> WorkTypeName(std::string_view code) {
    for (const auto& t : kWorkTypes)
        if (t.code == code) return t.name;
    return std::nullopt;
}

std::string CheckWorkerName(std::string_view name, core::FieldErrors& errors) {
    std::string_view trimmed = Trim(name);
    if (!core::IsValidUtf8(trimmed)) {
        errors.Add("name", "不是有效的 UTF-8 文本");
    } else if (trimmed.empty()) {
        errors.Add("name", "必填");
    } else if (auto n = core::Utf8Length(trimmed); n < kWorkerNameMinChars || n > kWorkerNameMaxChars) {
        errors.Add("name", "姓名应为 2–30 个字符");
    }
    return std::string(trimmed);
}

std::string CheckMobile(std::string_view phone, core::FieldErrors& errors) {
    std::string_view trimmed = Trim(phone);
    if (trimmed.size() != 11 || !AllDigits(trimmed) || trimmed[0] != '1' || trimmed[1] < '3') {
        errors.Add("phone", "应为 11 位手机号码");
    }
    return std::string(trimmed);
}

std::string CheckBankCard(std::string_view card, core::FieldErrors& errors) {
    std::string digits;
    for (char c : card)
        if (c != ' ') digits += c;
    if (digits.size() < 12 || digits.size() > 19 || !AllDigits(digits)) errors.Add("bankCard", "银行卡号应为 12–19 位数字");
    return digits;
}

void CheckWorkType(std::string_view code, core::FieldErrors& errors) {
    if (!WorkTypeName(code)) errors.Add("workType", "未知工种代码");
}

std::string NormalizeIdNumber(std::string_view text) {
    std::string out(Trim(text));
    for (char& c : out)
        if (c == 'x') c = 'X';
    return out;
}

std::string IdNumberIndex(const core::FieldCipher& cipher, std::string_view normalized_id_number) {
    return cipher.BlindIndex(normalized_id_number, kIdNumberContext);
}

// ---- WorkerService -------------------------------------------------------------------------------

WorkerService::WorkerService(storage::Database& db, const core::Clock& clock, const core::FieldCipher* cipher,
                             WorkerOptions options)
    : db_(db), clock_(clock), cipher_(cipher), options_(options) {}

const core::FieldCipher& WorkerService::Cipher() const {
    if (!cipher_) throw Error(ErrorCode::kUnavailable, "未配置数据密钥，无法处理个人信息");
    return *cipher_;
}

Worker WorkerService::Create(const core::CallContext& ctx, const NewWorker& input) {
    return storage::WithTransaction(db_, [&](storage::Transaction& tx) { return Create(tx, ctx, input); });
}

Worker WorkerService::Create(storage::Transaction& tx, const core::CallContext& ctx, const NewWorker& input) {
    const auto& cipher = Cipher();
    core::FieldErrors errors;
    std::string name = CheckWorkerName(input.name, errors);
    const core::Date today = clock_.TodayInShanghai();
    auto id_check = core::ParseIdNumber(NormalizeIdNumber(input.id_number), today);
    bool over_age = false;
    if (!id_check.info) {
        errors.Add("idNumber", id_check.reason.empty() ? "身份证号无效" : id_check.reason);
    } else {
        int age = core::AgeOn(id_check.info->birth_date, today);
        // 《劳动法》15: no hiring under 16. Over the local limit is a flag for the supervisor, not a refusal.
        if (age < options_.min_age) errors.Add("idNumber", "未满 " + std::to_string(options_.min_age) + " 周岁，不得招用");
        over_age = age > options_.max_age;
    }
    std::optional<std::string> phone;
    if (input.phone && !Trim(*input.phone).empty()) phone = CheckMobile(*input.phone, errors);
    std::optional<std::string> card;
    if (input.bank_card && !Trim(*input.bank_card).empty()) card = CheckBankCard(*input.bank_card, errors);
    std::optional<std::string> bank_name;
    if (input.bank_name && !Trim(*input.bank_name).empty()) bank_name = std::string(Trim(*input.bank_name));
    if (card && !bank_name) errors.Add("bankName", "填写银行卡号时必须填写开户银行");
    if (input.work_type && !input.work_type->empty()) CheckWorkType(*input.work_type, errors);
    errors.ThrowIfAny();

    const auto& info = *id_check.info;
    const auto now = clock_.Now();
    repository::WorkerRecord r;
    r.id = core::NewId(now);
    r.name = name;
    r.id_number_enc = cipher.Seal(info.normalized, kIdNumberContext);
    r.id_number_index = IdNumberIndex(cipher, info.normalized);
    r.id_number_mask = core::MaskIdNumber(info.normalized);
    r.birth_date = info.birth_date.ToString();
    r.sex = std::string(1, info.sex);
    r.native_region_code = info.region_code;
    r.over_age = over_age;
    if (phone) {
        r.phone_enc = cipher.Seal(*phone, kPhoneContext);
        r.phone_mask = core::MaskPhone(*phone);
    }
    if (card) {
        r.bank_card_enc = cipher.Seal(*card, kBankCardContext);
        r.bank_card_mask = core::MaskBankCard(*card);
    }
    r.bank_name = bank_name;
    if (input.work_type && !input.work_type->empty()) r.work_type = *input.work_type;
    if (input.photo_ref && !input.photo_ref->empty()) r.photo_ref = *input.photo_ref;
    if (ctx.principal.role == identity::role::kEnterpriseUser && !ctx.principal.enterprise_id.empty())
        r.registered_by_enterprise_id = ctx.principal.enterprise_id;
    r.created_at = r.updated_at = core::ToMillis(now);

    {
        if (auto existing = repository::FindWorkerIdByIndex(tx, r.id_number_index)) {
            // Issue 11: the id in a conflict let anyone who knew an ID number attach that person's record
            // (and what another employer entered) to their own project. Only a caller who already sees the
            // worker learns its id; an enterprise proves it knows the person by the registered name.
            if (repository::WorkerVisible(tx, ctx.principal, *existing)) {
                throw Error(ErrorCode::kConflict, "该身份证号已登记，请为已有人员签订合同",
                            {{"idNumber", "该身份证号已登记"}, {"existingWorkerId", *existing}});
            }
            auto record = repository::FindWorker(tx, *existing);
            if (record->name != name) {
                throw Error(ErrorCode::kConflict, "该身份证号已登记，但姓名与登记信息不符",
                            {{"name", "与该身份证号已登记的姓名不符"}});
            }
            if (ctx.principal.role != identity::role::kEnterpriseUser || ctx.principal.enterprise_id.empty()) {
                throw Error(ErrorCode::kConflict, "该身份证号已登记", {{"idNumber", "该身份证号已登记"}});
            }
            Link(tx, ctx, *existing);
            Worker linked = ToWorker(*record, cipher_, false);
            linked.linked = true;
            // What another employer entered is not the new employer's to see, even masked.
            linked.phone.reset();
            linked.bank_card.reset();
            linked.bank_name.reset();
            linked.photo_ref.reset();
            return linked;
        }
        try {
            repository::InsertWorker(tx, r);
        } catch (const storage::UniqueViolation&) {
            // A concurrent registration of the same person won the race.
            throw Error(ErrorCode::kConflict, "该身份证号已登记", {{"idNumber", "该身份证号已登记"}});
        }
        // Personal values never enter the audit trail, only which fields were set.
        boost::json::array personal{"idNumber"};
        if (phone) personal.emplace_back("phone");
        if (card) personal.emplace_back("bankCard");
        audit::RecordAudit(tx, clock_, ctx, "create", "worker", r.id,
                           boost::json::object{{"name", r.name},
                                               {"workType", r.work_type ? boost::json::value(*r.work_type) : nullptr},
                                               {"overAge", r.over_age},
                                               {"personalFields", personal}});
        return ToWorker(r, cipher_, false);
    }
}

Worker WorkerService::Get(const core::CallContext& ctx, std::string_view id, bool reveal) {
    if (reveal && !identity::RoleHasPermission(ctx.principal.role, "worker.unmask") &&
        !IsSystemPrincipal(ctx.principal)) {
        ThrowForbidden("无权查看完整的个人信息");
    }
    if (!reveal) {
        auto tx = db_.Begin(storage::TxMode::kRead);
        auto record = repository::FindWorker(tx, id);
        if (!record || !repository::WorkerVisible(tx, ctx.principal, id)) ThrowNotFound("人员");
        return ToWorker(*record, cipher_, false);
    }
    const auto& cipher = Cipher();
    // A write transaction: the unmasked read and its audit event exist together or not at all.
    return storage::WithTransaction(db_, [&](storage::Transaction& tx) {
        auto record = repository::FindWorker(tx, id);
        if (!record || !repository::WorkerVisible(tx, ctx.principal, id)) ThrowNotFound("人员");
        Worker worker = ToWorker(*record, &cipher, true);
        boost::json::array fields{"idNumber"};
        if (worker.phone) fields.emplace_back("phone");
        if (worker.bank_card) fields.emplace_back("bankCard");
        audit::RecordAudit(tx, clock_, ctx, "read_personal", "worker", record->id,
                           boost::json::object{{"fields", fields}});
        return worker;
    });
}

WorkerPage WorkerService::List(const core::CallContext& ctx, const WorkerQuery& query) const {
    repository::WorkerFilter filter;
    filter.principal = ctx.principal;
    filter.project_id = query.project_id;
    if (query.name_prefix && !query.name_prefix->empty()) filter.name_prefix = query.name_prefix;
    if (query.id_number && !query.id_number->empty()) {
        filter.id_number_index = IdNumberIndex(Cipher(), NormalizeIdNumber(*query.id_number));
    }
    filter.offset = std::max<std::int64_t>(query.offset, 0);
    filter.limit = std::clamp<std::int64_t>(query.limit, 0, 1000);
    auto tx = db_.Begin(storage::TxMode::kRead);
    WorkerPage page;
    for (const auto& r : repository::ListWorkers(tx, filter)) page.items.push_back(ToWorker(r, cipher_, false));
    page.total = repository::CountWorkers(tx, filter);
    return page;
}

Worker WorkerService::Update(const core::CallContext& ctx, std::string_view id, const WorkerPatch& patch) {
    return storage::WithTransaction(db_, [&](storage::Transaction& tx) { return Update(tx, ctx, id, patch); });
}

Worker WorkerService::Update(storage::Transaction& tx, const core::CallContext& ctx, std::string_view id,
                             const WorkerPatch& patch) {
    core::FieldErrors errors;
    std::optional<std::string> name;
    if (patch.name) name = CheckWorkerName(*patch.name, errors);
    std::optional<std::string> phone, card;
    if (patch.phone && !Trim(*patch.phone).empty()) phone = CheckMobile(*patch.phone, errors);
    if (patch.bank_card && !Trim(*patch.bank_card).empty()) card = CheckBankCard(*patch.bank_card, errors);
    if (patch.work_type && !patch.work_type->empty()) CheckWorkType(*patch.work_type, errors);
    if (patch.photo_ref && patch.photo_ref->size() > kPhotoRefMaxChars) errors.Add("photoRef", "过长");
    errors.ThrowIfAny();
    const bool touches_personal = patch.phone || patch.bank_card;
    const core::FieldCipher* cipher = touches_personal ? &Cipher() : cipher_;

    {
        auto record = repository::FindWorker(tx, id);
        if (!record || !repository::WorkerVisible(tx, ctx.principal, id)) ThrowNotFound("人员");
        auto& r = *record;
        boost::json::object change;
        boost::json::array personal;
        if (name && *name != r.name) {
            r.name = *name;
            change["name"] = r.name;
        }
        if (patch.phone) {
            if (phone) {
                r.phone_enc = cipher->Seal(*phone, kPhoneContext);
                r.phone_mask = core::MaskPhone(*phone);
            } else {
                r.phone_enc.reset();
                r.phone_mask.reset();
            }
            personal.emplace_back("phone");
        }
        if (patch.bank_card) {
            if (card) {
                r.bank_card_enc = cipher->Seal(*card, kBankCardContext);
                r.bank_card_mask = core::MaskBankCard(*card);
            } else {
                r.bank_card_enc.reset();
                r.bank_card_mask.reset();
            }
            personal.emplace_back("bankCard");
        }
        auto set_optional = [&](const std::optional<std::string>& value, std::optional<std::string>& field,
                                const char* json_name) {
            if (!value) return;
            std::optional<std::string> next;
            if (!Trim(*value).empty()) next = std::string(Trim(*value));
            if (next == field) return;
            field = next;
            change[json_name] = field ? boost::json::value(*field) : nullptr;
        };
        set_optional(patch.bank_name, r.bank_name, "bankName");
        set_optional(patch.work_type, r.work_type, "workType");
        set_optional(patch.photo_ref, r.photo_ref, "photoRef");
        if (r.bank_card_enc && !r.bank_name) ThrowInvalidField("bankName", "填写银行卡号时必须填写开户银行");
        if (!personal.empty()) change["personalFields"] = personal;
        if (change.empty()) return ToWorker(r, cipher_, false);

        r.updated_at = core::ToMillis(clock_.Now());
        repository::UpdateWorker(tx, r);
        audit::RecordAudit(tx, clock_, ctx, "update", "worker", r.id, change);
        return ToWorker(r, cipher_, false);
    }
}

void WorkerService::Link(storage::Transaction& tx, const core::CallContext& ctx, std::string_view worker_id) {
    if (ctx.principal.role != identity::role::kEnterpriseUser || ctx.principal.enterprise_id.empty()) return;
    if (repository::InsertWorkerLink(tx, worker_id, ctx.principal.enterprise_id, core::ToMillis(clock_.Now()))) {
        audit::RecordAudit(tx, clock_, ctx, "link", "worker", worker_id,
                           boost::json::object{{"enterpriseId", ctx.principal.enterprise_id}});
    }
}

std::optional<std::string> WorkerService::FindIdByIdNumber(storage::Transaction& tx,
                                                           std::string_view id_number) const {
    std::string normalized = NormalizeIdNumber(id_number);
    if (normalized.size() != 18) return std::nullopt;
    return repository::FindWorkerIdByIndex(tx, IdNumberIndex(Cipher(), normalized));
}

}  // namespace anxin::registry
