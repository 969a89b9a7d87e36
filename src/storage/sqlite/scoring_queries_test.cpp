// Scoring rules storage on a real SQLite file: versions count up, the newest
// is in force, and a failed write keeps nothing.
#include "storage/sqlite/scoring_queries.h"

#include <gtest/gtest.h>

#include "common/time_format.h"
#include "storage/sqlite/test_database.h"

namespace hotline {
namespace {

TEST(ScoringRulesStoreTest, NewestVersionIsInForce) {
  TestDatabase db;
  auto store = db.Open();
  ASSERT_TRUE(store) << store.error().message;
  auto none = (*store)->GetScoringRules();
  ASSERT_TRUE(none);
  EXPECT_FALSE(*none);

  const Instant at = *ParseRfc3339("2026-03-01T09:00:00+08:00");
  std::int64_t first = 0, second = 0;
  ASSERT_TRUE((*store)->Write([&](WriteTxn& t) -> Result<void> {
    first = *t.InsertScoringRules(R"({"v":1})", at, std::nullopt);
    second = *t.InsertScoringRules(R"({"v":2})", at, 7);
    return {};
  }));
  EXPECT_EQ(first, 1);
  EXPECT_EQ(second, 2);
  // A write that fails after inserting leaves the rules as they were.
  auto failed = (*store)->Write([&](WriteTxn& t) -> Result<void> {
    if (auto v = t.InsertScoringRules(R"({"v":3})", at, 7); !v) return Fail(v.error());
    return Fail(ErrorKind::kBusinessRule, "test", "回滚");
  });
  EXPECT_FALSE(failed);
  auto current = (*store)->GetScoringRules();
  ASSERT_TRUE(current && *current);
  EXPECT_EQ((*current)->first, 2);
  EXPECT_EQ((*current)->second, R"({"v":2})");
}

TEST(ScoringRulesStoreTest, RulesInForceAtAnInstant) {
  TestDatabase db;
  auto store = db.Open();
  ASSERT_TRUE(store) << store.error().message;
  const Instant march = *ParseRfc3339("2026-03-01T09:00:00+08:00");
  const Instant june = *ParseRfc3339("2026-06-01T09:00:00+08:00");
  auto none = (*store)->GetScoringRulesAt(march);
  ASSERT_TRUE(none);
  EXPECT_FALSE(*none);
  ASSERT_TRUE((*store)->Write([&](WriteTxn& t) -> Result<void> {
    EXPECT_EQ(*t.InsertScoringRules(R"({"v":1})", march, std::nullopt), 1);
    EXPECT_EQ(*t.InsertScoringRules(R"({"v":2})", june, 7), 2);
    return {};
  }));
  auto version_at = [&](std::string_view text) -> std::int64_t {
    auto r = (*store)->GetScoringRulesAt(*ParseRfc3339(text));
    EXPECT_TRUE(r && *r);
    return r && *r ? (*r)->first : -1;
  };
  // Before the first save: the oldest version; at a save's instant: that save.
  EXPECT_EQ(version_at("2025-12-31T23:59:59+08:00"), 1);
  EXPECT_EQ(version_at("2026-03-01T09:00:00+08:00"), 1);
  EXPECT_EQ(version_at("2026-05-31T23:59:59+08:00"), 1);
  EXPECT_EQ(version_at("2026-06-01T09:00:00+08:00"), 2);
  EXPECT_EQ(version_at("2027-01-01T00:00:00+08:00"), 2);
  auto at_june = (*store)->GetScoringRulesAt(june);
  ASSERT_TRUE(at_june && *at_june);
  EXPECT_EQ((*at_june)->second, R"({"v":2})");

  auto exact = (*store)->GetScoringRulesVersion(1);
  ASSERT_TRUE(exact && *exact);
  EXPECT_EQ((*exact)->second, R"({"v":1})");
  auto unknown = (*store)->GetScoringRulesVersion(3);
  ASSERT_TRUE(unknown);
  EXPECT_FALSE(*unknown);
}

}  // namespace
}  // namespace hotline
