// The duplicate finder through the order service on a real SQLite file: the
// index is rebuilt at start (backfilling orders that have no row), the
// window moves with the clock, and 重复来电 counts the caller's earlier orders.
#include "service/duplicate_finder.h"

#include <gtest/gtest.h>

#include "common/time_format.h"
#include "service/order_service.h"
#include "service/small_district_test_fixture.h"
#include "storage/sqlite/connection.h"

namespace hotline {
namespace {

class DuplicateFinderTest : public SmallDistrictTest {
 protected:
  Actor Agent() { return Actor{1, "a", Role::kAgent, platform_}; }
  OrderId Take(const std::string& title, const std::string& content, const std::string& phone) {
    IntakeCommand c;
    c.caller_name = "张三";
    c.caller_phone = phone;
    c.demand_type = DemandType::kComplaint;
    c.category_id = leaf_;
    c.title = title;
    c.content = content;
    c.address = "中华路100号";
    auto r = orders_->Intake(Agent(), c, title + phone);
    EXPECT_TRUE(r) << r.error().message;
    return r ? r->order.id : 0;
  }
  SimilarResult Find(const std::string& content, const std::string& phone = "") {
    SimilarProbe p;
    p.content = content;
    p.caller_phone = phone;
    p.at = clock_.Now();
    auto r = orders_->FindSimilar(Agent(), p, 10);
    EXPECT_TRUE(r) << r.error().message;
    return r ? *r : SimilarResult{};
  }
  static bool Offers(const SimilarResult& r, OrderId id) {
    for (const auto& c : r.candidates)
      if (c.order.id == id) return true;
    return false;
  }
};

constexpr const char* kSmoke = "小区门口烧烤摊每天晚上油烟很大，窗户都不能开，希望有关部门管一管";

TEST_F(DuplicateFinderTest, StartRebuildsTheIndexAndBackfillsMissingRows) {
  const OrderId id = Take("烧烤油烟扰民", kSmoke, "13900000001");
  EXPECT_TRUE(Offers(Find(kSmoke), id));
  // The rows are lost (data from before the table existed).
  {
    auto raw = sqlite::Connection::Open(test_db_.path(), {});
    ASSERT_TRUE(raw);
    ASSERT_TRUE((*raw)->Exec("DELETE FROM order_similarity"));
  }
  // A restarted service finds the order again, and the row is back.
  orders_ = std::make_unique<OrderService>(*store_, *directory_, clock_, WorkflowRules{});
  EXPECT_FALSE(Offers(Find(kSmoke), id)) << "nothing loaded yet";
  ASSERT_TRUE(orders_->LoadDuplicateIndex());
  EXPECT_EQ(orders_->IndexedForDuplicates(), 1u);
  EXPECT_TRUE(Offers(Find(kSmoke), id));
  auto rows = store_->ListDuplicateEntries(0, 0, 1000);
  ASSERT_TRUE(rows);
  ASSERT_EQ(rows->size(), 1u);
  EXPECT_EQ((*rows)[0].order_id, id);
}

TEST_F(DuplicateFinderTest, TheWindowMovesWithTheClock) {
  const OrderId id = Take("烧烤油烟扰民", kSmoke, "13900000002");
  clock_.Advance(std::chrono::days(6));
  EXPECT_TRUE(Offers(Find(kSmoke), id));
  clock_.Advance(std::chrono::days(2));  // 8 days: outside the 7-day window
  EXPECT_FALSE(Offers(Find(kSmoke), id));
  // The caller's earlier orders still count for 重复来电 within 30 days.
  Take("噪音扰民", "楼下商铺音响声音太大", "13900000002");
  const auto r = Find("路灯不亮", "13900000002");
  ASSERT_EQ(r.warnings.size(), 1u);
  EXPECT_EQ(r.warnings[0].code, "repeat_caller");
  EXPECT_EQ(r.warnings[0].count, 2);
  clock_.Advance(std::chrono::days(30));
  EXPECT_TRUE(Find("路灯不亮", "13900000002").warnings.empty());
}

TEST_F(DuplicateFinderTest, OnlyAgentsAndDispatchersAsk) {
  SimilarProbe p;
  p.content = kSmoke;
  p.at = clock_.Now();
  auto r = orders_->FindSimilar(Actor{2, "h", Role::kHandler, platform_}, p, 10);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().kind, ErrorKind::kForbidden);
}

}  // namespace
}  // namespace hotline
