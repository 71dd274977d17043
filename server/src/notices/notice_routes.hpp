// HTTP routes of the notices module (permission project.read, scoped like the project):
//   GET /api/v1/projects/{projectId}/notice-board        JSON: items and the missing list
//   GET /api/v1/projects/{projectId}/notice-board.html   printable A4 page with the QR code
//   GET /api/v1/projects/{projectId}/qr.svg
//   GET /api/v1/projects/{projectId}/qr.png?size=8&depth=1   size: pixels per module; depth 1 or 8
//   PUT /api/v1/projects/{projectId}/notice-board/photo  {"fileId"}: the board's photo (project.write)
// Public (no login), for the worker H5 page behind the QR code:
//   GET /api/v1/public/projects/{token}                  the board facts only; unknown token → 404
#pragma once

#include <boost/json/value.hpp>

#include "http/http.hpp"
#include "notices/board_photo.hpp"
#include "notices/notices.hpp"

namespace anxin::notices {

// {"projectId","projectCode","projectName","address","regionCode","publicUrl",
//  "items":[{"key","label","value","present"}],"missing":["劳资专管员未登记", …]}
boost::json::value BoardJson(const NoticeBoard& board);
// {"projectName","address","publicUrl","items":[{"key","label","value"}]}: present items only,
// no ids, no region, no missing list.
boost::json::value PublicBoardJson(const NoticeBoard& board);

// The services must outlive the router.
void RegisterNoticeRoutes(http::Router& router, NoticeService& service, BoardPhotoService& photos);

}  // namespace anxin::notices
