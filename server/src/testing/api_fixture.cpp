#include "testing/api_fixture.hpp"

#include <filesystem>

#include <boost/json.hpp>

#include "core/ids.hpp"

namespace anxin::testing {

void ApiTest::SetUp() {
    database_ = TestDatabase::MultiConnection(GetParam(), /*migrate=*/false);
    app::Config config;
    config.database_url = database_->url();
    config.server.address = "127.0.0.1";
    config.server.port = 0;
    config.server.worker_threads = 4;
    config.server.throttle_delay = std::chrono::milliseconds(0);  // limits answer at once in tests
    config.password_cost = identity::PasswordCost::kFast;
    config.database_pool_size = 4;
    config.data_key = core::DataKey::Generate();
    config.run_scheduler = false;  // notify: tests drive app().outbox() themselves
    // Module API tests sign administrators in with a password alone; the second factor has its
    // own API test (app/totp_api_test.cpp), which turns this on.
    config.require_admin_totp = RequireAdminTotp();
    files_dir_ = std::filesystem::temp_directory_path() / ("anxin-files-" + core::RandomHex(8));
    config.files_dir = files_dir_.string();
    Configure(config);
    app_ = std::make_unique<app::App>(config, database_->clock());
    port_ = app_->Start();
    client_ = std::make_unique<HttpClient>(port_);
}

void ApiTest::TearDown() {
    client_.reset();
    if (app_) app_->Stop();
    app_.reset();
    database_.reset();
    std::error_code ec;
    std::filesystem::remove_all(files_dir_, ec);
}

void ApiTest::SeedRegions() {
    struct Row {
        const char *code, *name;
        int level;
        const char* parent;
    };
    static const Row rows[] = {
        {"37", "山东省", 1, nullptr},         {"3701", "济南市", 2, "37"},
        {"370102", "历下区", 3, "3701"},      {"370103", "市中区", 3, "3701"},
        {"370102001", "解放路街道", 4, "370102"}, {"370103001", "大观园街道", 4, "370103"},
        {"3702", "青岛市", 2, "37"},          {"370202", "市南区", 3, "3702"},
    };
    auto tx = app_->db().Begin();
    for (const auto& r : rows) {
        tx.Execute("INSERT INTO region_division (code, name, level, parent_code) VALUES ($1, $2, $3, $4)",
                   {r.code, r.name, r.level, r.parent ? storage::Param(r.parent) : storage::Param(nullptr)});
    }
    tx.Commit();
}

std::string ApiTest::LoginAs(const std::string& username, const std::string& role, const std::string& region_code,
                             const std::string& extra_scope) {
    identity::NewUser user;
    user.username = username;
    user.display_name = username;
    user.password = kPassword;
    user.role = role;
    user.region_code = region_code;
    user.must_change_password = false;
    if (role == "industry-officer") user.industry = extra_scope.empty() ? "housing" : extra_scope;
    if (role == "enterprise-user") user.enterprise_id = extra_scope.empty() ? "E-TEST" : extra_scope;
    if (role == "bank-operator") user.bank_code = extra_scope.empty() ? "ICBC" : extra_scope;
    app_->identity().CreateUserAsSystem(user);
    auto response = client_->Post("/api/v1/auth/login",
                                  boost::json::value{{"username", username}, {"password", kPassword}});
    EXPECT_EQ(response.status, 200u) << response.body;
    return std::string(response.json.at("token").as_string());
}

}  // namespace anxin::testing
