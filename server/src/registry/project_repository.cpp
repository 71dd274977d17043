#include "registry/project_repository.hpp"

#include <utility>

#include <boost/json.hpp>

#include "registry/project_scope.hpp"

namespace anxin::registry::repository {
namespace {

namespace json = boost::json;

constexpr std::string_view kColumns =
    "p.id, p.code, p.name, p.region_code, p.address, p.lng, p.lat, p.fence_kind, p.fence_radius_m, p.fence_polygon, "
    "p.industry, p.is_construction, p.investment_type, p.contract_price, p.contract_signed_on, p.contract_start_on, "
    "p.contract_end_on, p.labor_cost_cycle, p.labor_cost_day, p.labor_cost_ratio_bp, p.labor_cost_amount, "
    "p.permit_number, p.permit_on, p.status, p.status_on, p.public_token, p.construction_unit_id, "
    "p.general_contractor_id, p.created_at, p.updated_at, p.open_warning_level, p.open_warnings";

std::optional<double> OptReal(const storage::Row& row, size_t i) {
    if (row.IsNull(i)) return std::nullopt;
    return row.Real(i);
}

std::string PolygonText(const std::vector<LngLat>& points) {
    json::array out;
    for (const auto& p : points) out.push_back(json::array{p.lng, p.lat});
    return json::serialize(out);
}

std::vector<LngLat> ParsePolygon(const std::string& text) {
    std::vector<LngLat> points;
    json::value v = json::parse(text);
    for (const auto& item : v.as_array()) {
        const auto& pair = item.as_array();
        points.push_back(LngLat{pair.at(0).to_number<double>(), pair.at(1).to_number<double>()});
    }
    return points;
}

// Fence columns start at `first`: lng, lat, fence_kind, fence_radius_m, fence_polygon.
Fence FenceFromRow(const storage::Row& row, size_t first) {
    Fence fence;
    std::string kind = row.Text(first + 2);
    if (kind == "circle") {
        fence.kind = FenceKind::kCircle;
        fence.center = LngLat{OptReal(row, first).value_or(0), OptReal(row, first + 1).value_or(0)};
        fence.radius_m = row.OptInt(first + 3).value_or(0);
    } else if (kind == "polygon") {
        fence.kind = FenceKind::kPolygon;
        if (auto text = row.OptText(first + 4)) fence.points = ParsePolygon(*text);
    }
    return fence;
}

Project FromRow(const storage::Row& row) {
    Project p;
    p.id = row.Text(0);
    p.code = row.Text(1);
    p.name = row.Text(2);
    p.region_code = row.Text(3);
    p.address = row.Text(4);
    p.lng = OptReal(row, 5);
    p.lat = OptReal(row, 6);
    p.fence = FenceFromRow(row, 5);
    p.industry = row.Text(10);
    p.is_construction = row.Bool(11);
    p.investment_type = row.Text(12);
    p.contract_price = row.Int(13);
    p.contract_signed_on = row.OptDate(14);
    p.contract_start_on = row.OptDate(15);
    p.contract_end_on = row.OptDate(16);
    p.labor_cost_cycle = row.Text(17);
    p.labor_cost_day = row.OptInt(18);
    p.labor_cost_ratio_bp = row.OptInt(19);
    p.labor_cost_amount = row.OptInt(20);
    p.permit_number = row.OptText(21);
    p.permit_on = row.OptDate(22);
    p.status = row.Text(23);
    p.status_on = row.Date(24);
    p.public_token = row.Text(25);
    p.construction_unit_id = row.OptText(26);
    p.general_contractor_id = row.OptText(27);
    p.created_at = row.Time(28);
    p.updated_at = row.Time(29);
    p.open_warning_level = row.OptText(30);
    p.open_warnings = row.Int(31);
    return p;
}

std::optional<std::int64_t> FenceRadius(const Project& p) {
    if (p.fence.kind != FenceKind::kCircle) return std::nullopt;
    return p.fence.radius_m;
}
std::optional<std::string> FencePolygon(const Project& p) {
    if (p.fence.kind != FenceKind::kPolygon) return std::nullopt;
    return PolygonText(p.fence.points);
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

std::string ListWhere(const core::Principal& principal, const ProjectFilter& filter,
                      std::vector<storage::Param>& params) {
    std::string where = " WHERE 1 = 1";
    auto next = [&](storage::Param value) {
        params.push_back(std::move(value));
        return "$" + std::to_string(params.size());
    };
    if (filter.region_prefix)
        where += " AND p.region_code LIKE " + next(LikePrefix(*filter.region_prefix)) + " ESCAPE '\\'";
    if (filter.industry) where += " AND p.industry = " + next(*filter.industry);
    if (filter.status) where += " AND p.status = " + next(*filter.status);
    if (filter.warning == "any") {
        where += " AND p.open_warning_level IS NOT NULL";
    } else if (filter.warning == "none") {
        where += " AND p.open_warning_level IS NULL";
    } else if (filter.warning) {
        where += " AND p.open_warning_level = " + next(*filter.warning);
    }
    if (filter.q) {
        where += " AND (p.name LIKE " + next(LikePrefix(*filter.q)) + " ESCAPE '\\' OR p.code LIKE " +
                 next(LikePrefix(*filter.q)) + " ESCAPE '\\')";
    }
    SqlFilter scope = ProjectScopeFilter(principal, "p", static_cast<int>(params.size()) + 1);
    where += " AND " + scope.condition;
    for (auto& p : scope.params) params.push_back(std::move(p));
    return where;
}

std::optional<Project> FindOne(storage::Transaction& tx, std::string_view condition, std::string_view value) {
    auto row = tx.QueryOptional(
        "SELECT " + std::string(kColumns) + " FROM registry_project p WHERE " + std::string(condition) + " = $1",
        {value});
    if (!row) return std::nullopt;
    return FromRow(*row);
}

}  // namespace

void InsertProject(storage::Transaction& tx, const Project& p) {
    std::vector<storage::Param> params{p.id,
                                       p.code,
                                       p.name,
                                       p.region_code,
                                       p.address,
                                       p.lng,
                                       p.lat,
                                       std::string(FenceKindName(p.fence.kind)),
                                       FenceRadius(p),
                                       FencePolygon(p),
                                       p.industry,
                                       p.is_construction,
                                       p.investment_type,
                                       p.contract_price,
                                       p.contract_signed_on,
                                       p.contract_start_on,
                                       p.contract_end_on,
                                       p.labor_cost_cycle,
                                       p.labor_cost_day,
                                       p.labor_cost_ratio_bp,
                                       p.labor_cost_amount,
                                       p.permit_number,
                                       p.permit_on,
                                       p.status,
                                       p.status_on.ToString(),
                                       p.public_token,
                                       p.construction_unit_id,
                                       p.general_contractor_id,
                                       core::ToMillis(p.created_at),
                                       core::ToMillis(p.updated_at)};
    tx.Execute(
        "INSERT INTO registry_project (id, code, name, region_code, address, lng, lat, fence_kind, fence_radius_m, "
        "fence_polygon, industry, is_construction, investment_type, contract_price, contract_signed_on, "
        "contract_start_on, contract_end_on, labor_cost_cycle, labor_cost_day, labor_cost_ratio_bp, labor_cost_amount, "
        "permit_number, permit_on, status, status_on, public_token, construction_unit_id, general_contractor_id, "
        "created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, "
        "$18, $19, $20, $21, $22, $23, $24, $25, $26, $27, $28, $29, $30)",
        std::span<const storage::Param>(params));
}

void UpdateProject(storage::Transaction& tx, const Project& p) {
    std::vector<storage::Param> params{p.id,
                                       p.name,
                                       p.region_code,
                                       p.address,
                                       p.lng,
                                       p.lat,
                                       std::string(FenceKindName(p.fence.kind)),
                                       FenceRadius(p),
                                       FencePolygon(p),
                                       p.industry,
                                       p.is_construction,
                                       p.investment_type,
                                       p.contract_price,
                                       p.contract_signed_on,
                                       p.contract_start_on,
                                       p.contract_end_on,
                                       p.labor_cost_cycle,
                                       p.labor_cost_day,
                                       p.labor_cost_ratio_bp,
                                       p.labor_cost_amount,
                                       p.permit_number,
                                       p.permit_on,
                                       p.status,
                                       p.status_on.ToString(),
                                       p.construction_unit_id,
                                       p.general_contractor_id,
                                       core::ToMillis(p.updated_at)};
    tx.Execute(
        "UPDATE registry_project SET name = $2, region_code = $3, address = $4, lng = $5, lat = $6, fence_kind = $7, "
        "fence_radius_m = $8, fence_polygon = $9, industry = $10, is_construction = $11, investment_type = $12, "
        "contract_price = $13, contract_signed_on = $14, contract_start_on = $15, contract_end_on = $16, "
        "labor_cost_cycle = $17, labor_cost_day = $18, labor_cost_ratio_bp = $19, labor_cost_amount = $20, "
        "permit_number = $21, permit_on = $22, status = $23, status_on = $24, construction_unit_id = $25, "
        "general_contractor_id = $26, updated_at = $27 WHERE id = $1",
        std::span<const storage::Param>(params));
}

std::optional<Project> FindProject(storage::Transaction& tx, std::string_view id) { return FindOne(tx, "p.id", id); }

std::optional<Project> FindProjectInScope(storage::Transaction& tx, const core::Principal& principal,
                                          std::string_view id) {
    if (!ProjectInScope(tx, principal, id)) return std::nullopt;
    return FindProject(tx, id);
}

std::optional<Project> FindProjectByCode(storage::Transaction& tx, std::string_view code) {
    return FindOne(tx, "p.code", code);
}

std::optional<Project> FindProjectByToken(storage::Transaction& tx, std::string_view token) {
    return FindOne(tx, "p.public_token", token);
}

std::optional<Fence> FindProjectFence(storage::Transaction& tx, std::string_view id) {
    auto row = tx.QueryOptional(
        "SELECT p.lng, p.lat, p.fence_kind, p.fence_radius_m, p.fence_polygon FROM registry_project p WHERE p.id = $1",
        {id});
    if (!row) return std::nullopt;
    return FenceFromRow(*row, 0);
}

std::vector<Project> ListProjects(storage::Transaction& tx, const core::Principal& principal,
                                  const ProjectFilter& filter) {
    std::vector<storage::Param> params;
    std::string sql = "SELECT " + std::string(kColumns) + " FROM registry_project p" +
                      ListWhere(principal, filter, params) + " ORDER BY p.code, p.id";
    params.emplace_back(filter.limit);
    sql += " LIMIT $" + std::to_string(params.size());
    params.emplace_back(filter.offset);
    sql += " OFFSET $" + std::to_string(params.size());
    std::vector<Project> out;
    for (const auto& row : tx.Query(sql, std::span<const storage::Param>(params))) out.push_back(FromRow(row));
    return out;
}

std::int64_t CountProjects(storage::Transaction& tx, const core::Principal& principal, const ProjectFilter& filter) {
    std::vector<storage::Param> params;
    std::string sql = "SELECT COUNT(*) FROM registry_project p" + ListWhere(principal, filter, params);
    return tx.QueryOne(sql, std::span<const storage::Param>(params)).Int(0);
}

std::map<std::string, OpenWarnings> ProjectsWithOpenWarnings(storage::Transaction& tx,
                                                             const std::vector<std::string>* ids) {
    std::vector<storage::Param> params;
    std::string sql = "SELECT id, open_warning_level, open_warnings FROM registry_project WHERE open_warnings > 0";
    if (ids) {
        if (ids->empty()) return {};
        sql += " AND id IN (";
        for (const auto& id : *ids) {
            params.emplace_back(std::string_view(id));
            sql += (params.size() > 1 ? ", $" : "$") + std::to_string(params.size());
        }
        sql += ")";
    }
    std::map<std::string, OpenWarnings> out;
    for (const auto& row : tx.Query(sql, std::span<const storage::Param>(params)))
        out.emplace(row.Text(0), OpenWarnings{row.OptText(1), row.Int(2)});
    return out;
}

void SetOpenWarnings(storage::Transaction& tx, std::string_view id, const OpenWarnings& summary) {
    tx.Execute("UPDATE registry_project SET open_warning_level = $2, open_warnings = $3 WHERE id = $1",
               {id, summary.level, summary.count});
}

void InsertStatusChange(storage::Transaction& tx, const StatusChange& c) {
    tx.Execute(
        "INSERT INTO registry_project_status_change (id, project_id, seq, from_status, to_status, changed_on, reason, "
        "actor_id, created_at) VALUES ($1, $2, (SELECT COALESCE(MAX(seq), 0) + 1 FROM registry_project_status_change "
        "WHERE project_id = $2), $3, $4, $5, $6, $7, $8)",
        {c.id, c.project_id, c.from_status, c.to_status, c.changed_on.ToString(), c.reason, c.actor_id,
         core::ToMillis(c.created_at)});
}

std::vector<StatusChange> ListStatusChanges(storage::Transaction& tx, std::string_view project_id) {
    std::vector<StatusChange> out;
    for (const auto& row :
         tx.Query("SELECT id, project_id, from_status, to_status, changed_on, reason, actor_id, created_at FROM "
                  "registry_project_status_change WHERE project_id = $1 ORDER BY seq",
                  {project_id})) {
        out.push_back(StatusChange{row.Text(0), row.Text(1), row.OptText(2), row.Text(3),
                                   row.Date(4), row.Text(5), row.Text(6),
                                   row.Time(7)});
    }
    return out;
}

std::vector<Participant> ListParticipants(storage::Transaction& tx, std::string_view project_id) {
    std::vector<Participant> out;
    for (const auto& row : tx.Query(
             "SELECT pp.enterprise_id, pp.role_code, pp.joined_on, pp.left_on, e.name, e.credit_code FROM "
             "registry_participant pp JOIN registry_enterprise e ON e.id = pp.enterprise_id WHERE pp.project_id = $1 "
             "ORDER BY pp.role_code, e.name, e.id",
             {project_id})) {
        out.push_back(
            Participant{row.Text(0), row.Text(1), row.OptDate(2), row.OptDate(3), row.Text(4), row.Text(5)});
    }
    return out;
}

void UpsertParticipant(storage::Transaction& tx, std::string_view project_id, const Participant& p,
                       core::Timestamp now) {
    tx.Execute(
        "INSERT INTO registry_participant (project_id, enterprise_id, role_code, joined_on, left_on, created_at) "
        "VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (project_id, enterprise_id, role_code) DO UPDATE SET "
        "joined_on = excluded.joined_on, left_on = excluded.left_on",
        {project_id, p.enterprise_id, p.role_code, p.joined_on, p.left_on, core::ToMillis(now)});
}

void DeleteParticipant(storage::Transaction& tx, std::string_view project_id, std::string_view enterprise_id,
                       std::string_view role_code) {
    tx.Execute("DELETE FROM registry_participant WHERE project_id = $1 AND enterprise_id = $2 AND role_code = $3",
               {project_id, enterprise_id, role_code});
}

void InsertTeam(storage::Transaction& tx, const Team& t) {
    tx.Execute(
        "INSERT INTO registry_team (id, project_id, enterprise_id, name, leader_name, leader_worker_id, created_at) "
        "VALUES ($1, $2, $3, $4, $5, $6, $7)",
        {t.id, t.project_id, t.enterprise_id, t.name, t.leader_name, t.leader_worker_id, core::ToMillis(t.created_at)});
}

std::vector<Team> ListTeams(storage::Transaction& tx, std::string_view project_id) {
    std::vector<Team> out;
    for (const auto& row : tx.Query(
             "SELECT id, project_id, enterprise_id, name, leader_name, leader_worker_id, created_at FROM registry_team "
             "WHERE project_id = $1 ORDER BY name, id",
             {project_id})) {
        out.push_back(Team{row.Text(0), row.Text(1), row.Text(2), row.Text(3), row.Text(4), row.OptText(5),
                           row.Time(6)});
    }
    return out;
}

std::vector<StaffRow> ListStaff(storage::Transaction& tx, std::string_view project_id) {
    std::vector<StaffRow> out;
    for (const auto& row :
         tx.Query("SELECT duty, name, phone_enc, phone_mask, user_id, updated_at FROM registry_project_staff "
                  "WHERE project_id = $1",
                  {project_id})) {
        out.push_back(StaffRow{row.Text(0), row.Text(1), row.OptText(2), row.OptText(3), row.OptText(4),
                               row.Time(5)});
    }
    return out;
}

void DeleteStaff(storage::Transaction& tx, std::string_view project_id) {
    tx.Execute("DELETE FROM registry_project_staff WHERE project_id = $1", {project_id});
}

void InsertStaff(storage::Transaction& tx, std::string_view project_id, const StaffRow& r) {
    tx.Execute(
        "INSERT INTO registry_project_staff (project_id, duty, name, phone_enc, phone_mask, user_id, updated_at) "
        "VALUES ($1, $2, $3, $4, $5, $6, $7)",
        {project_id, r.duty, r.name, r.phone_enc, r.phone_mask, r.user_id, core::ToMillis(r.updated_at)});
}

}  // namespace anxin::registry::repository
