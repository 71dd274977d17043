// What cases tell the credit module (credit::ArrearsFacts): an enterprise's arrears cases (as the
// employer) — whether any opened after a day, and the list since a day — and the cases' facts that
// make credit anomaly records.
#pragma once

#include "credit/credit.hpp"

namespace anxin::cases {

class CaseArrearsFacts final : public credit::ArrearsFacts {
  public:
    std::int64_t ArrearsCasesSince(storage::Transaction& tx, std::string_view enterprise_id,
                                   core::Date since) const override;
    std::vector<ArrearsCase> ArrearsCasesFrom(storage::Transaction& tx, std::string_view enterprise_id,
                                              core::Date since) const override;
};

// Cases' facts that make credit anomaly records: an order to pay whose deadline passed with wages
// still owed (pay_order_ignored, one per case), and a case transferred to the police (police_transfer).
class CaseAnomalyFacts final : public credit::AnomalyFacts {
  public:
    std::vector<credit::AnomalyFact> AnomalyFactsBetween(storage::Transaction& tx, core::Date since,
                                                         core::Date as_of) const override;
};

}  // namespace anxin::cases
