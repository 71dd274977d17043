#include "core/identifiers.hpp"
#include "core/text.hpp"

#include <array>
#include <chrono>
#include <cstdio>
#include <stdexcept>

namespace anxin::core {
namespace {

constexpr std::array<int, 17> kIdWeights = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
constexpr std::string_view kIdCheckChars = "10X98765432";

constexpr std::string_view kCreditCharset = "0123456789ABCDEFGHJKLMNPQRTUWXY";
constexpr std::array<int, 17> kCreditWeights = {1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28};

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

std::string_view TrimAscii(std::string_view s) { return core::TrimSpace(s); }

// Caller guarantees 17 leading digits.
char IdCheckChar(std::string_view first17) {
    int sum = 0;
    for (size_t i = 0; i < 17; ++i) sum += (first17[i] - '0') * kIdWeights[i];
    return kIdCheckChars[static_cast<size_t>(sum % 11)];
}

int CreditValue(char c) {
    auto pos = kCreditCharset.find(c);
    return pos == std::string_view::npos ? -1 : static_cast<int>(pos);
}

// Caller guarantees 17 characters from the charset.
char CreditCheckChar(std::string_view body17) {
    int sum = 0;
    for (size_t i = 0; i < 17; ++i) sum += CreditValue(body17[i]) * kCreditWeights[i];
    int check = 31 - sum % 31;
    if (check == 31) check = 0;
    return kCreditCharset[static_cast<size_t>(check)];
}

int Digits(std::string_view s) {
    int v = 0;
    for (char c : s) v = v * 10 + (c - '0');
    return v;
}

}  // namespace

IdNumberCheck ParseIdNumber(std::string_view text, Date today) {
    IdNumberCheck result;
    std::string_view s = TrimAscii(text);
    for (char c : s) {
        if (static_cast<unsigned char>(c) >= 0x80) {
            result.reason = "只能包含数字和 X（请使用半角字符）";
            return result;
        }
    }
    if (s.size() != 18) {
        result.reason = "长度应为 18 位";
        return result;
    }
    for (size_t i = 0; i < 17; ++i) {
        if (!IsDigit(s[i])) {
            result.reason = "前 17 位只能是数字";
            return result;
        }
    }
    char last = s[17] == 'x' ? 'X' : s[17];
    if (!IsDigit(last) && last != 'X') {
        result.reason = "第 18 位只能是数字或 X";
        return result;
    }

    int year = Digits(s.substr(6, 4));
    auto month = static_cast<unsigned>(Digits(s.substr(10, 2)));
    auto day = static_cast<unsigned>(Digits(s.substr(12, 2)));
    std::chrono::year_month_day ymd{std::chrono::year(year), std::chrono::month(month), std::chrono::day(day)};
    if (year < 1800 || !ymd.ok()) {  // GB 11643 encodes births from the 1800s (DOMAIN §10 sample)
        result.reason = "出生日期无效";
        return result;
    }
    Date birth(year, month, day);
    if (birth > today) {
        result.reason = "出生日期不能晚于今天";
        return result;
    }
    if (IdCheckChar(s) != last) {
        result.reason = "校验位不正确";
        return result;
    }

    IdNumberInfo info;
    info.normalized = std::string(s.substr(0, 17)) + last;
    info.region_code = std::string(s.substr(0, 6));
    info.birth_date = birth;
    info.sex = (s[16] - '0') % 2 == 1 ? 'M' : 'F';
    result.info = std::move(info);
    return result;
}

int AgeOn(Date birth, Date on) {
    int age = on.year() - birth.year();
    // Born 29 Feb: the birthday counts from 1 Mar in common years (28 Feb < 29 Feb below).
    if (on.month() < birth.month() || (on.month() == birth.month() && on.day() < birth.day())) --age;
    return age;
}

bool IsValidCreditCode(std::string_view code) {
    if (code.size() != 18) return false;
    for (char c : code) {
        if (CreditValue(c) < 0) return false;
    }
    return CreditCheckChar(code.substr(0, 17)) == code[17];
}

CreditCodeCheck CheckCreditCode(std::string_view text) {
    CreditCodeCheck result;
    std::string_view s = TrimAscii(text);
    result.normalized.reserve(s.size());
    for (char c : s) result.normalized += (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c;
    const std::string& n = result.normalized;
    for (char c : n) {
        if (static_cast<unsigned char>(c) >= 0x80) {
            result.reason = "只能包含数字和大写字母（请使用半角字符）";
            return result;
        }
    }
    if (n.size() != 18) {
        result.reason = "长度应为 18 位";
        return result;
    }
    for (char c : n) {
        if (CreditValue(c) < 0) {
            result.reason = std::string("包含无效字符“") + c + "”（不使用 I、O、Z、S、V）";
            return result;
        }
    }
    result.well_formed = true;
    result.check_digit_ok = CreditCheckChar(n) == n[17];
    return result;
}

std::string MakeIdNumber(std::string_view region6, Date birth, int sequence) {
    if (region6.size() != 6) throw std::invalid_argument("MakeIdNumber: region must be 6 digits");
    for (char c : region6) {
        if (!IsDigit(c)) throw std::invalid_argument("MakeIdNumber: region must be 6 digits");
    }
    if (sequence < 0 || sequence > 999) throw std::invalid_argument("MakeIdNumber: sequence must be 0..999");
    if (birth.year() < 1000 || birth.year() > 9999) throw std::invalid_argument("MakeIdNumber: year out of range");
    char tail[16];
    std::snprintf(tail, sizeof tail, "%04d%02u%02u%03d", birth.year(), birth.month(), birth.day(), sequence);
    std::string id = std::string(region6) + tail;
    id += IdCheckChar(id);
    return id;
}

std::string MakeCreditCode(std::string_view body17) {
    if (body17.size() != 17) throw std::invalid_argument("MakeCreditCode: body must be 17 characters");
    for (char c : body17) {
        if (CreditValue(c) < 0) throw std::invalid_argument("MakeCreditCode: character outside the GB 32100 charset");
    }
    std::string code(body17);
    code += CreditCheckChar(body17);
    return code;
}

}  // namespace anxin::core
