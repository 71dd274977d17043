// National identifiers, validated exactly as their standards define (DOMAIN.md §10):
// 身份证号 (GB 11643, 18 characters with a mod-11 check character) and 统一社会信用代码 (GB 32100,
// 18 characters over 31 symbols with a mod-31 check character). Also generators of valid synthetic
// values for the demo province and tests (never a real person's: sequence numbers from 900 up).
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/time.hpp"

namespace anxin::core {

struct IdNumberInfo {
    std::string normalized;   // upper-case X
    std::string region_code;  // first 6 digits (county of household registration at issue)
    Date birth_date;
    char sex = 'M';           // 'M' (odd 17th digit) or 'F'
};

// nullopt and a reason (Chinese, for the field error) when invalid: length, characters, birth
// date (real calendar day, not in the future relative to `today`), check character.
// Surrounding ASCII spaces are ignored. Reasons, checked in this order: "只能包含数字和 X（请使用半角字符）",
// "长度应为 18 位", "前 17 位只能是数字", "第 18 位只能是数字或 X", "出生日期无效" (not a real day, or
// before 1800), "出生日期不能晚于今天", "校验位不正确".
struct IdNumberCheck {
    std::optional<IdNumberInfo> info;
    std::string reason;
};
IdNumberCheck ParseIdNumber(std::string_view text, Date today);
int AgeOn(Date birth, Date on);  // completed years

// GB 32100: true when the 18th character matches the weighted mod-31 check.
bool IsValidCreditCode(std::string_view code);
// Normalises (trim, upper case) and checks the charset and length; the check digit is reported
// separately because early pilot codes fail it and must still be accepted with a warning flag.
struct CreditCodeCheck {
    std::string normalized;
    bool well_formed = false;  // 18 characters from the GB 32100 charset
    bool check_digit_ok = false;
    std::string reason;        // when not well formed
};
CreditCodeCheck CheckCreditCode(std::string_view text);

// Synthetic values with valid check characters (demo data, tests).
std::string MakeIdNumber(std::string_view region6, Date birth, int sequence /*0..999*/);
std::string MakeCreditCode(std::string_view body17);  // appends the check character; body17 over the charset

}  // namespace anxin::core
