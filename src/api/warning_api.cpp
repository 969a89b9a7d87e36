// Handlers for warning letters (预警函): a supervisor issues one to a unit,
// the unit replies in writing, the supervisor closes it or returns the reply
// for another round. Lists carry per-unit counts and an overdue mark.
#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <algorithm>

#include "api/api.h"
#include "api/error_map.h"
#include "api/field_reader.h"
#include "api/handler_support.h"
#include "common/time_format.h"
#include "service/warning_ops.h"

namespace hotline {
namespace {

using nlohmann::json;

constexpr std::size_t kMaxSubjectBytes = 300;
constexpr std::size_t kMaxTextBytes = 8000;
constexpr std::size_t kMaxOrderIds = 100;

json OptTime(const std::optional<Instant>& t) {
  return t ? json(FormatRfc3339(*t)) : json(nullptr);
}

template <typename T>
json OptJson(const std::optional<T>& v) {
  return v ? json(*v) : json(nullptr);
}

std::string UnitName(const UnitTree& units, UnitId id) {
  const Unit* unit = units.Find(id);
  return unit ? unit->name : std::string();
}

json WarningJson(const WarningLetter& w, const UnitTree& units, Instant now) {
  return json{{"id", w.id},
              {"number", w.number},
              {"unit_id", w.unit_id},
              {"unit_name", UnitName(units, w.unit_id)},
              {"kind", WarningKindCode(w.kind)},
              {"kind_name", WarningKindName(w.kind)},
              {"subject", w.subject},
              {"text", w.text},
              {"order_ids", w.order_ids},
              {"issued_by", w.issued_by},
              {"issued_at", FormatRfc3339(w.issued_at)},
              {"reply_due_at", FormatRfc3339(w.reply_due_at)},
              {"reply_overdue", ReplyOverdue(w, now)},
              {"state", WarningStateCode(w.state)},
              {"reply", w.reply},
              {"replied_at", OptTime(w.replied_at)},
              {"replied_by", OptJson(w.replied_by)},
              {"review_note", w.review_note},
              {"reviewed_at", OptTime(w.reviewed_at)},
              {"rounds", w.rounds},
              {"closed_at", OptTime(w.closed_at)},
              {"closed_by", OptJson(w.closed_by)}};
}

Result<void> CheckLength(const std::string& text, std::size_t max, std::string_view field) {
  if (text.size() > max)
    return Fail(ErrorKind::kInvalidInput, "too_long", fmt::format("{} 过长", field),
                std::string(field));
  return {};
}

bool InScope(const std::optional<std::vector<UnitId>>& scope, UnitId unit) {
  return !scope || std::find(scope->begin(), scope->end(), unit) != scope->end();
}

Error WarningNotFound(std::int64_t id) {
  return Error{ErrorKind::kNotFound, "not_found", fmt::format("预警函 {} 不存在", id), ""};
}

bool MayIssueWarnings(Role role) { return role == Role::kSupervisor || role == Role::kAdmin; }

}  // namespace

HttpResponse Api::IssueWarning(const HttpRequest& req, const PathParams&) const {
  auto actor = Authenticate(req);
  if (!actor) return ErrorResponse(actor.error());
  auto result = [&]() -> Result<HttpResponse> {
    if (!MayIssueWarnings(actor->role))
      return Fail(ErrorKind::kForbidden, "role_not_allowed",
                  "只有督办员或系统管理员可以发出预警函");
    auto body = ParseJsonObject(req.body);
    if (!body) return Fail(body.error());
    FieldReader reader(*body);
    const std::int64_t unit_id = reader.Int("unit_id", true);
    const auto kind = reader.Enum<WarningKind>("kind", true, ParseWarningKind,
                                               "overdue、dissatisfaction、hot_spot 或 other");
    const std::string subject = reader.String("subject", true);
    const std::string text = reader.String("text", true);
    std::vector<std::int64_t> order_ids = reader.IntArray("order_ids", false);
    const auto reply_due_at = reader.OptionalTime("reply_due_at");
    if (auto r = reader.Finish(); !r) return Fail(r.error());
    if (subject.empty())
      return Fail(ErrorKind::kInvalidInput, "invalid_field", "请填写预警函标题", "subject");
    if (text.empty())
      return Fail(ErrorKind::kInvalidInput, "invalid_field", "请填写预警函正文", "text");
    if (auto r = CheckLength(subject, kMaxSubjectBytes, "subject"); !r) return Fail(r.error());
    if (auto r = CheckLength(text, kMaxTextBytes, "text"); !r) return Fail(r.error());
    if (order_ids.size() > kMaxOrderIds)
      return Fail(ErrorKind::kInvalidInput, "too_long",
                  fmt::format("order_ids 最多 {} 个", kMaxOrderIds), "order_ids");
    // The same order named twice is one related order.
    std::vector<std::int64_t> unique_ids;
    for (std::int64_t id : order_ids)
      if (std::find(unique_ids.begin(), unique_ids.end(), id) == unique_ids.end())
        unique_ids.push_back(id);
    const Instant now = deps_.orders.GetClock().Now();
    if (reply_due_at && *reply_due_at <= now)
      return Fail(ErrorKind::kInvalidInput, "invalid_value", "回复时限应晚于当前时间",
                  "reply_due_at");
    const auto units = deps_.directory.Units();
    const Unit* unit = units->Find(unit_id);
    if (unit == nullptr)
      return Fail(ErrorKind::kBusinessRule, "unknown_unit", fmt::format("单位 {} 不存在", unit_id),
                  "unit_id");
    if (unit->kind == UnitKind::kPlatform)
      return Fail(ErrorKind::kBusinessRule, "platform_unit", "预警函不能发给平台本身", "unit_id");
    std::optional<WarningLetter> issued;
    auto written = deps_.store.Write([&](WriteTxn& txn) -> Result<void> {
      for (std::int64_t order_id : unique_ids) {
        auto order = txn.LoadOrder(order_id);
        if (!order) return Fail(order.error());
        if (!*order)
          return Fail(ErrorKind::kBusinessRule, "order_not_found",
                      fmt::format("关联工单 {} 不存在", order_id), "order_ids");
      }
      WarningLetter w;
      w.unit_id = unit_id;
      w.kind = *kind;
      w.subject = subject;
      w.text = text;
      w.order_ids = unique_ids;
      w.issued_by = actor->user_id;
      w.issued_at = now;
      w.reply_due_at = reply_due_at ? *reply_due_at : WarningReplyDue(now, deps_.orders.Calendar());
      auto r = IssueWarningLetter(txn, std::move(w), now);
      if (!r) return Fail(r.error());
      issued = std::move(*r);
      return {};
    });
    if (!written) return Fail(written.error());
    spdlog::info("audit warning_issued user={} number={} unit={} kind={}", actor->username,
                 issued->number, unit_id, WarningKindCode(issued->kind));
    HttpResponse r = JsonResponse(201, WarningJson(*issued, *units, now));
    r.headers.emplace_back("Location", fmt::format("/api/v1/warnings/{}", issued->id));
    return r;
  }();
  return Respond(std::move(result), actor->username);
}

HttpResponse Api::ListWarnings(const HttpRequest& req, const PathParams&) const {
  auto actor = Authenticate(req);
  if (!actor) return ErrorResponse(actor.error());
  auto result = [&]() -> Result<HttpResponse> {
    if (auto r = OnlyKnownQuery(req, {"state", "kind", "unit_id", "page", "page_size"}); !r)
      return Fail(r.error());
    WarningLetterFilter filter;
    // The same visibility as supervisions: unit staff see their subtree.
    filter.scope_unit_ids = SupervisionScope(*actor);
    if (req.HasQuery("state")) {
      filter.state = ParseWarningState(req.Query("state"));
      if (!filter.state)
        return Fail(ErrorKind::kInvalidInput, "invalid_value",
                    "state 应为 issued、replied 或 closed", "state");
    }
    if (req.HasQuery("kind")) {
      filter.kind = ParseWarningKind(req.Query("kind"));
      if (!filter.kind)
        return Fail(ErrorKind::kInvalidInput, "invalid_value",
                    "kind 应为 overdue、dissatisfaction、hot_spot 或 other", "kind");
    }
    if (req.HasQuery("unit_id")) {
      auto v = QueryInt(req, "unit_id", 1, INT64_MAX);
      if (!v) return Fail(v.error());
      filter.unit_id = *v;
    }
    auto paging = ParsePaging(req, 20);
    if (!paging) return Fail(paging.error());
    filter.limit = paging->limit();
    filter.offset = paging->offset();
    auto found = deps_.store.ListWarningLetters(filter);
    if (!found) return Fail(found.error());
    const auto units = deps_.directory.Units();
    const Instant now = deps_.orders.GetClock().Now();
    json items = json::array();
    for (const WarningLetter& w : found->items) items.push_back(WarningJson(w, *units, now));
    json by_unit = json::array();
    for (const WarningUnitCount& c : found->by_unit)
      by_unit.push_back(json{{"unit_id", c.unit_id},
                             {"unit_name", UnitName(*units, c.unit_id)},
                             {"count", c.count},
                             {"open", c.open}});
    return JsonResponse(200, json{{"items", std::move(items)},
                                  {"total", found->total},
                                  {"page", paging->page},
                                  {"page_size", paging->page_size},
                                  {"by_unit", std::move(by_unit)}});
  }();
  return Respond(std::move(result), actor->username);
}

HttpResponse Api::GetWarning(const HttpRequest& req, const PathParams& params) const {
  auto actor = Authenticate(req);
  if (!actor) return ErrorResponse(actor.error());
  auto result = [&]() -> Result<HttpResponse> {
    auto id = ParseId(params.at("id"), "id");
    if (!id) return Fail(id.error());
    auto found = deps_.store.GetWarningLetter(*id);
    if (!found) return Fail(found.error());
    // Outside the caller's scope reads as unknown, like orders.
    if (!*found || !InScope(SupervisionScope(*actor), (*found)->unit_id))
      return Fail(WarningNotFound(*id));
    return JsonResponse(
        200, WarningJson(**found, *deps_.directory.Units(), deps_.orders.GetClock().Now()));
  }();
  return Respond(std::move(result), actor->username);
}

HttpResponse Api::ReplyWarning(const HttpRequest& req, const PathParams& params) const {
  auto actor = Authenticate(req);
  if (!actor) return ErrorResponse(actor.error());
  auto result = [&]() -> Result<HttpResponse> {
    auto id = ParseId(params.at("id"), "id");
    if (!id) return Fail(id.error());
    if (!IsUnitRole(actor->role))
      return Fail(ErrorKind::kForbidden, "role_not_allowed",
                  "只有被预警单位的承办人或管理员可以回复预警函");
    auto body = ParseJsonObject(req.body);
    if (!body) return Fail(body.error());
    FieldReader reader(*body);
    const std::string text = reader.String("text", true);
    if (auto r = reader.Finish(); !r) return Fail(r.error());
    if (auto r = CheckLength(text, kMaxTextBytes, "text"); !r) return Fail(r.error());
    const auto scope = SupervisionScope(*actor);
    const Instant now = deps_.orders.GetClock().Now();
    std::optional<WarningLetter> saved;
    auto written = deps_.store.Write([&](WriteTxn& txn) -> Result<void> {
      auto loaded = txn.LoadWarningLetter(*id);
      if (!loaded) return Fail(loaded.error());
      if (!*loaded) return Fail(WarningNotFound(*id));
      WarningLetter w = std::move(**loaded);
      if (!InScope(scope, w.unit_id))
        return Fail(ErrorKind::kForbidden, "not_warned_unit", "该预警函不是发给本单位的，不能回复");
      if (auto r = ReplyToWarning(w, text, actor->user_id, now); !r) return r;
      if (auto r = txn.UpdateWarningLetter(w); !r) return r;
      saved = std::move(w);
      return {};
    });
    if (!written) return Fail(written.error());
    spdlog::info("audit warning_replied user={} number={}", actor->username, saved->number);
    return JsonResponse(200, WarningJson(*saved, *deps_.directory.Units(), now));
  }();
  return Respond(std::move(result), actor->username);
}

HttpResponse Api::ReviewWarning(const HttpRequest& req, const PathParams& params) const {
  auto actor = Authenticate(req);
  if (!actor) return ErrorResponse(actor.error());
  auto result = [&]() -> Result<HttpResponse> {
    auto id = ParseId(params.at("id"), "id");
    if (!id) return Fail(id.error());
    if (!MayIssueWarnings(actor->role))
      return Fail(ErrorKind::kForbidden, "role_not_allowed", "只有督办员可以审核预警函回复");
    auto body = ParseJsonObject(req.body);
    if (!body) return Fail(body.error());
    FieldReader reader(*body);
    const bool accept = reader.Bool("accept", true);
    const std::string note = reader.String("note", false);
    if (auto r = reader.Finish(); !r) return Fail(r.error());
    if (auto r = CheckLength(note, kMaxTextBytes, "note"); !r) return Fail(r.error());
    const Instant now = deps_.orders.GetClock().Now();
    std::optional<WarningLetter> saved;
    auto written = deps_.store.Write([&](WriteTxn& txn) -> Result<void> {
      auto loaded = txn.LoadWarningLetter(*id);
      if (!loaded) return Fail(loaded.error());
      if (!*loaded) return Fail(WarningNotFound(*id));
      WarningLetter w = std::move(**loaded);
      if (auto r = ReviewWarningReply(w, accept, note, actor->user_id, now); !r) return r;
      if (auto r = txn.UpdateWarningLetter(w); !r) return r;
      saved = std::move(w);
      return {};
    });
    if (!written) return Fail(written.error());
    spdlog::info("audit warning_reviewed user={} number={} accept={} rounds={}", actor->username,
                 saved->number, accept, saved->rounds);
    return JsonResponse(200, WarningJson(*saved, *deps_.directory.Units(), now));
  }();
  return Respond(std::move(result), actor->username);
}

}  // namespace hotline
