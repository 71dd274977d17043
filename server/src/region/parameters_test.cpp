#include "region/parameters.hpp"

#include <gtest/gtest.h>

#include <set>
#include <stdexcept>

#include <boost/json.hpp>

#include "audit/audit.hpp"
#include "core/error.hpp"
#include "region/region_import.hpp"
#include "region/region_test_support.hpp"
#include "testing/api_fixture.hpp"
#include "testing/test_database.hpp"
#include "testing/errors.hpp"

namespace anxin::region {
namespace {

core::CallContext AdminIn(const std::string& region_code) {
    core::CallContext ctx;
    ctx.principal.user_id = "admin-" + region_code;
    ctx.principal.username = "admin" + region_code;
    ctx.principal.role = "system-admin";
    ctx.principal.region_code = region_code;
    ctx.request_id = "req-test";
    return ctx;
}

using ::anxin::testing::ErrorOf;

TEST(ParameterCatalogTest, KeysAreUniqueDefaultsValidAndGroupsKnown) {
    const std::set<std::string_view> groups = {"实名制", "专户与拨付", "保证金", "线索与案件", "预警", "告示牌", "信用"};
    std::set<std::string_view> keys;
    for (const auto& spec : ParameterCatalog()) {
        EXPECT_TRUE(keys.insert(spec.key).second) << "duplicate " << spec.key;
        EXPECT_TRUE(groups.contains(spec.group)) << spec.key << " in " << spec.group;
        EXPECT_LE(spec.min, spec.max) << spec.key;
        EXPECT_EQ(ParameterService::Validate(spec, spec.default_value), spec.default_value) << spec.key;
        if (spec.type == ParameterType::kBasisPoints) {
            EXPECT_LE(spec.max, 10000) << spec.key;
        }
        if (IsIntegerType(spec.type) && spec.type != ParameterType::kInteger) {
            EXPECT_GE(spec.min, 0) << spec.key;
        }
    }
    // The ones later modules read by name.
    for (std::string_view key : {"attendance.counted_day_minutes", "deposit.ratio_bp", "minimum_wage.monthly_fen",
                                 "wage.pay_by_day_next_month", "crime.total_threshold_fen",
                                 "warning.blue_deadline_working_days", "notice.hotline_labor_inspection"}) {
        EXPECT_NE(FindParameterSpec(key), nullptr) << key;
    }
    EXPECT_EQ(FindParameterSpec("deposit.ratio"), nullptr);
}

TEST(ParameterCatalogTest, LineageWalksUpTheRegionCode) {
    EXPECT_EQ(RegionLineage("370102001"), (std::vector<std::string>{"370102001", "370102", "3701", "37", ""}));
    EXPECT_EQ(RegionLineage("370102"), (std::vector<std::string>{"370102", "3701", "37", ""}));
    EXPECT_EQ(RegionLineage("37"), (std::vector<std::string>{"37", ""}));
    EXPECT_EQ(RegionLineage(""), (std::vector<std::string>{""}));
}

class ParameterServiceTest : public ::testing::TestWithParam<std::string> {
  protected:
    void SetUp() override { ImportDivisions(db(), files_.dir()); }

    storage::Database& db() { return test_db_.db(); }
    std::int64_t AuditEvents() { return audit::VerifyAuditChain(db()).events_checked; }

    anxin::testing::TestDatabase test_db_{GetParam()};
    test::MiniDivisionFiles files_;
    ParameterService service_{test_db_.db(), test_db_.clock()};
    core::CallContext platform_ = AdminIn("");
};

TEST_P(ParameterServiceTest, ResolvesTheNearestValueUpTheRegionTree) {
    const std::string key = "deposit.ratio_bp";
    EXPECT_EQ(service_.GetInt("370102001", key), 200);  // catalog default

    service_.Set(platform_, "", key, "150");
    service_.Set(platform_, "37", key, "250");
    service_.Set(platform_, "370102", key, "300");

    EXPECT_EQ(service_.GetInt("370102001", key), 300);  // town → its county
    EXPECT_EQ(service_.GetInt("370102", key), 300);
    EXPECT_EQ(service_.GetInt("370103", key), 250);  // sibling county → the province
    EXPECT_EQ(service_.GetInt("3701", key), 250);
    EXPECT_EQ(service_.GetInt("11", key), 150);  // another province → the platform
    EXPECT_EQ(service_.GetInt("", key), 150);
    // Other keys are untouched.
    EXPECT_EQ(service_.GetInt("370102001", "deposit.deadline_working_days"), 20);

    auto after_reset = service_.Reset(platform_, "370102", key);
    EXPECT_EQ(after_reset.value, "250");
    EXPECT_EQ(after_reset.source, "37");
    EXPECT_FALSE(after_reset.overridden_here);
    EXPECT_EQ(service_.GetInt("370102001", key), 250);

    service_.Reset(platform_, "37", key);
    service_.Reset(platform_, "", key);
    EXPECT_EQ(service_.GetInt("370102001", key), 200);

    // Inside a caller's transaction, too.
    service_.Set(platform_, "3701", "notice.arbitration", "济南市劳动人事争议仲裁院");
    auto tx = db().Begin(storage::TxMode::kRead);
    EXPECT_EQ(service_.GetText(tx, "370103", "notice.arbitration"), "济南市劳动人事争议仲裁院");
    EXPECT_EQ(service_.GetText(tx, "11", "notice.hotline_labor_inspection"), "12333");
}

TEST_P(ParameterServiceTest, ListShowsEffectiveValueSourceAndOverride) {
    service_.Set(platform_, "37", "worker.max_age", "55");
    service_.Set(platform_, "370102", "minimum_wage.monthly_fen", "230000");

    auto entries = service_.List("370102");
    ASSERT_EQ(entries.size(), ParameterCatalog().size());
    auto find = [&](std::string_view key) {
        for (const auto& e : entries) {
            if (e.spec->key == key) return e;
        }
        ADD_FAILURE() << key;
        return ParameterEntry{};
    };
    auto age = find("worker.max_age");
    EXPECT_EQ(age.value, "55");
    EXPECT_EQ(age.source, "37");
    EXPECT_FALSE(age.overridden_here);
    auto wage = find("minimum_wage.monthly_fen");
    EXPECT_EQ(wage.value, "230000");
    EXPECT_EQ(wage.source, "370102");
    EXPECT_TRUE(wage.overridden_here);
    EXPECT_EQ(wage.updated_by, "admin-");
    EXPECT_EQ(wage.updated_at, test_db_.clock().Now());
    auto days = find("attendance.counted_day_minutes");
    EXPECT_EQ(days.value, "240");
    EXPECT_EQ(days.source, std::nullopt);

    EXPECT_EQ(ErrorOf([&] { service_.List("379999"); }).fields().count("regionCode"), 1u);
    EXPECT_EQ(service_.List("").size(), ParameterCatalog().size());
}

TEST_P(ParameterServiceTest, SetRefusesValuesOutOfTypeOrRangeNamingTheField) {
    auto refused = [&](std::string_view key, std::string_view value) {
        Error e = ErrorOf([&] { service_.Set(platform_, "37", key, value); });
        EXPECT_EQ(e.code(), ErrorCode::kInvalidArgument) << key << "=" << value;
        EXPECT_EQ(e.fields().count("value"), 1u) << key << "=" << value << ": " << e.what();
    };
    refused("account.open_within_days", "-1");          // negative days
    refused("attendance.update_rate_min_bp", "10001");  // over 100%
    refused("deposit.arrears_surcharge_bp", "20000");
    refused("deposit.ratio_bp", "301");  // DEP: 1%–3%
    refused("deposit.ratio_bp", "99");
    refused("deposit.ratio_bp", "2.5");
    refused("deposit.ratio_bp", "two");
    refused("deposit.ratio_bp", "");
    refused("deposit.ratio_bp", "99999999999999999999");     // overflow
    refused("crime.single_worker_threshold_fen", "400000");  // below ¥5,000
    refused("notice.hotline_labor_inspection", "call us");
    refused("notice.hotline_labor_inspection", "");
    refused("notice.arbitration", std::string(201, 'x'));
    EXPECT_EQ(service_.GetInt("37", "deposit.ratio_bp"), 200);  // nothing stored

    EXPECT_EQ(service_.Set(platform_, "37", "deposit.ratio_bp", " 100 ").value, "100");  // bounds are inclusive
    EXPECT_EQ(service_.Set(platform_, "37", "deposit.ratio_bp", "300").value, "300");
    EXPECT_EQ(service_.Set(platform_, "37", "notice.hotline_industry", "").value, "");

    Error unknown = ErrorOf([&] { service_.Set(platform_, "37", "deposit.nope", "1"); });
    EXPECT_EQ(unknown.fields().count("key"), 1u);
    Error region = ErrorOf([&] { service_.Set(platform_, "3799", "deposit.ratio_bp", "200"); });
    EXPECT_EQ(region.fields().count("regionCode"), 1u);
}

TEST_P(ParameterServiceTest, CodeAskingForAnUnknownKeyOrWrongTypeIsALogicError) {
    EXPECT_THROW(service_.GetInt("37", "deposit.nope"), std::logic_error);
    EXPECT_THROW(service_.GetInt("37", "notice.arbitration"), std::logic_error);
    EXPECT_THROW(service_.GetText("37", "deposit.ratio_bp"), std::logic_error);
}

TEST_P(ParameterServiceTest, SetIsScopedAndAudited) {
    auto before = AuditEvents();
    service_.Set(platform_, "37", "clue.close_working_days", "10");
    EXPECT_EQ(AuditEvents(), before + 1);
    {
        auto tx = db().Begin(storage::TxMode::kRead);
        auto row = tx.QueryOne("SELECT actor_id, action, entity, entity_id FROM audit_event ORDER BY seq DESC LIMIT 1");
        EXPECT_EQ(row.Text(0), "admin-");
        EXPECT_EQ(row.Text(1), "set");
        EXPECT_EQ(row.Text(2), "parameter");
        EXPECT_EQ(row.Text(3), "37:clue.close_working_days");
    }
    service_.Reset(platform_, "37", "clue.close_working_days");
    EXPECT_EQ(AuditEvents(), before + 2);
    service_.Reset(platform_, "37", "clue.close_working_days");  // nothing to delete: no event
    EXPECT_EQ(AuditEvents(), before + 2);

    // A city administrator sets its city and below, never its province or the platform.
    core::CallContext city = AdminIn("3701");
    EXPECT_EQ(ErrorOf([&] { service_.Set(city, "37", "clue.close_working_days", "10"); }).code(),
              ErrorCode::kForbidden);
    EXPECT_EQ(ErrorOf([&] { service_.Set(city, "", "clue.close_working_days", "10"); }).code(), ErrorCode::kForbidden);
    EXPECT_EQ(ErrorOf([&] { service_.Reset(city, "11", "clue.close_working_days"); }).code(), ErrorCode::kForbidden);
    EXPECT_EQ(service_.Set(city, "370102", "clue.close_working_days", "12").value, "12");
    EXPECT_EQ(AuditEvents(), before + 3);
    EXPECT_TRUE(audit::VerifyAuditChain(db()).ok);
}

INSTANTIATE_TEST_SUITE_P(Backends, ParameterServiceTest, ::testing::ValuesIn(anxin::testing::TestBackends()),
                         anxin::testing::BackendName());

// ---- API -------------------------------------------------------------------------------------------

class ParameterApiTest : public anxin::testing::ApiTest {
  protected:
    anxin::testing::Response Put(const std::string& key, const boost::json::value& body, const std::string& token) {
        return client().Request("PUT", "/api/v1/parameters/" + key, boost::json::serialize(body),
                                {{"Authorization", "Bearer " + token}});
    }
};

const boost::json::object* ItemOf(const anxin::testing::Response& response, std::string_view key) {
    for (const auto& item : response.json.at("items").as_array()) {
        if (item.at("key").as_string() == key) return &item.as_object();
    }
    return nullptr;
}

TEST_P(ParameterApiTest, ListSetAndResetOverHttp) {
    SeedRegions();
    std::string admin = LoginAs("admin1", "system-admin");
    std::string supervisor = LoginAs("super1", "supervisor", "3701");

    auto list = client().Get("/api/v1/parameters?regionCode=370102", supervisor);
    ASSERT_EQ(list.status, 200u) << list.body;
    const auto* ratio = ItemOf(list, "deposit.ratio_bp");
    ASSERT_NE(ratio, nullptr);
    EXPECT_EQ(ratio->at("value").as_int64(), 200);
    EXPECT_EQ(ratio->at("source").as_string(), "default");
    EXPECT_EQ(ratio->at("type").as_string(), "basis_points");
    EXPECT_EQ(ratio->at("group").as_string(), "保证金");
    EXPECT_EQ(ItemOf(list, "notice.hotline_legal_aid")->at("value").as_string(), "12348");

    auto set = Put("deposit.ratio_bp", {{"regionCode", "3701"}, {"value", 250}}, admin);
    ASSERT_EQ(set.status, 200u) << set.body;
    EXPECT_EQ(set.json.at("value").as_int64(), 250);
    EXPECT_EQ(set.json.at("overridden").as_bool(), true);

    list = client().Get("/api/v1/parameters?regionCode=370102", supervisor);
    ratio = ItemOf(list, "deposit.ratio_bp");
    EXPECT_EQ(ratio->at("value").as_int64(), 250);
    EXPECT_EQ(ratio->at("source").as_string(), "3701");
    EXPECT_EQ(ratio->at("overridden").as_bool(), false);

    auto platform = Put("notice.arbitration", {{"value", "省劳动人事争议仲裁院"}}, admin);
    ASSERT_EQ(platform.status, 200u) << platform.body;
    EXPECT_EQ(platform.json.at("source").as_string(), "platform");

    auto bad = Put("deposit.ratio_bp", {{"regionCode", "3701"}, {"value", 400}}, admin);
    EXPECT_EQ(bad.status, 400u);
    EXPECT_TRUE(bad.json.at("error").at("fields").as_object().contains("value")) << bad.body;
    auto wrong_type = Put("deposit.ratio_bp", {{"regionCode", "3701"}, {"value", 2.5}}, admin);
    EXPECT_EQ(wrong_type.status, 400u);
    auto unknown = Put("deposit.nope", {{"regionCode", "3701"}, {"value", 1}}, admin);
    EXPECT_EQ(unknown.status, 400u);
    EXPECT_TRUE(unknown.json.at("error").at("fields").as_object().contains("key")) << unknown.body;
    EXPECT_EQ(client().Get("/api/v1/parameters?regionCode=3799", supervisor).status, 400u);

    // Supervisors read but do not write.
    EXPECT_EQ(Put("deposit.ratio_bp", {{"regionCode", "3701"}, {"value", 150}}, supervisor).status, 403u);
    EXPECT_EQ(client().Delete("/api/v1/parameters/deposit.ratio_bp?regionCode=3701", supervisor).status, 403u);

    auto reset = client().Delete("/api/v1/parameters/deposit.ratio_bp?regionCode=3701", admin);
    ASSERT_EQ(reset.status, 200u) << reset.body;
    EXPECT_EQ(reset.json.at("value").as_int64(), 200);
    EXPECT_EQ(reset.json.at("source").as_string(), "default");
    EXPECT_EQ(client().Get("/api/v1/parameters", "").status, 401u);
}

INSTANTIATE_TEST_SUITE_P(Backends, ParameterApiTest, ::testing::ValuesIn(anxin::testing::TestBackends()),
                         anxin::testing::BackendName());

}  // namespace
}  // namespace anxin::region
