#include "service/report_service.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "service/scoring_rules_source.h"
#include "workorder/lifecycle.h"
#include "workorder/metric_facts.h"

namespace hotline {
namespace {

using std::chrono::sys_days;

// Whistles are tallied by the instant they were raised, and a whistle raised
// in the period was raised by a whistle event in the period.
const std::vector<Action>& WhistleActions() {
  static const std::vector<Action> kActions = {Action::kWhistle};
  return kActions;
}

constexpr int kSupervisionPage = 200;

// Whether an order may hold a 不满意 callback at all. A 不满意 leaves the
// order pending a reopen or a closing (no second callback before a reopen),
// so an order with one either still shows it as its last callback or has
// been reopened since. This spares replaying every order called back in
// the period; the replay below decides.
bool MayHoldDissatisfied(const WorkOrder& o) {
  return o.reopen_count > 0 ||
         (o.last_callback && o.last_callback->satisfaction == Satisfaction::kDissatisfied);
}

// Every 不满意 callback made in [start, end): replayed through the same
// FactsOf as the rollups, so the count and the unit charged are those of
// the `dissatisfied` counter.
Result<std::vector<DissatisfiedCallback>> DissatisfiedIn(Store& store, Instant start, Instant end) {
  static const std::vector<Action> kCallbacks = {Action::kCallback};
  // Only the few orders that may hold one are kept (a year's callbacks are
  // millions of orders), then replayed.
  std::vector<OrderId> candidates;
  auto walked = store.VisitOrdersWithEvents(kCallbacks, {}, start, end, [&](const WorkOrder& o) {
    if (MayHoldDissatisfied(o)) candidates.push_back(o.id);
    return Result<void>{};
  });
  if (!walked) return Fail(walked.error());
  constexpr int kDissatisfied = static_cast<int>(Measure::kDissatisfied);
  std::vector<DissatisfiedCallback> out;
  for (const OrderId id : candidates) {
    auto events = store.GetEvents(id);
    if (!events) return Fail(events.error());
    WorkOrder order;
    order.id = id;
    for (const Event& e : *events) {
      const FactBasis before = FactBasis::Of(order);
      Apply(order, e);
      if (e.action != Action::kCallback || e.at < start || e.at >= end) continue;
      std::optional<DissatisfiedReason> reason;
      if (auto it = e.payload.find("dissatisfied_reason"); it != e.payload.end() && it->is_string())
        reason = ParseDissatisfiedReason(it->get<std::string>());
      for (const MetricFact& f : FactsOf(before, e, order))
        for (std::int64_t i = 0; i < f.counts[kDissatisfied]; ++i)
          out.push_back(DissatisfiedCallback{f.unit_id, reason});
    }
  }
  return out;
}

std::size_t TierIndex(SupervisionTier tier) { return static_cast<std::size_t>(tier); }

}  // namespace

ReportService::ReportService(Store& store, Directory& directory, const Clock& clock,
                             ReportOptions options)
    : store_(store), directory_(directory), clock_(clock), options_(options) {}

Result<void> ReportService::CheckNotFuture(const ReportPeriod& period,
                                           std::string_view field) const {
  if (period.from > ChinaDateOf(clock_.Now()))
    return Fail(ErrorKind::kInvalidInput, "invalid_value", "报告期不能晚于今天",
                std::string(field));
  return {};
}

Result<StoredReport> ReportService::Generate(ReportKind kind, sys_days date,
                                             std::optional<UserId> by) {
  if (kind == ReportKind::kCustom)
    return Fail(ErrorKind::kInvalidInput, "invalid_value", "自定义报告请提供 from 和 to", "kind");
  const ReportPeriod period = PeriodOf(kind, date);
  if (auto r = CheckNotFuture(period, "date"); !r) return Fail(r.error());
  auto made = Produce(kind, period, by, /*only_if_missing=*/false);
  if (!made) return Fail(made.error());
  return std::move(**made);
}

Result<StoredReport> ReportService::GenerateCustom(sys_days from, sys_days to,
                                                   std::optional<UserId> by) {
  if (from > to)
    return Fail(ErrorKind::kInvalidInput, "invalid_value", "开始日期不能晚于结束日期", "from");
  const ReportPeriod period{from, to};
  if (period.Days() > options_.max_custom_days)
    return Fail(ErrorKind::kInvalidInput, "invalid_value",
                fmt::format("自定义报告最长 {} 天", options_.max_custom_days), "to");
  if (auto r = CheckNotFuture(period, "from"); !r) return Fail(r.error());
  auto made = Produce(ReportKind::kCustom, period, by, /*only_if_missing=*/false);
  if (!made) return Fail(made.error());
  return std::move(**made);
}

Result<int> ReportService::GenerateMissing() {
  const sys_days today = ChinaDateOf(clock_.Now());
  const std::int32_t day = ReportDayNumber(today);
  if (checked_day_.load() == day) return 0;
  int made = 0;
  for (ReportKind kind :
       {ReportKind::kDaily, ReportKind::kWeekly, ReportKind::kMonthly, ReportKind::kAnnual}) {
    auto r = Produce(kind, LastCompletedPeriod(kind, today), std::nullopt,
                     /*only_if_missing=*/true);
    if (!r) return Fail(r.error());  // tried again on the next call
    if (*r) {
      ++made;
      spdlog::info("report generated id={} kind={} from={} to={}", (*r)->id, (*r)->kind,
                   (*r)->period_from, (*r)->period_to);
    }
  }
  checked_day_.store(day);
  return made;
}

Result<ReportInputs> ReportService::Fetch(ReportKind kind, const ReportPeriod& period) {
  ReportInputs in;
  in.kind = kind;
  in.period = period;
  const std::int32_t from = ReportDayNumber(period.from), to = ReportDayNumber(period.to);
  struct Wanted {
    std::string_view dim;
    std::vector<RollupRow>* into;
  };
  for (const Wanted& w : {Wanted{"all", &in.all}, Wanted{"channel", &in.by_channel},
                          Wanted{"category", &in.by_category}, Wanted{"unit", &in.by_unit},
                          Wanted{"street", &in.by_street}}) {
    auto rows = store_.QueryRollup(w.dim, from, to);
    if (!rows) return Fail(rows.error());
    *w.into = std::move(*rows);
  }
  const ReportPeriod previous = PreviousPeriod(kind, period);
  const ReportPeriod last_year = SamePeriodLastYear(period);
  auto prev_rows =
      store_.QueryRollup("category", ReportDayNumber(previous.from), ReportDayNumber(previous.to));
  if (!prev_rows) return Fail(prev_rows.error());
  in.category_previous = std::move(*prev_rows);
  auto year_rows = store_.QueryRollup("category", ReportDayNumber(last_year.from),
                                      ReportDayNumber(last_year.to));
  if (!year_rows) return Fail(year_rows.error());
  in.category_last_year = std::move(*year_rows);

  // 屡办不成: orders received by the end of the period whose reopen count
  // reached the threshold, most recently active first.
  OrderFilter failed;
  failed.min_reopen_count = options_.repeat_threshold;
  failed.created_to = period.End();
  failed.sort = OrderSort::kUpdatedDesc;
  failed.limit = options_.max_listed_orders;
  auto page = store_.ListOrders(failed);
  if (!page) return Fail(page.error());
  in.repeatedly_failed_total = page->total;
  for (const WorkOrder& o : page->items)
    in.repeatedly_failed.push_back(ReportOrder{o.id, o.number, o.title, o.state, o.lead_unit_id,
                                               o.category_id, o.reopen_count, o.created_at});

  auto whistled = store_.VisitOrdersWithEvents(
      WhistleActions(), {}, period.Start(), period.End(), [&](const WorkOrder& o) {
        AddToCollaborationStats(o, period.Start(), period.End(), in.collaboration);
        return Result<void>{};
      });
  if (!whistled) return Fail(whistled.error());

  // Supervisions come newest first: walk back until the period's start.
  std::vector<SupervisionTally> tiers;
  for (SupervisionTier t : {SupervisionTier::kSystem, SupervisionTier::kManual,
                            SupervisionTier::kLeader, SupervisionTier::kInspector})
    tiers.push_back(SupervisionTally{t});
  SupervisionFilter filter;
  filter.limit = kSupervisionPage;
  for (filter.offset = 0;; filter.offset += kSupervisionPage) {
    auto sups = store_.ListSupervisions(filter);
    if (!sups) return Fail(sups.error());
    bool older_seen = false;
    for (const Supervision& s : sups->items) {
      if (s.issued_at < period.Start()) {
        older_seen = true;
        continue;
      }
      if (s.issued_at >= period.End()) continue;
      SupervisionTally& t = tiers.at(TierIndex(s.tier));
      ++t.issued;
      switch (s.state) {
        case SupervisionState::kOpen:
          ++t.open;
          break;
        case SupervisionState::kResponded:
          ++t.responded;
          break;
        case SupervisionState::kAccepted:
          ++t.accepted;
          break;
        case SupervisionState::kRejected:
        case SupervisionState::kEscalated:
          ++t.rejected_or_escalated;
          break;
      }
    }
    if (older_seen || static_cast<int>(sups->items.size()) < kSupervisionPage) break;
  }
  in.supervisions = std::move(tiers);

  auto dissatisfied = DissatisfiedIn(store_, period.Start(), period.End());
  if (!dissatisfied) return Fail(dissatisfied.error());
  in.dissatisfied = std::move(*dissatisfied);
  auto rules = RulesInForceAt(store_, period.End());
  if (!rules) return Fail(rules.error());
  in.rules = std::move(*rules);
  return in;
}

Result<std::optional<StoredReport>> ReportService::Produce(ReportKind kind,
                                                           const ReportPeriod& period,
                                                           std::optional<UserId> by,
                                                           bool only_if_missing) {
  StoredReport stored;
  stored.kind = std::string(ReportKindCode(kind));
  stored.period_from = ReportDateText(period.from);
  stored.period_to = ReportDateText(period.to);
  if (only_if_missing) {
    // A cheap read first: the scheduler usually finds the report there.
    auto page = store_.ListReports(stored.kind, 1, 0);
    if (!page) return Fail(page.error());
    if (!page->items.empty() && page->items[0].period_from == stored.period_from &&
        page->items[0].period_to == stored.period_to)
      return std::nullopt;
  }
  auto inputs = Fetch(kind, period);
  if (!inputs) return Fail(inputs.error());
  const Report report = BuildReport(*inputs, *directory_.Units(), *directory_.Categories());
  stored.body = ReportToJson(report).dump();
  stored.generated_at = clock_.Now();
  stored.generated_by = by;
  bool skipped = false;
  auto written = store_.Write([&](WriteTxn& txn) -> Result<void> {
    if (only_if_missing) {
      auto has = txn.HasReport(stored.kind, stored.period_from, stored.period_to);
      if (!has) return Fail(has.error());
      if (*has) {
        skipped = true;
        return {};
      }
    }
    auto id = txn.InsertReport(stored);
    if (!id) return Fail(id.error());
    stored.id = *id;
    return {};
  });
  if (!written) return Fail(written.error());
  if (skipped) return std::nullopt;
  return std::optional(std::move(stored));
}

}  // namespace hotline
