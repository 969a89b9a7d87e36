// The `metrics` bench's measured reads: the monthly report and the yearly
// unit ranking from the rollups (through Store::QueryRollup, as the server
// does), and the same figures by a naive GROUP BY over orders and
// order_events. Stateless functions; each uses only the store or connection
// it is given.
#pragma once

#include <chrono>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "common/error.h"
#include "metrics_support.h"
#include "storage/sqlite/connection.h"
#include "storage/store.h"

namespace hotline::bench::metrics {

// A closed range of China days in the forms the queries need.
struct Period {
  std::string from, to;  // YYYY-MM-DD
  std::int32_t from_day = 0, to_day = 0;
  std::int64_t from_ms = 0, to_ms = 0;  // [from_ms, to_ms)
};

Period MakePeriod(std::chrono::year_month_day first, std::chrono::year_month_day last);

inline constexpr std::string_view kMonthDims[] = {"all", "unit", "street", "category", "channel"};

// The monthly report's reads: every dimension it tabulates, with the rates.
Result<std::int64_t> MonthlyReport(Store& store, const Period& p);

// The yearly ranking as the scoring rules (考核细则) compute it: every unit's
// counters from the rollups, scored and ranked within its group, with the
// 红黑榜 of each group.
Result<std::int64_t> YearlyRanking(Store& store, const Period& p);

// The same figures straight from orders and order_events.
inline constexpr std::string_view kNaiveReceived[] = {
    "SELECT channel, COUNT(*) FROM orders WHERE created_at >= ?1 AND created_at < ?2 GROUP BY 1",
    "SELECT street_unit_id, COUNT(*) FROM orders WHERE created_at >= ?1 AND created_at < ?2"
    " GROUP BY 1",
    "SELECT category_id, COUNT(*) FROM orders WHERE created_at >= ?1 AND created_at < ?2"
    " GROUP BY 1",
    "SELECT lead_unit_id, COUNT(*) FROM orders WHERE created_at >= ?1 AND created_at < ?2"
    " GROUP BY 1",
};
// Payloads are stored packed: each is unpacked once (the MATERIALIZED CTE),
// as a hand-written report over the base tables would have to.
inline constexpr std::string_view kNaiveCallbacks =
    "WITH cb AS MATERIALIZED (SELECT order_id, hotline_unpack(payload) AS p FROM order_events"
    " WHERE action = 'callback' AND at >= ?1 AND at < ?2)"
    " SELECT o.lead_unit_id, COUNT(*), SUM(json_extract(e.p, '$.resolved')),"
    " SUM(json_extract(e.p, '$.satisfaction') IN ('satisfied', 'basically_satisfied'))"
    " FROM cb e JOIN orders o ON o.id = e.order_id"
    " WHERE json_extract(e.p, '$.reached') GROUP BY 1";
inline constexpr std::string_view kNaiveReplies =
    "SELECT unit_id, COUNT(*) FROM order_events WHERE action = 'reply' AND at >= ?1 AND at < ?2"
    " GROUP BY 1";

// Runs the statements over `p`; returns the sum of the first column's counts
// of the first statement (orders received) for a cross-check.
Result<std::int64_t> RunNaive(sqlite::Connection& db, std::span<const std::string_view> sqls,
                              const Period& p);

// Runs `f` (returning Result<void>) `repeat` times; the milliseconds of each run.
template <typename F>
Result<std::vector<double>> Time(int repeat, F&& f) {
  std::vector<double> ms;
  for (int i = 0; i < repeat; ++i) {
    const auto t0 = SteadyClock::now();
    if (auto r = f(); !r) return Fail(r.error());
    ms.push_back(Millis(SteadyClock::now() - t0).count());
  }
  return ms;
}

}  // namespace hotline::bench::metrics
