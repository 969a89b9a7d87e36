// Handlers for supervision orders (督办单): issuing one on an order, listing
// and reading them within the caller's scope, the unit's response and the
// supervisor's review (a rejection escalates at once).
#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <charconv>

#include "api/api.h"
#include "api/error_map.h"
#include "api/field_reader.h"
#include "api/handler_support.h"
#include "common/time_format.h"
#include "service/supervision_ops.h"

namespace hotline {
namespace {

using nlohmann::json;

constexpr std::size_t kMaxTextBytes = 4000;

json OptTime(const std::optional<Instant>& t) {
  return t ? json(FormatRfc3339(*t)) : json(nullptr);
}

template <typename T>
json OptJson(const std::optional<T>& v) {
  return v ? json(*v) : json(nullptr);
}

json SupervisionJson(const Supervision& s, const UnitTree& units, Instant now) {
  const Unit* unit = units.Find(s.unit_id);
  return json{{"id", s.id},
              {"number", s.number},
              {"order_id", OptJson(s.order_id)},
              {"order_number", s.order_number},
              {"unit_id", s.unit_id},
              {"unit_name", unit ? unit->name : std::string()},
              {"tier", SupervisionTierCode(s.tier)},
              {"tier_name", SupervisionTierName(s.tier)},
              {"reason", s.reason},
              {"note", s.note},
              {"issued_by", OptJson(s.issued_by)},
              {"issued_at", FormatRfc3339(s.issued_at)},
              {"due_at", FormatRfc3339(s.due_at)},
              {"overdue", s.state == SupervisionState::kOpen && now > s.due_at},
              {"state", SupervisionStateCode(s.state)},
              {"response", s.response},
              {"responded_at", OptTime(s.responded_at)},
              {"responded_by", OptJson(s.responded_by)},
              {"reviewed_note", s.reviewed_note},
              {"reviewed_at", OptTime(s.reviewed_at)},
              {"parent_id", OptJson(s.parent_id)},
              {"lapsed_at", OptTime(s.lapsed_at)}};
}

Result<void> CheckLength(const std::string& text, std::string_view field) {
  if (text.size() > kMaxTextBytes)
    return Fail(ErrorKind::kInvalidInput, "too_long", fmt::format("{} 过长", field),
                std::string(field));
  return {};
}

bool InScope(const std::optional<std::vector<UnitId>>& scope, UnitId unit) {
  return !scope || std::find(scope->begin(), scope->end(), unit) != scope->end();
}

// What a supervisor or leader asks for when supervising by hand.
struct ManualSupervision {
  SupervisionTier tier = SupervisionTier::kManual;
  std::string note;
  std::optional<Instant> due_at;
  UnitId unit_id = 0;  // only when supervising a unit directly
};

// Checks role, tier, note and due date; reads "unit_id" too when `with_unit`.
Result<ManualSupervision> ParseManualSupervision(const HttpRequest& req, const Actor& actor,
                                                 Instant now, bool with_unit) {
  if (actor.role != Role::kSupervisor && actor.role != Role::kLeader)
    return Fail(ErrorKind::kForbidden, "role_not_allowed", "只有督办员或领导可以发起督办");
  auto body = ParseJsonObject(req.body.empty() ? std::string_view("{}") : req.body);
  if (!body) return Fail(body.error());
  FieldReader reader(*body);
  ManualSupervision m;
  const auto tier = reader.Enum<SupervisionTier>("tier", true, ParseSupervisionTier,
                                                 "manual、leader 或 inspector");
  m.note = reader.String("note", false);
  m.due_at = reader.OptionalTime("due_at");
  if (with_unit) m.unit_id = reader.Int("unit_id", true);
  if (auto r = reader.Finish(); !r) return Fail(r.error());
  if (auto r = CheckLength(m.note, "note"); !r) return Fail(r.error());
  m.tier = *tier;
  if (m.tier == SupervisionTier::kSystem)
    return Fail(ErrorKind::kInvalidInput, "invalid_value", "系统督办由系统自动发起，不能手工发起",
                "tier");
  if (actor.role == Role::kLeader && m.tier != SupervisionTier::kLeader)
    return Fail(ErrorKind::kForbidden, "role_not_allowed", "领导只能发起 AO 督办");
  if (m.due_at && *m.due_at <= now)
    return Fail(ErrorKind::kInvalidInput, "invalid_value", "回复时限应晚于当前时间", "due_at");
  return m;
}

Error SupervisionNotFound(std::int64_t id) {
  return Error{ErrorKind::kNotFound, "not_found", fmt::format("督办单 {} 不存在", id), ""};
}

}  // namespace

std::optional<std::vector<UnitId>> Api::SupervisionScope(const Actor& actor) const {
  if (IsUnitRole(actor.role)) return deps_.directory.Units()->Subtree(actor.unit_id);
  return std::nullopt;
}

HttpResponse Api::SuperviseOrder(const HttpRequest& req, const PathParams& params) const {
  auto actor = Authenticate(req);
  if (!actor) return ErrorResponse(actor.error());
  auto result = [&]() -> Result<HttpResponse> {
    auto id = ParseId(params.at("id"), "id");
    if (!id) return Fail(id.error());
    const Instant now = deps_.orders.GetClock().Now();
    auto request = ParseManualSupervision(req, *actor, now, /*with_unit=*/false);
    if (!request) return Fail(request.error());
    const SupervisionTier tier = request->tier;
    const std::string& note = request->note;
    const auto& due_at = request->due_at;
    std::optional<Supervision> issued;
    auto written = deps_.store.Write([&](WriteTxn& txn) -> Result<void> {
      auto order = txn.LoadOrder(*id);
      if (!order) return Fail(order.error());
      if (!*order)
        return Fail(ErrorKind::kNotFound, "order_not_found", fmt::format("工单 {} 不存在", *id));
      if ((*order)->state == State::kClosed)
        return Fail(ErrorKind::kBusinessRule, "order_closed", "工单已办结，不能督办");
      if (!(*order)->lead_unit_id)
        return Fail(ErrorKind::kBusinessRule, "no_lead_unit", "工单尚未派给承办单位，不能督办");
      Supervision s;
      s.order_id = (*order)->id;
      s.order_number = (*order)->number;
      s.unit_id = *(*order)->lead_unit_id;
      s.tier = tier;
      s.reason = "manual";
      s.note = note;
      s.issued_by = actor->user_id;
      s.issued_at = now;
      s.due_at = due_at ? *due_at : ResponseDue(tier, now, deps_.orders.Calendar());
      auto r = IssueSupervision(txn, std::move(s), now);
      if (!r) return Fail(r.error());
      issued = std::move(*r);
      return {};
    });
    if (!written) return Fail(written.error());
    spdlog::info("audit supervision_issued user={} number={} order={} tier={}", actor->username,
                 issued->number, *id, SupervisionTierCode(issued->tier));
    HttpResponse r = JsonResponse(201, SupervisionJson(*issued, *deps_.directory.Units(), now));
    r.headers.emplace_back("Location", fmt::format("/api/v1/supervisions/{}", issued->id));
    return r;
  }();
  return Respond(std::move(result), actor->username);
}

HttpResponse Api::SuperviseUnit(const HttpRequest& req, const PathParams&) const {
  auto actor = Authenticate(req);
  if (!actor) return ErrorResponse(actor.error());
  auto result = [&]() -> Result<HttpResponse> {
    const Instant now = deps_.orders.GetClock().Now();
    auto request = ParseManualSupervision(req, *actor, now, /*with_unit=*/true);
    if (!request) return Fail(request.error());
    const Unit* unit = deps_.directory.Units()->Find(request->unit_id);
    if (unit == nullptr)
      return Fail(ErrorKind::kBusinessRule, "unknown_unit", "被督办单位不存在", "unit_id");
    if (unit->kind == UnitKind::kPlatform)
      return Fail(ErrorKind::kBusinessRule, "platform_unit", "不能督办热线平台自身", "unit_id");
    Supervision s;
    s.unit_id = unit->id;
    s.tier = request->tier;
    s.reason = "unit";
    s.note = request->note;
    s.issued_by = actor->user_id;
    s.issued_at = now;
    s.due_at = request->due_at ? *request->due_at
                               : ResponseDue(request->tier, now, deps_.orders.Calendar());
    std::optional<Supervision> issued;
    auto written = deps_.store.Write([&](WriteTxn& txn) -> Result<void> {
      auto r = IssueSupervision(txn, s, now);
      if (!r) return Fail(r.error());
      issued = std::move(*r);
      return {};
    });
    if (!written) return Fail(written.error());
    spdlog::info("audit supervision_issued user={} number={} unit={} tier={}", actor->username,
                 issued->number, unit->code, SupervisionTierCode(issued->tier));
    HttpResponse r = JsonResponse(201, SupervisionJson(*issued, *deps_.directory.Units(), now));
    r.headers.emplace_back("Location", fmt::format("/api/v1/supervisions/{}", issued->id));
    return r;
  }();
  return Respond(std::move(result), actor->username);
}

HttpResponse Api::ListSupervisions(const HttpRequest& req, const PathParams&) const {
  auto actor = Authenticate(req);
  if (!actor) return ErrorResponse(actor.error());
  auto result = [&]() -> Result<HttpResponse> {
    if (auto r = OnlyKnownQuery(req, {"state", "tier", "order_id", "page", "page_size"}); !r)
      return Fail(r.error());
    SupervisionFilter filter;
    filter.scope_unit_ids = SupervisionScope(*actor);
    if (req.HasQuery("state")) {
      filter.state = ParseSupervisionState(req.Query("state"));
      if (!filter.state)
        return Fail(ErrorKind::kInvalidInput, "invalid_value",
                    "state 应为 open、responded、accepted、rejected 或 escalated", "state");
    }
    if (req.HasQuery("tier")) {
      filter.tier = ParseSupervisionTier(req.Query("tier"));
      if (!filter.tier)
        return Fail(ErrorKind::kInvalidInput, "invalid_value",
                    "tier 应为 system、manual、leader 或 inspector", "tier");
    }
    if (req.HasQuery("order_id")) {
      auto v = QueryInt(req, "order_id", 1, INT64_MAX);
      if (!v) return Fail(v.error());
      filter.order_id = *v;
    }
    auto paging = ParsePaging(req, 20);
    if (!paging) return Fail(paging.error());
    filter.limit = paging->limit();
    filter.offset = paging->offset();
    auto found = deps_.store.ListSupervisions(filter);
    if (!found) return Fail(found.error());
    const auto units = deps_.directory.Units();
    const Instant now = deps_.orders.GetClock().Now();
    json items = json::array();
    for (const Supervision& s : found->items) items.push_back(SupervisionJson(s, *units, now));
    return JsonResponse(200, json{{"items", std::move(items)},
                                  {"total", found->total},
                                  {"page", paging->page},
                                  {"page_size", paging->page_size}});
  }();
  return Respond(std::move(result), actor->username);
}

HttpResponse Api::GetSupervision(const HttpRequest& req, const PathParams& params) const {
  auto actor = Authenticate(req);
  if (!actor) return ErrorResponse(actor.error());
  auto result = [&]() -> Result<HttpResponse> {
    auto id = ParseId(params.at("id"), "id");
    if (!id) return Fail(id.error());
    auto found = deps_.store.GetSupervision(*id);
    if (!found) return Fail(found.error());
    // Outside the caller's scope reads as unknown, like orders.
    if (!*found || !InScope(SupervisionScope(*actor), (*found)->unit_id))
      return Fail(SupervisionNotFound(*id));
    return JsonResponse(
        200, SupervisionJson(**found, *deps_.directory.Units(), deps_.orders.GetClock().Now()));
  }();
  return Respond(std::move(result), actor->username);
}

HttpResponse Api::RespondSupervision(const HttpRequest& req, const PathParams& params) const {
  auto actor = Authenticate(req);
  if (!actor) return ErrorResponse(actor.error());
  auto result = [&]() -> Result<HttpResponse> {
    auto id = ParseId(params.at("id"), "id");
    if (!id) return Fail(id.error());
    if (!IsUnitRole(actor->role))
      return Fail(ErrorKind::kForbidden, "role_not_allowed",
                  "只有被督办单位的承办人或管理员可以回复");
    auto body = ParseJsonObject(req.body);
    if (!body) return Fail(body.error());
    FieldReader reader(*body);
    const std::string response = reader.String("response", true);
    if (auto r = reader.Finish(); !r) return Fail(r.error());
    if (auto r = CheckLength(response, "response"); !r) return Fail(r.error());
    const auto scope = SupervisionScope(*actor);
    const Instant now = deps_.orders.GetClock().Now();
    std::optional<Supervision> saved;
    auto written = deps_.store.Write([&](WriteTxn& txn) -> Result<void> {
      auto loaded = txn.LoadSupervision(*id);
      if (!loaded) return Fail(loaded.error());
      if (!*loaded) return Fail(SupervisionNotFound(*id));
      Supervision s = std::move(**loaded);
      if (!InScope(scope, s.unit_id))
        return Fail(ErrorKind::kForbidden, "not_supervised_unit",
                    "该督办单不是督办本单位的，不能回复");
      if (auto r = RespondToSupervision(s, response, actor->user_id, now); !r) return r;
      if (auto r = txn.UpdateSupervision(s); !r) return r;
      saved = std::move(s);
      return {};
    });
    if (!written) return Fail(written.error());
    spdlog::info("audit supervision_responded user={} number={}", actor->username, saved->number);
    return JsonResponse(200, SupervisionJson(*saved, *deps_.directory.Units(), now));
  }();
  return Respond(std::move(result), actor->username);
}

HttpResponse Api::ReviewSupervision(const HttpRequest& req, const PathParams& params) const {
  auto actor = Authenticate(req);
  if (!actor) return ErrorResponse(actor.error());
  auto result = [&]() -> Result<HttpResponse> {
    auto id = ParseId(params.at("id"), "id");
    if (!id) return Fail(id.error());
    if (actor->role != Role::kSupervisor)
      return Fail(ErrorKind::kForbidden, "role_not_allowed", "只有督办员可以审核督办回复");
    auto body = ParseJsonObject(req.body);
    if (!body) return Fail(body.error());
    FieldReader reader(*body);
    const bool accept = reader.Bool("accept", true);
    const std::string note = reader.String("note", false);
    if (auto r = reader.Finish(); !r) return Fail(r.error());
    if (auto r = CheckLength(note, "note"); !r) return Fail(r.error());
    const auto units = deps_.directory.Units();
    const Instant now = deps_.orders.GetClock().Now();
    std::optional<Supervision> saved;
    std::optional<Supervision> escalated;
    auto written = deps_.store.Write([&](WriteTxn& txn) -> Result<void> {
      auto loaded = txn.LoadSupervision(*id);
      if (!loaded) return Fail(loaded.error());
      if (!*loaded) return Fail(SupervisionNotFound(*id));
      Supervision s = std::move(**loaded);
      if (auto r = hotline::ReviewSupervision(s, accept, note, now); !r) return r;
      if (!accept && NextTier(s.tier)) {
        auto up = EscalateSupervision(txn, s, now, deps_.orders.Calendar(), units->PlatformId());
        if (!up) return Fail(up.error());
        escalated = std::move(*up);
      } else if (auto r = txn.UpdateSupervision(s); !r) {
        return r;
      }
      saved = std::move(s);
      return {};
    });
    if (!written) return Fail(written.error());
    spdlog::info("audit supervision_reviewed user={} number={} accept={}", actor->username,
                 saved->number, accept);
    json out = SupervisionJson(*saved, *units, now);
    out["escalated_to"] = escalated ? SupervisionJson(*escalated, *units, now) : json(nullptr);
    return JsonResponse(200, out);
  }();
  return Respond(std::move(result), actor->username);
}

}  // namespace hotline
