// Fuzz target: the small parsers of values strangers type — yuan amounts, dates, timestamps, ID
// numbers (GB 11643) and credit codes (GB 32100) — with the properties they promise: a parsed
// amount lies within the platform's bound and formats back to itself; a parsed date prints back.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "core/identifiers.hpp"
#include "core/money.hpp"
#include "core/time.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace anxin::core;
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    if (auto fen = ParseYuan(text)) {
        if (*fen > kMaxAmountFen || *fen < -kMaxAmountFen) std::abort();
        if (ParseYuan(FormatYuan(*fen)) != fen) std::abort();
    }
    if (auto date = Date::Parse(text)) {
        if (Date::Parse(date->ToString()) != date) std::abort();
    }
    (void)ParseTimestamp(std::string(text));
    (void)ParseIdNumber(text, Date(2026, 12, 7));
    (void)CheckCreditCode(text);
    return 0;
}
