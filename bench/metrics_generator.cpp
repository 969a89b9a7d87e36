#include "metrics_generator.h"

#include <fmt/format.h>

#include <algorithm>
#include <optional>
#include <string>
#include <thread>
#include <tuple>
#include <vector>

#include "metrics_support.h"
#include "storage/sqlite/connection.h"
#include "storage/sqlite/stored_order.h"
#include "workorder/step_deadlines.h"

namespace hotline::bench::metrics {
namespace {

std::optional<std::int64_t> Millis64(const std::optional<Instant>& t) {
  return t ? std::optional(ToMillis(*t)) : std::nullopt;
}

// Inserts one batch in one transaction.
Result<void> InsertBatch(sqlite::Connection& db, const Batch& batch) {
  if (auto r = db.Exec("BEGIN"); !r) return r;
  auto order = db.Prepare(
      "INSERT INTO orders(id, number, state, version, channel, demand_type, category_id,"
      " street_unit_id, lead_unit_id, enterprise, reopen_count, urgency, created_at, updated_at,"
      " closed_at, title, content, address, caller_phone, idempotency_key, upstream_id,"
      " request_hash, doc, next_alarm_at, long_pending, dissatisfied_since, step_alarm,"
      " pending_kind, whistles) VALUES "
      "(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
  if (!order) return Fail(order.error());
  auto event = db.Prepare(
      "INSERT INTO order_events(order_id, seq, action, actor_id, actor_name, actor_role,"
      " unit_id, at, payload, state_after) VALUES (?,?,?,?,?,?,?,?,?,?)");
  if (!event) return Fail(event.error());
  auto unit = db.Prepare("INSERT INTO order_units(order_id, unit_id, relation) VALUES (?,?,?)");
  if (!unit) return Fail(unit.error());
  for (const BuiltOrder& b : batch.orders) {
    const WorkOrder& o = b.order;
    const auto next_alarm = NextAlarm(o);
    const sqlite::WorkListColumns lists = sqlite::WorkListColumnsOf(o);
    order->BindAll(o.id, o.number, StateCode(o.state), o.version, ChannelCode(o.channel),
                   DemandTypeCode(o.demand_type), o.category_id, o.street_unit_id, o.lead_unit_id,
                   o.enterprise, o.reopen_count, UrgencyCode(o.urgency), ToMillis(o.created_at),
                   ToMillis(o.updated_at), Millis64(o.closed_at), o.title, o.content, o.address,
                   o.caller_phone, o.idempotency_key, o.upstream_id, b.request_hash,
                   sqlite::BlobValue{b.doc}, Millis64(next_alarm), o.long_pending,
                   Millis64(o.dissatisfied_since), lists.step_alarm, lists.pending_kind,
                   lists.whistles);
    if (auto r = order->Run(); !r) return r;
    for (const EventRow& e : b.events) {
      event->BindAll(o.id, e.seq, e.action, e.actor_id, e.actor_name, e.actor_role, e.unit_id,
                     e.at_ms, sqlite::BlobValue{e.payload}, e.state_after);
      if (auto r = event->Run(); !r) return r;
    }
    if (o.lead_unit_id)
      if (auto r = unit->BindAll(o.id, *o.lead_unit_id, "lead").Run(); !r) return r;
  }
  return db.Exec("COMMIT");
}

Result<void> WriteRollups(sqlite::Connection& db, const Generator& gen) {
  if (auto r = db.Exec("BEGIN"); !r) return r;
  // Every counter column, named by MeasureCode so the list follows the Measures.
  std::string columns, marks;
  for (int i = 0; i < kMeasureCount; ++i) {
    columns.append(", ").append(MeasureCode(static_cast<Measure>(i)));
    marks.append(", ?");
  }
  auto stmt = db.Prepare(
      fmt::format("INSERT INTO metric_daily(dim, day, key{}) VALUES (?, ?, ?{})", columns, marks));
  if (!stmt) return Fail(stmt.error());
  // In key order, so the WITHOUT ROWID table is appended to.
  std::vector<const RollupSlot*> slots;
  for (const auto& [id, slot] : gen.rollups()) slots.push_back(&slot);
  std::sort(slots.begin(), slots.end(), [](const RollupSlot* a, const RollupSlot* b) {
    return std::tie(a->dim, a->day, a->key) < std::tie(b->dim, b->day, b->key);
  });
  for (const RollupSlot* s : slots) {
    stmt->Bind(1, s->dim).Bind(2, static_cast<std::int64_t>(s->day)).Bind(3, s->key);
    for (int i = 0; i < kMeasureCount; ++i) stmt->Bind(4 + i, s->counts[i]);
    if (auto r = stmt->Run(); !r) return r;
  }
  auto counter = db.Prepare("INSERT INTO order_counters(day, last) VALUES (?, ?)");
  if (!counter) return Fail(counter.error());
  for (const auto& [day, last] : gen.day_counters())
    if (auto r = counter->BindAll(day, last).Run(); !r) return r;
  return db.Exec("COMMIT");
}
}  // namespace

Result<Generated> Generate(const std::string& path, const Reference& ref, Directory& directory,
                           Instant end, std::int64_t count) {
  auto opened = sqlite::Connection::Open(path, {});
  if (!opened) return Fail(opened.error());
  sqlite::Connection& db = **opened;
  if (auto r = db.Exec(
          "PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; PRAGMA cache_size = -1048576;"
          " PRAGMA temp_store = MEMORY");
      !r)
    return Fail(r.error());

  Generated g;
  Generator gen(ref, directory, end, count, 20261126);
  BatchQueue queue;
  const auto t0 = SteadyClock::now();
  std::thread producer([&] { gen.Run(queue); });
  Batch batch;
  Result<void> failed;
  std::int64_t next_report = 1'000'000;
  while (queue.Pop(batch)) {
    const auto insert_start = SteadyClock::now();
    if (failed) failed = InsertBatch(db, batch);
    g.insert_seconds += Seconds(SteadyClock::now() - insert_start).count();
    g.orders += static_cast<std::int64_t>(batch.orders.size());
    if (g.orders >= next_report) {
      const double s = Seconds(SteadyClock::now() - t0).count();
      fmt::print("  {} orders in {:.0f} s ({} orders/s)\n", Grouped(g.orders), s,
                 Grouped(static_cast<std::int64_t>(g.orders / s)));
      std::fflush(stdout);
      next_report += 1'000'000;
    }
  }
  producer.join();
  if (!failed) return Fail(failed.error());
  g.seconds = Seconds(SteadyClock::now() - t0).count();
  g.events = gen.events();
  g.refused = gen.refused();
  g.states = gen.states();
  if (g.refused > 0)
    fmt::print("WARNING: {} decisions refused; first: {}\n", g.refused, gen.first_refusal());
  const auto r0 = SteadyClock::now();
  if (auto r = WriteRollups(db, gen); !r) return Fail(r.error());
  g.rollup_seconds = Seconds(SteadyClock::now() - r0).count();
  g.rollup_rows = static_cast<std::int64_t>(gen.rollups().size());
  if (auto r = db.Exec("PRAGMA journal_mode = WAL"); !r) return Fail(r.error());
  return g;
}

}  // namespace hotline::bench::metrics
