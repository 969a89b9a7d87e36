// GET /api/v1/metrics and /api/v1/metrics/orders narrowed by unit_id and
// category_id, every refused combination, and the live figures: open 不满意
// (动态清零) and supervisions (督办单), each drilled down to its orders.
// All counts are worked out by hand from the few orders each test creates.
#include <fmt/format.h>

#include <fstream>
#include <functional>
#include <map>
#include <set>

#include "support/hotline_fixture.h"

namespace hotline::testing {
namespace {

constexpr std::string_view kFrom = "2025-01-01";
constexpr std::string_view kTo = "2027-12-31";

class MetricsFiltersTest : public HotlineTest {
 protected:
  void SetUp() override {
    HotlineTest::SetUp();
    // No alarms: an automatic 系统督办 would change the supervision counts.
    const std::string config = server().dir() + "/no-scheduler.toml";
    std::ofstream(config) << "[scheduler]\nenabled = false\n";
    RestartServerWith({"--config", config});
  }

  ApiResponse Get(std::string_view endpoint, std::string_view query,
                  const std::string& user = "supervisor1") {
    std::string path(endpoint);
    path.append("?from=").append(kFrom).append("&to=").append(kTo);
    if (!query.empty()) path.append("&").append(query);
    return api().Get(path, Token(user));
  }

  // The rows of a report by key text; fails the test on an error.
  std::map<std::string, json> Rows(std::string_view query,
                                   const std::string& user = "supervisor1") {
    const ApiResponse r = Get("/api/v1/metrics", query, user);
    EXPECT_EQ(r.status, 200) << query << ": " << Describe(r);
    std::map<std::string, json> rows;
    if (r.status != 200) return rows;
    for (const json& row : r.body_json["rows"]) {
      const json& key = row["key"];
      rows[key.is_string() ? key.get<std::string>() : key.dump()] = row;
    }
    return rows;
  }

  // The drill-down: its figure and the ids of the orders listed.
  struct Drilled {
    std::int64_t figure = -1;
    std::set<std::int64_t> ids;
    json body;
  };
  Drilled Drill(std::string_view query, const std::string& user = "supervisor1") {
    const ApiResponse r =
        Get("/api/v1/metrics/orders", std::string(query) + "&page_size=200", user);
    EXPECT_EQ(r.status, 200) << query << ": " << Describe(r);
    Drilled d;
    if (r.status != 200) return d;
    d.body = r.body_json;
    d.figure = r.body_json["figure"].get<std::int64_t>();
    for (const json& item : r.body_json["items"]) d.ids.insert(item["id"].get<std::int64_t>());
    return d;
  }

  static std::string K(std::int64_t id) { return std::to_string(id); }

  std::int64_t Created(std::string_view title, std::optional<std::int64_t> street = {},
                       std::optional<std::int64_t> category = {}) {
    json body = OrderBody(title);
    if (street) body["street_unit_id"] = *street;
    if (category) body["category_id"] = *category;
    return Id(MustCreate(body));
  }

  json Callback(std::int64_t id, const char* satisfaction) {
    return MustAct("callback1", id, "callback",
                   {{"reached", true},
                    {"resolved", std::string(satisfaction) != "dissatisfied"},
                    {"satisfaction", satisfaction}});
  }

  void ReplyAndApprove(std::int64_t id, std::string_view lead) {
    Reply(id, lead);
    MustAct("reviewer1", id, "review-reply", {{"approve", true}});
  }
};

TEST_F(MetricsFiltersTest, UnitFilterKeepsTheUnitAndTheUnitsBelowIt) {
  const std::int64_t s1 = Unit(kStreet1), s2 = Unit(kStreet2), d1 = Unit(kDept1);
  const UnitInfo& community = org().FirstCommunityOf(kStreet1);
  const std::int64_t a = Created("路灯不亮");
  Dispatch(a, kStreet1);
  const std::int64_t b = Created("楼道堆放杂物");
  Dispatch(b, community.code);
  const std::int64_t c = Created("绿化带杂草", s2);
  Dispatch(c, kStreet2);
  const std::int64_t d = Created("施工围挡占道");
  Dispatch(d, kDept1);

  auto units = Rows(fmt::format("group_by=unit&unit_id={}", s1));
  ASSERT_EQ(units.size(), 2u);
  EXPECT_EQ(units[K(s1)]["dispatched"], 1);
  EXPECT_EQ(units[K(community.id)]["dispatched"], 1);

  auto all = Rows(fmt::format("group_by=all&unit_id={}", s1));
  ASSERT_EQ(all.size(), 1u);
  EXPECT_EQ(all["all"]["dispatched"], 2);
  EXPECT_EQ(all["all"]["received"], 0) << "received is charged to no unit";
  EXPECT_EQ(Rows("group_by=all")["all"]["dispatched"], 4);

  auto groups = Rows(fmt::format("group_by=unit_group&unit_id={}", s1));
  ASSERT_EQ(groups.size(), 2u);
  EXPECT_EQ(groups["street"]["dispatched"], 1);
  EXPECT_EQ(groups["community"]["dispatched"], 1);

  // Street rows: the street itself, or the streets below the unit.
  auto street = Rows(fmt::format("group_by=street&unit_id={}", s2));
  ASSERT_EQ(street.size(), 1u);
  EXPECT_EQ(street[K(s2)]["received"], 1);
  auto below_platform = Rows(fmt::format("group_by=street&unit_id={}", Unit("320104000")));
  EXPECT_EQ(below_platform[K(s1)]["received"], 3);
  EXPECT_EQ(below_platform[K(s2)]["received"], 1);
  EXPECT_TRUE(Rows(fmt::format("group_by=street&unit_id={}", d1)).empty());

  // The drill-down lists exactly the orders behind the narrowed figure.
  const Drilled drilled = Drill(fmt::format("measure=dispatched&group_by=all&unit_id={}", s1));
  EXPECT_EQ(drilled.figure, 2);
  EXPECT_EQ(drilled.ids, (std::set<std::int64_t>{a, b}));
  const Drilled one =
      Drill(fmt::format("measure=dispatched&group_by=unit&key={}&unit_id={}", community.id, s1));
  EXPECT_EQ(one.ids, (std::set<std::int64_t>{b}));
  const Drilled outside =
      Drill(fmt::format("measure=dispatched&group_by=unit&key={}&unit_id={}", d1, s1));
  EXPECT_EQ(outside.figure, 0);
  EXPECT_TRUE(outside.ids.empty());

  // Unit staff may narrow to their own subtree and get its district-style total.
  auto own = Rows(fmt::format("group_by=all&unit_id={}", s1), HandlerOf(kStreet1));
  EXPECT_EQ(own["all"]["dispatched"], 2);
}

TEST_F(MetricsFiltersTest, CategoryFilterKeepsTheCategoryAndItsDescendants) {
  // The category tree as the API serves it: each node's level and parent.
  const ApiResponse tree = api().Get("/api/v1/categories", Token("supervisor1"));
  ASSERT_EQ(tree.status, 200);
  std::map<std::int64_t, std::int64_t> parent;
  std::map<std::int64_t, int> level;
  std::function<void(const json&, std::int64_t)> walk = [&](const json& nodes, std::int64_t up) {
    for (const json& n : nodes) {
      const std::int64_t id = n["id"];
      parent[id] = up;
      level[id] = n["level"];
      if (n.contains("children")) walk(n["children"], id);
    }
  };
  walk(tree.body_json, 0);
  const std::int64_t leaf_a = org().LeafCategory(0);
  const std::int64_t mid_a = parent[leaf_a], top_a = parent[mid_a];
  std::int64_t leaf_b = 0;  // a leaf under another top-level category
  for (std::int64_t leaf : org().LeafCategories())
    if (parent[parent[leaf]] != top_a) {
      leaf_b = leaf;
      break;
    }
  ASSERT_NE(leaf_b, 0);

  const std::int64_t x = Created("噪音一", {}, leaf_a);
  const std::int64_t y = Created("噪音二", {}, leaf_a);
  const std::int64_t z = Created("其他", {}, leaf_b);

  auto all = Rows(fmt::format("group_by=all&category_id={}", leaf_a));
  ASSERT_EQ(all.size(), 1u);
  EXPECT_EQ(all["all"]["received"], 2);
  auto top = Rows(fmt::format("group_by=category&category_level=1&category_id={}", top_a));
  ASSERT_EQ(top.size(), 1u);
  EXPECT_EQ(top[K(top_a)]["received"], 2);
  auto leaves = Rows(fmt::format("group_by=category&category_id={}", mid_a));
  ASSERT_EQ(leaves.size(), 1u);
  EXPECT_EQ(leaves[K(leaf_a)]["received"], 2);
  EXPECT_EQ(Rows(fmt::format("group_by=all&category_id={}", leaf_b))["all"]["received"], 1);

  const Drilled drilled = Drill(fmt::format("measure=received&category_id={}", top_a));
  EXPECT_EQ(drilled.figure, 2);
  EXPECT_EQ(drilled.ids, (std::set<std::int64_t>{x, y}));
  EXPECT_EQ(Drill(fmt::format("measure=received&category_id={}", leaf_b)).ids,
            (std::set<std::int64_t>{z}));

  // A level-1 row would hold more than the level-2 category asked for.
  const ApiResponse coarse = Get(
      "/api/v1/metrics", fmt::format("group_by=category&category_level=1&category_id={}", mid_a));
  EXPECT_EQ(coarse.status, 400) << Describe(coarse);
  EXPECT_EQ(coarse.ErrorCode(), "invalid_value");
  EXPECT_EQ(coarse.ErrorField(), "category_level");
  EXPECT_EQ(level[mid_a], 2);
}

TEST_F(MetricsFiltersTest, BadFiltersAreRefusedWithStatusCodeAndField) {
  const std::int64_t s1 = Unit(kStreet1);
  Dispatch(Created("路灯不亮"), kStreet1);
  const std::int64_t leaf = org().LeafCategory(0);
  struct Case {
    std::string query;
    int status;
    std::string code, field;
    std::string user = "supervisor1";
  };
  const std::vector<Case> cases = {
      {"group_by=unit&unit_id=999999", 404, "unit_not_found", "unit_id"},
      {"group_by=all&category_id=999999", 404, "category_not_found", "category_id"},
      {"group_by=unit&unit_id=abc", 400, "invalid_value", "unit_id"},
      {"group_by=unit&unit_id=-3", 400, "invalid_value", "unit_id"},
      {"group_by=category&category_id=1x", 400, "invalid_value", "category_id"},
      {fmt::format("group_by=category&unit_id={}", s1), 400, "unsupported_filter", "unit_id"},
      {fmt::format("group_by=channel&unit_id={}", s1), 400, "unsupported_filter", "unit_id"},
      {fmt::format("group_by=unit&category_id={}", leaf), 400, "unsupported_filter", "category_id"},
      {fmt::format("group_by=all&unit_id={}&category_id={}", s1, leaf), 400, "unsupported_filter",
       "category_id"},
      // Outside the caller's scope reads as unknown.
      {fmt::format("group_by=unit&unit_id={}", s1), 404, "unit_not_found", "unit_id",
       HandlerOf(kStreet2)},
  };
  for (const Case& c : cases)
    for (const char* endpoint : {"/api/v1/metrics", "/api/v1/metrics/orders"}) {
      std::string query = c.query;
      if (std::string_view(endpoint) == "/api/v1/metrics/orders") {
        query += "&measure=dispatched";
        if (query.find("group_by=all") == std::string::npos) query += "&key=1";
      }
      const ApiResponse r = Get(endpoint, query, c.user);
      EXPECT_EQ(r.status, c.status) << endpoint << "?" << query << ": " << Describe(r);
      EXPECT_EQ(r.ErrorCode(), c.code) << endpoint << "?" << query;
      EXPECT_EQ(r.ErrorField(), c.field) << endpoint << "?" << query;
      EXPECT_FALSE(r.body_json.contains("rows")) << r.body;
      EXPECT_FALSE(r.body_json.contains("items")) << r.body;
    }
}

TEST_F(MetricsFiltersTest, OpenDissatisfiedDropsOnceTheOrderIsClearedSatisfied) {
  const std::int64_t s1 = Unit(kStreet1);
  const std::int64_t id = Id(HandlingOrder(kStreet1, "占道经营"));
  ReplyAndApprove(id, kStreet1);
  Callback(id, "dissatisfied");
  // A second order rated 满意 right away never enters the board.
  const std::int64_t fine = Id(HandlingOrder(kStreet1, "路灯不亮"));
  ReplyAndApprove(fine, kStreet1);
  Callback(fine, "satisfied");

  auto unit = Rows("group_by=unit");
  EXPECT_EQ(unit[K(s1)]["dissatisfied"], 1);
  EXPECT_EQ(unit[K(s1)]["dissatisfied_open"], 1);
  EXPECT_EQ(unit[K(s1)]["dissatisfied_cleared_rate"], 0.0);
  for (const char* group_by : {"all", "street", "channel", "demand_type", "enterprise"}) {
    std::int64_t open = 0;
    for (const auto& [key, row] : Rows(std::string("group_by=") + group_by))
      open += row["dissatisfied_open"].get<std::int64_t>();
    EXPECT_EQ(open, 1) << group_by;
  }
  EXPECT_EQ(Rows(fmt::format("group_by=all&unit_id={}", s1))["all"]["dissatisfied_open"], 1);
  const Drilled open = Drill(fmt::format("measure=dissatisfied_open&group_by=unit&key={}", s1));
  EXPECT_EQ(open.figure, 1);
  EXPECT_EQ(open.ids, (std::set<std::int64_t>{id}));
  EXPECT_EQ(Drill("measure=dissatisfied_open").ids, (std::set<std::int64_t>{id}));

  // 清零: reopened to the same street, handled again and rated 满意.
  MustAct("callback1", id, "reopen", {{"note", "仍未解决"}, {"lead_unit_id", s1}});
  Sign(id, kStreet1);
  ReplyAndApprove(id, kStreet1);
  const json closed = Callback(id, "satisfied");
  ASSERT_EQ(StateOf(closed), "closed");

  unit = Rows("group_by=unit");
  EXPECT_EQ(unit[K(s1)]["dissatisfied"], 1);
  EXPECT_EQ(unit[K(s1)]["dissatisfied_open"], 0);
  EXPECT_EQ(unit[K(s1)]["dissatisfied_cleared_rate"], 1.0);
  EXPECT_EQ(Rows("group_by=all")["all"]["dissatisfied_open"], 0);
  const Drilled cleared = Drill(fmt::format("measure=dissatisfied_open&group_by=unit&key={}", s1));
  EXPECT_EQ(cleared.figure, 0);
  EXPECT_TRUE(cleared.ids.empty());
}

TEST_F(MetricsFiltersTest, SupervisionFiguresPerSupervisedUnit) {
  const std::int64_t s1 = Unit(kStreet1);
  const std::int64_t id = Id(HandlingOrder(kStreet1, "井盖缺失"));
  const ApiResponse issued =
      api().Post(fmt::format("/api/v1/orders/{}/actions/supervise", id),
                 {{"tier", "manual"}, {"note", "请加快办理"}}, Token("supervisor1"));
  ASSERT_EQ(issued.status, 201) << Describe(issued);
  const std::string number = issued.body_json["number"];

  auto unit = Rows("group_by=unit");
  EXPECT_EQ(unit[K(s1)]["supervisions"], 1);
  EXPECT_EQ(unit[K(s1)]["supervisions_open"], 1);
  EXPECT_EQ(unit[K(s1)]["supervisions_overdue"], 0);
  EXPECT_EQ(Rows("group_by=all")["all"]["supervisions"], 1);
  EXPECT_EQ(Rows("group_by=street")[K(s1)]["supervisions"], 1);
  EXPECT_EQ(Rows("group_by=unit_group")["street"]["supervisions"], 1);
  EXPECT_EQ(Rows(fmt::format("group_by=unit&unit_id={}", s1))[K(s1)]["supervisions"], 1);
  EXPECT_TRUE(Rows(fmt::format("group_by=unit&unit_id={}", Unit(kDept1))).empty());
  for (const auto& [key, row] : Rows("group_by=channel"))
    EXPECT_TRUE(row["supervisions"].is_null()) << "no supervision figure per channel";
  // The supervised unit sees its own figure.
  EXPECT_EQ(Rows("group_by=unit", HandlerOf(kStreet1))[K(s1)]["supervisions"], 1);

  const Drilled drilled = Drill(fmt::format("measure=supervisions&group_by=unit&key={}", s1));
  EXPECT_EQ(drilled.figure, 1);
  EXPECT_EQ(drilled.ids, (std::set<std::int64_t>{id}));
  ASSERT_EQ(drilled.body["items"].size(), 1u);
  EXPECT_EQ(drilled.body["items"][0]["supervision_numbers"], json::array({number}));
  EXPECT_EQ(Drill("measure=supervisions_open").figure, 1);
  EXPECT_EQ(Drill("measure=supervisions_overdue").figure, 0);
  const ApiResponse per_channel =
      Get("/api/v1/metrics/orders", "measure=supervisions&group_by=channel&key=phone");
  EXPECT_EQ(per_channel.status, 400) << Describe(per_channel);

  // Answered and accepted: no longer open.
  const std::int64_t sid = issued.body_json["id"];
  ASSERT_EQ(api()
                .Post(fmt::format("/api/v1/supervisions/{}/respond", sid),
                      {{"response", "已安排人员处理"}}, Token(HandlerOf(kStreet1)))
                .status,
            200);
  ASSERT_EQ(api()
                .Post(fmt::format("/api/v1/supervisions/{}/review", sid), {{"accept", true}},
                      Token("supervisor1"))
                .status,
            200);
  unit = Rows("group_by=unit");
  EXPECT_EQ(unit[K(s1)]["supervisions"], 1);
  EXPECT_EQ(unit[K(s1)]["supervisions_open"], 0);
  EXPECT_EQ(unit[K(s1)]["supervisions_overdue"], 0);
  EXPECT_EQ(Drill("measure=supervisions_open").figure, 0);
}

}  // namespace
}  // namespace hotline::testing
