#include "identity/permissions.hpp"

#include <algorithm>
#include <array>

namespace anxin::identity {
namespace {

struct Grant {
    std::string_view permission;
    std::vector<std::string_view> roles;
};

// The catalog. Later modules add their permissions here, in one reviewable place.
const std::vector<Grant>& Catalog() {
    using namespace role;
    static const std::vector<Grant> catalog = {
        {kAuthenticated, {kSystemAdmin, kSecurityAdmin, kAuditAdmin, kSupervisor, kIndustryOfficer, kEnterpriseUser,
                          kBankOperator}},
        {"region.read", {kSystemAdmin, kSecurityAdmin, kAuditAdmin, kSupervisor, kIndustryOfficer, kEnterpriseUser,
                         kBankOperator}},
        {"department.read", {kSystemAdmin, kSupervisor, kIndustryOfficer}},
        {"department.write", {kSystemAdmin}},
        {"user.read", {kSystemAdmin, kSecurityAdmin}},
        {"staff.read", {kSupervisor, kIndustryOfficer}},  // the staff directory for pickers (names, roles, regions)
        {"user.write", {kSystemAdmin}},          // create accounts, edit profile and scope, disable
        {"user.security", {kSecurityAdmin}},     // change roles, unlock, reset passwords
        {"audit.read", {kAuditAdmin}},
        {"parameter.read", {kSystemAdmin, kSupervisor, kIndustryOfficer}},
        // the working-day calendar: everyone who counts deadlines reads it; the administrator loads years
        {"calendar.read", {kSystemAdmin, kSupervisor, kIndustryOfficer}},
        {"calendar.write", {kSystemAdmin}},
        // credit: the joint-punishment procedure is the supervisors' (人社); the list itself is public
        {"credit.read", {kSupervisor, kIndustryOfficer}},
        {"credit.write", {kSupervisor}},
        {"credit.export", {kSupervisor}},  // the credit-sharing export for the provincial platform
        // the credit file (grade, anomaly records, list status): departments of the region, and the
        // enterprise itself (its own file only; it objects to its records)
        {"credit.file", {kSupervisor, kIndustryOfficer, kEnterpriseUser}},
        {"credit.object", {kEnterpriseUser}},
        // 合同签订前查询: any department, enterprise or bank checks a partner before signing
        {"credit.query", {kSupervisor, kIndustryOfficer, kEnterpriseUser, kBankOperator}},
        // which years the calendar covers: a deadline past them may move (the console marks it)
        {"calendar.coverage", {kSystemAdmin, kSupervisor, kIndustryOfficer, kEnterpriseUser, kBankOperator}},
        {"parameter.write", {kSystemAdmin}},
        // registry: rows are further limited by registry::ProjectScopeFilter
        {"enterprise.read", {kSupervisor, kIndustryOfficer, kEnterpriseUser}},
        {"enterprise.write", {kSupervisor, kIndustryOfficer, kEnterpriseUser}},
        {"project.read", {kSupervisor, kIndustryOfficer, kEnterpriseUser}},
        {"project.write", {kSupervisor, kIndustryOfficer, kEnterpriseUser}},
        {"worker.read", {kSupervisor, kIndustryOfficer, kEnterpriseUser}},
        {"worker.write", {kEnterpriseUser, kSupervisor}},
        {"worker.unmask", {kSupervisor}},  // full ID number / phone / card; every such read is audited
        {"attendance.write", {kEnterpriseUser}},
        {"attendance.read", {kSupervisor, kIndustryOfficer, kEnterpriseUser}},
        {"import.run", {kSupervisor, kEnterpriseUser, kSystemAdmin}},
        // bulk imports (registry/import_service): which kinds each role may import is the write rule
        // of those records (enterprises: officers; workers: worker.write; attendance: attendance.write)
        {"import.write", {kSupervisor, kIndustryOfficer, kEnterpriseUser}},
        {"import.read", {kSupervisor, kIndustryOfficer, kEnterpriseUser}},
        // wages and deposits: rows further limited by project scope, and for banks by bank_code
        {"account.read", {kSupervisor, kIndustryOfficer, kEnterpriseUser, kBankOperator}},
        {"account.write", {kEnterpriseUser, kSupervisor}},
        {"bankfeed.write", {kBankOperator}},
        {"allocation.write", {kEnterpriseUser}},
        {"payroll.read", {kSupervisor, kIndustryOfficer, kEnterpriseUser, kBankOperator}},
        {"payroll.write", {kEnterpriseUser}},
        {"payroll.approve", {kEnterpriseUser}},  // the labor-affairs officer
        {"paybatch.write", {kEnterpriseUser}},
        {"paybatch.return", {kBankOperator}},
        {"deposit.read", {kSupervisor, kIndustryOfficer, kEnterpriseUser}},
        {"deposit.write", {kEnterpriseUser, kSupervisor}},
        {"deposit.review", {kSupervisor}},
        // clues and cases: rows further limited by the case's region (and industry / project scope)
        {"clue.read", {kSupervisor, kIndustryOfficer, kEnterpriseUser}},  // enterprise users never see who filed
        {"clue.write", {kSupervisor, kIndustryOfficer}},
        {"clue.feed", {kSupervisor, kSystemAdmin}},  // feeds from other systems (national platform, 12345 …)
        {"case.read", {kSupervisor, kIndustryOfficer, kEnterpriseUser}},
        {"case.handle", {kSupervisor, kIndustryOfficer}},
        {"report.read", {kSupervisor, kIndustryOfficer}},
        // warnings: rows further limited by registry::ProjectScopeFilter
        {"warning.read", {kSupervisor, kIndustryOfficer, kEnterpriseUser}},
        {"warning.handle", {kSupervisor, kIndustryOfficer, kEnterpriseUser}},  // acknowledge / handling
        {"warning.dismiss", {kSupervisor}},
        {"warning.evaluate", {kSupervisor, kSystemAdmin}},
        // the outbox review: administrators all messages, supervisors those about their region
        {"outbox.read", {kSystemAdmin, kSupervisor}},
        {"inbox.read", {kSupervisor, kIndustryOfficer}},  // internal messages to the official or their region
        // files: rows further limited by the project's scope, else the uploader's region or enterprise;
        // personal documents also need worker.unmask
        {"file.read", {kSupervisor, kIndustryOfficer, kEnterpriseUser}},
        {"file.write", {kSupervisor, kIndustryOfficer, kEnterpriseUser}},
        // dashboard: the region's figures; industry officers see only their industry. Other roles get a
        // welcome page in the console instead.
        {"dashboard.read", {kSupervisor, kIndustryOfficer}},
    };
    return catalog;
}

}  // namespace

const std::vector<std::string_view>& AllRoles() {
    static const std::vector<std::string_view> roles = {role::kSystemAdmin,      role::kSecurityAdmin,
                                                        role::kAuditAdmin,       role::kSupervisor,
                                                        role::kIndustryOfficer,  role::kEnterpriseUser,
                                                        role::kBankOperator};
    return roles;
}

bool IsKnownRole(std::string_view r) { return std::ranges::find(AllRoles(), r) != AllRoles().end(); }

bool IsAdministratorRole(std::string_view r) {
    return r == role::kSystemAdmin || r == role::kSecurityAdmin || r == role::kAuditAdmin;
}

bool IsKnownPermission(std::string_view permission) {
    return std::ranges::any_of(Catalog(), [&](const Grant& g) { return g.permission == permission; });
}

bool RoleHasPermission(std::string_view r, std::string_view permission) {
    for (const auto& grant : Catalog())
        if (grant.permission == permission) return std::ranges::find(grant.roles, r) != grant.roles.end();
    return false;
}

std::vector<std::string_view> PermissionsOf(std::string_view r) {
    std::vector<std::string_view> out;
    for (const auto& grant : Catalog())
        if (std::ranges::find(grant.roles, r) != grant.roles.end()) out.push_back(grant.permission);
    return out;
}

}  // namespace anxin::identity
