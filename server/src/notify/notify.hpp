// The notify module as other modules see it: put a message in the outbox inside your own
// transaction, so the message exists exactly when the step that caused it does (a rollback drops
// it). Delivery happens later, after commit and outside any transaction (outbox.hpp), through
// channel plug-ins (senders.hpp). Modules include only this header.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include <boost/json/object.hpp>

#include "core/crypto.hpp"
#include "core/time.hpp"
#include "storage/database.hpp"

namespace anxin::notify {

inline constexpr std::string_view kChannelSms = "sms";            // recipient: a mobile phone number
inline constexpr std::string_view kChannelInternal = "internal";  // recipient: a user id

struct OutboxMessage {
    std::string channel;         // kChannelSms or kChannelInternal
    std::string recipient;       // phone (sms) or user id (internal); stored sealed, shown masked
    std::string template_key;    // a key of the template table (templates.hpp), e.g. "clue.accepted"
    boost::json::object params;  // values for the template's {placeholders}; strings or numbers
    // Messages with the same key are written once: a repeated Enqueue (a retried import, a job that
    // runs twice) writes nothing and returns the first message's id.
    std::optional<std::string> dedupe_key;
    // The region the message is about (the case's, the clue's, the project's): supervisors review
    // their region's messages. Internal messages to "region:X" / "county-principal:X" default to X.
    std::optional<std::string> region_code = std::nullopt;
};

// Renders the template and writes one pending message in the caller's transaction; returns its id.
// Only the parameters the template references are stored (anything else passed is dropped).
// Programming errors throw std::logic_error: unknown channel or template, empty recipient, a missing
// parameter, or a parameter value that looks like an ID number or a mobile number (templates never
// carry personal data; see templates.hpp).
std::string Enqueue(storage::Transaction& tx, const core::Clock& clock, const core::FieldCipher& cipher,
                    const OutboxMessage& message);

}  // namespace anxin::notify
