// Governance topics (治理专题 / 一策治理 / 每月一题, docs/hotspots.md §5):
// proposals from recurring place × category cells, CRUD, and the weekly
// demand volume before and after a topic's start. Supervisors, leaders and
// administrators edit; every signed-in user reads.
#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <algorithm>

#include "api/api.h"
#include "api/error_map.h"
#include "api/field_reader.h"
#include "api/handler_support.h"
#include "common/time_format.h"
#include "service/hotspot_service.h"
#include "workorder/message_hotspots.h"

namespace hotline {
namespace {

using nlohmann::json;

constexpr std::size_t kMaxTitleBytes = 300;
constexpr std::size_t kMaxDescriptionBytes = 8000;
constexpr std::size_t kMaxMeasures = 50;
constexpr std::size_t kMaxMeasureBytes = 1000;
constexpr std::size_t kMaxOwners = 50;
constexpr std::size_t kMaxKeywordBytes = 200;

bool MayEditTopics(Role role) {
  return role == Role::kSupervisor || role == Role::kLeader || role == Role::kAdmin;
}

std::string IsoDay(DayNumber day) {
  const std::string s = ChinaDayStamp(StartOfChinaDay(day));
  return fmt::format("{}-{}-{}", s.substr(0, 4), s.substr(4, 2), s.substr(6, 2));
}

std::string UnitName(const UnitTree& units, UnitId id) {
  const Unit* unit = units.Find(id);
  return unit ? unit->name : std::string();
}

json TopicJson(const GovernanceTopic& t, const UnitTree& units, const CategoryTree& categories) {
  const Category* c = categories.Find(t.category_id);
  json owners = json::array();
  for (UnitId u : t.owner_unit_ids) owners.push_back(json{{"id", u}, {"name", UnitName(units, u)}});
  return json{{"id", t.id},
              {"title", t.title},
              {"description", t.description},
              {"category_id", t.category_id},
              {"category_name", c ? c->name : std::string()},
              {"street_unit_id", t.street_unit_id ? json(*t.street_unit_id) : json(nullptr)},
              {"street_name", t.street_unit_id ? UnitName(units, *t.street_unit_id) : ""},
              {"address_keyword", t.address_keyword},
              {"owner_unit_ids", t.owner_unit_ids},
              {"owner_units", std::move(owners)},
              {"measures", t.measures},
              {"start_date", t.start_date},
              {"end_date", t.end_date.empty() ? json(nullptr) : json(t.end_date)},
              {"status", TopicStatusCode(t.status)},
              {"created_by", t.created_by},
              {"created_at", FormatRfc3339(t.created_at)},
              {"updated_at", FormatRfc3339(t.updated_at)}};
}

Error TopicNotFound(std::int64_t id) {
  return Error{ErrorKind::kNotFound, "not_found", fmt::format("专题 {} 不存在", id), ""};
}

Error Invalid(std::string code, std::string message, std::string field) {
  return Error{ErrorKind::kInvalidInput, std::move(code), std::move(message), std::move(field)};
}

// Applies the fields present in `body` to `t` (all of them on create) and
// checks every reference against the directory.
Result<void> ApplyTopicFields(const json& body, GovernanceTopic& t, bool create,
                              const UnitTree& units, const CategoryTree& categories) {
  FieldReader reader(body);
  auto title = reader.OptionalString("title");
  auto description = reader.OptionalString("description");
  auto category_id = reader.OptionalInt("category_id");
  auto keyword = reader.OptionalString("address_keyword");
  auto start = reader.OptionalString("start_date");
  // Null clears these two (the reader treats null as absent).
  auto street = reader.OptionalInt("street_unit_id");
  auto end = reader.OptionalString("end_date");
  auto status =
      reader.Enum<TopicStatus>("status", false, ParseTopicStatus, "proposed、active 或 closed");
  const bool has_owners = body.contains("owner_unit_ids") && !body.at("owner_unit_ids").is_null();
  std::vector<std::int64_t> owners = reader.IntArray("owner_unit_ids", create);
  const json* measures = reader.Array("measures", false);
  if (auto r = reader.Finish(); !r) return r;
  for (const char* key : {"title", "category_id", "start_date"})
    if (create && !body.contains(key))
      return Fail(Invalid("missing_field", fmt::format("缺少字段 {}", key), key));
  if (title) t.title = *title;
  if (description) t.description = *description;
  if (category_id) t.category_id = *category_id;
  if (keyword) t.address_keyword = *keyword;
  if (start) t.start_date = *start;
  if (body.contains("street_unit_id")) t.street_unit_id = street;
  if (body.contains("end_date")) t.end_date = end.value_or("");
  if (has_owners) {
    if (owners.size() > kMaxOwners)
      return Fail(Invalid("too_long", fmt::format("owner_unit_ids 最多 {} 个", kMaxOwners),
                          "owner_unit_ids"));
    std::vector<std::int64_t> unique;
    for (std::int64_t id : owners)
      if (std::find(unique.begin(), unique.end(), id) == unique.end()) unique.push_back(id);
    t.owner_unit_ids = std::move(unique);
  }
  if (measures) {
    if (measures->size() > kMaxMeasures)
      return Fail(
          Invalid("too_long", fmt::format("measures 最多 {} 条", kMaxMeasures), "measures"));
    t.measures.clear();
    for (const json& m : *measures) {
      if (!m.is_string())
        return Fail(Invalid("wrong_type", "字段 measures 应为字符串数组", "measures"));
      if (m.get<std::string>().size() > kMaxMeasureBytes)
        return Fail(Invalid("too_long", "措施内容过长", "measures"));
      if (!m.get<std::string>().empty()) t.measures.push_back(m.get<std::string>());
    }
  }
  if (status) {
    if (!create) {
      if (auto r = CheckTopicTransition(t.status, *status); !r) return r;
    }
    t.status = *status;
  }
  if (t.title.size() > kMaxTitleBytes) return Fail(Invalid("too_long", "专题名称过长", "title"));
  if (t.description.size() > kMaxDescriptionBytes)
    return Fail(Invalid("too_long", "专题说明过长", "description"));
  if (t.address_keyword.size() > kMaxKeywordBytes)
    return Fail(Invalid("too_long", "地址关键词过长", "address_keyword"));
  if (!ParseChinaDate(t.start_date))
    return Fail(Invalid("invalid_value", "start_date 应为 YYYY-MM-DD 格式的日期", "start_date"));
  if (!t.end_date.empty() && !ParseChinaDate(t.end_date))
    return Fail(Invalid("invalid_value", "end_date 应为 YYYY-MM-DD 格式的日期", "end_date"));
  if (auto r = ValidateTopic(t); !r) return r;
  if (categories.Find(t.category_id) == nullptr)
    return Fail(
        Invalid("unknown_category", fmt::format("分类 {} 不存在", t.category_id), "category_id"));
  if (t.street_unit_id) {
    const Unit* street = units.Find(*t.street_unit_id);
    if (street == nullptr || street->kind != UnitKind::kStreet)
      return Fail(Invalid("unknown_street", fmt::format("街道 {} 不存在", *t.street_unit_id),
                          "street_unit_id"));
  }
  for (UnitId u : t.owner_unit_ids) {
    const Unit* unit = units.Find(u);
    if (unit == nullptr || unit->kind == UnitKind::kPlatform)
      return Fail(Invalid("unknown_unit", fmt::format("责任单位 {} 不存在", u), "owner_unit_ids"));
  }
  return {};
}

}  // namespace

HttpResponse Api::TopicProposals(const HttpRequest& req, const PathParams&) const {
  auto actor = Authenticate(req);
  if (!actor) return ErrorResponse(actor.error());
  auto result = [&]() -> Result<HttpResponse> {
    if (auto r = OnlyKnownQuery(req, {"days", "min_orders", "min_weeks", "limit"}); !r)
      return Fail(r.error());
    TopicProposalOptions o;
    if (req.HasQuery("days")) {
      auto v = QueryInt(req, "days", 7, 366);
      if (!v) return Fail(v.error());
      o.days = static_cast<int>(*v);
    }
    if (req.HasQuery("min_orders")) {
      auto v = QueryInt(req, "min_orders", 1, 100000);
      if (!v) return Fail(v.error());
      o.min_orders = *v;
    }
    if (req.HasQuery("min_weeks")) {
      auto v = QueryInt(req, "min_weeks", 1, 53);
      if (!v) return Fail(v.error());
      o.min_weeks = *v;
    }
    if (req.HasQuery("limit")) {
      auto v = QueryInt(req, "limit", 1, 200);
      if (!v) return Fail(v.error());
      o.limit = static_cast<int>(*v);
    }
    const DayNumber today = ChinaDaysSinceEpoch(deps_.orders.GetClock().Now());
    auto cells = ProposeTopicCells(deps_.store, today, o);
    if (!cells) return Fail(cells.error());
    const auto units = deps_.directory.Units();
    const auto categories = deps_.directory.Categories();
    json items = json::array();
    for (const PlaceCategoryCount& c : *cells) {
      const Category* cat = categories->Find(c.category_id);
      const std::string street = UnitName(*units, c.street_unit_id);
      const std::string name = cat ? cat->name : std::string();
      items.push_back(json{
          {"category_id", c.category_id},
          {"category_name", name},
          {"street_unit_id", c.street_unit_id},
          {"street_name", street},
          {"orders", c.orders},
          {"weeks", c.weeks},
          {"suggested_title", fmt::format("{}「{}」问题专项治理", street, name)},
          {"suggested_owner_unit_ids", cat && cat->default_unit_id
                                           ? json::array({*cat->default_unit_id, c.street_unit_id})
                                           : json::array({c.street_unit_id})}});
    }
    return JsonResponse(200, json{{"from", IsoDay(today - o.days + 1)},
                                  {"to", IsoDay(today)},
                                  {"days", o.days},
                                  {"min_orders", o.min_orders},
                                  {"min_weeks", o.min_weeks},
                                  {"items", std::move(items)}});
  }();
  return Respond(std::move(result), actor->username);
}

HttpResponse Api::ListTopics(const HttpRequest& req, const PathParams&) const {
  auto actor = Authenticate(req);
  if (!actor) return ErrorResponse(actor.error());
  auto result = [&]() -> Result<HttpResponse> {
    if (auto r = OnlyKnownQuery(req, {"status"}); !r) return Fail(r.error());
    std::optional<TopicStatus> status;
    if (req.HasQuery("status")) {
      status = ParseTopicStatus(req.Query("status"));
      if (!status)
        return Fail(Invalid("invalid_value", "status 应为 proposed、active 或 closed", "status"));
    }
    auto topics = deps_.store.ListTopics();
    if (!topics) return Fail(topics.error());
    const auto units = deps_.directory.Units();
    const auto categories = deps_.directory.Categories();
    json items = json::array();
    for (const GovernanceTopic& t : *topics)
      if (!status || t.status == *status) items.push_back(TopicJson(t, *units, *categories));
    const auto total = items.size();
    return JsonResponse(200, json{{"items", std::move(items)}, {"total", total}});
  }();
  return Respond(std::move(result), actor->username);
}

HttpResponse Api::CreateTopic(const HttpRequest& req, const PathParams&) const {
  auto actor = Authenticate(req);
  if (!actor) return ErrorResponse(actor.error());
  auto result = [&]() -> Result<HttpResponse> {
    if (!MayEditTopics(actor->role))
      return Fail(ErrorKind::kForbidden, "role_not_allowed",
                  "只有督办员、领导或系统管理员可以设立治理专题");
    auto body = ParseJsonObject(req.body);
    if (!body) return Fail(body.error());
    const auto units = deps_.directory.Units();
    const auto categories = deps_.directory.Categories();
    GovernanceTopic t;
    if (auto r = ApplyTopicFields(*body, t, true, *units, *categories); !r) return Fail(r.error());
    const Instant now = deps_.orders.GetClock().Now();
    t.created_by = actor->user_id;
    t.created_at = t.updated_at = now;
    auto written = deps_.store.Write([&](WriteTxn& txn) -> Result<void> {
      auto id = txn.InsertTopic(t);
      if (!id) return Fail(id.error());
      t.id = *id;
      return {};
    });
    if (!written) return Fail(written.error());
    spdlog::info("audit topic_created user={} id={} status={}", actor->username, t.id,
                 TopicStatusCode(t.status));
    HttpResponse r = JsonResponse(201, TopicJson(t, *units, *categories));
    r.headers.emplace_back("Location", fmt::format("/api/v1/topics/{}", t.id));
    return r;
  }();
  return Respond(std::move(result), actor->username);
}

HttpResponse Api::GetTopic(const HttpRequest& req, const PathParams& params) const {
  auto actor = Authenticate(req);
  if (!actor) return ErrorResponse(actor.error());
  auto result = [&]() -> Result<HttpResponse> {
    auto id = ParseId(params.at("id"), "id");
    if (!id) return Fail(id.error());
    auto found = deps_.store.GetTopic(*id);
    if (!found) return Fail(found.error());
    if (!*found) return Fail(TopicNotFound(*id));
    return JsonResponse(
        200, TopicJson(**found, *deps_.directory.Units(), *deps_.directory.Categories()));
  }();
  return Respond(std::move(result), actor->username);
}

HttpResponse Api::PatchTopic(const HttpRequest& req, const PathParams& params) const {
  auto actor = Authenticate(req);
  if (!actor) return ErrorResponse(actor.error());
  auto result = [&]() -> Result<HttpResponse> {
    auto id = ParseId(params.at("id"), "id");
    if (!id) return Fail(id.error());
    if (!MayEditTopics(actor->role))
      return Fail(ErrorKind::kForbidden, "role_not_allowed",
                  "只有督办员、领导或系统管理员可以修改治理专题");
    auto body = ParseJsonObject(req.body);
    if (!body) return Fail(body.error());
    const auto units = deps_.directory.Units();
    const auto categories = deps_.directory.Categories();
    const Instant now = deps_.orders.GetClock().Now();
    std::optional<GovernanceTopic> saved;
    auto written = deps_.store.Write([&](WriteTxn& txn) -> Result<void> {
      auto loaded = txn.LoadTopic(*id);
      if (!loaded) return Fail(loaded.error());
      if (!*loaded) return Fail(TopicNotFound(*id));
      GovernanceTopic t = std::move(**loaded);
      if (auto r = ApplyTopicFields(*body, t, false, *units, *categories); !r) return r;
      t.updated_at = now;
      if (auto r = txn.UpdateTopic(t); !r) return r;
      saved = std::move(t);
      return {};
    });
    if (!written) return Fail(written.error());
    spdlog::info("audit topic_updated user={} id={} status={}", actor->username, saved->id,
                 TopicStatusCode(saved->status));
    return JsonResponse(200, TopicJson(*saved, *units, *categories));
  }();
  return Respond(std::move(result), actor->username);
}

HttpResponse Api::TopicVolumeReport(const HttpRequest& req, const PathParams& params) const {
  auto actor = Authenticate(req);
  if (!actor) return ErrorResponse(actor.error());
  auto result = [&]() -> Result<HttpResponse> {
    auto id = ParseId(params.at("id"), "id");
    if (!id) return Fail(id.error());
    if (auto r = OnlyKnownQuery(req, {"weeks_before", "weeks_after"}); !r) return Fail(r.error());
    int before = 8, after = 8;
    if (req.HasQuery("weeks_before")) {
      auto v = QueryInt(req, "weeks_before", 1, 104);
      if (!v) return Fail(v.error());
      before = static_cast<int>(*v);
    }
    if (req.HasQuery("weeks_after")) {
      auto v = QueryInt(req, "weeks_after", 1, 104);
      if (!v) return Fail(v.error());
      after = static_cast<int>(*v);
    }
    auto found = deps_.store.GetTopic(*id);
    if (!found) return Fail(found.error());
    if (!*found) return Fail(TopicNotFound(*id));
    const DayNumber today = ChinaDaysSinceEpoch(deps_.orders.GetClock().Now());
    auto volume = TopicDemandVolume(deps_.store, *deps_.directory.Categories(), **found, today,
                                    before, after);
    if (!volume) return Fail(volume.error());
    json weeks = json::array();
    for (const WeekVolume& w : volume->weeks)
      weeks.push_back(json{{"week_start", IsoDay(w.week_start)},
                           {"orders", w.orders},
                           {"after_start", w.after_start}});
    return JsonResponse(200, json{{"topic_id", *id},
                                  {"start_date", (*found)->start_date},
                                  {"weeks", std::move(weeks)},
                                  {"before", volume->before},
                                  {"after", volume->after},
                                  {"weeks_before", volume->weeks_before},
                                  {"weeks_after", volume->weeks_after},
                                  {"before_per_week", volume->before_per_week},
                                  {"after_per_week", volume->after_per_week}});
  }();
  return Respond(std::move(result), actor->username);
}

}  // namespace hotline
