#include "registry/enterprise_service.hpp"

#include <algorithm>
#include <utility>

#include <boost/json.hpp>

#include "audit/audit.hpp"
#include "core/error.hpp"
#include "core/identifiers.hpp"
#include "core/ids.hpp"
#include "core/text.hpp"
#include "identity/permissions.hpp"
#include "region/region.hpp"
#include "registry/enterprise_repository.hpp"
#include "registry/worker_service.hpp"  // IsSystemPrincipal

namespace anxin::registry {
namespace ep {

std::string_view Trim(std::string_view text) { return core::TrimSpace(text); }

std::string CheckText(std::string_view text, std::string_view field, std::size_t max_chars, bool required,
                      core::FieldErrors& errors) {
    std::string_view trimmed = Trim(text);
    if (!core::IsValidUtf8(trimmed)) {
        errors.Add(std::string(field), "不是有效的 UTF-8 文本");
    } else if (required && trimmed.empty()) {
        errors.Add(std::string(field), "必填");
    } else if (core::Utf8Length(trimmed) > max_chars) {
        errors.Add(std::string(field), "长度不能超过 " + std::to_string(max_chars) + " 个字符");
    }
    return std::string(trimmed);
}

std::optional<std::string> CheckPhoneNumber(std::string_view phone, std::string_view field, core::FieldErrors& errors) {
    std::string_view p = Trim(phone);
    if (p.empty()) return std::nullopt;
    bool digits_only = std::all_of(p.begin(), p.end(), [](char c) { return c >= '0' && c <= '9'; });
    bool mobile = digits_only && p.size() == 11 && p[0] == '1';
    int digits = 0;
    bool landline_chars = std::all_of(p.begin(), p.end(), [&](char c) {
        if (c >= '0' && c <= '9') {
            ++digits;
            return true;
        }
        return c == '-';
    });
    bool landline = landline_chars && p.size() >= 7 && p.size() <= kPhoneMaxChars && digits >= 7 && p.front() != '-' &&
                    p.back() != '-' && p.find("--") == std::string_view::npos && !(digits_only && p[0] == '1');
    if (!mobile && !landline) {
        errors.Add(std::string(field), "电话号码应为 11 位手机号或由数字和“-”组成的固定电话");
        return std::nullopt;
    }
    return std::string(p);
}

std::string CheckCreditCodeField(std::string_view text, std::string_view field, bool& valid,
                                 core::FieldErrors& errors) {
    if (Trim(text).empty()) {
        errors.Add(std::string(field), "必填");
        valid = false;
        return {};
    }
    core::CreditCodeCheck check = core::CheckCreditCode(text);
    if (!check.well_formed) {
        errors.Add(std::string(field),
                   check.reason.empty() ? "统一社会信用代码应为 18 位数字或大写字母" : check.reason);
        valid = false;
        return check.normalized;
    }
    valid = check.check_digit_ok;
    return check.normalized;
}

Enterprise FindOrCreateEnterprise(storage::Transaction& tx, const core::Clock& clock, const core::CallContext& ctx,
                                  std::string_view credit_code, std::string_view name, std::string_view kind,
                                  std::string_view region_code, const std::string& field_prefix, bool& created) {
    core::FieldErrors errors;
    bool valid = false;
    std::string code = CheckCreditCodeField(credit_code, field_prefix + "creditCode", valid, errors);
    std::string clean_name = CheckText(name, field_prefix + "name", kNameMaxChars, true, errors);
    errors.ThrowIfAny();
    created = false;
    if (auto existing = repository::FindEnterpriseByCreditCode(tx, code)) return std::move(*existing);

    auto now = clock.Now();
    Enterprise e;
    e.id = core::NewId(now);
    e.credit_code = code;
    e.credit_code_valid = valid;
    e.name = clean_name;
    e.region_code = std::string(region_code);
    e.kind = std::string(kind);
    e.created_at = now;
    e.updated_at = now;
    repository::InsertEnterprise(tx, e);
    audit::RecordAudit(tx, clock, ctx, "create", "enterprise", e.id,
                       boost::json::object{{"creditCode", e.credit_code},
                                           {"name", e.name},
                                           {"kind", e.kind},
                                           {"regionCode", e.region_code},
                                           {"source", "permit_feed"}});
    created = true;
    return e;
}

}  // namespace ep

namespace {

void CheckKind(std::string_view kind, core::FieldErrors& errors) {
    if (kind.empty()) {
        errors.Add("kind", "必填");
    } else if (!IsEnterpriseKind(kind)) {
        std::string list;
        for (auto k : kEnterpriseKinds) list += (list.empty() ? "" : ", ") + std::string(k);
        errors.Add("kind", "取值无效，可选：" + list);
    }
}

void CheckRegion(storage::Transaction& tx, std::string_view code, core::FieldErrors& errors) {
    if (code.empty()) {
        errors.Add("regionCode", "必填");
        return;
    }
    try {
        region::RegionService::RequireRegion(tx, code, "regionCode");
    } catch (const Error& e) {
        for (const auto& [field, reason] : e.fields()) errors.Add(field, reason);
    }
}

bool IsOfficer(const core::Principal& p) {
    return p.role == identity::role::kSupervisor || p.role == identity::role::kIndustryOfficer;
}

boost::json::object AuditOf(const Enterprise& e) {
    return boost::json::object{{"creditCode", e.credit_code},
                               {"creditCodeValid", e.credit_code_valid},
                               {"name", e.name},
                               {"legalRepresentative", e.legal_representative},
                               {"regionCode", e.region_code},
                               {"kind", e.kind},
                               {"qualification", e.qualification},
                               {"address", e.address},
                               {"contactName", e.contact_name},
                               {"contactPhoneMask", e.contact_phone_mask ? boost::json::value(*e.contact_phone_mask)
                                                                         : boost::json::value(nullptr)}};
}

void ThrowDuplicateCreditCode() {
    ThrowConflict("该统一社会信用代码已登记", {{"creditCode", "该统一社会信用代码已登记"}});
}

}  // namespace

bool IsEnterpriseKind(std::string_view kind) {
    return std::find(kEnterpriseKinds.begin(), kEnterpriseKinds.end(), kind) != kEnterpriseKinds.end();
}

const core::FieldCipher& EnterpriseService::Cipher() const {
    if (!cipher_) throw Error(ErrorCode::kUnavailable, "未配置数据密钥：无法保存或读取联系电话");
    return *cipher_;
}

bool EnterpriseService::EnterpriseInScope(storage::Transaction& tx, const core::Principal& principal,
                                          std::string_view id) {
    return repository::EnterpriseVisible(tx, principal, id);
}

Enterprise EnterpriseService::Create(const core::CallContext& ctx, const NewEnterprise& input) {
    return storage::WithTransaction(db_, [&](storage::Transaction& tx) { return Create(tx, ctx, input); });
}

Enterprise EnterpriseService::Create(storage::Transaction& tx, const core::CallContext& ctx,
                                     const NewEnterprise& input) {
    if (!IsOfficer(ctx.principal) && !IsSystemPrincipal(ctx.principal)) ThrowForbidden("企业用户不能登记其他企业");
    core::FieldErrors errors;
    bool valid = false;
    std::string credit_code = ep::CheckCreditCodeField(input.credit_code, "creditCode", valid, errors);
    Enterprise e;
    e.credit_code = credit_code;
    e.credit_code_valid = valid;
    e.name = ep::CheckText(input.name, "name", ep::kNameMaxChars, true, errors);
    e.legal_representative = ep::CheckText(input.legal_representative, "legalRepresentative", 50, false, errors);
    e.region_code = std::string(ep::Trim(input.region_code));
    CheckKind(input.kind, errors);
    e.kind = input.kind;
    e.qualification = ep::CheckText(input.qualification, "qualification", ep::kTextMaxChars, false, errors);
    e.address = ep::CheckText(input.address, "address", ep::kTextMaxChars, false, errors);
    e.contact_name = ep::CheckText(input.contact_name, "contactName", 50, false, errors);
    std::optional<std::string> phone;
    if (input.contact_phone) phone = ep::CheckPhoneNumber(*input.contact_phone, "contactPhone", errors);

    {
        core::FieldErrors all = errors;
        CheckRegion(tx, e.region_code, all);
        all.ThrowIfAny();
        if (!ctx.principal.CoversRegion(e.region_code)) {
            throw Error(ErrorCode::kForbidden, "不能在管辖范围以外的地区登记企业",
                        {{"regionCode", "不在您的管辖范围内"}});
        }
        if (repository::FindEnterpriseByCreditCode(tx, e.credit_code)) ThrowDuplicateCreditCode();
        auto now = clock_.Now();
        Enterprise row = e;
        row.id = core::NewId(now);
        if (phone) {
            row.contact_phone_enc = Cipher().Seal(*phone, kEnterprisePhoneContext);
            row.contact_phone_mask = core::MaskPhone(*phone);
        }
        row.created_at = now;
        row.updated_at = now;
        try {
            repository::InsertEnterprise(tx, row);
        } catch (const storage::UniqueViolation&) {
            ThrowDuplicateCreditCode();
        }
        audit::RecordAudit(tx, clock_, ctx, "create", "enterprise", row.id, AuditOf(row));
        return row;
    }
}

EnterprisePage EnterpriseService::List(const core::CallContext& ctx, const EnterpriseQuery& query) const {
    core::FieldErrors errors;
    if (query.kind) CheckKind(*query.kind, errors);
    errors.ThrowIfAny();
    repository::EnterpriseFilter filter;
    if (query.q && !ep::Trim(*query.q).empty()) filter.q = std::string(ep::Trim(*query.q));
    filter.kind = query.kind;
    filter.region_prefix = query.region_code;
    filter.offset = std::max<std::int64_t>(query.offset, 0);
    filter.limit = std::clamp<std::int64_t>(query.limit, 0, 1000);
    auto tx = db_.Begin(storage::TxMode::kRead);
    EnterprisePage page;
    page.items = repository::ListEnterprises(tx, ctx.principal, filter);
    page.total = repository::CountEnterprises(tx, ctx.principal, filter);
    return page;
}

Enterprise EnterpriseService::Get(const core::CallContext& ctx, std::string_view id) const {
    auto tx = db_.Begin(storage::TxMode::kRead);
    if (!repository::EnterpriseVisible(tx, ctx.principal, id)) ThrowNotFound("企业");
    auto e = repository::FindEnterprise(tx, id);
    if (!e) ThrowNotFound("企业");
    return std::move(*e);
}

Enterprise EnterpriseService::Update(const core::CallContext& ctx, std::string_view id, const EnterprisePatch& patch) {
    return storage::WithTransaction(db_, [&](storage::Transaction& tx) { return Update(tx, ctx, id, patch); });
}

Enterprise EnterpriseService::Update(storage::Transaction& tx, const core::CallContext& ctx, std::string_view id,
                                     const EnterprisePatch& patch) {
    core::FieldErrors errors;
    std::optional<std::string> name, legal, qualification, address, contact_name, phone;
    if (patch.name) name = ep::CheckText(*patch.name, "name", ep::kNameMaxChars, true, errors);
    if (patch.legal_representative)
        legal = ep::CheckText(*patch.legal_representative, "legalRepresentative", 50, false, errors);
    if (patch.qualification)
        qualification = ep::CheckText(*patch.qualification, "qualification", ep::kTextMaxChars, false, errors);
    if (patch.address) address = ep::CheckText(*patch.address, "address", ep::kTextMaxChars, false, errors);
    if (patch.contact_name) contact_name = ep::CheckText(*patch.contact_name, "contactName", 50, false, errors);
    if (patch.contact_phone) phone = ep::CheckPhoneNumber(*patch.contact_phone, "contactPhone", errors);
    if (patch.kind) CheckKind(*patch.kind, errors);

    {
        if (!repository::EnterpriseVisible(tx, ctx.principal, id)) ThrowNotFound("企业");
        auto e = repository::FindEnterprise(tx, id);
        if (!e) ThrowNotFound("企业");
        core::FieldErrors all = errors;
        if (patch.region_code) CheckRegion(tx, *patch.region_code, all);
        all.ThrowIfAny();
        if (patch.region_code && *patch.region_code != e->region_code &&
            !ctx.principal.CoversRegion(*patch.region_code)) {
            throw Error(ErrorCode::kForbidden, "不能把企业登记地改到管辖范围以外",
                        {{"regionCode", "不在您的管辖范围内"}});
        }
        Enterprise before = *e;
        if (name) e->name = *name;
        if (legal) e->legal_representative = *legal;
        if (patch.region_code) e->region_code = *patch.region_code;
        if (patch.kind) e->kind = *patch.kind;
        if (qualification) e->qualification = *qualification;
        if (address) e->address = *address;
        if (contact_name) e->contact_name = *contact_name;
        bool phone_changed = false;
        if (patch.contact_phone) {
            std::optional<std::string> old_phone;
            if (e->contact_phone_enc) old_phone = Cipher().Open(*e->contact_phone_enc, kEnterprisePhoneContext);
            if (old_phone != phone) {
                phone_changed = true;
                e->contact_phone_enc =
                    phone ? std::optional(Cipher().Seal(*phone, kEnterprisePhoneContext)) : std::nullopt;
                e->contact_phone_mask = phone ? std::optional(core::MaskPhone(*phone)) : std::nullopt;
            }
        }
        boost::json::object after = AuditOf(*e), old = AuditOf(before), change;
        for (const auto& [key, value] : after)
            if (old.at(key) != value) change[key] = value;
        if (phone_changed) change["contactPhoneChanged"] = true;
        if (change.empty()) return std::move(*e);
        e->updated_at = clock_.Now();
        repository::UpdateEnterprise(tx, *e);
        audit::RecordAudit(tx, clock_, ctx, "update", "enterprise", e->id, change);
        return std::move(*e);
    }
}

}  // namespace anxin::registry
