#include "service/knowledge_service.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

namespace hotline {
namespace {

Error NotFound(ArticleId id) {
  return Error{ErrorKind::kNotFound, "not_found", fmt::format("知识条目 {} 不存在", id), ""};
}

Error StaleVersion(std::int64_t stored) {
  return Error{ErrorKind::kConflict, "version_conflict",
               fmt::format("知识条目已被他人修改（当前版本 {}），请刷新后重试", stored), "version"};
}

}  // namespace

bool MayEditKnowledge(Role role) { return role == Role::kAdmin || role == Role::kSupervisor; }

std::vector<CategoryId> CategoryAndAncestors(const CategoryTree& categories, CategoryId category) {
  std::vector<CategoryId> out;
  for (const Category* c = categories.Find(category); c != nullptr && out.size() < 16;
       c = c->parent_id ? categories.Find(*c->parent_id) : nullptr)
    out.push_back(c->id);
  if (out.empty()) out.push_back(category);  // unknown: matches nothing, as asked
  return out;
}

Result<void> KnowledgeService::Check(KnowledgeArticle& article, const Actor& actor) const {
  if (!MayEditKnowledge(actor.role))
    return Fail(ErrorKind::kForbidden, "role_not_allowed", "只有系统管理员或督办员可以编辑知识库");
  if (auto r = NormalizeArticle(article); !r) return r;
  if (article.category_id && directory_.Categories()->Find(*article.category_id) == nullptr)
    return Fail(ErrorKind::kBusinessRule, "unknown_category",
                fmt::format("诉求分类 {} 不存在", *article.category_id), "category_id");
  if (article.unit_id && directory_.Units()->Find(*article.unit_id) == nullptr)
    return Fail(ErrorKind::kBusinessRule, "unknown_unit",
                fmt::format("单位 {} 不存在", *article.unit_id), "unit_id");
  return {};
}

Result<KnowledgeArticle> KnowledgeService::Create(KnowledgeArticle draft, const Actor& actor,
                                                  Instant now) const {
  if (auto r = Check(draft, actor); !r) return Fail(r.error());
  draft.id = 0;
  draft.version = 1;
  draft.created_by = draft.updated_by = actor.user_id;
  draft.created_at = draft.updated_at = now;
  auto written = store_.Write([&](WriteTxn& txn) -> Result<void> {
    auto id = txn.InsertArticle(draft);
    if (!id) return Fail(id.error());
    draft.id = *id;
    return {};
  });
  if (!written) return Fail(written.error());
  spdlog::info("audit knowledge_created user={} id={} kind={}", actor.username, draft.id,
               ArticleKindCode(draft.kind));
  return draft;
}

Result<KnowledgeArticle> KnowledgeService::Update(
    ArticleId id, std::optional<std::int64_t> expected_version,
    const std::function<void(KnowledgeArticle&)>& edit, const Actor& actor, Instant now) const {
  if (!MayEditKnowledge(actor.role))
    return Fail(ErrorKind::kForbidden, "role_not_allowed", "只有系统管理员或督办员可以编辑知识库");
  KnowledgeArticle saved;
  auto written = store_.Write([&](WriteTxn& txn) -> Result<void> {
    auto loaded = txn.LoadArticle(id);
    if (!loaded) return Fail(loaded.error());
    if (!*loaded) return Fail(NotFound(id));
    KnowledgeArticle article = std::move(**loaded);
    if (expected_version && *expected_version != article.version)
      return Fail(StaleVersion(article.version));
    edit(article);
    if (auto r = Check(article, actor); !r) return r;
    article.version += 1;
    article.updated_by = actor.user_id;
    article.updated_at = now;
    if (auto r = txn.UpdateArticle(article); !r) return r;
    saved = std::move(article);
    return {};
  });
  if (!written) return Fail(written.error());
  spdlog::info("audit knowledge_updated user={} id={} version={}", actor.username, id,
               saved.version);
  return saved;
}

Result<void> KnowledgeService::Delete(ArticleId id, std::optional<std::int64_t> expected_version,
                                      const Actor& actor) const {
  if (!MayEditKnowledge(actor.role))
    return Fail(ErrorKind::kForbidden, "role_not_allowed", "只有系统管理员或督办员可以编辑知识库");
  auto written = store_.Write([&](WriteTxn& txn) -> Result<void> {
    auto loaded = txn.LoadArticle(id);
    if (!loaded) return Fail(loaded.error());
    if (!*loaded) return Fail(NotFound(id));
    if (expected_version && *expected_version != (*loaded)->version)
      return Fail(StaleVersion((*loaded)->version));
    return txn.DeleteArticle(id);
  });
  if (!written) return Fail(written.error());
  spdlog::info("audit knowledge_deleted user={} id={}", actor.username, id);
  return {};
}

}  // namespace hotline
