#include "cases/case_workflow.hpp"

#include <algorithm>
#include <charconv>

#include "core/error.hpp"

namespace anxin::cases {

std::vector<std::string_view> StandardConclusions() {
    // Tianjin practice [S]: the standard handling conclusions of a wage case.
    return {"已全额支付", "调解结案",   "劳动仲裁",   "法院判决",       "不属实",
            "不属于职责范围", "已移送公安", "公益诉讼", "应急周转金垫付", "保证金支付"};
}

}  // namespace anxin::cases

namespace anxin::cases::workflow {
namespace {

using V = std::vector<std::string_view>;
const V kOpen = {"accepted", "contacted", "verifying", "mediating", "ordered", "paying"};
const V kHandling = {"verifying", "mediating", "ordered", "paying"};
const V kAll = {"accepted", "contacted", "verifying", "mediating", "ordered", "paying", "closed"};

// THE transition table. Main line first, then the branches that may occur in the right states.
const std::vector<StepRule>& Table() {
    static const std::vector<StepRule> table = {
        // kind, label, from, to, origin, allowed while paused, progress, public
        {"opened", "立案受理", {}, std::nullopt, Origin::kSystem, false, true, true},
        {"clue_joined", "并入线索", kAll, std::nullopt, Origin::kSystem, true, false, false},
        {"contact", "首次联系投诉人", {"accepted"}, "contacted", Origin::kStaff, false, true, true},
        {"verify", "核查", {"contacted"}, "verifying", Origin::kStaff, false, true, true},
        {"investigate", "立案调查", {"contacted", "verifying"}, std::nullopt, Origin::kStaff, false, true, true},
        {"extend", "延长调查期限", kHandling, std::nullopt, Origin::kStaff, false, true, false},
        {"mediate", "调解", {"verifying"}, "mediating", Origin::kStaff, false, true, true},
        {"order", "责令限期支付", {"verifying", "mediating"}, "ordered", Origin::kStaff, false, true, true},
        {"pay", "支付中", {"verifying", "mediating", "ordered"}, "paying", Origin::kStaff, false, true, true},
        {"close", "办结", kHandling, "closed", Origin::kStaff, false, true, true},
        {"reopen", "投诉人申请重新办理", {"closed"}, "verifying", Origin::kWorker, false, true, true},
        {"penalty", "行政处罚", kHandling, std::nullopt, Origin::kStaff, false, true, true},
        {"fund_advance", "应急周转金垫付", kHandling, std::nullopt, Origin::kStaff, false, true, true},
        {"fund_repayment", "垫付资金追偿", {"verifying", "mediating", "ordered", "paying", "closed"}, std::nullopt,
         Origin::kStaff, false, true, false},
        {"deposit_payment", "动用工资保证金支付", kHandling, std::nullopt, Origin::kStaff, false, true, true},
        {"mediation_agreement", "达成调解协议", {"mediating"}, std::nullopt, Origin::kStaff, false, true, true},
        {"judicial_confirmation", "调解协议司法确认", {"mediating", "paying"}, std::nullopt, Origin::kStaff, true, true,
         true},
        {"police_transfer", "移送公安（拒不支付劳动报酬罪）", kHandling, std::nullopt, Origin::kStaff, false, true, true},
        {"litigation_referral", "移送检察机关公益诉讼", kHandling, std::nullopt, Origin::kStaff, false, true, true},
        {"reroute", "转办", kOpen, std::nullopt, Origin::kStaff, false, true, false},
        {"pause", "暂停计时", kOpen, std::nullopt, Origin::kStaff, false, true, true},
        {"resume", "恢复计时", kOpen, std::nullopt, Origin::kStaff, true, true, true},
        {"key_grade", "分级督办", kOpen, std::nullopt, Origin::kStaff, true, true, false},
        {"leader_assign", "领导包案", kOpen, std::nullopt, Origin::kStaff, true, false, false},
        {"callback", "回访", {"closed"}, std::nullopt, Origin::kStaff, true, false, false},
        {"note", "备注", kAll, std::nullopt, Origin::kStaff, true, false, false},
        {"worker_confirmation", "投诉人确认", kAll, std::nullopt, Origin::kWorker, true, false, true},
        {"card", "红黄牌", kOpen, std::nullopt, Origin::kSystem, true, false, false},
        // 三网融合: a warning of the case's project escalated into it, or cleared (system, no state change).
        {"from_warning", "预警转办", kAll, std::nullopt, Origin::kSystem, true, false, false},
    };
    return table;
}

bool Contains(const V& list, std::string_view value) {
    return std::find(list.begin(), list.end(), value) != list.end();
}

}  // namespace

bool IsState(std::string_view state) { return Contains(kAll, state); }

std::string_view StateLabel(std::string_view state) {
    if (state == "accepted") return "已受理";
    if (state == "contacted") return "已联系";
    if (state == "verifying") return "核查中";
    if (state == "mediating") return "调解中";
    if (state == "ordered") return "已责令限期支付";
    if (state == "paying") return "支付中";
    if (state == "closed") return "已办结";
    return "未知";
}

const std::vector<StepRule>& StepRules() { return Table(); }

const StepRule* FindStepRule(std::string_view kind) {
    for (const auto& rule : Table()) {
        if (rule.kind == kind) return &rule;
    }
    return nullptr;
}

std::string Apply(std::string_view state, bool paused, std::string_view kind) {
    const StepRule* rule = FindStepRule(kind);
    if (!rule) ThrowInvalidField("kind", "未知的办理步骤：" + std::string(kind));
    if (!Contains(rule->from, state)) {
        ThrowConflict("案件当前状态为「" + std::string(StateLabel(state)) + "」(" + std::string(state) + ")，不能" +
                          std::string(rule->label),
                      {{"state", std::string(state)}});
    }
    // Pause and resume depend on the clock, not the state.
    if (kind == "pause" && paused) ThrowConflict("案件已暂停计时", {{"state", std::string(state)}});
    if (kind == "resume" && !paused) ThrowConflict("案件未暂停计时", {{"state", std::string(state)}});
    if (paused && !rule->allowed_while_paused) {
        ThrowConflict("案件已暂停计时（" + std::string(state) + "），请先恢复计时再" + std::string(rule->label),
                      {{"state", std::string(state)}});
    }
    return std::string(rule->to.value_or(state));
}

Deadlines ComputeDeadlines(const core::WorkingCalendar& calendar, const DeadlineRules& rules, const DeadlineInput& in) {
    const int paused = std::max(0, in.paused_working_days);
    auto after = [&](int n) { return calendar.AddWorkingDays(in.base_on, n + paused); };
    Deadlines d;
    d.base_on = in.base_on;
    d.accept_due = after(rules.accept_working_days);
    // "Contact the complainant on the day received": the day itself when it is a working day.
    core::Date contact_day = calendar.IsWorkingDay(in.base_on) ? in.base_on : calendar.AddWorkingDays(in.base_on, 1);
    d.first_contact_due = calendar.AddWorkingDays(contact_day, paused);
    d.first_response_due = after(rules.first_response_working_days);

    int close_days = rules.close_working_days;
    if (in.investigation) {
        close_days = rules.investigate_working_days + (in.extended ? rules.extend_working_days : 0);
    } else if (in.key_grade) {
        int graded = *in.key_grade == "red"      ? rules.red_close_working_days
                     : *in.key_grade == "yellow" ? rules.yellow_close_working_days
                                                 : rules.blue_close_working_days;
        close_days = std::min(close_days, graded);
    }
    d.close_due = after(close_days);

    if (in.state == "accepted") {
        d.step_due = d.first_contact_due;
    } else if (in.state == "contacted") {
        d.step_due = std::min(d.first_response_due, d.close_due);
    } else if (in.state == "ordered" && in.pay_by_on) {
        d.step_due = std::min(*in.pay_by_on, d.close_due);
    } else if (in.state != "closed") {
        d.step_due = d.close_due;
    }
    d.uncertain = !calendar.Covers(d.close_due) || !calendar.Covers(d.first_response_due) ||
                  (d.step_due && !calendar.Covers(*d.step_due));
    return d;
}

std::vector<NamedDeadline> ReminderDeadlines(const Deadlines& d, std::string_view state,
                                             const std::optional<core::Date>& pay_by_on) {
    std::vector<NamedDeadline> out;
    if (state == "closed" || !d.step_due) return out;
    NamedDeadline close{"close", "办结期限", d.close_due};
    if (state == "accepted" && *d.step_due == d.first_contact_due) {
        out.push_back({"first_contact", "首次联系期限", *d.step_due});
    } else if (state == "contacted" && *d.step_due == d.first_response_due) {
        out.push_back({"first_response", "首次答复期限", *d.step_due});
    } else if (state == "ordered" && pay_by_on && *d.step_due == *pay_by_on) {
        out.push_back({"pay_by", "限期支付期限", *d.step_due});
    }
    if (out.empty() || out.front().on != close.on) out.push_back(close);
    return out;
}

bool ReminderDue(const core::WorkingCalendar& calendar, core::Date due, int working_days, core::Date as_of) {
    if (working_days <= 0 || as_of > due) return false;
    return as_of >= calendar.AddWorkingDays(due, -working_days);
}

std::optional<std::string_view> ComplainantStepText(std::string_view kind) {
    // Plain words for a worker; nothing about who handles it or how the employer answered. "opened"
    // is not here: acceptance already sends clue.accepted in the same transaction.
    static const std::vector<std::pair<std::string_view, std::string_view>> texts = {
        {"contact", "办案人员已与您联系了解情况"},
        {"verify", "正在核查欠薪情况"},
        {"investigate", "已立案调查"},
        {"mediate", "正在组织调解"},
        {"order", "已责令用人单位限期支付"},
        {"pay", "用人单位正在支付工资"},
        {"penalty", "已对用人单位作出行政处罚"},
        {"fund_advance", "已启用应急周转金垫付工资"},
        {"deposit_payment", "已动用工资保证金支付工资"},
        {"mediation_agreement", "已达成调解协议"},
        {"judicial_confirmation", "调解协议已经法院司法确认"},
        {"police_transfer", "已将案件移送公安机关"},
        {"litigation_referral", "已将案件移送检察机关"},
        {"pause", "案件暂停计时"},
        {"resume", "案件恢复计时办理"},
        {"reopen", "工资仍未到账，案件已重新启动办理，由上级部门督办"},
    };
    for (const auto& [k, text] : texts) {
        if (k == kind) return text;
    }
    return std::nullopt;
}

bool IsOverdue(const Deadlines& deadlines, std::string_view state, bool paused, core::Date as_of) {
    if (state == "closed" || paused || !deadlines.step_due) return false;
    return as_of > *deadlines.step_due;
}

bool DueForRed(core::Date yellow_on, core::Date as_of, int red_after_days, bool progressed_since_yellow) {
    if (progressed_since_yellow) return false;
    return yellow_on.DaysUntil(as_of) >= red_after_days;
}

int MonthsBetween(const std::optional<std::string>& from, const std::optional<std::string>& to) {
    auto parse = [](const std::optional<std::string>& text) -> std::optional<int> {
        if (!text || text->size() != 7 || (*text)[4] != '-') return std::nullopt;
        int y = 0;
        int m = 0;
        if (std::from_chars(text->data(), text->data() + 4, y).ec != std::errc{}) return std::nullopt;
        if (std::from_chars(text->data() + 5, text->data() + 7, m).ec != std::errc{}) return std::nullopt;
        if (m < 1 || m > 12) return std::nullopt;
        return y * 12 + (m - 1);
    };
    auto a = parse(from);
    auto b = parse(to);
    if (!a || !b || *b < *a) return 0;
    return *b - *a + 1;
}

CrimeCheck CheckCrimeThresholds(const std::vector<ClaimFigures>& claims, core::Fen single_threshold,
                                core::Fen total_threshold) {
    CrimeCheck check;
    check.single_worker_threshold = single_threshold;
    check.total_threshold = total_threshold;
    bool single = false;
    for (const auto& c : claims) {
        check.workers += std::max<std::int64_t>(1, c.workers);
        check.total += c.amount;
        // A claim for several workers is split evenly for the per-worker figure.
        core::Fen per_worker = c.amount / std::max<std::int64_t>(1, c.workers);
        check.largest_single = std::max(check.largest_single, per_worker);
        if (per_worker >= single_threshold && c.months >= 3) single = true;
    }
    bool collective = check.workers >= 10 && check.total >= total_threshold;
    check.crosses = single || collective;
    if (single) {
        check.reason = "单个劳动者拖欠 3 个月以上且数额达到 " + core::FormatYuan(single_threshold) + " 元";
    } else if (collective) {
        check.reason = "拖欠 10 名以上劳动者合计达到 " + core::FormatYuan(total_threshold) + " 元";
    } else {
        check.reason = "未达到拒不支付劳动报酬罪数额标准";
    }
    return check;
}

}  // namespace anxin::cases::workflow
