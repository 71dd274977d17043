// Money is an integer number of fen (分) end to end. Yuan strings from files and forms are parsed
// exactly, digit by digit; a double never holds an amount.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace anxin::core {

using Fen = std::int64_t;

// "1234", "1234.5", "1234.56", "-3.10", "1,234.56" → fen. nullopt for anything else (more than two
// decimals, letters, empty, overflow).
std::optional<Fen> ParseYuan(std::string_view text);

// 123456 → "1234.56"; -5 → "-0.05".
std::string FormatYuan(Fen amount);

}  // namespace anxin::core
