#include "workorder/hotspots.h"

#include <gtest/gtest.h>

#include <cmath>

namespace hotline {
namespace {

// Expected values computed by hand from the Poisson probabilities
// P(X = i) = e^-m m^i / i!.
TEST(PoissonUpperTailTest, MatchesHandComputedTails) {
  EXPECT_DOUBLE_EQ(PoissonUpperTail(0, 3.0), 1.0);
  EXPECT_NEAR(PoissonUpperTail(1, 2.0), 1 - std::exp(-2.0), 1e-12);
  EXPECT_NEAR(PoissonUpperTail(3, 1.0), 1 - 2.5 * std::exp(-1.0), 1e-12);
  // 1 - e^-0.5 (1 + 0.5 + 0.125 + 0.5^3/6 + 0.5^4/24)
  EXPECT_NEAR(PoissonUpperTail(5, 0.5), 0.00017211562995578245, 1e-15);
  EXPECT_NEAR(PoissonUpperTail(8, 5.0), 0.13337167407000727, 1e-12);
}

TEST(PoissonUpperTailTest, StaysAccurateFarInTheTail) {
  // Σ_{i≥40} e^-1 / i!: far below what 1 - CDF could represent.
  const double p = PoissonUpperTail(40, 1.0);
  EXPECT_GT(p, 0);
  EXPECT_NEAR(p / 4.621445840379912e-49, 1.0, 1e-9);
  // A large mean (e^-mean underflows) still gives a sane tail near the mean.
  const double q = PoissonUpperTail(1000, 1000.0);
  EXPECT_GT(q, 0.49);
  EXPECT_LT(q, 0.52);
}

TEST(PoissonUpperTailTest, FallsAsTheCountRises) {
  double last = 1.0;
  for (int k = 1; k < 30; ++k) {
    const double p = PoissonUpperTail(k, 4.0);
    EXPECT_LT(p, last) << k;
    last = p;
  }
}

TEST(EwmaTest, WeighsRecentValuesMore) {
  EXPECT_DOUBLE_EQ(Ewma({}, 0.3), 0);
  EXPECT_DOUBLE_EQ(Ewma({4}, 0.3), 4);
  // e1 = 2, e2 = 0.5*4 + 0.5*2 = 3, e3 = 0.5*6 + 0.5*3 = 4.5
  EXPECT_DOUBLE_EQ(Ewma({2, 4, 6}, 0.5), 4.5);
  // e1 = 10, e2 = 0.3*0 + 0.7*10 = 7, e3 = 0.3*0 + 0.7*7 = 4.9
  EXPECT_NEAR(Ewma({10, 0, 0}, 0.3), 4.9, 1e-12);
  EXPECT_DOUBLE_EQ(Ewma({3, 3, 3, 3}, 0.3), 3);
}

TEST(TestSurgeTest, FlagsACountFarAboveTheBaseline) {
  const SurgeOptions o;
  auto s = TestSurge(8, {1, 1, 1, 1, 1, 1, 1, 1}, o);
  ASSERT_TRUE(s.has_value());
  EXPECT_DOUBLE_EQ(s->baseline, 1.0);
  EXPECT_DOUBLE_EQ(s->ratio, 8.0);
  EXPECT_NEAR(s->p_value, 1.0249196674694261e-05, 1e-15);
  // The same count over a busier history is ordinary.
  EXPECT_FALSE(TestSurge(8, {5, 5, 5, 5, 5, 5, 5, 5}, o).has_value());
}

TEST(TestSurgeTest, NeedsTheMinimumCount) {
  SurgeOptions o;
  EXPECT_FALSE(TestSurge(4, {0, 0, 0, 0, 0, 0, 0, 0}, o).has_value());
  // P(X >= 4 | 0.5) = 0.00175: over the default level, under 0.01.
  o.min_count = 4;
  EXPECT_FALSE(TestSurge(4, {0, 0, 0, 0, 0, 0, 0, 0}, o).has_value());
  o.max_p_value = 0.01;
  EXPECT_TRUE(TestSurge(4, {0, 0, 0, 0, 0, 0, 0, 0}, o).has_value());
}

TEST(TestSurgeTest, FloorsAnEmptyHistoryAtTheMinimumBaseline) {
  auto s = TestSurge(5, {0, 0, 0, 0, 0, 0, 0, 0}, SurgeOptions{});
  ASSERT_TRUE(s.has_value());
  EXPECT_DOUBLE_EQ(s->baseline, 0.5);
  EXPECT_NEAR(s->p_value, 0.00017211562995578245, 1e-15);
}

TEST(FindSurgesTest, TestsEachCellAgainstItsOwnPeriods) {
  SurgeOptions o;  // 7-day periods, 8 of them before
  const DayNumber start = 20000;
  std::vector<CellDayCount> counts;
  // Category 1 in street 10: one a week for 8 weeks, then 9 in the period.
  for (int w = 1; w <= 8; ++w) counts.push_back({1, 10, start - 7 * w, 1});
  counts.push_back({1, 10, start, 4});
  counts.push_back({1, 10, start + 6, 5});
  // The day after the period and days before the baseline do not count.
  counts.push_back({1, 10, start + 7, 100});
  counts.push_back({1, 10, start - 57, 100});
  // Category 2 in street 10: as busy before as now.
  for (int w = 1; w <= 8; ++w) counts.push_back({2, 10, start - 7 * w, 9});
  counts.push_back({2, 10, start + 1, 9});
  // Category 3 without a street: six where there were none.
  counts.push_back({3, std::nullopt, start + 2, 6});

  const auto surges = FindSurges(counts, start, o);
  ASSERT_EQ(surges.size(), 2u);
  EXPECT_EQ(surges[0].category_id, 1);
  EXPECT_EQ(surges[0].street_unit_id, 10);
  EXPECT_EQ(surges[0].count, 9);
  EXPECT_EQ(surges[0].history, (std::vector<std::int64_t>{1, 1, 1, 1, 1, 1, 1, 1}));
  EXPECT_DOUBLE_EQ(surges[0].baseline, 1.0);
  EXPECT_EQ(surges[1].category_id, 3);
  EXPECT_FALSE(surges[1].street_unit_id.has_value());
  EXPECT_LT(surges[0].p_value, surges[1].p_value);
}

}  // namespace
}  // namespace hotline
