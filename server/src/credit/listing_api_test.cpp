// The joint-punishment procedure over HTTP with the injected clock and the loaded calendar: each
// deadline on its last day and the day after, the threshold, the 3-year term, the 6-month repair
// condition, the automatic removal, scope, and the persons' ID numbers sealed and masked.
#include <gtest/gtest.h>

#include "core/identifiers.hpp"
#include "credit/credit.hpp"
#include "credit/credit_test_support.hpp"
#include "credit/listing_rules.hpp"
#include "deposits/deposit_test_support.hpp"
#include "deposits/deposit_service.hpp"
#include "warnings/warnings.hpp"
#include "registry/enterprises.hpp"
#include "testing/api_fixture.hpp"
#include "testing/principals.hpp"

namespace anxin::credit {
namespace {

using boost::json::value;

class ListingApiTest : public testing::ApiTest {
  protected:
    void SetUp() override {
        ApiTest::SetUp();
        SeedRegions();
        enterprise_ = app().enterprises().Create(testing::Supervisor("37"), fixtures::Hengda()).id;
        clock().Set(core::Date(2026, 9, 21).StartInShanghai() + std::chrono::hours(10));  // a Monday before National Day
        staff_ = LoginAs("lixia", "supervisor", "370102");
    }

    // Another day, 10:00 in Shanghai; the supervisor signs in again (sessions end when idle).
    void SetToday(core::Date day) {
        clock().Set(day.StartInShanghai() + std::chrono::hours(10));
        auto login = client().Post("/api/v1/auth/login", value{{"username", "lixia"}, {"password", kPassword}});
        ASSERT_EQ(login.status, 200u) << login.body;
        staff_ = std::string(login.json.at("token").as_string());
    }
    core::Date Today() { return clock().TodayInShanghai(); }
    const core::WorkingCalendar& Calendar() { return core::WorkingCalendar::Embedded(); }

    value Proposal(std::int64_t arrears_fen = 5'000'000, bool mass_incident = false) {
        return value{{"enterpriseId", enterprise_},
                     {"arrearsFen", arrears_fen},
                     {"orderMissedOn", "2026-09-18"},
                     {"massIncident", mass_incident},
                     {"reason", "拖欠 12 名农民工工资 5 万元，经责令限期支付逾期仍不支付"},
                     {"persons", boost::json::array{
                                     value{{"role", "legal_representative"}, {"name", "赵恒达"}, {"idNumber", kLegalId}},
                                     value{{"role", "responsible"}, {"name", "孙项目"}, {"idNumber", kResponsibleId}}}}};
    }

    std::string Propose() {
        auto created = client().Post("/api/v1/credit/listings", Proposal(), staff_);
        EXPECT_EQ(created.status, 201u) << created.body;
        return std::string(created.json.at("id").as_string());
    }

    testing::Response Act(const std::string& id, const std::string& step, value body = value(boost::json::object{})) {
        return client().Post("/api/v1/credit/listings/" + id + "/" + step, body, staff_);
    }

    bool Listed(core::Date on) {
        auto tx = app().db().Begin(storage::TxMode::kRead);
        return IsListed(tx, enterprise_, on);
    }

    static std::string Field(const testing::Response& r, const std::string& field) {
        const auto* fields = r.json.at("error").as_object().if_contains("fields");
        if (!fields || !fields->as_object().contains(field)) return "";
        return std::string(fields->as_object().at(field).as_string());
    }

    std::string enterprise_, staff_;
    const std::string kLegalId = core::MakeIdNumber("370102", core::Date(1975, 3, 4), 31);
    const std::string kResponsibleId = core::MakeIdNumber("370103", core::Date(1982, 7, 9), 52);
};

TEST_P(ListingApiTest, TheConditionsMustHoldAndBeRecorded) {
    // Below the provincial threshold (3 万元 by default) and no mass incident: the rule says why.
    auto below = client().Post("/api/v1/credit/listings", Proposal(2'999'999), staff_);
    EXPECT_EQ(below.status, 422u) << below.body;
    EXPECT_NE(Field(below, "arrearsFen").find("低于列入标准 30000.00 元"), std::string::npos) << below.body;
    // The threshold itself is enough; so is a mass incident below it.
    auto at_threshold = client().Post("/api/v1/credit/listings", Proposal(3'000'000), staff_);
    EXPECT_EQ(at_threshold.status, 201u) << at_threshold.body;
    // One procedure per enterprise at a time: the second names the first.
    auto again = client().Post("/api/v1/credit/listings", Proposal(10'000, true), staff_);
    EXPECT_EQ(again.status, 409u);
    EXPECT_NE(again.body.find(std::string(at_threshold.json.at("number").as_string())), std::string::npos);

    // The legal representative is required; ID numbers are checked.
    value no_legal = Proposal();
    no_legal.as_object()["persons"] = boost::json::array{value{{"role", "responsible"}, {"name", "孙项目"}, {"idNumber", kResponsibleId}}};
    EXPECT_EQ(Field(client().Post("/api/v1/credit/listings", no_legal, staff_), "persons"), "须包含企业的法定代表人");
    value bad_id = Proposal();
    bad_id.as_object()["persons"].as_array()[0].as_object()["idNumber"] = "370102197503040310";
    EXPECT_FALSE(Field(client().Post("/api/v1/credit/listings", bad_id, staff_), "persons[0].idNumber").empty());
    value unknown = Proposal();
    unknown.as_object()["blacklistNow"] = true;
    EXPECT_EQ(Field(client().Post("/api/v1/credit/listings", unknown, staff_), "blacklistNow"), "未知字段");
}

TEST_P(ListingApiTest, StatementPeriodDecisionAndThreeYearTermCountedOnTheCalendar) {
    const std::string id = Propose();
    auto notified = Act(id, "notice");
    ASSERT_EQ(notified.status, 200u) << notified.body;
    const core::Date statement_due = Calendar().AddWorkingDays(Today(), 5);
    EXPECT_EQ(notified.json.at("statementDue").as_string(), statement_due.ToString());
    // National Day falls in the period: five working days reach past the week off.
    EXPECT_GT(statement_due, Today().AddDays(7));
    EXPECT_EQ(notified.json.at("decisionDue").as_string(), Calendar().AddWorkingDays(statement_due, 20).ToString());
    EXPECT_EQ(notified.json.at("nextStep").as_string(), "statement_period");

    // The last day of the period: the statement is recorded, a decision is not yet allowed.
    SetToday(statement_due);
    EXPECT_EQ(Act(id, "statement", value{{"statement", "企业称资金周转困难，已筹措部分款项"}}).status, 200u);
    auto early = Act(id, "decision", value{{"outcome", "list"}, {"reason", "逾期仍不支付"}});
    EXPECT_EQ(early.status, 422u);
    EXPECT_NE(Field(early, "decision").find(statement_due.AddDays(1).ToString() + " 起方可作出决定"), std::string::npos) << early.body;
    // The day after: too late to state the case, time to decide.
    SetToday(statement_due.AddDays(1));
    auto late = Act(id, "statement", value{{"statement", "补充说明"}});
    EXPECT_EQ(late.status, 422u);
    EXPECT_NE(Field(late, "statement").find("已于 " + statement_due.ToString() + " 届满"), std::string::npos);
    auto decided = Act(id, "decision", value{{"outcome", "list"}, {"reason", "拒不支付劳动报酬，数额达到标准"}});
    ASSERT_EQ(decided.status, 200u) << decided.body;
    const core::Date decided_on = Today();
    EXPECT_EQ(decided.json.at("state").as_string(), "listed");
    EXPECT_EQ(decided.json.at("expiresOn").as_string(), AddMonths(decided_on, 36).ToString());
    EXPECT_TRUE(Listed(decided_on));
    EXPECT_FALSE(Listed(decided_on.AddDays(-1)));

    // The public list shows the name, reason and term, never the persons.
    auto published = client().Get("/api/v1/public/credit/blacklist");
    ASSERT_EQ(published.status, 200u);
    ASSERT_EQ(published.json.at("items").as_array().size(), 1u);
    EXPECT_EQ(published.json.at("items").at(0).at("enterpriseName").as_string(), "历下恒达劳务有限公司");
    EXPECT_EQ(published.body.find(core::MaskIdNumber(kLegalId)), std::string::npos);
    EXPECT_EQ(published.body.find("赵恒达"), std::string::npos);

    // Three years on: the day before expiry still listed; on the day, removed automatically.
    const core::Date expires = AddMonths(decided_on, 36);
    SetToday(expires.AddDays(-1));
    EXPECT_EQ(app().listings().ExpireDue(), 0);
    EXPECT_TRUE(Listed(Today()));
    SetToday(expires);
    EXPECT_EQ(app().listings().ExpireDue(), 1);
    EXPECT_FALSE(Listed(Today()));
    auto after = client().Get("/api/v1/credit/listings/" + id, staff_);
    EXPECT_EQ(after.json.at("state").as_string(), "removed");
    EXPECT_EQ(after.json.at("removal").as_string(), "expired");
    EXPECT_EQ(after.json.at("steps").as_array().back().at("action").as_string(), "expire");
    EXPECT_TRUE(client().Get("/api/v1/public/credit/blacklist").json.at("items").as_array().empty());
}

TEST_P(ListingApiTest, RepairNeedsTheArrearsPaidSixMonthsBeforeAndAPledge) {
    const std::string id = Propose();
    ASSERT_EQ(Act(id, "notice").status, 200u);
    SetToday(Calendar().AddWorkingDays(Today(), 6));
    ASSERT_EQ(Act(id, "decision", value{{"outcome", "list"}, {"reason", "拒不支付"}}).status, 200u);

    auto unpaid = Act(id, "repair", value{{"pledge", "本企业承诺今后按时足额支付农民工工资"}});
    EXPECT_EQ(unpaid.status, 422u);
    EXPECT_NE(Field(unpaid, "repair").find("尚未登记欠薪已全部清偿"), std::string::npos);

    const core::Date paid_on = Today();
    ASSERT_EQ(Act(id, "correction", value{{"arrearsPaidOn", paid_on.ToString()}}).status, 200u);
    const core::Date possible = AddMonths(paid_on, 6);
    SetToday(possible.AddDays(-1));
    auto early = Act(id, "repair", value{{"pledge", "本企业承诺今后按时足额支付农民工工资"}});
    EXPECT_EQ(early.status, 422u);
    EXPECT_NE(Field(early, "repair").find(possible.ToString() + " 起可以申请"), std::string::npos) << early.body;

    SetToday(possible);
    EXPECT_EQ(Field(Act(id, "repair", value{{"pledge", "承诺"}}), "pledge"), "须提交书面信用承诺（不少于 10 个字）");
    auto applied = Act(id, "repair", value{{"pledge", "本企业承诺今后按时足额支付农民工工资"}});
    ASSERT_EQ(applied.status, 200u) << applied.body;
    EXPECT_EQ(applied.json.at("repairReviewDue").as_string(), Calendar().AddWorkingDays(possible, 15).ToString());
    EXPECT_EQ(applied.json.at("nextStep").as_string(), "repair_decide");
    EXPECT_EQ(Act(id, "repair", value{{"pledge", "本企业承诺今后按时足额支付农民工工资"}}).status, 409u);

    auto granted = Act(id, "repair-decision", value{{"outcome", "grant"}, {"reason", "已清偿满 6 个月，无新发欠薪"}});
    ASSERT_EQ(granted.status, 200u) << granted.body;
    EXPECT_EQ(granted.json.at("state").as_string(), "removed");
    EXPECT_EQ(granted.json.at("removal").as_string(), "repaired");
    EXPECT_FALSE(Listed(Today()));
    EXPECT_TRUE(Listed(possible.AddDays(-1)));  // history: listed as of any earlier day
}

// The credit-sharing export: listings and removals since a cursor, the same answer for the same
// cursor, nothing new → nothing; JSON and XLSX.
TEST_P(ListingApiTest, TheCreditSharingExportGivesListingsAndRemovalsSinceACursor) {
    const std::string id = Propose();
    ASSERT_EQ(Act(id, "notice").status, 200u);
    EXPECT_TRUE(client().Get("/api/v1/credit/export", staff_).json.at("items").as_array().empty());  // not decided
    SetToday(Calendar().AddWorkingDays(Today(), 6));
    ASSERT_EQ(Act(id, "decision", value{{"outcome", "list"}, {"reason", "拒不支付劳动报酬"}}).status, 200u);

    auto first = client().Get("/api/v1/credit/export", staff_);
    ASSERT_EQ(first.status, 200u) << first.body;
    ASSERT_EQ(first.json.at("items").as_array().size(), 1u);
    EXPECT_EQ(first.json.at("items").at(0).at("event").as_string(), "listed");
    EXPECT_EQ(first.json.at("items").at(0).at("reason").as_string(), "拒不支付劳动报酬");
    EXPECT_EQ(first.body.find(kLegalId), std::string::npos);
    const std::string cursor(first.json.at("nextCursor").as_string());
    EXPECT_EQ(client().Get("/api/v1/credit/export", staff_).body, first.body);  // idempotent
    auto nothing = client().Get("/api/v1/credit/export?since=" + cursor, staff_);
    EXPECT_TRUE(nothing.json.at("items").as_array().empty());
    EXPECT_EQ(nothing.json.at("nextCursor").as_string(), cursor);

    ASSERT_EQ(Act(id, "correction", value{{"arrearsPaidOn", Today().ToString()}}).status, 200u);
    SetToday(AddMonths(Today(), 6));
    ASSERT_EQ(Act(id, "repair", value{{"pledge", "本企业承诺今后按时足额支付农民工工资"}}).status, 200u);
    ASSERT_EQ(Act(id, "repair-decision", value{{"outcome", "grant"}, {"reason", "准予修复"}}).status, 200u);
    auto removal = client().Get("/api/v1/credit/export?since=" + cursor, staff_);
    ASSERT_EQ(removal.json.at("items").as_array().size(), 1u);
    EXPECT_EQ(removal.json.at("items").at(0).at("event").as_string(), "removed");
    EXPECT_EQ(removal.json.at("items").at(0).at("removal").as_string(), "repaired");

    auto sheet = client().Get("/api/v1/credit/export?format=xlsx", staff_);
    ASSERT_EQ(sheet.status, 200u);
    EXPECT_EQ(sheet.body.substr(0, 2), "PK");  // a zip: the .xlsx container
    EXPECT_EQ(Field(client().Get("/api/v1/credit/export?since=garbage", staff_), "since"), "不是本接口返回的游标（nextCursor）");
    EXPECT_EQ(client().Get("/api/v1/credit/export", LoginAs("zhujian", "industry-officer", "3701")).status, 403u);
}

TEST_P(ListingApiTest, OutsideTheRegionItIsNotFoundAndPersonsAreSealed) {
    auto qingdao = LoginAs("shinan", "supervisor", "370202");
    // A firm outside the caller's scope cannot be proposed, and reads as unknown.
    auto foreign = client().Post("/api/v1/credit/listings", Proposal(), qingdao);
    EXPECT_EQ(Field(foreign, "enterpriseId"), "企业不存在") << foreign.body;
    const std::string id = Propose();
    EXPECT_EQ(client().Get("/api/v1/credit/listings/" + id, qingdao).status, 404u);
    EXPECT_EQ(client().Post("/api/v1/credit/listings/" + id + "/notice", value(boost::json::object{}), qingdao).status, 404u);
    EXPECT_EQ(client().Get("/api/v1/credit/listings", qingdao).json.at("total").as_int64(), 0);
    auto enterprise_user = LoginAs("hengda", "enterprise-user", "370102", enterprise_);
    EXPECT_EQ(client().Get("/api/v1/credit/listings/" + id, enterprise_user).status, 403u);

    auto own = client().Get("/api/v1/credit/listings/" + id, staff_);
    ASSERT_EQ(own.status, 200u);
    EXPECT_EQ(own.json.at("persons").at(0).at("idNumber").as_string(), core::MaskIdNumber(kLegalId));
    EXPECT_EQ(own.body.find(kLegalId), std::string::npos);
    auto tx = app().db().Begin(storage::TxMode::kRead);
    EXPECT_EQ(tx.QueryOne("SELECT COUNT(*) FROM credit_listing_person WHERE id_number_enc LIKE $1", {"%" + kLegalId + "%"}).Int(0), 0);
    EXPECT_EQ(tx.QueryOne("SELECT COUNT(*) FROM audit_event WHERE action = 'propose' AND entity = 'credit_listing'").Int(0), 1);
}

// What a listing changes elsewhere (issue 15 §4): CRD-02 on every project the firm takes part in,
// and the deposit of its next project as general contractor carries the blacklist surcharge and no
// exemption — both as of the listing's days, gone again once it is removed.
TEST_P(ListingApiTest, AListedFirmRaisesCrd02AndPaysTheDepositSurcharge) {
    deposits::testing::Seed seed(app().db());
    seed.Project({.id = "P-ON-SITE", .region = "370102001", .gc = enterprise_});
    const std::string id = Propose();
    ASSERT_EQ(Act(id, "notice").status, 200u);
    SetToday(Calendar().AddWorkingDays(Today(), 6));
    const core::Date decided_on = Today();

    // Before the decision: no CRD-02, no surcharge.
    app().warnings().EvaluateAll(decided_on);
    auto tx_before = app().db().Begin(storage::TxMode::kRead);
    EXPECT_EQ(tx_before.QueryOne("SELECT COUNT(*) FROM warnings_warning WHERE indicator = 'CRD-02'").Int(0), 0);
    tx_before.Commit();
    auto before = app().deposits().Recompute(testing::Supervisor("37"), "P-ON-SITE");
    auto has_rule = [](const deposits::Requirement& r, std::string_view rule) {
        return std::any_of(r.result.lines.begin(), r.result.lines.end(), [&](const auto& l) { return l.rule == rule; });
    };
    EXPECT_FALSE(has_rule(before, deposits::kRuleSurchargeBlacklist));

    ASSERT_EQ(Act(id, "decision", value{{"outcome", "list"}, {"reason", "拒不支付"}}).status, 200u);
    app().warnings().EvaluateAll(decided_on);
    {
        auto tx = app().db().Begin(storage::TxMode::kRead);
        auto row = tx.QueryOne(
            "SELECT COUNT(*), MIN(level), MIN(project_id) FROM warnings_warning WHERE indicator = 'CRD-02' AND status <> 'closed'");
        EXPECT_EQ(row.Int(0), 1);
        EXPECT_EQ(row.Text(1), "red");
        EXPECT_EQ(row.Text(2), "P-ON-SITE");
    }
    auto after = app().deposits().Recompute(testing::Supervisor("37"), "P-ON-SITE");
    EXPECT_TRUE(has_rule(after, deposits::kRuleSurchargeBlacklist));
    EXPECT_GT(after.result.required, before.result.required);
}

// The pre-contract query (合同签订前查询): a construction unit finds the firm, gets a numbered record
// of its list status, arrears cases of two years and deposit history; a proposal under way is the
// department's to see; the record reads again for its own unit only; every query is audited.
TEST_P(ListingApiTest, APreContractQueryShowsTheListAndTheArrearsAndIsKept) {
    const std::string credit_code = core::MakeCreditCode("91370102MA3C00001");
    {
        auto tx = app().db().Begin(storage::TxMode::kWrite);
        tx.Execute("INSERT INTO cases_case (id, number, employer_id, employer_name, region_code, county_code, state, "
                   "claimed_amount, recovered_amount, last_progress_at, opened_at, deadline_base_on, created_at, updated_at) "
                   "VALUES ('CASE-Q', 'AJ-Q-1', $1, '历下恒达劳务有限公司', '370102001', '370102', 'ordered', 5000000, 0, 1, $2, "
                   "'2026-09-01', 1, 1)",
                   {enterprise_, core::ToMillis(core::Date(2026, 9, 1).StartInShanghai())});
        tx.Commit();
    }
    const std::string builder = LoginAs("jianshe", "enterprise-user", "370102", "E-BUILDER");
    auto too_short = client().Get("/api/v1/credit/enterprises?q=%E6%81%92", builder);  // one character
    EXPECT_EQ(Field(too_short, "q"), "请输入统一社会信用代码，或企业名称中的至少 2 个字");
    auto by_code = client().Get("/api/v1/credit/enterprises?q=" + credit_code, builder);
    ASSERT_EQ(by_code.status, 200u) << by_code.body;
    ASSERT_EQ(by_code.json.at("items").as_array().size(), 1u);
    EXPECT_EQ(by_code.json.at("items").at(0).at("id").as_string(), enterprise_);

    // A proposal under way: the department sees it, the construction unit does not (not yet decided).
    const std::string id = Propose();
    auto early = client().Post("/api/v1/credit/queries", value{{"enterpriseId", enterprise_}}, builder);
    ASSERT_EQ(early.status, 201u) << early.body;
    EXPECT_TRUE(early.json.at("result").at("listing").is_null());
    EXPECT_TRUE(early.json.at("result").at("procedures").as_array().empty());
    auto by_department = client().Post("/api/v1/credit/queries", value{{"enterpriseId", enterprise_}}, staff_);
    EXPECT_EQ(by_department.json.at("result").at("procedures").at(0).at("state").as_string(), "proposed");

    // Listed: the record says so, with the arrears case of the last two years.
    ASSERT_EQ(Act(id, "notice").status, 200u);
    SetToday(Calendar().AddWorkingDays(Today(), 6));
    ASSERT_EQ(Act(id, "decision", value{{"outcome", "list"}, {"reason", "拒不支付"}}).status, 200u);
    const std::string builder_again = [&] {
        auto login = client().Post("/api/v1/auth/login", value{{"username", "jianshe"}, {"password", kPassword}});
        return std::string(login.json.at("token").as_string());
    }();
    auto record = client().Post("/api/v1/credit/queries", value{{"enterpriseId", enterprise_}}, builder_again);
    ASSERT_EQ(record.status, 201u) << record.body;
    const auto& result = record.json.at("result");
    EXPECT_EQ(result.at("listing").at("expiresOn").as_string(), AddMonths(Today(), 36).ToString());
    EXPECT_EQ(result.at("arrearsCases").at(0).at("number").as_string(), "AJ-Q-1");
    EXPECT_EQ(result.at("arrearsClaimedFen").as_int64(), 5000000);
    EXPECT_TRUE(std::string(record.json.at("number").as_string()).starts_with("信查〔2026〕"));
    EXPECT_EQ(record.body.find(kLegalId), std::string::npos);

    // Kept: the unit reads it again and lists it; another unit gets 404.
    const std::string query_id(record.json.at("id").as_string());
    EXPECT_EQ(client().Get("/api/v1/credit/queries/" + query_id, builder_again).status, 200u);
    EXPECT_EQ(client().Get("/api/v1/credit/queries", builder_again).json.at("items").as_array().size(), 2u);
    EXPECT_EQ(client().Get("/api/v1/credit/queries/" + query_id, staff_).status, 404u);
    auto tx = app().db().Begin(storage::TxMode::kRead);
    EXPECT_EQ(tx.QueryOne("SELECT COUNT(*) FROM audit_event WHERE action = 'query' AND entity = 'credit_query'").Int(0), 3);
}

INSTANTIATE_TEST_SUITE_P(Backends, ListingApiTest, ::testing::ValuesIn(anxin::testing::TestBackends()),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace anxin::credit
