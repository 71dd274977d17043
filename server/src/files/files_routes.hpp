// HTTP routes of the file store (files.hpp):
//   POST /api/v1/files?purpose=&projectId=&personal=true   body: the file's bytes; name in X-File-Name
//        (percent-encoded) or ?fileName=. 201 with the file's metadata.            (file.write)
//   GET  /api/v1/files/{fileId}           metadata                                  (file.read)
//   GET  /api/v1/files/{fileId}/content   the bytes, as an attachment, audited       (file.read)
#pragma once

#include <boost/json/object.hpp>

#include "files/files.hpp"
#include "http/http.hpp"

namespace anxin::files {

// {"id","fileName","contentType","size","sha256","purpose","purposeLabel","personal","projectId",
//  "uploadedBy","createdAt"}
boost::json::object FileJson(const StoredFile& f);

// The service must outlive the router.
void RegisterFileRoutes(http::Router& router, FileService& service);

}  // namespace anxin::files
