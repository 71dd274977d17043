// Project rules shared inside the registry's enterprise/project half (ProjectService and the permit
// feed). Not for other modules: they use projects.hpp.
#pragma once

#include <string>
#include <string_view>

#include <boost/json/object.hpp>

#include "core/validation.hpp"
#include "registry/projects.hpp"
#include "registry/sealed_contexts.hpp"

namespace anxin::registry::ep {

// Normalises (trims text, sets a circle's centre to the project's lng/lat) and records every field
// problem with its API name: code, name, regionCode (must exist; county or town level), address,
// lng/lat (both or neither, in range), fence.*, industry, investmentType, contractPrice, contract
// dates (signed ≤ start ≤ end), laborCost*, permitNumber/permitOn (both or neither).
void ValidateProjectFields(storage::Transaction& tx, ProjectFields& fields, core::FieldErrors& errors);

// 24 url-safe characters from 12 random bytes: the stable token of the project's QR code.
std::string NewPublicToken();

// A new "approved" project row (no id or token checks) dated `approved_on`.
Project NewProjectRow(const ProjectFields& fields, core::Date approved_on, core::Timestamp now);

// Writes the project row and its first status-change record (null → approved).
void InsertNewProject(storage::Transaction& tx, const core::CallContext& ctx, const Project& project,
                      core::Timestamp now);

// Moves the project to `to` dated `on` and records the change; the caller has checked the rules.
// Updates the project row (status, status_on, updated_at).
void ApplyTransition(storage::Transaction& tx, const core::CallContext& ctx, Project& project, std::string_view to,
                     core::Date on, const std::string& reason, core::Timestamp now);

// The audit summary of a project's fields.
boost::json::object ProjectAudit(const ProjectFields& fields);

}  // namespace anxin::registry::ep
