// Supervision orders (督办单) through the real server: a supervisor issues
// one on an order, the supervised unit responds, the supervisor rejects the
// response and the supervision climbs to the next tier.
#include <fmt/format.h>

#include "support/hotline_fixture.h"

namespace hotline::testing {
namespace {

constexpr std::string_view kLead = "320104002";
constexpr std::string_view kOther = "320104003";

class SupervisionTest : public HotlineTest {
 protected:
  ApiResponse Supervise(std::int64_t order_id, const json& body,
                        const std::string& user = "supervisor1") {
    return api().Post(fmt::format("/api/v1/orders/{}/actions/supervise", order_id), body,
                      Token(user));
  }
  ApiResponse Respond(std::int64_t id, const json& body, const std::string& user) {
    return api().Post(fmt::format("/api/v1/supervisions/{}/respond", id), body, Token(user));
  }
  ApiResponse Review(std::int64_t id, const json& body, const std::string& user = "supervisor1") {
    return api().Post(fmt::format("/api/v1/supervisions/{}/review", id), body, Token(user));
  }
  json Get(std::int64_t id, const std::string& user = "supervisor1") {
    return api().Get(fmt::format("/api/v1/supervisions/{}", id), Token(user)).body_json;
  }
};

TEST_F(SupervisionTest, SuperviseRespondRejectEscalates) {
  const json order = HandlingOrder(kLead);
  const std::int64_t order_id = Id(order);

  const ApiResponse issued = Supervise(order_id, {{"tier", "manual"}, {"note", "请加快办理"}});
  ASSERT_EQ(issued.status, 201) << issued.body;
  const json& s = issued.body_json;
  const std::int64_t id = s["id"];
  EXPECT_EQ(s["tier"], "manual");
  EXPECT_EQ(s["tier_name"], "人工督办");
  EXPECT_EQ(s["state"], "open");
  EXPECT_EQ(s["unit_id"], Unit(kLead));
  EXPECT_EQ(s["order_id"], order_id);
  EXPECT_EQ(s["reason"], "manual");
  EXPECT_EQ(s["number"].get<std::string>().substr(0, 2), "DB");
  EXPECT_FALSE(s["due_at"].get<std::string>().empty());

  // A unit that was not supervised cannot respond, and nothing changes.
  const ApiResponse wrong = Respond(id, {{"response", "与我无关"}}, HandlerOf(kOther));
  EXPECT_EQ(wrong.status, 403) << wrong.body;
  EXPECT_EQ(Get(id)["state"], "open");
  EXPECT_EQ(Get(id)["response"], "");
  // Nor can it see it.
  EXPECT_EQ(api().Get(fmt::format("/api/v1/supervisions/{}", id), Token(HandlerOf(kOther))).status,
            404);
  // Bad input: no response text.
  EXPECT_EQ(Respond(id, json::object(), HandlerOf(kLead)).status, 400);
  // Reviewing before a response is a conflict.
  EXPECT_EQ(Review(id, {{"accept", true}}).status, 409);

  const ApiResponse answered =
      Respond(id, {{"response", "已约谈施工方，夜间停工"}}, HandlerOf(kLead));
  ASSERT_EQ(answered.status, 200) << answered.body;
  EXPECT_EQ(answered.body_json["state"], "responded");
  EXPECT_EQ(Respond(id, {{"response", "再次回复"}}, HandlerOf(kLead)).status, 409);

  // Only a supervisor reviews.
  EXPECT_EQ(Review(id, {{"accept", false}, {"note", "x"}}, HandlerOf(kLead)).status, 403);
  const ApiResponse rejected = Review(id, {{"accept", false}, {"note", "未说明整改结果"}});
  ASSERT_EQ(rejected.status, 200) << rejected.body;
  EXPECT_EQ(rejected.body_json["state"], "escalated");
  const json& up = rejected.body_json["escalated_to"];
  ASSERT_TRUE(up.is_object());
  EXPECT_EQ(up["tier"], "leader");
  EXPECT_EQ(up["state"], "open");
  EXPECT_EQ(up["parent_id"], id);
  EXPECT_EQ(up["unit_id"], Unit(kLead));

  // Both are listed for the order, newest first; the unit sees its own.
  const json list =
      api()
          .Get(fmt::format("/api/v1/supervisions?order_id={}", order_id), Token("supervisor1"))
          .body_json;
  ASSERT_EQ(list["total"], 2);
  EXPECT_EQ(list["items"][0]["id"], up["id"]);
  const json open_list =
      api().Get("/api/v1/supervisions?state=open&tier=leader", Token(HandlerOf(kLead))).body_json;
  EXPECT_GE(open_list["total"].get<int>(), 1);
  const json other_list = api().Get("/api/v1/supervisions", Token(HandlerOf(kOther))).body_json;
  for (const json& item : other_list["items"]) EXPECT_NE(item["id"], up["id"]);
  EXPECT_EQ(api().Get("/api/v1/supervisions?state=bogus", Token("supervisor1")).status, 400);
  EXPECT_EQ(api().Get("/api/v1/supervisions?color=red", Token("supervisor1")).status, 400);

  // The escalated tier is answered and accepted.
  const std::int64_t up_id = up["id"];
  ASSERT_EQ(Respond(up_id, {{"response", "已整改完毕"}}, HandlerOf(kLead)).status, 200);
  const ApiResponse accepted = Review(up_id, {{"accept", true}});
  ASSERT_EQ(accepted.status, 200) << accepted.body;
  EXPECT_EQ(accepted.body_json["state"], "accepted");
  EXPECT_TRUE(accepted.body_json["escalated_to"].is_null());
}

TEST_F(SupervisionTest, BadSupervisionRequestsAreRefused) {
  const json handling = HandlingOrder(kLead);
  const std::int64_t id = Id(handling);
  EXPECT_EQ(Supervise(id, {{"tier", "manual"}}, "agent1").status, 403);
  EXPECT_EQ(Supervise(id, {{"tier", "boss"}}).status, 400);
  EXPECT_EQ(Supervise(id, {{"tier", "system"}}).status, 400);
  EXPECT_EQ(Supervise(id, {{"note", "no tier"}}).status, 400);
  EXPECT_EQ(Supervise(id, {{"tier", "manual"}, {"due_at", "2001-01-01T00:00:00+08:00"}}).status,
            400);
  EXPECT_EQ(Supervise(id, {{"tier", "manual"}, {"extra", 1}}).status, 400);
  EXPECT_EQ(Supervise(id, {{"tier", "manual"}}, "leader1").status, 403);
  EXPECT_EQ(Supervise(id, {{"tier", "leader"}}, "leader1").status, 201);
  EXPECT_EQ(Supervise(999999, {{"tier", "manual"}}).status, 404);
  // Not yet dispatched: no unit to supervise.
  const json fresh = MustCreate(OrderBody());
  EXPECT_EQ(Supervise(Id(fresh), {{"tier", "manual"}}).status, 422);
  // Only the leader's supervision was recorded.
  const json list = api().Get("/api/v1/supervisions", Token("supervisor1")).body_json;
  EXPECT_EQ(list["total"], 1);
  EXPECT_EQ(api().Get("/api/v1/supervisions/999999", Token("supervisor1")).status, 404);
}

}  // namespace
}  // namespace hotline::testing

namespace hotline::testing {
namespace {

class UnitSupervisionTest : public HotlineTest {};

TEST_F(UnitSupervisionTest, ASupervisorSupervisesAUnitDirectly) {
  const std::int64_t street = Unit("320104005");
  const auto issued =
      api().Post("/api/v1/supervisions",
                 {{"unit_id", street}, {"tier", "manual"}, {"note", "辖区占道问题集中"}},
                 Token("supervisor1"));
  ASSERT_EQ(issued.status, 201) << issued.body;
  EXPECT_EQ(issued.body_json["unit_id"], street);
  EXPECT_TRUE(issued.body_json["order_id"].is_null());
  // The street sees it and answers it; another street does not see it.
  const std::string path =
      "/api/v1/supervisions/" + std::to_string(issued.body_json["id"].get<long>());
  EXPECT_EQ(api().Get(path, Token(HandlerOf("320104005"))).status, 200);
  EXPECT_EQ(api().Get(path, Token(HandlerOf("320104006"))).status, 404);
  EXPECT_EQ(
      api()
          .Post(path + "/respond", {{"response", "已部署专项整治"}}, Token(HandlerOf("320104005")))
          .status,
      200);
  // Bad input: unknown unit, the platform, a handler issuing, unknown field.
  EXPECT_EQ(api()
                .Post("/api/v1/supervisions", {{"unit_id", 999999}, {"tier", "manual"}},
                      Token("supervisor1"))
                .ErrorCode(),
            "unknown_unit");
  EXPECT_EQ(api()
                .Post("/api/v1/supervisions", {{"unit_id", Unit("320104000")}, {"tier", "manual"}},
                      Token("supervisor1"))
                .ErrorCode(),
            "platform_unit");
  EXPECT_EQ(api()
                .Post("/api/v1/supervisions", {{"unit_id", street}, {"tier", "manual"}},
                      Token(HandlerOf("320104005")))
                .status,
            403);
  EXPECT_EQ(api()
                .Post("/api/v1/supervisions", {{"unit_id", street}, {"tier", "manual"}, {"x", 1}},
                      Token("supervisor1"))
                .ErrorCode(),
            "unknown_field");
  const auto listed = api().Get("/api/v1/supervisions", Token("supervisor1")).body_json;
  EXPECT_EQ(listed["total"], 1);
}

}  // namespace
}  // namespace hotline::testing
