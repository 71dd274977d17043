#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "notify/notify.hpp"
#include "notify/outbox.hpp"
#include "testing/api_fixture.hpp"

namespace anxin::notify {
namespace {

namespace json = boost::json;

class OutboxApiTest : public anxin::testing::ApiTest {
  protected:
    std::string EnqueueSms(const std::string& tracking_code) {
        auto tx = app().db().Begin();
        auto id = Enqueue(tx, app().clock(), app().cipher(),
                          OutboxMessage{"sms",
                                        "13812345678",
                                        "clue.accepted",
                                        {{"trackingCode", tracking_code}, {"deadline", "3月3日"}},
                                        std::nullopt});
        tx.Commit();
        return id;
    }
    void MarkFailed(const std::string& id) {
        auto tx = app().db().Begin();
        tx.Execute("UPDATE notify_outbox SET status = 'failed', attempts = 8, last_error = 'HTTP 500' WHERE id = $1",
                   {id});
        tx.Commit();
    }
};

TEST_P(OutboxApiTest, AdministratorListsMaskedMessagesAndRetriesAFailedOne) {
    SeedRegions();
    std::string admin = LoginAs("admin1", "system-admin");
    std::string supervisor = LoginAs("super1", "supervisor", "3701");
    auto pending = EnqueueSms("QX000001");
    auto failed = EnqueueSms("QX000002");
    MarkFailed(failed);

    auto list = client().Get("/api/v1/outbox", admin);
    ASSERT_EQ(list.status, 200u) << list.body;
    EXPECT_EQ(list.json.at("total").as_int64(), 2);
    EXPECT_EQ(list.body.find("13812345678"), std::string::npos);  // recipients are masked
    EXPECT_EQ(list.json.at("items").at(0).at("recipient").as_string(), "138****5678");

    auto only_failed = client().Get("/api/v1/outbox?status=failed", admin);
    ASSERT_EQ(only_failed.status, 200u);
    ASSERT_EQ(only_failed.json.at("items").as_array().size(), 1u);
    EXPECT_EQ(only_failed.json.at("items").at(0).at("id").as_string(), failed);
    EXPECT_EQ(only_failed.json.at("items").at(0).at("lastError").as_string(), "HTTP 500");
    EXPECT_EQ(client().Get("/api/v1/outbox?status=lost", admin).status, 400u);

    EXPECT_EQ(client().Get("/api/v1/outbox", supervisor).status, 403u);
    EXPECT_EQ(client().Post("/api/v1/outbox/" + failed + "/retry", "", supervisor).status, 403u);

    auto retried = client().Post("/api/v1/outbox/" + failed + "/retry", "", admin);
    ASSERT_EQ(retried.status, 200u) << retried.body;
    EXPECT_EQ(retried.json.at("status").as_string(), "pending");
    EXPECT_EQ(retried.json.at("attempts").as_int64(), 0);
    EXPECT_EQ(client().Post("/api/v1/outbox/" + pending + "/retry", "", admin).status, 409u);
    EXPECT_EQ(client().Post("/api/v1/outbox/01NOSUCHMESSAGE0000000000/retry", "", admin).status, 404u);
}

INSTANTIATE_TEST_SUITE_P(Backends, OutboxApiTest, ::testing::ValuesIn(anxin::testing::TestBackends()),
                         anxin::testing::BackendName());

}  // namespace
}  // namespace anxin::notify
