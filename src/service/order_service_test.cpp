// OrderService on a real SQLite file: persistence, scope, idempotency and
// the stored projection against a replay of the stored events.
#include "service/order_service.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <thread>

#include "common/time_format.h"
#include "service/small_district_test_fixture.h"

namespace hotline {
namespace {

class OrderServiceTest : public SmallDistrictTest {
 protected:
  Actor Platform(Role r) { return Actor{1, "p", r, platform_}; }
  Actor Handler(UnitId unit) { return Actor{2, "h", Role::kHandler, unit}; }

  IntakeCommand Intake(std::optional<std::string> key = std::nullopt) {
    IntakeCommand c;
    c.caller_name = "李四";
    c.caller_phone = "13900001111";
    c.demand_type = DemandType::kComplaint;
    c.category_id = leaf_;
    c.title = "道路破损";
    c.content = "路口有大坑";
    c.idempotency_key = std::move(key);
    return c;
  }
};

TEST_F(OrderServiceTest, StoredProjectionEqualsReplayOfStoredEvents) {
  auto created = orders_->Intake(Platform(Role::kAgent), Intake(), "h1");
  ASSERT_TRUE(created) << created.error().message;
  const OrderId id = created->order.id;
  EXPECT_EQ(created->order.number, "2026112600001");
  auto step = [&](const Actor& a, Action action, Command cmd) {
    clock_.Advance(std::chrono::minutes(5));
    auto r = orders_->Act(a, id, action, cmd, std::nullopt);
    ASSERT_TRUE(r) << ActionCode(action) << ": " << r.error().message;
  };
  step(Platform(Role::kDispatcher), Action::kDispatch, RouteCommand{street_, {}, ""});
  step(Handler(street_), Action::kSign, SignCommand{});
  step(Handler(street_), Action::kExtend, ExtendCommand{3, "需协调"});
  step(Platform(Role::kReviewer), Action::kReviewExtension, ReviewCommand{true, ""});
  ReplyCommand reply{"到现场查看并安排施工队修补破损路面",
                     "已于当日完成修补",
                     "路面恢复平整",
                     "visit",
                     clock_.Now(),
                     ""};
  step(Handler(street_), Action::kReply, reply);
  step(Platform(Role::kReviewer), Action::kReviewReply, ReviewCommand{true, ""});
  step(Platform(Role::kCallback), Action::kCallback,
       CallbackCommand{true, true, Satisfaction::kSatisfied, ""});

  auto stored = store_->GetOrder(id);
  ASSERT_TRUE(stored && *stored);
  auto events = store_->GetEvents(id);
  ASSERT_TRUE(events);
  ASSERT_EQ(events->size(), 8u);
  EXPECT_EQ(**stored, Replay(id, *events));
  EXPECT_EQ((*stored)->state, State::kClosed);
  EXPECT_EQ((*stored)->extension_days, 3);
}

TEST_F(OrderServiceTest, RefusedActionChangesNothing) {
  auto created = orders_->Intake(Platform(Role::kAgent), Intake(), "h1");
  ASSERT_TRUE(created);
  const OrderId id = created->order.id;
  auto before = store_->GetEvents(id);
  auto refused = orders_->Act(Handler(street_), id, Action::kSign, SignCommand{}, std::nullopt);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().kind, ErrorKind::kNotFound);  // not in the unit's scope yet
  auto wrong_version = orders_->Act(Platform(Role::kDispatcher), id, Action::kDispatch,
                                    RouteCommand{street_, {}, ""}, 7);
  ASSERT_FALSE(wrong_version);
  EXPECT_EQ(wrong_version.error().code, "version_conflict");
  auto after = store_->GetEvents(id);
  ASSERT_TRUE(before && after);
  EXPECT_EQ(before->size(), after->size());
  EXPECT_EQ((*store_->GetOrder(id))->version, 1);
}

TEST_F(OrderServiceTest, IdempotentIntakeAcrossConcurrentRetries) {
  std::vector<std::thread> threads;
  std::vector<OrderId> ids(8);
  for (int i = 0; i < 8; ++i)
    threads.emplace_back([&, i] {
      auto r = orders_->Intake(Platform(Role::kAgent), Intake("retry-1"), "same");
      ids[i] = r ? r->order.id : -1;
    });
  for (auto& t : threads) t.join();
  for (OrderId id : ids) EXPECT_EQ(id, ids[0]);
  EXPECT_EQ(*store_->CountOrders(), 1);
  auto reused = orders_->Intake(Platform(Role::kAgent), Intake("retry-1"), "different");
  ASSERT_FALSE(reused);
  EXPECT_EQ(reused.error().code, "idempotency_key_reused");
}

TEST_F(OrderServiceTest, ListingRespectsDataScope) {
  auto a = orders_->Intake(Platform(Role::kAgent), Intake(), "a");
  auto b = orders_->Intake(Platform(Role::kAgent), Intake(), "b");
  ASSERT_TRUE(a && b);
  ASSERT_TRUE(orders_->Act(Platform(Role::kDispatcher), a->order.id, Action::kDispatch,
                           RouteCommand{street_, {}, ""}, std::nullopt));
  ASSERT_TRUE(orders_->Act(Platform(Role::kDispatcher), b->order.id, Action::kDispatch,
                           RouteCommand{other_street_, {}, ""}, std::nullopt));
  OrderQuery q;
  auto mine = orders_->List(Handler(street_), q);
  ASSERT_TRUE(mine);
  ASSERT_EQ(mine->total, 1);
  EXPECT_EQ(mine->items[0].id, a->order.id);
  auto all = orders_->List(Platform(Role::kLeader), q);
  ASSERT_TRUE(all);
  EXPECT_EQ(all->total, 2);
  EXPECT_FALSE(orders_->Get(Handler(street_), b->order.id));
}

}  // namespace
}  // namespace hotline

namespace hotline {
namespace {

TEST_F(OrderServiceTest, RepeatedlyFailedOrdersAreSupervisedByThemselves) {
  auto created = orders_->Intake(Platform(Role::kAgent), Intake(), "h1");
  ASSERT_TRUE(created);
  const OrderId id = created->order.id;
  auto act = [&](const Actor& a, Action action, Command cmd) {
    clock_.Advance(std::chrono::minutes(5));
    auto r = orders_->Act(a, id, action, cmd, std::nullopt);
    ASSERT_TRUE(r) << ActionCode(action) << ": " << r.error().message;
  };
  auto round = [&](bool first) {
    if (first) act(Platform(Role::kDispatcher), Action::kDispatch, RouteCommand{street_, {}, ""});
    act(Handler(street_), Action::kSign, SignCommand{});
    act(Handler(street_), Action::kReply,
        ReplyCommand{"到现场查看并安排施工队修补破损路面", "已于当日完成修补", "路面恢复平整",
                     "visit", clock_.Now(), ""});
    act(Platform(Role::kReviewer), Action::kReviewReply, ReviewCommand{true, ""});
    act(Platform(Role::kCallback), Action::kCallback,
        CallbackCommand{true, false, Satisfaction::kDissatisfied, "仍未修好"});
    act(Platform(Role::kCallback), Action::kReopen, ReopenCommand{"重办", street_});
  };
  SupervisionFilter filter;
  filter.order_id = id;
  round(true);
  EXPECT_EQ(store_->ListSupervisions(filter)->total, 0);  // one reopen is not yet 屡办不成
  round(false);
  auto page = store_->ListSupervisions(filter);
  ASSERT_TRUE(page);
  ASSERT_EQ(page->total, 1);
  EXPECT_EQ(page->items[0].reason, "repeatedly_failed");
  EXPECT_EQ(page->items[0].unit_id, street_);
  EXPECT_EQ(page->items[0].tier, SupervisionTier::kManual);
  round(false);  // still open: not issued twice
  EXPECT_EQ(store_->ListSupervisions(filter)->total, 1);
}

}  // namespace
}  // namespace hotline

namespace hotline {
namespace {

TEST_F(OrderServiceTest, ConfiguredWorkingHoursSetTheDeadlines) {
  // One working hour a day: two working hours from Thursday 09:00 end on Friday at 10:00.
  ASSERT_TRUE(directory_->SetWorkingHours({{9 * 60, 10 * 60}}));
  ASSERT_TRUE(directory_->Reload());
  auto created = orders_->Intake(Platform(Role::kAgent), Intake(), "h");
  ASSERT_TRUE(created);
  auto dispatched = orders_->Act(Platform(Role::kDispatcher), created->order.id, Action::kDispatch,
                                 RouteCommand{street_, {}, ""}, std::nullopt);
  ASSERT_TRUE(dispatched);
  ASSERT_TRUE(dispatched->deadlines.sign);
  EXPECT_EQ(FormatRfc3339(dispatched->deadlines.sign->due_at), "2026-11-27T10:00:00+08:00");
}

}  // namespace
}  // namespace hotline
