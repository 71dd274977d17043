#include "registry/registry_json.hpp"

#include <boost/json.hpp>

#include "core/validation.hpp"

namespace anxin::registry {
namespace {

namespace json = boost::json;

json::value Opt(const std::optional<std::string>& v) {
    if (!v) return nullptr;
    return json::string(*v);
}
json::value Opt(const std::optional<core::Date>& v) {
    if (!v) return nullptr;
    return json::string(v->ToString());
}
json::value Opt(const std::optional<std::int64_t>& v) {
    if (!v) return nullptr;
    return *v;
}
json::value Opt(const std::optional<double>& v) {
    if (!v) return nullptr;
    return *v;
}

bool IsExplicitNull(const json::value& body, std::string_view field, core::JsonReader& reader) {
    reader.Accept(field);
    const auto* o = body.if_object();
    if (!o) return false;
    const auto* v = o->if_contains(field);
    return v && v->is_null();
}

// A JSON number (integer or fraction) as double.
std::optional<double> OptionalNumber(const json::value& body, std::string_view field, core::JsonReader& reader) {
    reader.Accept(field);
    const auto* o = body.if_object();
    if (!o) return std::nullopt;
    const auto* v = o->if_contains(field);
    if (!v || v->is_null()) return std::nullopt;
    if (!v->is_number()) {
        reader.Fail(field, "必须是数字");
        return std::nullopt;
    }
    return v->to_number<double>();
}

Fence ReadFence(const json::value& value, core::JsonReader& parent) {
    core::JsonReader reader = parent.Nested(value, "fence");
    Fence fence;
    std::string kind = reader.RequiredEnum("kind", {"none", "circle", "polygon"});
    if (kind == "circle") {
        fence.kind = FenceKind::kCircle;
        fence.radius_m = reader.RequiredInt("radiusM", 1, 50000);
    } else if (kind == "polygon") {
        fence.kind = FenceKind::kPolygon;
        const auto* points = reader.OptionalArray("points");
        if (!reader.Has("points")) reader.Fail("points", "必填");
        if (points) {
            for (std::size_t i = 0; i < points->size(); ++i) {
                const auto* pair = (*points)[i].if_array();
                if (!pair || pair->size() != 2 || !(*pair)[0].is_number() || !(*pair)[1].is_number()) {
                    reader.Fail("points[" + std::to_string(i) + "]", "须为 [经度, 纬度]");
                    continue;
                }
                fence.points.push_back(LngLat{(*pair)[0].to_number<double>(), (*pair)[1].to_number<double>()});
            }
        }
    }
    return fence;
}

template <class T, class F>
std::optional<std::optional<T>> Nullable(const json::value& body, std::string_view field, core::JsonReader& reader,
                                         F read) {
    if (IsExplicitNull(body, field, reader)) return std::optional<T>{};
    if (!reader.Has(field)) return std::nullopt;
    return std::optional<T>(read());
}

}  // namespace

void tag_invoke(json::value_from_tag, json::value& out, const Enterprise& e) {
    out = json::object{{"id", e.id},
                       {"creditCode", e.credit_code},
                       {"creditCodeValid", e.credit_code_valid},
                       {"creditCodeWarning",
                        e.credit_code_valid ? json::value(nullptr) : json::value("统一社会信用代码校验位不符，请核实")},
                       {"name", e.name},
                       {"legalRepresentative", e.legal_representative},
                       {"regionCode", e.region_code},
                       {"kind", e.kind},
                       {"qualification", e.qualification},
                       {"address", e.address},
                       {"contactName", e.contact_name},
                       {"contactPhone", Opt(e.contact_phone_mask)},
                       {"createdAt", core::FormatTimestamp(e.created_at)},
                       {"updatedAt", core::FormatTimestamp(e.updated_at)}};
}

void tag_invoke(json::value_from_tag, json::value& out, const Fence& fence) {
    json::object o{{"kind", FenceKindName(fence.kind)}};
    if (fence.kind == FenceKind::kCircle) o["radiusM"] = fence.radius_m;
    if (fence.kind == FenceKind::kPolygon) {
        json::array points;
        for (const auto& p : fence.points) points.push_back(json::array{p.lng, p.lat});
        o["points"] = std::move(points);
    }
    out = std::move(o);
}

void tag_invoke(json::value_from_tag, json::value& out, const Project& p) {
    json::object o{{"id", p.id},
                   {"code", p.code},
                   {"name", p.name},
                   {"regionCode", p.region_code},
                   {"address", p.address},
                   {"lng", Opt(p.lng)},
                   {"lat", Opt(p.lat)},
                   {"fence", json::value_from(p.fence)},
                   {"industry", p.industry},
                   {"isConstruction", p.is_construction},
                   {"investmentType", p.investment_type},
                   {"contractPrice", p.contract_price},
                   {"contractSignedOn", Opt(p.contract_signed_on)},
                   {"contractStartOn", Opt(p.contract_start_on)},
                   {"contractEndOn", Opt(p.contract_end_on)},
                   {"laborCostCycle", p.labor_cost_cycle},
                   {"laborCostDay", Opt(p.labor_cost_day)},
                   {"laborCostRatioBp", Opt(p.labor_cost_ratio_bp)},
                   {"laborCostAmount", Opt(p.labor_cost_amount)},
                   {"permitNumber", Opt(p.permit_number)},
                   {"permitOn", Opt(p.permit_on)},
                   {"status", p.status},
                   {"statusLabel", StatusLabel(p.status)},
                   {"statusOn", p.status_on.ToString()},
                   {"publicToken", p.public_token},
                   {"constructionUnitId", Opt(p.construction_unit_id)},
                   {"generalContractorId", Opt(p.general_contractor_id)},
                   {"createdAt", core::FormatTimestamp(p.created_at)},
                   {"updatedAt", core::FormatTimestamp(p.updated_at)},
                   {"openWarningLevel", Opt(p.open_warning_level)},
                   {"openWarnings", p.open_warnings}};
    out = std::move(o);
}

void tag_invoke(json::value_from_tag, json::value& out, const StatusChange& c) {
    out = json::object{{"id", c.id},
                       {"fromStatus", Opt(c.from_status)},
                       {"toStatus", c.to_status},
                       {"toStatusLabel", StatusLabel(c.to_status)},
                       {"changedOn", c.changed_on.ToString()},
                       {"reason", c.reason},
                       {"actorId", c.actor_id},
                       {"createdAt", core::FormatTimestamp(c.created_at)}};
}

void tag_invoke(json::value_from_tag, json::value& out, const Participant& p) {
    out = json::object{{"enterpriseId", p.enterprise_id},     {"roleCode", p.role_code},
                       {"joinedOn", Opt(p.joined_on)},        {"leftOn", Opt(p.left_on)},
                       {"enterpriseName", p.enterprise_name}, {"creditCode", p.credit_code}};
}

void tag_invoke(json::value_from_tag, json::value& out, const Team& t) {
    out = json::object{{"id", t.id},
                       {"projectId", t.project_id},
                       {"enterpriseId", t.enterprise_id},
                       {"name", t.name},
                       {"leaderName", t.leader_name},
                       {"leaderWorkerId", Opt(t.leader_worker_id)},
                       {"createdAt", core::FormatTimestamp(t.created_at)}};
}

void tag_invoke(json::value_from_tag, json::value& out, const StaffReport& r) {
    json::array items, missing;
    for (const auto& m : r.members) {
        items.push_back(json::object{{"duty", m.duty},
                                     {"name", m.name},
                                     {"phone", Opt(m.phone_mask)},
                                     {"userId", Opt(m.user_id)},
                                     {"updatedAt", core::FormatTimestamp(m.updated_at)}});
    }
    for (const auto& d : r.missing) missing.push_back(json::string(d));
    out = json::object{{"items", std::move(items)}, {"missing", std::move(missing)}, {"complete", r.missing.empty()}};
}

void tag_invoke(json::value_from_tag, json::value& out, const FeedResult& r) {
    json::array items, errors;
    for (const auto& i : r.items) {
        items.push_back(
            json::object{{"index", i.index},
                         {"projectCode", i.project_code},
                         {"outcome", i.outcome},
                         {"projectId", i.project_id.empty() ? json::value(nullptr) : json::value(i.project_id)}});
    }
    for (const auto& e : r.errors)
        errors.push_back(json::object{{"index", e.index}, {"field", e.field}, {"message", e.message}});
    out = json::object{{"created", r.created}, {"updated", r.updated},      {"unchanged", r.unchanged},
                       {"failed", r.failed},   {"items", std::move(items)}, {"errors", std::move(errors)}};
}

NewEnterprise ReadNewEnterprise(const json::value& body) {
    core::JsonReader reader(body);
    NewEnterprise e;
    e.credit_code = reader.RequiredString("creditCode", 32);
    e.name = reader.RequiredString("name", 200);
    e.legal_representative = reader.OptionalString("legalRepresentative", 50).value_or("");
    e.region_code = reader.RequiredString("regionCode", 12);
    e.kind = reader.RequiredString("kind", 64);
    e.qualification = reader.OptionalString("qualification", 500).value_or("");
    e.address = reader.OptionalString("address", 500).value_or("");
    e.contact_name = reader.OptionalString("contactName", 50).value_or("");
    e.contact_phone = reader.OptionalString("contactPhone", 30);
    reader.Finish();
    return e;
}

EnterprisePatch ReadEnterprisePatch(const json::value& body) {
    core::JsonReader reader(body);
    EnterprisePatch p;
    p.name = reader.OptionalString("name", 200);
    p.legal_representative = reader.OptionalString("legalRepresentative", 50);
    p.region_code = reader.OptionalString("regionCode", 12);
    p.kind = reader.OptionalString("kind", 64);
    p.qualification = reader.OptionalString("qualification", 500);
    p.address = reader.OptionalString("address", 500);
    p.contact_name = reader.OptionalString("contactName", 50);
    p.contact_phone = IsExplicitNull(body, "contactPhone", reader) ? std::optional<std::string>("")
                                                           : reader.OptionalString("contactPhone", 30);
    if (reader.Has("creditCode")) reader.Fail("creditCode", "统一社会信用代码登记后不能修改");
    reader.Finish();
    return p;
}

NewProject ReadNewProject(const json::value& body) {
    core::JsonReader reader(body);
    NewProject input;
    ProjectFields& f = input.fields;
    f.code = reader.RequiredString("code", 64);
    f.name = reader.RequiredString("name", 200);
    f.region_code = reader.RequiredString("regionCode", 12);
    f.address = reader.OptionalString("address", 500).value_or("");
    f.lng = OptionalNumber(body, "lng", reader);
    f.lat = OptionalNumber(body, "lat", reader);
    reader.Accept("fence");
    if (const auto* o = body.if_object(); o && o->contains("fence") && !o->at("fence").is_null()) {
        f.fence = ReadFence(o->at("fence"), reader);
    }
    f.industry = reader.RequiredString("industry", 32);
    f.is_construction = reader.OptionalBool("isConstruction", true);
    f.investment_type = reader.RequiredString("investmentType", 32);
    f.contract_price = reader.OptionalFen("contractPrice").value_or(0);
    f.contract_signed_on = reader.OptionalDate("contractSignedOn");
    f.contract_start_on = reader.OptionalDate("contractStartOn");
    f.contract_end_on = reader.OptionalDate("contractEndOn");
    f.labor_cost_cycle = reader.OptionalString("laborCostCycle", 32).value_or("monthly");
    f.labor_cost_day = reader.OptionalInt("laborCostDay", 1, 31);
    f.labor_cost_ratio_bp = reader.OptionalInt("laborCostRatioBp", 0, 10000);
    f.labor_cost_amount = reader.OptionalFen("laborCostAmount");
    f.permit_number = reader.OptionalString("permitNumber", 64);
    f.permit_on = reader.OptionalDate("permitOn");
    input.approved_on = reader.OptionalDate("approvedOn");
    input.participant_role = reader.OptionalString("participantRole", 8);
    reader.Finish();
    return input;
}

ProjectPatch ReadProjectPatch(const json::value& body) {
    core::JsonReader reader(body);
    ProjectPatch p;
    p.name = reader.OptionalString("name", 200);
    p.region_code = reader.OptionalString("regionCode", 12);
    p.address = reader.OptionalString("address", 500);
    p.lng = Nullable<double>(body, "lng", reader, [&] { return OptionalNumber(body, "lng", reader).value_or(0); });
    p.lat = Nullable<double>(body, "lat", reader, [&] { return OptionalNumber(body, "lat", reader).value_or(0); });
    if (IsExplicitNull(body, "fence", reader)) {
        p.fence = Fence{};
    } else if (reader.Has("fence")) {
        p.fence = ReadFence(body.as_object().at("fence"), reader);
    }
    p.industry = reader.OptionalString("industry", 32);
    if (reader.Has("isConstruction")) p.is_construction = reader.OptionalBool("isConstruction", true);
    p.investment_type = reader.OptionalString("investmentType", 32);
    p.contract_price = reader.OptionalFen("contractPrice");
    p.contract_signed_on = Nullable<core::Date>(body, "contractSignedOn", reader, [&] {
        return reader.OptionalDate("contractSignedOn").value_or(core::Date{});
    });
    p.contract_start_on = Nullable<core::Date>(
        body, "contractStartOn", reader, [&] { return reader.OptionalDate("contractStartOn").value_or(core::Date{}); });
    p.contract_end_on = Nullable<core::Date>(
        body, "contractEndOn", reader, [&] { return reader.OptionalDate("contractEndOn").value_or(core::Date{}); });
    p.labor_cost_cycle = reader.OptionalString("laborCostCycle", 32);
    p.labor_cost_day = Nullable<std::int64_t>(body, "laborCostDay", reader,
                                              [&] { return reader.OptionalInt("laborCostDay", 1, 31).value_or(1); });
    p.labor_cost_ratio_bp = Nullable<std::int64_t>(
        body, "laborCostRatioBp", reader, [&] { return reader.OptionalInt("laborCostRatioBp", 0, 10000).value_or(0); });
    p.labor_cost_amount = Nullable<core::Fen>(body, "laborCostAmount", reader,
                                              [&] { return reader.OptionalFen("laborCostAmount").value_or(0); });
    p.permit_number = Nullable<std::string>(body, "permitNumber", reader,
                                            [&] { return reader.OptionalString("permitNumber", 64).value_or(""); });
    p.permit_on = Nullable<core::Date>(body, "permitOn", reader,
                                       [&] { return reader.OptionalDate("permitOn").value_or(core::Date{}); });
    for (std::string_view fixed : {"code", "status", "publicToken"}) {
        if (reader.Has(fixed)) reader.Fail(fixed, "不能通过此接口修改");
    }
    reader.Finish();
    return p;
}

StatusRequest ReadStatusRequest(const json::value& body) {
    core::JsonReader reader(body);
    StatusRequest r;
    r.status = reader.RequiredString("status", 32);
    r.changed_on = reader.RequiredDate("changedOn");
    r.reason = reader.RequiredText("reason", 500);
    reader.Finish();
    return r;
}

std::vector<Participant> ReadParticipants(const json::value& body) {
    core::JsonReader reader(body);
    std::vector<Participant> out;
    const auto* list = reader.OptionalArray("participants");
    if (!reader.Has("participants")) reader.Fail("participants", "必填");
    if (list) {
        for (std::size_t i = 0; i < list->size(); ++i) {
            core::JsonReader item = reader.Nested((*list)[i], "participants[" + std::to_string(i) + "]");
            Participant p;
            p.enterprise_id = item.RequiredString("enterpriseId", 64);
            p.role_code = item.RequiredString("roleCode", 8);
            p.joined_on = item.OptionalDate("joinedOn");
            p.left_on = item.OptionalDate("leftOn");
            out.push_back(std::move(p));
        }
    }
    reader.Finish();
    return out;
}

NewTeam ReadNewTeam(const json::value& body) {
    core::JsonReader reader(body);
    NewTeam t;
    t.enterprise_id = reader.RequiredString("enterpriseId", 64);
    t.name = reader.RequiredString("name", 100);
    t.leader_name = reader.OptionalString("leaderName", 50).value_or("");
    t.leader_worker_id = reader.OptionalString("leaderWorkerId", 64);
    reader.Finish();
    return t;
}

std::vector<StaffInput> ReadStaff(const json::value& body) {
    core::JsonReader reader(body);
    std::vector<StaffInput> out;
    const auto* list = reader.OptionalArray("staff");
    if (!reader.Has("staff")) reader.Fail("staff", "必填");
    if (list) {
        for (std::size_t i = 0; i < list->size(); ++i) {
            core::JsonReader item = reader.Nested((*list)[i], "staff[" + std::to_string(i) + "]");
            StaffInput s;
            s.duty = item.RequiredString("duty", 32);
            s.name = item.RequiredString("name", 50);
            s.phone = item.OptionalString("phone", 30);
            s.user_id = item.OptionalString("userId", 64);
            out.push_back(std::move(s));
        }
    }
    reader.Finish();
    return out;
}

}  // namespace anxin::registry
