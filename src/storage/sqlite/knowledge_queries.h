// Knowledge base (知识库) rows of the SQLite backend: reads for the store and
// the write transaction, writes that keep knowledge_fts in step.
//
// Thread safety: as the Connection passed in (one thread at a time).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "storage/sqlite/connection.h"
#include "storage/store.h"

namespace hotline::sqlite {

// Tags as stored (a JSON array of strings); malformed text reads as none.
std::vector<std::string> ParseTags(std::string_view json_text);

Result<std::optional<KnowledgeArticle>> QueryArticle(Connection& db, ArticleId id);
Result<ArticlePage> QueryArticlePage(Connection& db, const ArticleQuery& query);

Result<ArticleId> InsertArticleRow(Connection& db, const KnowledgeArticle& article);
Result<void> UpdateArticleRow(Connection& db, const KnowledgeArticle& article);
Result<void> DeleteArticleRow(Connection& db, ArticleId id);

}  // namespace hotline::sqlite
