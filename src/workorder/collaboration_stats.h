// Period statistics of units working together (issue 4): returns and
// dispatch disputes per unit (退单/派单异议), assisting units' parts (协办),
// 吹哨报到 per street and per department (报到率, 按时报到率, 吹哨解决率,
// two-way scores) and 业务指导 per department. Pure functions over orders;
// no I/O. The result is a plain value, safe to share once built.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <vector>

#include "common/clock.h"
#include "org/unit.h"
#include "workorder/order.h"

namespace hotline {

// numerator / denominator, or nullopt when the denominator is 0 (a rate of
// nothing is unknown, not zero).
std::optional<double> RateOf(std::int64_t numerator, std::int64_t denominator);

// Returns (by ReturnRecord.at) and disputes (by DisputeRecord.at) a unit raised.
struct ReturnStatsRow {
  std::int64_t returns = 0;
  std::int64_t returns_approved = 0;
  std::int64_t returns_rejected = 0;
  std::int64_t returns_pending = 0;
  std::int64_t returns_disputed = 0;  // turned into a dispute when a provisional unit took over
  std::int64_t disputes = 0;
  std::int64_t disputes_upheld = 0;
  std::int64_t disputes_overruled = 0;
  std::int64_t disputes_open = 0;
  bool operator==(const ReturnStatsRow&) const = default;
};

// An assisting unit's parts, by AssistPart.assigned_at.
struct AssistStatsRow {
  std::int64_t parts = 0;
  std::int64_t parts_replied = 0;
  std::int64_t parts_on_time = 0;  // replied by due_at, or replied with no deadline
  std::int64_t parts_overdue = 0;  // replied late, or unreplied with the overdue alarm raised
  bool operator==(const AssistStatsRow&) const = default;
};

// Whistles a street raised, by Whistle.raised_at.
struct WhistleStreetRow {
  std::int64_t whistles = 0;
  std::int64_t closed = 0;
  std::int64_t resolved = 0;  // closed and marked resolved
  std::int64_t summons = 0;   // departments summoned, over all its whistles
  std::int64_t reported = 0;
  std::int64_t reported_on_time = 0;
  std::int64_t citizen_invited = 0;  // whistles with a meeting the citizen was invited to
  std::int64_t meetings = 0;
  std::int64_t preparation_scores = 0;     // ratings the departments gave its whistles
  std::int64_t preparation_score_sum = 0;  // their sum
  bool operator==(const WhistleStreetRow&) const = default;

  std::optional<double> ReportRate() const { return RateOf(reported, summons); }
  std::optional<double> OntimeReportRate() const { return RateOf(reported_on_time, summons); }
  // 吹哨解决率: open whistles are undecided and left out; one closed
  // unresolved counts against the street.
  std::optional<double> ResolutionRate() const { return RateOf(resolved, closed); }
  std::optional<double> AveragePreparationScore() const;
};

// A department's summonses, by the whistle's raised_at.
struct WhistleDepartmentRow {
  std::int64_t summoned = 0;
  std::int64_t reported = 0;
  std::int64_t reported_on_time = 0;
  std::int64_t late = 0;          // reported after its deadline
  std::int64_t not_reported = 0;  // not (yet) reported
  std::int64_t scores = 0;        // ratings the streets gave it
  std::int64_t score_sum = 0;
  std::int64_t whistles_resolved = 0;  // closed resolved whistles it was summoned to
  bool operator==(const WhistleDepartmentRow&) const = default;

  std::optional<double> ReportRate() const { return RateOf(reported, summoned); }
  std::optional<double> OntimeReportRate() const { return RateOf(reported_on_time, summoned); }
  std::optional<double> AverageScore() const;
};

// Guidance a department was asked for (业务指导), by requested_at.
struct GuidanceStatsRow {
  std::int64_t requested = 0;
  std::int64_t answered = 0;
  std::int64_t answered_on_time = 0;
  std::int64_t pending = 0;  // not answered yet
  bool operator==(const GuidanceStatsRow&) const = default;
};

// Every table, keyed by unit id (so iteration is sorted by unit id).
struct CollaborationStats {
  std::map<UnitId, ReturnStatsRow> returns;                    // by the unit that returned/objected
  std::map<UnitId, AssistStatsRow> assists;                    // by assisting unit
  std::map<UnitId, WhistleStreetRow> whistle_streets;          // by Whistle.street_unit_id
  std::map<UnitId, WhistleDepartmentRow> whistle_departments;  // by Summons.unit_id
  std::map<UnitId, GuidanceStatsRow> guidance;                 // by the department asked
  bool operator==(const CollaborationStats&) const = default;
};

// Tallies the records of `orders` whose own instant lies in [from, to); the
// orders may hold older or newer records too, which are ignored.
// Adds one order's records in [from, to) to `stats` (for callers walking
// orders one at a time).
void AddToCollaborationStats(const WorkOrder& order, Instant from, Instant to,
                             CollaborationStats& stats);
CollaborationStats TallyCollaboration(const std::vector<WorkOrder>& orders, Instant from,
                                      Instant to);

}  // namespace hotline
