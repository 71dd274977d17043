// API tests against the real server: the whole App (every module, real router, real HTTP) on a
// loopback port, on each test backend, with a manual clock. Tests speak HTTP through client().
#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <memory>
#include <string>

#include "app/app.hpp"
#include "testing/http_client.hpp"
#include "testing/test_database.hpp"

namespace anxin::testing {

class ApiTest : public ::testing::TestWithParam<std::string> {
protected:
    void SetUp() override;
    void TearDown() override;

    app::App& app() { return *app_; }
    HttpClient& client() { return *client_; }
    core::ManualClock& clock() { return database_->clock(); }
    std::uint16_t port() const { return port_; }

    // A small real region tree without the full import: 37 山东省 → 3701 济南市 → 370102 历下区
    // (→ 370102001 解放路街道), 370103 市中区 (→ 370103001 大观园街道); 3702 青岛市 → 370202 市南区.
    void SeedRegions();
    // Creates the user through the service (any role) and logs in over HTTP; returns the token.
    std::string LoginAs(const std::string& username, const std::string& role, const std::string& region_code = "",
                        const std::string& extra_scope = "");
    static constexpr const char* kPassword = "Tq4!xPz8&r";
    // Whether the app requires administrators' second factor (off for module tests).
    virtual bool RequireAdminTotp() const { return false; }
    // A test's own settings on top of the fixture's (a public base URL, …), before the app starts.
    virtual void Configure(app::Config&) const {}

private:
    std::unique_ptr<TestDatabase> database_;
    std::unique_ptr<app::App> app_;
    std::unique_ptr<HttpClient> client_;
    std::uint16_t port_ = 0;
    std::filesystem::path files_dir_;  // files: a fresh store per test
};

}  // namespace anxin::testing
