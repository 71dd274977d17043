#include "region/region_json.hpp"

#include <boost/json.hpp>

#include "core/validation.hpp"
#include "region/region_service.hpp"

namespace anxin::region {
namespace {

namespace json = boost::json;

json::value OptionalText(const std::optional<std::string>& text) {
    if (!text) return nullptr;
    return json::string(*text);
}

}  // namespace

void tag_invoke(json::value_from_tag, json::value& out, const Division& division) {
    out = json::object{{"code", division.code},
                       {"name", division.name},
                       {"level", static_cast<int>(division.level)},
                       {"parentCode", OptionalText(division.parent_code)}};
}

void tag_invoke(json::value_from_tag, json::value& out, const Department& department) {
    out = json::object{{"id", department.id},
                       {"regionCode", department.region_code},
                       {"kind", department.kind},
                       {"name", department.name},
                       {"phone", OptionalText(department.phone)},
                       {"createdAt", core::FormatTimestamp(department.created_at)},
                       {"updatedAt", core::FormatTimestamp(department.updated_at)}};
}

NewDepartment ReadNewDepartment(const json::value& body) {
    core::JsonReader reader(body);
    NewDepartment input;
    input.region_code = reader.RequiredString("regionCode", 12);
    input.kind = reader.RequiredEnum(
        "kind", {kDepartmentKinds[0], kDepartmentKinds[1], kDepartmentKinds[2], kDepartmentKinds[3],
                 kDepartmentKinds[4], kDepartmentKinds[5], kDepartmentKinds[6], kDepartmentKinds[7]});
    input.name = reader.RequiredString("name", kDepartmentNameMaxChars);
    input.phone = reader.OptionalString("phone", kPhoneMaxChars);
    reader.Finish();
    return input;
}

DepartmentPatch ReadDepartmentPatch(const json::value& body) {
    core::JsonReader reader(body);
    DepartmentPatch patch;
    patch.name = reader.OptionalString("name", kDepartmentNameMaxChars);
    reader.Accept("phone");
    if (const auto* object = body.if_object(); object && object->contains("phone")) {
        // JsonReader reads null as absent; here an explicit null clears the hotline.
        patch.phone = (*object).at("phone").is_null() ? std::optional<std::string>("")
                                                      : reader.OptionalString("phone", kPhoneMaxChars);
    }
    reader.Finish();
    return patch;
}

}  // namespace anxin::region
