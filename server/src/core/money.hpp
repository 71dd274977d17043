// Money is an integer number of fen (分) end to end. Yuan strings from files and forms are parsed
// exactly, digit by digit; a double never holds an amount.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace anxin::core {

using Fen = std::int64_t;

// The largest single amount the platform accepts anywhere (a JSON field, a file cell, a bank
// feed line): ¥10 billion. Larger figures are typing or attack, never a wage or a project price.
inline constexpr Fen kMaxAmountFen = 1'000'000'000'000;
// The largest stored total (an account's credits, a case's claim, a payroll): ¥10 trillion. Writes
// that would pass it are refused, so a SUM over as many as 9,000 such totals still fits in int64
// and no read can overflow because of what was stored.
inline constexpr Fen kMaxTotalFen = 1'000'000'000'000'000;

// a + b when both and the result lie within ±kMaxTotalFen; nullopt otherwise (never wraps).
std::optional<Fen> AddFen(Fen a, Fen b);

// "1234", "1234.5", "1234.56", "-3.10", "1,234.56" → fen. nullopt for anything else (more than two
// decimals, letters, empty, beyond ±kMaxAmountFen).
std::optional<Fen> ParseYuan(std::string_view text);

// 123456 → "1234.56"; -5 → "-0.05".
std::string FormatYuan(Fen amount);

}  // namespace anxin::core
