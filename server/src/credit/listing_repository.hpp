// SQL for credit_listing, credit_listing_person and credit_listing_step. Every function runs in the
// caller's transaction. Persons come back with their masks only; the sealed value stays here.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "credit/listing_service.hpp"
#include "storage/database.hpp"

namespace anxin::credit::listing_repo {

struct PersonRow {
    std::string role, name, id_number_enc, id_number_mask, id_number_index;
};

void Insert(storage::Transaction& tx, const Listing& l, std::string_view proposed_by, std::int64_t at);
void InsertPersons(storage::Transaction& tx, std::string_view listing_id, const std::vector<PersonRow>& persons);
// Writes every mutable column of the listing (the procedure's dates and texts, state).
void Update(storage::Transaction& tx, const Listing& l, std::int64_t at);
std::optional<Listing> Find(storage::Transaction& tx, std::string_view id);
std::vector<ListingPerson> Persons(storage::Transaction& tx, std::string_view id);
std::vector<ListingStep> Steps(storage::Transaction& tx, std::string_view id);
void InsertStep(storage::Transaction& tx, std::string_view id, const ListingStep& step, std::string_view by_user);
// Procedures in the region (prefix) — all regions for "" — filtered, newest first.
std::vector<Listing> List(storage::Transaction& tx, std::string_view region_prefix, const ListingQuery& q);
std::int64_t Count(storage::Transaction& tx, std::string_view region_prefix, const ListingQuery& q);
// An enterprise's procedure that is under way or in force (proposed, notified, listed).
std::optional<std::string> OpenFor(storage::Transaction& tx, std::string_view enterprise_id);
std::int64_t CountInYear(storage::Transaction& tx, std::string_view region_code, int year);
std::vector<std::string> ExpiredBy(storage::Transaction& tx, core::Date today);
std::vector<Listing> ListedOn(storage::Transaction& tx, core::Date on);
// Decided listings (listed or removed) of the region changed after (updated_at, id), in that order;
// each with its updated_at.
std::vector<std::pair<Listing, std::int64_t>> ChangedSince(storage::Transaction& tx, std::string_view region_prefix,
                                                           std::int64_t after_ms, std::string_view after_id,
                                                           std::int64_t limit);

struct EnterpriseRow {
    std::string id, name, credit_code, region_code;
};
std::optional<EnterpriseRow> FindEnterprise(storage::Transaction& tx, std::string_view id);

}  // namespace anxin::credit::listing_repo
