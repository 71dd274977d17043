// DepositService: the deposit rules applied to stored projects, in one transaction per call, every
// write audited. No HTTP types, no SQL text (deposit_repository.hpp).
//
// Scope: a project outside registry::ProjectInScope is kNotFound, like an unknown id. Enterprise
// users act only for projects whose general contractor is their enterprise (else kForbidden).
// Errors are anxin::Error with fields named as in the JSON API; dates that record something that
// happened (lodgedOn, noticeOn, paidOn, toppedUpOn, appliedOn, reviewedOn, confirmedOn) may not lie
// after the clock's date (Asia/Shanghai).
//
// Thread-safe: holds references only; they must outlive the service.
#pragma once

#include <string_view>

#include "core/calendar.hpp"
#include "core/principal.hpp"
#include "core/project_changes.hpp"
#include "deposits/deposits.hpp"
#include "region/parameters.hpp"
#include "storage/database.hpp"

namespace anxin::deposits {

namespace repository {
struct ProjectRow;
}

class DepositService {
  public:
    DepositService(storage::Database& db, const core::Clock& clock, const region::ParameterService& parameters,
                   const core::WorkingCalendar& calendar, const CreditHistoryProvider& history,
                   const UnpaidWagesProvider& unpaid_wages, core::ProjectChangeSink* changes = nullptr)
        : db_(db),
          clock_(clock),
          parameters_(parameters),
          calendar_(calendar),
          history_(history),
          unpaid_wages_(unpaid_wages),
          changes_(changes) {}

    // The project's requirement (stored, or a preview computed now when none is stored), instruments,
    // status, uses and returns as of today.
    DepositOverview Get(const core::CallContext& ctx, std::string_view project_id) const;

    // Recomputes the requirement from the project, the region's parameters and the GC's history and
    // stores it (replacing the previous one). kConflict when the project has no general contractor.
    Requirement Recompute(const core::CallContext& ctx, std::string_view project_id);

    // Lodges a cash deposit, letter of guarantee or policy (DEP 15–17 checks, see CheckInstrument).
    // Stores the requirement first when none is stored. kConflict on "number" for a duplicate
    // (form, issuer, number); kConflict once the deposit has been returned.
    Instrument AddInstrument(const core::CallContext& ctx, std::string_view project_id, const NewInstrument& input);

    // A payment notice after a missed pay order (DEP 19): the named workers must have a contract on
    // the project; the instrument must belong to it, be active and unexpired on noticeOn, and its
    // balance cover the total. The bank must pay within deposit.use_pay_within_working_days.
    Use IssueUse(const core::CallContext& ctx, std::string_view project_id, const NewUse& input);
    // The bank paid: the instrument's balance falls by the amount; the GC must top up within
    // deposit.topup_within_working_days of paidOn. kConflict when already paid.
    Use RecordPayment(const core::CallContext& ctx, std::string_view project_id, std::string_view use_id,
                      core::Date paid_on);
    // The GC topped up: the balance is restored. kConflict before the payment or when done already.
    Use RecordTopup(const core::CallContext& ctx, std::string_view project_id, std::string_view use_id,
                    core::Date topped_up_on);

    // DEP 22: the GC applies once the project is finished or completed, pledging in writing that no
    // wages are owed; the notice runs deposit.return_notice_days, review is due
    // deposit.return_review_working_days after it ends. kConflict: project not finished, an open
    // application exists, nothing to return, or the UnpaidWagesProvider names unpaid wages.
    Return ApplyReturn(const core::CallContext& ctx, std::string_view project_id, core::Date applied_on, bool pledge);
    // Supervisors (deposit.review). kConflict before the notice ends or when already reviewed;
    // approval is refused (kConflict) while wages are unpaid. Approval sets the confirmation due date.
    Return ReviewReturn(const core::CallContext& ctx, std::string_view project_id, std::string_view return_id,
                        const ReturnReview& review);
    // Confirms an approved return: every active or used instrument becomes returned.
    Return ConfirmReturn(const core::CallContext& ctx, std::string_view project_id, std::string_view return_id,
                         core::Date confirmed_on);

    // Projects in scope with a stored requirement, filtered, by project code.
    DepositPage List(const core::CallContext& ctx, const DepositQuery& query) const;

    // A yearly declaration for the default StoredCreditHistoryProvider. The enterprise must be in
    // the caller's scope (kNotFound otherwise); year between 2000 and the current year − 1.
    void DeclareHistory(const core::CallContext& ctx, const HistoryDeclaration& declaration);


  private:
    DepositParameters ParametersFor(storage::Transaction& tx, std::string_view region_code) const;
    Requirement ComputeFor(storage::Transaction& tx, const repository::ProjectRow& project) const;

    storage::Database& db_;
    const core::Clock& clock_;
    const region::ParameterService& parameters_;
    const core::WorkingCalendar& calendar_;
    const CreditHistoryProvider& history_;
    const UnpaidWagesProvider& unpaid_wages_;
    core::ProjectChangeSink* changes_;  // told the projects written, after commit (null: nobody)
};

}  // namespace anxin::deposits
