// The cases module's side of the clues hooks (clues/clues.hpp) and of the notify outbox:
//   CaseIntake::AttachClue          → CaseService::AttachClue (merge / collective / new case)
//   CaseTimelineProvider::Timeline  → CaseService::PublicView (public-safe steps for the H5 page)
//   CaseConfirmation                → CaseService::RecordWorkerAnswer (moneyArrived true: confirmation
//                                     that covers the claim; false: reopen one level up within the window)
//   NotifyMessageSink               → notify::Enqueue in the step's transaction; complainants' contacts
//                                     through clues::ComplainantOfClue
//   ProjectOpenCaseChecker          → wages::OpenCaseChecker (REG 27: no account closure with an open case)
// The app owns these objects and gives them to clues::ClueService at construction.
#pragma once

#include "cases/case_service.hpp"
#include "cases/cases.hpp"
#include "clues/clues.hpp"
#include "core/crypto.hpp"
#include "wages/wages.hpp"

namespace anxin::cases {

class ClueHooks final : public clues::CaseIntake, public clues::CaseTimelineProvider, public clues::CaseConfirmation {
  public:
    explicit ClueHooks(CaseService& service) : service_(service) {}
    std::string AttachClue(storage::Transaction& tx, const clues::ClueForCase& clue) override;
    std::optional<clues::CaseTimeline> Timeline(storage::Transaction& tx, std::string_view case_id) override;
    void ComplainantConfirmed(storage::Transaction& tx, const clues::ComplainantConfirmation& confirmation) override;

  private:
    CaseService& service_;
};

// Writes case messages to the notify outbox. Without a cipher (no data key) nothing is written.
class NotifyMessageSink final : public MessageSink {
  public:
    NotifyMessageSink(const core::Clock& clock, const core::FieldCipher* cipher) : clock_(clock), cipher_(cipher) {}
    void Enqueue(storage::Transaction& tx, const notify::OutboxMessage& message) override;
    std::optional<ComplainantContact> Complainant(storage::Transaction& tx, std::string_view clue_id) override;

  private:
    const core::Clock& clock_;
    const core::FieldCipher* cipher_;
};

class ProjectOpenCaseChecker final : public wages::OpenCaseChecker {
  public:
    bool HasOpenCases(storage::Transaction& tx, std::string_view project_id) const override {
        return CaseService::HasOpenCase(tx, project_id);
    }
};

}  // namespace anxin::cases
