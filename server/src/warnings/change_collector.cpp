// ChangedProjectCollector: the dirty-project set and the job that evaluates it (see the header).
#include "warnings/change_collector.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <exception>

namespace anxin::warnings {

void ChangedProjectCollector::ProjectsChanged(std::span<const std::string> project_ids) noexcept {
    try {
        std::lock_guard lock(mutex_);
        for (const auto& id : project_ids)
            if (!id.empty()) dirty_.try_emplace(id, 0);
    } catch (const std::exception& e) {
        // Out of memory at worst: the nightly full run still evaluates the project.
        spdlog::error("changed projects not recorded for live warnings: {}", e.what());
    }
}

std::size_t ChangedProjectCollector::pending() const {
    std::lock_guard lock(mutex_);
    return dirty_.size();
}

ChangeRunReport ChangedProjectCollector::RunOnce() {
    std::map<std::string, int> attempts;
    {
        std::lock_guard lock(mutex_);
        attempts.swap(dirty_);
    }
    ChangeRunReport report;
    if (attempts.empty()) return report;
    std::vector<std::string> batch;
    for (const auto& entry : attempts) {
        batch.push_back(entry.first);
        if (batch.size() == kBatch) {
            Evaluate(batch, report, attempts);
            batch.clear();
        }
    }
    if (!batch.empty()) Evaluate(batch, report, attempts);
    report.projects = static_cast<std::int64_t>(attempts.size());

    if (!report.retry.empty()) {
        std::lock_guard lock(mutex_);
        for (const auto& id : report.retry) {
            auto [it, inserted] = dirty_.try_emplace(id, attempts[id]);
            if (!inserted) it->second = std::max(it->second, attempts[id]);
        }
    }
    spdlog::info("live warnings: {} changed projects in {} runs, {} raised, {} cleared, {} failures, {} to retry",
                 report.projects, report.runs, report.raised, report.cleared, report.failures.size(),
                 report.retry.size());
    return report;
}

void ChangedProjectCollector::Evaluate(const std::vector<std::string>& batch, ChangeRunReport& report,
                                       std::map<std::string, int>& attempts) {
    const core::Date today = clock_.TodayInShanghai();
    auto add = [&](const RunSummary& s) {
        ++report.runs;
        report.raised += s.raised;
        report.updated += s.updated;
        report.cleared += s.cleared;
        report.escalated_to_case += s.escalated_to_case;
    };
    if (batch.size() > 1) {
        try {
            RunSummary s = service_.EvaluateProjects(batch, today);
            add(s);
            bool indicator_failed = std::any_of(s.failures.begin(), s.failures.end(),
                                                [](const RunFailure& f) { return !f.project_id; });
            if (!indicator_failed) {
                for (const auto& f : s.failures) report.failures.push_back(f);
                return;
            }
            // A set-based indicator failed for the whole batch: one project's data may be the cause,
            // so each project is evaluated alone below and the others still get that indicator.
        } catch (const std::exception& e) {
            spdlog::error("live warnings: evaluation of {} changed projects failed, evaluating them one by one: {}",
                          batch.size(), e.what());
        }
    }
    for (const auto& id : batch) {
        try {
            RunSummary s = service_.EvaluateProjects(std::span<const std::string>(&id, 1), today);
            add(s);
            for (const auto& f : s.failures) report.failures.push_back(f);
        } catch (const std::exception& e) {
            int tries = ++attempts[id];
            spdlog::error("live warnings: project {} not evaluated (attempt {} of {}): {}", id, tries, kMaxAttempts,
                          e.what());
            report.failures.push_back({"", id, e.what()});
            if (tries < kMaxAttempts) report.retry.push_back(id);
        }
    }
}

}  // namespace anxin::warnings
