// The WarningNotifier the app wires: one SMS per recipient through the notify outbox — the
// project's 五员 (registry_project_staff phones) and the responsible enterprise's contact phone —
// with templates warning.raised / warning.escalated / warning.deadline_soon (notify/templates.cpp).
#pragma once

#include "core/crypto.hpp"
#include "core/time.hpp"
#include "warnings/warnings.hpp"

namespace anxin::warnings {

class OutboxWarningNotifier final : public WarningNotifier {
  public:
    // cipher opens the sealed phones; without one (no data key) nothing is sent.
    OutboxWarningNotifier(const core::Clock& clock, const core::FieldCipher* cipher) : clock_(clock), cipher_(cipher) {}
    void Notify(storage::Transaction& tx, const Warning& warning, std::string_view template_name,
                const boost::json::object& params, const std::string& dedupe_key) override;

  private:
    const core::Clock& clock_;
    const core::FieldCipher* cipher_;
};

}  // namespace anxin::warnings
