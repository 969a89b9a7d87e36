// SQL for the duplicate index's side table (order_similarity): one row per
// order with its text signature and the keys of its caller, address,
// community and category, so the in-memory index is rebuilt at start without
// reading order documents. Thread safety: as the Connection passed in.
#pragma once

#include <cstdint>
#include <vector>

#include "storage/sqlite/connection.h"
#include "storage/store.h"
#include "workorder/duplicate_index.h"

namespace hotline::sqlite {

// Inserts or replaces the row of entry.order_id.
Result<void> SaveDuplicateEntryIn(Connection& db, const DuplicateEntry& entry);
// Rows of orders created at or after `since_ms` with ids above `after_id`,
// by order id, at most `limit`.
Result<std::vector<DuplicateEntry>> QueryDuplicateEntries(Connection& db, std::int64_t since_ms,
                                                          OrderId after_id, int limit);
Result<std::int64_t> CountDuplicateEntries(Connection& db, std::int64_t since_ms);
// Orders created at or after `since` that have no row yet (written before the
// table existed, or by a tool that bypasses the service), oldest first, at
// most `limit`.
Result<std::vector<WorkOrder>> QueryOrdersWithoutDuplicateEntry(Connection& db, Instant since,
                                                                int limit);

}  // namespace hotline::sqlite
