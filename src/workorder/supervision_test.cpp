// The supervision ladder and its state transitions, without storage.
#include "workorder/supervision.h"

#include <gtest/gtest.h>

#include "common/time_format.h"

namespace hotline {
namespace {

Instant At(std::string_view text) { return *ParseRfc3339(text); }

Supervision Open(SupervisionTier tier) {
  Supervision s;
  s.id = 7;
  s.unit_id = 3;
  s.tier = tier;
  s.issued_at = At("2026-11-23T09:00:00+08:00");
  s.due_at = ResponseDue(tier, s.issued_at, BusinessCalendar::Builtin());
  return s;
}

TEST(SupervisionTest, TiersClimbToTheInspector) {
  EXPECT_EQ(NextTier(SupervisionTier::kSystem), SupervisionTier::kManual);
  EXPECT_EQ(NextTier(SupervisionTier::kManual), SupervisionTier::kLeader);
  EXPECT_EQ(NextTier(SupervisionTier::kLeader), SupervisionTier::kInspector);
  EXPECT_EQ(NextTier(SupervisionTier::kInspector), std::nullopt);
  for (auto tier : {SupervisionTier::kSystem, SupervisionTier::kManual, SupervisionTier::kLeader,
                    SupervisionTier::kInspector})
    EXPECT_EQ(ParseSupervisionTier(SupervisionTierCode(tier)), tier);
  EXPECT_EQ(ParseSupervisionTier("boss"), std::nullopt);
  EXPECT_EQ(SupervisionTierName(SupervisionTier::kLeader), "AO督办");
}

TEST(SupervisionTest, ResponseDeadlinesAreWorkingDays) {
  const auto& calendar = BusinessCalendar::Builtin();
  // Friday 2026-11-27 10:00: one working day later is Monday, not Saturday.
  const Instant friday = At("2026-11-27T10:00:00+08:00");
  EXPECT_EQ(ResponseDue(SupervisionTier::kSystem, friday, calendar),
            calendar.AddWorkingDays(friday, 1));
  EXPECT_EQ(FormatRfc3339(ResponseDue(SupervisionTier::kManual, friday, calendar)).substr(0, 10),
            "2026-11-30");
  EXPECT_EQ(ResponseDue(SupervisionTier::kLeader, friday, calendar),
            calendar.AddWorkingDays(friday, 2));
  EXPECT_EQ(ResponseDue(SupervisionTier::kInspector, friday, calendar),
            calendar.AddWorkingDays(friday, 3));
}

TEST(SupervisionTest, RespondThenAccept) {
  Supervision s = Open(SupervisionTier::kManual);
  const Instant t = At("2026-11-23T10:00:00+08:00");
  ASSERT_TRUE(RespondToSupervision(s, "已整改", 42, t));
  EXPECT_EQ(s.state, SupervisionState::kResponded);
  EXPECT_EQ(s.responded_by, 42);
  EXPECT_EQ(s.responded_at, t);
  auto twice = RespondToSupervision(s, "再答", 42, t);
  ASSERT_FALSE(twice);
  EXPECT_EQ(twice.error().kind, ErrorKind::kConflict);
  EXPECT_EQ(s.response, "已整改");
  ASSERT_TRUE(ReviewSupervision(s, true, "", t));
  EXPECT_EQ(s.state, SupervisionState::kAccepted);
  EXPECT_FALSE(ReviewSupervision(s, false, "no", t));
  EXPECT_FALSE(Escalate(s, t, BusinessCalendar::Builtin()));
}

TEST(SupervisionTest, BadInputChangesNothing) {
  Supervision s = Open(SupervisionTier::kSystem);
  const Instant t = At("2026-11-23T10:00:00+08:00");
  auto empty = RespondToSupervision(s, "", 1, t);
  ASSERT_FALSE(empty);
  EXPECT_EQ(empty.error().kind, ErrorKind::kInvalidInput);
  EXPECT_EQ(s.state, SupervisionState::kOpen);
  auto early = ReviewSupervision(s, true, "", t);  // nothing to review yet
  ASSERT_FALSE(early);
  EXPECT_EQ(early.error().kind, ErrorKind::kConflict);
  ASSERT_TRUE(RespondToSupervision(s, "答", 1, t));
  auto no_reason = ReviewSupervision(s, false, "", t);
  ASSERT_FALSE(no_reason);
  EXPECT_EQ(no_reason.error().field, "note");
  EXPECT_EQ(s.state, SupervisionState::kResponded);
}

TEST(SupervisionTest, RejectionEscalatesToTheNextTier) {
  Supervision s = Open(SupervisionTier::kManual);
  const Instant t = At("2026-11-23T10:00:00+08:00");
  ASSERT_TRUE(RespondToSupervision(s, "答", 1, t));
  ASSERT_TRUE(ReviewSupervision(s, false, "未说明措施", t));
  EXPECT_EQ(s.state, SupervisionState::kRejected);
  auto up = Escalate(s, t, BusinessCalendar::Builtin());
  ASSERT_TRUE(up) << up.error().message;
  EXPECT_EQ(s.state, SupervisionState::kEscalated);
  EXPECT_EQ(s.lapsed_at, std::nullopt);  // rejected, not lapsed
  EXPECT_EQ(up->tier, SupervisionTier::kLeader);
  EXPECT_EQ(up->state, SupervisionState::kOpen);
  EXPECT_EQ(up->parent_id, 7);
  EXPECT_EQ(up->unit_id, 3);
  EXPECT_EQ(up->reason, "escalated");
  EXPECT_EQ(up->due_at, BusinessCalendar::Builtin().AddWorkingDays(t, 2));
  // Escalated is final: no response, no second escalation.
  EXPECT_FALSE(RespondToSupervision(s, "迟到的回复", 1, t));
  EXPECT_FALSE(Escalate(s, t, BusinessCalendar::Builtin()));
}

TEST(SupervisionTest, LapseEscalatesButTheInspectorIsTheTop) {
  Supervision s = Open(SupervisionTier::kLeader);
  const Instant late = s.due_at + std::chrono::minutes(1);
  auto up = Escalate(s, late, BusinessCalendar::Builtin());
  ASSERT_TRUE(up);
  EXPECT_EQ(s.lapsed_at, late);
  EXPECT_EQ(up->tier, SupervisionTier::kInspector);
  Supervision top = *up;
  auto none = Escalate(top, late, BusinessCalendar::Builtin());
  ASSERT_FALSE(none);
  EXPECT_EQ(none.error().code, "top_tier");
  EXPECT_EQ(top.state, SupervisionState::kOpen);
}

}  // namespace
}  // namespace hotline
