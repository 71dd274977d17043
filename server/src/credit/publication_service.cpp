#include "credit/publication_service.hpp"

#include <algorithm>

#include <boost/json.hpp>

#include "audit/audit.hpp"
#include "core/error.hpp"
#include "core/ids.hpp"

namespace anxin::credit {

namespace {

namespace json = boost::json;

core::Date QuarterStart(int year, int quarter) { return core::Date(year, static_cast<unsigned>(quarter * 3 - 2), 1); }
core::Date QuarterEnd(int year, int quarter) {
    return quarter == 4 ? core::Date(year, 12, 31) : QuarterStart(year, quarter + 1).AddDays(-1);
}

void CheckQuarter(int year, int quarter, core::Date today) {
    if (quarter < 1 || quarter > 4) ThrowInvalidField("quarter", "应为 1–4");
    if (year < 2000 || year > today.year()) ThrowInvalidField("year", "应为 2000 年至今年之间的年份");
    if (today <= QuarterEnd(year, quarter))
        ThrowInvalidField("quarter", std::to_string(year) + " 年第 " + std::to_string(quarter) + " 季度尚未结束，" +
                                         QuarterEnd(year, quarter).AddDays(1).ToString() + " 起可公布");
}

std::vector<PublishedViolation> ItemsFrom(const std::string& text) {
    std::vector<PublishedViolation> out;
    const json::value parsed = json::parse(text);
    for (const auto& v : parsed.as_array()) {
        const auto& o = v.as_object();
        out.push_back({std::string(o.at("enterpriseName").as_string()), std::string(o.at("creditCode").as_string()),
                       std::string(o.at("legalRepresentative").as_string()), *core::Date::Parse(o.at("on").as_string()),
                       std::string(o.at("facts").as_string()), std::string(o.at("handling").as_string()),
                       std::string(o.at("reference").as_string())});
    }
    return out;
}

// The quarter's major violations in the region, from the records as they stand.
std::vector<PublishedViolation> Draft(storage::Transaction& tx, const std::string& region, int year, int quarter) {
    const std::string from = QuarterStart(year, quarter).ToString(), to = QuarterEnd(year, quarter).ToString();
    std::vector<PublishedViolation> out;
    for (const auto& r : tx.Query(
             "SELECT a.enterprise_name, a.credit_code, COALESCE(e.legal_representative, ''), a.occurred_on, a.summary, a.category, "
             "a.number FROM credit_anomaly a LEFT JOIN registry_enterprise_published e ON e.id = a.enterprise_id WHERE "
             "a.region_code LIKE $1 AND a.occurred_on >= $2 AND a.occurred_on <= $3 AND a.category IN ('order_refused', "
             "'criminal', 'mass_incident', 'obstruction') AND (a.correction IS NULL OR a.correction <> 'revoked')",
             {region + "%", from, to})) {
        const std::string category = r.Text(5);
        const std::string handling = category == "criminal"        ? "涉嫌拒不支付劳动报酬罪，已移送公安机关"
                                     : category == "order_refused" ? "责令限期支付后逾期未履行，已记入信用异常"
                                     : category == "mass_incident" ? "引发群体性事件，已立案查处并记入信用异常"
                                                                   : "阻挠劳动保障监察，已依法查处并记入信用异常";
        out.push_back({r.Text(0), r.Text(1), r.Text(2), r.Date(3), r.Text(4), handling, r.Text(6)});
    }
    for (const auto& r : tx.Query(
             "SELECT l.enterprise_name, l.credit_code, COALESCE(e.legal_representative, ''), l.decided_on, "
             "COALESCE(l.decision_reason, l.reason), l.number, l.expires_on FROM credit_listing l LEFT JOIN "
             "registry_enterprise_published e ON e.id = l.enterprise_id WHERE l.region_code LIKE $1 AND l.decided_on >= $2 AND "
             "l.decided_on <= $3 AND l.state IN ('listed', 'removed')",
             {region + "%", from, to}))
        out.push_back({r.Text(0), r.Text(1), r.Text(2), r.Date(3), r.Text(4),
                       "列入失信联合惩戒对象名单（" + r.Text(5) + "），期限至 " + r.Text(6), r.Text(5)});
    std::ranges::sort(out, [](const auto& a, const auto& b) { return std::tie(a.on, a.reference) < std::tie(b.on, b.reference); });
    return out;
}

Publication FromRow(const storage::Row& r, bool with_items) {
    Publication p;
    p.id = r.Text(0);
    p.number = r.Text(1);
    p.region_code = r.Text(2);
    p.year = static_cast<int>(r.Int(3));
    p.quarter = static_cast<int>(r.Int(4));
    p.published_on = r.Date(5);
    p.published_by_name = r.Text(6);
    if (with_items) p.items = ItemsFrom(r.Text(7));
    p.item_count = with_items ? p.items.size() : 0;
    return p;
}

constexpr std::string_view kColumns = "id, number, region_code, year, quarter, published_on, published_by_name, items";

}  // namespace

json::array PublishedItemsJson(const std::vector<PublishedViolation>& items) {
    json::array out;
    for (const auto& v : items)
        out.push_back(json::object{{"enterpriseName", v.enterprise_name}, {"creditCode", v.credit_code},
                                   {"legalRepresentative", v.legal_representative}, {"on", v.on.ToString()},
                                   {"facts", v.facts}, {"handling", v.handling}, {"reference", v.reference}});
    return out;
}

Publication PublicationService::Get(const core::CallContext& ctx, int year, int quarter) const {
    CheckQuarter(year, quarter, clock_.TodayInShanghai());
    auto tx = db_.Begin(storage::TxMode::kRead);
    const std::string& region = ctx.principal.region_code;
    if (auto row = tx.QueryOptional("SELECT " + std::string(kColumns) + " FROM credit_publication WHERE region_code = $1 AND "
                                    "year = $2 AND quarter = $3",
                                    {region, static_cast<std::int64_t>(year), static_cast<std::int64_t>(quarter)}))
        return FromRow(*row, true);
    Publication p;
    p.region_code = region;
    p.year = year;
    p.quarter = quarter;
    p.items = Draft(tx, region, year, quarter);
    p.item_count = p.items.size();
    return p;
}

Publication PublicationService::Publish(const core::CallContext& ctx, int year, int quarter) {
    const core::Date today = clock_.TodayInShanghai();
    CheckQuarter(year, quarter, today);
    if (ctx.principal.region_code.empty()) ThrowInvalidField("quarter", "请使用所属地区的账号公布本地区的违法行为");
    return storage::WithTransaction(db_, [&](storage::Transaction& tx) {
        const std::string& region = ctx.principal.region_code;
        if (auto done = tx.QueryOptional("SELECT number, published_on FROM credit_publication WHERE region_code = $1 AND year = $2 "
                                         "AND quarter = $3",
                                         {region, static_cast<std::int64_t>(year), static_cast<std::int64_t>(quarter)}))
            throw Error(ErrorCode::kConflict, "本季度已于 " + done->Text(1) + " 公布（" + done->Text(0) + "）");
        Publication p;
        p.id = core::NewId(clock_.Now());
        p.number = "公布〔" + std::to_string(year) + "〕" + region + "-Q" + std::to_string(quarter);
        p.region_code = region;
        p.year = year;
        p.quarter = quarter;
        p.published_on = today;
        p.published_by_name = ctx.principal.Name();
        p.items = Draft(tx, region, year, quarter);
        p.item_count = p.items.size();
        tx.Execute("INSERT INTO credit_publication (id, number, region_code, year, quarter, published_on, published_at, "
                   "published_by_name, items) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
                   {*p.id, *p.number, region, static_cast<std::int64_t>(year), static_cast<std::int64_t>(quarter),
                    today.ToString(), clock_.Now(), *p.published_by_name, json::serialize(PublishedItemsJson(p.items))});
        audit::RecordAudit(tx, clock_, ctx, "publish", "credit_publication", *p.id,
                           json::object{{"number", *p.number}, {"items", static_cast<std::int64_t>(p.items.size())}});
        return p;
    });
}

std::vector<Publication> PublicationService::List(const core::Principal* principal) const {
    auto tx = db_.Begin(storage::TxMode::kRead);
    std::vector<Publication> out;
    for (const auto& r : tx.Query("SELECT " + std::string(kColumns) + " FROM credit_publication WHERE region_code LIKE $1 "
                                  "ORDER BY year DESC, quarter DESC, region_code",
                                  {(principal ? principal->region_code : std::string()) + "%"})) {
        out.push_back(FromRow(r, false));
        out.back().item_count = json::parse(r.Text(7)).as_array().size();
    }
    return out;
}

Publication PublicationService::Public(std::string_view id) const {
    auto tx = db_.Begin(storage::TxMode::kRead);
    auto row = tx.QueryOptional("SELECT " + std::string(kColumns) + " FROM credit_publication WHERE id = $1", {id});
    if (!row) ThrowNotFound("公布");
    return FromRow(*row, true);
}

}  // namespace anxin::credit
