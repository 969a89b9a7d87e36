// Report history storage on a real SQLite file: the round trip of a report,
// the existence check the scheduler relies on, listings newest first by kind
// with paging, and a failed write that keeps nothing.
#include "storage/sqlite/report_queries.h"

#include <gtest/gtest.h>

#include "common/time_format.h"
#include "storage/sqlite/test_database.h"

namespace hotline {
namespace {

StoredReport Make(std::string kind, std::string from, std::string to, std::string_view at) {
  StoredReport r;
  r.kind = std::move(kind);
  r.period_from = std::move(from);
  r.period_to = std::move(to);
  r.generated_at = *ParseRfc3339(at);
  r.body = R"({"sections":[]})";
  return r;
}

class ReportStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto store = test_db_.Open();
    ASSERT_TRUE(store) << store.error().message;
    store_ = std::move(*store);
  }
  void TearDown() override { store_.reset(); }

  std::int64_t Insert(const StoredReport& r) {
    std::int64_t id = 0;
    auto written = store_->Write([&](WriteTxn& t) -> Result<void> {
      auto inserted = t.InsertReport(r);
      if (!inserted) return Fail(inserted.error());
      id = *inserted;
      return {};
    });
    EXPECT_TRUE(written) << written.error().message;
    return id;
  }

  bool Has(std::string_view kind, std::string_view from, std::string_view to) {
    bool has = false;
    EXPECT_TRUE(store_->Write([&](WriteTxn& t) -> Result<void> {
      auto r = t.HasReport(kind, from, to);
      if (!r) return Fail(r.error());
      has = *r;
      return {};
    }));
    return has;
  }

  TestDatabase test_db_;
  std::unique_ptr<Store> store_;
};

TEST_F(ReportStoreTest, RoundTripAndExistence) {
  StoredReport r = Make("daily", "2026-11-25", "2026-11-25", "2026-11-26T00:10:00+08:00");
  r.generated_by = 7;
  const std::int64_t id = Insert(r);
  auto got = store_->GetReport(id);
  ASSERT_TRUE(got && *got);
  EXPECT_EQ((*got)->kind, "daily");
  EXPECT_EQ((*got)->period_from, "2026-11-25");
  EXPECT_EQ((*got)->generated_at, r.generated_at);
  EXPECT_EQ((*got)->generated_by, 7);
  EXPECT_EQ((*got)->body, r.body);
  EXPECT_TRUE(Has("daily", "2026-11-25", "2026-11-25"));
  EXPECT_FALSE(Has("weekly", "2026-11-25", "2026-11-25"));
  EXPECT_FALSE(Has("daily", "2026-11-24", "2026-11-24"));
  auto missing = store_->GetReport(id + 100);
  ASSERT_TRUE(missing);
  EXPECT_FALSE(*missing);
}

TEST_F(ReportStoreTest, ListsNewestFirstByKindWithoutBodies) {
  const auto a = Insert(Make("daily", "2026-11-24", "2026-11-24", "2026-11-25T00:10:00+08:00"));
  const auto b = Insert(Make("weekly", "2026-11-16", "2026-11-22", "2026-11-25T00:11:00+08:00"));
  const auto c = Insert(Make("daily", "2026-11-25", "2026-11-25", "2026-11-26T00:10:00+08:00"));
  auto all = store_->ListReports("", 10, 0);
  ASSERT_TRUE(all);
  EXPECT_EQ(all->total, 3);
  ASSERT_EQ(all->items.size(), 3u);
  EXPECT_EQ(all->items[0].id, c);
  EXPECT_EQ(all->items[1].id, b);
  EXPECT_TRUE(all->items[0].body.empty());
  auto daily = store_->ListReports("daily", 1, 1);
  ASSERT_TRUE(daily);
  EXPECT_EQ(daily->total, 2);
  ASSERT_EQ(daily->items.size(), 1u);
  EXPECT_EQ(daily->items[0].id, a);
}

TEST_F(ReportStoreTest, FailedWriteKeepsNothing) {
  auto written = store_->Write([&](WriteTxn& t) -> Result<void> {
    auto r = t.InsertReport(Make("monthly", "2026-10-01", "2026-10-31", "2026-11-01T00:10:00Z"));
    if (!r) return Fail(r.error());
    return Fail(ErrorKind::kInternal, "boom", "中途失败");
  });
  EXPECT_FALSE(written);
  auto all = store_->ListReports("", 10, 0);
  ASSERT_TRUE(all);
  EXPECT_EQ(all->total, 0);
  // The table's CHECK refuses an unknown kind.
  EXPECT_FALSE(store_->Write([&](WriteTxn& t) -> Result<void> {
    auto r = t.InsertReport(Make("hourly", "2026-10-01", "2026-10-01", "2026-11-01T00:10:00Z"));
    if (!r) return Fail(r.error());
    return {};
  }));
}

}  // namespace
}  // namespace hotline
