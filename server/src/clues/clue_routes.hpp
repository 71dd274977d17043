// Routes of the clues module. The service must outlive the router.
//
// Staff (clue_routes.cpp):
//   POST /api/v1/clues                          clue.write  201  any channel
//   POST /api/v1/clues/feed                     clue.feed   201 new, 200 replay of (sourceSystem, sourceId)
//   GET  /api/v1/clues                          clue.read   paged; ?status=&channel=&projectId=&employer=
//                                                           &keyGrade=&receivedFrom=&receivedTo=&regionCode=
//   GET  /api/v1/clues/{clueId}                 clue.read   ?reveal=true: full values (worker.unmask), audited
//   POST /api/v1/clues/{clueId}/routing         clue.write  {regionCode?, departmentId?, reason}
//   POST /api/v1/clues/{clueId}/acceptance      clue.write  {accepted, reason}
// Public, no login (public_routes.cpp):
//   GET  /api/v1/public/clues/challenge                     {challenge, difficulty, expiresAt}
//   POST /api/v1/public/clues                               201 {trackingCode, acceptDeadline}
//   POST /api/v1/public/clues/track                         {trackingCode, phone}
//   POST /api/v1/public/clues/confirm                       {trackingCode, phone, moneyArrived}  204
//   POST /api/v1/public/projects/{token}/owed   {idNumber, phone} (never in the URL)
#pragma once

#include "clues/clue_service.hpp"
#include "http/http.hpp"

namespace anxin::clues {

void RegisterClueRoutes(http::Router& router, ClueService& service);
void RegisterPublicClueRoutes(http::Router& router, ClueService& service);

}  // namespace anxin::clues
