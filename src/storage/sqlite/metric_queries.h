// SQL for the daily rollups of the figures (docs/metrics.md), shared by the
// read pool and the write transaction. Thread safety: as the Connection.
#pragma once

#include <vector>

#include "storage/sqlite/connection.h"
#include "storage/store.h"

namespace hotline::sqlite {

Result<void> AddMetricFactsIn(Connection& db, const std::vector<MetricFact>& facts);
Result<void> SetMetricFactsVersionIn(Connection& db, int version);
Result<int> MetricFactsVersionIn(Connection& db);
Result<std::vector<RollupRow>> QueryRollup(Connection& db, std::string_view dim,
                                           std::int32_t from_day, std::int32_t to_day);
Result<std::vector<OrderId>> QueryOrderIds(Connection& db, OrderId after_id, int limit);

}  // namespace hotline::sqlite
