// The plain lifecycle steps of a planned order (dispatch, sign, reply,
// review, callback, returns, extensions, ...) and how they add up to each
// outcome. The collaboration steps are in order_plan_collaboration.cpp.
#include <fmt/format.h>

#include <algorithm>

#include "demo/order_plan_internal.h"

namespace hotline::demo::plan_internal {
namespace {

using std::chrono::days;
using std::chrono::hours;
using std::chrono::minutes;

constexpr auto kChinaOffset = hours(8);

bool IsDepartment(std::string_view code) { return code.find('D') != std::string_view::npos; }

}  // namespace

int MinuteOfDay(Instant t) {
  const auto local = t + kChinaOffset;
  return static_cast<int>(
      std::chrono::duration_cast<minutes>(local - std::chrono::floor<days>(local)).count());
}

// Staff act between 08:00 and 21:00 China time; later work waits for the next morning.
Instant OfficeHours(Instant t, Rng& rng) {
  const int m = MinuteOfDay(t);
  if (m >= 8 * 60 && m < 21 * 60) return t;
  auto day = std::chrono::floor<days>(t + kChinaOffset);
  if (m >= 21 * 60) day += days(1);
  return Instant(day) + hours(8) + minutes(30 + rng.Int(0, 60)) - kChinaOffset;
}

void OrderStepBuilder::DirectAnswer() {
  Push(order_.agent, Action::kDirectAnswer, DirectAnswerCommand{std::string(sc_.answer)}, 2, 15,
       false);
}

void OrderStepBuilder::Close() {
  Push(kDispatcher, Action::kClose, CloseCommand{Text(ph().manual_close_reasons)}, 10, 120);
}

void OrderStepBuilder::Dispatch(const std::string& unit, const std::vector<std::string>& assists) {
  Push(kDispatcher, Action::kDispatch, Route(unit, assists), Urgent(3, 10), Urgent(20, 120));
  dispatched_at_ = t_;
}

void OrderStepBuilder::Reassign(const std::string& unit, const std::vector<std::string>& assists) {
  Push(kDispatcher, Action::kReassign, Route(unit, assists), 10, 120);
}

void OrderStepBuilder::Sign(const std::string& unit) {
  Push(HandlerName(unit), Action::kSign, SignCommand{}, Urgent(5, 10), Urgent(30, 240));
}

void OrderStepBuilder::AssistReplies(bool all) {
  for (std::size_t i = 0; i < assists_.size(); ++i) {
    if (!all && i + 1 == assists_.size()) break;  // the last one is still working on it
    std::map<std::string, std::string> v{{"lead", Name(lead_)}};
    Push(HandlerName(assists_[i]), Action::kAssistReply,
         AssistReplyCommand{Fill(rng_.Pick(ph().assist_replies), v)}, 60, 24 * 60);
  }
}

void OrderStepBuilder::Extend() {
  Push(HandlerName(lead_), Action::kExtend,
       ExtendCommand{std::min(rng_.Int(3, 10), in_.rules.max_extension_days),
                     Text(ph().extension_reasons)},
       120, 2 * 24 * 60);
}

void OrderStepBuilder::ReviewExtension() {
  Push(kReviewer, Action::kReviewExtension, ReviewCommand{true, "理由充分，同意延期。"}, 30, 480);
}

void OrderStepBuilder::Reply() {
  const Instant before = t_;
  Advance(Urgent(60, 240), Urgent(360, 4 * 24 * 60), true);
  ReplyCommand c;
  // A second answer says what changed, so it never repeats the first word for word.
  const std::string_view again = replies_sent_ == 0 ? ""
                                 : reopened_        ? "重办后再次到现场核查处理："
                                                    : "根据审核意见补充说明：";
  c.measures = fmt::format("{}{}", again, Fill(sc_.measures, vars_));
  c.progress = Text(ph().progress);
  c.result = Fill(sc_.result, vars_);
  static constexpr std::string_view kMethods[] = {"phone",  "phone", "phone",
                                                  "onsite", "visit", "sms"};
  c.contact_method = std::string(rng_.Pick(std::span<const std::string_view>(kMethods)));
  // The unit called the citizen some time between the previous step and the
  // reply, during office hours.
  const auto span = std::chrono::duration_cast<minutes>(t_ - before).count();
  const Instant contact = before + minutes(rng_.Int(0, static_cast<int>(span)));
  c.contact_at = std::min(OfficeHours(contact, rng_), t_);
  order_.steps.push_back({t_, HandlerName(lead_), Action::kReply, std::move(c)});
  ++replies_sent_;
  reopened_ = false;
}

void OrderStepBuilder::ReviewReply(bool approve) {
  Push(kReviewer, Action::kReviewReply,
       ReviewCommand{approve, approve ? "答复规范，同意办结。" : Text(ph().review_reject_notes)},
       30, 480);
}

std::optional<DissatisfiedReason> OrderStepBuilder::DemoReason() {
  // Most 不满意 come with a reason, an unresolved problem most often; some
  // callback agents leave it out, so the report's 未说明原因 row fills too.
  static constexpr DissatisfiedReason kWeighted[] = {
      DissatisfiedReason::kUnresolved,   DissatisfiedReason::kUnresolved,
      DissatisfiedReason::kUnresolved,   DissatisfiedReason::kSlow,
      DissatisfiedReason::kSlow,         DissatisfiedReason::kAttitude,
      DissatisfiedReason::kReplyQuality, DissatisfiedReason::kNoContact,
      DissatisfiedReason::kUnreasonable, DissatisfiedReason::kOther};
  if (rng_.Chance(15)) return std::nullopt;
  return rng_.Pick(std::span<const DissatisfiedReason>(kWeighted));
}

void OrderStepBuilder::Callback(Verdict v) {
  // Under a rule that closes an order at its first unreached callback, the
  // demo reaches everyone.
  if (v == Verdict::kUnreached && in_.rules.max_unreached_callbacks < 2) return;
  CallbackCommand c;
  c.reached = v != Verdict::kUnreached;
  switch (v) {
    case Verdict::kUnreached:
      c.note = Text(ph().unreached_notes);
      break;
    case Verdict::kSatisfied:
      c.resolved = true, c.satisfaction = Satisfaction::kSatisfied;
      c.note = Text(ph().satisfied_notes);
      break;
    case Verdict::kBasically:
      c.resolved = true, c.satisfaction = Satisfaction::kBasicallySatisfied;
      c.note = Text(ph().basically_notes);
      break;
    case Verdict::kDissatisfied:
      c.resolved = rng_.Chance(30), c.satisfaction = Satisfaction::kDissatisfied;
      c.note = Text(ph().dissatisfied_notes);
      c.dissatisfied_reason = DemoReason();
      break;
  }
  Push(kCallback, Action::kCallback, std::move(c), 120, 2 * 24 * 60);
}

void OrderStepBuilder::Reopen() {
  // The same lead handles it again; assisting units are released by the reopen.
  Push(kCallback, Action::kReopen, ReopenCommand{Text(ph().reopen_notes), Id(lead_)}, 10, 240);
  assists_.clear();
  reopened_ = true;
}

void OrderStepBuilder::Return(const std::string& wrong) {
  std::map<std::string, std::string> v{{"unit", Name(lead_)}};
  // Within the 首接负责 window: working time never runs faster than the
  // clock, so under two natural hours after dispatch is inside two
  // working hours (hence no snapping to office hours here).
  ReturnCommand c;
  c.reason_code = "not_our_duty";
  c.basis = Fill(rng_.Pick(ph().return_basis), v);
  c.duty_item = fmt::format("《{}权责清单》第 {} 项", Name(wrong), rng_.Int(3, 40));
  c.proposed_unit_id = Id(lead_);
  Push(HandlerName(wrong), Action::kReturn, std::move(c), 10, 110, /*office=*/false);
}

// `to_coordination`: the approval that leaves the routing to 平台协调.
void OrderStepBuilder::ReviewReturn(bool to_coordination) {
  Push(kDispatcher, Action::kReviewReturn,
       ReviewCommand{true, to_coordination ? "退单理由成立。该工单已多次退单，转平台协调定责。"
                                           : "退单理由成立，重新派单。"},
       20, 240);
}

void OrderStepBuilder::RejectAcceptance() {
  Push(HandlerName(lead_), Action::kRejectAcceptance,
       RejectAcceptanceCommand{Text(ph().non_acceptance_basis), ""}, 60, 2 * 24 * 60);
}

void OrderStepBuilder::ReviewRejection() {
  Push(kReviewer, Action::kReviewRejection, ReviewCommand{true, "依据充分，同意不予受理。"}, 30,
       480);
}

// Sign, maybe working together, assisting replies, maybe an extension, the
// reply (maybe sent back once) and its approval: the order ends pending callback.
void OrderStepBuilder::HandleToApproved(Together together) {
  Sign(lead_);
  FinishHandling(together);
}

// The same for a lead that is already handling.
void OrderStepBuilder::FinishHandling(Together together) {
  WorkTogether(together);
  AssistReplies(true);
  if (rng_.Chance(12)) Extend(), ReviewExtension();
  Reply();
  if (rng_.Chance(12)) ReviewReply(false), Reply();
  ReviewReply(true);
}

void OrderStepBuilder::Rated() {
  if (rng_.Chance(10)) Callback(Verdict::kUnreached);
  Callback(rng_.Chance(75) ? Verdict::kSatisfied : Verdict::kBasically);
}

void OrderStepBuilder::Run(Outcome outcome) {
  // A unit the order does not belong to, for returns and reassignment.
  const std::string wrong = IsDepartment(lead_) ? Code("S") : std::string("320104D05");
  switch (outcome) {
    case Outcome::kPendingDispatch:
      break;
    case Outcome::kManualClose:
      Close();
      break;
    case Outcome::kDirectAnswer:
      DirectAnswer();
      break;
    case Outcome::kDispatched:
      Dispatch(lead_, assists_);
      break;
    case Outcome::kReturnPending:
      Dispatch(wrong, {});
      Return(wrong);
      break;
    case Outcome::kHandling:
      Dispatch(lead_, assists_);
      Sign(lead_);
      AssistReplies(false);
      break;
    case Outcome::kExtensionPending:
      Dispatch(lead_, assists_);
      Sign(lead_);
      Extend();
      break;
    case Outcome::kReplied:
      Dispatch(lead_, assists_);
      Sign(lead_);
      AssistReplies(true);
      Reply();
      break;
    case Outcome::kPendingCallback:
      Dispatch(lead_, assists_);
      HandleToApproved();
      break;
    case Outcome::kUnreachedPending:
      Dispatch(lead_, assists_);
      HandleToApproved();
      Callback(Verdict::kUnreached);
      break;
    case Outcome::kClosedSatisfied:
    case Outcome::kClosedBasically:
      Dispatch(lead_, assists_);
      HandleToApproved();
      if (rng_.Chance(10)) Callback(Verdict::kUnreached);
      Callback(outcome == Outcome::kClosedSatisfied ? Verdict::kSatisfied : Verdict::kBasically);
      break;
    case Outcome::kDissatisfiedPending:
      Dispatch(lead_, assists_);
      HandleToApproved();
      Callback(Verdict::kDissatisfied);
      break;
    case Outcome::kReopenedHandling:
      Dispatch(lead_, assists_);
      HandleToApproved();
      Callback(Verdict::kDissatisfied);
      Reopen();
      Sign(lead_);
      break;
    case Outcome::kReopenedClosed:
      Dispatch(lead_, assists_);
      HandleToApproved();
      Callback(Verdict::kDissatisfied);
      Reopen();
      HandleToApproved();
      Rated();
      break;
    case Outcome::kRepeatedlyFailed:
      Dispatch(lead_, assists_);
      for (int round = 0; round < 2; ++round) {
        HandleToApproved();
        Callback(Verdict::kDissatisfied);
        Reopen();
      }
      HandleToApproved();
      break;
    case Outcome::kNonAcceptance:
      Dispatch(lead_, assists_);
      Sign(lead_);
      RejectAcceptance();
      ReviewRejection();
      break;
    case Outcome::kRedispatchedClosed:
      Dispatch(wrong, {});
      if (rng_.Chance(30)) {
        Reassign(lead_, assists_);
      } else {
        Return(wrong);
        ReviewReturn(in_.rules.max_returns <= 1);
        if (in_.rules.max_returns <= 1)
          Coordinate(Settlement::kAfterReturns, wrong);
        else
          Dispatch(lead_, assists_);
      }
      HandleToApproved();
      Rated();
      break;
    case Outcome::kWhistleClosed:
      Dispatch(lead_, assists_);
      HandleToApproved(Together::kWhistle);
      Rated();
      break;
    case Outcome::kWhistleOpen:
      Dispatch(lead_, assists_);
      Sign(lead_);
      if (CanWhistle()) BlowWhistle(WhistleEnd::kOpen);
      break;
    case Outcome::kGuidanceAnswered:
      Dispatch(lead_, assists_);
      HandleToApproved(Together::kGuidance);
      Rated();
      break;
    case Outcome::kGuidancePending:
      Dispatch(lead_, assists_);
      Sign(lead_);
      if (CanAskGuidance()) AskGuidance(GuidanceReply::kPending);
      break;
    case Outcome::kDisputeSettled:
      DisputeSettled(wrong);
      break;
    case Outcome::kCoordinatedAfterReturns: {
      const auto wrongs = WrongUnits(wrong, std::clamp(in_.rules.max_returns, 1, 3));
      for (std::size_t i = 0; i < wrongs.size(); ++i) {
        Dispatch(wrongs[i], {});
        Return(wrongs[i]);
        ReviewReturn(i + 1 == wrongs.size() &&
                     static_cast<int>(wrongs.size()) >= in_.rules.max_returns);
      }
      if (static_cast<int>(wrongs.size()) >= in_.rules.max_returns) {
        Coordinate(Settlement::kAfterReturns, wrongs.back());
      } else {  // a rule that tolerates more returns: the dispatcher routes it at last
        Dispatch(lead_, assists_);
      }
      HandleToApproved();
      Rated();
      break;
    }
  }
}

RouteCommand OrderStepBuilder::Route(const std::string& unit,
                                     const std::vector<std::string>& assists) {
  RouteCommand c{Id(unit), {}, Text(ph().dispatch_notes)};
  for (const auto& a : assists) c.assist_unit_ids.push_back(Id(a));
  return c;
}

void OrderStepBuilder::Advance(int lo, int hi, bool office) {
  t_ += minutes(rng_.Int(lo, hi)) + std::chrono::seconds(rng_.Int(0, 59));
  if (office) t_ = OfficeHours(t_, rng_);
}

void OrderStepBuilder::Push(std::string_view user, Action action, Command cmd, int lo, int hi,
                            bool office) {
  Advance(lo, hi, office);
  order_.steps.push_back({t_, std::string(user), action, std::move(cmd)});
}

// A step at a chosen moment (never before the previous one).
void OrderStepBuilder::PushAt(Instant at, std::string_view user, Action action, Command cmd) {
  t_ = std::max(t_, at);
  order_.steps.push_back({t_, std::string(user), action, std::move(cmd)});
}

// The end of `allowance` from `start` as the service will compute it.
Instant OrderStepBuilder::DueAfter(Instant start, Allowance allowance,
                                   minutes without_calendar) const {
  return in_.calendar ? DeadlineAfter(*in_.calendar, start, allowance) : start + without_calendar;
}

}  // namespace hotline::demo::plan_internal
