#include "core/money.hpp"

#include <limits>

namespace anxin::core {

std::optional<Fen> ParseYuan(std::string_view text) {
    while (!text.empty() && text.front() == ' ') text.remove_prefix(1);
    while (!text.empty() && text.back() == ' ') text.remove_suffix(1);
    if (text.empty()) return std::nullopt;
    bool negative = false;
    if (text.front() == '-' || text.front() == '+') {
        negative = text.front() == '-';
        text.remove_prefix(1);
    }
    constexpr Fen kMax = kMaxAmountFen / 100;
    Fen yuan = 0;
    int integer_digits = 0;
    size_t i = 0;
    for (; i < text.size() && text[i] != '.'; ++i) {
        char c = text[i];
        if (c == ',') continue;  // thousands separators from spreadsheets
        if (c < '0' || c > '9') return std::nullopt;
        if (yuan > (kMax - (c - '0')) / 10) return std::nullopt;  // yuan * 10 + digit would pass kMax
        yuan = yuan * 10 + (c - '0');
        ++integer_digits;
    }
    Fen fen = 0;
    int decimals = 0;
    if (i < text.size()) {  // text[i] == '.'
        for (++i; i < text.size(); ++i) {
            char c = text[i];
            if (c < '0' || c > '9' || decimals == 2) return std::nullopt;
            fen = fen * 10 + (c - '0');
            ++decimals;
        }
        if (decimals == 0 && integer_digits == 0) return std::nullopt;
    }
    if (integer_digits == 0 && decimals == 0) return std::nullopt;
    if (decimals == 1) fen *= 10;
    Fen total = yuan * 100 + fen;
    if (total > kMaxAmountFen) return std::nullopt;
    return negative ? -total : total;
}

std::optional<Fen> AddFen(Fen a, Fen b) {
    if (a > kMaxTotalFen || a < -kMaxTotalFen || b > kMaxTotalFen || b < -kMaxTotalFen) return std::nullopt;
    Fen sum = a + b;  // cannot wrap: both are far inside int64
    if (sum > kMaxTotalFen || sum < -kMaxTotalFen) return std::nullopt;
    return sum;
}

std::string FormatYuan(Fen amount) {
    bool negative = amount < 0;
    // Work in unsigned to survive INT64_MIN.
    unsigned long long magnitude = negative ? 0ULL - static_cast<unsigned long long>(amount)
                                            : static_cast<unsigned long long>(amount);
    std::string cents = std::to_string(magnitude % 100);
    if (cents.size() == 1) cents.insert(cents.begin(), '0');
    return (negative ? "-" : "") + std::to_string(magnitude / 100) + "." + cents;
}

}  // namespace anxin::core
