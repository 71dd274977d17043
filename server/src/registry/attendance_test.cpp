// AttendanceService on both backends: idempotent batches, per-row errors, fence flags, day summary
// figures (the 240-minute rule at its edge), scope, the batch limit and the month views.
#include <gtest/gtest.h>

#include <map>
#include <tuple>

#include "core/error.hpp"
#include "registry/attendance_repository.hpp"
#include "registry/worker_test_support.hpp"
#include "registry/workers.hpp"
#include "testing/test_database.hpp"

namespace anxin::registry {
namespace {

using namespace registry::testing;

class AttendanceTest : public ::testing::TestWithParam<std::string> {
protected:
    void SetUp() override {
        database_ = std::make_unique<anxin::testing::TestDatabase>(GetParam());
        SeedRegistry(db());
        cipher_ = std::make_unique<core::FieldCipher>(core::DataKey::Generate());
        workers_ = std::make_unique<WorkerService>(db(), clock(), cipher_.get());
        contracts_ = std::make_unique<ContractService>(db(), clock());
        attendance_ = std::make_unique<AttendanceService>(db(), clock(), cipher_.get());
        for (int i = 0; i < 3; ++i) {
            NewWorker w;
            w.name = std::string("工人") + std::to_string(i);
            w.id_number = IdNumber(core::Date(1980 + i, 4, 4), 901 + 2 * i);
            id_numbers_.push_back(w.id_number);
            worker_ids_.push_back(workers_->Create(EnterpriseUser("E2"), w).id);
        }
        // Workers 0 and 1 have contracts on P1; worker 2 has none anywhere.
        for (int i = 0; i < 2; ++i) {
            NewContract c;
            c.worker_id = worker_ids_[i];
            c.project_id = "P1";
            c.employer_id = "E2";
            c.kind = "labor_contract";
            c.start_on = core::Date(2026, 2, 1);
            c.wage_type = "daily";
            c.wage_rate = 30000;
            c.signed_on = core::Date(2026, 1, 20);
            contracts_->Create(EnterpriseUser("E2"), c);
        }
    }
    storage::Database& db() { return database_->db(); }
    core::ManualClock& clock() { return database_->clock(); }

    PunchInput Punch(const std::string& punch_id, int worker, const std::string& time, const std::string& direction) {
        PunchInput p;
        p.device_id = "GATE-1";
        p.punch_id = punch_id;
        p.project_id = "P1";
        p.worker_id = worker_ids_[worker];
        p.time = time;
        p.direction = direction;
        p.channel = "face";
        p.lng = 117.001;
        p.lat = 36.65;
        return p;
    }
    std::int64_t Count(const std::string& sql) {
        auto tx = db().Begin(storage::TxMode::kRead);
        return tx.QueryOne(sql).Int(0);
    }
    std::optional<AttendanceDay> Day(int worker, const std::string& date) {
        for (auto& d : attendance_->ListDays(Supervisor(), "P1", date.substr(0, 7)))
            if (d.worker_id == worker_ids_[worker] && d.work_date.ToString() == date) return d;
        return std::nullopt;
    }

    std::unique_ptr<anxin::testing::TestDatabase> database_;
    std::unique_ptr<core::FieldCipher> cipher_;
    std::unique_ptr<WorkerService> workers_;
    std::unique_ptr<ContractService> contracts_;
    std::unique_ptr<AttendanceService> attendance_;
    std::vector<std::string> worker_ids_;
    std::vector<std::string> id_numbers_;
};

TEST_P(AttendanceTest, SameBatchTwiceChangesNothing) {
    std::vector<PunchInput> batch = {
        Punch("1", 0, "2026-03-01T08:00:00+08:00", "in"),
        Punch("2", 0, "2026-03-01T17:30:00+08:00", "out"),
        Punch("3", 1, "2026-03-01T08:10:00+08:00", "01"),
    };
    auto first = attendance_->SubmitPunches(EnterpriseUser("E2"), batch);
    EXPECT_EQ(first.accepted, 3);
    EXPECT_EQ(first.duplicates, 0);
    EXPECT_TRUE(first.rejected.empty());
    EXPECT_EQ(first.days_recomputed, 2);
    auto day_before = Day(0, "2026-03-01");
    auto audit_before = Count("SELECT COUNT(*) FROM audit_event");

    auto second = attendance_->SubmitPunches(EnterpriseUser("E2"), batch);
    EXPECT_EQ(second.accepted, 0);
    EXPECT_EQ(second.duplicates, 3);
    EXPECT_TRUE(second.rejected.empty());
    EXPECT_EQ(Count("SELECT COUNT(*) FROM registry_punch"), 3);
    EXPECT_EQ(Count("SELECT COUNT(*) FROM audit_event"), audit_before);
    auto day_after = Day(0, "2026-03-01");
    ASSERT_TRUE(day_before && day_after);
    EXPECT_EQ(day_after->minutes, day_before->minutes);
    EXPECT_EQ(day_after->punches, 2);

    // Within one batch a repeated (deviceId, punchId) is a duplicate too.
    auto inner = attendance_->SubmitPunches(
        EnterpriseUser("E2"), std::vector<PunchInput>{Punch("9", 1, "2026-03-01T18:00:00+08:00", "02"),
                                                      Punch("9", 1, "2026-03-01T18:00:00+08:00", "02")});
    EXPECT_EQ(inner.accepted, 1);
    EXPECT_EQ(inner.duplicates, 1);
}

TEST_P(AttendanceTest, BadRowsAreReportedPerRowAndNotStored) {
    std::vector<PunchInput> batch;
    batch.push_back(Punch("ok", 0, "2026-03-01T08:00:00+08:00", "in"));  // 0: accepted
    auto p = Punch("a", 0, "2026-03-01T08:00:00+08:00", "in");
    p.project_id = "P-NONE";
    batch.push_back(p);  // 1
    p = Punch("b", 0, "2026-03-01T08:00:00+08:00", "in");
    p.worker_id = "W-NONE";
    batch.push_back(p);  // 2
    batch.push_back(Punch("c", 2, "2026-03-01T08:00:00+08:00", "in"));  // 3: no contract: kept, flagged
    batch.push_back(Punch("d", 0, "2026-03-02T09:00:01+08:00", "in"));  // 4: future
    batch.push_back(Punch("e", 0, "2025-12-31T23:59:00+08:00", "in"));  // 5: before the project started
    batch.push_back(Punch("f", 0, "2026-03-01 25:00", "in"));           // 6: no such time
    batch.push_back(Punch("g", 0, "2026-03-01T08:00:00+08:00", "sideways"));  // 7
    p = Punch("", 0, "2026-03-01T08:00:00+08:00", "in");
    batch.push_back(p);  // 8
    p = Punch("h", 0, "2026-03-01T08:00:00+08:00", "in");
    p.lat.reset();
    batch.push_back(p);  // 9: half a coordinate
    p = Punch("i", 0, "2026-03-01T08:00:00+08:00", "in");
    p.worker_id.clear();
    p.id_number = IdNumber(core::Date(1970, 1, 1), 999);  // valid but never registered
    batch.push_back(p);  // 10

    auto result = attendance_->SubmitPunches(EnterpriseUser("E2"), batch);
    EXPECT_EQ(result.accepted, 2);
    EXPECT_EQ(result.without_contract, 1);
    ASSERT_EQ(result.rejected.size(), batch.size() - 2);
    std::map<std::size_t, std::string> fields;
    for (const auto& r : result.rejected) {
        fields[r.index] = r.field;
        EXPECT_FALSE(r.reason.empty());
    }
    EXPECT_EQ(fields[1], "projectId");
    EXPECT_EQ(fields[2], "workerId");
    // Issue 11: a registered worker on site without a contract is a REG 28 breach to record, not to hide.
    EXPECT_FALSE(fields.contains(3));
    EXPECT_EQ(fields[4], "time");
    EXPECT_EQ(fields[5], "time");
    EXPECT_EQ(fields[6], "time");
    EXPECT_EQ(fields[7], "direction");
    EXPECT_EQ(fields[8], "punchId");
    EXPECT_EQ(fields[9], "lat");
    EXPECT_EQ(fields[10], "idNumber");
    EXPECT_EQ(Count("SELECT COUNT(*) FROM registry_punch"), 2);
    EXPECT_EQ(Count("SELECT COUNT(*) FROM registry_punch WHERE without_contract = 1"), 1);
    EXPECT_EQ(Count("SELECT COUNT(*) FROM registry_attendance_day"), 2);  // RN-01 reads the day
}

TEST_P(AttendanceTest, ResolvesProjectCodeAndIdNumber) {
    auto p = Punch("k1", 0, "2026-03-01T08:00:00Z", "in");
    p.project_id.clear();
    p.project_code = "XM-001";
    p.worker_id.clear();
    p.id_number = id_numbers_[1];
    auto result = attendance_->SubmitPunches(EnterpriseUser("E2"), std::vector<PunchInput>{p});
    EXPECT_EQ(result.accepted, 1) << (result.rejected.empty() ? "" : result.rejected[0].reason);
    EXPECT_EQ(Count("SELECT COUNT(*) FROM registry_punch WHERE worker_id = '" + worker_ids_[1] +
                    "' AND project_id = 'P1' AND work_date = '2026-03-01'"),
              1);
}

TEST_P(AttendanceTest, OutsideTheFenceIsKeptAndFlagged) {
    auto inside = Punch("in-1", 0, "2026-03-01T08:00:00+08:00", "in");
    auto outside = Punch("out-1", 0, "2026-03-01T17:00:00+08:00", "out");
    outside.lng = 117.02;  // ≈ 1.8 km east
    auto no_position = Punch("np-1", 1, "2026-03-01T08:00:00+08:00", "in");
    no_position.lng.reset();
    no_position.lat.reset();
    auto result = attendance_->SubmitPunches(EnterpriseUser("E2"), std::vector<PunchInput>{inside, outside, no_position});
    EXPECT_EQ(result.accepted, 3);
    EXPECT_EQ(Count("SELECT COUNT(*) FROM registry_punch WHERE outside_fence = 1"), 1);
    EXPECT_EQ(Count("SELECT outside_fence FROM registry_punch WHERE punch_id = 'out-1'"), 1);
    auto day = Day(0, "2026-03-01");
    ASSERT_TRUE(day);
    EXPECT_EQ(day->outside_fence, 1);
    EXPECT_EQ(day->punches, 2);
}

TEST_P(AttendanceTest, DaySummaryCountsOnlyMoreThan240Minutes) {
    std::vector<PunchInput> batch = {
        Punch("a1", 0, "2026-03-01T08:00:00+08:00", "in"),
        Punch("a2", 0, "2026-03-01T10:00:00+08:00", "out"),  // an earlier out: the last one counts
        Punch("a3", 0, "2026-03-01T12:00:00+08:00", "out"),  // exactly 240 minutes
        Punch("b1", 1, "2026-03-01T08:00:00+08:00", "in"),
        Punch("b2", 1, "2026-03-01T09:00:00+08:00", "in"),   // a later in: the first one counts
        Punch("b3", 1, "2026-03-01T12:01:00+08:00", "out"),  // 241 minutes
        Punch("c1", 0, "2026-02-28T23:30:00+08:00", "in"),   // Shanghai date decides the day
    };
    auto result = attendance_->SubmitPunches(EnterpriseUser("E2"), batch);
    ASSERT_EQ(result.accepted, 7);
    auto a = Day(0, "2026-03-01");
    auto b = Day(1, "2026-03-01");
    ASSERT_TRUE(a && b);
    EXPECT_EQ(a->minutes, 240);
    EXPECT_FALSE(a->counted);
    EXPECT_EQ(a->punches, 3);
    EXPECT_EQ(a->first_in_at, core::ParseTimestamp("2026-03-01T08:00:00+08:00"));
    EXPECT_EQ(a->last_out_at, core::ParseTimestamp("2026-03-01T12:00:00+08:00"));
    EXPECT_EQ(b->minutes, 241);
    EXPECT_TRUE(b->counted);
    EXPECT_EQ(b->punches, 3);

    auto feb = attendance_->ListDays(Supervisor(), "P1", "2026-02");
    ASSERT_EQ(feb.size(), 1u);
    EXPECT_EQ(feb[0].minutes, 0);  // an in without an out
    EXPECT_FALSE(feb[0].last_out_at);

    // A later batch with an out completes the day: the summary is recomputed from every punch.
    attendance_->SubmitPunches(EnterpriseUser("E2"),
                               std::vector<PunchInput>{Punch("a4", 0, "2026-03-01T13:00:00+08:00", "02")});
    a = Day(0, "2026-03-01");
    EXPECT_EQ(a->minutes, 300);
    EXPECT_TRUE(a->counted);
    EXPECT_EQ(a->punches, 4);

    auto summaries = attendance_->Summaries(Supervisor(), "P1", "2026-03");
    ASSERT_EQ(summaries.size(), 2u);
    EXPECT_EQ(summaries[0].worker_id, worker_ids_[0]);
    EXPECT_EQ(summaries[0].days_counted, 1);
    EXPECT_EQ(summaries[0].minutes, 300);
    EXPECT_EQ(summaries[1].days_present, 1);

    // The threshold is an option (a region parameter later).
    AttendanceService lenient(db(), clock(), cipher_.get(), AttendanceOptions{.counted_threshold_minutes = 239});
    lenient.SubmitPunches(EnterpriseUser("E2"),
                          std::vector<PunchInput>{Punch("z1", 0, "2026-03-02T01:00:00+08:00", "in"),
                                                  Punch("z2", 0, "2026-03-02T05:00:00+08:00", "out")});
    EXPECT_TRUE(Day(0, "2026-03-02")->counted);
}

TEST_P(AttendanceTest, ADayFedInSeveralBatchesInAnyOrderSummarisesLikeOneBatch) {
    const std::string date = "2026-02-26";
    // An out first (outside the fence): a day with no in yet.
    auto late_out = Punch("m1", 0, date + "T17:00:00+08:00", "out");
    late_out.lng = 117.2;  // ~18 km east of the site
    ASSERT_EQ(attendance_->SubmitPunches(EnterpriseUser("E2"), std::vector<PunchInput>{late_out}).accepted, 1);
    auto day = Day(0, date);
    ASSERT_TRUE(day);
    EXPECT_EQ(day->minutes, 0);
    EXPECT_FALSE(day->counted);
    EXPECT_EQ(day->outside_fence, 1);
    // An in, sent with a repeat of the first punch (the repeat is skipped, the day still right).
    auto second = attendance_->SubmitPunches(
        EnterpriseUser("E2"), std::vector<PunchInput>{late_out, Punch("m2", 0, date + "T09:00:00+08:00", "in")});
    EXPECT_EQ(second.accepted, 1);
    EXPECT_EQ(second.duplicates, 1);
    day = Day(0, date);
    EXPECT_EQ(day->minutes, 480);
    EXPECT_EQ(day->punches, 2);
    // An earlier in replaces the first in; an earlier out does not replace the last out.
    attendance_->SubmitPunches(EnterpriseUser("E2"),
                               std::vector<PunchInput>{Punch("m3", 0, date + "T07:30:00+08:00", "in"),
                                                       Punch("m4", 0, date + "T12:00:00+08:00", "out")});
    day = Day(0, date);
    EXPECT_EQ(day->first_in_at, core::ParseTimestamp(date + "T07:30:00+08:00"));
    EXPECT_EQ(day->last_out_at, core::ParseTimestamp(date + "T17:00:00+08:00"));
    EXPECT_EQ(day->minutes, 570);
    EXPECT_TRUE(day->counted);
    EXPECT_EQ(day->punches, 4);
    EXPECT_EQ(day->outside_fence, 1);

    // The same four punches in one batch for worker 1 give the same day.
    std::vector<PunchInput> all;
    for (auto [id, time, direction] : {std::tuple{"n1", "T17:00:00", "out"}, {"n2", "T09:00:00", "in"},
                                       {"n3", "T07:30:00", "in"}, {"n4", "T12:00:00", "out"}}) {
        all.push_back(Punch(id, 1, date + time + "+08:00", direction));
    }
    all[0].lng = 117.2;
    attendance_->SubmitPunches(EnterpriseUser("E2"), all);
    auto once = Day(1, date);
    ASSERT_TRUE(once);
    EXPECT_EQ(once->first_in_at, day->first_in_at);
    EXPECT_EQ(once->last_out_at, day->last_out_at);
    EXPECT_EQ(once->minutes, day->minutes);
    EXPECT_EQ(once->counted, day->counted);
    EXPECT_EQ(once->punches, day->punches);
    EXPECT_EQ(once->outside_fence, day->outside_fence);
}

TEST_P(AttendanceTest, DaysStayRightAcrossInsertChunksWithAndWithoutRepeats) {
    // A chunk of kPunchInsertBatch rows that inserts every row is folded in; a chunk with a repeat
    // is recomputed from the punches, also for days the clean chunk touched in the same batch.
    auto date = [](int day) { return std::string("2026-02-") + (day < 10 ? "0" : "") + std::to_string(day); };
    std::vector<PunchInput> first;
    for (int day = 2; day <= 28; ++day)
        for (int w = 0; w < 2; ++w) {
            auto tag = std::to_string(day) + "-" + std::to_string(w);
            first.push_back(Punch("a-in-" + tag, w, date(day) + "T08:00:00+08:00", "in"));
            first.push_back(Punch("a-out-" + tag, w, date(day) + "T12:00:00+08:00", "out"));
        }
    ASSERT_EQ(attendance_->SubmitPunches(EnterpriseUser("E2"), first).accepted, 108);

    std::vector<PunchInput> second;
    std::map<std::pair<int, int>, std::pair<int, int>> expected;  // (day, worker) → (last out hour, punches)
    for (int day = 2; day <= 28; ++day)
        for (int w = 0; w < 2; ++w) {
            auto tag = std::to_string(day) + "-" + std::to_string(w);
            second.push_back(Punch("b-in-" + tag, w, date(day) + "T07:30:00+08:00", "in"));
            second.push_back(Punch("b-out-" + tag, w, date(day) + "T17:00:00+08:00", "out"));
            expected[{day, w}] = {17, 4};
        }
    for (int day = 2; day < 12; ++day)
        for (int w = 0; w < 2; ++w) {
            second.push_back(Punch("c-out-" + std::to_string(day) + "-" + std::to_string(w), w,
                                   date(day) + "T18:00:00+08:00", "out"));
            expected[{day, w}] = {18, 5};
        }
    ASSERT_EQ(second.size(), repository::kPunchInsertBatch);  // the first chunk: all new
    for (int i = 0; i < 5; ++i) second.push_back(first[static_cast<std::size_t>(i)]);  // repeats
    second.push_back(Punch("d-out-2-0", 0, date(2) + "T19:00:00+08:00", "out"));  // a day of the clean chunk
    expected[{2, 0}] = {19, 6};
    auto result = attendance_->SubmitPunches(EnterpriseUser("E2"), second);
    EXPECT_EQ(result.accepted, static_cast<std::int64_t>(repository::kPunchInsertBatch) + 1);
    EXPECT_EQ(result.duplicates, 5);

    for (const auto& [key, want] : expected) {
        auto day = Day(key.second, date(key.first));
        ASSERT_TRUE(day) << date(key.first);
        EXPECT_EQ(day->first_in_at, core::ParseTimestamp(date(key.first) + "T07:30:00+08:00")) << date(key.first);
        EXPECT_EQ(day->last_out_at, core::ParseTimestamp(date(key.first) + "T" + std::to_string(want.first) +
                                                         ":00:00+08:00"))
            << date(key.first);
        EXPECT_EQ(day->punches, want.second) << date(key.first) << " worker " << key.second;
        EXPECT_EQ(day->minutes, (want.first * 60) - (7 * 60 + 30));
    }
}

TEST_P(AttendanceTest, EnterpriseUsersSubmitOnlyForTheirProjects) {
    auto batch = std::vector<PunchInput>{Punch("s1", 0, "2026-03-01T08:00:00+08:00", "in")};
    auto foreign = attendance_->SubmitPunches(EnterpriseUser("E3"), batch);
    EXPECT_EQ(foreign.accepted, 0);
    ASSERT_EQ(foreign.rejected.size(), 1u);
    EXPECT_EQ(foreign.rejected[0].field, "projectId");
    EXPECT_EQ(attendance_->SubmitPunches(EnterpriseUser("E1"), batch).accepted, 1);
    // Reads follow the project scope.
    EXPECT_THROW(attendance_->ListDays(EnterpriseUser("E3"), "P1", "2026-03"), Error);
    EXPECT_THROW(attendance_->ListDays(Supervisor("3702"), "P1", "2026-03"), Error);
    EXPECT_EQ(attendance_->ListDays(EnterpriseUser("E2"), "P1", "2026-03").size(), 1u);
    EXPECT_THROW(attendance_->ListDays(Supervisor(), "P1", "2026-13"), Error);
}

TEST_P(AttendanceTest, MoreThanTheLimitIsRefusedWhole) {
    std::vector<PunchInput> batch(10001, Punch("x", 0, "2026-03-01T08:00:00+08:00", "in"));
    for (std::size_t i = 0; i < batch.size(); ++i) batch[i].punch_id = std::to_string(i);
    try {
        attendance_->SubmitPunches(EnterpriseUser("E2"), batch);
        FAIL();
    } catch (const Error& e) {
        EXPECT_EQ(e.code(), ErrorCode::kPayloadTooLarge);
        EXPECT_TRUE(e.fields().contains("punches"));
    }
    EXPECT_EQ(Count("SELECT COUNT(*) FROM registry_punch"), 0);
    batch.pop_back();
    EXPECT_EQ(attendance_->SubmitPunches(EnterpriseUser("E2"), batch).accepted, 10000);
    EXPECT_EQ(Count("SELECT punches FROM registry_attendance_day"), 10000);
}

INSTANTIATE_TEST_SUITE_P(Backends, AttendanceTest, ::testing::ValuesIn(anxin::testing::TestBackends()),
                         anxin::testing::BackendName());

}  // namespace
}  // namespace anxin::registry
