#include "service/event_recorder.h"

#include "workorder/lifecycle.h"

namespace hotline {
namespace {

// Orders replayed per write transaction while rebuilding: bounded so other
// writers (none, at start-up) and the WAL stay small.
constexpr int kRebuildBatch = 500;

}  // namespace

Result<void> RecordEvent(WriteTxn& txn, WorkOrder& order, const Event& event) {
  const FactBasis before = FactBasis::Of(order);
  Apply(order, event);
  if (auto r = txn.AppendEvent(order, event); !r) return r;
  return txn.AddMetricFacts(FactsOf(before, event, order));
}

Result<void> RecordIntakeFacts(WriteTxn& txn, const WorkOrder& order, const Event& intake) {
  return txn.AddMetricFacts(FactsOf(FactBasis{}, intake, order));
}

Result<std::int64_t> RebuildMetricsIfStale(Store& store, bool force) {
  int stored = 0;
  auto checked = store.Write([&](WriteTxn& txn) -> Result<void> {
    auto v = txn.MetricFactsVersion();
    if (!v) return Fail(v.error());
    stored = *v;
    if (stored == kMetricFactsVersion && !force) return {};
    return txn.ResetMetrics();
  });
  if (!checked) return Fail(checked.error());
  if (stored == kMetricFactsVersion && !force) return 0;

  std::int64_t replayed = 0;
  OrderId after = 0;
  while (true) {
    auto ids = store.ListOrderIds(after, kRebuildBatch);
    if (!ids) return Fail(ids.error());
    if (ids->empty()) break;
    std::vector<MetricFact> facts;
    for (OrderId id : *ids) {
      auto events = store.GetEvents(id);
      if (!events) return Fail(events.error());
      WorkOrder order;
      order.id = id;
      for (const Event& e : *events) {
        const FactBasis before = FactBasis::Of(order);
        Apply(order, e);
        for (MetricFact& f : FactsOf(before, e, order)) facts.push_back(std::move(f));
      }
    }
    auto written = store.Write([&](WriteTxn& txn) { return txn.AddMetricFacts(facts); });
    if (!written) return Fail(written.error());
    replayed += static_cast<std::int64_t>(ids->size());
    after = ids->back();
  }
  auto done =
      store.Write([&](WriteTxn& txn) { return txn.SetMetricFactsVersion(kMetricFactsVersion); });
  if (!done) return Fail(done.error());
  return replayed;
}

}  // namespace hotline
