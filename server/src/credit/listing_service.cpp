#include "credit/listing_service.hpp"

#include <map>

#include <boost/json.hpp>

#include "audit/audit.hpp"
#include "core/error.hpp"
#include "core/identifiers.hpp"
#include "core/ids.hpp"
#include "core/validation.hpp"
#include "credit/export_cursor.hpp"
#include "credit/listing_repository.hpp"
#include "registry/enterprises.hpp"

namespace anxin::credit {

namespace {

// Field-cipher contexts of credit_listing_person: a value sealed here opens nowhere else.
constexpr std::string_view kPersonIdContext = "credit_listing_person.id_number";
constexpr std::string_view kPersonIndexContext = "credit_listing_person.id_number.index";

[[noreturn]] void Refuse(std::string field, std::string reason) {
    throw Error(ErrorCode::kUnprocessable, reason, Error::Fields{{std::move(field), reason}});
}

[[noreturn]] void OutOfOrder(const Listing& l, std::string what) {
    static const std::map<std::string, std::string, std::less<>> kStates = {
        {"proposed", "已提出"}, {"notified", "已告知"}, {"listed", "已列入"}, {"dropped", "不予列入"}, {"removed", "已移出"}};
    throw Error(ErrorCode::kConflict, "程序 " + l.number + " 当前为“" + kStates.at(l.state) + "”，不能" + what);
}

std::string Yuan(core::Fen fen) { return core::FormatYuan(fen) + " 元"; }

}  // namespace

ListingTerms ListingService::TermsFor(storage::Transaction& tx, std::string_view region_code) const {
    ListingTerms t;
    t.statement_working_days = static_cast<int>(parameters_.GetInt(tx, region_code, "credit.statement_working_days"));
    t.decision_working_days = static_cast<int>(parameters_.GetInt(tx, region_code, "credit.decision_working_days"));
    t.listing_years = static_cast<int>(parameters_.GetInt(tx, region_code, "credit.listing_years"));
    t.repair_min_months = static_cast<int>(parameters_.GetInt(tx, region_code, "credit.repair_min_months"));
    t.repair_review_working_days = static_cast<int>(parameters_.GetInt(tx, region_code, "credit.repair_review_working_days"));
    t.crime_threshold_fen = parameters_.GetInt(tx, region_code, "credit.crime_threshold_fen");
    return t;
}

void ListingService::Step(storage::Transaction& tx, const core::CallContext& ctx, const std::string& id,
                          std::string_view action, core::Date on, const std::string& note) const {
    listing_repo::InsertStep(tx, id, ListingStep{std::string(action), on, clock_.Now(), ctx.principal.Name(), note},
                             ctx.principal.user_id);
}

void ListingService::Derive(Listing& l, const ListingTerms& terms) const {
    const core::Date today = clock_.TodayInShanghai();
    l.next_due.reset();
    l.next_step.clear();
    l.overdue = false;
    if (l.state == "listed" && l.expires_on && today >= *l.expires_on) {  // the daily job has not run yet
        l.state = "removed";
        l.removed_on = l.expires_on;
        l.removal = "expired";
    }
    if (l.state == "proposed") {
        l.next_step = "notify";
    } else if (l.state == "notified" && l.statement_due) {
        if (today <= *l.statement_due) {
            l.next_step = "statement_period";
            l.next_due = l.statement_due;
        } else {
            l.next_step = "decide";
            l.next_due = l.decision_due;
            l.overdue = l.decision_due && today > *l.decision_due;
        }
    } else if (l.state == "listed" && l.repair_applied_on && !l.repair_refused_on) {
        l.next_step = "repair_decide";
        l.next_due = l.repair_review_due;
        l.overdue = l.repair_review_due && today > *l.repair_review_due;
    }
    if (l.state == "listed" && l.arrears_paid_on) l.repair_possible_from = RepairPossibleFrom(*l.arrears_paid_on, terms);
}

Listing ListingService::Load(storage::Transaction& tx, const core::CallContext& ctx, std::string_view id) const {
    auto l = listing_repo::Find(tx, id);
    if (!l || !ctx.principal.CoversRegion(l->region_code)) ThrowNotFound("惩戒程序");
    return *l;
}

Listing ListingService::Propose(const core::CallContext& ctx, const NewListing& input) {
    if (!cipher_) throw Error(ErrorCode::kUnavailable, "未配置数据密钥，无法登记责任人身份证号");
    const core::FieldCipher& cipher = *cipher_;
    const core::Date today = clock_.TodayInShanghai();
    core::FieldErrors errors;
    if (input.order_missed_on > today) errors.Add("orderMissedOn", "不能晚于今天");
    if (input.arrears_fen <= 0) errors.Add("arrearsFen", "应大于 0");
    if (input.persons.empty()) errors.Add("persons", "至少登记法定代表人");
    if (input.persons.size() > 10) errors.Add("persons", "最多 10 人");
    bool legal_representative = false;
    std::vector<listing_repo::PersonRow> persons;
    for (std::size_t i = 0; i < input.persons.size(); ++i) {
        const auto& p = input.persons[i];
        const std::string prefix = "persons[" + std::to_string(i) + "].";
        if (p.role != "legal_representative" && p.role != "responsible")
            errors.Add(prefix + "role", "取值无效，可选：法定代表人、直接责任人（legal_representative、responsible）");
        legal_representative |= p.role == "legal_representative";
        if (p.name.empty()) errors.Add(prefix + "name", "必填");
        auto id_check = core::ParseIdNumber(p.id_number, today);
        if (!id_check.info) {
            errors.Add(prefix + "idNumber", id_check.reason);
            continue;
        }
        const std::string& id_number = id_check.info->normalized;
        persons.push_back({p.role, p.name, cipher.Seal(id_number, kPersonIdContext), core::MaskIdNumber(id_number),
                           cipher.BlindIndex(id_number, kPersonIndexContext)});
    }
    if (!input.persons.empty() && !legal_representative) errors.Add("persons", "须包含企业的法定代表人");
    errors.ThrowIfAny();

    return storage::WithTransaction(db_, [&](storage::Transaction& tx) {
        // An enterprise the caller cannot see reads as unknown (no side door through the 409 below).
        auto enterprise = listing_repo::FindEnterprise(tx, input.enterprise_id);
        if (!enterprise || !registry::EnterpriseService::EnterpriseInScope(tx, ctx.principal, input.enterprise_id))
            ThrowInvalidField("enterpriseId", "企业不存在");
        const std::string region = ctx.principal.region_code.empty() ? enterprise->region_code : ctx.principal.region_code;
        const ListingTerms terms = TermsFor(tx, region);
        // BL 5 (人社部令第45号 第五条): the conditions, each named when it does not hold.
        if (!ListingConditionsHold(true, input.arrears_fen, input.mass_incident, terms)) {
            Refuse("arrearsFen", "拖欠金额 " + Yuan(input.arrears_fen) + " 低于列入标准 " + Yuan(terms.crime_threshold_fen) +
                                     "（拒不支付劳动报酬罪数额标准），且未认定引发群体性或极端事件：不符合列入失信联合惩戒名单的条件");
        }
        if (auto open = listing_repo::OpenFor(tx, enterprise->id)) {
            throw Error(ErrorCode::kConflict, "该企业已有进行中或有效的失信惩戒程序" +
                                                  (ctx.principal.CoversRegion(region) ? "（" + *open + "）" : std::string()),
                        Error::Fields{{"enterpriseId", "已有进行中或有效的惩戒程序"}});
        }
        Listing l;
        const auto now = clock_.Now();
        l.id = core::NewId(now);
        std::string seq = std::to_string(listing_repo::CountInYear(tx, region, today.year()) + 1);
        if (seq.size() < 4) seq.insert(0, 4 - seq.size(), '0');
        l.number = "惩戒〔" + std::to_string(today.year()) + "〕" + region + "-" + seq;
        l.enterprise_id = enterprise->id;
        l.enterprise_name = enterprise->name;
        l.credit_code = enterprise->credit_code;
        l.region_code = region;
        l.state = "proposed";
        l.case_id = input.case_id;
        l.arrears_fen = input.arrears_fen;
        l.threshold_fen = terms.crime_threshold_fen;
        l.order_missed_on = input.order_missed_on;
        l.mass_incident = input.mass_incident;
        l.reason = input.reason;
        listing_repo::Insert(tx, l, ctx.principal.user_id, core::ToMillis(now));
        listing_repo::InsertPersons(tx, l.id, persons);
        Step(tx, ctx, l.id, "propose", today, input.reason);
        audit::RecordAudit(tx, clock_, ctx, "propose", "credit_listing", l.id,
                           boost::json::object{{"number", l.number},
                                               {"enterpriseId", l.enterprise_id},
                                               {"arrearsFen", l.arrears_fen},
                                               {"massIncident", l.mass_incident},
                                               {"persons", static_cast<std::int64_t>(persons.size())}});
        Listing out = Load(tx, ctx, l.id);
        out.persons = listing_repo::Persons(tx, l.id);
        out.steps = listing_repo::Steps(tx, l.id);
        Derive(out, terms);
        return out;
    });
}

// One step of the procedure: load in scope, let `change` refuse by rule or change the listing and
// return the timeline's note, then store, record the step and audit it, in one transaction.
template <class Change>
Listing ListingService::Apply(const core::CallContext& ctx, std::string_view id, std::string_view action, Change change) {
    return storage::WithTransaction(db_, [&](storage::Transaction& tx) {
        const core::Date today = clock_.TodayInShanghai();
        Listing l = Load(tx, ctx, id);
        const ListingTerms terms = TermsFor(tx, l.region_code);
        const std::string note = change(tx, l, today, terms);
        listing_repo::Update(tx, l, core::ToMillis(clock_.Now()));
        Step(tx, ctx, l.id, action, today, note);
        audit::RecordAudit(tx, clock_, ctx, action, "credit_listing", l.id,
                           boost::json::object{{"number", l.number}, {"state", l.state}});
        Listing out = Load(tx, ctx, l.id);
        out.persons = listing_repo::Persons(tx, l.id);
        out.steps = listing_repo::Steps(tx, l.id);
        Derive(out, terms);
        return out;
    });
}

using Tx = storage::Transaction;

Listing ListingService::Notify(const core::CallContext& ctx, std::string_view id) {
    return Apply(ctx, id, "notify", [&](Tx&, Listing& l, core::Date today, const ListingTerms& terms) {
        if (l.state != "proposed") OutOfOrder(l, "送达告知书");
        l.state = "notified";
        l.notified_on = today;
        l.statement_due = StatementDue(calendar_, today, terms);
        l.decision_due = DecisionDue(calendar_, *l.statement_due, terms);
        return "陈述申辩期至 " + l.statement_due->ToString();
    });
}

Listing ListingService::RecordStatement(const core::CallContext& ctx, std::string_view id, const std::string& statement) {
    return Apply(ctx, id, "statement", [&](Tx&, Listing& l, core::Date today, const ListingTerms&) {
        if (l.state != "notified") OutOfOrder(l, "登记陈述申辩");
        if (today > *l.statement_due)
            Refuse("statement", "陈述申辩期已于 " + l.statement_due->ToString() + " 届满，逾期的陈述申辩不予登记");
        l.statement = statement;
        l.statement_on = today;
        return statement;
    });
}

Listing ListingService::Decide(const core::CallContext& ctx, std::string_view id, bool list, const std::string& reason) {
    return Apply(ctx, id, list ? "decide" : "drop", [&](Tx&, Listing& l, core::Date today, const ListingTerms& terms) {
        if (l.state != "notified") OutOfOrder(l, "作出列入决定");
        if (today <= *l.statement_due)
            Refuse("decision", "陈述申辩期至 " + l.statement_due->ToString() + " 届满，" +
                                   l.statement_due->AddDays(1).ToString() + " 起方可作出决定");
        l.decided_on = today;
        l.decision_reason = reason;
        if (list) {
            l.state = "listed";
            l.expires_on = ListingExpires(today, terms);
        } else {
            l.state = "dropped";
        }
        return reason;
    });
}

Listing ListingService::RecordCorrection(const core::CallContext& ctx, std::string_view id, core::Date arrears_paid_on) {
    return Apply(ctx, id, "correction", [&](Tx&, Listing& l, core::Date today, const ListingTerms&) {
        if (l.state != "listed") OutOfOrder(l, "登记欠薪清偿");
        if (arrears_paid_on > today) Refuse("arrearsPaidOn", "不能晚于今天");
        if (arrears_paid_on < l.order_missed_on)
            Refuse("arrearsPaidOn", "不能早于限期支付期限 " + l.order_missed_on.ToString());
        l.arrears_paid_on = arrears_paid_on;
        return "欠薪已于 " + arrears_paid_on.ToString() + " 全部清偿";
    });
}

Listing ListingService::ApplyRepair(const core::CallContext& ctx, std::string_view id, const std::string& pledge) {
    return Apply(ctx, id, "repair_apply", [&](Tx& tx, Listing& l, core::Date today, const ListingTerms& terms) {
        if (l.state != "listed") OutOfOrder(l, "申请信用修复");
        if (l.repair_applied_on && !l.repair_refused_on) OutOfOrder(l, "重复申请信用修复（上一申请尚未决定）");
        if (!l.arrears_paid_on) Refuse("repair", "尚未登记欠薪已全部清偿，不能申请信用修复");
        const core::Date possible = RepairPossibleFrom(*l.arrears_paid_on, terms);
        if (today < possible)
            Refuse("repair", "欠薪清偿（" + l.arrears_paid_on->ToString() + "）后满 " +
                                 std::to_string(terms.repair_min_months) + " 个月方可申请信用修复，" + possible.ToString() +
                                 " 起可以申请");
        if (std::int64_t cases = new_arrears_.ArrearsCasesSince(tx, l.enterprise_id, *l.arrears_paid_on); cases > 0)
            Refuse("repair", "清偿后又发生欠薪（" + std::to_string(cases) + " 件欠薪案件），不能申请信用修复");
        if (core::Utf8Length(pledge) < 10) Refuse("pledge", "须提交书面信用承诺（不少于 10 个字）");
        l.repair_applied_on = today;
        l.repair_pledge = pledge;
        l.repair_review_due = RepairReviewDue(calendar_, today, terms);
        l.repair_refused_on.reset();
        l.repair_refusal.reset();
        return pledge;
    });
}

Listing ListingService::DecideRepair(const core::CallContext& ctx, std::string_view id, bool grant, const std::string& reason) {
    return Apply(ctx, id, grant ? "repair_grant" : "repair_refuse", [&](Tx&, Listing& l, core::Date today, const ListingTerms&) {
        if (l.state != "listed" || !l.repair_applied_on || l.repair_refused_on)
            OutOfOrder(l, "对信用修复作出决定（没有待决定的申请）");
        if (grant) {
            l.state = "removed";
            l.removed_on = today;
            l.removal = "repaired";
        } else {
            l.repair_refused_on = today;
            l.repair_refusal = reason;
        }
        return reason;
    });
}

Listing ListingService::Get(const core::CallContext& ctx, std::string_view id) const {
    auto tx = db_.Begin(storage::TxMode::kRead);
    Listing l = Load(tx, ctx, id);
    l.persons = listing_repo::Persons(tx, l.id);
    l.steps = listing_repo::Steps(tx, l.id);
    Derive(l, TermsFor(tx, l.region_code));
    return l;
}

ListingPage ListingService::List(const core::CallContext& ctx, const ListingQuery& query) const {
    auto tx = db_.Begin(storage::TxMode::kRead);
    ListingPage page;
    page.items = listing_repo::List(tx, ctx.principal.region_code, query);
    std::map<std::string, ListingTerms> terms;  // per region: a page holds few, each six parameters
    for (auto& l : page.items) {
        auto it = terms.find(l.region_code);
        if (it == terms.end()) it = terms.emplace(l.region_code, TermsFor(tx, l.region_code)).first;
        Derive(l, it->second);
    }
    page.total = listing_repo::Count(tx, ctx.principal.region_code, query);
    return page;
}

std::vector<PublicListing> ListingService::PublicList() const {
    const core::Date on = clock_.TodayInShanghai();
    auto tx = db_.Begin(storage::TxMode::kRead);
    std::vector<PublicListing> out;
    for (const auto& l : listing_repo::ListedOn(tx, on))
        out.push_back({l.number, l.enterprise_name, l.credit_code, l.decision_reason.value_or(l.reason), *l.decided_on, *l.expires_on});
    return out;
}

ListingService::ExportPage ListingService::ExportSince(const core::CallContext& ctx, const std::string& cursor,
                                                      std::int64_t limit) const {
    const ExportCursor from = ExportCursor::Parse(cursor);
    const std::int64_t after_ms = from.after_ms;
    const std::string& after_id = from.after_id;
    auto tx = db_.Begin(storage::TxMode::kRead);
    ExportPage page;
    std::int64_t last_ms = after_ms;
    std::string last_id = after_id;
    for (auto& [l, updated] : listing_repo::ChangedSince(tx, ctx.principal.region_code, after_ms, after_id, limit)) {
        last_ms = updated;
        last_id = l.id;
        page.items.push_back(std::move(l));
    }
    if (!page.items.empty()) page.next_cursor = std::to_string(last_ms) + "." + last_id;
    return page;
}

std::int64_t ListingService::ExpireDue() {
    return storage::WithTransaction(db_, [&](storage::Transaction& tx) {
        const core::Date today = clock_.TodayInShanghai();
        const auto system = core::SystemContext("credit-expiry");
        auto ids = listing_repo::ExpiredBy(tx, today);
        for (const auto& id : ids) {
            Listing l = *listing_repo::Find(tx, id);
            l.state = "removed";
            l.removed_on = l.expires_on;
            l.removal = "expired";
            listing_repo::Update(tx, l, core::ToMillis(clock_.Now()));
            Step(tx, system, l.id, "expire", *l.expires_on, "惩戒期满，自动移出名单");
            audit::RecordAudit(tx, clock_, system, "expire", "credit_listing", l.id,
                               boost::json::object{{"number", l.number}, {"expiresOn", l.expires_on->ToString()}});
        }
        return static_cast<std::int64_t>(ids.size());
    });
}

}  // namespace anxin::credit
