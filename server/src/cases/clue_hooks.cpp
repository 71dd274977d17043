#include "cases/clue_hooks.hpp"

#include "core/error.hpp"
#include "notify/notify.hpp"

namespace anxin::cases {

std::string ClueHooks::AttachClue(storage::Transaction& tx, const clues::ClueForCase& clue) {
    ClueFacts facts;
    facts.clue_id = clue.clue_id;
    facts.channel = clue.channel;
    facts.project_id = clue.project_id;
    facts.employer_id = clue.employer_id;
    facts.employer_name = clue.employer_name;
    facts.region_code = clue.region_code;
    facts.county_code = clue.county_code;
    facts.industry = clue.industry;
    facts.worker_id = clue.worker_id;
    facts.worker_name = clue.complainant_name;
    facts.worker_count = clue.worker_count;
    facts.amount = clue.amount;
    facts.unpaid_from = clue.unpaid_from;
    facts.unpaid_to = clue.unpaid_to;
    facts.key_grade = clue.key_grade;
    facts.received_at = clue.received_at;
    return service_.AttachClue(tx, facts);
}

std::optional<clues::CaseTimeline> ClueHooks::Timeline(storage::Transaction& tx, std::string_view case_id) {
    auto view = service_.PublicView(tx, case_id);
    if (!view) return std::nullopt;
    clues::CaseTimeline out;
    out.state_label = view->state_label;
    out.closed = view->closed;
    out.next_deadline_on = view->next_deadline_on;
    if (view->next_deadline_on) out.next_deadline_label = view->state == "accepted" ? "首次联系期限" : "办理期限";
    for (const auto& s : view->steps) {
        clues::CaseTimelineStep step;
        step.at = s.at;
        step.title = s.label;
        if (s.conclusion) step.detail = "办结结论：" + *s.conclusion;
        out.steps.push_back(std::move(step));
    }
    return out;
}

void ClueHooks::ComplainantConfirmed(storage::Transaction& tx, const clues::ComplainantConfirmation& confirmation) {
    service_.RecordWorkerAnswer(tx, confirmation.clue_id, confirmation.money_arrived, std::nullopt);
}

void NotifyMessageSink::Enqueue(storage::Transaction& tx, const notify::OutboxMessage& message) {
    if (!cipher_) return;  // no data key: recipients cannot be sealed, so nothing is queued
    notify::Enqueue(tx, clock_, *cipher_, message);
}

std::optional<ComplainantContact> NotifyMessageSink::Complainant(storage::Transaction& tx, std::string_view clue_id) {
    if (!cipher_) return std::nullopt;
    auto contact = clues::ComplainantOfClue(tx, *cipher_, clue_id);
    if (!contact) return std::nullopt;
    return ComplainantContact{std::move(contact->tracking_code), std::move(contact->phone)};
}

}  // namespace anxin::cases
