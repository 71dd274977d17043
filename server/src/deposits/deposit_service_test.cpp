// DepositService on a real database (SQLite and, with ANXIN_TEST_POSTGRES, PostgreSQL): the rules
// fed from stored projects, region parameters and history declarations; deadlines counted with the
// embedded working-day calendar and the injected clock; instruments, uses, returns and scope.
#include "deposits/deposit_service.hpp"

#include <gtest/gtest.h>

#include "core/calendar.hpp"
#include "deposits/deposit_test_support.hpp"
#include "testing/test_database.hpp"

namespace anxin::deposits {
namespace {

using core::Date;
using namespace anxin::deposits::testing;

class UnpaidWagesStub final : public UnpaidWagesProvider {
  public:
    std::optional<std::string> UnpaidWages(storage::Transaction&, std::string_view) const override { return unpaid; }
    std::optional<std::string> unpaid;
};

class DepositServiceTest : public ::testing::TestWithParam<std::string> {
  protected:
    void SetUp() override {
        seed_.Regions();
        seed_.Enterprise("E-GC");
        seed_.Enterprise("E-SUB", "labor_subcontractor");
    }
    void Today(Date d) { test_db_.clock().Set(At(d)); }
    std::int64_t Count(const std::string& sql) { return seed_.Count(sql); }

    anxin::testing::TestDatabase test_db_{GetParam()};
    Seed seed_{test_db_.db()};
    region::ParameterService parameters_{test_db_.db(), test_db_.clock()};
    StoredCreditHistoryProvider history_;
    UnpaidWagesStub unpaid_;
    DepositService service_{test_db_.db(), test_db_.clock(), parameters_, core::WorkingCalendar::Embedded(),
                            history_,      unpaid_};
    core::CallContext county_ = Supervisor("370102");
    core::CallContext platform_ = core::SystemContext("req-admin");
};

TEST_P(DepositServiceTest, RequirementUsesRegionParametersHistoryAndOtherProjects) {
    seed_.Project({.id = "P1"});
    // Plain: ¥10,000,000 × 2% = ¥200,000.
    Requirement r = service_.Recompute(county_, "P1");
    EXPECT_EQ(r.result.required, 20000000);
    EXPECT_TRUE(r.stored);
    // The county sets 3%; two clean years declared for the GC (2025, 2024) → −50%.
    parameters_.Set(platform_, "370102", "deposit.ratio_bp", "300");
    seed_.History("E-GC", 2025, false);
    seed_.History("E-GC", 2024, false);
    r = service_.Recompute(county_, "P1");
    EXPECT_EQ(r.result.required, 15000000);
    ASSERT_EQ(r.result.lines.size(), 2u);
    EXPECT_EQ(r.result.lines[1].rule, "reduction_two_clean_years");
    // A third clean year with real-name and account in place → exempt.
    seed_.History("E-GC", 2023, false);
    r = service_.Recompute(county_, "P1");
    EXPECT_TRUE(r.result.exempt);
    EXPECT_EQ(r.result.required, 0);

    // Arrears declared last year (another GC): +50%.
    seed_.Enterprise("E-GC2");
    seed_.History("E-GC2", 2025, true);
    seed_.Project({.id = "P2", .gc = "E-GC2"});
    EXPECT_EQ(service_.Recompute(county_, "P2").result.required, 45000000);

    // The floor counts the GC's active projects in the same county (another town counts, another
    // county and a finished project do not).
    parameters_.Set(platform_, "370102", "deposit.floor_multi_project_bp", "300");
    EXPECT_EQ(service_.Recompute(county_, "P2").result.required, 45000000);  // 1 project: no floor line
    seed_.Project({.id = "P3", .region = "370202", .gc = "E-GC2"});
    seed_.Project({.id = "P4", .region = "370102002", .status = "finished", .gc = "E-GC2"});
    EXPECT_EQ(service_.Recompute(county_, "P2").result.lines.size(), 2u);
    seed_.Project({.id = "P5", .region = "370102002", .gc = "E-GC2"});
    parameters_.Set(platform_, "370102", "deposit.ratio_bp", "100");
    // ¥10,000,000: 1% = ¥100,000 → floor 3% = ¥300,000 → +50% = ¥450,000.
    Requirement floor = service_.Recompute(county_, "P2");
    ASSERT_EQ(floor.result.lines.size(), 3u);
    EXPECT_EQ(floor.result.lines[1].rule, "floor_multi_project");
    EXPECT_EQ(floor.result.required, 45000000);
    EXPECT_EQ(Count("SELECT COUNT(*) FROM audit_event WHERE entity = 'deposit_requirement'"), 7);
}

TEST_P(DepositServiceTest, DeadlineSkipsNationalDayAndCountsTheMakeUpSaturday) {
    const auto& calendar = core::WorkingCalendar::Embedded();
    ASSERT_TRUE(calendar.IsHoliday(Date(2026, 10, 1)));
    ASSERT_TRUE(calendar.IsHoliday(Date(2026, 10, 7)));
    ASSERT_TRUE(calendar.IsMakeUpWorkday(Date(2026, 10, 10)));
    // Permit Monday 2026-09-28: 9-29, 9-30, (10-01..07 off), 10-08, 10-09, 10-10 (Saturday, make-up),
    // 10-12 … → the 20th working day is Friday 2026-10-30.
    seed_.Project({.id = "P1", .permit_on = "2026-09-28"});
    Today(Date(2026, 9, 28));
    Requirement r = service_.Recompute(county_, "P1");
    EXPECT_EQ(r.due_on, Date(2026, 10, 30));
    EXPECT_EQ(r.due_basis, "permit");

    Today(Date(2026, 10, 30));
    EXPECT_EQ(service_.Get(county_, "P1").status.state, "pending");
    Today(Date(2026, 10, 31));
    DepositOverview late = service_.Get(county_, "P1");
    EXPECT_EQ(late.status.state, "overdue");
    EXPECT_EQ(late.status.shortfall, 20000000);

    Today(Date(2026, 11, 2));
    service_.AddInstrument(county_, "P1",
                           {"cash", "中国工商银行济南历下支行", "1602-0001", 20000000, Date(2026, 11, 2)});
    DepositOverview met = service_.Get(county_, "P1");
    EXPECT_EQ(met.status.state, "late");
    EXPECT_EQ(met.status.shortfall, 0);
    EXPECT_EQ(met.status.met_on, Date(2026, 11, 2));
}

TEST_P(DepositServiceTest, ServiceContractCountsFromTheContractAndNoPermitMeansNoDeadline) {
    seed_.Project({.id = "P1", .permit_on = std::nullopt, .signed_on = "2026-02-27", .construction = false});
    Requirement r = service_.Recompute(county_, "P1");
    EXPECT_EQ(r.due_basis, "contract");
    EXPECT_EQ(r.due_on, core::WorkingCalendar::Embedded().AddWorkingDays(Date(2026, 2, 27), 20));
    seed_.Project({.id = "P2", .permit_on = std::nullopt});
    EXPECT_FALSE(service_.Recompute(county_, "P2").due_on.has_value());
    EXPECT_EQ(service_.Get(county_, "P2").status.state, "pending");
}

TEST_P(DepositServiceTest, GuaranteesMustCoverTheDepositAYearAndTheContract) {
    seed_.Project({.id = "P1", .contract_end_on = "2027-06-30"});
    NewInstrument g{"bank_guarantee", "中国建设银行济南分行", "BG-2026-001",    20000000,
                    Date(2026, 3, 1), Date(2026, 3, 1),       Date(2027, 2, 28)};
    Error e = ErrorOf([&] { service_.AddInstrument(county_, "P1", g); });
    EXPECT_EQ(e.code(), ErrorCode::kInvalidArgument);
    EXPECT_TRUE(e.fields().contains("validTo"));  // shorter than the contract

    g.valid_to = Date(2027, 6, 30);
    g.amount = 19999999;
    e = ErrorOf([&] { service_.AddInstrument(county_, "P1", g); });
    EXPECT_TRUE(e.fields().contains("amount"));
    // Nothing half-written: neither the instrument nor the requirement it would have stored.
    EXPECT_EQ(Count("SELECT COUNT(*) FROM deposits_instrument"), 0);
    EXPECT_EQ(Count("SELECT COUNT(*) FROM deposits_requirement"), 0);
    EXPECT_FALSE(service_.Get(county_, "P1").requirement->stored);

    g.amount = 20000000;
    Today(Date(2026, 3, 2));
    g.lodged_on = Date(2026, 3, 3);
    e = ErrorOf([&] { service_.AddInstrument(county_, "P1", g); });
    EXPECT_TRUE(e.fields().contains("lodgedOn"));  // in the future

    g.lodged_on = Date(2026, 3, 2);
    Instrument i = service_.AddInstrument(county_, "P1", g);
    EXPECT_EQ(i.balance, 20000000);
    DepositOverview o = service_.Get(county_, "P1");
    EXPECT_TRUE(o.requirement->stored);  // lodging stored the requirement
    EXPECT_EQ(o.status.state, "late");   // due 2026-02-02 (permit 2026-01-05)
    EXPECT_FALSE(o.status.expiring_soon);

    e = ErrorOf([&] { service_.AddInstrument(county_, "P1", g); });
    EXPECT_EQ(e.code(), ErrorCode::kConflict);
    EXPECT_TRUE(e.fields().contains("number"));

    // DEP 17: reminded within 30 days of expiry, then expired and no longer counted.
    Today(Date(2027, 5, 31));
    EXPECT_TRUE(service_.Get(county_, "P1").status.expiring_soon);
    Today(Date(2027, 7, 1));
    o = service_.Get(county_, "P1");
    EXPECT_TRUE(o.status.expired);
    EXPECT_EQ(o.instrument_states[0].status, "expired");
    EXPECT_EQ(o.status.shortfall, 20000000);
}

TEST_P(DepositServiceTest, UsePayAndTopUpDeadlinesAndBalance) {
    seed_.Project({.id = "P1"});
    seed_.Project({.id = "P2"});
    seed_.Worker("W1", "P1");
    seed_.Worker("W2", "P1");
    seed_.Worker("W3", "P2");
    Today(Date(2026, 9, 1));
    Instrument cash = service_.AddInstrument(county_, "P1", {"cash", "工商银行", "1602-1", 20000000, Date(2026, 9, 1)});

    Today(Date(2026, 9, 29));
    NewUse bad{cash.id, "RS-2026-01", Date(2026, 9, 29), {{"W1", 800000}, {"W3", 500000}}};
    Error e = ErrorOf([&] { service_.IssueUse(county_, "P1", bad); });
    EXPECT_EQ(e.code(), ErrorCode::kInvalidArgument);
    EXPECT_TRUE(e.fields().contains("workers[1].workerId"));  // not on this project
    NewUse too_much{cash.id, "RS-2026-01", Date(2026, 9, 29), {{"W1", 20000001}}};
    EXPECT_TRUE(ErrorOf([&] { service_.IssueUse(county_, "P1", too_much); }).fields().contains("workers"));
    EXPECT_EQ(Count("SELECT COUNT(*) FROM deposits_use"), 0);

    // Notice Tuesday 2026-09-29: 9-30, 10-08, 10-09, 10-10 (make-up), 10-12 → pay by 10-12.
    Use u =
        service_.IssueUse(county_, "P1", {cash.id, "RS-2026-01", Date(2026, 9, 29), {{"W1", 800000}, {"W2", 700000}}});
    EXPECT_EQ(u.amount, 1500000);
    EXPECT_EQ(u.pay_due_on, Date(2026, 10, 12));
    EXPECT_FALSE(u.topup_due_on.has_value());
    EXPECT_EQ(ErrorOf([&] { service_.RecordTopup(county_, "P1", u.id, Date(2026, 10, 1)); }).code(),
              ErrorCode::kConflict);  // not paid yet

    Today(Date(2026, 10, 13));
    DepositOverview o = service_.Get(county_, "P1");
    EXPECT_TRUE(o.use_states[0].pay_overdue);
    EXPECT_EQ(o.use_states[0].state, "awaiting_payment");

    u = service_.RecordPayment(county_, "P1", u.id, Date(2026, 10, 12));
    // 10 working days after 10-12 → 10-26.
    EXPECT_EQ(u.topup_due_on, Date(2026, 10, 26));
    o = service_.Get(county_, "P1");
    EXPECT_FALSE(o.use_states[0].pay_overdue);  // paid on the due date
    EXPECT_EQ(o.instruments[0].balance, 18500000);
    EXPECT_EQ(o.status.shortfall, 1500000);
    EXPECT_EQ(ErrorOf([&] { service_.RecordPayment(county_, "P1", u.id, Date(2026, 10, 12)); }).code(),
              ErrorCode::kConflict);

    Today(Date(2026, 10, 27));
    EXPECT_TRUE(service_.Get(county_, "P1").use_states[0].topup_overdue);
    auto overdue = service_.List(county_, {.overdue = true});
    ASSERT_EQ(overdue.total, 1);
    EXPECT_TRUE(overdue.items[0].use_overdue);
    u = service_.RecordTopup(EnterpriseUser("E-GC"), "P1", u.id, Date(2026, 10, 27));
    o = service_.Get(county_, "P1");
    EXPECT_EQ(o.instruments[0].balance, 20000000);
    EXPECT_EQ(o.use_states[0].state, "completed");
    EXPECT_TRUE(o.use_states[0].topup_overdue);  // a day late, recorded as such
    EXPECT_EQ(o.status.shortfall, 0);
    EXPECT_EQ(service_.List(county_, {.overdue = true}).total, 0);
    EXPECT_EQ(Count("SELECT COUNT(*) FROM audit_event WHERE entity = 'deposit_use'"), 3);
}

TEST_P(DepositServiceTest, ReturnFlowInOrder) {
    seed_.Project({.id = "P1"});
    Today(Date(2026, 3, 2));
    service_.AddInstrument(county_, "P1", {"cash", "工商银行", "1602-1", 20000000, Date(2026, 3, 2)});
    const auto gc = EnterpriseUser("E-GC");

    Error e = ErrorOf([&] { service_.ApplyReturn(gc, "P1", Date(2026, 3, 2), true); });
    EXPECT_EQ(e.code(), ErrorCode::kConflict);  // still under construction
    seed_.SetStatus("P1", "finished");
    EXPECT_TRUE(ErrorOf([&] { service_.ApplyReturn(gc, "P1", Date(2026, 3, 2), false); }).fields().contains("pledge"));
    unpaid_.unpaid = "3 名农民工 2026 年 2 月工资未付";
    EXPECT_EQ(ErrorOf([&] { service_.ApplyReturn(gc, "P1", Date(2026, 3, 2), true); }).code(), ErrorCode::kConflict);
    unpaid_.unpaid.reset();

    Return r = service_.ApplyReturn(gc, "P1", Date(2026, 3, 2), true);
    EXPECT_EQ(r.notice_ends_on, Date(2026, 4, 1));
    // 5 working days after 2026-04-01: 4-02, 4-03, (清明 4-04..06 off), 4-07, 4-08, 4-09.
    EXPECT_EQ(r.review_due_on, core::WorkingCalendar::Embedded().AddWorkingDays(Date(2026, 4, 1), 5));
    EXPECT_EQ(ErrorOf([&] { service_.ApplyReturn(gc, "P1", Date(2026, 3, 2), true); }).code(), ErrorCode::kConflict);

    // Confirmation before review, review before the notice ends, review by the GC: refused.
    EXPECT_EQ(ErrorOf([&] { service_.ConfirmReturn(county_, "P1", r.id, Date(2026, 3, 2)); }).code(),
              ErrorCode::kConflict);
    Today(Date(2026, 3, 31));
    EXPECT_EQ(ErrorOf([&] {
                  service_.ReviewReturn(county_, "P1", r.id, {"approved", "", Date(2026, 3, 31)});
              }).code(),
              ErrorCode::kConflict);
    EXPECT_EQ(service_.Get(county_, "P1").return_states[0].state, "notice");
    Today(Date(2026, 4, 2));
    EXPECT_EQ(ErrorOf([&] {
                  service_.ReviewReturn(gc, "P1", r.id, {"approved", "", Date(2026, 4, 2)});
              }).code(),
              ErrorCode::kForbidden);
    EXPECT_TRUE(ErrorOf([&] {
                    service_.ReviewReturn(county_, "P1", r.id, {"refused", "", Date(2026, 4, 2)});
                })
                    .fields()
                    .contains("reason"));

    r = service_.ReviewReturn(county_, "P1", r.id, {"approved", "", Date(2026, 4, 2)});
    EXPECT_EQ(r.confirm_due_on, core::WorkingCalendar::Embedded().AddWorkingDays(Date(2026, 4, 2), 3));
    EXPECT_EQ(service_.Get(county_, "P1").return_states[0].state, "confirmation");
    EXPECT_EQ(ErrorOf([&] {
                  service_.ReviewReturn(county_, "P1", r.id, {"approved", "", Date(2026, 4, 2)});
              }).code(),
              ErrorCode::kConflict);

    r = service_.ConfirmReturn(county_, "P1", r.id, Date(2026, 4, 2));
    DepositOverview o = service_.Get(county_, "P1");
    EXPECT_EQ(o.return_states[0].state, "returned");
    EXPECT_EQ(o.instruments[0].status, "returned");
    EXPECT_EQ(o.instruments[0].returned_on, Date(2026, 4, 2));
    EXPECT_EQ(ErrorOf([&] { service_.ApplyReturn(gc, "P1", Date(2026, 4, 2), true); }).code(), ErrorCode::kConflict);
    EXPECT_EQ(ErrorOf([&] {
                  service_.AddInstrument(county_, "P1", {"cash", "工商银行", "1602-2", 100, Date(2026, 4, 2)});
              }).code(),
              ErrorCode::kConflict);
    EXPECT_EQ(Count("SELECT COUNT(*) FROM audit_event WHERE entity = 'deposit_return'"), 3);
}

TEST_P(DepositServiceTest, RefusedReturnMayBeAppliedForAgain) {
    seed_.Project({.id = "P1", .status = "completed"});
    service_.AddInstrument(county_, "P1", {"cash", "工商银行", "1602-1", 20000000, Date(2026, 3, 2)});
    Return r = service_.ApplyReturn(county_, "P1", Date(2026, 1, 2), true);
    unpaid_.unpaid = "有未结清工资";
    EXPECT_EQ(ErrorOf([&] {
                  service_.ReviewReturn(county_, "P1", r.id, {"approved", "", Date(2026, 3, 2)});
              }).code(),
              ErrorCode::kConflict);
    r = service_.ReviewReturn(county_, "P1", r.id, {"refused", "有未结清工资", Date(2026, 3, 2)});
    EXPECT_EQ(service_.Get(county_, "P1").return_states[0].state, "refused");
    EXPECT_EQ(ErrorOf([&] { service_.ConfirmReturn(county_, "P1", r.id, Date(2026, 3, 2)); }).code(),
              ErrorCode::kConflict);
    unpaid_.unpaid.reset();
    EXPECT_NO_THROW(service_.ApplyReturn(county_, "P1", Date(2026, 3, 2), true));
}

TEST_P(DepositServiceTest, ScopeAndRoles) {
    seed_.Project({.id = "P1"});
    seed_.Project({.id = "PQ", .region = "370202"});
    seed_.Participant("P1", "E-SUB", "006");
    // Another county's supervisor: not found, exactly like an unknown id.
    EXPECT_EQ(ErrorOf([&] { service_.Get(Supervisor("370202"), "P1"); }).code(), ErrorCode::kNotFound);
    EXPECT_EQ(ErrorOf([&] { service_.Recompute(Supervisor("370202"), "P1"); }).code(), ErrorCode::kNotFound);
    EXPECT_EQ(ErrorOf([&] { service_.Get(county_, "NOPE"); }).code(), ErrorCode::kNotFound);
    // A subcontractor sees the project but does not hold its deposit.
    EXPECT_NO_THROW(service_.Get(EnterpriseUser("E-SUB"), "P1"));
    EXPECT_EQ(ErrorOf([&] {
                  service_.AddInstrument(EnterpriseUser("E-SUB"), "P1", {"cash", "工商银行", "1", 1, Date(2026, 3, 2)});
              }).code(),
              ErrorCode::kForbidden);
    EXPECT_EQ(ErrorOf([&] { service_.Get(EnterpriseUser("E-OTHER"), "P1"); }).code(), ErrorCode::kNotFound);
    EXPECT_NO_THROW(
        service_.AddInstrument(EnterpriseUser("E-GC"), "P1", {"cash", "工商银行", "1", 1, Date(2026, 3, 2)}));

    service_.Recompute(Supervisor("37"), "PQ");
    EXPECT_EQ(service_.List(Supervisor("37"), {}).total, 2);
    EXPECT_EQ(service_.List(county_, {}).total, 1);
    EXPECT_EQ(service_.List(Supervisor("3702"), {}).items.at(0).project_id, "PQ");
    EXPECT_EQ(service_.List(Supervisor("37"), {.region_code = "3702"}).total, 1);
    // P1 holds ¥0.01 of ¥200,000: a shortfall; PQ holds nothing.
    EXPECT_EQ(service_.List(Supervisor("37"), {.shortfall = true}).total, 2);
    EXPECT_EQ(service_.List(Supervisor("37"), {.expiring = true}).total, 0);
    auto page = service_.List(Supervisor("37"), {.offset = 1, .limit = 1});
    EXPECT_EQ(page.total, 2);
    ASSERT_EQ(page.items.size(), 1u);
    EXPECT_EQ(page.items[0].project_id, "PQ");
}

TEST_P(DepositServiceTest, NoGeneralContractorMeansNoRequirement) {
    seed_.Project({.id = "P1", .gc = std::nullopt});
    DepositOverview o = service_.Get(county_, "P1");
    EXPECT_FALSE(o.requirement.has_value());
    EXPECT_EQ(o.status.state, "no_requirement");
    EXPECT_EQ(ErrorOf([&] { service_.Recompute(county_, "P1"); }).code(), ErrorCode::kConflict);
}

TEST_P(DepositServiceTest, HistoryDeclarationsFeedTheDefaultProvider) {
    seed_.Project({.id = "P1", .price = 200000000});  // ¥2,000,000: exempt unless arrears last year
    service_.DeclareHistory(county_, {"E-GC", 2025, true, false, "2025 年 7 月拖欠 12 人工资"});
    Requirement r = service_.Recompute(county_, "P1");
    EXPECT_FALSE(r.result.exempt);
    EXPECT_EQ(r.result.required, 6000000);  // 2% = ¥40,000, +50%
    service_.DeclareHistory(county_, {"E-GC", 2025, false, true, "更正"});
    EXPECT_TRUE(service_.Recompute(county_, "P1").result.exempt);
    EXPECT_TRUE(ErrorOf([&] {
                    service_.DeclareHistory(county_, {"E-GC", 2026, false, true, ""});
                })
                    .fields()
                    .contains("year"));
    EXPECT_EQ(ErrorOf([&] {
                  service_.DeclareHistory(Supervisor("3702"), {"E-GC", 2025, false, true, ""});
              }).code(),
              ErrorCode::kNotFound);
}

INSTANTIATE_TEST_SUITE_P(Backends, DepositServiceTest, ::testing::ValuesIn(anxin::testing::TestBackends()),
                         anxin::testing::BackendName());

}  // namespace
}  // namespace anxin::deposits
