#include "api/api.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <charconv>
#include <map>

#include "api/error_map.h"
#include "api/field_reader.h"
#include "api/handler_support.h"
#include "api/openapi_document.h"
#include "api/order_requests.h"
#include "api/resource_json.h"
#include "common/time_format.h"
#include "service/fingerprint.h"
#include "workorder/privacy.h"

namespace hotline {
namespace {

using nlohmann::json;

std::vector<std::string_view> SplitComma(std::string_view s) {
  std::vector<std::string_view> out;
  while (!s.empty()) {
    const auto comma = s.find(',');
    auto part = s.substr(0, comma);
    if (!part.empty()) out.push_back(part);
    if (comma == std::string_view::npos) break;
    s.remove_prefix(comma + 1);
  }
  return out;
}

Result<OrderQuery> ParseOrderQuery(const HttpRequest& req) {
  static const std::set<std::string, std::less<>> kKnown = {
      "state",       "unit_id", "category_id", "street_unit_id", "channel",
      "demand_type", "from",    "to",          "flags",          "q",
      "sort",        "page",    "page_size",   "caller_phone",   "application"};
  for (const auto& [k, v] : req.query)
    if (!kKnown.contains(k))
      return Fail(ErrorKind::kInvalidInput, "unknown_field", fmt::format("未知查询参数 {}", k), k);
  OrderQuery q;
  for (std::string_view s : SplitComma(req.Query("state"))) {
    auto state = ParseState(s);
    if (!state)
      return Fail(ErrorKind::kInvalidInput, "invalid_value", fmt::format("未知状态 {}", s),
                  "state");
    q.filter.states.push_back(*state);
  }
  if (req.HasQuery("unit_id")) {
    auto v = QueryInt(req, "unit_id", 1, INT64_MAX);
    if (!v) return Fail(v.error());
    q.unit_id = *v;
  }
  if (req.HasQuery("category_id")) {
    auto v = QueryInt(req, "category_id", 1, INT64_MAX);
    if (!v) return Fail(v.error());
    q.category_id = *v;
  }
  if (req.HasQuery("street_unit_id")) {
    auto v = QueryInt(req, "street_unit_id", 1, INT64_MAX);
    if (!v) return Fail(v.error());
    q.filter.street_unit_id = *v;
  }
  if (req.HasQuery("channel")) {
    q.filter.channel = ParseChannel(req.Query("channel"));
    if (!q.filter.channel)
      return Fail(ErrorKind::kInvalidInput, "invalid_value", "未知来源渠道", "channel");
  }
  if (req.HasQuery("demand_type")) {
    q.filter.demand_type = ParseDemandType(req.Query("demand_type"));
    if (!q.filter.demand_type)
      return Fail(ErrorKind::kInvalidInput, "invalid_value", "未知诉求类型", "demand_type");
  }
  for (const char* key : {"from", "to"}) {
    if (!req.HasQuery(key)) continue;
    auto day = ParseChinaDate(req.Query(key));
    if (!day)
      return Fail(ErrorKind::kInvalidInput, "invalid_value",
                  fmt::format("查询参数 {} 应为 YYYY-MM-DD", key), key);
    // `to` is inclusive for people: the whole day counts.
    if (std::string_view(key) == "from")
      q.filter.created_from = *day;
    else
      q.filter.created_to = *day + std::chrono::hours(24);
  }
  for (std::string_view f : SplitComma(req.Query("flags"))) {
    static const std::set<std::string_view> kFlags = {
        "enterprise", "repeatedly_failed", "long_pending", "dissatisfied",
        "due_soon",   "overdue",           "assisting",    "whistle"};
    if (!kFlags.contains(f))
      return Fail(ErrorKind::kInvalidInput, "invalid_value", fmt::format("未知标记 {}", f),
                  "flags");
    q.flags.emplace_back(f);
  }
  if (req.HasQuery("application")) {
    const std::string_view kind = req.Query("application");
    if (kind != "return" && kind != "extend" && kind != "reject-acceptance")
      return Fail(ErrorKind::kInvalidInput, "invalid_value",
                  "application 应为 return、extend 或 reject-acceptance", "application");
    q.filter.pending_application = std::string(kind);
  }
  if (req.HasQuery("caller_phone")) {
    const std::string_view phone = req.Query("caller_phone");
    const bool plausible = !phone.empty() && phone.size() <= 20 &&
                           phone.find_first_not_of("0123456789+-") == std::string_view::npos;
    if (!plausible)
      return Fail(ErrorKind::kInvalidInput, "invalid_value", "caller_phone 应为电话号码",
                  "caller_phone");
    q.filter.caller_phone = std::string(phone);
  }
  q.filter.text = std::string(req.Query("q"));
  if (q.filter.text.size() > 200)
    return Fail(ErrorKind::kInvalidInput, "too_long", "搜索词过长", "q");
  if (req.HasQuery("sort")) {
    const std::string_view s = req.Query("sort");
    if (s == "-created_at")
      q.filter.sort = OrderSort::kCreatedDesc;
    else if (s == "created_at")
      q.filter.sort = OrderSort::kCreatedAsc;
    else if (s == "-updated_at")
      q.filter.sort = OrderSort::kUpdatedDesc;
    else if (s == "updated_at")
      q.filter.sort = OrderSort::kUpdatedAsc;
    else
      return Fail(ErrorKind::kInvalidInput, "invalid_value",
                  "sort 应为 created_at、-created_at、updated_at 或 -updated_at", "sort");
  }
  auto paging = ParsePaging(req, 20);
  if (!paging) return Fail(paging.error());
  q.filter.limit = paging->limit();
  q.filter.offset = paging->offset();
  return q;
}

}  // namespace

Api::Api(ApiDeps deps) : deps_(std::move(deps)) {
  auto bind = [this](HttpResponse (Api::*fn)(const HttpRequest&, const PathParams&) const) {
    return [this, fn](const HttpRequest& r, const PathParams& p) { return (this->*fn)(r, p); };
  };
  router_.Add("GET", "/healthz", bind(&Api::Healthz));
  router_.Add("GET", "/readyz", bind(&Api::Readyz));
  router_.Add("GET", "/metrics", bind(&Api::Metrics));
  router_.Add("GET", "/api/v1/openapi.json", bind(&Api::OpenApi));
  router_.Add("POST", "/api/v1/auth/login", bind(&Api::Login));
  router_.Add("POST", "/api/v1/auth/logout", bind(&Api::Logout));
  router_.Add("GET", "/api/v1/auth/me", bind(&Api::Me));
  router_.Add("GET", "/api/v1/meta", bind(&Api::Meta));
  router_.Add("GET", "/api/v1/units", bind(&Api::ListUnits));
  router_.Add("GET", "/api/v1/users", bind(&Api::ListUsers));
  router_.Add("POST", "/api/v1/users", bind(&Api::CreateUser));
  router_.Add("GET", "/api/v1/categories", bind(&Api::ListCategories));
  router_.Add("GET", "/api/v1/sla-policy", bind(&Api::GetSlaPolicy));
  router_.Add("GET", "/api/v1/notifications", bind(&Api::ListNotifications));
  router_.Add("GET", "/api/v1/boards/dissatisfied", bind(&Api::DissatisfiedBoard));
  router_.Add("GET", "/api/v1/events", bind(&Api::Events));
  router_.Add("POST", "/api/v1/cti/calls", bind(&Api::ReportCall));
  router_.Add("GET", "/api/v1/calendar", bind(&Api::GetCalendar));
  router_.Add("PUT", "/api/v1/calendar", bind(&Api::PutCalendar));
  router_.Add("POST", "/api/v1/notifications/{id}/read", bind(&Api::ReadNotification));
  router_.Add("PUT", "/api/v1/sla-policy", bind(&Api::PutSlaPolicy));
  router_.Add("POST", "/api/v1/orders", bind(&Api::CreateOrder));
  router_.Add("GET", "/api/v1/orders", bind(&Api::ListOrders));
  router_.Add("GET", "/api/v1/orders/{id}", bind(&Api::GetOrder));
  router_.Add("GET", "/api/v1/orders/{id}/duplicates", bind(&Api::SuggestDuplicates));
  router_.Add("POST", "/api/v1/intake/similar", bind(&Api::FindSimilarOrders));
  router_.Add("GET", "/api/v1/orders/{id}/suggestions", bind(&Api::SuggestForOrder));
  router_.Add("POST", "/api/v1/dispatch/suggest", bind(&Api::SuggestForDraft));
  router_.Add("GET", "/api/v1/dispatch/models", bind(&Api::ListDispatchModels));
  router_.Add("POST", "/api/v1/dispatch/models", bind(&Api::TrainDispatchModel));
  router_.Add("GET", "/api/v1/dispatch/responsibilities", bind(&Api::ListResponsibilities));
  router_.Add("POST", "/api/v1/dispatch/responsibilities", bind(&Api::AddResponsibility));
  router_.Add("DELETE", "/api/v1/dispatch/responsibilities/{id}", bind(&Api::DeleteResponsibility));
  router_.Add("GET", "/api/v1/dispatch/places", bind(&Api::ListPlaces));
  router_.Add("POST", "/api/v1/dispatch/places", bind(&Api::AddPlace));
  router_.Add("DELETE", "/api/v1/dispatch/places/{id}", bind(&Api::DeletePlace));
  router_.Add("POST", "/api/v1/orders/{id}/actions/{action}", bind(&Api::ActOnOrder));
  router_.Add("POST", "/api/v1/supervisions", bind(&Api::SuperviseUnit));
  router_.Add("GET", "/api/v1/supervisions", bind(&Api::ListSupervisions));
  router_.Add("GET", "/api/v1/supervisions/{id}", bind(&Api::GetSupervision));
  router_.Add("POST", "/api/v1/supervisions/{id}/respond", bind(&Api::RespondSupervision));
  router_.Add("POST", "/api/v1/supervisions/{id}/review", bind(&Api::ReviewSupervision));
  router_.Add("POST", "/api/v1/warnings", bind(&Api::IssueWarning));
  router_.Add("GET", "/api/v1/warnings", bind(&Api::ListWarnings));
  router_.Add("GET", "/api/v1/warnings/{id}", bind(&Api::GetWarning));
  router_.Add("POST", "/api/v1/warnings/{id}/reply", bind(&Api::ReplyWarning));
  router_.Add("POST", "/api/v1/warnings/{id}/review", bind(&Api::ReviewWarning));
  router_.Add("GET", "/api/v1/collaboration/stats", bind(&Api::CollaborationStats));
  router_.Add("GET", "/api/v1/metrics", bind(&Api::MetricsReport));
  router_.Add("GET", "/api/v1/metrics/orders", bind(&Api::MetricsOrders));
  router_.Add("POST", "/api/v1/reports", bind(&Api::CreateReport));
  router_.Add("GET", "/api/v1/reports", bind(&Api::ListReports));
  router_.Add("GET", "/api/v1/reports/{id}", bind(&Api::GetReport));
  router_.Add("GET", "/api/v1/scoring-rules", bind(&Api::GetScoringRules));
  router_.Add("PUT", "/api/v1/scoring-rules", bind(&Api::PutScoringRules));
  router_.Add("GET", "/api/v1/rankings", bind(&Api::Rankings));
  router_.Add("GET", "/api/v1/boards/red-black", bind(&Api::RedBlackBoard));
  router_.Add("GET", "/api/v1/boards/enterprise", bind(&Api::EnterpriseBoard));
  router_.Add("GET", "/api/v1/units/{id}/score", bind(&Api::GetUnitScore));
  router_.Add("GET", "/api/v1/knowledge", bind(&Api::ListKnowledge));
  router_.Add("POST", "/api/v1/knowledge", bind(&Api::CreateKnowledge));
  router_.Add("GET", "/api/v1/knowledge/{id}", bind(&Api::GetKnowledge));
  router_.Add("PATCH", "/api/v1/knowledge/{id}", bind(&Api::UpdateKnowledge));
  router_.Add("DELETE", "/api/v1/knowledge/{id}", bind(&Api::DeleteKnowledge));
  // Hot spots and governance topics (docs/hotspots.md).
  router_.Add("GET", "/api/v1/hotspots", bind(&Api::Hotspots));
  router_.Add("POST", "/api/v1/hotspots/warn", bind(&Api::WarnHotspot));
  router_.Add("GET", "/api/v1/topics/proposals", bind(&Api::TopicProposals));
  router_.Add("GET", "/api/v1/topics", bind(&Api::ListTopics));
  router_.Add("POST", "/api/v1/topics", bind(&Api::CreateTopic));
  router_.Add("GET", "/api/v1/topics/{id}", bind(&Api::GetTopic));
  router_.Add("PATCH", "/api/v1/topics/{id}", bind(&Api::PatchTopic));
  router_.Add("GET", "/api/v1/topics/{id}/volume", bind(&Api::TopicVolumeReport));
}

HttpResponse Api::Handle(const HttpRequest& request) const {
  auto match = router_.Find(request.method, request.path);
  switch (match.outcome) {
    case Router::Outcome::kMatched:
      return (*match.handler)(request, match.params);
    case Router::Outcome::kWrongMethod: {
      HttpResponse r =
          ErrorResponse(Error{ErrorKind::kInvalidInput, "method_not_allowed",
                              fmt::format("该路径不支持 {} 方法", request.method), ""});
      r.status = 405;
      return r;
    }
    case Router::Outcome::kNoPath:
      break;
  }
  return ErrorResponse(
      Error{ErrorKind::kNotFound, "not_found", fmt::format("没有这个接口：{}", request.path), ""});
}

HttpResponse Api::RenderOrder(const OrderView& view, const Actor& viewer) const {
  const WorkOrder& order = view.order();
  const CallerVisibility caller = CallerVisibilityFor(viewer.role, order.demand_type);
  // Three renderings per order version at most: one per caller visibility.
  const std::int64_t key = order.id * 4 + static_cast<std::int64_t>(caller);
  std::shared_ptr<const std::string> text = rendered_.Find(key, order.version);
  if (!text) {
    text = std::make_shared<const std::string>(
        OrderRecordText(*view.record, caller, deps_.orders.Rules()));
    rendered_.Put(key, order.version, text);
  }
  HttpResponse r;
  const auto& orders = deps_.orders;
  r.body = WithDynamicFields(
      *text, DeadlinesJson(order.deadlines, orders.Calendar(), orders.GetClock().Now()),
      view.allowed_actions);
  return r;
}

Result<Actor> Api::Authenticate(const HttpRequest& request) const {
  constexpr std::string_view kBearer = "Bearer ";
  std::string_view header = request.authorization;
  if (header.size() <= kBearer.size() || header.substr(0, kBearer.size()) != kBearer)
    return Fail(ErrorKind::kUnauthenticated, "unauthenticated", "请先登录");
  return deps_.auth.Authenticate(header.substr(kBearer.size()));
}

HttpResponse Api::Healthz(const HttpRequest&, const PathParams&) const {
  return JsonResponse(200, json{{"status", "ok"}});
}

HttpResponse Api::Readyz(const HttpRequest&, const PathParams&) const {
  if (auto ping = deps_.store.Ping(); !ping) return ErrorResponse(ping.error());
  return JsonResponse(200, json{{"status", "ready"}});
}

HttpResponse Api::Metrics(const HttpRequest&, const PathParams&) const {
  HttpResponse r;
  r.content_type = "text/plain; version=0.0.4; charset=utf-8";
  if (deps_.transport_metrics) r.body = deps_.transport_metrics();
  if (auto count = deps_.store.CountOrders()) {
    r.body +=
        "# HELP hotline_orders_total Work orders stored.\n# TYPE hotline_orders_total gauge\n";
    r.body += fmt::format("hotline_orders_total {}\n", *count);
  }
  return r;
}

HttpResponse Api::OpenApi(const HttpRequest&, const PathParams&) const {
  HttpResponse r;
  r.body = std::string(OpenApiDocument());
  return r;
}

HttpResponse Api::Login(const HttpRequest& req, const PathParams&) const {
  std::string username;
  auto result = [&]() -> Result<HttpResponse> {
    auto body = ParseJsonObject(req.body);
    if (!body) return Fail(body.error());
    FieldReader r(*body);
    username = r.String("username", true);
    const std::string password = r.String("password", true);
    if (auto done = r.Finish(); !done) return Fail(done.error());
    auto login = deps_.auth.Login(username, password);
    if (!login) return Fail(login.error());
    return JsonResponse(200, json{{"token", login->token},
                                  {"expires_at", FormatRfc3339(login->expires_at)},
                                  {"user", UserJson(login->user)}});
  }();
  return Respond(std::move(result), username);
}

HttpResponse Api::Logout(const HttpRequest& req, const PathParams&) const {
  auto actor = Authenticate(req);
  if (!actor) return ErrorResponse(actor.error());
  const std::string_view token = std::string_view(req.authorization).substr(7);
  if (auto r = deps_.auth.Logout(token); !r) return Respond(Fail(r.error()), actor->username);
  HttpResponse r;
  r.status = 204;
  r.content_type.clear();
  r.log_user = actor->username;
  return r;
}

HttpResponse Api::Me(const HttpRequest& req, const PathParams&) const {
  auto actor = Authenticate(req);
  if (!actor) return ErrorResponse(actor.error());
  auto user = deps_.store.GetUser(actor->user_id);
  if (!user) return Respond(Fail(user.error()), actor->username);
  if (!*user) return Respond(Fail(ErrorKind::kUnauthenticated, "unauthenticated", "用户已不存在"));
  return Respond(JsonResponse(200, UserJson(**user)), actor->username);
}

HttpResponse Api::Meta(const HttpRequest& req, const PathParams&) const {
  auto actor = Authenticate(req);
  if (!actor) return ErrorResponse(actor.error());
  json states = json::array(), actions = json::array(), reasons = json::array(),
       roles = json::array(), demand_types = json::array();
  for (State s : {State::kPendingDispatch, State::kDispatched, State::kHandling, State::kReplied,
                  State::kPendingCallback, State::kClosed})
    states.push_back({{"code", StateCode(s)}, {"name", StateDisplayName(s)}});
  for (Action a : kRequestableActions)
    actions.push_back({{"code", ActionCode(a)}, {"name", ActionDisplayName(a)}});
  for (const ReturnReason& r : kReturnReasons)
    reasons.push_back({{"code", r.code}, {"name", r.zh}});
  for (Role r : kAllRoles) roles.push_back({{"code", RoleCode(r)}, {"name", RoleDisplayName(r)}});
  for (DemandType d : {DemandType::kConsultation, DemandType::kHelp, DemandType::kComplaint,
                       DemandType::kReport, DemandType::kSuggestion, DemandType::kPraise})
    demand_types.push_back({{"code", DemandTypeCode(d)}, {"name", DemandTypeDisplayName(d)}});
  return Respond(JsonResponse(200, json{{"states", states},
                                        {"actions", actions},
                                        {"return_reasons", reasons},
                                        {"roles", roles},
                                        {"demand_types", demand_types}}),
                 actor->username);
}

HttpResponse Api::ListUnits(const HttpRequest& req, const PathParams&) const {
  auto actor = Authenticate(req);
  if (!actor) return ErrorResponse(actor.error());
  json list = json::array();
  for (const Unit& u : deps_.directory.Units()->All()) list.push_back(UnitJson(u));
  return Respond(JsonResponse(200, list), actor->username);
}

HttpResponse Api::ListUsers(const HttpRequest& req, const PathParams&) const {
  auto actor = Authenticate(req);
  if (!actor) return ErrorResponse(actor.error());
  auto result = [&]() -> Result<HttpResponse> {
    if (actor->role != Role::kAdmin && actor->role != Role::kUnitAdmin)
      return Fail(ErrorKind::kForbidden, "role_not_allowed",
                  "只有系统管理员和单位管理员可以查看用户");
    auto users = deps_.store.ListUsers();
    if (!users) return Fail(users.error());
    const auto units = deps_.directory.Units();
    json list = json::array();
    for (const User& u : *users)
      if (actor->role == Role::kAdmin || units->IsWithin(u.unit_id, actor->unit_id))
        list.push_back(UserJson(u));
    return JsonResponse(200, list);
  }();
  return Respond(std::move(result), actor->username);
}

HttpResponse Api::CreateUser(const HttpRequest& req, const PathParams&) const {
  auto actor = Authenticate(req);
  if (!actor) return ErrorResponse(actor.error());
  auto result = [&]() -> Result<HttpResponse> {
    if (actor->role != Role::kAdmin)
      return Fail(ErrorKind::kForbidden, "role_not_allowed", "只有系统管理员可以创建用户");
    auto body = ParseJsonObject(req.body);
    if (!body) return Fail(body.error());
    FieldReader r(*body);
    User user;
    user.username = r.String("username", true);
    user.display_name = r.String("display_name", false);
    auto role = r.Enum<Role>("role", true, ParseRole, "系统角色代码之一");
    user.unit_id = r.Int("unit_id", true);
    const std::string password = r.String("password", true);
    if (auto done = r.Finish(); !done) return Fail(done.error());
    user.role = *role;
    if (deps_.directory.Units()->Find(user.unit_id) == nullptr)
      return Fail(ErrorKind::kBusinessRule, "unknown_unit", "所属单位不存在", "unit_id");
    auto created = deps_.auth.CreateUser(user, password);
    if (!created) return Fail(created.error());
    return JsonResponse(201, UserJson(*created));
  }();
  return Respond(std::move(result), actor->username);
}

HttpResponse Api::ListCategories(const HttpRequest& req, const PathParams&) const {
  auto actor = Authenticate(req);
  if (!actor) return ErrorResponse(actor.error());
  return Respond(JsonResponse(200, CategoryTreeJson(deps_.directory.Categories()->All())),
                 actor->username);
}

HttpResponse Api::GetSlaPolicy(const HttpRequest& req, const PathParams&) const {
  auto actor = Authenticate(req);
  if (!actor) return ErrorResponse(actor.error());
  return Respond(JsonResponse(200, SlaPolicyToJson(*deps_.directory.Sla())), actor->username);
}

HttpResponse Api::PutSlaPolicy(const HttpRequest& req, const PathParams&) const {
  auto actor = Authenticate(req);
  if (!actor) return ErrorResponse(actor.error());
  auto result = [&]() -> Result<HttpResponse> {
    if (actor->role != Role::kAdmin)
      return Fail(ErrorKind::kForbidden, "role_not_allowed", "只有系统管理员可以修改时限规则");
    auto body = ParseJsonObject(req.body);
    if (!body) return Fail(body.error());
    body->erase("version");  // assigned here, never by the client
    auto policy = SlaPolicyFromJson(*body);
    if (!policy) return Fail(policy.error());
    const std::string text = SlaPolicyToJson(*policy).dump();
    auto written = deps_.store.Write([&](WriteTxn& txn) -> Result<void> {
      auto version = txn.InsertSlaPolicy(text, deps_.orders.GetClock().Now(), actor->user_id);
      if (!version) return Fail(version.error());
      spdlog::info("audit sla_policy_saved user={} version={}", actor->username, *version);
      return {};
    });
    if (!written) return Fail(written.error());
    if (auto r = deps_.directory.Reload(); !r) return Fail(r.error());
    return JsonResponse(200, SlaPolicyToJson(*deps_.directory.Sla()));
  }();
  return Respond(std::move(result), actor->username);
}

std::vector<UnitId> Api::NotificationUnits(const Actor& actor) const {
  const auto units = deps_.directory.Units();
  if (IsUnitRole(actor.role)) return units->Subtree(actor.unit_id);
  return {actor.unit_id};
}

HttpResponse Api::ListNotifications(const HttpRequest& req, const PathParams&) const {
  auto actor = Authenticate(req);
  if (!actor) return ErrorResponse(actor.error());
  auto result = [&]() -> Result<HttpResponse> {
    if (auto r = OnlyKnownQuery(req, {"unread", "after_id", "limit"}); !r) return Fail(r.error());
    NotificationQuery q;
    q.unit_ids = NotificationUnits(*actor);
    if (req.HasQuery("unread")) {
      const auto v = req.Query("unread");
      if (v != "true" && v != "false")
        return Fail(ErrorKind::kInvalidInput, "invalid_value", "unread 应为 true 或 false",
                    "unread");
      q.unread_only = v == "true";
    }
    if (req.HasQuery("after_id")) {
      auto v = QueryInt(req, "after_id", 0, INT64_MAX);
      if (!v) return Fail(v.error());
      q.after_id = *v;
    }
    if (req.HasQuery("limit")) {
      auto v = QueryInt(req, "limit", 1, 200);
      if (!v) return Fail(v.error());
      q.limit = static_cast<int>(*v);
    }
    auto list = deps_.store.ListNotifications(q);
    if (!list) return Fail(list.error());
    json items = json::array();
    for (const Notification& n : *list)
      items.push_back({{"id", n.id},
                       {"unit_id", n.unit_id},
                       {"kind", n.kind},
                       {"order_id", n.order_id ? json(*n.order_id) : json(nullptr)},
                       {"order_number", n.order_number},
                       {"title", n.title},
                       {"body", n.body},
                       {"created_at", FormatRfc3339(n.created_at)},
                       {"read_at", n.read_at ? json(FormatRfc3339(*n.read_at)) : json(nullptr)}});
    return JsonResponse(200, json{{"items", std::move(items)}});
  }();
  return Respond(std::move(result), actor->username);
}

HttpResponse Api::DissatisfiedBoard(const HttpRequest& req, const PathParams&) const {
  auto actor = Authenticate(req);
  if (!actor) return ErrorResponse(actor.error());
  auto result = [&]() -> Result<HttpResponse> {
    // Every order on the board within the caller's scope, oldest first; the
    // counts cover all of them, the items are paged.
    if (auto r = OnlyKnownQuery(req, {"page", "page_size"}); !r) return Fail(r.error());
    auto paging = ParsePaging(req, 50);
    if (!paging) return Fail(paging.error());
    const std::int64_t page = paging->page, page_size = paging->page_size;
    OrderQuery q;
    q.flags = {"dissatisfied"};
    q.filter.sort = OrderSort::kCreatedAsc;
    q.filter.limit = 200;
    std::vector<WorkOrder> all;
    for (q.filter.offset = 0;; q.filter.offset += q.filter.limit) {
      auto chunk = deps_.orders.List(*actor, q);
      if (!chunk) return Fail(chunk.error());
      for (WorkOrder& o : chunk->items) all.push_back(std::move(o));
      if (static_cast<std::int64_t>(all.size()) >= chunk->total || chunk->items.empty()) break;
    }
    std::stable_sort(all.begin(), all.end(), [](const WorkOrder& a, const WorkOrder& b) {
      return a.dissatisfied_since < b.dissatisfied_since;
    });
    const Instant now = deps_.orders.GetClock().Now();
    const auto& calendar = deps_.orders.Calendar();
    const auto units = deps_.directory.Units();
    struct UnitCount {
      int count = 0;
      Instant oldest{};
    };
    std::map<UnitId, UnitCount> by_unit;
    for (const WorkOrder& o : all) {
      UnitCount& c = by_unit[o.lead_unit_id.value_or(0)];
      if (c.count++ == 0 || *o.dissatisfied_since < c.oldest) c.oldest = *o.dissatisfied_since;
    }
    json counts = json::array();
    for (const auto& [unit, c] : by_unit) {
      const Unit* u = units->Find(unit);
      counts.push_back({{"unit_id", unit == 0 ? json(nullptr) : json(unit)},
                        {"unit_name", u ? u->name : "待派单"},
                        {"count", c.count},
                        {"oldest_since", FormatRfc3339(c.oldest)}});
    }
    json items = json::array();
    const std::size_t from = static_cast<std::size_t>((page - 1) * page_size);
    for (std::size_t i = from; i < all.size() && i < from + page_size; ++i) {
      const WorkOrder& o = all[i];
      json item =
          OrderJson(o, CallerVisibilityFor(actor->role, o.demand_type), deps_.orders.Rules());
      const auto working = calendar.WorkingTimeBetween(*o.dissatisfied_since, now);
      item["dissatisfied_since"] = FormatRfc3339(*o.dissatisfied_since);
      item["age_days"] =
          std::chrono::duration_cast<std::chrono::hours>(now - *o.dissatisfied_since).count() / 24;
      item["age_working_days"] = working.count() / calendar.WorkingMinutesPerDay();
      items.push_back(std::move(item));
    }
    return JsonResponse(200, json{{"total", all.size()},
                                  {"by_unit", std::move(counts)},
                                  {"items", std::move(items)},
                                  {"page", page},
                                  {"page_size", page_size}});
  }();
  return Respond(std::move(result), actor->username);
}

HttpResponse Api::Events(const HttpRequest& req, const PathParams&) const {
  auto actor = Authenticate(req);
  if (!actor) return ErrorResponse(actor.error());
  if (deps_.hub == nullptr)
    return Respond(Fail(ErrorKind::kUnavailable, "unavailable", "实时推送未启用"), actor->username);
  // Server-sent events: one "notification" event per new notification to
  // the caller's units, and a comment every so often so dead clients are found.
  HttpResponse r;
  r.content_type = "text/event-stream; charset=utf-8";
  r.body = "retry: 5000\n: connected\n\n";
  r.log_user = actor->username;
  NotificationHub* hub = deps_.hub;
  r.open_stream = [hub, calls = deps_.calls, username = actor->username,
                   units = NotificationUnits(*actor)](std::shared_ptr<StreamSink> sink) {
    // Screen pops for this user (来电弹屏), beside the unit notifications.
    if (calls != nullptr)
      calls->Subscribe(username, [sink](const std::string& payload) {
        return sink->Write(fmt::format("event: call\ndata: {}\n\n", payload));
      });
    hub->Subscribe(
        units,
        [sink](const Notification& n) {
          const json data{{"id", n.id},
                          {"unit_id", n.unit_id},
                          {"kind", n.kind},
                          {"order_id", n.order_id ? json(*n.order_id) : json(nullptr)},
                          {"order_number", n.order_number},
                          {"title", n.title},
                          {"body", n.body},
                          {"created_at", FormatRfc3339(n.created_at)}};
          return sink->Write(
              fmt::format("id: {}\nevent: notification\ndata: {}\n\n", n.id,
                          data.dump(-1, ' ', false, json::error_handler_t::replace)));
        },
        [sink] { return sink->Write(": ping\n\n"); });
  };
  return r;
}

HttpResponse Api::ReadNotification(const HttpRequest& req, const PathParams& params) const {
  auto actor = Authenticate(req);
  if (!actor) return ErrorResponse(actor.error());
  auto result = [&]() -> Result<HttpResponse> {
    auto id = ParseId(params.at("id"), "id");
    if (!id) return Fail(id.error());
    const auto units = NotificationUnits(*actor);
    auto written = deps_.store.Write([&](WriteTxn& txn) {
      return txn.MarkNotificationRead(*id, units, deps_.orders.GetClock().Now());
    });
    if (!written) return Fail(written.error());
    return NoContentResponse();
  }();
  return Respond(std::move(result), actor->username);
}

HttpResponse Api::CreateOrder(const HttpRequest& req, const PathParams&) const {
  auto actor = Authenticate(req);
  if (!actor) return ErrorResponse(actor.error());
  auto result = [&]() -> Result<HttpResponse> {
    auto body = ParseJsonObject(req.body);
    if (!body) return Fail(body.error());
    auto cmd = ParseIntake(*body);
    if (!cmd) return Fail(cmd.error());
    // The canonical dump (sorted keys) identifies "the same request" on retry.
    const std::string hash = Fingerprint(body->dump());
    auto outcome = deps_.orders.Intake(*actor, *cmd, hash);
    if (!outcome) return Fail(outcome.error());
    if (!outcome->replayed) AutoDispatch(outcome->order);
    auto view = deps_.orders.Get(*actor, outcome->order.id);
    if (!view) return Fail(view.error());
    HttpResponse r = RenderOrder(*view, *actor);
    r.status = outcome->replayed ? 200 : 201;
    r.headers.emplace_back("Location", fmt::format("/api/v1/orders/{}", outcome->order.id));
    if (outcome->replayed) r.headers.emplace_back("Idempotent-Replayed", "true");
    return r;
  }();
  return Respond(std::move(result), actor->username);
}

HttpResponse Api::ListOrders(const HttpRequest& req, const PathParams&) const {
  auto actor = Authenticate(req);
  if (!actor) return ErrorResponse(actor.error());
  auto result = [&]() -> Result<HttpResponse> {
    auto query = ParseOrderQuery(req);
    if (!query) return Fail(query.error());
    // Unit staff see callers' numbers masked; a search by number would unmask them.
    if (query->filter.caller_phone && IsUnitRole(actor->role))
      return Fail(ErrorKind::kForbidden, "role_not_allowed", "承办单位不能按来电号码查询",
                  "caller_phone");
    auto page = deps_.orders.List(*actor, *query);
    if (!page) return Fail(page.error());
    json items = json::array();
    const Instant now = deps_.orders.GetClock().Now();
    for (const WorkOrder& o : page->items) {
      json item =
          OrderJson(o, CallerVisibilityFor(actor->role, o.demand_type), deps_.orders.Rules());
      item["deadlines"] = DeadlinesJson(o.deadlines, deps_.orders.Calendar(), now);
      items.push_back(std::move(item));
    }
    return JsonResponse(200, json{{"items", std::move(items)},
                                  {"total", page->total},
                                  {"page", query->filter.offset / query->filter.limit + 1},
                                  {"page_size", query->filter.limit}});
  }();
  return Respond(std::move(result), actor->username);
}

HttpResponse Api::GetOrder(const HttpRequest& req, const PathParams& params) const {
  auto actor = Authenticate(req);
  if (!actor) return ErrorResponse(actor.error());
  auto result = [&]() -> Result<HttpResponse> {
    auto id = ParseId(params.at("id"), "id");
    if (!id) return Fail(id.error());
    auto view = deps_.orders.Get(*actor, *id);
    if (!view) return Fail(view.error());
    const WorkOrder& order = view->order();
    if (CallerVisibilityFor(actor->role, order.demand_type) == CallerVisibility::kFull &&
        !order.caller_phone.empty())
      spdlog::info("pii_read user={} role={} order={}", actor->username, RoleCode(actor->role),
                   order.number);
    return RenderOrder(*view, *actor);
  }();
  return Respond(std::move(result), actor->username);
}

HttpResponse Api::ActOnOrder(const HttpRequest& req, const PathParams& params) const {
  // 督办 is not a state action of the order: it issues a supervision order.
  if (params.at("action") == "supervise") return SuperviseOrder(req, params);
  auto actor = Authenticate(req);
  if (!actor) return ErrorResponse(actor.error());
  auto result = [&]() -> Result<HttpResponse> {
    auto id = ParseId(params.at("id"), "id");
    if (!id) return Fail(id.error());
    const std::string& action_code = params.at("action");
    auto action = ParseAction(action_code);
    if (!action || !IsRequestable(*action))
      return Fail(ErrorKind::kNotFound, "unknown_action", fmt::format("未知动作 {}", action_code));
    auto body = ParseJsonObject(req.body.empty() ? std::string_view("{}") : req.body);
    if (!body) return Fail(body.error());
    auto request = ParseActionRequest(*action, *body);
    if (!request) return Fail(request.error());
    auto order = deps_.orders.Act(*actor, *id, *action, request->command, request->version);
    if (!order) return Fail(order.error());
    auto view = deps_.orders.Get(*actor, *id);
    if (!view) {
      // The action may have moved the order out of the actor's scope (e.g. an
      // approved return): answer with what the action produced.
      if (view.error().kind != ErrorKind::kNotFound) return Fail(view.error());
      json out = OrderJson(*order, CallerVisibilityFor(actor->role, order->demand_type),
                           deps_.orders.Rules());
      out["deadlines"] =
          DeadlinesJson(order->deadlines, deps_.orders.Calendar(), deps_.orders.GetClock().Now());
      return JsonResponse(200, out);
    }
    return RenderOrder(*view, *actor);
  }();
  return Respond(std::move(result), actor->username);
}

}  // namespace hotline
