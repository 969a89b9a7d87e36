// SQLite-specific behaviour: migrations, configuration, the group-commit
// writer's batch semantics and crash durability. The backend-neutral
// behaviour is in storage/store_contract_test.cpp.
#include "storage/sqlite/sqlite_store.h"

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <set>
#include <thread>

#include "storage/sqlite/connection.h"
#include "storage/sqlite/group_commit.h"
#include "storage/sqlite/migrations.h"
#include "storage/sqlite/test_database.h"
#include "storage/sqlite/write_txn.h"
#include "workorder/lifecycle.h"

namespace hotline {
namespace {

using json = nlohmann::json;
using sqlite::Connection;
using sqlite::GroupCommitWriter;

class SqliteStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = std::filesystem::temp_directory_path() / "hotline_sqlite_XXXXXX";
    ASSERT_NE(mkdtemp(pattern.data()), nullptr);
    dir_ = pattern;
    path_ = (dir_ / "hotline.db").string();
  }
  void TearDown() override {
    std::error_code ignored;
    std::filesystem::remove_all(dir_, ignored);
  }

  std::unique_ptr<Store> OpenStore(SqliteOptions options = {}) {
    options.path = path_;
    auto store = OpenSqliteStore(options);
    EXPECT_TRUE(store.has_value()) << store.error().message;
    return store.has_value() ? std::move(*store) : nullptr;
  }

  // A raw connection for inspecting or disturbing the file from outside.
  std::unique_ptr<Connection> Raw(int busy_timeout_ms = 5000) {
    auto db = Connection::Open(path_, {.read_only = false, .busy_timeout_ms = busy_timeout_ms});
    EXPECT_TRUE(db.has_value());
    return db.has_value() ? std::move(*db) : nullptr;
  }

  std::string QueryText(Connection& db, std::string_view sql) {
    auto stmt = db.Prepare(sql);
    EXPECT_TRUE(stmt.has_value());
    auto row = stmt->Step();
    EXPECT_TRUE(row.has_value() && *row);
    return stmt->Text(0);
  }

  // A migrated writer as the store builds it, for driving batches directly.
  std::unique_ptr<GroupCommitWriter> Writer(int max_batch = 256) {
    EXPECT_TRUE(MigrateSqlite(path_).has_value());
    auto db = Raw();
    EXPECT_TRUE(db->Exec("PRAGMA foreign_keys = ON").has_value());
    return std::make_unique<GroupCommitWriter>(std::move(db), max_batch);
  }

  std::filesystem::path dir_;
  std::string path_;
};

// Options differing from the defaults by `change`.
template <typename Change>
SqliteOptions With(Change change) {
  SqliteOptions options;
  change(options);
  return options;
}

// A minimal new order titled `title`, inserted in `txn`.
Result<OrderId> InsertOrder(WriteTxn& txn, const std::string& title) {
  auto number = txn.NextOrderNumber("20261126");
  if (!number) return Fail(number.error());
  Event intake;
  intake.seq = 1;
  intake.at = Instant(std::chrono::milliseconds(1764120600000));
  intake.payload = json{{"number", *number}, {"channel", "phone"},  {"demand_type", "help"},
                        {"category_id", 1},  {"title", title},      {"content", "内容"},
                        {"address", "地址"}, {"urgency", "normal"}, {"attachments", json::array()}};
  WorkOrder order;
  Apply(order, intake);
  return txn.InsertOrder(order, intake, "hash");
}

Result<void> InsertOrderWork(WriteTxn& txn, const std::string& title) {
  auto id = InsertOrder(txn, title);
  if (!id) return Fail(id.error());
  return {};
}

std::set<std::string> Titles(Store& store) {
  OrderFilter all;
  all.limit = 1'000'000;
  std::set<std::string> titles;
  auto page = store.ListOrders(all);
  EXPECT_TRUE(page.has_value());
  if (page.has_value())
    for (const WorkOrder& o : page->items) titles.insert(o.title);
  return titles;
}

// Holds the writer with one item while `rest` queue up behind it in order,
// so that `rest` then run as exactly one batch. Returns their results.
std::vector<Result<void>> RunAsOneBatch(GroupCommitWriter& writer,
                                        const std::vector<GroupCommitWriter::Work>& rest) {
  std::atomic<bool> holding{false};
  GroupCommitWriter::Work hold = [&](WriteTxn&) -> Result<void> {
    holding = true;
    while (writer.QueueDepth() < rest.size()) std::this_thread::yield();
    return {};
  };
  std::thread holder([&] { EXPECT_TRUE(writer.Submit(hold).has_value()); });
  while (!holding) std::this_thread::yield();
  std::vector<Result<void>> results(rest.size());
  std::vector<std::thread> callers;
  for (std::size_t i = 0; i < rest.size(); ++i) {
    callers.emplace_back([&, i] { results[i] = writer.Submit(rest[i]); });
    // Keeps the order. Not after the last one: the holder lets go then, and
    // the writer may empty the queue before we could look.
    if (i + 1 < rest.size())
      while (writer.QueueDepth() < i + 1) std::this_thread::yield();
  }
  holder.join();
  for (auto& t : callers) t.join();
  return results;
}

TEST_F(SqliteStoreTest, MigrateRecordsEachVersionOnce) {
  auto first = MigrateSqlite(path_);
  ASSERT_TRUE(first.has_value()) << first.error().message;
  EXPECT_EQ(*first, sqlite::LatestSchemaVersion());
  auto again = MigrateSqlite(path_);
  ASSERT_TRUE(again.has_value());
  EXPECT_EQ(*again, *first);
  auto store = OpenStore();
  store.reset();
  auto raw = Raw();
  EXPECT_EQ(QueryText(*raw, "SELECT COUNT(*) || '/' || MAX(version) FROM schema_migrations"),
            fmt::format("{}/{}", sqlite::Migrations().size(), sqlite::LatestSchemaVersion()));
}

TEST_F(SqliteStoreTest, RefusesADatabaseFromANewerBinary) {
  ASSERT_TRUE(MigrateSqlite(path_).has_value());
  ASSERT_TRUE(Raw()->Exec("INSERT INTO schema_migrations(version) VALUES (999)").has_value());
  auto store = OpenSqliteStore(SqliteOptions{.path = path_});
  ASSERT_FALSE(store.has_value());
  EXPECT_EQ(store.error().code, "schema_too_new");
  EXPECT_NE(store.error().message.find("999"), std::string::npos);
  auto migrated = MigrateSqlite(path_);
  ASSERT_FALSE(migrated.has_value());
  EXPECT_EQ(migrated.error().code, "schema_too_new");
}

TEST_F(SqliteStoreTest, UsesWalAndTheConfiguredTables) {
  auto store = OpenStore();
  auto raw = Raw();
  EXPECT_EQ(QueryText(*raw, "PRAGMA journal_mode"), "wal");
  for (const char* table : {"units", "users", "categories", "orders", "order_events", "order_units",
                            "order_counters", "sessions"})
    EXPECT_EQ(
        QueryText(*raw, fmt::format("SELECT COUNT(*) FROM sqlite_schema WHERE name = '{}'", table)),
        "1")
        << table;
}

// Migration 8 rebuilds order_units: the rows of a version-7 database survive,
// the table keeps its form, and 'collab' rows become possible.
TEST_F(SqliteStoreTest, MigrationV8RebuildsOrderUnitsKeepingRows) {
  auto db = Raw();
  ASSERT_TRUE(sqlite::CurrentSchemaVersion(*db).has_value());
  for (const sqlite::Migration& m : sqlite::Migrations()) {
    if (m.version > 7) break;
    ASSERT_TRUE(db->Exec(m.sql)) << m.version;
    ASSERT_TRUE(
        db->Exec(fmt::format("INSERT INTO schema_migrations(version) VALUES ({})", m.version)));
  }
  // foreign_keys is off on this raw connection: no orders rows are needed.
  ASSERT_TRUE(
      db->Exec("INSERT INTO order_units VALUES (1, 10, 'lead'), (1, 11, 'assist'),"
               " (2, 10, 'assist')"));
  EXPECT_FALSE(db->Exec("INSERT INTO order_units VALUES (3, 12, 'collab')"));

  auto version = sqlite::ApplyMigrations(*db);
  ASSERT_TRUE(version.has_value()) << version.error().message;
  EXPECT_GE(*version, 8);
  EXPECT_EQ(QueryText(*db,
                      "SELECT group_concat(order_id || ':' || unit_id || ':' || relation, ',')"
                      " FROM (SELECT * FROM order_units ORDER BY order_id, unit_id)"),
            "1:10:lead,1:11:assist,2:10:assist");
  EXPECT_TRUE(db->Exec("INSERT INTO order_units VALUES (3, 12, 'collab')"));
  EXPECT_FALSE(db->Exec("INSERT INTO order_units VALUES (3, 12, 'observer')"));
  EXPECT_EQ(QueryText(*db,
                      "SELECT wr || '/' || strict FROM pragma_table_list"
                      " WHERE name = 'order_units'"),
            "1/1");
  for (const char* index : {"order_units_unit", "order_events_action_at"})
    EXPECT_EQ(QueryText(*db, fmt::format("SELECT COUNT(*) FROM sqlite_schema"
                                         " WHERE type = 'index' AND name = '{}'",
                                         index)),
              "1")
        << index;
  EXPECT_EQ(QueryText(*db, "SELECT COUNT(*) FROM sqlite_schema WHERE name = 'order_units_new'"),
            "0");
}

TEST(SqliteOrderUnitsTest, CollaboratingUnitsGetOneCollabRowUnlessTheyHandleTheOrder) {
  TestDatabase database;
  auto store = database.Open();
  ASSERT_TRUE(store.has_value()) << store.error().message;
  auto district = SeedSmallDistrict(**store);
  ASSERT_TRUE(district.has_value()) << district.error().message;
  const SmallDistrict d = *district;

  std::string rows;
  auto r = (*store)->Write([&](WriteTxn& txn) -> Result<void> {
    auto id = InsertOrder(txn, "吹哨");
    if (!id) return Fail(id.error());
    auto loaded = txn.LoadOrder(*id);
    if (!loaded) return Fail(loaded.error());
    WorkOrder order = loaded->value();
    Event e;
    e.seq = order.version + 1;
    e.action = Action::kWhistle;
    e.at = order.created_at + std::chrono::hours(1);
    e.state_after = order.state;
    order.version = e.seq;
    order.lead_unit_id = d.street;
    order.assist_unit_ids = {d.other_street};
    Whistle w;
    w.id = 1;
    // The assisting street and the platform are summoned; the platform is
    // also asked for guidance.
    w.summons = {Summons{}, Summons{}};
    w.summons[0].unit_id = d.other_street;
    w.summons[1].unit_id = d.platform;
    order.collab.whistles = {w};
    GuidanceRequest g;
    g.id = 1;
    g.unit_id = d.platform;
    order.collab.guidance = {g};
    if (auto appended = txn.AppendEvent(order, e); !appended) return appended;

    auto& db = static_cast<sqlite::SqliteWriteTxn&>(txn).connection();
    auto stmt = db.Prepare(
        "SELECT group_concat(unit_id || ':' || relation, ',') FROM"
        " (SELECT unit_id, relation FROM order_units WHERE order_id = ? ORDER BY unit_id)");
    if (!stmt) return Fail(stmt.error());
    stmt->BindAll(*id);
    if (auto row = stmt->Step(); !row) return Fail(row.error());
    rows = stmt->Text(0);
    return {};
  });
  ASSERT_TRUE(r.has_value()) << r.error().message;
  EXPECT_EQ(rows, fmt::format("{}:collab,{}:lead,{}:assist", d.platform, d.street, d.other_street));
}

TEST_F(SqliteStoreTest, RejectsBadOptions) {
  for (SqliteOptions bad :
       {With([](auto& o) { o.synchronous = "sometimes"; }),
        With([](auto& o) { o.read_connections = 0; }), With([](auto& o) { o.max_batch = 0; })}) {
    bad.path = path_;
    auto store = OpenSqliteStore(bad);
    ASSERT_FALSE(store.has_value());
    EXPECT_EQ(store.error().kind, ErrorKind::kInvalidInput);
    EXPECT_EQ(store.error().code, "invalid_config");
  }
  auto no_path = OpenSqliteStore(SqliteOptions{});
  ASSERT_FALSE(no_path.has_value());
  EXPECT_EQ(no_path.error().field, "path");
  auto unopenable = OpenSqliteStore(SqliteOptions{.path = (dir_ / "missing" / "x.db").string()});
  ASSERT_FALSE(unopenable.has_value());
  EXPECT_EQ(unopenable.error().code, "storage_error");
  EXPECT_TRUE(OpenStore(With([](auto& o) { o.synchronous = "NORMAL"; })) != nullptr);
}

TEST_F(SqliteStoreTest, LockedDatabaseIsUnavailableNotBroken) {
  auto store = OpenStore(With([](auto& o) { o.busy_timeout_ms = 50; }));
  ASSERT_TRUE(store->Write([](WriteTxn& txn) { return InsertOrderWork(txn, "before"); }));
  auto other = Raw();
  ASSERT_TRUE(other->Exec("BEGIN IMMEDIATE"));
  auto blocked = store->Write([](WriteTxn& txn) { return InsertOrderWork(txn, "blocked"); });
  ASSERT_FALSE(blocked.has_value());
  EXPECT_EQ(blocked.error().kind, ErrorKind::kUnavailable);
  EXPECT_EQ(blocked.error().code, "database_busy");
  EXPECT_EQ(store->CountOrders().value_or(-1), 1);  // readers are not blocked
  ASSERT_TRUE(other->Exec("ROLLBACK"));
  EXPECT_TRUE(store->Write([](WriteTxn& txn) { return InsertOrderWork(txn, "after"); }));
  EXPECT_EQ(Titles(*store), (std::set<std::string>{"before", "after"}));
}

TEST_F(SqliteStoreTest, NestedWriteIsRefusedNotDeadlocked) {
  auto store = OpenStore();
  Result<void> inner;
  auto outer = store->Write([&](WriteTxn&) -> Result<void> {
    inner = store->Write([](WriteTxn&) -> Result<void> { return {}; });
    return {};
  });
  EXPECT_TRUE(outer.has_value());
  ASSERT_FALSE(inner.has_value());
  EXPECT_EQ(inner.error().code, "nested_write");
}

TEST_F(SqliteStoreTest, BatchCommitsOnceAndAFailingItemRollsBackAlone) {
  auto writer = Writer();
  const std::uint64_t batches_before = writer->committed_batches();
  std::vector<GroupCommitWriter::Work> items;
  for (int i = 0; i < 9; ++i)
    items.push_back([i](WriteTxn& txn) -> Result<void> {
      if (auto r = InsertOrderWork(txn, fmt::format("item-{}", i)); !r) return r;
      if (i == 3) return Fail(ErrorKind::kBusinessRule, "deliberate", "故意失败");
      if (i == 6) throw std::runtime_error("deliberate");
      return {};
    });
  auto results = RunAsOneBatch(*writer, items);
  for (int i = 0; i < 9; ++i) EXPECT_EQ(results[i].has_value(), i != 3 && i != 6) << i;
  EXPECT_EQ(results[3].error().code, "deliberate");
  EXPECT_EQ(results[6].error().kind, ErrorKind::kInternal);
  // The holder's batch and the nine items' batch.
  EXPECT_EQ(writer->committed_batches() - batches_before, 2u);
  writer.reset();

  auto store = OpenStore();
  std::set<std::string> expected;
  for (int i : {0, 1, 2, 4, 5, 7, 8}) expected.insert(fmt::format("item-{}", i));
  EXPECT_EQ(Titles(*store), expected);
}

TEST_F(SqliteStoreTest, FailedCommitFailsEveryItemOfTheBatch) {
  auto writer = Writer();
  auto ok = [](int i) {
    return [i](WriteTxn& txn) { return InsertOrderWork(txn, fmt::format("lost-{}", i)); };
  };
  // A deferred foreign-key violation only surfaces at COMMIT.
  GroupCommitWriter::Work poison = [](WriteTxn& txn) -> Result<void> {
    auto& db = static_cast<sqlite::SqliteWriteTxn&>(txn).connection();
    if (auto r = db.Exec("PRAGMA defer_foreign_keys = ON"); !r) return r;
    return db.Exec(
        "INSERT INTO order_units(order_id, unit_id, relation) VALUES (424242, 1, 'lead')");
  };
  auto results = RunAsOneBatch(*writer, {ok(1), poison, ok(2)});
  for (const auto& r : results) {
    ASSERT_FALSE(r.has_value());
    EXPECT_EQ(r.error().kind, ErrorKind::kInternal);
  }
  // The writer recovers: the next write commits.
  EXPECT_TRUE(writer->Submit([&](WriteTxn& txn) { return InsertOrderWork(txn, "next"); }));
  writer.reset();
  auto store = OpenStore();
  EXPECT_EQ(Titles(*store), std::set<std::string>{"next"});
}

TEST_F(SqliteStoreTest, ATransactionLostMidBatchFailsOnlyWhatItHeld) {
  auto writer = Writer();
  auto insert = [](std::string title) {
    return [title](WriteTxn& txn) { return InsertOrderWork(txn, title); };
  };
  // Simulates SQLite aborting the whole transaction (as on disk full).
  GroupCommitWriter::Work abort = [](WriteTxn& txn) -> Result<void> {
    return static_cast<sqlite::SqliteWriteTxn&>(txn).connection().Exec("ROLLBACK");
  };
  auto results = RunAsOneBatch(*writer, {insert("a"), abort, insert("c")});
  EXPECT_FALSE(results[0].has_value());
  EXPECT_FALSE(results[1].has_value());
  EXPECT_TRUE(results[2].has_value());
  writer.reset();
  auto store = OpenStore();
  EXPECT_EQ(Titles(*store), std::set<std::string>{"c"});
}

TEST_F(SqliteStoreTest, DestructorDrainsQueuedWrites) {
  std::atomic<int> acknowledged{0};
  {
    auto store = OpenStore();
    std::vector<std::thread> threads;
    for (int t = 0; t < 10; ++t)
      threads.emplace_back([&, t] {
        for (int i = 0; i < 10; ++i)
          if (store->Write(
                  [&](WriteTxn& txn) { return InsertOrderWork(txn, fmt::format("{}-{}", t, i)); }))
            ++acknowledged;
      });
    for (auto& th : threads) th.join();
  }
  auto store = OpenStore();
  EXPECT_EQ(store->CountOrders().value_or(-1), acknowledged.load());
  EXPECT_EQ(acknowledged.load(), 100);
}

// kill -9 at an arbitrary moment loses no acknowledged write.
TEST_F(SqliteStoreTest, AcknowledgedWritesSurviveKill9) {
  int fds[2];
  ASSERT_EQ(pipe(fds), 0);
  const pid_t child = fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    close(fds[0]);
    auto store = OpenSqliteStore(SqliteOptions{.path = path_});
    if (!store) _exit(2);
    std::vector<std::thread> threads;
    for (int t = 0; t < 8; ++t)
      threads.emplace_back([&, t] {
        for (std::int32_t i = 0;; ++i) {
          const std::int32_t tag = t * 1'000'000 + i;
          auto r = (*store)->Write(
              [&](WriteTxn& txn) { return InsertOrderWork(txn, fmt::format("k-{}", tag)); });
          if (r && write(fds[1], &tag, sizeof tag) != sizeof tag) _exit(3);
        }
      });
    while (true) pause();
  }
  close(fds[1]);
  std::set<std::string> acknowledged;
  std::int32_t tag = 0;
  while (acknowledged.size() < 500 && read(fds[0], &tag, sizeof tag) == sizeof tag)
    acknowledged.insert(fmt::format("k-{}", tag));
  kill(child, SIGKILL);
  int status = 0;
  waitpid(child, &status, 0);
  while (read(fds[0], &tag, sizeof tag) == sizeof tag)
    acknowledged.insert(fmt::format("k-{}", tag));
  close(fds[0]);
  ASSERT_GE(acknowledged.size(), 500u);

  auto store = OpenStore();
  const std::set<std::string> stored = Titles(*store);
  for (const std::string& title : acknowledged) EXPECT_TRUE(stored.contains(title)) << title;
}

}  // namespace
}  // namespace hotline
