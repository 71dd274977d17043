#include "notices/notice_service.hpp"

#include <utility>

#include "core/error.hpp"
#include "core/money.hpp"
#include "notices/board_photo.hpp"
#include "notices/notice_repository.hpp"
#include "registry/published.hpp"
#include "registry/project_scope.hpp"
#include "registry/projects.hpp"

namespace anxin::notices {
namespace {


std::optional<std::string> NonEmpty(std::string text) {
    if (text.empty()) return std::nullopt;
    return text;
}

std::string Join(const std::vector<std::string>& parts, std::string_view separator) {
    std::string out;
    for (const auto& part : parts) {
        if (!out.empty()) out += separator;
        out += part;
    }
    return out;
}

}  // namespace

const BoardItem* NoticeBoard::Find(std::string_view key) const {
    for (const auto& item : items) {
        if (item.key == key) return &item;
    }
    return nullptr;
}

std::string_view RegulatorKind(std::string_view industry) {
    if (industry == "housing" || industry == "transport" || industry == "water") return industry;
    return "hrss";
}

std::string PayDateText(int pay_day) {
    if (pay_day >= 31) return "次月月底前支付上月工资";
    return "每月 " + std::to_string(pay_day) + " 日前支付上月工资";
}

std::string MinimumWageText(std::int64_t fen) {
    std::string yuan = core::FormatYuan(fen);
    if (yuan.ends_with(".00")) yuan.resize(yuan.size() - 3);
    return yuan + " 元/月";
}

NoticeBoard BuildBoard(const BoardFacts& facts) {
    NoticeBoard board;
    board.project_id = facts.project_id;
    board.project_code = facts.project_code;
    board.project_name = facts.project_name;
    board.address = facts.address;
    board.region_code = facts.region_code;
    board.public_url = facts.public_url;

    // REG 34: each of these must be on the board; `missing_text` names the gap for the console.
    auto add = [&](std::string_view key, std::string_view label, std::optional<std::string> value,
                   std::string_view missing_text) {
        BoardItem item{std::string(key), std::string(label), value.value_or(""), value.has_value()};
        if (!item.present && !missing_text.empty()) board.missing.emplace_back(missing_text);
        board.items.push_back(std::move(item));
    };

    add(kConstructionUnit, "建设单位", facts.construction_unit, "建设单位未登记");
    add(kGeneralContractor, "施工总承包单位", facts.general_contractor, "施工总承包单位未登记");
    std::optional<std::string> department;
    if (facts.general_contractor) {
        department = *facts.general_contractor + " " + facts.project_name + "项目部";
        if (facts.project_manager) *department += "（项目经理：" + *facts.project_manager + "）";
    }
    add(kProjectDepartment, "总承包单位项目部", department, "");  // follows from the GC
    // A non-construction service contract (环卫 …) usually has no subcontractors.
    add(kSubcontractors, "分包单位",
        facts.subcontractors.empty() ? std::nullopt : std::optional<std::string>(Join(facts.subcontractors, "、")),
        facts.is_construction ? "分包单位未登记" : "");
    add(kIndustryRegulator, "行业主管部门", facts.regulator_name, "行业主管部门未登记");

    std::optional<std::string> officer;
    if (facts.officer_name) officer = *facts.officer_name + (facts.officer_phone ? " " + *facts.officer_phone : "");
    add(kLaborAffairsOfficer, "劳资专管员", officer, "劳资专管员未登记");
    if (facts.officer_name && !facts.officer_phone) board.missing.emplace_back("劳资专管员联系电话未登记");

    add(kMinimumWage, "当地最低工资标准", MinimumWageText(facts.minimum_wage_fen), "");
    add(kPayDate, "工资支付日期", PayDateText(facts.pay_day), "");

    std::optional<std::string> industry_hotline = NonEmpty(facts.industry_hotline);
    if (!industry_hotline) industry_hotline = facts.regulator_phone;
    add(kIndustryHotline, "行业主管部门投诉电话", industry_hotline, "行业主管部门投诉电话未设置");
    add(kLaborInspectionHotline, "劳动保障监察投诉电话", NonEmpty(facts.labor_inspection_hotline),
        "劳动保障监察投诉电话未设置");
    add(kArbitration, "劳动争议仲裁", NonEmpty(facts.arbitration), "劳动争议仲裁渠道未设置");
    add(kLegalAidHotline, "法律援助热线", NonEmpty(facts.legal_aid_hotline), "法律援助热线未设置");
    return board;
}

NoticeService::NoticeService(storage::Database& db, const region::RegionService& regions,
                             const region::ParameterService& parameters, const core::FieldCipher* cipher,
                             std::string public_base_url)
    : db_(db),
      regions_(regions),
      parameters_(parameters),
      cipher_(cipher),
      public_base_url_(std::move(public_base_url)) {
    while (public_base_url_.ends_with('/')) public_base_url_.pop_back();
}

std::string NoticeService::PublicUrl(std::string_view public_token) const {
    return public_base_url_ + "/h5/p/" + std::string(public_token);
}

NoticeBoard NoticeService::GetBoard(const core::CallContext& ctx, std::string_view project_id) const {
    {
        auto tx = db_.Begin(storage::TxMode::kRead);
        if (!registry::ProjectInScope(tx, ctx.principal, project_id)) ThrowNotFound("项目");
    }
    NoticeBoard board = Assemble(project_id, "");
    auto tx = db_.Begin(storage::TxMode::kRead);
    if (auto photo = FindBoardPhoto(tx, project_id)) {
        board.photo_file_id = photo->file_id;
        board.photo_file_name = photo->file_name;
        board.photo_uploaded_by = photo->uploaded_by_name;
        board.photo_uploaded_at = photo->uploaded_at;
    }
    return board;
}

std::string NoticeService::ProjectUrl(const core::CallContext& ctx, std::string_view project_id) const {
    auto tx = db_.Begin(storage::TxMode::kRead);
    if (!registry::ProjectInScope(tx, ctx.principal, project_id)) ThrowNotFound("项目");
    auto extra = repository::FindProjectExtra(tx, project_id);
    if (!extra) ThrowNotFound("项目");
    return PublicUrl(extra->public_token);
}

NoticeBoard NoticeService::GetPublicBoard(std::string_view public_token) const {
    std::string project_id;
    {
        auto tx = db_.Begin(storage::TxMode::kRead);
        auto facts = registry::ProjectService::FindByPublicToken(tx, public_token);
        if (!facts) ThrowNotFound("项目");
        project_id = facts->id;
    }
    return Assemble(project_id, public_token);
}

NoticeBoard NoticeService::Assemble(std::string_view project_id, std::string_view public_token) const {
    BoardFacts facts;
    std::string industry;
    {
        auto tx = db_.Begin(storage::TxMode::kRead);
        auto project = registry::ProjectService::FindFacts(tx, project_id);
        auto extra = repository::FindProjectExtra(tx, project_id);
        if (!project || !extra) ThrowNotFound("项目");
        facts.project_id = project->id;
        facts.project_code = project->code;
        facts.project_name = project->name;
        facts.address = project->address;
        facts.region_code = project->region_code;
        facts.is_construction = extra->is_construction;
        facts.public_url = PublicUrl(public_token.empty() ? std::string_view(extra->public_token) : public_token);
        industry = project->industry;

        for (const auto& p : project->participants) {
            if (p.role_code == "008") {
                facts.construction_unit = p.enterprise_name;
            } else if (p.role_code == "009") {
                facts.general_contractor = p.enterprise_name;
            } else if ((p.role_code == "001" || p.role_code == "006") && !p.left_on) {
                facts.subcontractors.push_back(p.enterprise_name);
            }
        }
        if (auto manager = repository::FindStaff(tx, project_id, "project_manager")) {
            facts.project_manager = manager->name;
        }
        if (auto officer = repository::FindStaff(tx, project_id, "labor_affairs_officer")) {
            facts.officer_name = officer->name;
            facts.officer_phone = officer->phone_mask;
            if (officer->has_phone && cipher_) {
                for (auto& contact : registry::StaffContacts(tx, *cipher_, project_id))
                    if (contact.duty == "labor_affairs_officer") facts.officer_phone = std::move(contact.phone);
            }
        }

        const std::string& region = facts.region_code;
        facts.minimum_wage_fen = parameters_.GetInt(tx, region, "minimum_wage.monthly_fen");
        facts.pay_day = static_cast<int>(parameters_.GetInt(tx, region, "wage.pay_by_day_next_month"));
        facts.industry_hotline = parameters_.GetText(tx, region, "notice.hotline_industry");
        facts.labor_inspection_hotline = parameters_.GetText(tx, region, "notice.hotline_labor_inspection");
        facts.legal_aid_hotline = parameters_.GetText(tx, region, "notice.hotline_legal_aid");
        facts.arbitration = parameters_.GetText(tx, region, "notice.arbitration");
    }

    // The regulator: the department of the industry's kind in the nearest region up the tree (a town
    // project is usually supervised by its county's department). ListDepartments orders by region
    // code, so a region's own departments come before those of the regions below it.
    const core::CallContext system = core::SystemContext("notices");
    for (const auto& code : region::RegionLineage(facts.region_code)) {
        if (code.empty()) break;
        region::DepartmentQuery query;
        query.region_code = code;
        query.kind = std::string(RegulatorKind(industry));
        query.limit = 1;
        auto page = regions_.ListDepartments(system, query);
        if (!page.items.empty() && page.items.front().region_code == code) {
            facts.regulator_name = page.items.front().name;
            facts.regulator_phone = page.items.front().phone;
            break;
        }
    }
    return BuildBoard(facts);
}

}  // namespace anxin::notices
