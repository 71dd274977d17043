#include "credit/grade_service.hpp"

#include <map>

#include <boost/json.hpp>

#include "audit/audit.hpp"
#include "core/error.hpp"
#include "core/ids.hpp"
#include "credit/export_cursor.hpp"
#include "credit/grade_rules.hpp"
#include "registry/enterprises.hpp"

namespace anxin::credit {

namespace {

namespace json = boost::json;

constexpr std::string_view kRunColumns =
    "r.id, r.region_code, r.year, r.version, r.state, r.computed_at, r.computed_by_name, r.published_on, r.published_by_name, "
    "(SELECT COUNT(*) FROM credit_grade g WHERE g.run_id = r.id AND g.grade = 'A'), "
    "(SELECT COUNT(*) FROM credit_grade g WHERE g.run_id = r.id AND g.grade = 'B'), "
    "(SELECT COUNT(*) FROM credit_grade g WHERE g.run_id = r.id AND g.grade = 'C'), "
    "(SELECT COUNT(*) FROM credit_grade g WHERE g.run_id = r.id AND g.incentive = 1)";

GradeRun RunFromRow(const storage::Row& r) {
    GradeRun run;
    run.id = r.Text(0);
    run.region_code = r.Text(1);
    run.year = static_cast<int>(r.Int(2));
    run.version = static_cast<int>(r.Int(3));
    run.state = r.Text(4);
    run.computed_at = r.Time(5);
    run.computed_by_name = r.Text(6);
    run.published_on = r.OptDate(7);
    run.published_by_name = r.OptText(8);
    run.count_a = r.Int(9);
    run.count_b = r.Int(10);
    run.count_c = r.Int(11);
    run.incentives = r.Int(12);
    return run;
}

constexpr std::string_view kGradeColumns =
    "enterprise_id, enterprise_name, credit_code, computed_grade, rule, facts, grade, adjusted_reason, adjusted_by_name, incentive";

// The kGradeColumns of a row, from column `at`.
Grade GradeFromRow(const storage::Row& r, int at = 0) {
    Grade g;
    g.enterprise_id = r.Text(at + 0);
    g.enterprise_name = r.Text(at + 1);
    g.credit_code = r.Text(at + 2);
    g.computed_grade = r.Text(at + 3);
    g.rule = r.Text(at + 4);
    const json::value facts = json::parse(r.Text(at + 5));
    if (facts.is_object()) g.facts = facts.as_object();
    g.grade = r.Text(at + 6);
    g.adjusted_reason = r.OptText(at + 7);
    g.adjusted_by_name = r.OptText(at + 8);
    g.incentive = r.Int(at + 9) != 0;
    return g;
}

// The projects of a region that were under way at some time in the year: in the chain now, or left
// it (completed, closed) during or after the year; created before the year ended.
constexpr std::string_view kActiveInYear =
    "p.region_code LIKE $1 AND p.created_at < $2 AND (p.status IN ('approved', 'permitted', 'under_construction', "
    "'suspended', 'finished') OR p.status_on >= $3)";

// Records of an enterprise's year that count (not revoked), by category; and the prior year's count.
struct YearRecords {
    std::map<std::string, int> by_category;
    int total = 0;
};
std::map<std::string, YearRecords> RecordsIn(storage::Transaction& tx, int year) {
    std::map<std::string, YearRecords> out;
    for (const auto& r : tx.Query("SELECT enterprise_id, category, COUNT(*) FROM credit_anomaly WHERE occurred_on >= $1 AND "
                                  "occurred_on <= $2 AND (correction IS NULL OR correction <> 'revoked') "
                                  "GROUP BY enterprise_id, category",
                                  {std::to_string(year) + "-01-01", std::to_string(year) + "-12-31"})) {
        auto& y = out[r.Text(0)];
        y.by_category[r.Text(1)] += static_cast<int>(r.Int(2));
        y.total += static_cast<int>(r.Int(2));
    }
    return out;
}

// Enterprises on the list at some time in the year (decided to list; removed during or after it).
std::map<std::string, std::string> ListedIn(storage::Transaction& tx, int year) {
    std::map<std::string, std::string> out;
    for (const auto& r : tx.Query("SELECT enterprise_id, number FROM credit_listing WHERE state IN ('listed', 'removed') AND "
                                  "decided_on <= $1 AND (removed_on IS NULL OR removed_on >= $2)",
                                  {std::to_string(year) + "-12-31", std::to_string(year) + "-01-01"}))
        out.emplace(r.Text(0), r.Text(1));
    return out;
}

GradeRun LoadRun(storage::Transaction& tx, const core::Principal& p, std::string_view id) {
    auto row = tx.QueryOptional("SELECT " + std::string(kRunColumns) + " FROM credit_grade_run r WHERE r.id = $1", {id});
    if (!row) ThrowNotFound("等级评价");
    GradeRun run = RunFromRow(*row);
    if (!p.CoversRegion(run.region_code)) ThrowNotFound("等级评价");
    return run;
}

// The run with its grades (filtered by grade when given), C first, then by name.
GradeRun LoadWithGrades(storage::Transaction& tx, const core::Principal& p, std::string_view run_id,
                        const std::optional<std::string>& grade) {
    GradeRun run = LoadRun(tx, p, run_id);
    std::vector<storage::Param> params{run.id};
    std::string sql = "SELECT " + std::string(kGradeColumns) + " FROM credit_grade WHERE run_id = $1";
    if (grade) {
        params.emplace_back(*grade);
        sql += " AND grade = $2";
    }
    for (const auto& r : tx.Query(sql + " ORDER BY grade DESC, enterprise_name", params)) run.grades.push_back(GradeFromRow(r));
    return run;
}

std::optional<GradeInForce> InForceFromRow(const storage::Row& r) {
    GradeInForce g;
    g.enterprise_id = r.Text(0);
    g.grade = r.Text(1);
    g.year = static_cast<int>(r.Int(2));
    g.region_code = r.Text(3);
    g.rule = r.Text(4);
    g.published_on = r.Date(5);
    g.incentive = r.Int(6) != 0;
    return g;
}

// The latest published grade of each enterprise on `on` (ties: the later publication, the higher version).
constexpr std::string_view kInForceSql =
    "SELECT enterprise_id, grade, year, region_code, rule, published_on, incentive FROM (SELECT g.enterprise_id, g.grade, "
    "r.year, r.region_code, g.rule, r.published_on, g.incentive, ROW_NUMBER() OVER (PARTITION BY g.enterprise_id ORDER BY "
    "r.published_on DESC, r.published_at DESC, r.version DESC) AS n FROM credit_grade g JOIN credit_grade_run r ON r.id = "
    "g.run_id WHERE r.state = 'published' AND r.published_on <= $1";

}  // namespace

std::optional<GradeInForce> GradeOf(storage::Transaction& tx, std::string_view enterprise_id, core::Date on) {
    auto row = tx.QueryOptional(std::string(kInForceSql) + " AND g.enterprise_id = $2) t WHERE n = 1", {on.ToString(), enterprise_id});
    if (!row) return std::nullopt;
    return InForceFromRow(*row);
}

std::vector<GradeInForce> GradeCEnterprises(storage::Transaction& tx, core::Date on) {
    std::vector<GradeInForce> out;
    for (const auto& r : tx.Query(std::string(kInForceSql) + ") t WHERE n = 1 AND grade = 'C' ORDER BY enterprise_id", {on.ToString()}))
        out.push_back(*InForceFromRow(r));
    return out;
}

GradeRun GradeService::Evaluate(const core::CallContext& ctx, int year) {
    const core::Date today = clock_.TodayInShanghai();
    if (ctx.principal.region_code.empty()) ThrowInvalidField("year", "请使用所属地区的账号评价本地区企业");
    if (year < 2000 || year > today.year()) ThrowInvalidField("year", "应为 2000 年至今年之间的年份");
    const std::string region = ctx.principal.region_code;
    return storage::WithTransaction(db_, [&](storage::Transaction& tx) {
        const int c_violations = static_cast<int>(parameters_.GetInt(tx, region, "credit.grade_c_violations"));
        const auto now = clock_.Now();
        // The draft of the year (recomputed, adjustments kept), or a new version after the published ones.
        std::string run_id;
        std::map<std::string, std::pair<std::string, std::pair<std::string, std::string>>> adjusted;  // id → grade, reason, by
        if (auto draft = tx.QueryOptional("SELECT id FROM credit_grade_run WHERE region_code = $1 AND year = $2 AND state = 'draft'",
                                          {region, static_cast<std::int64_t>(year)})) {
            run_id = draft->Text(0);
            for (const auto& r : tx.Query("SELECT enterprise_id, grade, adjusted_reason, adjusted_by_name FROM credit_grade WHERE "
                                          "run_id = $1 AND adjusted_reason IS NOT NULL",
                                          {run_id}))
                adjusted[r.Text(0)] = {r.Text(1), {r.Text(2), r.Text(3)}};
            tx.Execute("DELETE FROM credit_grade WHERE run_id = $1", {run_id});
            tx.Execute("UPDATE credit_grade_run SET computed_at = $2, computed_by_name = $3, updated_at = $2 WHERE id = $1",
                       {run_id, now, ctx.principal.Name()});
        } else {
            const std::int64_t version =
                tx.QueryOne("SELECT COALESCE(MAX(version), 0) + 1 FROM credit_grade_run WHERE region_code = $1 AND year = $2",
                            {region, static_cast<std::int64_t>(year)})
                    .Int(0);
            run_id = core::NewId(now);
            tx.Execute("INSERT INTO credit_grade_run (id, region_code, year, version, state, computed_at, computed_by_name, "
                       "updated_at) VALUES ($1, $2, $3, $4, 'draft', $5, $6, $5)",
                       {run_id, region, static_cast<std::int64_t>(year), version, now, ctx.principal.Name()});
        }
        const auto records = RecordsIn(tx, year);
        const auto prior = RecordsIn(tx, year - 1);
        const auto listed = ListedIn(tx, year);
        const core::Date year_end(year, 12, 31);
        std::int64_t graded = 0;
        for (const auto& e : tx.Query("SELECT DISTINCT e.id, e.name, e.credit_code FROM registry_participant pt JOIN "
                                      "registry_project p ON p.id = pt.project_id JOIN registry_enterprise_published e ON "
                                      "e.id = pt.enterprise_id WHERE " + std::string(kActiveInYear) + " ORDER BY e.id",
                                      {region + "%", core::ToMillis(year_end.AddDays(1).StartInShanghai()),
                                       std::to_string(year) + "-01-01"})) {
            const std::string id = e.Text(0);
            GradeFacts f;
            json::object facts;
            if (auto it = records.find(id); it != records.end()) {
                const auto count = [&](std::string_view c) {
                    auto found = it->second.by_category.find(std::string(c));
                    return found == it->second.by_category.end() ? 0 : found->second;
                };
                f.violations = it->second.total;
                f.order_refused = count("order_refused");
                f.criminal = count("criminal");
                f.mass_incident = count("mass_incident");
                f.obstruction = count("obstruction");
                for (const auto& [category, n] : it->second.by_category) facts[category] = n;
            }
            facts["records"] = f.violations;
            if (auto l = listed.find(id); l != listed.end()) {
                f.listed = true;
                facts["listing"] = l->second;
            }
            const bool prior_clean = !prior.contains(id);
            facts["priorYearRecords"] = prior_clean ? 0 : prior.at(id).total;
            const GradeOutcome outcome = GradeFor(f, c_violations);
            const std::string computed(1, outcome.grade);
            std::string grade = computed;
            std::optional<std::string> reason, by;
            if (auto a = adjusted.find(id); a != adjusted.end()) {
                grade = a->second.first;
                reason = a->second.second.first;
                by = a->second.second.second;
            }
            const bool incentive = grade == "A" && f.violations == 0 && prior_clean && !f.listed;
            tx.Execute("INSERT INTO credit_grade (run_id, enterprise_id, enterprise_name, credit_code, computed_grade, rule, facts, "
                       "grade, adjusted_reason, adjusted_by_name, incentive, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, "
                       "$10, $11, $12)",
                       {run_id, id, e.Text(1), e.Text(2), computed, outcome.rule, json::serialize(facts), grade, reason, by,
                        static_cast<std::int64_t>(incentive ? 1 : 0), now});
            ++graded;
        }
        audit::RecordAudit(tx, clock_, ctx, "evaluate", "credit_grade_run", run_id,
                           json::object{{"year", year}, {"regionCode", region}, {"enterprises", graded}});
        return LoadWithGrades(tx, ctx.principal, run_id, std::nullopt);
    });
}

GradeRun GradeService::Adjust(const core::CallContext& ctx, std::string_view run_id, std::string_view enterprise_id,
                              const std::string& grade, const std::string& reason) {
    if (grade != "A" && grade != "B" && grade != "C") ThrowInvalidField("grade", "取值无效，可选：A、B、C");
    return storage::WithTransaction(db_, [&](storage::Transaction& tx) {
        GradeRun run = LoadRun(tx, ctx.principal, run_id);
        if (run.state != "draft")
            throw Error(ErrorCode::kConflict, std::to_string(run.year) + " 年度评价（第 " + std::to_string(run.version) +
                                                  " 版）已发布，不能调整；请重新评价该年度");
        auto row = tx.QueryOptional("SELECT facts, computed_grade FROM credit_grade WHERE run_id = $1 AND enterprise_id = $2",
                                    {run.id, enterprise_id});
        if (!row) ThrowNotFound("该企业的等级");
        const json::value facts = json::parse(row->Text(0));
        const bool clean = facts.as_object().at("records").to_number<std::int64_t>() == 0 &&
                           facts.as_object().at("priorYearRecords").to_number<std::int64_t>() == 0 &&
                           !facts.as_object().contains("listing");
        const bool back_to_computed = grade == row->Text(1);
        tx.Execute("UPDATE credit_grade SET grade = $3, adjusted_reason = $4, adjusted_by_name = $5, incentive = $6, updated_at = $7 "
                   "WHERE run_id = $1 AND enterprise_id = $2",
                   {run.id, enterprise_id, grade, back_to_computed ? std::optional<std::string>() : std::optional<std::string>(reason),
                    back_to_computed ? std::optional<std::string>() : std::optional<std::string>(ctx.principal.Name()),
                    static_cast<std::int64_t>(grade == "A" && clean ? 1 : 0), clock_.Now()});
        audit::RecordAudit(tx, clock_, ctx, "adjust", "credit_grade_run", run.id,
                           json::object{{"enterpriseId", enterprise_id}, {"grade", grade}, {"computedGrade", row->Text(1)}});
        return LoadWithGrades(tx, ctx.principal, run.id, std::nullopt);
    });
}

GradeRun GradeService::Publish(const core::CallContext& ctx, std::string_view run_id) {
    return storage::WithTransaction(db_, [&](storage::Transaction& tx) {
        GradeRun run = LoadRun(tx, ctx.principal, run_id);
        if (run.state != "draft") throw Error(ErrorCode::kConflict, "该评价已于 " + run.published_on->ToString() + " 发布");
        const auto now = clock_.Now();
        tx.Execute("UPDATE credit_grade_run SET state = 'published', published_on = $2, published_at = $3, published_by_name = $4, "
                   "updated_at = $3 WHERE id = $1",
                   {run.id, clock_.TodayInShanghai().ToString(), now, ctx.principal.Name()});
        audit::RecordAudit(tx, clock_, ctx, "publish", "credit_grade_run", run.id,
                           json::object{{"year", run.year}, {"version", run.version}, {"a", run.count_a}, {"b", run.count_b},
                                        {"c", run.count_c}});
        return LoadWithGrades(tx, ctx.principal, run.id, std::nullopt);
    });
}

GradeRun GradeService::Get(const core::CallContext& ctx, std::string_view run_id, const std::optional<std::string>& grade) const {
    auto tx = db_.Begin(storage::TxMode::kRead);
    return LoadWithGrades(tx, ctx.principal, run_id, grade);
}

std::vector<GradeRun> GradeService::Runs(const core::CallContext& ctx) const {
    auto tx = db_.Begin(storage::TxMode::kRead);
    std::vector<GradeRun> out;
    for (const auto& r : tx.Query("SELECT " + std::string(kRunColumns) +
                                      " FROM credit_grade_run r WHERE r.region_code LIKE $1 ORDER BY r.year DESC, r.version DESC",
                                  {ctx.principal.region_code + "%"}))
        out.push_back(RunFromRow(r));
    return out;
}

std::vector<Grade> GradeService::Incentives(const core::CallContext& ctx, core::Date on) const {
    auto tx = db_.Begin(storage::TxMode::kRead);
    std::vector<Grade> out;
    // Per region and year, the latest version published by `on`; its incentive entries.
    for (const auto& r : tx.Query(
             "SELECT g.enterprise_id, g.enterprise_name, g.credit_code, g.computed_grade, g.rule, g.facts, g.grade, "
             "g.adjusted_reason, g.adjusted_by_name, g.incentive FROM credit_grade g JOIN credit_grade_run r ON r.id = g.run_id "
             "WHERE r.region_code LIKE $1 AND r.state = 'published' AND r.published_on <= $2 AND g.incentive = 1 AND "
             "r.id = (SELECT r2.id FROM credit_grade_run r2 WHERE r2.region_code = r.region_code AND r2.state = 'published' AND "
             "r2.published_on <= $2 ORDER BY r2.year DESC, r2.version DESC LIMIT 1) ORDER BY g.enterprise_name",
             {ctx.principal.region_code + "%", on.ToString()}))
        out.push_back(GradeFromRow(r));
    return out;
}

CreditProfile GradeService::Profile(const core::CallContext& ctx, std::string_view enterprise_id,
                                    std::optional<core::Date> on) const {
    auto tx = db_.Begin(storage::TxMode::kRead);
    const bool own = !ctx.principal.enterprise_id.empty() && ctx.principal.enterprise_id == enterprise_id;
    if (!own && (!ctx.principal.enterprise_id.empty() || !ctx.principal.bank_code.empty() ||
                 !registry::EnterpriseService::EnterpriseInScope(tx, ctx.principal, enterprise_id)))
        ThrowNotFound("企业");
    auto e = tx.QueryOptional("SELECT id, name, credit_code FROM registry_enterprise_published WHERE id = $1", {enterprise_id});
    if (!e) ThrowNotFound("企业");
    CreditProfile p;
    p.enterprise_id = e->Text(0);
    p.enterprise_name = e->Text(1);
    p.credit_code = e->Text(2);
    p.on = on.value_or(clock_.TodayInShanghai());
    p.grade = GradeOf(tx, enterprise_id, p.on);
    p.listed = IsListed(tx, enterprise_id, p.on);
    const bool department = ctx.principal.enterprise_id.empty();
    for (const auto& r : tx.Query(std::string("SELECT number, state, decided_on, expires_on, removed_on, removal FROM credit_listing "
                                              "WHERE enterprise_id = $1 AND state IN ") +
                                      (department ? "('proposed', 'notified', 'listed', 'dropped', 'removed')" : "('listed', 'removed')") +
                                      " ORDER BY proposed_at DESC",
                                  {enterprise_id}))
        p.listings.push_back({r.Text(0), r.Text(1), r.OptDate(2), r.OptDate(3), r.OptDate(4), r.OptText(5)});
    for (const auto& r : tx.Query("SELECT r.year, r.version, r.region_code, g.grade, g.rule, g.adjusted_reason, r.published_on, "
                                  "g.incentive FROM credit_grade g JOIN credit_grade_run r ON r.id = g.run_id WHERE "
                                  "g.enterprise_id = $1 AND r.state = 'published' ORDER BY r.published_at DESC, r.version DESC",
                                  {enterprise_id}))
        p.history.push_back({static_cast<int>(r.Int(0)), static_cast<int>(r.Int(1)), r.Text(2), r.Text(3), r.Text(4), r.OptText(5),
                             r.Date(6), r.Int(7) != 0});
    return p;
}

GradeService::ExportPage GradeService::ExportSince(const core::CallContext& ctx, const std::string& cursor,
                                                  std::int64_t limit) const {
    const ExportCursor from = ExportCursor::Parse(cursor);
    auto tx = db_.Begin(storage::TxMode::kRead);
    ExportPage page;
    ExportCursor last = from;
    for (const auto& r : tx.Query(
             "SELECT r.published_at, r.id || '/' || g.enterprise_id AS k, r.year, r.version, r.region_code, r.published_on, " +
                 std::string(kGradeColumns) +
                 " FROM credit_grade g JOIN credit_grade_run r ON r.id = g.run_id WHERE r.state = 'published' AND r.region_code "
                 "LIKE $1 AND (r.published_at > $2 OR (r.published_at = $2 AND r.id || '/' || g.enterprise_id > $3)) ORDER BY "
                 "r.published_at, k LIMIT " + std::to_string(limit),
             {ctx.principal.region_code + "%", from.after_ms, from.after_id})) {
        ExportItem item;
        item.year = static_cast<int>(r.Int(2));
        item.version = static_cast<int>(r.Int(3));
        item.region_code = r.Text(4);
        item.published_on = r.Date(5);
        item.grade = GradeFromRow(r, 6);  // the grade columns follow the six above
        last = {r.Int(0), r.Text(1)};
        page.items.push_back(std::move(item));
    }
    if (!page.items.empty()) page.next_cursor = last.ToString();
    return page;
}

}  // namespace anxin::credit
