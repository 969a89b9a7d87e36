// Warning letter (预警函) codes, reply deadline and state transitions,
// without storage.
#include "workorder/warning_letter.h"

#include <gtest/gtest.h>

#include "common/time_format.h"

namespace hotline {
namespace {

Instant At(std::string_view text) { return *ParseRfc3339(text); }

WarningLetter Issued() {
  WarningLetter w;
  w.id = 5;
  w.unit_id = 3;
  w.kind = WarningKind::kOverdue;
  w.issued_at = At("2026-11-23T09:00:00+08:00");  // a Monday
  w.reply_due_at = WarningReplyDue(w.issued_at, BusinessCalendar::Builtin());
  return w;
}

TEST(WarningLetterTest, CodesRoundTrip) {
  for (auto kind : {WarningKind::kOverdue, WarningKind::kDissatisfaction, WarningKind::kHotSpot,
                    WarningKind::kOther}) {
    EXPECT_EQ(ParseWarningKind(WarningKindCode(kind)), kind);
    EXPECT_FALSE(WarningKindName(kind).empty());
  }
  for (auto state : {WarningState::kIssued, WarningState::kReplied, WarningState::kClosed})
    EXPECT_EQ(ParseWarningState(WarningStateCode(state)), state);
  EXPECT_EQ(ParseWarningKind("hot_spot"), WarningKind::kHotSpot);
  EXPECT_EQ(ParseWarningKind("bogus"), std::nullopt);
  EXPECT_EQ(ParseWarningState("returned"), std::nullopt);
}

TEST(WarningLetterTest, ReplyIsDueInThreeWorkingDays) {
  const WarningLetter w = Issued();
  EXPECT_EQ(FormatRfc3339(w.reply_due_at), "2026-11-26T09:00:00+08:00");
  // Over a weekend: Friday → the next Wednesday.
  EXPECT_EQ(
      FormatRfc3339(WarningReplyDue(At("2026-11-27T10:00:00+08:00"), BusinessCalendar::Builtin())),
      "2026-12-02T10:00:00+08:00");
  EXPECT_FALSE(ReplyOverdue(w, At("2026-11-26T09:00:00+08:00")));
  EXPECT_TRUE(ReplyOverdue(w, At("2026-11-26T09:00:01+08:00")));
}

TEST(WarningLetterTest, ReplyReturnReplyAccept) {
  WarningLetter w = Issued();
  const Instant t1 = At("2026-11-24T10:00:00+08:00");
  EXPECT_EQ(ReplyToWarning(w, "", 9, t1).error().kind, ErrorKind::kInvalidInput);
  EXPECT_EQ(ReviewWarningReply(w, true, "", 2, t1).error().kind, ErrorKind::kConflict);
  ASSERT_TRUE(ReplyToWarning(w, "已部署整改", 9, t1));
  EXPECT_EQ(w.state, WarningState::kReplied);
  EXPECT_EQ(w.reply, "已部署整改");
  EXPECT_EQ(w.replied_by, 9);
  EXPECT_EQ(w.replied_at, t1);
  EXPECT_EQ(ReplyToWarning(w, "再次", 9, t1).error().kind, ErrorKind::kConflict);

  // Returning needs a reason; then the letter waits for another reply.
  EXPECT_EQ(ReviewWarningReply(w, false, "", 2, t1).error().kind, ErrorKind::kInvalidInput);
  EXPECT_EQ(w.state, WarningState::kReplied);
  ASSERT_TRUE(ReviewWarningReply(w, false, "未说明整改时限", 2, t1));
  EXPECT_EQ(w.state, WarningState::kIssued);
  EXPECT_EQ(w.rounds, 1);
  EXPECT_EQ(w.review_note, "未说明整改时限");
  EXPECT_FALSE(w.closed_at);

  const Instant t2 = At("2026-11-25T10:00:00+08:00");
  ASSERT_TRUE(ReplyToWarning(w, "本周五前完成整改", 9, t2));
  ASSERT_TRUE(ReviewWarningReply(w, true, "", 2, t2));
  EXPECT_EQ(w.state, WarningState::kClosed);
  EXPECT_EQ(w.closed_at, t2);
  EXPECT_EQ(w.closed_by, 2);
  EXPECT_EQ(w.rounds, 1);
  // A closed letter is never overdue and takes nothing more.
  EXPECT_FALSE(ReplyOverdue(w, At("2027-01-01T00:00:00+08:00")));
  EXPECT_EQ(ReplyToWarning(w, "x", 9, t2).error().kind, ErrorKind::kConflict);
  EXPECT_EQ(ReviewWarningReply(w, false, "x", 2, t2).error().kind, ErrorKind::kConflict);
}

}  // namespace
}  // namespace hotline
