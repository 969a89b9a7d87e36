// The duplicate index's side table on a real SQLite file: rows round-trip,
// the window filters them, a failed write keeps none, and orders without a
// row are found for the backfill at start.
#include "storage/sqlite/duplicate_queries.h"

#include <gtest/gtest.h>

#include "storage/order_doc.h"
#include "storage/sqlite/test_database.h"
#include "workorder/lifecycle.h"

namespace hotline {
namespace {

using nlohmann::json;

constexpr std::int64_t kDay = 24LL * 3600 * 1000;
constexpr std::int64_t kT0 = 1764120600000;  // 2025-11-26 01:30 UTC

// A new order taken at kT0 + `day` days, inserted in `txn`.
Result<WorkOrder> InsertOrder(WriteTxn& txn, const std::string& title, int day) {
  auto number = txn.NextOrderNumber("20261126");
  if (!number) return Fail(number.error());
  Event intake;
  intake.seq = 1;
  intake.at = Instant(std::chrono::milliseconds(kT0 + day * kDay));
  intake.payload = json{{"number", *number},
                        {"channel", "phone"},
                        {"demand_type", "help"},
                        {"category_id", 1},
                        {"title", title},
                        {"content", "小区门口烧烤摊油烟很大，晚上无法开窗"},
                        {"address", "中华路 100 号"},
                        {"caller_phone", "13800000000"},
                        {"urgency", "normal"},
                        {"attachments", json::array()}};
  WorkOrder order;
  Apply(order, intake);
  auto id = txn.InsertOrder(order, intake, "hash");
  if (!id) return Fail(id.error());
  order.id = *id;
  return order;
}

DuplicateEntry EntryOf(const WorkOrder& o) {
  DuplicateEntry e;
  e.order_id = o.id;
  e.created_ms = ToMillis(o.created_at);
  e.caller_key = CallerKey(o.caller_phone);
  e.address_key = AddressKey(o.address);
  e.community_id = 9;
  e.category_id = o.category_id;
  if (auto sig = TextSignature(o.title, o.content)) {
    e.signature = *sig;
    e.has_text = true;
  }
  return e;
}

TEST(DuplicateStoreTest, RowsRoundTripWithinTheWindow) {
  TestDatabase db;
  auto store = db.Open();
  ASSERT_TRUE(store) << store.error().message;
  std::vector<WorkOrder> orders;
  ASSERT_TRUE((*store)->Write([&](WriteTxn& t) -> Result<void> {
    for (int day : {0, 10, 20}) {
      auto o = InsertOrder(t, "烧烤油烟扰民", day);
      if (!o) return Fail(o.error());
      if (auto r = t.SaveDuplicateEntry(EntryOf(*o)); !r) return r;
      orders.push_back(*o);
    }
    return {};
  }));
  auto all = (*store)->ListDuplicateEntries(0, 0, 1000);
  ASSERT_TRUE(all) << all.error().message;
  ASSERT_EQ(all->size(), 3u);
  const DuplicateEntry want = EntryOf(orders[1]);
  const DuplicateEntry& got = (*all)[1];
  EXPECT_EQ(got.order_id, want.order_id);
  EXPECT_EQ(got.created_ms, want.created_ms);
  EXPECT_EQ(got.caller_key, want.caller_key) << "64-bit keys survive signed columns";
  EXPECT_EQ(got.address_key, want.address_key);
  EXPECT_EQ(got.community_id, 9);
  EXPECT_TRUE(got.has_text);
  EXPECT_EQ(got.signature, want.signature);

  auto recent = (*store)->ListDuplicateEntries(kT0 + 5 * kDay, 0, 1000);
  ASSERT_TRUE(recent);
  ASSERT_EQ(recent->size(), 2u);
  EXPECT_EQ((*recent)[0].order_id, orders[1].id);
  auto count = (*store)->CountDuplicateEntries(kT0 + 5 * kDay);
  ASSERT_TRUE(count);
  EXPECT_EQ(*count, 2);

  // Pages by order id: after the first order, one at a time.
  auto page = (*store)->ListDuplicateEntries(0, orders[0].id, 1);
  ASSERT_TRUE(page);
  ASSERT_EQ(page->size(), 1u);
  EXPECT_EQ((*page)[0].order_id, orders[1].id);
  page = (*store)->ListDuplicateEntries(0, orders[2].id, 1);
  ASSERT_TRUE(page);
  EXPECT_TRUE(page->empty());

  // A changed text replaces the row; a text without content has no signature.
  DuplicateEntry blank = want;
  blank.has_text = false;
  ASSERT_TRUE((*store)->Write([&](WriteTxn& t) { return t.SaveDuplicateEntry(blank); }));
  all = (*store)->ListDuplicateEntries(0, 0, 1000);
  ASSERT_TRUE(all);
  ASSERT_EQ(all->size(), 3u);
  EXPECT_FALSE((*all)[1].has_text);
}

TEST(DuplicateStoreTest, FailedWriteKeepsNoRowAndMissingRowsAreFound) {
  TestDatabase db;
  auto store = db.Open();
  ASSERT_TRUE(store) << store.error().message;
  auto failed = (*store)->Write([&](WriteTxn& t) -> Result<void> {
    auto o = InsertOrder(t, "回滚的工单", 0);
    if (!o) return Fail(o.error());
    if (auto r = t.SaveDuplicateEntry(EntryOf(*o)); !r) return r;
    return Fail(ErrorKind::kBusinessRule, "test", "回滚");
  });
  EXPECT_FALSE(failed);
  auto none = (*store)->ListDuplicateEntries(0, 0, 1000);
  ASSERT_TRUE(none);
  EXPECT_TRUE(none->empty());

  // Orders written without a row (older data) are listed for the backfill,
  // within the window only, until they get one.
  std::vector<WorkOrder> orders;
  ASSERT_TRUE((*store)->Write([&](WriteTxn& t) -> Result<void> {
    for (int day : {0, 10, 20}) {
      auto o = InsertOrder(t, "没有签名的工单", day);
      if (!o) return Fail(o.error());
      orders.push_back(*o);
    }
    return t.SaveDuplicateEntry(EntryOf(orders[2]));
  }));
  auto missing = (*store)->ListOrdersWithoutDuplicateEntry(
      Instant(std::chrono::milliseconds(kT0 + 5 * kDay)), 10);
  ASSERT_TRUE(missing) << missing.error().message;
  ASSERT_EQ(missing->size(), 1u);
  EXPECT_EQ((*missing)[0].id, orders[1].id);
  EXPECT_EQ((*missing)[0].title, "没有签名的工单");

  // Oldest first by creation, not by id (imported orders arrive out of
  // order), so a backfill can go on from the last batch's newest order.
  ASSERT_TRUE((*store)->Write([&](WriteTxn& t) -> Result<void> {
    for (int day : {15, 12}) {
      auto o = InsertOrder(t, "补录的工单", day);
      if (!o) return Fail(o.error());
      orders.push_back(*o);
    }
    return {};
  }));
  auto oldest_first = (*store)->ListOrdersWithoutDuplicateEntry(
      Instant(std::chrono::milliseconds(kT0 + 5 * kDay)), 2);
  ASSERT_TRUE(oldest_first);
  ASSERT_EQ(oldest_first->size(), 2u);
  EXPECT_EQ((*oldest_first)[0].id, orders[1].id);  // day 10
  EXPECT_EQ((*oldest_first)[1].id, orders[4].id);  // day 12
  auto rest = (*store)->ListOrdersWithoutDuplicateEntry((*oldest_first)[1].created_at, 2);
  ASSERT_TRUE(rest);
  ASSERT_EQ(rest->size(), 2u);
  EXPECT_EQ((*rest)[0].id, orders[4].id);  // still without a row: listed again
  EXPECT_EQ((*rest)[1].id, orders[3].id);  // day 15
}

}  // namespace
}  // namespace hotline
