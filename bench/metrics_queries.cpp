#include "metrics_queries.h"

#include <fmt/format.h>

#include <unordered_map>

#include "common/time_format.h"
#include "storage/order_doc.h"
#include "workorder/metric_rates.h"
#include "workorder/scoring.h"

namespace hotline::bench::metrics {

Period MakePeriod(std::chrono::year_month_day first, std::chrono::year_month_day last) {
  Period p;
  p.from = fmt::format("{:04}-{:02}-{:02}", static_cast<int>(first.year()),
                       static_cast<unsigned>(first.month()), static_cast<unsigned>(first.day()));
  p.to = fmt::format("{:04}-{:02}-{:02}", static_cast<int>(last.year()),
                     static_cast<unsigned>(last.month()), static_cast<unsigned>(last.day()));
  auto day_number = [](std::chrono::year_month_day d) {
    return static_cast<std::int32_t>(static_cast<int>(d.year()) * 10000 +
                                     static_cast<unsigned>(d.month()) * 100 +
                                     static_cast<unsigned>(d.day()));
  };
  p.from_day = day_number(first);
  p.to_day = day_number(last);
  p.from_ms = ToMillis(*ParseChinaDate(p.from));
  p.to_ms = ToMillis(*ParseChinaDate(p.to) + std::chrono::days(1));
  return p;
}

Result<std::int64_t> MonthlyReport(Store& store, const Period& p) {
  std::int64_t rows = 0;
  double checksum = 0;
  for (std::string_view dim : kMonthDims) {
    auto r = store.QueryRollup(dim, p.from_day, p.to_day);
    if (!r) return Fail(r.error());
    for (const RollupRow& row : *r) {
      const MetricRates rates = RatesOf(row.counts, 1.0);
      checksum += rates.satisfaction_rate.value_or(0);
    }
    rows += static_cast<std::int64_t>(r->size());
  }
  return rows + (checksum < 0 ? 1 : 0);
}

Result<std::int64_t> YearlyRanking(Store& store, const Period& p) {
  auto units = store.ListUnits();
  if (!units) return Fail(units.error());
  auto r = store.QueryRollup("unit", p.from_day, p.to_day);
  if (!r) return Fail(r.error());
  std::unordered_map<std::string, const RollupRow*> by_key;
  for (const RollupRow& row : *r) by_key.emplace(row.key, &row);
  const ScoringRules rules = DefaultScoringRules();
  std::int64_t ranked = 0;
  for (UnitGroup group : kUnitGroups) {
    std::vector<UnitFigures> figures;
    for (const Unit& u : *units) {
      if (GroupOfKind(u.kind) != group) continue;
      UnitFigures f{u.id, u.name, {}};
      if (auto it = by_key.find(std::to_string(u.id)); it != by_key.end())
        f.counts = it->second->counts;
      figures.push_back(std::move(f));
    }
    const Ranking ranking = Rank(group, figures, rules, p.from_day, p.to_day);
    const RedBlack lists = RedBlackOf(ranking, rules.For(group).red_black_size);
    ranked += static_cast<std::int64_t>(ranking.ranked.size());
    if (lists.red.size() > ranking.ranked.size())
      return Fail(ErrorKind::kInternal, "bad_list", "红黑榜超出排名");
  }
  return ranked;
}

Result<std::int64_t> RunNaive(sqlite::Connection& db, std::span<const std::string_view> sqls,
                              const Period& p) {
  std::int64_t first_total = -1;
  for (std::string_view sql : sqls) {
    auto stmt = db.Prepare(sql);
    if (!stmt) return Fail(stmt.error());
    stmt->BindAll(p.from_ms, p.to_ms);
    std::int64_t total = 0;
    while (true) {
      auto row = stmt->Step();
      if (!row) return Fail(row.error());
      if (!*row) break;
      total += stmt->Int(1);
    }
    if (first_total < 0) first_total = total;
  }
  return first_total;
}

}  // namespace hotline::bench::metrics
