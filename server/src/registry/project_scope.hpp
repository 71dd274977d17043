// Who may see which project: the one definition every registry query (and later wages, clues,
// warnings) uses. Supervisors: projects in their region subtree. Industry-department officers: of
// their industry in their region. Enterprise users: projects their enterprise participates in.
// Anyone else: none. Out-of-scope rows are simply absent, so lookups answer 404.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/principal.hpp"
#include "storage/database.hpp"

namespace anxin::registry {

struct SqlFilter {
    std::string condition;               // e.g. "(substr(p.region_code, 1, $3) = $4)"
    std::vector<storage::Param> params;  // to append after the caller's own parameters
};

// A condition over the project table aliased `alias`, with placeholders numbered from
// `first_placeholder` ($first_placeholder, ...). Always returns a condition ("1 = 0" for no scope).
SqlFilter ProjectScopeFilter(const core::Principal& principal, std::string_view alias, int first_placeholder);

// True when the project exists and is in the caller's scope.
bool ProjectInScope(storage::Transaction& tx, const core::Principal& principal, std::string_view project_id);

// True when the worker exists and the caller may see it: a contract on a project in scope, or (an
// enterprise user) registered by the caller's enterprise. Other modules answer 404 otherwise.
bool WorkerInScope(storage::Transaction& tx, const core::Principal& principal, std::string_view worker_id);

}  // namespace anxin::registry
