// The scheduler on a real SQLite file with a manual clock: due-soon, then
// overdue (系统督办), notifications, idempotent passes, and one active
// scheduler per database.
#include "service/deadline_scheduler.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <thread>

#include "common/time_format.h"
#include "service/order_service.h"
#include "service/small_district_test_fixture.h"

namespace hotline {
namespace {

class DeadlineSchedulerTest : public SmallDistrictTest {
 protected:
  DeadlineSchedulerTest() : SmallDistrictTest("2026-11-23T09:00:00+08:00") {}

  std::unique_ptr<DeadlineScheduler> Scheduler(std::string holder) {
    SchedulerOptions o;
    o.holder = std::move(holder);
    o.lease = std::chrono::seconds(30);
    return std::make_unique<DeadlineScheduler>(*store_, *directory_, clock_, WorkflowRules{}, o);
  }

  std::vector<Notification> NotificationsOf(UnitId unit) {
    NotificationQuery q;
    q.unit_ids = {unit};
    return *store_->ListNotifications(q);
  }

  std::vector<std::string> Actions(OrderId id) {
    std::vector<std::string> out;
    const auto events = store_->GetEvents(id);  // keep the result alive for the loop
    for (const Event& e : *events) out.emplace_back(ActionCode(e.action));
    return out;
  }
};

TEST_F(DeadlineSchedulerTest, DueSoonThenOverdueThenNothingMore) {
  const OrderId id = SignedOrder();
  auto scheduler = Scheduler("a");
  auto quiet = scheduler->RunOnce();
  ASSERT_TRUE(quiet) << quiet.error().message;
  EXPECT_TRUE(quiet->leader);
  EXPECT_EQ(quiet->orders, 0);

  // 80 % of 5 working days (30 working hours) is used by Friday 09:00.
  clock_.Set(*ParseRfc3339("2026-11-27T08:59:00+08:00"));
  EXPECT_EQ(scheduler->RunOnce()->due_soon, 0);
  clock_.Set(*ParseRfc3339("2026-11-27T09:00:00+08:00"));
  auto warned = scheduler->RunOnce();
  ASSERT_TRUE(warned);
  EXPECT_EQ(warned->due_soon, 1);
  EXPECT_EQ(warned->overdue, 0);
  ASSERT_EQ(NotificationsOf(street_).size(), 1u);
  EXPECT_EQ(NotificationsOf(street_)[0].kind, "due_soon");
  EXPECT_TRUE(NotificationsOf(platform_).empty());

  // Due Monday 09:00; a pass at 09:00 marks it overdue and supervises it.
  clock_.Set(*ParseRfc3339("2026-11-30T09:00:00+08:00"));
  auto late = scheduler->RunOnce();
  ASSERT_TRUE(late);
  EXPECT_EQ(late->overdue, 1);
  EXPECT_EQ(Actions(id),
            (std::vector<std::string>{"intake", "dispatch", "sign", "due-soon", "overdue"}));
  const auto order = *store_->GetOrder(id);
  ASSERT_TRUE(order && order->deadlines.handle);
  EXPECT_TRUE(order->deadlines.handle->overdue);
  EXPECT_EQ(NotificationsOf(street_).size(), 2u);
  ASSERT_EQ(NotificationsOf(platform_).size(), 1u);
  EXPECT_EQ(NotificationsOf(platform_)[0].kind, "overdue");

  // Later passes raise nothing twice.
  clock_.Advance(std::chrono::hours(48));
  EXPECT_EQ(scheduler->RunOnce()->orders, 0);
  EXPECT_EQ(store_->GetEvents(id)->size(), 5u);
  // The stored projection still equals a replay of its log.
  EXPECT_EQ(**store_->GetOrder(id), Replay(id, *store_->GetEvents(id)));
}

TEST_F(DeadlineSchedulerTest, ReplyingStopsTheClock) {
  const OrderId id = SignedOrder();
  const Actor handler{3, "h", Role::kHandler, street_};
  clock_.Set(*ParseRfc3339("2026-11-24T10:00:00+08:00"));
  ReplyCommand reply{"到现场查看并安排施工队修补破损路面",
                     "已于当日完成修补",
                     "路面恢复平整",
                     "visit",
                     clock_.Now(),
                     ""};
  ASSERT_TRUE(orders_->Act(handler, id, Action::kReply, reply, std::nullopt));
  clock_.Set(*ParseRfc3339("2026-12-30T09:00:00+08:00"));
  auto pass = Scheduler("a")->RunOnce();
  ASSERT_TRUE(pass);
  // Only the platform's review step is overdue now, not the unit's handling.
  EXPECT_EQ(pass->overdue, 1);
  const auto events = *store_->GetEvents(id);
  EXPECT_EQ(events.back().payload["step"], "review");
  EXPECT_TRUE(NotificationsOf(street_).empty());
  EXPECT_EQ(NotificationsOf(platform_).size(), 1u);
}

TEST_F(DeadlineSchedulerTest, LongPendingOrdersAreFlaggedAndSupervised) {
  const OrderId id = SignedOrder();
  const auto order = *store_->GetOrder(id);
  ASSERT_TRUE(order && order->long_pending_at);
  clock_.Set(*order->long_pending_at);
  auto pass = Scheduler("a")->RunOnce();
  ASSERT_TRUE(pass);
  EXPECT_EQ(pass->long_pending, 1);
  EXPECT_TRUE((*store_->GetOrder(id))->long_pending);
  SupervisionFilter filter;
  filter.order_id = id;
  const auto page = store_->ListSupervisions(filter);
  ASSERT_TRUE(page);
  bool manual = false;
  for (const Supervision& s : page->items)
    manual |=
        s.reason == "long_pending" && s.tier == SupervisionTier::kManual && s.unit_id == street_;
  EXPECT_TRUE(manual);
  // Raised once.
  clock_.Advance(std::chrono::hours(1));
  EXPECT_EQ(Scheduler("a")->RunOnce()->long_pending, 0);
}

TEST_F(DeadlineSchedulerTest, OneActiveSchedulerPerDatabase) {
  SignedOrder();
  auto first = Scheduler("process-1");
  auto second = Scheduler("process-2");
  EXPECT_TRUE(first->RunOnce()->leader);
  EXPECT_FALSE(second->RunOnce()->leader);
  EXPECT_TRUE(first->RunOnce()->leader);  // renews its own lease
  // The first process dies; once its lease lapses the second takes over.
  clock_.Advance(std::chrono::seconds(31));
  EXPECT_TRUE(second->RunOnce()->leader);
  EXPECT_FALSE(first->RunOnce()->leader);
}

TEST_F(DeadlineSchedulerTest, AGracefulStopHandsTheLeaseOver) {
  auto first = Scheduler("process-1");
  auto second = Scheduler("process-2");
  EXPECT_TRUE(first->RunOnce()->leader);
  EXPECT_FALSE(second->RunOnce()->leader);
  first->Stop();
  EXPECT_TRUE(second->RunOnce()->leader);  // no need to wait for the lease to lapse
}

TEST_F(DeadlineSchedulerTest, BackgroundPassesRunUntilStopped) {
  const OrderId id = SignedOrder();
  clock_.Set(*ParseRfc3339("2026-11-30T09:00:00+08:00"));  // overdue
  SchedulerOptions o;
  o.holder = "bg";
  o.interval = std::chrono::milliseconds(10);
  DeadlineScheduler scheduler(*store_, *directory_, clock_, WorkflowRules{}, o);
  scheduler.Start();
  bool raised = false;
  for (int i = 0; i < 500 && !raised; ++i) {  // bounded: up to 5 s
    const auto events = store_->GetEvents(id);
    raised = events->size() == 4 && events->back().action == Action::kOverdue;
    if (!raised) std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  scheduler.Stop();
  EXPECT_TRUE(raised);
}

TEST_F(DeadlineSchedulerTest, AnOverdueAssistPartIsRecordedAndReported) {
  // Dispatched at 09:00 on Monday with the other street assisting: its part
  // is due 3 working days later, on Thursday 09:00.
  const OrderId id = SignedOrder({other_street_});
  ASSERT_NE(id, 0);
  auto scheduler = Scheduler("a");

  clock_.Set(*ParseRfc3339("2026-11-26T08:59:00+08:00"));
  auto early = scheduler->RunOnce();
  ASSERT_TRUE(early) << early.error().message;
  EXPECT_EQ(early->collaboration_overdue, 0);

  clock_.Set(*ParseRfc3339("2026-11-26T09:00:00+08:00"));
  auto pass = scheduler->RunOnce();
  ASSERT_TRUE(pass) << pass.error().message;
  EXPECT_EQ(pass->orders, 1);
  EXPECT_EQ(pass->collaboration_overdue, 1);
  EXPECT_EQ(pass->overdue, 0);
  EXPECT_EQ(Actions(id),
            (std::vector<std::string>{"intake", "dispatch", "sign", "assist-overdue"}));
  const auto events = *store_->GetEvents(id);
  EXPECT_EQ(events.back().payload["unit_id"], other_street_);
  const auto order = *store_->GetOrder(id);
  ASSERT_TRUE(order);
  ASSERT_NE(order->collab.Part(other_street_), nullptr);
  EXPECT_TRUE(order->collab.Part(other_street_)->overdue);

  // The lead and the platform are told; the late unit is not (it has no
  // separate notice in the product's rules).
  for (UnitId unit : {street_, platform_}) {
    const auto notes = NotificationsOf(unit);
    ASSERT_EQ(notes.size(), 1u) << unit;
    EXPECT_EQ(notes[0].kind, "assist_overdue");
    EXPECT_EQ(notes[0].order_id, id);
    EXPECT_NE(notes[0].title.find("协办"), std::string::npos) << notes[0].title;
  }
  EXPECT_TRUE(NotificationsOf(other_street_).empty());

  // Raised once; the stored projection still equals a replay of its log.
  clock_.Advance(std::chrono::hours(2));
  EXPECT_EQ(scheduler->RunOnce()->collaboration_overdue, 0);
  EXPECT_EQ(store_->GetEvents(id)->size(), 4u);
  EXPECT_EQ(NotificationsOf(street_).size(), 1u);
  EXPECT_EQ(**store_->GetOrder(id), Replay(id, *store_->GetEvents(id)));
}

}  // namespace
}  // namespace hotline
