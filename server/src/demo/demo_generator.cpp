#include "demo/demo_generator.hpp"

#include <cmath>

#include "demo/generator.hpp"

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

// ---- the generator (generator.hpp; its steps in generator_*.cpp) ----------------------------------

namespace generator {

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
    Phase("credit", [&] { GenerateListings(); });  // before the warnings run, so CRD-02 sees the list
    Phase("complaints and warnings", [&] { GenerateCluesAndCases(); });
    Phase("credit records", [&] { GenerateCreditRecords(); });  // after the warnings: records come from them
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

}  // namespace generator

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
    if (options.relax_durability) generator::SetSynchronous(db, true);
    DemoSummary summary;
    try {
        generator::Generator province(db, clock, cipher, options);
        summary = province.Run();
    } catch (...) {
        if (options.relax_durability) generator::SetSynchronous(db, false);
        throw;
    }
    if (options.relax_durability) generator::SetSynchronous(db, false);
    {
        auto tx = db.Begin(storage::TxMode::kWrite);
        tx.Execute("UPDATE demo_run SET status = 'done', finished_at = $1, summary = $2 WHERE id = 'demo'",
                   {core::ToMillis(clock.Now()), summary.Describe()});
        tx.Commit();
    }
    return summary;
}

}  // namespace anxin::demo
