#include "storage/sqlite/duplicate_queries.h"

#include <fmt/format.h>

#include "storage/order_doc.h"
#include "storage/sqlite/queries.h"
#include "storage/sqlite/stored_order.h"

namespace hotline::sqlite {

// SQLite integers are signed: 64-bit keys are stored bit for bit.
static std::int64_t AsColumn(uint64_t key) { return static_cast<std::int64_t>(key); }
static uint64_t FromColumn(std::int64_t value) { return static_cast<uint64_t>(value); }

Result<void> SaveDuplicateEntryIn(Connection& db, const DuplicateEntry& entry) {
  auto stmt = db.Prepare(
      "INSERT OR REPLACE INTO order_similarity(order_id, created_at, caller_key, address_key,"
      " community_id, category_id, signature) VALUES (?,?,?,?,?,?,?)");
  if (!stmt) return Fail(stmt.error());
  std::optional<std::string> signature;
  if (entry.has_text) signature = SignatureToHex(entry.signature);
  stmt->BindAll(entry.order_id, entry.created_ms, AsColumn(entry.caller_key),
                AsColumn(entry.address_key), entry.community_id, entry.category_id, signature);
  return stmt->Run();
}

Result<std::int64_t> CountDuplicateEntries(Connection& db, std::int64_t since_ms) {
  auto stmt = db.Prepare("SELECT COUNT(*) FROM order_similarity WHERE created_at >= ?");
  if (!stmt) return Fail(stmt.error());
  auto row = stmt->BindAll(since_ms).Step();
  if (!row) return Fail(row.error());
  return stmt->Int(0);
}

Result<std::vector<DuplicateEntry>> QueryDuplicateEntries(Connection& db, std::int64_t since_ms,
                                                          OrderId after_id, int limit) {
  auto stmt = db.Prepare(
      "SELECT order_id, created_at, caller_key, address_key, community_id, category_id,"
      " signature FROM order_similarity WHERE order_id > ? AND created_at >= ?"
      " ORDER BY order_id LIMIT ?");
  if (!stmt) return Fail(stmt.error());
  stmt->BindAll(after_id, since_ms, limit);
  std::vector<DuplicateEntry> out;
  while (true) {
    auto row = stmt->Step();
    if (!row) return Fail(row.error());
    if (!*row) break;
    DuplicateEntry e;
    e.order_id = stmt->Int(0);
    e.created_ms = stmt->Int(1);
    e.caller_key = FromColumn(stmt->Int(2));
    e.address_key = FromColumn(stmt->Int(3));
    e.community_id = stmt->Int(4);
    e.category_id = stmt->Int(5);
    if (!stmt->IsNull(6)) {
      auto sig = SignatureFromHex(stmt->Text(6));
      if (!sig)
        return Fail(ErrorKind::kInternal, "storage_error",
                    fmt::format("工单 {} 的文本签名已损坏", e.order_id));
      e.signature = *sig;
      e.has_text = true;
    }
    out.push_back(e);
  }
  return out;
}

Result<std::vector<WorkOrder>> QueryOrdersWithoutDuplicateEntry(Connection& db, Instant since,
                                                                int limit) {
  static const std::string sql = fmt::format(
      "SELECT {} FROM orders o INDEXED BY orders_created WHERE o.created_at >= ? AND NOT EXISTS"
      " (SELECT 1 FROM order_similarity s WHERE s.order_id = o.id)"
      " ORDER BY o.created_at, o.id LIMIT ?",
      OrderRowColumns("o"));
  auto stmt = db.Prepare(sql);
  if (!stmt) return Fail(stmt.error());
  stmt->BindAll(ToMillis(since), limit);
  std::vector<WorkOrder> out;
  while (true) {
    auto row = stmt->Step();
    if (!row) return Fail(row.error());
    if (!*row) break;
    auto order = OrderFromRow(*stmt, 0);
    if (!order) return Fail(order.error());
    out.push_back(std::move(*order));
  }
  return out;
}

}  // namespace hotline::sqlite
