// Data scope and personal-data masking over HTTP: who sees which orders, and
// how much of the caller each role sees.
#include <gtest/gtest.h>

#include <set>

#include "support/hotline_fixture.h"

namespace hotline::testing {
namespace {

class ScopeTest : public HotlineTest {
 protected:
  // Ids of the orders `user` finds in the list (up to 100).
  std::set<std::int64_t> ListedIds(const std::string& user, std::string_view query = {}) {
    std::string path = "/api/v1/orders?page_size=100";
    if (!query.empty()) path.append("&").append(query);
    const ApiResponse r = api().Get(path, Token(user));
    if (r.status != 200) throw std::runtime_error("list as " + user + ": " + Describe(r));
    std::set<std::int64_t> ids;
    for (const json& o : r.body_json.at("items")) {
      ids.insert(Id(o));
      EXPECT_FALSE(o.contains("events")) << "list items carry no events";
    }
    return ids;
  }
};

TEST_F(ScopeTest, LeadUnitSeesMaskedCallerOthersSeeNothing) {
  const std::int64_t id = Id(MustCreate(OrderBody()));
  Dispatch(id, kDept1);

  const json as_lead = MustRead(id, HandlerOf(kDept1));
  EXPECT_EQ(as_lead.value("caller_phone", ""), "138****5678");
  const std::string masked_name = as_lead.value("caller_name", "");
  EXPECT_NE(masked_name, "王建国");
  EXPECT_TRUE(masked_name.starts_with("王")) << masked_name;
  EXPECT_FALSE(as_lead.value("caller_hidden", true));

  const json as_agent = MustRead(id, "agent1");
  EXPECT_EQ(as_agent.value("caller_phone", ""), "13812345678");
  EXPECT_EQ(as_agent.value("caller_name", ""), "王建国");
  EXPECT_EQ(MustRead(id, "dispatcher1").value("caller_phone", ""), "13812345678");

  const ApiResponse other = Read(HandlerOf(kDept2), id);
  EXPECT_EQ(other.status, 404) << Describe(other);
  EXPECT_EQ(other.ErrorCode(), "not_found");
  EXPECT_TRUE(ListedIds(HandlerOf(kDept1)).contains(id));
  EXPECT_FALSE(ListedIds(HandlerOf(kDept2)).contains(id));
  EXPECT_FALSE(ListedIds(HandlerOf(kStreet1)).contains(id)) << "the street does not lead it";
  // Masked in the list too.
  const ApiResponse list = api().Get("/api/v1/orders?page_size=5", Token(HandlerOf(kDept1)));
  ASSERT_EQ(list.status, 200) << Describe(list);
  for (const json& o : list.body_json["items"])
    EXPECT_EQ(o.value("caller_phone", ""), "138****5678");
}

TEST_F(ScopeTest, StreetSeesItsCommunitiesOrders) {
  const UnitInfo& community = org().FirstCommunityOf(kStreet1);
  json body = OrderBody("社区楼道堆放杂物");
  body["community_unit_id"] = community.id;
  const std::int64_t id = Id(MustCreate(body));
  Dispatch(id, community.code);

  EXPECT_EQ(MustRead(id, HandlerOf(community.code))["lead_unit_id"], community.id);
  EXPECT_EQ(StateOf(MustRead(id, HandlerOf(kStreet1))), "dispatched");
  EXPECT_TRUE(ListedIds(HandlerOf(kStreet1)).contains(id));
  EXPECT_TRUE(ListedIds(HandlerOf(community.code)).contains(id));
  EXPECT_EQ(Read(HandlerOf(kStreet2), id).status, 404);
  EXPECT_FALSE(ListedIds(HandlerOf(kStreet2)).contains(id));
  // The street may act for its community (sign as the lead's parent unit).
  const json signed_order = MustAct(HandlerOf(kStreet1), id, "sign");
  EXPECT_EQ(StateOf(signed_order), "handling");
}

TEST_F(ScopeTest, AssistingUnitSeesTheOrder) {
  const std::int64_t id = Id(MustCreate(OrderBody()));
  Dispatch(id, kDept1, {kDept2});
  EXPECT_EQ(Read(HandlerOf(kDept2), id).status, 200);
  EXPECT_TRUE(ListedIds(HandlerOf(kDept2)).contains(id));
  EXPECT_EQ(Read(HandlerOf(kDept3), id).status, 404);
}

TEST_F(ScopeTest, ReporterIsHiddenFromTheReportedUnit) {
  json body = OrderBody("举报无证经营餐馆油烟直排");
  body["demand_type"] = "report";
  body["caller_name"] = "李秀英";
  body["caller_phone"] = "13900001111";
  const std::int64_t id = Id(MustCreate(body));
  Dispatch(id, kDept1);

  const json as_unit = MustRead(id, HandlerOf(kDept1));
  EXPECT_TRUE(as_unit["caller_name"].is_null()) << as_unit["caller_name"];
  EXPECT_TRUE(as_unit["caller_phone"].is_null()) << as_unit["caller_phone"];
  EXPECT_TRUE(as_unit.value("caller_hidden", false));
  // Nor does the reporter leak through the event log.
  EXPECT_EQ(as_unit.dump().find("13900001111"), std::string::npos);
  EXPECT_EQ(as_unit.dump().find("李秀英"), std::string::npos);

  const json as_agent = MustRead(id, "agent1");
  EXPECT_EQ(as_agent.value("caller_phone", ""), "13900001111");
  EXPECT_EQ(as_agent.value("caller_name", ""), "李秀英");
  EXPECT_FALSE(as_agent.value("caller_hidden", true));
}

TEST_F(ScopeTest, UsersEndpointIsForAdminsOnly) {
  const ApiResponse admin = api().Get("/api/v1/users", Token("admin"));
  ASSERT_EQ(admin.status, 200) << Describe(admin);
  ASSERT_TRUE(admin.body_json.is_array());
  std::set<std::string> names;
  for (const json& u : admin.body_json) {
    names.insert(u.value("username", ""));
    EXPECT_TRUE(u.contains("role") && u.contains("unit_id") && u.contains("active"));
    EXPECT_FALSE(u.contains("password_hash")) << "no secrets in the users list";
  }
  for (const char* expected : {"admin", "agent1", "dispatcher1", "reviewer1", "callback1"})
    EXPECT_TRUE(names.contains(expected)) << expected;
  EXPECT_TRUE(names.contains(HandlerOf(kDept1)));
  EXPECT_TRUE(names.contains(std::string("ua").append(kStreet1)));

  for (const std::string& user :
       std::vector<std::string>{"agent1", "dispatcher1", "leader1", HandlerOf(kDept1)}) {
    const ApiResponse r = api().Get("/api/v1/users", Token(user));
    EXPECT_EQ(r.status, 403) << user << ": " << Describe(r);
    EXPECT_EQ(r.ErrorCode(), "role_not_allowed") << user;
  }
}

TEST_F(ScopeTest, LogoutInvalidatesTheToken) {
  auto client = NewClient();
  const ApiResponse login =
      client->Post("/api/v1/auth/login", {{"username", "agent1"}, {"password", kDemoPassword}});
  ASSERT_EQ(login.status, 200) << Describe(login);
  const json& user = login.body_json["user"];
  EXPECT_EQ(user.value("username", ""), "agent1");
  EXPECT_EQ(user.value("role", ""), "agent");
  EXPECT_TRUE(login.body_json.contains("expires_at"));
  const std::string token = login.body_json["token"].get<std::string>();

  EXPECT_EQ(client->Get("/api/v1/units", token).status, 200);
  const ApiResponse out = client->Post("/api/v1/auth/logout", json::object(), token);
  EXPECT_EQ(out.status, 204) << Describe(out);
  const ApiResponse after = client->Get("/api/v1/units", token);
  EXPECT_EQ(after.status, 401) << Describe(after);
  EXPECT_EQ(after.ErrorCode(), "unauthenticated");
  // Other sessions of the same person are not affected.
  EXPECT_EQ(api().Get("/api/v1/units", Token("agent1")).status, 200);
}

TEST_F(ScopeTest, ListFiltersAndPaging) {
  const std::int64_t a = Id(MustCreate(OrderBody("甲小区停车难")));
  json enterprise = OrderBody("企业用电报装进度慢");
  enterprise["enterprise"] = true;
  enterprise["channel"] = "web";
  const std::int64_t b = Id(MustCreate(enterprise));
  const std::int64_t c = Id(MustCreate(OrderBody("乙小区噪音")));
  Dispatch(c, kDept1);

  EXPECT_EQ(ListedIds("dispatcher1", "state=pending_dispatch"), (std::set<std::int64_t>{a, b}));
  EXPECT_EQ(ListedIds("dispatcher1", "state=dispatched"), (std::set<std::int64_t>{c}));
  EXPECT_EQ(ListedIds("dispatcher1", "flags=enterprise"), (std::set<std::int64_t>{b}));
  EXPECT_EQ(ListedIds("dispatcher1", "channel=web"), (std::set<std::int64_t>{b}));
  EXPECT_EQ(ListedIds("dispatcher1", "q=" + UrlEncode("停车")), (std::set<std::int64_t>{a}));
  EXPECT_EQ(ListedIds("dispatcher1", "unit_id=" + std::to_string(Unit(kDept1))),
            (std::set<std::int64_t>{c}));

  const ApiResponse page =
      api().Get("/api/v1/orders?page_size=2&page=2&sort=created_at", Token("dispatcher1"));
  ASSERT_EQ(page.status, 200) << Describe(page);
  EXPECT_EQ(page.body_json["total"], 3);
  EXPECT_EQ(page.body_json["page"], 2);
  EXPECT_EQ(page.body_json["page_size"], 2);
  ASSERT_EQ(page.body_json["items"].size(), 1u);
  EXPECT_EQ(Id(page.body_json["items"][0]), c);
}

}  // namespace
}  // namespace hotline::testing
