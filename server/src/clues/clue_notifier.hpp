// The outbox-backed ClueNotifier: clue messages go to notify::Enqueue in the clue's transaction,
// so a message exists exactly when the decision that caused it does.
#pragma once

#include "clues/clues.hpp"
#include "core/crypto.hpp"
#include "core/time.hpp"

namespace anxin::clues {

// Thread-safe: references only; the clock and cipher must outlive it.
class OutboxClueNotifier final : public ClueNotifier {
public:
    OutboxClueNotifier(const core::Clock& clock, const core::FieldCipher& cipher) : clock_(clock), cipher_(cipher) {}
    void Enqueue(storage::Transaction& tx, const ClueMessage& message) override;

private:
    const core::Clock& clock_;
    const core::FieldCipher& cipher_;
};

}  // namespace anxin::clues
