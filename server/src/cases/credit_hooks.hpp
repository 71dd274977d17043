// What cases tells the credit module (credit::NewArrearsCheck): whether an enterprise has new wage
// arrears since a day — a case about it (as the employer) opened after that day.
#pragma once

#include "credit/credit.hpp"

namespace anxin::cases {

class NewArrearsCases final : public credit::NewArrearsCheck {
  public:
    std::int64_t ArrearsCasesSince(storage::Transaction& tx, std::string_view enterprise_id,
                                   core::Date since) const override;
};

}  // namespace anxin::cases
