// The daily circular (日通报) of case handling for leaders: new, closed, overdue, yellow and red
// cards, amounts claimed (cases opened that day) and recovered (cases closed that day), by county and
// by industry. CaseService::DailyCircular (circular.cpp) computes it in the caller's scope; this
// header turns it into JSON and an .xlsx workbook (libxlsxwriter).
#pragma once

#include <string>

#include <boost/json/value.hpp>

#include "cases/cases.hpp"

namespace anxin::cases {

boost::json::value CircularToJson(const Circular& circular);
// Throws Error(kInternal) when the workbook cannot be written.
std::string CircularToXlsx(const Circular& circular);

}  // namespace anxin::cases
