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
#include "clues/clue_notifier.hpp"
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

namespace anxin::demo {

// ---- Rng -----------------------------------------------------------------------------------------

namespace {
std::uint64_t SplitMix(std::uint64_t& x) {
    std::uint64_t z = (x += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}
std::uint64_t Rotl(std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
}  // namespace

std::uint64_t Fnv1a(std::string_view text, std::uint64_t h) {
    for (unsigned char c : text) {
        h ^= c;
        h *= 1099511628211ULL;
    }
    return h;
}

Rng::Rng(std::uint64_t seed) : seed_(seed) {
    std::uint64_t x = seed;
    for (auto& s : s_) s = SplitMix(x);
}

Rng Rng::Fork(std::string_view purpose) const { return Rng(Fnv1a(purpose, seed_ ^ 0x5DEECE66DULL)); }

std::uint64_t Rng::Next() {
    const std::uint64_t result = Rotl(s_[1] * 5, 7) * 9;
    const std::uint64_t t = s_[1] << 17;
    s_[2] ^= s_[0];
    s_[3] ^= s_[1];
    s_[1] ^= s_[2];
    s_[0] ^= s_[3];
    s_[2] ^= t;
    s_[3] = Rotl(s_[3], 45);
    return result;
}

std::uint64_t Rng::Below(std::uint64_t n) {
    // High 32 bits × n >> 32 for small n; a plain modulo (tiny bias) above 2^32.
    if (n <= 0xFFFFFFFFULL) return ((Next() >> 32) * n) >> 32;
    return Next() % n;
}

std::int64_t Rng::Between(std::int64_t lo, std::int64_t hi) {
    if (hi <= lo) return lo;
    return lo + static_cast<std::int64_t>(Below(static_cast<std::uint64_t>(hi - lo + 1)));
}

double Rng::Unit() { return static_cast<double>(Next() >> 11) * (1.0 / 9007199254740992.0); }

bool Rng::Chance(double p) { return Unit() < p; }

std::size_t Rng::Weighted(const std::vector<double>& weights) {
    double total = 0;
    for (double w : weights) total += w;
    double r = Unit() * total;
    for (std::size_t i = 0; i < weights.size(); ++i) {
        if (r < weights[i]) return i;
        r -= weights[i];
    }
    return weights.size() - 1;
}

std::string SyntheticRegion(int n) {
    char buf[8];
    std::snprintf(buf, sizeof buf, "%02d", std::clamp(n, 1, 99));
    return std::string(kSyntheticRegionPrefix) + buf;
}

std::string SyntheticCreditCode(Rng& rng, std::string_view county6, bool bad_check) {
    static constexpr std::string_view kCharset = "0123456789ABCDEFGHJKLMNPQRTUWXY";
    std::string body = "91";
    body += county6;
    // Organisation code: 8 characters + its own check, kept inside the charset (digits mostly).
    for (int i = 0; i < 9; ++i) body += kCharset[i < 8 && rng.Chance(0.85) ? rng.Below(10) : rng.Below(31)];
    std::string code = core::MakeCreditCode(body);
    if (bad_check) {
        const char good = code.back();
        char bad = kCharset[rng.Below(31)];
        if (bad == good) bad = good == '0' ? '1' : '0';
        code.back() = bad;
    }
    return code;
}

// ---- the generator -------------------------------------------------------------------------------

namespace {

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

core::CallContext Ctx(core::Principal p, std::string request_id) {
    core::CallContext ctx;
    ctx.principal = std::move(p);
    ctx.request_id = std::move(request_id);
    return ctx;
}

std::string Pad(std::int64_t n, int width) {
    std::string s = std::to_string(n);
    if (static_cast<int>(s.size()) < width) s.insert(0, static_cast<std::size_t>(width - s.size()), '0');
    return s;
}

std::string DigitString(Rng& rng, int n) {
    std::string s;
    for (int i = 0; i < n; ++i) s += static_cast<char>('0' + rng.Below(10));
    return s;
}

Date Max(Date a, Date b) { return a < b ? b : a; }
Date Min(Date a, Date b) { return a < b ? a : b; }

MonthSpan MonthOf(int year, int month) {
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
std::string PunchTime(Date day, int minute_of_day, int second) {
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
          clue_notifier(clock, cipher),
          case_messages(clock, &cipher),
          cases(db, clock, s.parameters, core::WorkingCalendar::Embedded(), &case_messages),
          case_hooks(cases),
          clues(db, clock, &cipher,
                clues::ClueService::Dependencies{s.regions, s.parameters, s.enterprises, s.workers, s.contracts,
                                                 s.attendance, core::WorkingCalendar::Embedded()},
                clues::ClueService::Hooks{&case_hooks, &case_hooks, &case_hooks, &clue_notifier, nullptr}, Options()),
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
    clues::OutboxClueNotifier clue_notifier;
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

// ---- regions ----

void Generator::LoadRegions() {
    auto& regions = services_.regions;
    if (!regions.Find("37")) {
        throw Error(ErrorCode::kUnprocessable, "行政区划未导入：请先运行 anxin regions import（需要山东省 37 的区划）");
    }
    for (const auto& center : kCities) city_center_[center.code] = &center;
    for (const auto& city : regions.ListChildren(std::string_view("37"))) {
        auto cc = city_center_.find(city.code);
        if (cc == city_center_.end()) continue;
        int county_index = 0;
        for (const auto& county : regions.ListChildren(std::string_view(city.code))) {
            if (county.name == "市辖区") continue;
            auto towns = regions.ListChildren(std::string_view(county.code));
            if (towns.empty()) continue;
            ++county_index;
            Rng place(Fnv1a(county.code));
            double clng = cc->second->lng + (place.Unit() - 0.5) * 0.7;
            double clat = cc->second->lat + (place.Unit() - 0.5) * 0.5;
            if (county.code == kLixia) {
                clng = 117.076;
                clat = 36.666;
            }
            counties_by_city_[city.code].push_back(county.code);
            for (const auto& town : towns) {
                Rng tp(Fnv1a(town.code));
                Town t;
                t.code = town.code;
                t.name = town.name;
                t.county = county.code;
                t.county_name = county.name;
                t.city = city.code;
                t.lng = clng + (tp.Unit() - 0.5) * (county.code == kLixia ? 0.06 : 0.16);
                t.lat = clat + (tp.Unit() - 0.5) * (county.code == kLixia ? 0.04 : 0.12);
                if (town.code == kJiefanglu) {
                    t.lng = 117.046;
                    t.lat = 36.664;
                }
                towns_by_county_[county.code].push_back(towns_.size());
                towns_.push_back(std::move(t));
            }
        }
    }
    if (!FindTown(kJiefanglu) || counties_by_city_["3701"].empty())
        throw Error(ErrorCode::kUnprocessable, "行政区划不完整：缺少济南市历下区解放路街道（370102001），请重新导入区划");
}

// ---- enterprises ----

void Generator::CreateEnterprises() {
    Rng rng = rng_.Fork("enterprises");
    // Shares of the scale-1 figure (330): construction units, GCs, professional and labor
    // subcontractors, other employers (sanitation and service contractors).
    const std::vector<std::pair<std::string, double>> kinds = {{"construction_unit", 0.26},
                                                               {"general_contractor", 0.22},
                                                               {"professional_subcontractor", 0.18},
                                                               {"labor_subcontractor", 0.28},
                                                               {"other_employer", 0.06}};
    std::vector<std::string> plan;
    for (const auto& [kind, share] : kinds) {
        int n = std::max(2, static_cast<int>(std::lround(n_enterprises_ * share)));
        for (int i = 0; i < n; ++i) plan.push_back(kind);
    }
    std::vector<double> city_weights;
    for (const auto& c : kCities) city_weights.push_back(c.weight);
    std::set<std::string> names, codes;
    auto ctx = Province("demo-enterprises");
    for (std::size_t i = 0; i < plan.size(); ++i) {
        const std::string& kind = plan[i];
        Ent e;
        e.kind = kind;
        // The first GC is laowu's: registered in 历下区.
        const bool laowu = kind == "general_contractor" && laowu_gc_ < 0;
        std::string city = laowu ? "3701" : kCities[rng.Weighted(city_weights)].code;
        const Town& town = laowu ? *FindTown(kJiefanglu) : PickTown(rng, city);
        e.city = town.city;
        e.county = town.county;
        std::string name;
        for (int attempt = 0; attempt < 50; ++attempt) {
            std::string trade = kTradeNames[rng.Below(std::size(kTradeNames))];
            if (attempt > 5) trade += kTradeNames[rng.Below(std::size(kTradeNames))];
            const std::string place = rng.Chance(0.5) ? "山东" : town.county_name.substr(0, town.county_name.size() - 3);
            if (kind == "construction_unit") {
                static constexpr const char* kSuffix[] = {"置业有限公司", "房地产开发有限公司", "城市建设投资有限公司",
                                                          "城乡建设发展集团有限公司", "实业有限公司"};
                name = place + trade + kSuffix[rng.Below(std::size(kSuffix))];
            } else if (kind == "general_contractor") {
                static constexpr const char* kSuffix[] = {"建设集团有限公司", "建工集团有限公司", "建筑工程有限公司",
                                                          "路桥集团有限公司", "市政工程有限公司"};
                name = place + trade + kSuffix[rng.Below(std::size(kSuffix))];
            } else if (kind == "professional_subcontractor") {
                static constexpr const char* kSuffix[] = {"钢结构工程有限公司", "幕墙装饰工程有限公司",
                                                          "机电安装工程有限公司", "消防工程有限公司",
                                                          "防水工程有限公司"};
                name = place + trade + kSuffix[rng.Below(std::size(kSuffix))];
            } else if (kind == "labor_subcontractor") {
                static constexpr const char* kSuffix[] = {"劳务有限公司", "建筑劳务有限公司", "劳务分包有限公司"};
                name = place + trade + kSuffix[rng.Below(std::size(kSuffix))];
            } else {
                static constexpr const char* kSuffix[] = {"环境卫生服务有限公司", "物业服务有限公司",
                                                          "城市服务有限公司"};
                name = place + trade + kSuffix[rng.Below(std::size(kSuffix))];
            }
            if (names.insert(name).second) break;
        }
        // A few early-pilot codes whose check character fails (accepted with a warning flag).
        e.bad_code = !laowu && rng.Chance(0.012);
        do {
            e.credit_code = SyntheticCreditCode(rng, e.county, e.bad_code);
        } while (!codes.insert(e.credit_code).second);
        e.name = name;

        registry::NewEnterprise input;
        input.credit_code = e.credit_code;
        input.name = e.name;
        input.legal_representative = PersonName(rng, rng.Chance(0.85));
        input.region_code = e.county;
        input.kind = kind;
        if (kind == "general_contractor") {
            input.qualification = rng.Chance(0.3) ? "建筑工程施工总承包特级" : "建筑工程施工总承包一级";
        } else if (kind == "labor_subcontractor") {
            input.qualification = "施工劳务资质";
        } else if (kind == "professional_subcontractor") {
            input.qualification = "专业承包二级";
        }
        input.address = town.county_name + town.name + kRoads[rng.Below(std::size(kRoads))] +
                        std::to_string(rng.Between(1, 399)) + "号";
        input.contact_name = PersonName(rng, rng.Chance(0.7));
        input.contact_phone = Phone(rng);
        auto created = services_.enterprises.Create(ctx, input);
        e.id = created.id;
        if (laowu) laowu_gc_ = static_cast<int>(ents_.size());
        by_kind_[kind].push_back(static_cast<int>(ents_.size()));
        Fingerprint(e.credit_code + e.name);
        Count("enterprises");
        if (!created.credit_code_valid) Count("enterprises_bad_credit_code");
        ents_.push_back(std::move(e));
    }
}

// ---- projects ----

void Generator::PlanProjects() {
    Rng rng = rng_.Fork("projects");
    std::vector<double> city_weights;
    for (const auto& c : kCities) city_weights.push_back(c.weight);
    const std::vector<std::string> industries = {"housing", "municipal", "transport", "water",
                                                 "energy",  "telecom",   "sanitation"};
    const std::vector<double> industry_weights = {0.55, 0.14, 0.10, 0.06, 0.05, 0.04, 0.06};
    const std::vector<std::string> statuses = {"under_construction", "permitted", "suspended", "finished",
                                               "completed",          "approved"};
    const std::vector<double> status_weights = {0.70, 0.08, 0.05, 0.07, 0.06, 0.04};
    std::set<std::string> codes;
    std::map<std::string, int> seq_by_county;
    for (int i = 0; i < n_projects_; ++i) {
        ProjPlan p;
        // The first projects sit in 历下区, several in 解放路街道 (the jiefanglu and lixia logins),
        // with laowu's GC as general contractor.
        const bool in_jiefanglu = i < 5;
        const bool in_lixia = i < 9;
        if (in_jiefanglu) {
            p.town = FindTown(kJiefanglu);
        } else if (in_lixia) {
            const auto& towns = towns_by_county_[kLixia];
            p.town = &towns_[towns[rng.Below(towns.size())]];
        } else {
            p.town = &PickTown(rng, kCities[rng.Weighted(city_weights)].code);
        }
        p.industry = in_lixia ? (i == 7 ? "municipal" : "housing") : industries[rng.Weighted(industry_weights)];
        p.construction = p.industry != "sanitation";
        p.target = i < 7 ? (i == 3 ? "permitted" : "under_construction") : statuses[rng.Weighted(status_weights)];
        if (!p.construction && (p.target == "permitted" || p.target == "approved")) p.target = "under_construction";
        p.investment = p.industry == "housing" ? (rng.Chance(0.8) ? "private" : "state_owned")
                                               : (rng.Chance(0.7) ? "government" : "state_owned");
        // Timeline, relative to the attendance window.
        const Date w = window_first_;
        if (p.target == "approved") {
            p.approved_on = today_.AddDays(-static_cast<int>(rng.Between(10, 120)));
            p.signed_on = p.approved_on.AddDays(static_cast<int>(rng.Between(5, 30)));
            if (today_ < p.signed_on) p.signed_on = today_;
            p.start_on = today_.AddDays(static_cast<int>(rng.Between(30, 150)));
        } else if (p.target == "permitted") {
            p.approved_on = today_.AddDays(-static_cast<int>(rng.Between(60, 200)));
            p.signed_on = p.approved_on.AddDays(static_cast<int>(rng.Between(5, 30)));
            p.permit_on = Min(today_.AddDays(-static_cast<int>(rng.Between(3, 40))), p.signed_on.AddDays(40));
            p.permit_on = Max(p.permit_on, p.signed_on);
            p.start_on = today_.AddDays(static_cast<int>(rng.Between(5, 60)));
        } else {
            // Most started before the window; some inside its first two months.
            const bool recent = p.target == "under_construction" && rng.Chance(0.08);
            p.start_on = recent ? w.AddDays(static_cast<int>(rng.Between(5, 50)))
                                : w.AddDays(-static_cast<int>(rng.Between(30, 700)));
            p.permit_on = p.start_on.AddDays(-static_cast<int>(rng.Between(5, 30)));
            p.signed_on = p.permit_on.AddDays(-static_cast<int>(rng.Between(10, 60)));
            p.approved_on = p.signed_on.AddDays(-static_cast<int>(rng.Between(10, 90)));
        }
        const int months = p.construction ? static_cast<int>(rng.Between(12, 36)) : 36;
        p.end_on = p.start_on.AddDays(months * 30);
        if (p.target == "suspended") {
            p.stop_on = months_[1].first.AddDays(static_cast<int>(rng.Between(0, 45)));
        } else if (p.target == "finished") {
            p.stop_on = months_[1].first.AddDays(static_cast<int>(rng.Between(0, 40)));
        } else if (p.target == "completed") {
            p.stop_on = months_[0].first.AddDays(static_cast<int>(rng.Between(5, 35)));
            p.complete_on = p.stop_on->AddDays(static_cast<int>(rng.Between(15, 40)));
        } else if (p.target == "under_construction" && i >= 9 && rng.Chance(0.04)) {
            // The attendance feed of this site stops two to three weeks before the window ends.
            p.feed_stops_on = window_last_.AddDays(-static_cast<int>(rng.Between(14, 21)));
        }
        if (p.stop_on) {
            p.end_on = Max(*p.stop_on, p.start_on.AddDays(60));
        } else {
            p.end_on = Max(p.end_on, today_.AddDays(static_cast<int>(rng.Between(60, 500))));
        }
        // Projects near completion whose guarantee expires soon: the contract ends within the month.
        p.has_workers = p.target == "under_construction" || p.target == "suspended" || p.target == "finished" ||
                        p.target == "completed";
        if (p.has_workers && p.start_on > window_last_) p.has_workers = false;

        // Code: county + year of approval + sequence; names from the place and the industry.
        const std::string county = p.town->county;
        int seq = ++seq_by_county[county];
        p.code = county + std::to_string(p.approved_on.year()) + Pad(seq, 4);
        codes.insert(p.code);
        const std::string& town_name = p.town->name;
        const std::string county_name = p.town->county_name;
        if (p.industry == "housing") {
            p.name = town_name + kEstateWords[rng.Below(std::size(kEstateWords))] +
                     kEstateKinds[rng.Below(std::size(kEstateKinds))] + kOrdinals[rng.Below(3)] + "期住宅项目";
        } else if (p.industry == "municipal") {
            static constexpr const char* k[] = {"道路提升改造工程", "雨污分流管网工程", "老旧小区改造工程",
                                                "口袋公园建设工程", "供热管网改造工程"};
            p.name = town_name + k[rng.Below(std::size(k))];
        } else if (p.industry == "transport") {
            static constexpr const char* k[] = {"国道改建工程", "省道大修工程", "农村公路提升工程", "互通立交工程"};
            p.name = county_name + (rng.Chance(0.5) ? "G" : "S") + std::to_string(rng.Between(101, 342)) +
                     k[rng.Below(std::size(k))];
        } else if (p.industry == "water") {
            static constexpr const char* k[] = {"河道综合治理工程", "水库除险加固工程", "农村供水保障工程"};
            p.name = county_name + k[rng.Below(std::size(k))];
        } else if (p.industry == "energy") {
            static constexpr const char* k[] = {"分布式光伏发电项目", "110千伏变电站工程", "风电场升压站工程"};
            p.name = county_name + k[rng.Below(std::size(k))];
        } else if (p.industry == "telecom") {
            static constexpr const char* k[] = {"5G基站建设工程", "通信管线工程", "数据中心机房工程"};
            p.name = county_name + k[rng.Below(std::size(k))];
        } else {
            p.name = county_name + town_name + "环卫保洁服务项目";
        }
        p.name += "（" + p.code.substr(p.code.size() - 4) + "）";
        p.lng = p.town->lng + (rng.Unit() - 0.5) * 0.02;
        p.lat = p.town->lat + (rng.Unit() - 0.5) * 0.015;
        p.radius = p.construction ? rng.Between(150, 500) : rng.Between(800, 2000);
        p.labor_day = rng.Between(15, 28);
        if (rng.Chance(0.8)) {
            p.ratio_bp = p.industry == "housing" ? rng.Between(19, 25) * 100 : rng.Between(15, 30) * 100;
        }
        // Parties: construction unit (008), GC (009), subcontractors (006 / 001).
        const std::string& city = p.town->city;
        p.cu = PickEnt(rng, "construction_unit", city);
        if (i < 9 && i != 4 && laowu_gc_ >= 0) {
            p.gc = laowu_gc_;
        } else {
            p.gc = PickEnt(rng, p.construction ? "general_contractor" : "other_employer", city);
        }
        if (p.construction) {
            int labor_subs = static_cast<int>(rng.Between(1, 2));
            std::set<int> used;
            for (int k = 0; k < labor_subs; ++k) {
                int e = PickEnt(rng, "labor_subcontractor", city);
                if (used.insert(e).second) {
                    p.subs.push_back(e);
                    p.sub_roles.push_back("006");
                }
            }
            if (rng.Chance(0.5)) {
                int e = PickEnt(rng, "professional_subcontractor", city);
                if (used.insert(e).second) {
                    p.subs.push_back(e);
                    p.sub_roles.push_back("001");
                }
            }
        }
        // Accounts: most projects past the permit have one.
        if (p.target != "approved") {
            p.has_account = !rng.Chance(0.04) || i < 9;
            p.bank = static_cast<int>(rng.Weighted([] {
                std::vector<double> w;
                for (const auto& b : kBanks) w.push_back(b.weight);
                return w;
            }()));
            if (i < 9) p.bank = 0;
        }
        p.arrears = p.has_workers && i >= 9 && rng.Chance(0.03);
        p.late_payer = p.has_workers && rng.Chance(0.08);
        p.short_allocator = rng.Chance(0.06);
        if (rng.Chance(0.05)) p.missing_alloc_month = static_cast<int>(rng.Below(3));
        if (p.feed_stops_on) Count("projects_feed_stopped");
        if (p.arrears) Count("projects_in_arrears");
        if (p.late_payer) Count("projects_paying_late");
        if (p.has_workers && !p.has_account) Count("projects_with_workers_without_account");
        Fingerprint(p.code + p.name);
        projects_.push_back(std::move(p));
    }

    // A small province (the browser tests' scale) still gets a project in arrears and one paying late
    // outside 历下区, so complaints, cases and warnings have them to be about. Decided after the draws:
    // the streams, and so every other project, stay as they are.
    auto ensure = [&](bool ProjPlan::*flag, const char* key) {
        for (const auto& p : projects_)
            if (p.*flag) return;
        for (std::size_t i = 9; i < projects_.size(); ++i) {
            auto& p = projects_[i];
            if (!p.has_workers || p.target != "under_construction" || p.arrears || p.late_payer) continue;
            p.*flag = true;
            Count(key);
            return;
        }
    };
    ensure(&ProjPlan::arrears, "projects_in_arrears");
    ensure(&ProjPlan::late_payer, "projects_paying_late");

    // Worker counts: lognormal-ish sizes, housing larger, sum = n_workers_.
    std::vector<double> weights(projects_.size(), 0);
    double total = 0;
    for (std::size_t i = 0; i < projects_.size(); ++i) {
        auto& p = projects_[i];
        if (!p.has_workers) continue;
        double u = rng.Unit();
        double w = 0.3 + 2.7 * u * u;
        if (p.industry == "housing") w *= 1.4;
        if (!p.construction) w *= 0.8;
        weights[i] = w;
        total += w;
    }
    int assigned = 0;
    int largest = -1;
    for (std::size_t i = 0; i < projects_.size(); ++i) {
        if (weights[i] == 0) continue;
        projects_[i].size = std::max(3, static_cast<int>(std::floor(n_workers_ * weights[i] / total)));
        assigned += projects_[i].size;
        if (largest < 0 || projects_[i].size > projects_[static_cast<std::size_t>(largest)].size)
            largest = static_cast<int>(i);
    }
    if (largest >= 0) {
        auto& big = projects_[static_cast<std::size_t>(largest)];
        big.size = std::max(3, big.size + (n_workers_ - assigned));
    }
    for (auto& p : projects_) {
        // Monthly labor cost at about 24 days × ¥350: the fixed clause and the contract price follow.
        const Fen monthly = static_cast<Fen>(std::max(p.size, 20)) * 24 * 35000;
        if (!p.ratio_bp) p.fixed_amount = monthly + monthly / 10;
        const std::int64_t share_bp = p.ratio_bp.value_or(2000);
        const int months = std::max(6, p.start_on.DaysUntil(p.end_on) / 30);
        p.price = monthly * 10000 / share_bp * months;
        p.price -= p.price % 10000;  // whole hundreds of yuan
    }
    // A few small contracts under the deposit exemption threshold (¥3m).
    for (std::size_t i = 9; i < projects_.size(); i += 23) projects_[i].price = std::min<Fen>(projects_[i].price, 250000000);
}

void Generator::CreateProjects() {
    Rng rng = rng_.Fork("project-details");
    auto ctx = Province("demo-projects");
    for (std::size_t i = 0; i < projects_.size(); ++i) {
        auto& p = projects_[i];
        registry::NewProject input;
        auto& f = input.fields;
        f.code = p.code;
        f.name = p.name;
        f.region_code = p.town->code;
        f.address = p.town->county_name + p.town->name + kRoads[rng.Below(std::size(kRoads))] +
                    (p.construction ? "以东" + std::to_string(rng.Between(100, 900)) + "米" : "沿线");
        f.lng = p.lng;
        f.lat = p.lat;
        f.fence.kind = registry::FenceKind::kCircle;
        f.fence.center = registry::LngLat{p.lng, p.lat};
        f.fence.radius_m = p.radius;
        f.industry = p.industry;
        f.is_construction = p.construction;
        f.investment_type = p.investment;
        f.contract_price = p.price;
        f.contract_signed_on = p.signed_on;
        f.contract_start_on = p.start_on;
        f.contract_end_on = p.end_on;
        f.labor_cost_cycle = "monthly";
        f.labor_cost_day = p.labor_day;
        f.labor_cost_ratio_bp = p.ratio_bp;
        f.labor_cost_amount = p.fixed_amount;
        if (p.target != "approved") {
            f.permit_number = p.town->county + Pad(p.permit_on.year(), 4) + Pad(rng.Between(1, 9999), 4) + "0101";
            f.permit_on = p.permit_on;
        }
        input.approved_on = p.approved_on;
        auto created = services_.projects.Create(ctx, input);
        p.id = created.id;
        p.public_token = created.public_token;
        Count("projects");

        // Participants: 008, 009, then the subcontractors.
        std::vector<registry::Participant> parts;
        auto add = [&](int ent, std::string role_code) {
            registry::Participant part;
            part.enterprise_id = ents_[static_cast<std::size_t>(ent)].id;
            part.role_code = std::move(role_code);
            part.joined_on = Min(p.start_on, today_);
            parts.push_back(std::move(part));
        };
        add(p.cu, "008");
        add(p.gc, "009");
        for (std::size_t k = 0; k < p.subs.size(); ++k) add(p.subs[k], p.sub_roles[k]);
        services_.projects.SetParticipants(ctx, p.id, parts);

        // Lifecycle up to under construction; suspensions and completions come after the payrolls.
        if (p.target != "approved") {
            services_.projects.ChangeStatus(ctx, p.id, {"permitted", p.permit_on, "取得施工许可证"});
            if (p.target != "permitted")
                services_.projects.ChangeStatus(ctx, p.id, {"under_construction", p.start_on, "开工"});
        }

        // Teams (班组) per employer.
        if (p.has_workers || p.target == "permitted") {
            std::vector<int> employers{p.gc};
            for (int s : p.subs) employers.push_back(s);
            for (int e : employers) {
                int n = e == p.gc ? (p.subs.empty() ? 3 : 1) : static_cast<int>(rng.Between(1, 3));
                for (int k = 0; k < n; ++k) {
                    registry::NewTeam team;
                    team.enterprise_id = ents_[static_cast<std::size_t>(e)].id;
                    team.name = p.construction ? std::string(kTeamKinds[rng.Below(std::size(kTeamKinds))]) + "班组"
                                               : std::string("保洁组");
                    team.name += std::to_string(p.teams.size() + 1);
                    team.leader_name = PersonName(rng, true);
                    auto t = services_.projects.CreateTeam(ctx, p.id, team);
                    p.teams.push_back(TeamPlan{t.id, e});
                    Count("teams");
                }
            }
        }

        // 五员; the labor-affairs officer is missing on a few projects.
        std::vector<registry::StaffInput> staff;
        for (auto duty : registry::kStaffDuties) {
            if (duty == "labor_affairs_officer" && i >= 9 && rng.Chance(0.05)) {
                Count("projects_without_labor_officer");
                continue;
            }
            registry::StaffInput s;
            s.duty = std::string(duty);
            s.name = PersonName(rng, rng.Chance(0.75));
            s.phone = Phone(rng);
            staff.push_back(std::move(s));
        }
        services_.projects.SetStaff(ctx, p.id, staff);
        summary_.projects_by_status[p.target]++;
    }
}

// ---- workers, contracts, entries ----

void Generator::CreateWorkers() {
    Rng rng = rng_.Fork("workers");
    std::unordered_set<std::string> ids;
    std::unordered_set<std::string> cards;
    int region_n = 1;
    for (std::size_t pi = 0; pi < projects_.size(); ++pi) {
        auto& p = projects_[pi];
        if (!p.has_workers) continue;
        for (int k = 0; k < p.size; ++k) {
            WorkerPlan w;
            w.project = static_cast<int>(pi);
            // Employer: labor subcontractors mostly, some professional, some the GC directly.
            const auto& team = p.teams[rng.Below(p.teams.size())];
            w.team = static_cast<int>(&team - p.teams.data());
            w.employer = team.ent;
            const bool male = p.construction ? rng.Chance(0.92) : rng.Chance(0.45);
            w.name = PersonName(rng, male);
            // Ages 18–60, a few above the limit (over-age flag).
            const bool over_age = rng.Chance(0.004);
            const int age = over_age ? static_cast<int>(rng.Between(61, 66))
                                     : static_cast<int>(p.construction ? rng.Between(19, 59) : rng.Between(35, 59));
            const Date birth = Date(today_.year() - age, 1, 1).AddDays(-static_cast<int>(rng.Between(1, 360)));
            for (;;) {
                const std::string region = SyntheticRegion(region_n);
                region_n = region_n % 99 + 1;
                int seq = static_cast<int>(rng.Between(450, 499)) * 2 + (male ? 1 : 0);  // 900–999
                std::string id = core::MakeIdNumber(region, birth, seq);
                if (ids.insert(id).second) {
                    w.id_number = std::move(id);
                    break;
                }
            }
            w.phone = Phone(rng);
            const std::size_t b = rng.Below(std::size(kCardBanks));
            w.card_bank = kCardBanks[b];
            do {
                w.card = std::string(kCardPrefixes[b]) + DigitString(rng, 13);
            } while (!cards.insert(w.card).second);
            if (p.construction) {
                w.wage_type = rng.Chance(0.88) ? "daily" : "monthly";
            } else {
                w.wage_type = "monthly";
            }
            w.rate = w.wage_type == "daily" ? rng.Between(25, 45) * 1000 : rng.Between(30, 80) * 10000;
            if (!p.construction) w.rate = rng.Between(28, 38) * 10000;
            // Start: before the window mostly; some join inside it; a few leave inside it.
            const Date earliest = p.start_on;
            if (p.start_on < window_first_ && rng.Chance(0.85)) {
                w.start_on = Max(earliest, window_first_.AddDays(-static_cast<int>(rng.Between(1, 200))));
            } else {
                const Date lo = Max(earliest, window_first_);
                const Date hi = Min(window_last_.AddDays(-10), p.stop_on.value_or(window_last_).AddDays(-5));
                w.start_on = hi < lo ? lo : lo.AddDays(static_cast<int>(rng.Below(static_cast<std::uint64_t>(
                                                                                   lo.DaysUntil(hi) + 1))));
            }
            if (p.target == "finished" || p.target == "completed") {
                w.leave_on = Max(*p.stop_on, w.start_on);
            } else if (rng.Chance(0.05)) {
                const Date lo = Max(w.start_on.AddDays(10), window_first_);
                if (lo < window_last_)
                    w.leave_on = lo.AddDays(static_cast<int>(rng.Below(static_cast<std::uint64_t>(lo.DaysUntil(window_last_)))));
            }
            Fingerprint(w.name + w.id_number);
            workers_.push_back(std::move(w));
        }
    }

    std::int64_t done = 0;
    Timer t;
    // Workers are registered (real-name) a few days before they enter the site, a few late (RN-07):
    // on a clock of their own, so registration dates are those of the story, not today's.
    Rng registration = rng_.Fork("registration");
    core::ManualClock registered_at(clock_.Now());
    registry::WorkerService workers_service(db_, registered_at, &cipher_);
    for (auto& w : workers_) {
        const auto& p = projects_[static_cast<std::size_t>(w.project)];
        auto ctx = EnterpriseUser(w.employer, "demo-workers");
        const bool late = registration.Chance(0.015);
        Date on = late ? w.start_on.AddDays(static_cast<int>(registration.Between(4, 12)))
                       : w.start_on.AddDays(-static_cast<int>(registration.Between(1, 6)));
        if (today_ < on) on = today_;
        const auto minute = std::chrono::minutes(registration.Between(8 * 60, 17 * 60));
        registered_at.Set(std::min(on.StartInShanghai() + minute, clock_.Now()));
        if (late) Count("workers_registered_late");
        registry::NewWorker input;
        input.name = w.name;
        input.id_number = w.id_number;
        input.phone = w.phone;
        input.bank_card = w.card;
        input.bank_name = w.card_bank;
        const auto& wt = registry::kWorkTypes[rng.Below(p.construction ? registry::kWorkTypes.size() - 1 : 1)];
        if (p.construction) input.work_type = std::string(wt.code);
        auto created = workers_service.Create(ctx, input);
        w.id = created.id;
        Count("workers");
        if (created.over_age) Count("workers_over_age");

        registry::NewContract c;
        c.worker_id = w.id;
        c.project_id = p.id;
        c.employer_id = ents_[static_cast<std::size_t>(w.employer)].id;
        c.team_id = p.teams[static_cast<std::size_t>(w.team)].id;
        c.kind = p.construction ? "labor_contract" : "employment_agreement";
        c.start_on = w.start_on;
        c.end_on = w.leave_on ? *w.leave_on : p.end_on;
        c.wage_type = w.wage_type;
        c.wage_rate = w.rate;
        c.signed_on = w.start_on.AddDays(-static_cast<int>(rng.Between(0, 3)));
        registry::Contract contract;
        try {
            contract = services_.contracts.Create(ctx, c);
        } catch (const Error& e) {
            throw Error(e.code(), std::string(e.what()) + " (demo contract " + c.start_on.ToString() + " – " +
                                      (c.end_on ? c.end_on->ToString() : "") + ", project " + p.code + " " + p.target +
                                      ")",
                        e.fields());
        }
        w.contract_id = contract.id;
        Count("contracts");
        services_.contracts.RecordEntry(ctx, w.contract_id, w.start_on);
        Count("entries");
        if (w.leave_on && !(today_ < *w.leave_on)) {
            services_.contracts.RecordExit(ctx, w.contract_id, *w.leave_on);
            Count("exits");
        }
        if (options_.progress && ++done % 5000 == 0) {
            char buf[80];
            std::snprintf(buf, sizeof buf, "  workers: %lld / %zu (%.1f s)", static_cast<long long>(done),
                          workers_.size(), t.Seconds());
            options_.progress(buf);
        }
    }
}

// ---- attendance ----

void Generator::SubmitAttendance() {
    Rng rng = rng_.Fork("attendance");
    // Workers by project, projects by GC: one submitter (the GC's gate system) per batch.
    std::vector<std::vector<int>> by_project(projects_.size());
    for (std::size_t i = 0; i < workers_.size(); ++i)
        by_project[static_cast<std::size_t>(workers_[i].project)].push_back(static_cast<int>(i));
    std::map<int, std::vector<std::size_t>> by_gc;
    for (std::size_t i = 0; i < projects_.size(); ++i)
        if (projects_[i].has_workers) by_gc[projects_[i].gc].push_back(i);

    const std::size_t kBatch = services_.attendance.options().max_batch;
    std::vector<registry::PunchInput> batch;
    batch.reserve(kBatch);
    std::int64_t submitted = 0;
    Timer t;
    int current_gc = -1;
    auto flush = [&] {
        if (batch.empty()) return;
        auto result = services_.attendance.SubmitPunches(EnterpriseUser(current_gc, "demo-attendance"), batch);
        Count("punches", result.accepted);
        Count("punches_rejected", static_cast<std::int64_t>(result.rejected.size()));
        if (!result.rejected.empty() && summary_.counts["punches_rejected"] == static_cast<std::int64_t>(result.rejected.size())) {
            const auto& r = result.rejected.front();
            spdlog::warn("demo: punch rejected: {} {}", r.field, r.reason);
        }
        submitted += static_cast<std::int64_t>(batch.size());
        batch.clear();
        if (options_.progress && submitted % 200000 < static_cast<std::int64_t>(kBatch)) {
            char buf[80];
            std::snprintf(buf, sizeof buf, "  punches: %lld (%.1f s)", static_cast<long long>(submitted), t.Seconds());
            options_.progress(buf);
        }
    };
    for (const auto& [gc, project_indexes] : by_gc) {
        flush();
        current_gc = gc;
        for (std::size_t pi : project_indexes) {
            const auto& p = projects_[pi];
            const std::string device = "GATE-" + p.code;
            const std::string app_device = "APP-" + p.code;
            Date last = window_last_;
            if (p.stop_on) last = Min(last, *p.stop_on);
            if (p.feed_stops_on) last = Min(last, *p.feed_stops_on);
            const bool outside_prone = rng.Chance(0.15);
            for (int wi : by_project[pi]) {
                const auto& w = workers_[static_cast<std::size_t>(wi)];
                Date from = Max(w.start_on, window_first_);
                Date to = last;
                if (w.leave_on) to = Min(to, *w.leave_on);
                for (Date d = from; !(to < d); d = d.AddDays(1)) {
                    const double p_work = d.IsWeekend() ? 0.55 : 0.9;
                    if (!rng.Chance(p_work)) continue;
                    const std::string day = d.ToString();
                    const int in_minute = static_cast<int>(rng.Between(6 * 60 + 40, 7 * 60 + 50));
                    const bool forgot_out = rng.Chance(0.02);
                    const bool half_day = rng.Chance(0.03);
                    const int out_minute = half_day ? static_cast<int>(rng.Between(10 * 60, 11 * 60 + 30))
                                                    : static_cast<int>(rng.Between(17 * 60, 18 * 60 + 40));
                    for (int dir = 0; dir < 2; ++dir) {
                        if (dir == 1 && forgot_out) break;
                        registry::PunchInput punch;
                        const bool by_app = !p.construction || rng.Chance(0.1);
                        punch.device_id = by_app ? app_device : device;
                        punch.punch_id = w.id.substr(w.id.size() - 10) + day + (dir == 0 ? "I" : "O");
                        punch.project_id = p.id;
                        punch.worker_id = w.id;
                        punch.time = PunchTime(d, dir == 0 ? in_minute : out_minute, static_cast<int>(rng.Below(60)));
                        punch.direction = dir == 0 ? "in" : "out";
                        punch.channel = by_app ? "app" : "face";
                        // Inside the fence, except some app punches of a few sites (1–3 km away).
                        const bool outside = by_app && (outside_prone ? rng.Chance(0.3) : rng.Chance(0.03));
                        const double spread = outside ? 0.02 + rng.Unit() * 0.01 : 0.0008;
                        punch.lng = p.lng + (rng.Unit() - 0.5) * 2 * spread;
                        punch.lat = p.lat + (rng.Unit() - 0.5) * 2 * spread * (outside ? 1 : 0.8);
                        if (outside) Count("punches_outside_fence");
                        batch.push_back(std::move(punch));
                        if (batch.size() >= kBatch) flush();
                    }
                }
            }
        }
    }
    flush();
}

// ---- dedicated accounts ----

void Generator::OpenAccounts() {
    Rng rng = rng_.Fork("accounts");
    std::set<std::string> numbers;
    for (std::size_t i = 0; i < projects_.size(); ++i) {
        auto& p = projects_[i];
        if (!p.has_account) continue;
        const auto& bank = kBanks[p.bank];
        wages::NewAccount a;
        a.bank_code = bank.code;
        a.bank_name = bank.name;
        a.branch_name = std::string(bank.name) + p.town->county_name + "支行";
        a.account_name = ents_[static_cast<std::size_t>(p.gc)].name + "农民工工资专用账户";
        do {
            p.account_number = std::string(bank.card_prefix).substr(0, 4) + DigitString(rng, 15);
        } while (!numbers.insert(p.account_number).second);
        a.account_number = p.account_number;
        const bool late_open = i >= 9 && rng.Chance(0.05);
        a.opened_on = Min(today_, p.signed_on.AddDays(late_open ? static_cast<int>(rng.Between(40, 80))
                                                                : static_cast<int>(rng.Between(3, 28))));
        a.agreement_ref = "SFXY-" + p.code;
        a.agreement_signed_on = a.opened_on;
        const double roll = rng.Unit();
        if (roll < 0.03 && i >= 9) {
            Count("accounts_unfiled");
        } else {
            const bool late_file = roll < 0.08 && i >= 9;
            Date filed = a.opened_on.AddDays(late_file ? static_cast<int>(rng.Between(35, 60))
                                                       : static_cast<int>(rng.Between(2, 25)));
            if (!(today_ < filed)) {
                a.filed_on = filed;
                if (late_file) Count("accounts_filed_late");
            } else {
                Count("accounts_unfiled");
            }
        }
        if (late_open) Count("accounts_opened_late");
        services_.accounts.Open(EnterpriseUser(p.gc, "demo-accounts"), p.id, a);
        Count("accounts");
    }
}

// ---- payrolls and pay batches ----

void Generator::RunPayrolls() {
    Rng rng = rng_.Fork("payrolls");
    std::map<std::string, const WorkerPlan*> worker_by_id;
    for (const auto& w : workers_) worker_by_id[w.id] = &w;
    // Employers with contracts per project.
    // One payroll per team (班组): the subcontractor hands in its teams' payrolls (REG 31).
    std::vector<std::set<std::pair<int, int>>> employers(projects_.size());
    for (const auto& w : workers_) employers[static_cast<std::size_t>(w.project)].insert({w.employer, w.team});

    std::int64_t bank_ref = 0;
    Timer t;
    std::int64_t done_projects = 0;
    for (std::size_t pi = 0; pi < projects_.size(); ++pi) {
        auto& p = projects_[pi];
        if (!p.has_workers) continue;
        auto gc = EnterpriseUser(p.gc, "demo-payrolls");
        const std::string bank_code = kBanks[p.bank].code;
        auto bank = BankOperator(bank_code, "demo-bank-return");
        for (int m = 0; m < 3; ++m) {
            const auto& month = months_[static_cast<std::size_t>(m)];
            if (p.stop_on && *p.stop_on < month.first) continue;
            if (month.last < p.start_on) continue;
            // The latest month: not due until the end of this month, so in every state.
            const double roll = rng.Unit();
            std::string stage = "paid";
            if (m == 2) {
                stage = roll < 0.10 ? "none" : roll < 0.22 ? "draft" : roll < 0.40 ? "submitted"
                                                             : roll < 0.55 ? "approved" : "paid";
            }
            if (p.arrears && m >= 1) stage = m == 1 ? "approved" : "submitted";
            if (!p.has_account && (stage == "paid")) stage = "approved";
            if (stage == "none") continue;
            for (const auto& [e, team] : employers[pi]) {
                wages::NewPayroll np;
                np.project_id = p.id;
                np.employer_id = ents_[static_cast<std::size_t>(e)].id;
                np.team_id = p.teams[static_cast<std::size_t>(team)].id;
                np.period = month.period;
                wages::Payroll payroll;
                try {
                    payroll = services_.payrolls.Generate(gc, np);
                } catch (const Error& err) {
                    if (err.code() == ErrorCode::kUnprocessable) continue;  // no contract covers the month
                    throw;
                }
                Count("payrolls");
                Count("payroll_lines", static_cast<std::int64_t>(payroll.lines.size()));
                p.net_by_month[static_cast<std::size_t>(m)] += payroll.net_total;
                if (stage == "draft") continue;
                // Nobody is paid for a month without a counted day: drop those lines (REG 15 needs the
                // working time and gross pay of every line).
                for (const auto& line : std::vector<wages::PayrollLine>(payroll.lines)) {
                    if (line.days > 0 && line.gross_pay > 0) continue;
                    payroll = services_.payrolls.RemoveLine(gc, payroll.id, line.id);
                    Count("payroll_lines_removed");
                }
                if (payroll.lines.empty()) continue;
                payroll = services_.payrolls.Submit(gc, payroll.id);
                const bool all_confirm = stage != "submitted";
                for (const auto& line : payroll.lines) {
                    if (!all_confirm && rng.Chance(0.4)) continue;
                    services_.payrolls.ConfirmLine(gc, payroll.id, line.id, rng.Chance(0.8) ? "h5" : "signature");
                }
                if (stage == "submitted") continue;
                payroll = services_.payrolls.Approve(gc, payroll.id);
                if (stage == "approved" || payroll.net_total == 0) continue;

                // Pay: settled on the 5th–25th of the next month; late payers after the pay date.
                const Date pay_date = payroll.pay_date;
                Date settled = month.last.AddDays(static_cast<int>(rng.Between(5, 25)));
                if (p.late_payer && m < 2) settled = pay_date.AddDays(static_cast<int>(rng.Between(3, 20)));
                if (today_ < settled) {
                    if (m < 2) {
                        settled = today_;
                    } else {
                        continue;  // the bank has not paid yet: stays approved
                    }
                }
                auto issue_and_return = [&](int sequence, Date on) -> std::vector<std::string> {
                    wages::PayBatch batch = services_.pay_batches.Issue(gc, payroll.id);
                    Count("pay_batches");
                    std::string csv = "参考号,状态,失败原因,处理日期,银行流水号\r\n";
                    std::vector<std::string> failed;
                    for (const auto& line : batch.lines) {
                        const bool fail = sequence == 1 && rng.Chance(0.012);
                        const std::string ref = "BK" + Pad(++bank_ref, 12);
                        if (fail) {
                            csv += line.reference + ",失败," + (rng.Chance(0.5) ? "户名与账号不符" : "账户已冻结") +
                                   "," + on.ToString() + ",\r\n";
                            failed.push_back(line.worker_id);
                            Count("pay_lines_failed");
                        } else {
                            csv += line.reference + ",成功,," + on.ToString() + "," + ref + "\r\n";
                            Count("pay_lines_paid");
                            const auto* w = worker_by_id[line.worker_id];
                            wages::FeedRow row;
                            row.account_number = p.account_number;
                            row.bank_txn_id = "D" + Pad(++txn_seq_, 12);
                            row.direction = "debit";
                            row.amount = line.amount;
                            row.booked_on = on.ToString();
                            row.counterparty_name = w->name;
                            row.counterparty_account = w->card;
                            row.purpose = "工资 " + month.period;
                            feed_[bank_code].push_back(std::move(row));
                        }
                    }
                    services_.pay_batches.ImportReturn(bank, batch.id, csv);
                    return failed;
                };
                auto failed = issue_and_return(1, settled);
                if (!failed.empty() && rng.Chance(0.7)) {
                    // The worker has the card unfrozen (or the name corrected at the bank); the GC
                    // re-issues the failed lines a few days later.
                    const Date again = Min(today_, settled.AddDays(static_cast<int>(rng.Between(3, 12))));
                    Count("pay_lines_reissued", static_cast<std::int64_t>(failed.size()));
                    issue_and_return(2, again);
                }
            }
        }
        if (options_.progress && ++done_projects % 50 == 0) {
            char buf[80];
            std::snprintf(buf, sizeof buf, "  payrolls: %lld projects (%.1f s)", static_cast<long long>(done_projects),
                          t.Seconds());
            options_.progress(buf);
        }
    }
}

// ---- output value and labor-cost allocations ----

void Generator::RecordAllocations() {
    Rng rng = rng_.Fork("allocations");
    for (auto& p : projects_) {
        if (!p.has_account || !p.has_workers) continue;
        auto gc = EnterpriseUser(p.gc, "demo-output-value");
        auto cu = EnterpriseUser(p.cu, "demo-allocations");
        const auto& bank_code = kBanks[p.bank].code;
        for (int m = 0; m < 3; ++m) {
            const auto& month = months_[static_cast<std::size_t>(m)];
            const Fen net = p.net_by_month[static_cast<std::size_t>(m)];
            if (net <= 0) continue;
            Fen due = 0;
            if (p.ratio_bp) {
                // Output value such that the clause's share covers the payroll with a margin.
                wages::OutputValueInput ov;
                const Fen base = net * 10000 / *p.ratio_bp;
                ov.output_value = base + base * rng.Between(5, 30) / 100;
                ov.output_value -= ov.output_value % 100;
                const std::int64_t pp_pct = p.investment == "government" && rng.Chance(0.1) ? rng.Between(65, 79)
                                                                                             : rng.Between(80, 95);
                ov.progress_payment = ov.output_value * pp_pct / 100;
                ov.settled_on = Min(today_, month.last.AddDays(static_cast<int>(rng.Between(3, 12))));
                services_.allocations.PutOutputValue(gc, p.id, month.period, ov);
                Count("output_values");
                due = wages::ApplyBasisPoints(*ov.progress_payment, *p.ratio_bp);
            } else {
                due = *p.fixed_amount;
            }
            if (m == p.missing_alloc_month) {
                Count("allocations_missing");
                continue;
            }
            const Date due_on = wages::AllocationDueDate(month.period, p.labor_day);
            const bool late = rng.Chance(0.07);
            Date on = late ? due_on.AddDays(static_cast<int>(rng.Between(5, 20)))
                           : due_on.AddDays(-static_cast<int>(rng.Between(0, 10)));
            if (today_ < on) {
                if (today_ < due_on) continue;  // not due yet
                on = today_;
            }
            wages::NewAllocation a;
            a.period = month.period;
            a.amount = p.short_allocator ? due * rng.Between(55, 85) / 100 : due;
            a.allocated_on = on;
            if (a.amount <= 0) continue;
            services_.allocations.CreateAllocation(cu, p.id, a);
            Count("allocations");
            if (late) Count("allocations_late");
            wages::FeedRow row;
            row.account_number = p.account_number;
            row.bank_txn_id = "C" + Pad(++txn_seq_, 12);
            row.direction = "credit";
            row.amount = a.amount;
            row.booked_on = on.ToString();
            row.counterparty_name = ents_[static_cast<std::size_t>(p.cu)].name;
            row.counterparty_account = "3701" + DigitString(rng, 16);
            row.purpose = "人工费用拨付 " + month.period;
            feed_[bank_code].push_back(std::move(row));
        }
        // A few debits that are not wages (the account may pay only this project's workers).
        if (rng.Chance(0.02)) {
            wages::FeedRow row;
            row.account_number = p.account_number;
            row.bank_txn_id = "X" + Pad(++txn_seq_, 12);
            row.direction = "debit";
            row.amount = rng.Between(5, 50) * 100000;
            row.booked_on = Min(today_, months_[2].first.AddDays(static_cast<int>(rng.Between(1, 25)))).ToString();
            row.counterparty_name = ents_[static_cast<std::size_t>(p.gc)].name;
            row.counterparty_account = "3701" + DigitString(rng, 16);
            row.purpose = "往来款";
            feed_[bank_code].push_back(std::move(row));
        }
    }
}

void Generator::SubmitBankFeed() {
    for (auto& [bank_code, rows] : feed_) {
        auto ctx = BankOperator(bank_code, "demo-bank-feed");
        // Oldest first, as a bank would report.
        std::stable_sort(rows.begin(), rows.end(),
                         [](const wages::FeedRow& a, const wages::FeedRow& b) { return a.booked_on < b.booked_on; });
        for (std::size_t i = 0; i < rows.size(); i += wages::BankFeedService::kMaxRows) {
            const std::size_t n = std::min(wages::BankFeedService::kMaxRows, rows.size() - i);
            std::vector<wages::FeedRow> chunk(rows.begin() + static_cast<std::ptrdiff_t>(i),
                                              rows.begin() + static_cast<std::ptrdiff_t>(i + n));
            for (std::size_t k = 0; k < chunk.size(); ++k) chunk[k].row = static_cast<std::int64_t>(k + 1);
            auto result = services_.bank_feed.Submit(ctx, chunk);
            Count("bank_feed_rows", result.accepted);
            Count("bank_feed_flagged", result.flagged);
            Count("bank_feed_matched_allocations", result.matched_allocations);
            if (!result.errors.empty()) {
                Count("bank_feed_errors", static_cast<std::int64_t>(result.errors.size()));
                spdlog::warn("demo: bank feed row refused: {} {}", result.errors.front().field,
                             result.errors.front().reason);
            }
        }
    }
}

// ---- deposits ----

void Generator::LodgeDeposits() {
    Rng rng = rng_.Fork("deposits");
    auto supervisor = Province("demo-deposits");
    for (std::size_t i = 0; i < projects_.size(); ++i) {
        auto& p = projects_[i];
        if (p.target == "approved") continue;
        auto requirement = services_.deposits.Recompute(supervisor, p.id);
        Count("deposit_requirements");
        const Fen required = requirement.result.required;
        if (requirement.result.exempt || required == 0) {
            Count("deposits_exempt");
            continue;
        }
        const double roll = rng.Unit();
        if (roll < 0.05 && i >= 9) {
            Count("deposits_missing");
            continue;
        }
        deposits::NewInstrument in;
        in.lodged_on = Min(today_, p.permit_on.AddDays(static_cast<int>(rng.Between(3, 25))));
        const bool shortfall = roll < 0.10 && i >= 9;
        const bool expiring = !shortfall && p.target == "under_construction" && p.has_workers && rng.Chance(0.06);
        const double form_roll = expiring ? 0.5 : rng.Unit();
        if (shortfall || form_roll < 0.35) {
            in.form = "cash";
            in.issuer = kBanks[p.bank].name;
            in.amount = shortfall ? required * rng.Between(40, 80) / 100 : required;
            in.number = "BZJ-" + p.code;
            if (shortfall) Count("deposits_short");
        } else {
            in.form = form_roll < 0.85 ? "bank_guarantee" : (form_roll < 0.93 ? "insurance" : "guarantee_company");
            in.issuer = in.form == "bank_guarantee" ? kBanks[rng.Below(std::size(kBanks))].name
                        : in.form == "insurance"    ? "中国人民财产保险股份有限公司山东省分公司"
                                                    : "山东省融资担保有限公司";
            in.number = (in.form == "insurance" ? "PICC-" : "BH-") + p.code;
            in.amount = required;
            Date from = in.lodged_on;
            Date to = Max(from.AddDays(400), p.end_on.AddDays(30));
            if (expiring) {
                // Expires within the month: a one-year letter lodged eleven months ago, the
                // contract ending with it.
                to = today_.AddDays(static_cast<int>(rng.Between(5, 25)));
                from = to.AddDays(-366);
                in.lodged_on = from;
                registry::ProjectPatch patch;
                patch.contract_end_on = std::optional<Date>(to);
                services_.projects.Update(supervisor, p.id, patch);
                p.end_on = to;
                Count("guarantees_expiring_soon");
            }
            in.valid_from = from;
            in.valid_to = to;
        }
        services_.deposits.AddInstrument(EnterpriseUser(p.gc, "demo-deposits"), p.id, in);
        Count("deposit_instruments");
    }
}

// ---- final statuses ----

void Generator::ApplyFinalStatuses() {
    auto ctx = Province("demo-status");
    for (auto& p : projects_) {
        if (p.target == "suspended") {
            services_.projects.ChangeStatus(ctx, p.id, {"suspended", *p.stop_on, "资金未到位，停工整改"});
        } else if (p.target == "finished" || p.target == "completed") {
            services_.projects.ChangeStatus(ctx, p.id, {"finished", *p.stop_on, "主体工程完工"});
            if (p.target == "completed" && p.complete_on && !(today_ < *p.complete_on))
                services_.projects.ChangeStatus(ctx, p.id, {"completed", *p.complete_on, "竣工验收合格"});
        }
    }
}

// ---- logins ----

void Generator::CreateLogins() {
    struct Spec {
        const char* username;
        const char* display;
        std::string_view role;
        std::string region;
        std::string industry;
        std::string enterprise_id;
        std::string bank_code;
        std::string scope;
        const char* description;
    };
    const Ent& laowu = ents_[static_cast<std::size_t>(laowu_gc_)];
    const std::vector<Spec> specs = {
        {"admin", "系统管理员", role::kSystemAdmin, "37", "", "", "", "37 山东省", "系统管理员"},
        {"secadmin", "安全管理员", role::kSecurityAdmin, "37", "", "", "", "37 山东省", "安全管理员"},
        {"auditor", "审计管理员", role::kAuditAdmin, "37", "", "", "", "37 山东省", "审计管理员"},
        {"jinan", "济南市人社局", role::kSupervisor, "3701", "", "", "", "3701 济南市", "济南市人社监管"},
        {"lixia", "历下区人社局", role::kSupervisor, kLixia, "", "", "", "370102 历下区", "历下区人社监管"},
        {"jiefanglu", "解放路街道", role::kSupervisor, kJiefanglu, "", "", "", "370102001 解放路街道",
         "解放路街道工长"},
        {"zhujian", "济南市住建局", role::kIndustryOfficer, "3701", "housing", "", "", "3701 济南市 住建",
         "济南市住建行业监管"},
        {"laowu", "劳资专管员", role::kEnterpriseUser, "3701", "", laowu.id, "", laowu.name, "总承包单位劳资专管员"},
        {"bank", "工商银行代发岗", role::kBankOperator, "37", "", "", "ICBC", "ICBC 中国工商银行", "银行代发岗"},
    };
    for (const auto& s : specs) {
        identity::NewUser u;
        u.username = s.username;
        u.display_name = s.display;
        u.password = options_.password;
        u.role = std::string(s.role);
        u.region_code = s.region;
        u.industry = s.industry;
        u.enterprise_id = s.enterprise_id;
        u.bank_code = s.bank_code;
        u.must_change_password = false;
        try {
            services_.identity.CreateUserAsSystem(u);
            Count("logins");
        } catch (const Error& e) {
            // A database from an earlier `make demo` may hold these users already: keep them.
            if (e.code() != ErrorCode::kConflict) throw;
            Count("logins_existing");
        }
        summary_.logins.push_back(DemoLogin{s.username, std::string(s.role), s.scope, s.description});
    }
}

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

DemoSummary Generator::Run() {
    Timer total;
    summary_.seed = options_.seed;
    summary_.scale = options_.scale;
    for (const auto& m : months_) summary_.months.push_back(m.period);
    Phase("regions", [&] { LoadRegions(); });
    Phase("enterprises", [&] { CreateEnterprises(); });
    Phase("projects", [&] {
        PlanProjects();
        CreateProjects();
    });
    Phase("workers", [&] { CreateWorkers(); });
    Phase("attendance", [&] { SubmitAttendance(); });
    Phase("accounts", [&] { OpenAccounts(); });
    Phase("payrolls", [&] { RunPayrolls(); });
    Phase("allocations", [&] { RecordAllocations(); });
    Phase("bank feed", [&] { SubmitBankFeed(); });
    Phase("deposits", [&] { LodgeDeposits(); });
    Phase("statuses", [&] { ApplyFinalStatuses(); });
    Phase("complaints and warnings", [&] { GenerateCluesAndCases(); });
    summary_.phase_seconds.emplace_back("(of which warning evaluations)", warning_seconds_);
    if (options_.create_logins) Phase("logins", [&] { CreateLogins(); });
    summary_.seconds = total.Seconds();
    char hex[20];
    std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(fingerprint_));
    summary_.fingerprint = hex;
    return summary_;
}

void SetSynchronous(storage::Database& db, bool relaxed) {
    auto tx = db.Begin(storage::TxMode::kWrite);
    if (db.backend() == storage::Backend::kSqlite) {
        // PRAGMA synchronous cannot change inside a transaction: end it, set, begin again.
        tx.ExecuteScript(relaxed ? "COMMIT; PRAGMA synchronous=NORMAL; BEGIN IMMEDIATE"
                                 : "COMMIT; PRAGMA synchronous=FULL; BEGIN IMMEDIATE");
    } else {
        tx.Execute(relaxed ? "SET synchronous_commit TO off" : "SET synchronous_commit TO on");
    }
    tx.Commit();
}

}  // namespace

// ---- public API ----------------------------------------------------------------------------------

std::int64_t DemoSummary::Count(std::string_view key) const {
    auto it = counts.find(std::string(key));
    return it == counts.end() ? 0 : it->second;
}

std::string DemoSummary::Describe() const {
    std::ostringstream out;
    char buf[160];
    std::snprintf(buf, sizeof buf, "demo province generated in %.1f s (seed %llu, scale %g; months %s, %s, %s)\n",
                  seconds, static_cast<unsigned long long>(seed), scale, months.size() > 0 ? months[0].c_str() : "",
                  months.size() > 1 ? months[1].c_str() : "", months.size() > 2 ? months[2].c_str() : "");
    out << buf;
    for (const auto& [key, value] : counts) out << "  " << key << ": " << value << "\n";
    out << "  projects by status:";
    for (const auto& [status, n] : projects_by_status) out << " " << status << " " << n;
    out << "\n  phases:";
    for (const auto& [name, s] : phase_seconds) {
        std::snprintf(buf, sizeof buf, " %s %.1fs", name.c_str(), s);
        out << buf;
    }
    out << "\n  fingerprint: " << fingerprint << "\n";
    return out.str();
}

bool DemoGenerated(storage::Database& db) {
    auto tx = db.Begin(storage::TxMode::kRead);
    return tx.QueryOptional("SELECT 1 FROM demo_run WHERE id = 'demo'").has_value();
}

DemoSummary GenerateDemo(storage::Database& db, const core::Clock& clock, const core::FieldCipher& cipher,
                         const DemoOptions& options) {
    if (!(options.scale > 0) || options.scale > 1000)
        throw Error(ErrorCode::kInvalidArgument, "--scale 应大于 0 且不超过 1000", {{"scale", "应大于 0"}});
    if (!region::RegionService(db, clock).Find("37"))
        throw Error(ErrorCode::kUnprocessable, "行政区划未导入：请先运行 anxin regions import（需要山东省 37 的区划）");
    // The marker first: a second run (or a run after an interrupted one) is refused.
    {
        auto tx = db.Begin(storage::TxMode::kWrite);
        if (auto row = tx.QueryOptional("SELECT status FROM demo_run WHERE id = 'demo'")) {
            const std::string status = row->Text(0);
            throw Error(ErrorCode::kConflict,
                        status == "done" ? "此数据库已生成过演示数据，不能重复生成（请换一个新的数据库）"
                                         : "此数据库上次生成演示数据未完成，请删除数据库后重新生成",
                        {{"demo", status}});
        }
        tx.Execute("INSERT INTO demo_run (id, seed, scale_milli, status, started_at) VALUES ('demo', $1, $2, 'running', $3)",
                   {static_cast<std::int64_t>(options.seed & 0x7FFFFFFFFFFFFFFFULL),
                    static_cast<std::int64_t>(std::llround(options.scale * 1000)), core::ToMillis(clock.Now())});
        tx.Commit();
    }
    if (options.relax_durability) SetSynchronous(db, true);
    DemoSummary summary;
    try {
        Generator generator(db, clock, cipher, options);
        summary = generator.Run();
    } catch (...) {
        if (options.relax_durability) SetSynchronous(db, false);
        throw;
    }
    if (options.relax_durability) SetSynchronous(db, false);
    {
        auto tx = db.Begin(storage::TxMode::kWrite);
        tx.Execute("UPDATE demo_run SET status = 'done', finished_at = $1, summary = $2 WHERE id = 'demo'",
                   {core::ToMillis(clock.Now()), summary.Describe()});
        tx.Commit();
    }
    return summary;
}

}  // namespace anxin::demo
