// The rates of the hotline's figures (docs/metrics.md), computed from the
// counters of one row: 签收及时率 (response), 按时办结率 (on time), 解决率,
// 满意率, 退单率, approved-return rate, 重办率 and the share of 报到 made in
// time. Shared by GET /api/v1/metrics and the scoring rules, so a rate is the
// same number in a report and in a score. Pure functions; thread-safe.
#pragma once

#include <optional>

#include "workorder/metric_facts.h"

namespace hotline {

// Each rate is a fraction 0..1 rounded to four decimals, or nullopt when its
// denominator is zero (nothing to measure, which is not the same as 0 %).
struct MetricRates {
  std::optional<double> response_rate;         // signed_on_time / signed
  std::optional<double> ontime_rate;           // replied_on_time / replied
  std::optional<double> resolution_rate;       // resolved / rated
  std::optional<double> satisfaction_rate;     // (satisfied + w × basically_satisfied) / rated
  std::optional<double> return_rate;           // returned / dispatched
  std::optional<double> return_approved_rate;  // return_approved / dispatched
  std::optional<double> reopen_rate;           // reopened / rated
  // (report_ins - report_ins_late) / report_ins: of the report-ins made, the
  // share made in time. Not collaboration_stats' 按时报到率, whose
  // denominator is the departments summoned (no daily counter holds that).
  std::optional<double> report_in_ontime_rate;
  bool operator==(const MetricRates&) const = default;
};

// `basic_weight` (0..1) is how much a 基本满意 counts towards 满意率; 1 is the
// default formula (满意 + 基本满意) / rated.
MetricRates RatesOf(const MeasureCounts& counts, double basic_weight);

// numerator / denominator rounded to four decimals; nullopt for a zero denominator.
std::optional<double> RoundedRate(double numerator, std::int64_t denominator);

inline std::int64_t CountOf(const MeasureCounts& counts, Measure m) {
  return counts[static_cast<int>(m)];
}

}  // namespace hotline
