// The knowledge base (知识库) as staff use it: every staff role reads and
// searches it; administrators and supervisors (督办员, the platform's quality
// staff) write it. Edits are checked (fields, referenced category and unit),
// versioned (a stale version is refused) and logged for the audit.
// Stateless; thread-safe as the Store and Directory it is given.
#pragma once

#include <functional>
#include <optional>

#include "knowledge/article.h"
#include "service/directory.h"
#include "storage/store.h"
#include "workorder/commands.h"

namespace hotline {

// Whether `role` may create, edit and delete articles (and see disabled ones).
bool MayEditKnowledge(Role role);

// `category` and the categories above it: an article filed under a broader
// category applies to the narrower ones too.
std::vector<CategoryId> CategoryAndAncestors(const CategoryTree& categories, CategoryId category);

class KnowledgeService {
 public:
  KnowledgeService(Store& store, const Directory& directory)
      : store_(store), directory_(directory) {}

  // Stores `draft` as version 1, written by `actor` at `now`.
  Result<KnowledgeArticle> Create(KnowledgeArticle draft, const Actor& actor, Instant now) const;
  // Applies `edit` to the stored article and stores it as the next version.
  // With `expected_version`, a different stored version is a kConflict.
  Result<KnowledgeArticle> Update(ArticleId id, std::optional<std::int64_t> expected_version,
                                  const std::function<void(KnowledgeArticle&)>& edit,
                                  const Actor& actor, Instant now) const;
  Result<void> Delete(ArticleId id, std::optional<std::int64_t> expected_version,
                      const Actor& actor) const;

 private:
  Result<void> Check(KnowledgeArticle& article, const Actor& actor) const;

  Store& store_;
  const Directory& directory_;
};

}  // namespace hotline
