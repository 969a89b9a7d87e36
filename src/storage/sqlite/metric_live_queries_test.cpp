// The live figures' SQL on a real SQLite file: open 不满意 orders counted per
// dimension within a period (and listed for the drill-down), supervisions
// counted per supervised unit with the overdue and open tests that the API's
// drill-down applies in C++, and the partial index serving the 不满意 range.
#include "storage/sqlite/metric_live_queries.h"

#include <gtest/gtest.h>

#include <map>

#include "common/time_format.h"
#include "storage/sqlite/connection.h"
#include "storage/sqlite/migrations.h"
#include "storage/sqlite/test_database.h"
#include "workorder/lifecycle.h"

namespace hotline {
namespace {

using nlohmann::json;

const Instant kDay1 = *ParseRfc3339("2026-11-02T10:00:00+08:00");
const Instant kDay2 = *ParseRfc3339("2026-11-03T10:00:00+08:00");
const Instant kDay3 = *ParseRfc3339("2026-11-04T10:00:00+08:00");
constexpr auto kHour = std::chrono::hours(1);

class MetricLiveQueriesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto store = test_db_.Open();
    ASSERT_TRUE(store) << store.error().message;
    store_ = std::move(*store);
    ASSERT_TRUE(store_->Write([&](WriteTxn& t) -> Result<void> {
      platform_ = *t.InsertUnit({0, "P", "平台", UnitKind::kPlatform, std::nullopt});
      a_ = *t.InsertUnit({0, "A", "甲街道", UnitKind::kStreet, platform_});
      b_ = *t.InsertUnit({0, "B", "乙部门", UnitKind::kDepartment, platform_});
      return {};
    }));
  }
  void TearDown() override { store_.reset(); }

  // An order led by `lead` in street a_, its 不满意 open since `since` (none: settled).
  OrderId Order(std::optional<UnitId> lead, std::optional<Instant> since, bool enterprise = false,
                const char* channel = "phone") {
    OrderId id = 0;
    auto r = store_->Write([&](WriteTxn& t) -> Result<void> {
      auto number = t.NextOrderNumber("20261102");
      if (!number) return Fail(number.error());
      Event intake;
      intake.seq = 1;
      intake.at = kDay1 - 24 * kHour;
      intake.payload = json{{"number", *number},
                            {"channel", channel},
                            {"demand_type", "help"},
                            {"category_id", 7},
                            {"title", "标题"},
                            {"content", "内容"},
                            {"address", "地址"},
                            {"urgency", "normal"},
                            {"enterprise", enterprise},
                            {"street_unit_id", a_},
                            {"attachments", json::array()}};
      WorkOrder order;
      Apply(order, intake);
      order.lead_unit_id = lead;
      order.street_unit_id = a_;
      order.enterprise = enterprise;
      order.dissatisfied_since = since;
      auto inserted = t.InsertOrder(order, intake, "hash");
      if (!inserted) return Fail(inserted.error());
      id = *inserted;
      return {};
    });
    EXPECT_TRUE(r) << r.error().message;
    return id;
  }

  SupervisionId Supervise(UnitId unit, std::optional<OrderId> order, Instant issued, Instant due,
                          SupervisionState state, std::optional<Instant> responded = {}) {
    SupervisionId id = 0;
    auto r = store_->Write([&](WriteTxn& t) -> Result<void> {
      Supervision s;
      auto number = t.NextSupervisionNumber(ChinaDayStamp(issued));
      if (!number) return Fail(number.error());
      s.number = *number;
      s.unit_id = unit;
      s.order_id = order;
      s.order_number = order ? "X" : "";
      s.reason = "manual";
      s.issued_at = issued;
      s.due_at = due;
      auto inserted = t.InsertSupervision(s);
      if (!inserted) return Fail(inserted.error());
      s.id = *inserted;
      s.state = state;
      s.responded_at = responded;
      if (auto u = t.UpdateSupervision(s); !u) return u;
      id = s.id;
      return {};
    });
    EXPECT_TRUE(r) << r.error().message;
    return id;
  }

  std::map<std::string, std::int64_t> Open(std::string_view dim, Instant from, Instant to) {
    auto rows = store_->CountOpenDissatisfied(dim, from, to);
    EXPECT_TRUE(rows) << rows.error().message;
    std::map<std::string, std::int64_t> out;
    for (const KeyCount& k : *rows) out[k.key] = k.count;
    return out;
  }

  TestDatabase test_db_;  // before store_: outlives it
  std::unique_ptr<Store> store_;
  UnitId platform_ = 0, a_ = 0, b_ = 0;
};

TEST_F(MetricLiveQueriesTest, OpenDissatisfiedPerDimensionWithinThePeriod) {
  const OrderId first = Order(a_, kDay1, /*enterprise=*/true, "web");
  const OrderId second = Order(b_, kDay2);
  Order(std::nullopt, kDay2);  // reopened without a unit: in "all", not in "unit"
  Order(a_, std::nullopt);     // settled
  Order(a_, kDay3);            // outside [day1, day3)

  const Instant from = kDay1 - 10 * kHour, to = kDay3 - 10 * kHour;  // China days 2 and 3 Nov
  using Counts = std::map<std::string, std::int64_t>;
  EXPECT_EQ(Open("all", from, to), (Counts{{"", 3}}));
  EXPECT_EQ(Open("unit", from, to), (Counts{{std::to_string(a_), 1}, {std::to_string(b_), 1}}));
  EXPECT_EQ(Open("street", from, to), (Counts{{std::to_string(a_), 3}}));
  EXPECT_EQ(Open("category", from, to), (Counts{{"7", 3}}));
  EXPECT_EQ(Open("channel", from, to), (Counts{{"phone", 2}, {"web", 1}}));
  EXPECT_EQ(Open("demand_type", from, to), (Counts{{"help", 3}}));
  EXPECT_EQ(Open("enterprise", from, to), (Counts{{"false", 2}, {"true", 1}}));
  // The lower bound is inclusive, the upper exclusive.
  EXPECT_EQ(Open("all", kDay1, kDay2), (Counts{{"", 1}}));
  EXPECT_TRUE(Open("all", kDay1 + kHour, kDay2).empty());
  EXPECT_FALSE(store_->CountOpenDissatisfied("nonsense", from, to));

  auto listed = store_->ListOpenDissatisfied(from, to);
  ASSERT_TRUE(listed) << listed.error().message;
  ASSERT_EQ(listed->size(), 3u);
  EXPECT_EQ((*listed)[0].id, first);
  EXPECT_EQ((*listed)[1].id, second);
  EXPECT_EQ((*listed)[0].dissatisfied_since, kDay1);
}

// The 不满意 range must stay an index search at millions of orders: the
// planner has to pick the partial index over open 不满意 rows.
TEST(MetricLiveQueriesPlanTest, TheRangeIsServedByThePartialIndex) {
  auto db = sqlite::Connection::Open(":memory:", {});
  ASSERT_TRUE(db) << db.error().message;
  ASSERT_TRUE(sqlite::ApplyMigrations(**db));
  auto stmt = (*db)->Prepare(
      "EXPLAIN QUERY PLAN SELECT lead_unit_id, COUNT(*) FROM orders WHERE dissatisfied_since IS "
      "NOT NULL AND dissatisfied_since >= 1 AND dissatisfied_since < 2 GROUP BY lead_unit_id");
  ASSERT_TRUE(stmt) << stmt.error().message;
  std::string plan;
  while (*stmt->Step()) plan += stmt->Text(3) + "\n";
  EXPECT_NE(plan.find("orders_dissatisfied"), std::string::npos) << plan;
}

TEST_F(MetricLiveQueriesTest, SupervisionsPerUnitOverdueAndOpen) {
  const OrderId order = Order(a_, std::nullopt);
  const Instant now = kDay3 + 2 * kHour;
  // a_: answered in time and accepted; answered late; unanswered and lapsed
  // (open); b_: unanswered, not yet due (open); outside the period.
  Supervise(a_, order, kDay1, kDay1 + kHour, SupervisionState::kAccepted, kDay1 + kHour);
  Supervise(a_, order, kDay1, kDay1 + kHour, SupervisionState::kResponded, kDay1 + 2 * kHour);
  Supervise(a_, std::nullopt, kDay2, kDay2 + kHour, SupervisionState::kOpen);
  Supervise(b_, order, kDay2, now + kHour, SupervisionState::kOpen);
  Supervise(b_, order, kDay3, kDay3 + kHour, SupervisionState::kOpen);

  const Instant from = kDay1 - 10 * kHour, to = kDay3 - 10 * kHour;
  auto counts = store_->CountSupervisionsByUnit(from, to, now);
  ASSERT_TRUE(counts) << counts.error().message;
  ASSERT_EQ(counts->size(), 2u);
  EXPECT_EQ((*counts)[0].unit_id, a_);
  EXPECT_EQ((*counts)[0].issued, 3);
  EXPECT_EQ((*counts)[0].overdue, 2);
  EXPECT_EQ((*counts)[0].open, 2);
  EXPECT_EQ((*counts)[1].unit_id, b_);
  EXPECT_EQ((*counts)[1].issued, 1);
  EXPECT_EQ((*counts)[1].overdue, 0);
  EXPECT_EQ((*counts)[1].open, 1);

  // The listed supervisions give the same numbers through the C++ tests.
  auto listed = store_->ListSupervisionsIssued(from, to);
  ASSERT_TRUE(listed) << listed.error().message;
  ASSERT_EQ(listed->size(), 4u);
  std::map<UnitId, SupervisionCounts> again;
  for (const Supervision& s : *listed) {
    SupervisionCounts& c = again[s.unit_id];
    ++c.issued;
    c.overdue += SupervisionOverdue(s, now) ? 1 : 0;
    c.open += SupervisionOpen(s) ? 1 : 0;
  }
  for (const SupervisionCounts& c : *counts) {
    EXPECT_EQ(again[c.unit_id].issued, c.issued);
    EXPECT_EQ(again[c.unit_id].overdue, c.overdue);
    EXPECT_EQ(again[c.unit_id].open, c.open);
  }
}

}  // namespace
}  // namespace hotline
