// The registry side of the demo province: regions, enterprises, projects, workers and contracts,
// attendance, final project statuses and the demo logins.
#include "demo/generator.hpp"

namespace anxin::demo::generator {

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
    CreateDepartments();
}

// The departments every city has (人社 for wages, and the three industries with their own wage duty),
// and 历下区's own, with the public hotlines under each city's area code: notice boards show them and
// complaints route to them (属地 + 行业).
void Generator::CreateDepartments() {
    static const std::map<std::string, std::string> kAreaCodes = {
        {"3701", "0531"}, {"3702", "0532"}, {"3703", "0533"}, {"3704", "0632"}, {"3705", "0546"}, {"3706", "0535"},
        {"3707", "0536"}, {"3708", "0537"}, {"3709", "0538"}, {"3710", "0631"}, {"3711", "0633"}, {"3713", "0539"},
        {"3714", "0534"}, {"3715", "0635"}, {"3716", "0543"}, {"3717", "0530"}};
    struct Kind {
        const char* kind;
        const char* suffix;
        const char* hotline;
    };
    static constexpr Kind kKinds[] = {{"hrss", "人力资源和社会保障局", "12333"},
                                      {"housing", "住房和城乡建设局", "12319"},
                                      {"transport", "交通运输局", "12328"},
                                      {"water", "水利局", "12314"}};
    const auto ctx = Province("demo-departments");
    auto create = [&](const std::string& region, const std::string& region_name, const std::string& area) {
        for (const auto& k : kKinds) {
            region::NewDepartment d{region, k.kind, region_name + k.suffix, area + "-" + k.hotline};
            try {
                services_.regions.CreateDepartment(ctx, d);
                Count("departments");
            } catch (const Error& e) {
                if (e.code() != ErrorCode::kConflict) throw;  // a second run on the same database
            }
        }
    };
    for (const auto& [city, area] : kAreaCodes) {
        if (!counties_by_city_.contains(city)) continue;
        if (auto division = services_.regions.Find(city)) create(city, division->name, area);
    }
    if (auto lixia = services_.regions.Find(kLixia)) create(kLixia, "济南市" + lixia->name, "0531");
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
    // The construction unit (建设单位) of laowu's first project: the other party of the monthly story.
    int jianshe_cu = -1;
    for (const auto& p : projects_) {
        if (p.gc == laowu_gc_ && p.cu >= 0) {
            jianshe_cu = p.cu;
            break;
        }
    }
    const Ent& jianshe = ents_[static_cast<std::size_t>(jianshe_cu >= 0 ? jianshe_cu : laowu_gc_)];
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
        {"jianshe", "建设单位财务", role::kEnterpriseUser, "3701", "", jianshe.id, "", jianshe.name,
         "建设单位（拨付人工费）"},
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

}  // namespace anxin::demo::generator
