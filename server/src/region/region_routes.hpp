// HTTP routes of the region module:
//   GET   /api/v1/regions?parent=CODE           region.read       children (provinces without parent)
//   GET   /api/v1/regions/{code}                region.read
//   GET   /api/v1/departments                   department.read   paged; ?regionCode=&kind=
//   POST  /api/v1/departments                   department.write  201
//   GET   /api/v1/departments/{departmentId}    department.read
//   PATCH /api/v1/departments/{departmentId}    department.write
#pragma once

#include "http/http.hpp"
#include "region/region.hpp"

namespace anxin::region {

// The service must outlive the router.
void RegisterRegionRoutes(http::Router& router, RegionService& service);

}  // namespace anxin::region
