// The work-order lifecycle end to end over HTTP against a real server:
// every step is checked in the action's answer and again in what the server
// stores (state, version, the action log).
#include <gtest/gtest.h>

#include "support/hotline_fixture.h"

namespace hotline::testing {
namespace {

using Strings = std::vector<std::string>;
using Ids = std::vector<std::int64_t>;

class LifecycleTest : public HotlineTest {
 protected:
  // Takes `action` as `user` and checks the answer and the stored order:
  // the new state, a version one higher, and the full log in order.
  json Step(const std::string& user, std::int64_t id, std::string_view action, const json& body,
            std::string_view expected_state) {
    const json after = MustAct(user, id, action, body);
    log_.emplace_back(action);
    const auto expected_version = static_cast<std::int64_t>(log_.size());
    EXPECT_EQ(StateOf(after), expected_state) << "after " << action;
    EXPECT_EQ(Version(after), expected_version) << "after " << action;
    const json stored = MustRead(id);
    EXPECT_EQ(StateOf(stored), expected_state) << "stored, after " << action;
    EXPECT_EQ(Version(stored), expected_version) << "stored, after " << action;
    EXPECT_EQ(EventActions(stored), log_) << "event log after " << action;
    if (!stored["events"].empty()) {
      const json& last = stored["events"].back();
      EXPECT_EQ(last.value("seq", 0), expected_version);
      EXPECT_EQ(last.value("state_after", ""), expected_state);
      EXPECT_EQ(last["actor"].value("username", ""), user);
    }
    return after;
  }

  std::vector<std::string> log_{"intake"};
};

TEST_F(LifecycleTest, FullLifeWithReturnReopenAndTwoCallbacks) {
  const json created = MustCreate(OrderBody());
  const std::int64_t id = Id(created);
  EXPECT_EQ(StateOf(created), "pending_dispatch");
  EXPECT_EQ(Version(created), 1);
  EXPECT_EQ(created.value("number", "").size(), 13u) << created.value("number", "");
  EXPECT_EQ(EventActions(MustRead(id)), log_);
  {
    const json as_dispatcher = MustRead(id, "dispatcher1");
    EXPECT_TRUE(Allows(as_dispatcher, "dispatch"));
    EXPECT_TRUE(Allows(as_dispatcher, "direct-answer"));
    EXPECT_FALSE(Allows(as_dispatcher, "sign"));
    EXPECT_FALSE(Allows(MustRead(id, "agent1"), "dispatch"));
  }

  // Dispatched to department 1, which says it is not its duty.
  const std::int64_t d1 = Unit(kDept1);
  json o = Step("dispatcher1", id, "dispatch",
                {{"lead_unit_id", d1}, {"assist_unit_ids", json::array()}, {"note", "请核查处理"}},
                "dispatched");
  EXPECT_EQ(o["lead_unit_id"], d1);
  {
    const json as_lead = MustRead(id, HandlerOf(kDept1));
    EXPECT_TRUE(Allows(as_lead, "sign"));
    EXPECT_TRUE(Allows(as_lead, "return"));
    EXPECT_FALSE(Allows(as_lead, "reply"));
  }
  o = Step(HandlerOf(kDept1), id, "return",
           {{"reason_code", "not_our_duty"},
            {"basis", "依据《秦淮区权责清单》，建筑施工噪音由街道综合执法负责"},
            {"duty_item", "《秦淮区权责清单》生态环境第 18 项"},
            {"note", "建议派街道"}},
           "dispatched");
  ASSERT_TRUE(o["pending_application"].is_object()) << o.dump();
  EXPECT_EQ(o["pending_application"].value("kind", ""), "return");
  EXPECT_EQ(o["pending_application"]["unit_id"], d1);
  EXPECT_FALSE(Allows(MustRead(id, HandlerOf(kDept1)), "sign"));
  EXPECT_TRUE(Allows(MustRead(id, "dispatcher1"), "review-return"));

  o = Step("dispatcher1", id, "review-return", {{"approve", true}, {"note", "同意退回"}},
           "pending_dispatch");
  EXPECT_TRUE(o["lead_unit_id"].is_null());
  EXPECT_TRUE(o["pending_application"].is_null());
  EXPECT_EQ(o.value("return_count", -1), 1);

  // Re-dispatched to street 1, which handles and replies.
  const std::int64_t s1 = Unit(kStreet1);
  o = Step("dispatcher1", id, "dispatch",
           {{"lead_unit_id", s1}, {"assist_unit_ids", json::array()}, {"note", "改由街道办理"}},
           "dispatched");
  EXPECT_EQ(o["lead_unit_id"], s1);
  o = Step(HandlerOf(kStreet1), id, "sign", json::object(), "handling");
  {
    const json as_lead = MustRead(id, HandlerOf(kStreet1));
    EXPECT_TRUE(Allows(as_lead, "reply"));
    EXPECT_TRUE(Allows(as_lead, "extend"));
    EXPECT_FALSE(Allows(as_lead, "sign"));
  }
  o = Step(HandlerOf(kStreet1), id, "reply", ReplyBody(), "replied");
  EXPECT_TRUE(o["reply"].is_object());
  o = Step("reviewer1", id, "review-reply", {{"approve", true}, {"note", "答复规范"}},
           "pending_callback");

  // The citizen is not satisfied: the callback fails and the order is reopened.
  o = Step("callback1", id, "callback",
           {{"reached", true},
            {"resolved", false},
            {"satisfaction", "dissatisfied"},
            {"note", "诉求人表示施工仍在继续"}},
           "pending_callback");
  {
    const json as_callback = MustRead(id, "callback1");
    EXPECT_TRUE(Allows(as_callback, "reopen"));
    EXPECT_TRUE(Allows(as_callback, "close"));
    EXPECT_FALSE(Allows(as_callback, "callback"));
  }
  const std::int64_t d2 = Unit(kDept2);
  o = Step("callback1", id, "reopen", {{"note", "不满意，重办"}, {"lead_unit_id", d2}},
           "dispatched");
  EXPECT_EQ(o["lead_unit_id"], d2);
  EXPECT_EQ(o.value("reopen_count", -1), 1);
  EXPECT_EQ(o.value("number", ""), created.value("number", ""))
      << "a reopened order keeps its number";

  o = Step(HandlerOf(kDept2), id, "sign", json::object(), "handling");
  o = Step(HandlerOf(kDept2), id, "reply", ReplyBody(), "replied");
  o = Step("reviewer1", id, "review-reply", {{"approve", true}, {"note", ""}}, "pending_callback");
  o = Step("callback1", id, "callback",
           {{"reached", true},
            {"resolved", true},
            {"satisfaction", "satisfied"},
            {"note", "诉求人满意"}},
           "closed");
  EXPECT_EQ(o.value("close_reason", ""), "callback");
  EXPECT_FALSE(o["closed_at"].is_null());
  EXPECT_EQ(o["last_callback"].value("satisfaction", ""), "satisfied");

  const json final_order = MustRead(id);
  EXPECT_EQ(
      EventActions(final_order),
      (Strings{"intake", "dispatch", "return", "review-return", "dispatch", "sign", "reply",
               "review-reply", "callback", "reopen", "sign", "reply", "review-reply", "callback"}));
  std::int64_t seq = 0;
  for (const json& e : final_order["events"]) {
    EXPECT_EQ(e.value("seq", 0), ++seq);
    EXPECT_TRUE(e.contains("at") && e["at"].is_string());
  }
  EXPECT_FALSE(Allows(MustRead(id, "callback1"), "callback"));
  EXPECT_FALSE(Allows(MustRead(id, HandlerOf(kDept2)), "reply"));
}

TEST_F(LifecycleTest, DirectAnswerClosesAConsultation) {
  json body = OrderBody("咨询居住证办理材料");
  body["demand_type"] = "consultation";
  body["content"] = "请问办理居住证需要哪些材料？";
  const std::int64_t id = Id(MustCreate(body));
  EXPECT_TRUE(Allows(MustRead(id, "agent1"), "direct-answer"));
  const json o =
      Step("agent1", id, "direct-answer",
           {{"answer", "需携带身份证、居住登记凭证和近期照片，到社区服务中心办理。"}}, "closed");
  EXPECT_EQ(o.value("close_reason", ""), "direct_answer");
  EXPECT_TRUE(o["lead_unit_id"].is_null());
}

TEST_F(LifecycleTest, NonAcceptanceApprovedClosesTheOrder) {
  const std::int64_t id = Id(HandlingOrder(kDept1, "要求撤销已生效的法院判决"));
  log_ = {"intake", "dispatch", "sign"};
  json o =
      Step(HandlerOf(kDept1), id, "reject-acceptance",
           {{"basis", "属司法程序事项，依法不属于热线受理范围"}, {"note", "建议通过诉讼途径解决"}},
           "handling");
  ASSERT_TRUE(o["pending_application"].is_object()) << o.dump();
  EXPECT_EQ(o["pending_application"].value("kind", ""), "reject-acceptance");
  EXPECT_TRUE(Allows(MustRead(id, "reviewer1"), "review-rejection"));
  EXPECT_FALSE(Allows(MustRead(id, HandlerOf(kDept1)), "reply"));
  o = Step("reviewer1", id, "review-rejection", {{"approve", true}, {"note", "同意不予受理"}},
           "closed");
  EXPECT_EQ(o.value("close_reason", ""), "non_acceptance");
  EXPECT_TRUE(o["pending_application"].is_null());
}

TEST_F(LifecycleTest, ExtensionApprovedAddsDays) {
  const std::int64_t id = Id(HandlingOrder(kDept1, "老旧小区加装电梯协调"));
  log_ = {"intake", "dispatch", "sign"};
  json o = Step(HandlerOf(kDept1), id, "extend",
                {{"days", 5}, {"reason", "需多户业主协商，协调时间较长"}}, "handling");
  ASSERT_TRUE(o["pending_application"].is_object()) << o.dump();
  EXPECT_EQ(o["pending_application"].value("kind", ""), "extend");
  EXPECT_EQ(o.value("extension_days", -1), 0);
  o = Step("reviewer1", id, "review-extension", {{"approve", true}, {"note", "同意延期5个工作日"}},
           "handling");
  EXPECT_EQ(o.value("extension_days", -1), 5);
  EXPECT_TRUE(o["pending_application"].is_null());
  // Handling carries on to a reply.
  Step(HandlerOf(kDept1), id, "reply", ReplyBody(), "replied");
}

TEST_F(LifecycleTest, MergeUpdatesBothOrders) {
  const json master = MustCreate(OrderBody("中华路工地夜间施工"));
  const json duplicate = MustCreate(OrderBody("中华路工地夜间施工（重复来电）"));
  const std::int64_t master_id = Id(master);
  const std::int64_t dup_id = Id(duplicate);
  Step("agent1", dup_id, "merge", {{"into_id", master_id}, {"note", "同一工地同一诉求"}}, "merged");
  const json dup = MustRead(dup_id);
  EXPECT_EQ(dup["merged_into"], master_id);
  EXPECT_TRUE(dup["close_reason"].is_null());  // it closes with the master's outcome

  const json m = MustRead(master_id);
  EXPECT_EQ(StateOf(m), "pending_dispatch");
  EXPECT_EQ(Version(m), 2);
  EXPECT_EQ(EventActions(m), (Strings{"intake", "merged-in"}));
  ASSERT_TRUE(m["merged_ids"].is_array());
  EXPECT_EQ(m["merged_ids"].get<Ids>(), Ids{dup_id});
}

TEST_F(LifecycleTest, AssistingUnitRepliesToTheLead) {
  const std::int64_t id = Id(MustCreate(OrderBody("道路积水影响出行")));
  const std::int64_t d2 = Unit(kDept2);
  json o = Step("dispatcher1", id, "dispatch",
                {{"lead_unit_id", Unit(kDept1)}, {"assist_unit_ids", {d2}}, {"note", "主协办"}},
                "dispatched");
  EXPECT_EQ(o["assist_unit_ids"].get<Ids>(), Ids{d2});
  EXPECT_TRUE(Allows(MustRead(id, HandlerOf(kDept2)), "assist-reply"));
  EXPECT_FALSE(Allows(MustRead(id, HandlerOf(kDept2)), "sign"));
  o = Step(HandlerOf(kDept2), id, "assist-reply", {{"content", "已安排排水车辆配合抽排积水"}},
           "dispatched");
  ASSERT_TRUE(o["assist_replies"].is_array()) << o.dump();
  ASSERT_EQ(o["assist_replies"].size(), 1u);
  EXPECT_EQ(o["assist_replies"][0]["unit_id"], d2);
  EXPECT_EQ(o["assist_replies"][0].value("content", ""), "已安排排水车辆配合抽排积水");
  // The lead sees the part reply.
  const json as_lead = MustRead(id, HandlerOf(kDept1));
  EXPECT_EQ(as_lead["assist_replies"].size(), 1u);
}

TEST_F(LifecycleTest, RejectedReplyGoesBackToHandling) {
  const std::int64_t id = Id(HandlingOrder(kStreet1));
  log_ = {"intake", "dispatch", "sign"};
  Step(HandlerOf(kStreet1), id, "reply", ReplyBody(), "replied");
  Step("reviewer1", id, "review-reply",
       {{"approve", false}, {"note", "答复未说明具体整改时限，请补充"}}, "handling");
  EXPECT_TRUE(Allows(MustRead(id, HandlerOf(kStreet1)), "reply"));
  Step(HandlerOf(kStreet1), id, "reply", ReplyBody(), "replied");
  Step("reviewer1", id, "review-reply", {{"approve", true}, {"note", ""}}, "pending_callback");
}

TEST_F(LifecycleTest, RejectedReturnStaysWithTheUnit) {
  const std::int64_t id = Id(MustCreate(OrderBody()));
  Step("dispatcher1", id, "dispatch",
       {{"lead_unit_id", Unit(kStreet1)}, {"assist_unit_ids", json::array()}, {"note", ""}},
       "dispatched");
  Step(HandlerOf(kStreet1), id, "return",
       {{"reason_code", "outside_jurisdiction"}, {"basis", "地址不在本街道辖区"}, {"note", ""}},
       "dispatched");
  const json o =
      Step("dispatcher1", id, "review-return",
           {{"approve", false}, {"note", "经核实地址属本街道，请继续办理"}}, "dispatched");
  EXPECT_EQ(o["lead_unit_id"], Unit(kStreet1));
  EXPECT_TRUE(o["pending_application"].is_null());
  Step(HandlerOf(kStreet1), id, "sign", json::object(), "handling");
}

TEST_F(LifecycleTest, ThreeUnreachedCallbacksCloseTheOrder) {
  const std::int64_t id = Id(HandlingOrder(kDept1));
  log_ = {"intake", "dispatch", "sign"};
  Step(HandlerOf(kDept1), id, "reply", ReplyBody(), "replied");
  Step("reviewer1", id, "review-reply", {{"approve", true}, {"note", ""}}, "pending_callback");
  const json unreached = {{"reached", false}, {"note", "电话无人接听"}};
  Step("callback1", id, "callback", unreached, "pending_callback");
  Step("callback1", id, "callback", unreached, "pending_callback");
  const json o = Step("callback1", id, "callback", unreached, "closed");
  EXPECT_EQ(o.value("close_reason", ""), "unreachable");
}

}  // namespace
}  // namespace hotline::testing
