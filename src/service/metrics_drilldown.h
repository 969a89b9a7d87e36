// The orders behind a figure: every number GET /api/v1/metrics shows can be
// traced to the orders (and events) that made it, by replaying candidate
// orders' events through the same FactsOf the rollups are built with.
// Thread-safe (reads only).
#pragma once

#include <functional>
#include <vector>

#include "storage/store.h"

namespace hotline {

struct OrderContribution {
  WorkOrder order;
  std::int64_t count = 0;  // how much this order added to the figure
};

// Orders whose events on China days from_day..to_day (yyyymmdd, inclusive)
// added to `measure` in a fact for which `match` holds, ascending by id.
// `from` and `to` are the same days as instants [from, to) and bound the
// candidate search.
Result<std::vector<OrderContribution>> OrdersBehind(
    Store& store, Measure measure, std::int32_t from_day, std::int32_t to_day, Instant from,
    Instant to, const std::function<bool(const MetricFact&)>& match);

// The live figures (docs/metrics.md §10). Orders whose 不满意 is still open
// and began in [from, to), for which `match` holds, ascending by id; each
// contributes 1.
Result<std::vector<OrderContribution>> OpenDissatisfiedBehind(
    Store& store, Instant from, Instant to, const std::function<bool(const WorkOrder&)>& match);

// Supervisions (督办单) issued in [from, to) for which `match` holds, by the
// order they are on (ascending by order id), and those on no order.
struct SupervisedOrder {
  WorkOrder order;
  std::vector<Supervision> supervisions;  // its contribution is their number
};
struct SupervisionsBehind {
  std::vector<SupervisedOrder> orders;
  std::vector<Supervision> without_order;  // issued to a unit, not on an order
};
Result<SupervisionsBehind> SupervisionOrdersBehind(
    Store& store, Instant from, Instant to, const std::function<bool(const Supervision&)>& match);

}  // namespace hotline
