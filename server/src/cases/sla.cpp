#include "cases/sla.hpp"

#include <boost/json.hpp>

#include "audit/audit.hpp"
#include "cases/case_repository.hpp"
#include "cases/case_service.hpp"
#include "core/error.hpp"
#include "region/region.hpp"

namespace anxin::cases {

namespace json = boost::json;

std::string DescribeSlaReport(const SlaReport& report) {
    return "sla-check " + report.as_of.ToString() + ": " + std::to_string(report.checked) + " open cases checked, " +
           std::to_string(report.yellow.size()) + " yellow, " + std::to_string(report.red.size()) + " red, " +
           std::to_string(report.messages) + " messages, " + std::to_string(report.reminders) + " deadline reminders";
}

// case.deadline_soon to the handling region's handlers for each deadline due within
// case.deadline_soon_working_days working days: keyed by (case, deadline kind, deadline date), so a
// deadline that moves (pause, extension, order) is reminded of again and a re-run is not.
std::int64_t CaseService::RemindHandlers(storage::Transaction& tx, const Case& c, core::Date as_of) {
    const int days = static_cast<int>(parameters_.GetInt(tx, c.region_code, "case.deadline_soon_working_days"));
    if (days <= 0) return 0;
    workflow::DeadlineInput in{c.deadline_base_on, c.state,    c.key_grade, c.investigation,
                               c.extended,         static_cast<int>(c.paused_working_days), c.pay_by_on};
    const Deadlines d = workflow::ComputeDeadlines(calendar_, Rules(tx, c.region_code), in);
    std::int64_t due = 0;
    for (const auto& deadline : workflow::ReminderDeadlines(d, c.state, c.pay_by_on)) {
        if (!workflow::ReminderDue(calendar_, deadline.on, days, as_of)) continue;
        const std::string recipient = "region:" + c.handling_region;
        Send(tx, c, notify::OutboxMessage{std::string(notify::kChannelInternal), recipient, "case.deadline_soon",
                             json::object{{"caseNumber", c.number},
                                          {"projectName", c.employer_name},
                                          {"deadlineLabel", deadline.label},
                                          {"deadline", deadline.on.ToString()}},
                             "case.deadline_soon:" + c.id + ":" + std::string(deadline.kind) + ":" +
                                 deadline.on.ToString() + ":" + recipient});
        ++due;
    }
    return due;
}

SlaReport CaseService::RunSlaCheck(core::Date as_of) {
    return storage::WithTransaction(db_, [&](storage::Transaction& tx) {
        SlaReport report;
        report.as_of = as_of;
        const auto ctx = core::SystemContext("sla-check");
        // A card is stamped now when checking today, else at noon of the date asked about.
        const core::Timestamp stamp = as_of == clock_.TodayInShanghai()
                                          ? clock_.Now()
                                          : as_of.StartInShanghai() + std::chrono::hours(12);
        for (Case c : repository::ListOpenCases(tx)) {
            ++report.checked;
            if (c.paused) continue;  // the clock is stopped: neither overdue nor getting redder, no reminders
            report.reminders += RemindHandlers(tx, c, as_of);
            const bool overdue = c.step_deadline_on && as_of > *c.step_deadline_on;
            if (!c.card && overdue) {
                c.card = "yellow";
                c.card_at = stamp;
                WriteStep(tx, c, "card",
                          ctx.principal,
                          json::object{{"card", "yellow"},
                                       {"deadline", c.step_deadline_on->ToString()},
                                       {"asOf", as_of.ToString()}},
                          {});
                repository::UpdateCase(tx, c);
                audit::RecordAudit(tx, clock_, ctx, "card", "case", c.id,
                                   json::object{{"card", "yellow"}, {"asOf", as_of.ToString()}});
                report.yellow.push_back(c.id);
            } else if (c.card == "yellow" && c.card_at) {
                const int red_after =
                    static_cast<int>(parameters_.GetInt(tx, c.region_code, "case.red_card_after_days"));
                const bool progressed = c.last_progress_at > *c.card_at;
                if (!workflow::DueForRed(core::Date::ShanghaiDateOf(*c.card_at), as_of, red_after, progressed)) continue;
                c.card = "red";
                c.card_at = stamp;
                WriteStep(tx, c, "card", ctx.principal,
                          json::object{{"card", "red"}, {"asOf", as_of.ToString()}, {"afterDays", red_after}}, {});
                repository::UpdateCase(tx, c);
                audit::RecordAudit(tx, clock_, ctx, "card", "case", c.id,
                                   json::object{{"card", "red"}, {"asOf", as_of.ToString()}});
                // Red cases go to the county's principal official (DOMAIN §7).
                const std::string region_name = CountyName(tx, c.county_code);
                for (const auto& recipient : PrincipalRecipients(tx, c.county_code)) {
                    Send(tx, c, notify::OutboxMessage{std::string(notify::kChannelInternal), recipient, "case.card",
                                         json::object{{"regionName", region_name},
                                                      {"caseNumber", c.number},
                                                      {"projectName", c.employer_name},
                                                      {"overdueDays", c.step_deadline_on
                                                                          ? c.step_deadline_on->DaysUntil(as_of)
                                                                          : 0}},
                                         "case.card:red:" + c.id + ":" + recipient});
                    ++report.messages;
                }
                report.red.push_back(c.id);
            }
        }
        return report;
    });
}

}  // namespace anxin::cases
