// JSON for the region module's API (camelCase): division and department bodies, and the request
// bodies of POST/PATCH /api/v1/departments read through core::JsonReader.
#pragma once

#include <boost/json/value.hpp>
#include <boost/json/value_from.hpp>

#include "region/region.hpp"

namespace anxin::region {

// {"code","name","level","parentCode"}; parentCode is null for provinces.
void tag_invoke(boost::json::value_from_tag, boost::json::value& out, const Division& division);
// {"id","regionCode","kind","name","phone","createdAt","updatedAt"}; timestamps as RFC 3339 Shanghai time.
void tag_invoke(boost::json::value_from_tag, boost::json::value& out, const Department& department);

// Throw Error(kInvalidArgument) listing every field problem of the body.
NewDepartment ReadNewDepartment(const boost::json::value& body);
// Only present fields are changed; "phone": null or "" clears the hotline.
DepartmentPatch ReadDepartmentPatch(const boost::json::value& body);

}  // namespace anxin::region
