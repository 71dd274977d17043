// credit: the joint-punishment list (失信联合惩戒对象名单, 人社部令第45号, DOMAIN.md §9) — the listing
// procedure from proposal to removal — and what other modules may ask of it. Tables credit_listing*
// (migration 0029). Anomaly records, A/B/C grades and the pre-contract query come next (issue 15).
//
// The procedure, each step dated in Asia/Shanghai and counted in working days of the loaded calendar:
//   propose   the conditions recorded: an order to pay whose deadline passed unpaid, and arrears at or
//             above the provincial threshold (credit.crime_threshold_fen) or a mass/extreme incident;
//             the enterprise, its legal representative and the directly responsible persons;
//   notify    the written notice (告知书): the enterprise may state its case (陈述申辩) until
//             statement_due = notified + credit.statement_working_days;
//   statement what the enterprise said, recorded no later than statement_due;
//   decide    after statement_due only: 列入 (listed until decided + credit.listing_years) or 不予列入;
//             due by decision_due = statement_due + credit.decision_working_days;
//   correction the arrears paid in full (the date);
//   repair    early removal (信用修复): applied for no earlier than paid + credit.repair_min_months, no
//             new arrears since, with a written pledge; decided by repair_review_due;
//   expire    removal on the expiry day, by the daily job (or on any read after it).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/time.hpp"
#include "storage/database.hpp"

namespace anxin::credit {

// What cases know about an enterprise's wage arrears (credit does not read cases' tables):
// implemented by cases::CaseArrearsFacts.
class ArrearsFacts {
  public:
    virtual ~ArrearsFacts() = default;
    // New arrears since `since`: cases about it (as the employer) opened after that day.
    virtual std::int64_t ArrearsCasesSince(storage::Transaction& tx, std::string_view enterprise_id,
                                           core::Date since) const = 0;
    // Its arrears cases opened on or after `since`, newest first (the pre-contract query).
    struct ArrearsCase {
        std::string number;
        core::Date opened_on;
        std::string state;
        std::optional<std::string> conclusion;  // the standard handling conclusion, once closed
        std::int64_t claimed_fen = 0;
        std::int64_t recovered_fen = 0;
    };
    virtual std::vector<ArrearsCase> ArrearsCasesFrom(storage::Transaction& tx, std::string_view enterprise_id,
                                                      core::Date since) const = 0;
};

// ---- published: what other modules may ask (inside their own transaction) -------------------------

// The enterprise is on the list on `on` (decided, not yet removed).
bool IsListed(storage::Transaction& tx, std::string_view enterprise_id, core::Date on);

// The enterprise has a procedure under way (proposed or notified).
bool IsCandidate(storage::Transaction& tx, std::string_view enterprise_id);

// Every enterprise on the list on `on`, with its listing's number and term (warnings: CRD-02).
struct ListedEnterprise {
    std::string enterprise_id;
    std::string number;
    core::Date decided_on;
    core::Date expires_on;
};
std::vector<ListedEnterprise> ListedEnterprises(storage::Transaction& tx, core::Date on);

}  // namespace anxin::credit
