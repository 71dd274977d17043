// HTTP routes of dedicated wage accounts and the bank feed:
//   POST  /api/v1/projects/{projectId}/account           account.write   201; opens the account
//   GET   /api/v1/projects/{projectId}/account           account.read    ?reveal=true (worker.unmask)
//   PATCH /api/v1/projects/{projectId}/account           account.write   agreement, filing, branch
//   POST  /api/v1/projects/{projectId}/account/closure   account.write   {noticeOn?}: starts the notice
//   POST  /api/v1/projects/{projectId}/account/close     account.write   {closedOn?}
//   GET   /api/v1/accounts                               account.read    paged; ?regionCode=&bankCode=&status=&overdue=true
//   GET   /api/v1/accounts/{accountId}/transactions      account.read    paged; ?flagged=true|false
//   POST  /api/v1/bank-feed                              bankfeed.write  JSON {"transactions":[...]} or text/csv
#include <boost/json.hpp>

#include "core/error.hpp"
#include "core/validation.hpp"
#include "http/http.hpp"
#include "wages/account_service.hpp"
#include "wages/bank_feed.hpp"
#include "wages/wages.hpp"

namespace anxin::wages {
namespace {

namespace json = boost::json;

json::value DateValue(const std::optional<core::Date>& date) {
    if (!date) return nullptr;
    return json::string(date->ToString());
}

json::value TextValue(const std::optional<std::string>& text) {
    if (!text) return nullptr;
    return json::string(*text);
}

json::object DeadlineJson(const Deadline& d) {
    return json::object{
        {"dueOn", DateValue(d.due_on)}, {"doneOn", DateValue(d.done_on)}, {"status", d.status}, {"days", d.days}};
}

json::object AccountJson(const Account& a) {
    return json::object{{"id", a.id},
                        {"projectId", a.project_id},
                        {"generalContractorId", a.general_contractor_id},
                        {"bankCode", a.bank_code},
                        {"bankName", a.bank_name},
                        {"branchName", a.branch_name},
                        {"accountName", a.account_name},
                        {"accountNumber", a.account_number},
                        {"revealed", a.revealed},
                        {"openedOn", a.opened_on.ToString()},
                        {"agreementRef", TextValue(a.agreement_ref)},
                        {"agreementSignedOn", DateValue(a.agreement_signed_on)},
                        {"agreementFile", a.agreement_file_id ? json::value(json::object{{"id", *a.agreement_file_id},
                                                                                          {"fileName", TextValue(a.agreement_file_name)}})
                                                              : json::value(nullptr)},
                        {"filedOn", DateValue(a.filed_on)},
                        {"status", a.status},
                        {"closureNoticeOn", DateValue(a.closure_notice_on)},
                        {"closedOn", DateValue(a.closed_on)},
                        {"createdAt", core::FormatTimestamp(a.created_at)},
                        {"updatedAt", core::FormatTimestamp(a.updated_at)}};
}

json::object ViewJson(const AccountView& v) {
    return json::object{{"projectId", v.project_id},
                        {"projectCode", v.project_code},
                        {"projectName", v.project_name},
                        {"regionCode", v.region_code},
                        {"projectStatus", v.project_status},
                        {"account", v.account ? json::value(AccountJson(*v.account)) : json::value(nullptr)},
                        {"deadlines", json::object{{"open", DeadlineJson(v.open_deadline)},
                                                   {"filing", DeadlineJson(v.filing_deadline)}}},
                        {"closureNoticeEndsOn", DateValue(v.closure_notice_ends_on)},
                        {"credits", v.credits},
                        {"debits", v.debits},
                        {"balance", v.balance},
                        {"balanceYuan", core::FormatYuan(v.balance)},
                        {"flaggedDebits", v.flagged_debits}};
}

json::object TxnJson(const AccountTxn& t) {
    return json::object{{"accountId", t.account_id},
                        {"bankTxnId", t.bank_txn_id},
                        {"direction", t.direction},
                        {"amount", t.amount},
                        {"amountYuan", core::FormatYuan(t.amount)},
                        {"bookedOn", t.booked_on.ToString()},
                        {"counterpartyName", t.counterparty_name},
                        {"counterpartyAccount", TextValue(t.counterparty_account)},
                        {"purpose", t.purpose},
                        {"workerId", TextValue(t.worker_id)},
                        {"flagged", t.flagged},
                        {"flagReason", TextValue(t.flag_reason)},
                        {"createdAt", core::FormatTimestamp(t.created_at)}};
}

json::object FeedJson(const FeedResult& r) {
    json::array duplicates;
    for (auto row : r.duplicate_rows) duplicates.push_back(row);
    json::array errors;
    for (const auto& e : r.errors) {
        errors.push_back(
            json::object{{"row", e.row}, {"bankTxnId", e.bank_txn_id}, {"field", e.field}, {"reason", e.reason}});
    }
    return json::object{{"accepted", r.accepted},
                        {"duplicates", r.duplicates},
                        {"flagged", r.flagged},
                        {"matchedAllocations", r.matched_allocations},
                        {"rejected", static_cast<std::int64_t>(r.errors.size())},
                        {"duplicateRows", std::move(duplicates)},
                        {"errors", std::move(errors)}};
}

// An optional JSON body: empty means {}.
json::value OptionalBody(const http::Request& request) {
    if (request.body.find_first_not_of(" \t\r\n") == std::string::npos) return json::object{};
    return http::ParseJsonBody(request);
}

NewAccount ReadNewAccount(const json::value& body) {
    core::JsonReader reader(body);
    NewAccount input;
    input.bank_code = reader.RequiredString("bankCode", 20);
    input.bank_name = reader.RequiredString("bankName", 100);
    input.branch_name = reader.OptionalString("branchName", 100).value_or("");
    input.account_name = reader.RequiredString("accountName", 100);
    input.account_number = reader.RequiredString("accountNumber", 40);
    input.opened_on = reader.RequiredDate("openedOn");
    input.agreement_ref = reader.OptionalString("agreementRef", 100);
    input.agreement_signed_on = reader.OptionalDate("agreementSignedOn");
    input.filed_on = reader.OptionalDate("filedOn");
    reader.Finish();
    return input;
}

AccountPatch ReadAccountPatch(const json::value& body) {
    core::JsonReader reader(body);
    AccountPatch patch;
    patch.agreement_ref = reader.OptionalString("agreementRef", 100);
    patch.agreement_file_id = reader.OptionalString("agreementFileId", 40);
    patch.agreement_signed_on = reader.OptionalDate("agreementSignedOn");
    patch.filed_on = reader.OptionalDate("filedOn");
    patch.branch_name = reader.OptionalString("branchName", 100);
    reader.Finish();
    return patch;
}

std::optional<bool> BoolQuery(const http::Request& request, const std::string& name) {
    auto value = request.Query(name);
    if (!value || value->empty()) return std::nullopt;
    if (*value == "true" || *value == "1") return true;
    if (*value == "false" || *value == "0") return false;
    ThrowInvalidField(name, "须为 true 或 false");
}

bool IsCsv(const http::Request& request) {
    std::string type(request.Header("content-type"));
    for (auto& c : type) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c);
    return type.find("text/csv") != std::string::npos || type.find("spreadsheetml") != std::string::npos ||
           type.find("application/octet-stream") != std::string::npos;
}

}  // namespace

void RegisterAccountRoutes(http::Router& router, AccountService& accounts, BankFeedService& feed) {
    router.Add(http::Method::kPost, "/api/v1/projects/{projectId}/account", "account.write",
               [&accounts](http::Request& request) {
                   NewAccount input = ReadNewAccount(http::ParseJsonBody(request));
                   return http::JsonResponse(
                       201, ViewJson(accounts.Open(request.Context(), request.PathParam("projectId"), input)));
               });

    router.Add(http::Method::kGet, "/api/v1/projects/{projectId}/account", "account.read",
               [&accounts](http::Request& request) {
                   bool reveal = BoolQuery(request, "reveal").value_or(false);
                   return http::JsonResponse(
                       200, ViewJson(accounts.Get(request.Context(), request.PathParam("projectId"), reveal)));
               });

    router.Add(http::Method::kPatch, "/api/v1/projects/{projectId}/account", "account.write",
               [&accounts](http::Request& request) {
                   AccountPatch patch = ReadAccountPatch(http::ParseJsonBody(request));
                   return http::JsonResponse(
                       200, ViewJson(accounts.Update(request.Context(), request.PathParam("projectId"), patch)));
               });

    router.Add(http::Method::kPost, "/api/v1/projects/{projectId}/account/closure", "account.write",
               [&accounts](http::Request& request) {
                   json::value body = OptionalBody(request);
                   core::JsonReader reader(body);
                   auto notice_on = reader.OptionalDate("noticeOn");
                   reader.Finish();
                   return http::JsonResponse(200, ViewJson(accounts.RequestClosure(
                                                      request.Context(), request.PathParam("projectId"), notice_on)));
               });

    router.Add(http::Method::kPost, "/api/v1/projects/{projectId}/account/close", "account.write",
               [&accounts](http::Request& request) {
                   json::value body = OptionalBody(request);
                   core::JsonReader reader(body);
                   auto closed_on = reader.OptionalDate("closedOn");
                   reader.Finish();
                   return http::JsonResponse(
                       200, ViewJson(accounts.Close(request.Context(), request.PathParam("projectId"), closed_on)));
               });

    router.Add(http::Method::kGet, "/api/v1/accounts", "account.read", [&accounts](http::Request& request) {
        http::Page page = http::ParsePage(request);
        AccountQuery query;
        if (auto v = request.Query("regionCode"); v && !v->empty()) query.region_code = *v;
        if (auto v = request.Query("bankCode"); v && !v->empty()) query.bank_code = *v;
        if (auto v = request.Query("status"); v && !v->empty()) query.status = *v;
        query.overdue_only = BoolQuery(request, "overdue").value_or(false);
        query.offset = page.offset();
        query.limit = page.page_size;
        AccountPage result = accounts.List(request.Context(), query);
        json::array items;
        for (const auto& view : result.items) items.push_back(ViewJson(view));
        return http::JsonResponse(200, http::PagedBody(std::move(items), result.total, page));
    });

    router.Add(http::Method::kGet, "/api/v1/accounts/{accountId}/transactions", "account.read",
               [&accounts](http::Request& request) {
                   http::Page page = http::ParsePage(request);
                   TxnQuery query;
                   query.flagged = BoolQuery(request, "flagged");
                   query.offset = page.offset();
                   query.limit = page.page_size;
                   TxnPage result = accounts.Transactions(request.Context(), request.PathParam("accountId"), query);
                   json::array items;
                   for (const auto& t : result.items) items.push_back(TxnJson(t));
                   return http::JsonResponse(200, http::PagedBody(std::move(items), result.total, page));
               });

    router.Add(http::Method::kPost, "/api/v1/bank-feed", "bankfeed.write", [&feed](http::Request& request) {
        std::vector<FeedRow> rows =
            IsCsv(request) ? ReadFeedCsv(request.body) : ReadFeedJson(http::ParseJsonBody(request));
        return http::JsonResponse(200, FeedJson(feed.Submit(request.Context(), rows)));
    });
}

}  // namespace anxin::wages
