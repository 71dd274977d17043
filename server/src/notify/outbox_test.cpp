#include "notify/outbox.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <set>
#include <stdexcept>
#include <thread>

#include <boost/json.hpp>

#include "core/ids.hpp"
#include "http/http.hpp"
#include "http/server.hpp"
#include "notify/notify.hpp"
#include "notify/sms_providers.hpp"
#include "testing/test_database.hpp"

namespace anxin::notify {
namespace {

namespace json = boost::json;
using std::chrono::seconds;

constexpr const char* kPhone = "13812345678";

// A temporary directory removed at the end of the test.
class TempDir {
  public:
    TempDir() : path_(std::filesystem::temp_directory_path() / ("anxin-notify-" + core::RandomHex(8))) {
        std::filesystem::create_directories(path_);
    }
    ~TempDir() {
        std::error_code ec;
        std::filesystem::remove_all(path_, ec);
    }
    const std::filesystem::path& path() const { return path_; }

  private:
    std::filesystem::path path_;
};

std::vector<std::string> ReadLines(const std::filesystem::path& file) {
    std::vector<std::string> lines;
    std::ifstream in(file);
    for (std::string line; std::getline(in, line);) lines.push_back(line);
    return lines;
}

// Records every Send and answers with a scripted result (the last one repeats).
class ScriptedSender final : public MessageSender {
  public:
    explicit ScriptedSender(std::vector<SendResult> script = {SendResult::Sent()}) : script_(std::move(script)) {}
    SendResult Send(const Message& message) override {
        std::lock_guard lock(mutex_);
        sent_.push_back(message);
        return script_[std::min(sent_.size(), script_.size()) - 1];
    }
    std::vector<Message> sent() {
        std::lock_guard lock(mutex_);
        return sent_;
    }

  private:
    std::mutex mutex_;
    std::vector<SendResult> script_;
    std::vector<Message> sent_;  // GUARDED_BY(mutex_)
};

OutboxMessage Accepted(std::string tracking_code = "QX7K2M9P") {
    return OutboxMessage{std::string(kChannelSms), kPhone, "clue.accepted",
                         json::object{{"trackingCode", std::move(tracking_code)}, {"deadline", "3月3日"}},
                         std::nullopt};
}

class OutboxTest : public ::testing::TestWithParam<std::string> {
  protected:
    void SetUp() override { database_ = std::make_unique<testing::TestDatabase>(GetParam()); }

    storage::Database& db() { return database_->db(); }
    core::ManualClock& clock() { return database_->clock(); }

    std::string EnqueueCommitted(const OutboxMessage& message) {
        auto tx = db().Begin();
        auto id = Enqueue(tx, clock(), cipher_, message);
        tx.Commit();
        return id;
    }

    storage::Row Get(const std::string& id) {
        auto tx = db().Begin(storage::TxMode::kRead);
        return tx.QueryOne(
            "SELECT status, attempts, next_attempt_at, last_error, sent_at, lease_until, recipient_enc, "
            "recipient_mask, params, body FROM notify_outbox WHERE id = $1",
            {id});
    }

    std::int64_t Count() {
        auto tx = db().Begin(storage::TxMode::kRead);
        return tx.QueryOne("SELECT COUNT(*) FROM notify_outbox").Int(0);
    }

    core::FieldCipher cipher_{core::DataKey::Generate()};
    std::unique_ptr<testing::TestDatabase> database_;
};

TEST_P(OutboxTest, EnqueueWritesAPendingMessageWithTheRecipientSealed) {
    auto id = EnqueueCommitted(Accepted());
    auto row = Get(id);
    EXPECT_EQ(row.Text(0), "pending");
    EXPECT_EQ(row.Int(1), 0);
    EXPECT_EQ(row.Int(2), core::ToMillis(clock().Now()));
    EXPECT_EQ(row.Text(6).find(kPhone), std::string::npos);
    EXPECT_EQ(cipher_.Open(row.Text(6), "notify_outbox.recipient"), kPhone);
    EXPECT_EQ(row.Text(7), "138****5678");
    EXPECT_EQ(row.Text(9), "您反映的欠薪问题已受理，查询码QX7K2M9P，我们将在3月3日前与您联系。");
}

TEST_P(OutboxTest, RolledBackTransactionLeavesNoMessageAndNothingIsSent) {
    {
        auto tx = db().Begin();
        Enqueue(tx, clock(), cipher_, Accepted());
        // the step fails after enqueueing: no Commit
    }
    EXPECT_EQ(Count(), 0);
    SenderRegistry senders;
    auto sender = std::make_unique<ScriptedSender>();
    auto* probe = sender.get();
    senders.Set("sms", std::move(sender));
    Outbox outbox(db(), clock(), &cipher_, senders);
    EXPECT_EQ(outbox.RunOnce().claimed, 0);
    EXPECT_TRUE(probe->sent().empty());
}

TEST_P(OutboxTest, ProgrammingErrorsThrowLogicError) {
    auto tx = db().Begin();
    auto bad_channel = Accepted();
    bad_channel.channel = "fax";
    EXPECT_THROW(Enqueue(tx, clock(), cipher_, bad_channel), std::logic_error);
    auto no_recipient = Accepted();
    no_recipient.recipient.clear();
    EXPECT_THROW(Enqueue(tx, clock(), cipher_, no_recipient), std::logic_error);
    auto missing = Accepted();
    missing.params.erase("deadline");
    EXPECT_THROW(Enqueue(tx, clock(), cipher_, missing), std::logic_error);
}

TEST_P(OutboxTest, ExtraParametersAreNotStored) {
    auto message = Accepted();
    message.params["idNumber"] = "370102199003071234";
    auto row = Get(EnqueueCommitted(message));
    EXPECT_EQ(row.Text(8).find("370102199003071234"), std::string::npos) << row.Text(8);
    EXPECT_EQ(row.Text(9).find("370102199003071234"), std::string::npos);
}

TEST_P(OutboxTest, DedupeKeyWritesOnce) {
    auto message = Accepted();
    message.dedupe_key = "clue.accepted:C1";
    auto first = EnqueueCommitted(message);
    auto second = EnqueueCommitted(message);
    EXPECT_EQ(first, second);
    EXPECT_EQ(Count(), 1);
}

TEST_P(OutboxTest, DeliversToTheLogFileAndMarksSent) {
    TempDir dir;
    auto id = EnqueueCommitted(Accepted());
    auto internal = EnqueueCommitted(OutboxMessage{std::string(kChannelInternal),
                                                   "U-HANDLER-1",
                                                   "case.deadline_soon",
                                                   {{"caseNumber", "AJ-1"}, {"projectName", "泉城花园"}, {"deadlineLabel", "办结期限"}, {"deadline", "3月9日"}},
                                                   std::nullopt});
    auto senders = SenderRegistry::Default(dir.path(), SmsSettings{});
    Outbox outbox(db(), clock(), &cipher_, senders);
    auto report = outbox.RunOnce();
    EXPECT_EQ(report.claimed, 2);
    EXPECT_EQ(report.sent, 2);
    auto row = Get(id);
    EXPECT_EQ(row.Text(0), "sent");
    EXPECT_EQ(row.Int(1), 1);
    EXPECT_EQ(row.Int(4), core::ToMillis(clock().Now()));
    EXPECT_TRUE(row.IsNull(5));
    EXPECT_EQ(Get(internal).Text(0), "sent");

    auto lines = ReadLines(dir.path() / "sms.log");
    ASSERT_EQ(lines.size(), 1u);
    auto line = json::parse(lines[0]).as_object();
    EXPECT_EQ(line.at("id").as_string(), id);
    EXPECT_EQ(line.at("to").as_string(), "138****5678");  // the log never holds the full phone
    EXPECT_EQ(lines[0].find(kPhone), std::string::npos);
    EXPECT_EQ(ReadLines(dir.path() / "internal.log").size(), 1u);
    EXPECT_EQ(outbox.RunOnce().claimed, 0);  // nothing left
}

TEST_P(OutboxTest, BackoffDoublesFromThirtySecondsUpToAnHour) {
    DeliveryOptions options;
    std::vector<int> delays;
    for (int attempts = 1; attempts <= 10; ++attempts) delays.push_back(int(BackoffAfter(attempts, options).count()));
    EXPECT_EQ(delays, (std::vector<int>{30, 60, 120, 240, 480, 960, 1920, 3600, 3600, 3600}));
}

TEST_P(OutboxTest, FailedAttemptIsRetriedOnTheBackoffScheduleOfTheClock) {
    auto id = EnqueueCommitted(Accepted());
    SenderRegistry senders;
    auto sender = std::make_unique<ScriptedSender>(std::vector<SendResult>{
        SendResult::Retry("gateway busy"), SendResult::Retry("gateway busy"), SendResult::Sent()});
    auto* probe = sender.get();
    senders.Set("sms", std::move(sender));
    Outbox outbox(db(), clock(), &cipher_, senders);

    auto start = clock().Now();
    EXPECT_EQ(outbox.RunOnce().retried, 1);
    auto row = Get(id);
    EXPECT_EQ(row.Text(0), "pending");
    EXPECT_EQ(row.Int(1), 1);
    EXPECT_EQ(row.Int(2), core::ToMillis(start + seconds(30)));
    EXPECT_EQ(row.Text(3), "gateway busy");

    clock().Advance(seconds(29));
    EXPECT_EQ(outbox.RunOnce().claimed, 0);
    clock().Advance(seconds(1));
    EXPECT_EQ(outbox.RunOnce().retried, 1);
    EXPECT_EQ(Get(id).Int(2), core::ToMillis(clock().Now() + seconds(60)));

    clock().Advance(seconds(59));
    EXPECT_EQ(outbox.RunOnce().claimed, 0);
    clock().Advance(seconds(1));
    EXPECT_EQ(outbox.RunOnce().sent, 1);
    EXPECT_EQ(Get(id).Text(0), "sent");
    EXPECT_EQ(Get(id).Int(1), 3);
    EXPECT_EQ(probe->sent().size(), 3u);
    EXPECT_EQ(probe->sent()[2].attempt, 3);
}

TEST_P(OutboxTest, GivesUpAfterMaxAttempts) {
    auto id = EnqueueCommitted(Accepted());
    SenderRegistry senders;
    auto sender = std::make_unique<ScriptedSender>(std::vector<SendResult>{SendResult::Retry("timeout")});
    auto* probe = sender.get();
    senders.Set("sms", std::move(sender));
    DeliveryOptions options;
    options.max_attempts = 4;
    Outbox outbox(db(), clock(), &cipher_, senders, options);
    for (int i = 0; i < 10; ++i) {
        outbox.RunOnce();
        clock().Advance(seconds(3600));
    }
    auto row = Get(id);
    EXPECT_EQ(row.Text(0), "failed");
    EXPECT_EQ(row.Int(1), 4);
    EXPECT_EQ(row.Text(3), "timeout");
    EXPECT_EQ(probe->sent().size(), 4u);
}

TEST_P(OutboxTest, PermanentFailureStopsAtOnce) {
    auto id = EnqueueCommitted(Accepted());
    SenderRegistry senders;
    senders.Set("sms",
                std::make_unique<ScriptedSender>(std::vector<SendResult>{SendResult::Permanent("empty number")}));
    Outbox outbox(db(), clock(), &cipher_, senders);
    EXPECT_EQ(outbox.RunOnce().failed, 1);
    EXPECT_EQ(Get(id).Text(0), "failed");
    EXPECT_EQ(Get(id).Text(3), "empty number");
}

TEST_P(OutboxTest, ChannelWithoutSenderIsRetriedNotLost) {
    auto id = EnqueueCommitted(Accepted());
    SenderRegistry senders;  // nothing configured
    Outbox outbox(db(), clock(), &cipher_, senders);
    EXPECT_EQ(outbox.RunOnce().retried, 1);
    EXPECT_EQ(Get(id).Text(0), "pending");
}

TEST_P(OutboxTest, ThrowingSenderCountsAsRetry) {
    class Throwing final : public MessageSender {
      public:
        SendResult Send(const Message&) override { throw std::runtime_error("socket closed"); }
    };
    auto id = EnqueueCommitted(Accepted());
    SenderRegistry senders;
    senders.Set("sms", std::make_unique<Throwing>());
    Outbox outbox(db(), clock(), &cipher_, senders);
    EXPECT_EQ(outbox.RunOnce().retried, 1);
    EXPECT_EQ(Get(id).Text(3), "socket closed");
}

TEST_P(OutboxTest, CrashAfterDeliveryIsRetriedAfterTheLeaseAndSeenOnce) {
    TempDir dir;
    auto id = EnqueueCommitted(Accepted());
    DeliveryOptions options;
    options.lease = seconds(120);
    {
        // First sender process: claims, the plug-in delivers, then the process dies before it marks sent.
        auto senders = SenderRegistry::Default(dir.path(), SmsSettings{});
        Outbox outbox(db(), clock(), &cipher_, senders, options);
        auto claimed = outbox.ClaimDue(10);
        ASSERT_EQ(claimed.size(), 1u);
        ASSERT_EQ(senders.Find("sms")->Send(claimed[0].message).status, SendStatus::kSent);
    }
    ASSERT_EQ(ReadLines(dir.path() / "sms.log").size(), 1u);
    EXPECT_EQ(Get(id).Text(0), "sending");

    // After the restart: the lease still holds, so nobody takes it yet ...
    auto senders = SenderRegistry::Default(dir.path(), SmsSettings{});  // a fresh sender: no memory of the first
    Outbox outbox(db(), clock(), &cipher_, senders, options);
    clock().Advance(seconds(119));
    EXPECT_EQ(outbox.RunOnce().claimed, 0);
    // ... once it expires the message is retried, and the idempotent sender does not write it again.
    clock().Advance(seconds(2));
    auto report = outbox.RunOnce();
    EXPECT_EQ(report.claimed, 1);
    EXPECT_EQ(report.sent, 1);
    auto row = Get(id);
    EXPECT_EQ(row.Text(0), "sent");
    EXPECT_EQ(row.Int(1), 2);
    auto lines = ReadLines(dir.path() / "sms.log");
    ASSERT_EQ(lines.size(), 1u);
    EXPECT_EQ(json::parse(lines[0]).at("id").as_string(), id);
}

TEST_P(OutboxTest, CrashOnTheLastAllowedAttemptEndsFailed) {
    auto id = EnqueueCommitted(Accepted());
    SenderRegistry senders;
    senders.Set("sms", std::make_unique<ScriptedSender>());
    DeliveryOptions options;
    options.max_attempts = 1;
    Outbox outbox(db(), clock(), &cipher_, senders, options);
    ASSERT_EQ(outbox.ClaimDue(10).size(), 1u);  // and the process dies
    clock().Advance(options.lease + seconds(1));
    EXPECT_EQ(outbox.RunOnce().claimed, 0);
    EXPECT_EQ(Get(id).Text(0), "failed");
}

TEST_P(OutboxTest, TwoConcurrentSendersNeverClaimTheSameMessage) {
    auto database = testing::TestDatabase::MultiConnection(GetParam());
    constexpr int kMessages = 120;
    {
        auto tx = database->db().Begin();
        for (int i = 0; i < kMessages; ++i) Enqueue(tx, database->clock(), cipher_, Accepted("T" + std::to_string(i)));
        tx.Commit();
    }
    // Two "processes": separate connection pools on the same database, separate senders.
    auto second_db = storage::Open(database->url());
    SenderRegistry senders_a, senders_b;
    auto a = std::make_unique<ScriptedSender>();
    auto b = std::make_unique<ScriptedSender>();
    auto* probe_a = a.get();
    auto* probe_b = b.get();
    senders_a.Set("sms", std::move(a));
    senders_b.Set("sms", std::move(b));
    DeliveryOptions options;
    options.batch_size = 7;
    Outbox outbox_a(database->db(), database->clock(), &cipher_, senders_a, options);
    Outbox outbox_b(*second_db, database->clock(), &cipher_, senders_b, options);
    auto drain = [](Outbox& outbox) {
        while (outbox.RunOnce().claimed > 0) {
        }
    };
    std::thread ta([&] { drain(outbox_a); });
    std::thread tb([&] { drain(outbox_b); });
    ta.join();
    tb.join();

    std::map<std::string, int> deliveries;
    for (const auto& m : probe_a->sent()) ++deliveries[m.id];
    for (const auto& m : probe_b->sent()) ++deliveries[m.id];
    EXPECT_EQ(deliveries.size(), static_cast<size_t>(kMessages));
    for (const auto& [id, n] : deliveries) EXPECT_EQ(n, 1) << id;
    auto tx = database->db().Begin(storage::TxMode::kRead);
    EXPECT_EQ(tx.QueryOne("SELECT COUNT(*) FROM notify_outbox WHERE status = 'sent' AND attempts = 1").Int(0),
              kMessages);
}

// A tiny SMS gateway: answers each POST with the next scripted status and records what it got.
class FakeGateway {
  public:
    explicit FakeGateway(std::vector<unsigned> statuses) : statuses_(std::move(statuses)) {
        router_.Add(http::Method::kPost, "/sms", http::kPublic, [this](http::Request& request) {
            std::lock_guard lock(mutex_);
            keys_.emplace_back(request.Header("idempotency-key"));
            bodies_.push_back(json::parse(request.body));
            unsigned status = statuses_[std::min(keys_.size(), statuses_.size()) - 1];
            if (status == 200) accepted_.insert(keys_.back());  // a real gateway sends once per key
            return http::JsonResponse(status, json::object{{"ok", status == 200}});
        });
        http::ServerOptions options;
        options.port = 0;
        options.worker_threads = 1;
        server_ = std::make_unique<http::Server>(options, router_, nullptr, nullptr);
        port_ = server_->Start();
    }
    ~FakeGateway() { server_->Stop(); }
    std::string url() const { return "http://127.0.0.1:" + std::to_string(port_) + "/sms"; }
    std::vector<std::string> keys() {
        std::lock_guard lock(mutex_);
        return keys_;
    }
    std::vector<json::value> bodies() {
        std::lock_guard lock(mutex_);
        return bodies_;
    }
    std::set<std::string> accepted() {
        std::lock_guard lock(mutex_);
        return accepted_;
    }

  private:
    std::vector<unsigned> statuses_;
    http::Router router_;
    std::unique_ptr<http::Server> server_;
    std::uint16_t port_ = 0;
    std::mutex mutex_;
    std::vector<std::string> keys_;    // GUARDED_BY(mutex_)
    std::vector<json::value> bodies_;  // GUARDED_BY(mutex_)
    std::set<std::string> accepted_;   // GUARDED_BY(mutex_)
};

TEST_P(OutboxTest, GatewayFailingThenAcceptingDeliversOnceWithOneIdempotencyKey) {
    FakeGateway gateway({500, 200});
    auto id = EnqueueCommitted(Accepted());
    auto senders = SenderRegistry::Default("unused", SmsSettings{.gateway_url = gateway.url()});
    Outbox outbox(db(), clock(), &cipher_, senders);

    EXPECT_EQ(outbox.RunOnce().retried, 1);
    EXPECT_EQ(Get(id).Text(3), "gateway answered HTTP 500");
    clock().Advance(seconds(30));
    EXPECT_EQ(outbox.RunOnce().sent, 1);
    EXPECT_EQ(Get(id).Text(0), "sent");
    EXPECT_EQ(outbox.RunOnce().claimed, 0);

    EXPECT_EQ(gateway.keys(), (std::vector<std::string>{id, id}));
    EXPECT_EQ(gateway.accepted(), (std::set<std::string>{id}));
    auto body = gateway.bodies().at(1).as_object();
    EXPECT_EQ(body.at("id").as_string(), id);
    EXPECT_EQ(body.at("phone").as_string(), kPhone);  // the gateway needs the real number
    EXPECT_EQ(body.at("text").as_string(), "您反映的欠薪问题已受理，查询码QX7K2M9P，我们将在3月3日前与您联系。");
    // The template and its parameters travel too, for providers that send by template id.
    EXPECT_EQ(body.at("template").as_string(), "clue.accepted");
    EXPECT_EQ(body.at("params").at("trackingCode").as_string(), "QX7K2M9P");
}

TEST_P(OutboxTest, GatewayClientErrorIsPermanent) {
    FakeGateway gateway({400});
    auto id = EnqueueCommitted(Accepted());
    auto senders = SenderRegistry::Default("unused", SmsSettings{.gateway_url = gateway.url()});
    Outbox outbox(db(), clock(), &cipher_, senders);
    EXPECT_EQ(outbox.RunOnce().failed, 1);
    EXPECT_EQ(Get(id).Text(0), "failed");
    EXPECT_EQ(Get(id).Text(3), "gateway answered HTTP 400");
}

TEST(GatewaySenderTest, UnreachableGatewayIsARetry) {
    GatewaySender sender("http://127.0.0.1:1/sms", std::chrono::milliseconds(2000));
    auto result = sender.Send(Message{"01ID", "sms", kPhone, "138****5678", "clue.accepted", "text", 1});
    EXPECT_EQ(result.status, SendStatus::kRetry);
    EXPECT_FALSE(result.error.empty());
    GatewaySender bad_url("ftp://example/sms");
    EXPECT_EQ(bad_url.Send(Message{"01ID", "sms", kPhone, "138****5678", "t", "text", 1}).status, SendStatus::kRetry);
}

TEST(LogFileSenderTest, SkipsIdsAnotherWriterAlreadyAppended) {
    TempDir dir;
    auto file = dir.path() / "sms.log";
    LogFileSender one(file);
    LogFileSender two(file);  // another process appending to the same file
    Message m{"01A", "sms", kPhone, "138****5678", "clue.accepted", "text", 1};
    EXPECT_EQ(one.Send(m).status, SendStatus::kSent);
    EXPECT_EQ(two.Send(m).status, SendStatus::kSent);
    m.id = "01B";
    EXPECT_EQ(two.Send(m).status, SendStatus::kSent);
    EXPECT_EQ(one.Send(m).status, SendStatus::kSent);
    EXPECT_EQ(ReadLines(file).size(), 2u);
}

INSTANTIATE_TEST_SUITE_P(Backends, OutboxTest, ::testing::ValuesIn(anxin::testing::TestBackends()),
                         anxin::testing::BackendName());

}  // namespace
}  // namespace anxin::notify
