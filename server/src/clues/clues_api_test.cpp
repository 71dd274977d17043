// The clues module over real HTTP on both backends: routing (属地 + 行业 + GC headquarters), feed
// idempotency, validation, what enterprise users may see, the public intake's flood protection
// (per-phone / per-IP limits, single-use proof of work), tracking, acceptance and the owed pre-fill.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include <algorithm>
#include <cctype>
#include <optional>
#include <set>
#include <utility>
#include <vector>

#include "clues/clue_service.hpp"
#include "clues/rate_limit.hpp"
#include "core/calendar.hpp"
#include "core/identifiers.hpp"
#include "region/region.hpp"
#include "registry/enterprises.hpp"
#include "registry/projects.hpp"
#include "registry/workers.hpp"
#include "testing/api_fixture.hpp"

namespace anxin::clues {
namespace {

using boost::json::object;
using boost::json::value;

const std::string kGcCode = core::MakeCreditCode("91370102MA3C00001");
const std::string kSubCode = core::MakeCreditCode("91370102MA3C00002");
const std::string kOtherCode = core::MakeCreditCode("91370103MA3C00003");

const std::string kGcPhone = "13605310009";  // the GC headquarters' registered contact

std::string Str(const value& v, const char* key) { return std::string(v.at(key).as_string()); }

class CluesApiTest : public anxin::testing::ApiTest {
  protected:
    void SetUp() override {
        ApiTest::SetUp();
        SeedRegions();
        IntakeLimits limits;
        limits.pow_difficulty = 4;  // tests solve thousands of challenges less than a browser would
        app().clues().SetLimits(limits);
    }

    static core::CallContext Staff() {
        core::CallContext ctx;
        ctx.principal.user_id = "u-staff";
        ctx.principal.username = "staff";
        ctx.principal.role = "supervisor";
        ctx.principal.region_code = "37";
        ctx.request_id = "test";
        return ctx;
    }

    std::string Department(const std::string& region, const std::string& kind, const std::string& name) {
        return app().regions().CreateDepartment(Staff(), {region, kind, name, std::nullopt}).id;
    }

    std::string Enterprise(const std::string& code, const std::string& name, const std::string& region,
                           const std::string& kind, std::optional<std::string> contact_phone = std::nullopt) {
        registry::NewEnterprise e;
        e.credit_code = code;
        e.name = name;
        e.legal_representative = "张三";
        e.region_code = region;
        e.kind = kind;
        e.address = "经十路 1 号";
        e.contact_name = "李四";
        e.contact_phone = std::move(contact_phone);
        return app().enterprises().Create(Staff(), e).id;
    }

    // The standard scene: a housing project in 解放路街道 (370102001) with a GC and a labor
    // subcontractor; housing departments at the county and the city, hrss at the city.
    void Scene() {
        housing_county_ = Department("370102", "housing", "历下区住建局");
        housing_city_ = Department("3701", "housing", "济南市住建局");
        hrss_city_ = Department("3701", "hrss", "济南市人社局");
        gc_ = Enterprise(kGcCode, "山东建工集团", "370102", "general_contractor", kGcPhone);
        sub_ = Enterprise(kSubCode, "历下劳务公司", "370102", "labor_subcontractor");
        other_ = Enterprise(kOtherCode, "市中保洁公司", "370103", "other_employer");
        registry::NewProject p;
        p.fields.code = "P-001";
        p.fields.name = "解放路安置房";
        p.fields.region_code = "370102001";
        p.fields.address = "解放路 10 号";
        p.fields.industry = "housing";
        p.fields.investment_type = "government";
        p.fields.contract_price = 100000000;
        p.approved_on = core::Date(2026, 1, 2);
        auto project = app().projects().Create(Staff(), p);
        project_ = project.id;
        token_ = project.public_token;
        registry::Participant gc;
        gc.enterprise_id = gc_;
        gc.role_code = "009";
        registry::Participant sub;
        sub.enterprise_id = sub_;
        sub.role_code = "006";
        app().projects().SetParticipants(Staff(), project_, {gc, sub});
    }

    value StaffClue(const std::string& phone = "13812345678") {
        return value{{"channel", "hotline_12345"},
                     {"complainantName", "王五"},
                     {"idNumber", "11010519491231002X"},
                     {"phone", phone},
                     {"employerName", "历下劳务公司"},
                     {"projectId", project_},
                     {"unpaidFrom", "2026-01"},
                     {"unpaidTo", "2026-02"},
                     {"amount", 560000},
                     {"description", "两个月工资未发"}};
    }

    value PublicClue(const std::string& phone) {
        return value{{"complainantName", "赵六"},
                     {"phone", phone},
                     {"employerName", "历下劳务公司"},
                     {"projectToken", token_},
                     {"amount", 300000},
                     {"description", "工资拖欠"}};
    }

    // Adds a fresh solved challenge to the body.
    value Solved(value body) {
        auto challenge = client().Get("/api/v1/public/clues/challenge");
        EXPECT_EQ(challenge.status, 200u) << challenge.body;
        std::string text = Str(challenge.json, "challenge");
        auto difficulty = static_cast<int>(challenge.json.at("difficulty").as_int64());
        body.as_object()["challenge"] = text;
        body.as_object()["nonce"] = SolveProofOfWork(text, difficulty);
        return body;
    }

    // The outbox's messages of one template: (recipient opened, body), oldest first.
    std::vector<std::pair<std::string, std::string>> Messages(const std::string& template_name) {
        auto tx = app().db().Begin(storage::TxMode::kRead);
        std::vector<std::pair<std::string, std::string>> out;
        for (const auto& r : tx.Query("SELECT recipient_enc, body FROM notify_outbox WHERE template = $1 ORDER BY "
                                      "created_at, id",
                                      {template_name})) {
            out.emplace_back(app().cipher().Open(r.Text(0), "notify_outbox.recipient"), r.Text(1));
        }
        return out;
    }

    std::int64_t Count(const std::string& sql) {
        auto tx = app().db().Begin(storage::TxMode::kRead);
        return tx.QueryOne(sql).Int(0);
    }

    // Active routing rows as "kind:ref".
    static std::set<std::string> ActiveRouting(const value& clue) {
        std::set<std::string> out;
        for (const auto& r : clue.at("routing").as_array()) {
            if (r.at("active").as_bool()) out.insert(Str(r, "targetKind") + ":" + Str(r, "targetRef"));
        }
        return out;
    }

    std::string housing_county_, housing_city_, hrss_city_, gc_, sub_, other_, project_, token_;
};

TEST_P(CluesApiTest, ProjectClueGoesToTownCountyNearestIndustryDepartmentAndGcHeadquarters) {
    Scene();
    auto token = LoginAs("lixia", "supervisor", "370102");
    auto created = client().Post("/api/v1/clues", StaffClue(), token);
    ASSERT_EQ(created.status, 201u) << created.body;
    EXPECT_EQ(Str(created.json, "regionCode"), "370102001");
    EXPECT_EQ(Str(created.json, "countyCode"), "370102");
    EXPECT_EQ(Str(created.json, "industry"), "housing");
    EXPECT_EQ(Str(created.json, "employerId"), sub_);
    EXPECT_EQ(Str(created.json, "status"), "received");
    EXPECT_EQ(Str(created.json, "acceptDeadline"), "2026-03-03");  // 1 working day after Monday 2026-03-02
    EXPECT_EQ(Str(created.json, "trackingCode").size(), 10u);
    // 三交办: town, county, the county's housing department (nearest, not the city's), the GC.
    EXPECT_EQ(ActiveRouting(created.json),
              (std::set<std::string>{"town:370102001", "county:370102", "department:" + housing_county_,
                                     "gc_headquarters:" + gc_}));
}

// Issue 11: an officer elsewhere named the project by id, got 201 with its name, region and
// industry, and texted its general contractor; an unknown id answered differently (a probe).
TEST_P(CluesApiTest, AProjectOutsideTheOfficersScopeIsNeitherDisclosedNorProbed) {
    Scene();
    auto token = LoginAs("shizhong", "supervisor", "370103");
    auto outside = client().Post("/api/v1/clues", StaffClue(), token);
    value unknown_body = StaffClue();
    unknown_body.as_object()["projectId"] = "01NOSUCHPROJECT0000000000";
    auto unknown = client().Post("/api/v1/clues", unknown_body, token);
    ASSERT_EQ(outside.status, 400u) << outside.body;
    EXPECT_EQ(unknown.status, outside.status);
    EXPECT_EQ(unknown.json.at("error").at("fields"), outside.json.at("error").at("fields"));
    EXPECT_EQ(outside.body.find("解放路安置房"), std::string::npos);
    auto count = [&](const char* sql) { return app().db().Begin(storage::TxMode::kRead).QueryOne(sql).Int(0); };
    EXPECT_EQ(count("SELECT COUNT(*) FROM clues_clue"), 0);
    EXPECT_EQ(count("SELECT COUNT(*) FROM notify_outbox"), 0);
    // Registered by employer and region instead, it is accepted and routed to where the arrears arose.
    value by_employer = StaffClue();
    by_employer.as_object().erase("projectId");
    by_employer.as_object()["regionCode"] = "370102001";
    auto accepted = client().Post("/api/v1/clues", by_employer, token);
    ASSERT_EQ(accepted.status, 201u) << accepted.body;
    EXPECT_EQ(Str(accepted.json, "regionCode").substr(0, 6), "370102");
}

TEST_P(CluesApiTest, GcHeadquartersIsToldTheClaimTotalsButNotWhoComplained) {
    Scene();
    auto token = LoginAs("lixia", "supervisor", "370102");
    value body = StaffClue();
    body.as_object()["workerCount"] = 3;
    auto created = client().Post("/api/v1/clues", body, token);
    ASSERT_EQ(created.status, 201u) << created.body;
    auto notices = Messages("clue.gc_notice");
    ASSERT_EQ(notices.size(), 1u);
    EXPECT_EQ(notices[0].first, kGcPhone);
    EXPECT_EQ(notices[0].second,
              "【欠薪线索交办】贵公司总承包的项目“解放路安置房”收到欠薪反映，涉及3人、5600.00元，已交属地和行业主管"
              "部门办理。请总部督促项目部立即核实，依法支付。");
    for (const char* secret : {"王五", "13812345678", "11010519491231002X", "5678"}) {
        EXPECT_EQ(notices[0].second.find(secret), std::string::npos) << secret;
    }
    // The public page reaches the GC too; a clue about no project (no GC) does not.
    ASSERT_EQ(client().Post("/api/v1/public/clues", Solved(PublicClue("13900000005"))).status, 201u);
    EXPECT_EQ(Messages("clue.gc_notice").size(), 2u);
    value walk_in{{"channel", "walk_in"},       {"complainantName", "钱七"}, {"phone", "13700000000"},
                  {"employerName", "市中保洁公司"}, {"amount", 1000},        {"description", "未发"}};
    ASSERT_EQ(client().Post("/api/v1/clues", walk_in, token).status, 201u);
    EXPECT_EQ(Messages("clue.gc_notice").size(), 2u);
}

TEST_P(CluesApiTest, ClueWithoutProjectGoesToTheMatchedEmployersRegionAndHrssUpTheTree) {
    Scene();
    auto token = LoginAs("jinan", "supervisor", "3701");
    value body{{"channel", "walk_in"},       {"complainantName", "钱七"},   {"phone", "0531-86123456"},
               {"employerName", "市中保洁公司"}, {"isConstruction", false}, {"amount", 120000},
               {"description", "保洁工资未发"}};
    auto created = client().Post("/api/v1/clues", body, token);
    ASSERT_EQ(created.status, 201u) << created.body;
    EXPECT_EQ(Str(created.json, "employerId"), other_);
    EXPECT_EQ(Str(created.json, "regionCode"), "370103");
    EXPECT_TRUE(created.json.at("industry").is_null());
    // No hrss at the county: the city's. No project: no GC notice.
    EXPECT_EQ(ActiveRouting(created.json),
              (std::set<std::string>{"county:370103", "department:" + hrss_city_}));
}

TEST_P(CluesApiTest, RerouteKeepsTheOldRowsInactive) {
    Scene();
    auto token = LoginAs("province", "supervisor", "37");
    auto created = client().Post("/api/v1/clues", StaffClue(), token);
    ASSERT_EQ(created.status, 201u) << created.body;
    std::string id = Str(created.json, "id");

    auto missing = client().Post("/api/v1/clues/" + id + "/routing", value{{"regionCode", "370202"}}, token);
    EXPECT_EQ(missing.status, 400u);
    EXPECT_TRUE(missing.json.at("error").at("fields").as_object().contains("reason"));

    auto moved = client().Post("/api/v1/clues/" + id + "/routing",
                               value{{"regionCode", "370202"}, {"departmentId", hrss_city_}, {"reason", "属青岛管辖"}},
                               token);
    ASSERT_EQ(moved.status, 200u) << moved.body;
    EXPECT_EQ(Str(moved.json, "regionCode"), "370202");
    EXPECT_EQ(ActiveRouting(moved.json), (std::set<std::string>{"county:370202", "department:" + hrss_city_,
                                                                "gc_headquarters:" + gc_}));
    EXPECT_EQ(moved.json.at("routing").as_array().size(), 6u);  // 4 first rows (3 now inactive) + 2 new
    EXPECT_EQ(Count("SELECT COUNT(*) FROM clues_routing WHERE active = 0"), 3);
}

TEST_P(CluesApiTest, FeedIsIdempotentBySourceAndWritesNothingOnReplay) {
    Scene();
    auto token = LoginAs("feeder", "system-admin");
    value body = StaffClue();
    body.as_object()["channel"] = "national_platform";
    body.as_object()["sourceSystem"] = "national";
    body.as_object()["sourceId"] = "GZ-2026-0001";
    auto first = client().Post("/api/v1/clues/feed", body, token);
    ASSERT_EQ(first.status, 201u) << first.body;
    const auto audits = Count("SELECT COUNT(*) FROM audit_event");
    auto replay = client().Post("/api/v1/clues/feed", body, token);
    ASSERT_EQ(replay.status, 200u) << replay.body;
    EXPECT_EQ(Str(replay.json, "id"), Str(first.json, "id"));
    EXPECT_EQ(Count("SELECT COUNT(*) FROM clues_clue"), 1);
    EXPECT_EQ(Count("SELECT COUNT(*) FROM audit_event"), audits);

    body.as_object().erase("sourceId");
    auto no_source = client().Post("/api/v1/clues/feed", body, token);
    EXPECT_EQ(no_source.status, 400u);
    EXPECT_TRUE(no_source.json.at("error").at("fields").as_object().contains("sourceId"));
}

TEST_P(CluesApiTest, ValidationNamesTheFields) {
    Scene();
    auto token = LoginAs("lixia", "supervisor", "370102");
    auto field_error = [&](value body, const char* field) {
        auto r = client().Post("/api/v1/clues", body, token);
        EXPECT_EQ(r.status, 400u) << r.body;
        if (r.status == 400u) {
            EXPECT_TRUE(r.json.at("error").at("fields").as_object().contains(field)) << field << ": " << r.body;
        }
    };
    value no_phone = StaffClue();
    no_phone.as_object().erase("phone");
    field_error(no_phone, "phone");
    for (value amount : {value(0), value(-5), value(12.5), value("100")}) {
        value body = StaffClue();
        body.as_object()["amount"] = amount;
        field_error(body, "amount");
    }
    value bad_id = StaffClue();
    bad_id.as_object()["idNumber"] = "110105194912310021";
    field_error(bad_id, "idNumber");
    value bad_month = StaffClue();
    bad_month.as_object()["unpaidFrom"] = "2026-13";
    field_error(bad_month, "unpaidFrom");
    value key_without_reason = StaffClue();
    key_without_reason.as_object()["keyGrade"] = "red";
    field_error(key_without_reason, "keyReason");
    value unknown_project = StaffClue();
    unknown_project.as_object()["projectId"] = "NOPE";
    field_error(unknown_project, "projectId");
    EXPECT_EQ(Count("SELECT COUNT(*) FROM clues_clue"), 0);

    // Hotlines may omit the ID number.
    value hotline = StaffClue();
    hotline.as_object().erase("idNumber");
    EXPECT_EQ(client().Post("/api/v1/clues", hotline, token).status, 201u);

    // Public: an unknown project token is 404.
    value unknown_token = PublicClue("13900000001");
    unknown_token.as_object()["projectToken"] = "NO-SUCH-TOKEN";
    EXPECT_EQ(client().Post("/api/v1/public/clues", Solved(unknown_token)).status, 404u);
}

TEST_P(CluesApiTest, EnterpriseUsersNeverSeeWhoComplainedUnlessAgreed) {
    Scene();
    auto staff = LoginAs("lixia", "supervisor", "370102");
    auto hidden = client().Post("/api/v1/clues", StaffClue(), staff);
    ASSERT_EQ(hidden.status, 201u) << hidden.body;
    value agreed_body = StaffClue("13987654321");
    agreed_body.as_object()["complainantName"] = "孙八";
    agreed_body.as_object()["identityDisclosureAgreed"] = true;
    agreed_body.as_object().erase("idNumber");
    auto agreed = client().Post("/api/v1/clues", agreed_body, staff);
    ASSERT_EQ(agreed.status, 201u) << agreed.body;

    auto gc_user = LoginAs("gc-officer", "enterprise-user", "", gc_);
    auto list = client().Get("/api/v1/clues", gc_user);
    ASSERT_EQ(list.status, 200u) << list.body;
    EXPECT_EQ(list.json.at("total").as_int64(), 2);
    for (const char* secret : {"王五", "5678", "002X", "13812345678", "110105"}) {
        EXPECT_EQ(list.body.find(secret), std::string::npos) << secret;
    }
    auto one = client().Get("/api/v1/clues/" + Str(hidden.json, "id"), gc_user);
    ASSERT_EQ(one.status, 200u);
    EXPECT_FALSE(one.json.as_object().contains("complainantName"));
    EXPECT_FALSE(one.json.as_object().contains("phone"));
    EXPECT_TRUE(one.json.at("identityWithheld").as_bool());
    EXPECT_EQ(one.json.at("amount").as_int64(), 560000);
    EXPECT_EQ(Str(one.json, "unpaidFrom"), "2026-01");
    EXPECT_EQ(client().Get("/api/v1/clues/" + Str(hidden.json, "id") + "?reveal=true", gc_user).body.find("王五"),
              std::string::npos);
    auto shown = client().Get("/api/v1/clues/" + Str(agreed.json, "id"), gc_user);
    EXPECT_EQ(Str(shown.json, "complainantName"), "孙八");
    EXPECT_EQ(Str(shown.json, "phone"), "139****4321");

    // An enterprise with no part in the project sees nothing.
    auto stranger = LoginAs("other-officer", "enterprise-user", "", other_);
    EXPECT_EQ(client().Get("/api/v1/clues", stranger).json.at("total").as_int64(), 0);
    EXPECT_EQ(client().Get("/api/v1/clues/" + Str(hidden.json, "id"), stranger).status, 404u);

    // Supervisors: masks; full values with reveal, audited as read_personal.
    auto masked = client().Get("/api/v1/clues/" + Str(hidden.json, "id"), staff);
    EXPECT_EQ(Str(masked.json, "phone"), "138****5678");
    auto revealed = client().Get("/api/v1/clues/" + Str(hidden.json, "id") + "?reveal=true", staff);
    ASSERT_EQ(revealed.status, 200u) << revealed.body;
    EXPECT_EQ(Str(revealed.json, "phone"), "13812345678");
    EXPECT_EQ(Str(revealed.json, "idNumber"), "11010519491231002X");
    EXPECT_EQ(Count("SELECT COUNT(*) FROM audit_event WHERE action = 'read_personal' AND entity = 'clue'"), 1);
    auto officer = LoginAs("housing", "industry-officer", "370102", "housing");
    EXPECT_EQ(client().Get("/api/v1/clues/" + Str(hidden.json, "id") + "?reveal=true", officer).status, 403u);
}

TEST_P(CluesApiTest, WorkbenchListIsScopedAndFiltered) {
    Scene();
    auto province = LoginAs("province", "supervisor", "37");
    ASSERT_EQ(client().Post("/api/v1/clues", StaffClue(), province).status, 201u);
    value walk_in{{"channel", "walk_in"}, {"complainantName", "钱七"}, {"phone", "13700000000"},
                  {"employerName", "市中保洁公司"}, {"amount", 1000}, {"description", "未发"},
                  {"keyGrade", "yellow"}, {"keyReason", "领导批示"}};
    ASSERT_EQ(client().Post("/api/v1/clues", walk_in, province).status, 201u);

    EXPECT_EQ(client().Get("/api/v1/clues", province).json.at("total").as_int64(), 2);
    EXPECT_EQ(client().Get("/api/v1/clues?channel=walk_in", province).json.at("total").as_int64(), 1);
    EXPECT_EQ(client().Get("/api/v1/clues?keyGrade=yellow", province).json.at("total").as_int64(), 1);
    EXPECT_EQ(client().Get("/api/v1/clues?projectId=" + project_, province).json.at("total").as_int64(), 1);
    EXPECT_EQ(client().Get("/api/v1/clues?regionCode=370103", province).json.at("total").as_int64(), 1);
    EXPECT_EQ(client().Get("/api/v1/clues?receivedFrom=2026-03-03", province).json.at("total").as_int64(), 0);
    EXPECT_EQ(client().Get("/api/v1/clues?receivedFrom=2026-03-02&receivedTo=2026-03-02", province)
                  .json.at("total").as_int64(),
              2);
    EXPECT_EQ(client().Get("/api/v1/clues?status=nonsense", province).status, 400u);

    auto lixia = LoginAs("lixia", "supervisor", "370102");
    EXPECT_EQ(client().Get("/api/v1/clues", lixia).json.at("total").as_int64(), 1);
    auto housing = LoginAs("housing", "industry-officer", "370102", "housing");
    EXPECT_EQ(client().Get("/api/v1/clues", housing).json.at("total").as_int64(), 1);
    auto water = LoginAs("water", "industry-officer", "370102", "water");
    EXPECT_EQ(client().Get("/api/v1/clues", water).json.at("total").as_int64(), 0);
}

TEST_P(CluesApiTest, PublicLimitsArePerPhoneAndPerIpNeverGlobal) {
    Scene();
    IntakeLimits limits = app().clues().limits();
    limits.per_phone = 2;
    limits.per_ip = 4;
    app().clues().SetLimits(limits);
    auto submit = [&](const std::string& phone) { return client().Post("/api/v1/public/clues", Solved(PublicClue(phone))); };
    EXPECT_EQ(submit("13900000001").status, 201u);
    EXPECT_EQ(submit("13900000001").status, 201u);
    auto third = submit("13900000001");
    EXPECT_EQ(third.status, 429u) << third.body;
    EXPECT_TRUE(third.json.at("error").at("fields").as_object().contains("phone"));
    // Another phone from the same IP still gets through: the flood of one phone blocks only that phone.
    EXPECT_EQ(submit("13900000002").status, 201u);
    EXPECT_EQ(submit("13900000003").status, 201u);
    auto over_ip = submit("13900000004");
    EXPECT_EQ(over_ip.status, 429u) << over_ip.body;
    EXPECT_TRUE(over_ip.json.at("error").at("fields").as_object().contains("ip"));
    EXPECT_EQ(Count("SELECT COUNT(*) FROM clues_clue"), 4);
    // The next window opens again.
    clock().Advance(std::chrono::hours(1));
    EXPECT_EQ(submit("13900000001").status, 201u);
}

TEST_P(CluesApiTest, ProofOfWorkIsRequiredValidAndSingleUse) {
    Scene();
    IntakeLimits limits = app().clues().limits();
    limits.pow_difficulty = 10;
    app().clues().SetLimits(limits);
    auto field = [](const anxin::testing::Response& r) {
        return r.json.at("error").at("fields").as_object().contains("proofOfWork");
    };
    auto none = client().Post("/api/v1/public/clues", PublicClue("13900000001"));
    EXPECT_EQ(none.status, 400u);
    EXPECT_TRUE(field(none)) << none.body;

    value solved = Solved(PublicClue("13900000001"));
    std::string challenge = Str(solved, "challenge");
    // A nonce that does not meet the difficulty.
    std::string wrong;
    for (int n = 0;; ++n) {
        if (LeadingZeroBits(challenge, "x" + std::to_string(n)) < 10) {
            wrong = "x" + std::to_string(n);
            break;
        }
    }
    value bad = solved;
    bad.as_object()["nonce"] = wrong;
    auto bad_response = client().Post("/api/v1/public/clues", bad);
    EXPECT_EQ(bad_response.status, 400u);
    EXPECT_TRUE(field(bad_response)) << bad_response.body;
    // A challenge rewritten to an easier difficulty fails its signature.
    value forged = solved;
    std::string text = challenge;
    text.replace(text.find(".10."), 4, ".0.");
    forged.as_object()["challenge"] = text;
    forged.as_object()["nonce"] = "0";
    EXPECT_EQ(client().Post("/api/v1/public/clues", forged).status, 400u);

    auto first = client().Post("/api/v1/public/clues", solved);
    ASSERT_EQ(first.status, 201u) << first.body;
    EXPECT_EQ(Str(first.json, "trackingCode").size(), 10u);
    EXPECT_EQ(Str(first.json, "acceptDeadline"), "2026-03-03");
    auto replay = client().Post("/api/v1/public/clues", solved);
    EXPECT_EQ(replay.status, 409u) << replay.body;
    EXPECT_TRUE(field(replay));
    EXPECT_EQ(Count("SELECT COUNT(*) FROM clues_clue"), 1);

    // Same Idempotency-Key: the HTTP layer replays the first answer, no second clue.
    value keyed = Solved(PublicClue("13900000002"));
    auto k1 = client().Post("/api/v1/public/clues", keyed, "", {{"Idempotency-Key", "h5-1"}});
    auto k2 = client().Post("/api/v1/public/clues", keyed, "", {{"Idempotency-Key", "h5-1"}});
    EXPECT_EQ(k1.status, 201u);
    EXPECT_EQ(k2.status, 201u);
    EXPECT_EQ(k1.body, k2.body);
    EXPECT_EQ(Count("SELECT COUNT(*) FROM clues_clue"), 2);

    // Expired.
    value late = Solved(PublicClue("13900000003"));
    clock().Advance(std::chrono::minutes(11));
    auto expired = client().Post("/api/v1/public/clues", late);
    EXPECT_EQ(expired.status, 400u);
    EXPECT_TRUE(field(expired)) << expired.body;
}

TEST_P(CluesApiTest, TrackingNeedsCodeAndPhoneAndShowsAcceptance) {
    Scene();
    auto submitted = client().Post("/api/v1/public/clues", Solved(PublicClue("139-0000-0001")));
    ASSERT_EQ(submitted.status, 201u) << submitted.body;
    std::string code = Str(submitted.json, "trackingCode");

    auto tracked = client().Post("/api/v1/public/clues/track", value{{"trackingCode", code}, {"phone", "13900000001"}});
    ASSERT_EQ(tracked.status, 200u) << tracked.body;
    EXPECT_EQ(Str(tracked.json, "status"), "received");
    EXPECT_EQ(Str(tracked.json, "acceptDeadline"), "2026-03-03");
    EXPECT_GE(tracked.json.at("steps").as_array().size(), 2u);
    EXPECT_EQ(tracked.body.find("13900000001"), std::string::npos);
    std::string lower = code;
    for (auto& ch : lower) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    EXPECT_EQ(client().Post("/api/v1/public/clues/track", value{{"trackingCode", lower}, {"phone", "13900000001"}}).status,
              200u);

    auto wrong_phone =
        client().Post("/api/v1/public/clues/track", value{{"trackingCode", code}, {"phone", "13900000009"}});
    auto wrong_code = client().Post("/api/v1/public/clues/track",
                                    value{{"trackingCode", "ZZZZZZZZZZ"}, {"phone", "13900000001"}});
    EXPECT_EQ(wrong_phone.status, 404u);
    EXPECT_EQ(wrong_code.status, 404u);
    EXPECT_EQ(wrong_phone.json.at("error").at("message"), wrong_code.json.at("error").at("message"));

    // Accept on the workbench; the tracking page shows it. Deciding twice is a conflict.
    auto staff = LoginAs("lixia", "supervisor", "370102");
    auto id = Str(client().Get("/api/v1/clues", staff).json.at("items").at(0), "id");
    auto no_reason = client().Post("/api/v1/clues/" + id + "/acceptance", value{{"accepted", false}}, staff);
    EXPECT_EQ(no_reason.status, 400u);
    auto accepted = client().Post("/api/v1/clues/" + id + "/acceptance", value{{"accepted", true}}, staff);
    ASSERT_EQ(accepted.status, 200u) << accepted.body;
    EXPECT_EQ(Str(accepted.json, "status"), "accepted");
    EXPECT_EQ(client().Post("/api/v1/clues/" + id + "/acceptance", value{{"accepted", true}}, staff).status, 409u);
    EXPECT_EQ(Count("SELECT COUNT(*) FROM notify_outbox WHERE template = 'clue.accepted'"), 1);
    auto after = client().Post("/api/v1/public/clues/track", value{{"trackingCode", code}, {"phone", "13900000001"}});
    EXPECT_EQ(Str(after.json, "status"), "accepted");
}

// Issue 5's story end to end over HTTP: a worker files on the public page, follows the case by
// tracking code + phone, and sees every staff step until the case is closed as paid.
TEST_P(CluesApiTest, PublicComplaintIsFollowedThroughEveryStaffStep) {
    Scene();
    auto submitted = client().Post("/api/v1/public/clues", Solved(PublicClue("13900000077")));
    ASSERT_EQ(submitted.status, 201u) << submitted.body;
    const std::string code = Str(submitted.json, "trackingCode");
    const value track_body{{"trackingCode", code}, {"phone", "13900000077"}};
    auto track = [&] {
        auto r = client().Post("/api/v1/public/clues/track", track_body);
        EXPECT_EQ(r.status, 200u) << r.body;
        return r.json;
    };
    EXPECT_EQ(Str(track(), "status"), "received");
    EXPECT_TRUE(track().at("case").is_null());

    auto staff = LoginAs("lixia", "supervisor", "370102");
    auto listed = client().Get("/api/v1/clues", staff);
    ASSERT_EQ(listed.json.at("total").as_int64(), 1);
    const std::string clue_id = Str(listed.json.at("items").at(0), "id");
    auto accepted = client().Post("/api/v1/clues/" + clue_id + "/acceptance", value{{"accepted", true}}, staff);
    ASSERT_EQ(accepted.status, 200u) << accepted.body;
    const std::string case_id = Str(accepted.json, "caseId");
    ASSERT_FALSE(case_id.empty());

    auto tracked = track();
    ASSERT_TRUE(tracked.at("case").is_object()) << serialize(tracked);
    size_t seen_steps = tracked.at("case").at("steps").as_array().size();
    std::string seen_label = Str(tracked.at("case"), "stateLabel");

    // Each staff step shows up on the worker's page as a new line and a new state.
    const std::vector<value> steps = {
        value{{"kind", "contact"}, {"method", "phone"}},
        value{{"kind", "verify"}, {"findings", "考勤与工资表核对，欠薪属实"}},
        value{{"kind", "order"}, {"payBy", "2026-03-20"}, {"orderNumber", "历人社限付〔2026〕1号"}},
        value{{"kind", "pay"}},
    };
    for (const auto& step : steps) {
        auto r = client().Post("/api/v1/cases/" + case_id + "/steps", step, staff);
        ASSERT_EQ(r.status, 201u) << serialize(step) << " → " << r.body;
        auto now = track();
        auto count = now.at("case").at("steps").as_array().size();
        EXPECT_GT(count, seen_steps) << serialize(step);
        EXPECT_NE(Str(now.at("case"), "stateLabel"), seen_label) << serialize(step);
        seen_steps = count;
        seen_label = Str(now.at("case"), "stateLabel");
    }

    // Closing as paid needs proof the money arrived: the worker confirms on the H5 page.
    value close{{"kind", "close"}, {"conclusion", "已全额支付"}};
    EXPECT_EQ(client().Post("/api/v1/cases/" + case_id + "/steps", close, staff).status, 409u);
    auto confirmed = client().Post("/api/v1/public/clues/confirm",
                                   value{{"trackingCode", code}, {"phone", "13900000077"}, {"moneyArrived", true}});
    ASSERT_EQ(confirmed.status, 204u) << confirmed.body;
    auto closed = client().Post("/api/v1/cases/" + case_id + "/steps", close, staff);
    ASSERT_EQ(closed.status, 201u) << closed.body;
    auto final_view = track();
    EXPECT_TRUE(final_view.at("case").at("closed").as_bool());
    EXPECT_GT(final_view.at("case").at("steps").as_array().size(), seen_steps);

    // The worker was also texted at each step and at closure, under the tracking code, once each.
    auto texts = Messages("case.step");
    ASSERT_EQ(texts.size(), steps.size());
    for (const auto& [to, body] : texts) {
        EXPECT_EQ(to, "13900000077");
        EXPECT_EQ(body.rfind("您反映的欠薪问题（查询码" + code + "）有新进展：", 0), 0u) << body;
        EXPECT_EQ(body.find("赵六"), std::string::npos) << body;
    }
    // The order names the pay-by date as the next deadline (the test clock stands still: no order to rely on).
    EXPECT_EQ(std::count_if(texts.begin(), texts.end(),
                            [](const auto& t) {
                                return t.second.find("已责令用人单位限期支付。下一步办理期限：2026-03-20") !=
                                       std::string::npos;
                            }),
              1);
    auto closure = Messages("case.closed");
    ASSERT_EQ(closure.size(), 1u);
    EXPECT_EQ(closure[0].first, "13900000077");
    EXPECT_NE(closure[0].second.find("处理结果：已全额支付"), std::string::npos) << closure[0].second;
    // The case's county handlers were assigned it at acceptance.
    EXPECT_EQ(Count("SELECT COUNT(*) FROM notify_outbox WHERE template = 'case.assigned'"), 1);
}

// Supervision of a case: its key grade (分级督办) reaches the county's principal officials, a leader
// from the staff covering it takes it (领导包案) and finds it under "我包案的", attachments are files
// the handler may read, and the call-back after closing records satisfaction (回访).
TEST_P(CluesApiTest, KeyGradeLeaderAttachmentsAndCallBack) {
    Scene();
    auto staff = LoginAs("lixia", "supervisor", "370102");
    auto leader = LoginAs("jinanlead", "supervisor", "3701");
    auto qingdao = LoginAs("qdlead", "supervisor", "3702");
    auto filed = client().Post("/api/v1/clues", StaffClue(), staff);
    ASSERT_EQ(filed.status, 201u) << filed.body;
    auto accepted = client().Post("/api/v1/clues/" + Str(filed.json, "id") + "/acceptance", value{{"accepted", true}}, staff);
    ASSERT_EQ(accepted.status, 200u) << accepted.body;
    const std::string case_id = Str(accepted.json, "caseId");
    const std::string steps = "/api/v1/cases/" + case_id + "/steps";
    const std::string before = Str(client().Get("/api/v1/cases/" + case_id, staff).json, "closeDeadlineOn");

    // Red: a reason is required; the close deadline tightens and the principal officials hear it.
    auto no_reason = client().Post(steps, value{{"kind", "key_grade"}, {"grade", "red"}}, staff);
    EXPECT_EQ(no_reason.status, 400u);
    EXPECT_TRUE(no_reason.json.at("error").at("fields").as_object().contains("reason")) << no_reason.body;
    auto red = client().Post(steps, value{{"kind", "key_grade"}, {"grade", "red"}, {"reason", "涉及 30 人，舆情风险"}}, staff);
    ASSERT_EQ(red.status, 201u) << red.body;
    EXPECT_EQ(Str(red.json, "keyGrade"), "red");
    EXPECT_LT(Str(red.json, "closeDeadlineOn"), before);
    auto pushed = Messages("case.key_clue");
    ASSERT_EQ(pushed.size(), 1u);
    EXPECT_EQ(pushed[0].first, "county-principal:370102");
    EXPECT_NE(pushed[0].second.find("【红色督办】历下区"), std::string::npos) << pushed[0].second;
    EXPECT_EQ(client().Post(steps, value{{"kind", "key_grade"}, {"grade", "red"}, {"reason", "再次"}}, staff).status, 409u);

    // The staff directory offers those whose scope covers the case, not Qingdao's.
    auto directory = client().Get("/api/v1/staff?covering=370102001", staff);
    ASSERT_EQ(directory.status, 200u) << directory.body;
    std::set<std::string> names;
    std::string leader_id, qingdao_id;
    for (const auto& u : directory.json.at("items").as_array()) names.insert(Str(u, "username"));
    EXPECT_EQ(names, (std::set<std::string>{"lixia", "jinanlead"}));
    for (const auto& u : directory.json.at("items").as_array())
        if (Str(u, "username") == "jinanlead") leader_id = Str(u, "id");
    EXPECT_EQ(client().Get("/api/v1/staff?covering=370202", staff).status, 404u);  // outside the caller's scope
    EXPECT_EQ(client().Get("/api/v1/staff?covering=3701%27", staff).status, 400u);
    EXPECT_EQ(client().Get("/api/v1/staff?covering=370102001&q=%25", staff).json.at("items").as_array().size(), 0u);
    qingdao_id = Str(client().Get("/api/v1/staff", qingdao).json.at("items").at(0), "id");

    // A leader who does not cover the case is as unknown as none (the side door).
    auto wrong = client().Post(steps, value{{"kind", "leader_assign"}, {"leaderId", qingdao_id}}, staff);
    EXPECT_EQ(wrong.status, 404u) << wrong.body;
    EXPECT_TRUE(wrong.json.at("error").at("fields").as_object().contains("leaderId")) << wrong.body;
    EXPECT_EQ(client().Post(steps, value{{"kind", "leader_assign"}, {"leaderId", "01NOSUCHUSER"}}, staff).status, 404u);
    auto assigned = client().Post(steps, value{{"kind", "leader_assign"}, {"leaderId", leader_id}}, staff);
    ASSERT_EQ(assigned.status, 201u) << assigned.body;
    EXPECT_EQ(Str(assigned.json, "leaderName"), "jinanlead");
    EXPECT_EQ(client().Get("/api/v1/cases?leader=me", leader).json.at("total").as_int64(), 1);
    EXPECT_EQ(client().Get("/api/v1/cases?leader=me", staff).json.at("total").as_int64(), 0);
    EXPECT_EQ(client().Get("/api/v1/cases?leader=someone", staff).status, 400u);
    const std::string number = Str(assigned.json, "number");
    EXPECT_EQ(client().Get("/api/v1/cases?number=" + number, staff).json.at("total").as_int64(), 1);
    EXPECT_EQ(client().Get("/api/v1/cases?number=" + number, qingdao).json.at("total").as_int64(), 0);
    auto told = Messages("case.leader_assigned");
    ASSERT_EQ(told.size(), 1u);
    EXPECT_EQ(told[0].first, "user:jinanlead");

    // Attachments: a file the handler uploaded, by id, comes back with its name; Qingdao's is absent.
    const std::string pdf = "%PDF-1.4\n%%EOF\n";
    auto mine = client().Post("/api/v1/files?purpose=case_attachment&projectId=" + project_, std::string_view(pdf),
                              staff, {{"X-File-Name", "order.pdf"}});
    ASSERT_EQ(mine.status, 201u) << mine.body;
    auto theirs = client().Post("/api/v1/files?purpose=case_attachment", std::string_view(pdf), qingdao,
                                {{"X-File-Name", "qd.pdf"}});
    ASSERT_EQ(theirs.status, 201u) << theirs.body;
    auto refused = client().Post(
        steps, value{{"kind", "note"}, {"text", "附责令书"}, {"attachments", boost::json::array{Str(theirs.json, "id")}}},
        staff);
    EXPECT_EQ(refused.status, 404u) << refused.body;
    EXPECT_TRUE(refused.json.at("error").at("fields").as_object().contains("attachments[0]")) << refused.body;
    auto noted = client().Post(
        steps, value{{"kind", "note"}, {"text", "附责令书"}, {"attachments", boost::json::array{Str(mine.json, "id")}}},
        staff);
    ASSERT_EQ(noted.status, 201u) << noted.body;
    const auto& last = noted.json.at("timeline").as_array().back();
    EXPECT_EQ(Str(last.at("attachments").at(0), "fileName"), "order.pdf");

    // The call-back comes after closing, and records satisfaction.
    EXPECT_EQ(client().Post(steps, value{{"kind", "callback"}, {"satisfaction", "satisfied"}}, staff).status, 409u);
    for (const value& step : {value{{"kind", "contact"}, {"method", "phone"}}, value{{"kind", "verify"}},
                              value{{"kind", "close"}, {"conclusion", "不属实"}}}) {
        auto r = client().Post(steps, step, staff);
        ASSERT_EQ(r.status, 201u) << r.body;
    }
    EXPECT_EQ(client().Post(steps, value{{"kind", "callback"}, {"satisfaction", "great"}}, staff).status, 400u);
    auto called = client().Post(steps, value{{"kind", "callback"}, {"satisfaction", "basic"}, {"method", "phone"}}, staff);
    ASSERT_EQ(called.status, 201u) << called.body;
    EXPECT_EQ(Str(called.json, "satisfaction"), "basic");
}

// The working-day calendar runs out each year until the State Council's notice is loaded: a case
// whose deadlines fall in the unloaded year says they may move, the administrator is warned from
// November, and loading the year moves the same deadlines (the stored ones of open cases too).
TEST_P(CluesApiTest, ADeadlineInAnUnloadedYearIsFlaggedAndMovesWhenTheYearIsLoaded) {
    const int last = core::WorkingCalendar::Embedded().last_year();
    const int next = last + 1;
    // Monday 21 December of the last covered year (or the Monday before it), 10:00 in Shanghai.
    core::Date day(static_cast<unsigned>(last), 12, 21);
    while (day.IsoWeekday() != 1) day = day.AddDays(-1);
    clock().Set(day.StartInShanghai() + std::chrono::hours(10));
    auto admin = LoginAs("admin1", "system-admin", "37");
    Scene();
    auto staff = LoginAs("lixia", "supervisor", "370102");
    auto status = client().Get("/api/v1/calendar", admin);
    ASSERT_EQ(status.status, 200u) << status.body;
    ASSERT_TRUE(status.json.at("warning").is_string());
    EXPECT_NE(std::string(status.json.at("warning").as_string()).find(std::to_string(next) + " 年的节假日安排尚未载入"),
              std::string::npos);

    auto filed = client().Post("/api/v1/clues", StaffClue(), staff);
    ASSERT_EQ(filed.status, 201u) << filed.body;
    auto accepted = client().Post("/api/v1/clues/" + Str(filed.json, "id") + "/acceptance", value{{"accepted", true}}, staff);
    const std::string case_id = Str(accepted.json, "caseId");
    auto before = client().Get("/api/v1/cases/" + case_id, staff).json;
    EXPECT_TRUE(before.at("deadlines").at("uncertain").as_bool());
    const std::string close_before = Str(before.at("deadlines"), "closeDue");
    EXPECT_EQ(close_before.substr(0, 4), std::to_string(next));

    // The notice: New Year's Day on the first working days of January and a week at the Spring Festival.
    boost::json::array holidays, workdays;
    for (unsigned d = 1; d <= 3; ++d) holidays.emplace_back(core::Date(static_cast<unsigned>(next), 1, d).ToString());
    for (unsigned d = 4; d <= 8; ++d) holidays.emplace_back(core::Date(static_cast<unsigned>(next), 1, d).ToString());
    const value year{{"year", next}, {"holidays", holidays}, {"workdays", workdays},
                     {"source", "国务院办公厅关于部分节假日安排的通知（测试）"}};
    EXPECT_EQ(client().Post("/api/v1/calendar/years", year, staff).status, 403u);  // the administrator's job
    auto bad = client().Post("/api/v1/calendar/years",
                             value{{"year", next}, {"holidays", boost::json::array{std::to_string(last) + "-10-01"}},
                                   {"source", "x"}},
                             admin);
    EXPECT_EQ(bad.status, 400u);
    EXPECT_TRUE(bad.json.at("error").at("fields").as_object().contains("holidays")) << bad.body;
    auto loaded = client().Post("/api/v1/calendar/years", year, admin);
    ASSERT_EQ(loaded.status, 201u) << loaded.body;

    auto after = client().Get("/api/v1/cases/" + case_id, staff).json;
    EXPECT_FALSE(after.at("deadlines").at("uncertain").as_bool());
    EXPECT_GT(Str(after.at("deadlines"), "closeDue"), close_before);  // the holidays now count as such
    auto listed = client().Get("/api/v1/cases?state=accepted", staff).json.at("items").at(0);
    EXPECT_EQ(Str(listed, "closeDeadlineOn"), Str(after.at("deadlines"), "closeDue"));  // stored ones moved too
    auto now_status = client().Get("/api/v1/calendar", admin).json;
    EXPECT_TRUE(now_status.at("warning").is_null());
    EXPECT_EQ(now_status.at("lastYear").as_int64(), next);
    EXPECT_EQ(now_status.at("loaded").at(0).at("holidays").as_int64(), 8);
    // Every signed-in user reads the coverage (the console marks deadlines past it), nothing more.
    auto enterprise = LoginAs("laowu9", "enterprise-user", "370102", sub_);
    EXPECT_EQ(client().Get("/api/v1/calendar", enterprise).status, 403u);
    auto coverage = client().Get("/api/v1/calendar/coverage", enterprise);
    ASSERT_EQ(coverage.status, 200u) << coverage.body;
    EXPECT_EQ(coverage.json.at("lastYear").as_int64(), next);
    EXPECT_FALSE(coverage.json.as_object().contains("loaded"));
    EXPECT_EQ(Count("SELECT COUNT(*) FROM audit_event WHERE action = 'load' AND entity = 'calendar_year'"), 1);
}

TEST_P(CluesApiTest, PrefillComputesOwedFromAttendanceRateAndBankPayments) {
    Scene();
    registry::NewWorker w;
    w.name = "周九";
    w.id_number = core::MakeIdNumber("370102", core::Date(1980, 5, 6), 901);
    w.phone = "13600000001";
    auto worker = app().workers().Create(Staff(), w);
    registry::NewContract c;
    c.worker_id = worker.id;
    c.project_id = project_;
    c.employer_id = sub_;
    c.kind = "labor_contract";
    c.start_on = core::Date(2026, 1, 5);
    c.wage_type = "daily";
    c.wage_rate = 30000;  // ¥300 a day
    c.signed_on = core::Date(2026, 1, 4);
    app().contracts().Create(Staff(), c);
    {
        auto tx = app().db().Begin();
        auto day = [&](const std::string& date, bool counted) {
            tx.Execute("INSERT INTO registry_attendance_day (project_id, worker_id, work_date, minutes, counted, punches) "
                       "VALUES ($1, $2, $3, $4, $5, 2)",
                       {project_, worker.id, date, counted ? 480 : 60, counted});
        };
        for (int d = 5; d < 15; ++d) day("2026-01-" + std::string(d < 10 ? "0" : "") + std::to_string(d), true);
        for (int d = 2; d < 10; ++d) day("2026-02-0" + std::to_string(d), true);
        day("2026-02-10", false);  // 1 hour: not a work day
        // January's payroll, bank-confirmed ¥2,000 of ¥3,000.
        tx.Execute("INSERT INTO wages_payroll (id, project_id, employer_id, period, pay_date, source, status, created_at, "
                   "updated_at) VALUES ('PR1', $1, $2, '2026-01', '2026-02-15', 'manual', 'paid', 0, 0)",
                   {project_, sub_});
        tx.Execute("INSERT INTO wages_payroll_line (id, payroll_id, worker_id, gross_pay, net_pay, paid_amount, paid_on, "
                   "created_at, updated_at) VALUES ('PL1', 'PR1', $1, 300000, 300000, 200000, '2026-02-15', 0, 0)",
                   {worker.id});
        tx.Commit();
    }
    auto ask = [&](const std::string& token, const std::string& id_number, const std::string& phone) {
        return client().Post("/api/v1/public/projects/" + token + "/owed",
                             value{{"idNumber", id_number}, {"phone", phone}});
    };
    // Issue 11: the ID number and phone went in the query string; the GET is gone.
    auto by_url = client().Get("/api/v1/public/projects/" + token_ + "/owed?idNumber=" + w.id_number + "&phone=13600000001");
    EXPECT_TRUE(by_url.status == 404u || by_url.status == 405u) << by_url.status;
    EXPECT_EQ(by_url.body.find("totalOwed"), std::string::npos);
    auto owed = ask(token_, w.id_number, "13600000001");
    ASSERT_EQ(owed.status, 200u) << owed.body;
    const auto& months = owed.json.at("months").as_array();
    ASSERT_EQ(months.size(), 2u) << owed.body;
    EXPECT_EQ(Str(months[0], "month"), "2026-01");
    EXPECT_EQ(months[0].at("countedDays").as_int64(), 10);
    EXPECT_EQ(months[0].at("earned").as_int64(), 300000);
    EXPECT_EQ(months[0].at("paid").as_int64(), 200000);
    EXPECT_EQ(months[0].at("owed").as_int64(), 100000);
    EXPECT_EQ(months[1].at("countedDays").as_int64(), 8);
    EXPECT_EQ(months[1].at("owed").as_int64(), 240000);
    EXPECT_EQ(owed.json.at("totalOwed").as_int64(), 340000);
    EXPECT_EQ(Str(owed.json, "unpaidFrom"), "2026-01");
    EXPECT_EQ(Str(owed.json, "unpaidTo"), "2026-02");
    EXPECT_EQ(Str(owed.json, "employerName"), "历下劳务公司");

    // Wrong phone, unknown person, wrong project: the same 404.
    auto wrong_phone = ask(token_, w.id_number, "13600000009");
    auto unknown = ask(token_, "11010519491231002X", "13600000001");
    auto no_project = ask("NOPE", w.id_number, "13600000001");
    EXPECT_EQ(wrong_phone.status, 404u);
    EXPECT_EQ(unknown.status, 404u);
    EXPECT_EQ(no_project.status, 404u);
    EXPECT_EQ(wrong_phone.json.at("error").at("message"), unknown.json.at("error").at("message"));
}

INSTANTIATE_TEST_SUITE_P(Backends, CluesApiTest, ::testing::ValuesIn(anxin::testing::TestBackends()),
                         anxin::testing::BackendName());

// ---- pure parts ------------------------------------------------------------------------------------

TEST(ProofOfWorkTest, SignedExpiringAndMeasuredInLeadingZeroBits) {
    ProofOfWork pow("secret");
    const auto now = core::FromMillis(1'772'413'200'000);
    auto challenge = pow.Issue(now, 8, std::chrono::minutes(10));
    auto nonce = SolveProofOfWork(challenge.challenge, 8);
    EXPECT_GE(LeadingZeroBits(challenge.challenge, nonce), 8);
    EXPECT_TRUE(pow.Verify(challenge.challenge, nonce, now).verified.has_value());
    EXPECT_FALSE(pow.Verify(challenge.challenge, nonce, now + std::chrono::minutes(11)).verified.has_value());
    EXPECT_FALSE(ProofOfWork("other").Verify(challenge.challenge, nonce, now).verified.has_value());
    EXPECT_FALSE(pow.Verify("v1.1.2.3", nonce, now).verified.has_value());
}

TEST(TrackingCodeTest, ShortUnambiguousAndForgiving) {
    auto code = NewTrackingCode();
    EXPECT_EQ(code.size(), 10u);
    EXPECT_EQ(code.find_first_of("ILOU"), std::string::npos);
    EXPECT_NE(code, NewTrackingCode());
    EXPECT_EQ(NormalizeTrackingCode("ab1-o2 il"), "AB10211");
}

TEST(RoutingRulesTest, IndustryDepartmentsAndLocality) {
    EXPECT_EQ(DepartmentKindFor(std::string("housing")), "housing");
    EXPECT_EQ(DepartmentKindFor(std::string("water")), "water");
    EXPECT_EQ(DepartmentKindFor(std::string("energy")), "hrss");
    EXPECT_EQ(DepartmentKindFor(std::nullopt), "hrss");
    EXPECT_EQ(LocalityTargets("370102001").size(), 2u);
    EXPECT_EQ(LocalityTargets("370102").size(), 1u);
    EXPECT_EQ(CountyOf("370102001"), "370102");
}

}  // namespace
}  // namespace anxin::clues
