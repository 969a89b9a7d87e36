#include "workorder/lifecycle.h"

#include <fmt/format.h>

#include <algorithm>
#include <set>

#include "common/time_format.h"
#include "workorder/collaboration_rules.h"
#include "workorder/decision_support.h"
#include "workorder/step_deadlines.h"

namespace hotline {
namespace {

using nlohmann::json;

// Which unit an acting unit role must stand in relation to.
enum class UnitRule {
  kNone,
  kLead,           // the actor's unit lies within the lead unit
  kAssist,         // ... within an assisting unit
  kStreetLead,     // the actor is a street or community, and leads the order
  kSummoned,       // ... within a department summoned by a whistle on the order
  kWhistleStreet,  // ... within the street that blew a whistle on the order
  kGuidanceUnit,   // ... within a department asked for guidance and not yet answering
};

struct GuardRule {
  Action action;
  std::vector<Role> roles;
  UnitRule unit_rule;
};

const std::vector<GuardRule>& GuardRules() {
  static const std::vector<Role> kUnitStaff = {Role::kHandler, Role::kUnitAdmin};
  static const std::vector<GuardRule> rules = {
      {Action::kDirectAnswer, {Role::kAgent, Role::kDispatcher}, UnitRule::kNone},
      {Action::kDispatch, {Role::kDispatcher}, UnitRule::kNone},
      {Action::kSign, kUnitStaff, UnitRule::kLead},
      {Action::kReturn, kUnitStaff, UnitRule::kLead},
      {Action::kReviewReturn, {Role::kDispatcher}, UnitRule::kNone},
      {Action::kReassign, {Role::kDispatcher}, UnitRule::kNone},
      {Action::kExtend, kUnitStaff, UnitRule::kLead},
      {Action::kReviewExtension, {Role::kReviewer}, UnitRule::kNone},
      {Action::kRejectAcceptance, kUnitStaff, UnitRule::kLead},
      {Action::kReviewRejection, {Role::kReviewer}, UnitRule::kNone},
      {Action::kAssistReply, kUnitStaff, UnitRule::kAssist},
      {Action::kReply, kUnitStaff, UnitRule::kLead},
      {Action::kReviewReply, {Role::kReviewer}, UnitRule::kNone},
      {Action::kCallback, {Role::kCallback}, UnitRule::kNone},
      {Action::kReopen, {Role::kCallback, Role::kDispatcher, Role::kSupervisor}, UnitRule::kNone},
      {Action::kMerge, {Role::kAgent, Role::kDispatcher}, UnitRule::kNone},
      {Action::kClose, {Role::kDispatcher, Role::kReviewer, Role::kCallback}, UnitRule::kNone},
      {Action::kDispute, kUnitStaff, UnitRule::kLead},
      {Action::kProvisional, {Role::kDispatcher}, UnitRule::kNone},
      {Action::kCoordinate, {Role::kDispatcher}, UnitRule::kNone},
      {Action::kWhistle, kUnitStaff, UnitRule::kStreetLead},
      {Action::kReportIn, kUnitStaff, UnitRule::kSummoned},
      {Action::kWhistleWork, kUnitStaff, UnitRule::kSummoned},
      {Action::kWhistleMeeting, kUnitStaff, UnitRule::kWhistleStreet},
      {Action::kCloseWhistle, kUnitStaff, UnitRule::kWhistleStreet},
      {Action::kRateWhistle, kUnitStaff, UnitRule::kSummoned},
      {Action::kRequestGuidance, kUnitStaff, UnitRule::kStreetLead},
      {Action::kGiveGuidance, kUnitStaff, UnitRule::kGuidanceUnit},
  };
  return rules;
}

const GuardRule* FindRule(Action action) {
  for (const auto& r : GuardRules())
    if (r.action == action) return &r;
  return nullptr;
}

bool HasPending(const WorkOrder& o, Action kind) { return o.pending && o.pending->kind == kind; }

bool ClosedReopenable(const WorkOrder& o) {
  return o.state == State::kClosed && o.close_reason &&
         (*o.close_reason == "callback" || *o.close_reason == "direct_answer");
}

// Why a guard refused: the error kind, a stable code and (when asked for) a message.
struct Refusal {
  ErrorKind kind = ErrorKind::kConflict;
  std::string code;
  std::string why;
};

// Whether the order's state (and pending application) admits the action.
// On refusal fills `refusal`.
// Messages are formatted only when `explain` is set: AllowedActions asks about
// every action on every read and needs just the yes/no.
bool StateAdmits(const WorkOrder& o, Action action, const DecisionContext& ctx, bool explain,
                 Refusal& refusal) {
  auto in = [&](std::initializer_list<State> states) {
    return std::find(states.begin(), states.end(), o.state) != states.end();
  };
  auto refuse = [&](ErrorKind kind, const char* code, auto&& message) {
    refusal.kind = kind;
    refusal.code = code;
    if (explain) refusal.why = message();
    return false;
  };
  const bool open = !in({State::kClosed, State::kMerged});
  bool ok = false;
  switch (action) {
    case Action::kDirectAnswer:
      ok = in({State::kPendingDispatch});
      break;
    case Action::kDispatch:
      ok = in({State::kPendingDispatch});
      if (ok && o.collab.coordination_required)
        return refuse(ErrorKind::kBusinessRule, "coordination_required", [&] {
          return fmt::format("该工单已退单 {} 次，须由平台协调定责（coordinate），不能再普通派单",
                             ctx.rules.max_returns);
        });
      break;
    case Action::kSign:
      ok = in({State::kDispatched});
      break;
    case Action::kReturn:
      ok = in({State::kDispatched, State::kHandling});
      if (!ok) break;
      if (o.collab.routing_fixed)
        return refuse(ErrorKind::kBusinessRule, "routing_fixed",
                      [] { return std::string("该工单已由平台协调定责，不能再退单"); });
      if (o.collab.provisional_unit_id)
        return refuse(ErrorKind::kBusinessRule, "provisional_handler", [] {
          return std::string("先行处置单位应先处置，责任争议由平台协调，不能退单");
        });
      if (o.collab.return_window_ends && ctx.now > *o.collab.return_window_ends)
        return refuse(ErrorKind::kBusinessRule, "return_window_closed", [&] {
          return fmt::format(
              "首接负责：退单须在派单后规定时限内提出（截止 {}），已超时，"
              "如有异议请提交派单异议（dispute），写明责任单位和依据",
              FormatRfc3339(*o.collab.return_window_ends));
        });
      break;
    case Action::kRejectAcceptance:
      ok = in({State::kDispatched, State::kHandling});
      break;
    case Action::kExtend:
      ok = in({State::kHandling});
      break;
    case Action::kReassign:
      ok = in({State::kDispatched, State::kHandling});
      if (ok && o.collab.routing_fixed)
        return refuse(ErrorKind::kBusinessRule, "routing_fixed", [] {
          return std::string("该工单已由平台协调定责，如需调整请再次协调（coordinate）");
        });
      break;
    case Action::kAssistReply:
      ok = in({State::kDispatched, State::kHandling});
      break;
    case Action::kReply:
      ok = in({State::kHandling});
      break;
    case Action::kReviewReturn:
    case Action::kReviewExtension:
    case Action::kReviewRejection: {
      const Action kind = action == Action::kReviewReturn      ? Action::kReturn
                          : action == Action::kReviewExtension ? Action::kExtend
                                                               : Action::kRejectAcceptance;
      if (!HasPending(o, kind))
        return refuse(ErrorKind::kConflict, "no_pending_application", [&] {
          return fmt::format("工单没有待审核的「{}」申请", ActionDisplayName(kind));
        });
      return true;
    }
    case Action::kReviewReply:
      ok = in({State::kReplied});
      break;
    case Action::kCallback:
      if (in({State::kPendingCallback}) && o.callback_failed)
        return refuse(ErrorKind::kConflict, "callback_already_failed",
                      [] { return std::string("回访结果为未解决或不满意，应重办或结案"); });
      ok = in({State::kPendingCallback});
      break;
    case Action::kReopen:
      ok = (in({State::kPendingCallback}) && o.callback_failed) || ClosedReopenable(o);
      break;
    case Action::kMerge:
      ok = open;
      break;
    case Action::kClose:
      ok = in({State::kPendingDispatch, State::kPendingCallback});
      break;
    case Action::kDispute:
      ok = in({State::kDispatched, State::kHandling});
      if (!ok) break;
      if (o.collab.routing_fixed)
        return refuse(ErrorKind::kBusinessRule, "routing_fixed",
                      [] { return std::string("该工单已由平台协调定责，不能再提出派单异议"); });
      if (o.collab.OpenDispute())
        return refuse(ErrorKind::kConflict, "dispute_open",
                      [] { return std::string("已有待平台协调的派单异议"); });
      break;
    case Action::kProvisional:
      if (!(HasPending(o, Action::kReturn) || o.collab.OpenDispute()) || !open)
        return refuse(ErrorKind::kConflict, "no_dispute", [] {
          return std::string("只有在退单待审或派单异议未决时才能指定先行处置单位");
        });
      return true;
    case Action::kCoordinate:
      ok = (in({State::kPendingDispatch}) && o.collab.coordination_required) ||
           ((HasPending(o, Action::kReturn) || o.collab.OpenDispute()) && open);
      if (!ok)
        return refuse(ErrorKind::kConflict, "nothing_to_coordinate", [] {
          return std::string("只有多次退单待定责、退单待审或派单异议未决时才需平台协调");
        });
      return true;
    case Action::kWhistle:
    case Action::kRequestGuidance:
      ok = in({State::kDispatched, State::kHandling});
      break;
    case Action::kReportIn:
    case Action::kWhistleWork:
    case Action::kWhistleMeeting:
    case Action::kCloseWhistle:
      ok = open;
      break;
    case Action::kRateWhistle:
    case Action::kGiveGuidance:
      ok = true;
      break;
    case Action::kIntake:
    case Action::kMergedIn:
    case Action::kDueSoon:
    case Action::kOverdue:
    case Action::kLongPending:
    case Action::kAssistOverdue:
    case Action::kReportInOverdue:
    case Action::kMasterReplied:
    case Action::kMasterClosed:
      ok = false;
      break;
  }
  if (!ok)
    return refuse(ErrorKind::kConflict, "illegal_transition", [&] {
      return fmt::format("工单当前状态为「{}」，不能执行「{}」", StateDisplayName(o.state),
                         ActionDisplayName(action));
    });
  // A unit's own application blocks its other moves until the platform rules on it.
  const bool unit_move = action == Action::kSign || action == Action::kReturn ||
                         action == Action::kExtend || action == Action::kRejectAcceptance ||
                         action == Action::kReply || action == Action::kDispute;
  if (unit_move && o.pending && !(action == Action::kReply && o.pending->kind == Action::kExtend))
    return refuse(ErrorKind::kConflict, "application_pending", [&] {
      return fmt::format("已有待审核的「{}」申请，审核后才能继续",
                         ActionDisplayName(o.pending->kind));
    });
  return true;
}

// The assisting unit the actor acts for, if any.
std::optional<UnitId> AssistUnitFor(const WorkOrder& o, const Actor& a, const UnitTree& units) {
  for (UnitId u : o.assist_unit_ids)
    if (units.IsWithin(u, a.unit_id)) return u;
  return std::nullopt;
}

Result<json> RouteFields(const RouteCommand& c, const DecisionContext& ctx) {
  if (auto r =
          CheckRouteUnits(c.lead_unit_id, c.assist_unit_ids, ctx.rules.max_assist_units, ctx.units);
      !r)
    return Fail(r.error());
  auto note = OptionalText(c.note, "note", "备注", 2000);
  if (!note) return Fail(note.error());
  return json{
      {"lead_unit_id", c.lead_unit_id}, {"assist_unit_ids", c.assist_unit_ids}, {"note", *note}};
}

Result<json> ReviewFields(const ReviewCommand& c) {
  auto note = OptionalText(c.note, "note", "审核意见", 2000);
  if (!note) return Fail(note.error());
  if (!c.approve && note->empty())
    return Fail(ErrorKind::kInvalidInput, "missing_field", "不通过时请填写审核意见", "note");
  return json{{"approve", c.approve}, {"note", *note}};
}

Event MakeEvent(const Actor& a, Action action, const DecisionContext& ctx, json payload,
                State after, std::int64_t seq) {
  Event e;
  e.seq = seq;
  e.action = action;
  e.actor_id = a.user_id;
  e.actor_name = a.username;
  e.actor_role = a.role;
  e.unit_id = a.unit_id;
  e.at = ctx.now;
  e.payload = std::move(payload);
  e.state_after = after;
  return e;
}

// The body of Decide once the guard passed: validates fields, picks the next state.
Result<std::pair<json, State>> DecideFields(const WorkOrder& o, const Actor& a, Action action,
                                            const Command& cmd, const DecisionContext& ctx) {
  using R = std::pair<json, State>;
  switch (action) {
    case Action::kDirectAnswer: {
      auto c = As<DirectAnswerCommand>(cmd, action);
      if (!c) return Fail(c.error());
      auto answer = RequireText((*c)->answer, "answer", "答复内容", 4000);
      if (!answer) return Fail(answer.error());
      return R{json{{"answer", *answer}}, State::kClosed};
    }
    case Action::kDispatch:
    case Action::kReassign: {
      auto c = As<RouteCommand>(cmd, action);
      if (!c) return Fail(c.error());
      auto fields = RouteFields(**c, ctx);
      if (!fields) return Fail(fields.error());
      if (action == Action::kReassign && o.lead_unit_id == (*c)->lead_unit_id &&
          o.assist_unit_ids == (*c)->assist_unit_ids)
        return Fail(ErrorKind::kBusinessRule, "same_units", "改派的单位与当前承办单位相同",
                    "lead_unit_id");
      AddRoutingFields(*fields, (*c)->assist_unit_ids, /*with_return_window=*/true, ctx);
      return R{*fields, State::kDispatched};
    }
    case Action::kSign:
      return R{json::object(), State::kHandling};
    case Action::kReturn: {
      auto c = As<ReturnCommand>(cmd, action);
      if (!c) return Fail(c.error());
      const auto& reasons = kReturnReasons;
      if (std::none_of(std::begin(reasons), std::end(reasons),
                       [&](const ReturnReason& r) { return r.code == (*c)->reason_code; }))
        return Fail(ErrorKind::kInvalidInput, "unknown_reason_code",
                    fmt::format("退单原因代码「{}」无效", (*c)->reason_code), "reason_code");
      auto basis = RequireText((*c)->basis, "basis", "退单依据", 2000);
      if (!basis) return Fail(basis.error());
      // "Not our duty" stands only on the unit's published responsibility list.
      auto duty_item = (*c)->reason_code == kDutyReason
                           ? RequireText((*c)->duty_item, "duty_item", "权责清单事项", 500)
                           : OptionalText((*c)->duty_item, "duty_item", "权责清单事项", 500);
      if (!duty_item) return Fail(duty_item.error());
      auto note = OptionalText((*c)->note, "note", "备注", 2000);
      if (!note) return Fail(note.error());
      json p{{"reason_code", (*c)->reason_code},
             {"basis", *basis},
             {"duty_item", *duty_item},
             {"proposed_unit_id", nullptr},
             {"note", *note}};
      if (const auto proposed = (*c)->proposed_unit_id) {
        if (auto r = CheckHandlingUnit(*proposed, "proposed_unit_id", ctx.units); !r)
          return Fail(r.error());
        if (*proposed == o.lead_unit_id)
          return Fail(ErrorKind::kBusinessRule, "proposed_is_lead",
                      "建议的责任单位就是当前主办单位", "proposed_unit_id");
        p["proposed_unit_id"] = *proposed;
      }
      return R{p, o.state};
    }
    case Action::kReviewReturn: {
      auto c = As<ReviewCommand>(cmd, action);
      if (!c) return Fail(c.error());
      auto fields = ReviewFields(**c);
      if (!fields) return Fail(fields.error());
      (*fields)["returned_by_unit_id"] = o.lead_unit_id.value_or(o.pending->unit_id);
      // Approved: the unit is released and the order waits for a new dispatch;
      // once it has bounced too often the platform must fix the units itself.
      if ((*c)->approve)
        (*fields)["coordination_required"] = o.return_count + 1 >= ctx.rules.max_returns;
      return R{*fields, (*c)->approve ? State::kPendingDispatch : o.state};
    }
    case Action::kExtend: {
      auto c = As<ExtendCommand>(cmd, action);
      if (!c) return Fail(c.error());
      if ((*c)->days < 1 || (*c)->days > ctx.rules.max_extension_days)
        return Fail(ErrorKind::kInvalidInput, "out_of_range",
                    fmt::format("延期天数应在 1 到 {} 个工作日之间", ctx.rules.max_extension_days),
                    "days");
      auto reason = RequireText((*c)->reason, "reason", "延期理由", 2000);
      if (!reason) return Fail(reason.error());
      return R{json{{"days", (*c)->days}, {"reason", *reason}}, o.state};
    }
    case Action::kReviewExtension: {
      auto c = As<ReviewCommand>(cmd, action);
      if (!c) return Fail(c.error());
      auto fields = ReviewFields(**c);
      if (!fields) return Fail(fields.error());
      (*fields)["days"] = (*c)->approve ? o.pending->details.value("days", 0) : 0;
      return R{*fields, o.state};
    }
    case Action::kRejectAcceptance: {
      auto c = As<RejectAcceptanceCommand>(cmd, action);
      if (!c) return Fail(c.error());
      auto basis = RequireText((*c)->basis, "basis", "不予受理依据", 2000);
      if (!basis) return Fail(basis.error());
      auto note = OptionalText((*c)->note, "note", "备注", 2000);
      if (!note) return Fail(note.error());
      return R{json{{"basis", *basis}, {"note", *note}}, o.state};
    }
    case Action::kReviewRejection: {
      auto c = As<ReviewCommand>(cmd, action);
      if (!c) return Fail(c.error());
      auto fields = ReviewFields(**c);
      if (!fields) return Fail(fields.error());
      return R{*fields, (*c)->approve ? State::kClosed : o.state};
    }
    case Action::kAssistReply: {
      auto c = As<AssistReplyCommand>(cmd, action);
      if (!c) return Fail(c.error());
      auto content = RequireText((*c)->content, "content", "协办意见", 4000);
      if (!content) return Fail(content.error());
      const auto unit = AssistUnitFor(o, a, ctx.units);
      return R{json{{"assist_unit_id", unit.value_or(a.unit_id)}, {"content", *content}}, o.state};
    }
    case Action::kReply: {
      auto c = As<ReplyCommand>(cmd, action);
      if (!c) return Fail(c.error());
      auto measures = RequireText((*c)->measures, "measures", "办理举措", 4000);
      if (!measures) return Fail(measures.error());
      auto progress = RequireText((*c)->progress, "progress", "办理进展", 4000);
      if (!progress) return Fail(progress.error());
      auto result = RequireText((*c)->result, "result", "办理结果", 4000);
      if (!result) return Fail(result.error());
      const auto& methods = kContactMethods;
      if (std::find(std::begin(methods), std::end(methods), (*c)->contact_method) ==
          std::end(methods))
        return Fail(ErrorKind::kInvalidInput, "invalid_value",
                    "联系方式应为 phone、sms、visit、onsite、online 或 other", "contact.method");
      if ((*c)->contact_at > ctx.now + std::chrono::minutes(5))
        return Fail(ErrorKind::kBusinessRule, "contact_in_future", "联系诉求人的时间不能晚于现在",
                    "contact.at");
      if ((*c)->contact_at < o.created_at)
        return Fail(ErrorKind::kBusinessRule, "contact_before_intake",
                    "联系诉求人的时间不能早于工单受理时间", "contact.at");
      auto note = OptionalText((*c)->note, "note", "备注", 2000);
      if (!note) return Fail(note.error());
      json contact{{"method", (*c)->contact_method}, {"at", FormatRfc3339((*c)->contact_at)}};
      // The lead's reply consolidates the assisting units' parts: it carries
      // what each gave, and names those that gave nothing.
      json received = json::array();
      json missing = json::array();
      for (const AssistPart& part : o.collab.assist_parts) {
        if (part.replied_at)
          received.push_back({{"unit_id", part.unit_id},
                              {"content", part.content},
                              {"replied_at", FormatRfc3339(*part.replied_at)}});
        else
          missing.push_back(part.unit_id);
      }
      return R{json{{"measures", *measures},
                    {"progress", *progress},
                    {"result", *result},
                    {"contact", contact},
                    {"note", *note},
                    {"assist_parts_received", std::move(received)},
                    {"assist_parts_missing", std::move(missing)}},
               State::kReplied};
    }
    case Action::kReviewReply: {
      auto c = As<ReviewCommand>(cmd, action);
      if (!c) return Fail(c.error());
      auto fields = ReviewFields(**c);
      if (!fields) return Fail(fields.error());
      return R{*fields, (*c)->approve ? State::kPendingCallback : State::kHandling};
    }
    case Action::kCallback: {
      auto c = As<CallbackCommand>(cmd, action);
      if (!c) return Fail(c.error());
      auto note = OptionalText((*c)->note, "note", "回访记录", 2000);
      if (!note) return Fail(note.error());
      json p{{"reached", (*c)->reached}, {"note", *note}};
      // A reason explains a 不满意 and nothing else.
      const auto reason_misplaced = [&] {
        return Fail(ErrorKind::kInvalidInput, "invalid_value",
                    "只有满意度为不满意时才能填写不满意原因", "dissatisfied_reason");
      };
      if (!(*c)->reached) {
        if ((*c)->dissatisfied_reason) return reason_misplaced();
        if ((*c)->resolved || (*c)->satisfaction)
          return Fail(ErrorKind::kInvalidInput, "unexpected_field",
                      "未联系上诉求人时不能填写解决情况和满意度",
                      (*c)->resolved ? "resolved" : "satisfaction");
        const bool give_up = o.unreached_callbacks + 1 >= ctx.rules.max_unreached_callbacks;
        return R{p, give_up ? State::kClosed : State::kPendingCallback};
      }
      if (!(*c)->resolved)
        return Fail(ErrorKind::kInvalidInput, "missing_field", "请填写是否解决", "resolved");
      if (!(*c)->satisfaction)
        return Fail(ErrorKind::kInvalidInput, "missing_field", "请填写满意度", "satisfaction");
      if ((*c)->dissatisfied_reason && *(*c)->satisfaction != Satisfaction::kDissatisfied)
        return reason_misplaced();
      p["resolved"] = *(*c)->resolved;
      p["satisfaction"] = SatisfactionCode(*(*c)->satisfaction);
      // Absent when not given, so old and new events read alike.
      if ((*c)->dissatisfied_reason)
        p["dissatisfied_reason"] = DissatisfiedReasonCode(*(*c)->dissatisfied_reason);
      const bool success = *(*c)->resolved && *(*c)->satisfaction != Satisfaction::kDissatisfied;
      return R{p, success ? State::kClosed : State::kPendingCallback};
    }
    case Action::kReopen: {
      auto c = As<ReopenCommand>(cmd, action);
      if (!c) return Fail(c.error());
      auto note = RequireText((*c)->note, "note", "重办理由", 2000);
      if (!note) return Fail(note.error());
      json p{{"note", *note}};
      if ((*c)->lead_unit_id) {
        if (auto r = CheckHandlingUnit(*(*c)->lead_unit_id, "lead_unit_id", ctx.units); !r)
          return Fail(r.error());
        p["lead_unit_id"] = *(*c)->lead_unit_id;
        AddRoutingFields(p, {}, /*with_return_window=*/true, ctx);
        return R{p, State::kDispatched};
      }
      return R{p, State::kPendingDispatch};
    }
    case Action::kClose: {
      auto c = As<CloseCommand>(cmd, action);
      if (!c) return Fail(c.error());
      auto reason = RequireText((*c)->reason, "reason", "结案理由", 2000);
      if (!reason) return Fail(reason.error());
      return R{json{{"reason", *reason}}, State::kClosed};
    }
    case Action::kDispute:
    case Action::kProvisional:
    case Action::kCoordinate:
    case Action::kWhistle:
    case Action::kReportIn:
    case Action::kWhistleWork:
    case Action::kWhistleMeeting:
    case Action::kCloseWhistle:
    case Action::kRateWhistle:
    case Action::kRequestGuidance:
    case Action::kGiveGuidance:
      return DecideCollaboration(o, a, action, cmd, ctx);
    case Action::kMerge:
    case Action::kIntake:
    case Action::kMergedIn:
    case Action::kDueSoon:
    case Action::kOverdue:
    case Action::kLongPending:
    case Action::kAssistOverdue:
    case Action::kReportInOverdue:
    case Action::kMasterReplied:
    case Action::kMasterClosed:
      break;
  }
  return Fail(ErrorKind::kInternal, "unsupported_action",
              fmt::format("内部错误：不支持的动作「{}」", ActionCode(action)));
}

std::optional<UnitId> OptionalUnit(const json& p, const char* key) {
  auto it = p.find(key);
  if (it == p.end() || it->is_null()) return std::nullopt;
  return it->get<UnitId>();
}

// The guard behind CheckGuard and AllowedActions; see StateAdmits for `explain`.
Result<void> Guard(const WorkOrder& o, const Actor& a, Action action, const DecisionContext& ctx,
                   bool explain) {
  const GuardRule* rule = FindRule(action);
  if (rule == nullptr)
    return Fail(ErrorKind::kNotFound, "unknown_action",
                fmt::format("未知动作「{}」", ActionCode(action)));
  if (std::find(rule->roles.begin(), rule->roles.end(), a.role) == rule->roles.end())
    return Fail(ErrorKind::kForbidden, "role_not_allowed",
                explain ? fmt::format("角色「{}」无权执行「{}」", RoleDisplayName(a.role),
                                      ActionDisplayName(action))
                        : std::string());
  Refusal refusal;
  if (!StateAdmits(o, action, ctx, explain, refusal))
    return Fail(refusal.kind, refusal.code, refusal.why);
  const UnitTree& units = ctx.units;
  switch (rule->unit_rule) {
    case UnitRule::kNone:
      break;
    case UnitRule::kLead:
      if (!(o.lead_unit_id && units.IsWithin(*o.lead_unit_id, a.unit_id)))
        return Fail(ErrorKind::kForbidden, "unit_not_allowed", "本单位不是该工单的主办单位");
      break;
    case UnitRule::kAssist:
      if (!AssistUnitFor(o, a, units))
        return Fail(ErrorKind::kForbidden, "unit_not_allowed", "本单位不是该工单的协办单位");
      break;
    case UnitRule::kStreetLead:
      if (!IsStreetActor(a, units))
        return Fail(ErrorKind::kForbidden, "street_only",
                    explain ? fmt::format("只有街道或社区可以{}", ActionDisplayName(action))
                            : std::string());
      if (!(o.lead_unit_id && units.IsWithin(*o.lead_unit_id, a.unit_id)))
        return Fail(ErrorKind::kForbidden, "unit_not_allowed", "本单位不是该工单的主办单位");
      break;
    case UnitRule::kSummoned:
      if (!IsSummoned(o, a, units))
        return Fail(ErrorKind::kForbidden, "not_summoned", "本单位不在该工单的吹哨召集名单中");
      break;
    case UnitRule::kWhistleStreet:
      if (!IsWhistleStreet(o, a, units))
        return Fail(ErrorKind::kForbidden, "not_whistle_street", "只有吹哨的街道可以执行此操作");
      break;
    case UnitRule::kGuidanceUnit:
      if (!IsGuidanceUnit(o, a, units))
        return Fail(ErrorKind::kForbidden, "not_asked", "没有向本单位提出的待答复业务指导申请");
      break;
  }
  return {};
}

}  // namespace

Result<void> CheckGuard(const WorkOrder& o, const Actor& a, Action action,
                        const DecisionContext& ctx) {
  return Guard(o, a, action, ctx, /*explain=*/true);
}

Result<Event> DecideIntake(const Actor& a, const IntakeCommand& c, const DecisionContext& ctx) {
  static constexpr Role kIntakeRoles[] = {Role::kAgent, Role::kDispatcher};
  if (std::find(std::begin(kIntakeRoles), std::end(kIntakeRoles), a.role) == std::end(kIntakeRoles))
    return Fail(ErrorKind::kForbidden, "role_not_allowed",
                fmt::format("角色「{}」无权登记工单", RoleDisplayName(a.role)));
  auto title = RequireText(c.title, "title", "标题", 200);
  if (!title) return Fail(title.error());
  auto content = RequireText(c.content, "content", "诉求内容", 10000);
  if (!content) return Fail(content.error());
  auto name = OptionalText(c.caller_name, "caller_name", "诉求人姓名", 50);
  if (!name) return Fail(name.error());
  auto address = OptionalText(c.address, "address", "地址", 500);
  if (!address) return Fail(address.error());
  const std::string phone = Trim(c.caller_phone);
  if (phone.size() > 20 || !std::all_of(phone.begin(), phone.end(), [](char ch) {
        return (ch >= '0' && ch <= '9') || ch == '-' || ch == '+';
      }))
    return Fail(ErrorKind::kInvalidInput, "invalid_phone",
                "联系电话只能包含数字、+ 和 -，最多 20 位", "caller_phone");
  if (phone.empty() && c.channel == Channel::kPhone)
    return Fail(ErrorKind::kInvalidInput, "missing_field", "电话来件请填写联系电话",
                "caller_phone");
  const Category* cat = ctx.categories.Find(c.category_id);
  if (cat == nullptr)
    return Fail(ErrorKind::kBusinessRule, "unknown_category",
                fmt::format("诉求分类 {} 不存在", c.category_id), "category_id");
  if (!ctx.categories.IsLeaf(c.category_id))
    return Fail(ErrorKind::kBusinessRule, "category_not_leaf",
                fmt::format("请选择「{}」下的末级分类", cat->name), "category_id");
  std::optional<UnitId> street = c.street_unit_id;
  if (street) {
    const Unit* u = ctx.units.Find(*street);
    if (u == nullptr || u->kind != UnitKind::kStreet)
      return Fail(ErrorKind::kBusinessRule, "not_a_street", fmt::format("{} 不是街道", *street),
                  "street_unit_id");
  }
  if (c.community_unit_id) {
    const Unit* u = ctx.units.Find(*c.community_unit_id);
    if (u == nullptr || u->kind != UnitKind::kCommunity)
      return Fail(ErrorKind::kBusinessRule, "not_a_community",
                  fmt::format("{} 不是社区", *c.community_unit_id), "community_unit_id");
    if (street && u->parent_id != street)
      return Fail(ErrorKind::kBusinessRule, "community_outside_street", "社区不属于所选街道",
                  "community_unit_id");
    street = u->parent_id;
  }
  for (const auto& key : {c.idempotency_key, c.upstream_id})
    if (key && (key->empty() || key->size() > 200))
      return Fail(ErrorKind::kInvalidInput, "invalid_value", "幂等键和上游编号应为 1 到 200 个字符",
                  key == c.idempotency_key ? "idempotency_key" : "upstream_id");
  if (c.attachments.size() > 20)
    return Fail(ErrorKind::kInvalidInput, "too_many_attachments", "附件最多 20 个", "attachments");
  json attachments = json::array();
  for (const auto& att : c.attachments) {
    if (att.name.empty() || att.size < 0)
      return Fail(ErrorKind::kInvalidInput, "invalid_value", "附件需要名称且大小不能为负",
                  "attachments");
    attachments.push_back({{"name", att.name},
                           {"content_type", att.content_type},
                           {"size", att.size},
                           {"url", att.url}});
  }
  json p{{"channel", ChannelCode(c.channel)},
         {"caller_name", *name},
         {"caller_phone", phone},
         {"enterprise", c.enterprise},
         {"demand_type", DemandTypeCode(c.demand_type)},
         {"category_id", c.category_id},
         {"address", *address},
         {"street_unit_id", street ? json(*street) : json(nullptr)},
         {"community_unit_id", c.community_unit_id ? json(*c.community_unit_id) : json(nullptr)},
         {"title", *title},
         {"content", *content},
         {"urgency", UrgencyCode(c.urgency)},
         {"attachments", attachments},
         {"idempotency_key", c.idempotency_key ? json(*c.idempotency_key) : json(nullptr)},
         {"upstream_id", c.upstream_id ? json(*c.upstream_id) : json(nullptr)}};
  if (ctx.calendar != nullptr)
    p["long_pending_at"] =
        FormatRfc3339(ctx.calendar->AddWorkingDays(ctx.now, ctx.rules.long_pending_days));
  return MakeEvent(a, Action::kIntake, ctx, std::move(p), State::kPendingDispatch, 1);
}

Result<Event> Decide(const WorkOrder& o, const Actor& a, Action action, const Command& cmd,
                     const DecisionContext& ctx) {
  if (action == Action::kMerge || !IsRequestable(action))
    return Fail(ErrorKind::kInternal, "unsupported_action",
                fmt::format("内部错误：动作「{}」需专门处理", ActionCode(action)));
  if (auto g = CheckGuard(o, a, action, ctx); !g) return Fail(g.error());
  auto fields = DecideFields(o, a, action, cmd, ctx);
  if (!fields) return Fail(fields.error());
  if (auto deadlines = NextDeadlines(o, action, fields->first, fields->second, ctx))
    fields->first["deadlines"] = DeadlinesToJson(*deadlines);
  return MakeEvent(a, action, ctx, std::move(fields->first), fields->second, o.version + 1);
}

Result<std::pair<Event, Event>> DecideMerge(const WorkOrder& source, const WorkOrder& target,
                                            const Actor& a, const MergeCommand& c,
                                            const DecisionContext& ctx) {
  if (auto g = CheckGuard(source, a, Action::kMerge, ctx); !g) return Fail(g.error());
  if (source.id == target.id)
    return Fail(ErrorKind::kBusinessRule, "merge_into_self", "不能将工单并入自身", "into_id");
  if (target.state == State::kClosed)
    return Fail(ErrorKind::kBusinessRule, "merge_target_closed",
                fmt::format("目标工单 {} 已办结，不能并入", target.number), "into_id");
  if (target.state == State::kMerged)
    return Fail(ErrorKind::kBusinessRule, "merge_target_merged",
                fmt::format("目标工单 {} 已并入其他工单，请并入其主单", target.number), "into_id");
  if (!source.merged_ids.empty())
    return Fail(ErrorKind::kBusinessRule, "merge_source_is_master",
                fmt::format("工单 {} 已有并入的工单，不能再并入其他工单", source.number),
                "into_id");
  auto note = OptionalText(c.note, "note", "并单理由", 2000);
  if (!note) return Fail(note.error());
  // Different categories may still be one demand, but someone must say why.
  if (source.category_id != target.category_id && note->empty())
    return Fail(ErrorKind::kInvalidInput, "merge_reason_required",
                "两张工单的诉求分类不同，跨分类并单请填写并单理由", "note");
  json merged{{"into_id", target.id}, {"into_number", target.number}, {"note", *note}};
  if (auto deadlines = NextDeadlines(source, Action::kMerge, merged, State::kMerged, ctx))
    merged["deadlines"] = DeadlinesToJson(*deadlines);
  // The merged order waits for its master's outcome (DecideMasterOutcome).
  Event out =
      MakeEvent(a, Action::kMerge, ctx, std::move(merged), State::kMerged, source.version + 1);
  Event in =
      MakeEvent(a, Action::kMergedIn, ctx,
                json{{"from_id", source.id}, {"from_number", source.number}, {"note", *note}},
                target.state, target.version + 1);
  return std::pair{std::move(out), std::move(in)};
}

std::optional<Event> DecideMasterOutcome(const WorkOrder& merged, const WorkOrder& master,
                                         const Actor& a, const DecisionContext& ctx) {
  if (merged.state != State::kMerged || merged.merged_into != master.id) return std::nullopt;
  json p{{"master_id", master.id}, {"master_number", master.number}};
  Action action;
  State after;
  if (master.state == State::kPendingCallback) {
    // Each citizen is still called back on their own order.
    action = Action::kMasterReplied;
    after = State::kPendingCallback;
    p["reply"] = master.reply ? *master.reply : json(nullptr);
    // The unit that did the work answers for this citizen's callback too.
    p["lead_unit_id"] = master.lead_unit_id ? json(*master.lead_unit_id) : json(nullptr);
  } else if (master.state == State::kClosed) {
    action = Action::kMasterClosed;
    after = State::kClosed;
    p["master_close_reason"] = master.close_reason.value_or("");
  } else {
    return std::nullopt;
  }
  if (auto deadlines = NextDeadlines(merged, action, p, after, ctx))
    p["deadlines"] = DeadlinesToJson(*deadlines);
  return MakeEvent(a, action, ctx, std::move(p), after, merged.version + 1);
}

void Apply(WorkOrder& o, const Event& e) {
  const json& p = e.payload;
  const State before = o.state;
  ApplyCollaboration(o, e);
  switch (e.action) {
    case Action::kIntake: {
      o.number = p.value("number", std::string());
      o.channel = ParseChannel(p.at("channel").get<std::string>()).value_or(Channel::kPhone);
      o.caller_name = p.value("caller_name", std::string());
      o.caller_phone = p.value("caller_phone", std::string());
      o.enterprise = p.value("enterprise", false);
      o.demand_type = ParseDemandType(p.at("demand_type").get<std::string>())
                          .value_or(DemandType::kConsultation);
      o.category_id = p.at("category_id").get<CategoryId>();
      o.address = p.value("address", std::string());
      o.street_unit_id = OptionalUnit(p, "street_unit_id");
      o.community_unit_id = OptionalUnit(p, "community_unit_id");
      o.title = p.value("title", std::string());
      o.content = p.value("content", std::string());
      o.urgency =
          ParseUrgency(p.value("urgency", std::string("normal"))).value_or(Urgency::kNormal);
      o.attachments.clear();
      for (const auto& att : p.value("attachments", json::array()))
        o.attachments.push_back(
            {att.value("name", std::string()), att.value("content_type", std::string()),
             att.value("size", std::int64_t{0}), att.value("url", std::string())});
      if (p.contains("idempotency_key") && !p["idempotency_key"].is_null())
        o.idempotency_key = p["idempotency_key"].get<std::string>();
      if (p.contains("upstream_id") && !p["upstream_id"].is_null())
        o.upstream_id = p["upstream_id"].get<std::string>();
      o.created_by = e.actor_id;
      o.created_at = e.at;
      o.intake_flags.clear();
      for (const auto& flag : p.value("intake_flags", json::array()))
        if (flag.is_string()) o.intake_flags.push_back(flag.get<std::string>());
      if (p.contains("long_pending_at"))
        o.long_pending_at = ParseRfc3339(p["long_pending_at"].get<std::string>());
      break;
    }
    case Action::kDirectAnswer:
      o.close_reason = "direct_answer";
      break;
    case Action::kDispatch:
    case Action::kReassign:
      o.lead_unit_id = p.at("lead_unit_id").get<UnitId>();
      o.assist_unit_ids = p.at("assist_unit_ids").get<std::vector<UnitId>>();
      o.signed_by_lead = false;
      o.pending.reset();
      ++o.dispatch_count;
      break;
    case Action::kSign:
      o.signed_by_lead = true;
      break;
    case Action::kReturn:
    case Action::kExtend:
    case Action::kRejectAcceptance:
      o.pending = PendingApplication{e.action, e.unit_id, e.at, p};
      break;
    case Action::kReviewReturn:
      if (p.value("approve", false)) {
        ++o.return_count;
        o.lead_unit_id.reset();
        o.assist_unit_ids.clear();
        o.signed_by_lead = false;
      }
      o.pending.reset();
      break;
    case Action::kReviewExtension:
      o.extension_days += p.value("days", 0);
      o.pending.reset();
      break;
    case Action::kReviewRejection:
      if (p.value("approve", false)) o.close_reason = "non_acceptance";
      o.pending.reset();
      break;
    case Action::kAssistReply:
      break;  // the part reply is collaboration's (ApplyCollaboration)
    case Action::kReply:
      o.reply = p;
      o.reply->erase("deadlines");  // the order's own, not part of the answer
      o.pending.reset();            // a reply settles an open extension request
      break;
    case Action::kReviewReply:
      break;
    case Action::kCallback: {
      CallbackRecord r;
      r.reached = p.value("reached", false);
      if (p.contains("resolved")) r.resolved = p["resolved"].get<bool>();
      if (p.contains("satisfaction"))
        r.satisfaction = ParseSatisfaction(p["satisfaction"].get<std::string>());
      r.note = p.value("note", std::string());
      r.at = e.at;
      if (p.contains("dissatisfied_reason"))
        r.dissatisfied_reason =
            ParseDissatisfiedReason(p["dissatisfied_reason"].get<std::string>());
      o.last_callback = r;
      if (!r.reached) {
        ++o.unreached_callbacks;
        if (e.state_after == State::kClosed) o.close_reason = "unreachable";
      } else if (e.state_after == State::kClosed) {
        o.close_reason = "callback";
      } else {
        o.callback_failed = true;
        if (!o.dissatisfied_since) o.dissatisfied_since = e.at;
      }
      break;
    }
    case Action::kReopen:
      ++o.reopen_count;
      o.callback_failed = false;
      o.unreached_callbacks = 0;
      o.close_reason.reset();
      o.closed_at.reset();
      o.reply.reset();
      o.signed_by_lead = false;
      if (p.contains("lead_unit_id")) {
        o.lead_unit_id = p["lead_unit_id"].get<UnitId>();
        o.assist_unit_ids.clear();
        ++o.dispatch_count;
      } else {
        o.lead_unit_id.reset();
        o.assist_unit_ids.clear();
      }
      break;
    case Action::kMerge:
      o.merged_into = p.at("into_id").get<OrderId>();
      o.pending.reset();
      break;
    case Action::kMasterReplied:
      o.reply = p.at("reply");
      o.callback_failed = false;
      if (auto lead = OptionalUnit(p, "lead_unit_id")) {
        o.lead_unit_id = lead;
        o.assist_unit_ids.clear();
      }
      break;
    case Action::kMasterClosed:
      o.close_reason = "merged";
      break;
    case Action::kMergedIn:
      o.merged_ids.push_back(p.at("from_id").get<OrderId>());
      break;
    case Action::kDueSoon:
    case Action::kOverdue:
      break;  // only the deadlines change; applied below
    case Action::kDispute:
    case Action::kProvisional:
    case Action::kCoordinate:
    case Action::kWhistle:
    case Action::kReportIn:
    case Action::kWhistleWork:
    case Action::kWhistleMeeting:
    case Action::kCloseWhistle:
    case Action::kRateWhistle:
    case Action::kRequestGuidance:
    case Action::kGiveGuidance:
    case Action::kAssistOverdue:
    case Action::kReportInOverdue:
      break;  // folded by ApplyCollaboration
    case Action::kLongPending:
      o.long_pending = true;
      break;
    case Action::kClose:
      o.close_reason = "manual";
      break;
  }
  if (auto it = p.find("deadlines"); it != p.end() && it->is_object())
    o.deadlines = DeadlinesFromJson(*it);
  o.state = e.state_after;
  o.version = e.seq;
  o.updated_at = e.at;
  if (o.state == State::kClosed && before != State::kClosed) {
    o.closed_at = e.at;
    o.dissatisfied_since.reset();  // settled: re-rated, or closed for a stated reason
  }
}

WorkOrder Replay(OrderId id, const std::vector<Event>& events) {
  WorkOrder o;
  o.id = id;
  for (const Event& e : events) Apply(o, e);
  return o;
}

std::vector<Action> AllowedActions(const WorkOrder& o, const Actor& a, const DecisionContext& ctx) {
  std::vector<Action> out;
  for (Action action : kRequestableActions)
    if (Guard(o, a, action, ctx, /*explain=*/false)) out.push_back(action);
  return out;
}

bool CanSee(const WorkOrder& o, const Actor& a, const UnitTree& units) {
  if (!IsUnitRole(a.role)) return true;
  if (o.lead_unit_id && units.IsWithin(*o.lead_unit_id, a.unit_id)) return true;
  auto within = [&](UnitId u) { return units.IsWithin(u, a.unit_id); };
  if (std::any_of(o.assist_unit_ids.begin(), o.assist_unit_ids.end(), within)) return true;
  const auto participants = o.collab.ParticipantUnits();
  return std::any_of(participants.begin(), participants.end(), within);
}

std::vector<std::string> OrderFlags(const WorkOrder& o, int repeat_threshold) {
  std::vector<std::string> flags;
  if (o.enterprise) flags.push_back("enterprise");
  if (o.reopen_count >= repeat_threshold) flags.push_back("repeatedly_failed");
  if (!o.merged_ids.empty()) flags.push_back("merged_master");
  if (o.long_pending) flags.push_back("long_pending");
  if (o.dissatisfied_since) flags.push_back("dissatisfied");
  const auto& parts = o.collab.assist_parts;
  const bool open = o.state != State::kClosed && o.state != State::kMerged;
  if (open && std::any_of(parts.begin(), parts.end(),
                          [](const AssistPart& p) { return p.overdue && !p.replied_at; }))
    flags.push_back("assist_overdue");
  if (o.collab.coordination_required) flags.push_back("coordination_required");
  if (o.collab.OpenDispute()) flags.push_back("disputed");
  const auto& whistles = o.collab.whistles;
  if (std::any_of(whistles.begin(), whistles.end(),
                  [](const Whistle& w) { return w.state == "open"; }))
    flags.push_back("whistled");
  for (const std::string& flag : o.intake_flags) flags.push_back(flag);
  return flags;
}

}  // namespace hotline
