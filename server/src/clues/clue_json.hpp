// JSON of the clues API (camelCase): request bodies read through core::JsonReader (every field
// problem reported at once) and the response bodies of clues, tracking, receipts and the pre-fill.
#pragma once

#include <boost/json/value.hpp>
#include <boost/json/value_from.hpp>

#include "clues/clue_service.hpp"

namespace anxin::clues {

enum class IntakeForm {
    kStaff,   // POST /api/v1/clues: channel required, projectId, keyGrade allowed
    kFeed,    // POST /api/v1/clues/feed: as staff plus sourceSystem + sourceId
    kPublic,  // POST /api/v1/public/clues: projectToken, challenge + nonce; no channel / key grade
};

ClueInput ReadClueInput(const boost::json::value& body, IntakeForm form);
PublicSubmission ReadPublicSubmission(const boost::json::value& body);
RerouteInput ReadReroute(const boost::json::value& body);
Decision ReadDecision(const boost::json::value& body);

// Complainant fields the caller may not see are omitted, not null.
void tag_invoke(boost::json::value_from_tag, boost::json::value& out, const Clue& clue);
void tag_invoke(boost::json::value_from_tag, boost::json::value& out, const TrackingView& view);
void tag_invoke(boost::json::value_from_tag, boost::json::value& out, const OwedReport& report);
void tag_invoke(boost::json::value_from_tag, boost::json::value& out, const Challenge& challenge);

}  // namespace anxin::clues
