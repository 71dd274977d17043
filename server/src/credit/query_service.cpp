#include "credit/query_service.hpp"

#include <boost/json.hpp>

#include "audit/audit.hpp"
#include "core/json_values.hpp"
#include "core/error.hpp"
#include "core/ids.hpp"
#include "core/text.hpp"
#include "core/validation.hpp"
#include "credit/listing_repository.hpp"

namespace anxin::credit {

namespace json = boost::json;

std::string UnitOf(const core::Principal& p) {
    if (!p.enterprise_id.empty()) return "enterprise:" + p.enterprise_id;
    if (!p.bank_code.empty()) return "bank:" + p.bank_code;
    return "region:" + p.region_code;
}

namespace {

CreditRecord FromRow(const storage::Row& r) {
    CreditRecord c;
    c.id = r.Text(0);
    c.number = r.Text(1);
    c.enterprise_id = r.Text(2);
    c.asked_at = r.Time(3);
    c.asked_by_name = r.Text(4);
    c.result = json::parse(r.Text(5)).as_object();
    return c;
}

constexpr std::string_view kColumns = "id, number, enterprise_id, asked_at, asked_by_name, result";

json::value GradeJsonOrNull(const std::optional<GradeInForce>& g) {
    if (!g) return nullptr;
    return json::object{{"grade", g->grade}, {"year", g->year}, {"rule", g->rule},
                        {"publishedOn", g->published_on.ToString()}, {"incentive", g->incentive}};
}

// The anomaly records in force on `today`: not revoked, not expired (under objection included).
json::array ActiveAnomalies(storage::Transaction& tx, std::string_view enterprise_id, core::Date today) {
    json::array out;
    for (const auto& r : tx.Query("SELECT number, occurred_on, source, category, summary, expires_on, CASE WHEN objection IS NOT "
                                  "NULL AND correction IS NULL THEN 1 ELSE 0 END FROM credit_anomaly WHERE enterprise_id = $1 AND (correction IS NULL OR "
                                  "correction <> 'revoked') AND expires_on > $2 ORDER BY occurred_on DESC, number",
                                  {enterprise_id, today.ToString()}))
        out.push_back(json::object{{"number", r.Text(0)}, {"occurredOn", r.Text(1)}, {"source", r.Text(2)},
                                   {"category", r.Text(3)}, {"summary", r.Text(4)}, {"expiresOn", r.Text(5)},
                                   {"objected", r.Int(6) != 0}});
    return out;
}

}  // namespace

std::vector<EnterpriseMatch> QueryService::Find(const core::CallContext&, const std::string& raw) const {
    const std::string text(core::TrimSpace(raw));
    if (auto problem = core::TextProblem(text)) ThrowInvalidField("q", *problem);
    if (core::Utf8Length(text) < 2) ThrowInvalidField("q", "请输入统一社会信用代码，或企业名称中的至少 2 个字");
    if (core::Utf8Length(text) > 100) ThrowInvalidField("q", "不超过 100 个字符");
    auto tx = db_.Begin(storage::TxMode::kRead);
    const std::string like = core::LikeContaining(text);  // the name's own % and _ are literal
    std::vector<EnterpriseMatch> out;
    for (const auto& r : tx.Query("SELECT id, name, credit_code FROM registry_enterprise_published WHERE credit_code = $1 "
                                  "OR name LIKE $2 ESCAPE '\\' ORDER BY CASE WHEN credit_code = $1 THEN 0 ELSE 1 END, name "
                                  "LIMIT 10",
                                  {text, like}))
        out.push_back({r.Text(0), r.Text(1), r.Text(2)});
    return out;
}

CreditRecord QueryService::Query(const core::CallContext& ctx, std::string_view enterprise_id) {
    return storage::WithTransaction(db_, [&](storage::Transaction& tx) {
        auto e = tx.QueryOptional(
            "SELECT id, name, credit_code, legal_representative, region_code FROM registry_enterprise_published WHERE id = $1",
            {enterprise_id});
        if (!e) ThrowInvalidField("enterpriseId", "企业不存在");
        const auto now = clock_.Now();
        const core::Date today = core::Date::ShanghaiDateOf(now);

        // The list on the day, and any procedure under way (its stage only: the facts are the department's).
        json::value listing = nullptr;
        for (const auto& l : ListedEnterprises(tx, today))
            if (l.enterprise_id == enterprise_id)
                listing = json::object{{"number", l.number}, {"decidedOn", l.decided_on.ToString()}, {"expiresOn", l.expires_on.ToString()}};
        // Departments also see procedures under way; enterprises and banks only what was decided (the
        // list is public, a proposal is not yet).
        const bool department = ctx.principal.enterprise_id.empty() && ctx.principal.bank_code.empty();
        json::array history;
        for (const auto& r : tx.Query(std::string("SELECT number, state, decided_on, expires_on, removed_on, removal FROM credit_listing "
                                                  "WHERE enterprise_id = $1 AND state IN ") +
                                          (department ? "('proposed', 'notified', 'listed', 'removed')" : "('listed', 'removed')") +
                                          " AND (decided_on IS NOT NULL OR state IN ('proposed', 'notified')) ORDER BY proposed_at DESC",
                                      {enterprise_id}))
            history.push_back(json::object{{"number", r.Text(0)},
                                           {"state", r.Text(1)},
                                           {"decidedOn", core::DateOrNull(r.OptDate(2))},
                                           {"expiresOn", core::DateOrNull(r.OptDate(3))},
                                           {"removedOn", core::DateOrNull(r.OptDate(4))},
                                           {"removal", r.OptText(5) ? json::value(*r.OptText(5)) : json::value(nullptr)}});

        // Arrears cases of the last two years.
        json::array cases;
        std::int64_t claimed = 0, recovered = 0;
        for (const auto& c : arrears_.ArrearsCasesFrom(tx, enterprise_id, today.AddDays(-730))) {
            claimed += c.claimed_fen;
            recovered += c.recovered_fen;
            cases.push_back(json::object{{"number", c.number},
                                         {"openedOn", c.opened_on.ToString()},
                                         {"state", c.state},
                                         {"conclusion", c.conclusion ? json::value(*c.conclusion) : json::value(nullptr)},
                                         {"claimedFen", c.claimed_fen},
                                         {"recoveredFen", c.recovered_fen}});
        }
        // The deposit rules' view of its history (declared years without arrears, arrears lately).
        const deposits::DepositHistory d = declarations_.HistoryFor(tx, enterprise_id, today.year());

        json::object result{
            {"enterprise", json::object{{"id", e->Text(0)},
                                        {"name", e->Text(1)},
                                        {"creditCode", e->Text(2)},
                                        {"legalRepresentative", e->Text(3)},
                                        {"regionCode", e->Text(4)}}},
            {"asOf", today.ToString()},
            {"listing", listing},
            {"procedures", std::move(history)},
            {"arrearsCases", std::move(cases)},
            {"arrearsClaimedFen", claimed},
            {"arrearsRecoveredFen", recovered},
            {"deposit", json::object{{"cleanYears", d.clean_years},
                                     {"arrearsInPriorTwoYears", d.arrears_in_prior_two_years},
                                     {"realNameAndAccountInPlace", d.real_name_and_account_in_place}}},
            {"grade", GradeJsonOrNull(GradeOf(tx, enterprise_id, today))},
            {"anomalies", ActiveAnomalies(tx, enterprise_id, today)},
        };

        CreditRecord c;
        c.id = core::NewId(now);
        const std::int64_t seq =
            tx.QueryOne("SELECT COUNT(*) FROM credit_query WHERE number LIKE $1", {"%〔" + std::to_string(today.year()) + "〕%"}).Int(0) + 1;
        std::string digits = std::to_string(seq);
        if (digits.size() < 6) digits.insert(0, 6 - digits.size(), '0');
        c.number = "信查〔" + std::to_string(today.year()) + "〕" + digits;
        c.enterprise_id = std::string(enterprise_id);
        c.asked_at = now;
        c.asked_by_name = ctx.principal.Name();
        c.result = std::move(result);
        tx.Execute("INSERT INTO credit_query (id, number, enterprise_id, asked_by, asked_by_name, asked_by_unit, asked_at, result) "
                   "VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
                   {c.id, c.number, c.enterprise_id, ctx.principal.user_id, c.asked_by_name, UnitOf(ctx.principal), now,
                    json::serialize(c.result)});
        audit::RecordAudit(tx, clock_, ctx, "query", "credit_query", c.id,
                           json::object{{"number", c.number}, {"enterpriseId", c.enterprise_id}});
        return c;
    });
}

CreditRecord QueryService::Get(const core::CallContext& ctx, std::string_view id) const {
    auto tx = db_.Begin(storage::TxMode::kRead);
    auto row = tx.QueryOptional("SELECT " + std::string(kColumns) + " FROM credit_query WHERE id = $1 AND asked_by_unit = $2",
                                {id, UnitOf(ctx.principal)});
    if (!row) ThrowNotFound("查询记录");
    return FromRow(*row);
}

std::vector<CreditRecord> QueryService::List(const core::CallContext& ctx, std::int64_t offset, std::int64_t limit) const {
    auto tx = db_.Begin(storage::TxMode::kRead);
    std::vector<CreditRecord> out;
    for (const auto& r : tx.Query("SELECT " + std::string(kColumns) + " FROM credit_query WHERE asked_by_unit = $1 "
                                  "ORDER BY asked_at DESC, id DESC LIMIT " + std::to_string(limit) + " OFFSET " + std::to_string(offset),
                                  {UnitOf(ctx.principal)}))
        out.push_back(FromRow(r));
    return out;
}

}  // namespace anxin::credit
