// Units working together (issue 4) end to end over HTTP: 主办协办 part
// replies, 首接负责 with returns and disputes, platform coordination after
// repeated returns, 先行处置, 吹哨报到, 业务指导 and 并单. Each scenario
// checks the order's state, its "collaboration"/"whistles" JSON, the event
// log, and the figures of GET /api/v1/collaboration/stats.
//
// Time: limits that would take half an hour of real time are set to 30
// natural minutes (independent of working hours, so the tests pass at any
// hour and on holidays) and the server is restarted with its clock 60
// minutes ahead to see them pass.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <fstream>
#include <thread>

#include "common/clock.h"
#include "common/time_format.h"
#include "support/hotline_fixture.h"

namespace hotline::testing {
namespace {

using Ids = std::vector<std::int64_t>;

constexpr std::string_view kDept4 = "320104D04";
constexpr std::string_view kDept5 = "320104D05";
constexpr std::string_view kDept6 = "320104D06";

class CollaborationTest : public HotlineTest {
 protected:
  // Sets the four collaboration limits to 30 natural minutes.
  void UseHalfHourCollaborationLimits() {
    const auto current = api().Get("/api/v1/sla-policy", Token("admin"));
    ASSERT_EQ(current.status, 200) << Describe(current);
    json policy = current.body_json;
    for (const char* key : {"whistle_report_in", "return_window", "assist_reply", "guidance_reply"})
      policy[key] = {{"unit", "natural_minutes"}, {"amount", 30}};
    const auto saved = api().Request("PUT", "/api/v1/sla-policy", policy.dump(), Token("admin"),
                                     "application/json");
    ASSERT_EQ(saved.status, 200) << Describe(saved);
  }

  // Restarts the server (same database) with its clock 60 minutes ahead, so
  // every 30-minute limit set before has passed; `fast_scheduler` makes the
  // alarm scheduler run every 100 ms.
  void MoveClockAnHourAhead(bool fast_scheduler) {
    std::vector<std::string> args{"--clock-offset-minutes", "60"};
    if (fast_scheduler) {
      const std::string config = server().dir() + "/fast-scheduler.toml";
      std::ofstream(config) << "[scheduler]\ninterval_ms = 100\nlease_seconds = 2\n";
      args.push_back("--config");
      args.push_back(config);
    }
    RestartServerWith(std::move(args));
  }

  // Takes an action that must be refused: checks the status, the error code
  // (and field when given) and that the order did not change at all.
  ApiResponse ExpectRefused(const std::string& user, std::int64_t id, std::string_view action,
                            const json& body, int status, std::string_view code,
                            std::string_view field = {}) {
    const json before = MustRead(id);
    const ApiResponse r = Act(user, id, action, body);
    EXPECT_EQ(r.status, status) << action << " by " << user << ": " << Describe(r);
    EXPECT_EQ(r.ErrorCode(), code) << action << " by " << user << ": " << Describe(r);
    if (!field.empty()) {
      EXPECT_EQ(r.ErrorField(), field) << Describe(r);
    }
    const json after = MustRead(id);
    EXPECT_EQ(Version(after), Version(before)) << action << " by " << user << " changed the order";
    EXPECT_EQ(StateOf(after), StateOf(before));
    EXPECT_EQ(after["collaboration"], before["collaboration"]);
    EXPECT_EQ(after["whistles"], before["whistles"]);
    return r;
  }

  // GET /api/v1/collaboration/stats over a period around today (China dates;
  // the server's clock may run an hour ahead, past midnight).
  json Stats(const std::string& user = "supervisor1") {
    const Instant now = SystemClock().Now();
    const std::string path =
        "/api/v1/collaboration/stats?from=" + ChinaDate(now - std::chrono::days(1)) +
        "&to=" + ChinaDate(now + std::chrono::days(2));
    const auto r = api().Get(path, Token(user));
    EXPECT_EQ(r.status, 200) << Describe(r);
    return r.body_json;
  }

  // The row of `unit` in one of the stats tables; null when absent.
  static json RowOf(const json& stats, std::string_view table, std::int64_t unit) {
    for (const json& row : stats.value(std::string(table), json::array()))
      if (row.value("unit_id", std::int64_t{0}) == unit) return row;
    return nullptr;
  }

  // Waits (up to 10 s) for a notification of `kind` about `order_id` to `user`.
  json AwaitNotification(const std::string& user, std::string_view kind, std::int64_t order_id) {
    for (int i = 0; i < 100; ++i) {
      const auto r = api().Get("/api/v1/notifications?unread=true", Token(user));
      if (r.status == 200)
        for (const json& n : r.body_json["items"])
          if (n.value("kind", "") == kind && n.value("order_id", std::int64_t{0}) == order_id)
            return n;
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    ADD_FAILURE() << "no " << kind << " notification about order " << order_id << " for " << user
                  << "\n"
                  << server().LogTail();
    return nullptr;
  }

  // The last event with `action`, or null.
  static json LastEvent(const json& order, std::string_view action) {
    const json& events = order["events"];
    for (auto it = events.rbegin(); it != events.rend(); ++it)
      if ((*it).value("action", "") == action) return *it;
    return nullptr;
  }

  static bool HasFlag(const json& order, std::string_view flag) {
    const json& flags = order["flags"];
    return std::find(flags.begin(), flags.end(), json(std::string(flag))) != flags.end();
  }

  // The assist part of `unit`, or null.
  static json PartOf(const json& order, std::int64_t unit) {
    for (const json& p : order["collaboration"]["assist_parts"])
      if (p.value("unit_id", std::int64_t{0}) == unit) return p;
    return nullptr;
  }

  // The summons of `unit` in the order's first whistle, or null.
  static json SummonsOf(const json& order, std::int64_t unit) {
    for (const json& s : order["whistles"][0]["summoned"])
      if (s.value("unit_id", std::int64_t{0}) == unit) return s;
    return nullptr;
  }

  json Return(std::int64_t id, std::string_view unit_code, std::string_view reason) {
    json body{{"reason_code", reason}, {"basis", "该事项不属于本单位法定职责范围"}};
    if (reason == "not_our_duty") body["duty_item"] = "《秦淮区权责清单》第 12 项";
    return MustAct(HandlerOf(unit_code), id, "return", body);
  }

  json ReviewReturn(std::int64_t id) {
    return MustAct("dispatcher1", id, "review-return", {{"approve", true}, {"note", "同意退回"}});
  }

  bool ListedFor(const std::string& user, std::int64_t id) {
    const auto r = api().Get("/api/v1/orders?page_size=200", Token(user));
    EXPECT_EQ(r.status, 200) << Describe(r);
    for (const json& item : r.body_json.value("items", json::array()))
      if (item.value("id", std::int64_t{0}) == id) return true;
    return false;
  }

 private:
  static std::string ChinaDate(Instant t) {
    const std::string d = ChinaDayStamp(t);  // YYYYMMDD
    return d.substr(0, 4) + "-" + d.substr(4, 2) + "-" + d.substr(6, 2);
  }
};

// 主办协办: each assisting unit has its own deadline; the lead consolidates
// what arrived and names what did not; the missed part raises an alarm.
TEST_F(CollaborationTest, AssistingUnitsReplyInPartsAndAMissedPartIsFlagged) {
  UseHalfHourCollaborationLimits();
  const std::int64_t id = Id(MustCreate(OrderBody()));
  const std::int64_t d1 = Unit(kDept1);
  const std::int64_t d2 = Unit(kDept2);
  json order = Dispatch(id, kStreet1, {kDept1, kDept2});
  EXPECT_EQ(order["assist_unit_ids"], json(Ids{d1, d2}));
  ASSERT_EQ(order["collaboration"]["assist_parts"].size(), 2u) << order["collaboration"].dump();
  for (const json& part : order["collaboration"]["assist_parts"]) {
    EXPECT_TRUE(part["due_at"].is_string()) << part.dump();
    EXPECT_TRUE(part["replied_at"].is_null());
    EXPECT_FALSE(part["overdue"].get<bool>());
  }

  // Only assisting units give parts: the lead may not, and a unit without a
  // part in the order does not even see it.
  ExpectRefused(HandlerOf(kStreet1), id, "assist-reply", {{"content", "街道已派员核查"}}, 403,
                "unit_not_allowed");
  ExpectRefused(HandlerOf(kDept3), id, "assist-reply", {{"content", "我局已派员核查"}}, 404,
                "not_found");

  order = MustAct(HandlerOf(kDept1), id, "assist-reply",
                  {{"content", "区城管局已对工地夜间施工许可情况进行核查"}});
  EXPECT_EQ(StateOf(order), "dispatched");  // a part reply moves nothing
  EXPECT_TRUE(PartOf(order, d1)["replied_at"].is_string());
  EXPECT_EQ(PartOf(order, d1)["content"], "区城管局已对工地夜间施工许可情况进行核查");
  EXPECT_TRUE(PartOf(order, d2)["replied_at"].is_null());
  Sign(id, kStreet1);

  // An hour later department 2's 30-minute part has lapsed.
  MoveClockAnHourAhead(/*fast_scheduler=*/true);
  const json note = AwaitNotification(HandlerOf(kStreet1), "assist_overdue", id);
  if (note.is_object()) {
    EXPECT_EQ(note["unit_id"], Unit(kStreet1)) << note.dump();
  }
  AwaitNotification("dispatcher1", "assist_overdue", id);  // the platform is told too
  order = MustRead(id);
  EXPECT_TRUE(PartOf(order, d2)["overdue"].get<bool>()) << order["collaboration"].dump();
  EXPECT_FALSE(PartOf(order, d1)["overdue"].get<bool>());
  EXPECT_TRUE(HasFlag(order, "assist_overdue")) << order["flags"].dump();
  const json alarm = LastEvent(order, "assist-overdue");
  ASSERT_TRUE(alarm.is_object()) << order["events"].dump();
  EXPECT_EQ(alarm["payload"]["unit_id"], d2);
  EXPECT_EQ(alarm["state_after"], "handling");

  // The lead's reply consolidates part 1 and names department 2 as missing.
  order = MustAct(HandlerOf(kStreet1), id, "reply", ReplyBody());
  EXPECT_EQ(StateOf(order), "replied");
  const json& reply = order["reply"];
  ASSERT_EQ(reply["assist_parts_received"].size(), 1u) << reply.dump();
  EXPECT_EQ(reply["assist_parts_received"][0]["unit_id"], d1);
  EXPECT_EQ(reply["assist_parts_received"][0]["content"],
            "区城管局已对工地夜间施工许可情况进行核查");
  EXPECT_EQ(reply["assist_parts_missing"], json(Ids{d2}));
  EXPECT_EQ(LastEvent(MustRead(id), "reply")["payload"]["assist_parts_missing"], json(Ids{d2}));

  const json stats = Stats();
  const json row1 = RowOf(stats, "assists", d1);
  ASSERT_TRUE(row1.is_object()) << stats.dump();
  EXPECT_EQ(row1["parts"], 1);
  EXPECT_EQ(row1["parts_replied"], 1);
  EXPECT_EQ(row1["parts_on_time"], 1);
  EXPECT_EQ(row1["parts_overdue"], 0);
  const json row2 = RowOf(stats, "assists", d2);
  ASSERT_TRUE(row2.is_object()) << stats.dump();
  EXPECT_EQ(row2["parts"], 1);
  EXPECT_EQ(row2["parts_replied"], 0);
  EXPECT_EQ(row2["parts_on_time"], 0);
  EXPECT_EQ(row2["parts_overdue"], 1);
  EXPECT_TRUE(RowOf(stats, "assists", Unit(kDept3)).is_null());
}

// 首接负责: returns only inside the window, then a dispute; the platform
// settles it for good.
TEST_F(CollaborationTest, ReturnWindowThenDisputeSettledByCoordination) {
  UseHalfHourCollaborationLimits();
  const std::int64_t street1 = Unit(kStreet1);
  const std::int64_t street2 = Unit(kStreet2);
  const std::int64_t d1 = Unit(kDept1);

  // Order A: returned inside the window; "not our duty" must cite the duty list.
  const std::int64_t a = Id(MustCreate(OrderBody()));
  json order = Dispatch(a, kStreet2);
  EXPECT_TRUE(order["collaboration"]["return_window_ends"].is_string());
  ExpectRefused(HandlerOf(kStreet2), a, "return",
                {{"reason_code", "not_our_duty"}, {"basis", "建筑工地噪音不属街道职责"}}, 400,
                "missing_field", "duty_item");
  order = MustAct(HandlerOf(kStreet2), a, "return",
                  {{"reason_code", "not_our_duty"},
                   {"basis", "建筑工地噪音不属街道职责"},
                   {"duty_item", "《秦淮区权责清单》第 12 项"},
                   {"proposed_unit_id", d1}});
  EXPECT_EQ(StateOf(order), "dispatched");
  ASSERT_TRUE(order["pending_application"].is_object()) << order.dump();
  EXPECT_EQ(order["pending_application"]["kind"], "return");
  ASSERT_EQ(order["collaboration"]["returns"].size(), 1u);
  EXPECT_EQ(order["collaboration"]["returns"][0]["unit_id"], street2);
  EXPECT_EQ(order["collaboration"]["returns"][0]["reason_code"], "not_our_duty");
  EXPECT_EQ(order["collaboration"]["returns"][0]["outcome"], "pending");

  // Order B: an hour after dispatch the window is closed.
  const std::int64_t b = Id(HandlingOrder(kStreet1));
  MoveClockAnHourAhead(/*fast_scheduler=*/false);
  ExpectRefused(HandlerOf(kStreet1), b, "return",
                {{"reason_code", "outside_jurisdiction"}, {"basis", "该地址属于相邻街道"}}, 422,
                "return_window_closed");

  // A dispute names the proper unit; the street keeps handling meanwhile.
  order = MustAct(HandlerOf(kStreet1), b, "dispute",
                  {{"proposed_unit_id", d1},
                   {"basis", "依据权责清单，建筑施工噪音由区城管局负责"},
                   {"note", "先行处理，同时提出异议"}});
  EXPECT_EQ(StateOf(order), "handling");
  EXPECT_EQ(order["lead_unit_id"], street1);
  EXPECT_TRUE(HasFlag(order, "disputed")) << order["flags"].dump();
  ASSERT_EQ(order["collaboration"]["disputes"].size(), 1u);
  const json& dispute = order["collaboration"]["disputes"][0];
  EXPECT_EQ(dispute["unit_id"], street1);
  EXPECT_EQ(dispute["proposed_unit_id"], d1);
  EXPECT_EQ(dispute["outcome"], "open");
  const json as_street = MustRead(b, HandlerOf(kStreet1));
  EXPECT_TRUE(Allows(as_street, "reply")) << as_street["allowed_actions"].dump();
  EXPECT_FALSE(Allows(as_street, "dispute"));
  ExpectRefused(HandlerOf(kStreet1), b, "dispute",
                {{"proposed_unit_id", d1}, {"basis", "再次提出异议"}}, 409, "dispute_open");

  // The platform moves it to department 1: the objection is upheld.
  order = MustAct("dispatcher1", b, "coordinate",
                  {{"lead_unit_id", d1},
                   {"assist_unit_ids", json::array()},
                   {"decision", "由区城管局主办"},
                   {"basis", "《秦淮区权责清单》第 12 项：建筑施工噪音"}});
  EXPECT_EQ(StateOf(order), "dispatched");
  EXPECT_EQ(order["lead_unit_id"], d1);
  EXPECT_TRUE(order["collaboration"]["routing_fixed"].get<bool>());
  EXPECT_EQ(order["collaboration"]["disputes"][0]["outcome"], "upheld");
  EXPECT_TRUE(order["collaboration"]["disputes"][0]["settled_at"].is_string());
  EXPECT_FALSE(HasFlag(order, "disputed"));
  EXPECT_EQ(LastEvent(MustRead(b), "coordinate")["payload"]["dispute_outcome"], "upheld");

  // Fixed for good: neither a return, a dispute nor a reassignment.
  ExpectRefused(HandlerOf(kDept1), b, "return", {{"reason_code", "other"}, {"basis", "不属本局"}},
                422, "routing_fixed");
  ExpectRefused(HandlerOf(kDept1), b, "dispute",
                {{"proposed_unit_id", street1}, {"basis", "应由街道办理"}}, 422, "routing_fixed");
  ExpectRefused("dispatcher1", b, "reassign",
                {{"lead_unit_id", Unit(kDept2)}, {"assist_unit_ids", json::array()}}, 422,
                "routing_fixed");

  const json stats = Stats();
  const json s1 = RowOf(stats, "returns", street1);
  ASSERT_TRUE(s1.is_object()) << stats.dump();
  EXPECT_EQ(s1["returns"], 0);
  EXPECT_EQ(s1["disputes"], 1);
  EXPECT_EQ(s1["disputes_upheld"], 1);
  EXPECT_EQ(s1["disputes_open"], 0);
  const json s2 = RowOf(stats, "returns", street2);
  ASSERT_TRUE(s2.is_object()) << stats.dump();
  EXPECT_EQ(s2["returns"], 1);
  EXPECT_EQ(s2["returns_pending"], 1);
  EXPECT_EQ(s2["disputes"], 0);
}

// Returned twice: only platform coordination can route the order, once and for all.
TEST_F(CollaborationTest, TwiceReturnedOrderNeedsCoordination) {
  const std::int64_t id = Id(MustCreate(OrderBody()));
  const std::int64_t d1 = Unit(kDept1);
  const std::int64_t d2 = Unit(kDept2);
  Dispatch(id, kStreet1);
  Return(id, kStreet1, "outside_jurisdiction");
  json order = ReviewReturn(id);
  EXPECT_EQ(StateOf(order), "pending_dispatch");
  EXPECT_FALSE(HasFlag(order, "coordination_required"));
  Dispatch(id, kStreet2);
  Return(id, kStreet2, "not_our_duty");
  order = ReviewReturn(id);
  EXPECT_EQ(StateOf(order), "pending_dispatch");
  EXPECT_EQ(order["return_count"], 2);
  EXPECT_TRUE(HasFlag(order, "coordination_required")) << order["flags"].dump();
  EXPECT_TRUE(order["collaboration"]["coordination_required"].get<bool>());
  const json as_dispatcher = MustRead(id, "dispatcher1");
  EXPECT_TRUE(Allows(as_dispatcher, "coordinate")) << as_dispatcher["allowed_actions"].dump();
  EXPECT_FALSE(Allows(as_dispatcher, "dispatch"));

  ExpectRefused("dispatcher1", id, "dispatch",
                {{"lead_unit_id", d1}, {"assist_unit_ids", json::array()}}, 422,
                "coordination_required");
  ExpectRefused("dispatcher1", id, "coordinate",
                {{"lead_unit_id", d1}, {"basis", "《秦淮区权责清单》第 12 项"}}, 400,
                "missing_field", "decision");

  order = MustAct("dispatcher1", id, "coordinate",
                  {{"lead_unit_id", d1},
                   {"assist_unit_ids", Ids{d2}},
                   {"decision", "由区城管局主办，区住建局协办"},
                   {"basis", "《秦淮区权责清单》第 12 项：建筑施工噪音"}});
  EXPECT_EQ(StateOf(order), "dispatched");
  EXPECT_EQ(order["lead_unit_id"], d1);
  EXPECT_EQ(order["assist_unit_ids"], json(Ids{d2}));
  EXPECT_TRUE(order["collaboration"]["routing_fixed"].get<bool>());
  EXPECT_FALSE(order["collaboration"]["coordination_required"].get<bool>());
  EXPECT_FALSE(HasFlag(order, "coordination_required"));
  ASSERT_EQ(order["collaboration"]["assist_parts"].size(), 1u);
  EXPECT_EQ(order["collaboration"]["assist_parts"][0]["unit_id"], d2);
  const json event = LastEvent(MustRead(id), "coordinate");
  ASSERT_TRUE(event.is_object());
  EXPECT_EQ(event["payload"]["decision"], "由区城管局主办，区住建局协办");
  EXPECT_EQ(event["payload"]["basis"], "《秦淮区权责清单》第 12 项：建筑施工噪音");
  EXPECT_EQ(event["actor"]["username"], "dispatcher1");

  ExpectRefused(HandlerOf(kDept1), id, "return", {{"reason_code", "other"}, {"basis", "不属本局"}},
                422, "routing_fixed");
  EXPECT_EQ(StateOf(Sign(id, kDept1)), "handling");  // the fixed lead works on it

  const json stats = Stats();
  std::int64_t approved = 0;
  for (std::string_view code : {kStreet1, kStreet2}) {
    const json row = RowOf(stats, "returns", Unit(code));
    ASSERT_TRUE(row.is_object()) << code << ": " << stats.dump();
    EXPECT_EQ(row["returns"], 1) << code;
    EXPECT_EQ(row["returns_approved"], 1) << code;
    approved += row["returns_approved"].get<std::int64_t>();
  }
  EXPECT_EQ(approved, 2);
}

// 先解决问题再说: while a return is pending the platform names a unit that
// acts at once; responsibility is settled afterwards.
TEST_F(CollaborationTest, ProvisionalUnitActsAtOnceAndCoordinationSettlesLater) {
  const std::int64_t id = Id(MustCreate(OrderBody()));
  const std::int64_t street1 = Unit(kStreet1);
  const std::int64_t d1 = Unit(kDept1);
  Dispatch(id, kStreet1);
  MustAct(HandlerOf(kStreet1), id, "return",
          {{"reason_code", "not_our_duty"},
           {"basis", "建筑施工噪音由城管部门负责"},
           {"duty_item", "《秦淮区权责清单》第 12 项"},
           {"proposed_unit_id", d1}});
  ExpectRefused("dispatcher1", id, "provisional", {{"unit_id", d1}}, 400, "missing_field", "note");

  json order = MustAct("dispatcher1", id, "provisional",
                       {{"unit_id", d1}, {"note", "群众反映强烈，请区城管局先行处置"}});
  EXPECT_EQ(StateOf(order), "handling");
  EXPECT_EQ(order["lead_unit_id"], d1);
  EXPECT_TRUE(order["signed"].get<bool>());
  EXPECT_TRUE(order["pending_application"].is_null());
  EXPECT_EQ(order["collaboration"]["provisional_unit_id"], d1);
  ASSERT_EQ(order["collaboration"]["returns"].size(), 1u);
  EXPECT_EQ(order["collaboration"]["returns"][0]["outcome"], "disputed");
  ASSERT_EQ(order["collaboration"]["disputes"].size(), 1u);
  EXPECT_EQ(order["collaboration"]["disputes"][0]["unit_id"], street1);
  EXPECT_EQ(order["collaboration"]["disputes"][0]["proposed_unit_id"], d1);
  EXPECT_EQ(order["collaboration"]["disputes"][0]["outcome"], "open");
  EXPECT_TRUE(HasFlag(order, "disputed")) << order["flags"].dump();

  // Department 1 replies at once, without a sign step.
  const json as_dept = MustRead(id, HandlerOf(kDept1));
  EXPECT_TRUE(Allows(as_dept, "reply")) << as_dept["allowed_actions"].dump();
  EXPECT_FALSE(Allows(as_dept, "sign"));
  EXPECT_FALSE(Allows(as_dept, "return"));
  order = MustAct(HandlerOf(kDept1), id, "reply", ReplyBody());
  EXPECT_EQ(StateOf(order), "replied");

  // Later the platform settles it: department 1 stays responsible, so the
  // street's objection is upheld. The reply already given stands.
  order = MustAct("dispatcher1", id, "coordinate",
                  {{"lead_unit_id", d1},
                   {"assist_unit_ids", json::array()},
                   {"decision", "确定由区城管局主办"},
                   {"basis", "《秦淮区权责清单》第 12 项：建筑施工噪音"}});
  EXPECT_EQ(order["lead_unit_id"], d1);
  EXPECT_EQ(order["collaboration"]["disputes"][0]["outcome"], "upheld");
  EXPECT_TRUE(order["collaboration"]["routing_fixed"].get<bool>());
  EXPECT_TRUE(order["collaboration"]["provisional_unit_id"].is_null());
  EXPECT_FALSE(HasFlag(order, "disputed"));
  EXPECT_EQ(StateOf(order), "replied") << "coordination that keeps the lead undid its reply";

  const json row = RowOf(Stats(), "returns", street1);
  ASSERT_TRUE(row.is_object());
  EXPECT_EQ(row["disputes"], 1);
  EXPECT_EQ(row["disputes_upheld"], 1);
}

// 吹哨报到: the street summons departments, they report in (one late), a
// joint meeting is held, the street closes and rates, departments rate back.
TEST_F(CollaborationTest, WhistleReportInMeetingCloseAndTwoWayRating) {
  UseHalfHourCollaborationLimits();
  const std::int64_t street1 = Unit(kStreet1);
  const std::int64_t d1 = Unit(kDept1);
  const std::int64_t d2 = Unit(kDept2);
  const std::string street = HandlerOf(kStreet1);
  // Department 3 assists (and so sees the order) but is not summoned.
  const std::int64_t id = Id(MustCreate(OrderBody()));
  Dispatch(id, kStreet1, {kDept3});
  Sign(id, kStreet1);
  MustAct(HandlerOf(kDept3), id, "assist-reply", {{"content", "区环保局已调取噪声监测记录"}});
  const json whistle_body{{"question", "工地夜间施工噪音反复投诉，需执法和住建部门联合处置"},
                          {"reason", "街道无执法权，无法对施工单位处罚"},
                          {"summoned_unit_ids", Ids{d1, d2}}};

  // Only streets whistle, and only departments are summoned.
  const std::int64_t dept_led = Id(HandlingOrder(kDept3));
  ExpectRefused(HandlerOf(kDept3), dept_led, "whistle", whistle_body, 403, "street_only");
  json to_street = whistle_body;
  to_street["summoned_unit_ids"] = Ids{d1, Unit(kStreet2)};
  ExpectRefused(street, id, "whistle", to_street, 422, "not_a_department", "summoned_unit_ids");

  json order = MustAct(street, id, "whistle", whistle_body);
  EXPECT_EQ(StateOf(order), "handling");
  ASSERT_EQ(order["whistles"].size(), 1u) << order.dump();
  const json& w = order["whistles"][0];
  EXPECT_EQ(w["id"], 1);
  EXPECT_EQ(w["state"], "open");
  EXPECT_EQ(w["street_unit_id"], street1);
  ASSERT_EQ(w["summoned"].size(), 2u);
  for (const json& s : w["summoned"]) {
    EXPECT_TRUE(s["due_at"].is_string()) << s.dump();
    EXPECT_TRUE(s["reported_at"].is_null());
  }
  EXPECT_TRUE(HasFlag(order, "whistled"));

  // A department not summoned cannot report in (one outside the order does
  // not see it at all); a summoned one sees the order and finds it in its list.
  ExpectRefused(HandlerOf(kDept3), id, "report-in", {{"whistle_id", 1}, {"note", "我局派员到场"}},
                403, "not_summoned");
  ExpectRefused(HandlerOf(kDept4), id, "report-in", {{"whistle_id", 1}, {"note", "我局派员到场"}},
                404, "not_found");
  EXPECT_EQ(Read(HandlerOf(kDept1), id).status, 200);
  EXPECT_TRUE(ListedFor(HandlerOf(kDept1), id));
  EXPECT_FALSE(ListedFor(HandlerOf(kDept4), id));

  order = MustAct(HandlerOf(kDept1), id, "report-in",
                  {{"whistle_id", 1}, {"note", "区城管局执法中队两名队员到场"}});
  EXPECT_TRUE(SummonsOf(order, d1)["reported_at"].is_string());
  EXPECT_FALSE(SummonsOf(order, d1)["late"].get<bool>());
  EXPECT_EQ(SummonsOf(order, d1)["report_note"], "区城管局执法中队两名队员到场");

  // An hour later department 2 is overdue: it, the street and the platform are told.
  MoveClockAnHourAhead(/*fast_scheduler=*/true);
  AwaitNotification(HandlerOf(kDept2), "report_in_overdue", id);
  AwaitNotification(street, "report_in_overdue", id);
  order = MustRead(id);
  EXPECT_TRUE(SummonsOf(order, d2)["overdue"].get<bool>());
  EXPECT_TRUE(LastEvent(order, "report-in-overdue").is_object());
  order = MustAct(HandlerOf(kDept2), id, "report-in",
                  {{"whistle_id", 1}, {"note", "区住建局质安站一名工作人员到场"}});
  EXPECT_TRUE(SummonsOf(order, d2)["reported_at"].is_string());
  EXPECT_TRUE(SummonsOf(order, d2)["late"].get<bool>());
  ExpectRefused(HandlerOf(kDept2), id, "report-in", {{"whistle_id", 1}, {"note", "再次报到"}}, 409,
                "already_reported");

  order = MustAct(HandlerOf(kDept1), id, "whistle-work",
                  {{"whistle_id", 1}, {"content", "对施工单位立案调查，责令夜间停工"}});
  EXPECT_EQ(SummonsOf(order, d1)["work"], "对施工单位立案调查，责令夜间停工");

  order = MustAct(street, id, "whistle-meeting",
                  {{"whistle_id", 1},
                   {"held_at", NowRfc3339()},
                   {"place", "街道办事处三楼会议室"},
                   {"attendees", {"街道分管副主任", "区城管局执法队员", "区住建局质安站人员"}},
                   {"citizen_invited", true},
                   {"citizen_attended", true},
                   {"decisions", "施工单位22时后停止高噪声作业，城管每晚巡查一周"}});
  ASSERT_EQ(order["whistles"][0]["meetings"].size(), 1u);
  const json& meeting = order["whistles"][0]["meetings"][0];
  EXPECT_TRUE(meeting["citizen_invited"].get<bool>());
  EXPECT_TRUE(meeting["citizen_attended"].get<bool>());
  EXPECT_EQ(meeting["attendees"].size(), 3u);

  // Closing needs a rating of every department that reported in.
  const json one_rating{{"unit_id", d1}, {"score", 5}, {"comment", "到场及时，处置有力"}};
  ExpectRefused(street, id, "close-whistle",
                {{"whistle_id", 1},
                 {"resolved", false},
                 {"outcome", "施工单位仍偶有夜间施工"},
                 {"ratings", json::array({one_rating})}},
                400, "missing_rating", "ratings");
  order = MustAct(
      street, id, "close-whistle",
      {{"whistle_id", 1},
       {"resolved", false},
       {"outcome", "施工单位仍偶有夜间施工，转入常态巡查"},
       {"ratings",
        json::array({one_rating, {{"unit_id", d2}, {"score", 3}, {"comment", "报到超时"}}})}});
  EXPECT_EQ(order["whistles"][0]["state"], "closed");
  EXPECT_EQ(order["whistles"][0]["resolved"], false);
  EXPECT_EQ(SummonsOf(order, d1)["score"], 5);
  EXPECT_EQ(SummonsOf(order, d2)["score"], 3);
  EXPECT_FALSE(HasFlag(order, "whistled"));
  ExpectRefused(HandlerOf(kDept1), id, "report-in", {{"whistle_id", 1}, {"note", "补充报到"}}, 409,
                "whistle_closed");

  // The department rates the whistle's preparation, once.
  order = MustAct(HandlerOf(kDept1), id, "rate-whistle",
                  {{"whistle_id", 1}, {"score", 4}, {"comment", "街道前期摸排充分"}});
  EXPECT_EQ(SummonsOf(order, d1)["preparation_score"], 4);
  ExpectRefused(HandlerOf(kDept1), id, "rate-whistle", {{"whistle_id", 1}, {"score", 5}}, 409,
                "already_rated");

  const json stats = Stats();
  const json s = RowOf(stats, "whistle_streets", street1);
  ASSERT_TRUE(s.is_object()) << stats.dump();
  EXPECT_EQ(s["whistles"], 1);
  EXPECT_EQ(s["closed"], 1);
  EXPECT_EQ(s["resolved"], 0);
  EXPECT_EQ(s["summons"], 2);
  EXPECT_EQ(s["reported"], 2);
  EXPECT_EQ(s["reported_on_time"], 1);
  EXPECT_EQ(s["meetings"], 1);
  EXPECT_EQ(s["citizen_invited"], 1);
  EXPECT_DOUBLE_EQ(s["report_rate"].get<double>(), 1.0);
  EXPECT_DOUBLE_EQ(s["ontime_report_rate"].get<double>(), 0.5);
  EXPECT_DOUBLE_EQ(s["resolution_rate"].get<double>(), 0.0);
  EXPECT_DOUBLE_EQ(s["average_preparation_score"].get<double>(), 4.0);
  const json r1 = RowOf(stats, "whistle_departments", d1);
  const json r2 = RowOf(stats, "whistle_departments", d2);
  ASSERT_TRUE(r1.is_object() && r2.is_object()) << stats.dump();
  EXPECT_EQ(r1["summoned"], 1);
  EXPECT_EQ(r1["reported_on_time"], 1);
  EXPECT_EQ(r1["late"], 0);
  EXPECT_DOUBLE_EQ(r1["average_score"].get<double>(), 5.0);
  EXPECT_EQ(r2["reported"], 1);
  EXPECT_EQ(r2["late"], 1);
  EXPECT_DOUBLE_EQ(r2["ontime_report_rate"].get<double>(), 0.0);
  EXPECT_DOUBLE_EQ(r2["average_score"].get<double>(), 3.0);
  // A department sees only its own rows.
  const json own = Stats(HandlerOf(kDept1));
  EXPECT_TRUE(RowOf(own, "whistle_departments", d1).is_object()) << own.dump();
  EXPECT_TRUE(RowOf(own, "whistle_departments", d2).is_null());
  EXPECT_TRUE(RowOf(own, "whistle_streets", street1).is_null());
}

// 业务指导: a street asks a department without handing the order over.
TEST_F(CollaborationTest, StreetAsksDepartmentForGuidance) {
  const std::int64_t street1 = Unit(kStreet1);
  const std::int64_t d4 = Unit(kDept4);
  // Department 5 assists, so it sees the order, but is not the one asked.
  const std::int64_t id = Id(MustCreate(OrderBody()));
  Dispatch(id, kStreet1, {kDept5});
  Sign(id, kStreet1);
  ExpectRefused(HandlerOf(kStreet1), id, "request-guidance",
                {{"unit_id", Unit(kStreet2)}, {"question", "如何认定违法建设"}}, 422,
                "not_a_department", "unit_id");

  json order = MustAct(HandlerOf(kStreet1), id, "request-guidance",
                       {{"unit_id", d4}, {"question", "工地夜间施工是否办理了夜间施工许可？"}});
  EXPECT_EQ(order["lead_unit_id"], street1);
  EXPECT_EQ(StateOf(order), "handling");
  ASSERT_EQ(order["collaboration"]["guidance"].size(), 1u);
  const json& g = order["collaboration"]["guidance"][0];
  EXPECT_EQ(g["id"], 1);
  EXPECT_EQ(g["unit_id"], d4);
  EXPECT_EQ(g["requested_by_unit_id"], street1);
  EXPECT_TRUE(g["due_at"].is_string());
  EXPECT_TRUE(g["answered_at"].is_null());

  // Only the department asked answers; it sees the order meanwhile.
  ExpectRefused(HandlerOf(kDept5), id, "give-guidance",
                {{"guidance_id", 1}, {"answer", "请向住建部门核实"}}, 403, "not_asked");
  ExpectRefused(HandlerOf(kDept6), id, "give-guidance",
                {{"guidance_id", 1}, {"answer", "请向住建部门核实"}}, 404, "not_found");
  EXPECT_EQ(Read(HandlerOf(kDept4), id).status, 200);
  EXPECT_TRUE(ListedFor(HandlerOf(kDept4), id));

  order = MustAct(HandlerOf(kDept4), id, "give-guidance",
                  {{"guidance_id", 1}, {"answer", "经查该工地未办理夜间施工许可，可依法制止"}});
  EXPECT_EQ(order["lead_unit_id"], street1);
  EXPECT_EQ(StateOf(order), "handling");
  const json& answered = order["collaboration"]["guidance"][0];
  EXPECT_TRUE(answered["answered_at"].is_string());
  EXPECT_EQ(answered["answer"], "经查该工地未办理夜间施工许可，可依法制止");
  EXPECT_FALSE(answered["late"].get<bool>());
  EXPECT_TRUE(Allows(MustRead(id, HandlerOf(kStreet1)), "reply"));

  const json stats = Stats();
  const json row = RowOf(stats, "guidance", d4);
  ASSERT_TRUE(row.is_object()) << stats.dump();
  EXPECT_EQ(row["requested"], 1);
  EXPECT_EQ(row["answered"], 1);
  EXPECT_EQ(row["answered_on_time"], 1);
  EXPECT_EQ(row["pending"], 0);
  EXPECT_TRUE(RowOf(stats, "guidance", Unit(kDept5)).is_null());
}

// 并单: duplicates handled once; every citizen is still called back.
TEST_F(CollaborationTest, MergedOrdersFollowTheMasterAndAreEachCalledBack) {
  const std::int64_t a = Id(MustCreate(OrderBody("工地夜间施工噪音")));
  const std::int64_t b = Id(MustCreate(OrderBody("晚上工地施工太吵")));
  const std::int64_t master = Id(MustCreate(OrderBody("夜间施工噪音扰民")));
  json other_category = OrderBody("工地夜间施工扰民");
  other_category["category_id"] = org().LeafCategory(1);
  ASSERT_NE(org().LeafCategory(1), org().LeafCategory(0));
  const std::int64_t d = Id(MustCreate(other_category));

  const auto dup =
      api().Get("/api/v1/orders/" + std::to_string(master) + "/duplicates", Token("dispatcher1"));
  ASSERT_EQ(dup.status, 200) << Describe(dup);
  // Same place, caller and text: all three are offered; only a and b share the category.
  Ids suggested;
  for (const json& item : dup.body_json["items"]) {
    const std::int64_t id = item["id"].get<std::int64_t>();
    if (id != a && id != b && id != d) continue;
    suggested.push_back(id);
    EXPECT_FALSE(item.value("why", "").empty()) << item.dump();
    const auto& reasons = item["reasons"];
    const bool same_category =
        std::find(reasons.begin(), reasons.end(), json("同一类别")) != reasons.end();
    EXPECT_EQ(same_category, id != d) << item.dump();
  }
  std::sort(suggested.begin(), suggested.end());
  EXPECT_EQ(suggested, (Ids{a, b, d})) << dup.body;

  json order = MustAct("dispatcher1", a, "merge", {{"into_id", master}, {"note", "同一工地噪音"}});
  EXPECT_EQ(StateOf(order), "merged");
  EXPECT_EQ(order["merged_into"], master);
  order = MustAct("agent1", b, "merge", {{"into_id", master}});
  EXPECT_EQ(StateOf(order), "merged");
  const json m = MustRead(master);
  EXPECT_EQ(m["merged_ids"], json(Ids{a, b}));
  EXPECT_TRUE(HasFlag(m, "merged_master"));

  // Across categories someone must say why; into a merged order is refused.
  const std::int64_t master_version = Version(MustRead(master));
  ExpectRefused("dispatcher1", d, "merge", {{"into_id", master}}, 400, "merge_reason_required",
                "note");
  ExpectRefused("dispatcher1", d, "merge", {{"into_id", a}, {"note", "同一工地"}}, 422,
                "merge_target_merged", "into_id");
  EXPECT_EQ(Version(MustRead(master)), master_version);
  EXPECT_EQ(StateOf(MustRead(d)), "pending_dispatch");

  // The master is handled; its approved reply reaches both merged orders.
  Dispatch(master, kStreet1);
  Sign(master, kStreet1);
  const json replied = Reply(master, kStreet1);
  EXPECT_EQ(StateOf(MustRead(a)), "merged");  // not before the review
  MustAct("reviewer1", master, "review-reply", {{"approve", true}});
  for (std::int64_t merged : {a, b}) {
    const json o = MustRead(merged);
    EXPECT_EQ(StateOf(o), "pending_callback") << merged;
    const json event = LastEvent(o, "master-replied");
    ASSERT_TRUE(event.is_object()) << o["events"].dump();
    EXPECT_EQ(event["payload"]["master_id"], master);
    EXPECT_EQ(o["reply"]["result"], replied["reply"]["result"]);
    EXPECT_EQ(o["reply"]["measures"], replied["reply"]["measures"]);
  }

  // Each citizen is called back on their own order.
  for (std::int64_t each : {a, b, master}) {
    const json closed =
        MustAct("callback1", each, "callback",
                {{"reached", true}, {"resolved", true}, {"satisfaction", "satisfied"}});
    EXPECT_EQ(StateOf(closed), "closed") << each;
    EXPECT_EQ(closed["close_reason"], "callback") << each;
  }
}

}  // namespace
}  // namespace hotline::testing
