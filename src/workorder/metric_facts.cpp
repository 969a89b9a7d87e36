#include "workorder/metric_facts.h"

#include <algorithm>

#include "calendar/business_calendar.h"

namespace hotline {
namespace {

constexpr std::string_view kMeasureCodes[kMeasureCount] = {
    "received",        "dispatched", "signed",          "signed_on_time", "replied",
    "replied_on_time", "rated",      "resolved",        "satisfied",      "basically_satisfied",
    "dissatisfied",    "returned",   "return_approved", "reopened",       "overdue",
    "closed"};

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
