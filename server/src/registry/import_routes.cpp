#include "registry/import_routes.hpp"

#include <boost/json.hpp>

#include "core/error.hpp"

namespace anxin::registry {
namespace {

namespace json = boost::json;

ImportKind RequireKind(const std::optional<std::string>& text) {
    if (!text || text->empty()) ThrowInvalidField("kind", "必填：enterprises、workers 或 attendance");
    auto kind = ParseImportKind(*text);
    if (!kind) ThrowInvalidField("kind", "取值无效，可选：enterprises、workers、attendance");
    return *kind;
}

}  // namespace

json::object ImportJobJson(const ImportJob& j) {
    auto opt_time = [](const std::optional<core::Timestamp>& t) {
        return t ? json::value(core::FormatTimestamp(*t)) : json::value(nullptr);
    };
    return json::object{{"id", j.id},
                        {"kind", j.kind},
                        {"fileName", j.file_name},
                        {"fileSha256", j.file_sha256},
                        {"fileSize", j.file_size},
                        {"status", j.status},
                        {"message", j.message ? json::value(*j.message) : json::value(nullptr)},
                        {"rowsTotal", j.rows_total},
                        {"rowsDone", j.rows_done},
                        {"created", j.rows_created},
                        {"updated", j.rows_updated},
                        {"unchanged", j.rows_unchanged},
                        {"failed", j.rows_failed},
                        {"createdBy", j.created_by_name},
                        {"createdAt", core::FormatTimestamp(j.created_at)},
                        {"startedAt", opt_time(j.started_at)},
                        {"finishedAt", opt_time(j.finished_at)}};
}

void RegisterImportRoutes(http::Router& router, ImportService& imports) {
    using http::Method;

    router.Add(Method::kGet, "/api/v1/imports/templates/{kind}", "import.read", [](http::Request& request) {
        const ImportKind kind = RequireKind(request.PathParam("kind"));
        return http::DownloadResponse(ImportService::Template(kind),
                        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                        "import-" + std::string(ImportKindName(kind)) + "-template.xlsx");
    });

    router.Add(Method::kPost, "/api/v1/imports", "import.write", [&imports](http::Request& request) {
        const ImportKind kind = RequireKind(request.Query("kind"));
        ImportJob job = imports.Submit(request.Context(), kind, http::UploadFileName(request), std::move(request.body));
        return http::JsonResponse(202, ImportJobJson(job));
    });

    router.Add(Method::kGet, "/api/v1/imports", "import.read", [&imports](http::Request& request) {
        const http::Page page = http::ParsePage(request);
        ImportJobPage result = imports.List(request.Context(), page.offset(), page.page_size);
        json::array items;
        for (const auto& j : result.items) items.push_back(ImportJobJson(j));
        return http::JsonResponse(200, http::PagedBody(std::move(items), result.total, page));
    });

    router.Add(Method::kGet, "/api/v1/imports/{importId}", "import.read", [&imports](http::Request& request) {
        return http::JsonResponse(200, ImportJobJson(imports.Get(request.Context(), request.PathParam("importId"))));
    });

    router.Add(Method::kGet, "/api/v1/imports/{importId}/errors", "import.read", [&imports](http::Request& request) {
        const std::string& id = request.PathParam("importId");
        auto errors = imports.Errors(request.Context(), id);
        const std::string format = request.Query("format").value_or("json");
        if (format == "csv") return http::DownloadResponse(core::RowErrorsToCsv(errors), "text/csv; charset=utf-8", "import-" + id + "-errors.csv");
        if (format == "xlsx")
            return http::DownloadResponse(ImportService::ErrorsXlsx(errors),
                            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                            "import-" + id + "-errors.xlsx");
        if (format != "json") ThrowInvalidField("format", "取值无效，可选：json、csv、xlsx");
        json::array items;
        for (const auto& e : errors) items.push_back(json::object{{"row", e.row}, {"field", e.field}, {"reason", e.reason}});
        return http::JsonResponse(200, json::object{{"items", std::move(items)}});
    });
}

}  // namespace anxin::registry
