// Login flood over HTTP (issue 11; a benchmark, not a test), the way it was probed: the whole app on
// a loopback port (file-backed SQLite, WAL, synchronous=FULL, production argon2id), one user writing
// (POST /api/v1/departments, one request at a time, 5 ms apart) while 16 threads post logins with
// random unknown user names from the same address. Before issue 11 the writer's median went from
// 4 ms to 2.1 s and writes failed with "database is locked". Prints the writer's p50/p99 without and
// with the flood, the flood's answers by status, and the p99 ratio (target ≤ 2).
//   build/release/server/bench/anxin_login_flood_http_bench [writes per phase, default 300]
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include <boost/json.hpp>

#include "app/app.hpp"
#include "testing/http_client.hpp"

namespace {

using namespace anxin;
using Clock = std::chrono::steady_clock;
namespace json = boost::json;

struct Figures {
    double p50_ms, p99_ms;
    int failed;
};

Figures Writes(testing::HttpClient& client, const std::string& token, int count, int& sequence) {
    std::vector<double> ms;
    int failed = 0;
    for (int i = 0; i < count; ++i) {
        json::value body{{"regionCode", "37"}, {"kind", "hrss"}, {"name", "压测部门" + std::to_string(++sequence)}};
        auto start = Clock::now();
        auto r = client.Post("/api/v1/departments", body, token);
        ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - start).count());
        if (r.status != 201) ++failed;
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    std::sort(ms.begin(), ms.end());
    return {ms[ms.size() / 2], ms[std::min(ms.size() - 1, ms.size() * 99 / 100)], failed};
}

}  // namespace

int main(int argc, char** argv) {
    const int writes = argc > 1 ? std::atoi(argv[1]) : 300;
    auto dir = std::filesystem::temp_directory_path() / ("anxin-login-http-bench-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    core::SystemClock clock;
    app::Config config;
    config.database_url = "sqlite://" + (dir / "bench.db").string();
    config.server.address = "127.0.0.1";
    config.server.port = 0;
    config.data_key = core::DataKey::Generate();
    config.run_scheduler = false;
    config.require_admin_totp = false;  // the writer is a system administrator signing in by password
    int port = 0;
    {
        app::App app(config, clock);
        {
            auto tx = app.db().Begin();
            tx.Execute("INSERT INTO region_division (code, name, level, parent_code) VALUES ('37', '山东省', 1, NULL)");
            tx.Commit();
        }
        identity::NewUser admin{"benchadmin", "压测管理员", "Kq7#Vr2-Lw", "system-admin", "37"};
        admin.must_change_password = false;
        app.identity().CreateUserAsSystem(admin);
        port = app.Start();
        testing::HttpClient writer(static_cast<std::uint16_t>(port));
        auto login = writer.Post("/api/v1/auth/login", json::value{{"username", "benchadmin"}, {"password", "Kq7#Vr2-Lw"}});
        const std::string token(login.json.at("token").as_string());
        int sequence = 0;

        Figures quiet = Writes(writer, token, writes, sequence);

        std::atomic<bool> stop{false};
        std::mutex mutex;
        std::map<unsigned, long> statuses;
        std::vector<std::thread> flood;
        for (int t = 0; t < 16; ++t) {
            flood.emplace_back([&, t] {
                testing::HttpClient client(static_cast<std::uint16_t>(port));
                std::map<unsigned, long> mine;
                for (long n = 0; !stop; ++n) {
                    auto r = client.Post("/api/v1/auth/login",
                                         json::value{{"username", "ghost" + std::to_string(t) + "x" + std::to_string(n)},
                                                     {"password", "Wrong-pass-1"}});
                    ++mine[r.status];
                }
                std::lock_guard lock(mutex);
                for (auto [status, count] : mine) statuses[status] += count;
            });
        }
        std::this_thread::sleep_for(std::chrono::seconds(1));
        Figures flooded = Writes(writer, token, writes, sequence);
        stop = true;
        for (auto& t : flood) t.join();
        app.Stop();

        std::printf("writes without flood: p50 %.2f ms, p99 %.2f ms, failed %d\n", quiet.p50_ms, quiet.p99_ms,
                    quiet.failed);
        std::printf("writes under a 16-thread unknown-user login flood over HTTP: p50 %.2f ms, p99 %.2f ms, failed %d\n",
                    flooded.p50_ms, flooded.p99_ms, flooded.failed);
        std::printf("flood answers:");
        for (auto [status, count] : statuses) std::printf(" %u×%ld", status, count);
        std::printf("\np99 ratio flood/quiet: %.2f (target <= 2)\n", flooded.p99_ms / quiet.p99_ms);
    }
    std::filesystem::remove_all(dir);
    return 0;
}
