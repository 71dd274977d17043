// What the warning engine tells the credit module (credit::AnomalyFacts): red warnings that make a
// credit anomaly record — the deposit not lodged (DEP-01), the labor cost not allocated (LAB-01),
// wages not paid (PAY-01), complaints frequent (CPL-01) — unless dismissed as unfounded. The record
// goes to the warning's responsible enterprise (the construction unit for LAB-01), else the
// project's general contractor.
#pragma once

#include "credit/credit.hpp"

namespace anxin::warnings {

class CreditAnomalyFacts final : public credit::AnomalyFacts {
  public:
    std::vector<credit::AnomalyFact> AnomalyFactsBetween(storage::Transaction& tx, core::Date since,
                                                         core::Date as_of) const override;
};

}  // namespace anxin::warnings
