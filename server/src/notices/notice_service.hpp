// Inside the notices module: the facts a board is built from and the pure rules that turn them into
// board items and the list of missing items. NoticeService (notices.hpp) gathers the facts; tests
// call BuildBoard directly. Not for other modules.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "notices/notices.hpp"

namespace anxin::notices {

struct BoardFacts {
    std::string project_id;
    std::string project_code;
    std::string project_name;
    std::string address;
    std::string region_code;
    std::string public_url;
    bool is_construction = true;
    std::optional<std::string> construction_unit;   // participant 008
    std::optional<std::string> general_contractor;  // participant 009
    std::vector<std::string> subcontractors;        // 001 / 006 still on the project
    std::optional<std::string> project_manager;     // 五员: project_manager (name only)
    std::optional<std::string> regulator_name;      // nearest department of the industry's kind
    std::optional<std::string> regulator_phone;
    std::optional<std::string> officer_name;   // 五员: labor_affairs_officer
    std::optional<std::string> officer_phone;  // plain (public on the board by REG 34)
    std::int64_t minimum_wage_fen = 0;
    int pay_day = 31;              // day of the next month; 31 = its last day
    std::string industry_hotline;  // parameter; "" → the regulator's phone
    std::string labor_inspection_hotline;
    std::string legal_aid_hotline;
    std::string arbitration;
};

// REG 34: the items in board order, and a sentence for each required item that is absent.
NoticeBoard BuildBoard(const BoardFacts& facts);

// The region_department kind that regulates a project industry: housing, transport and water have
// their own departments; everything else falls to 人社 (hrss).
std::string_view RegulatorKind(std::string_view industry);

// "每月 15 日前支付上月工资"; day 31 reads "次月月底前支付上月工资".
std::string PayDateText(int pay_day);
// 220000 → "2200 元/月"; 220050 → "2200.50 元/月".
std::string MinimumWageText(std::int64_t fen);

}  // namespace anxin::notices
