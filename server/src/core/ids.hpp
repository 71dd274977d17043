// Application-generated identifiers: 26-character, time-ordered, unguessable (ULID layout: 48-bit
// millisecond time + 80 random bits from libsodium, Crockford base32). Ids are made by the app, not
// the database, so both backends behave the same and a row's id is known before it is written.
#pragma once

#include <string>
#include <string_view>

#include "core/time.hpp"

namespace anxin::core {

std::string NewId(Timestamp now);
bool LooksLikeId(std::string_view text);

// n random bytes as lowercase hex (tokens, salts).
std::string RandomHex(size_t bytes);

// SHA-256 as lowercase hex (libsodium).
std::string Sha256Hex(std::string_view data);

}  // namespace anxin::core
