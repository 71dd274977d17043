#include "registry/project_repository.hpp"

#include <utility>

#include <boost/json.hpp>

#include "registry/project_scope.hpp"
#include "storage/columns.hpp"

namespace anxin::registry::repository {
namespace {

namespace json = boost::json;

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

// registry_project, each column once (storage/columns.hpp). The fence is stored over five columns
// (lng, lat, fence_kind, fence_radius_m, fence_polygon), read in that order; the open-warning
// summary columns are written by SetOpenWarnings only.
const storage::Columns<Project> kProjects(
    "registry_project", "p",
    {
        storage::Key<Project>("id", &Project::id),
        storage::Fixed<Project>("code", &Project::code),
        storage::Field<Project>("name", &Project::name),
        storage::Field<Project>("region_code", &Project::region_code),
        storage::Field<Project>("address", &Project::address),
        storage::Field<Project>("lng", &Project::lng),
        storage::Field<Project>("lat", &Project::lat),
        storage::Custom<Project>(
            "fence_kind", storage::ColumnRole::kField,
            [](const Project& p) { return storage::Param(std::string(FenceKindName(p.fence.kind))); },
            [](Project& p, const storage::Row& row, size_t i) {
                const std::string kind = row.Text(i);
                if (kind == "circle") {
                    p.fence.kind = FenceKind::kCircle;
                    p.fence.center = LngLat{p.lng.value_or(0), p.lat.value_or(0)};
                } else if (kind == "polygon") {
                    p.fence.kind = FenceKind::kPolygon;
                }
            }),
        storage::Custom<Project>(
            "fence_radius_m", storage::ColumnRole::kField,
            [](const Project& p) {
                return p.fence.kind == FenceKind::kCircle ? storage::Param(p.fence.radius_m) : storage::Param(nullptr);
            },
            [](Project& p, const storage::Row& row, size_t i) {
                if (p.fence.kind == FenceKind::kCircle) p.fence.radius_m = row.OptInt(i).value_or(0);
            }),
        storage::Custom<Project>(
            "fence_polygon", storage::ColumnRole::kField,
            [](const Project& p) {
                return p.fence.kind == FenceKind::kPolygon ? storage::Param(PolygonText(p.fence.points))
                                                           : storage::Param(nullptr);
            },
            [](Project& p, const storage::Row& row, size_t i) {
                if (p.fence.kind != FenceKind::kPolygon) return;
                if (auto text = row.OptText(i)) p.fence.points = ParsePolygon(*text);
            }),
        storage::Field<Project>("industry", &Project::industry),
        storage::Field<Project>("is_construction", &Project::is_construction),
        storage::Field<Project>("investment_type", &Project::investment_type),
        storage::Field<Project>("contract_price", &Project::contract_price),
        storage::Field<Project>("contract_signed_on", &Project::contract_signed_on),
        storage::Field<Project>("contract_start_on", &Project::contract_start_on),
        storage::Field<Project>("contract_end_on", &Project::contract_end_on),
        storage::Field<Project>("labor_cost_cycle", &Project::labor_cost_cycle),
        storage::Field<Project>("labor_cost_day", &Project::labor_cost_day),
        storage::Field<Project>("labor_cost_ratio_bp", &Project::labor_cost_ratio_bp),
        storage::Field<Project>("labor_cost_amount", &Project::labor_cost_amount),
        storage::Field<Project>("permit_number", &Project::permit_number),
        storage::Field<Project>("permit_on", &Project::permit_on),
        storage::Field<Project>("status", &Project::status),
        storage::Field<Project>("status_on", &Project::status_on),
        storage::Fixed<Project>("public_token", &Project::public_token),
        storage::Field<Project>("construction_unit_id", &Project::construction_unit_id),
        storage::Field<Project>("general_contractor_id", &Project::general_contractor_id),
        storage::Fixed<Project>("created_at", &Project::created_at),
        storage::Field<Project>("updated_at", &Project::updated_at),
        storage::ReadOnly<Project>("open_warning_level", &Project::open_warning_level),
        storage::ReadOnly<Project>("open_warnings", &Project::open_warnings),
    });
const std::string kColumns = kProjects.SelectList();

Project FromRow(const storage::Row& row) { return kProjects.Read(row); }

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
        "SELECT " + kColumns + " FROM registry_project p WHERE " + std::string(condition) + " = $1",
        {value});
    if (!row) return std::nullopt;
    return FromRow(*row);
}

}  // namespace

void InsertProject(storage::Transaction& tx, const Project& p) { tx.Execute(kProjects.InsertSql(), kProjects.InsertParams(p)); }

void UpdateProject(storage::Transaction& tx, const Project& p) { tx.Execute(kProjects.UpdateSql(), kProjects.UpdateParams(p)); }

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
    std::string sql = "SELECT " + kColumns + " FROM registry_project p" +
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
