// Knowledge base articles (知识库): policies, standard answers, unit
// responsibilities and model cases that agents search while a call goes on
// and quote in direct answers (直接答复). Pure data and validation.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/clock.h"
#include "common/error.h"
#include "org/unit.h"
#include "workorder/order.h"

namespace hotline {

enum class ArticleKind { kPolicy, kStandardAnswer, kResponsibility, kModelCase };

inline constexpr ArticleKind kAllArticleKinds[] = {
    ArticleKind::kPolicy, ArticleKind::kStandardAnswer, ArticleKind::kResponsibility,
    ArticleKind::kModelCase};

std::string_view ArticleKindCode(ArticleKind kind);  // "policy", "standard_answer", ...
std::string_view ArticleKindName(ArticleKind kind);  // 政策法规, 标准答复, 职责, 范例
std::optional<ArticleKind> ParseArticleKind(std::string_view code);

using ArticleId = std::int64_t;

struct KnowledgeArticle {
  ArticleId id = 0;
  ArticleKind kind = ArticleKind::kStandardAnswer;
  std::string title;
  std::string body;
  std::optional<CategoryId> category_id;
  std::optional<UnitId> unit_id;  // the responsible unit, if the article is about one
  std::vector<std::string> tags;
  bool enabled = true;  // disabled articles are kept but hidden from non-editors
  std::int64_t version = 1;
  UserId created_by = 0;
  Instant created_at{};
  UserId updated_by = 0;
  Instant updated_at{};
};

// Limits on article fields (characters, not bytes).
inline constexpr std::size_t kMaxArticleTitleChars = 200;
inline constexpr std::size_t kMaxArticleBodyChars = 20000;
inline constexpr std::size_t kMaxArticleTags = 20;
inline constexpr std::size_t kMaxArticleTagChars = 30;

// Checks title, body and tags: kInvalidInput naming the field otherwise.
// Trims the title and tags and drops repeated tags.
Result<void> NormalizeArticle(KnowledgeArticle& article);

}  // namespace hotline
