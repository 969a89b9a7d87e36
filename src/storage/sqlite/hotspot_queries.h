// SQL for hot spots and governance topics (docs/hotspots.md), shared by the
// read pool and the write transaction. Thread safety: as the Connection.
#pragma once

#include <optional>
#include <vector>

#include "storage/sqlite/connection.h"
#include "storage/store.h"

namespace hotline::sqlite {

Result<std::vector<CellDayCount>> QueryCategoryStreetDayCounts(Connection& db, Instant from,
                                                               Instant to);
Result<std::vector<OrderText>> QueryOrderTexts(Connection& db, Instant from, Instant to, int limit);
Result<std::vector<DayNumber>> QueryMatchingOrderDays(Connection& db, const TopicOrderMatch& match,
                                                      Instant from, Instant to);

Result<std::optional<GovernanceTopic>> QueryTopic(Connection& db, TopicId id);
Result<std::vector<GovernanceTopic>> QueryTopics(Connection& db);
Result<TopicId> InsertTopicIn(Connection& db, const GovernanceTopic& topic);
Result<void> UpdateTopicIn(Connection& db, const GovernanceTopic& topic);

}  // namespace hotline::sqlite
