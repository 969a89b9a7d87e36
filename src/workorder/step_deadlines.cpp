#include "workorder/step_deadlines.h"

#include "common/time_format.h"

namespace hotline {
namespace {

using nlohmann::json;

StepLimits LimitsFor(const WorkOrder& o, const DecisionContext& ctx) {
  const Category* category = ctx.categories.Find(o.category_id);
  return ResolveLimits(*ctx.sla, category ? category->code : std::string_view(), o.urgency,
                       o.demand_type);
}

// Moves a running deadline by the working time the platform took to review.
std::optional<Instant> Paused(const std::optional<Instant>& due, const WorkOrder& o,
                              const DecisionContext& ctx) {
  if (!due || !o.pending || !ctx.sla->pause_while_reviewing) return due;
  const auto waited = ctx.calendar->WorkingTimeBetween(o.pending->at, ctx.now);
  return ctx.calendar->AddWorkingMinutes(*due, waited);
}

}  // namespace

std::optional<Deadlines> NextDeadlines(const WorkOrder& o, Action action, const json& payload,
                                       State after, const DecisionContext& ctx) {
  if (ctx.calendar == nullptr || ctx.sla == nullptr) return std::nullopt;
  const BusinessCalendar& cal = *ctx.calendar;
  Deadlines d = o.deadlines;
  d.sla_version = ctx.sla->version;
  const StepLimits limits = LimitsFor(o, ctx);
  const Instant now = ctx.now;
  if (after == State::kClosed || after == State::kPendingDispatch)
    return Deadlines{{}, {}, {}, {}, {}, d.sla_version};
  switch (action) {
    case Action::kDispatch:
    case Action::kReassign:
    case Action::kReopen:  // with a lead unit; without one it waits for dispatch (above)
      d = Deadlines{};
      d.sla_version = ctx.sla->version;
      d.sign = DeadlineAfter(cal, now, limits.sign);
      break;
    case Action::kSign:
      d.sign.reset();
      d.handle = DeadlineAfter(cal, now, limits.handle);
      break;
    case Action::kReturn:
    case Action::kExtend:
    case Action::kRejectAcceptance:
      d.application_review = DeadlineAfter(cal, now, limits.review);
      break;
    case Action::kReviewReturn:
    case Action::kReviewRejection:
      // Approved ones close or release the order (handled above); a refusal
      // gives the unit back the time the review took.
      d.sign = Paused(d.sign, o, ctx);
      d.handle = Paused(d.handle, o, ctx);
      d.application_review.reset();
      break;
    case Action::kReviewExtension:
      d.handle = Paused(d.handle, o, ctx);
      if (d.handle && payload.value("days", 0) > 0)
        d.handle = cal.AddWorkingDays(*d.handle, payload.value("days", 0));
      d.application_review.reset();
      break;
    case Action::kReply:
      d.handle.reset();
      d.application_review.reset();
      d.review = DeadlineAfter(cal, now, limits.review);
      break;
    case Action::kReviewReply:
      d.review.reset();
      if (after == State::kPendingCallback) d.callback = DeadlineAfter(cal, now, limits.callback);
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

json DeadlinesToJson(const Deadlines& d) {
  json j{{"sla_version", d.sla_version}};
  auto put = [&](const char* key, const std::optional<Instant>& t) {
    j[key] = t ? json(FormatRfc3339(*t)) : json(nullptr);
  };
  put("sign", d.sign);
  put("handle", d.handle);
  put("review", d.review);
  put("callback", d.callback);
  put("application_review", d.application_review);
  return j;
}

Deadlines DeadlinesFromJson(const json& j) {
  Deadlines d;
  d.sla_version = j.value("sla_version", std::int64_t{0});
  auto get = [&](const char* key) -> std::optional<Instant> {
    auto it = j.find(key);
    if (it == j.end() || !it->is_string()) return std::nullopt;
    return ParseRfc3339(it->get<std::string>());
  };
  d.sign = get("sign");
  d.handle = get("handle");
  d.review = get("review");
  d.callback = get("callback");
  d.application_review = get("application_review");
  return d;
}

}  // namespace hotline
