// PostgreSQL URL handling (no server needed).
#include <gtest/gtest.h>

#include "storage/postgres/postgres_database.hpp"

namespace anxin::storage {
namespace {

TEST(PostgresUrlTest, AddsConnectTimeoutWhenAbsent) {
    EXPECT_EQ(PostgresConnectUrl("postgresql://u@h:5432/db", {.connect_timeout_s = 7}),
              "postgresql://u@h:5432/db?connect_timeout=7");
    EXPECT_EQ(PostgresConnectUrl("postgresql://u@h/db?options=-csearch_path%3Dx", {.connect_timeout_s = 7}),
              "postgresql://u@h/db?options=-csearch_path%3Dx&connect_timeout=7");
    EXPECT_EQ(PostgresConnectUrl("postgres://h/db?connect_timeout=2", {}), "postgres://h/db?connect_timeout=2");
}

TEST(PostgresUrlTest, MultiHostGetsReadWriteTargetUnlessGiven) {
    EXPECT_EQ(PostgresConnectUrl("postgresql://a:5432,b:5433/db?connect_timeout=3", {}),
              "postgresql://a:5432,b:5433/db?connect_timeout=3&target_session_attrs=read-write");
    EXPECT_EQ(PostgresConnectUrl("postgresql://a,b/db?target_session_attrs=any&connect_timeout=3", {}),
              "postgresql://a,b/db?target_session_attrs=any&connect_timeout=3");
}

TEST(PostgresUrlTest, DescriptionHasNoPasswordOrQuery) {
    EXPECT_EQ(PostgresDescribeUrl("postgresql://anxin:s3cret@db1:5432,db2:5432/anxin?password=x&sslmode=require"),
              "postgresql://anxin@db1:5432,db2:5432/anxin");
    EXPECT_EQ(PostgresDescribeUrl("postgres://h/db"), "postgres://h/db");
}

TEST(PostgresUrlTest, UnreachableServerIsConnectionLost) {
    // Port 1 on loopback refuses at once.
    EXPECT_THROW(Open("postgresql://nobody:pw@127.0.0.1:1/none", {.connect_timeout_s = 2}), ConnectionLost);
    try {
        Open("postgresql://nobody:pw@127.0.0.1:1/none", {.connect_timeout_s = 2});
    } catch (const ConnectionLost& e) {
        EXPECT_EQ(std::string(e.what()).find(":pw@"), std::string::npos) << e.what();
    }
}

}  // namespace
}  // namespace anxin::storage
