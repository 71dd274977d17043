#include "registry/enterprise_repository.hpp"

#include <utility>

#include "core/identifiers.hpp"
#include "identity/permissions.hpp"

namespace anxin::registry::repository {
namespace {

constexpr std::string_view kColumns =
    "e.id, e.credit_code, e.credit_code_valid, e.name, e.legal_representative, e.region_code, e.kind, "
    "e.qualification, e.address, e.contact_name, e.contact_phone_enc, e.contact_phone_mask, e.created_at, "
    "e.updated_at";

Enterprise FromRow(const storage::Row& row) {
    Enterprise e;
    e.id = row.Text(0);
    e.credit_code = row.Text(1);
    e.credit_code_valid = row.Bool(2);
    e.name = row.Text(3);
    e.legal_representative = row.Text(4);
    e.region_code = row.Text(5);
    e.kind = row.Text(6);
    e.qualification = row.Text(7);
    e.address = row.Text(8);
    e.contact_name = row.Text(9);
    e.contact_phone_enc = row.OptText(10);
    e.contact_phone_mask = row.OptText(11);
    e.created_at = row.Time(12);
    e.updated_at = row.Time(13);
    return e;
}

std::string LikePrefix(std::string_view prefix) {
    std::string pattern;
    for (char c : prefix) {
        if (c == '%' || c == '_' || c == '\\') pattern += '\\';
        pattern += c;
    }
    pattern += '%';
    return pattern;
}

std::string ListWhere(const core::Principal& principal, const EnterpriseFilter& filter,
                      std::vector<storage::Param>& params) {
    std::string where = " WHERE 1 = 1";
    auto next = [&](storage::Param value) {
        params.push_back(std::move(value));
        return "$" + std::to_string(params.size());
    };
    if (filter.kind) where += " AND e.kind = " + next(*filter.kind);
    if (filter.region_prefix)
        where += " AND e.region_code LIKE " + next(LikePrefix(*filter.region_prefix)) + " ESCAPE '\\'";
    if (filter.q) {
        std::string upper;
        for (char c : *filter.q) upper += (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c;
        where += " AND (e.name LIKE " + next(LikePrefix(*filter.q)) + " ESCAPE '\\' OR e.credit_code LIKE " +
                 next(LikePrefix(upper)) + " ESCAPE '\\')";
    }
    SqlFilter scope = EnterpriseScopeFilter(principal, "e", static_cast<int>(params.size()) + 1);
    std::string condition = scope.condition;
    for (auto& p : scope.params) params.push_back(std::move(p));
    // An enterprise names its partners (the construction unit, a subcontractor) by their unified
    // social credit code, which is public (国家企业信用信息公示系统): the whole code finds one
    // registered enterprise beyond the caller's own; a part of it or a name does not.
    if (principal.role == identity::role::kEnterpriseUser && filter.q) {
        std::string code;
        for (char c : *filter.q) code += (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c;
        if (core::IsValidCreditCode(code)) condition = "(" + condition + " OR e.credit_code = " + next(code) + ")";
    }
    where += " AND " + condition;
    return where;
}

}  // namespace

SqlFilter EnterpriseScopeFilter(const core::Principal& principal, std::string_view alias, int first_placeholder) {
    const std::string a(alias);
    SqlFilter f;
    if (principal.role == identity::role::kSupervisor || principal.role == identity::role::kIndustryOfficer) {
        const std::string p0 = "$" + std::to_string(first_placeholder);
        const std::string p1 = "$" + std::to_string(first_placeholder + 1);
        SqlFilter project = ProjectScopeFilter(principal, "scope_p", first_placeholder + 2);
        f.condition = "(substr(" + a + ".region_code, 1, " + p0 + ") = " + p1 +
                      " OR EXISTS (SELECT 1 FROM registry_participant scope_ep JOIN registry_project scope_p ON "
                      "scope_p.id = scope_ep.project_id WHERE scope_ep.enterprise_id = " +
                      a + ".id AND " + project.condition + "))";
        f.params = {static_cast<std::int64_t>(principal.region_code.size()), principal.region_code};
        for (auto& p : project.params) f.params.push_back(std::move(p));
    } else if (principal.role == identity::role::kEnterpriseUser && !principal.enterprise_id.empty()) {
        f.condition = "(" + a + ".id = $" + std::to_string(first_placeholder) + ")";
        f.params = {principal.enterprise_id};
    } else {
        f.condition = "(1 = 0)";
    }
    return f;
}

void InsertEnterprise(storage::Transaction& tx, const Enterprise& e) {
    tx.Execute(
        "INSERT INTO registry_enterprise (id, credit_code, credit_code_valid, name, legal_representative, region_code, "
        "kind, qualification, address, contact_name, contact_phone_enc, contact_phone_mask, created_at, updated_at) "
        "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)",
        {e.id, e.credit_code, e.credit_code_valid, e.name, e.legal_representative, e.region_code, e.kind,
         e.qualification, e.address, e.contact_name, e.contact_phone_enc, e.contact_phone_mask,
         core::ToMillis(e.created_at), core::ToMillis(e.updated_at)});
}

void UpdateEnterprise(storage::Transaction& tx, const Enterprise& e) {
    tx.Execute(
        "UPDATE registry_enterprise SET name = $2, legal_representative = $3, region_code = $4, kind = $5, "
        "qualification = $6, address = $7, contact_name = $8, contact_phone_enc = $9, contact_phone_mask = $10, "
        "updated_at = $11 WHERE id = $1",
        {e.id, e.name, e.legal_representative, e.region_code, e.kind, e.qualification, e.address, e.contact_name,
         e.contact_phone_enc, e.contact_phone_mask, core::ToMillis(e.updated_at)});
}

std::optional<Enterprise> FindEnterprise(storage::Transaction& tx, std::string_view id) {
    auto row =
        tx.QueryOptional("SELECT " + std::string(kColumns) + " FROM registry_enterprise e WHERE e.id = $1", {id});
    if (!row) return std::nullopt;
    return FromRow(*row);
}

std::optional<Enterprise> FindEnterpriseByCreditCode(storage::Transaction& tx, std::string_view credit_code) {
    auto row = tx.QueryOptional(
        "SELECT " + std::string(kColumns) + " FROM registry_enterprise e WHERE e.credit_code = $1", {credit_code});
    if (!row) return std::nullopt;
    return FromRow(*row);
}

bool EnterpriseVisible(storage::Transaction& tx, const core::Principal& principal, std::string_view id) {
    std::vector<storage::Param> params{std::string(id)};
    SqlFilter scope = EnterpriseScopeFilter(principal, "e", 2);
    for (auto& p : scope.params) params.push_back(std::move(p));
    return tx
        .QueryOptional("SELECT 1 FROM registry_enterprise e WHERE e.id = $1 AND " + scope.condition,
                       std::span<const storage::Param>(params))
        .has_value();
}

std::vector<Enterprise> ListEnterprises(storage::Transaction& tx, const core::Principal& principal,
                                        const EnterpriseFilter& filter) {
    std::vector<storage::Param> params;
    std::string sql = "SELECT " + std::string(kColumns) + " FROM registry_enterprise e" +
                      ListWhere(principal, filter, params) + " ORDER BY e.name, e.id";
    params.emplace_back(filter.limit);
    sql += " LIMIT $" + std::to_string(params.size());
    params.emplace_back(filter.offset);
    sql += " OFFSET $" + std::to_string(params.size());
    std::vector<Enterprise> out;
    for (const auto& row : tx.Query(sql, std::span<const storage::Param>(params))) out.push_back(FromRow(row));
    return out;
}

std::int64_t CountEnterprises(storage::Transaction& tx, const core::Principal& principal,
                              const EnterpriseFilter& filter) {
    std::vector<storage::Param> params;
    std::string sql = "SELECT COUNT(*) FROM registry_enterprise e" + ListWhere(principal, filter, params);
    return tx.QueryOne(sql, std::span<const storage::Param>(params)).Int(0);
}

}  // namespace anxin::registry::repository
