// What each event contributes to the hotline's figures (docs/metrics.md).
//
// An event yields counters attributed to one day (China date of the event)
// and to the order's dimensions at that moment: the responsible unit, the
// street, the leaf category, the channel, the demand type and the enterprise
// flag. Storage adds them to daily rollups in the same transaction as the
// event, so any period's figures are sums of days. Pure functions.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "workorder/order.h"

namespace hotline {

// The counters, in storage column order. Each is defined in docs/metrics.md.
enum class Measure {
  kReceived,            // intake
  kDispatched,          // handed to a lead unit (dispatch, reassign, reopen to a unit, ...)
  kSigned,              // signs
  kSignedOnTime,        // ... within the sign deadline (签收及时)
  kReplied,             // lead replies
  kRepliedOnTime,       // ... within the handling deadline (按时办结)
  kRated,               // callbacks that reached the citizen
  kResolved,            // ... who said it was resolved
  kSatisfied,           // ... 满意
  kBasicallySatisfied,  // ... 基本满意
  kDissatisfied,        // ... 不满意
  kReturned,            // returns asked for (退单)
  kReturnApproved,      // returns approved
  kReopened,            // reopens (重办), charged to the unit that failed
  kOverdue,             // a unit's sign or handling step passed its deadline
  kClosed,              // orders closed
  // 吹哨报到 (appended: storage columns keep their order).
  kWhistles,          // whistles blown, charged to the street that answers for them
  kReportIns,         // summoned departments reporting in, charged to the department
  kReportInsLate,     // ... after the whistle_report_in deadline
  kWhistlesResolved,  // whistles closed as resolved, charged to the street
};
inline constexpr int kMeasureCount = 20;

std::string_view MeasureCode(Measure m);  // "received", "signed_on_time", ...
std::optional<Measure> ParseMeasure(std::string_view code);

using MeasureCounts = std::array<std::int64_t, kMeasureCount>;

// One event's contribution: its counters and where they belong.
struct MetricFact {
  std::int32_t day = 0;  // China date as yyyymmdd
  std::optional<UnitId> unit_id;
  std::optional<UnitId> street_unit_id;
  CategoryId category_id = 0;
  Channel channel = Channel::kPhone;
  DemandType demand_type = DemandType::kConsultation;
  bool enterprise = false;
  MeasureCounts counts{};
  bool operator==(const MetricFact&) const = default;
};

// What FactsOf needs of the order just before an event: small enough to take
// on every event instead of copying the whole order.
struct FactBasis {
  std::optional<UnitId> lead_unit_id;
  State state = State::kPendingDispatch;
  std::optional<StepDeadline> sign;    // the running sign step's deadline
  std::optional<StepDeadline> handle;  // the running handling step's deadline
  static FactBasis Of(const WorkOrder& order) {
    return FactBasis{order.lead_unit_id, order.state, order.deadlines.sign, order.deadlines.handle};
  }
};

// What `event` adds, given the order just `before` it and just `after`: one
// fact per unit it charges (a reopen to another unit charges the failed unit
// with the reopen and the new one with the hand-over; whistle figures go to
// the whistling street or the reporting department, not the lead); empty
// when it changes no figure. `before` is FactBasis{} for the intake.
std::vector<MetricFact> FactsOf(const FactBasis& before, const Event& event,
                                const WorkOrder& after);
inline std::vector<MetricFact> FactsOf(const WorkOrder& before, const Event& event,
                                       const WorkOrder& after) {
  return FactsOf(FactBasis::Of(before), event, after);
}

// The China date of `t` as yyyymmdd.
std::int32_t ChinaDayNumber(Instant t);

// The rollup dimensions a fact is added under: ("all", ""), ("unit", id),
// ("street", id), ("category", id), ("channel", code), ("demand_type", code),
// ("enterprise", "true"/"false") and ("enterprise_unit", id) for 涉企 orders.
struct RollupKey {
  std::string dim;
  std::string key;
  bool operator==(const RollupKey&) const = default;
};
std::vector<RollupKey> RollupKeysOf(const MetricFact& fact);

inline constexpr std::string_view kMetricDimensions[] = {
    "all", "unit", "street", "category", "channel", "demand_type", "enterprise", "enterprise_unit"};

}  // namespace hotline
