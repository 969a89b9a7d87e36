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

Result<std::optional<std::pair<std::int64_t, std::string>>> QueryScoringRulesAt(Connection& db,
                                                                                Instant at) {
  // Versions count up with time, so the newest at or before `at` is the one
  // with the highest version among them; without one, the lowest overall.
  auto stmt = db.Prepare(
      "SELECT version, body FROM scoring_rules ORDER BY created_at <= ? DESC,"
      " CASE WHEN created_at <= ? THEN -version ELSE version END LIMIT 1");
  if (!stmt) return Fail(stmt.error());
  stmt->BindAll(ToMillis(at), ToMillis(at));
  auto row = stmt->Step();
  if (!row) return Fail(row.error());
  if (!*row) return std::nullopt;
  return std::optional(std::pair{stmt->Int(0), stmt->Text(1)});
}

Result<std::optional<std::pair<std::int64_t, std::string>>> QueryScoringRulesVersion(
    Connection& db, std::int64_t version) {
  auto stmt = db.Prepare("SELECT version, body FROM scoring_rules WHERE version = ?");
  if (!stmt) return Fail(stmt.error());
  stmt->BindAll(version);
  auto row = stmt->Step();
  if (!row) return Fail(row.error());
  if (!*row) return std::nullopt;
  return std::optional(std::pair{stmt->Int(0), stmt->Text(1)});
}

}  // namespace hotline::sqlite
