#include "region/region_json.hpp"

#include <gtest/gtest.h>
#include <boost/json.hpp>

#include "core/error.hpp"

namespace anxin::region {
namespace {

namespace json = boost::json;

TEST(RegionJsonTest, DivisionShape) {
    json::value v = json::value_from(Division{"370102", "历下区", DivisionLevel::kCounty, "3701"});
    EXPECT_EQ(v, json::parse(R"({"code":"370102","name":"历下区","level":3,"parentCode":"3701"})"));
    json::value province = json::value_from(Division{"37", "山东省", DivisionLevel::kProvince, std::nullopt});
    EXPECT_TRUE(province.at("parentCode").is_null());
}

TEST(RegionJsonTest, DepartmentShape) {
    auto at = core::ParseTimestamp("2026-03-02T09:00:00+08:00").value();
    json::value v = json::value_from(Department{"01J", "370102", "hrss", "历下区人社局", std::nullopt, at, at});
    EXPECT_EQ(v, json::parse(R"({"id":"01J","regionCode":"370102","kind":"hrss","name":"历下区人社局","phone":null,
        "createdAt":"2026-03-02T09:00:00.000+08:00","updatedAt":"2026-03-02T09:00:00.000+08:00"})"));
}

TEST(RegionJsonTest, ReadsNewDepartment) {
    NewDepartment d = ReadNewDepartment(
        json::parse(R"({"regionCode":"370102","kind":"water","name":"历下区水务局","phone":"0531-1234567"})"));
    EXPECT_EQ(d.region_code, "370102");
    EXPECT_EQ(d.kind, "water");
    EXPECT_EQ(d.name, "历下区水务局");
    EXPECT_EQ(d.phone, "0531-1234567");
    EXPECT_EQ(ReadNewDepartment(json::parse(R"({"regionCode":"37","kind":"other","name":"x"})")).phone, std::nullopt);
}

TEST(RegionJsonTest, NewDepartmentListsEveryBadField) {
    try {
        ReadNewDepartment(json::parse(R"({"regionCode":370102,"kind":"police","phone":5})"));
        FAIL();
    } catch (const Error& e) {
        EXPECT_EQ(e.code(), ErrorCode::kInvalidArgument);
        for (const char* f : {"regionCode", "kind", "name", "phone"}) EXPECT_TRUE(e.fields().contains(f)) << f;
    }
}

TEST(RegionJsonTest, PatchDistinguishesAbsentFromNull) {
    DepartmentPatch only_name = ReadDepartmentPatch(json::parse(R"({"name":"新名"})"));
    EXPECT_EQ(only_name.name, "新名");
    EXPECT_EQ(only_name.phone, std::nullopt);
    DepartmentPatch clear = ReadDepartmentPatch(json::parse(R"({"phone":null})"));
    EXPECT_EQ(clear.name, std::nullopt);
    EXPECT_EQ(clear.phone, "");
    DepartmentPatch set = ReadDepartmentPatch(json::parse(R"({"phone":"12345"})"));
    EXPECT_EQ(set.phone, "12345");
    EXPECT_THROW(ReadDepartmentPatch(json::parse(R"({"name":7})")), Error);
    EXPECT_THROW(ReadDepartmentPatch(json::parse("[]")), Error);
}

}  // namespace
}  // namespace anxin::region
