// The deposits module as other modules see it: the wage guarantee deposit (工资保证金, DEP; DOMAIN §4)
// of each project — how much the general contractor must lodge and why (explained rule by rule),
// the instruments that hold it (cash account, bank letter of guarantee, guarantee-company letter,
// surety insurance policy), its use to pay named workers after a missed pay order, the top-up, and
// its return after completion. Tables deposits_* (migration 0006).
//
// Two hooks let later modules feed the rules without this module depending on them:
//   CreditHistoryProvider — arrears / blacklist / clean-years history of the GC (credit module, §9);
//     default: StoredCreditHistoryProvider, manual yearly declarations in deposits_history.
//   UnpaidWagesProvider — refuses a return while the project owes wages: wages::ProjectUnpaidWages
//     in the app; NoUnpaidWages (never refuses) only where no wages exist (deposit tests, the demo).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/money.hpp"
#include "core/principal.hpp"
#include "core/time.hpp"
#include "deposits/deposit_rules.hpp"
#include "storage/database.hpp"

namespace anxin::deposits {

// ---- hooks ---------------------------------------------------------------------------------------
// The GC's history as the deposit rules need it, for a requirement computed in `year` (the prior
// year is year − 1). Called inside the caller's transaction; must not commit it.
class CreditHistoryProvider {
  public:
    virtual ~CreditHistoryProvider() = default;
    virtual DepositHistory HistoryFor(storage::Transaction& tx, std::string_view enterprise_id, int year) const = 0;
};

// Reads deposits_history declarations (year → had_arrears, real_name_and_account):
//   clean_years            consecutive declared years without arrears going back from year − 1
//                          (an undeclared year ends the run: no declaration, no credit);
//   arrears_in_prior_year  year − 1 declared with arrears;
//   arrears_in_prior_two_years  year − 1 or year − 2 declared with arrears;
//   real_name_and_account_in_place  year − 1, − 2 and − 3 all declared with the flag set;
//   blacklisted            always false (the credit module will know).
class StoredCreditHistoryProvider final : public CreditHistoryProvider {
  public:
    DepositHistory HistoryFor(storage::Transaction& tx, std::string_view enterprise_id, int year) const override;
};

// Whether the project still owes wages; nullopt when none (a return may proceed), else a sentence
// for the refusal. Called inside the caller's transaction.
class UnpaidWagesProvider {
  public:
    virtual ~UnpaidWagesProvider() = default;
    virtual std::optional<std::string> UnpaidWages(storage::Transaction& tx, std::string_view project_id) const = 0;
};

class NoUnpaidWages final : public UnpaidWagesProvider {
  public:
    std::optional<std::string> UnpaidWages(storage::Transaction&, std::string_view) const override {
        return std::nullopt;
    }
};

// ---- records -------------------------------------------------------------------------------------
inline constexpr std::string_view kForms[] = {"cash", "bank_guarantee", "guarantee_company", "insurance"};

struct Requirement {
    std::string project_id;
    std::string general_contractor_id;
    core::Fen contract_price = 0;
    RequirementResult result;              // amount, exempt flag and lines
    std::optional<core::Date> due_on;      // nullopt: no permit yet
    std::optional<std::string> due_basis;  // "permit" | "contract"
    bool stored = false;                   // false: a preview computed on read, not yet recorded
    std::optional<core::Timestamp> computed_at;
};

struct Instrument {
    std::string id;
    std::string project_id;
    std::string form;  // kForms
    std::string issuer;
    std::string number;
    core::Fen amount = 0;
    core::Fen balance = 0;
    core::Date lodged_on;
    std::optional<core::Date> valid_from;
    std::optional<core::Date> valid_to;
    std::string status;  // stored: active | used | returned | expired
    std::optional<core::Date> returned_on;
    core::Timestamp created_at;
};

struct NewInstrument {
    std::string form;
    std::string issuer;
    std::string number;
    core::Fen amount = 0;
    core::Date lodged_on;
    std::optional<core::Date> valid_from;
    std::optional<core::Date> valid_to;
};

struct UseWorker {
    std::string worker_id;
    core::Fen amount = 0;
};

struct Use {
    std::string id;
    std::string project_id;
    std::string instrument_id;
    std::string notice_number;
    core::Date notice_on;
    core::Fen amount = 0;
    core::Date pay_due_on;
    std::optional<core::Date> paid_on;
    std::optional<core::Date> topup_due_on;
    std::optional<core::Date> topped_up_on;
    std::vector<UseWorker> workers;
    core::Timestamp created_at;
};

struct NewUse {
    std::string instrument_id;
    std::string notice_number;
    core::Date notice_on;
    std::vector<UseWorker> workers;
};

struct Return {
    std::string id;
    std::string project_id;
    core::Date applied_on;
    core::Date notice_ends_on;
    core::Date review_due_on;
    std::optional<core::Date> reviewed_on;
    std::optional<std::string> review_result;  // approved | refused
    std::optional<std::string> review_reason;
    std::optional<std::string> reviewer_id;
    std::optional<core::Date> confirm_due_on;
    std::optional<core::Date> confirmed_on;
    core::Timestamp created_at;
};

struct ReturnReview {
    std::string result;  // approved | refused
    std::string reason;  // required when refused
    core::Date reviewed_on;
};

// Everything about one project's deposit, as of the clock's date.
struct DepositOverview {
    std::string project_id;
    std::string project_code;
    std::string project_name;
    std::string region_code;
    std::string project_status;
    std::optional<Requirement> requirement;  // nullopt when it cannot be computed (no GC)
    std::string requirement_problem;         // why requirement is nullopt
    std::vector<Instrument> instruments;
    std::vector<InstrumentState> instrument_states;  // parallel to instruments
    DepositStatus status;
    std::vector<Use> uses;
    std::vector<UseState> use_states;  // parallel to uses
    std::vector<Return> returns;
    std::vector<ReturnState> return_states;  // parallel to returns
    core::Date as_of;
};

struct DepositQuery {
    bool shortfall = false;                  // only projects whose lodged total is below the requirement
    bool overdue = false;                    // only projects whose lodging, a bank payment or a top-up is overdue
    bool expiring = false;                   // only projects with a guarantee expiring soon or expired
    std::optional<std::string> region_code;  // that region and below
    std::int64_t offset = 0;
    std::int64_t limit = 20;
};

struct DepositListItem {
    std::string project_id;
    std::string project_code;
    std::string project_name;
    std::string region_code;
    core::Fen required = 0;
    bool exempt = false;
    DepositStatus status;
    bool use_overdue = false;
};

struct DepositPage {
    std::vector<DepositListItem> items;
    std::int64_t total = 0;
};

// A manual declaration for the default CreditHistoryProvider.
struct HistoryDeclaration {
    std::string enterprise_id;
    int year = 0;
    bool had_arrears = false;
    bool real_name_and_account = false;
    std::string note;
};

}  // namespace anxin::deposits
