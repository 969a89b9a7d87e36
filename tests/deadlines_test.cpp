// Deadlines, the SLA policy and scheduler alarms through the real server.
#include <chrono>
#include <thread>

#include "support/hotline_fixture.h"

namespace hotline::testing {
namespace {

class DeadlinesTest : public HotlineTest {
 protected:
  ApiResponse Put(const std::string& body, const std::string& token) {
    return api().Request("PUT", "/api/v1/sla-policy", body, token, "application/json");
  }
};

TEST_F(DeadlinesTest, DispatchStartsTheSignClock) {
  const json created = MustCreate(OrderBody());
  const std::int64_t id = created["id"];
  EXPECT_TRUE(created["deadlines"]["sign"].is_null());
  const json dispatched = Dispatch(id, "320104002");
  const json& sign = dispatched["deadlines"]["sign"];
  ASSERT_TRUE(sign.is_object()) << dispatched["deadlines"].dump();
  EXPECT_FALSE(sign["overdue"].get<bool>());
  EXPECT_LE(sign["remaining_working_minutes"].get<int>(), 120);  // 2 working hours by default
  EXPECT_GE(sign["remaining_working_minutes"].get<int>(), 0);
  EXPECT_TRUE(dispatched["deadlines"]["handle"].is_null());
  const json signed_order = Sign(id, "320104002");
  EXPECT_TRUE(signed_order["deadlines"]["sign"].is_null());
  EXPECT_TRUE(signed_order["deadlines"]["handle"].is_object());
  EXPECT_EQ(signed_order["deadlines"]["sla_version"], 1);  // the demo's policy
}

TEST_F(DeadlinesTest, SlaPolicyIsVersionedAndValidated) {
  const auto current = api().Get("/api/v1/sla-policy", Token("agent1"));
  ASSERT_EQ(current.status, 200);
  json policy = current.body_json;
  const int version = policy["version"];

  // Only an administrator may change it.
  EXPECT_EQ(Put(policy.dump(), Token("dispatcher1")).status, 403);
  // A gap (the base rule without a callback limit) is refused and changes nothing.
  json gap = policy;
  gap["rules"][0].erase("callback");
  const auto refused = Put(gap.dump(), Token("admin"));
  EXPECT_EQ(refused.status, 400);
  EXPECT_EQ(refused.ErrorCode(), "invalid_sla_policy");
  EXPECT_EQ(refused.body_json["error"]["field"], "rules[0]");
  EXPECT_EQ(api().Get("/api/v1/sla-policy", Token("agent1")).body_json["version"], version);

  policy["rules"][0]["handle"] = {{"unit", "working_days"}, {"amount", 7}};
  const auto saved = Put(policy.dump(), Token("admin"));
  ASSERT_EQ(saved.status, 200) << saved.body;
  EXPECT_EQ(saved.body_json["version"], version + 1);
  const json order = HandlingOrder("320104002");
  EXPECT_EQ(order["deadlines"]["sla_version"], version + 1);
}

TEST_F(DeadlinesTest, SchedulerRaisesDueSoonAlarmsAndNotifiesTheUnit) {
  UseFastAlarms();

  const std::int64_t id = HandlingOrder("320104002")["id"];
  const std::string handler = HandlerOf("320104002");
  json notes;
  for (int i = 0; i < 100; ++i) {  // up to 10 s; normally a few hundred ms
    notes = api().Get("/api/v1/notifications?unread=true", Token(handler)).body_json["items"];
    if (!notes.empty()) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  ASSERT_FALSE(notes.empty()) << server().LogTail();
  EXPECT_EQ(notes[0]["kind"], "due_soon");
  EXPECT_EQ(notes[0]["order_id"], id);
  const json order = MustRead(id);
  const auto actions = EventActions(order);
  EXPECT_NE(std::find(actions.begin(), actions.end(), "due-soon"), actions.end());
  EXPECT_TRUE(order["deadlines"]["handle"]["due_soon"].get<bool>());

  // Another unit can neither see nor mark it.
  const std::string path =
      "/api/v1/notifications/" + std::to_string(notes[0]["id"].get<long>()) + "/read";
  EXPECT_TRUE(
      api().Get("/api/v1/notifications", Token(HandlerOf("320104003"))).body_json["items"].empty());
  EXPECT_EQ(api().Post(path, json::object(), Token(HandlerOf("320104003"))).status, 404);
  EXPECT_EQ(api().Post(path, json::object(), Token(handler)).status, 204);
  for (const json& n :
       api().Get("/api/v1/notifications?unread=true", Token(handler)).body_json["items"])
    EXPECT_NE(n["id"], notes[0]["id"]);
  EXPECT_EQ(api().Get("/api/v1/notifications?unread=maybe", Token(handler)).status, 400);
}

}  // namespace
}  // namespace hotline::testing

namespace hotline::testing {
namespace {

class BoardTest : public HotlineTest {
 protected:
  // An order of `lead_code` that reaches the callback step.
  std::int64_t AwaitingCallback(std::string_view lead_code) {
    const std::int64_t id = HandlingOrder(lead_code)["id"];
    Reply(id, lead_code);
    MustAct("reviewer1", id, "review-reply", {{"approve", true}});
    return id;
  }
  json Board(const std::string& user) {
    const auto r = api().Get("/api/v1/boards/dissatisfied", Token(user));
    EXPECT_EQ(r.status, 200) << r.body;
    return r.body_json;
  }
};

TEST_F(BoardTest, DissatisfiedOrdersStayUntilReRated) {
  EXPECT_EQ(Board("supervisor1")["total"], 0);
  const std::int64_t id = AwaitingCallback("320104002");
  MustAct("callback1", id, "callback",
          {{"reached", true}, {"resolved", false}, {"satisfaction", "dissatisfied"}});
  json board = Board("supervisor1");
  ASSERT_EQ(board["total"], 1);
  EXPECT_EQ(board["items"][0]["id"], id);
  EXPECT_EQ(board["by_unit"][0]["unit_id"], Unit("320104002"));
  EXPECT_EQ(board["by_unit"][0]["count"], 1);
  // The unit sees its own entry; another unit sees none.
  EXPECT_EQ(Board(HandlerOf("320104002"))["total"], 1);
  EXPECT_EQ(Board(HandlerOf("320104003"))["total"], 0);
  // The list filter agrees with the board.
  const auto listed =
      api().Get("/api/v1/orders?flags=dissatisfied", Token("supervisor1")).body_json;
  EXPECT_EQ(listed["total"], 1);

  // Reopened and handled again: still on the board until the citizen re-rates it.
  MustAct("callback1", id, "reopen", {{"note", "群众不满意"}, {"lead_unit_id", Unit("320104002")}});
  EXPECT_EQ(Board("supervisor1")["total"], 1);
  Sign(id, "320104002");
  Reply(id, "320104002");
  MustAct("reviewer1", id, "review-reply", {{"approve", true}});
  MustAct("callback1", id, "callback",
          {{"reached", true}, {"resolved", true}, {"satisfaction", "satisfied"}});
  EXPECT_EQ(Board("supervisor1")["total"], 0);
  EXPECT_EQ(api().Get("/api/v1/boards/dissatisfied?bogus=1", Token("supervisor1")).status, 400);
}

}  // namespace
}  // namespace hotline::testing
