#include "storage/sqlite/metric_queries.h"

#include <fmt/format.h>

namespace hotline::sqlite {
namespace {

// The counter columns, in Measure order (workorder/metric_facts.h).
constexpr std::string_view kColumns =
    "received, dispatched, signed, signed_on_time, replied, replied_on_time, rated, resolved, "
    "satisfied, basically_satisfied, dissatisfied, returned, return_approved, reopened, overdue, "
    "closed";

}  // namespace

Result<void> AddMetricFactsIn(Connection& db, const std::vector<MetricFact>& facts) {
  if (facts.empty()) return {};
  // One upsert per dimension row; counters add up, so facts may arrive in
  // any grouping.
  auto stmt = db.Prepare(fmt::format(
      "INSERT INTO metric_daily(dim, day, key, {}) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)"
      " ON CONFLICT(dim, day, key) DO UPDATE SET received = received + excluded.received, "
      "dispatched = dispatched + excluded.dispatched, signed = signed + excluded.signed, "
      "signed_on_time = signed_on_time + excluded.signed_on_time, replied = replied + "
      "excluded.replied, replied_on_time = replied_on_time + excluded.replied_on_time, rated = "
      "rated + excluded.rated, resolved = resolved + excluded.resolved, satisfied = satisfied + "
      "excluded.satisfied, basically_satisfied = basically_satisfied + "
      "excluded.basically_satisfied, dissatisfied = dissatisfied + excluded.dissatisfied, returned "
      "= returned + excluded.returned, return_approved = return_approved + "
      "excluded.return_approved, reopened = reopened + excluded.reopened, overdue = overdue + "
      "excluded.overdue, closed = closed + excluded.closed",
      kColumns));
  if (!stmt) return Fail(stmt.error());
  for (const MetricFact& fact : facts) {
    for (const RollupKey& k : RollupKeysOf(fact)) {
      stmt->Bind(1, k.dim).Bind(2, static_cast<std::int64_t>(fact.day)).Bind(3, k.key);
      for (int i = 0; i < kMeasureCount; ++i) stmt->Bind(4 + i, fact.counts[i]);
      if (auto r = stmt->Run(); !r) return r;
    }
  }
  return {};
}

Result<void> SetMetricFactsVersionIn(Connection& db, int facts_version) {
  auto stmt = db.Prepare(
      "INSERT INTO metric_meta(name, value) VALUES ('facts_version', ?)"
      " ON CONFLICT(name) DO UPDATE SET value = excluded.value");
  if (!stmt) return Fail(stmt.error());
  stmt->BindAll(facts_version);
  return stmt->Run();
}

Result<int> MetricFactsVersionIn(Connection& db) {
  auto stmt = db.Prepare("SELECT value FROM metric_meta WHERE name = 'facts_version'");
  if (!stmt) return Fail(stmt.error());
  auto row = stmt->Step();
  if (!row) return Fail(row.error());
  return *row ? static_cast<int>(stmt->Int(0)) : 0;
}

Result<std::vector<RollupRow>> QueryRollup(Connection& db, std::string_view dim,
                                           std::int32_t from_day, std::int32_t to_day) {
  auto stmt = db.Prepare(
      "SELECT key, SUM(received), SUM(dispatched), SUM(signed), SUM(signed_on_time), SUM(replied), "
      "SUM(replied_on_time), SUM(rated), SUM(resolved), SUM(satisfied), SUM(basically_satisfied), "
      "SUM(dissatisfied), SUM(returned), SUM(return_approved), SUM(reopened), SUM(overdue), "
      "SUM(closed) FROM metric_daily"
      " WHERE dim = ? AND day >= ? AND day <= ? GROUP BY key ORDER BY key");
  if (!stmt) return Fail(stmt.error());
  stmt->BindAll(dim, static_cast<std::int64_t>(from_day), static_cast<std::int64_t>(to_day));
  std::vector<RollupRow> rows;
  while (true) {
    auto more = stmt->Step();
    if (!more) return Fail(more.error());
    if (!*more) break;
    RollupRow row;
    row.key = stmt->Text(0);
    for (int i = 0; i < kMeasureCount; ++i) row.counts[i] = stmt->Int(1 + i);
    rows.push_back(std::move(row));
  }
  return rows;
}

Result<std::vector<OrderId>> QueryOrderIds(Connection& db, OrderId after_id, int limit) {
  auto stmt = db.Prepare("SELECT id FROM orders WHERE id > ? ORDER BY id LIMIT ?");
  if (!stmt) return Fail(stmt.error());
  stmt->BindAll(after_id, limit);
  std::vector<OrderId> ids;
  while (true) {
    auto more = stmt->Step();
    if (!more) return Fail(more.error());
    if (!*more) break;
    ids.push_back(stmt->Int(0));
  }
  return ids;
}

}  // namespace hotline::sqlite
