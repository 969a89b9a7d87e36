// Small helpers shared by the files of the `metrics` mode of hotline_bench
// (issue 5's figures at scale): clocks, the demo password, number grouping
// and latency summaries. Stateless; safe from any thread.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/error.h"

namespace hotline::bench::metrics {

using SteadyClock = std::chrono::steady_clock;
using Millis = std::chrono::duration<double, std::milli>;
using Seconds = std::chrono::duration<double>;

// The demo accounts' password in the generated database.
constexpr std::string_view kPassword = "Bench-Pass-2026";

// Prints why a step failed to stderr; returns the exit code 1.
int Failed(std::string_view what, const Error& e);

// 1234567 -> "1,234,567".
std::string Grouped(std::int64_t n);

struct Stats {
  double p50 = 0, p99 = 0, first = 0;
};
Stats Summarise(std::vector<double> ms);

}  // namespace hotline::bench::metrics
