// Output value and labor-cost allocations (REG 24, DOMAIN §3): the monthly output value and progress
// payment a project reports, the construction unit's allocations into the dedicated account, and the
// labor-cost report — per month what the contract's clause makes due (a fixed amount, or a share in
// basis points of the progress payment, else of the output value, rounded down to the fen), what was
// allocated, the shortfall and the due date; for government-investment projects the progress-payment
// ratio with a flag below 80% (财建〔2022〕183号).
//
// Thread-safe: references only. Errors: kInvalidArgument ("period", "outputValue", "progressPayment",
// "settledOn", "amount", "allocatedOn", "from", "to"), kNotFound (project outside AccountScope),
// kForbidden (not the project's construction unit / general contractor), kConflict (no open account).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/project_changes.hpp"
#include "wages/wages.hpp"

namespace anxin::wages {

// "YYYY-MM" with month 01–12 and year 2000–2100.
bool IsValidPeriod(std::string_view period);
// The allocation due date of `period`: day `day` (31 when absent) of the following month, clamped to
// that month's last day.
core::Date AllocationDueDate(std::string_view period, std::optional<std::int64_t> day);
// floor(base × bp / 10000) without overflow, for base ≥ 0 and 0 ≤ bp ≤ 10000.
core::Fen ApplyBasisPoints(core::Fen base, std::int64_t bp);

class AllocationService {
  public:
    static constexpr int kMaxReportMonths = 120;

    AllocationService(storage::Database& db, const core::Clock& clock, core::ProjectChangeSink* changes = nullptr)
        : db_(db), clock_(clock), changes_(changes) {}

    // Creates or replaces the month's figures. Enterprise users of the project's construction unit or
    // general contractor, supervisors in scope. Periods after the current month are refused. Audited.
    OutputValue PutOutputValue(const core::CallContext& ctx, std::string_view project_id, std::string_view period,
                               const OutputValueInput& input);
    // The construction unit's enterprise user records an allocation into the project's open account.
    // Audited.
    Allocation CreateAllocation(const core::CallContext& ctx, std::string_view project_id, const NewAllocation& input);
    std::vector<Allocation> ListAllocations(const core::CallContext& ctx, std::string_view project_id) const;
    // Months from..to inclusive ("YYYY-MM"), at most kMaxReportMonths.
    LaborCostReport LaborCost(const core::CallContext& ctx, std::string_view project_id, std::string_view from,
                              std::string_view to) const;


  private:
    storage::Database& db_;
    const core::Clock& clock_;
    core::ProjectChangeSink* changes_;  // told the projects written, after commit (null: nobody)
};

}  // namespace anxin::wages
