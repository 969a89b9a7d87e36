#include "storage/sqlite/supervision_queries.h"

#include <fmt/format.h>

#include "storage/order_doc.h"
#include "storage/sqlite/sql_where.h"

namespace hotline::sqlite {
namespace {

constexpr std::string_view kColumns =
    "id, number, order_id, order_number, unit_id, tier, reason, note, issued_by, issued_at,"
    " due_at, state, response, responded_at, responded_by, reviewed_note, reviewed_at, parent_id,"
    " lapsed_at";

std::optional<Instant> OptInstant(const Stmt& stmt, int column) {
  auto ms = stmt.OptInt(column);
  return ms ? std::optional(FromMillis(*ms)) : std::nullopt;
}

std::optional<std::int64_t> OptMillis(const std::optional<Instant>& t) {
  return t ? std::optional(ToMillis(*t)) : std::nullopt;
}

Supervision FromRow(const Stmt& stmt) {
  Supervision s;
  s.id = stmt.Int(0);
  s.number = stmt.Text(1);
  s.order_id = stmt.OptInt(2);
  s.order_number = stmt.Text(3);
  s.unit_id = stmt.Int(4);
  s.tier = ParseSupervisionTier(stmt.Text(5)).value_or(SupervisionTier::kSystem);
  s.reason = stmt.Text(6);
  s.note = stmt.Text(7);
  s.issued_by = stmt.OptInt(8);
  s.issued_at = FromMillis(stmt.Int(9));
  s.due_at = FromMillis(stmt.Int(10));
  s.state = ParseSupervisionState(stmt.Text(11)).value_or(SupervisionState::kOpen);
  s.response = stmt.Text(12);
  s.responded_at = OptInstant(stmt, 13);
  s.responded_by = stmt.OptInt(14);
  s.reviewed_note = stmt.Text(15);
  s.reviewed_at = OptInstant(stmt, 16);
  s.parent_id = stmt.OptInt(17);
  s.lapsed_at = OptInstant(stmt, 18);
  return s;
}

Result<std::vector<Supervision>> Collect(Stmt& stmt) {
  std::vector<Supervision> out;
  while (true) {
    auto row = stmt.Step();
    if (!row) return Fail(row.error());
    if (!*row) break;
    out.push_back(FromRow(stmt));
  }
  return out;
}

}  // namespace

Result<std::optional<Supervision>> QuerySupervision(Connection& db, SupervisionId id) {
  auto stmt = db.Prepare(fmt::format("SELECT {} FROM supervisions WHERE id = ?", kColumns));
  if (!stmt) return Fail(stmt.error());
  auto row = stmt->Bind(1, id).Step();
  if (!row) return Fail(row.error());
  if (!*row) return std::optional<Supervision>();
  return std::optional(FromRow(*stmt));
}

Result<SupervisionPage> QuerySupervisionPage(Connection& db, const SupervisionFilter& f) {
  SupervisionPage page;
  if (f.scope_unit_ids && f.scope_unit_ids->empty()) return page;
  SqlWhere where;
  if (f.scope_unit_ids) where.AddIn("unit_id", *f.scope_unit_ids);
  if (f.state) where.Add("state = ?", std::string(SupervisionStateCode(*f.state)));
  if (f.tier) where.Add("tier = ?", std::string(SupervisionTierCode(*f.tier)));
  if (f.order_id) where.Add("order_id = ?", *f.order_id);
  auto count = db.Prepare("SELECT COUNT(*) FROM supervisions" + where.sql());
  if (!count) return Fail(count.error());
  where.Bind(*count);
  auto counted = count->Step();
  if (!counted) return Fail(counted.error());
  page.total = count->Int(0);
  auto list = db.Prepare(fmt::format(
      "SELECT {} FROM supervisions{} ORDER BY id DESC LIMIT ? OFFSET ?", kColumns, where.sql()));
  if (!list) return Fail(list.error());
  const int index = where.Bind(*list) + 1;
  list->Bind(index, f.limit);
  list->Bind(index + 1, f.offset);
  auto items = Collect(*list);
  if (!items) return Fail(items.error());
  page.items = std::move(*items);
  return page;
}

Result<std::vector<Supervision>> QueryDueSupervisions(Connection& db, Instant now, int limit) {
  auto stmt = db.Prepare(fmt::format(
      "SELECT {} FROM supervisions WHERE state = 'open' AND due_at <= ? AND lapsed_at IS NULL"
      " ORDER BY due_at LIMIT ?",
      kColumns));
  if (!stmt) return Fail(stmt.error());
  stmt->BindAll(ToMillis(now), limit);
  return Collect(*stmt);
}

Result<std::string> NextSupervisionNumberIn(Connection& db, std::string_view day_stamp) {
  auto stmt = db.Prepare(
      "INSERT INTO supervision_counters(day, last) VALUES (?, 1)"
      " ON CONFLICT(day) DO UPDATE SET last = last + 1 RETURNING last");
  if (!stmt) return Fail(stmt.error());
  stmt->BindAll(day_stamp);
  auto row = stmt->Step();
  if (!row) return Fail(row.error());
  if (!*row) return Fail(ErrorKind::kInternal, "storage_error", "数据库错误：未能取得督办单编号");
  return fmt::format("DB{}{:05d}", day_stamp, stmt->Int(0));
}

Result<SupervisionId> InsertSupervisionIn(Connection& db, const Supervision& s) {
  auto stmt = db.Prepare(
      "INSERT INTO supervisions(number, order_id, order_number, unit_id, tier, reason, note,"
      " issued_by, issued_at, due_at, state, response, responded_at, responded_by,"
      " reviewed_note, reviewed_at, parent_id, lapsed_at)"
      " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
  if (!stmt) return Fail(stmt.error());
  stmt->BindAll(s.number, s.order_id, s.order_number, s.unit_id, SupervisionTierCode(s.tier),
                s.reason, s.note, s.issued_by, ToMillis(s.issued_at), ToMillis(s.due_at),
                SupervisionStateCode(s.state), s.response, OptMillis(s.responded_at),
                s.responded_by, s.reviewed_note, OptMillis(s.reviewed_at), s.parent_id,
                OptMillis(s.lapsed_at));
  if (auto r = stmt->Run(); !r) return Fail(r.error());
  return sqlite3_last_insert_rowid(db.handle());
}

Result<void> UpdateSupervisionIn(Connection& db, const Supervision& s) {
  auto stmt = db.Prepare(
      "UPDATE supervisions SET state = ?, response = ?, responded_at = ?, responded_by = ?,"
      " reviewed_note = ?, reviewed_at = ?, lapsed_at = ? WHERE id = ?");
  if (!stmt) return Fail(stmt.error());
  stmt->BindAll(SupervisionStateCode(s.state), s.response, OptMillis(s.responded_at),
                s.responded_by, s.reviewed_note, OptMillis(s.reviewed_at), OptMillis(s.lapsed_at),
                s.id);
  if (auto r = stmt->Run(); !r) return r;
  if (db.Changes() == 0)
    return Fail(ErrorKind::kNotFound, "not_found", fmt::format("督办单 {} 不存在", s.id));
  return {};
}

Result<bool> HasOpenSupervisionIn(Connection& db, OrderId order_id, std::string_view reason) {
  auto stmt = db.Prepare(
      "SELECT 1 FROM supervisions WHERE order_id = ? AND reason = ? AND state = 'open' LIMIT 1");
  if (!stmt) return Fail(stmt.error());
  stmt->BindAll(order_id, reason);
  auto row = stmt->Step();
  if (!row) return Fail(row.error());
  return *row;
}

}  // namespace hotline::sqlite
