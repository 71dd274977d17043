// The complaint side of the demo province: clues from every channel, their cases handled over six
// weeks on the replay clock, and the warnings raised and escalated.
#include "demo/generator.hpp"

namespace anxin::demo::generator {

// ---- clues, cases and warnings ----

std::vector<ComplaintTemplate> Generator::ComplaintTemplates() const {
    using A = ComplaintAct;
    namespace json = boost::json;
    auto step = [](int day, std::string kind, json::object fields = {}, int hour = 15) {
        return A{A::kStep, day, hour, std::move(kind), std::move(fields)};
    };
    auto act = [](A::Kind kind, int day, int hour = 11) { return A{kind, day, hour, {}, {}}; };
    const A accept = act(A::kAccept, 0);
    const A contact = step(0, "contact", {{"method", "phone"}}, 14);
    auto verify = [&](int day) { return step(day, "verify", {{"findings", "调取考勤和工资发放记录，欠薪情况属实"}}); };
    std::vector<ComplaintTemplate> t;
    // Not yet decided (H5, filed this morning) and not accepted (another kind of dispute).
    t.push_back({"received", "web", 0, false, false, 0, 1, false, {}, "received", {}});
    t.push_back({"rejected", "hotline_12333", 3, false, false, 0, 1, false, {}, "rejected", {act(A::kReject, 1)}});
    // Accepted this morning; accepted three weeks ago and never contacted (yellow, then red).
    t.push_back({"accepted", "project_qr", 0, true, false, 0, 1, false, {}, "accepted/none", {accept}});
    t.push_back({"accepted-red", "national_platform", 16, true, false, 0, 1, false, {}, "accepted/red", {accept}});
    // Contacted yesterday; contacted a week ago without a first answer (yellow).
    t.push_back({"contacted", "hotline_12345", 1, true, false, 0, 1, false, {}, "contacted/none", {accept, contact}});
    t.push_back({"contacted-yellow", "petition", 7, true, false, 0, 1, false, {}, "contacted/yellow", {accept, contact}});
    // A team leader for eight workers; another worker of the site joins, then a 12345 call about
    // the same employer without naming the site: one collective case with a claim ledger.
    t.push_back({"collective", "walk_in", 5, true, false, 0, 8, false, {}, "verifying/none",
                 {accept, contact, verify(1), act(A::kJoin, 2), act(A::kEmployerJoin, 3)}});
    // Past the close deadline (yellow), then taken into a formal investigation (60 working days).
    t.push_back({"investigating-yellow", "national_platform", 20, true, false, 0, 1, false, {}, "verifying/yellow",
                 {accept, contact, verify(1), step(18, "investigate", {{"note", "案情复杂，经批准立案调查"}})}});
    // Verified, then nothing for weeks: yellow, and red ten days later.
    t.push_back({"verifying-red", "hotline_12345", 30, true, false, 0, 1, false, {}, "verifying/red",
                 {accept, contact, verify(1)}});
    // A key clue transferred by the city with red supervision: ordered to pay within ten days.
    t.push_back({"key-ordered", "transfer", 3, true, false, 0, 1, false, std::string("red"), "ordered/none",
                 {accept, contact, verify(1), step(2, "order", {{"payByDays", 10}})}});
    t.push_back({"mediating", "walk_in", 6, true, false, 0, 1, false, {}, "mediating/none",
                 {accept, contact, verify(1), step(2, "mediate"), step(4, "mediation_agreement")}});
    // Ordered to pay by a date that passed (yellow); paying since.
    t.push_back({"paying-yellow", "hotline_12333", 19, true, false, 0, 1, false, {}, "paying/yellow",
                 {accept, contact, verify(1), step(2, "order", {{"payByDays", 5}}), step(9, "pay")}});
    // The emergency fund advanced the wages; the employer repays part later.
    t.push_back({"fund-advance", "national_platform", 25, true, true, 4, 1, false, {}, "closed/none",
                 {accept, contact, verify(1), step(3, "fund_advance"), step(4, "close", {{"conclusion", "应急周转金垫付"}}),
                  step(12, "fund_repayment")}});
    // Twelve workers, refusal to pay: transferred to the police.
    t.push_back({"police", "petition", 28, true, true, 12, 12, false, {}, "closed/none",
                 {accept, contact, verify(1), step(2, "investigate"), step(10, "police_transfer", {{"receiptNumber", "JSLA"}}),
                  step(12, "close", {{"conclusion", "已移送公安"}})}});
    // Paid through the dedicated account: closed as paid on the bank's confirmation.
    t.push_back({"closed-paid", "project_qr", 10, true, true, 7, 1, true, {}, "closed/none",
                 {accept, contact, verify(1), step(2, "order", {{"payByDays", 7}}), step(5, "pay"), act(A::kClosePaid, 7, 16)}});
    // First contact two days late (yellow), then paid and closed.
    t.push_back({"closed-paid-yellow", "hotline_12345", 24, true, true, 8, 1, true, {}, "closed/yellow",
                 {accept, step(2, "contact", {{"method", "visit"}}), verify(3), act(A::kClosePaid, 8, 16)}});
    // Closed as unfounded; the worker answers 仍未到账 on the H5 page: reopened one level up.
    t.push_back({"reopened", "national_platform", 12, true, false, 0, 1, false, {}, "verifying/none",
                 {accept, contact, verify(1), step(3, "close", {{"conclusion", "不属实"}}), act(A::kReopen, 6, 20)}});
    return t;
}

namespace {
std::string ComplaintText(const ComplaintTemplate& tpl, const std::string& project, const std::string& from,
                          const std::string& to, std::int64_t workers) {
    std::string months = from == to ? from : from + " 至 " + to;
    std::string who = workers > 1 ? "我们班组 " + std::to_string(workers) + " 人" : "本人";
    if (tpl.name == "rejected") return "在" + project + "干活时受伤，要求公司赔偿医药费和误工费。";
    return who + "在" + project + "务工，" + months + " 的工资至今未发放，多次找班组长和项目部未果，请求帮助追讨。";
}
}  // namespace

void Generator::FileComplaint(ComplaintServices& cs, ComplaintPlan& c, Rng& rng, int n) {
    const auto& p = projects_[static_cast<std::size_t>(c.project)];
    const auto& w = workers_[static_cast<std::size_t>(c.worker)];
    const std::string rid = "demo-clue-" + std::to_string(n);
    clues::ClueInput in;
    in.channel = c.channel;
    in.is_construction = p.construction;
    in.complainant_name = w.name;
    in.phone = w.phone;
    // Hotlines often take no ID number; the national platform and the QR page ask for it, and so does
    // an officer who means to check the bank's record of the claimed month.
    if (c.channel != "hotline_12345" || c.tpl->claim_paid_month || rng.Chance(0.5)) in.id_number = w.id_number;
    in.unpaid_from = c.from;
    in.unpaid_to = c.to;
    in.amount = c.amount;
    in.worker_count = c.tpl->workers;
    in.description = ComplaintText(*c.tpl, p.name, c.from, c.to, c.tpl->workers);
    in.identity_disclosure_agreed = rng.Chance(0.3);
    // Workers mostly know the site, not the company: the clue names the project. The collective
    // complaint names the employer (so a later call about the employer joins the case).
    if (c.tpl->name == "collective") {
        const auto& e = ents_[static_cast<std::size_t>(w.employer)];
        in.employer_name = e.name;
        in.employer_credit_code = e.credit_code;
    }
    if (c.channel == "web") {
        // The H5 page without a QR code: the company as the worker knows it, and the place.
        in.employer_name = ents_[static_cast<std::size_t>(p.gc)].name;
        in.region_code = p.town->code;
    } else {
        in.project_id = p.id;
    }
    if (c.tpl->key_grade) {
        in.key_grade = c.tpl->key_grade;
        in.key_reason = "省人社厅交办（全国根治欠薪线索反映平台督办件）";
    }
    if (c.channel == "project_qr" || c.channel == "web") {
        clues::PublicSubmission sub;
        sub.clue = in;
        if (c.channel == "project_qr") {
            sub.clue.project_id.reset();
            sub.clue.project_token = p.public_token;
        }
        auto challenge = cs.clues.IssueChallenge();
        sub.challenge = challenge.challenge;
        sub.nonce = clues::SolveProofOfWork(challenge.challenge, challenge.difficulty);
        sub.remote_address = "203.0.113." + std::to_string(1 + n % 250);  // documentation range
        sub.request_id = rid;
        auto receipt = cs.clues.SubmitPublic(sub);
        c.tracking_code = receipt.tracking_code;
        // Routed by the project, or by the employer the worker named (its registered region).
        clues::ClueQuery q;
        q.project_id = c.channel == "project_qr" ? std::optional<std::string>(p.id) : std::nullopt;
        q.status = "received";
        q.limit = 1000;
        for (const auto& clue : cs.clues.List(Province(rid), q).items)
            if (clue.tracking_code == c.tracking_code) c.clue_id = clue.id;
        if (c.clue_id.empty()) throw Error(ErrorCode::kInternal, "demo: public clue not listed");
    } else if (c.channel == "national_platform" || c.channel == "hotline_12345") {
        // Pushed by the other system's feed.
        core::Principal feed;
        feed.user_id = feed.username = c.channel == "national_platform" ? "feed-national-platform" : "feed-12345";
        feed.role = std::string(role::kSystemAdmin);
        feed.region_code = "37";
        in.source_system = c.channel == "national_platform" ? "national_platform" : "hotline_12345";
        in.source_id = (c.channel == "national_platform" ? "GZQX" : "12345-") + Pad(n, 8);
        auto result = cs.clues.Feed(Ctx(feed, rid), in);
        c.clue_id = result.clue.id;
        c.tracking_code = result.clue.tracking_code;
    } else {
        // Taken by the county (12333, petitions, walk-ins) or transferred by the city.
        const std::string region = c.channel == "transfer" ? p.town->city : p.town->county;
        auto clue = cs.clues.Create(Officer(region, rid), in);
        c.clue_id = clue.id;
        c.tracking_code = clue.tracking_code;
    }
    Count("clues");
}

void Generator::RunComplaintAct(ComplaintServices& cs, ComplaintPlan& c, const ComplaintAct& act, core::Date on,
                                Rng& rng, int n) {
    namespace json = boost::json;
    const auto& p = projects_[static_cast<std::size_t>(c.project)];
    const std::string county = p.town->county;
    const std::string rid = "demo-case-" + std::to_string(n);
    auto officer = Officer(county, rid);
    switch (act.kind) {
        case ComplaintAct::kAccept: {
            auto clue = cs.clues.Decide(officer, c.clue_id, clues::Decision{true, ""});
            if (!clue.case_id) throw Error(ErrorCode::kInternal, "demo: accepted clue without a case");
            c.case_id = *clue.case_id;
            return;
        }
        case ComplaintAct::kReject:
            cs.clues.Decide(officer, c.clue_id,
                            clues::Decision{false, "经核实属工伤赔偿争议，不属于欠薪线索，已告知通过劳动仲裁途径解决"});
            return;
        case ComplaintAct::kJoin:
        case ComplaintAct::kEmployerJoin: {
            // Another worker of the same site (QR code), or a 12345 call naming only the employer.
            ComplaintPlan other = c;
            other.clue_id.clear();
            other.worker = c.join_worker;
            other.channel = act.kind == ComplaintAct::kJoin ? "project_qr" : "hotline_12345";
            static const ComplaintTemplate single{"join", "", 0, true, false, 0, 1, false, {}, "", {}};
            other.tpl = &single;
            const auto& w = workers_[static_cast<std::size_t>(other.worker)];
            other.amount = w.wage_type == "daily" ? w.rate * 22 : w.rate;
            if (act.kind == ComplaintAct::kJoin) {
                FileComplaint(cs, other, rng, n + 500000);
            } else {
                const auto& first = workers_[static_cast<std::size_t>(c.worker)];
                const auto& e = ents_[static_cast<std::size_t>(first.employer)];
                clues::ClueInput in;
                in.channel = "hotline_12345";
                in.source_system = "hotline_12345";
                in.source_id = "12345-" + Pad(n + 700000, 8);
                in.complainant_name = w.name;
                in.phone = w.phone;
                in.employer_name = e.name;
                in.employer_address = "不清楚";
                in.unpaid_from = c.from;
                in.unpaid_to = c.to;
                in.amount = other.amount;
                in.description = "来电反映" + e.name + "拖欠其 " + c.from + " 起的工资，未说明具体工地。";
                core::Principal feed;
                feed.user_id = feed.username = "feed-12345";
                feed.role = std::string(role::kSystemAdmin);
                feed.region_code = "37";
                auto result = cs.clues.Feed(Ctx(feed, rid), in);
                other.clue_id = result.clue.id;
                Count("clues");
                auto decided = cs.clues.Decide(Officer(result.clue.county_code, rid), other.clue_id,
                                               clues::Decision{true, ""});
                if (decided.case_id != c.case_id) Count("complaints_not_merged");
                return;
            }
            auto decided = cs.clues.Decide(officer, other.clue_id, clues::Decision{true, ""});
            if (decided.case_id != c.case_id) Count("complaints_not_merged");
            return;
        }
        case ComplaintAct::kReopen:
            cs.clues.Confirm(c.tracking_code, workers_[static_cast<std::size_t>(c.worker)].phone, false,
                             "203.0.113.251", rid);
            return;
        case ComplaintAct::kClosePaid: {
            cases::NewStep close{"close", json::object{{"conclusion", std::string(cases::kConclusionPaid)}}, {}};
            try {
                cs.cases.AddStep(officer, c.case_id, close);
            } catch (const Error& e) {
                if (e.code() != ErrorCode::kConflict) throw;
                // The bank data does not cover it all: the worker confirms on the H5 page first.
                cs.clues.Confirm(c.tracking_code, workers_[static_cast<std::size_t>(c.worker)].phone, true,
                                 "203.0.113.252", rid);
                cs.cases.AddStep(officer, c.case_id, close);
                Count("cases_paid_by_worker_confirmation");
            }
            return;
        }
        case ComplaintAct::kStep: {
            cases::NewStep s{act.step, act.fields, {}};
            if (auto* days = s.fields.if_contains("payByDays")) {
                // In working days: a pay-by date inside the Spring Festival would pass unnoticed.
                s.fields["payBy"] =
                    core::WorkingCalendar::Embedded().AddWorkingDays(on, static_cast<int>(days->as_int64())).ToString();
                s.fields.erase("payByDays");
            }
            if (act.step == "pay") s.fields["amount"] = c.amount;
            if (act.step == "mediation_agreement") {
                s.fields["agreementRef"] = "（" + std::to_string(on.year()) + "）劳调字第 " + Pad(n % 1000, 3) + " 号";
                s.fields["amount"] = c.amount * 9 / 10;
            }
            if (act.step == "fund_advance") {
                s.fields["amount"] = c.amount;
                s.fields["approver"] = p.town->county_name + "人力资源和社会保障局局长";
            }
            if (act.step == "fund_repayment") {
                auto detail = cs.cases.Get(officer, c.case_id);
                if (detail.fund_advances.empty()) throw Error(ErrorCode::kInternal, "demo: no advance to repay");
                s.fields["advanceId"] = detail.fund_advances.front().id;
                s.fields["amount"] = detail.fund_advances.front().amount / 2;
            }
            if (act.step == "police_transfer") s.fields["receiptNumber"] = "JSLA-" + county + "-" + Pad(n, 6);
            cs.cases.AddStep(officer, c.case_id, s);
            return;
        }
    }
}

void Generator::GenerateCluesAndCases() {
    Rng rng = rng_.Fork("complaints");
    const auto& calendar = core::WorkingCalendar::Embedded();
    // The replay starts eight weeks back; events of today are squeezed before the real "now".
    const Date start = today_.AddDays(-56);
    const core::Timestamp real_now = clock_.Now();
    const core::Timestamp today_start = today_.StartInShanghai();
    auto at = [&](Date day, int minute_of_day) {
        core::Timestamp t = day.StartInShanghai() + std::chrono::minutes(minute_of_day);
        if (day < today_) return t;
        return today_start + (real_now - today_start) * minute_of_day / (24 * 60);
    };
    core::ManualClock sim(at(start, 6 * 60));
    ComplaintServices cs(db_, sim, cipher_, services_);
    static const std::vector<ComplaintTemplate> templates = ComplaintTemplates();

    // Who complains about what: projects with workers, those in arrears first, then the late payers,
    // 历下区 (the county logins), then the rest in seeded order.
    std::vector<std::vector<int>> workers_of(projects_.size());
    for (std::size_t i = 0; i < workers_.size(); ++i)
        workers_of[static_cast<std::size_t>(workers_[i].project)].push_back(static_cast<int>(i));
    std::vector<int> candidates;
    for (std::size_t i = 0; i < projects_.size(); ++i)
        if (workers_of[i].size() >= 3) candidates.push_back(static_cast<int>(i));
    for (std::size_t i = candidates.size(); i > 1; --i) std::swap(candidates[i - 1], candidates[rng.Below(i)]);
    auto rank = [&](int i) {
        const auto& p = projects_[static_cast<std::size_t>(i)];
        return p.arrears ? 0 : p.late_payer ? 1 : i < 9 ? 2 : 3;
    };
    std::stable_sort(candidates.begin(), candidates.end(), [&](int a, int b) { return rank(a) < rank(b); });
    if (candidates.empty()) return;

    // One round of stories per ~45 projects with workers (the small province gets one).
    const int rounds = std::max(1, static_cast<int>(std::lround(static_cast<double>(candidates.size()) / 45.0)));
    static const std::vector<std::string> kChannels = {"national_platform", "hotline_12345", "hotline_12333",
                                                       "petition",          "walk_in",       "project_qr"};
    static const std::vector<double> kChannelWeights = {0.32, 0.25, 0.15, 0.06, 0.08, 0.14};
    std::vector<ComplaintPlan> plans;
    for (int r = 0; r < rounds; ++r) {
        for (const auto& tpl : templates) {
            ComplaintPlan c;
            c.tpl = &tpl;
            c.channel = tpl.channel;
            if (r > 0 && tpl.channel != "transfer" && tpl.channel != "web") c.channel = kChannels[rng.Weighted(kChannelWeights)];
            c.received_on = calendar.AddWorkingDays(today_, -tpl.age);
            plans.push_back(std::move(c));
        }
    }
    std::stable_sort(plans.begin(), plans.end(),
                     [](const ComplaintPlan& a, const ComplaintPlan& b) { return a.received_on < b.received_on; });
    // A project has one open case at a time: a story that opens a case takes a project whose earlier
    // story's case is closed by then.
    std::map<int, Date> busy_until;
    std::set<int> used_workers;
    std::size_t rotate = 0;
    for (auto& c : plans) {
        const auto& tpl = *c.tpl;
        for (int candidate : candidates) {
            const auto& p = projects_[static_cast<std::size_t>(candidate)];
            if (tpl.claim_paid_month && (!p.has_account || p.start_on > months_[0].first)) continue;
            if (tpl.needs_case) {
                auto it = busy_until.find(candidate);
                if (it != busy_until.end() && !(it->second < c.received_on)) continue;
            } else if (candidate != candidates[rotate++ % candidates.size()]) {
                continue;
            }
            c.project = candidate;
            break;
        }
        if (c.project < 0 && !tpl.needs_case) c.project = candidates.front();
        if (c.project < 0) {
            Count("complaint_stories_skipped");  // too few projects for every story
            continue;
        }
        if (tpl.needs_case)
            busy_until[c.project] = tpl.closes ? calendar.AddWorkingDays(c.received_on, tpl.close_day) : Date(9999, 12, 31);
        // The complainant: a worker of the site there through the claimed months.
        std::vector<int> eligible;
        for (int m = 0; m < 3; ++m)
            if (months_[static_cast<std::size_t>(m)].last < c.received_on) eligible.push_back(m);
        if (eligible.empty()) eligible.push_back(0);
        int from_m = tpl.claim_paid_month ? 0 : eligible.size() > 1 && rng.Chance(0.5) ? eligible[eligible.size() - 2] : eligible.back();
        int to_m = tpl.claim_paid_month ? 0 : eligible.back();
        const auto& pool = workers_of[static_cast<std::size_t>(c.project)];
        auto pick = [&](bool strict) {
            const std::size_t first = rng.Below(pool.size());
            for (std::size_t k = 0; k < pool.size(); ++k) {
                int wi = pool[(first + k) % pool.size()];
                const auto& w = workers_[static_cast<std::size_t>(wi)];
                if (used_workers.count(wi)) continue;
                if (strict && (months_[static_cast<std::size_t>(from_m)].first < w.start_on ||
                               (w.leave_on && *w.leave_on < months_[static_cast<std::size_t>(to_m)].last)))
                    continue;
                used_workers.insert(wi);
                return wi;
            }
            return -1;
        };
        c.worker = pick(true);
        if (c.worker < 0) c.worker = pick(false);
        if (c.worker < 0) c.worker = pool.front();
        c.join_worker = pick(false);
        if (c.join_worker < 0) c.join_worker = c.worker;
        c.from = months_[static_cast<std::size_t>(from_m)].period;
        c.to = months_[static_cast<std::size_t>(to_m)].period;
        const auto& w = workers_[static_cast<std::size_t>(c.worker)];
        const std::int64_t months = to_m - from_m + 1;
        if (tpl.claim_paid_month) {
            // Less than a month's pay: the bank's confirmation of that month covers it.
            c.amount = w.wage_type == "daily" ? w.rate * 8 : w.rate / 3;
        } else {
            c.amount = (w.wage_type == "daily" ? w.rate * 22 : w.rate) * months * tpl.workers;
        }
        Fingerprint(tpl.name + c.channel + projects_[static_cast<std::size_t>(c.project)].code + w.id_number +
                    std::to_string(c.amount));
    }

    // The timeline: every story's filing and acts, the SLA check every morning at 06:00, the nightly
    // warning evaluation ten days ago (its red and yellow warnings pass their deadlines) and last night.
    struct Event {
        core::Timestamp at;
        int order = 0;
        std::function<void()> run;
    };
    std::vector<Event> events;
    int seq = 0;
    auto guarded = [this](ComplaintPlan& c, std::function<void()> work) {
        return [this, &c, work = std::move(work)] {
            if (c.failed) return;
            try {
                work();
            } catch (const Error& e) {
                c.failed = true;
                Count("complaint_failures");
                spdlog::warn("demo: complaint story {} on {} failed: {}", c.tpl->name,
                             projects_[static_cast<std::size_t>(c.project)].code, e.what());
            }
        };
    };
    for (std::size_t i = 0; i < plans.size(); ++i) {
        auto& c = plans[i];
        if (c.project < 0) continue;
        const int n = static_cast<int>(i) + 1;
        const int filed = static_cast<int>(rng.Between(8 * 60 + 30, 10 * 60 + 30));
        events.push_back({at(c.received_on, filed), seq++, guarded(c, [this, &cs, &c, &rng, n] { FileComplaint(cs, c, rng, n); })});
        for (const auto& a : c.tpl->acts) {
            const Date on = calendar.AddWorkingDays(c.received_on, a.day);
            const int minute = std::max(filed + 30, a.hour * 60 + static_cast<int>(rng.Below(50)));
            events.push_back({at(on, minute), seq++,
                              guarded(c, [this, &cs, &c, &a, on, &rng, n] { RunComplaintAct(cs, c, a, on, rng, n); })});
        }
    }
    for (Date d = start.AddDays(1); !(today_ < d); d = d.AddDays(1)) {
        events.push_back({at(d, 6 * 60), seq++, [&cs, d] { cs.cases.RunSlaCheck(d); }});
    }
    const Date early = today_.AddDays(-10);
    auto evaluate = [this, &cs](Date as_of) {
        Timer t;
        auto run = cs.warnings.EvaluateAll(as_of);
        warning_seconds_ += t.Seconds();
        Count("warning_runs");
        Count("warnings_escalated_to_case", run.escalated_to_case);
        Count("warning_run_failures", static_cast<std::int64_t>(run.failures.size()));
        for (const auto& f : run.failures) spdlog::warn("demo: warning indicator {} failed: {}", f.indicator, f.error);
    };
    // Ten days ago a third of the projects were evaluated (the incremental runs after their data
    // arrived): their red and yellow warnings pass the deadline by last night's full run.
    std::vector<std::string> early_projects;
    for (std::size_t i = 0; i < projects_.size(); i += 3) early_projects.push_back(projects_[i].id);
    events.push_back({at(early.AddDays(1), 2 * 60), seq++, [this, &cs, early, early_projects] {
                          Timer t;
                          auto run = cs.warnings.EvaluateProjects(early_projects, early);
                          warning_seconds_ += t.Seconds();
                          Count("warning_runs");
                          Count("warning_run_failures", static_cast<std::int64_t>(run.failures.size()));
                      }});
    events.push_back({at(today_, 2 * 60), seq++, [evaluate, this] { evaluate(today_.AddDays(-1)); }});
    events.push_back({at(today_, 10 * 60), seq++, [this, &cs] { HandleWarnings(cs); }});
    std::stable_sort(events.begin(), events.end(), [](const Event& a, const Event& b) {
        return a.at == b.at ? a.order < b.order : a.at < b.at;
    });
    for (auto& e : events) {
        if (sim.Now() < e.at) sim.Set(e.at);
        e.run();
    }
    // Did every story end where it was meant to ("state/card", or the clue's status)?
    for (const auto& c : plans) {
        if (c.project < 0 || c.failed) continue;
        std::string outcome;
        if (c.case_id.empty()) {
            outcome = cs.clues.Get(Province("demo-check"), c.clue_id).status;
        } else {
            const auto detail = cs.cases.Get(Province("demo-check"), c.case_id);
            outcome = detail.item.state + "/" + detail.item.card.value_or("none");
        }
        if (outcome == c.tpl->expect) {
            Count("complaint_stories_as_planned");
        } else {
            Count("complaint_stories_off_plan");
            spdlog::warn("demo: complaint story {} on {} ended {} (planned {})", c.tpl->name,
                         projects_[static_cast<std::size_t>(c.project)].code, outcome, c.tpl->expect);
        }
    }
    CountComplaints(cs);
}

// This morning: the general contractors acknowledge or start handling some of last night's warnings,
// the county dismisses a few it found explained.
void Generator::HandleWarnings(ComplaintServices& cs) {
    std::map<std::string, int> ent_index;
    for (std::size_t i = 0; i < ents_.size(); ++i) ent_index[ents_[i].id] = static_cast<int>(i);
    warnings::WarningQuery q;
    q.status = "open";
    q.limit = 1000;
    // In an order the seed decides (the list's is by id, which is not).
    std::map<std::string, std::string> code_of;
    for (const auto& p : projects_) code_of[p.id] = p.code;
    auto open = cs.warnings.List(Province("demo-warnings"), q).items;
    auto key = [&](const warnings::Warning& w) {
        return std::make_tuple(w.indicator, code_of[w.project_id.value_or("")], w.period, w.subject_kind, w.level,
                               w.explanation);
    };
    std::stable_sort(open.begin(), open.end(), [&](const auto& a, const auto& b) { return key(a) < key(b); });
    int k = 0;
    for (const auto& w : open) {
        auto ent = w.enterprise_id ? ent_index.find(*w.enterprise_id) : ent_index.end();
        if (ent == ent_index.end()) continue;
        const std::string rid = "demo-warning-" + std::to_string(++k);
        try {
            if (k % 4 == 1) {
                cs.warnings.Acknowledge(EnterpriseUser(ent->second, rid), w.id, "已收到，正在核实");
                Count("warnings_acknowledged");
            } else if (k % 4 == 2) {
                cs.warnings.StartHandling(EnterpriseUser(ent->second, rid), w.id, "已安排劳资专管员整改");
                Count("warnings_handling");
            } else if (k % 10 == 3) {
                cs.warnings.Dismiss(Officer(w.region_code.substr(0, 6), rid), w.id, "经核实系数据延迟上报，已补录");
                Count("warnings_dismissed");
            }
        } catch (const Error& e) {
            Count("warning_action_failures");
            spdlog::warn("demo: warning {} {}: {}", w.indicator, w.id, e.what());
        }
    }
}

void Generator::CountComplaints(ComplaintServices& cs) {
    auto province = Province("demo-count");
    for (std::int64_t offset = 0;;) {
        clues::ClueQuery q;
        q.offset = offset;
        q.limit = 1000;
        auto page = cs.clues.List(province, q);
        for (const auto& c : page.items) {
            Count("clues_channel_" + c.channel);
            Count("clues_status_" + c.status);
            if (c.key_grade) Count("clues_key_" + *c.key_grade);
        }
        offset += static_cast<std::int64_t>(page.items.size());
        if (page.items.empty() || offset >= page.total) break;
    }
    for (std::int64_t offset = 0;;) {
        cases::CaseQuery q;
        q.offset = offset;
        q.limit = 200;
        auto page = cs.cases.List(province, q);
        for (const auto& c : page.items) {
            Count("cases");
            Count("cases_state_" + c.state);
            Count("cases_card_" + c.card.value_or("none"));
            if (c.collective) Count("cases_collective");
            if (c.escalation_level > 0) Count("cases_reopened");
            if (c.warning_id) Count("cases_from_warning");
            if (c.conclusion) Count("cases_closed_" + *c.conclusion);
        }
        offset += static_cast<std::int64_t>(page.items.size());
        if (page.items.empty() || offset >= page.total) break;
    }
    auto summary = cs.warnings.Summarize(province, "37");
    for (const auto& row : summary.by_level) Count("warnings_active_" + row.key, row.count);
    for (const auto& row : summary.by_status) Count("warnings_status_" + row.key, row.count);
    for (const auto& row : summary.by_indicator) Count("warnings_indicator_" + row.key, row.count);
}

}  // namespace anxin::demo::generator
