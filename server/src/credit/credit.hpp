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
//
// Anomaly records (信用异常记录, anomaly_service.hpp) are raised from other modules' facts through
// AnomalyFacts below, or recorded by hand; the yearly grades (grade_service.hpp) count them.
#pragma once

#include <cstdint>
#include <boost/json/object.hpp>
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

// A fact of another module that makes a credit anomaly record (Tai'an practice, issue 15 §1). The
// warnings module reports red warnings of the deposit, the labor-cost allocation, wages and
// complaints; cases report orders to pay ignored and transfers to the police.
struct AnomalyFact {
    // deposit_overdue | labor_cost_unallocated | wages_overdue | complaints_frequent | pay_order_ignored | police_transfer
    std::string source;
    std::string source_ref;  // the warning or case id: one record per (source, source_ref), ever
    std::string enterprise_id;
    std::optional<std::string> project_id;
    std::string region_code;
    core::Date occurred_on;
    std::string summary;  // the facts in one Chinese sentence
    boost::json::object evidence;
};
class AnomalyFacts {
  public:
    virtual ~AnomalyFacts() = default;
    // The facts that arose (or still held) in [since, as_of].
    virtual std::vector<AnomalyFact> AnomalyFactsBetween(storage::Transaction& tx, core::Date since,
                                                         core::Date as_of) const = 0;
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

// The compliance grade (A/B/C) in force for an enterprise on `on`: from the latest published yearly
// evaluation that graded it (any region). nullopt when none was published by then.
struct GradeInForce {
    std::string enterprise_id;
    std::string grade;  // A | B | C
    int year = 0;
    std::string region_code;
    std::string rule;
    core::Date published_on;
    bool incentive = false;  // on the incentive list (守信激励)
};
std::optional<GradeInForce> GradeOf(storage::Transaction& tx, std::string_view enterprise_id, core::Date on);
// Every enterprise whose grade in force on `on` is C (warnings: CRD-02's yellow level).
std::vector<GradeInForce> GradeCEnterprises(storage::Transaction& tx, core::Date on);

}  // namespace anxin::credit
