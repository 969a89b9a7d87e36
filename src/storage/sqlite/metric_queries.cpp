#include "storage/sqlite/metric_queries.h"

#include <fmt/format.h>

#include <string>

namespace hotline::sqlite {
namespace {

// The counter columns are named by MeasureCode, in Measure order
// (workorder/metric_facts.h), so the SQL cannot drift from the counters.
// `pattern` is formatted once per column with its name and joined by ", ".
std::string EachColumn(std::string_view pattern) {
  std::string out;
  for (int i = 0; i < kMeasureCount; ++i) {
    if (i > 0) out += ", ";
    out += fmt::format(fmt::runtime(pattern), MeasureCode(static_cast<Measure>(i)));
  }
  return out;
}

// The statements, built once.
const std::string& UpsertSql() {
  static const std::string sql = fmt::format(
      "INSERT INTO metric_daily(dim, day, key, {}) VALUES (?, ?, ?, {})"
      " ON CONFLICT(dim, day, key) DO UPDATE SET {}",
      EachColumn("{}"), EachColumn("?"), EachColumn("{0} = {0} + excluded.{0}"));
  return sql;
}

const std::string& RollupSql() {
  static const std::string sql = fmt::format(
      "SELECT key, {} FROM metric_daily"
      " WHERE dim = ? AND day >= ? AND day <= ? GROUP BY key ORDER BY key",
      EachColumn("SUM({})"));
  return sql;
}

}  // namespace

Result<void> AddMetricFactsIn(Connection& db, const std::vector<MetricFact>& facts) {
  if (facts.empty()) return {};
  // One upsert per dimension row; counters add up, so facts may arrive in
  // any grouping.
  auto stmt = db.Prepare(UpsertSql());
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
  auto stmt = db.Prepare(RollupSql());
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
