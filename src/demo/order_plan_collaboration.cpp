// How the units of a planned order work together: 吹哨报到 (whistles with
// report-ins, meetings and ratings), 业务指导 (guidance), 派单异议 (disputes),
// 先行处置 (provisional handling) and 平台协调 (coordination by the platform).
#include <fmt/format.h>

#include <algorithm>

#include "demo/order_plan_internal.h"

namespace hotline::demo::plan_internal {
namespace {

using std::chrono::days;
using std::chrono::hours;
using std::chrono::minutes;

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

}  // namespace

// A street that leads an order now and then needs departments: a whistle
// (吹哨报到) or a request for guidance (业务指导), before it replies.
void OrderStepBuilder::WorkTogether(Together how) {
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

// 吹哨: the street summons one to three departments, which report in
// (mostly within the limit, some late, now and then one never comes) and
// record what they did; usually a joint meeting follows. A closed whistle
// rates every department that reported in, and some rate the whistle back.
void OrderStepBuilder::BlowWhistle(WhistleEnd end) {
  std::vector<std::string_view> forms = Words(sc_.summon);
  const int n = static_cast<int>(forms.size());
  const int k = rng_.Int(1, std::min({3, n, in_.rules.max_summoned_units}));
  for (int i = 0; i < k; ++i) std::swap(forms[i], forms[rng_.Int(i, n - 1)]);
  forms.resize(k);
  auto v = vars_;
  v["first"] = Name(DepartmentCode(forms.front()));
  WhistleCommand w{Fill(sc_.whistle_question, vars_), Fill(rng_.Pick(ph().whistle_reasons), v), {}};
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
      Push(HandlerName(DepartmentCode(a.form)), Action::kRateWhistle, RateWhistle(id), 30, 24 * 60);
}

RateWhistleCommand OrderStepBuilder::RateWhistle(int whistle_id) {
  const int score = rng_.Int(3, 5);
  return {whistle_id, score, Text(score >= 4 ? ph().preparation_good : ph().preparation_fair)};
}

WhistleWorkCommand OrderStepBuilder::WorkOf(int whistle_id, std::string_view form) {
  return {whistle_id, Fill(DepartmentPartFor(form).work, DepartmentVars(form))};
}

// 联席研判 on site or at the street, sometimes with the citizen.
void OrderStepBuilder::Meeting(int whistle_id, const std::vector<Arrival>& arrivals,
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
void OrderStepBuilder::AskGuidance(GuidanceReply reply) {
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
void OrderStepBuilder::Dispute(const std::string& unit, const std::string& proposed) {
  const Instant window_end = DueAfter(dispatched_at_, in_.sla.return_window, hours(2));
  const Instant at = OfficeHours(std::max(t_, window_end) + minutes(rng_.Int(30, 6 * 60)), rng_);
  std::map<std::string, std::string> v{{"unit", Name(proposed)}};
  PushAt(at, HandlerName(unit), Action::kDispute,
         DisputeCommand{Id(proposed), Fill(rng_.Pick(ph().dispute_basis), v), ""});
}

// 先行处置: the platform names who acts at once.
void OrderStepBuilder::Provisional(const std::string& unit) {
  std::map<std::string, std::string> v{{"unit", Name(unit)}};
  Push(kDispatcher, Action::kProvisional,
       ProvisionalCommand{Id(unit), Fill(rng_.Pick(ph().provisional_notes), v)}, 30, 240);
}

// 平台协调定责: lead_ leads for good; `other` is the unit that objected or
// was named, or the last one that returned the order.
void OrderStepBuilder::Coordinate(Settlement kind, const std::string& other) {
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
void OrderStepBuilder::DisputeSettled(const std::string& wrong) {
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
std::vector<std::string> OrderStepBuilder::WrongUnits(const std::string& first, int count) const {
  std::vector<std::string> out;
  for (const std::string& u : {first, std::string("320104D05"), std::string("320104D01"),
                               std::string("320104D10"), std::string("320104D04")}) {
    if (static_cast<int>(out.size()) == count) break;
    if (u != lead_ && std::find(out.begin(), out.end(), u) == out.end()) out.push_back(u);
  }
  return out;
}

std::map<std::string, std::string> OrderStepBuilder::DepartmentVars(std::string_view form) {
  auto v = vars_;
  v["dept"] = Name(DepartmentCode(form));
  v["team"] = std::string(DepartmentPartFor(form).team);
  v["people"] = std::to_string(rng_.Int(2, 4));
  return v;
}

}  // namespace hotline::demo::plan_internal
