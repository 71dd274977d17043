#include "warnings/outbox_notifier.hpp"

#include <boost/json.hpp>
#include <set>

#include "notify/notify.hpp"
#include "registry/published.hpp"

namespace anxin::warnings {

namespace json = boost::json;

namespace {
std::string LevelLabel(std::string_view level) {
    if (level == "red") return "红色";
    if (level == "yellow") return "黄色";
    return "蓝色";
}
}  // namespace

void OutboxWarningNotifier::Notify(storage::Transaction& tx, const Warning& warning, std::string_view template_name,
                                   const json::object& /*params*/, const std::string& dedupe_key) {
    if (!cipher_ || !warning.project_id) return;
    auto project = tx.QueryOptional("SELECT name, region_code FROM registry_project WHERE id = $1", {*warning.project_id});
    if (!project) return;
    const IndicatorInfo* info = FindIndicator(warning.indicator);
    json::object message_params{{"projectName", project->Text(0)},
                                {"level", LevelLabel(warning.level)},
                                {"indicator", info ? std::string(info->name) : warning.indicator},
                                {"deadline", warning.deadline_on.ToString()}};
    // (recipient key for the dedupe, phone): the 五员 with a phone, then the responsible enterprise.
    std::vector<std::pair<std::string, std::string>> recipients;
    for (auto& contact : registry::StaffContacts(tx, *cipher_, *warning.project_id))
        recipients.emplace_back(contact.duty, std::move(contact.phone));
    if (warning.responsible_id && (warning.responsible_kind == "enterprise" || warning.responsible_kind == "construction_unit")) {
        if (auto phone = registry::EnterpriseContactPhone(tx, *cipher_, *warning.responsible_id))
            recipients.emplace_back("enterprise", std::move(*phone));
    }
    std::set<std::string> phones;
    for (const auto& [who, phone] : recipients) {
        if (!phones.insert(phone).second) continue;
        notify::Enqueue(tx, clock_, *cipher_,
                        notify::OutboxMessage{std::string(notify::kChannelSms), phone, std::string(template_name),
                                              message_params, dedupe_key + ":" + who, project->Text(1)});
    }
}

}  // namespace anxin::warnings
