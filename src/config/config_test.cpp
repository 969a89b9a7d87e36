#include "config/config.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

namespace hotline {
namespace {

TEST(ConfigTest, EmptyTextGivesDefaults) {
  auto c = ParseConfig("", "test");
  ASSERT_TRUE(c) << c.error().message;
  EXPECT_EQ(c->server.listen, "127.0.0.1:8080");
  EXPECT_EQ(c->server.max_body_bytes, 1 << 20);
  EXPECT_EQ(c->database.synchronous, "full");
  EXPECT_EQ(c->workflow.repeat_threshold, 2);
}

TEST(ConfigTest, ReadsEveryDocumentedKeyOfTheExampleFile) {
  std::ifstream in(std::string(HOTLINE_SOURCE_DIR) + "/config/hotline.example.toml");
  ASSERT_TRUE(in);
  std::stringstream ss;
  ss << in.rdbuf();
  auto c = ParseConfig(ss.str(), "example");
  ASSERT_TRUE(c) << c.error().message;
  EXPECT_EQ(c->server.worker_threads, 32);
  EXPECT_EQ(c->auth.token_ttl_minutes, 720);
}

TEST(ConfigTest, OverridesValues) {
  auto c = ParseConfig(
      "[server]\nlisten = \"0.0.0.0:9000\"\nmax_body_bytes = 2048\n"
      "[workflow]\nrepeat_threshold = 3\nmax_returns = 3\nduplicate_window_days = 14\n",
      "t");
  ASSERT_TRUE(c) << c.error().message;
  EXPECT_EQ(c->server.listen, "0.0.0.0:9000");
  EXPECT_EQ(c->server.max_body_bytes, 2048);
  EXPECT_EQ(c->workflow.repeat_threshold, 3);
  EXPECT_EQ(c->workflow.max_returns, 3);
  EXPECT_EQ(c->workflow.duplicate_window_days, 14);
  EXPECT_EQ(c->workflow.max_summoned_units, 10);  // default kept
  EXPECT_FALSE(ParseConfig("[workflow]\nmax_returns = 0\n", "t"));
}

TEST(ConfigTest, UnknownKeyIsAnErrorNamingTheKey) {
  auto c = ParseConfig("[server]\nlisen = \"x\"\n", "t");
  ASSERT_FALSE(c);
  EXPECT_EQ(c.error().field, "server.lisen");
}

TEST(ConfigTest, UnknownSectionIsAnError) {
  auto c = ParseConfig("[serverr]\n", "t");
  ASSERT_FALSE(c);
  EXPECT_EQ(c.error().field, "serverr");
}

TEST(ConfigTest, WrongTypeIsAnError) {
  auto c = ParseConfig("[server]\nio_threads = \"two\"\n", "t");
  ASSERT_FALSE(c);
  EXPECT_EQ(c.error().field, "server.io_threads");
}

TEST(ConfigTest, OutOfRangeIsAnError) {
  auto c = ParseConfig("[database]\nsynchronous = \"off\"\n", "t");
  ASSERT_FALSE(c);
  EXPECT_EQ(c.error().field, "database.synchronous");
  auto d = ParseConfig("[server]\nworker_threads = 0\n", "t");
  ASSERT_FALSE(d);
  EXPECT_EQ(d.error().field, "server.worker_threads");
}

TEST(ConfigTest, AutoDispatchIsOffOrAtLeastHalfConfident) {
  EXPECT_EQ(ParseConfig("", "t")->dispatch.auto_dispatch_confidence, 0);
  auto on = ParseConfig("[dispatch]\nauto_dispatch_confidence = 0.9\n", "t");
  ASSERT_TRUE(on) << on.error().message;
  EXPECT_DOUBLE_EQ(on->dispatch.auto_dispatch_confidence, 0.9);
  for (const char* bad : {"0.3", "1.5", "-1"}) {
    auto c = ParseConfig(std::string("[dispatch]\nauto_dispatch_confidence = ") + bad + "\n", "t");
    ASSERT_FALSE(c) << bad;
    EXPECT_EQ(c.error().field, "dispatch.auto_dispatch_confidence");
  }
  auto slow = ParseConfig("[dispatch]\nrefresh_seconds = 0\n", "t");
  ASSERT_FALSE(slow);
  EXPECT_EQ(slow.error().field, "dispatch.refresh_seconds");
}

TEST(ConfigTest, SyntaxErrorNamesTheLine) {
  auto c = ParseConfig("[server]\nlisten = \n", "cfg.toml");
  ASSERT_FALSE(c);
  EXPECT_NE(c.error().message.find("cfg.toml:2"), std::string::npos) << c.error().message;
}

TEST(ConfigTest, ParsesListenAddresses) {
  auto a = ParseListenAddress("127.0.0.1:8080");
  ASSERT_TRUE(a);
  EXPECT_EQ(a->host, "127.0.0.1");
  EXPECT_EQ(a->port, 8080);
  auto b = ParseListenAddress("[::1]:99");
  ASSERT_TRUE(b);
  EXPECT_EQ(b->host, "::1");
  EXPECT_FALSE(ParseListenAddress("localhost"));
  EXPECT_FALSE(ParseListenAddress("localhost:99999"));
  EXPECT_FALSE(ParseListenAddress(":80"));
}

}  // namespace
}  // namespace hotline

namespace hotline {
namespace {

TEST(ConfigTest, WorkingHoursAreCheckedAtLoad) {
  auto good = ParseConfig("[calendar]\nworking_hours = \"09:00-12:00,14:00-18:00\"\n", "t");
  ASSERT_TRUE(good) << good.error().message;
  EXPECT_EQ(good->calendar.working_hours, "09:00-12:00,14:00-18:00");
  auto reversed = ParseConfig("[calendar]\nworking_hours = \"12:00-08:00\"\n", "t");
  ASSERT_FALSE(reversed);
  EXPECT_EQ(reversed.error().field, "calendar.working_hours");
}

}  // namespace
}  // namespace hotline
