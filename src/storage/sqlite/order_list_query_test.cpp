// The order list's filters as SQLite plans them: the lookups that pages make
// on every screen pop and keystroke must use an index, not scan the orders.
#include <gtest/gtest.h>

#include <string>

#include "storage/sqlite/connection.h"
#include "storage/sqlite/test_database.h"

namespace hotline {
namespace {

std::string Plan(sqlite::Connection& db, const std::string& sql) {
  auto stmt = db.Prepare("EXPLAIN QUERY PLAN " + sql);
  EXPECT_TRUE(stmt.has_value());
  std::string plan;
  while (stmt && stmt->Step().value_or(false)) plan += std::string(stmt->Text(3)) + "\n";
  return plan;
}

TEST(OrderListQueryTest, TheCallersHistoryUsesTheNumberIndex) {
  TestDatabase database;
  auto store = database.Open();
  ASSERT_TRUE(store) << store.error().message;
  auto raw = sqlite::Connection::Open(database.path(), {.read_only = true});
  ASSERT_TRUE(raw) << raw.error().message;
  const std::string plan = Plan(
      **raw,
      "SELECT o.id FROM orders o WHERE o.caller_phone = '13912345678' ORDER BY o.created_at DESC");
  EXPECT_NE(plan.find("orders_caller_phone"), std::string::npos) << plan;
  EXPECT_EQ(plan.find("SCAN o\n"), std::string::npos) << plan;
}

}  // namespace
}  // namespace hotline
