// SQL for the live figures of GET /api/v1/metrics (docs/metrics.md §10):
// open 不满意 orders (动态清零) and supervision orders (督办单), counted from
// the current rows instead of the daily rollups, because they describe what
// is still open now. Thread safety: as the Connection passed in.
#pragma once

#include <string_view>
#include <vector>

#include "storage/sqlite/connection.h"
#include "storage/store.h"

namespace hotline::sqlite {

// See Store::CountOpenDissatisfied.
Result<std::vector<KeyCount>> QueryOpenDissatisfiedCounts(Connection& db, std::string_view dim,
                                                          Instant from, Instant to);
// See Store::ListOpenDissatisfied.
Result<std::vector<WorkOrder>> QueryOpenDissatisfiedOrders(Connection& db, Instant from,
                                                           Instant to);
// See Store::CountSupervisionsByUnit.
Result<std::vector<SupervisionCounts>> QuerySupervisionCounts(Connection& db, Instant from,
                                                              Instant to, Instant now);
// See Store::ListSupervisionsIssued.
Result<std::vector<Supervision>> QuerySupervisionsIssued(Connection& db, Instant from, Instant to);

}  // namespace hotline::sqlite
