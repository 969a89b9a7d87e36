// Dispatch suggestions and the knowledge behind them (docs/dispatch.md):
//   GET  /api/v1/orders/{id}/suggestions          for a saved order (recorded)
//   POST /api/v1/dispatch/suggest                 for a demand being taken
//   GET  /api/v1/dispatch/models                  versions and how they fared
//   POST /api/v1/dispatch/models                  train a new version now
//   GET/POST /api/v1/dispatch/responsibilities, DELETE .../{id}   权责清单
//   GET/POST /api/v1/dispatch/places, DELETE .../{id}             gazetteer
#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <nlohmann/json.hpp>

#include "api/api.h"
#include "api/error_map.h"
#include "api/field_reader.h"
#include "api/handler_support.h"
#include "common/time_format.h"

namespace hotline {
namespace {

using nlohmann::json;

constexpr std::size_t kMaxTextBytes = 20000;

// Platform staff who take or route demands, and those who oversee them.
bool MaySeeSuggestions(Role role) {
  return role == Role::kAgent || role == Role::kDispatcher || role == Role::kAdmin ||
         role == Role::kSupervisor || role == Role::kLeader;
}

Result<void> RequireRole(const Actor& actor, bool allowed, std::string_view what) {
  if (allowed) return {};
  return Fail(ErrorKind::kForbidden, "role_not_allowed", std::string(what));
}

json OptionJson(const SuggestedOption& o, std::string_view id_key, std::string name) {
  return json{{std::string(id_key), o.id},
              {"name", std::move(name)},
              {"confidence", std::round(o.confidence * 10000) / 10000},
              {"reasons", o.reasons}};
}

json SuggestionJson(const DispatchSuggestion& s, const UnitTree& units,
                    const CategoryTree& categories) {
  json cats = json::array(), unit_list = json::array();
  for (const SuggestedOption& o : s.categories) {
    const Category* c = categories.Find(o.id);
    cats.push_back(OptionJson(o, "category_id", c ? c->name : ""));
  }
  for (const SuggestedOption& o : s.units) {
    const Unit* u = units.Find(o.id);
    json item = OptionJson(o, "unit_id", u ? u->name : "");
    if (u) item["kind"] = UnitKindCode(u->kind);
    unit_list.push_back(std::move(item));
  }
  json place = nullptr;
  if (s.place) {
    const Unit* street = units.Find(s.place->street_unit_id);
    const Unit* community =
        s.place->community_unit_id ? units.Find(*s.place->community_unit_id) : nullptr;
    place = json{{"street_unit_id", s.place->street_unit_id},
                 {"street_name", street ? street->name : ""},
                 {"community_unit_id",
                  s.place->community_unit_id ? json(*s.place->community_unit_id) : json(nullptr)},
                 {"community_name", community ? json(community->name) : json(nullptr)},
                 {"confidence", std::round(s.place->confidence * 10000) / 10000},
                 {"names", s.place->names}};
  }
  return json{{"model_version", s.model_version > 0 ? json(s.model_version) : json(nullptr)},
              {"categories", std::move(cats)},
              {"units", std::move(unit_list)},
              {"place", std::move(place)}};
}

json ResponsibilityJson(const Responsibility& r, const UnitTree& units,
                        const CategoryTree& categories) {
  const Unit* u = units.Find(r.unit_id);
  const Category* c = r.category_id ? categories.Find(*r.category_id) : nullptr;
  return json{{"id", r.id},
              {"unit_id", r.unit_id},
              {"unit_name", u ? u->name : ""},
              {"phrase", r.phrase},
              {"category_id", r.category_id ? json(*r.category_id) : json(nullptr)},
              {"category_name", c ? json(c->name) : json(nullptr)},
              {"note", r.note}};
}

json PlaceJson(const Place& p, const UnitTree& units) {
  const Unit* street = units.Find(p.street_unit_id);
  return json{
      {"id", p.id},
      {"name", p.name},
      {"kind", PlaceKindCode(p.kind)},
      {"kind_name", PlaceKindName(p.kind)},
      {"street_unit_id", p.street_unit_id},
      {"street_name", street ? street->name : ""},
      {"community_unit_id", p.community_unit_id ? json(*p.community_unit_id) : json(nullptr)}};
}

Result<std::string> BoundedText(FieldReader& reader, std::string_view key, bool required) {
  std::string text = reader.String(key, required);
  if (text.size() > kMaxTextBytes)
    return Fail(ErrorKind::kInvalidInput, "too_long", "内容过长", std::string(key));
  return text;
}

}  // namespace

Result<DispatchAdvisor*> Api::Advisor(const Actor& actor, bool allowed,
                                      std::string_view refusal) const {
  if (auto r = RequireRole(actor, allowed, refusal); !r) return Fail(r.error());
  if (!deps_.dispatch)
    return Fail(ErrorKind::kUnavailable, "dispatch_unavailable", "派单建议服务未启用");
  return deps_.dispatch;
}

void Api::AutoDispatch(const WorkOrder& order) const {
  // Off (the default): intake neither asks for nor records a suggestion.
  if (!deps_.dispatch || !deps_.dispatch->AutomaticDispatchOn() ||
      order.state != State::kPendingDispatch)
    return;
  auto suggestion = deps_.dispatch->SuggestForOrder(order);
  if (!suggestion) {
    spdlog::warn("order {}: no dispatch suggestion: {}", order.id, suggestion.error().message);
    return;
  }
  const auto lead = deps_.dispatch->AutomaticLeadUnit(*suggestion);
  if (!lead) return;
  const Actor platform{0, "system", Role::kDispatcher, deps_.directory.Units()->PlatformId()};
  RouteCommand route;
  route.lead_unit_id = lead->id;
  route.note =
      fmt::format("自动派单：置信度 {:.0f}%（{}）", lead->confidence * 100,
                  suggestion->model_version > 0 ? fmt::format("模型 v{}", suggestion->model_version)
                                                : std::string("权责清单与地名"));
  auto dispatched = deps_.orders.Act(platform, order.id, Action::kDispatch, route, order.version);
  if (!dispatched)
    spdlog::warn("order {}: automatic dispatch refused: {}", order.id, dispatched.error().message);
}

HttpResponse Api::SuggestForOrder(const HttpRequest& req, const PathParams& params) const {
  auto actor = Authenticate(req);
  if (!actor) return ErrorResponse(actor.error());
  auto result = [&]() -> Result<HttpResponse> {
    if (auto known = OnlyKnownQuery(req, {}); !known) return Fail(known.error());
    auto advisor = Advisor(*actor, MaySeeSuggestions(actor->role), "无权查看派单建议");
    if (!advisor) return Fail(advisor.error());
    auto id = ParseId(params.at("id"), "id");
    if (!id) return Fail(id.error());
    auto view = deps_.orders.Get(*actor, *id);
    if (!view) return Fail(view.error());
    auto suggestion = (*advisor)->SuggestForOrder(view->order());
    if (!suggestion) return Fail(suggestion.error());
    return JsonResponse(
        200, SuggestionJson(*suggestion, *deps_.directory.Units(), *deps_.directory.Categories()));
  }();
  return Respond(std::move(result), actor->username);
}

HttpResponse Api::SuggestForDraft(const HttpRequest& req, const PathParams&) const {
  auto actor = Authenticate(req);
  if (!actor) return ErrorResponse(actor.error());
  auto result = [&]() -> Result<HttpResponse> {
    auto advisor = Advisor(*actor, MaySeeSuggestions(actor->role), "无权查看派单建议");
    if (!advisor) return Fail(advisor.error());
    auto body = ParseJsonObject(req.body);
    if (!body) return Fail(body.error());
    FieldReader reader(*body);
    SuggestionInput input;
    auto title = BoundedText(reader, "title", false);
    if (!title) return Fail(title.error());
    auto content = BoundedText(reader, "content", false);
    if (!content) return Fail(content.error());
    auto address = BoundedText(reader, "address", false);
    if (!address) return Fail(address.error());
    input.title = std::move(*title);
    input.content = std::move(*content);
    input.address = std::move(*address);
    input.category_id = reader.OptionalInt("category_id");
    if (auto r = reader.Finish(); !r) return Fail(r.error());
    if (input.title.empty() && input.content.empty() && input.address.empty())
      return Fail(ErrorKind::kInvalidInput, "missing_field", "请至少填写标题、内容或地址之一",
                  "content");
    if (input.category_id && !deps_.directory.Categories()->Find(*input.category_id))
      return Fail(ErrorKind::kInvalidInput, "category_not_found", "诉求类别不存在", "category_id");
    auto suggestion = (*advisor)->Suggest(input);
    if (!suggestion) return Fail(suggestion.error());
    return JsonResponse(
        200, SuggestionJson(*suggestion, *deps_.directory.Units(), *deps_.directory.Categories()));
  }();
  return Respond(std::move(result), actor->username);
}

HttpResponse Api::ListDispatchModels(const HttpRequest& req, const PathParams&) const {
  auto actor = Authenticate(req);
  if (!actor) return ErrorResponse(actor.error());
  auto result = [&]() -> Result<HttpResponse> {
    if (auto known = OnlyKnownQuery(req, {}); !known) return Fail(known.error());
    auto advisor = Advisor(*actor, MaySeeSuggestions(actor->role), "无权查看派单模型");
    if (!advisor) return Fail(advisor.error());
    auto models = (*advisor)->store().ListModels();
    if (!models) return Fail(models.error());
    auto outcomes = (*advisor)->store().ModelOutcomes();
    if (!outcomes) return Fail(outcomes.error());
    json items = json::array();
    for (const DispatchModelInfo& m : *models) {
      json item{{"version", m.version},
                {"created_at", FormatRfc3339(m.created_at)},
                {"trained_orders", m.trained_orders},
                {"category_labels", m.category_labels},
                {"unit_labels", m.unit_labels},
                {"details", json::parse(m.details_json, nullptr, false)},
                {"in_force", m.version == (*advisor)->ModelVersion()}};
      json outcome{{"suggested", 0}, {"settled", 0}, {"unit_hits", 0}, {"category_hits", 0}};
      for (const DispatchModelOutcome& o : *outcomes)
        if (o.version == m.version)
          outcome = json{{"suggested", o.suggested},
                         {"settled", o.settled},
                         {"unit_hits", o.unit_hits},
                         {"category_hits", o.category_hits}};
      item["outcome"] = std::move(outcome);
      items.push_back(std::move(item));
    }
    return JsonResponse(200, json{{"items", std::move(items)}});
  }();
  return Respond(std::move(result), actor->username);
}

HttpResponse Api::TrainDispatchModel(const HttpRequest& req, const PathParams&) const {
  auto actor = Authenticate(req);
  if (!actor) return ErrorResponse(actor.error());
  auto result = [&]() -> Result<HttpResponse> {
    auto advisor = Advisor(*actor, actor->role == Role::kAdmin, "只有系统管理员可以训练模型");
    if (!advisor) return Fail(advisor.error());
    auto report = (*advisor)->Train();
    if (!report) return Fail(report.error());
    return JsonResponse(201, json{{"version", report->version},
                                  {"trained_orders", report->orders},
                                  {"category_labels", report->category_labels},
                                  {"unit_labels", report->unit_labels},
                                  {"held_out_category_top1", report->category_top1},
                                  {"held_out_unit_top1", report->unit_top1},
                                  {"seconds", report->seconds}});
  }();
  return Respond(std::move(result), actor->username);
}

HttpResponse Api::ListResponsibilities(const HttpRequest& req, const PathParams&) const {
  auto actor = Authenticate(req);
  if (!actor) return ErrorResponse(actor.error());
  auto result = [&]() -> Result<HttpResponse> {
    if (auto known = OnlyKnownQuery(req, {}); !known) return Fail(known.error());
    auto advisor = Advisor(*actor, MaySeeSuggestions(actor->role), "无权查看权责清单");
    if (!advisor) return Fail(advisor.error());
    auto rules = (*advisor)->Responsibilities();
    if (!rules) return Fail(rules.error());
    const auto units = deps_.directory.Units();
    const auto categories = deps_.directory.Categories();
    json items = json::array();
    for (const Responsibility& r : *rules)
      items.push_back(ResponsibilityJson(r, *units, *categories));
    return JsonResponse(200, json{{"items", std::move(items)}});
  }();
  return Respond(std::move(result), actor->username);
}

HttpResponse Api::AddResponsibility(const HttpRequest& req, const PathParams&) const {
  auto actor = Authenticate(req);
  if (!actor) return ErrorResponse(actor.error());
  auto result = [&]() -> Result<HttpResponse> {
    auto advisor = Advisor(*actor, actor->role == Role::kAdmin, "只有系统管理员可以维护权责清单");
    if (!advisor) return Fail(advisor.error());
    auto body = ParseJsonObject(req.body);
    if (!body) return Fail(body.error());
    FieldReader reader(*body);
    Responsibility rule;
    rule.unit_id = reader.Int("unit_id", true);
    rule.phrase = reader.OptionalString("phrase").value_or("");
    rule.category_id = reader.OptionalInt("category_id");
    rule.note = reader.OptionalString("note").value_or("");
    if (auto r = reader.Finish(); !r) return Fail(r.error());
    auto added = (*advisor)->AddResponsibility(rule);
    if (!added) return Fail(added.error());
    return JsonResponse(
        201, ResponsibilityJson(*added, *deps_.directory.Units(), *deps_.directory.Categories()));
  }();
  return Respond(std::move(result), actor->username);
}

HttpResponse Api::DeleteResponsibility(const HttpRequest& req, const PathParams& params) const {
  auto actor = Authenticate(req);
  if (!actor) return ErrorResponse(actor.error());
  auto result = [&]() -> Result<HttpResponse> {
    auto advisor = Advisor(*actor, actor->role == Role::kAdmin, "只有系统管理员可以维护权责清单");
    if (!advisor) return Fail(advisor.error());
    auto id = ParseId(params.at("id"), "id");
    if (!id) return Fail(id.error());
    if (auto r = (*advisor)->DeleteResponsibility(*id); !r) return Fail(r.error());
    return NoContentResponse();
  }();
  return Respond(std::move(result), actor->username);
}

HttpResponse Api::ListPlaces(const HttpRequest& req, const PathParams&) const {
  auto actor = Authenticate(req);
  if (!actor) return ErrorResponse(actor.error());
  auto result = [&]() -> Result<HttpResponse> {
    if (auto known = OnlyKnownQuery(req, {}); !known) return Fail(known.error());
    auto advisor = Advisor(*actor, MaySeeSuggestions(actor->role), "无权查看地名库");
    if (!advisor) return Fail(advisor.error());
    auto places = (*advisor)->Places();
    if (!places) return Fail(places.error());
    const auto units = deps_.directory.Units();
    json items = json::array();
    for (const Place& p : *places) items.push_back(PlaceJson(p, *units));
    return JsonResponse(200, json{{"items", std::move(items)}});
  }();
  return Respond(std::move(result), actor->username);
}

HttpResponse Api::AddPlace(const HttpRequest& req, const PathParams&) const {
  auto actor = Authenticate(req);
  if (!actor) return ErrorResponse(actor.error());
  auto result = [&]() -> Result<HttpResponse> {
    auto advisor = Advisor(*actor, actor->role == Role::kAdmin, "只有系统管理员可以维护地名库");
    if (!advisor) return Fail(advisor.error());
    auto body = ParseJsonObject(req.body);
    if (!body) return Fail(body.error());
    FieldReader reader(*body);
    Place place;
    place.name = reader.String("name", true);
    place.kind = reader
                     .Enum<PlaceKind>("kind", true, ParsePlaceKind,
                                      "estate、road、landmark、community 或 street")
                     .value_or(PlaceKind::kEstate);
    place.street_unit_id = reader.Int("street_unit_id", true);
    place.community_unit_id = reader.OptionalInt("community_unit_id");
    if (auto r = reader.Finish(); !r) return Fail(r.error());
    auto added = (*advisor)->AddPlace(place);
    if (!added) return Fail(added.error());
    return JsonResponse(201, PlaceJson(*added, *deps_.directory.Units()));
  }();
  return Respond(std::move(result), actor->username);
}

HttpResponse Api::DeletePlace(const HttpRequest& req, const PathParams& params) const {
  auto actor = Authenticate(req);
  if (!actor) return ErrorResponse(actor.error());
  auto result = [&]() -> Result<HttpResponse> {
    auto advisor = Advisor(*actor, actor->role == Role::kAdmin, "只有系统管理员可以维护地名库");
    if (!advisor) return Fail(advisor.error());
    auto id = ParseId(params.at("id"), "id");
    if (!id) return Fail(id.error());
    if (auto r = (*advisor)->DeletePlace(*id); !r) return Fail(r.error());
    return NoContentResponse();
  }();
  return Respond(std::move(result), actor->username);
}

}  // namespace hotline
