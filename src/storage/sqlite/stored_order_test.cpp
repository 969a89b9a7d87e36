// The packed row format (stored_order.h) and migration 18, which converts a
// database written before packing.
#include "storage/sqlite/stored_order.h"

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>

#include "storage/sqlite/migrations.h"
#include "storage/sqlite/queries.h"
#include "workorder/lifecycle.h"

namespace hotline {
namespace {

using json = nlohmann::json;
using sqlite::Connection;

class StoredOrderTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = std::filesystem::temp_directory_path() / "hotline_packed_XXXXXX";
    ASSERT_NE(mkdtemp(pattern.data()), nullptr);
    dir_ = pattern;
    auto db = Connection::Open((dir_ / "t.db").string(), {});
    ASSERT_TRUE(db.has_value()) << db.error().message;
    db_ = std::move(*db);
    ASSERT_TRUE(db_->Exec("PRAGMA foreign_keys = ON"));
  }
  void TearDown() override {
    db_.reset();
    std::error_code ignored;
    std::filesystem::remove_all(dir_, ignored);
  }

  // Brings the empty database to `version` as that release left it.
  void MigrateTo(int version) {
    ASSERT_TRUE(sqlite::CurrentSchemaVersion(*db_));
    for (const sqlite::Migration& m : sqlite::Migrations()) {
      if (m.version > version) break;
      ASSERT_TRUE(db_->Exec(m.sql)) << m.version;
      ASSERT_TRUE(
          db_->Exec(fmt::format("INSERT INTO schema_migrations(version) VALUES ({})", m.version)));
    }
  }

  std::string Text(std::string_view sql) {
    auto stmt = db_->Prepare(sql);
    EXPECT_TRUE(stmt.has_value()) << sql;
    if (!stmt) return "";
    auto row = stmt->Step();
    EXPECT_TRUE(row.has_value() && *row) << sql;
    return row && *row ? stmt->Text(0) : "";
  }

  std::filesystem::path dir_;
  std::unique_ptr<Connection> db_;
};

// An event by the platform's agent.
Event AgentEvent(std::int64_t seq, Action action, std::int64_t at_ms) {
  Event e;
  e.seq = seq;
  e.action = action;
  e.actor_id = 2;
  e.actor_name = "话务员";
  e.actor_role = Role::kAgent;
  e.unit_id = 1;
  e.at = Instant(std::chrono::milliseconds(at_ms));
  return e;
}

Event Intake() {
  Event e = AgentEvent(1, Action::kIntake, 1764120600000);
  e.payload = json{{"number", "2026112600001"},
                   {"channel", "phone"},
                   {"demand_type", "complaint"},
                   {"category_id", 7},
                   {"title", "夜间施工噪声"},
                   {"content", "来电人反映小区东门工地每晚十一点后仍在施工，噪声很大，影响休息。"},
                   {"address", "秦淮区中华路 100 号"},
                   {"caller_phone", "13900001111"},
                   {"caller_name", "刘女士"},
                   {"urgency", "normal"},
                   {"attachments", json::array()}};
  return e;
}

Event Dispatch() {
  Event e = AgentEvent(2, Action::kDispatch, 1764120900000);
  e.payload = json{{"lead_unit_id", 5}, {"assist_unit_ids", json::array({6})}, {"note", "请处理"}};
  e.state_after = State::kDispatched;
  return e;
}

TEST_F(StoredOrderTest, MigrationEighteenPacksAnOlderDatabaseKeepingEveryOrderAndEvent) {
  MigrateTo(17);
  WorkOrder order;
  const Event intake = Intake();
  Apply(order, intake);
  order.id = 1;
  json doc = OrderToDoc(order);
  doc["id"] = 1;
  // The row as version 17 wrote it: the whole document as JSON text.
  auto insert = db_->Prepare(
      "INSERT INTO orders(id, number, state, version, channel, demand_type, category_id,"
      " street_unit_id, lead_unit_id, enterprise, reopen_count, urgency, created_at, updated_at,"
      " closed_at, title, content, address, caller_phone, idempotency_key, upstream_id,"
      " request_hash, doc) VALUES (1, ?, 'pending_dispatch', 1, 'phone', 'complaint', 7, NULL,"
      " NULL, 0, 0, 'normal', ?, ?, NULL, ?, ?, ?, ?, NULL, NULL, 'h', ?)");
  ASSERT_TRUE(insert);
  ASSERT_TRUE(insert
                  ->BindAll(order.number, ToMillis(order.created_at), ToMillis(order.updated_at),
                            order.title, order.content, order.address, order.caller_phone,
                            DumpJson(doc))
                  .Run());
  auto event = db_->Prepare(
      "INSERT INTO order_events(order_id, seq, action, actor_id, actor_name, actor_role,"
      " unit_id, at, payload, state_after) VALUES (1, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  ASSERT_TRUE(event);
  for (const Event& e : {intake, Dispatch()}) {
    const EventRow row = EventToRow(e);
    ASSERT_TRUE(event
                    ->BindAll(row.seq, row.action, row.actor_id, row.actor_name, row.actor_role,
                              row.unit_id, row.at_ms, row.payload, row.state_after)
                    .Run());
  }
  ASSERT_TRUE(db_->Exec("INSERT INTO order_units VALUES (1, 5, 'lead')"));
  // Migrations journal to a file whatever the connection's setting (the
  // server's is MEMORY), and give the setting back.
  ASSERT_TRUE(db_->Exec("PRAGMA temp_store = MEMORY"));

  auto version = sqlite::ApplyMigrations(*db_);
  ASSERT_TRUE(version.has_value()) << version.error().message;
  EXPECT_EQ(*version, sqlite::LatestSchemaVersion());

  // Packed, and the document no longer repeats the column texts.
  EXPECT_EQ(Text("SELECT typeof(doc) FROM orders"), "blob");
  EXPECT_EQ(Text("SELECT group_concat(DISTINCT typeof(payload)) FROM order_events"), "blob");
  EXPECT_EQ(Text("SELECT instr(hotline_unpack(doc), '夜间施工') FROM orders"), "0");
  EXPECT_EQ(Text("SELECT json_extract(hotline_unpack(doc), '$.state') FROM orders"),
            "pending_dispatch");
  EXPECT_LT(std::stoi(Text("SELECT length(doc) FROM orders")), DumpJson(doc).size() / 3);

  // Everything reads back as it was written.
  auto loaded = sqlite::QueryOrder(*db_, 1);
  ASSERT_TRUE(loaded.has_value()) << loaded.error().message;
  ASSERT_TRUE(loaded->has_value());
  EXPECT_EQ(OrderToDoc(**loaded), OrderToDoc(order));
  auto events = sqlite::QueryEvents(*db_, 1);
  ASSERT_TRUE(events.has_value()) << events.error().message;
  ASSERT_EQ(events->size(), 2u);
  EXPECT_EQ((*events)[0].payload, intake.payload);
  EXPECT_EQ((*events)[1].payload, Dispatch().payload);
  EXPECT_EQ((*events)[1].state_after, State::kDispatched);

  // The rebuilt tables keep their indexes, their guards and their references.
  for (const char* index : {"orders_created", "orders_updated", "orders_state_created",
                            "orders_street_created", "orders_category_created", "orders_next_alarm",
                            "orders_long_pending", "orders_dissatisfied", "orders_caller_phone",
                            "orders_closed_lead", "order_events_action_at"})
    EXPECT_EQ(Text(fmt::format("SELECT COUNT(*) FROM sqlite_schema WHERE type = 'index'"
                               " AND name = '{}'",
                               index)),
              "1")
        << index;
  EXPECT_EQ(Text("SELECT COUNT(*) FROM sqlite_schema WHERE name LIKE '%_packed'"), "0");
  EXPECT_EQ(Text("SELECT strict FROM pragma_table_list WHERE name = 'orders'"), "1");
  EXPECT_FALSE(db_->Exec("UPDATE order_events SET actor_name = 'x'"));
  EXPECT_FALSE(db_->Exec("DELETE FROM order_events"));
  EXPECT_EQ(Text("PRAGMA foreign_keys"), "1");
  EXPECT_EQ(Text("PRAGMA temp_store"), "2");
  EXPECT_FALSE(db_->Exec(
      "INSERT INTO order_events VALUES (99, 1, 'intake', 1, 'a', 'agent', 1, 0, X'7B7D', 'x')"));
  EXPECT_FALSE(db_->Exec("UPDATE orders SET doc = 'text' WHERE id = 1"));
}

TEST_F(StoredOrderTest, DamagedDocumentsAndPayloadsAreReportedNotTrusted) {
  MigrateTo(sqlite::LatestSchemaVersion());
  WorkOrder order;
  Apply(order, Intake());
  auto doc = sqlite::PackOrderDoc(order, 1);
  ASSERT_TRUE(doc);
  auto insert = db_->Prepare(
      "INSERT INTO orders(id, number, state, version, channel, demand_type, category_id,"
      " enterprise, reopen_count, urgency, created_at, updated_at, title, content, address,"
      " caller_phone, request_hash, doc) VALUES (1, 'n', 'pending_dispatch', 1, 'phone',"
      " 'complaint', 7, 0, 0, 'normal', 0, 0, 't', 'c', 'a', 'p', 'h', ?)");
  ASSERT_TRUE(insert);
  ASSERT_TRUE(insert->BindAll(sqlite::BlobValue{*doc}).Run());
  ASSERT_TRUE(
      db_->Exec("INSERT INTO order_events VALUES (1, 1, 'intake', 1, 'a', 'agent', 1, 0,"
                " X'01FFFF', 'pending_dispatch')"));

  auto loaded = sqlite::QueryOrder(*db_, 1);
  ASSERT_TRUE(loaded.has_value()) << loaded.error().message;
  EXPECT_EQ((*loaded)->title, "t");  // the columns are authoritative
  EXPECT_EQ((*loaded)->content, "c");
  EXPECT_EQ((*loaded)->caller_phone, "p");

  auto events = sqlite::QueryEvents(*db_, 1);
  ASSERT_FALSE(events.has_value());
  EXPECT_EQ(events.error().code, "storage_error");

  ASSERT_TRUE(db_->Exec("UPDATE orders SET doc = X'02AABB' WHERE id = 1"));
  auto damaged = sqlite::QueryOrder(*db_, 1);
  ASSERT_FALSE(damaged.has_value());
  EXPECT_EQ(damaged.error().code, "storage_error");
  EXPECT_FALSE(db_->Exec("SELECT hotline_unpack(doc) FROM orders"));
}

// Migration 19 fills the work-list columns from the documents exactly as
// the writer fills them from the order (WorkListColumnsOf).
TEST_F(StoredOrderTest, MigrationNineteenFillsTheWorkListColumnsAsTheWriterWould) {
  MigrateTo(18);
  const Instant t = Instant(std::chrono::milliseconds(1764120600000));
  std::vector<WorkOrder> orders(5);
  for (WorkOrder& o : orders) Apply(o, Intake());
  orders[0].deadlines.sign = StepDeadline{t, t, /*warned=*/true, /*overdue=*/true};
  orders[1].deadlines.handle = StepDeadline{t, t, /*warned=*/true, /*overdue=*/false};
  orders[2].pending = PendingApplication{Action::kExtend, 5, t, json::object()};
  orders[2].collab.whistles.resize(2);
  orders[3].deadlines.handle = StepDeadline{t, t, /*warned=*/false, /*overdue=*/false};
  // orders[4]: nothing to flag.
  auto insert = db_->Prepare(
      "INSERT INTO orders(id, number, state, version, channel, demand_type, category_id,"
      " enterprise, reopen_count, urgency, created_at, updated_at, title, content, address,"
      " caller_phone, request_hash, doc) VALUES (?, ?, 'handling', 1, 'phone',"
      " 'complaint', 7, 0, 0, 'normal', 0, 0, 't', 'c', 'a', 'p', 'h', ?)");
  ASSERT_TRUE(insert);
  for (std::size_t i = 0; i < orders.size(); ++i) {
    auto doc = sqlite::PackOrderDoc(orders[i], static_cast<OrderId>(i + 1));
    ASSERT_TRUE(doc);
    ASSERT_TRUE(insert
                    ->BindAll(static_cast<std::int64_t>(i + 1), fmt::format("n{}", i),
                              sqlite::BlobValue{*doc})
                    .Run());
  }
  ASSERT_TRUE(sqlite::ApplyMigrations(*db_));

  auto rows = db_->Prepare("SELECT step_alarm, pending_kind, whistles FROM orders ORDER BY id");
  ASSERT_TRUE(rows);
  for (const WorkOrder& o : orders) {
    auto row = rows->Step();
    ASSERT_TRUE(row.has_value() && *row);
    const sqlite::WorkListColumns expected = sqlite::WorkListColumnsOf(o);
    EXPECT_EQ(rows->OptInt(0), expected.step_alarm);
    EXPECT_EQ(rows->OptText(1), expected.pending_kind);
    EXPECT_EQ(rows->OptInt(2), expected.whistles);
  }
  // And the expectations themselves, so that both cannot drift together.
  EXPECT_EQ(sqlite::WorkListColumnsOf(orders[0]).step_alarm, sqlite::kStepOverdue);
  EXPECT_EQ(sqlite::WorkListColumnsOf(orders[1]).step_alarm, sqlite::kStepDueSoon);
  EXPECT_EQ(sqlite::WorkListColumnsOf(orders[2]).pending_kind, "extend");
  EXPECT_EQ(sqlite::WorkListColumnsOf(orders[2]).whistles, 2);
  EXPECT_FALSE(sqlite::WorkListColumnsOf(orders[3]).step_alarm.has_value());
  EXPECT_FALSE(sqlite::WorkListColumnsOf(orders[4]).pending_kind.has_value());
  for (const char* index : {"orders_step_alarm", "orders_pending_kind", "orders_whistles"})
    EXPECT_EQ(Text(fmt::format("SELECT COUNT(*) FROM sqlite_schema WHERE name = '{}'", index)), "1")
        << index;
}

TEST(OrderRowColumnsTest, NamesTheColumnsOrderFromRowReads) {
  EXPECT_EQ(sqlite::OrderRowColumns(), "id, doc, title, content, address, caller_phone");
  EXPECT_EQ(sqlite::OrderRowColumns("p"),
            "p.id, p.doc, p.title, p.content, p.address, p.caller_phone");
}

}  // namespace
}  // namespace hotline
