// Nothing acknowledged is lost: the server is killed with SIGKILL in the
// middle of a stream of concurrent intakes, restarted on the same database
// and port, and every order and event that got a 2xx must be there.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <atomic>
#include <chrono>
#include <set>
#include <thread>

#include "support/hotline_fixture.h"

namespace hotline::testing {
namespace {

using Strings = std::vector<std::string>;

class DurabilityTest : public HotlineTest {
 protected:
  void RestartServer() {
    std::string error;
    ASSERT_TRUE(server().Restart(&error)) << error;
    ForgetTokens();  // log in again: a restart need not keep sessions
  }

  std::int64_t OrderCount() {
    ApiResponse r = api().Get("/api/v1/orders?page_size=1", Token("dispatcher1"));
    if (r.status != 200) throw std::runtime_error("listing orders failed: " + Describe(r));
    return r.body_json.at("total").get<std::int64_t>();
  }

  json IntakeFor(const std::string& key) const {
    json body = OrderBody("断电测试工单 " + key);
    body["idempotency_key"] = key;
    return body;
  }
};

struct Ack {
  std::string key;
  std::int64_t id = 0;
  std::string number;
  std::string title;
};

TEST_F(DurabilityTest, KillNineLosesNoAcknowledgedOrderOrEvent) {
  // Orders at several stages before the crash.
  const std::int64_t replied = Id(HandlingOrder(kDept1, "断电前已答复的工单"));
  MustAct(HandlerOf(kDept1), replied, "reply", ReplyBody());
  const json replied_before = MustRead(replied);
  const std::int64_t dispatched = Id(MustCreate(OrderBody("断电前已派单的工单")));
  Dispatch(dispatched, kDept2);
  const json dispatched_before = MustRead(dispatched);

  // A stream of concurrent intakes; the server dies in the middle of it.
  constexpr int kThreads = 4;
  const std::string token = Token("agent1");
  std::vector<std::vector<Ack>> acks(kThreads);
  std::vector<Strings> unanswered(kThreads);  // sent, but no 2xx came back
  std::vector<Strings> refused(kThreads);     // an error answer (must not happen)
  std::atomic<int> acked{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t)
    threads.emplace_back([&, t] {
      auto client = NewClient();
      for (int i = 0; i < 100000; ++i) {
        const std::string key = "kill9-" + std::to_string(t) + "-" + std::to_string(i);
        const json body = IntakeFor(key);
        const ApiResponse r = client->Post("/api/v1/orders", body, token);
        if (r.status == 201) {
          acks[t].push_back({key, r.body_json.at("id").get<std::int64_t>(),
                             r.body_json.value("number", ""), body["title"].get<std::string>()});
          ++acked;
          continue;
        }
        if (r.status == 0) {  // the server is gone
          unanswered[t].push_back(key);
          return;
        }
        refused[t].push_back(key + ": " + Describe(r));
      }
    });
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while (acked.load() < 80 && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  server().Kill();
  for (auto& th : threads) th.join();
  ASSERT_GE(acked.load(), 1) << "no intake was acknowledged before the kill";
  for (const auto& r : refused) EXPECT_TRUE(r.empty()) << r.front();

  RestartServer();
  // Every acknowledged order is there, with its number, text and intake event.
  std::set<std::string> numbers;
  std::size_t total_acks = 0;
  for (const auto& per_thread : acks)
    for (const Ack& ack : per_thread) {
      ++total_acks;
      const ApiResponse r = Read("agent1", ack.id);
      ASSERT_EQ(r.status, 200) << "acknowledged order " << ack.key << " lost: " << Describe(r);
      EXPECT_EQ(r.body_json.value("number", ""), ack.number);
      EXPECT_EQ(r.body_json.value("title", ""), ack.title);
      EXPECT_EQ(EventActions(r.body_json), Strings{"intake"});
      numbers.insert(ack.number);
    }
  EXPECT_EQ(numbers.size(), total_acks) << "order numbers are unique";
  // The orders from before the stream kept all their events.
  EXPECT_EQ(MustRead(replied)["events"], replied_before["events"]);
  EXPECT_EQ(MustRead(dispatched)["events"], dispatched_before["events"]);

  // Retrying the unanswered intakes creates each at most once.
  std::size_t unanswered_count = 0;
  for (const auto& keys : unanswered)
    for (const std::string& key : keys) {
      ++unanswered_count;
      const ApiResponse r = Create(IntakeFor(key));
      EXPECT_TRUE(r.status == 200 || r.status == 201) << key << ": " << Describe(r);
      const ApiResponse again = Create(IntakeFor(key));
      EXPECT_EQ(again.status, 200) << key << ": " << Describe(again);
      EXPECT_EQ(again.body_json["id"], r.body_json["id"]);
    }
  EXPECT_EQ(OrderCount(), static_cast<std::int64_t>(2 + total_acks + unanswered_count));
  std::cout << "acknowledged before kill -9: " << total_acks
            << ", in flight at the kill: " << unanswered_count << "\n";

  // Life goes on after the crash: both old orders and a new one reach closed.
  MustAct("reviewer1", replied, "review-reply", {{"approve", true}, {"note", ""}});
  const json closed = MustAct("callback1", replied, "callback",
                              {{"reached", true},
                               {"resolved", true},
                               {"satisfaction", "basically_satisfied"},
                               {"note", "基本满意"}});
  EXPECT_EQ(StateOf(closed), "closed");
  EXPECT_EQ(EventActions(MustRead(replied)),
            (Strings{"intake", "dispatch", "sign", "reply", "review-reply", "callback"}));
  Sign(dispatched, kDept2);
  Reply(dispatched, kDept2);
  std::int64_t first_ack = 0;
  for (const auto& per_thread : acks)
    if (first_ack == 0 && !per_thread.empty()) first_ack = per_thread.front().id;
  Dispatch(first_ack, kStreet1);

  // A graceful stop (SIGTERM) exits cleanly and keeps everything as well.
  const int status = server().Stop();
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << "exit status " << status;
  RestartServer();
  EXPECT_EQ(StateOf(MustRead(replied)), "closed");
  EXPECT_EQ(StateOf(MustRead(dispatched)), "replied");
  EXPECT_EQ(StateOf(MustRead(first_ack)), "dispatched");
  EXPECT_EQ(OrderCount(), static_cast<std::int64_t>(2 + total_acks + unanswered_count));
}

TEST_F(DurabilityTest, KillNineDuringConcurrentActionsKeepsLogsConsistent) {
  // Several orders moved through actions by parallel clients while the server
  // is killed: afterwards each order keeps every acknowledged event (at most
  // the one in flight may be added), and its log is gap-free.
  constexpr int kOrders = 8;
  std::vector<std::int64_t> ids;
  for (int i = 0; i < kOrders; ++i) ids.push_back(Id(MustCreate(OrderBody("并发动作断电测试"))));
  const std::string dispatcher = Token("dispatcher1");
  const std::int64_t d1 = Unit(kDept1);
  const std::int64_t d2 = Unit(kDept2);
  std::atomic<bool> stop{false};
  std::vector<std::int64_t> acked_version(kOrders, 1);  // the intake
  std::vector<std::thread> threads;
  for (int i = 0; i < kOrders; ++i)
    threads.emplace_back([&, i] {
      auto client = NewClient();
      const std::string base = "/api/v1/orders/" + std::to_string(ids[i]) + "/actions/";
      ApiResponse r = client->Post(
          base + "dispatch",
          {{"lead_unit_id", d1}, {"assist_unit_ids", json::array()}, {"note", ""}}, dispatcher);
      for (int n = 0; r.status == 200 && !stop.load(); ++n) {
        acked_version[i] = r.body_json.at("version").get<std::int64_t>();
        r = client->Post(base + "reassign",
                         {{"lead_unit_id", n % 2 == 0 ? d2 : d1},
                          {"assist_unit_ids", json::array()},
                          {"note", "改派 " + std::to_string(n)}},
                         dispatcher);
      }
      if (r.status == 200) acked_version[i] = r.body_json.at("version").get<std::int64_t>();
    });
  std::this_thread::sleep_for(std::chrono::milliseconds(700));
  server().Kill();
  stop = true;
  for (auto& th : threads) th.join();

  RestartServer();
  std::int64_t acked_events = 0;
  for (int i = 0; i < kOrders; ++i) {
    const std::int64_t id = ids[i];
    const json o = MustRead(id);
    const auto& events = o["events"];
    acked_events += acked_version[i];
    EXPECT_GE(Version(o), acked_version[i])
        << "an acknowledged action of order " << id << " was lost";
    EXPECT_LE(Version(o), acked_version[i] + 1) << "order " << id << " gained unknown events";
    ASSERT_EQ(static_cast<std::int64_t>(events.size()), Version(o));
    for (std::size_t i = 0; i < events.size(); ++i)
      EXPECT_EQ(events[i].value("seq", std::int64_t{0}), static_cast<std::int64_t>(i + 1));
    EXPECT_EQ(StateOf(o), Version(o) >= 2 ? "dispatched" : "pending_dispatch");
    // The projection agrees with the last event.
    if (events.size() >= 2) {
      const json& last = events.back();
      EXPECT_EQ(o["lead_unit_id"], last["payload"]["lead_unit_id"]);
    }
    // And the order can still be taken further.
    if (Version(o) >= 2) {
      const std::int64_t lead = o["lead_unit_id"].get<std::int64_t>();
      const std::string lead_code = org().FindById(lead)->code;
      EXPECT_EQ(StateOf(Sign(id, lead_code)), "handling");
    }
  }
  std::cout << "acknowledged events before kill -9: " << acked_events << "\n";
}

}  // namespace
}  // namespace hotline::testing
