// ProjectService on both backends: validation, scope (supervisor region, industry officer industry,
// enterprise user participation), the lifecycle table, participants, teams, 五员 and the fence.
#include <gtest/gtest.h>

#include <cmath>

#include "audit/audit.hpp"
#include "core/crypto.hpp"
#include "core/error.hpp"
#include "core/identifiers.hpp"
#include "registry/enterprises.hpp"
#include "registry/projects.hpp"
#include "testing/test_database.hpp"
#include "testing/errors.hpp"
#include "testing/principals.hpp"
#include "testing/fixtures.hpp"

namespace anxin::registry {
namespace {

using ::anxin::testing::ErrorOf;

// extra: the industry of an industry officer, the enterprise of an enterprise user.
core::CallContext As(const std::string& role, const std::string& region, const std::string& extra = "") {
    return ::anxin::testing::As(role, {.region = region,
                                       .enterprise = role == "enterprise-user" ? extra : "",
                                       .industry = role == "industry-officer" ? extra : ""});
}

void SeedDivisions(storage::Database& db) { ::anxin::testing::SeedTestDivisions(db); }

core::Date D(const char* text) { return *core::Date::Parse(text); }

NewProject Input(const std::string& code, const std::string& region = "370102001",
                 const std::string& industry = "housing") {
    NewProject p;
    p.fields.code = code;
    p.fields.name = "项目 " + code;
    p.fields.region_code = region;
    p.fields.address = "解放路 1 号";
    p.fields.industry = industry;
    p.fields.investment_type = "government";
    p.fields.contract_price = 123456789;
    p.approved_on = D("2026-01-05");
    return p;
}

// ---- pure rules ----------------------------------------------------------------------------------

TEST(ProjectLifecycle, TransitionTable) {
    const std::pair<const char*, const char*> allowed[] = {{"approved", "permitted"},
                                                           {"permitted", "under_construction"},
                                                           {"under_construction", "suspended"},
                                                           {"suspended", "under_construction"},
                                                           {"under_construction", "finished"},
                                                           {"finished", "completed"},
                                                           {"completed", "closed"}};
    int count = 0;
    for (auto from : kProjectStatuses) {
        for (auto to : kProjectStatuses) {
            bool expected = std::any_of(std::begin(allowed), std::end(allowed),
                                        [&](const auto& t) { return from == t.first && to == t.second; });
            EXPECT_EQ(IsAllowedTransition(from, to), expected) << from << " → " << to;
            count += IsAllowedTransition(from, to) ? 1 : 0;
        }
    }
    EXPECT_EQ(count, 7);
    EXPECT_FALSE(IsAllowedTransition("approved", "approved"));
    EXPECT_FALSE(IsAllowedTransition("closed", "approved"));
    EXPECT_FALSE(IsAllowedTransition("bogus", "permitted"));
    EXPECT_EQ(StatusLabel("under_construction"), "在建");
    EXPECT_EQ(StatusLabel("closed"), "销户");
}

TEST(ProjectFence, HaversineAndCircle) {
    // One degree of latitude ≈ 111.195 km on the mean sphere.
    EXPECT_NEAR(HaversineMetres({117.0, 36.0}, {117.0, 37.0}), 111195.0, 1.0);
    // 泉城广场 → 趵突泉, about 690 m apart.
    double d = HaversineMetres({117.0207, 36.6633}, {117.0137, 36.6614});
    EXPECT_GT(d, 600);
    EXPECT_LT(d, 700);

    Fence circle;
    circle.kind = FenceKind::kCircle;
    circle.center = {117.0, 36.0};
    circle.radius_m = 200;
    const double metre_lat = 1.0 / 111195.0;
    EXPECT_TRUE(InsideFence(circle, 117.0, 36.0));
    EXPECT_TRUE(InsideFence(circle, 117.0, 36.0 + 199 * metre_lat));
    EXPECT_FALSE(InsideFence(circle, 117.0, 36.0 + 201 * metre_lat));
    // East-west metres shrink with cos(lat): 200 m east at 36°N is ~0.002221° of longitude.
    const double metre_lng = metre_lat / std::cos(36.0 * 3.14159265358979323846 / 180.0);
    EXPECT_TRUE(InsideFence(circle, 117.0 + 199 * metre_lng, 36.0));
    EXPECT_FALSE(InsideFence(circle, 117.0 + 201 * metre_lng, 36.0));

    EXPECT_TRUE(InsideFence(Fence{}, 0, 0));  // no fence: no outside
}

TEST(ProjectFence, PolygonRayCasting) {
    // A concave "L": the notch (top right) is outside.
    Fence l;
    l.kind = FenceKind::kPolygon;
    l.points = {{0, 0}, {2, 0}, {2, 1}, {1, 1}, {1, 2}, {0, 2}};
    EXPECT_TRUE(InsideFence(l, 0.5, 0.5));
    EXPECT_TRUE(InsideFence(l, 1.5, 0.5));
    EXPECT_TRUE(InsideFence(l, 0.5, 1.5));
    EXPECT_FALSE(InsideFence(l, 1.5, 1.5));  // the notch
    EXPECT_FALSE(InsideFence(l, -0.1, 0.5));
    EXPECT_FALSE(InsideFence(l, 2.1, 0.5));
    EXPECT_FALSE(InsideFence(l, 0.5, 2.5));
    // Ray through a vertex's latitude must not double count.
    EXPECT_TRUE(InsideFence(l, 0.5, 1.0));
    EXPECT_FALSE(InsideFence(l, 3.0, 1.0));

    Fence degenerate;
    degenerate.kind = FenceKind::kPolygon;
    degenerate.points = {{0, 0}, {1, 1}};
    EXPECT_FALSE(InsideFence(degenerate, 0.5, 0.5));
}

// ---- service -------------------------------------------------------------------------------------

class ProjectServiceTest : public ::testing::TestWithParam<std::string> {
  protected:
    void SetUp() override {
        SeedDivisions(db());
        gc_ = enterprises_.Create(province_, MakeEnterprise("91370102MA3C00001", "370102", "general_contractor"));
        cu_ = enterprises_.Create(province_, MakeEnterprise("91370102MA3C00002", "370102", "construction_unit"));
        sub_ = enterprises_.Create(province_, MakeEnterprise("91370103MA3C00003", "370103", "labor_subcontractor"));
    }
    NewEnterprise MakeEnterprise(const std::string& body, const std::string& region, const std::string& kind) {
        NewEnterprise e;
        e.credit_code = core::MakeCreditCode(body);
        e.name = "企业" + body.substr(12);
        e.region_code = region;
        e.kind = kind;
        return e;
    }
    storage::Database& db() { return test_db_.db(); }
    std::int64_t Count(const std::string& table) {
        auto tx = db().Begin(storage::TxMode::kRead);
        return tx.QueryOne("SELECT COUNT(*) FROM " + table).Int(0);
    }
    std::int64_t AuditEvents() { return audit::VerifyAuditChain(db()).events_checked; }
    Project Move(const Project& p, const char* to, const char* on) {
        return service_.ChangeStatus(county_, p.id, StatusRequest{to, D(on), "按计划"});
    }

    anxin::testing::TestDatabase test_db_{GetParam()};
    core::FieldCipher cipher_{core::DataKey::Generate()};
    EnterpriseService enterprises_{test_db_.db(), test_db_.clock(), &cipher_};
    ProjectService service_{test_db_.db(), test_db_.clock(), &cipher_};
    core::CallContext province_ = As("supervisor", "37");
    core::CallContext county_ = As("supervisor", "370102");
    registry::Enterprise gc_, cu_, sub_;
};

TEST_P(ProjectServiceTest, CreatesApprovedProjectWithTokenAndHistory) {
    NewProject input = Input("JN-2026-001");
    input.fields.lng = 117.02;
    input.fields.lat = 36.66;
    input.fields.fence.kind = FenceKind::kCircle;
    input.fields.fence.radius_m = 300;
    input.fields.contract_signed_on = D("2026-01-10");
    input.fields.contract_start_on = D("2026-02-01");
    input.fields.contract_end_on = D("2027-06-30");
    input.fields.labor_cost_day = 25;
    input.fields.labor_cost_ratio_bp = 2500;
    const auto audit_before = AuditEvents();
    Project p = service_.Create(county_, input);
    EXPECT_EQ(p.status, "approved");
    EXPECT_EQ(p.status_on, D("2026-01-05"));
    EXPECT_GE(p.public_token.size(), 16u);
    EXPECT_TRUE(std::all_of(p.public_token.begin(), p.public_token.end(), [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_';
    }));
    EXPECT_EQ(AuditEvents(), audit_before + 1);

    Project read = service_.Get(county_, p.id);
    EXPECT_EQ(read.code, "JN-2026-001");
    EXPECT_EQ(read.public_token, p.public_token);
    EXPECT_EQ(read.fence.kind, FenceKind::kCircle);
    EXPECT_EQ(read.fence.radius_m, 300);
    EXPECT_EQ(read.fence.center, (LngLat{117.02, 36.66}));
    EXPECT_EQ(read.contract_price, 123456789);
    EXPECT_EQ(read.labor_cost_ratio_bp, 2500);
    EXPECT_EQ(read.contract_end_on, D("2027-06-30"));

    auto history = service_.StatusHistory(county_, p.id);
    ASSERT_EQ(history.size(), 1u);
    EXPECT_EQ(history[0].from_status, std::nullopt);
    EXPECT_EQ(history[0].to_status, "approved");

    // Other modules: fence, facts and the QR token.
    {
        auto tx = db().Begin(storage::TxMode::kRead);
        auto fence = ProjectService::FindFence(tx, p.id);
        ASSERT_TRUE(fence);
        EXPECT_TRUE(InsideFence(*fence, 117.02, 36.661));
        EXPECT_FALSE(InsideFence(*fence, 117.03, 36.66));
        EXPECT_EQ(ProjectService::FindFence(tx, "nope"), std::nullopt);
        auto facts = ProjectService::FindByPublicToken(tx, p.public_token);
        ASSERT_TRUE(facts);
        EXPECT_EQ(facts->id, p.id);
        EXPECT_EQ(facts->region_code, "370102001");
        EXPECT_EQ(ProjectService::FindByPublicToken(tx, "x"), std::nullopt);
        EXPECT_EQ(ProjectService::FindFacts(tx, p.id)->status, "approved");
    }  // the test database may have a single connection: release it before calling the service

    Error dup = ErrorOf([&] { service_.Create(county_, Input("JN-2026-001")); });
    EXPECT_EQ(dup.code(), ErrorCode::kConflict);
    EXPECT_TRUE(dup.fields().contains("code"));
}

TEST_P(ProjectServiceTest, BadInputNamesEveryFieldAndWritesNothing) {
    const auto projects_before = Count("registry_project");
    const auto audit_before = AuditEvents();
    NewProject bad = Input("");
    bad.fields.name = "";
    bad.fields.region_code = "3701";  // a city: too coarse
    bad.fields.industry = "mining";
    bad.fields.investment_type = "foreign";
    bad.fields.labor_cost_cycle = "yearly";
    bad.fields.lng = 200;
    bad.fields.lat = 36;
    bad.fields.contract_price = -1;
    bad.fields.contract_signed_on = D("2026-02-01");
    bad.fields.contract_start_on = D("2026-01-01");
    bad.fields.labor_cost_day = 0;
    bad.fields.labor_cost_ratio_bp = 2000;
    bad.fields.labor_cost_amount = 100;
    bad.fields.permit_number = "370102202601010101";
    bad.fields.fence.kind = FenceKind::kPolygon;
    bad.fields.fence.points = {{117, 36}, {117.1, 95}};
    Error e = ErrorOf([&] { service_.Create(county_, bad); });
    EXPECT_EQ(e.code(), ErrorCode::kInvalidArgument);
    for (const char* field :
         {"code", "name", "regionCode", "industry", "investmentType", "laborCostCycle", "lng", "contractPrice",
          "contractStartOn", "laborCostDay", "laborCostAmount", "permitOn", "fence.points", "fence.points[1]"}) {
        EXPECT_TRUE(e.fields().contains(field)) << field;
    }

    NewProject unknown_region = Input("X1", "370199001");
    EXPECT_EQ(ErrorOf([&] { service_.Create(county_, unknown_region); }).fields().at("regionCode"),
              "不是有效的行政区划代码");
    NewProject circle = Input("X2");
    circle.fields.fence.kind = FenceKind::kCircle;
    circle.fields.fence.radius_m = 100;  // but no lng/lat
    EXPECT_TRUE(ErrorOf([&] { service_.Create(county_, circle); }).fields().contains("fence"));
    NewProject half = Input("X3");
    half.fields.lat = 36.6;
    EXPECT_TRUE(ErrorOf([&] { service_.Create(county_, half); }).fields().contains("lng"));
    NewProject end_first = Input("X4");
    end_first.fields.contract_start_on = D("2026-03-01");
    end_first.fields.contract_end_on = D("2026-02-28");
    EXPECT_TRUE(ErrorOf([&] { service_.Create(county_, end_first); }).fields().contains("contractEndOn"));
    NewProject future = Input("X5");
    future.approved_on = D("2030-01-01");
    EXPECT_TRUE(ErrorOf([&] { service_.Create(county_, future); }).fields().contains("approvedOn"));

    EXPECT_EQ(Count("registry_project"), projects_before);
    EXPECT_EQ(Count("registry_project_status_change"), 0);
    EXPECT_EQ(AuditEvents(), audit_before);

    // A county code is accepted (town preferred).
    EXPECT_EQ(service_.Create(county_, Input("X6", "370102")).region_code, "370102");
}

TEST_P(ProjectServiceTest, EveryAllowedTransitionIsDatedAndRecorded) {
    NewProject input = Input("LIFE-1");
    input.fields.permit_number = "370102202601150101";
    input.fields.permit_on = D("2026-01-15");
    Project p = service_.Create(county_, input);
    p = Move(p, "permitted", "2026-01-15");
    p = Move(p, "under_construction", "2026-01-20");
    p = Move(p, "suspended", "2026-02-01");
    p = Move(p, "under_construction", "2026-02-01");  // the same day is not before the previous
    p = Move(p, "suspended", "2026-02-10");
    p = Move(p, "under_construction", "2026-02-15");
    p = Move(p, "finished", "2026-02-20");
    p = Move(p, "completed", "2026-02-25");
    p = Move(p, "closed", "2026-03-02");  // today
    EXPECT_EQ(p.status, "closed");
    EXPECT_EQ(service_.Get(county_, p.id).status_on, D("2026-03-02"));

    auto history = service_.StatusHistory(county_, p.id);
    ASSERT_EQ(history.size(), 10u);
    EXPECT_EQ(history[1].from_status, "approved");
    EXPECT_EQ(history[1].to_status, "permitted");
    EXPECT_EQ(history[3].to_status, "suspended");
    EXPECT_EQ(history[3].changed_on, D("2026-02-01"));
    EXPECT_EQ(history[9].from_status, "completed");
    EXPECT_EQ(history[9].to_status, "closed");
    EXPECT_EQ(history[9].reason, "按计划");
    EXPECT_EQ(history[9].actor_id, county_.principal.user_id);
}

TEST_P(ProjectServiceTest, ForbiddenTransitionsAre409NamingFromAndTo) {
    NewProject input = Input("LIFE-2");
    input.fields.permit_number = "P-2";
    input.fields.permit_on = D("2026-01-15");
    Project p = service_.Create(county_, input);
    Error skip = ErrorOf([&] { Move(p, "under_construction", "2026-01-20"); });
    EXPECT_EQ(skip.code(), ErrorCode::kConflict);
    EXPECT_EQ(std::string(skip.what()), "项目状态不能从“立项”变更为“在建”");
    EXPECT_EQ(ErrorOf([&] { Move(p, "approved", "2026-01-20"); }).code(), ErrorCode::kConflict);
    EXPECT_EQ(ErrorOf([&] { Move(p, "closed", "2026-01-20"); }).code(), ErrorCode::kConflict);
    p = Move(p, "permitted", "2026-01-16");
    EXPECT_EQ(ErrorOf([&] { Move(p, "approved", "2026-01-20"); }).code(), ErrorCode::kConflict);
    EXPECT_EQ(ErrorOf([&] { Move(p, "suspended", "2026-01-20"); }).code(), ErrorCode::kConflict);
    p = Move(p, "under_construction", "2026-01-20");
    EXPECT_EQ(ErrorOf([&] { Move(p, "completed", "2026-01-21"); }).code(), ErrorCode::kConflict);
    p = Move(p, "suspended", "2026-01-21");
    Error suspended_finish = ErrorOf([&] { Move(p, "finished", "2026-01-22"); });
    EXPECT_EQ(suspended_finish.code(), ErrorCode::kConflict);
    EXPECT_NE(std::string(suspended_finish.what()).find("停工"), std::string::npos);
    EXPECT_NE(std::string(suspended_finish.what()).find("完工"), std::string::npos);

    // Dates: not in the future, not before the previous change; unknown status and empty reason.
    Error future = ErrorOf([&] { Move(p, "under_construction", "2026-03-03"); });
    EXPECT_EQ(future.code(), ErrorCode::kInvalidArgument);
    EXPECT_TRUE(future.fields().contains("changedOn"));
    Error before = ErrorOf([&] { Move(p, "under_construction", "2026-01-20"); });
    EXPECT_EQ(before.fields().at("changedOn"), "变更日期不能早于上一次状态变更（2026-01-21）");
    EXPECT_TRUE(ErrorOf([&] { Move(p, "demolished", "2026-01-22"); }).fields().contains("status"));
    EXPECT_TRUE(ErrorOf([&] {
                    service_.ChangeStatus(county_, p.id, StatusRequest{"under_construction", D("2026-01-22"), " "});
                })
                    .fields()
                    .contains("reason"));
    EXPECT_EQ(service_.StatusHistory(county_, p.id).size(), 4u);  // nothing written by refusals
    EXPECT_EQ(service_.Get(county_, p.id).status, "suspended");
}

TEST_P(ProjectServiceTest, PermittedRequiresThePermit) {
    Project p = service_.Create(county_, Input("LIFE-3"));
    Error e = ErrorOf([&] { Move(p, "permitted", "2026-01-15"); });
    EXPECT_EQ(e.code(), ErrorCode::kInvalidArgument);
    EXPECT_TRUE(e.fields().contains("permitNumber"));
    EXPECT_TRUE(e.fields().contains("permitOn"));
    ProjectPatch patch;
    patch.permit_number = std::optional<std::string>("370102202601150101");
    patch.permit_on = std::optional<core::Date>(D("2026-01-15"));
    service_.Update(county_, p.id, patch);
    EXPECT_EQ(Move(p, "permitted", "2026-01-15").status, "permitted");
    // Once permitted the permit cannot be removed.
    ProjectPatch clear;
    clear.permit_number = std::optional<std::string>();
    clear.permit_on = std::optional<core::Date>();
    EXPECT_TRUE(ErrorOf([&] { service_.Update(county_, p.id, clear); }).fields().contains("permitNumber"));
}

TEST_P(ProjectServiceTest, ScopeBySupervisorRegionIndustryAndParticipation) {
    Project lixia = service_.Create(county_, Input("S-1", "370102001", "housing"));
    Project lixia_water = service_.Create(county_, Input("S-2", "370102", "water"));
    Project shizhong = service_.Create(As("supervisor", "370103"), Input("S-3", "370103001", "housing"));

    // County supervisor: its county only; another county's project is 404 like an unknown id.
    EXPECT_EQ(service_.List(county_, ProjectQuery{}).total, 2);
    Error hidden = ErrorOf([&] { service_.Get(county_, shizhong.id); });
    Error unknown = ErrorOf([&] { service_.Get(county_, "01J00000000000000000000000"); });
    EXPECT_EQ(hidden.code(), ErrorCode::kNotFound);
    EXPECT_EQ(std::string(hidden.what()), std::string(unknown.what()));
    EXPECT_EQ(ErrorOf([&] { Move(shizhong, "permitted", "2026-01-15"); }).code(), ErrorCode::kNotFound);
    EXPECT_EQ(ErrorOf([&] { service_.StatusHistory(county_, shizhong.id); }).code(), ErrorCode::kNotFound);
    EXPECT_EQ(service_.List(As("supervisor", "3701"), ProjectQuery{}).total, 3);

    // Industry officer: its industry in its region.
    auto housing = As("industry-officer", "3701", "housing");
    ProjectPage seen = service_.List(housing, ProjectQuery{});
    EXPECT_EQ(seen.total, 2);
    EXPECT_EQ(ErrorOf([&] { service_.Get(housing, lixia_water.id); }).code(), ErrorCode::kNotFound);
    EXPECT_EQ(ErrorOf([&] { service_.Create(housing, Input("S-4", "370102", "water")); }).code(),
              ErrorCode::kForbidden);
    EXPECT_EQ(service_.Create(housing, Input("S-4", "370102", "housing")).industry, "housing");
    ProjectPatch to_water;
    to_water.industry = "water";
    EXPECT_EQ(ErrorOf([&] { service_.Update(housing, lixia.id, to_water); }).code(), ErrorCode::kForbidden);
    EXPECT_EQ(service_.Get(county_, lixia.id).industry, "housing");

    // Supervisors cannot create outside their region.
    EXPECT_EQ(ErrorOf([&] { service_.Create(county_, Input("S-5", "370103001")); }).code(), ErrorCode::kForbidden);

    // Enterprise user: only projects its enterprise participates in.
    auto gc_user = As("enterprise-user", "", gc_.id);
    EXPECT_EQ(service_.List(gc_user, ProjectQuery{}).total, 0);
    EXPECT_EQ(ErrorOf([&] { service_.Get(gc_user, lixia.id); }).code(), ErrorCode::kNotFound);
    NewProject own = Input("S-6", "370103001");
    own.participant_role = "009";
    Project created = service_.Create(gc_user, own);
    EXPECT_EQ(created.general_contractor_id, gc_.id);
    service_.SetParticipants(county_, lixia.id, {Participant{gc_.id, "001", std::nullopt, std::nullopt, "", ""}});
    ProjectPage mine = service_.List(gc_user, ProjectQuery{});
    ASSERT_EQ(mine.total, 2);
    EXPECT_EQ(mine.items[0].code, "S-1");
    EXPECT_EQ(mine.items[1].code, "S-6");
    NewProject no_role = Input("S-7");
    EXPECT_TRUE(ErrorOf([&] { service_.Create(gc_user, no_role); }).fields().contains("participantRole"));
}

TEST_P(ProjectServiceTest, ListFilters) {
    service_.Create(county_, Input("F-100", "370102001", "housing"));
    service_.Create(county_, Input("F-200", "370102", "water"));
    service_.Create(county_, Input("G-300", "370102001", "housing"));
    ProjectQuery q;
    q.q = "F-";
    EXPECT_EQ(service_.List(county_, q).total, 2);
    q.q = "项目 G";
    EXPECT_EQ(service_.List(county_, q).total, 1);
    ProjectQuery industry;
    industry.industry = "water";
    EXPECT_EQ(service_.List(county_, industry).total, 1);
    ProjectQuery region;
    region.region_code = "370102001";
    EXPECT_EQ(service_.List(county_, region).total, 2);
    ProjectQuery status;
    status.status = "permitted";
    EXPECT_EQ(service_.List(county_, status).total, 0);
    ProjectQuery paged;
    paged.limit = 2;
    paged.offset = 2;
    ProjectPage last = service_.List(county_, paged);
    EXPECT_EQ(last.total, 3);
    ASSERT_EQ(last.items.size(), 1u);
    EXPECT_EQ(last.items[0].code, "G-300");
    ProjectQuery bad;
    bad.status = "demolished";
    EXPECT_TRUE(ErrorOf([&] { service_.List(county_, bad); }).fields().contains("status"));
}

TEST_P(ProjectServiceTest, OpenWarningSummaryIsShownAndFiltersTheList) {
    Project red = service_.Create(county_, Input("W-1"));
    Project yellow = service_.Create(county_, Input("W-2"));
    Project blue = service_.Create(county_, Input("W-3"));
    Project quiet = service_.Create(county_, Input("W-4"));
    auto codes = [&](const char* warning) {
        ProjectQuery q;
        q.warning = warning;
        std::vector<std::string> out;
        for (const auto& p : service_.List(county_, q).items) out.push_back(p.code);
        return out;
    };
    using Codes = std::vector<std::string>;
    EXPECT_EQ(codes("none"), (Codes{"W-1", "W-2", "W-3", "W-4"}));
    EXPECT_EQ(codes("any"), Codes{});
    const auto audited = AuditEvents();
    {
        auto tx = db().Begin();
        ProjectService::StoreOpenWarnings(tx, std::nullopt,
                                          {{red.id, {"red", 3}},
                                           {yellow.id, {"yellow", 1}},
                                           {blue.id, {"blue", 2}},
                                           {"no-such-project", {"red", 1}}});
        tx.Commit();
    }
    EXPECT_EQ(AuditEvents(), audited);  // derived data: not audited
    EXPECT_EQ(codes("red"), Codes{"W-1"});
    EXPECT_EQ(codes("yellow"), Codes{"W-2"});
    EXPECT_EQ(codes("blue"), Codes{"W-3"});
    EXPECT_EQ(codes("any"), (Codes{"W-1", "W-2", "W-3"}));
    EXPECT_EQ(codes("none"), Codes{"W-4"});
    Project shown = service_.Get(county_, red.id);
    EXPECT_EQ(shown.open_warning_level, "red");
    EXPECT_EQ(shown.open_warnings, 3);
    EXPECT_FALSE(service_.Get(county_, quiet.id).open_warning_level.has_value());
    EXPECT_EQ(service_.Get(county_, quiet.id).open_warnings, 0);
    // A project edit keeps the summary.
    ProjectPatch patch;
    patch.name = "改名";
    EXPECT_EQ(service_.Update(county_, red.id, patch).open_warnings, 3);
    {
        // For some projects only: the listed ones without a summary have none; the others keep theirs.
        auto tx = db().Begin();
        ProjectService::StoreOpenWarnings(tx, std::vector<std::string>{red.id, yellow.id}, {{red.id, {"blue", 1}}});
        tx.Commit();
    }
    EXPECT_EQ(codes("blue"), (Codes{"W-1", "W-3"}));
    EXPECT_EQ(codes("none"), (Codes{"W-2", "W-4"}));
    EXPECT_EQ(service_.Get(county_, red.id).open_warnings, 1);
    {
        auto tx = db().Begin();
        ProjectService::StoreOpenWarnings(tx, std::nullopt, {});
        tx.Commit();
    }
    EXPECT_EQ(codes("any"), Codes{});
    EXPECT_EQ(service_.Get(county_, blue.id).open_warnings, 0);
    ProjectQuery bad;
    bad.warning = "orange";
    EXPECT_TRUE(ErrorOf([&] { service_.List(county_, bad); }).fields().contains("warning"));
}

TEST_P(ProjectServiceTest, ParticipantsFillTheUnitColumns) {
    Project p = service_.Create(county_, Input("PP-1"));
    auto list = service_.SetParticipants(county_, p.id,
                                         {Participant{cu_.id, "008", D("2026-01-05"), std::nullopt, "", ""},
                                          Participant{gc_.id, "009", D("2026-01-05"), std::nullopt, "", ""},
                                          Participant{sub_.id, "006", std::nullopt, std::nullopt, "", ""}});
    ASSERT_EQ(list.size(), 3u);
    EXPECT_EQ(list[0].role_code, "006");
    EXPECT_EQ(list[0].enterprise_name, sub_.name);
    EXPECT_EQ(list[2].role_code, "009");
    Project read = service_.Get(county_, p.id);
    EXPECT_EQ(read.construction_unit_id, cu_.id);
    EXPECT_EQ(read.general_contractor_id, gc_.id);

    Error two = ErrorOf([&] {
        service_.SetParticipants(county_, p.id,
                                 {Participant{gc_.id, "009", std::nullopt, std::nullopt, "", ""},
                                  Participant{sub_.id, "009", std::nullopt, std::nullopt, "", ""},
                                  Participant{"nope", "777", std::nullopt, std::nullopt, "", ""}});
    });
    EXPECT_TRUE(two.fields().contains("participants[1].roleCode"));
    EXPECT_TRUE(two.fields().contains("participants[2].enterpriseId"));
    EXPECT_TRUE(two.fields().contains("participants[2].roleCode"));
    EXPECT_EQ(service_.Participants(county_, p.id).size(), 3u);  // unchanged

    // Replacing the list drops the construction unit and clears its column.
    service_.SetParticipants(county_, p.id, {Participant{gc_.id, "009", std::nullopt, std::nullopt, "", ""}});
    read = service_.Get(county_, p.id);
    EXPECT_EQ(read.construction_unit_id, std::nullopt);
    EXPECT_EQ(read.general_contractor_id, gc_.id);

    // An enterprise user cannot remove its own enterprise.
    auto gc_user = As("enterprise-user", "", gc_.id);
    EXPECT_TRUE(
        ErrorOf([&] {
            service_.SetParticipants(gc_user, p.id, {Participant{sub_.id, "006", std::nullopt, std::nullopt, "", ""}});
        })
            .fields()
            .contains("participants"));
}

TEST_P(ProjectServiceTest, TeamsBelongToParticipants) {
    Project p = service_.Create(county_, Input("T-1"));
    service_.SetParticipants(county_, p.id, {Participant{sub_.id, "006", std::nullopt, std::nullopt, "", ""}});
    Team t = service_.CreateTeam(county_, p.id, NewTeam{sub_.id, " 钢筋班 ", "王五", std::nullopt});
    EXPECT_EQ(t.name, "钢筋班");
    EXPECT_EQ(service_.Teams(county_, p.id).size(), 1u);
    EXPECT_EQ(ErrorOf([&] {
                  service_.CreateTeam(county_, p.id, NewTeam{sub_.id, "钢筋班", "", std::nullopt});
              }).code(),
              ErrorCode::kConflict);
    EXPECT_EQ(ErrorOf([&] {
                  service_.CreateTeam(county_, p.id, NewTeam{gc_.id, "木工班", "", std::nullopt});
              })
                  .fields()
                  .at("enterpriseId"),
              "不是本项目的参建单位");
    EXPECT_EQ(Count("registry_team"), 1);
}

TEST_P(ProjectServiceTest, FivePersonGroupIsMaskedAndReportsMissingDuties) {
    Project p = service_.Create(county_, Input("W-1"));
    StaffReport empty = service_.Staff(county_, p.id);
    EXPECT_TRUE(empty.members.empty());
    EXPECT_EQ(empty.missing.size(), 5u);

    StaffReport r = service_.SetStaff(county_, p.id,
                                      {StaffInput{"labor_affairs_officer", "赵六", "13712345678", std::nullopt},
                                       StaffInput{"town_official", "钱七", "0531-86000000", "u-1"}});
    ASSERT_EQ(r.members.size(), 2u);
    EXPECT_EQ(r.members[0].duty, "town_official");  // in duty order
    EXPECT_EQ(r.members[1].phone_mask, "137****5678");
    EXPECT_EQ(r.missing, (std::vector<std::string>{"industry_supervisor", "labor_inspector", "project_manager"}));
    {
        auto tx = db().Begin(storage::TxMode::kRead);
        auto row = tx.QueryOne(
            "SELECT phone_enc FROM registry_project_staff WHERE project_id = $1 AND duty = 'labor_affairs_officer'",
            {p.id});
        EXPECT_EQ(row.Text(0).find("13712345678"), std::string::npos);
        EXPECT_EQ(cipher_.Open(row.Text(0), "registry_project_staff.phone"), "13712345678");
    }
    Error bad = ErrorOf([&] {
        service_.SetStaff(county_, p.id,
                          {StaffInput{"chef", "", "abc", std::nullopt}, StaffInput{"town_official", "甲", "", {}},
                           StaffInput{"town_official", "乙", std::nullopt, std::nullopt}});
    });
    EXPECT_TRUE(bad.fields().contains("staff[0].duty"));
    EXPECT_TRUE(bad.fields().contains("staff[0].name"));
    EXPECT_TRUE(bad.fields().contains("staff[0].phone"));
    EXPECT_TRUE(bad.fields().contains("staff[2].duty"));
    EXPECT_EQ(service_.Staff(county_, p.id).members.size(), 2u);  // unchanged

    // A phone left out keeps the one on file for the same person in the same duty (the console only
    // ever sees it masked); a new person gets none, and "" clears it.
    r = service_.SetStaff(county_, p.id, {StaffInput{"labor_affairs_officer", "赵六", std::nullopt, std::nullopt},
                                          StaffInput{"town_official", "孙八", std::nullopt, std::nullopt}});
    ASSERT_EQ(r.members.size(), 2u);
    EXPECT_FALSE(r.members[0].phone_mask);  // 孙八 replaced 钱七: no phone of his on file
    EXPECT_EQ(r.members[1].phone_mask, "137****5678");
    r = service_.SetStaff(county_, p.id, {StaffInput{"labor_affairs_officer", "赵六", "", std::nullopt}});
    ASSERT_EQ(r.members.size(), 1u);
    EXPECT_FALSE(r.members[0].phone_mask);
}

TEST_P(ProjectServiceTest, UpdateValidatesTheWholeRecordAndAudits) {
    Project p = service_.Create(county_, Input("U-1"));
    const auto audit_before = AuditEvents();
    ProjectPatch patch;
    patch.lng = std::optional<double>(117.1);
    patch.lat = std::optional<double>(36.6);
    Fence polygon;
    polygon.kind = FenceKind::kPolygon;
    polygon.points = {{117.09, 36.59}, {117.11, 36.59}, {117.11, 36.61}, {117.09, 36.61}};
    patch.fence = polygon;
    patch.name = "改名后的项目";
    Project updated = service_.Update(county_, p.id, patch);
    EXPECT_EQ(updated.name, "改名后的项目");
    EXPECT_EQ(updated.fence.points.size(), 4u);
    EXPECT_EQ(AuditEvents(), audit_before + 1);
    {
        auto tx = db().Begin(storage::TxMode::kRead);
        auto fence = ProjectService::FindFence(tx, p.id);
        ASSERT_TRUE(fence);
        EXPECT_TRUE(InsideFence(*fence, 117.1, 36.6));
        EXPECT_FALSE(InsideFence(*fence, 117.2, 36.6));
    }
    service_.Update(county_, p.id, patch);  // the same values: nothing written
    EXPECT_EQ(AuditEvents(), audit_before + 1);

    ProjectPatch bad;
    bad.lat = std::optional<double>(91);
    bad.labor_cost_amount = std::optional<core::Fen>(-5);
    Error e = ErrorOf([&] { service_.Update(county_, p.id, bad); });
    EXPECT_TRUE(e.fields().contains("lat"));
    EXPECT_TRUE(e.fields().contains("laborCostAmount"));
    EXPECT_EQ(service_.Get(county_, p.id).lat, 36.6);
}

INSTANTIATE_TEST_SUITE_P(Backends, ProjectServiceTest, ::testing::ValuesIn(anxin::testing::TestBackends()),
                         anxin::testing::BackendName());

}  // namespace
}  // namespace anxin::registry
