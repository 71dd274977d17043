// HTTP routes of the region parameters (parameters.hpp):
//   GET    /api/v1/parameters?regionCode=CODE          parameter.read   every parameter, effective values
//   PUT    /api/v1/parameters/{key}                    parameter.write  {"regionCode", "value"}
//   DELETE /api/v1/parameters/{key}?regionCode=CODE    parameter.write  back to the inherited value
// regionCode absent or "" means the platform-wide value. Values are JSON integers for integer
// types and strings for text and phone types.
#pragma once

#include "http/http.hpp"
#include "region/parameters.hpp"

namespace anxin::region {

// The service must outlive the router.
void RegisterParameterRoutes(http::Router& router, ParameterService& service);

}  // namespace anxin::region
