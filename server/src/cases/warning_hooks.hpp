// The cases module's side of the warnings hook (warnings/warnings.hpp, 三网融合):
//   CaseOpener::OpenCaseForWarning → CaseService::OpenFromWarning (the project's open case, else a new
//                                    case with warning_id set; the engine stores the returned id)
//   CaseOpener::WarningCleared     → CaseService::RecordWarningCleared (a "from_warning" step, 预警已消除)
// Both run inside the warning engine's transaction and never commit it. The app owns this object and
// passes it to warnings::WarningService::SetCaseOpener. (cases → warnings: warnings depends on
// neither cases nor clues, so there is no cycle.)
#pragma once

#include "cases/case_service.hpp"
#include "cases/cases.hpp"
#include "warnings/warnings.hpp"

namespace anxin::cases {

class WarningHooks final : public warnings::CaseOpener {
  public:
    explicit WarningHooks(CaseService& service) : service_(service) {}
    std::string OpenCaseForWarning(storage::Transaction& tx, const warnings::Warning& warning) override;
    void WarningCleared(storage::Transaction& tx, const warnings::Warning& warning) override;

    // The plain facts of a warning and its project (registry, in the caller's transaction).
    static WarningFacts Facts(storage::Transaction& tx, const warnings::Warning& warning);

  private:
    CaseService& service_;
};

}  // namespace anxin::cases
