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

}  // namespace
}  // namespace hotline
