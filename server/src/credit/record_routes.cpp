#include "credit/record_routes.hpp"

#include <boost/json.hpp>

#include "core/error.hpp"
#include "core/json_values.hpp"
#include "core/validation.hpp"
#include "core/xlsx_writer.hpp"
#include "credit/grade_rules.hpp"

namespace anxin::credit {
namespace {

namespace json = boost::json;

constexpr std::string_view kXlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

// One sheet of strings under a header row: what every spreadsheet of this module is.
std::string XlsxOf(const char* sheet_name, const std::vector<std::string>& headers,
                   const std::vector<std::vector<std::string>>& rows) {
    core::XlsxWorkbook book;
    lxw_worksheet* sheet = workbook_add_worksheet(book.get(), sheet_name);
    for (std::size_t c = 0; c < headers.size(); ++c)
        worksheet_write_string(sheet, 0, static_cast<lxw_col_t>(c), headers[c].c_str(), nullptr);
    lxw_row_t row = 1;
    for (const auto& values : rows) {
        for (std::size_t c = 0; c < values.size(); ++c)
            worksheet_write_string(sheet, row, static_cast<lxw_col_t>(c), values[c].c_str(), nullptr);
        ++row;
    }
    worksheet_set_column(sheet, 0, static_cast<lxw_col_t>(headers.size() - 1), 18, nullptr);
    return book.Finish();
}

json::object AnomalyJson(const Anomaly& a) {
    return json::object{{"id", a.id},
                        {"number", a.number},
                        {"enterpriseId", a.enterprise_id},
                        {"enterpriseName", a.enterprise_name},
                        {"creditCode", a.credit_code},
                        {"regionCode", a.region_code},
                        {"projectId", core::TextOrNull(a.project_id)},
                        {"projectName", core::TextOrNull(a.project_name)},
                        {"source", a.source},
                        {"category", a.category},
                        {"occurredOn", a.occurred_on.ToString()},
                        {"summary", a.summary},
                        {"evidence", a.evidence},
                        {"fileId", core::TextOrNull(a.file_id)},
                        {"recordedBy", a.recorded_by_name},
                        {"recordedOn", a.recorded_on.ToString()},
                        {"expiresOn", a.expires_on.ToString()},
                        {"objectionDue", a.objection_due.ToString()},
                        {"objection", core::TextOrNull(a.objection)},
                        {"objectedOn", core::DateOrNull(a.objected_on)},
                        {"objectedBy", core::TextOrNull(a.objected_by_name)},
                        {"correction", core::TextOrNull(a.correction)},
                        {"correctionReason", core::TextOrNull(a.correction_reason)},
                        {"correctedOn", core::DateOrNull(a.corrected_on)},
                        {"correctedBy", core::TextOrNull(a.corrected_by_name)},
                        {"state", a.state}};
}

json::object GradeJson(const Grade& g) {
    return json::object{{"enterpriseId", g.enterprise_id},       {"enterpriseName", g.enterprise_name},
                        {"creditCode", g.credit_code},           {"computedGrade", g.computed_grade},
                        {"rule", g.rule},                        {"facts", g.facts},
                        {"grade", g.grade},                      {"adjustedReason", core::TextOrNull(g.adjusted_reason)},
                        {"adjustedBy", core::TextOrNull(g.adjusted_by_name)}, {"incentive", g.incentive}};
}

json::object RunJson(const GradeRun& r) {
    json::object o{{"id", r.id},
                   {"regionCode", r.region_code},
                   {"year", r.year},
                   {"version", r.version},
                   {"state", r.state},
                   {"computedAt", core::FormatTimestamp(r.computed_at)},
                   {"computedBy", r.computed_by_name},
                   {"publishedOn", core::DateOrNull(r.published_on)},
                   {"publishedBy", core::TextOrNull(r.published_by_name)},
                   {"counts", json::object{{"A", r.count_a}, {"B", r.count_b}, {"C", r.count_c}}},
                   {"incentives", r.incentives}};
    json::array grades;
    for (const auto& g : r.grades) grades.push_back(GradeJson(g));
    o["grades"] = std::move(grades);
    return o;
}

json::object InForceJson(const GradeInForce& g) {
    return json::object{{"grade", g.grade},   {"year", g.year},       {"regionCode", g.region_code},
                        {"rule", g.rule},     {"publishedOn", g.published_on.ToString()}, {"incentive", g.incentive}};
}

json::object PublicationJson(const Publication& p) {
    return json::object{{"id", core::TextOrNull(p.id)},
                        {"number", core::TextOrNull(p.number)},
                        {"regionCode", p.region_code},
                        {"year", p.year},
                        {"quarter", p.quarter},
                        {"publishedOn", core::DateOrNull(p.published_on)},
                        {"publishedBy", core::TextOrNull(p.published_by_name)},
                        {"count", static_cast<std::int64_t>(p.item_count)},
                        {"items", PublishedItemsJson(p.items)}};
}

std::string PublicationXlsx(const Publication& p) {
    std::vector<std::vector<std::string>> rows;
    for (const auto& v : p.items)
        rows.push_back({v.enterprise_name, v.credit_code, v.legal_representative, v.on.ToString(), v.facts, v.handling, v.reference});
    return XlsxOf("重大劳动保障违法行为", {"违法主体", "统一社会信用代码", "法定代表人", "日期", "主要违法事实", "查处情况", "文号"}, rows);
}

// A required integer query parameter.
int RequiredQueryInt(const http::Request& request, const std::string& name, int min, int max) {
    auto value = http::QueryInteger(request, name, min, max);
    if (!value) ThrowInvalidField(name, "必填");
    return static_cast<int>(*value);
}

// ---- the credit-sharing export --------------------------------------------------------------------

// One listing as the export states it: the event (列入 while listed, 移出 once removed) and the facts
// the platform publishes.
json::object ListingExportJson(const Listing& l) {
    return json::object{{"number", l.number},
                        {"event", l.state == "removed" ? "removed" : "listed"},
                        {"enterpriseName", l.enterprise_name},
                        {"creditCode", l.credit_code},
                        {"regionCode", l.region_code},
                        {"reason", l.decision_reason ? json::value(*l.decision_reason) : json::value(l.reason)},
                        {"decidedOn", core::DateOrNull(l.decided_on)},
                        {"expiresOn", core::DateOrNull(l.expires_on)},
                        {"removedOn", core::DateOrNull(l.removed_on)},
                        {"removal", core::TextOrNull(l.removal)}};
}

json::object AnomalyExportJson(const Anomaly& a) {
    return json::object{{"number", a.number},          {"enterpriseName", a.enterprise_name}, {"creditCode", a.credit_code},
                        {"regionCode", a.region_code}, {"source", a.source},                  {"category", a.category},
                        {"occurredOn", a.occurred_on.ToString()}, {"summary", a.summary},     {"expiresOn", a.expires_on.ToString()},
                        {"state", a.state}};
}

http::Response Export(http::Request& request, CreditServices& s) {
    const std::string cursor(request.Query("since").value_or(""));
    const std::string kind(request.Query("kind").value_or("listings"));
    const std::string format(request.Query("format").value_or("json"));
    if (kind != "listings" && kind != "anomalies" && kind != "grades") ThrowInvalidField("kind", "取值无效，可选：listings、anomalies、grades");
    if (format != "json" && format != "xlsx") ThrowInvalidField("format", "取值无效，可选：json、xlsx");
    const std::int64_t limit = http::QueryInteger(request, "limit", 1, 5000).value_or(500);
    json::array items;
    std::vector<std::vector<std::string>> rows;
    std::string next;
    if (kind == "listings") {
        auto page = s.listings.ExportSince(request.Context(), cursor, limit);
        next = page.next_cursor;
        for (const auto& l : page.items) {
            items.push_back(ListingExportJson(l));
            rows.push_back({l.number, l.state == "removed" ? "移出" : "列入", l.enterprise_name, l.credit_code,
                            l.decision_reason.value_or(l.reason), l.decided_on ? l.decided_on->ToString() : "",
                            l.expires_on ? l.expires_on->ToString() : "", l.removed_on ? l.removed_on->ToString() : "",
                            !l.removal ? "" : *l.removal == "repaired" ? "信用修复" : "期满"});
        }
        if (format == "xlsx")
            return http::DownloadResponse(XlsxOf("失信联合惩戒名单", {"编号", "事项", "企业名称", "统一社会信用代码", "列入理由", "列入日期", "期限至", "移出日期", "移出原因"}, rows),
                                          std::string(kXlsxType), "失信联合惩戒名单.xlsx");
    } else if (kind == "anomalies") {
        auto page = s.anomalies.ExportSince(request.Context(), cursor, limit);
        next = page.next_cursor;
        static const std::map<std::string, std::string, std::less<>> kStates = {
            {"active", "有效"}, {"objected", "异议处理中"}, {"revoked", "已撤销"}, {"expired", "已过期"}};
        for (const auto& a : page.items) {
            items.push_back(AnomalyExportJson(a));
            rows.push_back({a.number, a.enterprise_name, a.credit_code, std::string(SourceLabel(a.source)),
                            std::string(CategoryLabel(a.category)), a.occurred_on.ToString(), a.summary, a.expires_on.ToString(),
                            kStates.at(a.state)});
        }
        if (format == "xlsx")
            return http::DownloadResponse(XlsxOf("信用异常记录", {"编号", "企业名称", "统一社会信用代码", "来源", "类别", "发生日期", "事实", "有效期至", "状态"}, rows),
                                          std::string(kXlsxType), "信用异常记录.xlsx");
    } else {
        auto page = s.grades.ExportSince(request.Context(), cursor, limit);
        next = page.next_cursor;
        for (const auto& i : page.items) {
            items.push_back(json::object{{"year", i.year},
                                         {"version", i.version},
                                         {"regionCode", i.region_code},
                                         {"publishedOn", i.published_on.ToString()},
                                         {"enterpriseName", i.grade.enterprise_name},
                                         {"creditCode", i.grade.credit_code},
                                         {"grade", i.grade.grade},
                                         {"rule", i.grade.adjusted_reason ? "调整：" + *i.grade.adjusted_reason : i.grade.rule},
                                         {"incentive", i.grade.incentive}});
            rows.push_back({std::to_string(i.year), i.region_code, i.grade.enterprise_name, i.grade.credit_code, i.grade.grade,
                            i.grade.adjusted_reason ? "调整：" + *i.grade.adjusted_reason : i.grade.rule,
                            i.grade.incentive ? "是" : "", i.published_on.ToString()});
        }
        if (format == "xlsx")
            return http::DownloadResponse(XlsxOf("守法诚信等级", {"年度", "地区", "企业名称", "统一社会信用代码", "等级", "依据", "守信激励", "发布日期"}, rows),
                                          std::string(kXlsxType), "守法诚信等级.xlsx");
    }
    return http::JsonResponse(200, json::object{{"kind", kind}, {"items", std::move(items)},
                                                {"nextCursor", next.empty() ? json::value(cursor) : json::value(next)}});
}

}  // namespace

void RegisterRecordRoutes(http::Router& router, CreditServices s) {
    using http::Method;
    AnomalyService& anomalies = s.anomalies;
    GradeService& grades = s.grades;
    PublicationService& publications = s.publications;

    // ---- anomaly records ----
    router.Add(Method::kGet, "/api/v1/credit/anomalies", "credit.file", [&anomalies](http::Request& request) {
        http::Page page = http::ParsePage(request);
        AnomalyQuery q;
        if (auto v = request.Query("enterpriseId"); v && !v->empty()) q.enterprise_id = std::string(*v);
        if (auto v = request.Query("state"); v && !v->empty()) {
            if (*v != "active" && *v != "objected" && *v != "revoked" && *v != "expired")
                ThrowInvalidField("state", "取值无效，可选：active、objected、revoked、expired");
            q.state = std::string(*v);
        }
        if (auto v = request.Query("source"); v && !v->empty()) {
            if (std::ranges::find(kSources, *v) == std::end(kSources)) ThrowInvalidField("source", "取值无效");
            q.source = std::string(*v);
        }
        q.offset = page.offset();
        q.limit = page.page_size;
        AnomalyPage result = anomalies.List(request.Context(), q);
        json::array items;
        for (const auto& a : result.items) items.push_back(AnomalyJson(a));
        return http::JsonResponse(200, http::PagedBody(std::move(items), result.total, page));
    });
    router.Add(Method::kPost, "/api/v1/credit/anomalies", "credit.write", [&anomalies](http::Request& request) {
        const json::value body = http::ParseJsonBody(request);
        core::JsonReader in(body);
        NewAnomaly n;
        n.enterprise_id = in.RequiredString("enterpriseId", 40);
        n.project_id = in.OptionalString("projectId", 40);
        n.category = in.RequiredEnum("category", {"violation", "order_refused", "criminal", "mass_incident", "obstruction"});
        n.occurred_on = in.RequiredDate("occurredOn");
        n.summary = in.RequiredText("summary", 1000);
        n.file_id = in.RequiredString("fileId", 40);
        in.Finish();
        return http::JsonResponse(201, AnomalyJson(anomalies.Record(request.Context(), n)));
    });
    router.Add(Method::kGet, "/api/v1/credit/anomalies/{anomalyId}", "credit.file", [&anomalies](http::Request& request) {
        return http::JsonResponse(200, AnomalyJson(anomalies.Get(request.Context(), request.PathParam("anomalyId"))));
    });
    router.Add(Method::kPost, "/api/v1/credit/anomalies/{anomalyId}/objection", "credit.object", [&anomalies](http::Request& request) {
        const json::value body = http::ParseJsonBody(request);
        core::JsonReader in(body);
        const std::string text = in.RequiredText("objection", 2000);
        in.Finish();
        return http::JsonResponse(200, AnomalyJson(anomalies.Object(request.Context(), request.PathParam("anomalyId"), text)));
    });
    router.Add(Method::kPost, "/api/v1/credit/anomalies/{anomalyId}/correction", "credit.write", [&anomalies](http::Request& request) {
        const json::value body = http::ParseJsonBody(request);
        core::JsonReader in(body);
        const std::string outcome = in.RequiredEnum("outcome", {"revoke", "uphold"});
        const std::string reason = in.RequiredText("reason", 1000);
        in.Finish();
        return http::JsonResponse(
            200, AnomalyJson(anomalies.Correct(request.Context(), request.PathParam("anomalyId"), outcome == "revoke", reason)));
    });

    // ---- grades ----
    router.Add(Method::kGet, "/api/v1/credit/grade-runs", "credit.read", [&grades](http::Request& request) {
        json::array items;
        for (const auto& r : grades.Runs(request.Context())) {
            json::object o = RunJson(r);
            o.erase("grades");
            items.push_back(std::move(o));
        }
        return http::JsonResponse(200, json::object{{"items", std::move(items)}});
    });
    router.Add(Method::kPost, "/api/v1/credit/grade-runs", "credit.write", [&grades](http::Request& request) {
        const json::value body = http::ParseJsonBody(request);
        core::JsonReader in(body);
        const int year = static_cast<int>(in.RequiredInt("year", 2000, 2100));
        in.Finish();
        return http::JsonResponse(201, RunJson(grades.Evaluate(request.Context(), year)));
    });
    router.Add(Method::kGet, "/api/v1/credit/grade-runs/{runId}", "credit.read", [&grades](http::Request& request) {
        std::optional<std::string> grade;
        if (auto v = request.Query("grade"); v && !v->empty()) {
            if (*v != "A" && *v != "B" && *v != "C") ThrowInvalidField("grade", "取值无效，可选：A、B、C");
            grade = std::string(*v);
        }
        return http::JsonResponse(200, RunJson(grades.Get(request.Context(), request.PathParam("runId"), grade)));
    });
    router.Add(Method::kPost, "/api/v1/credit/grade-runs/{runId}/adjustments", "credit.write", [&grades](http::Request& request) {
        const json::value body = http::ParseJsonBody(request);
        core::JsonReader in(body);
        const std::string enterprise_id = in.RequiredString("enterpriseId", 40);
        const std::string grade = in.RequiredEnum("grade", {"A", "B", "C"});
        const std::string reason = in.RequiredText("reason", 1000);
        in.Finish();
        return http::JsonResponse(200, RunJson(grades.Adjust(request.Context(), request.PathParam("runId"), enterprise_id, grade, reason)));
    });
    router.Add(Method::kPost, "/api/v1/credit/grade-runs/{runId}/publish", "credit.write", [&grades](http::Request& request) {
        const json::value body = http::ParseJsonBody(request);
        core::JsonReader(body).Finish();
        return http::JsonResponse(200, RunJson(grades.Publish(request.Context(), request.PathParam("runId"))));
    });
    router.Add(Method::kGet, "/api/v1/credit/incentives", "credit.read", [&grades](http::Request& request) {
        const core::Date on = http::QueryDate(request, "on").value_or(grades.Today());
        json::array items;
        for (const auto& g : grades.Incentives(request.Context(), on)) items.push_back(GradeJson(g));
        return http::JsonResponse(200, json::object{{"on", on.ToString()}, {"items", std::move(items)}});
    });
    // The incentive list is published (守信激励): names and codes of every region's current list.
    router.Add(Method::kGet, "/api/v1/public/credit/incentives", http::kPublic, [&grades](http::Request&) {
        json::array items;
        for (const auto& g : grades.Incentives(core::SystemContext("public"), grades.Today()))
            items.push_back(json::object{{"enterpriseName", g.enterprise_name}, {"creditCode", g.credit_code}});
        return http::JsonResponse(200, json::object{{"items", std::move(items)}});
    });
    router.Add(Method::kGet, "/api/v1/credit/profiles/{enterpriseId}", "credit.file", [&grades](http::Request& request) {
        const CreditProfile p = grades.Profile(request.Context(), request.PathParam("enterpriseId"), http::QueryDate(request, "on"));
        json::array listings;
        for (const auto& l : p.listings)
            listings.push_back(json::object{{"number", l.number}, {"state", l.state}, {"decidedOn", core::DateOrNull(l.decided_on)},
                                            {"expiresOn", core::DateOrNull(l.expires_on)}, {"removedOn", core::DateOrNull(l.removed_on)},
                                            {"removal", core::TextOrNull(l.removal)}});
        json::array history;
        for (const auto& h : p.history)
            history.push_back(json::object{{"year", h.year}, {"version", h.version}, {"regionCode", h.region_code},
                                           {"grade", h.grade}, {"rule", h.rule}, {"adjustedReason", core::TextOrNull(h.adjusted_reason)},
                                           {"publishedOn", h.published_on.ToString()}, {"incentive", h.incentive}});
        return http::JsonResponse(200, json::object{{"enterpriseId", p.enterprise_id},
                                                    {"enterpriseName", p.enterprise_name},
                                                    {"creditCode", p.credit_code},
                                                    {"grade", p.grade ? json::value(InForceJson(*p.grade)) : json::value(nullptr)},
                                                    {"on", p.on.ToString()},
                                                    {"listed", p.listed},
                                                    {"listings", std::move(listings)},
                                                    {"history", std::move(history)}});
    });

    // ---- the quarterly publication ----
    router.Add(Method::kGet, "/api/v1/credit/publications", "credit.read", [&publications](http::Request& request) {
        json::array items;
        const core::CallContext ctx = request.Context();
        for (const auto& p : publications.List(&ctx.principal)) items.push_back(PublicationJson(p));
        return http::JsonResponse(200, json::object{{"items", std::move(items)}});
    });
    router.Add(Method::kGet, "/api/v1/credit/publication", "credit.read", [&publications](http::Request& request) {
        const int year = RequiredQueryInt(request, "year", 2000, 2100);
        const int quarter = RequiredQueryInt(request, "quarter", 1, 4);
        const std::string format(request.Query("format").value_or("json"));
        if (format != "json" && format != "xlsx") ThrowInvalidField("format", "取值无效，可选：json、xlsx");
        const Publication p = publications.Get(request.Context(), year, quarter);
        if (format == "xlsx")
            return http::DownloadResponse(PublicationXlsx(p), std::string(kXlsxType),
                                          "重大劳动保障违法行为-" + std::to_string(year) + "Q" + std::to_string(quarter) + ".xlsx");
        return http::JsonResponse(200, PublicationJson(p));
    });
    router.Add(Method::kPost, "/api/v1/credit/publications", "credit.write", [&publications](http::Request& request) {
        const json::value body = http::ParseJsonBody(request);
        core::JsonReader in(body);
        const int year = static_cast<int>(in.RequiredInt("year", 2000, 2100));
        const int quarter = static_cast<int>(in.RequiredInt("quarter", 1, 4));
        in.Finish();
        return http::JsonResponse(201, PublicationJson(publications.Publish(request.Context(), year, quarter)));
    });
    router.Add(Method::kGet, "/api/v1/public/credit/publications", http::kPublic, [&publications](http::Request&) {
        json::array items;
        for (const auto& p : publications.List(nullptr)) items.push_back(PublicationJson(p));
        return http::JsonResponse(200, json::object{{"items", std::move(items)}});
    });
    router.Add(Method::kGet, "/api/v1/public/credit/publications/{publicationId}", http::kPublic, [&publications](http::Request& request) {
        return http::JsonResponse(200, PublicationJson(publications.Public(request.PathParam("publicationId"))));
    });

    // ---- the credit-sharing export (issue 15 §6) ----
    router.Add(Method::kGet, "/api/v1/credit/export", "credit.export", [s](http::Request& request) mutable { return Export(request, s); });
}

}  // namespace anxin::credit
