// The deposit rules as pure functions (DEP 8, 11–12, 15–17, 19–22; DOMAIN §4): the required amount
// explained line by line, the validity checks on guarantees and policies, and the status of a
// project's deposit, its uses and returns as of a date. No database, no clock: every figure comes
// in as an argument, so each rule is tested with exact fen figures (deposit_rules_test.cpp).
//
// Order of application in ComputeRequirement (README.md explains why):
//   1. base       = contract price × ratio                               (DEP 11: 1–3%)
//   2. exemptions (not for a blacklisted GC) — stop here with 0:
//        a. price < exempt_below and no arrears in the prior year        (DEP 11)
//        b. ≥ 3 clean years with real-name management and account in place
//   3. reduction  ≥ 2 clean years (and no arrears in the prior 2 years, not blacklisted): −50%
//   4. floor      GC with ≥ 2 active projects in the county: not below price × floor ratio (0.5%)
//   5. surcharges arrears in the prior 2 years +50%, blacklisted +100%, both as percentages of the
//                 amount after step 4 (added, not compounded)
//   6. cap        not above the local cap
// Every step rounds down to the fen (in the GC's favour); intermediate products are 128-bit.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/calendar.hpp"
#include "core/money.hpp"
#include "core/time.hpp"
#include "core/validation.hpp"

namespace anxin::deposits {

// The region's deposit.* parameters (region/parameters.cpp holds the defaults).
struct DepositParameters {
    std::int64_t ratio_bp = 200;
    core::Fen cap_fen = 500000000;
    std::int64_t floor_multi_project_bp = 50;
    core::Fen exempt_below_fen = 300000000;
    std::int64_t reduction_after_2_clean_years_bp = 5000;
    std::int64_t arrears_surcharge_bp = 5000;
    std::int64_t blacklist_surcharge_bp = 10000;
    bool services_required = false;  // deposit.services_required: non-construction projects lodge one too
};

// The GC's record, from a CreditHistoryProvider (deposits.hpp).
struct DepositHistory {
    int clean_years = 0;  // consecutive years without arrears, counted back from the prior year
    bool arrears_in_prior_year = false;
    bool arrears_in_prior_two_years = false;
    bool blacklisted = false;
    bool real_name_and_account_in_place = false;
};

struct RequirementFacts {
    core::Fen contract_price = 0;
    // Projects of the same GC in the same county (first 6 digits of the region code) that are
    // permitted, under construction or suspended — this project included. ≥ 2 → the floor applies.
    int gc_active_projects_in_county = 1;
    // Government-purchased services (环卫, 物业 …) are not building sites: no deposit unless the region
    // says so (deposit.services_required).
    bool is_construction = true;
};

// Rule names, stable for the console and tests.
inline constexpr std::string_view kRuleBase = "base";
inline constexpr std::string_view kRuleExemptSmallContract = "exempt_small_contract";
inline constexpr std::string_view kRuleExemptServiceProject = "exempt_service_project";
inline constexpr std::string_view kRuleExemptThreeCleanYears = "exempt_three_clean_years";
inline constexpr std::string_view kRuleReductionTwoCleanYears = "reduction_two_clean_years";
inline constexpr std::string_view kRuleFloorMultiProject = "floor_multi_project";
inline constexpr std::string_view kRuleSurchargeArrears = "surcharge_arrears";
inline constexpr std::string_view kRuleSurchargeBlacklist = "surcharge_blacklist";
inline constexpr std::string_view kRuleCap = "cap";

struct RequirementLine {
    std::string rule;         // kRule*
    std::string description;  // Chinese, with the figures
    core::Fen amount_after = 0;
    bool operator==(const RequirementLine&) const = default;
};

struct RequirementResult {
    core::Fen required = 0;
    bool exempt = false;
    std::vector<RequirementLine> lines;  // in application order; the last amount_after == required
};

RequirementResult ComputeRequirement(const RequirementFacts& facts, const DepositParameters& params,
                                     const DepositHistory& history);

// amount × bp / 10000, rounded down (amount, bp ≥ 0).
core::Fen ApplyBasisPoints(core::Fen amount, std::int64_t bp);

// ---- deadlines -----------------------------------------------------------------------------------
// The same day one year later (29 Feb → 28 Feb).
core::Date AddYears(core::Date date, int years);

// DEP 8: the date by which the deposit must be lodged: `working_days` working days after the
// permit date (or the contract date when no permit is needed).
inline core::Date LodgingDueOn(const core::WorkingCalendar& calendar, core::Date basis, int working_days) {
    return calendar.AddWorkingDays(basis, working_days);
}

// ---- instruments ---------------------------------------------------------------------------------
// DEP 15–17 checks on a new instrument. Adds "field → reason" to `errors` (JSON names: validFrom,
// validTo, amount). For guarantees and policies: validFrom and validTo required; the period, both
// ends inclusive, at least one year (validTo ≥ validFrom + 1 year − 1 day); validTo not before the
// contract end (contract_end_on unknown → refused: it cannot be checked); amount ≥ the required
// cash deposit. Cash: no validity dates.
struct InstrumentCheck {
    std::string form;
    core::Fen amount = 0;
    std::optional<core::Date> valid_from;
    std::optional<core::Date> valid_to;
    std::optional<core::Date> contract_end_on;
    core::Fen required = 0;
};
void CheckInstrument(const InstrumentCheck& check, core::FieldErrors& errors);
bool IsGuaranteeForm(std::string_view form);  // everything but cash

// ---- status --------------------------------------------------------------------------------------
struct InstrumentFacts {
    std::string form;
    core::Fen amount = 0;
    core::Fen balance = 0;
    core::Date lodged_on;
    std::optional<core::Date> valid_to;
    std::string status;  // stored status
};

struct InstrumentState {
    std::string status;          // effective: active, used, returned, or expired (valid_to < as_of)
    bool counts = false;         // its balance counts towards the lodged total
    bool expiring_soon = false;  // active and as_of ≤ valid_to ≤ as_of + remind_days
    std::optional<int> days_to_expiry;
};
InstrumentState StateOf(const InstrumentFacts& instrument, core::Date as_of, int remind_days);

// State of the deposit: "exempt"; "met" (lodged in full by the due date); "late" (in full, but after
// it); "pending" (short, not yet due, or no due date yet); "overdue" (short after the due date).
struct DepositStatus {
    core::Fen required = 0;
    core::Fen lodged_total = 0;  // balances of the instruments that count
    core::Fen shortfall = 0;
    std::optional<core::Date> due_on;
    std::string state;
    std::optional<core::Date> met_on;  // the lodged_on at which the counted amounts reached the requirement
    bool expiring_soon = false;        // some instrument expiring soon
    bool expired = false;              // some instrument that was active has expired
};
DepositStatus ComputeStatus(core::Fen required, bool exempt, std::optional<core::Date> due_on,
                            const std::vector<InstrumentFacts>& instruments, core::Date as_of, int remind_days);

// A use's deadlines as of a date: the bank pays by pay_due_on; the GC tops up by topup_due_on.
struct UseState {
    std::string state;           // awaiting_payment | awaiting_topup | completed
    bool pay_overdue = false;    // unpaid after the due date, or paid after it
    bool topup_overdue = false;  // not topped up after the due date, or topped up after it
};
UseState StateOfUse(core::Date pay_due_on, std::optional<core::Date> paid_on, std::optional<core::Date> topup_due_on,
                    std::optional<core::Date> topped_up_on, core::Date as_of);

// A return's stage: notice (public notice running) → review (awaiting review) → confirmation
// (approved, awaiting confirmation) → returned; or refused.
struct ReturnState {
    std::string state;  // notice | review | confirmation | returned | refused
    bool review_overdue = false;
    bool confirm_overdue = false;
};
ReturnState StateOfReturn(core::Date notice_ends_on, core::Date review_due_on, std::optional<core::Date> reviewed_on,
                          const std::optional<std::string>& review_result, std::optional<core::Date> confirm_due_on,
                          std::optional<core::Date> confirmed_on, core::Date as_of);

}  // namespace anxin::deposits
