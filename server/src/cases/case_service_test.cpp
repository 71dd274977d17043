// CaseService on both backends with the injected clock and the real working-day calendar: merging,
// collective ledger, steps out of order, close-as-paid coverage (bank data or the worker's H5
// confirmation), reopen and escalation, cards across National Day 2026, pause, enterprise views
// without complainant identity, and the daily circular.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include <boost/json.hpp>

#include "cases/case_service.hpp"
#include "cases/circular.hpp"
#include "cases/clue_hooks.hpp"
#include "core/calendar.hpp"
#include "core/error.hpp"
#include "region/parameters.hpp"
#include "testing/test_database.hpp"
#include "testing/principals.hpp"
#include "testing/fixtures.hpp"

namespace anxin::cases {
namespace {

namespace json = boost::json;
using namespace std::chrono_literals;

// Records what the service queues and writes it to the real outbox (rendered, sealed, deduplicated),
// with the complainants' contacts read through the clues module: what the app wires.
class RecordingSink final : public MessageSink {
  public:
    RecordingSink(const core::Clock& clock, const core::FieldCipher& cipher) : outbox_(clock, &cipher) {}
    void Enqueue(storage::Transaction& tx, const notify::OutboxMessage& message) override {
        sent.push_back(message);
        outbox_.Enqueue(tx, message);
    }
    std::optional<ComplainantContact> Complainant(storage::Transaction& tx, std::string_view clue_id) override {
        return outbox_.Complainant(tx, clue_id);
    }
    std::vector<notify::OutboxMessage> sent;

  private:
    NotifyMessageSink outbox_;
};

core::CallContext Ctx(const std::string& role, const std::string& region, const std::string& enterprise = "",
                      const std::string& industry = "") {
    return ::anxin::testing::As(role, {.region = region, .enterprise = enterprise, .industry = industry});
}
core::CallContext County() { return Ctx("supervisor", "370102"); }
core::CallContext City() { return Ctx("supervisor", "3701"); }

core::Timestamp At(int y, unsigned m, unsigned d, int hour = 9) {
    return core::Date(y, m, d).StartInShanghai() + std::chrono::hours(hour);
}

class CaseServiceTest : public ::testing::TestWithParam<std::string> {
  protected:
    void SetUp() override {
        database_ = std::make_unique<anxin::testing::TestDatabase>(GetParam());
        auto tx = db().Begin();
        ::anxin::testing::SeedTestDivisions(tx);
        tx.ExecuteScript(R"sql(
INSERT INTO registry_enterprise (id, credit_code, credit_code_valid, name, region_code, kind, created_at, updated_at)
  VALUES ('E1', '91370100MA0000001A', 1, '总包一公司', '370102', 'general_contractor', 0, 0);
INSERT INTO registry_enterprise (id, credit_code, credit_code_valid, name, region_code, kind, created_at, updated_at)
  VALUES ('E2', '91370100MA0000002A', 1, '劳务二公司', '370103', 'labor_subcontractor', 0, 0);
INSERT INTO registry_project (id, code, name, region_code, fence_kind, industry, investment_type,
  contract_start_on, status, status_on, public_token, general_contractor_id, created_at, updated_at)
  VALUES ('P1', 'XM-001', '历下安置房', '370102', 'none', 'housing', 'government',
  '2026-01-01', 'under_construction', '2026-01-01', 'tok-p1', 'E1', 0, 0);
INSERT INTO registry_project (id, code, name, region_code, fence_kind, industry, investment_type,
  contract_start_on, status, status_on, public_token, general_contractor_id, created_at, updated_at)
  VALUES ('P2', 'XM-002', '市中道路', '370103', 'none', 'transport', 'government',
  '2026-01-01', 'under_construction', '2026-01-01', 'tok-p2', 'E2', 0, 0);
INSERT INTO registry_participant (project_id, enterprise_id, role_code, created_at) VALUES ('P1', 'E1', '009', 0);
INSERT INTO registry_participant (project_id, enterprise_id, role_code, created_at) VALUES ('P2', 'E2', '009', 0);
INSERT INTO registry_worker (id, name, id_number_enc, id_number_index, id_number_mask, birth_date, sex,
  native_region_code, created_at, updated_at) VALUES ('W1', '张三', 'enc', 'idx1', '3701**********0011', '1985-06-01',
  'M', '370102', 0, 0);
INSERT INTO registry_worker (id, name, id_number_enc, id_number_index, id_number_mask, birth_date, sex,
  native_region_code, created_at, updated_at) VALUES ('W2', '李四', 'enc', 'idx2', '3701**********0022', '1986-06-01',
  'M', '370102', 0, 0);
)sql");
        tx.Commit();
        parameters_ = std::make_unique<region::ParameterService>(db(), clock());
        sink_ = std::make_unique<RecordingSink>(clock(), cipher_);
        service_ = std::make_unique<CaseService>(db(), clock(), *parameters_, core::WorkingCalendar::Embedded(),
                                                 sink_.get());
    }

    storage::Database& db() { return database_->db(); }
    core::ManualClock& clock() { return database_->clock(); }
    CaseService& service() { return *service_; }

    struct ClueSpec {
        std::optional<std::string> project = "P1";
        std::optional<std::string> employer_id = "E1";
        std::string employer_name = "总包一公司";
        std::string region = "370102";
        std::optional<std::string> industry = "housing";
        std::optional<std::string> worker_id;
        std::string worker_name = "张三";
        core::Fen amount = 500000;
        std::optional<std::string> from = "2026-01";
        std::optional<std::string> to = "2026-02";
        std::optional<std::string> key_grade;
        std::string channel = "web";
    };

    // Writes a clue row (as the clues module would: tracking code T-<id>, the phone sealed) and
    // attaches it, in one transaction. Each clue's complainant gets a phone of their own (phones_).
    std::string File(const std::string& clue_id, const ClueSpec& spec) {
        auto tx = db().Begin();
        const auto now = clock().Now();
        const std::string phone = "139" + std::to_string(10000000 + phones_.size() + 1);
        phones_[clue_id] = phone;
        tx.Execute(
            "INSERT INTO clues_clue (id, tracking_code, channel, complainant_name, complainant_phone_enc, "
            "complainant_phone_mask, complainant_phone_index, employer_name, region_code, county_code, amount, "
            "description, status, received_at, created_by, created_at, updated_at) VALUES ($1, $2, $3, $4, $11, "
            "'138****0000', $5, $6, $7, $8, $9, '欠薪', 'accepted', $10, 'public', $10, $10)",
            {clue_id, "T-" + clue_id, spec.channel, spec.worker_name, "idx-" + clue_id, spec.employer_name, spec.region,
             spec.region.substr(0, 6), spec.amount, core::ToMillis(now), cipher_.Seal(phone, "clues_clue.phone")});
        ClueFacts facts;
        facts.clue_id = clue_id;
        facts.channel = spec.channel;
        facts.project_id = spec.project;
        facts.employer_id = spec.employer_id;
        facts.employer_name = spec.employer_name;
        facts.region_code = spec.region;
        facts.county_code = spec.region.substr(0, 6);
        facts.industry = spec.industry;
        facts.worker_id = spec.worker_id;
        facts.worker_name = spec.worker_name;
        facts.amount = spec.amount;
        facts.unpaid_from = spec.from;
        facts.unpaid_to = spec.to;
        facts.key_grade = spec.key_grade;
        facts.received_at = now;
        auto id = service().AttachClue(tx, facts);
        tx.Commit();
        return id;
    }

    CaseDetail Step(const std::string& case_id, const std::string& kind, json::object fields = {},
                    const core::CallContext& ctx = County()) {
        return service().AddStep(ctx, case_id, NewStep{kind, std::move(fields), {}});
    }
    void ToVerifying(const std::string& case_id) {
        Step(case_id, "contact", {{"method", "phone"}});
        Step(case_id, "verify");
    }
    void Answer(const std::string& clue_id, bool arrived) {
        auto tx = db().Begin();
        service().RecordWorkerAnswer(tx, clue_id, arrived, std::nullopt);
        tx.Commit();
    }

    // An approved payroll of P1 for the month with one line for the worker; bank-confirmed `paid`.
    void Payroll(const std::string& id, const std::string& period, const std::string& worker, core::Fen net,
                 core::Fen paid) {
        auto tx = db().Begin();
        tx.Execute(
            "INSERT INTO wages_payroll (id, project_id, employer_id, period, pay_date, source, status, created_at, "
            "updated_at) VALUES ($1, 'P1', 'E1', $2, $3, 'manual', 'approved', 0, 0)",
            {id, period, period + "-28"});
        tx.Execute(
            "INSERT INTO wages_payroll_line (id, payroll_id, worker_id, gross_pay, net_pay, paid_amount, created_at, "
            "updated_at) VALUES ($1, $2, $3, $4, $4, $5, 0, 0)",
            {id + "-L", id, worker, net, paid});
        tx.Commit();
    }
    void SetPaid(const std::string& payroll_id, core::Fen paid) {
        auto tx = db().Begin();
        tx.Execute("UPDATE wages_payroll_line SET paid_amount = $2, paid_on = '2026-03-05' WHERE payroll_id = $1",
                   {payroll_id, paid});
        tx.Commit();
    }

    static void ExpectConflict(const std::function<void()>& f, const std::string& field, const std::string& value) {
        try {
            f();
            ADD_FAILURE() << "no error";
        } catch (const Error& e) {
            EXPECT_EQ(e.code(), ErrorCode::kConflict) << e.what();
            if (!field.empty()) {
                ASSERT_TRUE(e.fields().contains(field)) << e.what();
                EXPECT_EQ(e.fields().at(field), value) << e.what();
            }
        }
    }

    // What the outbox holds for a template, oldest first, the recipient opened. (Messages of one
    // transaction share created_at: tests that care about their order advance the clock between steps.)
    struct Sent {
        std::string channel, recipient, body, dedupe_key;
    };
    std::vector<Sent> Outbox(const std::string& template_name) {
        auto tx = db().Begin(storage::TxMode::kRead);
        std::vector<Sent> out;
        for (const auto& r : tx.Query("SELECT channel, recipient_enc, body, dedupe_key FROM notify_outbox WHERE "
                                      "template = $1 ORDER BY created_at, id",
                                      {template_name})) {
            out.push_back({r.Text(0), cipher_.Open(r.Text(1), "notify_outbox.recipient"), r.Text(2), r.Text(3)});
        }
        return out;
    }
    // The bodies sent to one recipient, oldest first.
    std::vector<std::string> BodiesTo(const std::vector<Sent>& sent, const std::string& recipient) {
        std::vector<std::string> out;
        for (const auto& m : sent) {
            if (m.recipient == recipient) out.push_back(m.body);
        }
        return out;
    }
    void SetParameter(const std::string& region, const std::string& key, const std::string& value) {
        parameters_->Set(Ctx("system-admin", "37"), region, key, value);
    }

    std::unique_ptr<anxin::testing::TestDatabase> database_;
    std::unique_ptr<region::ParameterService> parameters_;
    core::FieldCipher cipher_{core::DataKey::Generate()};
    std::unique_ptr<RecordingSink> sink_;
    std::unique_ptr<CaseService> service_;
    std::map<std::string, std::string> phones_;  // clue id → the complainant's phone
};

TEST_P(CaseServiceTest, NewCaseNumberAndComplaintsAboutAnOpenCaseProjectJoinIt) {
    auto a = File("C1", {});
    auto detail = service().Get(County(), a);
    EXPECT_EQ(detail.item.number, "AX-370102-2026-000001");
    EXPECT_EQ(detail.item.state, "accepted");
    EXPECT_EQ(detail.item.county_code, "370102");
    EXPECT_EQ(detail.item.industry, "housing");
    EXPECT_FALSE(detail.item.collective);
    EXPECT_EQ(detail.item.step_deadline_on, core::Date(2026, 3, 2));  // contact on the day received

    clock().Advance(std::chrono::days(40));  // the project's case is still open: joins regardless of the window
    ClueSpec second;
    second.worker_name = "李四";
    second.amount = 300000;
    EXPECT_EQ(File("C2", second), a);
    detail = service().Get(County(), a);
    EXPECT_TRUE(detail.item.collective);
    EXPECT_EQ(detail.item.claimed_amount, 800000);
    ASSERT_EQ(detail.claims.size(), 2u);
    EXPECT_EQ(detail.claims[1].worker_name, "李四");
    EXPECT_EQ(detail.timeline.back().kind, "clue_joined");

    ClueSpec other;
    other.project = "P2";
    other.employer_id = "E2";
    other.employer_name = "劳务二公司";
    other.region = "370103";
    auto b = File("C3", other);
    EXPECT_NE(b, a);
    EXPECT_EQ(service().Get(City(), b).item.number, "AX-370103-2026-000001");
    ClueSpec more = other;
    more.project.reset();
    EXPECT_EQ(File("C4", more), b);  // same employer within the window
}

TEST_P(CaseServiceTest, EmployerComplaintsWithinTheWindowFormOneCollectiveCase) {
    ClueSpec spec;
    spec.project.reset();
    spec.employer_id.reset();
    spec.employer_name = "无名劳务队";
    auto a = File("C1", spec);
    clock().Advance(std::chrono::days(10));
    spec.worker_name = "李四";
    EXPECT_EQ(File("C2", spec), a);
    clock().Advance(std::chrono::days(25));  // 35 days after the case opened: outside the 30-day window
    spec.worker_name = "王五";
    auto c = File("C3", spec);
    EXPECT_NE(c, a);
    EXPECT_EQ(service().Get(County(), a).claims.size(), 2u);
    EXPECT_EQ(service().Get(County(), c).item.number, "AX-370102-2026-000002");
}

// Issue 11: five clues of 2305843009213693951 fen merged into one case once wrapped its claim
// negative. Clue amounts are bounded at ¥10 billion by the readers; the merge itself never wraps:
// a claim that would pass the safe total opens a case of its own.
TEST_P(CaseServiceTest, MergedClaimsNeverWrapTheCasesTotal) {
    ClueSpec spec;
    spec.amount = core::kMaxAmountFen;
    auto first = File("C1", spec);
    for (int i = 2; i <= 5; ++i) EXPECT_EQ(File("C" + std::to_string(i), spec), first);
    EXPECT_EQ(service().Get(County(), first).item.claimed_amount, 5 * core::kMaxAmountFen);

    spec.amount = core::kMaxTotalFen;  // what a feed could never send, but a total must still not wrap
    auto separate = File("C6", spec);
    EXPECT_NE(separate, first);
    EXPECT_EQ(service().Get(County(), first).item.claimed_amount, 5 * core::kMaxAmountFen);
    EXPECT_EQ(service().Get(County(), separate).item.claimed_amount, core::kMaxTotalFen);
}

TEST_P(CaseServiceTest, StepsOutOfOrderAreRefusedNamingTheState) {
    auto id = File("C1", {});
    ExpectConflict([&] { Step(id, "close", {{"conclusion", "不属实"}}); }, "state", "accepted");
    ExpectConflict([&] { Step(id, "verify"); }, "state", "accepted");
    EXPECT_THROW(Step(id, "contact", {{"method", "pigeon"}}), Error);  // invalid method
    auto d = Step(id, "contact", {{"method", "visit"}});
    EXPECT_EQ(d.item.state, "contacted");
    EXPECT_TRUE(d.item.first_contact_at.has_value());
    ExpectConflict([&] { Step(id, "mediation_agreement"); }, "state", "contacted");
    Step(id, "verify");
    Step(id, "mediate");
    // A conclusion that needs its step first.
    ExpectConflict([&] { Step(id, "close", {{"conclusion", "调解结案"}}); }, "conclusion", "缺少步骤：调解协议");
    Step(id, "mediation_agreement", {{"agreementRef", "TJ-1"}});
    d = Step(id, "close", {{"conclusion", "调解结案"}});
    EXPECT_EQ(d.item.state, "closed");
    ExpectConflict([&] { Step(id, "verify"); }, "state", "closed");
    // Not a standard conclusion; system kinds cannot be posted.
    auto id2 = File("C2", ClueSpec{.project = "P2", .employer_id = "E2", .employer_name = "劳务二公司", .region = "370103"});
    EXPECT_THROW(Step(id2, "opened", {}, City()), Error);
    EXPECT_THROW(Step(id2, "reopen", {}, City()), Error);
    // Steps are kept in order, never rewritten.
    auto timeline = service().Get(County(), id).timeline;
    for (size_t i = 0; i < timeline.size(); ++i) EXPECT_EQ(timeline[i].seq, static_cast<std::int64_t>(i + 1));
}

TEST_P(CaseServiceTest, CloseAsPaidOnlyWhenBankConfirmedPaymentsCoverTheClaim) {
    ClueSpec spec;
    spec.worker_id = "W1";
    spec.amount = 600000;  // Jan + Feb
    auto id = File("C1", spec);
    ToVerifying(id);
    Payroll("R1", "2026-01", "W1", 300000, 0);
    Payroll("R2", "2026-02", "W1", 300000, 0);
    Payroll("R3", "2026-03", "W1", 900000, 900000);  // outside the claimed months: does not count
    ExpectConflict([&] { Step(id, "close", {{"conclusion", "已全额支付"}}); }, "uncovered", "600000");
    SetPaid("R1", 300000);
    ExpectConflict([&] { Step(id, "close", {{"conclusion", "已全额支付"}}); }, "uncovered", "300000");
    SetPaid("R2", 300000);
    auto d = Step(id, "close", {{"conclusion", "已全额支付"}});
    EXPECT_EQ(d.item.state, "closed");
    EXPECT_EQ(d.item.conclusion, "已全额支付");
    EXPECT_EQ(d.item.recovered_amount, 600000);
    EXPECT_EQ(d.uncovered, 0);
}

TEST_P(CaseServiceTest, WorkerConfirmationOnTheH5PageAlsoCoversTheClaim) {
    auto id = File("C1", {});  // not matched to a registered worker: bank data never covers it
    ToVerifying(id);
    ExpectConflict([&] { Step(id, "close", {{"conclusion", "已全额支付"}}); }, "uncovered", "500000");
    Answer("C1", true);
    auto d = service().Get(County(), id);
    EXPECT_TRUE(d.claims[0].worker_confirmed);
    EXPECT_EQ(d.timeline.back().kind, "worker_confirmation");
    EXPECT_EQ(Step(id, "close", {{"conclusion", "已全额支付"}}).item.state, "closed");
}

TEST_P(CaseServiceTest, ReopenWithinThirtyDaysEscalatesOneLevel) {
    auto id = File("C1", {});
    ToVerifying(id);
    Step(id, "close", {{"conclusion", "不属实"}});
    clock().Advance(std::chrono::days(20));
    Answer("C1", false);
    auto d = service().Get(County(), id);
    EXPECT_EQ(d.item.state, "verifying");
    EXPECT_EQ(d.item.escalation_level, 1);
    EXPECT_EQ(d.item.handling_region, "3701");
    EXPECT_FALSE(d.item.conclusion.has_value());
    EXPECT_EQ(d.timeline.back().kind, "reopen");
    // Handled by the city now: the county may read but not handle.
    try {
        Step(id, "note", {{"text", "区里跟进"}});
        ADD_FAILURE();
    } catch (const Error& e) {
        EXPECT_EQ(e.code(), ErrorCode::kForbidden);
    }
    Step(id, "note", {{"text", "市级督办"}}, City());
    // The H5 view says so.
    auto tx = db().Begin(storage::TxMode::kRead);
    auto view = service().PublicView(tx, id);
    ASSERT_TRUE(view.has_value());
    EXPECT_FALSE(view->closed);
    EXPECT_EQ(view->steps.back().kind, "reopen");
}

TEST_P(CaseServiceTest, ReopenAfterThirtyDaysIsRefused) {
    auto id = File("C1", {});
    ToVerifying(id);
    Step(id, "close", {{"conclusion", "不属实"}});
    clock().Advance(std::chrono::days(31));
    ExpectConflict([&] { Answer("C1", false); }, "state", "closed");
    EXPECT_EQ(service().Get(County(), id).item.state, "closed");
}

TEST_P(CaseServiceTest, EnterpriseUsersNeverSeeWhoComplained) {
    ClueSpec spec;
    spec.worker_id = "W1";
    auto id = File("C1", spec);
    Answer("C1", true);
    auto enterprise = Ctx("enterprise-user", "", "E1");
    auto d = service().Get(enterprise, id);
    EXPECT_TRUE(d.identity_hidden);
    ASSERT_EQ(d.claims.size(), 1u);
    EXPECT_FALSE(d.claims[0].worker_name.has_value());
    EXPECT_FALSE(d.claims[0].worker_id.has_value());
    EXPECT_EQ(service().List(enterprise, {}).total, 1);
    // Not a participant of P1: the case does not exist for E2.
    EXPECT_EQ(service().List(Ctx("enterprise-user", "", "E2"), {}).total, 0);
    EXPECT_THROW(service().Get(Ctx("enterprise-user", "", "E2"), id), Error);
    // Staff see the ledger.
    EXPECT_EQ(service().Get(County(), id).claims[0].worker_name, "张三");
    // Scope and filters.
    EXPECT_EQ(service().List(Ctx("supervisor", "370103"), {}).total, 0);
    EXPECT_EQ(service().List(Ctx("industry-officer", "3701", "", "housing"), {}).total, 1);
    EXPECT_EQ(service().List(Ctx("industry-officer", "3701", "", "transport"), {}).total, 0);
    CaseQuery q;
    q.state = "accepted";
    q.channel = "web";
    q.employer = "总包";
    EXPECT_EQ(service().List(County(), q).total, 1);
    q.card = "red";
    EXPECT_EQ(service().List(County(), q).total, 0);
}

TEST_P(CaseServiceTest, WorkbenchQueuesFilterByStatesAndStepDeadlineRange) {
    clock().Set(At(2026, 10, 12));  // a Monday
    auto accepted = File("C1", {});  // first contact due today
    ClueSpec p2;
    p2.project = "P2";
    p2.employer_id = "E2";
    p2.employer_name = "劳务二公司";
    p2.region = "370103";
    p2.industry = "transport";
    auto contacted = File("C2", p2);
    Step(contacted, "contact", {{"method", "phone"}}, City());  // first response due in 3 working days
    ClueSpec other;
    other.project = std::nullopt;
    other.employer_id = std::nullopt;
    other.employer_name = "三号劳务队";
    auto closed = File("C3", other);
    ToVerifying(closed);
    Step(closed, "close", {{"conclusion", "不属实"}});

    auto ids = [&](const CaseQuery& q) {
        std::vector<std::string> out;
        for (const auto& c : service().List(City(), q).items) out.push_back(c.id);
        std::sort(out.begin(), out.end());
        return out;
    };
    auto sorted = [](std::vector<std::string> v) {
        std::sort(v.begin(), v.end());
        return v;
    };
    CaseQuery q;
    q.states = {"contacted", "verifying", "mediating", "ordered", "paying"};
    EXPECT_EQ(ids(q), std::vector<std::string>{contacted});
    EXPECT_EQ(service().List(City(), q).total, 1);
    q.states = {"accepted", "contacted"};
    EXPECT_EQ(ids(q), sorted({accepted, contacted}));
    q.state = "accepted";  // both apply
    EXPECT_EQ(ids(q), std::vector<std::string>{accepted});
    q = {};
    q.states = {"accepted", "bogus"};
    EXPECT_THROW(service().List(City(), q), Error);

    // The step deadline range: closed cases have none.
    q = {};
    q.deadline_from = core::Date(2026, 10, 13);
    EXPECT_EQ(ids(q), std::vector<std::string>{contacted});
    q.deadline_from = core::Date(2026, 10, 12);
    q.deadline_before = core::Date(2026, 10, 12);
    EXPECT_EQ(ids(q), std::vector<std::string>{accepted});
    q.deadline_before = core::Date(2026, 10, 15);
    EXPECT_EQ(ids(q), sorted({accepted, contacted}));
    q.deadline_before = core::Date(2026, 10, 11);
    EXPECT_THROW(service().List(City(), q), Error);

    // Working days left to the step deadline, from the injected today.
    EXPECT_EQ(service().Get(City(), contacted).deadlines.working_days_left, 3);
    EXPECT_EQ(service().Get(County(), accepted).deadlines.working_days_left, 0);
    EXPECT_FALSE(service().Get(County(), closed).deadlines.working_days_left.has_value());
    clock().Set(At(2026, 10, 14));
    EXPECT_EQ(service().Get(County(), accepted).deadlines.working_days_left, -2);
}

TEST_P(CaseServiceTest, YellowThenRedAcrossNationalDay) {
    clock().Set(At(2026, 9, 30));
    auto id = File("C1", {});
    ToVerifying(id);
    EXPECT_EQ(service().Get(County(), id).item.close_deadline_on, core::Date(2026, 10, 27));
    // During the holiday and up to the deadline: nothing.
    clock().Set(At(2026, 10, 27, 20));
    auto report = service().RunSlaCheck(clock().TodayInShanghai());
    EXPECT_TRUE(report.yellow.empty());
    clock().Set(At(2026, 10, 28, 1));
    report = service().RunSlaCheck(clock().TodayInShanghai());
    ASSERT_EQ(report.yellow.size(), 1u);
    EXPECT_EQ(service().Get(County(), id).item.card, "yellow");
    EXPECT_TRUE(service().RunSlaCheck(clock().TodayInShanghai()).yellow.empty());  // once
    // Nine days later: still yellow; the tenth: red, and the county's principal official is told.
    clock().Set(At(2026, 11, 6, 2));
    EXPECT_TRUE(service().RunSlaCheck(clock().TodayInShanghai()).red.empty());
    clock().Set(At(2026, 11, 7, 2));
    report = service().RunSlaCheck(clock().TodayInShanghai());
    ASSERT_EQ(report.red.size(), 1u);
    EXPECT_EQ(service().Get(County(), id).item.card, "red");
    ASSERT_FALSE(sink_->sent.empty());
    EXPECT_EQ(sink_->sent.back().template_key, "case.card");
    EXPECT_EQ(sink_->sent.back().recipient, "county-principal:370102");
}

TEST_P(CaseServiceTest, ProgressAfterTheYellowCardPreventsTheRed) {
    clock().Set(At(2026, 9, 30));
    auto id = File("C1", {});
    ToVerifying(id);
    clock().Set(At(2026, 10, 28, 1));
    ASSERT_EQ(service().RunSlaCheck(clock().TodayInShanghai()).yellow.size(), 1u);
    clock().Set(At(2026, 10, 29));
    Step(id, "mediate");
    clock().Set(At(2026, 11, 9, 2));
    EXPECT_TRUE(service().RunSlaCheck(clock().TodayInShanghai()).red.empty());
}

TEST_P(CaseServiceTest, PauseStopsTheClock) {
    clock().Set(At(2026, 9, 30));
    auto id = File("C1", {});
    ToVerifying(id);
    clock().Set(At(2026, 10, 12));
    auto d = Step(id, "pause", {{"reason", "等待法院司法确认"}});
    EXPECT_TRUE(d.item.paused);
    EXPECT_THROW(Step(id, "mediate"), Error);  // paused: resume first
    clock().Set(At(2026, 10, 14));
    d = Step(id, "resume");
    EXPECT_FALSE(d.item.paused);
    EXPECT_EQ(d.item.paused_working_days, 2);
    EXPECT_EQ(d.item.close_deadline_on, core::Date(2026, 10, 29));
    clock().Set(At(2026, 10, 28, 1));
    EXPECT_TRUE(service().RunSlaCheck(clock().TodayInShanghai()).yellow.empty());  // would be yellow without the pause
    clock().Set(At(2026, 10, 30, 1));
    EXPECT_EQ(service().RunSlaCheck(clock().TodayInShanghai()).yellow.size(), 1u);
}

TEST_P(CaseServiceTest, PausedCasesGetNoCards) {
    clock().Set(At(2026, 9, 30));
    auto id = File("C1", {});
    ToVerifying(id);
    Step(id, "pause", {{"reason", "等待劳动仲裁"}});
    clock().Set(At(2026, 12, 1));
    EXPECT_TRUE(service().RunSlaCheck(clock().TodayInShanghai()).yellow.empty());
}

TEST_P(CaseServiceTest, BranchesFundAdvanceDepositPoliceTransfer) {
    ClueSpec spec;
    spec.amount = 1200000;
    spec.from = "2025-10";
    spec.to = "2026-01";
    auto id = File("C1", spec);
    ToVerifying(id);
    auto d = Step(id, "fund_advance", {{"amount", 200000}, {"approver", "王局长"}});
    ASSERT_EQ(d.fund_advances.size(), 1u);
    EXPECT_EQ(d.item.recovered_amount, 200000);
    const std::string advance = d.fund_advances[0].id;
    EXPECT_THROW(Step(id, "fund_repayment", {{"advanceId", advance}, {"amount", 300000}}), Error);
    d = Step(id, "fund_repayment", {{"advanceId", advance}, {"amount", 50000}});
    EXPECT_EQ(d.fund_advances[0].repaid_amount, 50000);
    d = Step(id, "deposit_payment", {{"reference", "BZJ-2026-01"}, {"amount", 100000}});
    EXPECT_EQ(d.item.recovered_amount, 300000);
    d = Step(id, "police_transfer", {{"receiptNumber", "GA-1"}});
    EXPECT_TRUE(d.crime.crosses);  // one worker, 4 months, ¥12000 ≥ ¥5000
    EXPECT_EQ(d.timeline.back().detail.at("crossesThreshold").as_bool(), true);
    EXPECT_THROW(Step(id, "judicial_confirmation", {{"court", "历下区法院"}, {"confirmedOn", "2026-03-02"}}), Error);
    d = Step(id, "close", {{"conclusion", "已移送公安"}});
    EXPECT_EQ(d.item.state, "closed");
}

TEST_P(CaseServiceTest, DailyCircularFigures) {
    clock().Set(At(2026, 9, 29));
    auto overdue = File("C1", {});  // never contacted: overdue from 09-30, yellow at the check
    clock().Set(At(2026, 9, 30, 8));
    service().RunSlaCheck(clock().TodayInShanghai());
    clock().Set(At(2026, 9, 30, 10));
    ClueSpec p2;
    p2.project = "P2";
    p2.employer_id = "E2";
    p2.employer_name = "劳务二公司";
    p2.region = "370103";
    p2.industry = "transport";
    p2.amount = 200000;
    auto closed = File("C2", p2);
    Step(closed, "contact", {{"method", "phone"}}, City());
    Step(closed, "verify", {}, City());
    Answer("C2", true);
    Step(closed, "close", {{"conclusion", "已全额支付"}}, City());

    auto circular = service().DailyCircular(City(), core::Date(2026, 9, 30));
    EXPECT_EQ(circular.total.new_cases, 1);  // C1 opened the day before
    EXPECT_EQ(circular.total.closed, 1);
    EXPECT_EQ(circular.total.overdue, 1);
    EXPECT_EQ(circular.total.yellow, 1);
    EXPECT_EQ(circular.total.claimed, 200000);
    EXPECT_EQ(circular.total.recovered, 200000);
    ASSERT_EQ(circular.by_county.size(), 2u);
    EXPECT_EQ(circular.by_county[0].key, "370102");
    EXPECT_EQ(circular.by_county[0].name, "历下区");
    EXPECT_EQ(circular.by_county[0].overdue, 1);
    EXPECT_EQ(circular.by_county[1].closed, 1);
    ASSERT_EQ(circular.by_industry.size(), 2u);
    EXPECT_EQ(circular.by_industry[1].key, "transport");
    EXPECT_EQ(circular.by_industry[1].name, "交通");
    EXPECT_EQ(circular.by_industry[1].recovered, 200000);
    // A county sees only its own.
    EXPECT_EQ(service().DailyCircular(County(), core::Date(2026, 9, 30)).total.closed, 0);
    // JSON and a real workbook.
    auto json = CircularToJson(circular);
    EXPECT_EQ(json.at("total").at("closed").as_int64(), 1);
    auto xlsx = CircularToXlsx(circular);
    ASSERT_GT(xlsx.size(), 100u);
    EXPECT_EQ(xlsx.substr(0, 2), "PK");
    (void)overdue;
}

// ---- messages (issue #5: complainant SMS, handler reminders, key clues) -----------------------------

TEST_P(CaseServiceTest, EachComplainantHearsTheStepsTheyShouldKnowOfOnceUnderTheirOwnCode) {
    auto id = File("C1", {});
    ClueSpec second;
    second.worker_name = "李四";
    second.amount = 300000;
    ASSERT_EQ(File("C2", second), id);  // a collective case: two complainants
    EXPECT_TRUE(Outbox("case.step").empty());  // opening is told by clue.accepted (the clues module)

    auto later = [&] { clock().Advance(std::chrono::minutes(1)); };
    later();
    Step(id, "contact", {{"method", "phone"}});  // first response due 3 WD after Monday 03-02
    later();
    Step(id, "note", {{"text", "投诉人要求周末回电"}});  // internal: nobody is texted
    later();
    Step(id, "verify", {{"findings", "工资表与考勤核对，欠薪属实"}});
    auto steps = Outbox("case.step");
    ASSERT_EQ(steps.size(), 4u);  // 2 steps × 2 complainants
    EXPECT_EQ(BodiesTo(steps, phones_["C1"]),
              (std::vector<std::string>{
                  "您反映的欠薪问题（查询码T-C1）有新进展：办案人员已与您联系了解情况。下一步办理期限：2026-03-05。",
                  "您反映的欠薪问题（查询码T-C1）有新进展：正在核查欠薪情况。下一步办理期限：2026-03-23。"}));
    EXPECT_EQ(BodiesTo(steps, phones_["C2"]),
              (std::vector<std::string>{
                  "您反映的欠薪问题（查询码T-C2）有新进展：办案人员已与您联系了解情况。下一步办理期限：2026-03-05。",
                  "您反映的欠薪问题（查询码T-C2）有新进展：正在核查欠薪情况。下一步办理期限：2026-03-23。"}));

    Step(id, "close", {{"conclusion", "不属实"}});
    auto closed = Outbox("case.closed");
    ASSERT_EQ(closed.size(), 2u);
    EXPECT_EQ(BodiesTo(closed, phones_["C2"]),
              (std::vector<std::string>{"您反映的欠薪问题（查询码T-C2）已办结，处理结果：不属实。如工资仍未到账，可于"
                                        "2026-04-01前凭查询码申请重新办理。"}));

    // The worker of C2 says the money never came: both complainants hear of the reopening, and the
    // city (one level up) is assigned the case.
    clock().Advance(std::chrono::days(3));
    Answer("C2", false);
    steps = Outbox("case.step");
    ASSERT_EQ(steps.size(), 6u);
    EXPECT_EQ(BodiesTo(steps, phones_["C1"]).back(),
              "您反映的欠薪问题（查询码T-C1）有新进展：工资仍未到账，案件已重新启动办理，由上级部门督办。"
              "下一步办理期限：2026-03-26。");
    auto assigned = Outbox("case.assigned");
    ASSERT_EQ(assigned.size(), 2u);
    EXPECT_EQ(assigned[0].recipient, "region:370102");
    EXPECT_EQ(assigned[1].recipient, "region:3701");
    EXPECT_EQ(assigned[1].channel, "internal");

    // Nothing personal beyond the recipient's own tracking code: no names, no handler, no phone.
    for (const auto& tmpl : {"case.step", "case.closed", "case.assigned"}) {
        for (const auto& m : Outbox(tmpl)) {
            for (const char* secret : {"张三", "李四", "U-supervisor", "1391000", "投诉人要求"}) {
                EXPECT_EQ(m.body.find(secret), std::string::npos) << tmpl << ": " << m.body;
            }
        }
    }
    // A retried step (the same message again) writes nothing more.
    const auto before = Outbox("case.step").size();
    {
        const auto queued = sink_->sent;
        auto tx = db().Begin();
        for (const auto& message : queued) sink_->Enqueue(tx, message);
        tx.Commit();
    }
    EXPECT_EQ(Outbox("case.step").size(), before);
}

TEST_P(CaseServiceTest, HandlersAreRemindedOneWorkingDayBeforeEachDeadlineOverTheHoliday) {
    clock().Set(At(2026, 9, 28));  // the Monday before National Day
    auto id = File("C1", {});
    Step(id, "contact", {{"method", "phone"}});
    // 3 working days: 09-29, 09-30, then 10-08 after the holiday.
    ASSERT_EQ(service().Get(County(), id).item.step_deadline_on, core::Date(2026, 10, 8));
    auto run = [&](unsigned month, unsigned day) {
        clock().Set(At(2026, month, day, 6));
        return service().RunSlaCheck(clock().TodayInShanghai());
    };

    EXPECT_EQ(run(9, 29).reminders, 0);  // two working days before: not yet
    EXPECT_TRUE(Outbox("case.deadline_soon").empty());
    EXPECT_EQ(run(9, 30).reminders, 1);  // the last working day before the holiday
    auto reminders = Outbox("case.deadline_soon");
    ASSERT_EQ(reminders.size(), 1u);
    EXPECT_EQ(reminders[0].channel, "internal");
    EXPECT_EQ(reminders[0].recipient, "region:370102");
    EXPECT_EQ(reminders[0].body,
              "案件AX-370102-2026-000001（总包一公司）的首次答复期限为2026-10-08，即将到期，请及时处理。");
    // Re-run the same day, during the holiday and on the day itself: nothing new.
    run(9, 30);
    run(10, 3);
    run(10, 8);
    EXPECT_EQ(Outbox("case.deadline_soon").size(), 1u);

    // Verified: the next deadline is the close deadline (15 WD: 10-23), reminded on 10-22 only.
    Step(id, "verify");
    ASSERT_EQ(service().Get(County(), id).item.step_deadline_on, core::Date(2026, 10, 23));
    run(10, 21);
    EXPECT_EQ(Outbox("case.deadline_soon").size(), 1u);
    run(10, 22);
    reminders = Outbox("case.deadline_soon");
    ASSERT_EQ(reminders.size(), 2u);
    EXPECT_EQ(reminders[1].body, "案件AX-370102-2026-000001（总包一公司）的办结期限为2026-10-23，即将到期，请及时处理。");
    run(10, 24);  // overdue: the card's business, not a reminder's
    EXPECT_EQ(Outbox("case.deadline_soon").size(), 2u);
}

TEST_P(CaseServiceTest, ReminderLeadIsTheRegionsParameterAndZeroTurnsItOff) {
    clock().Set(At(2026, 3, 2));
    auto a = File("C1", {});
    ToVerifying(a);  // close due 2026-03-23 (Monday)
    ClueSpec p2;
    p2.project = "P2";
    p2.employer_id = "E2";
    p2.employer_name = "劳务二公司";
    p2.region = "370103";
    auto b = File("C2", p2);
    Step(b, "contact", {{"method", "phone"}}, City());
    Step(b, "verify", {}, City());
    SetParameter("370102", "case.deadline_soon_working_days", "3");
    SetParameter("370103", "case.deadline_soon_working_days", "0");
    clock().Set(At(2026, 3, 17, 6));  // 4 working days before
    EXPECT_EQ(service().RunSlaCheck(clock().TodayInShanghai()).reminders, 0);
    clock().Set(At(2026, 3, 18, 6));  // 3 working days before: 370102 only
    EXPECT_EQ(service().RunSlaCheck(clock().TodayInShanghai()).reminders, 1);
    auto reminders = Outbox("case.deadline_soon");
    ASSERT_EQ(reminders.size(), 1u);
    EXPECT_EQ(reminders[0].recipient, "region:370102");
}

TEST_P(CaseServiceTest, KeyCluesHaveTheirGradesDeadlineAndArePushedToTheCountysPrincipalOfficials) {
    // 历下区 names its principal officials (as people type it, with "，"); 市中区 has not: its inbox.
    SetParameter("370102", "case.principal_officials", "lixia-head， lixia-deputy");
    SetParameter("370103", "case.key_yellow_close_working_days", "8");
    ClueSpec red;
    red.key_grade = "red";
    auto a = File("C1", red);
    EXPECT_EQ(service().Get(County(), a).item.close_deadline_on, core::Date(2026, 3, 9));  // 5 WD
    auto pushes = Outbox("case.key_clue");
    ASSERT_EQ(pushes.size(), 2u);
    EXPECT_EQ((std::set<std::string>{pushes[0].recipient, pushes[1].recipient}),
              (std::set<std::string>{"user:lixia-head", "user:lixia-deputy"}));
    for (const auto& push : pushes) {
        EXPECT_EQ(push.body, "【红色督办】历下区重点欠薪线索已立案：AX-370102-2026-000001（总包一公司），须于2026-03-09前"
                             "办结，请督促办理。");
    }
    clock().Advance(std::chrono::minutes(1));

    ClueSpec plain;
    plain.project = "P2";
    plain.employer_id = "E2";
    plain.employer_name = "劳务二公司";
    plain.region = "370103";
    auto b = File("C2", plain);
    EXPECT_EQ(Outbox("case.key_clue").size(), 2u);  // an ordinary clue: no push
    EXPECT_EQ(service().Get(City(), b).item.close_deadline_on, core::Date(2026, 3, 23));  // 15 WD
    ClueSpec yellow = plain;
    yellow.worker_name = "李四";
    yellow.key_grade = "yellow";
    ASSERT_EQ(File("C3", yellow), b);  // a yellow key clue joins and tightens the case: 8 WD there
    EXPECT_EQ(service().Get(City(), b).item.close_deadline_on, core::Date(2026, 3, 12));
    pushes = Outbox("case.key_clue");
    ASSERT_EQ(pushes.size(), 3u);
    EXPECT_EQ(pushes[2].recipient, "county-principal:370103");
    EXPECT_NE(pushes[2].body.find("【黄色督办】市中区"), std::string::npos) << pushes[2].body;
    ClueSpec blue = yellow;
    blue.worker_name = "王五";
    blue.key_grade = "blue";
    File("C4", blue);  // looser than the case's grade: nothing new
    EXPECT_EQ(Outbox("case.key_clue").size(), 3u);
    for (const auto& m : Outbox("case.key_clue")) EXPECT_EQ(m.body.find("李四"), std::string::npos);
}

TEST_P(CaseServiceTest, RedCardsGoToTheConfiguredPrincipalOfficials) {
    SetParameter("370102", "case.principal_officials", "lixia-head");
    clock().Set(At(2026, 9, 30));
    auto id = File("C1", {});
    ToVerifying(id);
    clock().Set(At(2026, 10, 28, 1));
    ASSERT_EQ(service().RunSlaCheck(clock().TodayInShanghai()).yellow.size(), 1u);
    clock().Set(At(2026, 11, 7, 2));
    ASSERT_EQ(service().RunSlaCheck(clock().TodayInShanghai()).red.size(), 1u);
    auto cards = Outbox("case.card");
    ASSERT_EQ(cards.size(), 1u);
    EXPECT_EQ(cards[0].recipient, "user:lixia-head");
    EXPECT_EQ(cards[0].body,
              "【红牌督办】历下区欠薪案件AX-370102-2026-000001（总包一公司）已逾期11天仍无进展，请督促办理。");
}

TEST_P(CaseServiceTest, RerouteHandsTheCaseToTheNewCountysHandlers) {
    auto id = File("C1", {});
    Step(id, "contact", {{"method", "phone"}});
    clock().Advance(std::chrono::minutes(1));
    auto d = Step(id, "reroute", {{"regionCode", "370103"}, {"reason", "用工地点在市中区"}});
    EXPECT_EQ(d.item.handling_region, "370103");
    auto assigned = Outbox("case.assigned");
    ASSERT_EQ(assigned.size(), 2u);
    EXPECT_EQ(assigned[1].recipient, "region:370103");
    EXPECT_EQ(Outbox("case.step").size(), 1u);  // the contact; re-routing is internal
}

INSTANTIATE_TEST_SUITE_P(Backends, CaseServiceTest, ::testing::ValuesIn(anxin::testing::TestBackends()),
                         anxin::testing::BackendName());

}  // namespace
}  // namespace anxin::cases
