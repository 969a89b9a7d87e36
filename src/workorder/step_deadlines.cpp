#include "workorder/step_deadlines.h"

#include "common/time_format.h"

namespace hotline {
namespace {

using nlohmann::json;

constexpr std::optional<StepDeadline> Deadlines::*kSteps[] = {
    &Deadlines::sign, &Deadlines::handle, &Deadlines::review, &Deadlines::callback,
    &Deadlines::application_review};

StepLimits LimitsFor(const WorkOrder& o, const DecisionContext& ctx) {
  const Category* category = ctx.categories.Find(o.category_id);
  return ResolveLimits(*ctx.sla, category ? category->code : std::string_view(), o.urgency,
                       o.demand_type);
}

StepDeadline Start(const DecisionContext& ctx, Allowance allowance) {
  return StepDeadline{
      DeadlineAfter(*ctx.calendar, ctx.now, allowance),
      ShareOfAllowance(*ctx.calendar, ctx.now, allowance, ctx.sla->due_soon_percent), false, false};
}

// Moves a running step later; alarms already raised are withdrawn when their
// instant moves back into the future.
template <typename Shift>
void Move(std::optional<StepDeadline>& step, Instant now, Shift shift) {
  if (!step) return;
  step->due_at = shift(step->due_at);
  step->warn_at = shift(step->warn_at);
  if (step->due_at > now) step->overdue = false;
  if (step->warn_at > now) step->warned = false;
}

// Gives the unit back the working time the platform took to review.
void Pause(std::optional<StepDeadline>& step, const WorkOrder& o, const DecisionContext& ctx) {
  if (!o.pending || !ctx.sla->pause_while_reviewing) return;
  const auto waited = ctx.calendar->WorkingTimeBetween(o.pending->at, ctx.now);
  Move(step, ctx.now, [&](Instant t) { return ctx.calendar->AddWorkingMinutes(t, waited); });
}

json StepToJson(const std::optional<StepDeadline>& s) {
  if (!s) return nullptr;
  return json{{"due_at", FormatRfc3339(s->due_at)},
              {"warn_at", FormatRfc3339(s->warn_at)},
              {"warned", s->warned},
              {"overdue", s->overdue}};
}

std::optional<StepDeadline> StepFromJson(const json& j) {
  if (!j.is_object()) return std::nullopt;
  auto due = ParseRfc3339(j.value("due_at", ""));
  if (!due) return std::nullopt;
  auto warn = ParseRfc3339(j.value("warn_at", "")).value_or(*due);
  return StepDeadline{*due, warn, j.value("warned", false), j.value("overdue", false)};
}

// An event the system records on its own (alarms), numbered `seq`.
Event SystemEvent(const Actor& system, Action action, const WorkOrder& o, Instant at,
                  std::int64_t seq, json payload) {
  Event e;
  e.seq = seq;
  e.action = action;
  e.actor_id = system.user_id;
  e.actor_name = system.username;
  e.actor_role = system.role;
  e.unit_id = system.unit_id;
  e.at = at;
  e.state_after = o.state;
  e.payload = std::move(payload);
  return e;
}

}  // namespace

std::optional<StepDeadline> Deadlines::*StepField(std::string_view name) {
  for (std::size_t i = 0; i < std::size(kStepNames); ++i)
    if (name == kStepNames[i]) return kSteps[i];
  return nullptr;
}

std::optional<Deadlines> NextDeadlines(const WorkOrder& o, Action action, const json& payload,
                                       State after, const DecisionContext& ctx) {
  if (ctx.calendar == nullptr || ctx.sla == nullptr) return std::nullopt;
  Deadlines d = o.deadlines;
  d.sla_version = ctx.sla->version;
  if (after == State::kClosed || after == State::kPendingDispatch || after == State::kMerged) {
    Deadlines none;
    none.sla_version = ctx.sla->version;
    return none;
  }
  const StepLimits limits = LimitsFor(o, ctx);
  switch (action) {
    case Action::kDispatch:
    case Action::kReassign:
    case Action::kReopen:  // with a lead unit; without one it waits for dispatch (above)
      d = Deadlines{};
      d.sla_version = ctx.sla->version;
      d.sign = Start(ctx, limits.sign);
      break;
    case Action::kSign:
      d.sign.reset();
      d.handle = Start(ctx, limits.handle);
      break;
    case Action::kProvisional:  // 先行处置 starts handling at once, without a sign step
      d = Deadlines{};
      d.sla_version = ctx.sla->version;
      d.handle = Start(ctx, limits.handle);
      break;
    case Action::kCoordinate:
      if (after == State::kDispatched) {
        d = Deadlines{};
        d.sla_version = ctx.sla->version;
        d.sign = Start(ctx, limits.sign);
      } else if (o.pending && o.pending->kind == Action::kReturn) {
        Pause(d.handle, o, ctx);  // a pending return's review time is the platform's
        d.application_review.reset();
      }  // else the lead's own application stays under review, on its clock
      break;
    case Action::kMasterReplied:
      d = Deadlines{};
      d.sla_version = ctx.sla->version;
      d.callback = Start(ctx, limits.callback);
      break;
    case Action::kReturn:
    case Action::kExtend:
    case Action::kRejectAcceptance:
      d.application_review = Start(ctx, limits.review);
      break;
    case Action::kReviewReturn:
    case Action::kReviewRejection:
      // Approved ones close or release the order (handled above); a refusal
      // gives the unit back the time the review took.
      Pause(d.sign, o, ctx);
      Pause(d.handle, o, ctx);
      d.application_review.reset();
      break;
    case Action::kReviewExtension: {
      Pause(d.handle, o, ctx);
      const int days = payload.value("days", 0);
      if (days > 0)
        Move(d.handle, ctx.now, [&](Instant t) { return ctx.calendar->AddWorkingDays(t, days); });
      d.application_review.reset();
      break;
    }
    case Action::kReply:
      d.handle.reset();
      d.application_review.reset();
      d.review = Start(ctx, limits.review);
      break;
    case Action::kReviewReply:
      d.review.reset();
      if (after == State::kPendingCallback) d.callback = Start(ctx, limits.callback);
      // A rejected reply goes back to the unit with a fresh handling limit,
      // so the second answer is on a clock too.
      if (after == State::kHandling) d.handle = Start(ctx, limits.handle);
      break;
    case Action::kCallback:
      // Reached but failed: the order waits for reopen or close; no clock runs.
      if (payload.value("reached", false)) d.callback.reset();
      break;
    default:
      break;
  }
  return d;
}

std::vector<Event> DecideAlarms(const WorkOrder& o, const Actor& system,
                                const DecisionContext& ctx) {
  std::vector<Event> events;
  if (o.state == State::kClosed || o.state == State::kMerged) return events;
  Deadlines d = o.deadlines;
  std::int64_t seq = o.version;
  for (std::size_t i = 0; i < std::size(kSteps); ++i) {
    std::optional<StepDeadline>& step = d.*kSteps[i];
    if (!step || step->overdue) continue;
    Action action;
    if (step->due_at <= ctx.now) {
      step->overdue = true;
      step->warned = true;  // an overdue step needs no separate warning
      action = Action::kOverdue;
    } else if (!step->warned && step->warn_at <= ctx.now) {
      step->warned = true;
      action = Action::kDueSoon;
    } else {
      continue;
    }
    events.push_back(SystemEvent(
        system, action, o, ctx.now, ++seq,
        json{{"step", kStepNames[i]},
             {"due_at", FormatRfc3339(step->due_at)},
             {"lead_unit_id", o.lead_unit_id ? json(*o.lead_unit_id) : json(nullptr)}}));
  }
  // Every event carries the deadlines as they stand after all of them, so
  // each alone replays to a consistent state.
  for (Event& e : events) e.payload["deadlines"] = DeadlinesToJson(d);
  // Assisting units and summoned departments that let their own limit pass:
  // visible to the lead (and the street) and the platform.
  for (const AssistPart& part : o.collab.assist_parts)
    if (!part.replied_at && !part.overdue && part.due_at && *part.due_at <= ctx.now)
      events.push_back(SystemEvent(
          system, Action::kAssistOverdue, o, ctx.now, ++seq,
          json{{"unit_id", part.unit_id},
               {"due_at", FormatRfc3339(*part.due_at)},
               {"lead_unit_id", o.lead_unit_id ? json(*o.lead_unit_id) : json(nullptr)}}));
  for (const Whistle& w : o.collab.whistles) {
    if (w.state != "open") continue;
    for (const Summons& s : w.summons)
      if (!s.reported_at && !s.overdue && s.due_at && *s.due_at <= ctx.now)
        events.push_back(SystemEvent(system, Action::kReportInOverdue, o, ctx.now, ++seq,
                                     json{{"whistle_id", w.id},
                                          {"unit_id", s.unit_id},
                                          {"street_unit_id", w.street_unit_id},
                                          {"due_at", FormatRfc3339(*s.due_at)}}));
  }
  if (!o.long_pending && o.long_pending_at && *o.long_pending_at <= ctx.now) {
    events.push_back(SystemEvent(
        system, Action::kLongPending, o, ctx.now, ++seq,
        json{{"open_since", FormatRfc3339(o.created_at)},
             {"working_days", ctx.rules.long_pending_days},
             {"lead_unit_id", o.lead_unit_id ? json(*o.lead_unit_id) : json(nullptr)}}));
  }
  return events;
}

std::optional<Instant> NextAlarm(const WorkOrder& o) {
  std::optional<Instant> next;
  auto consider = [&](Instant t) {
    if (!next || t < *next) next = t;
  };
  if (o.state == State::kClosed || o.state == State::kMerged) return next;
  if (!o.long_pending && o.long_pending_at) consider(*o.long_pending_at);
  for (const AssistPart& part : o.collab.assist_parts)
    if (!part.replied_at && !part.overdue && part.due_at) consider(*part.due_at);
  for (const Whistle& w : o.collab.whistles)
    if (w.state == "open")
      for (const Summons& s : w.summons)
        if (!s.reported_at && !s.overdue && s.due_at) consider(*s.due_at);
  const Deadlines& d = o.deadlines;
  for (auto field : kSteps) {
    const std::optional<StepDeadline>& step = d.*field;
    if (!step || step->overdue) continue;
    consider(step->warned ? step->due_at : std::min(step->warn_at, step->due_at));
  }
  return next;
}

json DeadlinesToJson(const Deadlines& d) {
  json j{{"sla_version", d.sla_version}};
  for (std::size_t i = 0; i < std::size(kSteps); ++i) j[kStepNames[i]] = StepToJson(d.*kSteps[i]);
  return j;
}

Deadlines DeadlinesFromJson(const json& j) {
  Deadlines d;
  d.sla_version = j.value("sla_version", std::int64_t{0});
  for (std::size_t i = 0; i < std::size(kSteps); ++i)
    if (auto it = j.find(kStepNames[i]); it != j.end()) d.*kSteps[i] = StepFromJson(*it);
  return d;
}

}  // namespace hotline
