// SQL for supervision orders (督办单), shared by the read pool and the write
// transaction. Thread safety: as the Connection passed in.
#pragma once

#include <optional>
#include <vector>

#include "storage/sqlite/connection.h"
#include "storage/store.h"

namespace hotline::sqlite {

Result<std::optional<Supervision>> QuerySupervision(Connection& db, SupervisionId id);
Result<SupervisionPage> QuerySupervisionPage(Connection& db, const SupervisionFilter& filter);
Result<std::vector<Supervision>> QueryDueSupervisions(Connection& db, Instant now, int limit);

Result<std::string> NextSupervisionNumberIn(Connection& db, std::string_view day_stamp);
Result<SupervisionId> InsertSupervisionIn(Connection& db, const Supervision& s);
Result<void> UpdateSupervisionIn(Connection& db, const Supervision& s);
Result<bool> HasOpenSupervisionIn(Connection& db, OrderId order_id, std::string_view reason);

}  // namespace hotline::sqlite
