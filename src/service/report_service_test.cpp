// ReportService on a real SQLite file: the scheduler hook makes each missing
// last period once (and again only when a new period completes), on-demand
// reports are kept with their author, and refused requests keep nothing.
#include "service/report_service.h"

#include <gtest/gtest.h>

#include <map>

#include "common/time_format.h"
#include "storage/sqlite/test_database.h"

namespace hotline {
namespace {

class ReportServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto store = test_db_.Open();
    ASSERT_TRUE(store) << store.error().message;
    store_ = std::move(*store);
    ASSERT_TRUE(SeedSmallDistrict(*store_));
    directory_ = std::make_unique<Directory>(*store_);
    ASSERT_TRUE(directory_->Reload());
  }
  void TearDown() override {
    directory_.reset();
    store_.reset();
  }

  std::int64_t Total(std::string_view kind = "") {
    auto page = store_->ListReports(kind, 50, 0);
    EXPECT_TRUE(page);
    return page ? page->total : -1;
  }

  TestDatabase test_db_;
  std::unique_ptr<Store> store_;
  std::unique_ptr<Directory> directory_;
  // Wednesday 2026-12-02, 09:00 China time.
  ManualClock clock_{*ParseRfc3339("2026-12-02T09:00:00+08:00")};
};

TEST_F(ReportServiceTest, SchedulerHookMakesEachMissingPeriodOnce) {
  ReportService reports(*store_, *directory_, clock_);
  auto made = reports.GenerateMissing();
  ASSERT_TRUE(made) << made.error().message;
  EXPECT_EQ(*made, 4);
  auto page = store_->ListReports("", 10, 0);
  ASSERT_TRUE(page);
  std::map<std::string, std::string> periods;  // kind -> "from..to"
  for (const StoredReport& r : page->items) {
    periods[r.kind] = r.period_from + ".." + r.period_to;
    EXPECT_FALSE(r.generated_by);
  }
  EXPECT_EQ(periods["daily"], "2026-12-01..2026-12-01");
  EXPECT_EQ(periods["weekly"], "2026-11-23..2026-11-29");
  EXPECT_EQ(periods["monthly"], "2026-11-01..2026-11-30");
  EXPECT_EQ(periods["annual"], "2025-01-01..2025-12-31");

  // Again the same day, by this process or another: nothing new.
  EXPECT_EQ(reports.GenerateMissing().value_or(-1), 0);
  ReportService other(*store_, *directory_, clock_);
  EXPECT_EQ(other.GenerateMissing().value_or(-1), 0);
  EXPECT_EQ(Total(), 4);

  // The next day only the daily report is new.
  clock_.Set(clock_.Now() + std::chrono::hours(24));
  EXPECT_EQ(reports.GenerateMissing().value_or(-1), 1);
  EXPECT_EQ(Total("daily"), 2);
  EXPECT_EQ(Total(), 5);
}

TEST_F(ReportServiceTest, OnDemandReportsAreKeptWithTheirAuthor) {
  ReportService reports(*store_, *directory_, clock_);
  auto weekly = reports.Generate(ReportKind::kWeekly, *ParseReportDate("2026-12-02"), 9);
  ASSERT_TRUE(weekly) << weekly.error().message;
  EXPECT_EQ(weekly->period_from, "2026-11-30");
  EXPECT_EQ(weekly->period_to, "2026-12-06");
  auto stored = store_->GetReport(weekly->id);
  ASSERT_TRUE(stored && *stored);
  EXPECT_EQ((*stored)->generated_by, 9);
  auto body = ReportFromJson(nlohmann::json::parse((*stored)->body));
  ASSERT_TRUE(body) << body.error().message;
  EXPECT_EQ(body->sections.size(), 16u);
  EXPECT_EQ(body->rules_version, 0);  // no rules saved: the defaults
}

TEST_F(ReportServiceTest, RefusedRequestsKeepNothing) {
  ReportService reports(*store_, *directory_, clock_);
  const auto day = [](std::string_view t) { return *ParseReportDate(t); };
  auto future = reports.Generate(ReportKind::kDaily, day("2026-12-03"), 1);
  ASSERT_FALSE(future);
  EXPECT_EQ(future.error().field, "date");
  auto reversed = reports.GenerateCustom(day("2026-11-10"), day("2026-11-01"), 1);
  ASSERT_FALSE(reversed);
  EXPECT_EQ(reversed.error().field, "from");
  auto too_long = reports.GenerateCustom(day("2025-01-01"), day("2026-11-01"), 1);
  ASSERT_FALSE(too_long);
  EXPECT_EQ(too_long.error().field, "to");
  EXPECT_FALSE(reports.Generate(ReportKind::kCustom, day("2026-11-01"), 1));
  EXPECT_EQ(Total(), 0);
  // A period still running (this year) may be reported on so far.
  EXPECT_TRUE(reports.Generate(ReportKind::kAnnual, day("2026-06-01"), 1));
  EXPECT_EQ(Total(), 1);
}

}  // namespace
}  // namespace hotline
