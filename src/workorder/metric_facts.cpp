#include "workorder/metric_facts.h"

#include <algorithm>

#include "calendar/business_calendar.h"

namespace hotline {
namespace {

constexpr std::string_view kMeasureCodes[kMeasureCount] = {
    "received",        "dispatched", "signed",          "signed_on_time",  "replied",
    "replied_on_time", "rated",      "resolved",        "satisfied",       "basically_satisfied",
    "dissatisfied",    "returned",   "return_approved", "reopened",        "overdue",
    "closed",          "whistles",   "report_ins",      "report_ins_late", "whistles_resolved"};

// Within the step's deadline; a step that had none counts as on time.
bool OnTime(const std::optional<StepDeadline>& step, Instant at) {
  return !step || at <= step->due_at;
}

// Events that hand the order to a lead unit: a new sign step starts (or, for
// 先行处置, handling starts at once under another unit).
bool HandsOver(const Event& e, const FactBasis& before, const WorkOrder& after) {
  switch (e.action) {
    case Action::kDispatch:
    case Action::kReassign:
      return true;
    case Action::kReopen:
    case Action::kCoordinate:
      return after.state == State::kDispatched && after.lead_unit_id.has_value();
    case Action::kProvisional:
      return after.lead_unit_id != before.lead_unit_id;
    default:
      return false;
  }
}

// A unit id field of an event payload; nullopt when absent or not a number
// (facts never throw on an odd payload).
std::optional<UnitId> UnitField(const nlohmann::json& p, const char* key) {
  const auto it = p.find(key);
  if (it == p.end() || !it->is_number_integer()) return std::nullopt;
  return it->get<UnitId>();
}

// The whistle a whistle event names, as folded into `after`.
const Whistle* WhistleOf(const WorkOrder& after, const nlohmann::json& p) {
  const auto it = p.find("whistle_id");
  if (it == p.end() || !it->is_number_integer()) return nullptr;
  return after.collab.FindWhistle(it->get<int>());
}

// A report-in past its deadline: the decision's `late` flag, or the report
// instant past the summons' due_at -- the same test collaboration_stats makes.
bool ReportedLate(const WorkOrder& after, const nlohmann::json& p, UnitId unit, Instant at) {
  if (p.value("late", false)) return true;
  if (const Whistle* w = WhistleOf(after, p))
    for (const Summons& s : w->summons)
      if (s.unit_id == unit) return s.due_at && at > *s.due_at;
  return false;
}

}  // namespace

std::string_view MeasureCode(Measure m) { return kMeasureCodes[static_cast<int>(m)]; }

std::optional<Measure> ParseMeasure(std::string_view code) {
  for (int i = 0; i < kMeasureCount; ++i)
    if (kMeasureCodes[i] == code) return static_cast<Measure>(i);
  return std::nullopt;
}

std::int32_t ChinaDayNumber(Instant t) {
  // Every event passes here: arithmetic on the civil date, no text.
  const std::chrono::year_month_day ymd{ChinaDay(t)};
  return int(ymd.year()) * 10000 + static_cast<int>(unsigned(ymd.month())) * 100 +
         static_cast<int>(unsigned(ymd.day()));
}

std::vector<MetricFact> FactsOf(const FactBasis& before, const Event& e, const WorkOrder& after) {
  MetricFact base;
  base.day = ChinaDayNumber(e.at);
  base.street_unit_id = after.street_unit_id;
  base.category_id = after.category_id;
  base.channel = after.channel;
  base.demand_type = after.demand_type;
  base.enterprise = after.enterprise;
  // One fact per unit charged: most figures belong to the unit that led the
  // order when it happened; a hand-over belongs to the unit receiving it.
  std::vector<MetricFact> facts;
  auto charge = [&](std::optional<UnitId> unit, Measure m) {
    auto it = std::find_if(facts.begin(), facts.end(),
                           [&](const MetricFact& f) { return f.unit_id == unit; });
    if (it == facts.end()) {
      facts.push_back(base);
      facts.back().unit_id = unit;
      it = facts.end() - 1;
    }
    it->counts[static_cast<int>(m)] += 1;
  };
  const std::optional<UnitId> lead = before.lead_unit_id;
  const nlohmann::json& p = e.payload;
  switch (e.action) {
    case Action::kIntake:
      charge(std::nullopt, Measure::kReceived);
      break;
    case Action::kSign:
      charge(lead, Measure::kSigned);
      if (OnTime(before.sign, e.at)) charge(lead, Measure::kSignedOnTime);
      break;
    case Action::kReply:
      charge(lead, Measure::kReplied);
      if (OnTime(before.handle, e.at)) charge(lead, Measure::kRepliedOnTime);
      break;
    case Action::kCallback: {
      if (!p.value("reached", false)) break;  // an unreached callback rates nothing
      charge(lead, Measure::kRated);
      if (p.value("resolved", false)) charge(lead, Measure::kResolved);
      const auto s = ParseSatisfaction(p.value("satisfaction", std::string()));
      if (s == Satisfaction::kSatisfied) charge(lead, Measure::kSatisfied);
      if (s == Satisfaction::kBasicallySatisfied) charge(lead, Measure::kBasicallySatisfied);
      if (s == Satisfaction::kDissatisfied) charge(lead, Measure::kDissatisfied);
      break;
    }
    case Action::kReturn:
      charge(lead, Measure::kReturned);
      break;
    case Action::kReviewReturn:
      if (p.value("approve", false)) charge(lead, Measure::kReturnApproved);
      break;
    case Action::kCoordinate:
      // Coordination that moves a returned order away approves the return.
      if (p.value("return_outcome", std::string()) == "approved")
        charge(lead, Measure::kReturnApproved);
      break;
    case Action::kReopen:
      charge(lead, Measure::kReopened);
      break;
    case Action::kWhistle:
      // The street the whistle answers for (a community's whistle is its
      // street's), as the event records it; collaboration_stats uses the same.
      if (const auto street = UnitField(p, "street_unit_id")) charge(*street, Measure::kWhistles);
      break;
    case Action::kReportIn:
      // The summoned department, even when a sub-unit of it acted.
      if (const auto unit = UnitField(p, "unit_id")) {
        charge(*unit, Measure::kReportIns);
        if (ReportedLate(after, p, *unit, e.at)) charge(*unit, Measure::kReportInsLate);
      }
      break;
    case Action::kCloseWhistle:
      if (!p.value("resolved", false)) break;
      if (const Whistle* w = WhistleOf(after, p))
        charge(w->street_unit_id, Measure::kWhistlesResolved);
      break;
    case Action::kOverdue: {
      // Only a unit's own steps are charged to it; review and callback steps
      // are the platform's and not counted here.
      const std::string step = p.value("step", std::string());
      if (step == "sign" || step == "handle") charge(lead, Measure::kOverdue);
      break;
    }
    default:
      break;
  }
  if (HandsOver(e, before, after)) charge(after.lead_unit_id, Measure::kDispatched);
  if (after.state == State::kClosed && before.state != State::kClosed &&
      e.action != Action::kIntake)
    charge(lead, Measure::kClosed);
  return facts;
}

std::vector<RollupKey> RollupKeysOf(const MetricFact& f) {
  std::vector<RollupKey> keys;
  keys.reserve(8);
  keys.push_back({"all", ""});
  if (f.unit_id) keys.push_back({"unit", std::to_string(*f.unit_id)});
  if (f.street_unit_id) keys.push_back({"street", std::to_string(*f.street_unit_id)});
  keys.push_back({"category", std::to_string(f.category_id)});
  keys.push_back({"channel", std::string(ChannelCode(f.channel))});
  keys.push_back({"demand_type", std::string(DemandTypeCode(f.demand_type))});
  keys.push_back({"enterprise", f.enterprise ? "true" : "false"});
  if (f.enterprise && f.unit_id) keys.push_back({"enterprise_unit", std::to_string(*f.unit_id)});
  return keys;
}

}  // namespace hotline
