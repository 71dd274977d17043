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
    std::string EnqueueSms(const std::string& tracking_code, std::optional<std::string> region = std::nullopt) {
        auto tx = app().db().Begin();
        auto id = Enqueue(tx, app().clock(), app().cipher(),
                          OutboxMessage{"sms",
                                        "13812345678",
                                        "clue.accepted",
                                        {{"trackingCode", tracking_code}, {"deadline", "3月3日"}},
                                        std::nullopt,
                                        std::move(region)});
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

    // A supervisor reviews only the messages about their region: these two are about none.
    EXPECT_EQ(client().Get("/api/v1/outbox", supervisor).json.at("total").as_int64(), 0);
    EXPECT_EQ(client().Post("/api/v1/outbox/" + failed + "/retry", "", supervisor).status, 404u);
    EXPECT_EQ(client().Get("/api/v1/outbox", LoginAs("officer1", "industry-officer", "3701")).status, 403u);

    auto retried = client().Post("/api/v1/outbox/" + failed + "/retry", "", admin);
    ASSERT_EQ(retried.status, 200u) << retried.body;
    EXPECT_EQ(retried.json.at("status").as_string(), "pending");
    EXPECT_EQ(retried.json.at("attempts").as_int64(), 0);
    EXPECT_EQ(client().Post("/api/v1/outbox/" + pending + "/retry", "", admin).status, 409u);
    EXPECT_EQ(client().Post("/api/v1/outbox/01NOSUCHMESSAGE0000000000/retry", "", admin).status, 404u);
}

TEST_P(OutboxApiTest, SupervisorsReviewTheirRegionsMessagesAndRetryTheirFailures) {
    SeedRegions();
    std::string jinan = LoginAs("jinan1", "supervisor", "3701");
    std::string qingdao = LoginAs("qingdao1", "supervisor", "3702");
    auto lixia = EnqueueSms("QX000011", "370102001");
    auto shinan = EnqueueSms("QX000012", "370202");
    MarkFailed(lixia);
    MarkFailed(shinan);
    auto mine = client().Get("/api/v1/outbox?channel=sms", jinan);
    ASSERT_EQ(mine.status, 200u) << mine.body;
    ASSERT_EQ(mine.json.at("total").as_int64(), 1);
    EXPECT_EQ(mine.json.at("items").at(0).at("id").as_string(), lixia);
    EXPECT_EQ(client().Post("/api/v1/outbox/" + shinan + "/retry", "", jinan).status, 404u);  // not theirs: absent
    EXPECT_EQ(client().Post("/api/v1/outbox/" + lixia + "/retry", "", jinan).status, 200u);
    EXPECT_EQ(client().Post("/api/v1/outbox/" + shinan + "/retry", "", qingdao).status, 200u);
    EXPECT_EQ(client().Get("/api/v1/outbox?channel=fax", jinan).status, 400u);
}

TEST_P(OutboxApiTest, TheInboxHoldsMessagesToTheOfficialAndTheirRegionAndMarksThemRead) {
    SeedRegions();
    std::string lixia = LoginAs("lixia1", "supervisor", "370102");
    std::string other = LoginAs("shizhong1", "supervisor", "370103");
    auto send = [&](const std::string& to, const std::string& number) {
        auto tx = app().db().Begin();
        auto id = Enqueue(tx, app().clock(), app().cipher(),
                          OutboxMessage{"internal", to, "case.assigned",
                                        {{"caseNumber", number}, {"projectName", "解放路安置房"}, {"deadline", "2026-12-20"}},
                                        std::nullopt});
        tx.Commit();
        return id;
    };
    auto to_me = send("user:lixia1", "AX-1");
    send("region:370102", "AX-2");
    send("county-principal:370102", "AX-3");
    auto not_mine = send("region:370103", "AX-4");
    auto inbox = client().Get("/api/v1/inbox", lixia);
    ASSERT_EQ(inbox.status, 200u) << inbox.body;
    EXPECT_EQ(inbox.json.at("total").as_int64(), 3);
    EXPECT_EQ(inbox.body.find("AX-4"), std::string::npos);
    EXPECT_EQ(client().Get("/api/v1/inbox?unread=true", lixia).json.at("total").as_int64(), 3);
    auto read = client().Post("/api/v1/inbox/" + to_me + "/read", "", lixia);
    ASSERT_EQ(read.status, 200u) << read.body;
    EXPECT_FALSE(read.json.at("readAt").is_null());
    EXPECT_EQ(client().Get("/api/v1/inbox?unread=true", lixia).json.at("total").as_int64(), 2);
    {  // the mark is a write: audited once, the second opening changes nothing
        client().Post("/api/v1/inbox/" + to_me + "/read", "", lixia);
        auto tx = app().db().Begin(storage::TxMode::kRead);
        EXPECT_EQ(tx.QueryOne("SELECT COUNT(*) FROM audit_event WHERE action = 'read' AND entity = 'outbox' AND "
                              "entity_id = $1", {to_me}).Int(0), 1);
    }
    EXPECT_EQ(client().Post("/api/v1/inbox/" + not_mine + "/read", "", lixia).status, 404u);
    EXPECT_EQ(client().Post("/api/v1/inbox/" + to_me + "/read", "", other).status, 404u);
    EXPECT_EQ(client().Get("/api/v1/inbox?unread=maybe", lixia).status, 400u);
}

INSTANTIATE_TEST_SUITE_P(Backends, OutboxApiTest, ::testing::ValuesIn(anxin::testing::TestBackends()),
                         anxin::testing::BackendName());

}  // namespace
}  // namespace anxin::notify
