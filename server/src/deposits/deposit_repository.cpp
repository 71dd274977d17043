#include "deposits/deposit_repository.hpp"

#include <utility>

#include <boost/json.hpp>

#include "registry/project_scope.hpp"
#include "storage/columns.hpp"

namespace anxin::deposits::repository {
namespace {

namespace json = boost::json;
using storage::Param;

std::string LinesJson(const std::vector<RequirementLine>& lines) {
    json::array out;
    for (const auto& l : lines)
        out.push_back(json::object{{"rule", l.rule}, {"description", l.description}, {"amountAfter", l.amount_after}});
    return json::serialize(out);
}

std::vector<RequirementLine> ParseLines(const std::string& text) {
    std::vector<RequirementLine> lines;
    const json::value parsed = json::parse(text);  // kept alive: the loop walks into it
    for (const auto& v : parsed.as_array()) {
        const auto& o = v.as_object();
        lines.push_back(RequirementLine{std::string(o.at("rule").as_string()),
                                        std::string(o.at("description").as_string()),
                                        o.at("amountAfter").to_number<core::Fen>()});
    }
    return lines;
}

std::string WorkersJson(const std::vector<UseWorker>& workers) {
    json::array out;
    for (const auto& w : workers) out.push_back(json::object{{"workerId", w.worker_id}, {"amount", w.amount}});
    return json::serialize(out);
}

std::vector<UseWorker> ParseWorkers(const std::string& text) {
    std::vector<UseWorker> workers;
    const json::value parsed = json::parse(text);
    for (const auto& v : parsed.as_array()) {
        const auto& o = v.as_object();
        workers.push_back(UseWorker{std::string(o.at("workerId").as_string()), o.at("amount").to_number<core::Fen>()});
    }
    return workers;
}

// Each table's columns once (storage/columns.hpp): the SELECT list, the INSERT and the row mapping.
// A row is born with updated_at = created_at; the later writes are the targeted UPDATEs below.
template <class T>
storage::Column<T> BornAt(std::string_view name, core::Timestamp T::*created) {
    return storage::Custom<T>(name, storage::ColumnRole::kInsertOnly, [created](const T& x) { return Param(x.*created); });
}

const storage::Columns<Instrument> kInstruments("deposits_instrument", "i",
                                                {
                                                    storage::Key("id", &Instrument::id),
                                                    storage::Fixed("project_id", &Instrument::project_id),
                                                    storage::Fixed("form", &Instrument::form),
                                                    storage::Fixed("issuer", &Instrument::issuer),
                                                    storage::Fixed("number", &Instrument::number),
                                                    storage::Fixed("amount", &Instrument::amount),
                                                    storage::Field("balance", &Instrument::balance),
                                                    storage::Fixed("lodged_on", &Instrument::lodged_on),
                                                    storage::Fixed("valid_from", &Instrument::valid_from),
                                                    storage::Fixed("valid_to", &Instrument::valid_to),
                                                    storage::Field("status", &Instrument::status),
                                                    storage::Field("returned_on", &Instrument::returned_on),
                                                    storage::Fixed("created_at", &Instrument::created_at),
                                                    BornAt("updated_at", &Instrument::created_at),
                                                });

const storage::Columns<Use> kUses(
    "deposits_use", "u",
    {
        storage::Key("id", &Use::id),
        storage::Fixed("project_id", &Use::project_id),
        storage::Fixed("instrument_id", &Use::instrument_id),
        storage::Fixed("notice_number", &Use::notice_number),
        storage::Fixed("notice_on", &Use::notice_on),
        storage::Fixed("amount", &Use::amount),
        storage::Fixed("pay_due_on", &Use::pay_due_on),
        storage::Field("paid_on", &Use::paid_on),
        storage::Field("topup_due_on", &Use::topup_due_on),
        storage::Field("topped_up_on", &Use::topped_up_on),
        storage::Custom<Use>(
            "workers", storage::ColumnRole::kFixed, [](const Use& u) { return Param(WorkersJson(u.workers)); },
            [](Use& u, const storage::Row& row, size_t i) { u.workers = ParseWorkers(row.Text(i)); }),
        storage::Fixed("created_at", &Use::created_at),
        BornAt("updated_at", &Use::created_at),
    });

const storage::Columns<Return> kReturns("deposits_return", "",
                                        {
                                            storage::Key("id", &Return::id),
                                            storage::Fixed("project_id", &Return::project_id),
                                            storage::Fixed("applied_on", &Return::applied_on),
                                            storage::Fixed("notice_ends_on", &Return::notice_ends_on),
                                            storage::Fixed("review_due_on", &Return::review_due_on),
                                            storage::Field("reviewed_on", &Return::reviewed_on),
                                            storage::Field("review_result", &Return::review_result),
                                            storage::Field("review_reason", &Return::review_reason),
                                            storage::Field("reviewer_id", &Return::reviewer_id),
                                            storage::Field("confirm_due_on", &Return::confirm_due_on),
                                            storage::Field("confirmed_on", &Return::confirmed_on),
                                            storage::Fixed("created_at", &Return::created_at),
                                            BornAt("updated_at", &Return::created_at),
                                        });

const std::string kInstrumentColumns = kInstruments.SelectList();
const std::string kUseColumns = kUses.SelectList();
const std::string kReturnColumns = kReturns.SelectList();
Instrument InstrumentFromRow(const storage::Row& row) { return kInstruments.Read(row); }
Use UseFromRow(const storage::Row& row) { return kUses.Read(row); }
Return ReturnFromRow(const storage::Row& row) { return kReturns.Read(row); }

// "JOIN registry_project p ... WHERE <scope> [AND region]" parameters, numbered from `first`.
struct ScopeSql {
    std::string where;
    std::vector<Param> params;
};
ScopeSql Scope(const core::Principal& principal, const std::optional<std::string>& region_code, int first) {
    auto filter = registry::ProjectScopeFilter(principal, "p", first);
    ScopeSql out{filter.condition, std::move(filter.params)};
    if (region_code && !region_code->empty()) {
        int n = first + static_cast<int>(out.params.size());
        out.where += " AND substr(p.region_code, 1, $" + std::to_string(n) + ") = $" + std::to_string(n + 1);
        out.params.emplace_back(static_cast<std::int64_t>(region_code->size()));
        out.params.emplace_back(*region_code);
    }
    return out;
}

}  // namespace

std::optional<ProjectRow> FindProject(storage::Transaction& tx, std::string_view project_id) {
    auto row = tx.QueryOptional(
        "SELECT id, code, name, region_code, status, is_construction, contract_price, contract_signed_on, "
        "contract_end_on, permit_on, general_contractor_id FROM registry_project WHERE id = $1",
        {project_id});
    if (!row) return std::nullopt;
    ProjectRow p;
    p.id = row->Text(0);
    p.code = row->Text(1);
    p.name = row->Text(2);
    p.region_code = row->Text(3);
    p.status = row->Text(4);
    p.is_construction = row->Bool(5);
    p.contract_price = row->Int(6);
    p.contract_signed_on = row->OptDate(7);
    p.contract_end_on = row->OptDate(8);
    p.permit_on = row->OptDate(9);
    p.general_contractor_id = row->OptText(10);
    return p;
}

int CountOtherActiveProjects(storage::Transaction& tx, std::string_view gc_id, std::string_view county,
                             std::string_view except_project_id) {
    auto row = tx.QueryOne(
        "SELECT COUNT(*) FROM registry_project WHERE general_contractor_id = $1 AND substr(region_code, 1, $2) = $3 "
        "AND id <> $4 AND status IN ('permitted', 'under_construction', 'suspended')",
        {gc_id, static_cast<std::int64_t>(county.size()), county, except_project_id});
    return static_cast<int>(row.Int(0));
}

bool WorkerHasContractOnProject(storage::Transaction& tx, std::string_view worker_id, std::string_view project_id) {
    return tx
        .QueryOptional("SELECT 1 FROM registry_contract WHERE project_id = $1 AND worker_id = $2 LIMIT 1",
                       {project_id, worker_id})
        .has_value();
}

std::vector<HistoryRow> HistoryRows(storage::Transaction& tx, std::string_view enterprise_id, int from_year,
                                    int to_year) {
    std::vector<HistoryRow> out;
    for (const auto& row :
         tx.Query("SELECT year, had_arrears, real_name_and_account FROM deposits_history WHERE enterprise_id = $1 "
                  "AND year >= $2 AND year <= $3 ORDER BY year DESC",
                  {enterprise_id, from_year, to_year}))
        out.push_back(HistoryRow{static_cast<int>(row.Int(0)), row.Bool(1), row.Bool(2)});
    return out;
}

void UpsertHistory(storage::Transaction& tx, const HistoryDeclaration& d, std::string_view declared_by,
                   core::Timestamp now) {
    tx.Execute(
        "INSERT INTO deposits_history (enterprise_id, year, had_arrears, real_name_and_account, note, declared_by, "
        "declared_at) VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (enterprise_id, year) DO UPDATE SET "
        "had_arrears = excluded.had_arrears, real_name_and_account = excluded.real_name_and_account, "
        "note = excluded.note, declared_by = excluded.declared_by, declared_at = excluded.declared_at",
        {d.enterprise_id, d.year, d.had_arrears, d.real_name_and_account, d.note, declared_by, core::ToMillis(now)});
}

std::optional<Requirement> FindRequirement(storage::Transaction& tx, std::string_view project_id) {
    auto row = tx.QueryOptional(
        "SELECT project_id, general_contractor_id, contract_price, required_amount, exempt, computation, due_on, "
        "due_basis, computed_at FROM deposits_requirement WHERE project_id = $1",
        {project_id});
    if (!row) return std::nullopt;
    Requirement r;
    r.project_id = row->Text(0);
    r.general_contractor_id = row->Text(1);
    r.contract_price = row->Int(2);
    r.result.required = row->Int(3);
    r.result.exempt = row->Bool(4);
    r.result.lines = ParseLines(row->Text(5));
    r.due_on = row->OptDate(6);
    r.due_basis = row->OptText(7);
    r.computed_at = row->Time(8);
    r.stored = true;
    return r;
}

void UpsertRequirement(storage::Transaction& tx, const Requirement& r, std::string_view new_id,
                       std::string_view computed_by, core::Timestamp now) {
    tx.Execute(
        "INSERT INTO deposits_requirement (id, project_id, general_contractor_id, contract_price, required_amount, "
        "exempt, computation, due_on, due_basis, computed_at, computed_by) "
        "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) ON CONFLICT (project_id) DO UPDATE SET "
        "general_contractor_id = excluded.general_contractor_id, contract_price = excluded.contract_price, "
        "required_amount = excluded.required_amount, exempt = excluded.exempt, computation = excluded.computation, "
        "due_on = excluded.due_on, due_basis = excluded.due_basis, computed_at = excluded.computed_at, "
        "computed_by = excluded.computed_by",
        {new_id, r.project_id, r.general_contractor_id, r.contract_price, r.result.required, r.result.exempt,
         LinesJson(r.result.lines), r.due_on, r.due_basis, core::ToMillis(now), computed_by});
}

std::vector<Instrument> ListInstruments(storage::Transaction& tx, std::string_view project_id) {
    std::vector<Instrument> out;
    for (const auto& row : tx.Query("SELECT " + kInstrumentColumns +
                                        " FROM deposits_instrument i WHERE i.project_id = $1 "
                                        "ORDER BY i.lodged_on, i.created_at, i.id",
                                    {project_id}))
        out.push_back(InstrumentFromRow(row));
    return out;
}

std::optional<Instrument> FindInstrument(storage::Transaction& tx, std::string_view id) {
    auto row = tx.QueryOptional(
        "SELECT " + kInstrumentColumns + " FROM deposits_instrument i WHERE i.id = $1", {id});
    if (!row) return std::nullopt;
    return InstrumentFromRow(*row);
}

void InsertInstrument(storage::Transaction& tx, const Instrument& i) {
    tx.Execute(kInstruments.InsertSql(), kInstruments.InsertParams(i));
}

void UpdateInstrumentBalance(storage::Transaction& tx, std::string_view id, core::Fen balance, std::string_view status,
                             core::Timestamp now) {
    tx.Execute("UPDATE deposits_instrument SET balance = $2, status = $3, updated_at = $4 WHERE id = $1",
               {id, balance, status, core::ToMillis(now)});
}

void MarkInstrumentsReturned(storage::Transaction& tx, std::string_view project_id, core::Date on,
                             core::Timestamp now) {
    tx.Execute(
        "UPDATE deposits_instrument SET status = 'returned', returned_on = $2, updated_at = $3 "
        "WHERE project_id = $1 AND status IN ('active', 'used')",
        {project_id, on.ToString(), core::ToMillis(now)});
}

std::vector<Use> ListUses(storage::Transaction& tx, std::string_view project_id) {
    std::vector<Use> out;
    for (const auto& row :
         tx.Query("SELECT " + kUseColumns +
                      " FROM deposits_use u WHERE u.project_id = $1 ORDER BY u.notice_on, u.created_at, u.id",
                  {project_id}))
        out.push_back(UseFromRow(row));
    return out;
}

std::optional<Use> FindUse(storage::Transaction& tx, std::string_view project_id, std::string_view id) {
    auto row = tx.QueryOptional(
        "SELECT " + kUseColumns + " FROM deposits_use u WHERE u.id = $1 AND u.project_id = $2",
        {id, project_id});
    if (!row) return std::nullopt;
    return UseFromRow(*row);
}

void InsertUse(storage::Transaction& tx, const Use& u) {
    tx.Execute(kUses.InsertSql(), kUses.InsertParams(u));
}

void UpdateUsePayment(storage::Transaction& tx, std::string_view id, core::Date paid_on, core::Date topup_due_on,
                      core::Timestamp now) {
    tx.Execute("UPDATE deposits_use SET paid_on = $2, topup_due_on = $3, updated_at = $4 WHERE id = $1",
               {id, paid_on.ToString(), topup_due_on.ToString(), core::ToMillis(now)});
}

void UpdateUseTopup(storage::Transaction& tx, std::string_view id, core::Date topped_up_on, core::Timestamp now) {
    tx.Execute("UPDATE deposits_use SET topped_up_on = $2, updated_at = $3 WHERE id = $1",
               {id, topped_up_on.ToString(), core::ToMillis(now)});
}

std::vector<Return> ListReturns(storage::Transaction& tx, std::string_view project_id) {
    std::vector<Return> out;
    for (const auto& row : tx.Query("SELECT " + kReturnColumns +
                                        " FROM deposits_return WHERE project_id = $1 ORDER BY created_at, id",
                                    {project_id}))
        out.push_back(ReturnFromRow(row));
    return out;
}

std::optional<Return> FindReturn(storage::Transaction& tx, std::string_view project_id, std::string_view id) {
    auto row = tx.QueryOptional(
        "SELECT " + kReturnColumns + " FROM deposits_return WHERE id = $1 AND project_id = $2",
        {id, project_id});
    if (!row) return std::nullopt;
    return ReturnFromRow(*row);
}

void InsertReturn(storage::Transaction& tx, const Return& r) {
    tx.Execute(kReturns.InsertSql(), kReturns.InsertParams(r));
}

void UpdateReturnReview(storage::Transaction& tx, const Return& r, core::Timestamp now) {
    tx.Execute(
        "UPDATE deposits_return SET reviewed_on = $2, review_result = $3, review_reason = $4, reviewer_id = $5, "
        "confirm_due_on = $6, updated_at = $7 WHERE id = $1",
        {r.id, r.reviewed_on, r.review_result, r.review_reason, r.reviewer_id, r.confirm_due_on,
         core::ToMillis(now)});
}

void UpdateReturnConfirmed(storage::Transaction& tx, std::string_view id, core::Date confirmed_on,
                           core::Timestamp now) {
    tx.Execute("UPDATE deposits_return SET confirmed_on = $2, updated_at = $3 WHERE id = $1",
               {id, confirmed_on.ToString(), core::ToMillis(now)});
}

std::vector<ListedRequirement> ListRequirementsInScope(storage::Transaction& tx, const core::Principal& principal,
                                                       const std::optional<std::string>& region_code) {
    auto scope = Scope(principal, region_code, 1);
    std::vector<ListedRequirement> out;
    for (const auto& row :
         tx.Query("SELECT p.id, p.code, p.name, p.region_code, r.required_amount, r.exempt, r.due_on "
                  "FROM deposits_requirement r JOIN registry_project p ON p.id = r.project_id WHERE " +
                      scope.where + " ORDER BY p.code, p.id",
                  std::span<const Param>(scope.params))) {
        out.push_back(ListedRequirement{row.Text(0), row.Text(1), row.Text(2), row.Text(3), row.Int(4), row.Bool(5),
                                        row.OptDate(6)});
    }
    return out;
}

std::vector<Instrument> InstrumentsInScope(storage::Transaction& tx, const core::Principal& principal,
                                           const std::optional<std::string>& region_code) {
    auto scope = Scope(principal, region_code, 1);
    std::vector<Instrument> out;
    for (const auto& row : tx.Query("SELECT " + kInstrumentColumns +
                                        " FROM deposits_instrument i JOIN registry_project p ON p.id = i.project_id "
                                        "WHERE " +
                                        scope.where + " ORDER BY i.project_id, i.lodged_on, i.id",
                                    std::span<const Param>(scope.params)))
        out.push_back(InstrumentFromRow(row));
    return out;
}

std::vector<Use> UsesInScope(storage::Transaction& tx, const core::Principal& principal,
                             const std::optional<std::string>& region_code) {
    auto scope = Scope(principal, region_code, 1);
    std::vector<Use> out;
    for (const auto& row : tx.Query("SELECT " + kUseColumns +
                                        " FROM deposits_use u JOIN registry_project p ON p.id = u.project_id WHERE " +
                                        scope.where + " ORDER BY u.project_id, u.notice_on, u.id",
                                    std::span<const Param>(scope.params)))
        out.push_back(UseFromRow(row));
    return out;
}

}  // namespace anxin::deposits::repository
