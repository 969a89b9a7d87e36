#include "storage/sqlite/scoring_queries.h"

#include "storage/order_doc.h"

namespace hotline::sqlite {

Result<std::int64_t> InsertScoringRulesIn(Connection& db, std::string_view body, Instant at,
                                          std::optional<UserId> by) {
  auto stmt = db.Prepare("INSERT INTO scoring_rules(body, created_at, created_by) VALUES (?,?,?)");
  if (!stmt) return Fail(stmt.error());
  stmt->BindAll(body, ToMillis(at), by);
  if (auto r = stmt->Run(); !r) return Fail(r.error());
  return sqlite3_last_insert_rowid(db.handle());
}

Result<std::optional<std::pair<std::int64_t, std::string>>> QueryScoringRules(Connection& db) {
  auto stmt = db.Prepare("SELECT version, body FROM scoring_rules ORDER BY version DESC LIMIT 1");
  if (!stmt) return Fail(stmt.error());
  auto row = stmt->Step();
  if (!row) return Fail(row.error());
  if (!*row) return std::nullopt;
  return std::optional(std::pair{stmt->Int(0), stmt->Text(1)});
}

}  // namespace hotline::sqlite
