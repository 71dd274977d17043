#include "registry/project_feed.hpp"

#include <algorithm>
#include <optional>
#include <utility>

#include <boost/json.hpp>

#include "audit/audit.hpp"
#include "core/error.hpp"
#include "core/validation.hpp"
#include "identity/permissions.hpp"
#include "registry/enterprise_service.hpp"
#include "registry/project_repository.hpp"
#include "registry/project_scope.hpp"
#include "registry/project_service.hpp"
#include "registry/projects.hpp"

namespace anxin::registry {
namespace {

namespace json = boost::json;

struct Party {
    std::string credit_code;
    std::string name;
    std::string role_code;
    std::string field;  // "constructionUnit.", "subcontractors[2]."
};

struct PermitRecord {
    ProjectFields fields;
    std::vector<Party> parties;
};

std::string_view KindOfRole(std::string_view role) {
    if (role == "008") return "construction_unit";
    if (role == "009") return "general_contractor";
    if (role == "001") return "professional_subcontractor";
    if (role == "006") return "labor_subcontractor";
    return "other_employer";
}

// Field names of ProjectService's rules → the feed's names.
std::string FeedField(const std::string& field) {
    if (field == "code") return "projectCode";
    if (field == "name") return "projectName";
    return field;
}

std::optional<PermitRecord> ReadRecord(const json::value& value, core::FieldErrors& errors) {
    core::JsonReader reader(value, "");
    PermitRecord r;
    r.fields.permit_number = reader.RequiredString("permitNumber", 64);
    r.fields.permit_on = reader.RequiredDate("permitOn");
    r.fields.code = reader.RequiredString("projectCode", 64);
    r.fields.name = reader.RequiredString("projectName", 200);
    r.fields.region_code = reader.RequiredString("regionCode", 12);
    r.fields.address = reader.OptionalString("address", 500).value_or("");
    r.fields.industry = reader.RequiredString("industry", 32);
    r.fields.investment_type = reader.RequiredString("investmentType", 32);
    r.fields.contract_price = reader.RequiredFen("contractPrice");
    auto party = [&](const json::value& v, const std::string& name, std::string role) {
        core::JsonReader nested = reader.Nested(v, name);
        Party p;
        p.credit_code = nested.RequiredString("creditCode", 32);
        p.name = nested.RequiredString("name", 200);
        if (role.empty()) {
            role = nested.OptionalEnum("roleCode", {"001", "006", "999"}).value_or("001");
        }
        p.role_code = role;
        p.field = name + ".";
        r.parties.push_back(std::move(p));
    };
    if (const auto* cu = reader.OptionalObject("constructionUnit")) {
        party(json::value(*cu), "constructionUnit", "008");
    } else if (!reader.Has("constructionUnit")) {
        reader.Fail("constructionUnit", "必填");
    }
    if (const auto* gc = reader.OptionalObject("generalContractor")) {
        party(json::value(*gc), "generalContractor", "009");
    } else if (!reader.Has("generalContractor")) {
        reader.Fail("generalContractor", "必填");
    }
    if (const auto* subs = reader.OptionalArray("subcontractors")) {
        for (std::size_t i = 0; i < subs->size(); ++i)
            party((*subs)[i], "subcontractors[" + std::to_string(i) + "]", "");
    }
    reader.RecordUnknownFields();
    errors = reader.errors();
    if (!errors.empty()) return std::nullopt;
    return r;
}

bool SameFeedFields(const ProjectFields& a, const ProjectFields& b) {
    return a.name == b.name && a.region_code == b.region_code && a.address == b.address && a.industry == b.industry &&
           a.investment_type == b.investment_type && a.contract_price == b.contract_price &&
           a.permit_number == b.permit_number && a.permit_on == b.permit_on;
}

enum class Outcome { kCreated, kUpdated, kUnchanged };

// One record in its own transaction. Throws anxin::Error (fields named as in the feed) on bad input.
std::pair<Outcome, std::string> ImportRecord(storage::Database& db, const core::Clock& clock,
                                             const core::CallContext& ctx, PermitRecord record) {
    const core::Date today = clock.TodayInShanghai();
    return storage::WithTransaction(db, [&](storage::Transaction& tx) -> std::pair<Outcome, std::string> {
        auto existing = repository::FindProjectByCode(tx, ep::Trim(record.fields.code));
        ProjectFields f;
        if (existing) {
            f = *existing;  // keep what the feed does not carry (fence, labor-cost clause, dates …)
            f.name = record.fields.name;
            f.region_code = record.fields.region_code;
            f.address = record.fields.address;
            f.industry = record.fields.industry;
            f.investment_type = record.fields.investment_type;
            f.contract_price = record.fields.contract_price;
            f.permit_number = record.fields.permit_number;
            f.permit_on = record.fields.permit_on;
        } else {
            f = record.fields;
        }
        core::FieldErrors raw, errors;
        ep::ValidateProjectFields(tx, f, raw);
        for (const auto& [field, reason] : raw.fields()) errors.Add(FeedField(field), reason);
        if (f.permit_on && *f.permit_on > today) errors.Add("permitOn", "发证日期不能晚于今天");
        errors.ThrowIfAny();
        if (!ctx.principal.CoversRegion(f.region_code)) {
            throw Error(ErrorCode::kForbidden, "项目所在地不在您的管辖范围内", {{"regionCode", "不在您的管辖范围内"}});
        }
        if (existing && !ProjectInScope(tx, ctx.principal, existing->id)) {
            throw Error(ErrorCode::kConflict, "该项目编号已被其他地区的项目使用",
                        {{"projectCode", "该项目编号已被其他地区的项目使用"}});
        }

        auto now = clock.Now();
        bool changed = false;
        Project project;
        if (existing) {
            project = *existing;
            if (!SameFeedFields(project, f)) {
                json::object before = ep::ProjectAudit(project), after = ep::ProjectAudit(f), change;
                for (const auto& [key, value] : after)
                    if (before.at(key) != value) change[key] = value;
                static_cast<ProjectFields&>(project) = f;
                project.updated_at = now;
                repository::UpdateProject(tx, project);
                change["source"] = "permit_feed";
                audit::RecordAudit(tx, clock, ctx, "update", "project", project.id, change);
                changed = true;
            }
        } else {
            project = ep::NewProjectRow(f, *f.permit_on, now);
            ep::InsertNewProject(tx, ctx, project, now);
            json::object change = ep::ProjectAudit(project);
            change["source"] = "permit_feed";
            audit::RecordAudit(tx, clock, ctx, "create", "project", project.id, change);
        }

        // Participants: add the feed's enterprises; the feed's 008/009 replace any other holder.
        auto current = repository::ListParticipants(tx, project.id);
        json::array added;
        for (const Party& party : record.parties) {
            bool created = false;
            Enterprise e = ep::FindOrCreateEnterprise(tx, clock, ctx, party.credit_code, party.name,
                                                      KindOfRole(party.role_code), f.region_code, party.field, created);
            bool present = std::any_of(current.begin(), current.end(), [&](const Participant& p) {
                return p.enterprise_id == e.id && p.role_code == party.role_code;
            });
            if (party.role_code == "008" || party.role_code == "009") {
                for (const auto& p : current) {
                    if (p.role_code == party.role_code && p.enterprise_id != e.id)
                        repository::DeleteParticipant(tx, project.id, p.enterprise_id, p.role_code);
                }
                auto& slot = party.role_code == "008" ? project.construction_unit_id : project.general_contractor_id;
                if (slot != e.id) {
                    slot = e.id;
                    present = false;
                }
            }
            if (!present) {
                repository::UpsertParticipant(
                    tx, project.id, Participant{e.id, party.role_code, f.permit_on, std::nullopt, "", ""}, now);
                added.push_back(json::object{{"enterpriseId", e.id}, {"roleCode", party.role_code}});
                current.push_back(Participant{e.id, party.role_code, f.permit_on, std::nullopt, "", ""});
            }
        }
        if (!added.empty()) {
            project.updated_at = now;
            repository::UpdateProject(tx, project);
            audit::RecordAudit(tx, clock, ctx, "participants", "project", project.id,
                               json::object{{"added", added}, {"source", "permit_feed"}});
            if (existing) changed = true;
        }

        // 开工一个、上线一个: a permit moves a project still at 立项 to 施工许可.
        if (project.status == "approved") {
            core::Date on = std::max(*f.permit_on, project.status_on);
            ep::ApplyTransition(tx, ctx, project, "permitted", on, "施工许可证 " + *f.permit_number, now);
            audit::RecordAudit(tx, clock, ctx, "status", "project", project.id,
                               json::object{{"from", "approved"},
                                            {"to", "permitted"},
                                            {"changedOn", on.ToString()},
                                            {"source", "permit_feed"}});
            if (existing) changed = true;
        }
        Outcome outcome = !existing ? Outcome::kCreated : (changed ? Outcome::kUpdated : Outcome::kUnchanged);
        return {outcome, project.id};
    });
}

}  // namespace

FeedResult ImportPermitFeed(storage::Database& db, const core::Clock& clock, const core::CallContext& ctx,
                            const json::value& feed) {
    if (ctx.principal.role != identity::role::kSupervisor) ThrowForbidden("只有人社监管人员可以导入施工许可数据");
    const auto* records = feed.if_array();
    if (!records) ThrowInvalidField("body", "必须是 JSON 数组");
    if (records->size() > kMaxFeedRecords)
        ThrowInvalidField("body", "一次最多导入 " + std::to_string(kMaxFeedRecords) + " 条");

    FeedResult result;
    for (std::size_t i = 0; i < records->size(); ++i) {
        const auto index = static_cast<std::int64_t>(i);
        FeedItem item{index, "", "failed", ""};
        if (const auto* obj = (*records)[i].if_object()) {
            if (const auto* code = obj->if_contains("projectCode"); code && code->is_string())
                item.project_code = std::string(code->as_string());
        }
        auto fail = [&](const Error::Fields& fields, const std::string& message) {
            ++result.failed;
            if (fields.empty()) result.errors.push_back(FeedError{index, "record", message});
            for (const auto& [field, reason] : fields) result.errors.push_back(FeedError{index, field, reason});
        };
        core::FieldErrors errors;
        std::optional<PermitRecord> record;
        if (!(*records)[i].is_object()) {
            errors.Add("record", "必须是 JSON 对象");
        } else {
            record = ReadRecord((*records)[i], errors);
        }
        if (!record) {
            fail(errors.fields(), "输入有误");
        } else {
            try {
                auto [outcome, id] = ImportRecord(db, clock, ctx, std::move(*record));
                item.project_id = id;
                switch (outcome) {
                    case Outcome::kCreated:
                        item.outcome = "created";
                        ++result.created;
                        break;
                    case Outcome::kUpdated:
                        item.outcome = "updated";
                        ++result.updated;
                        break;
                    case Outcome::kUnchanged:
                        item.outcome = "unchanged";
                        ++result.unchanged;
                        break;
                }
            } catch (const Error& e) {
                fail(e.fields(), e.what());
            } catch (const storage::UniqueViolation&) {
                // Another writer registered the same code or credit code meanwhile.
                fail({{"projectCode", "与同时写入的记录冲突，请重试"}}, "冲突");
            }
        }
        result.items.push_back(std::move(item));
    }
    return result;
}

}  // namespace anxin::registry
