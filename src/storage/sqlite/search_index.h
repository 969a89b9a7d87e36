// Writes of the full-text indexes (orders_fts, knowledge_fts): the derived
// bigram text of text/search_terms.h for each searchable column, and the
// rebuild that runs when the stored index follows an older tokenisation.
//
// The FTS tables are contentless, so a removal must name exactly the texts
// that were indexed; callers pass the row's previous values.
//
// Thread safety: as the Connection passed in (one thread at a time).
#pragma once

#include <cstdint>
#include <string_view>

#include "knowledge/article.h"
#include "storage/sqlite/connection.h"
#include "workorder/order.h"

namespace hotline::sqlite {

// The tokenisation the program writes; bump it when SearchIndexText changes
// so that existing databases are re-indexed at the next start.
inline constexpr int kSearchIndexVersion = 1;

struct OrderTexts {
  std::string_view title, content, address;
  bool operator==(const OrderTexts&) const = default;
};

Result<void> IndexOrderTexts(Connection& db, OrderId id, const OrderTexts& texts);
Result<void> UnindexOrderTexts(Connection& db, OrderId id, const OrderTexts& texts);

Result<void> IndexArticle(Connection& db, const KnowledgeArticle& article);
Result<void> UnindexArticle(Connection& db, const KnowledgeArticle& article);

// Re-indexes every order and article when the index is missing or follows an
// older kSearchIndexVersion, in one transaction of its own; returns how many
// rows it indexed (0 when the index was current). Call before serving.
Result<std::int64_t> EnsureSearchIndex(Connection& db);

}  // namespace hotline::sqlite
