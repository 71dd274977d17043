#include "region/region.hpp"

#include <gtest/gtest.h>

#include "audit/audit.hpp"
#include "core/error.hpp"
#include "core/ids.hpp"
#include "region/region_import.hpp"
#include "region/region_test_support.hpp"
#include "testing/test_database.hpp"
#include "testing/errors.hpp"

namespace anxin::region {
namespace {

using std::chrono::minutes;

core::CallContext ContextIn(const std::string& region_code) {
    core::CallContext ctx;
    ctx.principal.user_id = "u-" + region_code;
    ctx.principal.username = "officer" + region_code;
    ctx.principal.role = "supervisor";
    ctx.principal.region_code = region_code;
    ctx.request_id = "req-test";
    return ctx;
}

using ::anxin::testing::ErrorOf;

class RegionServiceTest : public ::testing::TestWithParam<std::string> {
  protected:
    void SetUp() override { ImportDivisions(db(), files_.dir()); }

    storage::Database& db() { return test_db_.db(); }
    std::int64_t AuditEvents() { return audit::VerifyAuditChain(db()).events_checked; }
    std::int64_t StoredDepartments() {
        auto tx = db().Begin(storage::TxMode::kRead);
        return tx.QueryOne("SELECT COUNT(*) FROM region_department").Int(0);
    }
    Department Create(const std::string& region, const std::string& kind, const std::string& name) {
        return service_.CreateDepartment(system_, NewDepartment{region, kind, name, std::nullopt});
    }

    anxin::testing::TestDatabase test_db_{GetParam()};
    test::MiniDivisionFiles files_;
    RegionService service_{test_db_.db(), test_db_.clock()};
    core::CallContext system_ = core::SystemContext("req-system");
};

TEST_P(RegionServiceTest, ListsChildrenAndGetsDivisions) {
    auto provinces = service_.ListChildren(std::nullopt);
    ASSERT_EQ(provinces.size(), 2u);
    EXPECT_EQ(provinces[0].code, "11");
    EXPECT_EQ(provinces[1].name, "山东省");
    EXPECT_EQ(provinces[1].level, DivisionLevel::kProvince);
    EXPECT_EQ(provinces[1].parent_code, std::nullopt);

    auto counties = service_.ListChildren("3701");
    ASSERT_EQ(counties.size(), 2u);
    EXPECT_EQ(counties[0].code, "370102");
    EXPECT_EQ(counties[1].code, "370103");
    EXPECT_TRUE(service_.ListChildren("370102001").empty());  // towns have no children here

    EXPECT_EQ(ErrorOf([&] { service_.ListChildren("3799"); }).code(), ErrorCode::kNotFound);
    EXPECT_EQ(ErrorOf([&] { service_.Get("3799"); }).code(), ErrorCode::kNotFound);
    Division town = service_.Get("370102001");
    EXPECT_EQ(town.name, "解放路街道");
    EXPECT_EQ(town.level, DivisionLevel::kTown);
    EXPECT_EQ(town.parent_code, "370102");
    EXPECT_EQ(service_.Find("99"), std::nullopt);
}

TEST_P(RegionServiceTest, RequireRegionNamesTheField) {
    auto tx = db().Begin(storage::TxMode::kRead);
    EXPECT_EQ(RegionService::RequireRegion(tx, "370103", "regionCode").name, "市中区");
    Error e = ErrorOf([&] { RegionService::RequireRegion(tx, "370199", "workplaceRegion"); });
    EXPECT_EQ(e.code(), ErrorCode::kInvalidArgument);
    ASSERT_TRUE(e.fields().contains("workplaceRegion"));
    EXPECT_EQ(e.fields().at("workplaceRegion"), "不是有效的行政区划代码");
    EXPECT_EQ(ErrorOf([&] { RegionService::RequireRegion(tx, "", "regionCode"); }).code(), ErrorCode::kInvalidArgument);
}

TEST_P(RegionServiceTest, CreatesAuditedDepartments) {
    const auto audit_before = AuditEvents();
    Department d = service_.CreateDepartment(
        system_, NewDepartment{"370102", "housing", "  历下区住房和城乡建设局 ", std::string("0531-86123456")});
    EXPECT_TRUE(core::LooksLikeId(d.id)) << d.id;
    EXPECT_EQ(d.region_code, "370102");
    EXPECT_EQ(d.kind, "housing");
    EXPECT_EQ(d.name, "历下区住房和城乡建设局");  // trimmed
    EXPECT_EQ(d.phone, "0531-86123456");
    EXPECT_EQ(d.created_at, test_db_.clock().Now());
    EXPECT_EQ(d.updated_at, d.created_at);
    EXPECT_EQ(AuditEvents(), audit_before + 1);

    Department read = service_.GetDepartment(system_, d.id);
    EXPECT_EQ(read.id, d.id);
    EXPECT_EQ(read.name, d.name);
    EXPECT_EQ(read.phone, d.phone);
    EXPECT_EQ(read.created_at, d.created_at);

    // A 100-character name is allowed; the same name twice for one region and kind is not.
    std::string hundred;
    for (int i = 0; i < 100; ++i) hundred += "局";
    EXPECT_EQ(Create("370102", "hrss", hundred).name, hundred);
    Error dup = ErrorOf([&] { Create("370102", "housing", "历下区住房和城乡建设局"); });
    EXPECT_EQ(dup.code(), ErrorCode::kConflict);
    EXPECT_TRUE(dup.fields().contains("name"));
    // Same name, other kind or other region: fine.
    Create("370102", "other", "历下区住房和城乡建设局");
    Create("370103", "housing", "历下区住房和城乡建设局");
    EXPECT_EQ(StoredDepartments(), 4);
}

TEST_P(RegionServiceTest, InvalidInputNamesEveryFieldAndWritesNothing) {
    const auto audit_before = AuditEvents();
    Error e = ErrorOf([&] {
        service_.CreateDepartment(system_, NewDepartment{"370199", "police", "", std::string("call me")});
    });
    EXPECT_EQ(e.code(), ErrorCode::kInvalidArgument);
    EXPECT_TRUE(e.fields().contains("regionCode"));
    EXPECT_TRUE(e.fields().contains("kind"));
    EXPECT_TRUE(e.fields().contains("name"));
    EXPECT_TRUE(e.fields().contains("phone"));
    EXPECT_EQ(e.fields().at("regionCode"), "不是有效的行政区划代码");

    Error region_only = ErrorOf([&] { Create("999999", "hrss", "某局"); });
    EXPECT_EQ(region_only.fields().size(), 1u);
    EXPECT_TRUE(region_only.fields().contains("regionCode"));
    Error kind_only = ErrorOf([&] { Create("370102", "police", "某局"); });
    EXPECT_EQ(kind_only.fields().size(), 1u);
    EXPECT_TRUE(kind_only.fields().contains("kind"));
    std::string too_long;
    for (int i = 0; i < 101; ++i) too_long += "局";
    EXPECT_TRUE(ErrorOf([&] { Create("370102", "hrss", too_long); }).fields().contains("name"));
    EXPECT_TRUE(ErrorOf([&] { Create("370102", "hrss", std::string("\xff")); }).fields().contains("name"));

    EXPECT_EQ(StoredDepartments(), 0);
    EXPECT_EQ(AuditEvents(), audit_before);
}

TEST_P(RegionServiceTest, CountyOfficerSeesOnlyItsCounty) {
    Department lixia = Create("370102", "hrss", "历下区人力资源和社会保障局");
    Department lixia_town = Create("370102001", "other", "解放路街道劳动保障所");
    Department shizhong = Create("370103", "hrss", "市中区人力资源和社会保障局");
    Department jinan = Create("3701", "hrss", "济南市人力资源和社会保障局");
    const core::CallContext county = ContextIn("370102");

    EXPECT_EQ(service_.GetDepartment(county, lixia.id).name, lixia.name);
    EXPECT_EQ(service_.GetDepartment(county, lixia_town.id).id, lixia_town.id);
    // Outside the scope answers exactly like an unknown id: not_found, not forbidden.
    Error outside = ErrorOf([&] { service_.GetDepartment(county, shizhong.id); });
    Error unknown = ErrorOf([&] { service_.GetDepartment(county, "01J00000000000000000000000"); });
    EXPECT_EQ(outside.code(), ErrorCode::kNotFound);
    EXPECT_EQ(std::string(outside.what()), std::string(unknown.what()));
    EXPECT_EQ(ErrorOf([&] { service_.GetDepartment(county, jinan.id); }).code(), ErrorCode::kNotFound);
    EXPECT_EQ(ErrorOf([&] {
                  service_.UpdateDepartment(county, shizhong.id, DepartmentPatch{"改名", std::nullopt});
              }).code(),
              ErrorCode::kNotFound);
    EXPECT_EQ(service_.GetDepartment(system_, shizhong.id).name, shizhong.name);  // unchanged

    DepartmentPage page = service_.ListDepartments(county, DepartmentQuery{});
    EXPECT_EQ(page.total, 2);
    ASSERT_EQ(page.items.size(), 2u);
    EXPECT_EQ(page.items[0].id, lixia.id);
    EXPECT_EQ(page.items[1].id, lixia_town.id);
    EXPECT_EQ(service_.ListDepartments(ContextIn("3701"), DepartmentQuery{}).total, 4);
    EXPECT_EQ(service_.ListDepartments(ContextIn("11"), DepartmentQuery{}).total, 0);

    // Creating outside the scope is refused.
    Error create_outside = ErrorOf([&] {
        service_.CreateDepartment(county, NewDepartment{"370103", "water", "市中区水务局", std::nullopt});
    });
    EXPECT_EQ(create_outside.code(), ErrorCode::kForbidden);
    EXPECT_EQ(
        service_.CreateDepartment(county, NewDepartment{"370102", "water", "历下区水务局", std::nullopt}).region_code,
        "370102");
}

TEST_P(RegionServiceTest, ListFiltersAndPages) {
    Create("370102", "hrss", "A 人社");
    Create("370102", "housing", "B 住建");
    Create("370102001", "housing", "C 住建所");
    Create("370103", "housing", "D 住建");
    Create("110101", "finance", "E 财政");

    DepartmentQuery by_kind;
    by_kind.kind = "housing";
    EXPECT_EQ(service_.ListDepartments(system_, by_kind).total, 3);

    DepartmentQuery by_region;
    by_region.region_code = "370102";  // the region and below
    DepartmentPage lixia = service_.ListDepartments(system_, by_region);
    EXPECT_EQ(lixia.total, 3);
    by_region.kind = "housing";
    EXPECT_EQ(service_.ListDepartments(system_, by_region).total, 2);

    DepartmentQuery paged;
    paged.limit = 2;
    paged.offset = 0;
    DepartmentPage first = service_.ListDepartments(system_, paged);
    paged.offset = 4;
    DepartmentPage last = service_.ListDepartments(system_, paged);
    EXPECT_EQ(first.total, 5);
    ASSERT_EQ(first.items.size(), 2u);
    EXPECT_EQ(first.items[0].region_code, "110101");  // ordered by region code
    EXPECT_EQ(last.total, 5);
    ASSERT_EQ(last.items.size(), 1u);
    EXPECT_EQ(last.items[0].region_code, "370103");

    DepartmentQuery bad_kind;
    bad_kind.kind = "police";
    EXPECT_TRUE(ErrorOf([&] { service_.ListDepartments(system_, bad_kind); }).fields().contains("kind"));
}

TEST_P(RegionServiceTest, UpdatesNameAndPhone) {
    Department d = Create("370102", "transport", "历下区交通局");
    const auto audit_before = AuditEvents();
    test_db_.clock().Advance(minutes(5));

    Department renamed =
        service_.UpdateDepartment(system_, d.id, DepartmentPatch{"历下区交通运输局", std::string("0531 1234567")});
    EXPECT_EQ(renamed.name, "历下区交通运输局");
    EXPECT_EQ(renamed.phone, "0531 1234567");
    EXPECT_EQ(renamed.created_at, d.created_at);
    EXPECT_EQ(renamed.updated_at, d.created_at + minutes(5));
    EXPECT_EQ(AuditEvents(), audit_before + 1);
    Department read = service_.GetDepartment(ContextIn("370102"), d.id);
    EXPECT_EQ(read.name, "历下区交通运输局");
    EXPECT_EQ(read.updated_at, renamed.updated_at);

    // An empty phone clears it; a patch that changes nothing writes nothing.
    Department cleared = service_.UpdateDepartment(system_, d.id, DepartmentPatch{std::nullopt, std::string("")});
    EXPECT_EQ(cleared.phone, std::nullopt);
    EXPECT_EQ(service_.GetDepartment(system_, d.id).phone, std::nullopt);
    const auto audit_after_clear = AuditEvents();
    test_db_.clock().Advance(minutes(5));
    Department same = service_.UpdateDepartment(system_, d.id, DepartmentPatch{"历下区交通运输局", std::nullopt});
    EXPECT_EQ(same.updated_at, cleared.updated_at);
    EXPECT_EQ(AuditEvents(), audit_after_clear);

    Error bad = ErrorOf([&] { service_.UpdateDepartment(system_, d.id, DepartmentPatch{" ", std::string("x")}); });
    EXPECT_EQ(bad.code(), ErrorCode::kInvalidArgument);
    EXPECT_TRUE(bad.fields().contains("name"));
    EXPECT_TRUE(bad.fields().contains("phone"));

    Create("370102", "transport", "历下区交通局");  // the old name is free again
    Error dup = ErrorOf([&] {
        service_.UpdateDepartment(system_, d.id, DepartmentPatch{"历下区交通局", std::nullopt});
    });
    EXPECT_EQ(dup.code(), ErrorCode::kConflict);
    EXPECT_EQ(ErrorOf([&] { service_.UpdateDepartment(system_, "nope", DepartmentPatch{}); }).code(),
              ErrorCode::kNotFound);
}

INSTANTIATE_TEST_SUITE_P(Backends, RegionServiceTest, ::testing::ValuesIn(anxin::testing::TestBackends()),
                         anxin::testing::BackendName());

}  // namespace
}  // namespace anxin::region
