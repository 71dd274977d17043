#include "notices/notice_routes.hpp"

#include <charconv>

#include <boost/json.hpp>

#include "core/error.hpp"
#include "core/validation.hpp"
#include "notices/notice_html.hpp"
#include "notices/qr.hpp"

namespace anxin::notices {
namespace {

namespace json = boost::json;

int IntQuery(const http::Request& request, const std::string& name, int fallback) {
    auto text = request.Query(name);
    if (!text || text->empty()) return fallback;
    int value = 0;
    auto [end, ec] = std::from_chars(text->data(), text->data() + text->size(), value);
    if (ec != std::errc() || end != text->data() + text->size()) ThrowInvalidField(name, "应为整数");
    return value;
}

http::Response Body(std::string content_type, std::string body) {
    http::Response response;
    response.content_type = std::move(content_type);
    response.body = std::move(body);
    return response;
}

}  // namespace

json::value BoardJson(const NoticeBoard& board) {
    json::array items;
    for (const auto& item : board.items) {
        items.push_back(
            json::object{{"key", item.key}, {"label", item.label}, {"value", item.value}, {"present", item.present}});
    }
    json::array missing;
    for (const auto& text : board.missing) missing.emplace_back(text);
    return json::object{{"projectId", board.project_id},     {"projectCode", board.project_code},
                        {"projectName", board.project_name}, {"address", board.address},
                        {"regionCode", board.region_code},   {"publicUrl", board.public_url},
                        {"items", std::move(items)},         {"missing", std::move(missing)},
                        {"photo", board.photo_file_id
                                      ? json::value(json::object{{"fileId", *board.photo_file_id},
                                                                 {"fileName", board.photo_file_name},
                                                                 {"uploadedBy", board.photo_uploaded_by},
                                                                 {"uploadedAt", core::FormatTimestamp(*board.photo_uploaded_at)}})
                                      : json::value(nullptr)}};
}

json::value PublicBoardJson(const NoticeBoard& board) {
    json::array items;
    for (const auto& item : board.items) {
        if (item.present)
            items.push_back(json::object{{"key", item.key}, {"label", item.label}, {"value", item.value}});
    }
    return json::object{{"projectName", board.project_name},
                        {"address", board.address},
                        {"publicUrl", board.public_url},
                        {"items", std::move(items)}};
}

void RegisterNoticeRoutes(http::Router& router, NoticeService& service, BoardPhotoService& photos) {
    router.Add(http::Method::kPut, "/api/v1/projects/{projectId}/notice-board/photo", "project.write",
               [&service, &photos](http::Request& request) {
                   const auto body = http::ParseJsonBody(request);
                   core::JsonReader reader(body);
                   const std::string file_id = reader.RequiredString("fileId", 40);
                   reader.Finish();
                   const auto ctx = request.Context();
                   photos.Set(ctx, request.PathParam("projectId"), file_id);
                   return http::JsonResponse(200, BoardJson(service.GetBoard(ctx, request.PathParam("projectId"))));
               });

    router.Add(http::Method::kGet, "/api/v1/projects/{projectId}/notice-board", "project.read",
               [&service](http::Request& request) {
                   return http::JsonResponse(
                       200, BoardJson(service.GetBoard(request.Context(), request.PathParam("projectId"))));
               });

    router.Add(http::Method::kGet, "/api/v1/projects/{projectId}/notice-board.html", "project.read",
               [&service](http::Request& request) {
                   NoticeBoard board = service.GetBoard(request.Context(), request.PathParam("projectId"));
                   return Body("text/html; charset=utf-8",
                               RenderBoardHtml(board, RenderQrSvg(EncodeQr(board.public_url))));
               });

    router.Add(http::Method::kGet, "/api/v1/projects/{projectId}/qr.svg", "project.read",
               [&service](http::Request& request) {
                   std::string url = service.ProjectUrl(request.Context(), request.PathParam("projectId"));
                   return Body("image/svg+xml", RenderQrSvg(EncodeQr(url)));
               });

    router.Add(http::Method::kGet, "/api/v1/projects/{projectId}/qr.png", "project.read",
               [&service](http::Request& request) {
                   std::string url = service.ProjectUrl(request.Context(), request.PathParam("projectId"));
                   PngOptions options;
                   options.module_pixels = IntQuery(request, "size", options.module_pixels);
                   options.bit_depth = IntQuery(request, "depth", options.bit_depth);
                   return Body("image/png", RenderQrPng(EncodeQr(url), options));
               });

    router.Add(http::Method::kGet, "/api/v1/public/projects/{token}", http::kPublic,
               [&service](http::Request& request) {
                   return http::JsonResponse(200, PublicBoardJson(service.GetPublicBoard(request.PathParam("token"))));
               });
}

}  // namespace anxin::notices
