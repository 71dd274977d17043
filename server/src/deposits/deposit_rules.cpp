#include "deposits/deposit_rules.hpp"

#include <algorithm>
#include <chrono>
#include <utility>

namespace anxin::deposits {
namespace {

// 200 → "2%", 50 → "0.5%", 150 → "1.5%", 5000 → "50%".
std::string Percent(std::int64_t bp) {
    std::string text = std::to_string(bp / 100);
    std::int64_t frac = bp % 100;
    if (frac != 0) {
        text += '.';
        text += static_cast<char>('0' + frac / 10);
        if (frac % 10 != 0) text += static_cast<char>('0' + frac % 10);
    }
    return text + "%";
}

std::string Yuan(core::Fen fen) { return core::FormatYuan(fen) + " 元"; }

}  // namespace

core::Fen ApplyBasisPoints(core::Fen amount, std::int64_t bp) {
    // 128-bit: a price near the BIGINT limit times 20000 bp overflows 64 bits. Non-negative inputs, so
    // integer division rounds down.
    __int128 product = static_cast<__int128>(amount) * bp / 10000;
    if (product > INT64_MAX) return INT64_MAX;
    return static_cast<core::Fen>(product);
}

RequirementResult ComputeRequirement(const RequirementFacts& facts, const DepositParameters& params,
                                     const DepositHistory& history) {
    RequirementResult result;
    auto line = [&](std::string_view rule, std::string description, core::Fen after) {
        result.lines.push_back(RequirementLine{std::string(rule), std::move(description), after});
        result.required = after;
    };
    const core::Fen price = std::max<core::Fen>(facts.contract_price, 0);

    // 1. DEP 11: 1%–3% of the contract price.
    core::Fen amount = ApplyBasisPoints(price, params.ratio_bp);
    line(kRuleBase, "合同价 " + Yuan(price) + " × 存储比例 " + Percent(params.ratio_bp) + " = " + Yuan(amount), amount);

    // A service project where the region does not extend the deposit to services: nothing to lodge.
    if (!facts.is_construction && !params.services_required) {
        result.exempt = true;
        line(kRuleExemptServiceProject, "政府购买服务等非工程建设项目，本地区未要求存储工资保证金", 0);
        return result;
    }

    // 2. Exemptions (DEP 11). A blacklisted GC gets neither: the blacklist surcharge (DEP 12) would be
    // meaningless if an exemption could erase it.
    if (!history.blacklisted) {
        if (price < params.exempt_below_fen && !history.arrears_in_prior_year) {
            result.exempt = true;
            line(kRuleExemptSmallContract,
                 "合同额低于 " + Yuan(params.exempt_below_fen) + " 且上一年度无拖欠工资，免存工资保证金", 0);
            return result;
        }
        if (history.clean_years >= 3 && history.real_name_and_account_in_place) {
            result.exempt = true;
            line(kRuleExemptThreeCleanYears,
                 "连续 " + std::to_string(history.clean_years) +
                     " 年无拖欠工资，且落实实名制管理和工资专用账户制度，免存工资保证金",
                 0);
            return result;
        }
    }

    // 3. Reduction after 2 clean years. Arrears in the prior two years contradict a clean record; the
    // surcharge wins then (the history is inconsistent, the stricter reading applies).
    if (history.clean_years >= 2 && !history.arrears_in_prior_two_years && !history.blacklisted) {
        core::Fen reduced = ApplyBasisPoints(amount, 10000 - params.reduction_after_2_clean_years_bp);
        line(kRuleReductionTwoCleanYears,
             "连续 " + std::to_string(history.clean_years) + " 年无拖欠工资，降低 " +
                 Percent(params.reduction_after_2_clean_years_bp) + "：" + Yuan(amount) + " → " + Yuan(reduced),
             reduced);
        amount = reduced;
    }

    // 4. DEP 11: a GC with several projects under construction here may store less, but not below the
    // floor ratio of the contract price.
    if (facts.gc_active_projects_in_county >= 2) {
        core::Fen floor = ApplyBasisPoints(price, params.floor_multi_project_bp);
        if (amount < floor) {
            line(kRuleFloorMultiProject,
                 "总承包单位在本县（区）有 " + std::to_string(facts.gc_active_projects_in_county) +
                     " 个在建项目，存储比例不低于 " + Percent(params.floor_multi_project_bp) + "：合同价 " +
                     Yuan(price) + " × " + Percent(params.floor_multi_project_bp) + " = " + Yuan(floor),
                 floor);
            amount = floor;
        }
    }

    // 5. DEP 12 surcharges, each a share of the amount so far (added, not compounded).
    const core::Fen before_surcharge = amount;
    if (history.arrears_in_prior_two_years) {
        core::Fen extra = ApplyBasisPoints(before_surcharge, params.arrears_surcharge_bp);
        amount += extra;
        line(kRuleSurchargeArrears,
             "前 2 年内有拖欠工资，上浮 " + Percent(params.arrears_surcharge_bp) + "：+" + Yuan(extra) + " = " +
                 Yuan(amount),
             amount);
    }
    if (history.blacklisted) {
        core::Fen extra = ApplyBasisPoints(before_surcharge, params.blacklist_surcharge_bp);
        amount += extra;
        line(kRuleSurchargeBlacklist,
             "列入拖欠农民工工资失信联合惩戒名单，上浮 " + Percent(params.blacklist_surcharge_bp) + "：+" +
                 Yuan(extra) + " = " + Yuan(amount),
             amount);
    }

    // 6. The local cap bounds the amount whatever the ratios gave.
    if (amount > params.cap_fen) {
        amount = params.cap_fen;
        line(kRuleCap, "不超过本地存储上限 " + Yuan(params.cap_fen), amount);
    }
    result.required = amount;
    return result;
}

core::Date AddYears(core::Date date, int years) {
    using namespace std::chrono;
    year_month_day ymd{date.sys_days()};
    year_month_day next = ymd + std::chrono::years(years);
    if (!next.ok()) next = year_month_day_last(next.year(), month_day_last(next.month()));
    return core::Date(sys_days(next));
}

bool IsGuaranteeForm(std::string_view form) { return form != "cash"; }

void CheckInstrument(const InstrumentCheck& check, core::FieldErrors& errors) {
    if (!IsGuaranteeForm(check.form)) {
        if (check.valid_from || check.valid_to) errors.Add("validTo", "现金存储不设有效期");
        return;
    }
    // DEP 15–17: a letter or policy replaces the cash deposit, so it must cover all of it and last
    // at least a year and as long as the contract.
    if (!check.valid_from) errors.Add("validFrom", "保函（保单）须填写有效期起始日");
    if (!check.valid_to) errors.Add("validTo", "保函（保单）须填写有效期截止日");
    if (check.valid_from && check.valid_to) {
        if (*check.valid_to < *check.valid_from) {
            errors.Add("validTo", "有效期截止日早于起始日");
        } else if (*check.valid_to < AddYears(*check.valid_from, 1).AddDays(-1)) {
            errors.Add("validTo", "保函（保单）有效期不得少于 1 年（至少至 " +
                                      AddYears(*check.valid_from, 1).AddDays(-1).ToString() + "）");
        }
    }
    if (check.valid_to) {
        if (!check.contract_end_on)
            errors.Add("validTo", "项目未登记合同竣工日期，无法核对保函有效期不短于合同期");
        else if (*check.valid_to < *check.contract_end_on)
            errors.Add("validTo",
                       "保函（保单）有效期不得短于合同期（合同至 " + check.contract_end_on->ToString() + "）");
    }
    if (check.amount < check.required)
        errors.Add("amount", "保函（保单）金额不得低于应存工资保证金 " + core::FormatYuan(check.required) + " 元");
}

InstrumentState StateOf(const InstrumentFacts& instrument, core::Date as_of, int remind_days) {
    InstrumentState state;
    state.status = instrument.status;
    if (instrument.valid_to) state.days_to_expiry = as_of.DaysUntil(*instrument.valid_to);
    if (instrument.status != "active") return state;
    if (instrument.valid_to && *instrument.valid_to < as_of) {
        state.status = "expired";
        return state;
    }
    state.counts = true;
    // DEP 17: HRSS reminds a month before expiry.
    state.expiring_soon = state.days_to_expiry && *state.days_to_expiry <= remind_days;
    return state;
}

DepositStatus ComputeStatus(core::Fen required, bool exempt, std::optional<core::Date> due_on,
                            const std::vector<InstrumentFacts>& instruments, core::Date as_of, int remind_days) {
    DepositStatus status;
    status.required = required;
    status.due_on = due_on;
    std::vector<const InstrumentFacts*> counted;
    for (const auto& instrument : instruments) {
        InstrumentState s = StateOf(instrument, as_of, remind_days);
        if (s.expiring_soon) status.expiring_soon = true;
        if (s.status == "expired") status.expired = true;
        if (!s.counts) continue;
        status.lodged_total += instrument.balance;
        counted.push_back(&instrument);
    }
    status.shortfall = std::max<core::Fen>(required - status.lodged_total, 0);
    if (exempt) {
        status.state = "exempt";
        return status;
    }
    if (status.shortfall == 0) {
        // When did the counted instruments first cover the requirement?
        std::stable_sort(counted.begin(), counted.end(), [](const InstrumentFacts* a, const InstrumentFacts* b) {
            return a->lodged_on < b->lodged_on;
        });
        core::Fen running = 0;
        for (const auto* instrument : counted) {
            running += instrument->balance;
            if (running >= required) {
                status.met_on = instrument->lodged_on;
                break;
            }
        }
        if (!status.met_on) status.met_on = as_of;  // required == 0 with nothing lodged
        status.state = (!due_on || *status.met_on <= *due_on || required == 0) ? "met" : "late";
        return status;
    }
    status.state = (due_on && as_of > *due_on) ? "overdue" : "pending";
    return status;
}

UseState StateOfUse(core::Date pay_due_on, std::optional<core::Date> paid_on, std::optional<core::Date> topup_due_on,
                    std::optional<core::Date> topped_up_on, core::Date as_of) {
    UseState state;
    state.pay_overdue = paid_on ? *paid_on > pay_due_on : as_of > pay_due_on;
    if (!paid_on) {
        state.state = "awaiting_payment";
        return state;
    }
    if (topup_due_on) state.topup_overdue = topped_up_on ? *topped_up_on > *topup_due_on : as_of > *topup_due_on;
    state.state = topped_up_on ? "completed" : "awaiting_topup";
    return state;
}

ReturnState StateOfReturn(core::Date notice_ends_on, core::Date review_due_on, std::optional<core::Date> reviewed_on,
                          const std::optional<std::string>& review_result, std::optional<core::Date> confirm_due_on,
                          std::optional<core::Date> confirmed_on, core::Date as_of) {
    ReturnState state;
    if (!reviewed_on) {
        state.state = as_of < notice_ends_on ? "notice" : "review";
        state.review_overdue = as_of > review_due_on;
        return state;
    }
    state.review_overdue = *reviewed_on > review_due_on;
    if (review_result && *review_result == "refused") {
        state.state = "refused";
        return state;
    }
    if (confirmed_on) {
        state.state = "returned";
        state.confirm_overdue = confirm_due_on && *confirmed_on > *confirm_due_on;
        return state;
    }
    state.state = "confirmation";
    state.confirm_overdue = confirm_due_on && as_of > *confirm_due_on;
    return state;
}

}  // namespace anxin::deposits
