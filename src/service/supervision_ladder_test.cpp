// The escalation ladder driven by the scheduler with a manual clock: an
// overdue step gets a 系统督办, and each unanswered supervision climbs to
// 人工督办, AO督办 and 作风监督员督办, where it stays open and is reported.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>

#include "common/time_format.h"
#include "service/deadline_scheduler.h"
#include "service/order_service.h"
#include "service/small_district_test_fixture.h"

namespace hotline {
namespace {

class SupervisionLadderTest : public SmallDistrictTest {
 protected:
  SupervisionLadderTest() : SmallDistrictTest("2026-11-23T09:00:00+08:00") {}

  void SetUp() override {
    SmallDistrictTest::SetUp();
    if (HasFatalFailure()) return;
    SchedulerOptions o;
    o.holder = "ladder";
    scheduler_ =
        std::make_unique<DeadlineScheduler>(*store_, *directory_, clock_, WorkflowRules{}, o);
  }

  void TearDown() override {
    scheduler_.reset();
    SmallDistrictTest::TearDown();
  }

  std::vector<Supervision> All() {
    SupervisionFilter f;
    f.limit = 100;
    auto page = store_->ListSupervisions(f);
    EXPECT_TRUE(page);
    auto items = page->items;
    std::reverse(items.begin(), items.end());  // oldest first
    return items;
  }

  std::vector<std::string> KindsOf(UnitId unit) {
    NotificationQuery q;
    q.unit_ids = {unit};
    q.oldest_first = true;
    std::vector<std::string> out;
    const auto list = store_->ListNotifications(q);  // alive for the loop
    for (const Notification& n : *list) out.push_back(n.kind);
    return out;
  }

  SchedulerPass Pass() {
    auto pass = scheduler_->RunOnce();
    EXPECT_TRUE(pass) << pass.error().message;
    return pass ? *pass : SchedulerPass{};
  }

  std::unique_ptr<DeadlineScheduler> scheduler_;
};

TEST_F(SupervisionLadderTest, UnansweredSupervisionClimbsToTheInspector) {
  const OrderId id = SignedOrder();
  EXPECT_TRUE(All().empty());

  clock_.Set(*ParseRfc3339("2026-11-27T09:00:00+08:00"));  // 80 % used
  EXPECT_EQ(Pass().due_soon, 1);
  EXPECT_TRUE(All().empty());  // a warning is not a supervision

  clock_.Set(*ParseRfc3339("2026-11-30T09:00:00+08:00"));  // handling overdue
  auto overdue = Pass();
  EXPECT_EQ(overdue.overdue, 1);
  EXPECT_EQ(overdue.supervisions_issued, 1);
  auto all = All();
  ASSERT_EQ(all.size(), 1u);
  EXPECT_EQ(all[0].tier, SupervisionTier::kSystem);
  EXPECT_EQ(all[0].state, SupervisionState::kOpen);
  EXPECT_EQ(all[0].order_id, id);
  EXPECT_EQ(all[0].unit_id, street_);
  EXPECT_EQ(all[0].reason, "overdue:handle");
  EXPECT_EQ(all[0].number, "DB2026113000001");
  EXPECT_EQ(all[0].due_at, BusinessCalendar::Builtin().AddWorkingDays(clock_.Now(), 1));

  // Just before the response deadline nothing moves; at it, the next tier.
  const SupervisionTier ladder[] = {SupervisionTier::kManual, SupervisionTier::kLeader,
                                    SupervisionTier::kInspector};
  for (std::size_t step = 0; step < std::size(ladder); ++step) {
    const Supervision current = All().back();
    clock_.Set(current.due_at - std::chrono::minutes(1));
    EXPECT_EQ(Pass().supervisions_escalated, 0);
    clock_.Set(current.due_at);
    EXPECT_EQ(Pass().supervisions_escalated, 1) << "step " << step;
    all = All();
    ASSERT_EQ(all.size(), step + 2);
    EXPECT_EQ(all[step].state, SupervisionState::kEscalated);
    EXPECT_EQ(all[step].lapsed_at, clock_.Now());
    const Supervision& next = all.back();
    EXPECT_EQ(next.tier, ladder[step]);
    EXPECT_EQ(next.state, SupervisionState::kOpen);
    EXPECT_EQ(next.parent_id, all[step].id);
    EXPECT_EQ(next.reason, "escalated");
    EXPECT_EQ(next.due_at, BusinessCalendar::Builtin().AddWorkingDays(
                               clock_.Now(), ResponseWorkingDays(ladder[step])));
  }

  // The inspector tier lapses: reported once, left open, nothing above it.
  clock_.Set(All().back().due_at);
  auto top = Pass();
  EXPECT_EQ(top.supervisions_escalated, 0);
  EXPECT_EQ(top.supervisions_lapsed, 1);
  all = All();
  ASSERT_EQ(all.size(), 4u);
  EXPECT_EQ(all.back().state, SupervisionState::kOpen);
  EXPECT_EQ(all.back().lapsed_at, clock_.Now());
  clock_.Advance(std::chrono::hours(24 * 7));
  EXPECT_EQ(Pass().supervisions_lapsed, 0);
  EXPECT_EQ(All().size(), 4u);

  const std::vector<std::string> street_kinds = KindsOf(street_);
  EXPECT_EQ(std::count(street_kinds.begin(), street_kinds.end(), "supervision"), 3);
  EXPECT_EQ(std::count(street_kinds.begin(), street_kinds.end(), "supervision_lapsed"), 1);
  const std::vector<std::string> platform_kinds = KindsOf(platform_);
  EXPECT_EQ(std::count(platform_kinds.begin(), platform_kinds.end(), "supervision_escalated"), 3);
  EXPECT_EQ(std::count(platform_kinds.begin(), platform_kinds.end(), "supervision_lapsed"), 1);
}

TEST_F(SupervisionLadderTest, AnsweredSupervisionDoesNotEscalate) {
  SignedOrder();
  clock_.Set(*ParseRfc3339("2026-11-30T09:00:00+08:00"));
  Pass();
  ASSERT_EQ(All().size(), 1u);
  Supervision s = All()[0];
  ASSERT_TRUE(RespondToSupervision(s, "已安排抢修", 3, clock_.Now()));
  ASSERT_TRUE(store_->Write([&](WriteTxn& t) { return t.UpdateSupervision(s); }));
  clock_.Set(s.due_at + std::chrono::hours(1));
  EXPECT_EQ(Pass().supervisions_escalated, 0);
  ASSERT_EQ(All().size(), 1u);
  EXPECT_EQ(All()[0].state, SupervisionState::kResponded);
  EXPECT_EQ(All()[0].response, "已安排抢修");
}

}  // namespace
}  // namespace hotline
