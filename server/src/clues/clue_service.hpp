// The clue service: intake from every channel (staff, feeds, the public H5 page), routing, acceptance,
// scoped lists for the workbench, the complainant's tracking page and the owed-wages pre-fill. Rules
// and transactions only: no HTTP types, no SQL text (clue_repository.hpp).
//
// Personal data of the complainant is sealed (FieldCipher, contexts in clues.hpp), masked and
// blind-indexed. Enterprise users never see who filed unless the complainant agreed to disclose
// (then name and masks only); supervisors see masks, the full values with worker.unmask + reveal
// (audited as read_personal). Every write is audited ("clue" events) in its transaction.
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "clues/clues.hpp"
#include "clues/rate_limit.hpp"
#include "clues/routing.hpp"
#include "core/calendar.hpp"
#include "core/crypto.hpp"
#include "core/principal.hpp"
#include "core/project_changes.hpp"
#include "region/parameters.hpp"
#include "region/region.hpp"
#include "registry/enterprises.hpp"
#include "registry/workers.hpp"

namespace anxin::clues {

// The national clue form (DOMAIN §7) as staff, feeds and the public page fill it.
struct ClueInput {
    std::string channel;                       // kChannels
    std::optional<std::string> source_system;  // feeds: idempotent by (source_system, source_id)
    std::optional<std::string> source_id;
    bool is_construction = true;
    std::string complainant_name;
    std::optional<std::string> id_number;  // optional for hotlines; GB 11643 when given
    std::string phone;                     // required: "Missing contact" is an error
    std::optional<std::string> bank_card;
    std::string employer_name;
    std::string employer_address;
    std::optional<std::string> employer_credit_code;
    std::optional<std::string> project_id;
    std::optional<std::string> project_token;  // QR code of the project
    std::optional<std::string> region_code;    // where, when neither project nor employer tells
    std::optional<std::string> unpaid_from;    // YYYY-MM
    std::optional<std::string> unpaid_to;
    core::Fen amount = 0;  // > 0
    std::int64_t worker_count = 1;
    std::string description;
    bool identity_disclosure_agreed = false;
    std::optional<std::string> key_grade;  // red | yellow | blue: key clues only, with key_reason
    std::optional<std::string> key_reason;
};

struct RoutingEntry {
    std::string id;
    std::string target_kind;  // town | county | department | gc_headquarters
    std::string target_ref;
    std::string reason;
    bool active = true;
    std::string routed_by;
    core::Timestamp routed_at;
};

// A clue as a caller may see it. Complainant fields are masks unless revealed, absent (nullopt)
// for enterprise users unless disclosure was agreed.
struct Clue {
    std::string id;
    std::string tracking_code;
    std::string channel;
    std::optional<std::string> source_system;
    std::optional<std::string> source_id;
    bool is_construction = true;
    std::optional<std::string> complainant_name;
    std::optional<std::string> id_number;
    std::optional<std::string> phone;
    std::optional<std::string> bank_card;
    bool identity_disclosure_agreed = false;
    bool identity_withheld = false;  // enterprise view without disclosure
    bool revealed = false;
    std::optional<std::string> worker_id;
    std::string employer_name;
    std::string employer_address;
    std::optional<std::string> employer_id;
    std::optional<std::string> project_id;
    std::string region_code;
    std::string county_code;
    std::optional<std::string> industry;
    std::optional<std::string> unpaid_from;
    std::optional<std::string> unpaid_to;
    core::Fen amount = 0;
    std::int64_t worker_count = 1;
    std::string description;
    std::optional<std::string> key_grade;
    std::optional<std::string> key_reason;
    std::string status;  // received | accepted | rejected | merged
    std::optional<std::string> case_id;
    std::optional<core::Date> accept_deadline_on;
    std::optional<core::Timestamp> decided_at;
    std::optional<std::string> decided_by;
    std::optional<std::string> decision_reason;
    core::Timestamp received_at;
    std::string created_by;
    core::Timestamp created_at;
    core::Timestamp updated_at;
    std::vector<RoutingEntry> routing;  // active first, then history
};

struct FeedResult {
    Clue clue;
    bool created = false;  // false: a replay of (sourceSystem, sourceId), nothing written
};

struct ClueQuery {
    std::optional<std::string> status;
    std::optional<std::string> channel;
    std::optional<std::string> project_id;
    std::optional<std::string> employer;  // employer id, or a name prefix
    std::optional<std::string> key_grade;
    std::optional<core::Date> received_from;  // Shanghai dates, inclusive
    std::optional<core::Date> received_to;
    std::optional<std::string> region_code;  // that region and below
    std::int64_t offset = 0;
    std::int64_t limit = 20;
};
struct CluePage {
    std::vector<Clue> items;
    std::int64_t total = 0;
};

struct RerouteInput {
    std::optional<std::string> region_code;    // new locality (town or county)
    std::optional<std::string> department_id;  // new industry department
    std::string reason;
};

struct Decision {
    bool accepted = false;
    std::string reason;  // required when rejecting
};

// ---- public (worker H5 page) ----
struct PublicSubmission {
    ClueInput clue;  // channel is set by the service: project_qr with a token, else web
    std::string challenge;
    std::string nonce;
    std::string remote_address;
    std::string request_id;
};
struct PublicReceipt {
    std::string tracking_code;
    core::Date accept_deadline_on;
};

struct TrackingStep {
    core::Timestamp at;
    std::string title;
    std::string detail;
};
struct TrackingView {
    std::string tracking_code;
    std::string status;
    std::string status_label;  // 已收到, 已受理, 不予受理 …
    std::string employer_name;
    core::Fen amount = 0;
    core::Timestamp received_at;
    std::optional<core::Date> accept_deadline_on;
    std::optional<std::string> decision_reason;
    std::vector<TrackingStep> steps;  // the clue's own steps, then the case's
    std::optional<CaseTimeline> case_timeline;
    bool can_confirm = false;
};

struct OwedMonth {
    std::string month;  // YYYY-MM
    std::int64_t counted_days = 0;
    core::Fen earned = 0;  // attendance × contract rate
    core::Fen paid = 0;    // bank-confirmed
    core::Fen owed = 0;    // max(earned − paid, 0)
};
struct OwedReport {
    std::string project_name;
    std::string employer_name;  // the worker's employer on the project (from the contract)
    std::vector<OwedMonth> months;
    core::Fen total_owed = 0;
    std::optional<std::string> unpaid_from;  // first and last month with something owed
    std::optional<std::string> unpaid_to;
};

struct ClueOptions {
    IntakeLimits limits;
    std::string pow_key;           // secret bytes for the challenge MAC; empty → per-process random
    int owed_months_back = 24;     // the pre-fill looks at most this many months back
};

// Thread-safe: references to the database, clock and services (which must outlive it); the limits
// are guarded by a mutex; the hooks are given at construction. `cipher` may be null: anything touching personal data then throws kUnavailable.
// Errors are anxin::Error with fields named as in the JSON API.
class ClueService {
public:
    struct Dependencies {
        region::RegionService& regions;
        region::ParameterService& parameters;
        registry::EnterpriseService& enterprises;
        registry::WorkerService& workers;
        registry::ContractService& contracts;
        registry::AttendanceService& attendance;
        const core::WorkingCalendar& calendar;
    };
    // What the app plugs in; any may be null: that part is then skipped (no case, nobody told) or
    // answered 409 (confirmation without a case side). Messages go to the notify outbox directly.
    struct Hooks {
        CaseIntake* case_intake;
        CaseTimelineProvider* case_timeline;
        CaseConfirmation* case_confirmation;
        core::ProjectChangeSink* changes;
    };
    ClueService(storage::Database& db, const core::Clock& clock, const core::FieldCipher* cipher, Dependencies deps,
                Hooks hooks, ClueOptions options = {});

    void SetLimits(const IntakeLimits& limits);
    IntakeLimits limits() const;

    // Staff intake (clue.write): any channel except project_qr / web (those come from the public page).
    Clue Create(const core::CallContext& ctx, const ClueInput& input);
    // Feeds (clue.feed): sourceSystem + sourceId required; a replay returns the stored clue.
    FeedResult Feed(const core::CallContext& ctx, const ClueInput& input);

    Clue Get(const core::CallContext& ctx, std::string_view id, bool reveal = false);
    CluePage List(const core::CallContext& ctx, const ClueQuery& query) const;
    Clue Reroute(const core::CallContext& ctx, std::string_view id, const RerouteInput& input);
    // received → accepted (joins a case through CaseIntake) or rejected; else kConflict.
    Clue Decide(const core::CallContext& ctx, std::string_view id, const Decision& decision);

    // ---- public ----
    Challenge IssueChallenge() const;
    // 400 "proofOfWork" (missing / invalid / expired), 409 "proofOfWork" (already used), 429 "phone" /
    // "ip" over the limits, 404 for an unknown project token.
    PublicReceipt SubmitPublic(const PublicSubmission& submission);
    // Wrong code or wrong phone: the same kNotFound.
    TrackingView Track(std::string_view tracking_code, std::string_view phone, std::string_view remote_address,
                       std::string_view request_id);
    void Confirm(std::string_view tracking_code, std::string_view phone, bool money_arrived,
                 std::string_view remote_address, std::string_view request_id);
    // kNotFound unless the worker with this ID number is registered on the token's project under
    // this phone (one answer for every failure).
    OwedReport PrefillOwed(std::string_view project_token, std::string_view id_number, std::string_view phone,
                           std::string_view remote_address, std::string_view request_id);


private:
    struct Prepared;
    Prepared Prepare(const core::CallContext& ctx, const ClueInput& input, bool public_intake) const;
    Clue Insert(storage::Transaction& tx, const core::CallContext& ctx, const Prepared& prepared);
    Clue Load(storage::Transaction& tx, const core::Principal& principal, std::string_view id, bool reveal,
              bool check_scope) const;
    std::string FindTrackedClue(storage::Transaction& tx, std::string_view tracking_code, std::string_view phone) const;
    void CountLookup(std::string_view remote_address);
    const core::FieldCipher& Cipher() const;

    storage::Database& db_;
    const core::Clock& clock_;
    const core::FieldCipher* cipher_;
    Dependencies deps_;
    RoutingResolver resolver_;
    ProofOfWork pow_;
    int owed_months_back_;
    mutable std::mutex mutex_;
    IntakeLimits limits_;  // GUARDED_BY(mutex_)
    CaseIntake* case_intake_;
    CaseTimelineProvider* case_timeline_;
    CaseConfirmation* case_confirmation_;
    core::ProjectChangeSink* changes_;
};

// Normalises a tracking code as people type it: upper case, '-' and spaces dropped, Crockford
// look-alikes mapped (I, L → 1; O → 0).
std::string NormalizeTrackingCode(std::string_view text);
// 10 characters of Crockford base32 from 50 random bits (libsodium).
std::string NewTrackingCode();

}  // namespace anxin::clues
