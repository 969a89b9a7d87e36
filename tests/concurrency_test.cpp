// Conflicting requests fired at the same instant from several threads: the
// optimistic version check lets exactly one win, and retried intakes with
// one idempotency key create exactly one order.
#include <gtest/gtest.h>

#include <atomic>
#include <latch>
#include <set>
#include <thread>

#include "support/hotline_fixture.h"

namespace hotline::testing {
namespace {

class ConcurrencyTest : public HotlineTest {
 protected:
  std::int64_t OrderCount() {
    ApiResponse r = api().Get("/api/v1/orders?page_size=1", Token("dispatcher1"));
    if (r.status != 200) throw std::runtime_error("listing orders failed: " + Describe(r));
    return r.body_json.at("total").get<std::int64_t>();
  }

  // Sends one request per entry of `bodies` to `path` at the same moment,
  // each from its own thread and connection (warmed up first so that the
  // requests, not the TCP handshakes, race).
  std::vector<ApiResponse> Race(const std::string& path, const std::vector<json>& bodies,
                                const std::vector<std::string>& tokens) {
    const std::size_t n = bodies.size();
    std::vector<std::unique_ptr<ApiClient>> clients;
    for (std::size_t i = 0; i < n; ++i) {
      clients.push_back(NewClient());
      clients.back()->Get("/healthz");
    }
    std::vector<ApiResponse> out(n);
    std::latch start(static_cast<std::ptrdiff_t>(n));
    std::vector<std::thread> threads;
    for (std::size_t i = 0; i < n; ++i)
      threads.emplace_back([&, i] {
        start.arrive_and_wait();
        out[i] = clients[i]->Post(path, bodies[i], tokens[i]);
      });
    for (auto& t : threads) t.join();
    return out;
  }
};

TEST_F(ConcurrencyTest, TwoDispatchersSameVersionExactlyOneWins) {
  // Two sessions of dispatchers, as two people at two desks.
  auto second_desk = NewClient();
  const std::string desk_a = Token("dispatcher1");
  const std::string desk_b = second_desk->Login("dispatcher1", kDemoPassword);
  ASSERT_FALSE(desk_b.empty());
  const std::int64_t d1 = Unit(kDept1);
  const std::int64_t d2 = Unit(kDept2);
  std::map<int, int> wins_by_desk;
  for (int round = 0; round < 20; ++round) {
    const json created = MustCreate(OrderBody("并发派单测试"));
    const std::int64_t id = Id(created);
    const std::string path = "/api/v1/orders/" + std::to_string(id) + "/actions/dispatch";
    const std::vector<json> bodies = {
        {{"lead_unit_id", d1}, {"assist_unit_ids", json::array()}, {"note", "甲"}, {"version", 1}},
        {{"lead_unit_id", d2}, {"assist_unit_ids", json::array()}, {"note", "乙"}, {"version", 1}}};
    const auto results = Race(path, bodies, {desk_a, desk_b});
    int ok = 0, conflict = 0, winner = -1;
    for (int i = 0; i < 2; ++i) {
      if (results[i].status == 200) {
        ++ok;
        winner = i;
      } else if (results[i].status == 409) {
        ++conflict;
        const std::set<std::string> codes = {"version_conflict", "illegal_transition"};
        EXPECT_TRUE(codes.contains(results[i].ErrorCode())) << Describe(results[i]);
      } else {
        ADD_FAILURE() << "round " << round << ": " << Describe(results[i]);
      }
    }
    ASSERT_EQ(ok, 1) << "round " << round << ": " << Describe(results[0]) << " / "
                     << Describe(results[1]);
    ASSERT_EQ(conflict, 1) << "round " << round;
    ++wins_by_desk[winner];
    const json stored = MustRead(id);
    EXPECT_EQ(Version(stored), 2);
    EXPECT_EQ(EventActions(stored), (std::vector<std::string>{"intake", "dispatch"}));
    EXPECT_EQ(stored["lead_unit_id"], winner == 0 ? d1 : d2) << "the winner's dispatch is stored";
  }
  // Not asserted (scheduling decides), but useful when reading the log.
  std::cout << "dispatch races won: desk A " << wins_by_desk[0] << ", desk B " << wins_by_desk[1]
            << "\n";
}

TEST_F(ConcurrencyTest, ConflictingActionsWithoutVersionStillSerialise) {
  // Two signs without a version (a double click): each is legal on its own,
  // but only one can follow the other, so the second must be refused.
  const std::int64_t d1 = Unit(kDept1);
  for (int round = 0; round < 10; ++round) {
    const std::int64_t id = Id(MustCreate(OrderBody("并发改派与签收")));
    Dispatch(id, kDept1);
    const std::string base = "/api/v1/orders/" + std::to_string(id) + "/actions/";
    const auto signs = Race(base + "sign", {json::object(), json::object()},
                            {Token(HandlerOf(kDept1)), Token(HandlerOf(kDept1))});
    int ok = 0;
    for (const auto& r : signs) {
      if (r.status == 200) {
        ++ok;
      } else {
        EXPECT_EQ(r.status, 409) << Describe(r);
      }
    }
    EXPECT_EQ(ok, 1) << "round " << round;
    const json stored = MustRead(id);
    EXPECT_EQ(EventActions(stored), (std::vector<std::string>{"intake", "dispatch", "sign"}));
    EXPECT_EQ(stored["lead_unit_id"], d1);
  }
}

TEST_F(ConcurrencyTest, IdempotentIntakeRetriedConcurrentlyCreatesOneOrder) {
  const std::int64_t before = OrderCount();
  constexpr int kRounds = 5;
  constexpr int kRetries = 6;
  for (int round = 0; round < kRounds; ++round) {
    json body = OrderBody("重复提交的同一来电");
    body["idempotency_key"] = "concurrent-intake-" + std::to_string(round);
    const auto results = Race("/api/v1/orders", std::vector<json>(kRetries, body),
                              std::vector<std::string>(kRetries, Token("agent1")));
    int created = 0, replayed = 0;
    std::set<std::int64_t> ids;
    for (const auto& r : results) {
      if (r.status == 201) ++created;
      if (r.status == 200) ++replayed;
      ASSERT_TRUE(r.status == 200 || r.status == 201) << Describe(r);
      ids.insert(r.body_json.at("id").get<std::int64_t>());
    }
    EXPECT_EQ(created, 1) << "round " << round;
    EXPECT_EQ(replayed, kRetries - 1) << "round " << round;
    EXPECT_EQ(ids.size(), 1u) << "every retry answers with the same order";
  }
  EXPECT_EQ(OrderCount(), before + kRounds);
}

TEST_F(ConcurrencyTest, ManyWritersOnDifferentOrdersAllSucceed) {
  constexpr int kThreads = 6;
  constexpr int kPerThread = 15;
  const std::string agent = Token("agent1");
  const std::string dispatcher = Token("dispatcher1");
  const std::int64_t d1 = Unit(kDept1);
  const json body = OrderBody("并发登记与派单");
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  std::latch start(kThreads);
  for (int t = 0; t < kThreads; ++t)
    threads.emplace_back([&] {
      auto client = NewClient();
      start.arrive_and_wait();
      for (int i = 0; i < kPerThread; ++i) {
        const ApiResponse c = client->Post("/api/v1/orders", body, agent);
        if (c.status != 201) {
          ++failures;
          continue;
        }
        const std::string path = "/api/v1/orders/" +
                                 std::to_string(c.body_json.at("id").get<std::int64_t>()) +
                                 "/actions/dispatch";
        const ApiResponse d = client->Post(path,
                                           {{"lead_unit_id", d1},
                                            {"assist_unit_ids", json::array()},
                                            {"note", ""},
                                            {"version", 1}},
                                           dispatcher);
        if (d.status != 200) ++failures;
      }
    });
  for (auto& th : threads) th.join();
  EXPECT_EQ(failures.load(), 0);
  EXPECT_EQ(OrderCount(), kThreads * kPerThread);
  const ApiResponse list =
      api().Get("/api/v1/orders?state=dispatched&page_size=1", Token("dispatcher1"));
  ASSERT_EQ(list.status, 200) << Describe(list);
  EXPECT_EQ(list.body_json["total"], kThreads * kPerThread);
}

}  // namespace
}  // namespace hotline::testing
