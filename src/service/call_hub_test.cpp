#include "service/call_hub.h"

#include <gtest/gtest.h>

namespace hotline {
namespace {

TEST(CallHubTest, DeliversOnlyToTheAgentsOwnStreams) {
  CallHub hub;
  std::vector<std::string> tab1, tab2, other;
  hub.Subscribe("agent1", [&](const std::string& p) { return tab1.push_back(p), true; });
  hub.Subscribe("agent1", [&](const std::string& p) { return tab2.push_back(p), true; });
  hub.Subscribe("agent2", [&](const std::string& p) { return other.push_back(p), true; });

  EXPECT_EQ(hub.Publish("agent1", "call-1"), 2);
  EXPECT_EQ(tab1, std::vector<std::string>{"call-1"});
  EXPECT_EQ(tab2, std::vector<std::string>{"call-1"});
  EXPECT_TRUE(other.empty());
  EXPECT_EQ(hub.Publish("agent3", "call-2"), 0);  // nobody listening
}

TEST(CallHubTest, DropsStreamsThatHaveGone) {
  CallHub hub;
  int live = 0;
  hub.Subscribe("agent1", [](const std::string&) { return false; });
  hub.Subscribe("agent1", [&](const std::string&) { return ++live, true; });
  EXPECT_EQ(hub.Publish("agent1", "a"), 1);
  EXPECT_EQ(hub.SubscriberCount(), 1u);
  EXPECT_EQ(hub.Publish("agent1", "b"), 1);
  EXPECT_EQ(live, 2);
}

}  // namespace
}  // namespace hotline
