// The compliance grade rules (企业劳动保障守法诚信等级评价办法, 人社部规〔2016〕1号; DOMAIN.md §9) and
// the anomaly sources, as pure functions: the service gathers the year's facts, these say the grade
// and the rule that produced it.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace anxin::credit {

// What an anomaly record counts as in the grade rules.
inline constexpr std::string_view kCategories[] = {"violation", "order_refused", "criminal", "mass_incident", "obstruction"};
// Where an anomaly record came from.
inline constexpr std::string_view kSources[] = {"deposit_overdue",     "labor_cost_unallocated", "wages_overdue",
                                                "complaints_frequent", "pay_order_ignored",      "police_transfer",
                                                "manual"};

// The category a source's records count as (manual: chosen by the supervisor, nullopt here).
std::optional<std::string_view> CategoryOfSource(std::string_view source);
std::string_view SourceLabel(std::string_view source);      // 保证金逾期未存储 …
std::string_view CategoryLabel(std::string_view category);  // 一般违法 …

// One enterprise's year, as the rules count it (anomaly records not revoked, by occurred_on).
struct GradeFacts {
    int violations = 0;  // every record of the year, whatever its category
    int order_refused = 0;
    int criminal = 0;
    int mass_incident = 0;
    int obstruction = 0;
    bool listed = false;  // on the joint-punishment list at some time in the year
};

struct GradeOutcome {
    char grade = 'A';
    std::string rule;  // every condition that produced it, in Chinese
};

// A: no violation. B: violations, but no C condition. C: violations ≥ c_violations (3 by the rule),
// a mass or extreme incident, an order refused, inspection obstructed, criminal liability, or listed.
GradeOutcome GradeFor(const GradeFacts& facts, int c_violations);

}  // namespace anxin::credit
