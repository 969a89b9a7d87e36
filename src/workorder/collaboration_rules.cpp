#include "workorder/collaboration_rules.h"

#include <fmt/format.h>

#include <algorithm>
#include <set>

#include "common/time_format.h"
#include "workorder/decision_support.h"

namespace hotline {
namespace {

using nlohmann::json;
using Decision = std::pair<json, State>;

constexpr int kMaxMeetingAttendees = 50;

json OptionalTime(const std::optional<Instant>& t) {
  return t ? json(FormatRfc3339(*t)) : json(nullptr);
}

std::optional<Instant> TimeField(const json& p, const char* key) {
  auto it = p.find(key);
  if (it == p.end() || !it->is_string()) return std::nullopt;
  return ParseRfc3339(it->get<std::string>());
}

std::optional<Instant> DueAfter(const DecisionContext& ctx, Allowance allowance) {
  if (ctx.calendar == nullptr || ctx.sla == nullptr) return std::nullopt;
  return DeadlineAfter(*ctx.calendar, ctx.now, allowance);
}

std::string UnitName(const UnitTree& units, UnitId id) {
  const Unit* u = units.Find(id);
  return u ? u->name : fmt::format("单位 {}", id);
}

Result<void> CheckScore(int score, std::string_view field) {
  if (score < 1 || score > 5)
    return Fail(ErrorKind::kInvalidInput, "out_of_range", "评分应为 1 到 5 分", std::string(field));
  return {};
}

// The street a whistle from `unit` answers for: the street itself, or a community's street.
std::optional<UnitId> StreetFor(UnitId unit, const UnitTree& units) {
  const Unit* u = units.Find(unit);
  if (u == nullptr) return std::nullopt;
  if (u->kind == UnitKind::kStreet) return u->id;
  if (u->kind == UnitKind::kCommunity) return u->parent_id;
  return std::nullopt;
}

// The summoned department the actor acts for in `whistle`, if any.
Summons* SummonsFor(Whistle& w, const Actor& a, const UnitTree& units) {
  for (Summons& s : w.summons)
    if (units.IsWithin(a.unit_id, s.unit_id)) return &s;
  return nullptr;
}

// Finds the whistle a command names and checks the actor's part in it.
Result<Whistle> WhistleFor(const WorkOrder& o, int id, bool must_be_open) {
  const Whistle* w = o.collab.FindWhistle(id);
  if (w == nullptr)
    return Fail(ErrorKind::kBusinessRule, "unknown_whistle", fmt::format("吹哨 {} 不存在", id),
                "whistle_id");
  if (must_be_open && w->state != "open")
    return Fail(ErrorKind::kConflict, "whistle_closed", fmt::format("吹哨 {} 已办结", id),
                "whistle_id");
  return *w;
}

// Runs `decide` on the command when it has the type `action` takes.
template <typename T, typename Decide>
Result<Decision> WithCommand(const Command& cmd, Action action, Decide decide) {
  auto c = As<T>(cmd, action);
  if (!c) return Fail(c.error());
  return decide(**c);
}

Result<Decision> DecideDispute(const WorkOrder& o, const DisputeCommand& c,
                               const DecisionContext& ctx) {
  if (auto r = CheckHandlingUnit(c.proposed_unit_id, "proposed_unit_id", ctx.units); !r)
    return Fail(r.error());
  if (o.lead_unit_id == c.proposed_unit_id)
    return Fail(ErrorKind::kBusinessRule, "proposed_is_lead", "建议的责任单位就是当前主办单位",
                "proposed_unit_id");
  auto basis = RequireText(c.basis, "basis", "异议依据", 2000);
  if (!basis) return Fail(basis.error());
  auto note = OptionalText(c.note, "note", "备注", 2000);
  if (!note) return Fail(note.error());
  return Decision{json{{"unit_id", o.lead_unit_id.value_or(0)},
                       {"proposed_unit_id", c.proposed_unit_id},
                       {"basis", *basis},
                       {"note", *note}},
                  o.state};
}

Result<Decision> DecideProvisional(const WorkOrder& o, const ProvisionalCommand& c,
                                   const DecisionContext& ctx) {
  if (auto r = CheckHandlingUnit(c.unit_id, "unit_id", ctx.units); !r) return Fail(r.error());
  if (std::find(o.assist_unit_ids.begin(), o.assist_unit_ids.end(), c.unit_id) !=
      o.assist_unit_ids.end())
    return Fail(ErrorKind::kBusinessRule, "assist_is_lead", "先行处置单位不能是本单的协办单位",
                "unit_id");
  auto note = RequireText(c.note, "note", "指定理由", 2000);
  if (!note) return Fail(note.error());
  json p{{"unit_id", c.unit_id},
         {"note", *note},
         {"previous_lead_unit_id", o.lead_unit_id.value_or(0)}};
  if (o.pending && o.pending->kind != Action::kReturn)
    p["voided_application"] = ActionCode(o.pending->kind);
  // A pending return becomes the dispute that is settled later.
  if (o.pending && o.pending->kind == Action::kReturn) {
    const json& d = o.pending->details;
    p["dispute"] = {{"unit_id", o.lead_unit_id.value_or(o.pending->unit_id)},
                    {"proposed_unit_id", d.value("proposed_unit_id", json(nullptr))},
                    {"basis", d.value("basis", std::string())}};
  }
  return Decision{p, State::kHandling};
}

Result<Decision> DecideCoordinate(const WorkOrder& o, const CoordinateCommand& c,
                                  const DecisionContext& ctx) {
  if (auto r =
          CheckRouteUnits(c.lead_unit_id, c.assist_unit_ids, ctx.rules.max_assist_units, ctx.units);
      !r)
    return Fail(r.error());
  auto decision = RequireText(c.decision, "decision", "协调决定", 2000);
  if (!decision) return Fail(decision.error());
  auto basis = RequireText(c.basis, "basis", "定责依据", 2000);
  if (!basis) return Fail(basis.error());
  json p{{"lead_unit_id", c.lead_unit_id},
         {"assist_unit_ids", c.assist_unit_ids},
         {"decision", *decision},
         {"basis", *basis}};
  const bool lead_kept = o.lead_unit_id == c.lead_unit_id;
  if (const DisputeRecord* d = o.collab.OpenDispute())
    p["dispute_outcome"] = c.lead_unit_id == d->unit_id ? "overruled" : "upheld";
  if (o.pending && o.pending->kind == Action::kReturn)
    p["return_outcome"] = lead_kept ? "rejected" : "approved";
  // Only assisting units new to the order get a fresh part deadline.
  std::vector<UnitId> added;
  for (UnitId a : c.assist_unit_ids)
    if (o.collab.Part(a) == nullptr) added.push_back(a);
  AddRoutingFields(p, added, /*with_return_window=*/false, ctx);
  // A lead that is confirmed keeps the work it has done (先解决问题再说);
  // a new lead starts from signing.
  const bool keeps_state = lead_kept && o.state != State::kPendingDispatch;
  return Decision{p, keeps_state ? o.state : State::kDispatched};
}

Result<Decision> DecideWhistle(const WorkOrder& o, const Actor& a, const WhistleCommand& c,
                               const DecisionContext& ctx) {
  auto question = RequireText(c.question, "question", "吹哨事项", 2000);
  if (!question) return Fail(question.error());
  auto reason = RequireText(c.reason, "reason", "街道无法单独解决的原因", 2000);
  if (!reason) return Fail(reason.error());
  if (c.summoned_unit_ids.empty())
    return Fail(ErrorKind::kInvalidInput, "missing_field", "请选择至少一个被召集的部门",
                "summoned_unit_ids");
  if (static_cast<int>(c.summoned_unit_ids.size()) > ctx.rules.max_summoned_units)
    return Fail(ErrorKind::kBusinessRule, "too_many_units",
                fmt::format("一次吹哨最多召集 {} 个部门", ctx.rules.max_summoned_units),
                "summoned_unit_ids");
  std::set<UnitId> seen;
  const auto due = DueAfter(ctx, ctx.sla ? ctx.sla->whistle_report_in : Allowance{});
  json summoned = json::array();
  for (UnitId id : c.summoned_unit_ids) {
    const Unit* u = ctx.units.Find(id);
    if (u == nullptr)
      return Fail(ErrorKind::kBusinessRule, "unknown_unit", fmt::format("单位 {} 不存在", id),
                  "summoned_unit_ids");
    if (u->kind != UnitKind::kDepartment)
      return Fail(ErrorKind::kBusinessRule, "not_a_department",
                  fmt::format("「{}」不是职能部门，吹哨只能召集部门", u->name),
                  "summoned_unit_ids");
    if (!seen.insert(id).second)
      return Fail(ErrorKind::kBusinessRule, "duplicate_unit", "被召集的部门重复",
                  "summoned_unit_ids");
    summoned.push_back({{"unit_id", id}, {"due_at", OptionalTime(due)}});
  }
  const auto street = StreetFor(a.unit_id, ctx.units);
  return Decision{json{{"whistle_id", static_cast<int>(o.collab.whistles.size()) + 1},
                       {"street_unit_id", street.value_or(a.unit_id)},
                       {"raised_by_unit_id", a.unit_id},
                       {"question", *question},
                       {"reason", *reason},
                       {"summoned", std::move(summoned)}},
                  o.state};
}

Result<Decision> DecideReportIn(const WorkOrder& o, const Actor& a, const ReportInCommand& c,
                                const DecisionContext& ctx) {
  auto w = WhistleFor(o, c.whistle_id, /*must_be_open=*/true);
  if (!w) return Fail(w.error());
  const Summons* s = SummonsFor(*w, a, ctx.units);
  if (s == nullptr)
    return Fail(ErrorKind::kForbidden, "not_summoned", "本单位不在该次吹哨的召集名单中",
                "whistle_id");
  if (s->reported_at)
    return Fail(ErrorKind::kConflict, "already_reported", "本单位已报到", "whistle_id");
  auto note = RequireText(c.note, "note", "报到情况（到场人员、带来的资源）", 2000);
  if (!note) return Fail(note.error());
  const bool late = s->due_at && ctx.now > *s->due_at;
  return Decision{
      json{{"whistle_id", c.whistle_id}, {"unit_id", s->unit_id}, {"note", *note}, {"late", late}},
      o.state};
}

Result<Decision> DecideWhistleWork(const WorkOrder& o, const Actor& a, const WhistleWorkCommand& c,
                                   const DecisionContext& ctx) {
  auto w = WhistleFor(o, c.whistle_id, /*must_be_open=*/true);
  if (!w) return Fail(w.error());
  const Summons* s = SummonsFor(*w, a, ctx.units);
  if (s == nullptr)
    return Fail(ErrorKind::kForbidden, "not_summoned", "本单位不在该次吹哨的召集名单中",
                "whistle_id");
  if (!s->reported_at)
    return Fail(ErrorKind::kConflict, "not_reported_in", "请先报到再记录处置情况", "whistle_id");
  auto content = RequireText(c.content, "content", "处置情况", 4000);
  if (!content) return Fail(content.error());
  return Decision{
      json{{"whistle_id", c.whistle_id}, {"unit_id", s->unit_id}, {"content", *content}}, o.state};
}

Result<Whistle> StreetWhistle(const WorkOrder& o, const Actor& a, int id, const UnitTree& units) {
  auto w = WhistleFor(o, id, /*must_be_open=*/true);
  if (!w) return Fail(w.error());
  if (!units.IsWithin(a.unit_id, w->street_unit_id))
    return Fail(ErrorKind::kForbidden, "not_whistle_street", "只有吹哨的街道可以执行此操作",
                "whistle_id");
  return w;
}

Result<Decision> DecideMeeting(const WorkOrder& o, const Actor& a, const WhistleMeetingCommand& c,
                               const DecisionContext& ctx) {
  auto w = StreetWhistle(o, a, c.whistle_id, ctx.units);
  if (!w) return Fail(w.error());
  if (c.held_at > ctx.now + std::chrono::minutes(5))
    return Fail(ErrorKind::kBusinessRule, "meeting_in_future", "会商时间不能晚于现在", "held_at");
  // Staff state meeting times to the minute: one held in the minute the
  // whistle was blown is not before it.
  if (c.held_at < std::chrono::floor<std::chrono::minutes>(w->raised_at))
    return Fail(ErrorKind::kBusinessRule, "meeting_before_whistle", "会商时间不能早于吹哨时间",
                "held_at");
  auto place = RequireText(c.place, "place", "会商地点", 200);
  if (!place) return Fail(place.error());
  if (c.attendees.empty() || static_cast<int>(c.attendees.size()) > kMaxMeetingAttendees)
    return Fail(ErrorKind::kInvalidInput, "invalid_value",
                fmt::format("参会人员应为 1 到 {} 人", kMaxMeetingAttendees), "attendees");
  json attendees = json::array();
  for (const std::string& name : c.attendees) {
    auto t = RequireText(name, "attendees", "参会人员", 100);
    if (!t) return Fail(t.error());
    attendees.push_back(*t);
  }
  if (c.citizen_attended && !c.citizen_invited)
    return Fail(ErrorKind::kInvalidInput, "invalid_value", "未邀请诉求人时不能填写诉求人到场",
                "citizen_attended");
  auto decisions = RequireText(c.decisions, "decisions", "会商决定", 4000);
  if (!decisions) return Fail(decisions.error());
  return Decision{json{{"whistle_id", c.whistle_id},
                       {"held_at", FormatRfc3339(c.held_at)},
                       {"place", *place},
                       {"attendees", std::move(attendees)},
                       {"citizen_invited", c.citizen_invited},
                       {"citizen_attended", c.citizen_attended},
                       {"decisions", *decisions}},
                  o.state};
}

Result<Decision> DecideCloseWhistle(const WorkOrder& o, const Actor& a,
                                    const CloseWhistleCommand& c, const DecisionContext& ctx) {
  auto w = StreetWhistle(o, a, c.whistle_id, ctx.units);
  if (!w) return Fail(w.error());
  auto outcome = RequireText(c.outcome, "outcome", "吹哨办理结果", 4000);
  if (!outcome) return Fail(outcome.error());
  // Every department that reported in is rated once; the absent are not rated.
  std::set<UnitId> rated;
  json ratings = json::array();
  for (const DepartmentRating& r : c.ratings) {
    const auto it = std::find_if(w->summons.begin(), w->summons.end(),
                                 [&](const Summons& s) { return s.unit_id == r.unit_id; });
    if (it == w->summons.end())
      return Fail(ErrorKind::kBusinessRule, "not_summoned",
                  fmt::format("「{}」不在该次吹哨的召集名单中", UnitName(ctx.units, r.unit_id)),
                  "ratings");
    if (!it->reported_at)
      return Fail(ErrorKind::kBusinessRule, "not_reported_in",
                  fmt::format("「{}」未报到，不能评价", UnitName(ctx.units, r.unit_id)), "ratings");
    if (!rated.insert(r.unit_id).second)
      return Fail(ErrorKind::kInvalidInput, "duplicate_rating", "同一部门只能评价一次", "ratings");
    if (auto s = CheckScore(r.score, "ratings"); !s) return Fail(s.error());
    auto comment = OptionalText(r.comment, "ratings", "评价意见", 1000);
    if (!comment) return Fail(comment.error());
    ratings.push_back({{"unit_id", r.unit_id}, {"score", r.score}, {"comment", *comment}});
  }
  for (const Summons& s : w->summons)
    if (s.reported_at && !rated.contains(s.unit_id))
      return Fail(ErrorKind::kInvalidInput, "missing_rating",
                  fmt::format("请评价已报到的「{}」", UnitName(ctx.units, s.unit_id)), "ratings");
  return Decision{json{{"whistle_id", c.whistle_id},
                       {"resolved", c.resolved},
                       {"outcome", *outcome},
                       {"ratings", std::move(ratings)}},
                  o.state};
}

Result<Decision> DecideRateWhistle(const WorkOrder& o, const Actor& a, const RateWhistleCommand& c,
                                   const DecisionContext& ctx) {
  auto w = WhistleFor(o, c.whistle_id, /*must_be_open=*/false);
  if (!w) return Fail(w.error());
  const Summons* s = SummonsFor(*w, a, ctx.units);
  if (s == nullptr)
    return Fail(ErrorKind::kForbidden, "not_summoned", "本单位不在该次吹哨的召集名单中",
                "whistle_id");
  if (!s->reported_at)
    return Fail(ErrorKind::kConflict, "not_reported_in", "未报到的部门不能评价吹哨", "whistle_id");
  if (s->preparation_score)
    return Fail(ErrorKind::kConflict, "already_rated", "本单位已评价过该次吹哨", "whistle_id");
  if (auto r = CheckScore(c.score, "score"); !r) return Fail(r.error());
  auto comment = OptionalText(c.comment, "comment", "评价意见", 1000);
  if (!comment) return Fail(comment.error());
  return Decision{json{{"whistle_id", c.whistle_id},
                       {"unit_id", s->unit_id},
                       {"score", c.score},
                       {"comment", *comment}},
                  o.state};
}

Result<Decision> DecideRequestGuidance(const WorkOrder& o, const Actor& a,
                                       const RequestGuidanceCommand& c,
                                       const DecisionContext& ctx) {
  const Unit* u = ctx.units.Find(c.unit_id);
  if (u == nullptr)
    return Fail(ErrorKind::kBusinessRule, "unknown_unit", fmt::format("单位 {} 不存在", c.unit_id),
                "unit_id");
  if (u->kind != UnitKind::kDepartment)
    return Fail(ErrorKind::kBusinessRule, "not_a_department",
                fmt::format("「{}」不是职能部门，业务指导只能向部门申请", u->name), "unit_id");
  auto question = RequireText(c.question, "question", "需要指导的问题", 2000);
  if (!question) return Fail(question.error());
  const auto due = DueAfter(ctx, ctx.sla ? ctx.sla->guidance_reply : Allowance{});
  return Decision{json{{"guidance_id", static_cast<int>(o.collab.guidance.size()) + 1},
                       {"requested_by_unit_id", a.unit_id},
                       {"unit_id", c.unit_id},
                       {"question", *question},
                       {"due_at", OptionalTime(due)}},
                  o.state};
}

Result<Decision> DecideGiveGuidance(const WorkOrder& o, const Actor& a,
                                    const GiveGuidanceCommand& c, const DecisionContext& ctx) {
  const GuidanceRequest* g = o.collab.FindGuidance(c.guidance_id);
  if (g == nullptr)
    return Fail(ErrorKind::kBusinessRule, "unknown_guidance",
                fmt::format("业务指导申请 {} 不存在", c.guidance_id), "guidance_id");
  if (!ctx.units.IsWithin(a.unit_id, g->unit_id))
    return Fail(ErrorKind::kForbidden, "not_asked", "该业务指导申请不是向本单位提出的",
                "guidance_id");
  if (g->answered_at)
    return Fail(ErrorKind::kConflict, "already_answered", "该业务指导申请已答复", "guidance_id");
  auto answer = RequireText(c.answer, "answer", "指导意见", 4000);
  if (!answer) return Fail(answer.error());
  return Decision{json{{"guidance_id", c.guidance_id},
                       {"unit_id", g->unit_id},
                       {"answer", *answer},
                       {"late", g->due_at && ctx.now > *g->due_at}},
                  o.state};
}

void SetAssistParts(WorkOrder& o, const json& p, Instant at, bool keep_existing) {
  std::vector<AssistPart> parts;
  for (UnitId u : o.assist_unit_ids) {
    if (keep_existing)
      if (const AssistPart* old = o.collab.Part(u)) {
        parts.push_back(*old);
        continue;
      }
    AssistPart part;
    part.unit_id = u;
    part.assigned_at = at;
    for (const json& j : p.value("assist_parts", json::array()))
      if (j.value("unit_id", UnitId{0}) == u) part.due_at = TimeField(j, "due_at");
    parts.push_back(std::move(part));
  }
  o.collab.assist_parts = std::move(parts);
}

// A dispute as a dispute or provisional payload states it ({unit_id,
// proposed_unit_id (null when the returner named none), basis}).
DisputeRecord DisputeFromJson(const json& j, Instant at) {
  DisputeRecord d;
  d.unit_id = j.at("unit_id").get<UnitId>();
  const json& proposed = j.at("proposed_unit_id");
  d.proposed_unit_id = proposed.is_null() ? 0 : proposed.get<UnitId>();
  d.basis = j.value("basis", std::string());
  d.at = at;
  return d;
}

ReturnRecord* PendingReturn(WorkOrder& o) {
  for (auto it = o.collab.returns.rbegin(); it != o.collab.returns.rend(); ++it)
    if (it->outcome == "pending") return &*it;
  return nullptr;
}

void SettleReturn(WorkOrder& o, const std::string& outcome, Instant at) {
  if (ReturnRecord* r = PendingReturn(o)) {
    r->outcome = outcome;
    r->reviewed_at = at;
  }
}

}  // namespace

void AddRoutingFields(json& p, const std::vector<UnitId>& assist_unit_ids, bool with_return_window,
                      const DecisionContext& ctx) {
  const auto due = DueAfter(ctx, ctx.sla ? ctx.sla->assist_reply : Allowance{});
  json parts = json::array();
  for (UnitId u : assist_unit_ids) parts.push_back({{"unit_id", u}, {"due_at", OptionalTime(due)}});
  p["assist_parts"] = std::move(parts);
  p["return_window_ends"] =
      with_return_window
          ? OptionalTime(DueAfter(ctx, ctx.sla ? ctx.sla->return_window : Allowance{}))
          : json(nullptr);
}

Result<std::pair<json, State>> DecideCollaboration(const WorkOrder& o, const Actor& a,
                                                   Action action, const Command& cmd,
                                                   const DecisionContext& ctx) {
  switch (action) {
    case Action::kDispute:
      return WithCommand<DisputeCommand>(cmd, action,
                                         [&](const auto& c) { return DecideDispute(o, c, ctx); });
    case Action::kProvisional:
      return WithCommand<ProvisionalCommand>(
          cmd, action, [&](const auto& c) { return DecideProvisional(o, c, ctx); });
    case Action::kCoordinate:
      return WithCommand<CoordinateCommand>(
          cmd, action, [&](const auto& c) { return DecideCoordinate(o, c, ctx); });
    case Action::kWhistle:
      return WithCommand<WhistleCommand>(
          cmd, action, [&](const auto& c) { return DecideWhistle(o, a, c, ctx); });
    case Action::kReportIn:
      return WithCommand<ReportInCommand>(
          cmd, action, [&](const auto& c) { return DecideReportIn(o, a, c, ctx); });
    case Action::kWhistleWork:
      return WithCommand<WhistleWorkCommand>(
          cmd, action, [&](const auto& c) { return DecideWhistleWork(o, a, c, ctx); });
    case Action::kWhistleMeeting:
      return WithCommand<WhistleMeetingCommand>(
          cmd, action, [&](const auto& c) { return DecideMeeting(o, a, c, ctx); });
    case Action::kCloseWhistle:
      return WithCommand<CloseWhistleCommand>(
          cmd, action, [&](const auto& c) { return DecideCloseWhistle(o, a, c, ctx); });
    case Action::kRateWhistle:
      return WithCommand<RateWhistleCommand>(
          cmd, action, [&](const auto& c) { return DecideRateWhistle(o, a, c, ctx); });
    case Action::kRequestGuidance:
      return WithCommand<RequestGuidanceCommand>(
          cmd, action, [&](const auto& c) { return DecideRequestGuidance(o, a, c, ctx); });
    case Action::kGiveGuidance:
      return WithCommand<GiveGuidanceCommand>(
          cmd, action, [&](const auto& c) { return DecideGiveGuidance(o, a, c, ctx); });
    default:
      break;
  }
  return Fail(ErrorKind::kInternal, "unsupported_action",
              fmt::format("内部错误：动作「{}」不是协同动作", ActionCode(action)));
}

void ApplyCollaboration(WorkOrder& o, const Event& e) {
  const json& p = e.payload;
  Collaboration& c = o.collab;
  switch (e.action) {
    case Action::kDispatch:
    case Action::kReassign:
      // Runs before the lifecycle fold, so the units come from the payload.
      o.assist_unit_ids = p.at("assist_unit_ids").get<std::vector<UnitId>>();
      SetAssistParts(o, p, e.at, /*keep_existing=*/false);
      c.return_window_ends = TimeField(p, "return_window_ends");
      c.provisional_unit_id.reset();
      break;
    case Action::kReopen:
      c.assist_parts.clear();
      c.provisional_unit_id.reset();
      c.return_window_ends = TimeField(p, "return_window_ends");
      break;
    case Action::kReturn: {
      ReturnRecord r;
      r.unit_id = o.lead_unit_id.value_or(e.unit_id);
      r.at = e.at;
      r.reason_code = p.value("reason_code", std::string());
      c.returns.push_back(std::move(r));
      break;
    }
    case Action::kReviewReturn:
      SettleReturn(o, p.value("approve", false) ? "approved" : "rejected", e.at);
      if (p.value("approve", false)) {
        c.assist_parts.clear();
        c.return_window_ends.reset();
        c.provisional_unit_id.reset();
        c.coordination_required = p.value("coordination_required", false);
      }
      break;
    case Action::kAssistReply:
      if (AssistPart* part = c.Part(p.at("assist_unit_id").get<UnitId>())) {
        part->replied_at = e.at;
        part->content = p.value("content", std::string());
      }
      break;
    case Action::kAssistOverdue:
      if (AssistPart* part = c.Part(p.at("unit_id").get<UnitId>())) part->overdue = true;
      break;
    case Action::kDispute:
      c.disputes.push_back(DisputeFromJson(p, e.at));
      break;
    case Action::kProvisional: {
      if (auto it = p.find("dispute"); it != p.end()) {
        SettleReturn(o, "disputed", e.at);
        c.disputes.push_back(DisputeFromJson(*it, e.at));
      }
      // The previous lead's own applications (extension, non-acceptance) go
      // with it: they are voided (recorded in the payload), not inherited.
      o.pending.reset();
      const UnitId unit = p.at("unit_id").get<UnitId>();
      o.lead_unit_id = unit;
      o.signed_by_lead = true;  // 先行处置: it acts at once, no sign step
      c.provisional_unit_id = unit;
      c.return_window_ends.reset();
      break;
    }
    case Action::kCoordinate: {
      const UnitId lead = p.at("lead_unit_id").get<UnitId>();
      if (auto it = p.find("dispute_outcome"); it != p.end())
        if (DisputeRecord* d = c.OpenDispute()) {
          d->outcome = it->get<std::string>();
          d->settled_at = e.at;
        }
      if (auto it = p.find("return_outcome"); it != p.end()) SettleReturn(o, *it, e.at);
      // A confirmed lead keeps its extension or non-acceptance application
      // under review; a pending return is settled here, and a new lead starts
      // without the old one's applications.
      if (o.pending && (o.pending->kind == Action::kReturn || o.lead_unit_id != lead))
        o.pending.reset();
      if (e.state_after == State::kDispatched) {
        o.signed_by_lead = false;
        ++o.dispatch_count;
      }
      o.lead_unit_id = lead;
      o.assist_unit_ids = p.at("assist_unit_ids").get<std::vector<UnitId>>();
      SetAssistParts(o, p, e.at, /*keep_existing=*/true);
      c.routing_fixed = true;
      c.coordination_required = false;
      c.provisional_unit_id.reset();
      c.return_window_ends.reset();
      break;
    }
    case Action::kWhistle: {
      Whistle w;
      w.id = p.at("whistle_id").get<int>();
      w.street_unit_id = p.at("street_unit_id").get<UnitId>();
      w.raised_by_unit_id = p.at("raised_by_unit_id").get<UnitId>();
      w.question = p.value("question", std::string());
      w.reason = p.value("reason", std::string());
      w.raised_at = e.at;
      for (const json& s : p.value("summoned", json::array())) {
        Summons summons;
        summons.unit_id = s.at("unit_id").get<UnitId>();
        summons.due_at = TimeField(s, "due_at");
        w.summons.push_back(std::move(summons));
      }
      c.whistles.push_back(std::move(w));
      break;
    }
    case Action::kReportIn:
    case Action::kWhistleWork:
    case Action::kRateWhistle:
    case Action::kReportInOverdue: {
      Whistle* w = c.FindWhistle(p.at("whistle_id").get<int>());
      if (w == nullptr) break;
      const UnitId unit = p.at("unit_id").get<UnitId>();
      for (Summons& s : w->summons) {
        if (s.unit_id != unit) continue;
        if (e.action == Action::kReportIn) {
          s.reported_at = e.at;
          s.late = p.value("late", false);
          s.report_note = p.value("note", std::string());
        } else if (e.action == Action::kWhistleWork) {
          s.work = p.value("content", std::string());
        } else if (e.action == Action::kRateWhistle) {
          s.preparation_score = p.at("score").get<int>();
          s.preparation_comment = p.value("comment", std::string());
        } else {
          s.overdue = true;
        }
      }
      break;
    }
    case Action::kWhistleMeeting:
      if (Whistle* w = c.FindWhistle(p.at("whistle_id").get<int>())) {
        JointMeeting m;
        m.held_at = TimeField(p, "held_at").value_or(e.at);
        m.place = p.value("place", std::string());
        m.attendees = p.value("attendees", std::vector<std::string>{});
        m.citizen_invited = p.value("citizen_invited", false);
        m.citizen_attended = p.value("citizen_attended", false);
        m.decisions = p.value("decisions", std::string());
        w->meetings.push_back(std::move(m));
      }
      break;
    case Action::kCloseWhistle:
      if (Whistle* w = c.FindWhistle(p.at("whistle_id").get<int>())) {
        w->state = "closed";
        w->resolved = p.value("resolved", false);
        w->outcome = p.value("outcome", std::string());
        w->closed_at = e.at;
        for (const json& r : p.value("ratings", json::array()))
          for (Summons& s : w->summons)
            if (s.unit_id == r.at("unit_id").get<UnitId>()) {
              s.score = r.at("score").get<int>();
              s.score_comment = r.value("comment", std::string());
            }
      }
      break;
    case Action::kRequestGuidance: {
      GuidanceRequest g;
      g.id = p.at("guidance_id").get<int>();
      g.requested_by_unit_id = p.at("requested_by_unit_id").get<UnitId>();
      g.unit_id = p.at("unit_id").get<UnitId>();
      g.question = p.value("question", std::string());
      g.requested_at = e.at;
      g.due_at = TimeField(p, "due_at");
      c.guidance.push_back(std::move(g));
      break;
    }
    case Action::kGiveGuidance:
      if (GuidanceRequest* g = c.FindGuidance(p.at("guidance_id").get<int>())) {
        g->answered_at = e.at;
        g->answer = p.value("answer", std::string());
        g->late = p.value("late", false);
      }
      break;
    default:
      break;
  }
}

bool IsStreetActor(const Actor& a, const UnitTree& units) {
  return StreetFor(a.unit_id, units).has_value();
}

bool IsSummoned(const WorkOrder& o, const Actor& a, const UnitTree& units) {
  for (const Whistle& w : o.collab.whistles) {
    for (const Summons& s : w.summons)
      if (units.IsWithin(a.unit_id, s.unit_id)) return true;
  }
  return false;
}

bool IsWhistleStreet(const WorkOrder& o, const Actor& a, const UnitTree& units) {
  return std::any_of(o.collab.whistles.begin(), o.collab.whistles.end(),
                     [&](const Whistle& w) { return units.IsWithin(a.unit_id, w.street_unit_id); });
}

bool IsGuidanceUnit(const WorkOrder& o, const Actor& a, const UnitTree& units) {
  return std::any_of(o.collab.guidance.begin(), o.collab.guidance.end(),
                     [&](const GuidanceRequest& g) {
                       return !g.answered_at && units.IsWithin(a.unit_id, g.unit_id);
                     });
}

}  // namespace hotline
