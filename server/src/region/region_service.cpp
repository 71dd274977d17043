#include "region/region_service.hpp"

#include <algorithm>
#include <utility>

#include <boost/json.hpp>

#include "audit/audit.hpp"
#include "core/error.hpp"
#include "core/ids.hpp"
#include "core/text.hpp"
#include "region/region.hpp"
#include "region/region_repository.hpp"

namespace anxin::region {
namespace {


std::string_view Trim(std::string_view text) { return core::TrimSpace(text); }

boost::json::value AuditValue(const std::optional<std::string>& text) {
    if (!text) return nullptr;
    return boost::json::string(*text);
}

}  // namespace

bool IsDepartmentKind(std::string_view kind) {
    return std::find(kDepartmentKinds.begin(), kDepartmentKinds.end(), kind) != kDepartmentKinds.end();
}

void CheckDepartmentKind(std::string_view kind, core::FieldErrors& errors) {
    if (kind.empty()) {
        errors.Add("kind", "必填");
    } else if (!IsDepartmentKind(kind)) {
        std::string list;
        for (auto k : kDepartmentKinds) list += (list.empty() ? "" : ", ") + std::string(k);
        errors.Add("kind", "取值无效，可选：" + list);
    }
}

std::string CheckDepartmentName(std::string_view name, core::FieldErrors& errors) {
    std::string_view trimmed = Trim(name);
    if (!core::IsValidUtf8(trimmed)) {
        errors.Add("name", "不是有效的 UTF-8 文本");
    } else if (trimmed.empty()) {
        errors.Add("name", "必填");
    } else if (core::Utf8Length(trimmed) > kDepartmentNameMaxChars) {
        errors.Add("name", "长度不能超过 " + std::to_string(kDepartmentNameMaxChars) + " 个字符");
    }
    return std::string(trimmed);
}

std::optional<std::string> CheckPhone(std::string_view phone, core::FieldErrors& errors) {
    std::string_view trimmed = Trim(phone);
    if (trimmed.empty()) return std::nullopt;
    int digits = 0;
    bool allowed = trimmed.size() <= kPhoneMaxChars;
    for (char c : trimmed) {
        if (c >= '0' && c <= '9') {
            ++digits;
        } else if (c != ' ' && c != '-' && c != '+' && c != '(' && c != ')') {
            allowed = false;
        }
    }
    if (!allowed || digits < 3) {
        errors.Add("phone", "办公电话只能包含数字、空格和 +-()，不超过 " + std::to_string(kPhoneMaxChars) + " 个字符");
    }
    return std::string(trimmed);
}

// ---- divisions -----------------------------------------------------------------------------------

std::vector<Division> RegionService::ListChildren(std::optional<std::string_view> parent_code) const {
    auto tx = db_.Begin(storage::TxMode::kRead);
    if (parent_code && !repository::FindDivision(tx, *parent_code)) ThrowNotFound("行政区划");
    return repository::ListDivisionChildren(tx, parent_code);
}

std::optional<Division> RegionService::Find(std::string_view code) const {
    auto tx = db_.Begin(storage::TxMode::kRead);
    return repository::FindDivision(tx, code);
}

Division RegionService::Get(std::string_view code) const {
    auto division = Find(code);
    if (!division) ThrowNotFound("行政区划");
    return std::move(*division);
}

Division RegionService::RequireRegion(storage::Transaction& tx, std::string_view code, std::string_view field) {
    auto division = repository::FindDivision(tx, code);
    if (!division) ThrowInvalidField(std::string(field), "不是有效的行政区划代码");
    return std::move(*division);
}

// ---- departments ---------------------------------------------------------------------------------

Department RegionService::CreateDepartment(const core::CallContext& ctx, const NewDepartment& input) {
    core::FieldErrors errors;
    CheckDepartmentKind(input.kind, errors);
    std::string name = CheckDepartmentName(input.name, errors);
    std::optional<std::string> phone = input.phone ? CheckPhone(*input.phone, errors) : std::nullopt;

    return storage::WithTransaction(db_, [&](storage::Transaction& tx) {
        if (input.region_code.empty()) {
            errors.Add("regionCode", "必填");
        } else if (!repository::FindDivision(tx, input.region_code)) {
            errors.Add("regionCode", "不是有效的行政区划代码");
        }
        errors.ThrowIfAny();
        if (!ctx.principal.CoversRegion(input.region_code)) {
            throw Error(ErrorCode::kForbidden, "不能在管辖范围以外的地区创建部门",
                        {{"regionCode", "不在您的管辖范围内"}});
        }

        auto now = clock_.Now();
        Department department{core::NewId(now), input.region_code, input.kind, name, phone, now, now};
        try {
            repository::InsertDepartment(tx, department);
        } catch (const storage::UniqueViolation&) {
            ThrowConflict("该地区已有同类同名部门", {{"name", "该地区已有同类同名部门"}});
        }
        audit::RecordAudit(tx, clock_, ctx, "create", "department", department.id,
                           boost::json::object{{"regionCode", department.region_code},
                                               {"kind", department.kind},
                                               {"name", department.name},
                                               {"phone", AuditValue(department.phone)}});
        return department;
    });
}

DepartmentPage RegionService::ListDepartments(const core::CallContext& ctx, const DepartmentQuery& query) const {
    if (query.kind && !IsDepartmentKind(*query.kind)) {
        core::FieldErrors errors;
        CheckDepartmentKind(*query.kind, errors);
        errors.ThrowIfAny();
    }
    repository::DepartmentFilter filter;
    filter.scope_prefix = ctx.principal.region_code;
    filter.region_prefix = query.region_code;
    filter.kind = query.kind;
    filter.offset = std::max<std::int64_t>(query.offset, 0);
    filter.limit = std::clamp<std::int64_t>(query.limit, 0, 1000);

    auto tx = db_.Begin(storage::TxMode::kRead);
    DepartmentPage page;
    page.items = repository::ListDepartments(tx, filter);
    page.total = repository::CountDepartments(tx, filter);
    return page;
}

Department RegionService::GetDepartment(const core::CallContext& ctx, std::string_view id) const {
    auto tx = db_.Begin(storage::TxMode::kRead);
    auto department = repository::FindDepartment(tx, id);
    // Outside the caller's scope reads exactly like absent, so ids cannot be probed.
    if (!department || !ctx.principal.CoversRegion(department->region_code)) ThrowNotFound("部门");
    return std::move(*department);
}

Department RegionService::UpdateDepartment(const core::CallContext& ctx, std::string_view id,
                                           const DepartmentPatch& patch) {
    core::FieldErrors errors;
    std::optional<std::string> name;
    if (patch.name) name = CheckDepartmentName(*patch.name, errors);
    std::optional<std::string> phone;
    if (patch.phone) phone = CheckPhone(*patch.phone, errors);
    errors.ThrowIfAny();

    return storage::WithTransaction(db_, [&](storage::Transaction& tx) {
        auto department = repository::FindDepartment(tx, id);
        if (!department || !ctx.principal.CoversRegion(department->region_code)) ThrowNotFound("部门");

        boost::json::object change;
        if (name && *name != department->name) {
            department->name = *name;
            change["name"] = department->name;
        }
        if (patch.phone && phone != department->phone) {
            department->phone = phone;
            change["phone"] = AuditValue(department->phone);
        }
        if (change.empty()) return std::move(*department);  // nothing to write, nothing to audit

        department->updated_at = clock_.Now();
        try {
            repository::UpdateDepartment(tx, *department);
        } catch (const storage::UniqueViolation&) {
            ThrowConflict("该地区已有同类同名部门", {{"name", "该地区已有同类同名部门"}});
        }
        audit::RecordAudit(tx, clock_, ctx, "update", "department", department->id, change);
        return std::move(*department);
    });
}

}  // namespace anxin::region
