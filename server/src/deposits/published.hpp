// What other modules may read of deposits in SQL (scripts/check_module_reads.py enforces it): the
// deposit's explained requirement, the instruments lodged, uses and returns. Nothing here is sealed.
// Everything else: deposits.hpp.
#pragma once

#include <string_view>

namespace anxin::deposits {

inline constexpr std::string_view kPublishedTables[] = {
    "deposits_requirement",  // the required amount per project and how it was computed, due date, exemption
    "deposits_instrument",   // cash, bank guarantee, insurance policy: amount, validity, status
    "deposits_use",          // amounts used to pay wages, with the top-up deadline
    "deposits_return",       // return applications and their review and confirmation
};

}  // namespace anxin::deposits
