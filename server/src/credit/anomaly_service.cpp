#include "credit/anomaly_service.hpp"

#include <boost/json.hpp>

#include "audit/audit.hpp"
#include "core/error.hpp"
#include "core/ids.hpp"
#include "core/text.hpp"
#include "core/validation.hpp"
#include "credit/export_cursor.hpp"
#include "credit/grade_rules.hpp"
#include "credit/listing_repository.hpp"
#include "credit/listing_rules.hpp"
#include "files/files.hpp"
#include "registry/enterprises.hpp"

namespace anxin::credit {

namespace {

namespace json = boost::json;
using storage::Param;

constexpr std::string_view kColumns =
    "id, number, enterprise_id, enterprise_name, credit_code, region_code, project_id, project_name, source, category, "
    "occurred_on, summary, evidence, file_id, recorded_by_name, recorded_on, expires_on, objection_due, objection, "
    "objected_on, objected_by_name, correction, correction_reason, corrected_on, corrected_by_name, updated_at";

Anomaly FromRow(const storage::Row& r) {
    Anomaly a;
    a.id = r.Text(0);
    a.number = r.Text(1);
    a.enterprise_id = r.Text(2);
    a.enterprise_name = r.Text(3);
    a.credit_code = r.Text(4);
    a.region_code = r.Text(5);
    a.project_id = r.OptText(6);
    a.project_name = r.OptText(7);
    a.source = r.Text(8);
    a.category = r.Text(9);
    a.occurred_on = r.Date(10);
    a.summary = r.Text(11);
    const json::value evidence = json::parse(r.Text(12));
    if (evidence.is_object()) a.evidence = evidence.as_object();
    a.file_id = r.OptText(13);
    a.recorded_by_name = r.Text(14);
    a.recorded_on = r.Date(15);
    a.expires_on = r.Date(16);
    a.objection_due = r.Date(17);
    a.objection = r.OptText(18);
    a.objected_on = r.OptDate(19);
    a.objected_by_name = r.OptText(20);
    a.correction = r.OptText(21);
    a.correction_reason = r.OptText(22);
    a.corrected_on = r.OptDate(23);
    a.corrected_by_name = r.OptText(24);
    return a;
}

// The SQL condition for a derived state on `today` (the stored columns say it; see AnomalyState).
std::string StateCondition(std::string_view state, const std::string& today_param) {
    if (state == "revoked") return " AND correction = 'revoked'";
    if (state == "expired") return " AND (correction IS NULL OR correction <> 'revoked') AND expires_on <= " + today_param;
    if (state == "objected")
        return " AND correction IS NULL AND objection IS NOT NULL AND expires_on > " + today_param;
    return " AND (correction IS NULL OR correction <> 'revoked') AND expires_on > " + today_param +
           " AND NOT (correction IS NULL AND objection IS NOT NULL)";
}

// Who may see which records: an enterprise user its own enterprise's; a department its region's.
std::string ScopeCondition(const core::Principal& p, std::vector<Param>& params) {
    if (!p.enterprise_id.empty()) {
        params.emplace_back(p.enterprise_id);
        return " WHERE enterprise_id = $" + std::to_string(params.size());
    }
    params.emplace_back(p.region_code + "%");
    return " WHERE region_code LIKE $" + std::to_string(params.size());
}

bool InScope(const core::Principal& p, const Anomaly& a) {
    if (!p.enterprise_id.empty()) return a.enterprise_id == p.enterprise_id;
    return p.bank_code.empty() && p.CoversRegion(a.region_code);
}

std::string NextNumber(storage::Transaction& tx, std::string_view region, int year) {
    const std::string prefix = "异常〔" + std::to_string(year) + "〕" + std::string(region) + "-";
    std::string seq = std::to_string(
        tx.QueryOne("SELECT COUNT(*) FROM credit_anomaly WHERE number LIKE $1", {prefix + "%"}).Int(0) + 1);
    if (seq.size() < 4) seq.insert(0, 4 - seq.size(), '0');
    return prefix + seq;
}

}  // namespace

std::string AnomalyState(const Anomaly& a, core::Date today) {
    if (a.correction && *a.correction == "revoked") return "revoked";
    if (today >= a.expires_on) return "expired";
    if (a.objection && !a.correction) return "objected";
    return "active";
}

void AnomalyService::Insert(storage::Transaction& tx, const core::CallContext& ctx, Anomaly& a) const {
    const core::Date today = clock_.TodayInShanghai();
    const int months = static_cast<int>(parameters_.GetInt(tx, a.region_code, "credit.anomaly_months"));
    const int objection_days = static_cast<int>(parameters_.GetInt(tx, a.region_code, "credit.objection_working_days"));
    a.id = core::NewId(clock_.Now());
    a.number = NextNumber(tx, a.region_code.substr(0, 6), today.year());  // numbered by county
    a.recorded_by_name = ctx.principal.Name();
    a.recorded_on = today;
    a.expires_on = AddMonths(a.occurred_on, months);
    a.objection_due = calendar_.AddWorkingDays(today, objection_days);
    a.state = AnomalyState(a, today);
    const std::string source_ref = a.evidence.contains("sourceRef") ? std::string(a.evidence.at("sourceRef").as_string()) : a.id;
    tx.Execute("INSERT INTO credit_anomaly (id, number, enterprise_id, enterprise_name, credit_code, region_code, project_id, "
               "project_name, source, source_ref, category, occurred_on, summary, evidence, file_id, recorded_by, "
               "recorded_by_name, recorded_on, expires_on, objection_due, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, "
               "$8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21)",
               {a.id, a.number, a.enterprise_id, a.enterprise_name, a.credit_code, a.region_code, a.project_id, a.project_name,
                a.source, source_ref, a.category, a.occurred_on.ToString(), a.summary, json::serialize(a.evidence), a.file_id,
                ctx.principal.user_id, a.recorded_by_name, a.recorded_on.ToString(), a.expires_on.ToString(),
                a.objection_due.ToString(), core::ToMillis(clock_.Now())});
    audit::RecordAudit(tx, clock_, ctx, "record", "credit_anomaly", a.id,
                       json::object{{"number", a.number}, {"enterpriseId", a.enterprise_id}, {"source", a.source},
                                    {"category", a.category}, {"occurredOn", a.occurred_on.ToString()}});
}

std::int64_t AnomalyService::RaiseFromFacts(core::Date as_of, int lookback_days) {
    return storage::WithTransaction(db_, [&](storage::Transaction& tx) {
        const auto system = core::SystemContext("credit-anomalies");
        std::int64_t added = 0;
        for (const AnomalyFacts* source : sources_) {
            for (auto& f : source->AnomalyFactsBetween(tx, as_of.AddDays(-lookback_days), as_of)) {
                if (tx.QueryOptional("SELECT 1 FROM credit_anomaly WHERE source = $1 AND source_ref = $2", {f.source, f.source_ref}))
                    continue;
                auto e = listing_repo::FindEnterprise(tx, f.enterprise_id);
                if (!e) continue;
                Anomaly a;
                a.enterprise_id = e->id;
                a.enterprise_name = e->name;
                a.credit_code = e->credit_code;
                a.region_code = f.region_code;
                a.project_id = f.project_id;
                if (f.project_id)
                    if (auto p = tx.QueryOptional("SELECT name FROM registry_project WHERE id = $1", {*f.project_id})) a.project_name = p->Text(0);
                a.source = f.source;
                a.category = std::string(CategoryOfSource(f.source).value_or("violation"));
                a.occurred_on = f.occurred_on;
                a.summary = f.summary;
                a.evidence = std::move(f.evidence);
                a.evidence["sourceRef"] = f.source_ref;
                Insert(tx, system, a);
                ++added;
            }
        }
        return added;
    });
}

Anomaly AnomalyService::Record(const core::CallContext& ctx, const NewAnomaly& input) {
    const core::Date today = clock_.TodayInShanghai();
    core::FieldErrors errors;
    if (input.occurred_on > today) errors.Add("occurredOn", "不能晚于今天");
    if (std::ranges::find(kCategories, input.category) == std::end(kCategories))
        errors.Add("category", "取值无效，可选：一般违法、拒不履行指令、涉嫌犯罪、群体性事件、阻挠监察");
    if (core::Utf8Length(input.summary) < 5) errors.Add("summary", "请写明违法事实（至少 5 个字）");
    errors.ThrowIfAny();
    return storage::WithTransaction(db_, [&](storage::Transaction& tx) {
        auto e = listing_repo::FindEnterprise(tx, input.enterprise_id);
        if (!e || !registry::EnterpriseService::EnterpriseInScope(tx, ctx.principal, input.enterprise_id))
            ThrowInvalidField("enterpriseId", "企业不存在");
        Anomaly a;
        a.region_code = ctx.principal.region_code.empty() ? e->region_code : ctx.principal.region_code;
        if (input.project_id) {
            auto p = tx.QueryOptional("SELECT name, region_code FROM registry_project WHERE id = $1", {*input.project_id});
            if (!p || !ctx.principal.CoversRegion(p->Text(1))) ThrowInvalidField("projectId", "项目不存在");
            a.project_id = input.project_id;
            a.project_name = p->Text(0);
            a.region_code = p->Text(1);
        }
        files::RequireReadable(tx, ctx.principal, {input.file_id}, "fileId");
        a.enterprise_id = e->id;
        a.enterprise_name = e->name;
        a.credit_code = e->credit_code;
        a.source = "manual";
        a.category = input.category;
        a.occurred_on = input.occurred_on;
        a.summary = input.summary;
        a.file_id = input.file_id;
        Insert(tx, ctx, a);
        return a;
    });
}

Anomaly AnomalyService::Load(storage::Transaction& tx, const core::CallContext& ctx, std::string_view id) const {
    auto row = tx.QueryOptional("SELECT " + std::string(kColumns) + " FROM credit_anomaly WHERE id = $1", {id});
    if (!row) ThrowNotFound("信用异常记录");
    Anomaly a = FromRow(*row);
    if (!InScope(ctx.principal, a)) ThrowNotFound("信用异常记录");
    a.state = AnomalyState(a, clock_.TodayInShanghai());
    return a;
}

Anomaly AnomalyService::Object(const core::CallContext& ctx, std::string_view id, const std::string& text) {
    return storage::WithTransaction(db_, [&](storage::Transaction& tx) {
        Anomaly a = Load(tx, ctx, id);
        const core::Date today = clock_.TodayInShanghai();
        if (a.objection) throw Error(ErrorCode::kConflict, "记录 " + a.number + " 已于 " + a.objected_on->ToString() + " 提出异议");
        if (a.correction && *a.correction == "upheld")
            throw Error(ErrorCode::kConflict, "记录 " + a.number + " 已于 " + a.corrected_on->ToString() + " 经复核维持");
        if (a.state == "revoked" || a.state == "expired")
            throw Error(ErrorCode::kConflict, "记录 " + a.number + (a.state == "revoked" ? " 已撤销" : " 已过有效期") + "，无需异议");
        if (today > a.objection_due)
            throw Error(ErrorCode::kUnprocessable, "异议期限已过：应在 " + a.objection_due.ToString() + " 前（含当日）提出",
                        Error::Fields{{"objection", "异议期限已于 " + a.objection_due.ToString() + " 届满"}});
        tx.Execute("UPDATE credit_anomaly SET objection = $2, objected_on = $3, objected_by = $4, objected_by_name = $5, "
                   "updated_at = $6 WHERE id = $1",
                   {a.id, text, today.ToString(), ctx.principal.user_id, ctx.principal.Name(), core::ToMillis(clock_.Now())});
        audit::RecordAudit(tx, clock_, ctx, "object", "credit_anomaly", a.id, json::object{{"number", a.number}});
        return Load(tx, ctx, id);
    });
}

Anomaly AnomalyService::Correct(const core::CallContext& ctx, std::string_view id, bool revoke, const std::string& reason) {
    return storage::WithTransaction(db_, [&](storage::Transaction& tx) {
        Anomaly a = Load(tx, ctx, id);
        if (a.correction && *a.correction == "revoked") throw Error(ErrorCode::kConflict, "记录 " + a.number + " 已撤销");
        const core::Date today = clock_.TodayInShanghai();
        tx.Execute("UPDATE credit_anomaly SET correction = $2, correction_reason = $3, corrected_on = $4, corrected_by_name = $5, "
                   "updated_at = $6 WHERE id = $1",
                   {a.id, std::string(revoke ? "revoked" : "upheld"), reason, today.ToString(), ctx.principal.Name(),
                    core::ToMillis(clock_.Now())});
        audit::RecordAudit(tx, clock_, ctx, revoke ? "revoke" : "uphold", "credit_anomaly", a.id,
                           json::object{{"number", a.number}, {"objection", a.objection.has_value()}});
        return Load(tx, ctx, id);
    });
}

Anomaly AnomalyService::Get(const core::CallContext& ctx, std::string_view id) const {
    auto tx = db_.Begin(storage::TxMode::kRead);
    return Load(tx, ctx, id);
}

AnomalyPage AnomalyService::List(const core::CallContext& ctx, const AnomalyQuery& q) const {
    auto tx = db_.Begin(storage::TxMode::kRead);
    const core::Date today = clock_.TodayInShanghai();
    std::vector<Param> params;
    std::string where = ScopeCondition(ctx.principal, params);
    if (q.enterprise_id) {
        params.emplace_back(*q.enterprise_id);
        where += " AND enterprise_id = $" + std::to_string(params.size());
    }
    if (q.source) {
        params.emplace_back(*q.source);
        where += " AND source = $" + std::to_string(params.size());
    }
    if (q.state) {
        params.emplace_back(today.ToString());
        where += StateCondition(*q.state, "$" + std::to_string(params.size()));
    }
    AnomalyPage page;
    const std::string count_sql = "SELECT COUNT(*) FROM credit_anomaly" + where;
    page.total = tx.QueryOne(count_sql, params).Int(0);
    const std::string sql = "SELECT " + std::string(kColumns) + " FROM credit_anomaly" + where +
                            " ORDER BY occurred_on DESC, id DESC LIMIT " + std::to_string(q.limit) + " OFFSET " +
                            std::to_string(q.offset);
    for (const auto& r : tx.Query(sql, params)) {
        page.items.push_back(FromRow(r));
        page.items.back().state = AnomalyState(page.items.back(), today);
    }
    return page;
}

AnomalyService::ExportPage AnomalyService::ExportSince(const core::CallContext& ctx, const std::string& cursor,
                                                      std::int64_t limit) const {
    const ExportCursor from = ExportCursor::Parse(cursor);
    auto tx = db_.Begin(storage::TxMode::kRead);
    const core::Date today = clock_.TodayInShanghai();
    ExportPage page;
    ExportCursor last = from;
    for (const auto& r : tx.Query("SELECT " + std::string(kColumns) +
                                      " FROM credit_anomaly WHERE region_code LIKE $1 AND (updated_at > $2 OR (updated_at = $2 "
                                      "AND id > $3)) ORDER BY updated_at, id LIMIT " + std::to_string(limit),
                                  {ctx.principal.region_code + "%", from.after_ms, from.after_id})) {
        page.items.push_back(FromRow(r));
        page.items.back().state = AnomalyState(page.items.back(), today);
        last = {r.Int(25), page.items.back().id};
    }
    if (!page.items.empty()) page.next_cursor = last.ToString();
    return page;
}

}  // namespace anxin::credit
