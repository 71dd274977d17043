#include "registry/project_service.hpp"

#include <algorithm>
#include <cmath>
#include <set>
#include <utility>

#include <boost/json.hpp>

#include "audit/audit.hpp"
#include "core/error.hpp"
#include "core/ids.hpp"
#include "identity/permissions.hpp"
#include "region/region.hpp"
#include "registry/enterprise_repository.hpp"
#include "registry/enterprise_service.hpp"
#include "registry/project_repository.hpp"
#include "registry/project_scope.hpp"

namespace anxin::registry {
namespace {

namespace json = boost::json;

struct Transition {
    std::string_view from;
    std::string_view to;
};
// The one lifecycle table: 立项 → 施工许可 → 在建 ⇄ 停工 → 完工 → 竣工 → 销户.
constexpr Transition kTransitions[] = {
    {"approved", "permitted"},
    {"permitted", "under_construction"},
    {"under_construction", "suspended"},
    {"suspended", "under_construction"},
    {"under_construction", "finished"},
    {"finished", "completed"},
    {"completed", "closed"},
};

struct Label {
    std::string_view code;
    std::string_view label;
};
constexpr Label kStatusLabels[] = {{"approved", "立项"},  {"permitted", "施工许可"}, {"under_construction", "在建"},
                                   {"suspended", "停工"}, {"finished", "完工"},      {"completed", "竣工"},
                                   {"closed", "销户"}};

template <std::size_t N>
bool OneOf(const std::array<std::string_view, N>& list, std::string_view value) {
    return std::find(list.begin(), list.end(), value) != list.end();
}

template <std::size_t N>
void CheckEnum(const std::array<std::string_view, N>& list, std::string_view value, const std::string& field,
               core::FieldErrors& errors) {
    if (value.empty()) {
        errors.Add(field, "必填");
    } else if (!OneOf(list, value)) {
        std::string all;
        for (auto v : list) all += (all.empty() ? "" : ", ") + std::string(v);
        errors.Add(field, "取值无效，可选：" + all);
    }
}

bool ValidLng(double v) { return std::isfinite(v) && v >= -180.0 && v <= 180.0; }
bool ValidLat(double v) { return std::isfinite(v) && v >= -90.0 && v <= 90.0; }

constexpr std::int64_t kMaxFenceRadius = 50000;  // metres

bool IsOfficer(const core::Principal& p) {
    return p.role == identity::role::kSupervisor || p.role == identity::role::kIndustryOfficer;
}

// Officers may only place projects inside their own scope (industry officers: and their industry).
void RequireOfficerScope(const core::Principal& p, const ProjectFields& f) {
    if (!p.CoversRegion(f.region_code)) {
        throw Error(ErrorCode::kForbidden, "项目所在地不在您的管辖范围内", {{"regionCode", "不在您的管辖范围内"}});
    }
    if (p.role == identity::role::kIndustryOfficer && f.industry != p.industry) {
        throw Error(ErrorCode::kForbidden, "只能登记本行业的项目", {{"industry", "不是您主管的行业"}});
    }
}

Project RequireProject(storage::Transaction& tx, const core::Principal& p, std::string_view id) {
    auto project = repository::FindProjectInScope(tx, p, id);
    if (!project) ThrowNotFound("项目");
    return std::move(*project);
}

std::optional<ProjectFacts> FactsOf(storage::Transaction& tx, std::optional<Project> p) {
    if (!p) return std::nullopt;
    ProjectFacts facts{p->id,          p->code,     p->name,
                       p->region_code, p->industry, p->status,
                       p->address,     p->fence,    repository::ListParticipants(tx, p->id)};
    return facts;
}

StaffReport ReportOf(const std::vector<repository::StaffRow>& rows) {
    StaffReport report;
    for (auto duty : kStaffDuties) {
        auto it = std::find_if(rows.begin(), rows.end(), [&](const auto& r) { return r.duty == duty; });
        if (it == rows.end()) {
            report.missing.emplace_back(duty);
        } else {
            report.members.push_back(StaffMember{it->duty, it->name, it->phone_mask, it->user_id, it->updated_at});
        }
    }
    return report;
}

json::value DateValue(const std::optional<core::Date>& d) {
    if (!d) return nullptr;
    return json::string(d->ToString());
}

}  // namespace

// ---- pure rules -----------------------------------------------------------------------------------

std::string StatusLabel(std::string_view status) {
    for (const auto& l : kStatusLabels)
        if (l.code == status) return std::string(l.label);
    return std::string(status);
}

bool IsAllowedTransition(std::string_view from, std::string_view to) {
    return std::any_of(std::begin(kTransitions), std::end(kTransitions),
                       [&](const Transition& t) { return t.from == from && t.to == to; });
}

std::string_view FenceKindName(FenceKind kind) {
    switch (kind) {
        case FenceKind::kCircle:
            return "circle";
        case FenceKind::kPolygon:
            return "polygon";
        case FenceKind::kNone:
            break;
    }
    return "none";
}

double HaversineMetres(LngLat a, LngLat b) {
    constexpr double kEarthRadius = 6371008.8;
    constexpr double kRad = 3.14159265358979323846 / 180.0;
    const double dlat = (b.lat - a.lat) * kRad;
    const double dlng = (b.lng - a.lng) * kRad;
    const double h = std::sin(dlat / 2) * std::sin(dlat / 2) +
                     std::cos(a.lat * kRad) * std::cos(b.lat * kRad) * std::sin(dlng / 2) * std::sin(dlng / 2);
    return 2 * kEarthRadius * std::asin(std::min(1.0, std::sqrt(h)));
}

bool InsideFence(const Fence& fence, double lng, double lat) {
    switch (fence.kind) {
        case FenceKind::kNone:
            return true;
        case FenceKind::kCircle:
            return HaversineMetres(fence.center, LngLat{lng, lat}) <= static_cast<double>(fence.radius_m);
        case FenceKind::kPolygon: {
            // Ray casting along +lng: a site fence spans metres, so planar lng/lat is exact enough.
            const auto& pts = fence.points;
            if (pts.size() < 3) return false;
            bool inside = false;
            for (std::size_t i = 0, j = pts.size() - 1; i < pts.size(); j = i++) {
                const LngLat& a = pts[i];
                const LngLat& b = pts[j];
                if ((a.lat > lat) != (b.lat > lat)) {
                    const double cross = a.lng + (lat - a.lat) * (b.lng - a.lng) / (b.lat - a.lat);
                    if (lng < cross) inside = !inside;
                }
            }
            return inside;
        }
    }
    return false;
}

// ---- shared rules (ep) ----------------------------------------------------------------------------

namespace ep {

void ValidateProjectFields(storage::Transaction& tx, ProjectFields& f, core::FieldErrors& errors) {
    f.code = CheckText(f.code, "code", 64, true, errors);
    f.name = CheckText(f.name, "name", kNameMaxChars, true, errors);
    f.address = CheckText(f.address, "address", kTextMaxChars, false, errors);
    f.region_code = std::string(Trim(f.region_code));
    if (f.region_code.empty()) {
        errors.Add("regionCode", "必填");
    } else {
        try {
            region::RegionService::RequireRegion(tx, f.region_code, "regionCode");
            if (f.region_code.size() != 6 && f.region_code.size() != 9)
                errors.Add("regionCode", "项目所在地应为乡镇（街道，9 位）或区县（6 位）代码");
        } catch (const Error& e) {
            for (const auto& [field, reason] : e.fields()) errors.Add(field, reason);
        }
    }
    CheckEnum(kIndustries, f.industry, "industry", errors);
    CheckEnum(kInvestmentTypes, f.investment_type, "investmentType", errors);
    CheckEnum(kLaborCostCycles, f.labor_cost_cycle, "laborCostCycle", errors);
    if (f.contract_price < 0) errors.Add("contractPrice", "合同价款不能为负数");

    // Coordinates: both or neither, in range.
    if (f.lng.has_value() != f.lat.has_value()) errors.Add(f.lng ? "lat" : "lng", "经度和纬度须同时填写");
    if (f.lng && !ValidLng(*f.lng)) errors.Add("lng", "经度必须在 -180 到 180 之间");
    if (f.lat && !ValidLat(*f.lat)) errors.Add("lat", "纬度必须在 -90 到 90 之间");

    switch (f.fence.kind) {
        case FenceKind::kNone:
            f.fence = Fence{};
            break;
        case FenceKind::kCircle:
            if (!f.lng || !f.lat) errors.Add("fence", "圆形围栏须先填写项目经纬度");
            if (f.fence.radius_m < 1 || f.fence.radius_m > kMaxFenceRadius)
                errors.Add("fence.radiusM", "半径必须在 1 到 " + std::to_string(kMaxFenceRadius) + " 米之间");
            f.fence.center = LngLat{f.lng.value_or(0), f.lat.value_or(0)};
            f.fence.points.clear();
            break;
        case FenceKind::kPolygon:
            if (f.fence.points.size() < 3) errors.Add("fence.points", "多边形围栏至少需要 3 个顶点");
            for (std::size_t i = 0; i < f.fence.points.size(); ++i) {
                const auto& p = f.fence.points[i];
                if (!ValidLng(p.lng) || !ValidLat(p.lat)) {
                    errors.Add("fence.points[" + std::to_string(i) + "]",
                               "经度须在 -180 到 180、纬度须在 -90 到 90 之间");
                }
            }
            f.fence.center = LngLat{};
            f.fence.radius_m = 0;
            break;
    }

    // Contract dates: signed ≤ start ≤ end.
    if (f.contract_signed_on && f.contract_start_on && *f.contract_start_on < *f.contract_signed_on)
        errors.Add("contractStartOn", "开工日期不能早于合同签订日期");
    if (f.contract_start_on && f.contract_end_on && *f.contract_end_on < *f.contract_start_on)
        errors.Add("contractEndOn", "竣工日期不能早于开工日期");
    if (f.contract_signed_on && !f.contract_start_on && f.contract_end_on && *f.contract_end_on < *f.contract_signed_on)
        errors.Add("contractEndOn", "竣工日期不能早于合同签订日期");

    // Labor-cost clause (REG 24): due day, and a share or a fixed amount, not both.
    if (f.labor_cost_day && (*f.labor_cost_day < 1 || *f.labor_cost_day > 31))
        errors.Add("laborCostDay", "拨付日必须在 1 到 31 之间");
    if (f.labor_cost_ratio_bp && (*f.labor_cost_ratio_bp < 0 || *f.labor_cost_ratio_bp > 10000))
        errors.Add("laborCostRatioBp", "人工费比例以万分之一计，必须在 0 到 10000 之间");
    if (f.labor_cost_amount && *f.labor_cost_amount < 0) errors.Add("laborCostAmount", "金额不能为负数");
    if (f.labor_cost_ratio_bp && f.labor_cost_amount)
        errors.Add("laborCostAmount", "人工费按比例或按固定金额约定，只能填写其一");

    if (f.permit_number) {
        f.permit_number = CheckText(*f.permit_number, "permitNumber", 64, false, errors);
        if (f.permit_number->empty()) f.permit_number.reset();
    }
    if (f.permit_number.has_value() != f.permit_on.has_value())
        errors.Add(f.permit_number ? "permitOn" : "permitNumber", "施工许可证号和发证日期须同时填写");
}

std::string NewPublicToken() { return core::RandomHex(12); }

Project NewProjectRow(const ProjectFields& fields, core::Date approved_on, core::Timestamp now) {
    Project p;
    static_cast<ProjectFields&>(p) = fields;
    p.id = core::NewId(now);
    p.status = "approved";
    p.status_on = approved_on;
    p.public_token = NewPublicToken();
    p.created_at = now;
    p.updated_at = now;
    return p;
}

void InsertNewProject(storage::Transaction& tx, const core::CallContext& ctx, const Project& project,
                      core::Timestamp now) {
    repository::InsertProject(tx, project);
    repository::InsertStatusChange(tx, StatusChange{core::NewId(now), project.id, std::nullopt, "approved",
                                                    project.status_on, "立项", ctx.principal.user_id, now});
}

void ApplyTransition(storage::Transaction& tx, const core::CallContext& ctx, Project& project, std::string_view to,
                     core::Date on, const std::string& reason, core::Timestamp now) {
    StatusChange change{core::NewId(now),      project.id, project.status, std::string(to), on, reason,
                        ctx.principal.user_id, now};
    project.status = std::string(to);
    project.status_on = on;
    project.updated_at = now;
    repository::UpdateProject(tx, project);
    repository::InsertStatusChange(tx, change);
}

json::object ProjectAudit(const ProjectFields& f) {
    json::object o{{"code", f.code},
                   {"name", f.name},
                   {"regionCode", f.region_code},
                   {"address", f.address},
                   {"fence", FenceKindName(f.fence.kind)},
                   {"industry", f.industry},
                   {"isConstruction", f.is_construction},
                   {"investmentType", f.investment_type},
                   {"contractPrice", f.contract_price},
                   {"contractSignedOn", DateValue(f.contract_signed_on)},
                   {"contractStartOn", DateValue(f.contract_start_on)},
                   {"contractEndOn", DateValue(f.contract_end_on)},
                   {"laborCostCycle", f.labor_cost_cycle},
                   {"permitOn", DateValue(f.permit_on)}};
    o["lng"] = f.lng ? json::value(*f.lng) : json::value(nullptr);
    o["lat"] = f.lat ? json::value(*f.lat) : json::value(nullptr);
    o["fenceRadiusM"] = f.fence.radius_m;
    o["fencePoints"] = static_cast<std::int64_t>(f.fence.points.size());
    o["laborCostDay"] = f.labor_cost_day ? json::value(*f.labor_cost_day) : json::value(nullptr);
    o["laborCostRatioBp"] = f.labor_cost_ratio_bp ? json::value(*f.labor_cost_ratio_bp) : json::value(nullptr);
    o["laborCostAmount"] = f.labor_cost_amount ? json::value(*f.labor_cost_amount) : json::value(nullptr);
    o["permitNumber"] = f.permit_number ? json::value(*f.permit_number) : json::value(nullptr);
    return o;
}

}  // namespace ep

// ---- service --------------------------------------------------------------------------------------

const core::FieldCipher& ProjectService::Cipher() const {
    if (!cipher_) throw Error(ErrorCode::kUnavailable, "未配置数据密钥：无法保存五员电话");
    return *cipher_;
}

Project ProjectService::Create(const core::CallContext& ctx, const NewProject& input) {
    const core::Principal& principal = ctx.principal;
    const bool enterprise_user = principal.role == identity::role::kEnterpriseUser;
    if (!IsOfficer(principal) && !(enterprise_user && !principal.enterprise_id.empty())) {
        ThrowForbidden("您的角色不能登记项目");
    }
    const core::Date today = clock_.TodayInShanghai();
    return storage::WithTransaction(db_, [&](storage::Transaction& tx) {
        ProjectFields fields = input.fields;
        core::FieldErrors errors;
        ep::ValidateProjectFields(tx, fields, errors);
        const core::Date approved_on = input.approved_on.value_or(today);
        if (approved_on > today) errors.Add("approvedOn", "立项日期不能晚于今天");
        if (enterprise_user) {
            if (!input.participant_role) {
                errors.Add("participantRole", "必填：本企业在项目中的角色（009 总承包或 008 建设单位）");
            } else if (*input.participant_role != "008" && *input.participant_role != "009") {
                errors.Add("participantRole", "取值无效，可选：008, 009");
            }
        }
        errors.ThrowIfAny();
        if (IsOfficer(principal)) RequireOfficerScope(principal, fields);
        if (repository::FindProjectByCode(tx, fields.code)) {
            ThrowConflict("该项目编号已登记", {{"code", "该项目编号已登记"}});
        }
        auto now = clock_.Now();
        Project project = ep::NewProjectRow(fields, approved_on, now);
        ep::InsertNewProject(tx, ctx, project, now);
        if (enterprise_user) {
            if (!repository::FindEnterprise(tx, principal.enterprise_id)) ThrowForbidden("您的账号未关联已登记的企业");
            Participant own{principal.enterprise_id, *input.participant_role, std::nullopt, std::nullopt, "", ""};
            repository::UpsertParticipant(tx, project.id, own, now);
            (own.role_code == "009" ? project.general_contractor_id : project.construction_unit_id) =
                principal.enterprise_id;
            repository::UpdateProject(tx, project);
        }
        json::object change = ep::ProjectAudit(project);
        change["status"] = project.status;
        change["statusOn"] = project.status_on.ToString();
        audit::RecordAudit(tx, clock_, ctx, "create", "project", project.id, change);
        return project;
    });
}

ProjectPage ProjectService::List(const core::CallContext& ctx, const ProjectQuery& query) const {
    core::FieldErrors errors;
    if (query.industry) CheckEnum(kIndustries, *query.industry, "industry", errors);
    if (query.status) CheckEnum(kProjectStatuses, *query.status, "status", errors);
    if (query.warning) CheckEnum(kWarningFilters, *query.warning, "warning", errors);
    errors.ThrowIfAny();
    repository::ProjectFilter filter;
    filter.region_prefix = query.region_code;
    filter.industry = query.industry;
    filter.status = query.status;
    filter.warning = query.warning;
    if (query.q && !ep::Trim(*query.q).empty()) filter.q = std::string(ep::Trim(*query.q));
    filter.offset = std::max<std::int64_t>(query.offset, 0);
    filter.limit = std::clamp<std::int64_t>(query.limit, 0, 1000);
    auto tx = db_.Begin(storage::TxMode::kRead);
    ProjectPage page;
    page.items = repository::ListProjects(tx, ctx.principal, filter);
    page.total = repository::CountProjects(tx, ctx.principal, filter);
    return page;
}

Project ProjectService::Get(const core::CallContext& ctx, std::string_view id) const {
    auto tx = db_.Begin(storage::TxMode::kRead);
    return RequireProject(tx, ctx.principal, id);
}

Project ProjectService::Update(const core::CallContext& ctx, std::string_view id, const ProjectPatch& patch) {
    return storage::WithTransaction(db_, [&](storage::Transaction& tx) {
        Project project = RequireProject(tx, ctx.principal, id);
        ProjectFields f = project;
        if (patch.name) f.name = *patch.name;
        if (patch.region_code) f.region_code = *patch.region_code;
        if (patch.address) f.address = *patch.address;
        if (patch.lng) f.lng = *patch.lng;
        if (patch.lat) f.lat = *patch.lat;
        if (patch.fence) f.fence = *patch.fence;
        if (patch.industry) f.industry = *patch.industry;
        if (patch.is_construction) f.is_construction = *patch.is_construction;
        if (patch.investment_type) f.investment_type = *patch.investment_type;
        if (patch.contract_price) f.contract_price = *patch.contract_price;
        if (patch.contract_signed_on) f.contract_signed_on = *patch.contract_signed_on;
        if (patch.contract_start_on) f.contract_start_on = *patch.contract_start_on;
        if (patch.contract_end_on) f.contract_end_on = *patch.contract_end_on;
        if (patch.labor_cost_cycle) f.labor_cost_cycle = *patch.labor_cost_cycle;
        if (patch.labor_cost_day) f.labor_cost_day = *patch.labor_cost_day;
        if (patch.labor_cost_ratio_bp) f.labor_cost_ratio_bp = *patch.labor_cost_ratio_bp;
        if (patch.labor_cost_amount) f.labor_cost_amount = *patch.labor_cost_amount;
        if (patch.permit_number) f.permit_number = *patch.permit_number;
        if (patch.permit_on) f.permit_on = *patch.permit_on;
        core::FieldErrors errors;
        ep::ValidateProjectFields(tx, f, errors);
        // Once past 立项 the permit is part of the record: it cannot be removed.
        if (project.status != "approved" && !f.permit_number)
            errors.Add("permitNumber", "已取得施工许可的项目须保留许可证号");
        errors.ThrowIfAny();
        if (IsOfficer(ctx.principal)) RequireOfficerScope(ctx.principal, f);

        json::object before = ep::ProjectAudit(project), after = ep::ProjectAudit(f), change;
        for (const auto& [key, value] : after)
            if (before.at(key) != value) change[key] = value;
        if (f.fence.points != project.fence.points) change["fencePoints"] = after.at("fencePoints");
        if (change.empty() && f.lng == project.lng && f.lat == project.lat) return project;
        static_cast<ProjectFields&>(project) = f;
        project.updated_at = clock_.Now();
        repository::UpdateProject(tx, project);
        audit::RecordAudit(tx, clock_, ctx, "update", "project", project.id, change);
        return project;
    });
}

Project ProjectService::ChangeStatus(const core::CallContext& ctx, std::string_view id, const StatusRequest& request) {
    const core::Date today = clock_.TodayInShanghai();
    return storage::WithTransaction(db_, [&](storage::Transaction& tx) {
        Project project = RequireProject(tx, ctx.principal, id);
        core::FieldErrors errors;
        CheckEnum(kProjectStatuses, request.status, "status", errors);
        std::string reason = ep::CheckText(request.reason, "reason", ep::kTextMaxChars, true, errors);
        if (request.changed_on > today) {
            errors.Add("changedOn", "变更日期不能晚于今天");
        } else if (request.changed_on < project.status_on) {
            errors.Add("changedOn", "变更日期不能早于上一次状态变更（" + project.status_on.ToString() + "）");
        }
        errors.ThrowIfAny();
        if (!IsAllowedTransition(project.status, request.status)) {
            throw Error(
                ErrorCode::kConflict,
                "项目状态不能从“" + StatusLabel(project.status) + "”变更为“" + StatusLabel(request.status) + "”",
                {{"status",
                  "不允许从“" + StatusLabel(project.status) + "”变更为“" + StatusLabel(request.status) + "”"}});
        }
        if (request.status == "permitted" && (!project.permit_number || !project.permit_on)) {
            core::FieldErrors permit;
            if (!project.permit_number) permit.Add("permitNumber", "转为施工许可前须填写施工许可证号");
            if (!project.permit_on) permit.Add("permitOn", "转为施工许可前须填写发证日期");
            permit.ThrowIfAny("转为施工许可前须填写施工许可证号和发证日期");
        }
        const std::string from = project.status;
        ep::ApplyTransition(tx, ctx, project, request.status, request.changed_on, reason, clock_.Now());
        audit::RecordAudit(tx, clock_, ctx, "status", "project", project.id,
                           json::object{{"from", from},
                                        {"to", project.status},
                                        {"changedOn", project.status_on.ToString()},
                                        {"reason", reason}});
        return project;
    });
}

std::vector<StatusChange> ProjectService::StatusHistory(const core::CallContext& ctx, std::string_view id) const {
    auto tx = db_.Begin(storage::TxMode::kRead);
    RequireProject(tx, ctx.principal, id);
    return repository::ListStatusChanges(tx, id);
}

std::vector<Participant> ProjectService::SetParticipants(const core::CallContext& ctx, std::string_view id,
                                                         const std::vector<Participant>& participants) {
    return storage::WithTransaction(db_, [&](storage::Transaction& tx) {
        Project project = RequireProject(tx, ctx.principal, id);
        core::FieldErrors errors;
        std::set<std::pair<std::string, std::string>> seen;
        std::optional<std::string> cu, gc;
        bool keeps_own = false;
        for (std::size_t i = 0; i < participants.size(); ++i) {
            const Participant& p = participants[i];
            const std::string at = "participants[" + std::to_string(i) + "].";
            if (p.enterprise_id.empty()) {
                errors.Add(at + "enterpriseId", "必填");
            } else if (!repository::FindEnterprise(tx, p.enterprise_id)) {
                errors.Add(at + "enterpriseId", "企业不存在");
            }
            CheckEnum(kParticipantRoles, p.role_code, at + "roleCode", errors);
            if (!seen.emplace(p.enterprise_id, p.role_code).second) errors.Add(at + "enterpriseId", "重复的参建单位");
            if (p.role_code == "008") {
                if (cu) errors.Add(at + "roleCode", "一个项目只能有一个建设单位（008）");
                cu = p.enterprise_id;
            }
            if (p.role_code == "009") {
                if (gc) errors.Add(at + "roleCode", "一个项目只能有一个总承包单位（009）");
                gc = p.enterprise_id;
            }
            if (p.joined_on && p.left_on && *p.left_on < *p.joined_on)
                errors.Add(at + "leftOn", "退场日期不能早于进场日期");
            if (p.enterprise_id == ctx.principal.enterprise_id) keeps_own = true;
        }
        if (ctx.principal.role == identity::role::kEnterpriseUser && !keeps_own) {
            errors.Add("participants", "不能把本企业移出项目");
        }
        errors.ThrowIfAny();

        auto now = clock_.Now();
        for (const auto& old : repository::ListParticipants(tx, id)) {
            if (!seen.contains({old.enterprise_id, old.role_code}))
                repository::DeleteParticipant(tx, id, old.enterprise_id, old.role_code);
        }
        json::array audit_list;
        for (const auto& p : participants) {
            repository::UpsertParticipant(tx, id, p, now);
            audit_list.push_back(json::object{{"enterpriseId", p.enterprise_id}, {"roleCode", p.role_code}});
        }
        project.construction_unit_id = cu;
        project.general_contractor_id = gc;
        project.updated_at = now;
        repository::UpdateProject(tx, project);
        audit::RecordAudit(tx, clock_, ctx, "participants", "project", project.id,
                           json::object{{"participants", audit_list}});
        return repository::ListParticipants(tx, id);
    });
}

std::vector<Participant> ProjectService::Participants(const core::CallContext& ctx, std::string_view id) const {
    auto tx = db_.Begin(storage::TxMode::kRead);
    RequireProject(tx, ctx.principal, id);
    return repository::ListParticipants(tx, id);
}

Team ProjectService::CreateTeam(const core::CallContext& ctx, std::string_view project_id, const NewTeam& input) {
    return storage::WithTransaction(db_, [&](storage::Transaction& tx) {
        RequireProject(tx, ctx.principal, project_id);
        core::FieldErrors errors;
        Team team;
        team.name = ep::CheckText(input.name, "name", 100, true, errors);
        team.leader_name = ep::CheckText(input.leader_name, "leaderName", 50, false, errors);
        team.leader_worker_id = input.leader_worker_id;
        auto participants = repository::ListParticipants(tx, project_id);
        if (input.enterprise_id.empty()) {
            errors.Add("enterpriseId", "必填");
        } else if (std::none_of(participants.begin(), participants.end(),
                                [&](const Participant& p) { return p.enterprise_id == input.enterprise_id; })) {
            errors.Add("enterpriseId", "不是本项目的参建单位");
        }
        errors.ThrowIfAny();
        if (ctx.principal.role == identity::role::kEnterpriseUser &&
            input.enterprise_id != ctx.principal.enterprise_id) {
            throw Error(ErrorCode::kForbidden, "只能为本企业建立班组", {{"enterpriseId", "只能为本企业建立班组"}});
        }
        auto now = clock_.Now();
        team.id = core::NewId(now);
        team.project_id = std::string(project_id);
        team.enterprise_id = input.enterprise_id;
        team.created_at = now;
        try {
            repository::InsertTeam(tx, team);
        } catch (const storage::UniqueViolation&) {
            ThrowConflict("本项目已有同名班组", {{"name", "本项目已有同名班组"}});
        }
        audit::RecordAudit(tx, clock_, ctx, "create", "team", team.id,
                           json::object{{"projectId", team.project_id},
                                        {"enterpriseId", team.enterprise_id},
                                        {"name", team.name},
                                        {"leaderName", team.leader_name}});
        return team;
    });
}

std::vector<Team> ProjectService::Teams(const core::CallContext& ctx, std::string_view project_id) const {
    auto tx = db_.Begin(storage::TxMode::kRead);
    RequireProject(tx, ctx.principal, project_id);
    return repository::ListTeams(tx, project_id);
}

StaffReport ProjectService::SetStaff(const core::CallContext& ctx, std::string_view project_id,
                                     const std::vector<StaffInput>& staff) {
    return storage::WithTransaction(db_, [&](storage::Transaction& tx) {
        RequireProject(tx, ctx.principal, project_id);
        core::FieldErrors errors;
        std::set<std::string> duties;
        std::vector<repository::StaffRow> rows;
        auto now = clock_.Now();
        // A phone left out keeps the one on file for the same person in the same duty (the console
        // never sees it unmasked); an empty phone clears it.
        const auto before = repository::ListStaff(tx, project_id);
        for (std::size_t i = 0; i < staff.size(); ++i) {
            const StaffInput& s = staff[i];
            const std::string at = "staff[" + std::to_string(i) + "].";
            CheckEnum(kStaffDuties, s.duty, at + "duty", errors);
            if (!duties.insert(s.duty).second) errors.Add(at + "duty", "同一职责只能填写一人");
            repository::StaffRow row;
            row.duty = s.duty;
            row.name = ep::CheckText(s.name, at + "name", 50, true, errors);
            std::optional<std::string> phone;
            if (s.phone) phone = ep::CheckPhoneNumber(*s.phone, at + "phone", errors);
            if (phone) {
                row.phone_enc = Cipher().Seal(*phone, kStaffPhoneContext);
                row.phone_mask = core::MaskPhone(*phone);
            } else if (!s.phone) {
                for (const auto& old : before) {
                    if (old.duty == row.duty && old.name == row.name) {
                        row.phone_enc = old.phone_enc;
                        row.phone_mask = old.phone_mask;
                    }
                }
            }
            if (s.user_id && !ep::Trim(*s.user_id).empty()) row.user_id = std::string(ep::Trim(*s.user_id));
            row.updated_at = now;
            rows.push_back(std::move(row));
        }
        errors.ThrowIfAny();
        repository::DeleteStaff(tx, project_id);
        json::array audit_list;
        for (const auto& row : rows) {
            repository::InsertStaff(tx, project_id, row);
            audit_list.push_back(json::object{{"duty", row.duty}, {"name", row.name}});
        }
        audit::RecordAudit(tx, clock_, ctx, "staff", "project", project_id, json::object{{"staff", audit_list}});
        return ReportOf(rows);
    });
}

StaffReport ProjectService::Staff(const core::CallContext& ctx, std::string_view project_id) const {
    auto tx = db_.Begin(storage::TxMode::kRead);
    RequireProject(tx, ctx.principal, project_id);
    return ReportOf(repository::ListStaff(tx, project_id));
}

std::optional<ProjectFacts> ProjectService::FindFacts(storage::Transaction& tx, std::string_view project_id) {
    return FactsOf(tx, repository::FindProject(tx, project_id));
}

std::optional<ProjectFacts> ProjectService::FindByPublicToken(storage::Transaction& tx, std::string_view token) {
    if (token.empty()) return std::nullopt;
    return FactsOf(tx, repository::FindProjectByToken(tx, token));
}

std::optional<Fence> ProjectService::FindFence(storage::Transaction& tx, std::string_view project_id) {
    return repository::FindProjectFence(tx, project_id);
}

void ProjectService::StoreOpenWarnings(storage::Transaction& tx,
                                       const std::optional<std::vector<std::string>>& project_ids,
                                       const std::map<std::string, OpenWarnings>& summaries) {
    // Read what is stored first so that an evaluation that changes nothing writes nothing.
    std::vector<std::string> listed;
    if (project_ids) {
        listed = *project_ids;
        for (const auto& [id, summary] : summaries) listed.push_back(id);
    }
    auto stored = repository::ProjectsWithOpenWarnings(tx, project_ids ? &listed : nullptr);
    for (const auto& [id, summary] : summaries) {
        OpenWarnings target = summary.count > 0 ? summary : OpenWarnings{};
        auto it = stored.find(id);
        if (it == stored.end() ? target != OpenWarnings{} : it->second != target)
            repository::SetOpenWarnings(tx, id, target);
    }
    for (const auto& [id, summary] : stored)
        if (!summaries.contains(id)) repository::SetOpenWarnings(tx, id, OpenWarnings{});
}

}  // namespace anxin::registry
