// Issue 3's scan benchmark: how long the deadline scheduler needs to find the
// due-soon/overdue orders among 1,000,000 open ones.
//
// A temporary database is created through OpenSqliteStore (so it has the real
// schema and indexes), then filled by plain SQL on a second connection in one
// transaction: one order in a hundred has its next alarm in the past 30 days,
// the others within the next 30. The fill is setup and reported apart. The
// measured scan is what a scheduler pass reads: Store::ListDueAlarms in
// batches of 200 until nothing new comes back, plus one count of all due
// orders. Optionally a real scheduler pass then runs over orders created
// through OrderService, to show the cost of raising the alarms themselves.
#include <fmt/format.h>
#include <stdlib.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <chrono>
#include <filesystem>
#include <random>
#include <set>
#include <string>
#include <system_error>
#include <vector>

#include "common/time_format.h"
#include "drivers.h"
#include "service/deadline_scheduler.h"
#include "service/directory.h"
#include "service/order_service.h"
#include "storage/sqlite/connection.h"
#include "storage/sqlite/sqlite_store.h"
#include "temp_dir.h"

namespace hotline::bench {
namespace {

using SteadyClock = std::chrono::steady_clock;
using Millis = std::chrono::duration<double, std::milli>;
using Seconds = std::chrono::duration<double>;

// The statement behind SqliteStore::ListDueAlarms (sqlite_store.cpp), for
// EXPLAIN QUERY PLAN. The store does not expose its SQL, so keep this in step.
constexpr std::string_view kDueAlarmsSql =
    "SELECT id FROM orders WHERE next_alarm_at IS NOT NULL AND next_alarm_at <= ?"
    " ORDER BY next_alarm_at LIMIT ?";
constexpr std::string_view kCountDueSql =
    "SELECT COUNT(*) FROM orders WHERE next_alarm_at IS NOT NULL AND next_alarm_at <= ?";
constexpr std::string_view kAlarmIndex = "orders_next_alarm";
const int kBatch = SchedulerOptions{}.batch;
constexpr std::int64_t kSpreadMs = std::chrono::milliseconds(std::chrono::days(30)).count();
constexpr int kDueEvery = 100;  // one order in a hundred is due

std::string Grouped(std::int64_t n) {
  const std::string digits = std::to_string(n);
  std::string out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && digits[i - 1] != '-' && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}

int Failed(std::string_view what, const Error& e) {
  fmt::print(stderr, "alarm-scan: {} failed: {} ({} {})\n", what, e.message, e.code, e.field);
  return 1;
}

double Median(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  return values[values.size() / 2];
}

std::int64_t FileSize(const std::filesystem::path& p) {
  std::error_code ec;
  const auto size = std::filesystem::file_size(p, ec);
  return ec ? 0 : static_cast<std::int64_t>(size);
}

struct Seeded {
  UnitId platform = 0;
  UnitId street = 0;
  CategoryId leaf = 0;
};

// The units and categories orders refer to, written through the store.
Result<Seeded> Seed(Store& store) {
  Seeded s;
  auto written = store.Write([&](WriteTxn& t) -> Result<void> {
    auto platform = t.InsertUnit({0, "P", "市12345热线平台", UnitKind::kPlatform, std::nullopt});
    if (!platform) return Fail(platform.error());
    auto street = t.InsertUnit({0, "S1", "夫子庙街道", UnitKind::kStreet, *platform});
    if (!street) return Fail(street.error());
    auto l1 = t.InsertCategory({0, "01", "城乡建设", 1, std::nullopt, std::nullopt});
    if (!l1) return Fail(l1.error());
    auto l2 = t.InsertCategory({0, "01.01", "市政设施", 2, *l1, std::nullopt});
    if (!l2) return Fail(l2.error());
    auto leaf = t.InsertCategory({0, "01.01.001", "道路破损", 3, *l2, std::nullopt});
    if (!leaf) return Fail(leaf.error());
    s = {*platform, *street, *leaf};
    return {};
  });
  if (!written) return Fail(written.error());
  return s;
}

// Inserts `count` open orders with ids 1..count in one transaction and
// returns how many have an alarm due at `now`.
Result<std::int64_t> FillOrders(sqlite::Connection& db, int count, Instant now,
                                const Seeded& seeded) {
  // Setup speed only: a crash during the fill just loses the benchmark.
  if (auto r = db.Exec("PRAGMA synchronous = OFF; PRAGMA cache_size = -262144"); !r)
    return Fail(r.error());
  if (auto r = db.Exec("BEGIN IMMEDIATE"); !r) return Fail(r.error());
  auto insert = db.Prepare(
      "INSERT INTO orders(id, number, state, version, channel, demand_type, category_id,"
      " street_unit_id, lead_unit_id, enterprise, reopen_count, urgency, created_at,"
      " updated_at, title, content, address, caller_phone, request_hash, doc, next_alarm_at)"
      " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
  if (!insert) return Fail(insert.error());

  constexpr State kOpenStates[] = {State::kPendingDispatch, State::kDispatched, State::kHandling,
                                   State::kHandling,        State::kHandling,   State::kReplied,
                                   State::kPendingCallback};
  constexpr DemandType kDemands[] = {DemandType::kConsultation, DemandType::kHelp,
                                     DemandType::kComplaint, DemandType::kReport};
  const std::int64_t now_ms = now.time_since_epoch().count();
  std::mt19937_64 rng(20261123);
  std::uniform_int_distribution<std::int64_t> offset(1, kSpreadMs);
  std::int64_t due = 0;
  std::string number;
  for (int i = 1; i <= count; ++i) {
    const bool is_due = i % kDueEvery == 0;
    const std::int64_t alarm = is_due ? now_ms - offset(rng) + 1 : now_ms + offset(rng);
    due += is_due;
    // One order every 5 s, the newest just now.
    const std::int64_t created = now_ms - static_cast<std::int64_t>(count - i) * 5000;
    number = fmt::format("B{:012}", i);
    insert->BindAll(i, number, StateCode(kOpenStates[i % std::size(kOpenStates)]), 1 + i % 5,
                    ChannelCode(Channel::kPhone), DemandTypeCode(kDemands[i % std::size(kDemands)]),
                    seeded.leaf, seeded.street, seeded.street, i % 10 == 0, 0,
                    UrgencyCode(Urgency::kNormal), created, created, "路面坑洼",
                    "基准测试工单：路口有坑，请尽快修复。", "夫子庙街道某路口", "13800000000",
                    "bench", sqlite::BlobValue{"{}"}, alarm);
    if (auto r = insert->Run(); !r) {
      (void)db.Exec("ROLLBACK");
      return Fail(r.error());
    }
  }
  if (auto r = db.Exec("COMMIT"); !r) {
    (void)db.Exec("ROLLBACK");
    return Fail(r.error());
  }
  return due;
}

// EXPLAIN QUERY PLAN lines of `sql`, indented by depth.
Result<std::vector<std::string>> QueryPlan(sqlite::Connection& db, std::string_view sql) {
  auto stmt = db.Prepare(fmt::format("EXPLAIN QUERY PLAN {}", sql));
  if (!stmt) return Fail(stmt.error());
  std::vector<std::string> lines;
  while (true) {
    auto row = stmt->Step();
    if (!row) return Fail(row.error());
    if (!*row) break;
    lines.push_back(stmt->Text(3));
  }
  return lines;
}

struct ScanRun {
  double fetch_ms = 0;  // the scheduler's batched ListDueAlarms calls
  double count_ms = 0;  // one COUNT(*) of all due orders
  int calls = 0;
  std::int64_t rows_read = 0;
  std::int64_t found = 0;
  std::int64_t counted = 0;
};

// One pass's worth of reads, as DeadlineScheduler::RunOnce issues them when
// no order changes in between: the limit grows by the ids already seen,
// because ListDueAlarms has no cursor.
Result<ScanRun> ScanOnce(Store& store, sqlite::Connection& db, Instant now) {
  ScanRun run;
  std::set<OrderId> seen;
  const auto start = SteadyClock::now();
  while (true) {
    auto ids = store.ListDueAlarms(now, kBatch + static_cast<int>(seen.size()));
    if (!ids) return Fail(ids.error());
    ++run.calls;
    run.rows_read += static_cast<std::int64_t>(ids->size());
    bool fresh = false;
    for (OrderId id : *ids) fresh |= seen.insert(id).second;
    if (!fresh) break;
  }
  run.fetch_ms = Millis(SteadyClock::now() - start).count();
  run.found = static_cast<std::int64_t>(seen.size());

  const auto count_start = SteadyClock::now();
  auto stmt = db.Prepare(kCountDueSql);
  if (!stmt) return Fail(stmt.error());
  stmt->BindAll(now.time_since_epoch().count());
  auto row = stmt->Step();
  if (!row) return Fail(row.error());
  run.counted = *row ? stmt->Int(0) : -1;
  run.count_ms = Millis(SteadyClock::now() - count_start).count();
  return run;
}

struct PassMeasure {
  int orders = 0;
  double setup_s = 0;
  SchedulerPass pass;
  double pass_ms = 0;
  double idle_pass_ms = 0;
};

// A real scheduler pass over `count` orders created, dispatched and signed
// through OrderService on Monday 2026-11-23 09:00, run the next Tuesday when
// every handling deadline (5 working days) has passed: each order gets an
// overdue alarm (系统督办) with notifications to the street and the platform.
// The orders are
// created with synchronous=off; the pass runs on a reopened store with the
// default (full) durability.
Result<PassMeasure> MeasureSchedulerPass(const std::filesystem::path& dir, int count) {
  PassMeasure m;
  m.orders = count;
  ManualClock clock(*ParseRfc3339("2026-11-23T09:00:00+08:00"));
  SqliteOptions options;
  options.path = (dir / "scheduler.db").string();
  Seeded seeded;
  const auto setup_start = SteadyClock::now();
  {
    SqliteOptions fast = options;
    fast.synchronous = "off";
    auto store = OpenSqliteStore(fast);
    if (!store) return Fail(store.error());
    auto s = Seed(**store);
    if (!s) return Fail(s.error());
    seeded = *s;
    Directory directory(**store);
    if (auto r = directory.Reload(); !r) return Fail(r.error());
    OrderService orders(**store, directory, clock, WorkflowRules{});
    const Actor agent{1, "agent", Role::kAgent, seeded.platform};
    const Actor dispatcher{2, "dispatcher", Role::kDispatcher, seeded.platform};
    const Actor handler{3, "handler", Role::kHandler, seeded.street};
    for (int i = 0; i < count; ++i) {
      IntakeCommand c;
      c.caller_phone = "13800000000";
      c.category_id = seeded.leaf;
      c.title = "路面坑洼";
      c.content = fmt::format("基准测试工单 {}：路口有坑，请尽快修复。", i);
      auto created = orders.Intake(agent, c, fmt::format("bench-{}", i));
      if (!created) return Fail(created.error());
      const OrderId id = created->order.id;
      auto routed =
          orders.Act(dispatcher, id, Action::kDispatch, RouteCommand{seeded.street, {}, ""}, {});
      if (!routed) return Fail(routed.error());
      auto signed_order = orders.Act(handler, id, Action::kSign, SignCommand{}, {});
      if (!signed_order) return Fail(signed_order.error());
    }
  }
  m.setup_s = Seconds(SteadyClock::now() - setup_start).count();

  auto store = OpenSqliteStore(options);
  if (!store) return Fail(store.error());
  Directory directory(**store);
  if (auto r = directory.Reload(); !r) return Fail(r.error());
  clock.Set(*ParseRfc3339("2026-12-01T10:00:00+08:00"));
  SchedulerOptions scheduler_options;
  scheduler_options.holder = "alarm-scan-bench";
  DeadlineScheduler scheduler(**store, directory, clock, WorkflowRules{}, scheduler_options);
  const auto start = SteadyClock::now();
  auto pass = scheduler.RunOnce();
  if (!pass) return Fail(pass.error());
  m.pass_ms = Millis(SteadyClock::now() - start).count();
  m.pass = *pass;
  const auto idle_start = SteadyClock::now();
  auto idle = scheduler.RunOnce();
  if (!idle) return Fail(idle.error());
  m.idle_pass_ms = Millis(SteadyClock::now() - idle_start).count();
  return m;
}

}  // namespace

int RunAlarmScan(int argc, char** argv) {
  CLI::App app{"deadline-alarm scan over many open orders (issue 3)"};
  int order_count = 1'000'000;
  int repeat = 5;
  int scheduler_orders = 2000;
  std::string parent = std::filesystem::temp_directory_path().string();
  app.add_option("--orders", order_count, "open orders in the database")
      ->check(CLI::Range(kDueEvery, 50'000'000));
  app.add_option("--repeat", repeat, "measured scans (the median is reported)")
      ->check(CLI::Range(1, 100));
  app.add_option("--scheduler-orders", scheduler_orders,
                 "orders for the real scheduler pass (0 skips it)")
      ->check(CLI::Range(0, 100'000));
  app.add_option("--dir", parent, "where to create the temporary directory")
      ->check(CLI::ExistingDirectory);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  }

  TempDir dir(parent, "hotline-alarm-scan");
  if (!dir.ok()) {
    fmt::print(stderr, "alarm-scan: cannot create a temporary directory in {}\n", parent);
    return 1;
  }
  const std::string path = (dir.path() / "alarms.db").string();
  const SystemClock wall;
  const Instant now = wall.Now();

  auto store = OpenSqliteStore({.path = path});
  if (!store) return Failed("opening the store", store.error());
  auto seeded = Seed(**store);
  if (!seeded) return Failed("seeding units and categories", seeded.error());
  auto raw = sqlite::Connection::Open(path, {});
  if (!raw) return Failed("opening a second connection", raw.error());
  sqlite::Connection& db = **raw;

  fmt::print("== filling {} open orders (setup, not measured)\n", Grouped(order_count));
  const auto fill_start = SteadyClock::now();
  auto due = FillOrders(db, order_count, now, *seeded);
  if (!due) return Failed("filling orders", due.error());
  const double fill_s = Seconds(SteadyClock::now() - fill_start).count();
  const auto checkpoint_start = SteadyClock::now();
  if (auto r = db.Exec("PRAGMA wal_checkpoint(TRUNCATE)"); !r)
    return Failed("checkpointing", r.error());
  const double checkpoint_s = Seconds(SteadyClock::now() - checkpoint_start).count();
  fmt::print("inserted in {:.1f} s ({} orders/s), checkpoint {:.1f} s, database {} MB, {} due\n",
             fill_s, Grouped(static_cast<std::int64_t>(order_count / fill_s)), checkpoint_s,
             FileSize(path) >> 20, Grouped(*due));

  fmt::print("\n== query plans\n");
  bool uses_index = true;
  for (std::string_view sql : {kDueAlarmsSql, kCountDueSql}) {
    auto plan = QueryPlan(db, sql);
    if (!plan) return Failed("EXPLAIN QUERY PLAN", plan.error());
    fmt::print("{}\n", sql);
    bool found = false;
    for (const std::string& line : *plan) {
      fmt::print("  -> {}\n", line);
      found |= line.find(kAlarmIndex) != std::string::npos;
    }
    if (!found) fmt::print("  WARNING: the plan does not use index {}\n", kAlarmIndex);
    uses_index &= found;
  }

  fmt::print("\n== scan: ListDueAlarms in batches of {} until nothing new, then COUNT(*)\n",
             kBatch);
  std::vector<double> totals, fetches, counts;
  ScanRun last;
  for (int i = 0; i < repeat; ++i) {
    auto run = ScanOnce(**store, db, now);
    if (!run) return Failed("scanning", run.error());
    if (run->found != *due || run->counted != *due) {
      fmt::print(stderr, "alarm-scan: expected {} due orders, fetched {}, counted {}\n", *due,
                 run->found, run->counted);
      return 1;
    }
    fmt::print("run {}: {:.2f} ms ({} calls reading {} ids: {:.2f} ms; count: {:.3f} ms)\n", i + 1,
               run->fetch_ms + run->count_ms, run->calls, Grouped(run->rows_read), run->fetch_ms,
               run->count_ms);
    totals.push_back(run->fetch_ms + run->count_ms);
    fetches.push_back(run->fetch_ms);
    counts.push_back(run->count_ms);
    last = *run;
  }
  // For comparison: every due id in a single call.
  const auto single_start = SteadyClock::now();
  auto all = (*store)->ListDueAlarms(now, order_count);
  if (!all) return Failed("fetching all due ids", all.error());
  const double single_ms = Millis(SteadyClock::now() - single_start).count();
  fmt::print("one call for all {} due ids: {:.2f} ms\n", Grouped(all->size()), single_ms);
  store->reset();

  PassMeasure pass;
  if (scheduler_orders > 0) {
    fmt::print("\n== scheduler pass: {} signed orders past their handling deadline\n",
               Grouped(scheduler_orders));
    auto measured = MeasureSchedulerPass(dir.path(), scheduler_orders);
    if (!measured) return Failed("the scheduler pass", measured.error());
    pass = *measured;
    fmt::print(
        "setup {:.1f} s; pass {:.1f} ms: {} orders, {} due-soon, {} overdue ({} orders/s); idle "
        "pass {:.1f} ms\n",
        pass.setup_s, pass.pass_ms, Grouped(pass.pass.orders), Grouped(pass.pass.due_soon),
        Grouped(pass.pass.overdue),
        Grouped(static_cast<std::int64_t>(pass.pass.orders * 1000.0 / pass.pass_ms)),
        pass.idle_pass_ms);
    if (pass.pass.orders != scheduler_orders)
      fmt::print("WARNING: the pass alarmed {} of {} orders\n", pass.pass.orders, scheduler_orders);
  }

  // One line of key=value pairs for scripts/bench.sh.
  fmt::print(
      "\nalarm_orders={} alarm_due={} alarm_scan_ms={:.2f} alarm_fetch_ms={:.2f} "
      "alarm_count_ms={:.3f} alarm_calls={} alarm_rows_read={} alarm_single_call_ms={:.2f} "
      "alarm_fill_s={:.1f} alarm_plan_uses_index={}",
      order_count, *due, Median(totals), Median(fetches), Median(counts), last.calls,
      last.rows_read, single_ms, fill_s, uses_index ? 1 : 0);
  if (scheduler_orders > 0)
    fmt::print(
        " sched_orders={} sched_pass_ms={:.1f} sched_orders_per_s={:.0f} sched_idle_ms={:.1f}",
        pass.pass.orders, pass.pass_ms, pass.pass.orders * 1000.0 / pass.pass_ms,
        pass.idle_pass_ms);
  fmt::print("\n");
  return uses_index ? 0 : 2;
}

}  // namespace hotline::bench
