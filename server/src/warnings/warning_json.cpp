#include "warnings/warning_json.hpp"

namespace anxin::warnings {

namespace json = boost::json;

std::string MaskName(std::string_view name) {
    if (name.empty()) return {};
    // Length of the first UTF-8 character.
    auto lead = static_cast<unsigned char>(name[0]);
    size_t first = lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4;
    first = std::min(first, name.size());
    size_t rest = 0;
    for (size_t i = first; i < name.size(); ++i)
        if ((static_cast<unsigned char>(name[i]) & 0xC0) != 0x80) ++rest;
    return std::string(name.substr(0, first)) + std::string(std::max<size_t>(rest, 1), '*');
}

json::value MaskEvidence(const json::value& evidence) {
    if (evidence.is_object()) {
        json::object out;
        for (const auto& [key, value] : evidence.as_object()) {
            if (key == "workerName" && value.is_string())
                out[key] = MaskName(std::string_view(value.as_string()));
            else
                out[key] = MaskEvidence(value);
        }
        return out;
    }
    if (evidence.is_array()) {
        json::array out;
        for (const auto& v : evidence.as_array()) out.push_back(MaskEvidence(v));
        return out;
    }
    return evidence;
}

bool SeesFullNames(const core::Principal& principal) { return principal.role == "supervisor"; }

namespace {
json::value Opt(const std::optional<std::string>& s) { return s ? json::value(*s) : json::value(nullptr); }
json::value OptTime(const std::optional<core::Timestamp>& t) {
    return t ? json::value(core::FormatTimestamp(*t)) : json::value(nullptr);
}
}  // namespace

json::object WarningJson(const Warning& w, bool full_names) {
    const IndicatorInfo* info = FindIndicator(w.indicator);
    return json::object{{"id", w.id},
                        {"indicator", w.indicator},
                        {"indicatorName", info ? json::value(info->name) : json::value(nullptr)},
                        {"subjectKind", w.subject_kind},
                        {"subjectId", w.subject_id},
                        {"period", w.period},
                        {"projectId", Opt(w.project_id)},
                        {"enterpriseId", Opt(w.enterprise_id)},
                        {"regionCode", w.region_code},
                        {"industry", w.industry},
                        {"level", w.level},
                        {"status", w.status},
                        {"evidence", full_names ? w.evidence : MaskEvidence(w.evidence)},
                        {"explanation", w.explanation},
                        {"firstSeenAt", core::FormatTimestamp(w.first_seen_at)},
                        {"lastSeenAt", core::FormatTimestamp(w.last_seen_at)},
                        {"levelChangedAt", core::FormatTimestamp(w.level_changed_at)},
                        {"raisedOn", w.raised_on.ToString()},
                        {"deadlineOn", w.deadline_on.ToString()},
                        {"responsibleKind", w.responsible_kind},
                        {"responsibleId", Opt(w.responsible_id)},
                        {"caseId", Opt(w.case_id)},
                        {"clearedAt", OptTime(w.cleared_at)},
                        {"dismissedReason", Opt(w.dismissed_reason)},
                        {"dismissedBy", Opt(w.dismissed_by)}};
}

json::object EventJson(const WarningEvent& e) {
    return json::object{{"id", e.id},
                        {"kind", e.kind},
                        {"at", core::FormatTimestamp(e.at)},
                        {"actor", e.actor},
                        {"detail", e.detail}};
}

json::object RunSummaryJson(const RunSummary& run) {
    json::array failures;
    for (const auto& f : run.failures)
        failures.push_back(json::object{{"indicator", f.indicator}, {"projectId", Opt(f.project_id)}, {"error", f.error}});
    return json::object{{"id", run.id},
                        {"asOf", run.as_of.ToString()},
                        {"kind", run.kind},
                        {"startedAt", core::FormatTimestamp(run.started_at)},
                        {"finishedAt", core::FormatTimestamp(run.finished_at)},
                        {"projects", run.projects},
                        {"raised", run.raised},
                        {"updated", run.updated},
                        {"cleared", run.cleared},
                        {"escalatedToCase", run.escalated_to_case},
                        {"failures", std::move(failures)}};
}

json::object SummaryJson(const WarningSummary& s) {
    auto rows = [](const std::vector<CountRow>& counts) {
        json::object o;
        for (const auto& c : counts) o[c.key] = c.count;
        return o;
    };
    json::array counties;
    for (const auto& c : s.by_county)
        counties.push_back(json::object{{"countyCode", c.county_code}, {"red", c.red}, {"yellow", c.yellow}, {"blue", c.blue}});
    return json::object{{"regionCode", s.region_code},
                        {"byLevel", rows(s.by_level)},
                        {"byStatus", rows(s.by_status)},
                        {"byIndicator", rows(s.by_indicator)},
                        {"byCounty", std::move(counties)},
                        {"cleared", s.closed},
                        {"clearedWithinDeadline", s.cleared_within_deadline},
                        {"clearanceRate", s.clearance_rate}};
}

json::object IndicatorJson(const IndicatorInfo& info) {
    return json::object{{"code", info.code},
                        {"name", info.name},
                        {"family", info.family},
                        {"levels", info.levels},
                        {"basis", info.basis},
                        {"responsible", info.responsible},
                        {"evaluated", info.evaluated},
                        {"notEvaluated", info.not_evaluated}};
}

}  // namespace anxin::warnings
