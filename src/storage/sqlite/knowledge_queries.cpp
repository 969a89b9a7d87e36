#include "storage/sqlite/knowledge_queries.h"

#include <fmt/format.h>

#include <algorithm>
#include <nlohmann/json.hpp>

#include "storage/order_doc.h"
#include "storage/sqlite/search_index.h"
#include "storage/sqlite/sql_where.h"
#include "text/search_terms.h"

namespace hotline::sqlite {
namespace {

constexpr std::string_view kColumns =
    "a.id, a.kind, a.title, a.body, a.category_id, a.unit_id, a.tags, a.enabled, a.version,"
    " a.created_by, a.created_at, a.updated_by, a.updated_at";

// bm25 weights of knowledge_fts's columns (title, body, tags): a word in the
// title or a tag says more about what an article is for than one in its body.
constexpr std::string_view kRank = "bm25(knowledge_fts, 4.0, 1.0, 2.0)";

KnowledgeArticle FromRow(const Stmt& stmt) {
  KnowledgeArticle a;
  a.id = stmt.Int(0);
  a.kind = ParseArticleKind(stmt.Text(1)).value_or(ArticleKind::kStandardAnswer);
  a.title = stmt.Text(2);
  a.body = stmt.Text(3);
  a.category_id = stmt.OptInt(4);
  a.unit_id = stmt.OptInt(5);
  a.tags = ParseTags(stmt.Text(6));
  a.enabled = stmt.Int(7) != 0;
  a.version = stmt.Int(8);
  a.created_by = stmt.Int(9);
  a.created_at = FromMillis(stmt.Int(10));
  a.updated_by = stmt.Int(11);
  a.updated_at = FromMillis(stmt.Int(12));
  return a;
}

std::string TagsJson(const std::vector<std::string>& tags) {
  return DumpJson(nlohmann::json(tags));
}

Error ArticleNotFound(ArticleId id) {
  return Error{ErrorKind::kNotFound, "not_found", fmt::format("知识条目 {} 不存在", id), ""};
}

// The conditions of `q`; `match` (the FTS expression, if any) first.
SqlWhere Filters(const ArticleQuery& q, const std::string& match) {
  SqlWhere w;
  if (!match.empty()) w.Add("knowledge_fts MATCH ?", match);
  if (q.kind) w.Add("a.kind = ?", std::string(ArticleKindCode(*q.kind)));
  if (!q.category_ids.empty()) w.AddIn("a.category_id", q.category_ids);
  if (q.unit_id) w.Add("a.unit_id = ?", *q.unit_id);
  if (!q.include_disabled) w.Add("a.enabled = ?", std::int64_t{1});
  return w;
}

}  // namespace

std::vector<std::string> ParseTags(std::string_view json_text) {
  const auto parsed = nlohmann::json::parse(json_text, nullptr, false);
  std::vector<std::string> tags;
  if (!parsed.is_array()) return tags;
  for (const auto& tag : parsed)
    if (tag.is_string()) tags.push_back(tag.get<std::string>());
  return tags;
}

Result<std::optional<KnowledgeArticle>> QueryArticle(Connection& db, ArticleId id) {
  auto stmt =
      db.Prepare(fmt::format("SELECT {} FROM knowledge_articles a WHERE a.id = ?", kColumns));
  if (!stmt) return Fail(stmt.error());
  auto row = stmt->BindAll(id).Step();
  if (!row) return Fail(row.error());
  if (!*row) return std::nullopt;
  return FromRow(*stmt);
}

Result<ArticlePage> QueryArticlePage(Connection& db, const ArticleQuery& query) {
  ArticlePage page;
  const std::string match = SearchMatchExpression(query.text);
  // Text without a letter or digit names nothing the index holds.
  if (!query.text.empty() && match.empty()) return page;
  const std::string from =
      match.empty() ? " FROM knowledge_articles a"
                    : " FROM knowledge_fts JOIN knowledge_articles a ON a.id = knowledge_fts.rowid";
  const SqlWhere all = Filters(query, match);

  auto count = db.Prepare("SELECT COUNT(*)" + from + all.sql());
  if (!count) return Fail(count.error());
  all.Bind(*count);
  auto counted = count->Step();
  if (!counted) return Fail(counted.error());
  page.total = count->Int(0);
  const int limit = std::max(query.limit, 0);
  const int offset = std::max(query.offset, 0);
  if (limit == 0 || offset >= page.total) return page;

  const std::string order = match.empty()
                                ? " ORDER BY a.updated_at DESC, a.id DESC"
                                : fmt::format(" ORDER BY {}, a.updated_at DESC, a.id DESC", kRank);
  auto list =
      db.Prepare(fmt::format("SELECT {}{}{}{} LIMIT ? OFFSET ?", kColumns, from, all.sql(), order));
  if (!list) return Fail(list.error());
  const int n = all.Bind(*list);
  list->Bind(n + 1, std::int64_t{limit}).Bind(n + 2, std::int64_t{offset});
  while (true) {
    auto row = list->Step();
    if (!row) return Fail(row.error());
    if (!*row) break;
    page.items.push_back(FromRow(*list));
  }
  return page;
}

Result<ArticleId> InsertArticleRow(Connection& db, const KnowledgeArticle& a) {
  auto stmt = db.Prepare(
      "INSERT INTO knowledge_articles(kind, title, body, category_id, unit_id, tags, enabled,"
      " version, created_by, created_at, updated_by, updated_at)"
      " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  if (!stmt) return Fail(stmt.error());
  stmt->BindAll(ArticleKindCode(a.kind), a.title, a.body, a.category_id, a.unit_id,
                TagsJson(a.tags), a.enabled, a.version, a.created_by, ToMillis(a.created_at),
                a.updated_by, ToMillis(a.updated_at));
  if (auto r = stmt->Run(); !r) return Fail(r.error());
  KnowledgeArticle stored = a;
  stored.id = sqlite3_last_insert_rowid(db.handle());
  if (auto r = IndexArticle(db, stored); !r) return Fail(r.error());
  return stored.id;
}

Result<void> UpdateArticleRow(Connection& db, const KnowledgeArticle& a) {
  auto old = QueryArticle(db, a.id);
  if (!old) return Fail(old.error());
  if (!*old) return Fail(ArticleNotFound(a.id));
  if ((*old)->version != a.version - 1)
    return Fail(ErrorKind::kConflict, "version_conflict",
                fmt::format("知识条目已被他人修改（当前版本 {}），请刷新后重试", (*old)->version),
                "version");
  auto stmt = db.Prepare(
      "UPDATE knowledge_articles SET kind = ?, title = ?, body = ?, category_id = ?, unit_id = ?,"
      " tags = ?, enabled = ?, version = ?, updated_by = ?, updated_at = ? WHERE id = ?");
  if (!stmt) return Fail(stmt.error());
  stmt->BindAll(ArticleKindCode(a.kind), a.title, a.body, a.category_id, a.unit_id,
                TagsJson(a.tags), a.enabled, a.version, a.updated_by, ToMillis(a.updated_at), a.id);
  if (auto r = stmt->Run(); !r) return r;
  if (auto r = UnindexArticle(db, **old); !r) return r;
  return IndexArticle(db, a);
}

Result<void> DeleteArticleRow(Connection& db, ArticleId id) {
  auto old = QueryArticle(db, id);
  if (!old) return Fail(old.error());
  if (!*old) return Fail(ArticleNotFound(id));
  auto stmt = db.Prepare("DELETE FROM knowledge_articles WHERE id = ?");
  if (!stmt) return Fail(stmt.error());
  if (auto r = stmt->BindAll(id).Run(); !r) return r;
  return UnindexArticle(db, **old);
}

}  // namespace hotline::sqlite
