// ListingService: the joint-punishment listing procedure (credit.hpp) for supervisors, one
// transaction per call, every write audited, dates from the injected clock and the loaded calendar.
//
// Who: supervisors (credit.write) act on procedures of their region; credit.read lists them.
// A procedure outside the caller's region is kNotFound, like an unknown id; so is an enterprise the
// caller cannot see when proposing. Rule refusals are kUnprocessable (422) naming the field and the
// rule, with the date it becomes possible where there is one; a step out of order is kConflict.
// Persons' ID numbers are sealed (credit_listing_person) and only ever shown masked.
// Thread-safe: holds references only; they must outlive the service.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/calendar.hpp"
#include "core/crypto.hpp"
#include "core/money.hpp"
#include "core/principal.hpp"
#include "credit/credit.hpp"
#include "credit/listing_rules.hpp"
#include "region/parameters.hpp"
#include "storage/database.hpp"

namespace anxin::credit {

struct ListingPersonInput {
    std::string role;  // legal_representative | responsible
    std::string name;
    std::string id_number;
};

struct NewListing {
    std::string enterprise_id;
    std::optional<std::string> case_id;
    core::Fen arrears_fen = 0;
    core::Date order_missed_on;  // the order to pay's deadline that passed unpaid
    bool mass_incident = false;
    std::string reason;
    std::vector<ListingPersonInput> persons;
};

struct ListingPerson {
    std::string role;
    std::string name;
    std::string id_number_mask;
};

struct ListingStep {
    std::string action;
    core::Date on;
    core::Timestamp at;
    std::string by_name;
    std::string note;
};

struct Listing {
    std::string id;
    std::string number;
    std::string enterprise_id;
    std::string enterprise_name;
    std::string credit_code;
    std::string region_code;
    std::string state;  // proposed | notified | listed | dropped | removed
    std::optional<std::string> case_id;
    core::Fen arrears_fen = 0;
    core::Fen threshold_fen = 0;
    core::Date order_missed_on;
    bool mass_incident = false;
    std::string reason;
    std::optional<core::Date> notified_on, statement_due, statement_on, decision_due, decided_on, expires_on;
    std::optional<std::string> statement, decision_reason;
    std::optional<core::Date> arrears_paid_on, repair_applied_on, repair_review_due, repair_refused_on, removed_on;
    std::optional<std::string> repair_pledge, repair_refusal, removal;
    // Derived for the worklist: the next deadline and whether it has passed (today, Shanghai).
    std::optional<core::Date> next_due;
    std::string next_step;  // notify | statement_period | decide | repair_decide | ""
    bool overdue = false;
    std::optional<core::Date> repair_possible_from;
    std::vector<ListingPerson> persons;
    std::vector<ListingStep> steps;
};

struct ListingQuery {
    std::optional<std::string> state;
    std::optional<std::string> enterprise_id;
    std::int64_t offset = 0;
    std::int64_t limit = 20;
};
struct ListingPage {
    std::vector<Listing> items;  // without persons and steps
    std::int64_t total = 0;
};

// What the public may read of a listing (BL: the name, the reason, the decision date and term).
struct PublicListing {
    std::string number;
    std::string enterprise_name;
    std::string credit_code;
    std::string reason;
    core::Date decided_on;
    core::Date expires_on;
};

class ListingService {
  public:
    ListingService(storage::Database& db, const core::Clock& clock, const core::WorkingCalendar& calendar,
                   const region::ParameterService& parameters, const core::FieldCipher* cipher,
                   const ArrearsFacts& new_arrears)
        : db_(db), clock_(clock), calendar_(calendar), parameters_(parameters), cipher_(cipher), new_arrears_(new_arrears) {}

    Listing Propose(const core::CallContext& ctx, const NewListing& input);
    Listing Notify(const core::CallContext& ctx, std::string_view id);
    Listing RecordStatement(const core::CallContext& ctx, std::string_view id, const std::string& statement);
    // list: 列入 (state listed) or 不予列入 (dropped); reason required either way.
    Listing Decide(const core::CallContext& ctx, std::string_view id, bool list, const std::string& reason);
    Listing RecordCorrection(const core::CallContext& ctx, std::string_view id, core::Date arrears_paid_on);
    Listing ApplyRepair(const core::CallContext& ctx, std::string_view id, const std::string& pledge);
    Listing DecideRepair(const core::CallContext& ctx, std::string_view id, bool grant, const std::string& reason);

    Listing Get(const core::CallContext& ctx, std::string_view id) const;
    ListingPage List(const core::CallContext& ctx, const ListingQuery& query) const;
    // The enterprises listed today (public query page).
    std::vector<PublicListing> PublicList() const;

    // The credit-sharing export: listings and removals (decided procedures, not those dropped) changed
    // after `cursor` ("" = from the start), oldest change first, at most `limit`; the cursor of the
    // last one comes back to ask for the next changes. Idempotent: the same cursor gives the same
    // items; the receiving platform keys them by number. kInvalidArgument on a malformed cursor.
    struct ExportPage {
        std::vector<Listing> items;
        std::string next_cursor;  // "" when nothing was returned (ask again with the same cursor)
    };
    ExportPage ExportSince(const core::CallContext& ctx, const std::string& cursor, std::int64_t limit) const;

    // Listings whose term has ended by today: removed (expired), audited as the system. Returns how many.
    std::int64_t ExpireDue();

    ListingTerms TermsFor(storage::Transaction& tx, std::string_view region_code) const;

  private:
    Listing Load(storage::Transaction& tx, const core::CallContext& ctx, std::string_view id) const;
    template <class Change>
    Listing Apply(const core::CallContext& ctx, std::string_view id, std::string_view action, Change change);
    void Step(storage::Transaction& tx, const core::CallContext& ctx, const std::string& id, std::string_view action,
              core::Date on, const std::string& note) const;
    // The worklist's next step and deadline, and what a read after the expiry day shows.
    void Derive(Listing& l, const ListingTerms& terms) const;

    storage::Database& db_;
    const core::Clock& clock_;
    const core::WorkingCalendar& calendar_;
    const region::ParameterService& parameters_;
    const core::FieldCipher* cipher_;  // null without a data key: proposing (persons' ID numbers) answers 503
    const ArrearsFacts& new_arrears_;
};

}  // namespace anxin::credit
