// The `metrics` mode of hotline_bench, issue 5's figures at scale: generates
// realistic orders with their events and daily rollups (metrics_generator.h),
// then times the monthly report and the yearly unit ranking read from the
// rollups next to the naive GROUP BY over the base tables
// (metrics_queries.h), and the peak RSS of a real `hotline serve` answering
// GET /api/v1/metrics on that database (metrics_server.h).
//
// The database gets the product's schema through OpenSqliteStore and the demo
// district's units, categories and accounts through SeedDemo.
#include <fmt/format.h>
#include <stdlib.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <chrono>
#include <filesystem>
#include <string>
#include <vector>

#include "common/clock.h"
#include "common/time_format.h"
#include "demo/demo.h"
#include "drivers.h"
#include "metrics_generator.h"
#include "metrics_queries.h"
#include "metrics_server.h"
#include "metrics_support.h"
#include "service/directory.h"
#include "service/event_recorder.h"
#include "storage/sqlite/connection.h"
#include "storage/sqlite/sqlite_store.h"
#include "workorder/metric_facts.h"
#include "workorder/metric_rates.h"

namespace hotline::bench {
namespace {

using metrics::Failed;
using metrics::Generate;
using metrics::Generated;
using metrics::Grouped;
using metrics::kMonthDims;
using metrics::kNaiveCallbacks;
using metrics::kNaiveReceived;
using metrics::kNaiveReplies;
using metrics::kPassword;
using metrics::kSpanDays;
using metrics::LoadReference;
using metrics::MakePeriod;
using metrics::MeasureServer;
using metrics::MonthlyReport;
using metrics::Period;
using metrics::RunNaive;
using metrics::ServerMeasure;
using metrics::Stats;
using metrics::Summarise;
using metrics::Time;
using metrics::YearlyRanking;
using std::chrono::minutes;

std::string SiblingBinary(std::string_view name) {
  std::error_code ec;
  const auto self = std::filesystem::read_symlink("/proc/self/exe", ec);
  return ec ? std::string(name) : (self.parent_path() / name).string();
}

}  // namespace

int RunMetrics(int argc, char** argv) {
  CLI::App app{"figures at scale: bulk orders, monthly report, yearly ranking (issue 5)"};
  std::int64_t order_count = 1'000'000;
  int repeat = 20;
  int naive_repeat = 1;
  std::string parent = std::filesystem::temp_directory_path().string();
  std::string db_path;
  std::string hotline = SiblingBinary("hotline");
  bool keep = false;
  bool skip_server = false;
  app.add_option("--orders", order_count, "orders to generate")
      ->check(CLI::Range(std::int64_t{1000}, std::int64_t{100'000'000}));
  app.add_option("--repeat", repeat, "measured runs of each rollup read")
      ->check(CLI::Range(1, 1000));
  app.add_option("--naive-repeat", naive_repeat, "runs of the naive GROUP BY")
      ->check(CLI::Range(1, 20));
  app.add_option("--dir", parent, "where to create the database")->check(CLI::ExistingDirectory);
  app.add_option("--db", db_path,
                 "database file: reused without generating when it exists, kept afterwards");
  app.add_option("--hotline", hotline, "the hotline binary for the RSS measurement");
  app.add_flag("--keep", keep, "keep the generated database");
  app.add_flag("--no-server", skip_server, "skip the server RSS measurement");
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  }

  std::filesystem::path dir;
  if (db_path.empty()) {
    std::string pattern = (std::filesystem::path(parent) / "hotline-metrics.XXXXXX").string();
    if (::mkdtemp(pattern.data()) == nullptr) {
      fmt::print(stderr, "metrics: cannot create a directory in {}\n", parent);
      return 1;
    }
    dir = pattern;
    db_path = (dir / "metrics.db").string();
  } else {
    keep = true;
    dir = std::filesystem::absolute(db_path).parent_path();
  }
  struct Cleanup {
    std::filesystem::path dir;
    bool keep;
    std::string db;
    ~Cleanup() {
      std::error_code ignored;
      if (keep) return;
      for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(db + suffix, ignored);
      std::filesystem::remove(dir / "metrics-server.log", ignored);
      std::filesystem::remove(dir, ignored);
    }
  } cleanup{dir, keep, db_path};

  // The history ends now (minute precision), as if the district had been
  // running for two years; the measured month and year are the last full ones.
  const SystemClock wall;
  const Instant end = std::chrono::floor<minutes>(wall.Now());
  const std::chrono::year_month_day today{ChinaDay(end)};
  const std::chrono::year_month this_month{today.year(), today.month()};
  const auto last_month = this_month - std::chrono::months(1);
  const Period month = MakePeriod(last_month / 1, last_month / std::chrono::last);
  const auto last_year = today.year() - std::chrono::years(1);
  const Period year = MakePeriod(last_year / 1 / 1, last_year / 12 / 31);

  const bool reuse = std::filesystem::exists(db_path);
  Generated g;
  if (!reuse) {
    fmt::print("== generating {} orders over the {} days before {} into {}\n", Grouped(order_count),
               kSpanDays, FormatRfc3339(end), db_path);
    auto store = OpenSqliteStore({.path = db_path, .synchronous = "off"});
    if (!store) return Failed("opening the store", store.error());
    if (auto r = RebuildMetricsIfStale(**store); !r)
      return Failed("marking the rollups", r.error());
    Directory directory(**store);
    DemoOptions demo;
    demo.password = std::string(kPassword);
    demo.orders = 0;
    auto seeded = SeedDemo(**store, directory, demo);
    if (!seeded) return Failed("seeding the demo district", seeded.error());
    auto ref = LoadReference(**store);
    if (!ref) return Failed("reading the reference data", ref.error());
    store->reset();  // the generator needs the file to itself
    fmt::print("{} units ({} departments, {} streets), {} leaf categories\n", seeded->units,
               ref->departments.size(), ref->streets.size(), ref->leaves.size());
    auto generated = Generate(db_path, *ref, directory, end, order_count);
    if (!generated) return Failed("generating", generated.error());
    g = *generated;
    std::error_code ec;
    const auto size = std::filesystem::file_size(db_path, ec);
    fmt::print(
        "generated {} orders, {} events in {:.1f} s: {} orders/s, {} events/s; {} rollup rows "
        "in {:.1f} s; database {:.2f} GB\n",
        Grouped(g.orders), Grouped(g.events), g.seconds,
        Grouped(static_cast<std::int64_t>(g.orders / g.seconds)),
        Grouped(static_cast<std::int64_t>(g.events / g.seconds)), Grouped(g.rollup_rows),
        g.rollup_seconds, ec ? 0.0 : size / 1e9);
    fmt::print("the inserting thread was busy {:.1f} s of {:.1f} s\n", g.insert_seconds, g.seconds);
    std::string mix;
    for (const auto& [state, n] : g.states)
      mix += fmt::format(" {} {:.1f}%", StateCode(state), 100.0 * n / g.orders);
    fmt::print("final states:{}\n", mix);
  } else {
    fmt::print("== reusing {}\n", db_path);
  }

  auto store = OpenSqliteStore({.path = db_path});
  if (!store) return Failed("reopening the store", store.error());
  auto raw = sqlite::Connection::Open(db_path, {.read_only = true});
  if (!raw) return Failed("opening a read connection", raw.error());

  fmt::print("\n== monthly report {}..{}: QueryRollup(all, unit, street, category, channel)\n",
             month.from, month.to);
  std::int64_t month_rows = 0;
  auto month_ms = Time(repeat, [&]() -> Result<void> {
    auto r = MonthlyReport(**store, month);
    if (!r) return Fail(r.error());
    month_rows = *r;
    return {};
  });
  if (!month_ms) return Failed("the monthly report", month_ms.error());
  const Stats ms = Summarise(*month_ms);
  fmt::print("{} rows; first {:.2f} ms, p50 {:.2f} ms, p99 {:.2f} ms\n", month_rows, ms.first,
             ms.p50, ms.p99);

  fmt::print(
      "\n== yearly unit ranking {}..{}: QueryRollup(unit) + Rank per unit group (scoring.h) + "
      "红黑榜\n",
      year.from, year.to);
  std::int64_t ranked = 0;
  auto year_ms = Time(repeat, [&]() -> Result<void> {
    auto r = YearlyRanking(**store, year);
    if (!r) return Fail(r.error());
    ranked = *r;
    return {};
  });
  if (!year_ms) return Failed("the yearly ranking", year_ms.error());
  const Stats ys = Summarise(*year_ms);
  fmt::print("{} units ranked; first {:.2f} ms, p50 {:.2f} ms, p99 {:.2f} ms\n", ranked, ys.first,
             ys.p50, ys.p99);

  fmt::print("\n== naive GROUP BY over orders and order_events (same periods)\n");
  std::vector<std::string_view> month_sql(std::begin(kNaiveReceived), std::end(kNaiveReceived));
  month_sql.push_back(kNaiveCallbacks);
  std::vector<std::string_view> year_sql{kNaiveReceived[3], kNaiveCallbacks, kNaiveReplies};
  std::int64_t naive_received = 0;
  auto naive_month = Time(naive_repeat, [&]() -> Result<void> {
    auto r = RunNaive(**raw, month_sql, month);
    if (!r) return Fail(r.error());
    naive_received = *r;
    return {};
  });
  if (!naive_month) return Failed("the naive monthly GROUP BY", naive_month.error());
  auto naive_year = Time(naive_repeat, [&]() -> Result<void> {
    auto r = RunNaive(**raw, year_sql, year);
    if (!r) return Fail(r.error());
    return {};
  });
  if (!naive_year) return Failed("the naive yearly GROUP BY", naive_year.error());
  const Stats nm = Summarise(*naive_month), ny = Summarise(*naive_year);
  auto all = (*store)->QueryRollup("all", month.from_day, month.to_day);
  const std::int64_t rollup_received =
      all && !all->empty() ? CountOf(all->front().counts, Measure::kReceived) : -1;
  fmt::print(
      "month: {:.0f} ms (rollups {:.2f} ms, {:.0f}x); year per unit: {:.0f} ms (rollups "
      "{:.2f} ms, {:.0f}x)\n",
      nm.p50, ms.p50, nm.p50 / std::max(ms.p50, 1e-3), ny.p50, ys.p50,
      ny.p50 / std::max(ys.p50, 1e-3));
  fmt::print("orders received in the month: rollups {}, base tables {} ({})\n",
             Grouped(rollup_received), Grouped(naive_received),
             rollup_received == naive_received ? "equal" : "DIFFERENT");
  {  // the statement must end before its connection
    auto version = (*raw)->Prepare("SELECT value FROM metric_meta WHERE name = 'facts_version'");
    auto row = version ? version->Step() : Result<bool>(false);
    if (row && *row && version->Int(0) != kMetricFactsVersion)
      fmt::print(
          "WARNING: the rollups follow definition {}, this build {}: the server will "
          "rebuild them first\n",
          version->Int(0), kMetricFactsVersion);
  }
  raw->reset();
  store->reset();

  ServerMeasure server;
  if (!skip_server) {
    fmt::print(
        "\n== hotline serve on this database: GET /api/v1/metrics (month and year, {} "
        "groupings x {})\n",
        std::size(kMonthDims), repeat);
    auto measured = MeasureServer(hotline, db_path, dir, month, year, repeat);
    if (measured) {
      server = *measured;
    } else {  // the figures above still count: report them
      Failed("the server measurement", measured.error());
      server.failures = -1;
    }
    if (server.failures >= 0)
      fmt::print(
          "ready in {:.1f} s (VmHWM {} MB); month p50 {:.1f} ms p99 {:.1f} ms; year p50 {:.1f} ms "
          "p99 {:.1f} ms; {} failed; peak RSS (VmHWM) {} MB, RSS now {} MB\n",
          server.start_s, server.start_hwm_kb / 1024, server.month.p50, server.month.p99,
          server.year.p50, server.year.p99, server.failures, server.hwm_kb / 1024,
          server.rss_kb / 1024);
  }

  std::error_code ec;
  const auto size = std::filesystem::file_size(db_path, ec);
  fmt::print(
      "\nmetric_orders={} metric_events={} metric_gen_s={:.1f} metric_gen_orders_per_s={:.0f} "
      "metric_gen_events_per_s={:.0f} metric_refused={} metric_db_mb={} metric_month_p50_ms={:.2f} "
      "metric_month_p99_ms={:.2f} metric_year_p50_ms={:.2f} metric_year_p99_ms={:.2f} "
      "metric_naive_month_ms={:.0f} metric_naive_year_ms={:.0f} metric_counts_equal={}",
      g.orders, g.events, g.seconds, g.seconds > 0 ? g.orders / g.seconds : 0,
      g.seconds > 0 ? g.events / g.seconds : 0, g.refused, ec ? 0 : size >> 20, ms.p50, ms.p99,
      ys.p50, ys.p99, nm.p50, ny.p50, rollup_received == naive_received ? 1 : 0);
  if (!skip_server)
    fmt::print(
        " metric_http_month_p50_ms={:.1f} metric_http_year_p50_ms={:.1f} metric_server_hwm_mb={} "
        "metric_server_failures={}",
        server.month.p50, server.year.p50, server.hwm_kb / 1024, server.failures);
  fmt::print("\n");
  return server.failures == 0 && rollup_received == naive_received ? 0 : 2;
}

}  // namespace hotline::bench
