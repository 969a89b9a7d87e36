#include "workorder/metric_rates.h"

#include <cmath>

namespace hotline {

std::optional<double> RoundedRate(double numerator, std::int64_t denominator) {
  if (denominator == 0) return std::nullopt;
  // Four decimals: exact enough for a percentage with two, and stable to compare.
  return std::round(numerator / static_cast<double>(denominator) * 10000.0) / 10000.0;
}

MetricRates RatesOf(const MeasureCounts& c, double basic_weight) {
  const std::int64_t rated = CountOf(c, Measure::kRated);
  const std::int64_t dispatched = CountOf(c, Measure::kDispatched);
  MetricRates r;
  r.response_rate = RoundedRate(CountOf(c, Measure::kSignedOnTime), CountOf(c, Measure::kSigned));
  r.ontime_rate = RoundedRate(CountOf(c, Measure::kRepliedOnTime), CountOf(c, Measure::kReplied));
  r.resolution_rate = RoundedRate(CountOf(c, Measure::kResolved), rated);
  r.satisfaction_rate = RoundedRate(
      CountOf(c, Measure::kSatisfied) + basic_weight * CountOf(c, Measure::kBasicallySatisfied),
      rated);
  r.return_rate = RoundedRate(CountOf(c, Measure::kReturned), dispatched);
  r.return_approved_rate =
      RoundedRate(CountOf(c, Measure::kReturnApproved), CountOf(c, Measure::kReturned));
  r.reopen_rate = RoundedRate(CountOf(c, Measure::kReopened), rated);
  const std::int64_t report_ins = CountOf(c, Measure::kReportIns);
  r.report_in_ontime_rate =
      RoundedRate(report_ins - CountOf(c, Measure::kReportInsLate), report_ins);
  return r;
}

}  // namespace hotline
