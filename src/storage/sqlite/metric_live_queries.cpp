#include "storage/sqlite/metric_live_queries.h"

#include <fmt/format.h>

#include "storage/order_doc.h"
#include "storage/sqlite/queries.h"
#include "storage/sqlite/stored_order.h"
#include "storage/sqlite/supervision_queries.h"

namespace hotline::sqlite {
namespace {

// The orders column (as rollup key text) behind each dimension, or empty
// for an unknown one. Unit rows follow the lead unit as it is now.
std::string_view KeyColumn(std::string_view dim) {
  if (dim == "all") return "''";
  if (dim == "unit") return "CAST(lead_unit_id AS TEXT)";
  if (dim == "street") return "CAST(street_unit_id AS TEXT)";
  if (dim == "category") return "CAST(category_id AS TEXT)";
  if (dim == "channel") return "channel";
  if (dim == "demand_type") return "demand_type";
  if (dim == "enterprise") return "CASE enterprise WHEN 0 THEN 'false' ELSE 'true' END";
  return {};
}

// Both bounds on dissatisfied_since so the partial index orders_dissatisfied
// (only open 不满意 rows) serves the range; the orders table is never scanned.
constexpr std::string_view kOpenInRange =
    "dissatisfied_since IS NOT NULL AND dissatisfied_since >= ? AND dissatisfied_since < ?";

}  // namespace

Result<std::vector<KeyCount>> QueryOpenDissatisfiedCounts(Connection& db, std::string_view dim,
                                                          Instant from, Instant to) {
  const std::string_view column = KeyColumn(dim);
  if (column.empty())
    return Fail(ErrorKind::kInvalidInput, "invalid_value", fmt::format("未知的统计维度 {}", dim));
  auto stmt = db.Prepare(fmt::format(
      "SELECT k, COUNT(*) FROM (SELECT {} AS k FROM orders WHERE {}) WHERE k IS NOT NULL"
      " GROUP BY k ORDER BY k",
      column, kOpenInRange));
  if (!stmt) return Fail(stmt.error());
  stmt->BindAll(ToMillis(from), ToMillis(to));
  std::vector<KeyCount> out;
  while (true) {
    auto more = stmt->Step();
    if (!more) return Fail(more.error());
    if (!*more) break;
    out.push_back({stmt->Text(0), stmt->Int(1)});
  }
  return out;
}

Result<std::vector<WorkOrder>> QueryOpenDissatisfiedOrders(Connection& db, Instant from,
                                                           Instant to) {
  auto stmt = db.Prepare(
      fmt::format("SELECT {} FROM orders WHERE {} ORDER BY id", OrderRowColumns(), kOpenInRange));
  if (!stmt) return Fail(stmt.error());
  stmt->BindAll(ToMillis(from), ToMillis(to));
  std::vector<WorkOrder> out;
  while (true) {
    auto more = stmt->Step();
    if (!more) return Fail(more.error());
    if (!*more) break;
    auto order = OrderFromRow(*stmt, 0);
    if (!order) return Fail(order.error());
    out.push_back(std::move(*order));
  }
  return out;
}

Result<std::vector<SupervisionCounts>> QuerySupervisionCounts(Connection& db, Instant from,
                                                              Instant to, Instant now) {
  // The same tests as SupervisionOverdue and SupervisionOpen (storage/store.h).
  auto stmt = db.Prepare(
      "SELECT unit_id, COUNT(*),"
      " SUM(CASE WHEN (responded_at IS NOT NULL AND responded_at > due_at)"
      "  OR (responded_at IS NULL AND due_at < ?) THEN 1 ELSE 0 END),"
      " SUM(CASE WHEN state IN ('open', 'responded') THEN 1 ELSE 0 END)"
      " FROM supervisions WHERE issued_at >= ? AND issued_at < ?"
      " GROUP BY unit_id ORDER BY unit_id");
  if (!stmt) return Fail(stmt.error());
  stmt->BindAll(ToMillis(now), ToMillis(from), ToMillis(to));
  std::vector<SupervisionCounts> out;
  while (true) {
    auto more = stmt->Step();
    if (!more) return Fail(more.error());
    if (!*more) break;
    out.push_back({stmt->Int(0), stmt->Int(1), stmt->Int(2), stmt->Int(3)});
  }
  return out;
}

Result<std::vector<Supervision>> QuerySupervisionsIssued(Connection& db, Instant from, Instant to) {
  auto stmt =
      db.Prepare("SELECT id FROM supervisions WHERE issued_at >= ? AND issued_at < ? ORDER BY id");
  if (!stmt) return Fail(stmt.error());
  stmt->BindAll(ToMillis(from), ToMillis(to));
  std::vector<SupervisionId> ids;
  while (true) {
    auto more = stmt->Step();
    if (!more) return Fail(more.error());
    if (!*more) break;
    ids.push_back(stmt->Int(0));
  }
  std::vector<Supervision> out;
  out.reserve(ids.size());
  for (SupervisionId id : ids) {
    auto s = QuerySupervision(db, id);
    if (!s) return Fail(s.error());
    if (*s) out.push_back(std::move(**s));
  }
  return out;
}

}  // namespace hotline::sqlite
