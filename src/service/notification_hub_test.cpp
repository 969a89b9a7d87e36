#include "service/notification_hub.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>

#include "common/time_format.h"
#include "storage/sqlite/test_database.h"

namespace hotline {
namespace {

class NotificationHubTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto store = test_db_.Open();
    ASSERT_TRUE(store) << store.error().message;
    store_ = std::move(*store);
    ASSERT_TRUE(store_->Write([&](WriteTxn& t) -> Result<void> {
      a_ = *t.InsertUnit({0, "A", "甲街道", UnitKind::kStreet, std::nullopt});
      b_ = *t.InsertUnit({0, "B", "乙街道", UnitKind::kStreet, std::nullopt});
      return {};
    }));
  }
  void TearDown() override { store_.reset(); }

  void Notify(UnitId unit, std::string title) {
    Notification n;
    n.unit_id = unit;
    n.kind = "overdue";
    n.title = std::move(title);
    n.created_at = *ParseRfc3339("2026-11-26T09:00:00+08:00");
    ASSERT_TRUE(store_->Write([&](WriteTxn& t) -> Result<void> {
      auto id = t.InsertNotification(n);
      if (!id) return Fail(id.error());
      return {};
    }));
  }

  TestDatabase test_db_;  // before store_: outlives it
  std::unique_ptr<Store> store_;
  UnitId a_ = 0, b_ = 0;
};

TEST_F(NotificationHubTest, DeliversNewNotificationsToTheirUnitsInOrder) {
  Notify(a_, "before anyone listened");
  NotificationHub hub(*store_, std::chrono::milliseconds(10), std::chrono::seconds(15));
  ASSERT_TRUE(hub.Start());
  std::vector<std::string> got_a, got_b;
  hub.Subscribe(
      {a_}, [&](const Notification& n) { return got_a.push_back(n.title), true; },
      [] { return true; });
  hub.Subscribe(
      {b_}, [&](const Notification& n) { return got_b.push_back(n.title), true; },
      [] { return true; });
  hub.Stop();  // drive polls by hand from here on
  Notify(a_, "one");
  Notify(b_, "two");
  Notify(a_, "three");
  // Stop() dropped the subscribers; subscribe again and poll by hand.
  hub.Subscribe(
      {a_}, [&](const Notification& n) { return got_a.push_back(n.title), true; },
      [] { return true; });
  hub.Subscribe(
      {b_}, [&](const Notification& n) { return got_b.push_back(n.title), true; },
      [] { return true; });
  ASSERT_TRUE(hub.PollOnce());
  EXPECT_EQ(got_a, (std::vector<std::string>{"one", "three"}));
  EXPECT_EQ(got_b, (std::vector<std::string>{"two"}));
  EXPECT_EQ(*hub.PollOnce(), 0);  // nothing twice
}

TEST_F(NotificationHubTest, DropsSubscribersThatHaveGone) {
  NotificationHub hub(*store_, std::chrono::milliseconds(10), std::chrono::seconds(15));
  ASSERT_TRUE(hub.Start());
  hub.Stop();
  int calls = 0;
  hub.Subscribe(
      {a_}, [&](const Notification&) { return ++calls, false; }, [] { return true; });
  EXPECT_EQ(hub.SubscriberCount(), 1u);
  Notify(a_, "x");
  Notify(a_, "y");
  ASSERT_TRUE(hub.PollOnce());
  EXPECT_EQ(calls, 1);
  EXPECT_EQ(hub.SubscriberCount(), 0u);
}

TEST_F(NotificationHubTest, ALaterSubscriberDoesNotGetThePast) {
  NotificationHub hub(*store_, std::chrono::milliseconds(10), std::chrono::seconds(15));
  ASSERT_TRUE(hub.Start());
  hub.Stop();
  Notify(b_, "nobody listens to B yet");
  ASSERT_TRUE(hub.PollOnce());
  std::vector<std::string> got;
  hub.Subscribe(
      {b_}, [&](const Notification& n) { return got.push_back(n.title), true; },
      [] { return true; });
  ASSERT_TRUE(hub.PollOnce());
  EXPECT_TRUE(got.empty());
  Notify(b_, "now");
  ASSERT_TRUE(hub.PollOnce());
  EXPECT_EQ(got, (std::vector<std::string>{"now"}));
}

}  // namespace
}  // namespace hotline
