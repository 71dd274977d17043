// Internal to the demo module: the plan structures, the services the generator composes (as
// app/app.cpp does) and the Generator itself, whose steps are defined by module in
// generator_registry.cpp (regions, enterprises, projects, workers, attendance, statuses, logins),
// generator_wages.cpp (accounts, payrolls, allocations, bank feed, deposits) and
// generator_complaints.cpp (clues, cases, warnings), generator_credit.cpp (the joint-punishment list);
// demo_generator.cpp runs them in order.
#pragma once

#include "demo/demo_generator.hpp"
#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <map>
#include <set>
#include <sstream>
#include <tuple>
#include <unordered_set>

#include "cases/case_service.hpp"
#include "cases/clue_hooks.hpp"
#include "cases/warning_hooks.hpp"
#include "clues/clue_service.hpp"
#include "core/calendar.hpp"
#include "core/error.hpp"
#include "core/identifiers.hpp"
#include "core/principal.hpp"
#include "demo/demo.hpp"
#include "deposits/deposit_service.hpp"
#include "deposits/deposits.hpp"
#include "identity/identity.hpp"
#include "identity/permissions.hpp"
#include "region/parameters.hpp"
#include "region/region.hpp"
#include "registry/enterprises.hpp"
#include "registry/projects.hpp"
#include "registry/workers.hpp"
#include "wages/account_service.hpp"
#include "wages/allocation_service.hpp"
#include "wages/bank_adapter.hpp"
#include "wages/bank_feed.hpp"
#include "wages/pay_batch_service.hpp"
#include "wages/payroll_service.hpp"
#include "wages/wages.hpp"
#include "warnings/outbox_notifier.hpp"
#include "warnings/warnings.hpp"

namespace anxin::demo::generator {

using core::Date;
using core::Fen;
namespace role = identity::role;

// ---- reference material ----
constexpr const char* kSurnames[] = {"王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴", "徐", "孙", "胡",
                                     "朱", "高", "林", "何", "郭", "马", "罗", "梁", "宋", "郑", "谢", "韩", "唐",
                                     "冯", "于", "董", "萧", "程", "曹", "袁", "邓", "许", "傅", "沈", "曾", "彭",
                                     "吕", "苏", "卢", "蒋", "蔡", "贾", "丁", "魏", "薛", "叶", "阎", "孟", "崔"};
constexpr const char* kGivenMale[] = {"伟", "强", "磊", "军", "勇", "杰", "涛", "明", "超", "刚", "平", "辉", "鹏",
                                      "华", "飞", "鑫", "波", "斌", "宇", "浩", "凯", "健", "俊", "帆", "帅", "旭",
                                      "宁", "龙", "林", "洋", "建国", "建军", "志强", "海涛", "永刚", "国庆", "德胜",
                                      "春生", "长青", "宝山", "金龙", "立新", "红军", "庆丰", "学文", "振华", "玉明"};
constexpr const char* kGivenFemale[] = {"芳", "娜", "敏", "静", "丽", "艳", "娟", "霞", "秀英", "桂英", "玉兰",
                                        "红梅", "春花", "凤英", "淑珍", "秀兰", "丽娟", "海燕", "翠萍", "美玲"};
constexpr const char* kTradeNames[] = {
    "鲁泰", "齐鲁", "泉城", "海岱", "泰山", "黄河", "东岳", "琅琊", "沂蒙", "蓬莱", "鲁班", "华鲁", "金鼎", "恒信",
    "宏达", "万通", "中兴", "永安", "瑞丰", "广厦", "安居", "昌盛", "德润", "鼎盛", "方圆", "汇通", "嘉禾", "锦华",
    "聚源", "坤元", "立信", "隆基", "明达", "鹏程", "启航", "荣昌", "盛世", "天元", "拓新", "伟业", "祥瑞", "鑫源",
    "亚泰", "远大", "卓越", "正和", "中建", "润华", "海川", "新城", "宏图", "金石", "宇通", "华夏", "腾飞", "众诚"};
constexpr const char* kEstateWords[] = {"锦绣", "御景", "阳光", "翡翠", "泉景", "华府", "滨河", "玉兰", "金茂",
                                        "和园", "雅居", "紫薇", "枫林", "书香", "长安", "万象", "观澜", "清华"};
constexpr const char* kEstateKinds[] = {"花园", "家园", "府", "苑", "公馆", "新城", "雅苑", "名邸"};
constexpr const char* kRoads[] = {"经十路", "解放路", "文化路", "和平路", "建设路", "人民路", "新华路", "泰山路",
                                  "黄河路", "胜利路", "工业路", "青年路", "花园路", "幸福街", "民主街", "振兴街"};
constexpr const char* kTeamKinds[] = {"钢筋", "木工", "混凝土", "架子工", "砌筑", "水电安装", "装饰", "模板"};
constexpr const char* kOrdinals[] = {"一", "二", "三", "四", "五"};

struct BankInfo {
    const char* code;
    const char* name;
    const char* card_prefix;
    double weight;
};
// ICBC holds most accounts: the `bank` login operates it.
constexpr BankInfo kBanks[] = {{"ICBC", "中国工商银行", "622202", 0.46}, {"CCB", "中国建设银行", "621700", 0.18},
                               {"ABC", "中国农业银行", "622848", 0.14},  {"BOC", "中国银行", "621661", 0.08},
                               {"BCM", "交通银行", "622260", 0.06},      {"SDRCU", "山东省农村信用社", "623129", 0.08}};
constexpr const char* kCardBanks[] = {"中国工商银行", "中国农业银行", "中国建设银行", "中国邮政储蓄银行", "山东省农村信用社"};
constexpr const char* kCardPrefixes[] = {"622202", "622848", "621700", "621799", "623129"};

struct CityCenter {
    const char* code;
    double lng;
    double lat;
    double weight;
};
constexpr CityCenter kCities[] = {
    {"3701", 117.00, 36.67, 0.20}, {"3702", 120.38, 36.07, 0.14}, {"3703", 118.05, 36.81, 0.05},
    {"3704", 117.32, 34.81, 0.04}, {"3705", 118.67, 37.43, 0.04}, {"3706", 121.45, 37.46, 0.07},
    {"3707", 119.16, 36.71, 0.07}, {"3708", 116.59, 35.41, 0.06}, {"3709", 117.09, 36.20, 0.05},
    {"3710", 122.12, 37.51, 0.04}, {"3711", 119.53, 35.42, 0.03}, {"3713", 118.36, 35.10, 0.07},
    {"3714", 116.36, 37.44, 0.04}, {"3715", 115.99, 36.46, 0.03}, {"3716", 117.97, 37.38, 0.03},
    {"3717", 115.48, 35.23, 0.04}};

constexpr const char* kLixia = "370102";
constexpr const char* kJiefanglu = "370102001";

// ---- plan ----
struct MonthSpan {
    std::string period;
    Date first;
    Date last;
};

struct Town {
    std::string code;
    std::string name;
    std::string county;
    std::string county_name;
    std::string city;
    double lng = 0;
    double lat = 0;
};

struct Ent {
    std::string id;
    std::string kind;
    std::string name;
    std::string credit_code;
    std::string county;
    std::string city;
    bool bad_code = false;
};

struct TeamPlan {
    std::string id;
    int ent = -1;
};

struct ProjPlan {
    std::string id;
    std::string code;
    std::string name;
    std::string public_token;  // the project's QR code
    const Town* town = nullptr;
    std::string industry;
    bool construction = true;
    std::string investment;
    std::string target;  // final status
    double lng = 0, lat = 0;
    std::int64_t radius = 300;
    Fen price = 0;
    Date approved_on, signed_on, start_on, end_on, permit_on;
    std::optional<Date> stop_on;    // suspended / finished on this day (attendance ends)
    std::optional<Date> complete_on;
    std::optional<Date> feed_stops_on;  // attendance feed stops (project still under construction)
    std::optional<std::int64_t> ratio_bp;
    std::optional<Fen> fixed_amount;
    std::int64_t labor_day = 25;
    int cu = -1, gc = -1;
    std::vector<int> subs;      // 006 / 001 participants (ent indexes)
    std::vector<std::string> sub_roles;
    std::vector<TeamPlan> teams;
    int size = 0;               // workers
    bool has_workers = false;
    // accounts
    bool has_account = false;
    int bank = 0;
    std::string account_number;
    bool arrears = false;       // stops paying after the first month
    bool late_payer = false;
    bool short_allocator = false;
    int missing_alloc_month = -1;
    std::vector<Fen> net_by_month = std::vector<Fen>(3, 0);
};

struct WorkerPlan {
    std::string id;
    std::string name;
    std::string id_number;
    std::string phone;
    std::string card;
    std::string card_bank;
    int project = -1;
    int employer = -1;
    int team = -1;
    std::string wage_type;
    Fen rate = 0;
    Date start_on;
    std::optional<Date> leave_on;  // leaves inside the window (exit recorded)
    std::string contract_id;
};

inline core::CallContext Ctx(core::Principal p, std::string request_id) {
    core::CallContext ctx;
    ctx.principal = std::move(p);
    ctx.request_id = std::move(request_id);
    return ctx;
}

inline std::string Pad(std::int64_t n, int width) {
    std::string s = std::to_string(n);
    if (static_cast<int>(s.size()) < width) s.insert(0, static_cast<std::size_t>(width - s.size()), '0');
    return s;
}

inline std::string DigitString(Rng& rng, int n) {
    std::string s;
    for (int i = 0; i < n; ++i) s += static_cast<char>('0' + rng.Below(10));
    return s;
}

inline Date Max(Date a, Date b) { return a < b ? b : a; }
inline Date Min(Date a, Date b) { return a < b ? a : b; }

inline MonthSpan MonthOf(int year, int month) {
    while (month < 1) {
        month += 12;
        --year;
    }
    while (month > 12) {
        month -= 12;
        ++year;
    }
    Date first(year, static_cast<unsigned>(month), 1);
    Date next = month == 12 ? Date(year + 1, 1, 1) : Date(year, static_cast<unsigned>(month + 1), 1);
    char buf[16];
    std::snprintf(buf, sizeof buf, "%04d-%02d", year, month);
    return MonthSpan{buf, first, next.AddDays(-1)};
}

// "2026-08-03T07:58:12+08:00"
inline std::string PunchTime(Date day, int minute_of_day, int second) {
    char buf[40];
    std::snprintf(buf, sizeof buf, "%sT%02d:%02d:%02d+08:00", day.ToString().c_str(), minute_of_day / 60,
                  minute_of_day % 60, second);
    return buf;
}

class Timer {
public:
    Timer() : start_(std::chrono::steady_clock::now()) {}
    double Seconds() const {
        return std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
    }

private:
    std::chrono::steady_clock::time_point start_;
};

// Every service, built on the caller's database, clock and cipher (the same classes the app wires).
struct Services {
    Services(storage::Database& db, const core::Clock& clock, const core::FieldCipher& cipher,
             identity::PasswordCost cost)
        : regions(db, clock),
          parameters(db, clock),
          identity(db, clock,
                   [](storage::Transaction& tx, const std::string& code, const std::string& field) {
                       region::RegionService::RequireRegion(tx, code, field);
                   },
                   [cost] {
                       identity::IdentityOptions o;
                       o.password_cost = cost;
                       return o;
                   }()),
          enterprises(db, clock, &cipher),
          projects(db, clock, &cipher),
          workers(db, clock, &cipher),
          contracts(db, clock),
          attendance(db, clock, &cipher),
          accounts(db, clock, &cipher, parameters, open_cases),
          allocations(db, clock),
          bank_feed(db, clock, &cipher),
          payrolls(db, clock, workers),
          pay_batches(db, clock, &cipher, bank_adapters),
          deposits(db, clock, parameters, core::WorkingCalendar::Embedded(), credit_history, unpaid_wages) {}

    region::RegionService regions;
    region::ParameterService parameters;
    identity::IdentityService identity;
    registry::EnterpriseService enterprises;
    registry::ProjectService projects;
    registry::WorkerService workers;
    registry::ContractService contracts;
    registry::AttendanceService attendance;
    wages::OpenCaseChecker open_cases;
    wages::AccountService accounts;
    wages::AllocationService allocations;
    wages::BankFeedService bank_feed;
    wages::BankAdapterRegistry bank_adapters;
    wages::PayrollService payrolls;
    wages::PayBatchService pay_batches;
    deposits::StoredCreditHistoryProvider credit_history;
    deposits::NoUnpaidWages unpaid_wages;
    deposits::DepositService deposits;
};

// The complaint side (clues, cases, warnings), composed as app/app.cpp composes it, on a clock of its
// own: the demo replays six weeks of complaint handling on a ManualClock so deadlines pass and the
// SLA check gives real cards. Messages go to the notify outbox like the app's.
struct ComplaintServices {
    ComplaintServices(storage::Database& db, const core::Clock& clock, const core::FieldCipher& cipher,
                      Services& s)
        : clock(clock),
          case_messages(clock, &cipher),
          cases(db, clock, s.parameters, core::WorkingCalendar::Embedded(), &case_messages),
          case_hooks(cases),
          clues(db, clock, &cipher,
                clues::ClueService::Dependencies{s.regions, s.parameters, s.enterprises, s.workers, s.contracts,
                                                 s.attendance, core::WorkingCalendar::Embedded()},
                clues::ClueService::Hooks{&case_hooks, &case_hooks, &case_hooks, nullptr}, Options()),
          warning_notifier(clock, &cipher),
          warning_cases(cases),
          warnings(db, clock, s.parameters, core::WorkingCalendar::Embedded(), &cipher,
                   warnings::WarningService::Collaborators{&warning_cases, &warning_notifier, &complaint_facts}) {}
    static clues::ClueOptions Options() {
        clues::ClueOptions o;
        // The generator files the QR-code complaints itself, many from one "network": a light proof of
        // work and no flood limits on this instance (the served app keeps its own).
        o.limits.pow_difficulty = 8;
        o.limits.per_phone = o.limits.per_ip = o.limits.track_per_ip = 1000000;
        return o;
    }

    const core::Clock& clock;  // the replay's
    cases::NotifyMessageSink case_messages;
    cases::CaseService cases;
    cases::ClueHooks case_hooks;
    clues::ClueService clues;
    warnings::OutboxWarningNotifier warning_notifier;
    cases::WarningHooks warning_cases;
    cases::ComplaintFactsReader complaint_facts;
    warnings::WarningService warnings;
};

// One complaint story: who complains about which project through which channel, and what the
// county does with it, day by day (working days after receipt). The templates cover every case
// state and card colour; see Generator::GenerateCluesAndCases.
struct ComplaintAct {
    enum Kind { kAccept, kReject, kStep, kJoin, kEmployerJoin, kClosePaid, kReopen } kind;
    int day = 0;   // working days after receipt
    int hour = 10;
    std::string step;             // kStep: the case step kind
    boost::json::object fields;   // kStep: its fields (payBy is filled in relative to the day)
};
struct ComplaintTemplate {
    std::string name;
    std::string channel;
    int age = 0;  // received this many working days before today
    bool needs_case = true;
    bool closes = false;  // the case is closed at the end (the project is free again after)
    int close_day = 0;
    std::int64_t workers = 1;  // worker_count of the first clue (a team leader for several)
    bool claim_paid_month = false;  // claims the first month of the window (paid: closed as paid)
    std::optional<std::string> key_grade;
    std::string expect;  // "<state>/<card>" the story should end in (checked by the tests)
    std::vector<ComplaintAct> acts;
};

struct ComplaintPlan {
    const ComplaintTemplate* tpl = nullptr;
    int project = -1;
    int worker = -1;
    int join_worker = -1;  // kJoin: a second worker of the project
    std::string channel;
    core::Date received_on;
    std::string from, to;  // claimed months
    Fen amount = 0;
    std::string clue_id, tracking_code, case_id;
    bool failed = false;
};

class Generator {
public:
    Generator(storage::Database& db, const core::Clock& clock, const core::FieldCipher& cipher,
              const DemoOptions& options)
        : db_(db),
          clock_(clock),
          cipher_(cipher),
          options_(options),
          services_(db, clock, cipher, options.password_cost),
          rng_(options.seed) {
        today_ = clock_.TodayInShanghai();
        for (int i = 3; i >= 1; --i) months_.push_back(MonthOf(today_.year(), static_cast<int>(today_.month()) - i));
        window_first_ = months_.front().first;
        window_last_ = months_.back().last;
        auto scaled = [&](std::optional<int> explicit_count, int base, int minimum) {
            if (explicit_count) return std::max(*explicit_count, minimum);
            return std::max(minimum, static_cast<int>(std::lround(base * options_.scale)));
        };
        n_enterprises_ = scaled(options_.enterprises, 330, 12);
        n_projects_ = scaled(options_.projects, 300, 6);
        n_workers_ = scaled(options_.workers, 20000, 30);
    }

    DemoSummary Run();

private:
    // phases
    void LoadRegions();
    void CreateDepartments();
    void CreateEnterprises();
    void PlanProjects();
    void CreateProjects();
    void CreateWorkers();
    void SubmitAttendance();
    void RunPayrolls();
    void RecordAllocations();
    void OpenAccounts();
    void SubmitBankFeed();
    void LodgeDeposits();
    void ApplyFinalStatuses();
    void CreateLogins();
    // The joint-punishment list in every stage of its procedure (generator_credit.cpp).
    void GenerateListings();
    // Anomaly records, the year's grades and the quarterly publications (generator_credit.cpp).
    void GenerateCreditRecords();
    // Six weeks of complaints replayed on a ManualClock: clues from every channel, cases in every
    // state and card colour, the nightly warning evaluation and SLA check (README.md).
    void GenerateCluesAndCases();
    std::vector<ComplaintTemplate> ComplaintTemplates() const;
    void FileComplaint(ComplaintServices& cs, ComplaintPlan& c, Rng& rng, int n);
    void RunComplaintAct(ComplaintServices& cs, ComplaintPlan& c, const ComplaintAct& act, core::Date on, Rng& rng,
                         int n);
    void CountComplaints(ComplaintServices& cs);
    void HandleWarnings(ComplaintServices& cs);

    template <class F>
    void Phase(const std::string& name, F&& work) {
        Timer t;
        work();
        const double s = t.Seconds();
        summary_.phase_seconds.emplace_back(name, s);
        if (options_.progress) {
            char buf[64];
            std::snprintf(buf, sizeof buf, "%.1f s", s);
            options_.progress(name + ": " + buf);
        }
    }

    // principals
    core::CallContext Province(const std::string& rid) const {
        core::Principal p;
        p.user_id = "demo-generator";
        p.username = "demo-generator";
        p.role = std::string(role::kSupervisor);
        p.region_code = "37";
        return Ctx(std::move(p), rid);
    }
    core::CallContext EnterpriseUser(int ent, const std::string& rid) const {
        core::Principal p;
        p.user_id = "demo-enterprise-" + ents_[static_cast<std::size_t>(ent)].credit_code;
        p.username = "demo-enterprise";
        p.role = std::string(role::kEnterpriseUser);
        p.enterprise_id = ents_[static_cast<std::size_t>(ent)].id;
        return Ctx(std::move(p), rid);
    }
    // The county labour inspectors handle the complaints of their county; the city transfers key clues.
    core::CallContext Officer(const std::string& region, const std::string& rid) const {
        core::Principal p;
        p.user_id = "demo-officer-" + region;
        p.username = "demo-officer";
        p.role = std::string(role::kSupervisor);
        p.region_code = region;
        return Ctx(std::move(p), rid);
    }
    core::CallContext BankOperator(const std::string& bank_code, const std::string& rid) const {
        core::Principal p;
        p.user_id = "demo-bank-" + bank_code;
        p.username = "demo-bank";
        p.role = std::string(role::kBankOperator);
        p.region_code = "37";
        p.bank_code = bank_code;
        return Ctx(std::move(p), rid);
    }

    std::string Phone(Rng& rng) {
        static constexpr const char* kPrefixes[] = {"130", "131", "132", "135", "136", "137", "138", "139", "150",
                                                    "151", "152", "155", "156", "158", "159", "176", "177", "178",
                                                    "180", "181", "182", "185", "186", "187", "188", "189", "199"};
        return std::string(kPrefixes[rng.Below(std::size(kPrefixes))]) + DigitString(rng, 8);
    }
    std::string PersonName(Rng& rng, bool male) {
        std::string name = kSurnames[rng.Below(std::size(kSurnames))];
        if (male) {
            name += kGivenMale[rng.Below(std::size(kGivenMale))];
        } else {
            name += kGivenFemale[rng.Below(std::size(kGivenFemale))];
        }
        return name;
    }
    const Town& PickTown(Rng& rng, const std::string& city) {
        const auto& counties = counties_by_city_[city];
        const auto& county = counties[rng.Below(counties.size())];
        const auto& towns = towns_by_county_[county];
        return towns_[towns[rng.Below(towns.size())]];
    }
    const Town* FindTown(const std::string& code) const {
        for (const auto& t : towns_)
            if (t.code == code) return &t;
        return nullptr;
    }
    int PickEnt(Rng& rng, const std::string& kind, const std::string& city) {
        const auto& pool = by_kind_[kind];
        if (pool.empty()) throw Error(ErrorCode::kInternal, "demo: no enterprise of kind " + kind);
        // Mostly a firm of the same city, sometimes one from elsewhere in the province.
        if (rng.Chance(0.75)) {
            std::vector<int> local;
            for (int e : pool)
                if (ents_[static_cast<std::size_t>(e)].city == city) local.push_back(e);
            if (!local.empty()) return local[rng.Below(local.size())];
        }
        return pool[rng.Below(pool.size())];
    }
    void Count(const std::string& key, std::int64_t n = 1) { summary_.counts[key] += n; }
    void Fingerprint(std::string_view part) {
        fingerprint_ ^= Fnv1a(part);
        fingerprint_ = fingerprint_ * 1099511628211ULL + 0x9E37;
    }

    storage::Database& db_;
    const core::Clock& clock_;
    const core::FieldCipher& cipher_;
    const DemoOptions& options_;
    Services services_;
    Rng rng_;
    DemoSummary summary_;
    std::uint64_t fingerprint_ = 0;

    Date today_;
    std::vector<MonthSpan> months_;
    Date window_first_, window_last_;
    int n_enterprises_ = 0, n_projects_ = 0, n_workers_ = 0;

    std::vector<Town> towns_;
    std::map<std::string, std::vector<std::string>> counties_by_city_;
    std::map<std::string, std::vector<std::size_t>> towns_by_county_;
    std::map<std::string, const CityCenter*> city_center_;

    std::vector<Ent> ents_;
    std::map<std::string, std::vector<int>> by_kind_;
    int laowu_gc_ = -1;
    std::vector<ProjPlan> projects_;
    std::vector<WorkerPlan> workers_;
    // bank feed rows by bank code
    std::map<std::string, std::vector<wages::FeedRow>> feed_;
    std::int64_t txn_seq_ = 0;
    double warning_seconds_ = 0;  // the warning evaluations inside the complaints phase
};

}  // namespace anxin::demo::generator
