// The registry's enterprise and project API over real HTTP on both backends: what a user of the
// console sees — validation with per-field messages, masked phones, scope (404 outside it), the
// project lifecycle, participants, teams, 五员 and the permit feed.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "core/identifiers.hpp"
#include "registry/projects.hpp"
#include "testing/api_fixture.hpp"

namespace anxin::registry {
namespace {

using boost::json::array;
using boost::json::object;
using boost::json::value;

const std::string kGc = core::MakeCreditCode("91370102MA3C00001");
const std::string kCu = core::MakeCreditCode("91370102MA3C00002");
const std::string kSub = core::MakeCreditCode("91370103MA3C00003");

class RegistryProjectApiTest : public anxin::testing::ApiTest {
  protected:
    std::int64_t Count(const std::string& table) {
        auto tx = app().db().Begin(storage::TxMode::kRead);
        return tx.QueryOne("SELECT COUNT(*) FROM " + table).Int(0);
    }
    static std::string Str(const value& v, const char* key) { return std::string(v.at(key).as_string()); }
    anxin::testing::Response Put(const std::string& target, const value& body, const std::string& token) {
        return client().Request("PUT", target, boost::json::serialize(body), {{"Authorization", "Bearer " + token}});
    }
    std::string CreateEnterprise(const std::string& token, const std::string& code, const std::string& region,
                                 const std::string& kind) {
        auto r = client().Post("/api/v1/enterprises",
                               value{{"creditCode", code},
                                     {"name", "企业" + code.substr(12)},
                                     {"regionCode", region},
                                     {"kind", kind},
                                     {"contactName", "李四"},
                                     {"contactPhone", "13812345678"}},
                               token);
        EXPECT_EQ(r.status, 201u) << r.body;
        return Str(r.json, "id");
    }
    value ProjectBody(const std::string& code, const std::string& region, const std::string& industry = "housing") {
        return value{{"code", code},
                     {"name", "项目" + code},
                     {"regionCode", region},
                     {"industry", industry},
                     {"investmentType", "government"},
                     {"contractPrice", 100000000},
                     {"approvedOn", "2026-01-05"}};
    }
    std::string CreateProject(const std::string& token, const value& body) {
        auto r = client().Post("/api/v1/projects", body, token);
        EXPECT_EQ(r.status, 201u) << r.body;
        return r.status == 201u ? Str(r.json, "id") : "";
    }
};

TEST_P(RegistryProjectApiTest, EnterprisesValidateMaskAndRefuseDuplicates) {
    SeedRegions();
    auto county = LoginAs("lixia", "supervisor", "370102");
    auto created = client().Post("/api/v1/enterprises",
                                 value{{"creditCode", kGc},
                                       {"name", "山东建工集团"},
                                       {"regionCode", "370102"},
                                       {"kind", "general_contractor"},
                                       {"contactPhone", "13812345678"}},
                                 county);
    ASSERT_EQ(created.status, 201u) << created.body;
    EXPECT_EQ(created.json.at("contactPhone").as_string(), "138****5678");
    EXPECT_EQ(created.body.find("13812345678"), std::string::npos);
    EXPECT_TRUE(created.json.at("creditCodeValid").as_bool());
    EXPECT_TRUE(created.json.at("creditCodeWarning").is_null());
    std::string id = Str(created.json, "id");

    auto read = client().Get("/api/v1/enterprises/" + id, county);
    ASSERT_EQ(read.status, 200u);
    EXPECT_EQ(read.json.at("contactPhone").as_string(), "138****5678");
    EXPECT_EQ(read.body.find("13812345678"), std::string::npos);

    auto dup = client().Post(
        "/api/v1/enterprises",
        value{{"creditCode", kGc}, {"name", "另一家"}, {"regionCode", "370102"}, {"kind", "construction_unit"}},
        county);
    EXPECT_EQ(dup.status, 409u);
    EXPECT_EQ(dup.json.at("error").at("fields").at("creditCode").as_string(), "该统一社会信用代码已登记");

    auto bad = client().Post("/api/v1/enterprises",
                             value{{"creditCode", "91370102MA3C0000"},
                                   {"name", "坏数据"},
                                   {"regionCode", "370199"},
                                   {"kind", "bank"},
                                   {"contactPhone", "call me"}},
                             county);
    EXPECT_EQ(bad.status, 400u);
    const auto& fields = bad.json.at("error").at("fields").as_object();
    for (const char* f : {"creditCode", "regionCode", "kind", "contactPhone"}) EXPECT_TRUE(fields.contains(f)) << f;

    std::string pilot = kCu;
    pilot.back() = pilot.back() == '0' ? '1' : '0';
    auto warned = client().Post(
        "/api/v1/enterprises",
        value{{"creditCode", pilot}, {"name", "试点企业"}, {"regionCode", "370102"}, {"kind", "construction_unit"}},
        county);
    ASSERT_EQ(warned.status, 201u) << warned.body;
    EXPECT_FALSE(warned.json.at("creditCodeValid").as_bool());
    EXPECT_FALSE(warned.json.at("creditCodeWarning").is_null());
    EXPECT_EQ(Count("registry_enterprise"), 2);

    auto list = client().Get("/api/v1/enterprises?kind=general_contractor", county);
    ASSERT_EQ(list.status, 200u);
    EXPECT_EQ(list.json.at("total").as_int64(), 1);
    EXPECT_EQ(list.json.at("items").at(0).at("contactPhone").as_string(), "138****5678");

    // Enterprise users: their own enterprise only; no creating others.
    auto own = LoginAs("gc-user", "enterprise-user", "", id);
    EXPECT_EQ(
        client()
            .Post("/api/v1/enterprises",
                  value{{"creditCode", kSub}, {"name", "x"}, {"regionCode", "370102"}, {"kind", "other_employer"}}, own)
            .status,
        403u);
    EXPECT_EQ(client().Get("/api/v1/enterprises", own).json.at("total").as_int64(), 1);
    EXPECT_EQ(client().Get("/api/v1/enterprises/" + Str(warned.json, "id"), own).status, 404u);
    auto patched = client().Patch("/api/v1/enterprises/" + id, value{{"contactPhone", "0531-86123456"}}, own);
    ASSERT_EQ(patched.status, 200u) << patched.body;
    EXPECT_EQ(patched.body.find("86123456"), std::string::npos);
    EXPECT_EQ(client().Patch("/api/v1/enterprises/" + Str(warned.json, "id"), value{{"name", "改"}}, own).status, 404u);
}

TEST_P(RegistryProjectApiTest, ProjectScopeForCountyIndustryAndEnterpriseUsers) {
    SeedRegions();
    auto lixia = LoginAs("lixia", "supervisor", "370102");
    auto shizhong = LoginAs("shizhong", "supervisor", "370103");
    std::string gc = CreateEnterprise(lixia, kGc, "370102", "general_contractor");
    std::string p1 = CreateProject(lixia, ProjectBody("LX-1", "370102001", "housing"));
    std::string p2 = CreateProject(lixia, ProjectBody("LX-2", "370102", "water"));
    std::string p3 = CreateProject(shizhong, ProjectBody("SZ-1", "370103001", "housing"));

    // A county supervisor: another county's project is 404, exactly like an unknown id.
    EXPECT_EQ(client().Get("/api/v1/projects/" + p1, lixia).status, 200u);
    auto hidden = client().Get("/api/v1/projects/" + p3, lixia);
    EXPECT_EQ(hidden.status, 404u);
    auto unknown = client().Get("/api/v1/projects/01ZZZZZZZZZZZZZZZZZZZZZZZZ", lixia);
    EXPECT_EQ(hidden.json.at("error").at("message"), unknown.json.at("error").at("message"));
    EXPECT_EQ(client()
                  .Post("/api/v1/projects/" + p3 + "/status",
                        value{{"status", "permitted"}, {"changedOn", "2026-02-01"}, {"reason", "x"}}, lixia)
                  .status,
              404u);
    EXPECT_EQ(client().Get("/api/v1/projects", lixia).json.at("total").as_int64(), 2);
    // Creating in another county is forbidden.
    EXPECT_EQ(client().Post("/api/v1/projects", ProjectBody("LX-9", "370103001"), lixia).status, 403u);

    // Industry officer (housing, city): only housing projects.
    auto housing = LoginAs("jn-housing", "industry-officer", "3701", "housing");
    auto seen = client().Get("/api/v1/projects", housing);
    ASSERT_EQ(seen.status, 200u);
    EXPECT_EQ(seen.json.at("total").as_int64(), 2);
    EXPECT_EQ(client().Get("/api/v1/projects/" + p2, housing).status, 404u);
    EXPECT_EQ(client().Get("/api/v1/projects?industry=water", housing).json.at("total").as_int64(), 0);

    // Enterprise user: only the projects its enterprise participates in.
    auto gc_user = LoginAs("gc-user", "enterprise-user", "", gc);
    EXPECT_EQ(client().Get("/api/v1/projects", gc_user).json.at("total").as_int64(), 0);
    EXPECT_EQ(client().Get("/api/v1/projects/" + p1, gc_user).status, 404u);
    value own = ProjectBody("GC-1", "370103001");
    own.as_object()["participantRole"] = "009";
    std::string p4 = CreateProject(gc_user, own);
    auto put = Put("/api/v1/projects/" + p1 + "/participants",
                   value{{"participants", array{object{{"enterpriseId", gc}, {"roleCode", "009"}}}}}, lixia);
    ASSERT_EQ(put.status, 200u) << put.body;
    auto mine = client().Get("/api/v1/projects", gc_user);
    ASSERT_EQ(mine.json.at("total").as_int64(), 2);
    EXPECT_EQ(mine.json.at("items").at(0).at("id").as_string(), p4);  // GC-1 sorts before LX-1
    EXPECT_EQ(mine.json.at("items").at(1).at("generalContractorId").as_string(), gc);
    EXPECT_EQ(client().Get("/api/v1/projects/" + p2, gc_user).status, 404u);
}

TEST_P(RegistryProjectApiTest, ProjectsShowAndFilterByOpenWarnings) {
    SeedRegions();
    auto lixia = LoginAs("lixia", "supervisor", "370102");
    std::string red = CreateProject(lixia, ProjectBody("OW-1", "370102001"));
    std::string quiet = CreateProject(lixia, ProjectBody("OW-2", "370102001"));
    auto codes = [&](const std::string& warning) {
        auto r = client().Get("/api/v1/projects?warning=" + warning, lixia);
        EXPECT_EQ(r.status, 200u) << r.body;
        std::vector<std::string> out;
        for (const auto& p : r.json.at("items").as_array()) out.push_back(Str(p, "code"));
        return out;
    };
    auto fresh = client().Get("/api/v1/projects/" + red, lixia);
    EXPECT_TRUE(fresh.json.at("openWarningLevel").is_null());
    EXPECT_EQ(fresh.json.at("openWarnings").as_int64(), 0);
    {
        // What the warnings module stores after raising (its own tests follow the engine).
        auto tx = app().db().Begin();
        ProjectService::StoreOpenWarnings(tx, std::nullopt, {{red, {"red", 2}}});
        tx.Commit();
    }
    EXPECT_EQ(codes("red"), std::vector<std::string>{"OW-1"});
    EXPECT_EQ(codes("any"), std::vector<std::string>{"OW-1"});
    EXPECT_EQ(codes("none"), std::vector<std::string>{"OW-2"});
    EXPECT_TRUE(codes("blue").empty());
    auto listed = client().Get("/api/v1/projects?warning=red", lixia);
    EXPECT_EQ(listed.json.at("total").as_int64(), 1);
    EXPECT_EQ(listed.json.at("items").at(0).at("openWarningLevel").as_string(), "red");
    EXPECT_EQ(listed.json.at("items").at(0).at("openWarnings").as_int64(), 2);
    auto detail = client().Get("/api/v1/projects/" + red, lixia);
    EXPECT_EQ(detail.json.at("openWarningLevel").as_string(), "red");
    EXPECT_EQ(detail.json.at("openWarnings").as_int64(), 2);
    EXPECT_TRUE(client().Get("/api/v1/projects/" + quiet, lixia).json.at("openWarningLevel").is_null());
    for (const char* bad : {"orange", "RED", "all"}) {
        auto r = client().Get(std::string("/api/v1/projects?warning=") + bad, lixia);
        EXPECT_EQ(r.status, 400u) << bad;
        EXPECT_TRUE(r.json.at("error").at("fields").as_object().contains("warning")) << r.body;
    }
}

TEST_P(RegistryProjectApiTest, LifecycleThroughTheApi) {
    SeedRegions();
    auto lixia = LoginAs("lixia", "supervisor", "370102");
    std::string id = CreateProject(lixia, ProjectBody("LC-1", "370102001"));
    auto status = [&](const char* to, const char* on) {
        return client().Post("/api/v1/projects/" + id + "/status",
                             value{{"status", to}, {"changedOn", on}, {"reason", "按进度"}}, lixia);
    };
    auto no_permit = status("permitted", "2026-01-15");
    EXPECT_EQ(no_permit.status, 400u);
    EXPECT_TRUE(no_permit.json.at("error").at("fields").as_object().contains("permitNumber"));
    auto patched = client().Patch("/api/v1/projects/" + id,
                                  value{{"permitNumber", "370102202601150101"}, {"permitOn", "2026-01-15"}}, lixia);
    ASSERT_EQ(patched.status, 200u) << patched.body;

    auto skip = status("under_construction", "2026-01-15");
    EXPECT_EQ(skip.status, 409u);
    EXPECT_EQ(skip.json.at("error").at("message").as_string(), "项目状态不能从“立项”变更为“在建”");
    EXPECT_EQ(status("permitted", "2026-01-15").json.at("statusLabel").as_string(), "施工许可");
    EXPECT_EQ(status("under_construction", "2026-01-20").status, 200u);
    EXPECT_EQ(status("suspended", "2026-02-01").status, 200u);
    auto early = status("under_construction", "2026-01-31");
    EXPECT_EQ(early.status, 400u);
    EXPECT_TRUE(early.json.at("error").at("fields").as_object().contains("changedOn"));
    EXPECT_EQ(status("under_construction", "2026-03-03").status, 400u);  // tomorrow
    EXPECT_EQ(status("under_construction", "2026-02-10").status, 200u);
    EXPECT_EQ(status("finished", "2026-02-20").status, 200u);
    EXPECT_EQ(status("suspended", "2026-02-21").status, 409u);
    EXPECT_EQ(status("completed", "2026-02-25").status, 200u);
    auto closed = status("closed", "2026-03-01");
    ASSERT_EQ(closed.status, 200u);
    EXPECT_EQ(closed.json.at("status").as_string(), "closed");
    EXPECT_EQ(status("approved", "2026-03-02").status, 409u);

    auto history = client().Get("/api/v1/projects/" + id + "/status-history", lixia);
    ASSERT_EQ(history.status, 200u);
    const auto& items = history.json.at("items").as_array();
    ASSERT_EQ(items.size(), 8u);
    EXPECT_TRUE(items[0].at("fromStatus").is_null());
    EXPECT_EQ(items[3].at("toStatus").as_string(), "suspended");
    EXPECT_EQ(items[3].at("changedOn").as_string(), "2026-02-01");
    EXPECT_EQ(items[7].at("fromStatus").as_string(), "completed");
}

TEST_P(RegistryProjectApiTest, BadProjectInputNamesTheFieldsAndWritesNothing) {
    SeedRegions();
    auto lixia = LoginAs("lixia", "supervisor", "370102");
    value body = ProjectBody("BAD-1", "370102001");
    auto& o = body.as_object();
    o["industry"] = "mining";
    o["lng"] = 181.5;
    o["lat"] = 36.6;
    o["fence"] = object{{"kind", "polygon"}, {"points", array{array{117.0, 36.0}, array{117.1, 36.0}}}};
    o["contractSignedOn"] = "2026-02-01";
    o["contractStartOn"] = "2026-01-01";
    o["contractEndOn"] = "2026-02-30";
    o["laborCostCycle"] = "yearly";
    o["laborCostRatioBp"] = 12000;
    auto r = client().Post("/api/v1/projects", body, lixia);
    EXPECT_EQ(r.status, 400u);
    const auto& fields = r.json.at("error").at("fields").as_object();
    EXPECT_TRUE(fields.contains("contractEndOn"));  // an impossible date
    EXPECT_TRUE(fields.contains("laborCostRatioBp"));
    auto r2 = client().Post("/api/v1/projects",
                            value{{"code", "BAD-2"},
                                  {"name", "x"},
                                  {"regionCode", "370102001"},
                                  {"industry", "mining"},
                                  {"investmentType", "private"},
                                  {"lng", 181.5},
                                  {"lat", 36.6},
                                  {"fence", object{{"kind", "polygon"}, {"points", array{array{117.0, 36.0}}}}},
                                  {"contractSignedOn", "2026-02-01"},
                                  {"contractStartOn", "2026-01-01"},
                                  {"laborCostCycle", "yearly"}},
                            lixia);
    EXPECT_EQ(r2.status, 400u);
    const auto& f2 = r2.json.at("error").at("fields").as_object();
    for (const char* f : {"industry", "lng", "fence.points", "contractStartOn", "laborCostCycle"})
        EXPECT_TRUE(f2.contains(f)) << f << " in " << r2.body;
    EXPECT_EQ(Count("registry_project"), 0);
    EXPECT_EQ(Count("registry_project_status_change"), 0);
}

TEST_P(RegistryProjectApiTest, ParticipantsTeamsAndMaskedFivePersonGroup) {
    SeedRegions();
    auto lixia = LoginAs("lixia", "supervisor", "370102");
    std::string gc = CreateEnterprise(lixia, kGc, "370102", "general_contractor");
    std::string cu = CreateEnterprise(lixia, kCu, "370102", "construction_unit");
    std::string id = CreateProject(lixia, ProjectBody("PT-1", "370102001"));
    auto put = Put("/api/v1/projects/" + id + "/participants",
                   value{{"participants", array{object{{"enterpriseId", gc}, {"roleCode", "009"}},
                                                object{{"enterpriseId", cu}, {"roleCode", "008"}}}}},
                   lixia);
    ASSERT_EQ(put.status, 200u) << put.body;
    auto project = client().Get("/api/v1/projects/" + id, lixia);
    EXPECT_EQ(project.json.at("generalContractorId").as_string(), gc);
    EXPECT_EQ(project.json.at("constructionUnitId").as_string(), cu);
    auto bad_role = Put("/api/v1/projects/" + id + "/participants",
                        value{{"participants", array{object{{"enterpriseId", gc}, {"roleCode", "123"}}}}}, lixia);
    EXPECT_EQ(bad_role.status, 400u);
    EXPECT_TRUE(bad_role.json.at("error").at("fields").as_object().contains("participants[0].roleCode"));
    EXPECT_EQ(client().Get("/api/v1/projects/" + id + "/participants", lixia).json.at("items").as_array().size(), 2u);

    auto team = client().Post("/api/v1/projects/" + id + "/teams",
                              value{{"enterpriseId", gc}, {"name", "木工班"}, {"leaderName", "王五"}}, lixia);
    ASSERT_EQ(team.status, 201u) << team.body;
    EXPECT_EQ(client()
                  .Post("/api/v1/projects/" + id + "/teams", value{{"enterpriseId", gc}, {"name", "木工班"}}, lixia)
                  .status,
              409u);
    EXPECT_EQ(client().Get("/api/v1/projects/" + id + "/teams", lixia).json.at("items").as_array().size(), 1u);

    auto staff =
        Put("/api/v1/projects/" + id + "/staff",
            value{{"staff", array{object{{"duty", "labor_affairs_officer"}, {"name", "赵六"}, {"phone", "13712345678"}},
                                  object{{"duty", "project_manager"}, {"name", "孙八"}, {"phone", "13987654321"}}}}},
            lixia);
    ASSERT_EQ(staff.status, 200u) << staff.body;
    auto read = client().Get("/api/v1/projects/" + id + "/staff", lixia);
    ASSERT_EQ(read.status, 200u);
    EXPECT_EQ(read.body.find("13712345678"), std::string::npos);
    EXPECT_EQ(read.body.find("13987654321"), std::string::npos);
    EXPECT_EQ(read.json.at("items").at(0).at("duty").as_string(), "project_manager");
    EXPECT_EQ(read.json.at("items").at(0).at("phone").as_string(), "139****4321");
    EXPECT_FALSE(read.json.at("complete").as_bool());
    EXPECT_EQ(read.json.at("missing"), (array{"town_official", "industry_supervisor", "labor_inspector"}));
}

TEST_P(RegistryProjectApiTest, PermitFeedIsIdempotentAndReportsBadRecords) {
    SeedRegions();
    auto lixia = LoginAs("lixia", "supervisor", "370102");
    auto record = [](const std::string& code, const std::string& permit_on) {
        return value{
            {"permitNumber", "PN-" + code},
            {"permitOn", permit_on},
            {"projectCode", code},
            {"projectName", "项目" + code},
            {"regionCode", "370102001"},
            {"industry", "housing"},
            {"investmentType", "private"},
            {"contractPrice", 800000000},
            {"constructionUnit", object{{"creditCode", kCu}, {"name", "济南城投"}}},
            {"generalContractor", object{{"creditCode", kGc}, {"name", "山东建工"}}},
            {"subcontractors", array{object{{"creditCode", kSub}, {"name", "劳务公司"}, {"roleCode", "006"}}}}};
    };
    array feed{record("FD-1", "2026-01-15"), record("FD-2", "2026-13-01")};
    auto first = client().Post("/api/v1/projects/feed", value(feed), lixia);
    ASSERT_EQ(first.status, 200u) << first.body;
    EXPECT_EQ(first.json.at("created").as_int64(), 1);
    EXPECT_EQ(first.json.at("failed").as_int64(), 1);
    const auto& error = first.json.at("errors").at(0);
    EXPECT_EQ(error.at("index").as_int64(), 1);
    EXPECT_EQ(error.at("field").as_string(), "permitOn");

    auto again = client().Post("/api/v1/projects/feed", value(array{record("FD-1", "2026-01-15")}), lixia);
    ASSERT_EQ(again.status, 200u);
    EXPECT_EQ(again.json.at("created").as_int64(), 0);
    EXPECT_EQ(again.json.at("updated").as_int64(), 0);
    EXPECT_EQ(again.json.at("unchanged").as_int64(), 1);

    auto list = client().Get("/api/v1/projects?status=permitted", lixia);
    ASSERT_EQ(list.json.at("total").as_int64(), 1);
    EXPECT_EQ(list.json.at("items").at(0).at("code").as_string(), "FD-1");
    EXPECT_EQ(Count("registry_enterprise"), 3);

    auto gc_user = LoginAs("gc-user", "enterprise-user", "", "E-NONE");
    EXPECT_EQ(client().Post("/api/v1/projects/feed", value(feed), gc_user).status, 403u);
    auto housing = LoginAs("jn-housing", "industry-officer", "3701", "housing");
    EXPECT_EQ(client().Post("/api/v1/projects/feed", value(feed), housing).status, 403u);
    EXPECT_EQ(client().Post("/api/v1/projects/feed", value(object{{"a", 1}}), lixia).status, 400u);
}

INSTANTIATE_TEST_SUITE_P(Backends, RegistryProjectApiTest, ::testing::ValuesIn(anxin::testing::TestBackends()),
                         anxin::testing::BackendName());

}  // namespace
}  // namespace anxin::registry
