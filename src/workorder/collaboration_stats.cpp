#include "workorder/collaboration_stats.h"

namespace hotline {
namespace {

bool InPeriod(Instant t, Instant from, Instant to) { return from <= t && t < to; }

// Late by the lifecycle's own flag, or by the instants themselves (a record
// written before the flag existed still counts right).
bool ArrivedLate(bool late_flag, const std::optional<Instant>& done_at,
                 const std::optional<Instant>& due_at) {
  return late_flag || (done_at && due_at && *done_at > *due_at);
}

bool IsClosed(const Whistle& w) { return w.state == "closed"; }

bool IsResolved(const Whistle& w) { return IsClosed(w) && w.resolved.value_or(false); }

std::optional<double> Average(std::int64_t sum, std::int64_t count) {
  if (count == 0) return std::nullopt;
  return static_cast<double>(sum) / static_cast<double>(count);
}

void TallyReturns(const Collaboration& c, Instant from, Instant to, CollaborationStats& stats) {
  for (const ReturnRecord& r : c.returns) {
    if (!InPeriod(r.at, from, to)) continue;
    ReturnStatsRow& row = stats.returns[r.unit_id];
    ++row.returns;
    if (r.outcome == "approved")
      ++row.returns_approved;
    else if (r.outcome == "rejected")
      ++row.returns_rejected;
    else if (r.outcome == "disputed")
      ++row.returns_disputed;
    else
      ++row.returns_pending;
  }
  for (const DisputeRecord& d : c.disputes) {
    if (!InPeriod(d.at, from, to)) continue;
    ReturnStatsRow& row = stats.returns[d.unit_id];
    ++row.disputes;
    if (d.outcome == "upheld")
      ++row.disputes_upheld;
    else if (d.outcome == "overruled")
      ++row.disputes_overruled;
    else
      ++row.disputes_open;
  }
}

void TallyAssists(const Collaboration& c, Instant from, Instant to, CollaborationStats& stats) {
  for (const AssistPart& p : c.assist_parts) {
    if (!InPeriod(p.assigned_at, from, to)) continue;
    AssistStatsRow& row = stats.assists[p.unit_id];
    ++row.parts;
    if (p.replied_at) {
      ++row.parts_replied;
      if (ArrivedLate(false, p.replied_at, p.due_at))
        ++row.parts_overdue;
      else
        ++row.parts_on_time;
    } else if (p.overdue) {
      ++row.parts_overdue;
    }
  }
}

void TallyWhistles(const Collaboration& c, Instant from, Instant to, CollaborationStats& stats) {
  for (const Whistle& w : c.whistles) {
    if (!InPeriod(w.raised_at, from, to)) continue;
    WhistleStreetRow& street = stats.whistle_streets[w.street_unit_id];
    ++street.whistles;
    if (IsClosed(w)) ++street.closed;
    if (IsResolved(w)) ++street.resolved;
    street.meetings += static_cast<std::int64_t>(w.meetings.size());
    for (const JointMeeting& m : w.meetings) {
      if (m.citizen_invited) {
        ++street.citizen_invited;
        break;
      }
    }
    for (const Summons& s : w.summons) {
      WhistleDepartmentRow& dept = stats.whistle_departments[s.unit_id];
      ++street.summons;
      ++dept.summoned;
      if (s.reported_at) {
        ++street.reported;
        ++dept.reported;
        if (ArrivedLate(s.late, s.reported_at, s.due_at)) {
          ++dept.late;
        } else {
          ++street.reported_on_time;
          ++dept.reported_on_time;
        }
      } else {
        ++dept.not_reported;
      }
      if (s.preparation_score) {
        ++street.preparation_scores;
        street.preparation_score_sum += *s.preparation_score;
      }
      if (s.score) {
        ++dept.scores;
        dept.score_sum += *s.score;
      }
      if (IsResolved(w)) ++dept.whistles_resolved;
    }
  }
}

void TallyGuidance(const Collaboration& c, Instant from, Instant to, CollaborationStats& stats) {
  for (const GuidanceRequest& g : c.guidance) {
    if (!InPeriod(g.requested_at, from, to)) continue;
    GuidanceStatsRow& row = stats.guidance[g.unit_id];
    ++row.requested;
    if (g.answered_at) {
      ++row.answered;
      if (!ArrivedLate(g.late, g.answered_at, g.due_at)) ++row.answered_on_time;
    } else {
      ++row.pending;
    }
  }
}

}  // namespace

std::optional<double> RateOf(std::int64_t numerator, std::int64_t denominator) {
  if (denominator == 0) return std::nullopt;
  return static_cast<double>(numerator) / static_cast<double>(denominator);
}

std::optional<double> WhistleStreetRow::AveragePreparationScore() const {
  return Average(preparation_score_sum, preparation_scores);
}

std::optional<double> WhistleDepartmentRow::AverageScore() const {
  return Average(score_sum, scores);
}

void AddToCollaborationStats(const WorkOrder& order, Instant from, Instant to,
                             CollaborationStats& stats) {
  const Collaboration& c = order.collab;
  TallyReturns(c, from, to, stats);
  TallyAssists(c, from, to, stats);
  TallyWhistles(c, from, to, stats);
  TallyGuidance(c, from, to, stats);
}

CollaborationStats TallyCollaboration(const std::vector<WorkOrder>& orders, Instant from,
                                      Instant to) {
  CollaborationStats stats;
  for (const WorkOrder& order : orders) AddToCollaborationStats(order, from, to, stats);
  return stats;
}

}  // namespace hotline
