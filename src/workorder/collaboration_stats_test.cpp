// Period statistics of collaboration records, on hand-built orders.
#include "workorder/collaboration_stats.h"

#include <gtest/gtest.h>

#include "common/time_format.h"

namespace hotline {
namespace {

Instant At(std::string_view text) { return *ParseRfc3339(text); }

// The period under test: November 2026, China time.
const Instant kFrom = At("2026-11-01T00:00:00+08:00");
const Instant kTo = At("2026-12-01T00:00:00+08:00");
const Instant kBefore = At("2026-10-31T23:59:59.999+08:00");
const Instant kInside = At("2026-11-10T09:00:00+08:00");

constexpr UnitId kStreetA = 20;
constexpr UnitId kStreetB = 21;
constexpr UnitId kDeptX = 30;
constexpr UnitId kDeptY = 31;

WorkOrder OrderWith(Collaboration c) {
  WorkOrder o;
  o.id = 1;
  o.collab = std::move(c);
  return o;
}

Summons Reported(UnitId unit, Instant due, Instant at) {
  Summons s;
  s.unit_id = unit;
  s.due_at = due;
  s.reported_at = at;
  s.late = at > due;
  return s;
}

Whistle MakeWhistle(UnitId street, Instant raised_at, std::vector<Summons> summons) {
  Whistle w;
  w.id = 1;
  w.street_unit_id = street;
  w.raised_by_unit_id = street;
  w.raised_at = raised_at;
  w.summons = std::move(summons);
  return w;
}

void Close(Whistle& w, bool resolved) {
  w.state = "closed";
  w.resolved = resolved;
  w.closed_at = w.raised_at + std::chrono::hours(48);
}

ReturnRecord Return(UnitId unit, Instant at, std::string outcome = "pending") {
  ReturnRecord r;
  r.unit_id = unit;
  r.at = at;
  r.outcome = std::move(outcome);
  return r;
}

DisputeRecord Dispute(UnitId unit, Instant at, std::string outcome = "open") {
  DisputeRecord d;
  d.unit_id = unit;
  d.at = at;
  d.outcome = std::move(outcome);
  return d;
}

AssistPart Part(UnitId unit, Instant assigned_at, std::optional<Instant> due_at,
                std::optional<Instant> replied_at, bool overdue = false) {
  AssistPart p;
  p.unit_id = unit;
  p.assigned_at = assigned_at;
  p.due_at = due_at;
  p.replied_at = replied_at;
  p.overdue = overdue;
  return p;
}

GuidanceRequest Asked(int id, UnitId unit, Instant requested_at, std::optional<Instant> due_at,
                      std::optional<Instant> answered_at, bool late = false) {
  GuidanceRequest g;
  g.id = id;
  g.requested_by_unit_id = kStreetA;
  g.unit_id = unit;
  g.requested_at = requested_at;
  g.due_at = due_at;
  g.answered_at = answered_at;
  g.late = late;
  return g;
}

JointMeeting Meeting(Instant at, bool citizen_invited) {
  JointMeeting m;
  m.held_at = at;
  m.citizen_invited = citizen_invited;
  return m;
}

TEST(RateOfTest, NullWhenNothingToMeasure) {
  EXPECT_EQ(RateOf(0, 0), std::nullopt);
  EXPECT_EQ(RateOf(3, 0), std::nullopt);
  EXPECT_EQ(RateOf(0, 4), 0.0);
  EXPECT_EQ(RateOf(1, 4), 0.25);
  EXPECT_EQ(RateOf(4, 4), 1.0);
}

TEST(CollaborationStatsTest, EmptyInputHasNoRows) {
  EXPECT_EQ(TallyCollaboration({}, kFrom, kTo), CollaborationStats{});
  EXPECT_EQ(TallyCollaboration({WorkOrder{}}, kFrom, kTo), CollaborationStats{});
}

TEST(CollaborationStatsTest, ReturnsAndDisputesPerUnit) {
  Collaboration c;
  c.returns = {Return(kDeptX, kInside, "approved"),
               Return(kDeptX, kInside, "rejected"),
               Return(kDeptX, kInside),  // pending
               Return(kDeptY, kInside, "approved"),
               Return(kDeptY, kBefore, "approved"),
               Return(kDeptY, kTo, "approved")};
  c.disputes = {Dispute(kDeptX, kInside, "upheld"), Dispute(kDeptX, kInside, "overruled"),
                Dispute(kDeptX, kInside),  // open
                Dispute(kStreetA, kBefore)};
  const auto stats = TallyCollaboration({OrderWith(c)}, kFrom, kTo);
  ASSERT_EQ(stats.returns.size(), 2u);  // kStreetA's only dispute is out of period
  EXPECT_EQ(stats.returns.at(kDeptX), (ReturnStatsRow{.returns = 3,
                                                      .returns_approved = 1,
                                                      .returns_rejected = 1,
                                                      .returns_pending = 1,
                                                      .disputes = 3,
                                                      .disputes_upheld = 1,
                                                      .disputes_overruled = 1,
                                                      .disputes_open = 1}));
  // The period is [from, to): the record at `to` itself belongs to the next one.
  const ReturnStatsRow& y = stats.returns.at(kDeptY);
  EXPECT_EQ(y.returns, 1);
  EXPECT_EQ(y.returns_approved, 1);
  EXPECT_EQ(y.returns_rejected + y.returns_pending, 0);
  EXPECT_EQ(y.disputes, 0);
}

TEST(CollaborationStatsTest, AssistPartsOnTimeAndOverdue) {
  const Instant due = At("2026-11-12T17:30:00+08:00");
  Collaboration c;
  c.assist_parts = {
      // On time, and exactly at the deadline is still on time.
      Part(kDeptX, kInside, due, due - std::chrono::hours(3)),
      Part(kDeptX, kInside, due, due),
      // Replied late: overdue even though the alarm flag was never set.
      Part(kDeptX, kInside, due, due + std::chrono::minutes(1)),
      // Unreplied past due, the alarm raised.
      Part(kDeptX, kInside, due, std::nullopt, /*overdue=*/true),
      // Unreplied, still in time.
      Part(kDeptX, kInside, due, std::nullopt),
      // No deadline: a reply is on time.
      Part(kDeptY, kInside, std::nullopt, due),
      // Assigned before the period.
      Part(kDeptY, kBefore, due, std::nullopt, /*overdue=*/true),
  };
  const auto stats = TallyCollaboration({OrderWith(c)}, kFrom, kTo);
  EXPECT_EQ(
      stats.assists.at(kDeptX),
      (AssistStatsRow{.parts = 5, .parts_replied = 3, .parts_on_time = 2, .parts_overdue = 2}));
  EXPECT_EQ(
      stats.assists.at(kDeptY),
      (AssistStatsRow{.parts = 1, .parts_replied = 1, .parts_on_time = 1, .parts_overdue = 0}));
}

TEST(CollaborationStatsTest, WhistlesPerStreetAndDepartment) {
  const Instant raised = kInside;
  const Instant due = raised + std::chrono::minutes(30);
  // Street A, whistle 1: X on time, Y late; closed resolved; a meeting with the citizen.
  Whistle w1 = MakeWhistle(kStreetA, raised,
                           {Reported(kDeptX, due, due - std::chrono::minutes(10)),
                            Reported(kDeptY, due, due + std::chrono::minutes(5))});
  w1.summons[0].score = 5;
  w1.summons[0].preparation_score = 4;
  w1.summons[1].score = 2;
  w1.summons[1].preparation_score = 3;
  w1.meetings = {Meeting(raised, false), Meeting(raised, true)};
  Close(w1, /*resolved=*/true);
  // Street A, whistle 2: X never reported; still open.
  Summons missing;
  missing.unit_id = kDeptX;
  missing.due_at = due;
  missing.overdue = true;
  Whistle w2 = MakeWhistle(kStreetA, raised, {missing});
  w2.id = 2;
  // Street B: X reported on time, closed unresolved.
  Whistle w3 = MakeWhistle(kStreetB, raised, {Reported(kDeptX, due, due)});
  w3.summons[0].score = 3;
  Close(w3, /*resolved=*/false);
  // Street B, raised before the period: ignored although closed in it.
  Whistle old = MakeWhistle(kStreetB, kBefore, {Reported(kDeptY, due, due)});
  old.id = 2;
  Close(old, /*resolved=*/true);

  Collaboration a;
  a.whistles = {w1, w2};
  Collaboration b;
  b.whistles = {w3, old};
  const auto stats = TallyCollaboration({OrderWith(a), OrderWith(b)}, kFrom, kTo);

  const WhistleStreetRow& street_a = stats.whistle_streets.at(kStreetA);
  EXPECT_EQ(street_a.whistles, 2);
  EXPECT_EQ(street_a.closed, 1);
  EXPECT_EQ(street_a.resolved, 1);
  EXPECT_EQ(street_a.summons, 3);
  EXPECT_EQ(street_a.reported, 2);
  EXPECT_EQ(street_a.reported_on_time, 1);
  EXPECT_EQ(street_a.citizen_invited, 1);
  EXPECT_EQ(street_a.meetings, 2);
  EXPECT_DOUBLE_EQ(*street_a.ReportRate(), 2.0 / 3);
  EXPECT_DOUBLE_EQ(*street_a.OntimeReportRate(), 1.0 / 3);
  // The open whistle is not in the denominator.
  EXPECT_DOUBLE_EQ(*street_a.ResolutionRate(), 1.0);
  EXPECT_DOUBLE_EQ(*street_a.AveragePreparationScore(), 3.5);

  const WhistleStreetRow& street_b = stats.whistle_streets.at(kStreetB);
  EXPECT_EQ(street_b.whistles, 1);
  EXPECT_EQ(street_b.closed, 1);
  EXPECT_EQ(street_b.resolved, 0);
  EXPECT_EQ(street_b.citizen_invited, 0);
  // Closed unresolved: 吹哨解决率 0, not unknown.
  EXPECT_EQ(street_b.ResolutionRate(), 0.0);
  EXPECT_EQ(street_b.AveragePreparationScore(), std::nullopt);

  const WhistleDepartmentRow& x = stats.whistle_departments.at(kDeptX);
  EXPECT_EQ(x.summoned, 3);
  EXPECT_EQ(x.reported, 2);
  EXPECT_EQ(x.reported_on_time, 2);
  EXPECT_EQ(x.late, 0);
  EXPECT_EQ(x.not_reported, 1);
  EXPECT_EQ(x.whistles_resolved, 1);
  EXPECT_DOUBLE_EQ(*x.ReportRate(), 2.0 / 3);
  EXPECT_DOUBLE_EQ(*x.OntimeReportRate(), 2.0 / 3);
  EXPECT_DOUBLE_EQ(*x.AverageScore(), 4.0);

  // Y reported late in the period; its old summons does not count.
  const WhistleDepartmentRow& y = stats.whistle_departments.at(kDeptY);
  EXPECT_EQ(y.summoned, 1);
  EXPECT_EQ(y.reported, 1);
  EXPECT_EQ(y.reported_on_time, 0);
  EXPECT_EQ(y.late, 1);
  EXPECT_EQ(y.not_reported, 0);
  EXPECT_EQ(y.whistles_resolved, 1);
  EXPECT_EQ(y.ReportRate(), 1.0);
  EXPECT_EQ(y.OntimeReportRate(), 0.0);
  EXPECT_DOUBLE_EQ(*y.AverageScore(), 2.0);
}

TEST(CollaborationStatsTest, LateFlagAloneMakesAReportLate) {
  // A report the lifecycle marked late (e.g. no due_at kept) is late.
  Summons s;
  s.unit_id = kDeptX;
  s.reported_at = kInside;
  s.late = true;
  Collaboration c;
  c.whistles = {MakeWhistle(kStreetA, kInside, {s})};
  const auto stats = TallyCollaboration({OrderWith(c)}, kFrom, kTo);
  EXPECT_EQ(stats.whistle_departments.at(kDeptX).late, 1);
  EXPECT_EQ(stats.whistle_departments.at(kDeptX).reported_on_time, 0);
  EXPECT_EQ(stats.whistle_streets.at(kStreetA).reported_on_time, 0);
  EXPECT_EQ(stats.whistle_streets.at(kStreetA).ReportRate(), 1.0);
  EXPECT_EQ(stats.whistle_streets.at(kStreetA).ResolutionRate(), std::nullopt);  // still open
}

TEST(CollaborationStatsTest, UnresolvedWhistleLowersResolutionRate) {
  Whistle good = MakeWhistle(kStreetA, kInside, {});
  Close(good, true);
  Whistle bad = good;
  bad.id = 2;
  Close(bad, false);
  Collaboration c;
  c.whistles = {good};
  EXPECT_EQ(
      TallyCollaboration({OrderWith(c)}, kFrom, kTo).whistle_streets.at(kStreetA).ResolutionRate(),
      1.0);
  c.whistles.push_back(bad);
  EXPECT_EQ(
      TallyCollaboration({OrderWith(c)}, kFrom, kTo).whistle_streets.at(kStreetA).ResolutionRate(),
      0.5);
}

TEST(CollaborationStatsTest, GuidancePerDepartment) {
  const Instant due = kInside + std::chrono::hours(48);
  Collaboration c;
  c.guidance = {
      Asked(1, kDeptX, kInside, due, due - std::chrono::hours(1)),
      Asked(2, kDeptX, kInside, due, due + std::chrono::hours(1), /*late=*/true),
      Asked(3, kDeptX, kInside, due, std::nullopt),
      // Late by the instants even without the flag.
      Asked(4, kDeptY, kInside, due, due + std::chrono::hours(2)),
      Asked(5, kDeptY, kBefore, std::nullopt, std::nullopt),
  };
  const auto stats = TallyCollaboration({OrderWith(c)}, kFrom, kTo);
  EXPECT_EQ(stats.guidance.at(kDeptX),
            (GuidanceStatsRow{.requested = 3, .answered = 2, .answered_on_time = 1, .pending = 1}));
  EXPECT_EQ(stats.guidance.at(kDeptY),
            (GuidanceStatsRow{.requested = 1, .answered = 1, .answered_on_time = 0, .pending = 0}));
}

TEST(CollaborationStatsTest, OutOfPeriodRecordsLeaveNoRow) {
  Collaboration c;
  c.returns = {Return(kDeptX, kBefore)};
  c.disputes = {Dispute(kDeptX, kTo)};
  c.assist_parts = {Part(kDeptX, kBefore, std::nullopt, std::nullopt)};
  c.whistles = {MakeWhistle(kStreetA, kTo, {Reported(kDeptX, kTo, kTo)})};
  c.guidance = {Asked(1, kDeptX, kBefore, std::nullopt, std::nullopt)};
  EXPECT_EQ(TallyCollaboration({OrderWith(c)}, kFrom, kTo), CollaborationStats{});
  // The same records all count in a period that covers them.
  const auto wide = TallyCollaboration({OrderWith(c)}, kBefore, kTo + std::chrono::hours(1));
  EXPECT_EQ(wide.returns.at(kDeptX).returns, 1);
  EXPECT_EQ(wide.returns.at(kDeptX).disputes, 1);
  EXPECT_EQ(wide.assists.at(kDeptX).parts, 1);
  EXPECT_EQ(wide.whistle_streets.at(kStreetA).whistles, 1);
  EXPECT_EQ(wide.whistle_departments.at(kDeptX).summoned, 1);
  EXPECT_EQ(wide.guidance.at(kDeptX).requested, 1);
}

TEST(CollaborationStatsTest, CountsAddUpAcrossOrders) {
  Collaboration c;
  c.returns = {Return(kDeptX, kInside, "approved")};
  WorkOrder first = OrderWith(c);
  WorkOrder second = OrderWith(c);
  second.id = 2;
  const auto stats = TallyCollaboration({first, second}, kFrom, kTo);
  EXPECT_EQ(stats.returns.at(kDeptX).returns, 2);
  EXPECT_EQ(stats.returns.at(kDeptX).returns_approved, 2);
}

}  // namespace
}  // namespace hotline
