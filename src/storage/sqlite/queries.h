// The read queries of the SQLite backend, written against one Connection so
// that the read pool and the write transaction (which must see its own
// uncommitted writes) share them.
//
// Thread safety: as the Connection passed in (one thread at a time).
#pragma once

#include <optional>
#include <string_view>
#include <vector>

#include "storage/sqlite/connection.h"
#include "storage/store.h"

namespace hotline::sqlite {

Result<std::optional<WorkOrder>> QueryOrder(Connection& db, OrderId id);
Result<std::vector<Event>> QueryEvents(Connection& db, OrderId id);
Result<std::int64_t> QueryOrderCount(Connection& db);

// One page of orders matching `filter` and the total number of matches.
// Callers wanting page and total from one snapshot run it in a transaction.
Result<OrderPage> QueryOrderPage(Connection& db, const OrderFilter& filter);

// See Store::VisitOrdersWithEvents.
Result<void> VisitOrdersWithEvents(Connection& db, const std::vector<Action>& actions,
                                   const std::vector<Action>& if_assisted, Instant from, Instant to,
                                   const std::function<Result<void>(const WorkOrder&)>& visit);

Result<std::vector<Unit>> QueryUnits(Connection& db);
Result<std::vector<User>> QueryUsers(Connection& db);
Result<std::optional<User>> QueryUser(Connection& db, UserId id);
Result<std::optional<UserCredentials>> QueryUserByName(Connection& db, std::string_view username);
Result<std::vector<Category>> QueryCategories(Connection& db);
Result<std::optional<Session>> QuerySession(Connection& db, std::string_view token_hash);

}  // namespace hotline::sqlite
