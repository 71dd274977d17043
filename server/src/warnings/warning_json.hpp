// JSON of the warnings module (camelCase). Worker names inside evidence are masked ("张*") for
// every role but supervisors (who may also unmask workers through the registry).
#pragma once

#include <boost/json.hpp>

#include "core/principal.hpp"
#include "warnings/warnings.hpp"

namespace anxin::warnings {

std::string MaskName(std::string_view name);  // first character + "*" per further character
boost::json::value MaskEvidence(const boost::json::value& evidence);
bool SeesFullNames(const core::Principal& principal);

boost::json::object WarningJson(const Warning& w, bool full_names);
boost::json::object EventJson(const WarningEvent& e);
boost::json::object RunSummaryJson(const RunSummary& run);
boost::json::object SummaryJson(const WarningSummary& s);
boost::json::object IndicatorJson(const IndicatorInfo& info);

}  // namespace anxin::warnings
