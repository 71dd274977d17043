#include "warnings/outbox_notifier.hpp"

#include <boost/json.hpp>
#include <set>

#include "notify/notify.hpp"

namespace anxin::warnings {

namespace json = boost::json;

namespace {
// Sealing contexts of the registry columns read here (registry/project_service.hpp, enterprises.hpp).
constexpr std::string_view kStaffPhoneContext = "registry_project_staff.phone";
constexpr std::string_view kEnterprisePhoneContext = "registry_enterprise.contact_phone";

std::string LevelLabel(std::string_view level) {
    if (level == "red") return "红色";
    if (level == "yellow") return "黄色";
    return "蓝色";
}
}  // namespace

void OutboxWarningNotifier::Notify(storage::Transaction& tx, const Warning& warning, std::string_view template_name,
                                   const json::object& /*params*/, const std::string& dedupe_key) {
    if (!cipher_ || !warning.project_id) return;
    auto project = tx.QueryOptional("SELECT name FROM registry_project WHERE id = $1", {*warning.project_id});
    if (!project) return;
    const IndicatorInfo* info = FindIndicator(warning.indicator);
    json::object message_params{{"projectName", project->Text(0)},
                                {"level", LevelLabel(warning.level)},
                                {"indicator", info ? std::string(info->name) : warning.indicator},
                                {"deadline", warning.deadline_on.ToString()}};
    // (recipient key for the dedupe, sealed phone, context)
    std::vector<std::tuple<std::string, std::string, std::string_view>> recipients;
    for (const auto& r : tx.Query("SELECT duty, phone_enc FROM registry_project_staff WHERE project_id = $1 AND "
                                  "phone_enc IS NOT NULL ORDER BY duty",
                                  {*warning.project_id}))
        recipients.emplace_back(r.Text(0), r.Text(1), kStaffPhoneContext);
    if (warning.responsible_id && (warning.responsible_kind == "enterprise" || warning.responsible_kind == "construction_unit")) {
        auto e = tx.QueryOptional("SELECT contact_phone_enc FROM registry_enterprise WHERE id = $1 AND contact_phone_enc "
                                  "IS NOT NULL",
                                  {*warning.responsible_id});
        if (e) recipients.emplace_back("enterprise", e->Text(0), kEnterprisePhoneContext);
    }
    std::set<std::string> phones;
    for (const auto& [who, sealed, context] : recipients) {
        std::string phone = cipher_->Open(sealed, context);
        if (!phones.insert(phone).second) continue;
        notify::Enqueue(tx, clock_, *cipher_,
                        notify::OutboxMessage{std::string(notify::kChannelSms), phone, std::string(template_name),
                                              message_params, dedupe_key + ":" + who});
    }
}

}  // namespace anxin::warnings
