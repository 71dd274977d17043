// A seam for "these projects' data changed": a module that writes project data (attendance, contracts,
// payrolls, bank returns and feeds, allocations, deposits, complaints) tells whoever listens AFTER its
// transaction committed, without depending on the listener. The app registers the warnings module's
// collector, which re-evaluates the changed projects within seconds (issue #7: a warning appears
// within a minute of the data that causes it).
//
// Services take the sink through a setter (null = nobody listens) set once before serving.
#pragma once

#include <span>
#include <string>

namespace anxin::core {

class ProjectChangeSink {
  public:
    virtual ~ProjectChangeSink() = default;
    // Called after the writer's commit, never inside its transaction, from any thread. Must be cheap
    // (the caller is answering a request) and must not throw: the data is already committed.
    virtual void ProjectsChanged(std::span<const std::string> project_ids) noexcept = 0;
};

// Null-safe calls for the writers.
inline void TellProjectsChanged(ProjectChangeSink* sink, std::span<const std::string> project_ids) {
    if (sink && !project_ids.empty()) sink->ProjectsChanged(project_ids);
}
inline void TellProjectChanged(ProjectChangeSink* sink, const std::string& project_id) {
    if (sink && !project_id.empty()) sink->ProjectsChanged(std::span<const std::string>(&project_id, 1));
}

}  // namespace anxin::core
