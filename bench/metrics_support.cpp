#include "metrics_support.h"

#include <fmt/format.h>

#include <algorithm>

namespace hotline::bench::metrics {

int Failed(std::string_view what, const Error& e) {
  fmt::print(stderr, "metrics: {} failed: {} ({} {})\n", what, e.message, e.code, e.field);
  return 1;
}

std::string Grouped(std::int64_t n) {
  const std::string digits = std::to_string(n);
  std::string out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}

Stats Summarise(std::vector<double> ms) {
  Stats s;
  if (ms.empty()) return s;
  s.first = ms.front();
  std::sort(ms.begin(), ms.end());
  s.p50 = ms[ms.size() / 2];
  s.p99 = ms[std::min(ms.size() - 1, static_cast<std::size_t>(ms.size() * 0.99))];
  return s;
}

}  // namespace hotline::bench::metrics
