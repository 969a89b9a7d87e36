#include "storage/sqlite/report_queries.h"

#include <sqlite3.h>

#include <string>

#include "storage/order_doc.h"

namespace hotline::sqlite {
namespace {

// Listings leave the body out: a year's report can be large and the history
// shows only what each one covers.
StoredReport FromRow(const Stmt& stmt, bool with_body) {
  StoredReport r;
  r.id = stmt.Int(0);
  r.kind = stmt.Text(1);
  r.period_from = stmt.Text(2);
  r.period_to = stmt.Text(3);
  r.generated_at = FromMillis(stmt.Int(4));
  r.generated_by = stmt.OptInt(5);
  if (with_body) r.body = stmt.Text(6);
  return r;
}

}  // namespace

Result<std::int64_t> InsertReportIn(Connection& db, const StoredReport& report) {
  auto stmt = db.Prepare(
      "INSERT INTO reports(kind, period_from, period_to, generated_at, generated_by, body)"
      " VALUES (?,?,?,?,?,?)");
  if (!stmt) return Fail(stmt.error());
  stmt->BindAll(report.kind, report.period_from, report.period_to, ToMillis(report.generated_at),
                report.generated_by, report.body);
  if (auto r = stmt->Run(); !r) return Fail(r.error());
  return sqlite3_last_insert_rowid(db.handle());
}

Result<bool> HasReportIn(Connection& db, std::string_view kind, std::string_view from,
                         std::string_view to) {
  auto stmt = db.Prepare(
      "SELECT EXISTS(SELECT 1 FROM reports WHERE kind = ? AND period_from = ? AND period_to = ?)");
  if (!stmt) return Fail(stmt.error());
  stmt->BindAll(kind, from, to);
  auto row = stmt->Step();
  if (!row) return Fail(row.error());
  return stmt->Int(0) != 0;
}

Result<std::optional<StoredReport>> QueryReport(Connection& db, std::int64_t id) {
  auto stmt = db.Prepare(
      "SELECT id, kind, period_from, period_to, generated_at, generated_by, body"
      " FROM reports WHERE id = ?");
  if (!stmt) return Fail(stmt.error());
  stmt->BindAll(id);
  auto row = stmt->Step();
  if (!row) return Fail(row.error());
  if (!*row) return std::nullopt;
  return std::optional(FromRow(*stmt, /*with_body=*/true));
}

Result<ReportPage> QueryReportPage(Connection& db, std::string_view kind, int limit, int offset) {
  const std::string where = kind.empty() ? "" : " WHERE kind = ?";
  ReportPage page;
  auto count = db.Prepare("SELECT COUNT(*) FROM reports" + where);
  if (!count) return Fail(count.error());
  if (!kind.empty()) count->Bind(1, kind);
  auto counted = count->Step();
  if (!counted) return Fail(counted.error());
  page.total = count->Int(0);

  auto stmt = db.Prepare(
      "SELECT id, kind, period_from, period_to, generated_at, generated_by FROM reports" + where +
      " ORDER BY generated_at DESC, id DESC LIMIT ? OFFSET ?");
  if (!stmt) return Fail(stmt.error());
  int index = 1;
  if (!kind.empty()) stmt->Bind(index++, kind);
  stmt->Bind(index++, limit);
  stmt->Bind(index, offset);
  while (true) {
    auto row = stmt->Step();
    if (!row) return Fail(row.error());
    if (!*row) break;
    page.items.push_back(FromRow(*stmt, /*with_body=*/false));
  }
  return page;
}

}  // namespace hotline::sqlite
