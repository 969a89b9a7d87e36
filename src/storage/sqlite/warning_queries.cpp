#include "storage/sqlite/warning_queries.h"

#include <fmt/format.h>

#include <charconv>

#include "storage/order_doc.h"
#include "storage/sqlite/sql_where.h"

namespace hotline::sqlite {
namespace {

constexpr std::string_view kColumns =
    "id, number, unit_id, kind, subject, body, order_ids, issued_by, issued_at, reply_due_at,"
    " state, reply, replied_at, replied_by, review_note, reviewed_at, rounds, closed_at,"
    " closed_by";

std::optional<Instant> OptInstant(const Stmt& stmt, int column) {
  auto ms = stmt.OptInt(column);
  return ms ? std::optional(FromMillis(*ms)) : std::nullopt;
}

std::optional<std::int64_t> OptMillis(const std::optional<Instant>& t) {
  return t ? std::optional(ToMillis(*t)) : std::nullopt;
}

// Related order ids are few and only ever read with the letter, so they are
// kept as one comma-separated column rather than a table of their own.
std::string JoinIds(const std::vector<OrderId>& ids) {
  std::string out;
  for (OrderId id : ids) {
    if (!out.empty()) out += ',';
    out += std::to_string(id);
  }
  return out;
}

std::vector<OrderId> SplitIds(std::string_view text) {
  std::vector<OrderId> out;
  while (!text.empty()) {
    const auto comma = text.find(',');
    const std::string_view part = text.substr(0, comma);
    OrderId id = 0;
    if (std::from_chars(part.data(), part.data() + part.size(), id).ec == std::errc()) {
      out.push_back(id);
    }
    if (comma == std::string_view::npos) break;
    text.remove_prefix(comma + 1);
  }
  return out;
}

WarningLetter FromRow(const Stmt& stmt) {
  WarningLetter w;
  w.id = stmt.Int(0);
  w.number = stmt.Text(1);
  w.unit_id = stmt.Int(2);
  w.kind = ParseWarningKind(stmt.Text(3)).value_or(WarningKind::kOther);
  w.subject = stmt.Text(4);
  w.text = stmt.Text(5);
  w.order_ids = SplitIds(stmt.Text(6));
  w.issued_by = stmt.Int(7);
  w.issued_at = FromMillis(stmt.Int(8));
  w.reply_due_at = FromMillis(stmt.Int(9));
  w.state = ParseWarningState(stmt.Text(10)).value_or(WarningState::kIssued);
  w.reply = stmt.Text(11);
  w.replied_at = OptInstant(stmt, 12);
  w.replied_by = stmt.OptInt(13);
  w.review_note = stmt.Text(14);
  w.reviewed_at = OptInstant(stmt, 15);
  w.rounds = static_cast<int>(stmt.Int(16));
  w.closed_at = OptInstant(stmt, 17);
  w.closed_by = stmt.OptInt(18);
  return w;
}

}  // namespace

Result<std::optional<WarningLetter>> QueryWarningLetter(Connection& db, WarningLetterId id) {
  auto stmt = db.Prepare(fmt::format("SELECT {} FROM warning_letters WHERE id = ?", kColumns));
  if (!stmt) return Fail(stmt.error());
  auto row = stmt->Bind(1, id).Step();
  if (!row) return Fail(row.error());
  if (!*row) return std::optional<WarningLetter>();
  return std::optional(FromRow(*stmt));
}

Result<WarningLetterPage> QueryWarningLetterPage(Connection& db, const WarningLetterFilter& f) {
  WarningLetterPage page;
  if (f.scope_unit_ids && f.scope_unit_ids->empty()) return page;
  SqlWhere where;
  if (f.scope_unit_ids) where.AddIn("unit_id", *f.scope_unit_ids);
  if (f.state) where.Add("state = ?", std::string(WarningStateCode(*f.state)));
  if (f.kind) where.Add("kind = ?", std::string(WarningKindCode(*f.kind)));
  if (f.unit_id) where.Add("unit_id = ?", *f.unit_id);
  // The per-unit counts cover every matching letter; their sum is the total.
  auto counts = db.Prepare("SELECT unit_id, COUNT(*), SUM(state <> 'closed') FROM warning_letters" +
                           where.sql() + " GROUP BY unit_id ORDER BY COUNT(*) DESC, unit_id");
  if (!counts) return Fail(counts.error());
  where.Bind(*counts);
  while (true) {
    auto row = counts->Step();
    if (!row) return Fail(row.error());
    if (!*row) break;
    page.by_unit.push_back({counts->Int(0), counts->Int(1), counts->Int(2)});
    page.total += counts->Int(1);
  }
  auto list = db.Prepare(fmt::format(
      "SELECT {} FROM warning_letters{} ORDER BY id DESC LIMIT ? OFFSET ?", kColumns, where.sql()));
  if (!list) return Fail(list.error());
  const int index = where.Bind(*list) + 1;
  list->Bind(index, f.limit);
  list->Bind(index + 1, f.offset);
  while (true) {
    auto row = list->Step();
    if (!row) return Fail(row.error());
    if (!*row) break;
    page.items.push_back(FromRow(*list));
  }
  return page;
}

Result<std::string> NextWarningNumberIn(Connection& db, std::string_view day_stamp) {
  auto stmt = db.Prepare(
      "INSERT INTO warning_counters(day, last) VALUES (?, 1)"
      " ON CONFLICT(day) DO UPDATE SET last = last + 1 RETURNING last");
  if (!stmt) return Fail(stmt.error());
  stmt->BindAll(day_stamp);
  auto row = stmt->Step();
  if (!row) return Fail(row.error());
  if (!*row) return Fail(ErrorKind::kInternal, "storage_error", "数据库错误：未能取得预警函编号");
  return fmt::format("YJ{}{:05d}", day_stamp, stmt->Int(0));
}

Result<WarningLetterId> InsertWarningLetterIn(Connection& db, const WarningLetter& w) {
  auto stmt = db.Prepare(
      "INSERT INTO warning_letters(number, unit_id, kind, subject, body, order_ids, issued_by,"
      " issued_at, reply_due_at, state, reply, replied_at, replied_by, review_note, reviewed_at,"
      " rounds, closed_at, closed_by) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
  if (!stmt) return Fail(stmt.error());
  stmt->BindAll(w.number, w.unit_id, WarningKindCode(w.kind), w.subject, w.text,
                JoinIds(w.order_ids), w.issued_by, ToMillis(w.issued_at), ToMillis(w.reply_due_at),
                WarningStateCode(w.state), w.reply, OptMillis(w.replied_at), w.replied_by,
                w.review_note, OptMillis(w.reviewed_at), w.rounds, OptMillis(w.closed_at),
                w.closed_by);
  if (auto r = stmt->Run(); !r) return Fail(r.error());
  return sqlite3_last_insert_rowid(db.handle());
}

Result<void> UpdateWarningLetterIn(Connection& db, const WarningLetter& w) {
  auto stmt = db.Prepare(
      "UPDATE warning_letters SET state = ?, reply = ?, replied_at = ?, replied_by = ?,"
      " review_note = ?, reviewed_at = ?, rounds = ?, closed_at = ?, closed_by = ? WHERE id = ?");
  if (!stmt) return Fail(stmt.error());
  stmt->BindAll(WarningStateCode(w.state), w.reply, OptMillis(w.replied_at), w.replied_by,
                w.review_note, OptMillis(w.reviewed_at), w.rounds, OptMillis(w.closed_at),
                w.closed_by, w.id);
  if (auto r = stmt->Run(); !r) return r;
  if (db.Changes() == 0)
    return Fail(ErrorKind::kNotFound, "not_found", fmt::format("预警函 {} 不存在", w.id));
  return {};
}

}  // namespace hotline::sqlite
