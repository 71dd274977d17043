#include "files/files_routes.hpp"

#include <boost/json.hpp>

#include "core/error.hpp"

namespace anxin::files {

namespace json = boost::json;

json::object FileJson(const StoredFile& f) {
    return json::object{{"id", f.id},
                        {"fileName", f.file_name},
                        {"contentType", f.content_type},
                        {"size", f.size},
                        {"sha256", f.sha256},
                        {"purpose", f.purpose},
                        {"purposeLabel", PurposeLabel(f.purpose)},
                        {"personal", f.personal},
                        {"projectId", f.project_id ? json::value(*f.project_id) : json::value(nullptr)},
                        {"uploadedBy", f.uploaded_by_name},
                        {"createdAt", core::FormatTimestamp(f.created_at)}};
}

void RegisterFileRoutes(http::Router& router, FileService& service) {
    router.Add(http::Method::kPost, "/api/v1/files", "file.write", [&service](http::Request& request) {
        Upload upload;
        upload.file_name = http::UploadFileName(request);
        upload.purpose = request.Query("purpose").value_or("");
        const std::string personal = request.Query("personal").value_or("false");
        if (personal != "true" && personal != "false") ThrowInvalidField("personal", "应为 true 或 false");
        upload.personal = personal == "true";
        if (auto project = request.Query("projectId"); project && !project->empty()) upload.project_id = *project;
        upload.bytes = std::move(request.body);
        return http::JsonResponse(201, FileJson(service.Store(request.Context(), std::move(upload))));
    });

    router.Add(http::Method::kGet, "/api/v1/files/{fileId}", "file.read", [&service](http::Request& request) {
        return http::JsonResponse(200, FileJson(service.Get(request.Context(), request.PathParam("fileId"))));
    });

    router.Add(http::Method::kGet, "/api/v1/files/{fileId}/content", "file.read", [&service](http::Request& request) {
        Download download = service.Fetch(request.Context(), request.PathParam("fileId"));
        http::Response response = http::DownloadResponse(std::move(download.bytes), download.file.content_type,
                                                         download.file.file_name);
        // Never rendered as a page: no scripts, no plugins, no frames, even if a browser tried.
        response.headers.emplace_back("Content-Security-Policy", "default-src 'none'; sandbox");
        return response;
    });
}

}  // namespace anxin::files
