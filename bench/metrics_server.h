// The `metrics` bench's server probe: starts a real `hotline serve` on the
// generated database, times GET /api/v1/metrics for the month and the year in
// every grouping, and reads the process's peak RSS (VmHWM) from /proc.
// Not thread safe: one probe at a time (it forks and waits for the child).
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>

#include "common/error.h"
#include "metrics_queries.h"
#include "metrics_support.h"

namespace hotline::bench::metrics {

// Latencies in milliseconds, sizes in KB (-1 when /proc did not tell).
struct ServerMeasure {
  std::int64_t hwm_kb = -1, rss_kb = -1, start_hwm_kb = -1;
  double start_s = 0;
  Stats month, year;
  int failures = 0;
};

// Runs `hotline` (a binary path) on `db` with its log in `dir`; logs in as
// leader1 and requests each grouping `repeat` times per period.
Result<ServerMeasure> MeasureServer(const std::string& hotline, const std::string& db,
                                    const std::filesystem::path& dir, const Period& month,
                                    const Period& year, int repeat);

}  // namespace hotline::bench::metrics
