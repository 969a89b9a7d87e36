#include "knowledge/article.h"

#include <fmt/format.h>

#include <algorithm>

#include "text/shingles.h"

namespace hotline {
namespace {

std::size_t CharCount(std::string_view utf8) { return DecodeUtf8(utf8).size(); }

std::string Trim(std::string_view s) {
  constexpr std::string_view kSpace = " \t\r\n";
  const auto first = s.find_first_not_of(kSpace);
  if (first == std::string_view::npos) return {};
  const auto last = s.find_last_not_of(kSpace);
  std::string out(s.substr(first, last - first + 1));
  // An ideographic space at either end is whitespace too.
  constexpr std::string_view kWide = "\u3000";
  while (out.starts_with(kWide)) out.erase(0, kWide.size());
  while (out.ends_with(kWide)) out.erase(out.size() - kWide.size());
  return out;
}

}  // namespace

std::string_view ArticleKindCode(ArticleKind kind) {
  switch (kind) {
    case ArticleKind::kPolicy:
      return "policy";
    case ArticleKind::kStandardAnswer:
      return "standard_answer";
    case ArticleKind::kResponsibility:
      return "responsibility";
    case ArticleKind::kModelCase:
      return "model_case";
  }
  return "standard_answer";
}

std::string_view ArticleKindName(ArticleKind kind) {
  switch (kind) {
    case ArticleKind::kPolicy:
      return "政策法规";
    case ArticleKind::kStandardAnswer:
      return "标准答复";
    case ArticleKind::kResponsibility:
      return "职责";
    case ArticleKind::kModelCase:
      return "范例";
  }
  return "标准答复";
}

std::optional<ArticleKind> ParseArticleKind(std::string_view code) {
  for (ArticleKind kind : kAllArticleKinds)
    if (ArticleKindCode(kind) == code) return kind;
  return std::nullopt;
}

Result<void> NormalizeArticle(KnowledgeArticle& article) {
  article.title = Trim(article.title);
  if (article.title.empty())
    return Fail(ErrorKind::kInvalidInput, "invalid_field", "请填写标题", "title");
  if (CharCount(article.title) > kMaxArticleTitleChars)
    return Fail(ErrorKind::kInvalidInput, "too_long",
                fmt::format("标题最多 {} 个字", kMaxArticleTitleChars), "title");
  if (Trim(article.body).empty())
    return Fail(ErrorKind::kInvalidInput, "invalid_field", "请填写正文", "body");
  if (CharCount(article.body) > kMaxArticleBodyChars)
    return Fail(ErrorKind::kInvalidInput, "too_long",
                fmt::format("正文最多 {} 个字", kMaxArticleBodyChars), "body");
  std::vector<std::string> tags;
  for (const std::string& raw : article.tags) {
    std::string tag = Trim(raw);
    if (tag.empty()) return Fail(ErrorKind::kInvalidInput, "invalid_field", "标签不能为空", "tags");
    if (CharCount(tag) > kMaxArticleTagChars)
      return Fail(ErrorKind::kInvalidInput, "too_long",
                  fmt::format("每个标签最多 {} 个字", kMaxArticleTagChars), "tags");
    if (std::find(tags.begin(), tags.end(), tag) == tags.end()) tags.push_back(std::move(tag));
  }
  if (tags.size() > kMaxArticleTags)
    return Fail(ErrorKind::kInvalidInput, "too_long",
                fmt::format("标签最多 {} 个", kMaxArticleTags), "tags");
  article.tags = std::move(tags);
  return {};
}

}  // namespace hotline
