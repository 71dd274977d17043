#include "registry/attendance_service.hpp"

#include <deque>
#include <functional>
#include <unordered_map>
#include <unordered_set>
#include <utility>

#include <boost/json.hpp>

#include "audit/audit.hpp"
#include "core/error.hpp"
#include "identity/permissions.hpp"
#include "registry/attendance_repository.hpp"
#include "registry/projects.hpp"
#include "registry/worker_repository.hpp"
#include "registry/worker_service.hpp"
#include "registry/workers.hpp"

namespace anxin::registry {
namespace {

constexpr std::int64_t kMillisPerDay = 86'400'000;
constexpr std::int64_t kShanghaiOffsetMillis = 8 * 3'600'000;

// A project as the batch sees it, resolved once per batch.
struct ProjectEntry {
    bool found = false;
    bool allowed = false;  // in the caller's scope for writing
    std::string id;
    std::optional<std::int64_t> start_ms;  // midnight (Shanghai) of contract_start_on
    Fence fence;
    std::unordered_set<std::string> contracted;  // worker ids with a contract on the project
};

struct DayKeyHash {
    std::size_t operator()(const repository::DayKey& k) const {
        std::hash<std::string_view> h;
        return h(k.project_id) ^ (h(k.worker_id) * 31) ^ (h(k.work_date) * 131);
    }
};
struct DayKeyEqual {
    bool operator()(const repository::DayKey& a, const repository::DayKey& b) const {
        return a.project_id == b.project_id && a.worker_id == b.worker_id && a.work_date == b.work_date;
    }
};

// Everything one batch resolves, so each distinct project, worker and ID number costs one query.
class BatchResolver {
public:
    BatchResolver(storage::Transaction& tx, const core::Principal& principal, const core::FieldCipher* cipher)
        : tx_(tx), principal_(principal), cipher_(cipher) {}

    ProjectEntry& ProjectById(const std::string& id) {
        auto it = by_id_.find(id);
        if (it != by_id_.end()) return *it->second;
        ProjectEntry& entry = Load(repository::FindPunchProject(tx_, id));
        by_id_.emplace(id, &entry);
        return entry;
    }
    ProjectEntry& ProjectByCode(const std::string& code) {
        auto it = by_code_.find(code);
        if (it != by_code_.end()) return *it->second;
        ProjectEntry& entry = Load(repository::FindPunchProjectByCode(tx_, code));
        by_code_.emplace(code, &entry);
        return entry;
    }
    bool WorkerExists(const std::string& id) {
        auto it = worker_exists_.find(id);
        if (it != worker_exists_.end()) return it->second;
        bool exists = repository::WorkerExists(tx_, id);
        worker_exists_.emplace(id, exists);
        return exists;
    }
    // The worker registered under the ID number (nullptr when none).
    const std::string* WorkerByIdNumber(const std::string& id_number) {
        auto it = by_id_number_.find(id_number);
        if (it == by_id_number_.end()) {
            std::string normalized = NormalizeIdNumber(id_number);
            std::optional<std::string> worker;
            if (normalized.size() == 18) {
                worker = repository::FindWorkerIdByIndex(tx_, IdNumberIndex(*cipher_, normalized));
            }
            it = by_id_number_.emplace(id_number, std::move(worker)).first;
        }
        return it->second ? &*it->second : nullptr;
    }
    // "YYYY-MM-DD" of an instant in Shanghai; the string lives as long as the resolver.
    std::string_view WorkDate(std::int64_t punched_at) {
        std::int64_t local = punched_at + kShanghaiOffsetMillis;
        std::int64_t day = local / kMillisPerDay - (local % kMillisPerDay < 0 ? 1 : 0);
        auto it = dates_.find(day);
        if (it == dates_.end()) {
            it = dates_.emplace(day, core::Date::ShanghaiDateOf(core::FromMillis(punched_at)).ToString()).first;
        }
        return it->second;
    }

private:
    ProjectEntry& Load(std::optional<repository::PunchProject> project) {
        ProjectEntry& entry = projects_.emplace_back();
        if (!project) return entry;
        entry.found = true;
        entry.id = project->id;
        if (project->contract_start_on) {
            if (auto start = core::Date::Parse(*project->contract_start_on))
                entry.start_ms = core::ToMillis(start->StartInShanghai());
        }
        if (IsSystemPrincipal(principal_)) {
            entry.allowed = true;
        } else if (principal_.role == identity::role::kEnterpriseUser) {
            // Enterprise users submit for the projects their enterprise participates in, nothing else.
            entry.allowed = !principal_.enterprise_id.empty() &&
                            repository::ProjectHasParticipant(tx_, entry.id, principal_.enterprise_id);
        } else {
            entry.allowed = repository::ProjectVisibleTo(tx_, principal_, entry.id);
        }
        if (!entry.allowed) return entry;
        entry.fence = ProjectService::FindFence(tx_, entry.id).value_or(Fence{});
        for (auto& worker : repository::ContractedWorkerIds(tx_, entry.id)) entry.contracted.insert(std::move(worker));
        return entry;
    }

    storage::Transaction& tx_;
    const core::Principal& principal_;
    const core::FieldCipher* cipher_;
    std::deque<ProjectEntry> projects_;  // stable addresses: rows point into them
    std::unordered_map<std::string, ProjectEntry*> by_id_;
    std::unordered_map<std::string, ProjectEntry*> by_code_;
    std::unordered_map<std::string, bool> worker_exists_;
    std::unordered_map<std::string, std::optional<std::string>> by_id_number_;
    std::unordered_map<std::int64_t, std::string> dates_;
};

bool ValidCoordinates(const PunchInput& p) {
    if (!p.lng && !p.lat) return true;
    if (!p.lng || !p.lat) return false;
    return *p.lng >= -180 && *p.lng <= 180 && *p.lat >= -90 && *p.lat <= 90;
}

// Parses "YYYY-MM" into [first day, first day of the next month).
std::pair<std::string, std::string> MonthRange(std::string_view month) {
    auto first = month.size() == 7 ? core::Date::Parse(std::string(month) + "-01") : std::nullopt;
    if (!first) ThrowInvalidField("month", "应为 YYYY-MM");
    int year = first->year();
    unsigned next_month = first->month() + 1;
    if (next_month == 13) {
        next_month = 1;
        ++year;
    }
    return {first->ToString(), core::Date(year, next_month, 1).ToString()};
}

}  // namespace

std::optional<std::string_view> NormalizeDirection(std::string_view direction) {
    if (direction == "in" || direction == "01") return "in";
    if (direction == "out" || direction == "02") return "out";
    return std::nullopt;
}

PunchBatchResult AttendanceService::SubmitPunches(const core::CallContext& ctx, std::span<const PunchInput> punches) {
    if (punches.size() > options_.max_batch) {
        throw Error(ErrorCode::kPayloadTooLarge, "一次最多提交 " + std::to_string(options_.max_batch) + " 条考勤记录",
                    {{"punches", "最多 " + std::to_string(options_.max_batch) + " 条，收到 " +
                                     std::to_string(punches.size()) + " 条"}});
    }
    const std::int64_t now_ms = core::ToMillis(clock_.Now());

    std::vector<std::string> changed;  // projects with new punches, told after commit
    PunchBatchResult batch = storage::WithTransaction(db_, [&](storage::Transaction& tx) {
        changed.clear();  // a retried attempt starts over
        PunchBatchResult result;
        BatchResolver resolver(tx, ctx.principal, cipher_);
        std::vector<repository::PunchRow> rows;
        rows.reserve(punches.size());

        for (std::size_t i = 0; i < punches.size(); ++i) {
            const PunchInput& p = punches[i];
            auto reject = [&](const char* field, std::string reason) {
                result.rejected.push_back(PunchRejection{i, field, std::move(reason)});
            };
            if (p.device_id.empty() || p.device_id.size() > kDeviceIdMaxChars) {
                reject("deviceId", "必填，不超过 64 个字符");
                continue;
            }
            if (p.punch_id.empty() || p.punch_id.size() > kPunchIdMaxChars) {
                reject("punchId", "必填，不超过 64 个字符");
                continue;
            }
            const bool by_code = p.project_id.empty();
            const char* project_field = by_code ? "projectCode" : "projectId";
            if (by_code && p.project_code.empty()) {
                reject("projectId", "必填（或 projectCode）");
                continue;
            }
            ProjectEntry& project = by_code ? resolver.ProjectByCode(p.project_code) : resolver.ProjectById(p.project_id);
            // Unknown and out-of-scope read the same, so project ids cannot be probed.
            if (!project.found || !project.allowed) {
                reject(project_field, "项目不存在或不在您的范围内");
                continue;
            }

            const std::string* worker_id = nullptr;
            const char* worker_field = "workerId";
            if (!p.worker_id.empty()) {
                worker_id = &p.worker_id;
            } else if (!p.id_number.empty()) {
                worker_field = "idNumber";
                if (!cipher_) {
                    reject(worker_field, "未配置数据密钥，无法按身份证号识别人员");
                    continue;
                }
                worker_id = resolver.WorkerByIdNumber(p.id_number);
                if (!worker_id) {
                    reject(worker_field, "未登记的人员");
                    continue;
                }
            } else {
                reject("workerId", "必填（或 idNumber）");
                continue;
            }
            // REG 28: no one works on site without a contract. A punch of a registered worker without
            // one is the evidence of that breach: kept and flagged (RN-01 fires), never refused and lost.
            const bool without_contract = !project.contracted.contains(*worker_id);
            if (without_contract && worker_field == std::string_view("workerId") && !resolver.WorkerExists(*worker_id)) {
                reject(worker_field, "未登记的人员");
                continue;
            }

            auto punched = core::ParseTimestamp(p.time);
            if (!punched) {
                reject("time", "应为 RFC 3339 时间，如 2026-03-02T08:00:00+08:00");
                continue;
            }
            const std::int64_t punched_at = core::ToMillis(*punched);
            if (punched_at > now_ms) {
                reject("time", "晚于当前时间");
                continue;
            }
            if (project.start_ms && punched_at < *project.start_ms) {
                reject("time", "早于项目合同开工日期");
                continue;
            }
            auto direction = NormalizeDirection(p.direction);
            if (!direction) {
                reject("direction", "应为 in/out（或 01/02）");
                continue;
            }
            if (p.channel.size() > kChannelMaxChars) {
                reject("channel", "不超过 32 个字符");
                continue;
            }
            if (!ValidCoordinates(p)) {
                reject(p.lng ? "lat" : "lng", "经纬度须成对且在有效范围内");
                continue;
            }

            repository::PunchRow row;
            row.device_id = p.device_id;
            row.punch_id = p.punch_id;
            row.project_id = project.id;
            row.worker_id = *worker_id;
            row.punched_at = punched_at;
            row.work_date = resolver.WorkDate(punched_at);
            row.direction = *direction;
            row.channel = p.channel;
            row.lng = p.lng;
            row.lat = p.lat;
            // Outside the fence is kept and flagged, not refused: the supervisor judges it.
            row.outside_fence = p.lng && p.lat && !InsideFence(project.fence, *p.lng, *p.lat);
            row.without_contract = without_contract;
            rows.push_back(row);
        }

        std::vector<char> known_new;
        result.accepted = repository::InsertPunches(tx, rows, now_ms, &known_new);
        result.without_contract = std::count_if(rows.begin(), rows.end(), [](const auto& r) { return r.without_contract; });
        result.duplicates = static_cast<std::int64_t>(rows.size()) - result.accepted;

        // Days touched only by punches known to be new take the batch's figures folded in (no read
        // of the punches); a day touched by a chunk that had a duplicate is recomputed from its punches.
        std::unordered_map<repository::DayKey, std::size_t, DayKeyHash, DayKeyEqual> day_index;
        std::vector<repository::DayDelta> deltas;
        std::vector<char> recompute;  // per delta
        day_index.reserve(rows.size());
        for (std::size_t i = 0; i < rows.size(); ++i) {
            const auto& row = rows[i];
            repository::DayKey key{row.project_id, row.worker_id, row.work_date};
            auto [it, added] = day_index.try_emplace(key, deltas.size());
            if (added) {
                deltas.push_back(repository::DayDelta{key});
                recompute.push_back(0);
            }
            if (!known_new[i]) {
                recompute[it->second] = 1;
                continue;
            }
            auto& d = deltas[it->second];
            ++d.punches;
            if (row.outside_fence) ++d.outside_fence;
            if (row.direction == "in") {
                if (!d.first_in_at || row.punched_at < *d.first_in_at) d.first_in_at = row.punched_at;
            } else if (!d.last_out_at || row.punched_at > *d.last_out_at) {
                d.last_out_at = row.punched_at;
            }
        }
        if (result.accepted > 0) {
            std::vector<repository::DayKey> recompute_keys;
            std::vector<repository::DayDelta> merges;
            for (std::size_t k = 0; k < deltas.size(); ++k) {
                const auto& project_id = deltas[k].key.project_id;
                if (changed.empty() || changed.back() != project_id) changed.emplace_back(project_id);
                if (recompute[k]) {
                    recompute_keys.push_back(deltas[k].key);
                } else {
                    merges.push_back(deltas[k]);
                }
            }
            result.days_recomputed = repository::MergeDays(tx, merges, options_.counted_threshold_minutes) +
                                     repository::RecomputeDays(tx, recompute_keys, options_.counted_threshold_minutes);
            audit::RecordAudit(tx, clock_, ctx, "submit", "punch_batch", ctx.request_id,
                               boost::json::object{{"accepted", result.accepted},
                                                   {"duplicates", result.duplicates},
                                                   {"rejected", result.rejected.size()}});
        }
        return result;
    });
    core::TellProjectsChanged(changes_, changed);
    return batch;
}

std::vector<AttendanceDay> AttendanceService::ListDays(const core::CallContext& ctx, std::string_view project_id,
                                                       std::string_view month) const {
    auto [from, to] = MonthRange(month);
    auto tx = db_.Begin(storage::TxMode::kRead);
    if (!repository::ProjectVisibleTo(tx, ctx.principal, project_id)) ThrowNotFound("项目");
    return repository::ListAttendanceDays(tx, project_id, from, to);
}

std::vector<AttendanceSummary> AttendanceService::Summaries(const core::CallContext& ctx, std::string_view project_id,
                                                            std::string_view month) const {
    auto [from, to] = MonthRange(month);
    auto tx = db_.Begin(storage::TxMode::kRead);
    if (!repository::ProjectVisibleTo(tx, ctx.principal, project_id)) ThrowNotFound("项目");
    return repository::SummarizeAttendance(tx, project_id, from, to);
}

}  // namespace anxin::registry
