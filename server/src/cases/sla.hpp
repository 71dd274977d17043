// The SLA check of cases (run daily by the scheduler and by `anxin sla-check [--as-of DATE]`):
// overdue → yellow card; still no progress case.red_card_after_days days after the yellow card →
// red card and a case.card message to the county's principal official. CaseService::RunSlaCheck
// (sla.cpp) does the work; this header only describes a report for people.
#pragma once

#include <string>

#include "cases/cases.hpp"

namespace anxin::cases {

// "sla-check 2026-10-12: 12 open cases checked, 2 yellow, 1 red, 1 message".
std::string DescribeSlaReport(const SlaReport& report);

}  // namespace anxin::cases
