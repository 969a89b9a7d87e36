// The order-list filters the workbenches are built on: the caller's history
// by phone number (话务员), 协办 and 吹哨 tabs, and the 即将超期 / 已超期
// tabs driven by the scheduler's alarms.
#include <chrono>
#include <set>
#include <thread>

#include "support/hotline_fixture.h"

namespace hotline::testing {
namespace {

class WorkbenchListsTest : public HotlineTest {
 protected:
  // The ids listed for `user` with the query `query` (after "?").
  std::set<std::int64_t> Listed(const std::string& user, const std::string& query) {
    const auto r = api().Get("/api/v1/orders?page_size=200&" + query, Token(user));
    EXPECT_EQ(r.status, 200) << Describe(r);
    std::set<std::int64_t> ids;
    for (const json& item : r.body_json["items"]) ids.insert(item["id"].get<std::int64_t>());
    return ids;
  }
};

TEST_F(WorkbenchListsTest, CallerHistoryByPhoneNumberForPlatformStaffOnly) {
  json first = OrderBody("楼道堆放杂物");
  first["caller_phone"] = "13900001111";
  json second = OrderBody("小区路灯不亮");
  second["caller_phone"] = "13900001111";
  json other = OrderBody("噪音扰民");
  other["caller_phone"] = "13900002222";
  const std::int64_t a = Id(MustCreate(first)), b = Id(MustCreate(second));
  const std::int64_t c = Id(MustCreate(other));

  EXPECT_EQ(Listed("agent1", "caller_phone=13900001111"), (std::set<std::int64_t>{a, b}));
  EXPECT_EQ(Listed("agent1", "caller_phone=13900002222"), (std::set<std::int64_t>{c}));
  EXPECT_TRUE(Listed("agent1", "caller_phone=13900003333").empty());

  const auto bad = api().Get("/api/v1/orders?caller_phone=abc", Token("agent1"));
  EXPECT_EQ(bad.status, 400);
  EXPECT_EQ(bad.ErrorCode(), "invalid_value");
  EXPECT_EQ(bad.ErrorField(), "caller_phone");
  // Unit staff see numbers masked, so they may not search by one.
  Dispatch(a, kStreet2);
  const auto unit =
      api().Get("/api/v1/orders?caller_phone=13900001111", Token(HandlerOf(kStreet2)));
  EXPECT_EQ(unit.status, 403);
  EXPECT_EQ(unit.ErrorCode(), "role_not_allowed");
}

TEST_F(WorkbenchListsTest, AssistingAndWhistleTabs) {
  const std::int64_t assisted = Id(MustCreate(OrderBody()));
  Dispatch(assisted, kStreet1, {kDept1});
  const std::int64_t led = Id(HandlingOrder(kDept1));

  EXPECT_EQ(Listed(HandlerOf(kDept1), "flags=assisting"), (std::set<std::int64_t>{assisted}));
  EXPECT_EQ(Listed(HandlerOf(kDept1), ""), (std::set<std::int64_t>{assisted, led}));
  EXPECT_TRUE(Listed(HandlerOf(kStreet1), "flags=assisting").empty());
  EXPECT_EQ(Listed("dispatcher1", "flags=assisting&unit_id=" + std::to_string(Unit(kDept1))),
            (std::set<std::int64_t>{assisted}));

  const std::int64_t whistled = Id(HandlingOrder(kStreet1));
  EXPECT_TRUE(Listed(HandlerOf(kStreet1), "flags=whistle").empty());
  MustAct(HandlerOf(kStreet1), whistled, "whistle",
          {{"question", "违建拆除需要城管执法"},
           {"reason", "街道无执法权"},
           {"summoned_unit_ids", std::vector<std::int64_t>{Unit(kDept2)}}});
  EXPECT_EQ(Listed(HandlerOf(kStreet1), "flags=whistle"), (std::set<std::int64_t>{whistled}));
  // The summoned department finds it under 吹哨 too.
  EXPECT_EQ(Listed(HandlerOf(kDept2), "flags=whistle"), (std::set<std::int64_t>{whistled}));

  const auto bad = api().Get("/api/v1/orders?flags=urgent", Token("agent1"));
  EXPECT_EQ(bad.status, 400);
  EXPECT_EQ(bad.ErrorField(), "flags");
}

TEST_F(WorkbenchListsTest, DueSoonAndOverdueTabsFollowTheAlarms) {
  const std::string config = UseFastAlarms();

  const std::int64_t id = Id(HandlingOrder(kStreet2));
  const std::string handler = HandlerOf(kStreet2);
  std::set<std::int64_t> soon;
  for (int i = 0; i < 100 && soon.empty(); ++i) {  // the warning comes after ~0.6 s
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    soon = Listed(handler, "flags=due_soon");
  }
  EXPECT_EQ(soon, (std::set<std::int64_t>{id})) << server().LogTail();
  EXPECT_TRUE(Listed(handler, "flags=overdue").empty());

  // Ten minutes later the step is overdue: it moves from one tab to the other.
  RestartServerWith({"--config", config, "--clock-offset-minutes", "10"});
  std::set<std::int64_t> overdue;
  for (int i = 0; i < 100 && overdue.empty(); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    overdue = Listed(handler, "flags=overdue");
  }
  EXPECT_EQ(overdue, (std::set<std::int64_t>{id})) << server().LogTail();
  EXPECT_TRUE(Listed(handler, "flags=due_soon").empty());
  EXPECT_TRUE(Listed(HandlerOf(kStreet1), "flags=overdue").empty());
}

}  // namespace
}  // namespace hotline::testing

namespace hotline::testing {
namespace {

class ApplicationListTest : public HotlineTest {};

TEST_F(ApplicationListTest, OrdersWithAnApplicationWaitingForReview) {
  const std::int64_t returned = Id(MustCreate(OrderBody()));
  Dispatch(returned, kStreet1);
  MustAct(HandlerOf(kStreet1), returned, "return",
          {{"reason_code", "outside_jurisdiction"}, {"basis", "地址属于夫子庙街道"}});
  const std::int64_t extended = Id(HandlingOrder(kStreet2));
  MustAct(HandlerOf(kStreet2), extended, "extend", {{"days", 3}, {"reason", "需协调多个部门"}});
  const std::int64_t plain = Id(HandlingOrder(kStreet2));

  auto ids = [&](const std::string& kind) {
    std::set<std::int64_t> out;
    const auto r = api().Get("/api/v1/orders?application=" + kind, Token("dispatcher1"));
    EXPECT_EQ(r.status, 200) << Describe(r);
    for (const json& item : r.body_json["items"]) out.insert(item["id"].get<std::int64_t>());
    return out;
  };
  EXPECT_EQ(ids("return"), (std::set<std::int64_t>{returned}));
  EXPECT_EQ(ids("extend"), (std::set<std::int64_t>{extended}));
  EXPECT_TRUE(ids("reject-acceptance").empty());
  EXPECT_FALSE(ids("extend").contains(plain));

  // Once ruled on, the order leaves the list.
  MustAct("reviewer1", extended, "review-extension", {{"approve", true}});
  EXPECT_TRUE(ids("extend").empty());
  const auto bad = api().Get("/api/v1/orders?application=holiday", Token("dispatcher1"));
  EXPECT_EQ(bad.status, 400);
  EXPECT_EQ(bad.ErrorField(), "application");
}

}  // namespace
}  // namespace hotline::testing
