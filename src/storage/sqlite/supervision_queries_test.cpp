// Supervision storage on a real SQLite file: numbering per day, filters,
// scope, paging and the list of lapsed ones.
#include "storage/sqlite/supervision_queries.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>

#include "common/time_format.h"
#include "storage/sqlite/test_database.h"

namespace hotline {
namespace {

class SupervisionStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto store = test_db_.Open();
    ASSERT_TRUE(store) << store.error().message;
    store_ = std::move(*store);
    ASSERT_TRUE(store_->Write([&](WriteTxn& t) -> Result<void> {
      platform_ = *t.InsertUnit({0, "P", "平台", UnitKind::kPlatform, std::nullopt});
      a_ = *t.InsertUnit({0, "A", "甲街道", UnitKind::kStreet, platform_});
      b_ = *t.InsertUnit({0, "B", "乙街道", UnitKind::kStreet, platform_});
      return {};
    }));
  }
  void TearDown() override { store_.reset(); }

  SupervisionId Insert(UnitId unit, SupervisionTier tier, Instant issued, Instant due) {
    SupervisionId id = 0;
    auto r = store_->Write([&](WriteTxn& t) -> Result<void> {
      Supervision s;
      auto number = t.NextSupervisionNumber(ChinaDayStamp(issued));
      if (!number) return Fail(number.error());
      s.number = *number;
      s.unit_id = unit;
      s.tier = tier;
      s.reason = "manual";
      s.issued_at = issued;
      s.due_at = due;
      auto inserted = t.InsertSupervision(s);
      if (!inserted) return Fail(inserted.error());
      id = *inserted;
      return {};
    });
    EXPECT_TRUE(r) << r.error().message;
    return id;
  }

  TestDatabase test_db_;  // before store_: outlives it
  std::unique_ptr<Store> store_;
  UnitId platform_ = 0, a_ = 0, b_ = 0;
};

TEST_F(SupervisionStoreTest, NumbersFiltersScopesAndPages) {
  const Instant day1 = *ParseRfc3339("2026-11-26T09:00:00+08:00");
  const Instant day2 = *ParseRfc3339("2026-11-27T09:00:00+08:00");
  const auto hour = std::chrono::hours(1);
  const SupervisionId first = Insert(a_, SupervisionTier::kSystem, day1, day1 + hour);
  const SupervisionId second = Insert(b_, SupervisionTier::kManual, day1, day1 + 2 * hour);
  const SupervisionId third = Insert(a_, SupervisionTier::kManual, day2, day2 + hour);
  EXPECT_EQ((*store_->GetSupervision(first))->number, "DB2026112600001");
  EXPECT_EQ((*store_->GetSupervision(second))->number, "DB2026112600002");
  EXPECT_EQ((*store_->GetSupervision(third))->number, "DB2026112700001");
  EXPECT_FALSE(*store_->GetSupervision(9999));

  SupervisionFilter all;
  auto page = store_->ListSupervisions(all);
  ASSERT_TRUE(page);
  EXPECT_EQ(page->total, 3);
  ASSERT_EQ(page->items.size(), 3u);
  EXPECT_EQ(page->items[0].id, third);  // newest first

  SupervisionFilter scoped;
  scoped.scope_unit_ids = std::vector<UnitId>{a_};
  scoped.tier = SupervisionTier::kManual;
  page = store_->ListSupervisions(scoped);
  ASSERT_EQ(page->total, 1);
  EXPECT_EQ(page->items[0].id, third);
  scoped.scope_unit_ids = std::vector<UnitId>{};
  EXPECT_EQ(store_->ListSupervisions(scoped)->total, 0);

  SupervisionFilter paged;
  paged.limit = 1;
  paged.offset = 1;
  page = store_->ListSupervisions(paged);
  EXPECT_EQ(page->total, 3);
  ASSERT_EQ(page->items.size(), 1u);
  EXPECT_EQ(page->items[0].id, second);

  // Due: open, past due_at, not yet handled; earliest first.
  auto due = store_->ListDueSupervisions(day1 + 3 * hour, 10);
  ASSERT_TRUE(due);
  ASSERT_EQ(due->size(), 2u);
  EXPECT_EQ((*due)[0].id, first);
  Supervision s = (*due)[0];
  s.lapsed_at = day1 + 3 * hour;
  ASSERT_TRUE(store_->Write([&](WriteTxn& t) { return t.UpdateSupervision(s); }));
  due = store_->ListDueSupervisions(day1 + 3 * hour, 10);
  ASSERT_EQ(due->size(), 1u);
  EXPECT_EQ((*due)[0].id, second);
  EXPECT_EQ((*store_->GetSupervision(first))->lapsed_at, day1 + 3 * hour);

  SupervisionFilter open_only;
  open_only.state = SupervisionState::kResponded;
  EXPECT_EQ(store_->ListSupervisions(open_only)->total, 0);
  Supervision unknown;
  unknown.id = 9999;
  auto missing = store_->Write([&](WriteTxn& t) { return t.UpdateSupervision(unknown); });
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().kind, ErrorKind::kNotFound);
}

}  // namespace
}  // namespace hotline
