// Handlers of the knowledge base (知识库): search and read for every
// logged-in role, create / edit / delete for its editors (knowledge_service.h).
#include <fmt/format.h>

#include "api/api.h"
#include "api/error_map.h"
#include "api/field_reader.h"
#include "api/handler_support.h"
#include "common/time_format.h"
#include "service/knowledge_service.h"
#include "text/search_terms.h"

namespace hotline {
namespace {

using nlohmann::json;

constexpr std::size_t kMaxQueryBytes = 200;
constexpr int kSnippetChars = 120;

json OptId(const std::optional<std::int64_t>& id) { return id ? json(*id) : json(nullptr); }

json ArticleJson(const KnowledgeArticle& a, const UnitTree& units, const CategoryTree& categories) {
  const Unit* unit = a.unit_id ? units.Find(*a.unit_id) : nullptr;
  const Category* category = a.category_id ? categories.Find(*a.category_id) : nullptr;
  return json{{"id", a.id},
              {"kind", ArticleKindCode(a.kind)},
              {"kind_name", ArticleKindName(a.kind)},
              {"title", a.title},
              {"body", a.body},
              {"category_id", OptId(a.category_id)},
              {"category_name", category ? json(category->name) : json(nullptr)},
              {"unit_id", OptId(a.unit_id)},
              {"unit_name", unit ? json(unit->name) : json(nullptr)},
              {"tags", a.tags},
              {"enabled", a.enabled},
              {"version", a.version},
              {"created_by", a.created_by},
              {"created_at", FormatRfc3339(a.created_at)},
              {"updated_by", a.updated_by},
              {"updated_at", FormatRfc3339(a.updated_at)}};
}

Error ArticleNotFound(std::int64_t id) {
  return Error{ErrorKind::kNotFound, "not_found", fmt::format("知识条目 {} 不存在", id), ""};
}

// Reads the article fields present in `body` into `article`; `creating`
// makes kind, title and body required. A null category_id or unit_id clears it.
Result<void> ReadArticleFields(const json& body, bool creating, KnowledgeArticle& article,
                               std::optional<std::int64_t>* version) {
  FieldReader r(body);
  if (auto kind = r.Enum<ArticleKind>("kind", creating, ParseArticleKind,
                                      "policy、standard_answer、responsibility 或 model_case"))
    article.kind = *kind;
  if (auto title = creating ? std::optional(r.String("title", true)) : r.OptionalString("title"))
    article.title = *title;
  if (auto text = creating ? std::optional(r.String("body", true)) : r.OptionalString("body"))
    article.body = *text;
  for (const char* key : {"category_id", "unit_id"}) {
    auto& target = std::string_view(key) == "category_id" ? article.category_id : article.unit_id;
    if (auto it = body.find(key); it != body.end() && it->is_null()) target.reset();
    if (auto id = r.OptionalInt(key)) {
      if (*id < 1) r.Invalid(key, "应为正整数");
      target = *id;
    }
  }
  if (const json* tags = r.Array("tags", false)) {
    article.tags.clear();
    for (const json& tag : *tags) {
      if (!tag.is_string()) {
        r.Record(Error{ErrorKind::kInvalidInput, "invalid_type", "tags 应为字符串数组", "tags"});
        break;
      }
      article.tags.push_back(tag.get<std::string>());
    }
  }
  if (auto enabled = r.OptionalBool("enabled")) article.enabled = *enabled;
  if (version != nullptr) *version = r.OptionalInt("version");
  return r.Finish();
}

}  // namespace

HttpResponse Api::ListKnowledge(const HttpRequest& req, const PathParams&) const {
  auto actor = Authenticate(req);
  if (!actor) return ErrorResponse(actor.error());
  auto result = [&]() -> Result<HttpResponse> {
    if (auto r = OnlyKnownQuery(req, {"q", "kind", "category_id", "unit_id", "page", "page_size"});
        !r)
      return Fail(r.error());
    ArticleQuery query;
    query.text = std::string(req.Query("q"));
    if (query.text.size() > kMaxQueryBytes)
      return Fail(ErrorKind::kInvalidInput, "too_long", "搜索词过长", "q");
    if (req.HasQuery("kind")) {
      query.kind = ParseArticleKind(req.Query("kind"));
      if (!query.kind)
        return Fail(ErrorKind::kInvalidInput, "invalid_value",
                    "kind 应为 policy、standard_answer、responsibility 或 model_case", "kind");
    }
    const auto categories = deps_.directory.Categories();
    if (req.HasQuery("category_id")) {
      auto id = QueryInt(req, "category_id", 1, INT64_MAX);
      if (!id) return Fail(id.error());
      query.category_ids = CategoryAndAncestors(*categories, *id);
    }
    if (req.HasQuery("unit_id")) {
      auto id = QueryInt(req, "unit_id", 1, INT64_MAX);
      if (!id) return Fail(id.error());
      query.unit_id = *id;
    }
    auto paging = ParsePaging(req, 20);
    if (!paging) return Fail(paging.error());
    query.limit = paging->limit();
    query.offset = paging->offset();
    query.include_disabled = MayEditKnowledge(actor->role);
    auto page = deps_.store.SearchArticles(query);
    if (!page) return Fail(page.error());
    const auto units = deps_.directory.Units();
    json items = json::array();
    for (const KnowledgeArticle& a : page->items) {
      json item = ArticleJson(a, *units, *categories);
      item["title_html"] = HighlightSnippet(a.title, query.text, 1000);
      item["snippet"] = HighlightSnippet(a.body, query.text, kSnippetChars);
      items.push_back(std::move(item));
    }
    return JsonResponse(200, json{{"items", std::move(items)},
                                  {"total", page->total},
                                  {"page", paging->page},
                                  {"page_size", paging->page_size}});
  }();
  return Respond(std::move(result), actor->username);
}

HttpResponse Api::GetKnowledge(const HttpRequest& req, const PathParams& params) const {
  auto actor = Authenticate(req);
  if (!actor) return ErrorResponse(actor.error());
  auto result = [&]() -> Result<HttpResponse> {
    auto id = ParseId(params.at("id"), "id");
    if (!id) return Fail(id.error());
    auto found = deps_.store.GetArticle(*id);
    if (!found) return Fail(found.error());
    // A disabled article is hidden from those who cannot edit it.
    if (!*found || (!(*found)->enabled && !MayEditKnowledge(actor->role)))
      return Fail(ArticleNotFound(*id));
    return JsonResponse(
        200, ArticleJson(**found, *deps_.directory.Units(), *deps_.directory.Categories()));
  }();
  return Respond(std::move(result), actor->username);
}

HttpResponse Api::CreateKnowledge(const HttpRequest& req, const PathParams&) const {
  auto actor = Authenticate(req);
  if (!actor) return ErrorResponse(actor.error());
  auto result = [&]() -> Result<HttpResponse> {
    if (!MayEditKnowledge(actor->role))
      return Fail(ErrorKind::kForbidden, "role_not_allowed",
                  "只有系统管理员或督办员可以编辑知识库");
    auto body = ParseJsonObject(req.body);
    if (!body) return Fail(body.error());
    KnowledgeArticle draft;
    if (auto r = ReadArticleFields(*body, true, draft, nullptr); !r) return Fail(r.error());
    KnowledgeService service(deps_.store, deps_.directory);
    auto created = service.Create(std::move(draft), *actor, deps_.orders.GetClock().Now());
    if (!created) return Fail(created.error());
    return JsonResponse(
        201, ArticleJson(*created, *deps_.directory.Units(), *deps_.directory.Categories()));
  }();
  return Respond(std::move(result), actor->username);
}

HttpResponse Api::UpdateKnowledge(const HttpRequest& req, const PathParams& params) const {
  auto actor = Authenticate(req);
  if (!actor) return ErrorResponse(actor.error());
  auto result = [&]() -> Result<HttpResponse> {
    if (!MayEditKnowledge(actor->role))
      return Fail(ErrorKind::kForbidden, "role_not_allowed",
                  "只有系统管理员或督办员可以编辑知识库");
    auto id = ParseId(params.at("id"), "id");
    if (!id) return Fail(id.error());
    auto body = ParseJsonObject(req.body);
    if (!body) return Fail(body.error());
    // Parse once against a scratch article so bad input fails before the
    // write; the same fields are then applied to the stored article.
    KnowledgeArticle scratch;
    std::optional<std::int64_t> version;
    if (auto r = ReadArticleFields(*body, false, scratch, &version); !r) return Fail(r.error());
    KnowledgeService service(deps_.store, deps_.directory);
    auto updated = service.Update(
        *id, version,
        [&](KnowledgeArticle& a) { (void)ReadArticleFields(*body, false, a, nullptr); }, *actor,
        deps_.orders.GetClock().Now());
    if (!updated) return Fail(updated.error());
    return JsonResponse(
        200, ArticleJson(*updated, *deps_.directory.Units(), *deps_.directory.Categories()));
  }();
  return Respond(std::move(result), actor->username);
}

HttpResponse Api::DeleteKnowledge(const HttpRequest& req, const PathParams& params) const {
  auto actor = Authenticate(req);
  if (!actor) return ErrorResponse(actor.error());
  auto result = [&]() -> Result<HttpResponse> {
    if (auto r = OnlyKnownQuery(req, {"version"}); !r) return Fail(r.error());
    auto id = ParseId(params.at("id"), "id");
    if (!id) return Fail(id.error());
    std::optional<std::int64_t> version;
    if (req.HasQuery("version")) {
      auto v = QueryInt(req, "version", 1, INT64_MAX);
      if (!v) return Fail(v.error());
      version = *v;
    }
    KnowledgeService service(deps_.store, deps_.directory);
    if (auto r = service.Delete(*id, version, *actor); !r) return Fail(r.error());
    return NoContentResponse();
  }();
  return Respond(std::move(result), actor->username);
}

}  // namespace hotline
