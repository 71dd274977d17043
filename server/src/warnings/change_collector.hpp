// Warnings that follow the data within a minute (issue #7): the modules that write project data tell
// a ChangedProjectCollector which projects changed (core::ProjectChangeSink, after their commit); a
// scheduler job calls RunOnce every few seconds (app: every 15 s), which evaluates the projects
// collected since the last call incrementally as of today. Bursts collapse: a project changed many
// times between two calls is evaluated once.
//
// A failure never stops the job: when an indicator fails for a batch of projects, each project of the
// batch is evaluated on its own so one project's bad data does not hold back the others' warnings; a
// project whose own run fails is logged, counted, reported and tried again at the next call (at most
// kMaxAttempts times; after that the nightly full run is its next chance).
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <mutex>
#include <span>
#include <string>
#include <vector>

#include "core/project_changes.hpp"
#include "core/time.hpp"
#include "warnings/warnings.hpp"

namespace anxin::warnings {

// What one RunOnce did.
struct ChangeRunReport {
    std::int64_t projects = 0;  // distinct projects evaluated
    std::int64_t runs = 0;      // evaluation runs recorded (warnings_run rows)
    std::int64_t raised = 0;
    std::int64_t updated = 0;
    std::int64_t cleared = 0;
    std::int64_t escalated_to_case = 0;
    // Indicator failures of the runs (with the project when known) and projects whose whole run
    // failed (indicator "").
    std::vector<RunFailure> failures;
    std::vector<std::string> retry;  // projects left for the next call
};

// Thread-safe: ProjectsChanged from any request thread, RunOnce from one job thread at a time.
// `service` must outlive the collector.
class ChangedProjectCollector final : public core::ProjectChangeSink {
  public:
    static constexpr int kMaxAttempts = 3;
    static constexpr std::size_t kBatch = 500;  // projects per incremental run (bound parameters)

    ChangedProjectCollector(WarningService& service, const core::Clock& clock) : service_(service), clock_(clock) {}

    void ProjectsChanged(std::span<const std::string> project_ids) noexcept override;

    // Evaluates every project collected since the last call, as of today (Shanghai). Never throws
    // for a project's failure; an empty collection does nothing (no run recorded).
    ChangeRunReport RunOnce();

    std::size_t pending() const;

  private:
    void Evaluate(const std::vector<std::string>& batch, ChangeRunReport& report, std::map<std::string, int>& attempts);

    WarningService& service_;
    const core::Clock& clock_;
    mutable std::mutex mutex_;
    std::map<std::string, int> dirty_;  // GUARDED_BY(mutex_): project → failed attempts so far
};

}  // namespace anxin::warnings
