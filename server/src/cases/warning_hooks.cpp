#include "cases/warning_hooks.hpp"

#include <algorithm>

#include <spdlog/spdlog.h>

#include "registry/projects.hpp"

namespace anxin::cases {

WarningFacts WarningHooks::Facts(storage::Transaction& tx, const warnings::Warning& w) {
    WarningFacts f;
    f.warning_id = w.id;
    f.indicator = w.indicator;
    if (const auto* info = warnings::FindIndicator(w.indicator)) f.indicator_name = std::string(info->name);
    f.level = w.level;
    f.explanation = w.explanation;
    f.project_id = w.project_id;
    f.employer_id = w.enterprise_id;
    f.region_code = w.region_code;
    if (!w.industry.empty()) f.industry = w.industry;
    f.deadline_on = w.deadline_on;
    // The evidence's amount (fen) when the indicator reports one.
    if (w.evidence.is_object()) {
        if (const auto* amount = w.evidence.as_object().if_contains("amount"); amount && amount->is_int64()) {
            f.amount = std::max<core::Fen>(0, amount->as_int64());
        }
    }
    if (w.project_id) {
        if (auto project = registry::ProjectService::FindFacts(tx, *w.project_id)) {
            if (f.region_code.empty()) f.region_code = project->region_code;
            if (!f.industry && !project->industry.empty()) f.industry = project->industry;
            for (const auto& p : project->participants) {
                if (w.enterprise_id && p.enterprise_id == *w.enterprise_id) f.employer_name = p.enterprise_name;
            }
            if (f.employer_name.empty()) f.employer_name = project->name;
        }
    }
    if (f.employer_name.empty()) f.employer_name = w.enterprise_id.value_or("");
    return f;
}

std::string WarningHooks::OpenCaseForWarning(storage::Transaction& tx, const warnings::Warning& warning) {
    return service_.OpenFromWarning(tx, Facts(tx, warning));
}

void WarningHooks::WarningCleared(storage::Transaction& tx, const warnings::Warning& warning) {
    if (!warning.case_id) return;
    if (!service_.RecordWarningCleared(tx, *warning.case_id, Facts(tx, warning))) {
        spdlog::warn("warning {} cleared but its case {} does not exist", warning.id, *warning.case_id);
    }
}

}  // namespace anxin::cases
