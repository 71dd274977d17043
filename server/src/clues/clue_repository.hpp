// SQL of the clues module: clues_clue, clues_routing, clues_intake_counter (rate_limit.cpp) and
// clues_pow_spent. Binding and row mapping only; no business decisions.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "clues/clue_service.hpp"
#include "core/principal.hpp"
#include "storage/database.hpp"

namespace anxin::clues::repository {

// One clues_clue row as stored (sealed, masked, indexed personal data).
struct ClueRecord {
    std::string id;
    std::string tracking_code;
    std::string channel;
    std::optional<std::string> source_system;
    std::optional<std::string> source_id;
    bool is_construction = true;
    std::string complainant_name;
    std::optional<std::string> id_number_enc;
    std::optional<std::string> id_number_mask;
    std::optional<std::string> id_number_index;
    std::string phone_enc;
    std::string phone_mask;
    std::string phone_index;
    std::optional<std::string> bank_card_enc;
    std::optional<std::string> bank_card_mask;
    bool identity_disclosure_agreed = false;
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
    std::int64_t amount = 0;
    std::int64_t worker_count = 1;
    std::string description;
    std::optional<std::string> key_grade;
    std::optional<std::string> key_reason;
    std::string status;
    std::optional<std::string> case_id;
    std::optional<std::string> accept_deadline_on;
    std::optional<std::int64_t> decided_at;
    std::optional<std::string> decided_by;
    std::optional<std::string> decision_reason;
    std::int64_t received_at = 0;
    std::string created_by;
    std::int64_t created_at = 0;
    std::int64_t updated_at = 0;
};

void InsertClue(storage::Transaction& tx, const ClueRecord& r);
std::optional<ClueRecord> FindClue(storage::Transaction& tx, std::string_view id);
std::optional<ClueRecord> FindBySource(storage::Transaction& tx, std::string_view source_system,
                                       std::string_view source_id);
std::optional<ClueRecord> FindByTracking(storage::Transaction& tx, std::string_view tracking_code);
bool TrackingCodeExists(storage::Transaction& tx, std::string_view tracking_code);
void UpdateDecision(storage::Transaction& tx, const ClueRecord& r);
void UpdateLocality(storage::Transaction& tx, std::string_view id, std::string_view region_code,
                    std::string_view county_code, std::int64_t updated_at);

// Scope: supervisors their region subtree, industry officers their region + industry, enterprise
// users clues about their enterprise or projects they participate in; anyone else nothing.
bool ClueVisible(storage::Transaction& tx, const core::Principal& principal, std::string_view id);

struct ClueFilter {
    core::Principal principal;
    ClueQuery query;
};
std::vector<ClueRecord> ListClues(storage::Transaction& tx, const ClueFilter& filter);
std::int64_t CountClues(storage::Transaction& tx, const ClueFilter& filter);

void InsertRouting(storage::Transaction& tx, const RoutingEntry& entry, std::string_view clue_id);
// Marks the active rows of these kinds inactive; returns how many.
std::int64_t DeactivateRouting(storage::Transaction& tx, std::string_view clue_id,
                               const std::vector<std::string>& kinds);
std::vector<RoutingEntry> ListRouting(storage::Transaction& tx, std::string_view clue_id);

std::vector<std::string> ClueIdsOfCase(storage::Transaction& tx, std::string_view case_id);

}  // namespace anxin::clues::repository
