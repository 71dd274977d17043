// Small text helpers shared by every module's input handling.
#pragma once

#include <string>
#include <string_view>

namespace anxin::core {

// `text` without leading and trailing ASCII whitespace (space, tab, CR, LF). Other whitespace, such as
// the no-break space of spreadsheets, is the tabular reader's business.
inline std::string_view TrimSpace(std::string_view text) {
    constexpr std::string_view kWhitespace = " \t\r\n";
    const auto begin = text.find_first_not_of(kWhitespace);
    if (begin == std::string_view::npos) return {};
    return text.substr(begin, text.find_last_not_of(kWhitespace) - begin + 1);
}

// A LIKE pattern matching values that contain `text`, its own %, _ and \ taken literally; use it
// with ESCAPE '\' (both backends).
inline std::string LikeContaining(std::string_view text) {
    std::string pattern = "%";
    for (char c : text) {
        if (c == '%' || c == '_' || c == '\\') pattern += '\\';
        pattern += c;
    }
    return pattern + "%";
}

}  // namespace anxin::core
