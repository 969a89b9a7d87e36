// Stored forms of domain values, shared by every storage backend: the full
// JSON projection of a WorkOrder (the "doc" column), an Event as table
// columns, and instants as milliseconds since the Unix epoch.
//
// Pure functions without I/O; thread-safe.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>

#include "common/clock.h"
#include "common/error.h"
#include "workorder/order.h"

namespace hotline {

std::int64_t ToMillis(Instant t);
Instant FromMillis(std::int64_t ms);

// Every field of `order`, enums as their wire codes, instants as int64 ms.
nlohmann::json OrderToDoc(const WorkOrder& order);

// The inverse of OrderToDoc. Fields absent from `doc` keep their defaults so
// that documents written before a field existed still load; a field of the
// wrong type or an unknown enum code is an error (kInternal, "storage_error").
Result<WorkOrder> OrderFromDoc(const nlohmann::json& doc);

// Serialises JSON for a TEXT column. Invalid UTF-8 is replaced rather than
// thrown on, so a stray byte cannot fail a write.
std::string DumpJson(const nlohmann::json& value);

// An event as the columns of the order_events table.
struct EventRow {
  std::int64_t seq = 0;
  std::string action;
  std::int64_t actor_id = 0;
  std::string actor_name;
  std::string actor_role;
  std::int64_t unit_id = 0;
  std::int64_t at_ms = 0;
  std::string payload;  // JSON text
  std::string state_after;
};

EventRow EventToRow(const Event& event);
// Fails (kInternal, "storage_error") on unknown codes or unparsable payload.
Result<Event> EventFromRow(const EventRow& row);

// The error every backend reports for stored data it cannot read back.
Error CorruptDataError(std::string_view what);

}  // namespace hotline
