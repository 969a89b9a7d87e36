// Hot spots (热点预警): a surge of demands of one category in one street,
// judged against that cell's own recent history. The statistic (docs/
// hotspots.md §2): the count of the current period against an EWMA baseline
// of the preceding periods, with the Poisson upper-tail probability of
// seeing at least that many if the baseline rate still held. Pure functions.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

namespace hotline {

// Days since 1970-01-01 in China Standard Time, the unit of every series here.
using DayNumber = std::int64_t;

// P(X >= k) for X ~ Poisson(mean). 1 for k <= 0; accurate also when tiny
// (summed from k upwards, so no cancellation against 1).
double PoissonUpperTail(std::int64_t k, double mean);

// Exponentially weighted moving average of `values` (oldest first):
// e_1 = x_1, e_i = lambda * x_i + (1 - lambda) * e_{i-1}. 0 when empty.
double Ewma(const std::vector<double>& values, double lambda);

struct SurgeOptions {
  int period_days = 7;       // length of the period tested (and of each baseline period)
  int baseline_periods = 8;  // preceding periods the baseline looks at
  double ewma_lambda = 0.3;  // weight of the most recent baseline period
  // A cell with no history still has some chance of demands: the baseline
  // rate is at least this many per period.
  double min_baseline = 0.5;
  std::int64_t min_count = 5;  // fewer demands in the period are never a surge
  double max_p_value = 0.001;  // one-sided Poisson test level
};

// Demands of one cell (e.g. category × street) on one day.
struct CellDayCount {
  std::int64_t category_id = 0;
  std::optional<std::int64_t> street_unit_id;
  DayNumber day = 0;
  std::int64_t count = 0;
};

struct Surge {
  std::int64_t category_id = 0;
  std::optional<std::int64_t> street_unit_id;
  std::int64_t count = 0;             // in the tested period
  std::vector<std::int64_t> history;  // counts of the baseline periods, oldest first
  double baseline = 0;                // expected count per period (EWMA, floored)
  double ratio = 0;                   // count / baseline
  double p_value = 1;                 // PoissonUpperTail(count, baseline)
};

// The surge test of one series: `history` are the counts of the preceding
// periods (oldest first), `count` the current one. nullopt unless it is a
// surge under `options`; the Surge's cell fields are left empty.
std::optional<Surge> TestSurge(std::int64_t count, const std::vector<std::int64_t>& history,
                               const SurgeOptions& options);

// Every cell whose count in the period [period_start, period_start +
// period_days) is a surge against its own baseline periods just before.
// Counts outside period and baseline are ignored. Most significant first
// (smallest p-value, then largest count).
std::vector<Surge> FindSurges(const std::vector<CellDayCount>& counts, DayNumber period_start,
                              const SurgeOptions& options);

}  // namespace hotline
