#include "registry/worker_routes.hpp"

#include <boost/json.hpp>

#include "core/validation.hpp"
#include "registry/worker_service.hpp"

namespace anxin::registry {
namespace {

namespace json = boost::json;

json::value OptText(const std::optional<std::string>& text) {
    if (!text) return nullptr;
    return json::string(*text);
}

json::value OptDate(const std::optional<core::Date>& date) {
    if (!date) return nullptr;
    return json::string(date->ToString());
}

json::value WorkerJson(const Worker& w) {
    json::value work_type_name = nullptr;
    if (w.work_type) {
        if (auto name = WorkTypeName(*w.work_type)) work_type_name = json::string(*name);
    }
    return json::object{{"id", w.id},
                        {"name", w.name},
                        {"idCardType", w.id_card_type},
                        {"idNumber", w.id_number},
                        {"birthDate", w.birth_date.ToString()},
                        {"sex", std::string(1, w.sex)},
                        {"nativeRegionCode", w.native_region_code},
                        {"overAge", w.over_age},
                        {"phone", OptText(w.phone)},
                        {"bankCard", OptText(w.bank_card)},
                        {"bankName", OptText(w.bank_name)},
                        {"workType", OptText(w.work_type)},
                        {"workTypeName", work_type_name},
                        {"photoRef", OptText(w.photo_ref)},
                        {"revealed", w.revealed},
                        {"linked", w.linked},
                        {"createdAt", core::FormatTimestamp(w.created_at)},
                        {"updatedAt", core::FormatTimestamp(w.updated_at)}};
}

json::value ContractJson(const Contract& c) {
    return json::object{{"id", c.id},
                        {"workerId", c.worker_id},
                        {"projectId", c.project_id},
                        {"employerId", c.employer_id},
                        {"teamId", OptText(c.team_id)},
                        {"kind", c.kind},
                        {"startOn", c.start_on.ToString()},
                        {"endOn", OptDate(c.end_on)},
                        {"wageType", c.wage_type},
                        {"wageRate", c.wage_rate},
                        {"signedOn", c.signed_on.ToString()},
                        {"enteredOn", OptDate(c.entered_on)},
                        {"exitedOn", OptDate(c.exited_on)},
                        {"createdAt", core::FormatTimestamp(c.created_at)},
                        {"updatedAt", core::FormatTimestamp(c.updated_at)}};
}

json::array ContractsJson(const std::vector<Contract>& contracts) {
    json::array items;
    for (const auto& c : contracts) items.push_back(ContractJson(c));
    return items;
}

NewWorker ReadNewWorker(const json::value& body) {
    core::JsonReader reader(body);
    NewWorker input;
    input.name = reader.RequiredString("name", 60);
    input.id_number = reader.RequiredString("idNumber", 30);
    input.phone = reader.OptionalString("phone", 30);
    input.bank_card = reader.OptionalString("bankCard", 40);
    input.bank_name = reader.OptionalString("bankName", kBankNameMaxChars);
    input.work_type = reader.OptionalString("workType", 10);
    input.photo_ref = reader.OptionalString("photoRef", kPhotoRefMaxChars);
    reader.Finish();
    return input;
}

WorkerPatch ReadWorkerPatch(const json::value& body) {
    core::JsonReader reader(body);
    WorkerPatch patch;
    const auto* object = body.if_object();
    // An explicit null clears an optional field, like "".
    auto optional = [&](const char* field, std::size_t max) -> std::optional<std::string> {
        reader.Accept(field);
        if (object && object->contains(field) && object->at(field).is_null()) return std::string();
        return reader.OptionalString(field, max);
    };
    patch.name = reader.OptionalString("name", 60);
    patch.phone = optional("phone", 30);
    patch.bank_card = optional("bankCard", 40);
    patch.bank_name = optional("bankName", kBankNameMaxChars);
    patch.work_type = optional("workType", 10);
    patch.photo_ref = optional("photoRef", kPhotoRefMaxChars);
    reader.Finish();
    return patch;
}

NewContract ReadNewContract(const json::value& body, const std::string& project_id) {
    core::JsonReader reader(body);
    NewContract input;
    input.project_id = project_id;
    input.worker_id = reader.RequiredString("workerId", 40);
    input.employer_id = reader.RequiredString("employerId", 40);
    input.team_id = reader.OptionalString("teamId", 40);
    input.kind = reader.RequiredEnum("kind", {kContractKinds[0], kContractKinds[1]});
    input.start_on = reader.RequiredDate("startOn");
    input.end_on = reader.OptionalDate("endOn");
    input.wage_type = reader.RequiredEnum("wageType", {kWageTypes[0], kWageTypes[1], kWageTypes[2]});
    input.wage_rate = reader.RequiredFen("wageRate");
    input.signed_on = reader.RequiredDate("signedOn");
    reader.Finish();
    return input;
}

core::Date ReadOnDate(const json::value& body) {
    core::JsonReader reader(body);
    core::Date on = reader.RequiredDate("onDate");
    reader.Finish();
    return on;
}

}  // namespace

void RegisterWorkerRoutes(http::Router& router, WorkerService& workers, ContractService& contracts) {
    router.Add(http::Method::kGet, "/api/v1/work-types", "worker.read", [](http::Request&) {
        json::array items;
        for (const auto& t : kWorkTypes) items.push_back(json::object{{"code", t.code}, {"name", t.name}});
        return http::JsonResponse(200, json::object{{"items", std::move(items)}});
    });

    router.Add(http::Method::kGet, "/api/v1/workers", "worker.read", [&workers](http::Request& request) {
        http::Page page = http::ParsePage(request);
        WorkerQuery query;
        if (auto v = request.Query("projectId"); v && !v->empty()) query.project_id = *v;
        if (auto v = request.Query("q"); v && !v->empty()) query.name_prefix = *v;
        if (auto v = request.Query("idNumber"); v && !v->empty()) query.id_number = *v;
        query.offset = page.offset();
        query.limit = page.page_size;
        WorkerPage result = workers.List(request.Context(), query);
        json::array items;
        for (const auto& w : result.items) items.push_back(WorkerJson(w));
        return http::JsonResponse(200, http::PagedBody(std::move(items), result.total, page));
    });

    router.Add(http::Method::kPost, "/api/v1/workers", "worker.write", [&workers](http::Request& request) {
        NewWorker input = ReadNewWorker(http::ParseJsonBody(request));
        Worker worker = workers.Create(request.Context(), input);
        // 200: an existing person linked to the caller's enterprise; 201: a new one.
        return http::JsonResponse(worker.linked ? 200 : 201, WorkerJson(worker));
    });

    router.Add(http::Method::kGet, "/api/v1/workers/{workerId}", "worker.read", [&workers](http::Request& request) {
        auto reveal = request.Query("reveal");
        bool wants = reveal && (*reveal == "true" || *reveal == "1");
        return http::JsonResponse(200, WorkerJson(workers.Get(request.Context(), request.PathParam("workerId"), wants)));
    });

    router.Add(http::Method::kPatch, "/api/v1/workers/{workerId}", "worker.write", [&workers](http::Request& request) {
        WorkerPatch patch = ReadWorkerPatch(http::ParseJsonBody(request));
        return http::JsonResponse(200,
                                  WorkerJson(workers.Update(request.Context(), request.PathParam("workerId"), patch)));
    });

    router.Add(http::Method::kGet, "/api/v1/workers/{workerId}/contracts", "worker.read",
               [&contracts](http::Request& request) {
                   auto list = contracts.ListForWorker(request.Context(), request.PathParam("workerId"));
                   return http::JsonResponse(200, json::object{{"items", ContractsJson(list)}});
               });

    router.Add(http::Method::kGet, "/api/v1/projects/{projectId}/contracts", "worker.read",
               [&contracts](http::Request& request) {
                   auto list = contracts.ListForProject(request.Context(), request.PathParam("projectId"));
                   return http::JsonResponse(200, json::object{{"items", ContractsJson(list)}});
               });

    router.Add(http::Method::kPost, "/api/v1/projects/{projectId}/contracts", "worker.write",
               [&contracts](http::Request& request) {
                   NewContract input = ReadNewContract(http::ParseJsonBody(request), request.PathParam("projectId"));
                   return http::JsonResponse(201, ContractJson(contracts.Create(request.Context(), input)));
               });

    router.Add(http::Method::kGet, "/api/v1/contracts/{contractId}", "worker.read",
               [&contracts](http::Request& request) {
                   return http::JsonResponse(
                       200, ContractJson(contracts.Get(request.Context(), request.PathParam("contractId"))));
               });

    router.Add(http::Method::kPost, "/api/v1/contracts/{contractId}/entry", "worker.write",
               [&contracts](http::Request& request) {
                   core::Date on = ReadOnDate(http::ParseJsonBody(request));
                   return http::JsonResponse(200, ContractJson(contracts.RecordEntry(
                                                      request.Context(), request.PathParam("contractId"), on)));
               });

    router.Add(http::Method::kPost, "/api/v1/contracts/{contractId}/exit", "worker.write",
               [&contracts](http::Request& request) {
                   core::Date on = ReadOnDate(http::ParseJsonBody(request));
                   return http::JsonResponse(200, ContractJson(contracts.RecordExit(
                                                      request.Context(), request.PathParam("contractId"), on)));
               });
}

}  // namespace anxin::registry
