// What other modules may read of clues in SQL (scripts/check_module_reads.py enforces it): complaints as
// facts, without the complainant's personal data or the description. Everything else goes through
// clues.hpp (ClueService, ComplainantOfClue for the complainant's phone, decrypted here).
#pragma once

#include <string_view>

namespace anxin::clues {

inline constexpr std::string_view kPublishedTables[] = {
    "clues_clue_published",  // id, tracking code, channel, project/worker/employer, amount, status, case, times
};

}  // namespace anxin::clues
