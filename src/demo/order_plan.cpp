#include "demo/order_plan.h"

#include <fmt/format.h>

#include <algorithm>
#include <random>
#include <set>

#include "common/time_format.h"
#include "demo/seed_units.h"
#include "demo/text_templates.h"

namespace hotline::demo {
namespace {

using std::chrono::days;
using std::chrono::hours;
using std::chrono::minutes;

constexpr std::string_view kDispatcher = "dispatcher1";
constexpr std::string_view kReviewer = "reviewer1";
constexpr std::string_view kCallback = "callback1";
constexpr auto kChinaOffset = hours(8);

// Where an order ends up when the demo is done.
enum class Outcome {
  kPendingDispatch,
  kDispatched,
  kHandling,
  kReplied,
  kPendingCallback,
  kClosedSatisfied,
  kDirectAnswer,
  kReopenedClosed,
  kExtensionPending,
  kReturnPending,
  kNonAcceptance,
  kClosedBasically,
  kDissatisfiedPending,
  kReopenedHandling,
  kRedispatchedClosed,
  kUnreachedPending,
  kManualClose,
  kRepeatedlyFailed,
  // Working together.
  kWhistleClosed,            // a street's whistle, report-ins, a meeting, ratings; then closed
  kWhistleOpen,              // a whistle still being worked on
  kGuidanceAnswered,         // a street asked a department for guidance; then closed
  kGuidancePending,          // ... and is still waiting for the answer
  kDisputeSettled,           // 派单异议 after the return window, settled by 平台协调
  kCoordinatedAfterReturns,  // returned max_returns times, then routed by 平台协调
};

// Every outcome once first (in this order, so even tiny demos show every
// state), then by weight.
struct Weighted {
  Outcome outcome;
  int weight;
};
constexpr Weighted kOutcomes[] = {
    {Outcome::kPendingDispatch, 5},
    {Outcome::kDispatched, 6},
    {Outcome::kHandling, 8},
    {Outcome::kReplied, 6},
    {Outcome::kPendingCallback, 7},
    {Outcome::kClosedSatisfied, 25},
    {Outcome::kDirectAnswer, 8},
    {Outcome::kReopenedClosed, 5},
    {Outcome::kExtensionPending, 3},
    {Outcome::kReturnPending, 2},
    {Outcome::kNonAcceptance, 2},
    {Outcome::kClosedBasically, 9},
    {Outcome::kDissatisfiedPending, 2},
    {Outcome::kReopenedHandling, 3},
    {Outcome::kRedispatchedClosed, 5},
    {Outcome::kUnreachedPending, 2},
    {Outcome::kManualClose, 1},
    {Outcome::kRepeatedlyFailed, 1},
    {Outcome::kWhistleClosed, 4},
    {Outcome::kWhistleOpen, 1},
    {Outcome::kGuidanceAnswered, 3},
    {Outcome::kGuidancePending, 1},
    {Outcome::kDisputeSettled, 3},
    {Outcome::kCoordinatedAfterReturns, 2},
};

bool EndsClosed(Outcome o) {
  switch (o) {
    case Outcome::kClosedSatisfied:
    case Outcome::kClosedBasically:
    case Outcome::kDirectAnswer:
    case Outcome::kReopenedClosed:
    case Outcome::kNonAcceptance:
    case Outcome::kRedispatchedClosed:
    case Outcome::kManualClose:
    case Outcome::kWhistleClosed:
    case Outcome::kGuidanceAnswered:
    case Outcome::kDisputeSettled:
    case Outcome::kCoordinatedAfterReturns:
      return true;
    default:
      return false;
  }
}

// Minutes before `now` an order with this outcome is typically recorded;
// open orders are recent, settled ones spread over the whole window.
std::pair<int, int> AgeMinutes(Outcome o) {
  constexpr int kH = 60, kD = 24 * 60;
  switch (o) {
    case Outcome::kPendingDispatch:
      return {5, 6 * kH};
    case Outcome::kDispatched:
      return {kH, 20 * kH};
    case Outcome::kReturnPending:
      return {3 * kH, 2 * kD};
    case Outcome::kHandling:
      return {kD, 8 * kD};
    case Outcome::kWhistleOpen:
    case Outcome::kGuidancePending:
      return {kD, 6 * kD};
    case Outcome::kExtensionPending:
      return {2 * kD, 10 * kD};
    case Outcome::kReplied:
      return {kD, 6 * kD};
    case Outcome::kPendingCallback:
    case Outcome::kUnreachedPending:
      return {2 * kD, 10 * kD};
    case Outcome::kDissatisfiedPending:
      return {3 * kD, 15 * kD};
    case Outcome::kReopenedHandling:
      return {5 * kD, 20 * kD};
    case Outcome::kRepeatedlyFailed:
      return {10 * kD, 40 * kD};
    case Outcome::kDirectAnswer:
    case Outcome::kManualClose:
      return {kH, 60 * kD};
    default:
      return {7 * kD, 60 * kD};
  }
}

class Rng {
 public:
  explicit Rng(std::uint64_t seed) : gen_(seed) {}
  int Int(int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(gen_); }
  bool Chance(int percent) { return Int(0, 99) < percent; }
  template <typename T>
  const T& Pick(std::span<const T> items) {
    return items[static_cast<std::size_t>(Int(0, static_cast<int>(items.size()) - 1))];
  }
  template <typename T>
  const T& Pick(const std::vector<T>& items) {
    return Pick(std::span<const T>(items));
  }

 private:
  std::mt19937_64 gen_;
};

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

bool IsDepartment(std::string_view code) { return code.find('D') != std::string_view::npos; }

// "D05 D01" -> {"D05", "D01"}.
std::vector<std::string_view> Words(std::string_view text) {
  std::vector<std::string_view> out;
  while (!text.empty()) {
    const std::size_t space = text.find(' ');
    if (space != 0) out.push_back(text.substr(0, space));
    if (space == std::string_view::npos) break;
    text.remove_prefix(space + 1);
  }
  return out;
}

// The unit code of a department form ("D05").
std::string DepartmentCode(std::string_view form) { return fmt::format("320104{}", form); }

// Builds one order's action sequence, advancing its own clock.
class Builder {
 public:
  // How a street that leads the order works with departments while handling it.
  enum class Together { kMaybe, kWhistle, kGuidance };
  enum class WhistleEnd { kOpen, kClosed };
  enum class GuidanceReply { kOnTime, kLate, kPending };
  enum class Settlement { kUpheld, kOverruled, kAfterReturns };

  Builder(PlannedOrder& order, Rng& rng, const PlanInputs& in, const Scenario& sc, Instant start,
          std::string lead, std::vector<std::string> assists,
          std::map<std::string, std::string> vars, bool force_late_report)
      : order_(order),
        rng_(rng),
        in_(in),
        sc_(sc),
        t_(start),
        lead_(std::move(lead)),
        assists_(std::move(assists)),
        vars_(std::move(vars)),
        force_late_report_(force_late_report) {}

  void DirectAnswer() {
    Push(order_.agent, Action::kDirectAnswer, DirectAnswerCommand{std::string(sc_.answer)}, 2, 15,
         false);
  }
  void Close() {
    Push(kDispatcher, Action::kClose, CloseCommand{Text(ph().manual_close_reasons)}, 10, 120);
  }
  void Dispatch(const std::string& unit, const std::vector<std::string>& assists) {
    Push(kDispatcher, Action::kDispatch, Route(unit, assists), Urgent(3, 10), Urgent(20, 120));
    dispatched_at_ = t_;
  }
  void Reassign(const std::string& unit, const std::vector<std::string>& assists) {
    Push(kDispatcher, Action::kReassign, Route(unit, assists), 10, 120);
  }
  void Sign(const std::string& unit) {
    Push(HandlerName(unit), Action::kSign, SignCommand{}, Urgent(5, 10), Urgent(30, 240));
  }
  void AssistReplies(bool all) {
    for (std::size_t i = 0; i < assists_.size(); ++i) {
      if (!all && i + 1 == assists_.size()) break;  // the last one is still working on it
      std::map<std::string, std::string> v{{"lead", Name(lead_)}};
      Push(HandlerName(assists_[i]), Action::kAssistReply,
           AssistReplyCommand{Fill(rng_.Pick(ph().assist_replies), v)}, 60, 24 * 60);
    }
  }
  void Extend() {
    Push(HandlerName(lead_), Action::kExtend,
         ExtendCommand{std::min(rng_.Int(3, 10), in_.rules.max_extension_days),
                       Text(ph().extension_reasons)},
         120, 2 * 24 * 60);
  }
  void ReviewExtension() {
    Push(kReviewer, Action::kReviewExtension, ReviewCommand{true, "理由充分，同意延期。"}, 30, 480);
  }
  void Reply() {
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
  void ReviewReply(bool approve) {
    Push(kReviewer, Action::kReviewReply,
         ReviewCommand{approve, approve ? "答复规范，同意办结。" : Text(ph().review_reject_notes)},
         30, 480);
  }
  enum class Verdict { kUnreached, kSatisfied, kBasically, kDissatisfied };
  void Callback(Verdict v) {
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
        break;
    }
    Push(kCallback, Action::kCallback, std::move(c), 120, 2 * 24 * 60);
  }
  void Reopen() {
    // The same lead handles it again; assisting units are released by the reopen.
    Push(kCallback, Action::kReopen, ReopenCommand{Text(ph().reopen_notes), Id(lead_)}, 10, 240);
    assists_.clear();
    reopened_ = true;
  }
  void Return(const std::string& wrong) {
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
  void ReviewReturn(bool to_coordination = false) {
    Push(kDispatcher, Action::kReviewReturn,
         ReviewCommand{true, to_coordination ? "退单理由成立。该工单已多次退单，转平台协调定责。"
                                             : "退单理由成立，重新派单。"},
         20, 240);
  }
  void RejectAcceptance() {
    Push(HandlerName(lead_), Action::kRejectAcceptance,
         RejectAcceptanceCommand{Text(ph().non_acceptance_basis), ""}, 60, 2 * 24 * 60);
  }
  void ReviewRejection() {
    Push(kReviewer, Action::kReviewRejection, ReviewCommand{true, "依据充分，同意不予受理。"}, 30,
         480);
  }

  // Sign, maybe working together, assisting replies, maybe an extension, the
  // reply (maybe sent back once) and its approval: the order ends pending callback.
  void HandleToApproved(Together together = Together::kMaybe) {
    Sign(lead_);
    FinishHandling(together);
  }
  // The same for a lead that is already handling.
  void FinishHandling(Together together = Together::kMaybe) {
    WorkTogether(together);
    AssistReplies(true);
    if (rng_.Chance(12)) Extend(), ReviewExtension();
    Reply();
    if (rng_.Chance(12)) ReviewReply(false), Reply();
    ReviewReply(true);
  }
  void Rated() {
    if (rng_.Chance(10)) Callback(Verdict::kUnreached);
    Callback(rng_.Chance(75) ? Verdict::kSatisfied : Verdict::kBasically);
  }

  // --- Working together --------------------------------------------------

  bool StreetLed() const { return in_.units.at(lead_).kind == UnitKind::kStreet; }
  bool CanWhistle() const {
    return StreetLed() && !sc_.summon.empty() && in_.rules.max_summoned_units > 0;
  }
  bool CanAskGuidance() const { return StreetLed() && !sc_.guidance_unit.empty(); }

  // A street that leads an order now and then needs departments: a whistle
  // (吹哨报到) or a request for guidance (业务指导), before it replies.
  void WorkTogether(Together how) {
    if (how == Together::kMaybe) {
      if (replies_sent_ > 0) return;  // only while first handling the order
      if (CanWhistle() && rng_.Chance(10))
        how = Together::kWhistle;
      else if (CanAskGuidance() && rng_.Chance(10))
        how = Together::kGuidance;
      else
        return;
    }
    if (how == Together::kWhistle && CanWhistle()) {
      // Professional advice first, then the departments on site.
      if (CanAskGuidance() && rng_.Chance(20)) AskGuidance(GuidanceReply::kOnTime);
      BlowWhistle(WhistleEnd::kClosed);
    } else if (how == Together::kGuidance && CanAskGuidance()) {
      AskGuidance(rng_.Chance(75) ? GuidanceReply::kOnTime : GuidanceReply::kLate);
    }
  }

  struct Arrival {
    Instant at;
    std::string_view form;  // "D05"
    bool late = false;
  };

  // 吹哨: the street summons one to three departments, which report in
  // (mostly within the limit, some late, now and then one never comes) and
  // record what they did; usually a joint meeting follows. A closed whistle
  // rates every department that reported in, and some rate the whistle back.
  void BlowWhistle(WhistleEnd end) {
    std::vector<std::string_view> forms = Words(sc_.summon);
    const int n = static_cast<int>(forms.size());
    const int k = rng_.Int(1, std::min({3, n, in_.rules.max_summoned_units}));
    for (int i = 0; i < k; ++i) std::swap(forms[i], forms[rng_.Int(i, n - 1)]);
    forms.resize(k);
    auto v = vars_;
    v["first"] = Name(DepartmentCode(forms.front()));
    WhistleCommand w{
        Fill(sc_.whistle_question, vars_), Fill(rng_.Pick(ph().whistle_reasons), v), {}};
    for (std::string_view f : forms) w.summoned_unit_ids.push_back(Id(DepartmentCode(f)));
    Push(HandlerName(lead_), Action::kWhistle, std::move(w), 60, 24 * 60);
    const int id = ++whistles_;
    const Instant raised = t_;
    const Instant due = DueAfter(raised, in_.sla.whistle_report_in, minutes(30));

    std::vector<Arrival> arrivals;
    for (int i = 0; i < k; ++i) {
      if (k > 1 && i == k - 1 && rng_.Chance(10)) break;  // this one never comes
      const bool late = (force_late_report_ && i == 0) || rng_.Chance(20);
      // On time: within half an hour, and never later than 90 % of the way
      // to the due time (working time never runs faster than the clock).
      const Instant at =
          late ? OfficeHours(due + minutes(rng_.Int(15, 300)), rng_)
               : std::min(raised + minutes(rng_.Int(5, 28)) + std::chrono::seconds(rng_.Int(0, 59)),
                          raised + (due - raised) * 9 / 10);
      arrivals.push_back({at, forms[i], late});
    }
    force_late_report_ = false;
    std::stable_sort(arrivals.begin(), arrivals.end(),
                     [](const Arrival& a, const Arrival& b) { return a.at < b.at; });
    const bool open = end == WhistleEnd::kOpen;
    const bool meeting = !arrivals.empty() && rng_.Chance(open ? 30 : 70);
    // Each department reports in, then records what it did: after the joint
    // meeting when there is one, else on its own after reporting in.
    std::vector<PlannedStep> timeline;
    for (const Arrival& a : arrivals) {
      const std::string user = HandlerName(DepartmentCode(a.form));
      timeline.push_back(
          {a.at, user, Action::kReportIn,
           ReportInCommand{id, Fill(rng_.Pick(ph().report_in_notes), DepartmentVars(a.form))}});
      if (meeting || (open && !rng_.Chance(50))) continue;
      timeline.push_back({OfficeHours(a.at + minutes(rng_.Int(30, 8 * 60)), rng_), user,
                          Action::kWhistleWork, WorkOf(id, a.form)});
    }
    std::stable_sort(timeline.begin(), timeline.end(),
                     [](const PlannedStep& a, const PlannedStep& b) { return a.at < b.at; });
    for (PlannedStep& step : timeline)
      PushAt(step.at, step.username, step.action, std::move(step.command));
    if (meeting) {
      Meeting(id, arrivals, v);
      for (const Arrival& a : arrivals)
        if (!open || rng_.Chance(50))
          Push(HandlerName(DepartmentCode(a.form)), Action::kWhistleWork, WorkOf(id, a.form), 30,
               8 * 60);
    }
    if (open) return;

    CloseWhistleCommand c;
    c.whistle_id = id;
    c.resolved = rng_.Chance(85);
    c.outcome = Fill(rng_.Pick(c.resolved ? ph().whistle_resolved : ph().whistle_unresolved), v);
    for (const Arrival& a : arrivals) {
      const int score = a.late ? rng_.Int(2, 4) : rng_.Int(4, 5);
      const auto& pool =
          score >= 5 ? ph().rating_good : (score == 4 ? ph().rating_fair : ph().rating_poor);
      c.ratings.push_back({Id(DepartmentCode(a.form)), score, Text(pool)});
    }
    Push(HandlerName(lead_), Action::kCloseWhistle, std::move(c), 60, 24 * 60);
    for (const Arrival& a : arrivals)
      if (rng_.Chance(50))
        Push(HandlerName(DepartmentCode(a.form)), Action::kRateWhistle, RateWhistle(id), 30,
             24 * 60);
  }

  RateWhistleCommand RateWhistle(int whistle_id) {
    const int score = rng_.Int(3, 5);
    return {whistle_id, score, Text(score >= 4 ? ph().preparation_good : ph().preparation_fair)};
  }
  WhistleWorkCommand WorkOf(int whistle_id, std::string_view form) {
    return {whistle_id, Fill(DepartmentPartFor(form).work, DepartmentVars(form))};
  }

  // 联席研判 on site or at the street, sometimes with the citizen.
  void Meeting(int whistle_id, const std::vector<Arrival>& arrivals,
               const std::map<std::string, std::string>& v) {
    Advance(30, 240, true);
    WhistleMeetingCommand m;
    m.whistle_id = whistle_id;
    m.held_at = t_;
    m.place = Fill(rng_.Pick(ph().meeting_places), vars_);
    m.attendees.push_back(Fill(rng_.Pick(ph().street_attendees), vars_));
    m.attendees.push_back(Fill(rng_.Pick(ph().community_attendees), vars_));
    for (const Arrival& a : arrivals)
      m.attendees.push_back(Name(DepartmentCode(a.form)) +
                            std::string(DepartmentPartFor(a.form).team));
    m.citizen_invited = rng_.Chance(50);
    m.citizen_attended = m.citizen_invited && rng_.Chance(70);
    if (m.citizen_attended) m.attendees.push_back("诉求人");
    m.decisions = Fill(rng_.Pick(ph().meeting_decisions), v);
    if (m.citizen_attended)
      m.decisions += "诉求人到场听取了处置方案，表示认可。";
    else if (m.citizen_invited)
      m.decisions += "诉求人受邀但因故未到场，会后由社区电话告知会商结果。";
    Push(HandlerName(lead_), Action::kWhistleMeeting, std::move(m), 30, 180);
  }

  // 业务指导: the street asks a department, which answers within the limit,
  // late, or not yet.
  void AskGuidance(GuidanceReply reply) {
    const std::string dept = DepartmentCode(sc_.guidance_unit);
    Push(HandlerName(lead_), Action::kRequestGuidance,
         RequestGuidanceCommand{Id(dept), Fill(sc_.guidance_question, vars_)}, 60, 24 * 60);
    const int id = ++guidance_;
    if (reply == GuidanceReply::kPending) return;
    const Instant asked = t_;
    const Instant due = DueAfter(asked, in_.sla.guidance_reply, days(2));
    Instant at;
    if (reply == GuidanceReply::kLate) {
      at = OfficeHours(due + minutes(rng_.Int(60, 3 * 24 * 60)), rng_);
    } else {
      at = OfficeHours(asked + minutes(rng_.Int(90, 30 * 60)), rng_);
      if (at >= due) at = due - minutes(rng_.Int(10, 90));
      if (at <= asked) at = asked + (due - asked) / 2;
    }
    PushAt(at, HandlerName(dept), Action::kGiveGuidance,
           GiveGuidanceCommand{id, Fill(sc_.guidance_answer, vars_)});
  }

  // 派单异议: after the 首接负责 window the lead `unit` objects in writing,
  // naming `proposed`; it keeps handling meanwhile.
  void Dispute(const std::string& unit, const std::string& proposed) {
    const Instant window_end = DueAfter(dispatched_at_, in_.sla.return_window, hours(2));
    const Instant at = OfficeHours(std::max(t_, window_end) + minutes(rng_.Int(30, 6 * 60)), rng_);
    std::map<std::string, std::string> v{{"unit", Name(proposed)}};
    PushAt(at, HandlerName(unit), Action::kDispute,
           DisputeCommand{Id(proposed), Fill(rng_.Pick(ph().dispute_basis), v), ""});
  }
  // 先行处置: the platform names who acts at once.
  void Provisional(const std::string& unit) {
    std::map<std::string, std::string> v{{"unit", Name(unit)}};
    Push(kDispatcher, Action::kProvisional,
         ProvisionalCommand{Id(unit), Fill(rng_.Pick(ph().provisional_notes), v)}, 30, 240);
  }
  // 平台协调定责: lead_ leads for good; `other` is the unit that objected or
  // was named, or the last one that returned the order.
  void Coordinate(Settlement kind, const std::string& other) {
    std::map<std::string, std::string> v{{"lead", Name(lead_)}, {"unit", Name(other)}};
    const auto& pool = kind == Settlement::kUpheld      ? ph().coordinate_upheld
                       : kind == Settlement::kOverruled ? ph().coordinate_overruled
                                                        : ph().coordinate_returned;
    CoordinateCommand c{
        Id(lead_), {}, Fill(rng_.Pick(pool), v), Fill(rng_.Pick(ph().coordinate_basis), v)};
    for (const auto& a : assists_) c.assist_unit_ids.push_back(Id(a));
    Push(kDispatcher, Action::kCoordinate, std::move(c), 60, 24 * 60);
  }

  // A dispute settled by coordination: upheld (the order moves to lead_,
  // sometimes after lead_ was told to act first) or overruled (lead_ objected
  // and keeps it).
  void DisputeSettled(const std::string& wrong) {
    const int variant = rng_.Int(0, 3);
    if (variant == 3) {
      Dispatch(lead_, assists_);
      Sign(lead_);
      Dispute(lead_, wrong);
      Coordinate(Settlement::kOverruled, wrong);
      FinishHandling();
    } else {
      Dispatch(wrong, {});
      Sign(wrong);
      Dispute(wrong, lead_);
      if (variant == 2) {
        Provisional(lead_);
        Coordinate(Settlement::kUpheld, wrong);
        FinishHandling();
      } else {
        Coordinate(Settlement::kUpheld, wrong);
        HandleToApproved();
      }
    }
    Rated();
  }

  // Units that send the order back in turn until the platform must decide.
  std::vector<std::string> WrongUnits(const std::string& first, int count) const {
    std::vector<std::string> out;
    for (const std::string& u : {first, std::string("320104D05"), std::string("320104D01"),
                                 std::string("320104D10"), std::string("320104D04")}) {
      if (static_cast<int>(out.size()) == count) break;
      if (u != lead_ && std::find(out.begin(), out.end(), u) == out.end()) out.push_back(u);
    }
    return out;
  }

  void Run(Outcome outcome) {
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

 private:
  const Phrases& ph() const { return DemoPhrases(); }
  int Urgent(int urgent, int normal) const { return sc_.urgent ? urgent : normal; }
  std::string Text(std::span<const std::string_view> pool) { return std::string(rng_.Pick(pool)); }
  UnitId Id(const std::string& code) const { return in_.units.at(code).id; }
  std::string Name(const std::string& code) const { return in_.units.at(code).name; }
  std::string Code(std::string_view form) const { return vars_.at(std::string(form)); }
  RouteCommand Route(const std::string& unit, const std::vector<std::string>& assists) {
    RouteCommand c{Id(unit), {}, Text(ph().dispatch_notes)};
    for (const auto& a : assists) c.assist_unit_ids.push_back(Id(a));
    return c;
  }
  void Advance(int lo, int hi, bool office) {
    t_ += minutes(rng_.Int(lo, hi)) + std::chrono::seconds(rng_.Int(0, 59));
    if (office) t_ = OfficeHours(t_, rng_);
  }
  void Push(std::string_view user, Action action, Command cmd, int lo, int hi, bool office = true) {
    Advance(lo, hi, office);
    order_.steps.push_back({t_, std::string(user), action, std::move(cmd)});
  }
  // A step at a chosen moment (never before the previous one).
  void PushAt(Instant at, std::string_view user, Action action, Command cmd) {
    t_ = std::max(t_, at);
    order_.steps.push_back({t_, std::string(user), action, std::move(cmd)});
  }
  // The end of `allowance` from `start` as the service will compute it.
  Instant DueAfter(Instant start, Allowance allowance, minutes without_calendar) const {
    return in_.calendar ? DeadlineAfter(*in_.calendar, start, allowance) : start + without_calendar;
  }
  std::map<std::string, std::string> DepartmentVars(std::string_view form) {
    auto v = vars_;
    v["dept"] = Name(DepartmentCode(form));
    v["team"] = std::string(DepartmentPartFor(form).team);
    v["people"] = std::to_string(rng_.Int(2, 4));
    return v;
  }

  PlannedOrder& order_;
  Rng& rng_;
  const PlanInputs& in_;
  const Scenario& sc_;
  Instant t_;
  std::string lead_;
  std::vector<std::string> assists_;
  std::map<std::string, std::string> vars_;
  int replies_sent_ = 0;
  bool reopened_ = false;
  bool force_late_report_ = false;  // the next whistle's first department reports in late
  Instant dispatched_at_{};
  int whistles_ = 0;  // whistles blown so far: the next one's id is one more
  int guidance_ = 0;  // guidance requests so far, likewise
};

struct Caller {
  std::string name, phone;
};

class Planner {
 public:
  explicit Planner(const PlanInputs& in) : in_(in), rng_(in.seed) {
    for (const StreetPlaces& p : DemoStreetPlaces()) streets_.push_back(&p);
    for (const UnitSeed& u : DemoUnits())
      if (u.kind == UnitKind::kCommunity)
        communities_[std::string(u.parent_code)].emplace_back(u.code);
    for (const Scenario& s : Scenarios()) {
      if (!s.answer.empty()) answerable_.push_back(&s);
      if (s.enterprise_percent == 100) enterprises_.push_back(&s);
      if (s.lead != "S") continue;
      if (!s.summon.empty()) whistling_.push_back(&s);
      if (!s.guidance_unit.empty()) guided_.push_back(&s);
    }
  }

  Result<std::vector<PlannedOrder>> Run() {
    const int merges = in_.count >= 10 ? std::max(2, in_.count / 100) : (in_.count >= 4 ? 1 : 0);
    const int primary = in_.count - merges;
    std::vector<Outcome> outcomes;
    std::vector<PlannedOrder> plan;
    for (int i = 0; i < primary; ++i) {
      const Outcome o = Feasible(i < static_cast<int>(std::size(kOutcomes)) ? kOutcomes[i].outcome
                                                                            : PickOutcome());
      auto order = PlanOne(i, o);
      if (!order) return Fail(order.error());
      plan.push_back(std::move(*order));
      outcomes.push_back(o);
    }
    for (int m = 0; m < merges; ++m) {
      auto dup = PlanDuplicate(primary + m, plan, outcomes);
      if (!dup) return Fail(dup.error());
      plan.push_back(std::move(*dup));
      outcomes.push_back(Outcome::kManualClose);  // closed by the merge; never a master
    }
    return plan;
  }

 private:
  Outcome PickOutcome() {
    int total = 0;
    for (const auto& w : kOutcomes) total += w.weight;
    int r = rng_.Int(0, total - 1);
    for (const auto& w : kOutcomes)
      if ((r -= w.weight) < 0) return w.outcome;
    return Outcome::kClosedSatisfied;
  }

  // Whistles need departments to summon.
  Outcome Feasible(Outcome o) const {
    const bool whistle = o == Outcome::kWhistleClosed || o == Outcome::kWhistleOpen;
    if (whistle && in_.rules.max_summoned_units < 1)
      return o == Outcome::kWhistleClosed ? Outcome::kClosedSatisfied : Outcome::kHandling;
    return o;
  }

  const Scenario& PickScenario(Outcome o) {
    switch (o) {
      case Outcome::kDirectAnswer:
        return *rng_.Pick(answerable_);
      case Outcome::kWhistleClosed:
      case Outcome::kWhistleOpen:
        return *rng_.Pick(whistling_);
      case Outcome::kGuidanceAnswered:
      case Outcome::kGuidancePending:
        return *rng_.Pick(guided_);
      case Outcome::kClosedSatisfied:
        // The first settled order is an enterprise's (涉企), so even small
        // demos have one on the enterprise board.
        if (!enterprise_planned_ && !enterprises_.empty()) {
          enterprise_planned_ = true;
          return *rng_.Pick(enterprises_);
        }
        return rng_.Pick(Scenarios());
      default:
        return rng_.Pick(Scenarios());
    }
  }

  Channel PickChannel() {
    static constexpr std::pair<Channel, int> kChannels[] = {
        {Channel::kPhone, 55},  {Channel::kWeb, 10},   {Channel::kApp, 12},
        {Channel::kOpen311, 3}, {Channel::kDeputy, 3}, {Channel::kUpstream, 12},
        {Channel::kLetter, 5}};
    int r = rng_.Int(0, 99);
    for (const auto& [c, w] : kChannels)
      if ((r -= w) < 0) return c;
    return Channel::kPhone;
  }

  Caller NewCaller() {
    const Phrases& ph = DemoPhrases();
    Caller c;
    const auto surname = rng_.Pick(ph.surnames);
    c.name = rng_.Chance(50) ? fmt::format("{}{}", surname, rng_.Chance(50) ? "先生" : "女士")
                             : fmt::format("{}{}", surname, rng_.Pick(ph.given_names));
    static constexpr std::string_view kPrefixes[] = {"1380000", "1390000", "1350000", "1590000",
                                                     "1870000"};
    c.phone = fmt::format("{}{:04d}", rng_.Pick(std::span<const std::string_view>(kPrefixes)),
                          rng_.Int(0, 9999));
    return c;
  }

  // Places and invented names for one order's texts.
  std::map<std::string, std::string> Vars(const StreetPlaces& street,
                                          const std::string& community) {
    const Phrases& ph = DemoPhrases();
    std::map<std::string, std::string> v;
    v["S"] = std::string(street.street_code);
    v["C"] = community;
    v["street"] = in_.units.at(v["S"]).name;
    v["community"] = in_.units.at(community).name;
    v["road"] = std::string(rng_.Pick(street.roads));
    v["estate"] = std::string(rng_.Pick(street.estates));
    v["num"] = std::to_string(rng_.Int(1, 260));
    v["addr"] = fmt::format("{}{}号{}{}栋", v["road"], v["num"], v["estate"], rng_.Int(1, 30));
    v["brand"] = std::string(rng_.Pick(ph.brands));
    v["company"] = fmt::format("{}{}{}", rng_.Pick(ph.company_cities), rng_.Pick(ph.brands),
                               rng_.Pick(ph.company_trades));
    v["builder"] = fmt::format("{}{}{}", rng_.Pick(ph.company_cities), rng_.Pick(ph.brands),
                               rng_.Chance(50) ? "建筑工程有限公司" : "装饰工程有限公司");
    v["n"] = std::to_string(rng_.Int(5, 30));
    v["amount"] = std::to_string(rng_.Int(12, 280) * 100);
    v["wan"] = std::to_string(rng_.Int(3, 180));
    v["bus"] = std::to_string(rng_.Int(2, 160));
    return v;
  }

  // Any unit form of a scenario ("D05", "S", "C") as a unit code.
  std::string UnitCode(std::string_view form, const std::map<std::string, std::string>& vars) {
    if (form == "S" || form == "C") return vars.at(std::string(form));
    return fmt::format("320104{}", form);
  }

  // A plausible moment `age` minutes ago during calling hours (07:00-23:00).
  Instant CreatedAt(Outcome o) {
    const auto [lo, hi] = AgeMinutes(o);
    Instant t = in_.now - minutes(rng_.Int(lo, hi)) - std::chrono::seconds(rng_.Int(0, 59));
    const int m = MinuteOfDay(t);
    if (m < 7 * 60) t -= minutes(m + 60 * 24 - 21 * 60 - rng_.Int(0, 120));
    if (m >= 23 * 60) t -= minutes(m - 22 * 60 - rng_.Int(0, 59));
    return t;
  }

  Result<PlannedOrder> PlanOne(int index, Outcome outcome) {
    const Scenario& sc = PickScenario(outcome);
    const StreetPlaces& street = *rng_.Pick(streets_);
    const std::string community = rng_.Pick(communities_.at(std::string(street.street_code)));
    auto vars = Vars(street, community);

    PlannedOrder po;
    po.agent = rng_.Chance(50) ? "agent1" : "agent2";
    po.created_at = CreatedAt(outcome);
    if (auto r = FillIntake(po, index, sc, vars, community); !r) return Fail(r.error());

    std::string lead = UnitCode(sc.lead, vars);
    std::vector<std::string> assists;
    if (!sc.assist.empty() && in_.rules.max_assist_units > 0)
      assists.push_back(UnitCode(sc.assist, vars));
    // The first closed whistle shows a late report-in, so even small demos have one.
    const bool force_late = outcome == Outcome::kWhistleClosed && !late_report_planned_;
    late_report_planned_ |= force_late;

    // Keep everything in the past: a plan that would end after `now` is
    // planned again from whole days earlier with the same draws, so times of
    // day stay plausible and deadlines (which depend on the calendar) are
    // met or missed as intended.
    const Instant limit = in_.now - minutes(1);
    const Rng draws = rng_;
    for (int attempt = 0;; ++attempt) {
      po.steps.clear();
      Builder b(po, rng_, in_, sc, po.created_at, lead, assists, vars, force_late);
      b.Run(outcome);
      const Instant last = po.steps.empty() ? po.created_at : po.steps.back().at;
      if (last <= limit) break;
      const auto shift = days(std::chrono::ceil<days>(last - limit).count());
      if (attempt == 3) {  // give up on replanning: move the plan back as it is
        ShiftBack(po, shift);
        break;
      }
      po.created_at -= shift;
      rng_ = draws;
    }
    return po;
  }

  static void ShiftBack(PlannedOrder& po, days shift) {
    po.created_at -= shift;
    for (auto& s : po.steps) {
      s.at -= shift;
      if (auto* reply = std::get_if<ReplyCommand>(&s.command)) reply->contact_at -= shift;
      if (auto* meeting = std::get_if<WhistleMeetingCommand>(&s.command)) meeting->held_at -= shift;
    }
  }

  Result<void> FillIntake(PlannedOrder& po, int index, const Scenario& sc,
                          const std::map<std::string, std::string>& vars,
                          const std::string& community) {
    const auto leaf = in_.leaf_by_path.find(std::string(sc.category));
    if (leaf == in_.leaf_by_path.end())
      return Fail(ErrorKind::kInternal, "unknown_demo_category",
                  fmt::format("演示场景的分类「{}」不在分类种子数据中", sc.category));
    IntakeCommand& c = po.intake;
    c.channel = PickChannel();
    c.enterprise = rng_.Chance(sc.enterprise_percent);
    // Some callers call again about something else (repeat-caller history).
    const Caller caller =
        !callers_.empty() && !c.enterprise && rng_.Chance(8) ? rng_.Pick(callers_) : NewCaller();
    callers_.push_back(caller);
    c.caller_name = caller.name;
    c.caller_phone = c.channel == Channel::kOpen311 && rng_.Chance(50) ? "" : caller.phone;
    c.demand_type = sc.type;
    c.category_id = leaf->second;
    c.address = sc.at_road ? fmt::format("南京市秦淮区{}{}号附近", vars.at("road"), vars.at("num"))
                           : fmt::format("南京市秦淮区{}", vars.at("addr"));
    c.street_unit_id = in_.units.at(vars.at("S")).id;
    if (sc.lead == "C" || rng_.Chance(70)) c.community_unit_id = in_.units.at(community).id;
    c.title = Fill(sc.title, vars);
    const bool asks_action = sc.type != DemandType::kConsultation && sc.type != DemandType::kPraise;
    c.content = fmt::format("{}{}{}", ChannelLead(c.channel), Fill(sc.content, vars),
                            asks_action ? rng_.Pick(DemoPhrases().closers) : "");
    c.urgency = sc.urgent ? Urgency::kUrgent : Urgency::kNormal;
    if (c.channel == Channel::kWeb || c.channel == Channel::kApp || c.channel == Channel::kOpen311)
      c.idempotency_key = fmt::format("demo-{}-{}", in_.seed, index);
    if (c.channel == Channel::kUpstream)
      c.upstream_id = fmt::format("NJ{}{:05d}", ChinaDayStamp(po.created_at), index);
    po.request_hash = fmt::format("demo-{}-{}", in_.seed, index);
    return {};
  }

  // A second report of a master's demand, merged into it while it is open.
  Result<PlannedOrder> PlanDuplicate(int index, const std::vector<PlannedOrder>& plan,
                                     const std::vector<Outcome>& outcomes) {
    const int n = static_cast<int>(plan.size());
    const int start = rng_.Int(0, n - 1);
    for (int k = 0; k < n; ++k) {
      const int m = (start + k) % n;
      const Outcome o = outcomes[m];
      const bool eligible = o == Outcome::kHandling || o == Outcome::kPendingCallback ||
                            o == Outcome::kClosedSatisfied || o == Outcome::kClosedBasically ||
                            o == Outcome::kReplied || o == Outcome::kReopenedClosed;
      if (!eligible || merged_masters_.contains(m)) continue;
      const PlannedOrder& master = plan[m];
      const Instant open_until = EndsClosed(o) ? master.steps.back().at : in_.now;
      const Instant created = master.created_at + minutes(rng_.Int(30, 180));
      const Instant merge_at = created + minutes(rng_.Int(10, 60));
      if (merge_at + minutes(1) >= open_until || merge_at >= in_.now - minutes(1)) continue;

      PlannedOrder dup;
      dup.agent = master.agent == "agent1" ? "agent2" : "agent1";
      dup.created_at = created;
      dup.intake = master.intake;
      dup.intake.channel = Channel::kPhone;
      dup.intake.idempotency_key.reset();
      dup.intake.upstream_id.reset();
      const Caller caller = NewCaller();
      dup.intake.caller_name = caller.name;
      dup.intake.caller_phone = caller.phone;
      dup.intake.enterprise = false;
      dup.intake.content =
          fmt::format("{}同一问题再次反映：{}", ChannelLead(Channel::kPhone), master.intake.title);
      dup.request_hash = fmt::format("demo-{}-{}", in_.seed, index);
      dup.steps.push_back({merge_at, std::string(kDispatcher), Action::kMerge,
                           MergeCommand{0, std::string(rng_.Pick(DemoPhrases().merge_notes))}, m});
      // Once the master's reply is approved the duplicate waits for its own
      // callback: this citizen is called back too.
      for (const PlannedStep& step : master.steps) {
        const auto* review = std::get_if<ReviewCommand>(&step.command);
        if (step.action != Action::kReviewReply || review == nullptr || !review->approve) continue;
        const Instant call_at = std::max(merge_at, step.at) + minutes(rng_.Int(30, 120));
        if (call_at < in_.now - minutes(1))
          dup.steps.push_back({call_at, std::string(kCallback), Action::kCallback,
                               CallbackCommand{true, true, Satisfaction::kSatisfied, ""}});
        break;
      }
      merged_masters_.insert(m);
      return dup;
    }
    return Fail(ErrorKind::kInternal, "no_merge_master", "演示数据中找不到可并单的主工单");
  }

  const PlanInputs& in_;
  Rng rng_;
  std::vector<const StreetPlaces*> streets_;
  std::map<std::string, std::vector<std::string>> communities_;  // by street code
  std::vector<const Scenario*> answerable_;
  std::vector<const Scenario*> whistling_;    // street-led, with departments to summon
  std::vector<const Scenario*> guided_;       // street-led, with a department to ask
  std::vector<const Scenario*> enterprises_;  // raised by enterprises only
  bool late_report_planned_ = false;
  bool enterprise_planned_ = false;
  std::vector<Caller> callers_;
  std::set<int> merged_masters_;
};

}  // namespace

std::string HandlerName(std::string_view unit_code) { return fmt::format("h{}", unit_code); }

Result<std::vector<PlannedOrder>> PlanOrders(const PlanInputs& in) {
  if (in.count < 0)
    return Fail(ErrorKind::kInvalidInput, "out_of_range", "工单数量不能为负", "orders");
  return Planner(in).Run();
}

}  // namespace hotline::demo
