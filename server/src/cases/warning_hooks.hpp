// The cases module's side of the warnings hook (warnings/warnings.hpp, 三网融合):
//   CaseOpener::OpenCaseForWarning → CaseService::OpenFromWarning (the project's open case, else a new
//                                    case with warning_id set; the engine stores the returned id)
//   CaseOpener::WarningCleared     → CaseService::RecordWarningCleared (a "from_warning" step, 预警已消除)
// Both run inside the warning engine's transaction and never commit it.
// ComplaintFactsReader answers warnings::ComplaintFacts (CLS-01, CPL-01, CPL-02, PAY-10) from cases_case
// and what clues publishes (clues_clue_published). The app owns both and gives them to the
// WarningService. (cases → warnings: warnings depends on neither cases nor clues, so there is no cycle.)
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

class ComplaintFactsReader final : public warnings::ComplaintFacts {
  public:
    std::vector<OpenClue> CluesUnderHandling(storage::Transaction& tx, core::Timestamp before,
                                             const std::vector<std::string>* project_ids) const override;
    std::map<std::string, std::int64_t> OpenCasesByProject(storage::Transaction& tx, core::Timestamp before,
                                                           const std::vector<std::string>* project_ids) const override;
    std::vector<ReceivedClue> CluesReceived(storage::Transaction& tx, core::Timestamp from, core::Timestamp before,
                                            const std::vector<std::string>* project_ids) const override;
    std::vector<PendingClue> CluesInTimeLimitedStage(storage::Transaction& tx, core::Timestamp before,
                                                     const std::vector<std::string>* project_ids) const override;
    // The case's current stage is read (cases keep no stage history per day): an order paid since
    // no longer counts even for an earlier as-of day.
    std::vector<MissedPayOrder> MissedPayOrders(storage::Transaction& tx, core::Date as_of,
                                                const std::vector<std::string>* project_ids) const override;
};

}  // namespace anxin::cases
