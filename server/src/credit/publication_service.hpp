// PublicationService: the quarterly publication of major labor-security violations (重大劳动保障违法行为
// 社会公布办法, 人社部令第29号; issue 15 §6). For a quarter that has ended, the region's major
// violations — anomaly records of refused orders, criminal transfers, mass incidents and obstruction,
// and list decisions — are drafted from the records, published once (a snapshot with a number), and
// served to the public and as a spreadsheet to post.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <boost/json/array.hpp>

#include "core/principal.hpp"
#include "core/time.hpp"
#include "storage/database.hpp"

namespace anxin::credit {

struct PublishedViolation {
    std::string enterprise_name;
    std::string credit_code;
    std::string legal_representative;
    core::Date on;
    std::string facts;     // 主要违法事实
    std::string handling;  // 查处情况
    std::string reference; // the anomaly or listing number
};

struct Publication {
    std::optional<std::string> id, number;  // absent: a draft (not yet published)
    std::string region_code;
    int year = 0;
    int quarter = 0;
    std::optional<core::Date> published_on;
    std::optional<std::string> published_by_name;
    std::vector<PublishedViolation> items;
    std::size_t item_count = 0;
};

// The items as stored and as the API states them (one JSON shape for both).
boost::json::array PublishedItemsJson(const std::vector<PublishedViolation>& items);

class PublicationService {
  public:
    PublicationService(storage::Database& db, const core::Clock& clock) : db_(db), clock_(clock) {}

    // The published one, else a draft from today's records. 422 naming "quarter" before it has ended.
    Publication Get(const core::CallContext& ctx, int year, int quarter) const;
    // Publishes the quarter (once; 409 when it was). Audited.
    Publication Publish(const core::CallContext& ctx, int year, int quarter);
    // Publications of the caller's region (newest first), without items; the public's when ctx is null.
    std::vector<Publication> List(const core::Principal* principal) const;
    // A published one for the public page, by id (404 when not published).
    Publication Public(std::string_view id) const;

  private:
    storage::Database& db_;
    const core::Clock& clock_;
};

}  // namespace anxin::credit
