#include "clues/clue_notifier.hpp"

#include "notify/notify.hpp"

namespace anxin::clues {

void OutboxClueNotifier::Enqueue(storage::Transaction& tx, const ClueMessage& message) {
    notify::OutboxMessage out;
    out.channel = message.channel;
    out.recipient = message.recipient;
    out.template_key = message.template_name;
    for (const auto& [key, value] : message.params) out.params[key] = value;
    if (!message.dedupe_key.empty()) out.dedupe_key = message.dedupe_key;
    notify::Enqueue(tx, clock_, cipher_, out);
}

}  // namespace anxin::clues
