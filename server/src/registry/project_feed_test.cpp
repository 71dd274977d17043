// The permit feed on both backends: new projects arrive "permitted" with their enterprises and
// participants; the same feed twice changes nothing; a bad record is reported by index and field
// and leaves nothing behind while the good ones are committed.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "audit/audit.hpp"
#include "core/crypto.hpp"
#include "core/error.hpp"
#include "core/identifiers.hpp"
#include "registry/enterprises.hpp"
#include "registry/project_feed.hpp"
#include "registry/projects.hpp"
#include "testing/test_database.hpp"
#include "testing/fixtures.hpp"

namespace anxin::registry {
namespace {

namespace json = boost::json;

core::CallContext Supervisor(const std::string& region) {
    core::CallContext ctx;
    ctx.principal.user_id = "u-" + region;
    ctx.principal.username = "supervisor" + region;
    ctx.principal.role = "supervisor";
    ctx.principal.region_code = region;
    ctx.request_id = "req-feed";
    return ctx;
}

void SeedDivisions(storage::Database& db) { ::anxin::testing::SeedTestDivisions(db); }

const std::string kCu = core::MakeCreditCode("91370102MA3C00001");
const std::string kGc = core::MakeCreditCode("91370102MA3C00002");
const std::string kSub = core::MakeCreditCode("91370102MA3C00003");
const std::string kNew = core::MakeCreditCode("91370102MA3C00009");

json::value Record(const std::string& code, const std::string& region = "370102001") {
    return json::object{
        {"permitNumber", "370102202601150101-" + code},
        {"permitOn", "2026-01-15"},
        {"projectCode", code},
        {"projectName", "项目" + code},
        {"regionCode", region},
        {"address", "解放路 1 号"},
        {"industry", "housing"},
        {"investmentType", "private"},
        {"contractPrice", 5000000000},
        {"constructionUnit", json::object{{"creditCode", kCu}, {"name", "济南城投"}}},
        {"generalContractor", json::object{{"creditCode", kGc}, {"name", "山东建工"}}},
        {"subcontractors", json::array{json::object{{"creditCode", kSub}, {"name", "历下劳务"}, {"roleCode", "006"}}}}};
}

class PermitFeedTest : public ::testing::TestWithParam<std::string> {
  protected:
    void SetUp() override { SeedDivisions(db()); }
    storage::Database& db() { return test_db_.db(); }
    std::int64_t Count(const std::string& table) {
        auto tx = db().Begin(storage::TxMode::kRead);
        return tx.QueryOne("SELECT COUNT(*) FROM " + table).Int(0);
    }
    std::int64_t AuditEvents() { return audit::VerifyAuditChain(db()).events_checked; }
    FeedResult Import(const json::value& feed, const core::CallContext& ctx) {
        return ImportPermitFeed(db(), test_db_.clock(), ctx, feed);
    }

    anxin::testing::TestDatabase test_db_{GetParam()};
    core::FieldCipher cipher_{core::DataKey::Generate()};
    ProjectService projects_{test_db_.db(), test_db_.clock(), &cipher_};
    core::CallContext county_ = Supervisor("370102");
};

TEST_P(PermitFeedTest, CreatesPermittedProjectsWithEnterprisesAndIsIdempotent) {
    json::array feed{Record("JN-001"), Record("JN-002")};
    FeedResult first = Import(feed, county_);
    EXPECT_EQ(first.created, 2);
    EXPECT_EQ(first.updated, 0);
    EXPECT_EQ(first.unchanged, 0);
    EXPECT_EQ(first.failed, 0);
    EXPECT_TRUE(first.errors.empty());
    ASSERT_EQ(first.items.size(), 2u);
    EXPECT_EQ(first.items[0].outcome, "created");
    EXPECT_EQ(Count("registry_enterprise"), 3);  // shared by both projects
    EXPECT_EQ(Count("registry_participant"), 6);

    Project p = projects_.Get(county_, first.items[0].project_id);
    EXPECT_EQ(p.code, "JN-001");
    EXPECT_EQ(p.status, "permitted");
    EXPECT_EQ(p.status_on, *core::Date::Parse("2026-01-15"));
    EXPECT_EQ(p.permit_number, "370102202601150101-JN-001");
    EXPECT_EQ(p.contract_price, 5000000000);
    ASSERT_TRUE(p.construction_unit_id && p.general_contractor_id);
    auto participants = projects_.Participants(county_, p.id);
    ASSERT_EQ(participants.size(), 3u);
    EXPECT_EQ(participants[0].role_code, "006");
    EXPECT_EQ(participants[0].credit_code, kSub);
    auto history = projects_.StatusHistory(county_, p.id);
    ASSERT_EQ(history.size(), 2u);
    EXPECT_EQ(history[1].to_status, "permitted");

    // The same feed again: nothing changes, and the result says so.
    const auto audit_before = AuditEvents();
    const auto changes_before = Count("registry_project_status_change");
    FeedResult again = Import(feed, county_);
    EXPECT_EQ(again.created, 0);
    EXPECT_EQ(again.updated, 0);
    EXPECT_EQ(again.unchanged, 2);
    EXPECT_EQ(again.items[1].outcome, "unchanged");
    EXPECT_EQ(again.items[1].project_id, first.items[1].project_id);
    EXPECT_EQ(AuditEvents(), audit_before);
    EXPECT_EQ(Count("registry_project_status_change"), changes_before);
    EXPECT_EQ(Count("registry_project"), 2);
    EXPECT_EQ(Count("registry_participant"), 6);

    // A changed contract price is an update; a project still at 立项 is moved to 施工许可.
    json::value changed = Record("JN-001");
    changed.as_object()["contractPrice"] = 6000000000;
    NewProject pending;
    pending.fields.code = "JN-003";
    pending.fields.name = "先立项的项目";
    pending.fields.region_code = "370102";
    pending.fields.industry = "housing";
    pending.fields.investment_type = "private";
    pending.approved_on = core::Date::Parse("2026-01-02");
    projects_.Create(county_, pending);
    FeedResult third = Import(json::array{changed, Record("JN-002"), Record("JN-003", "370102")}, county_);
    EXPECT_EQ(third.updated, 2);
    EXPECT_EQ(third.unchanged, 1);
    EXPECT_EQ(third.items[0].outcome, "updated");
    EXPECT_EQ(third.items[2].outcome, "updated");
    EXPECT_EQ(projects_.Get(county_, p.id).contract_price, 6000000000);
    ProjectQuery by_code;
    by_code.q = "JN-003";
    Project moved = projects_.List(county_, by_code).items.at(0);
    EXPECT_EQ(moved.status, "permitted");
    EXPECT_EQ(moved.name, "项目JN-003");
    EXPECT_EQ(projects_.Participants(county_, moved.id).size(), 3u);
}

TEST_P(PermitFeedTest, BadRecordsAreReportedByIndexAndFieldAndGoodOnesCommitted) {
    json::value bad_date = Record("BAD-1");
    bad_date.as_object()["permitOn"] = "2026-02-30";
    json::value bad_enums = Record("BAD-2");
    bad_enums.as_object()["industry"] = "mining";
    bad_enums.as_object()["regionCode"] = "370199";
    json::value bad_code = Record("BAD-3");
    bad_code.as_object()["constructionUnit"] = json::object{{"creditCode", kNew}, {"name", "新建设单位"}};
    bad_code.as_object()["generalContractor"] = json::object{{"creditCode", "123"}, {"name", "某公司"}};
    json::value outside = Record("BAD-4", "370103");
    json::value future = Record("BAD-5");
    future.as_object()["permitOn"] = "2026-03-03";
    json::value missing = Record("BAD-6");
    missing.as_object().erase("constructionUnit");
    missing.as_object()["contractPrice"] = 12.5;

    json::array feed{Record("OK-1"), bad_date, bad_enums, bad_code, outside, future, missing, "not an object"};
    FeedResult r = Import(feed, county_);
    EXPECT_EQ(r.created, 1);
    EXPECT_EQ(r.failed, 7);
    auto has = [&](std::int64_t index, const std::string& field) {
        return std::any_of(r.errors.begin(), r.errors.end(),
                           [&](const FeedError& e) { return e.index == index && e.field == field; });
    };
    EXPECT_TRUE(has(1, "permitOn"));
    EXPECT_TRUE(has(2, "industry"));
    EXPECT_TRUE(has(2, "regionCode"));
    EXPECT_TRUE(has(3, "generalContractor.creditCode"));
    EXPECT_TRUE(has(4, "regionCode"));
    EXPECT_TRUE(has(5, "permitOn"));
    EXPECT_TRUE(has(6, "constructionUnit"));
    EXPECT_TRUE(has(6, "contractPrice"));
    EXPECT_TRUE(has(7, "record"));
    EXPECT_EQ(r.items[3].outcome, "failed");
    EXPECT_EQ(r.items[3].project_code, "BAD-3");

    // Nothing half-written: the failed records left no project, enterprise or participant behind
    // (BAD-3's construction unit would have been created before its contractor failed).
    EXPECT_EQ(Count("registry_project"), 1);
    EXPECT_EQ(Count("registry_enterprise"), 3);
    EXPECT_EQ(Count("registry_participant"), 3);
}

TEST_P(PermitFeedTest, WrongCheckCharacterIsAcceptedWithTheWarningFlag) {
    json::value r = Record("W-1");
    std::string pilot = kGc;
    pilot.back() = pilot.back() == '0' ? '1' : '0';
    r.as_object()["generalContractor"] = json::object{{"creditCode", pilot}, {"name", "试点企业"}};
    EXPECT_EQ(Import(json::array{r}, county_).created, 1);
    auto tx = db().Begin(storage::TxMode::kRead);
    EXPECT_EQ(tx.QueryOne("SELECT credit_code_valid FROM registry_enterprise WHERE credit_code = $1", {pilot}).Int(0),
              0);
}

TEST_P(PermitFeedTest, OnlySupervisorsAndOnlyArrays) {
    core::CallContext enterprise = Supervisor("");
    enterprise.principal.role = "enterprise-user";
    EXPECT_THROW(Import(json::array{Record("X")}, enterprise), Error);
    try {
        Import(json::object{{"projectCode", "X"}}, county_);
        ADD_FAILURE() << "no error";
    } catch (const Error& e) {
        EXPECT_EQ(e.code(), ErrorCode::kInvalidArgument);
        EXPECT_TRUE(e.fields().contains("body"));
    }
    EXPECT_EQ(Count("registry_project"), 0);
}

INSTANTIATE_TEST_SUITE_P(Backends, PermitFeedTest, ::testing::ValuesIn(anxin::testing::TestBackends()),
                         anxin::testing::BackendName());

}  // namespace
}  // namespace anxin::registry
