#include "workorder/hotspots.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <utility>

namespace hotline {

double PoissonUpperTail(std::int64_t k, double mean) {
  if (k <= 0) return 1.0;
  if (mean <= 0) return 0.0;
  // log of the first term P(X = k), then each next term is the previous
  // times mean / i. Terms rise until i ≈ mean and fall after, so summing
  // stops once they are past the mode and negligible.
  double log_term =
      static_cast<double>(k) * std::log(mean) - mean - std::lgamma(static_cast<double>(k) + 1.0);
  double term = std::exp(log_term);
  double sum = 0;
  for (std::int64_t i = k; i < k + 100000; ++i) {
    if (i > k) term *= mean / static_cast<double>(i);
    sum += term;
    if (static_cast<double>(i) > mean && term < sum * 1e-17) break;
  }
  return std::min(1.0, sum);
}

double Ewma(const std::vector<double>& values, double lambda) {
  if (values.empty()) return 0;
  double e = values.front();
  for (std::size_t i = 1; i < values.size(); ++i) e = lambda * values[i] + (1 - lambda) * e;
  return e;
}

std::optional<Surge> TestSurge(std::int64_t count, const std::vector<std::int64_t>& history,
                               const SurgeOptions& options) {
  if (count < options.min_count) return std::nullopt;
  std::vector<double> values(history.begin(), history.end());
  const double baseline = std::max(options.min_baseline, Ewma(values, options.ewma_lambda));
  const double p = PoissonUpperTail(count, baseline);
  if (p > options.max_p_value) return std::nullopt;
  Surge s;
  s.count = count;
  s.history = history;
  s.baseline = baseline;
  s.ratio = static_cast<double>(count) / baseline;
  s.p_value = p;
  return s;
}

std::vector<Surge> FindSurges(const std::vector<CellDayCount>& counts, DayNumber period_start,
                              const SurgeOptions& options) {
  using Cell = std::pair<std::int64_t, std::int64_t>;  // category, street (-1: none)
  const int n = options.baseline_periods;
  const DayNumber baseline_start = period_start - static_cast<DayNumber>(n) * options.period_days;
  const DayNumber period_end = period_start + options.period_days;
  // Per cell: counts of the n baseline periods, then the tested one.
  std::map<Cell, std::vector<std::int64_t>> series;
  for (const CellDayCount& c : counts) {
    if (c.day < baseline_start || c.day >= period_end) continue;
    const Cell cell{c.category_id, c.street_unit_id.value_or(-1)};
    auto [it, inserted] = series.try_emplace(cell, std::vector<std::int64_t>(n + 1, 0));
    it->second[static_cast<std::size_t>((c.day - baseline_start) / options.period_days)] += c.count;
  }
  std::vector<Surge> out;
  for (const auto& [cell, periods] : series) {
    const std::vector<std::int64_t> history(periods.begin(), periods.end() - 1);
    auto surge = TestSurge(periods.back(), history, options);
    if (!surge) continue;
    surge->category_id = cell.first;
    if (cell.second >= 0) surge->street_unit_id = cell.second;
    out.push_back(std::move(*surge));
  }
  std::sort(out.begin(), out.end(), [](const Surge& a, const Surge& b) {
    if (a.p_value != b.p_value) return a.p_value < b.p_value;
    return a.count > b.count;
  });
  return out;
}

}  // namespace hotline
