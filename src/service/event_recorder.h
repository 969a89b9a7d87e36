// The one way events are written: apply, append and count, in one write
// transaction, so the daily rollups of the figures (docs/metrics.md) always
// match the event log. Also rebuilds the rollups from the log when their
// definition changed. Functions; thread safety as the WriteTxn / Store.
#pragma once

#include <cstdint>

#include "storage/store.h"

namespace hotline {

// The definition of the figures (workorder/metric_facts.cpp). Raise it
// whenever FactsOf changes: the rollups are then rebuilt from the event log
// when the server next starts.
inline constexpr int kMetricFactsVersion = 3;  // 3: 吹哨报到 figures

// Applies `event` to `order`, appends it, and adds its figures.
Result<void> RecordEvent(WriteTxn& txn, WorkOrder& order, const Event& event);

// Adds the figures of a newly inserted order's intake event.
Result<void> RecordIntakeFacts(WriteTxn& txn, const WorkOrder& order, const Event& intake);

// Rebuilds the rollups from every order's event log when they follow another
// definition (or none, or a rebuild was cut short), or always when `force`.
// Returns the number of orders replayed (0 when the rollups were current).
Result<std::int64_t> RebuildMetricsIfStale(Store& store, bool force = false);

}  // namespace hotline
