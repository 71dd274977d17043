// Projects of the registry as other modules see them: the project record and its lifecycle
// (立项 → 施工许可 → 在建 ⇄ 停工 → 完工 → 竣工 → 销户), participating enterprises with their
// national role codes, teams (班组), the five-person group (五员), the electronic fence and the
// public token of the project's QR code. Other modules include this header, never registry_* tables.
//
// Every project read and write goes through registry::ProjectScopeFilter: supervisors see their
// region subtree, industry officers their industry in their region, enterprise users the projects
// they participate in. A project outside the scope is kNotFound, exactly like an unknown id.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/crypto.hpp"
#include "core/money.hpp"
#include "core/principal.hpp"
#include "core/time.hpp"
#include "storage/database.hpp"

namespace anxin::http {
class Router;
}

namespace anxin::registry {

inline constexpr std::array<std::string_view, 8> kIndustries = {"housing", "municipal", "transport",  "water",
                                                                "energy",  "telecom",   "sanitation", "other"};
// The Chinese name of an industry code (reports and messages); the code itself when unknown.
inline constexpr std::string_view IndustryLabel(std::string_view industry) {
    constexpr std::array<std::string_view, 8> kLabels = {"房建", "市政", "交通", "水利", "能源", "通信", "环卫", "其他"};
    for (std::size_t i = 0; i < kIndustries.size(); ++i)
        if (kIndustries[i] == industry) return kLabels[i];
    return industry;
}
inline constexpr std::array<std::string_view, 3> kInvestmentTypes = {"government", "state_owned", "private"};
inline constexpr std::array<std::string_view, 3> kLaborCostCycles = {"monthly", "semimonthly", "weekly"};
inline constexpr std::array<std::string_view, 7> kProjectStatuses = {
    "approved", "permitted", "under_construction", "suspended", "finished", "completed", "closed"};
// corpType (DOMAIN §12): 008 建设单位, 009 总承包, 001 专业分包, 006 劳务分包, 999 other.
inline constexpr std::array<std::string_view, 5> kParticipantRoles = {"008", "009", "001", "006", "999"};
// 五员 (DOMAIN §8).
inline constexpr std::array<std::string_view, 5> kStaffDuties = {
    "town_official", "industry_supervisor", "labor_inspector", "project_manager", "labor_affairs_officer"};

// 立项, 施工许可, 在建 … for messages; the code itself for anything unknown.
std::string StatusLabel(std::string_view status);
// The one transition table: true when `from` may move to `to`.
bool IsAllowedTransition(std::string_view from, std::string_view to);

// ---- electronic fence ----------------------------------------------------------------------------
struct LngLat {
    double lng = 0;
    double lat = 0;
    bool operator==(const LngLat&) const = default;
};

enum class FenceKind { kNone, kCircle, kPolygon };
std::string_view FenceKindName(FenceKind kind);  // "none", "circle", "polygon"

struct Fence {
    FenceKind kind = FenceKind::kNone;
    LngLat center;               // circle: the project's lng/lat
    std::int64_t radius_m = 0;   // circle
    std::vector<LngLat> points;  // polygon: ≥ 3 vertices, not closed (first ≠ last needed)
    bool operator==(const Fence&) const = default;
};

// Pure: whether (lng, lat) lies inside the fence. Circles by haversine distance (≤ radius), polygons
// by ray casting (points on an edge may go either way). A project without a fence (kNone) has no
// outside: true.
bool InsideFence(const Fence& fence, double lng, double lat);
// Great-circle distance in metres (mean Earth radius 6,371,008.8 m).
double HaversineMetres(LngLat a, LngLat b);

// ---- project -------------------------------------------------------------------------------------
// What a project's creator or editor supplies; validated as a whole by ProjectService.
struct ProjectFields {
    std::string code;  // projectCode, unique
    std::string name;
    std::string region_code;  // county (6) or town (9 digits, preferred)
    std::string address;
    std::optional<double> lng;
    std::optional<double> lat;
    Fence fence;
    std::string industry;  // kIndustries
    bool is_construction = true;
    std::string investment_type;  // kInvestmentTypes
    core::Fen contract_price = 0;
    std::optional<core::Date> contract_signed_on;
    std::optional<core::Date> contract_start_on;
    std::optional<core::Date> contract_end_on;
    // REG 24 / DOMAIN §3: allocation cycle ≤ 1 month, due day, and a share (basis points) or fixed amount.
    std::string labor_cost_cycle = "monthly";
    std::optional<std::int64_t> labor_cost_day;       // 1–31
    std::optional<std::int64_t> labor_cost_ratio_bp;  // 0–10000
    std::optional<core::Fen> labor_cost_amount;       // ≥ 0, exclusive with the ratio
    std::optional<std::string> permit_number;
    std::optional<core::Date> permit_on;
};

struct Project : ProjectFields {
    std::string id;
    std::string status;    // kProjectStatuses
    core::Date status_on;  // date of the last transition
    std::string public_token;
    std::optional<std::string> construction_unit_id;   // participant 008
    std::optional<std::string> general_contractor_id;  // participant 009
    core::Timestamp created_at;
    core::Timestamp updated_at;
    // Summary of the project's open warnings, kept by the warnings module (StoreOpenWarnings).
    std::optional<std::string> open_warning_level;  // highest: "red" > "yellow" > "blue"; none without
    std::int64_t open_warnings = 0;
};

struct NewProject {
    ProjectFields fields;
    std::optional<core::Date> approved_on;  // 立项 date; today when absent
    // Enterprise users only: the role their own enterprise takes, "009" (总承包) or "008" (建设单位).
    std::optional<std::string> participant_role;
};

// Absent members are not changed; an engaged optional holding nullopt clears a nullable field.
struct ProjectPatch {
    std::optional<std::string> name;
    std::optional<std::string> region_code;
    std::optional<std::string> address;
    std::optional<std::optional<double>> lng;
    std::optional<std::optional<double>> lat;
    std::optional<Fence> fence;
    std::optional<std::string> industry;
    std::optional<bool> is_construction;
    std::optional<std::string> investment_type;
    std::optional<core::Fen> contract_price;
    std::optional<std::optional<core::Date>> contract_signed_on;
    std::optional<std::optional<core::Date>> contract_start_on;
    std::optional<std::optional<core::Date>> contract_end_on;
    std::optional<std::string> labor_cost_cycle;
    std::optional<std::optional<std::int64_t>> labor_cost_day;
    std::optional<std::optional<std::int64_t>> labor_cost_ratio_bp;
    std::optional<std::optional<core::Fen>> labor_cost_amount;
    std::optional<std::optional<std::string>> permit_number;
    std::optional<std::optional<core::Date>> permit_on;
};

struct ProjectQuery {
    std::optional<std::string> region_code;  // that region and below
    std::optional<std::string> industry;
    std::optional<std::string> status;
    std::optional<std::string> q;  // name or code prefix
    // Open warnings: kWarningFilters. A level means the highest open level is that one.
    std::optional<std::string> warning;
    std::int64_t offset = 0;
    std::int64_t limit = 20;
};

inline constexpr std::array<std::string_view, 5> kWarningFilters = {"red", "yellow", "blue", "any", "none"};

// The open warnings of one project, as the warnings module computes them.
struct OpenWarnings {
    std::optional<std::string> level;  // "red" | "yellow" | "blue"; none when count is 0
    std::int64_t count = 0;
    bool operator==(const OpenWarnings&) const = default;
};

struct ProjectPage {
    std::vector<Project> items;
    std::int64_t total = 0;
};

struct StatusChange {
    std::string id;
    std::string project_id;
    std::optional<std::string> from_status;  // none for the first (立项) record
    std::string to_status;
    core::Date changed_on;
    std::string reason;
    std::string actor_id;
    core::Timestamp created_at;
};

struct StatusRequest {
    std::string status;
    core::Date changed_on;
    std::string reason;
};

struct Participant {
    std::string enterprise_id;
    std::string role_code;  // kParticipantRoles
    std::optional<core::Date> joined_on;
    std::optional<core::Date> left_on;
    // Read-only, from the enterprise:
    std::string enterprise_name;
    std::string credit_code;
};

struct Team {
    std::string id;
    std::string project_id;
    std::string enterprise_id;  // a participant of the project
    std::string name;
    std::string leader_name;
    std::optional<std::string> leader_worker_id;
    core::Timestamp created_at;
};

struct NewTeam {
    std::string enterprise_id;
    std::string name;
    std::string leader_name;
    std::optional<std::string> leader_worker_id;
};

struct StaffInput {
    std::string duty;  // kStaffDuties
    std::string name;
    std::optional<std::string> phone;  // plain; sealed as registry_project_staff.phone
    std::optional<std::string> user_id;
};

struct StaffMember {
    std::string duty;
    std::string name;
    std::optional<std::string> phone_mask;
    std::optional<std::string> user_id;
    core::Timestamp updated_at;
};

// The 五员 of one project and the duties nobody holds yet (in kStaffDuties order).
struct StaffReport {
    std::vector<StaffMember> members;
    std::vector<std::string> missing;
};

// Basic facts for other modules (wages, attendance, the H5 page), without scope: callers that serve
// a principal check ProjectInScope first.
struct ProjectFacts {
    std::string id;
    std::string code;
    std::string name;
    std::string region_code;
    std::string industry;
    std::string status;
    std::string address;
    Fence fence;
    std::vector<Participant> participants;
};

// Thread-safe: holds references only. Errors are anxin::Error with fields named as in the JSON API.
// Writes are audited ("project" events) in their transaction.
class ProjectService {
  public:
    // `cipher` may be null (an app without a data key): calls that seal or open a phone then throw
    // Error(kUnavailable); everything else works.
    ProjectService(storage::Database& db, const core::Clock& clock, const core::FieldCipher* cipher)
        : db_(db), clock_(clock), cipher_(cipher) {}

    // Supervisors within their region, industry officers within region and industry (else
    // kForbidden); enterprise users with participant_role, their enterprise joining the project.
    // The project starts "approved" with a first status-change record.
    Project Create(const core::CallContext& ctx, const NewProject& input);
    ProjectPage List(const core::CallContext& ctx, const ProjectQuery& query) const;
    Project Get(const core::CallContext& ctx, std::string_view id) const;
    Project Update(const core::CallContext& ctx, std::string_view id, const ProjectPatch& patch);

    // kConflict naming from and to when the table refuses; kInvalidArgument on changedOn (future or
    // before the previous change), reason, or the permit for "permitted".
    Project ChangeStatus(const core::CallContext& ctx, std::string_view id, const StatusRequest& request);
    std::vector<StatusChange> StatusHistory(const core::CallContext& ctx, std::string_view id) const;

    // Replaces the participant list. At most one 008 and one 009; they fill construction_unit_id and
    // general_contractor_id. An enterprise user cannot remove its own enterprise.
    std::vector<Participant> SetParticipants(const core::CallContext& ctx, std::string_view id,
                                             const std::vector<Participant>& participants);
    std::vector<Participant> Participants(const core::CallContext& ctx, std::string_view id) const;

    Team CreateTeam(const core::CallContext& ctx, std::string_view project_id, const NewTeam& input);
    std::vector<Team> Teams(const core::CallContext& ctx, std::string_view project_id) const;

    // Replaces the 五员: duties not listed are removed. Phones sealed, masked in the report.
    StaffReport SetStaff(const core::CallContext& ctx, std::string_view project_id,
                         const std::vector<StaffInput>& staff);
    StaffReport Staff(const core::CallContext& ctx, std::string_view project_id) const;

    // ---- for other modules (no scope; run inside the caller's transaction) ----
    static std::optional<ProjectFacts> FindFacts(storage::Transaction& tx, std::string_view project_id);
    // The QR code / H5 page: the project whose public token this is.
    static std::optional<ProjectFacts> FindByPublicToken(storage::Transaction& tx, std::string_view token);
    // The project's fence (kNone when it has none); nullopt when the project does not exist.
    static std::optional<Fence> FindFence(storage::Transaction& tx, std::string_view project_id);
    // Stores the open-warning summary of the projects in `project_ids` (every project when nullopt):
    // those in `summaries` get theirs, the others none. Derived data, so not audited; writes only
    // rows that change. Unknown project ids in `summaries` are ignored.
    static void StoreOpenWarnings(storage::Transaction& tx, const std::optional<std::vector<std::string>>& project_ids,
                                  const std::map<std::string, OpenWarnings>& summaries);

  private:
    storage::Database& db_;
    const core::Clock& clock_;
    const core::FieldCipher& Cipher() const;

    const core::FieldCipher* cipher_;
};

// Routes (project_routes.cpp), permission project.read / project.write unless noted:
//   POST|GET  /api/v1/projects                                   ?regionCode=&industry=&status=&q=&warning= (paged)
//   GET|PATCH /api/v1/projects/{projectId}
//   POST      /api/v1/projects/{projectId}/status                {status, changedOn, reason}
//   GET       /api/v1/projects/{projectId}/status-history
//   PUT|GET   /api/v1/projects/{projectId}/participants          PUT replaces the list
//   POST|GET  /api/v1/projects/{projectId}/teams
//   PUT|GET   /api/v1/projects/{projectId}/staff                 五员; PUT replaces
//   POST      /api/v1/projects/feed                              import.run: the permit feed
// The service, database and clock must outlive the router.
void RegisterProjectRoutes(http::Router& router, ProjectService& service, storage::Database& db,
                           const core::Clock& clock);

}  // namespace anxin::registry
