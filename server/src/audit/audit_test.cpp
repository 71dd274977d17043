// The audit trail against someone who can write to the database but does not hold the data key
// (issue 11): each of the three ways to rewrite history quietly is caught by `audit verify`.
#include "audit/audit.hpp"

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <filesystem>
#include <fstream>

#include "core/ids.hpp"
#include "testing/test_database.hpp"

namespace anxin::audit {
namespace {

class AuditChainTest : public ::testing::TestWithParam<std::string> {
protected:
    AuditChainTest()
        : database_(GetParam()),
          keys_(std::make_shared<const AuditKeys>(core::DataKey::Generate())),
          checkpoints_((std::filesystem::temp_directory_path() / ("anxin-audit-" + core::RandomHex(8) + ".log")).string()) {
        ConfigureAuditKeys(keys_);
    }
    ~AuditChainTest() override {
        ConfigureAuditKeys(nullptr);
        std::filesystem::remove(checkpoints_);
    }

    void Record(int n) {
        for (int i = 0; i < n; ++i) {
            auto tx = database_.db().Begin();
            RecordAudit(tx, database_.clock(), core::SystemContext("req-" + std::to_string(i)), "update", "project",
                        "P" + std::to_string(i), boost::json::object{{"i", i}});
            tx.Commit();
            database_.clock().Advance(std::chrono::seconds(1));
        }
    }
    void Sql(const std::string& statement, std::vector<storage::Param> params = {}) {
        auto tx = database_.db().Begin();
        tx.Execute(statement, std::span<const storage::Param>(params));
        tx.Commit();
    }
    // What someone with the database but not the key can do: recompute every link from `from_seq`
    // on with plain SHA-256, the only hash they can compute, keeping or changing the link kind.
    void Relink(std::int64_t from_seq, const std::string& kind) {
        auto tx = database_.db().Begin();
        auto rows = tx.Query(
            "SELECT seq, id, at, actor_id, actor_name, actor_role, action, entity, entity_id, request_id,"
            " change_digest FROM audit_event WHERE seq >= $1 ORDER BY seq",
            {from_seq});
        auto before = tx.QueryOptional("SELECT hash FROM audit_event WHERE seq = $1", {from_seq - 1});
        std::string prev = before ? before->Text(0) : std::string(64, '0');  // the genesis link
        for (const auto& r : rows) {
            std::string material = prev + '\x1f' + std::to_string(r.Int(0)) + '\x1f';
            for (int c = 1; c <= 10; ++c) {
                material += c == 2 ? std::to_string(r.Int(2)) : r.Text(c);
                material += '\x1f';
            }
            std::string hash = core::Sha256Hex(material);
            tx.Execute("UPDATE audit_event SET prev_hash = $2, hash = $3, hash_kind = $4 WHERE seq = $1",
                       {r.Int(0), prev, hash, kind});
            prev = hash;
        }
        tx.Execute("UPDATE audit_chain_head SET hash = $1 WHERE id = 1", {prev});
        tx.Commit();
    }

    testing::TestDatabase database_;
    std::shared_ptr<const AuditKeys> keys_;
    std::string checkpoints_;
};

TEST_P(AuditChainTest, AnUntouchedTrailAndItsCheckpointsVerify) {
    Record(3);
    WriteCheckpoint(database_.db(), database_.clock(), *keys_, checkpoints_);
    Record(2);
    WriteCheckpoint(database_.db(), database_.clock(), *keys_, checkpoints_);
    auto chain = VerifyAuditChain(database_.db());
    EXPECT_TRUE(chain.ok) << chain.reason;
    EXPECT_EQ(chain.events_checked, 5);
    auto checked = VerifyCheckpoints(database_.db(), *keys_, checkpoints_);
    EXPECT_TRUE(checked.ok) << checked.reason;
    EXPECT_EQ(checked.events_checked, 2);
}

// Attack 1: delete the newest rows and move the head back. The shorter chain is valid in itself;
// the checkpoint signed before the deletion is not satisfied.
TEST_P(AuditChainTest, TruncationIsCaughtByTheSignedCheckpoint) {
    Record(5);
    WriteCheckpoint(database_.db(), database_.clock(), *keys_, checkpoints_);
    Sql("DELETE FROM audit_event WHERE seq > 3");
    Sql("UPDATE audit_chain_head SET seq = 3, hash = (SELECT hash FROM audit_event WHERE seq = 3) WHERE id = 1");
    EXPECT_TRUE(VerifyAuditChain(database_.db()).ok);  // why the checkpoints exist
    auto checked = VerifyCheckpoints(database_.db(), *keys_, checkpoints_);
    EXPECT_FALSE(checked.ok);
    EXPECT_NE(checked.reason.find("removed from the end"), std::string::npos) << checked.reason;
}

// Attack 2: edit a row and recompute every later link. Without the key the links cannot be made
// to match; relabelling the whole trail as legacy plain links is caught by the checkpoint.
TEST_P(AuditChainTest, EditAndRecomputeIsCaught) {
    Record(5);
    WriteCheckpoint(database_.db(), database_.clock(), *keys_, checkpoints_);
    Sql("UPDATE audit_event SET action = 'read' WHERE seq = 3");
    Relink(3, "hmac");
    auto chain = VerifyAuditChain(database_.db());
    EXPECT_FALSE(chain.ok);
    EXPECT_EQ(chain.first_broken_seq, 3);

    Relink(1, "sha256");  // every link plain, as if the trail predated the key
    EXPECT_TRUE(VerifyAuditChain(database_.db()).ok);
    auto checked = VerifyCheckpoints(database_.db(), *keys_, checkpoints_);
    EXPECT_FALSE(checked.ok);
    EXPECT_NE(checked.reason.find("rewritten"), std::string::npos) << checked.reason;

    Relink(4, "sha256");  // plain links after keyed ones
    Sql("UPDATE audit_event SET hash_kind = 'hmac' WHERE seq < 4");
    EXPECT_FALSE(VerifyAuditChain(database_.db()).ok);
}

// Attack 3: delete a row and renumber the later ones so there is no gap.
TEST_P(AuditChainTest, DeleteAndRenumberIsCaught) {
    Record(5);
    Sql("DELETE FROM audit_event WHERE seq = 2");
    for (int seq = 3; seq <= 5; ++seq) Sql("UPDATE audit_event SET seq = $1 WHERE seq = $2", {seq - 1, seq});
    Sql("UPDATE audit_event SET prev_hash = (SELECT hash FROM audit_event WHERE seq = 1) WHERE seq = 2");
    Sql("UPDATE audit_chain_head SET seq = 4, hash = (SELECT hash FROM audit_event WHERE seq = 4) WHERE id = 1");
    auto chain = VerifyAuditChain(database_.db());
    EXPECT_FALSE(chain.ok);
    EXPECT_EQ(chain.first_broken_seq, 2);
}

TEST_P(AuditChainTest, AnEditedCheckpointFileDoesNotVerify) {
    Record(2);
    auto c = WriteCheckpoint(database_.db(), database_.clock(), *keys_, checkpoints_);
    std::ofstream(checkpoints_, std::ios::trunc) << (c.seq + 1) << " " << c.hash << " " << c.at << " " << c.signature
                                                 << "\n";
    auto checked = VerifyCheckpoints(database_.db(), *keys_, checkpoints_);
    EXPECT_FALSE(checked.ok);
    EXPECT_NE(checked.reason.find("signature"), std::string::npos) << checked.reason;
    // And another deployment's key cannot vouch for this trail.
    std::ofstream(checkpoints_, std::ios::trunc) << c.Line() << "\n";
    AuditKeys other(core::DataKey::Generate());
    EXPECT_FALSE(VerifyCheckpoints(database_.db(), other, checkpoints_).ok);
    EXPECT_TRUE(VerifyCheckpoints(database_.db(), *keys_, checkpoints_).ok);
}

INSTANTIATE_TEST_SUITE_P(Backends, AuditChainTest, ::testing::ValuesIn(testing::TestBackends()),
                         testing::BackendName());

}  // namespace
}  // namespace anxin::audit
