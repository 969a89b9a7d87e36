// Warning letter storage on a real SQLite file: numbering per day, the round
// trip of every field, filters, scope, per-unit counts and paging, and the
// notification issued with a letter.
#include "storage/sqlite/warning_queries.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>

#include "common/time_format.h"
#include "service/warning_ops.h"
#include "storage/sqlite/test_database.h"

namespace hotline {
namespace {

Instant At(std::string_view text) { return *ParseRfc3339(text); }

class WarningStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto store = test_db_.Open();
    ASSERT_TRUE(store) << store.error().message;
    store_ = std::move(*store);
    ASSERT_TRUE(store_->Write([&](WriteTxn& t) -> Result<void> {
      platform_ = *t.InsertUnit({0, "P", "平台", UnitKind::kPlatform, std::nullopt});
      a_ = *t.InsertUnit({0, "A", "甲街道", UnitKind::kStreet, platform_});
      b_ = *t.InsertUnit({0, "B", "乙街道", UnitKind::kStreet, platform_});
      return {};
    }));
  }
  void TearDown() override { store_.reset(); }

  WarningLetter Issue(UnitId unit, WarningKind kind, Instant at) {
    WarningLetter w;
    w.unit_id = unit;
    w.kind = kind;
    w.subject = "超期工单较多";
    w.text = "请说明原因并整改";
    w.order_ids = {11, 12};
    w.issued_by = 4;
    w.issued_at = at;
    w.reply_due_at = WarningReplyDue(at, BusinessCalendar::Builtin());
    WarningLetter out;
    auto r = store_->Write([&](WriteTxn& t) -> Result<void> {
      auto issued = IssueWarningLetter(t, w, at);
      if (!issued) return Fail(issued.error());
      out = std::move(*issued);
      return {};
    });
    EXPECT_TRUE(r) << r.error().message;
    return out;
  }

  TestDatabase test_db_;  // before store_: outlives it
  std::unique_ptr<Store> store_;
  UnitId platform_ = 0, a_ = 0, b_ = 0;
};

TEST_F(WarningStoreTest, NumbersPerDayAndRoundTrips) {
  const Instant day1 = At("2026-11-26T10:00:00+08:00");
  const WarningLetter first = Issue(a_, WarningKind::kOverdue, day1);
  const WarningLetter second = Issue(b_, WarningKind::kHotSpot, day1);
  const WarningLetter next_day =
      Issue(a_, WarningKind::kDissatisfaction, At("2026-11-27T10:00:00+08:00"));
  EXPECT_EQ(first.number, "YJ2026112600001");
  EXPECT_EQ(second.number, "YJ2026112600002");
  EXPECT_EQ(next_day.number, "YJ2026112700001");

  auto loaded = store_->GetWarningLetter(first.id);
  ASSERT_TRUE(loaded && *loaded);
  const WarningLetter& w = **loaded;
  EXPECT_EQ(w.unit_id, a_);
  EXPECT_EQ(w.kind, WarningKind::kOverdue);
  EXPECT_EQ(w.subject, "超期工单较多");
  EXPECT_EQ(w.text, "请说明原因并整改");
  EXPECT_EQ(w.order_ids, (std::vector<OrderId>{11, 12}));
  EXPECT_EQ(w.issued_by, 4);
  EXPECT_EQ(w.issued_at, day1);
  EXPECT_EQ(w.reply_due_at, first.reply_due_at);
  EXPECT_EQ(w.state, WarningState::kIssued);
  EXPECT_FALSE(w.replied_at);
  EXPECT_EQ(w.rounds, 0);
  auto missing = store_->GetWarningLetter(999);
  ASSERT_TRUE(missing);
  EXPECT_FALSE(*missing);

  // The warned unit was notified in the same transaction.
  NotificationQuery q;
  q.unit_ids = {a_};
  auto notes = store_->ListNotifications(q);
  ASSERT_TRUE(notes);
  ASSERT_EQ(notes->size(), 2u);
  EXPECT_EQ((*notes)[1].kind, "warning");
  EXPECT_NE((*notes)[1].title.find(first.number), std::string::npos);

  // Reply, return, reply, accept: the mutable fields survive storage.
  ASSERT_TRUE(store_->Write([&](WriteTxn& t) -> Result<void> {
    auto l = t.LoadWarningLetter(first.id);
    if (!l) return Fail(l.error());
    WarningLetter x = **l;
    if (auto r = ReplyToWarning(x, "已整改", 9, day1); !r) return r;
    if (auto r = ReviewWarningReply(x, false, "不具体", 4, day1); !r) return r;
    if (auto r = ReplyToWarning(x, "已整改完毕", 9, day1); !r) return r;
    if (auto r = ReviewWarningReply(x, true, "", 4, day1); !r) return r;
    return t.UpdateWarningLetter(x);
  }));
  loaded = store_->GetWarningLetter(first.id);
  ASSERT_TRUE(loaded && *loaded);
  EXPECT_EQ((*loaded)->state, WarningState::kClosed);
  EXPECT_EQ((*loaded)->reply, "已整改完毕");
  EXPECT_EQ((*loaded)->replied_by, 9);
  EXPECT_EQ((*loaded)->rounds, 1);
  EXPECT_EQ((*loaded)->closed_by, 4);
  EXPECT_EQ((*loaded)->closed_at, day1);
  EXPECT_EQ((*loaded)->reviewed_at, day1);

  WarningLetter ghost = w;
  ghost.id = 999;
  auto update = store_->Write([&](WriteTxn& t) { return t.UpdateWarningLetter(ghost); });
  ASSERT_FALSE(update);
  EXPECT_EQ(update.error().kind, ErrorKind::kNotFound);
}

TEST_F(WarningStoreTest, ListsWithFiltersScopeCountsAndPaging) {
  const Instant t = At("2026-11-26T10:00:00+08:00");
  const WarningLetter a1 = Issue(a_, WarningKind::kOverdue, t);
  const WarningLetter a2 = Issue(a_, WarningKind::kHotSpot, t);
  const WarningLetter b1 = Issue(b_, WarningKind::kOverdue, t);
  ASSERT_TRUE(store_->Write([&](WriteTxn& txn) -> Result<void> {
    WarningLetter x = a1;
    if (auto r = ReplyToWarning(x, "已整改", 9, t); !r) return r;
    if (auto r = ReviewWarningReply(x, true, "", 4, t); !r) return r;
    return txn.UpdateWarningLetter(x);
  }));

  WarningLetterFilter all;
  auto page = store_->ListWarningLetters(all);
  ASSERT_TRUE(page);
  EXPECT_EQ(page->total, 3);
  ASSERT_EQ(page->items.size(), 3u);
  EXPECT_EQ(page->items[0].id, b1.id);  // newest first
  ASSERT_EQ(page->by_unit.size(), 2u);
  EXPECT_EQ(page->by_unit[0].unit_id, a_);
  EXPECT_EQ(page->by_unit[0].count, 2);
  EXPECT_EQ(page->by_unit[0].open, 1);
  EXPECT_EQ(page->by_unit[1].unit_id, b_);
  EXPECT_EQ(page->by_unit[1].open, 1);

  WarningLetterFilter overdue_kind;
  overdue_kind.kind = WarningKind::kOverdue;
  overdue_kind.state = WarningState::kIssued;
  page = store_->ListWarningLetters(overdue_kind);
  ASSERT_TRUE(page);
  ASSERT_EQ(page->total, 1);
  EXPECT_EQ(page->items[0].id, b1.id);

  WarningLetterFilter scoped;
  scoped.scope_unit_ids = std::vector<UnitId>{a_};
  scoped.limit = 1;
  scoped.offset = 1;
  page = store_->ListWarningLetters(scoped);
  ASSERT_TRUE(page);
  EXPECT_EQ(page->total, 2);
  ASSERT_EQ(page->items.size(), 1u);
  EXPECT_EQ(page->items[0].id, a1.id);
  ASSERT_EQ(page->by_unit.size(), 1u);

  WarningLetterFilter by_unit;
  by_unit.unit_id = b_;
  page = store_->ListWarningLetters(by_unit);
  ASSERT_TRUE(page);
  EXPECT_EQ(page->total, 1);
  (void)a2;

  WarningLetterFilter nothing;
  nothing.scope_unit_ids = std::vector<UnitId>{};
  page = store_->ListWarningLetters(nothing);
  ASSERT_TRUE(page);
  EXPECT_EQ(page->total, 0);
  EXPECT_TRUE(page->items.empty());
}

}  // namespace
}  // namespace hotline
