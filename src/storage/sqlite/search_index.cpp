#include "storage/sqlite/search_index.h"

#include <string>

#include "storage/sqlite/knowledge_queries.h"
#include "text/search_terms.h"

namespace hotline::sqlite {
namespace {

// The tags' index text: each tag on its own, so no bigram spans two tags.
std::string TagsIndexText(const std::vector<std::string>& tags) {
  std::string out;
  for (const std::string& tag : tags) {
    const std::string text = SearchIndexText(tag);
    if (text.empty()) continue;
    if (!out.empty()) out.push_back(' ');
    out += text;
  }
  return out;
}

// `command` is "" to add a row, "delete" to remove one (FTS5's syntax for
// contentless tables: the removal repeats the indexed values).
Result<void> WriteOrderRow(Connection& db, std::string_view command, OrderId id,
                           const OrderTexts& t) {
  auto stmt = db.Prepare(command.empty()
                             ? "INSERT INTO orders_fts(rowid, title, content, address)"
                               " VALUES (?, ?, ?, ?)"
                             : "INSERT INTO orders_fts(orders_fts, rowid, title, content, address)"
                               " VALUES ('delete', ?, ?, ?, ?)");
  if (!stmt) return Fail(stmt.error());
  return stmt
      ->BindAll(id, SearchIndexText(t.title), SearchIndexText(t.content),
                SearchIndexText(t.address))
      .Run();
}

Result<void> WriteArticleRow(Connection& db, std::string_view command, const KnowledgeArticle& a) {
  auto stmt = db.Prepare(
      command.empty() ? "INSERT INTO knowledge_fts(rowid, title, body, tags) VALUES (?, ?, ?, ?)"
                      : "INSERT INTO knowledge_fts(knowledge_fts, rowid, title, body, tags)"
                        " VALUES ('delete', ?, ?, ?, ?)");
  if (!stmt) return Fail(stmt.error());
  return stmt
      ->BindAll(a.id, SearchIndexText(a.title), SearchIndexText(a.body), TagsIndexText(a.tags))
      .Run();
}

Result<int> StoredVersion(Connection& db, std::string_view name) {
  auto stmt = db.Prepare("SELECT version FROM search_index WHERE name = ?");
  if (!stmt) return Fail(stmt.error());
  auto row = stmt->BindAll(name).Step();
  if (!row) return Fail(row.error());
  return *row ? static_cast<int>(stmt->Int(0)) : 0;
}

Result<void> SetVersion(Connection& db, std::string_view name) {
  auto stmt = db.Prepare("UPDATE search_index SET version = ? WHERE name = ?");
  if (!stmt) return Fail(stmt.error());
  return stmt->BindAll(kSearchIndexVersion, name).Run();
}

Result<std::int64_t> RebuildOrders(Connection& db) {
  if (auto r = db.Exec("INSERT INTO orders_fts(orders_fts) VALUES ('delete-all')"); !r)
    return Fail(r.error());
  auto rows = db.Prepare("SELECT id, title, content, address FROM orders ORDER BY id");
  if (!rows) return Fail(rows.error());
  std::int64_t n = 0;
  while (true) {
    auto row = rows->Step();
    if (!row) return Fail(row.error());
    if (!*row) break;
    const std::string title = rows->Text(1), content = rows->Text(2), address = rows->Text(3);
    if (auto r = IndexOrderTexts(db, rows->Int(0), {title, content, address}); !r)
      return Fail(r.error());
    ++n;
  }
  return n;
}

Result<std::int64_t> RebuildArticles(Connection& db) {
  if (auto r = db.Exec("INSERT INTO knowledge_fts(knowledge_fts) VALUES ('delete-all')"); !r)
    return Fail(r.error());
  auto rows = db.Prepare("SELECT id, title, body, tags FROM knowledge_articles ORDER BY id");
  if (!rows) return Fail(rows.error());
  std::int64_t n = 0;
  while (true) {
    auto row = rows->Step();
    if (!row) return Fail(row.error());
    if (!*row) break;
    KnowledgeArticle a;
    a.id = rows->Int(0);
    a.title = rows->Text(1);
    a.body = rows->Text(2);
    a.tags = ParseTags(rows->Text(3));
    if (auto r = IndexArticle(db, a); !r) return Fail(r.error());
    ++n;
  }
  return n;
}

}  // namespace

Result<void> IndexOrderTexts(Connection& db, OrderId id, const OrderTexts& texts) {
  return WriteOrderRow(db, "", id, texts);
}

Result<void> UnindexOrderTexts(Connection& db, OrderId id, const OrderTexts& texts) {
  return WriteOrderRow(db, "delete", id, texts);
}

Result<void> IndexArticle(Connection& db, const KnowledgeArticle& article) {
  return WriteArticleRow(db, "", article);
}

Result<void> UnindexArticle(Connection& db, const KnowledgeArticle& article) {
  return WriteArticleRow(db, "delete", article);
}

Result<std::int64_t> EnsureSearchIndex(Connection& db) {
  auto orders = StoredVersion(db, "orders");
  if (!orders) return Fail(orders.error());
  auto knowledge = StoredVersion(db, "knowledge");
  if (!knowledge) return Fail(knowledge.error());
  if (*orders == kSearchIndexVersion && *knowledge == kSearchIndexVersion) return 0;
  if (auto r = db.Exec("BEGIN IMMEDIATE"); !r) return Fail(r.error());
  auto rebuilt = [&]() -> Result<std::int64_t> {
    std::int64_t n = 0;
    if (*orders != kSearchIndexVersion) {
      auto done = RebuildOrders(db);
      if (!done) return Fail(done.error());
      n += *done;
      if (auto r = SetVersion(db, "orders"); !r) return Fail(r.error());
    }
    if (*knowledge != kSearchIndexVersion) {
      auto done = RebuildArticles(db);
      if (!done) return Fail(done.error());
      n += *done;
      if (auto r = SetVersion(db, "knowledge"); !r) return Fail(r.error());
    }
    return n;
  }();
  if (!rebuilt) {
    (void)db.Exec("ROLLBACK");
    return rebuilt;
  }
  if (auto r = db.Exec("COMMIT"); !r) {
    (void)db.Exec("ROLLBACK");
    return Fail(r.error());
  }
  return rebuilt;
}

}  // namespace hotline::sqlite
