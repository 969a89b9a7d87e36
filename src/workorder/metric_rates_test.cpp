#include "workorder/metric_rates.h"

#include <gtest/gtest.h>

namespace hotline {
namespace {

MeasureCounts Counts(std::initializer_list<std::pair<Measure, std::int64_t>> values) {
  MeasureCounts c{};
  for (const auto& [m, v] : values) c[static_cast<int>(m)] = v;
  return c;
}

TEST(MetricRatesTest, ComputesEachRateFromItsCounters) {
  const MeasureCounts c = Counts({{Measure::kDispatched, 8},
                                  {Measure::kSigned, 6},
                                  {Measure::kSignedOnTime, 5},
                                  {Measure::kReplied, 4},
                                  {Measure::kRepliedOnTime, 3},
                                  {Measure::kRated, 3},
                                  {Measure::kResolved, 2},
                                  {Measure::kSatisfied, 1},
                                  {Measure::kBasicallySatisfied, 1},
                                  {Measure::kDissatisfied, 1},
                                  {Measure::kReturned, 2},
                                  {Measure::kReturnApproved, 1},
                                  {Measure::kReopened, 1}});
  const MetricRates r = RatesOf(c, 1.0);
  EXPECT_EQ(r.response_rate, 0.8333);
  EXPECT_EQ(r.ontime_rate, 0.75);
  EXPECT_EQ(r.resolution_rate, 0.6667);
  EXPECT_EQ(r.satisfaction_rate, 0.6667);
  EXPECT_EQ(r.return_rate, 0.25);
  EXPECT_EQ(r.return_approved_rate, 0.5);  // approved of the returns asked for
  EXPECT_EQ(r.reopen_rate, 0.3333);
  // 基本满意 weighted 0.8: (1 + 0.8) / 3.
  EXPECT_EQ(RatesOf(c, 0.8).satisfaction_rate, 0.6);
}

TEST(MetricRatesTest, ZeroDenominatorIsNoRate) {
  const MetricRates r = RatesOf(MeasureCounts{}, 1.0);
  EXPECT_FALSE(r.response_rate);
  EXPECT_FALSE(r.satisfaction_rate);
  EXPECT_FALSE(r.return_rate);
  EXPECT_EQ(RoundedRate(0, 5), 0.0);
}

}  // namespace
}  // namespace hotline
