// How an order and its events sit in the orders and order_events rows.
//
// The order document is stored packed (storage/packed_json.h) and without
// the texts that have their own columns (title, content, address,
// caller_phone): those are indexed and shown in lists, so the columns are
// authoritative and the document does not repeat them. Event payloads are
// stored packed as they are.
#pragma once

#include <string>
#include <string_view>

#include "storage/order_doc.h"
#include "storage/sqlite/connection.h"
#include "workorder/order.h"

namespace hotline::sqlite {

// The columns OrderFromRow reads, comma-separated, each prefixed with
// `alias` and a dot when it is not empty ("o" → "o.id, o.doc, ...").
std::string OrderRowColumns(std::string_view alias = "");

// The order from a row whose columns from `first_column` on are
// OrderRowColumns().
Result<WorkOrder> OrderFromRow(const Stmt& stmt, int first_column);

// The doc column's value for `order` stored under `id`.
Result<std::string> PackOrderDoc(const WorkOrder& order, OrderId id);

// The event from a row of the order_events columns seq, action, actor_id,
// actor_name, actor_role, unit_id, at, payload, state_after (in that order
// from `first_column`).
Result<Event> EventFromStoredRow(const Stmt& stmt, int first_column);

}  // namespace hotline::sqlite
