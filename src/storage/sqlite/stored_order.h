// How an order and its events sit in the orders and order_events rows.
//
// The order document is stored packed (storage/packed_json.h) and without
// the texts that have their own columns (title, content, address,
// caller_phone): those are indexed and shown in lists, so the columns are
// authoritative and the document does not repeat them. Event payloads are
// stored packed as they are.
#pragma once

#include <cstdint>
#include <optional>
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

// What the work lists filter on, kept in columns of their own (with partial
// indexes) so that a list reads only the orders it shows instead of
// unpacking every document in its states.
inline constexpr std::int64_t kStepDueSoon = 1;  // step_alarm bits
inline constexpr std::int64_t kStepOverdue = 2;
struct WorkListColumns {
  // Of the sign and handle steps: due-soon warned and not yet overdue
  // (kStepDueSoon), overdue (kStepOverdue); NULL when neither.
  std::optional<std::int64_t> step_alarm;
  std::optional<std::string> pending_kind;  // the application awaiting review
  std::optional<std::int64_t> whistles;     // 吹哨 raised on the order; NULL when none
};
WorkListColumns WorkListColumnsOf(const WorkOrder& order);

// The event from a row of the order_events columns seq, action, actor_id,
// actor_name, actor_role, unit_id, at, payload, state_after (in that order
// from `first_column`).
Result<Event> EventFromStoredRow(const Stmt& stmt, int first_column);

}  // namespace hotline::sqlite
