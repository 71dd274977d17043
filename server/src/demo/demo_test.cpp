// The demo generator on a tiny province (SQLite): counts, identifiers, determinism, run-once; and the
// complaint side (clues, cases, warnings) on a small province on both backends.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <set>
#include <string>
#include <vector>

#include "cases/case_workflow.hpp"
#include "clues/clues.hpp"
#include "core/crypto.hpp"
#include "core/error.hpp"
#include "core/identifiers.hpp"
#include "demo/demo.hpp"
#include "demo/demo_generator.hpp"
#include "region/region_import.hpp"
#include "region/region_test_support.hpp"
#include "registry/workers.hpp"
#include "testing/test_database.hpp"
#include "registry/sealed_contexts.hpp"  // seeds and checks sealed rows as registry does

namespace anxin::demo {
namespace {

DemoOptions Tiny() {
    DemoOptions o;
    o.seed = 42;
    o.enterprises = 20;
    o.projects = 12;
    o.workers = 150;
    o.password_cost = identity::PasswordCost::kFast;
    return o;
}

struct Province {
    Province() : db("sqlite"), key(core::DataKey::Generate()), cipher(key) {
        region::ImportDivisions(db.db(), region::test::ChinaDivisionDir());
    }
    testing::TestDatabase db;  // clock: 2026-03-02 → months 2025-12, 2026-01, 2026-02
    core::DataKey key;
    core::FieldCipher cipher;
};

std::vector<std::string> Column(storage::Database& db, const std::string& sql) {
    auto tx = db.Begin(storage::TxMode::kRead);
    std::vector<std::string> out;
    for (const auto& row : tx.Query(sql)) out.push_back(row.Text(0));
    return out;
}

std::int64_t Scalar(storage::Database& db, const std::string& sql) {
    auto tx = db.Begin(storage::TxMode::kRead);
    return tx.QueryOne(sql).Int(0);
}

TEST(DemoRng, IsDeterministicAndInRange) {
    Rng a(7), b(7), c(8);
    for (int i = 0; i < 100; ++i) {
        auto x = a.Next();
        EXPECT_EQ(x, b.Next());
        (void)c;
    }
    Rng r(1);
    for (int i = 0; i < 1000; ++i) {
        auto v = r.Between(3, 9);
        EXPECT_GE(v, 3);
        EXPECT_LE(v, 9);
    }
    // Fixed reference values: the stream must not change between standard libraries or releases.
    Rng ref(20260101);
    EXPECT_EQ(ref.Fork("x").Next(), Rng(20260101).Fork("x").Next());
    EXPECT_NE(Rng(1).Fork("a").Next(), Rng(1).Fork("b").Next());
}

TEST(DemoIdentifiers, SyntheticCodesAreValid) {
    Rng rng(3);
    for (int i = 0; i < 50; ++i) {
        EXPECT_TRUE(core::IsValidCreditCode(SyntheticCreditCode(rng, "370102", false)));
        auto bad = core::CheckCreditCode(SyntheticCreditCode(rng, "370102", true));
        EXPECT_TRUE(bad.well_formed);
        EXPECT_FALSE(bad.check_digit_ok);
    }
    EXPECT_EQ(SyntheticRegion(1), "379901");
    EXPECT_EQ(SyntheticRegion(99), "379999");
}

TEST(DemoGenerator, GeneratesTheProvinceOnceAndDeterministically) {
    Province first;
    auto summary = GenerateDemo(first.db.db(), first.db.clock(), first.cipher, Tiny());
    auto& db = first.db.db();

    EXPECT_EQ(summary.months, (std::vector<std::string>{"2025-12", "2026-01", "2026-02"}));
    EXPECT_EQ(summary.Count("projects"), 12);
    EXPECT_EQ(Scalar(db, "SELECT COUNT(*) FROM registry_project"), 12);
    EXPECT_EQ(summary.Count("workers"), 150);
    EXPECT_EQ(Scalar(db, "SELECT COUNT(*) FROM registry_worker"), 150);
    EXPECT_GE(summary.Count("enterprises"), 20);
    EXPECT_EQ(Scalar(db, "SELECT COUNT(*) FROM registry_enterprise"), summary.Count("enterprises"));
    EXPECT_EQ(summary.Count("contracts"), 150);
    EXPECT_GT(summary.Count("punches"), 1000);
    EXPECT_EQ(summary.Count("punches_rejected"), 0);
    EXPECT_GT(summary.Count("payrolls"), 0);
    EXPECT_GT(summary.Count("pay_lines_paid"), 0);
    EXPECT_GT(summary.Count("accounts"), 0);
    EXPECT_GT(summary.Count("deposit_requirements"), 0);
    EXPECT_EQ(summary.Count("bank_feed_errors"), 0);
    EXPECT_EQ(summary.Count("logins"), 10);
    EXPECT_EQ(Scalar(db, "SELECT COUNT(*) FROM identity_user"), 10);
    // Several projects in 解放路街道 for the jiefanglu login.
    EXPECT_GE(Scalar(db, "SELECT COUNT(*) FROM registry_project WHERE region_code = '370102001'"), 3);

    // Every credit code is well formed; the check character holds except on the flagged ones.
    for (const auto& code : Column(db, "SELECT credit_code FROM registry_enterprise")) {
        auto check = core::CheckCreditCode(code);
        EXPECT_TRUE(check.well_formed) << code;
    }
    EXPECT_EQ(Scalar(db, "SELECT COUNT(*) FROM registry_enterprise WHERE credit_code_valid = 0"),
              summary.Count("enterprises_bad_credit_code"));

    // Every ID number decrypts to a valid number in the unassigned 3799xx block.
    {
        auto tx = db.Begin(storage::TxMode::kRead);
        for (const auto& row : tx.Query("SELECT id_number_enc, native_region_code FROM registry_worker")) {
            const std::string id = first.cipher.Open(row.Text(0), registry::kIdNumberContext);
            auto parsed = core::ParseIdNumber(id, first.db.clock().TodayInShanghai());
            ASSERT_TRUE(parsed.info) << id << " " << parsed.reason;
            EXPECT_EQ(id.substr(0, 4), "3799");
            EXPECT_EQ(row.Text(1).substr(0, 4), "3799");
        }
    }

    // The joint-punishment list in every stage of its procedure, each reached through the service.
    EXPECT_EQ(Column(db, "SELECT DISTINCT state FROM credit_listing ORDER BY state"),
              (std::vector<std::string>{"dropped", "listed", "notified", "proposed", "removed"}));
    EXPECT_EQ(Scalar(db, "SELECT COUNT(*) FROM credit_listing WHERE removal = 'expired'"), 1);
    EXPECT_EQ(Scalar(db, "SELECT COUNT(*) FROM credit_listing WHERE removal = 'repaired'"), 1);
    EXPECT_EQ(Scalar(db, "SELECT COUNT(*) FROM credit_listing WHERE state = 'listed' AND repair_applied_on IS NOT NULL"), 1);
    EXPECT_EQ(Scalar(db, "SELECT COUNT(*) FROM credit_listing WHERE state = 'notified' AND statement_due < '" +
                             first.db.clock().TodayInShanghai().ToString() + "'"),
              1);  // awaiting a decision past the statement period

    // Refuses a second run on the same database.
    EXPECT_TRUE(DemoGenerated(db));
    try {
        GenerateDemo(db, first.db.clock(), first.cipher, Tiny());
        FAIL() << "second run accepted";
    } catch (const Error& e) {
        EXPECT_EQ(e.code(), ErrorCode::kConflict);
    }

    // Same seed → same province (project codes, worker names), with another key and database.
    Province second;
    auto again = GenerateDemo(second.db.db(), second.db.clock(), second.cipher, Tiny());
    EXPECT_EQ(again.fingerprint, summary.fingerprint);
    EXPECT_EQ(Column(second.db.db(), "SELECT code FROM registry_project ORDER BY code"),
              Column(db, "SELECT code FROM registry_project ORDER BY code"));
    EXPECT_EQ(Column(second.db.db(), "SELECT name FROM registry_worker ORDER BY name"),
              Column(db, "SELECT name FROM registry_worker ORDER BY name"));
    EXPECT_EQ(again.counts.size(), summary.counts.size());
    for (const auto& [key, value] : summary.counts) EXPECT_EQ(again.Count(key), value) << key;

    // Another seed → another province.
    Province third;
    auto other_options = Tiny();
    other_options.seed = 43;
    other_options.create_logins = false;
    auto other = GenerateDemo(third.db.db(), third.db.clock(), third.cipher, other_options);
    EXPECT_NE(other.fingerprint, summary.fingerprint);
}

// Six weeks of complaint handling replayed on the province: every story (ComplaintTemplates) ends in
// the state and card it was written for, through the real clue, case and warning services.
class DemoComplaints : public ::testing::TestWithParam<std::string> {};

TEST_P(DemoComplaints, CoverEveryChannelStateCardAndWarningLevel) {
    testing::TestDatabase db(GetParam());
    region::ImportDivisions(db.db(), region::test::ChinaDivisionDir());
    core::FieldCipher cipher(core::DataKey::Generate());
    DemoOptions options = Tiny();
    options.projects = 24;  // enough sites for every story to have its own case
    options.workers = 300;
    options.create_logins = false;
    const auto s = GenerateDemo(db.db(), db.clock(), cipher, options);

    EXPECT_EQ(s.Count("complaint_failures"), 0);
    EXPECT_EQ(s.Count("complaint_stories_skipped"), 0);
    EXPECT_EQ(s.Count("complaint_stories_off_plan"), 0);
    EXPECT_GE(s.Count("complaint_stories_as_planned"), 17);
    EXPECT_EQ(s.Count("complaints_not_merged"), 0);
    for (auto channel : clues::kChannels)
        EXPECT_GT(s.Count("clues_channel_" + std::string(channel)), 0) << channel;
    for (auto status : {"received", "accepted", "rejected"})
        EXPECT_GT(s.Count(std::string("clues_status_") + status), 0) << status;
    EXPECT_GT(s.Count("clues_key_red"), 0);
    for (auto state : cases::workflow::kStates) EXPECT_GT(s.Count("cases_state_" + std::string(state)), 0) << state;
    for (auto card : {"none", "yellow", "red"}) EXPECT_GT(s.Count(std::string("cases_card_") + card), 0) << card;
    EXPECT_GT(s.Count("cases_collective"), 0);
    EXPECT_GT(s.Count("cases_reopened"), 0);
    EXPECT_GT(s.Count("cases_closed_应急周转金垫付"), 0);
    EXPECT_GT(s.Count("cases_closed_已移送公安"), 0);
    // Closed as paid on the bank's confirmation, not only on the worker's word.
    EXPECT_LT(s.Count("cases_paid_by_worker_confirmation"), s.Count("cases_closed_已全额支付"));
    EXPECT_EQ(s.Count("cases"), s.Count("cases_state_accepted") + s.Count("cases_state_contacted") +
                                    s.Count("cases_state_verifying") + s.Count("cases_state_mediating") +
                                    s.Count("cases_state_ordered") + s.Count("cases_state_paying") +
                                    s.Count("cases_state_closed"));

    // Warnings of every level; those past their deadline became cases (三网融合).
    EXPECT_EQ(s.Count("warning_runs"), 2);
    EXPECT_EQ(s.Count("warning_run_failures"), 0);
    for (auto level : {"red", "yellow", "blue"}) EXPECT_GT(s.Count(std::string("warnings_active_") + level), 0) << level;
    EXPECT_GT(s.Count("warnings_escalated_to_case"), 0);
    EXPECT_GT(s.Count("cases_from_warning"), 0);
    EXPECT_GT(s.Count("warnings_status_open"), 0);
    EXPECT_GT(s.Count("warnings_status_acknowledged"), 0);
    EXPECT_EQ(s.Count("warning_action_failures"), 0);
    // Workers are registered before they enter the site (a few late): RN-07 is the exception.
    EXPECT_LT(s.Count("warnings_indicator_RN-07"), options.projects.value_or(0));
}

INSTANTIATE_TEST_SUITE_P(Backends, DemoComplaints, ::testing::ValuesIn(anxin::testing::TestBackends()),
                         anxin::testing::BackendName());

TEST(DemoGenerator, RefusesWithoutDivisions) {
    testing::TestDatabase db("sqlite");
    core::FieldCipher cipher(core::DataKey::Generate());
    try {
        GenerateDemo(db.db(), db.clock(), cipher, Tiny());
        FAIL() << "generated without divisions";
    } catch (const Error& e) {
        EXPECT_EQ(e.code(), ErrorCode::kUnprocessable);
    }
}

// Timing on a file database like the CLI's (one connection, relaxed synchronous). Not run by ctest:
//   ANXIN_DEMO_SCALE=1 anxin_demo_test --gtest_also_run_disabled_tests --gtest_filter='*Benchmark*'
TEST(DemoGenerator, DISABLED_Benchmark) {
    storage::OpenOptions open;
    open.pool_size = 1;
    auto db = testing::TestDatabase::SqliteFile(true, open);
    region::ImportDivisions(db->db(), region::test::ChinaDivisionDir());
    core::FieldCipher cipher(core::DataKey::Generate());
    DemoOptions options;
    const char* scale = std::getenv("ANXIN_DEMO_SCALE");
    options.scale = scale ? std::atof(scale) : 1.0;
    options.password_cost = identity::PasswordCost::kFast;
    options.relax_durability = std::getenv("ANXIN_DEMO_FULL_SYNC") == nullptr;
    options.progress = [](const std::string& line) { std::cout << line << std::endl; };
    auto summary = GenerateDemo(db->db(), db->clock(), cipher, options);
    std::cout << summary.Describe();
    {
        auto tx = db->db().Begin(storage::TxMode::kWrite);
        tx.ExecuteScript("COMMIT; PRAGMA wal_checkpoint(TRUNCATE); BEGIN IMMEDIATE");
        tx.Commit();
    }
    const std::string path = db->url().substr(std::string("sqlite://").size());
    std::cout << "database file: " << std::filesystem::file_size(path) / (1024 * 1024) << " MiB\n";
}

}  // namespace
}  // namespace anxin::demo
