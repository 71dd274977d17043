// The construction-permit feed (开工一个、上线一个): every permit the housing department issues
// becomes a project on the platform, with its construction unit, general contractor and
// subcontractors as enterprises and participants, already in status "permitted". The input format
// is documented in registry/README.md.
//
// Idempotent: importing the same feed again changes nothing and reports every record "unchanged".
// Each record is validated and written in its own transaction: a bad record is reported with its
// index and field and leaves nothing behind, the good ones are committed.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <boost/json/value.hpp>

#include "core/principal.hpp"
#include "core/time.hpp"
#include "storage/database.hpp"

namespace anxin::registry {

struct FeedError {
    std::int64_t index = 0;  // position in the input array
    std::string field;       // "permitOn", "generalContractor.creditCode", "subcontractors[1].name", "record"
    std::string message;
};

struct FeedItem {
    std::int64_t index = 0;
    std::string project_code;
    std::string outcome;     // created | updated | unchanged | failed
    std::string project_id;  // empty when failed
};

struct FeedResult {
    std::int64_t created = 0;
    std::int64_t updated = 0;
    std::int64_t unchanged = 0;
    std::int64_t failed = 0;
    std::vector<FeedItem> items;
    std::vector<FeedError> errors;
};

// Supervisors only (kForbidden otherwise), and only projects in their region: a record outside it
// fails on "regionCode". `feed` must be a JSON array (kInvalidArgument on "body" otherwise) of at
// most kMaxFeedRecords records. Writes are audited.
inline constexpr std::size_t kMaxFeedRecords = 5000;
FeedResult ImportPermitFeed(storage::Database& db, const core::Clock& clock, const core::CallContext& ctx,
                            const boost::json::value& feed);

}  // namespace anxin::registry
