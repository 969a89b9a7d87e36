// The behaviour every Store backend must show. Each backend contributes a
// StoreHarness (a fresh, empty database that can be opened repeatedly) to
// Backends() below, and the whole suite runs once per backend.
#include <fmt/format.h>
#include <gtest/gtest.h>
#include <sqlite3.h>
#include <stdlib.h>

#include <atomic>
#include <filesystem>
#include <mutex>
#include <set>
#include <stdexcept>
#include <thread>

#include "common/time_format.h"
#include "storage/order_doc.h"
#include "storage/sqlite/sqlite_store.h"
#include "storage/store.h"
#include "workorder/lifecycle.h"

namespace hotline {
namespace {

using json = nlohmann::json;

// One backend under test.
class StoreHarness {
 public:
  virtual ~StoreHarness() = default;  // drops the database
  // Opens (again) the harness's one database.
  virtual Result<std::unique_ptr<Store>> Open() = 0;
  // Runs SQL on a connection of its own, to check database-level guarantees.
  virtual Result<void> ExecRaw(const std::string& sql) = 0;
};

class SqliteHarness final : public StoreHarness {
 public:
  SqliteHarness() {
    std::string pattern = (std::filesystem::temp_directory_path() / "hotline_store_XXXXXX");
    if (mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
    dir_ = pattern;
  }
  ~SqliteHarness() override {
    std::error_code ignored;
    std::filesystem::remove_all(dir_, ignored);
  }
  Result<std::unique_ptr<Store>> Open() override {
    return OpenSqliteStore(SqliteOptions{.path = (dir_ / "hotline.db").string()});
  }
  Result<void> ExecRaw(const std::string& sql) override {
    sqlite3* db = nullptr;
    sqlite3_open((dir_ / "hotline.db").c_str(), &db);
    char* message = nullptr;
    const int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &message);
    std::string text = message != nullptr ? message : "";
    sqlite3_free(message);
    sqlite3_close(db);
    if (rc != SQLITE_OK) return Fail(ErrorKind::kInternal, "raw_sql_failed", text);
    return {};
  }

 private:
  std::filesystem::path dir_;
};

struct Backend {
  std::string name;
  std::function<std::unique_ptr<StoreHarness>()> make;
};

// Keeps test listings readable (gtest would otherwise dump the bytes).
void PrintTo(const Backend& backend, std::ostream* os) { *os << backend.name; }

std::vector<Backend> Backends() {
  return {{"Sqlite", [] { return std::make_unique<SqliteHarness>(); }}};
}

// --- Building orders and events without the service layer. ---

Instant At(std::string_view rfc3339) { return *ParseRfc3339(rfc3339); }

const Instant kDay1 = At("2026-11-26T09:00:00+08:00");

struct OrderSpec {
  std::string title = "路灯不亮";
  std::string content = "小区门口路灯坏了一周。";
  std::string address = "幸福路 1 号";
  Channel channel = Channel::kPhone;
  DemandType demand_type = DemandType::kHelp;
  CategoryId category_id = 3;
  std::optional<UnitId> street_unit_id;
  bool enterprise = false;
  Instant at = kDay1;
  std::optional<std::string> idempotency_key;
  std::optional<std::string> upstream_id;
  std::string request_hash = "hash";
};

Event IntakeEvent(const OrderSpec& s, const std::string& number) {
  Event e;
  e.seq = 1;
  e.action = Action::kIntake;
  e.actor_id = 1;
  e.actor_name = "agent1";
  e.actor_role = Role::kAgent;
  e.unit_id = 1;
  e.at = s.at;
  e.state_after = State::kPendingDispatch;
  e.payload = json{{"number", number},
                   {"channel", ChannelCode(s.channel)},
                   {"caller_name", "李四"},
                   {"caller_phone", "13900000000"},
                   {"enterprise", s.enterprise},
                   {"demand_type", DemandTypeCode(s.demand_type)},
                   {"category_id", s.category_id},
                   {"address", s.address},
                   {"street_unit_id", s.street_unit_id ? json(*s.street_unit_id) : json()},
                   {"community_unit_id", nullptr},
                   {"title", s.title},
                   {"content", s.content},
                   {"urgency", "normal"},
                   {"attachments", json::array()},
                   {"idempotency_key", s.idempotency_key ? json(*s.idempotency_key) : json()},
                   {"upstream_id", s.upstream_id ? json(*s.upstream_id) : json()}};
  return e;
}

// The intake of `s` inside a write transaction; returns the new id.
Result<OrderId> IntakeIn(WriteTxn& txn, const OrderSpec& s) {
  auto number = txn.NextOrderNumber(ChinaDayStamp(s.at));
  if (!number) return Fail(number.error());
  const Event intake = IntakeEvent(s, *number);
  WorkOrder order;
  Apply(order, intake);
  return txn.InsertOrder(order, intake, s.request_hash);
}

Event MakeEvent(const WorkOrder& o, Action action, json payload, State after, Instant at) {
  Event e;
  e.seq = o.version + 1;
  e.action = action;
  e.actor_id = 2;
  e.actor_name = "dispatcher1";
  e.actor_role = Role::kDispatcher;
  e.unit_id = 1;
  e.at = at;
  e.payload = std::move(payload);
  e.state_after = after;
  return e;
}

// Loads, applies one event and appends it, inside a write transaction.
Result<void> ActIn(WriteTxn& txn, OrderId id, Action action, json payload, State after,
                   Instant at) {
  auto loaded = txn.LoadOrder(id);
  if (!loaded) return Fail(loaded.error());
  if (!*loaded) return Fail(ErrorKind::kNotFound, "order_not_found", "no such order");
  WorkOrder order = **loaded;
  const Event e = MakeEvent(order, action, std::move(payload), after, at);
  Apply(order, e);
  return txn.AppendEvent(order, e);
}

Summons SummonsOf(UnitId unit) {
  Summons s;
  s.unit_id = unit;
  return s;
}

json DispatchPayload(UnitId lead, std::vector<UnitId> assists = {}) {
  return json{{"lead_unit_id", lead}, {"assist_unit_ids", assists}, {"note", "请处理"}};
}

class StoreContractTest : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override {
    harness_ = GetParam().make();
    Reopen();
  }

  void Reopen() {
    store_.reset();
    auto opened = harness_->Open();
    ASSERT_TRUE(opened.has_value()) << opened.error().message;
    store_ = std::move(*opened);
  }

  Store& store() { return *store_; }

  OrderId Intake(const OrderSpec& s = {}) {
    OrderId id = 0;
    auto r = store_->Write([&](WriteTxn& txn) -> Result<void> {
      auto inserted = IntakeIn(txn, s);
      if (!inserted) return Fail(inserted.error());
      id = *inserted;
      return {};
    });
    EXPECT_TRUE(r.has_value()) << r.error().message;
    return id;
  }

  Result<void> Act(OrderId id, Action action, json payload, State after,
                   Instant at = kDay1 + std::chrono::hours(1)) {
    return store_->Write([&](WriteTxn& txn) { return ActIn(txn, id, action, payload, after, at); });
  }

  WorkOrder Get(OrderId id) {
    auto r = store_->GetOrder(id);
    EXPECT_TRUE(r.has_value() && r->has_value());
    return r.has_value() && r->has_value() ? **r : WorkOrder{};
  }

  // Units 1..6: platform, two departments, two streets, a community.
  void SeedOrg() {
    auto r = store_->Write([](WriteTxn& txn) -> Result<void> {
      const Unit units[] = {{1, "P", "12345 热线中心", UnitKind::kPlatform, std::nullopt},
                            {2, "D-SCJG", "区市场监管局", UnitKind::kDepartment, 1},
                            {3, "S-01", "东城街道", UnitKind::kStreet, 1},
                            {4, "S-02", "西城街道", UnitKind::kStreet, 1},
                            {5, "C-0101", "幸福社区", UnitKind::kCommunity, 3},
                            {6, "D-ZJ", "区住建局", UnitKind::kDepartment, 1}};
      for (const Unit& u : units)
        if (auto id = txn.InsertUnit(u); !id) return Fail(id.error());
      const Category categories[] = {{1, "01", "城乡建设", 1, std::nullopt, std::nullopt},
                                     {2, "01.01", "市政设施", 2, 1, std::nullopt},
                                     {3, "01.01.01", "路灯", 3, 2, 3},
                                     {4, "01.01.02", "井盖", 3, 2, 6}};
      for (const Category& c : categories)
        if (auto id = txn.InsertCategory(c); !id) return Fail(id.error());
      return {};
    });
    ASSERT_TRUE(r.has_value()) << r.error().message;
  }

  std::unique_ptr<StoreHarness> harness_;
  std::unique_ptr<Store> store_;
};

std::vector<OrderId> Ids(const OrderPage& page) {
  std::vector<OrderId> ids;
  for (const WorkOrder& o : page.items) ids.push_back(o.id);
  return ids;
}

// --- Schema and durability. ---

TEST_P(StoreContractTest, ReopeningKeepsDataAndMigratesNothingTwice) {
  SeedOrg();
  const OrderId id = Intake();
  for (int i = 0; i < 3; ++i) {
    Reopen();
    auto units = store().ListUnits();
    ASSERT_TRUE(units.has_value());
    EXPECT_EQ(units->size(), 6u);
    EXPECT_EQ(store().CountOrders().value_or(-1), 1);
    EXPECT_EQ(Get(id).number, "2026112600001");
  }
  EXPECT_TRUE(store().Ping().has_value());
}

TEST_P(StoreContractTest, AcknowledgedWritesSurviveCloseAndReopen) {
  SeedOrg();
  std::vector<std::thread> threads;
  std::mutex mu;
  std::set<OrderId> ids;
  for (int t = 0; t < 8; ++t)
    threads.emplace_back([&, t] {
      for (int i = 0; i < 25; ++i) {
        OrderSpec s;
        s.title = fmt::format("持久 {}-{}", t, i);
        const OrderId id = Intake(s);
        ASSERT_TRUE(Act(id, Action::kDispatch, DispatchPayload(2), State::kDispatched));
        std::lock_guard lock(mu);
        ids.insert(id);
      }
    });
  for (auto& th : threads) th.join();
  Reopen();
  EXPECT_EQ(store().CountOrders().value_or(-1), 200);
  for (OrderId id : ids) {
    auto events = store().GetEvents(id);
    ASSERT_TRUE(events.has_value());
    EXPECT_EQ(events->size(), 2u);
    EXPECT_EQ(Get(id).state, State::kDispatched);
  }
}

// --- Orders and events. ---

TEST_P(StoreContractTest, InsertedOrderAndEventsReadBackExactly) {
  SeedOrg();
  OrderSpec s;
  s.street_unit_id = 3;
  s.enterprise = true;
  s.idempotency_key = "key-1";
  const OrderId id = Intake(s);
  ASSERT_GT(id, 0);
  ASSERT_TRUE(Act(id, Action::kDispatch, DispatchPayload(2, {6}), State::kDispatched));

  auto events = store().GetEvents(id);
  ASSERT_TRUE(events.has_value());
  ASSERT_EQ(events->size(), 2u);
  EXPECT_EQ((*events)[0].seq, 1);
  EXPECT_EQ((*events)[0].action, Action::kIntake);
  EXPECT_EQ((*events)[0].payload["number"], "2026112600001");
  EXPECT_EQ((*events)[0].actor_role, Role::kAgent);
  EXPECT_EQ((*events)[0].at, kDay1);
  EXPECT_EQ((*events)[1].seq, 2);
  EXPECT_EQ((*events)[1].action, Action::kDispatch);
  EXPECT_EQ((*events)[1].payload, DispatchPayload(2, {6}));
  EXPECT_EQ((*events)[1].state_after, State::kDispatched);
  EXPECT_EQ((*events)[1].actor_name, "dispatcher1");

  // The stored projection is exactly the fold of the stored events.
  const WorkOrder stored = Get(id);
  EXPECT_EQ(OrderToDoc(stored), OrderToDoc(Replay(id, *events)));
  EXPECT_EQ(stored.id, id);
  EXPECT_EQ(stored.version, 2);
  EXPECT_EQ(stored.lead_unit_id, 2);
  EXPECT_EQ(stored.assist_unit_ids, std::vector<UnitId>{6});
  EXPECT_EQ(stored.idempotency_key, "key-1");
  EXPECT_EQ(stored.street_unit_id, 3);

  auto missing = store().GetOrder(id + 1000);
  ASSERT_TRUE(missing.has_value());
  EXPECT_FALSE(missing->has_value());
  auto no_events = store().GetEvents(id + 1000);
  ASSERT_TRUE(no_events.has_value());
  EXPECT_TRUE(no_events->empty());
}

TEST_P(StoreContractTest, StaleAppendIsAVersionConflictAndChangesNothing) {
  SeedOrg();
  const OrderId id = Intake();
  const WorkOrder v1 = Get(id);
  ASSERT_TRUE(Act(id, Action::kDispatch, DispatchPayload(2), State::kDispatched));

  // A second actor decided on version 1 too.
  auto r = store().Write([&](WriteTxn& txn) -> Result<void> {
    WorkOrder order = v1;
    const Event e = MakeEvent(order, Action::kDispatch, DispatchPayload(6), State::kDispatched,
                              kDay1 + std::chrono::hours(2));
    Apply(order, e);
    return txn.AppendEvent(order, e);
  });
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().kind, ErrorKind::kConflict);
  EXPECT_EQ(r.error().code, "version_conflict");

  const WorkOrder after = Get(id);
  EXPECT_EQ(after.version, 2);
  EXPECT_EQ(after.lead_unit_id, 2);
  EXPECT_EQ(store().GetEvents(id)->size(), 2u);
  OrderFilter by_unit;
  by_unit.unit_ids = {6};
  EXPECT_EQ(store().ListOrders(by_unit)->total, 0);
}

TEST_P(StoreContractTest, AppendToUnknownOrderIsNotFound) {
  WorkOrder ghost;
  ghost.id = 999;
  ghost.version = 1;
  const Event e = MakeEvent(ghost, Action::kSign, json::object(), State::kHandling, kDay1);
  Apply(ghost, e);
  auto r = store().Write([&](WriteTxn& txn) { return txn.AppendEvent(ghost, e); });
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().kind, ErrorKind::kNotFound);
}

TEST_P(StoreContractTest, OneWriteIsAtomicAcrossOrders) {
  SeedOrg();
  const OrderId a = Intake();
  const OrderId b = Intake();
  // Both sides of a merge in one write.
  auto merged = store().Write([&](WriteTxn& txn) -> Result<void> {
    if (auto r = ActIn(txn, a, Action::kMerge, json{{"into_id", b}, {"note", ""}}, State::kClosed,
                       kDay1);
        !r)
      return r;
    return ActIn(txn, b, Action::kMergedIn, json{{"from_id", a}, {"note", ""}},
                 State::kPendingDispatch, kDay1);
  });
  ASSERT_TRUE(merged.has_value()) << merged.error().message;
  EXPECT_EQ(Get(a).merged_into, b);
  EXPECT_EQ(Get(b).merged_ids, std::vector<OrderId>{a});

  // A failure after several writes undoes all of them.
  auto failed = store().Write([&](WriteTxn& txn) -> Result<void> {
    if (auto r = IntakeIn(txn, OrderSpec{}); !r) return Fail(r.error());
    if (auto r = ActIn(txn, a, Action::kReopen, json{{"note", ""}}, State::kPendingDispatch, kDay1);
        !r)
      return r;
    return Fail(ErrorKind::kBusinessRule, "deliberate", "故意失败");
  });
  ASSERT_FALSE(failed.has_value());
  EXPECT_EQ(failed.error().code, "deliberate");
  EXPECT_EQ(store().CountOrders().value_or(-1), 2);
  EXPECT_EQ(Get(a).state, State::kClosed);
  EXPECT_EQ(store().GetEvents(a)->size(), 2u);
}

TEST_P(StoreContractTest, ReadsInsideAWriteSeeItsOwnWrites) {
  SeedOrg();
  auto r = store().Write([&](WriteTxn& txn) -> Result<void> {
    OrderSpec s;
    s.idempotency_key = "inside";
    auto id = IntakeIn(txn, s);
    if (!id) return Fail(id.error());
    auto loaded = txn.LoadOrder(*id);
    EXPECT_TRUE(loaded.has_value() && loaded->has_value());
    auto prior = txn.FindPriorIntake(std::string("inside"), std::nullopt);
    EXPECT_TRUE(prior.has_value() && prior->has_value());
    if (prior.has_value() && prior->has_value()) {
      EXPECT_EQ((*prior)->order_id, *id);
    }
    return {};
  });
  ASSERT_TRUE(r.has_value()) << r.error().message;
}

TEST_P(StoreContractTest, ExceptionInWorkIsAnInternalErrorAndRollsBack) {
  SeedOrg();
  auto r = store().Write([&](WriteTxn& txn) -> Result<void> {
    (void)IntakeIn(txn, OrderSpec{});
    throw std::runtime_error("boom");
  });
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().kind, ErrorKind::kInternal);
  EXPECT_EQ(store().CountOrders().value_or(-1), 0);
  EXPECT_GT(Intake(), 0);  // the store still works
}

TEST_P(StoreContractTest, FailingWritesRollBackAloneUnderConcurrency) {
  SeedOrg();
  constexpr int kThreads = 50;
  constexpr int kWritesPerThread = 20;
  std::atomic<int> committed{0};
  std::atomic<int> wrong{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t)
    threads.emplace_back([&, t] {
      for (int i = 0; i < kWritesPerThread; ++i) {
        const int mode = (t * kWritesPerThread + i) % 6;  // 0: error, 1: throw, else commit
        OrderSpec s;
        s.title = fmt::format("{}-{}-{}", mode < 2 ? "fail" : "keep", t, i);
        auto r = store().Write([&](WriteTxn& txn) -> Result<void> {
          auto id = IntakeIn(txn, s);
          if (!id) return Fail(id.error());
          if (mode == 0) return Fail(ErrorKind::kBusinessRule, "deliberate", "故意失败");
          if (mode == 1) throw std::runtime_error("deliberate");
          return {};
        });
        if (r.has_value() != (mode >= 2)) ++wrong;
        if (r.has_value()) ++committed;
      }
    });
  for (auto& th : threads) th.join();
  EXPECT_EQ(wrong.load(), 0);

  OrderFilter all;
  all.limit = kThreads * kWritesPerThread;
  all.sort = OrderSort::kCreatedAsc;
  auto page = store().ListOrders(all);
  ASSERT_TRUE(page.has_value());
  EXPECT_EQ(page->total, committed.load());
  std::set<std::string> numbers;
  for (const WorkOrder& o : page->items) {
    EXPECT_EQ(o.title.rfind("keep-", 0), 0u) << o.title;
    numbers.insert(o.number);
  }
  // Rolled-back intakes gave their numbers back: the committed ones are gapless.
  ASSERT_EQ(numbers.size(), static_cast<std::size_t>(committed.load()));
  EXPECT_EQ(*numbers.begin(), "2026112600001");
  EXPECT_EQ(*numbers.rbegin(), fmt::format("20261126{:05d}", committed.load()));
}

TEST_P(StoreContractTest, OrderNumbersAreSequentialPerDayUnderConcurrency) {
  SeedOrg();
  std::mutex mu;
  std::set<std::string> numbers;
  std::vector<std::thread> threads;
  for (int t = 0; t < 50; ++t)
    threads.emplace_back([&] {
      for (int i = 0; i < 10; ++i) {
        std::string number;
        auto r = store().Write([&](WriteTxn& txn) -> Result<void> {
          auto n = txn.NextOrderNumber("20261126");
          if (!n) return Fail(n.error());
          number = *n;
          return {};
        });
        ASSERT_TRUE(r.has_value());
        std::lock_guard lock(mu);
        EXPECT_TRUE(numbers.insert(number).second) << "duplicate " << number;
      }
    });
  for (auto& th : threads) th.join();
  ASSERT_EQ(numbers.size(), 500u);
  EXPECT_EQ(*numbers.begin(), "2026112600001");
  EXPECT_EQ(*numbers.rbegin(), "2026112600500");

  auto next = [&](std::string_view day) {
    std::string number;
    EXPECT_TRUE(store().Write([&](WriteTxn& txn) -> Result<void> {
      auto n = txn.NextOrderNumber(day);
      if (!n) return Fail(n.error());
      number = *n;
      return {};
    }));
    return number;
  };
  EXPECT_EQ(next("20261127"), "2026112700001");  // each day starts again
  ASSERT_TRUE(harness_->ExecRaw("UPDATE order_counters SET last = 99998 WHERE day = '20261127'"));
  EXPECT_EQ(next("20261127"), "2026112799999");
  EXPECT_EQ(next("20261127"), "20261127100000");  // a sixth digit rather than a failure
}

TEST_P(StoreContractTest, EventsAreAppendOnly) {
  SeedOrg();
  const OrderId id = Intake();
  auto updated = harness_->ExecRaw("UPDATE order_events SET actor_name = 'mallory'");
  EXPECT_FALSE(updated.has_value());
  auto deleted = harness_->ExecRaw("DELETE FROM order_events");
  EXPECT_FALSE(deleted.has_value());
  auto events = store().GetEvents(id);
  ASSERT_TRUE(events.has_value());
  ASSERT_EQ(events->size(), 1u);
  EXPECT_EQ((*events)[0].actor_name, "agent1");
}

TEST_P(StoreContractTest, IntakeLookupsByIdempotencyKeyAndUpstreamId) {
  SeedOrg();
  OrderSpec a;
  a.idempotency_key = "idem-1";
  a.request_hash = "hash-a";
  OrderSpec b;
  b.upstream_id = "up-9";
  b.request_hash = "hash-b";
  const OrderId id_a = Intake(a);
  const OrderId id_b = Intake(b);

  auto find = [&](std::optional<std::string> key, std::optional<std::string> upstream) {
    std::optional<PriorIntake> found;
    EXPECT_TRUE(store().Write([&](WriteTxn& txn) -> Result<void> {
      auto r = txn.FindPriorIntake(key, upstream);
      if (!r) return Fail(r.error());
      found = *r;
      return {};
    }));
    return found;
  };
  auto by_key = find("idem-1", std::nullopt);
  ASSERT_TRUE(by_key.has_value());
  EXPECT_EQ(by_key->order_id, id_a);
  EXPECT_EQ(by_key->request_hash, "hash-a");
  auto by_upstream = find(std::nullopt, "up-9");
  ASSERT_TRUE(by_upstream.has_value());
  EXPECT_EQ(by_upstream->order_id, id_b);
  EXPECT_EQ(by_upstream->request_hash, "hash-b");
  auto either = find("unknown", "up-9");
  ASSERT_TRUE(either.has_value());
  EXPECT_EQ(either->order_id, id_b);
  EXPECT_FALSE(find("unknown", std::nullopt).has_value());
  EXPECT_FALSE(find(std::nullopt, std::nullopt).has_value());

  // The store itself refuses a second order under the same key.
  auto duplicate = store().Write([&](WriteTxn& txn) -> Result<void> {
    auto r = IntakeIn(txn, a);
    if (!r) return Fail(r.error());
    return {};
  });
  ASSERT_FALSE(duplicate.has_value());
  EXPECT_EQ(duplicate.error().kind, ErrorKind::kConflict);
  EXPECT_EQ(store().CountOrders().value_or(-1), 2);
}

// --- Listing. ---

class StoreListOrdersTest : public StoreContractTest {
 protected:
  void SetUp() override {
    StoreContractTest::SetUp();
    SeedOrg();
    OrderSpec s;
    // o1: phone, street 3, category 3, day 1.
    s.title = "路灯不亮";
    s.street_unit_id = 3;
    s.at = kDay1;
    o1_ = Intake(s);
    // o2: web, enterprise, street 4, category 4, led by 2 with 6 assisting.
    s = OrderSpec{};
    s.title = "井盖缺失";
    s.channel = Channel::kWeb;
    s.enterprise = true;
    s.street_unit_id = 4;
    s.category_id = 4;
    s.demand_type = DemandType::kComplaint;
    s.at = kDay1 + std::chrono::hours(1);
    o2_ = Intake(s);
    ASSERT_TRUE(Act(o2_, Action::kDispatch, DispatchPayload(2, {6}), State::kDispatched,
                    kDay1 + std::chrono::hours(2)));
    // o3: app, street 3, next day, led by street 3 and signed.
    s = OrderSpec{};
    s.title = "噪音扰民";
    s.content = "工地夜间施工，噪音 100% 超标";
    s.address = "和平街 8 号";
    s.channel = Channel::kApp;
    s.street_unit_id = 3;
    s.at = kDay1 + std::chrono::hours(24);
    o3_ = Intake(s);
    ASSERT_TRUE(Act(o3_, Action::kDispatch, DispatchPayload(3), State::kDispatched,
                    kDay1 + std::chrono::hours(25)));
    ASSERT_TRUE(
        Act(o3_, Action::kSign, json::object(), State::kHandling, kDay1 + std::chrono::hours(26)));
    // o4: day 3, reopened twice, last touched long after the others.
    s = OrderSpec{};
    s.title = "油烟";
    s.at = kDay1 + std::chrono::hours(48);
    o4_ = Intake(s);
    for (int i = 0; i < 2; ++i) {
      ASSERT_TRUE(Act(o4_, Action::kDispatch, DispatchPayload(2), State::kDispatched,
                      kDay1 + std::chrono::hours(49 + i)));
      ASSERT_TRUE(Act(o4_, Action::kReopen, json{{"note", "未解决"}}, State::kPendingDispatch,
                      kDay1 + std::chrono::hours(100 + i)));
    }
    ASSERT_TRUE(Act(o4_, Action::kDispatch, DispatchPayload(2), State::kDispatched,
                    kDay1 + std::chrono::hours(110)));
  }

  std::vector<OrderId> List(OrderFilter f, std::int64_t* total = nullptr) {
    auto page = store().ListOrders(f);
    EXPECT_TRUE(page.has_value()) << page.error().message;
    if (!page) return {};
    if (total != nullptr) *total = page->total;
    return Ids(*page);
  }

  // Records a collaboration step on `id` by editing the projection directly
  // (the store keeps whatever projection it is given), so these tests do not
  // depend on the lifecycle's payload formats.
  void Collaborate(OrderId id, Action action, Instant at,
                   const std::function<void(Collaboration&)>& change) {
    auto r = store().Write([&](WriteTxn& txn) -> Result<void> {
      auto loaded = txn.LoadOrder(id);
      if (!loaded) return Fail(loaded.error());
      WorkOrder order = loaded->value();
      const Event e = MakeEvent(order, action, json::object(), order.state, at);
      change(order.collab);
      order.version = e.seq;
      order.updated_at = at;
      return txn.AppendEvent(order, e);
    });
    ASSERT_TRUE(r.has_value()) << r.error().message;
  }

  // A whistle on o3 (led by street 3) summoning departments 2 and 6, and a
  // guidance request from street 3 to unit 4 on o1.
  void WhistleAndGuidance() {
    Collaborate(o3_, Action::kWhistle, kDay1 + std::chrono::hours(30), [](Collaboration& c) {
      Whistle w;
      w.id = 1;
      w.street_unit_id = 3;
      w.raised_by_unit_id = 3;
      w.question = "违建拆除";
      w.raised_at = kDay1 + std::chrono::hours(30);
      w.summons = {SummonsOf(2), SummonsOf(6)};
      c.whistles.push_back(w);
    });
    Collaborate(o1_, Action::kRequestGuidance, kDay1 + std::chrono::hours(31),
                [](Collaboration& c) {
                  GuidanceRequest g;
                  g.id = 1;
                  g.requested_by_unit_id = 3;
                  g.unit_id = 4;
                  g.question = "如何认定";
                  g.requested_at = kDay1 + std::chrono::hours(31);
                  c.guidance.push_back(g);
                });
  }

  std::vector<OrderId> WithEvents(std::vector<Action> actions, Instant from, Instant to,
                                  std::vector<Action> if_assisted = {}) {
    auto orders = store().ListOrdersWithEvents(actions, if_assisted, from, to);
    EXPECT_TRUE(orders.has_value()) << orders.error().message;
    std::vector<OrderId> ids;
    if (orders.has_value())
      for (const WorkOrder& o : *orders) ids.push_back(o.id);
    return ids;
  }

  using V = std::vector<OrderId>;
  OrderId o1_ = 0, o2_ = 0, o3_ = 0, o4_ = 0;
};

TEST_P(StoreListOrdersTest, DefaultIsNewestFirstWithTotal) {
  std::int64_t total = 0;
  EXPECT_EQ(List({}, &total), (V{o4_, o3_, o2_, o1_}));
  EXPECT_EQ(total, 4);
}

TEST_P(StoreListOrdersTest, FiltersByState) {
  OrderFilter f;
  f.states = {State::kDispatched, State::kHandling};
  EXPECT_EQ(List(f), (V{o4_, o3_, o2_}));
  f.states = {State::kPendingDispatch};
  EXPECT_EQ(List(f), V{o1_});
  f.states = {State::kClosed};
  EXPECT_EQ(List(f), V{});
}

TEST_P(StoreListOrdersTest, FiltersByUnitIncludingAssistingUnits) {
  OrderFilter f;
  f.unit_ids = {6};  // assists o2 only
  EXPECT_EQ(List(f), V{o2_});
  f.unit_ids = {2};  // leads o2 and o4
  EXPECT_EQ(List(f), (V{o4_, o2_}));
  f.unit_ids = {3, 6};
  EXPECT_EQ(List(f), (V{o3_, o2_}));
}

TEST_P(StoreListOrdersTest, FiltersByDataScope) {
  OrderFilter f;
  f.scope_unit_ids = std::vector<UnitId>{6};
  EXPECT_EQ(List(f), V{o2_});
  f.scope_unit_ids = std::vector<UnitId>{3, 5};
  EXPECT_EQ(List(f), V{o3_});
  f.scope_unit_ids = std::vector<UnitId>{};  // an empty scope sees nothing
  std::int64_t total = -1;
  EXPECT_EQ(List(f, &total), V{});
  EXPECT_EQ(total, 0);
  // Scope and unit filter together: both must hold.
  f.scope_unit_ids = std::vector<UnitId>{2};
  f.unit_ids = {6};
  EXPECT_EQ(List(f), V{o2_});
  f.unit_ids = {3};
  EXPECT_EQ(List(f), V{});
}

TEST_P(StoreListOrdersTest, CollaboratingUnitsSeeOrdersInTheirScopeOnly) {
  WhistleAndGuidance();
  // Summoned and consulted units have the orders in their data scope ...
  OrderFilter scope;
  scope.scope_unit_ids = std::vector<UnitId>{6};  // assists o2, summoned to o3
  EXPECT_EQ(List(scope), (V{o3_, o2_}));
  scope.scope_unit_ids = std::vector<UnitId>{2};  // leads o2 and o4, summoned to o3
  EXPECT_EQ(List(scope), (V{o4_, o3_, o2_}));
  scope.scope_unit_ids = std::vector<UnitId>{4};  // asked for guidance on o1
  EXPECT_EQ(List(scope), V{o1_});
  // ... but they neither lead nor assist them.
  OrderFilter handled;
  handled.unit_ids = {6};
  EXPECT_EQ(List(handled), V{o2_});
  handled.unit_ids = {2};
  EXPECT_EQ(List(handled), (V{o4_, o2_}));
  handled.unit_ids = {4};
  EXPECT_EQ(List(handled), V{});
  // Both together: in scope through the whistle, not handled by 6.
  OrderFilter both;
  both.scope_unit_ids = std::vector<UnitId>{6};
  both.unit_ids = {3};
  EXPECT_EQ(List(both), V{o3_});

  // A unit that already leads keeps one listing; later events keep the rows.
  ASSERT_TRUE(
      Act(o2_, Action::kSign, json::object(), State::kHandling, kDay1 + std::chrono::hours(40)));
  Collaborate(o2_, Action::kWhistle, kDay1 + std::chrono::hours(41), [](Collaboration& c) {
    Whistle w;
    w.id = 1;
    w.summons = {SummonsOf(2), SummonsOf(6)};
    c.whistles.push_back(w);
  });
  scope.scope_unit_ids = std::vector<UnitId>{2, 6};
  std::int64_t total = 0;
  EXPECT_EQ(List(scope, &total), (V{o4_, o3_, o2_}));
  EXPECT_EQ(total, 3);
  Collaborate(o3_, Action::kReportIn, kDay1 + std::chrono::hours(42), [](Collaboration& c) {
    c.whistles[0].summons[1].reported_at = kDay1 + std::chrono::hours(42);
  });
  scope.scope_unit_ids = std::vector<UnitId>{6};
  EXPECT_EQ(List(scope), (V{o3_, o2_}));
}

TEST_P(StoreListOrdersTest, FiltersByExactAddress) {
  OrderFilter f;
  f.address = "和平街 8 号";
  EXPECT_EQ(List(f), V{o3_});
  f.address = "和平街";  // not a substring match
  EXPECT_EQ(List(f), V{});
  f.address = "幸福路 1 号";
  f.category_ids = {3};  // same category and address: the duplicate suggestion
  EXPECT_EQ(List(f), (V{o4_, o1_}));
  f.created_from = kDay1 + std::chrono::hours(24);
  EXPECT_EQ(List(f), V{o4_});
}

TEST_P(StoreListOrdersTest, OrdersWithEventsInAPeriod) {
  const Instant from = kDay1;
  const Instant far = kDay1 + std::chrono::hours(1000);
  // o4 has three dispatches and is listed once; by id.
  EXPECT_EQ(WithEvents({Action::kDispatch}, from, far), (V{o2_, o3_, o4_}));
  EXPECT_EQ(WithEvents({Action::kDispatch}, from, kDay1 + std::chrono::hours(24)), V{o2_});
  // from is inclusive, to exclusive (o3 was signed at +26h).
  EXPECT_EQ(
      WithEvents({Action::kSign}, kDay1 + std::chrono::hours(26), kDay1 + std::chrono::hours(27)),
      V{o3_});
  EXPECT_EQ(
      WithEvents({Action::kSign}, kDay1 + std::chrono::hours(25), kDay1 + std::chrono::hours(26)),
      V{});
  // Any of several actions.
  EXPECT_EQ(WithEvents({Action::kSign, Action::kReopen}, from, far), (V{o3_, o4_}));
  EXPECT_EQ(WithEvents({Action::kWhistle}, from, far), V{});
  EXPECT_EQ(WithEvents({}, from, far), V{});
  EXPECT_EQ(WithEvents({Action::kDispatch}, far, from), V{});
  // Routing counts only where assisting units are on the order (o2 has one).
  EXPECT_EQ(WithEvents({}, from, far, {Action::kDispatch}), V{o2_});
  EXPECT_EQ(WithEvents({Action::kSign}, from, far, {Action::kDispatch}), (V{o2_, o3_}));

  WhistleAndGuidance();
  EXPECT_EQ(WithEvents({Action::kWhistle, Action::kRequestGuidance}, from, far), (V{o1_, o3_}));
  EXPECT_EQ(WithEvents({Action::kWhistle}, kDay1 + std::chrono::hours(31), far), V{});
  // Full projections, collaboration included.
  auto orders = store().ListOrdersWithEvents({Action::kWhistle}, {}, from, far);
  ASSERT_TRUE(orders.has_value());
  ASSERT_EQ(orders->size(), 1u);
  EXPECT_EQ(OrderToDoc((*orders)[0]), OrderToDoc(Get(o3_)));
  ASSERT_EQ((*orders)[0].collab.whistles.size(), 1u);
  EXPECT_EQ((*orders)[0].collab.whistles[0].summons.size(), 2u);
}

TEST_P(StoreListOrdersTest, FiltersByCategoryStreetChannelAndDemandType) {
  OrderFilter f;
  f.category_ids = {4};
  EXPECT_EQ(List(f), V{o2_});
  f.category_ids = {3, 4};
  EXPECT_EQ(List(f).size(), 4u);

  OrderFilter street;
  street.street_unit_id = 3;
  EXPECT_EQ(List(street), (V{o3_, o1_}));

  OrderFilter channel;
  channel.channel = Channel::kApp;
  EXPECT_EQ(List(channel), V{o3_});

  OrderFilter demand;
  demand.demand_type = DemandType::kComplaint;
  EXPECT_EQ(List(demand), V{o2_});
}

TEST_P(StoreListOrdersTest, FiltersByCreationDates) {
  OrderFilter f;
  f.created_from = kDay1 + std::chrono::hours(1);  // inclusive
  f.created_to = kDay1 + std::chrono::hours(48);   // exclusive
  EXPECT_EQ(List(f), (V{o3_, o2_}));
  OrderFilter day = {};
  day.created_from = *ParseChinaDate("2026-11-26");
  day.created_to = *ParseChinaDate("2026-11-27");
  EXPECT_EQ(List(day), (V{o2_, o1_}));
}

TEST_P(StoreListOrdersTest, FiltersByEnterpriseAndReopenCount) {
  OrderFilter f;
  f.enterprise = true;
  EXPECT_EQ(List(f), V{o2_});
  f.enterprise = false;
  EXPECT_EQ(List(f), (V{o4_, o3_, o1_}));
  OrderFilter reopened;
  reopened.min_reopen_count = 2;
  EXPECT_EQ(List(reopened), V{o4_});
  reopened.min_reopen_count = 3;
  EXPECT_EQ(List(reopened), V{});
}

TEST_P(StoreListOrdersTest, FiltersByText) {
  OrderFilter f;
  f.text = "噪音";  // title and content
  EXPECT_EQ(List(f), V{o3_});
  f.text = "和平街";  // address
  EXPECT_EQ(List(f), V{o3_});
  f.text = Get(o2_).number;  // number
  EXPECT_EQ(List(f), V{o2_});
  f.text = Get(o2_).number.substr(0, 6);  // the beginning of a number: the month
  EXPECT_EQ(List(f), (V{o4_, o3_, o2_, o1_}));
  f.text = "100%";  // words, not patterns: the 100 of "100%"
  EXPECT_EQ(List(f), V{o3_});
  f.text = "%";  // no letter or digit: nothing to search for, nothing found
  EXPECT_EQ(List(f), V{});
  f.text = "_";
  EXPECT_EQ(List(f), V{});
}

TEST_P(StoreListOrdersTest, SortsAndPages) {
  OrderFilter f;
  f.sort = OrderSort::kCreatedAsc;
  EXPECT_EQ(List(f), (V{o1_, o2_, o3_, o4_}));
  f.sort = OrderSort::kUpdatedDesc;  // o4 was touched last, o1 never after intake
  EXPECT_EQ(List(f), (V{o4_, o3_, o2_, o1_}));
  f.sort = OrderSort::kUpdatedAsc;
  EXPECT_EQ(List(f), (V{o1_, o2_, o3_, o4_}));

  f.sort = OrderSort::kCreatedDesc;
  f.limit = 2;
  f.offset = 1;
  std::int64_t total = 0;
  EXPECT_EQ(List(f, &total), (V{o3_, o2_}));
  EXPECT_EQ(total, 4);
  f.offset = 3;
  EXPECT_EQ(List(f, &total), V{o1_});
  f.offset = 10;
  EXPECT_EQ(List(f, &total), V{});
  EXPECT_EQ(total, 4);
  f.offset = 0;
  f.limit = 0;
  EXPECT_EQ(List(f, &total), V{});
  EXPECT_EQ(total, 4);
}

TEST_P(StoreListOrdersTest, ListedOrdersAreFullProjections) {
  OrderFilter f;
  f.unit_ids = {6};
  auto page = store().ListOrders(f);
  ASSERT_TRUE(page.has_value());
  ASSERT_EQ(page->items.size(), 1u);
  EXPECT_EQ(OrderToDoc(page->items[0]), OrderToDoc(Get(o2_)));
}

// --- Organisation, categories, sessions. ---

TEST_P(StoreContractTest, UnitsUsersAndCategories) {
  SeedOrg();
  auto units = store().ListUnits();
  ASSERT_TRUE(units.has_value());
  ASSERT_EQ(units->size(), 6u);
  EXPECT_EQ((*units)[4].code, "C-0101");
  EXPECT_EQ((*units)[4].kind, UnitKind::kCommunity);
  EXPECT_EQ((*units)[4].parent_id, 3);
  EXPECT_FALSE((*units)[0].parent_id.has_value());

  UserId admin = 0;
  UserId handler = 0;
  ASSERT_TRUE(store().Write([&](WriteTxn& txn) -> Result<void> {
    auto a = txn.InsertUser(User{0, "admin", "管理员", Role::kAdmin, 1, true}, "hash-admin");
    if (!a) return Fail(a.error());
    admin = *a;
    auto h = txn.InsertUser(User{0, "zhang", "张伟", Role::kHandler, 2, false}, "hash-zhang");
    if (!h) return Fail(h.error());
    handler = *h;
    return {};
  }));
  EXPECT_NE(admin, handler);
  auto users = store().ListUsers();
  ASSERT_TRUE(users.has_value());
  ASSERT_EQ(users->size(), 2u);
  EXPECT_EQ((*users)[1].display_name, "张伟");
  EXPECT_FALSE((*users)[1].active);
  auto user = store().GetUser(handler);
  ASSERT_TRUE(user.has_value() && user->has_value());
  EXPECT_EQ((*user)->role, Role::kHandler);
  EXPECT_EQ((*user)->unit_id, 2);
  EXPECT_FALSE(store().GetUser(handler + 100)->has_value());

  auto credentials = store().FindUserByName("admin");
  ASSERT_TRUE(credentials.has_value() && credentials->has_value());
  EXPECT_EQ((*credentials)->password_hash, "hash-admin");
  EXPECT_EQ((*credentials)->user.id, admin);
  EXPECT_FALSE(store().FindUserByName("nobody")->has_value());

  ASSERT_TRUE(store().Write([&](WriteTxn& txn) { return txn.SetPassword(admin, "hash-new"); }));
  EXPECT_EQ((*store().FindUserByName("admin"))->password_hash, "hash-new");
  auto unknown = store().Write([&](WriteTxn& txn) { return txn.SetPassword(9999, "x"); });
  ASSERT_FALSE(unknown.has_value());
  EXPECT_EQ(unknown.error().kind, ErrorKind::kNotFound);

  auto categories = store().ListCategories();
  ASSERT_TRUE(categories.has_value());
  ASSERT_EQ(categories->size(), 4u);
  EXPECT_EQ((*categories)[0].code, "01");
  EXPECT_EQ((*categories)[3].code, "01.01.02");
  EXPECT_EQ((*categories)[3].level, 3);
  EXPECT_EQ((*categories)[3].parent_id, 2);
  EXPECT_EQ((*categories)[3].default_unit_id, 6);
  EXPECT_FALSE((*categories)[0].default_unit_id.has_value());
}

TEST_P(StoreContractTest, CategoriesAreListedByCode) {
  ASSERT_TRUE(store().Write([&](WriteTxn& txn) -> Result<void> {
    for (const char* code : {"02", "01.02", "01", "01.01"}) {
      auto id = txn.InsertCategory(Category{0, code, code, 1, std::nullopt, std::nullopt});
      if (!id) return Fail(id.error());
    }
    return {};
  }));
  auto categories = store().ListCategories();
  ASSERT_TRUE(categories.has_value());
  std::vector<std::string> codes;
  for (const Category& c : *categories) codes.push_back(c.code);
  EXPECT_EQ(codes, (std::vector<std::string>{"01", "01.01", "01.02", "02"}));
}

TEST_P(StoreContractTest, DuplicatesAreBusinessRuleErrors) {
  SeedOrg();
  auto unit = store().Write([](WriteTxn& txn) -> Result<void> {
    auto r = txn.InsertUnit(Unit{0, "S-01", "重复街道", UnitKind::kStreet, 1});
    if (!r) return Fail(r.error());
    return {};
  });
  ASSERT_FALSE(unit.has_value());
  EXPECT_EQ(unit.error().kind, ErrorKind::kBusinessRule);
  EXPECT_EQ(unit.error().code, "duplicate_code");

  auto category = store().Write([](WriteTxn& txn) -> Result<void> {
    auto r = txn.InsertCategory(Category{0, "01.01", "重复", 2, 1, std::nullopt});
    if (!r) return Fail(r.error());
    return {};
  });
  ASSERT_FALSE(category.has_value());
  EXPECT_EQ(category.error().code, "duplicate_code");

  auto user = [&](std::string name) {
    return store().Write([name](WriteTxn& txn) -> Result<void> {
      auto r = txn.InsertUser(User{0, name, name, Role::kAgent, 1, true}, "h");
      if (!r) return Fail(r.error());
      return {};
    });
  };
  ASSERT_TRUE(user("wang"));
  auto taken = user("wang");
  ASSERT_FALSE(taken.has_value());
  EXPECT_EQ(taken.error().kind, ErrorKind::kBusinessRule);
  EXPECT_EQ(taken.error().code, "username_taken");
  EXPECT_EQ(store().ListUsers()->size(), 1u);
  EXPECT_EQ(store().ListUnits()->size(), 6u);
}

TEST_P(StoreContractTest, UnknownReferencesAreRefused) {
  SeedOrg();
  auto r = store().Write([](WriteTxn& txn) -> Result<void> {
    auto id = txn.InsertUnit(Unit{0, "C-X", "孤儿社区", UnitKind::kCommunity, 999});
    if (!id) return Fail(id.error());
    return {};
  });
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().kind, ErrorKind::kBusinessRule);
  auto user = store().Write([](WriteTxn& txn) -> Result<void> {
    auto id = txn.InsertUser(User{0, "ghost", "无单位", Role::kAgent, 999, true}, "h");
    if (!id) return Fail(id.error());
    return {};
  });
  ASSERT_FALSE(user.has_value());
  EXPECT_EQ(user.error().kind, ErrorKind::kBusinessRule);
}

TEST_P(StoreContractTest, Sessions) {
  SeedOrg();
  UserId a = 0;
  UserId b = 0;
  ASSERT_TRUE(store().Write([&](WriteTxn& txn) -> Result<void> {
    a = txn.InsertUser(User{0, "a", "甲", Role::kAgent, 1, true}, "h").value();
    b = txn.InsertUser(User{0, "b", "乙", Role::kAgent, 1, true}, "h").value();
    for (auto [token, user] : {std::pair{"t1", a}, std::pair{"t2", a}, std::pair{"t3", b}}) {
      if (auto r = txn.InsertSession(Session{token, user, kDay1, kDay1 + std::chrono::hours(8)});
          !r)
        return r;
    }
    return {};
  }));
  auto found = store().FindSession("t1");
  ASSERT_TRUE(found.has_value() && found->has_value());
  EXPECT_EQ((*found)->user_id, a);
  EXPECT_EQ((*found)->created_at, kDay1);
  EXPECT_EQ((*found)->expires_at, kDay1 + std::chrono::hours(8));
  EXPECT_FALSE(store().FindSession("nope")->has_value());

  ASSERT_TRUE(store().Write([](WriteTxn& txn) { return txn.DeleteSession("t1"); }));
  EXPECT_FALSE(store().FindSession("t1")->has_value());
  EXPECT_TRUE(store().FindSession("t2")->has_value());

  ASSERT_TRUE(store().Write([&](WriteTxn& txn) { return txn.DeleteUserSessions(a); }));
  EXPECT_FALSE(store().FindSession("t2")->has_value());
  EXPECT_TRUE(store().FindSession("t3")->has_value());
  // Deleting what is not there is not an error.
  EXPECT_TRUE(store().Write([](WriteTxn& txn) { return txn.DeleteSession("t1"); }));
}

std::string BackendName(const ::testing::TestParamInfo<Backend>& info) { return info.param.name; }

INSTANTIATE_TEST_SUITE_P(Backends, StoreContractTest, ::testing::ValuesIn(Backends()), BackendName);
INSTANTIATE_TEST_SUITE_P(Backends, StoreListOrdersTest, ::testing::ValuesIn(Backends()),
                         BackendName);

}  // namespace
}  // namespace hotline
