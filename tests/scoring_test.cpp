// 考核 end to end: scoring rules saved through the API, orders handled by a
// few streets, and the rankings, 红黑榜, 涉企 board and a unit's own score
// checked to the point against scores computed by hand.
#include <fmt/format.h>

#include <chrono>

#include "support/hotline_fixture.h"

namespace hotline::testing {
namespace {

constexpr std::string_view kPeriod = "from=2025-01-01&to=2027-12-31";
constexpr std::string_view kStreet3 = "320104003";

class ScoringTest : public HotlineTest {
 protected:
  json Get(const std::string& path, const std::string& user = "supervisor1") {
    const auto r = api().Get(path, Token(user));
    EXPECT_EQ(r.status, 200) << path << ": " << Describe(r);
    return r.body_json;
  }

  ApiResponse PutRules(const json& rules, const std::string& user = "admin") {
    return api().Request("PUT", "/api/v1/scoring-rules", rules.dump(), Token(user),
                         "application/json");
  }

  // The default rules, except that two dispatched orders rank a unit and
  // the 红黑榜 names one unit each.
  json SmallRules() {
    json rules = Get("/api/v1/scoring-rules");
    for (const char* g : {"department", "street", "community"}) {
      rules["groups"][g]["min_orders"] = 2;
      rules["groups"][g]["red_black_size"] = 1;
    }
    return rules;
  }

  // An order led by `unit` through to a callback.
  std::int64_t CalledBack(std::string_view unit, bool satisfied, bool enterprise = false) {
    json body = OrderBody(satisfied ? "路灯不亮" : "占道经营");
    body["enterprise"] = enterprise;
    const std::int64_t id = Id(MustCreate(body));
    Dispatch(id, unit);
    Sign(id, unit);
    Reply(id, unit);
    MustAct("reviewer1", id, "review-reply", {{"approve", true}});
    MustAct("callback1", id, "callback",
            {{"reached", true},
             {"resolved", satisfied},
             {"satisfaction", satisfied ? "satisfied" : "dissatisfied"}});
    return id;
  }

  // Street 1: two satisfied 涉企 orders (100 points). Street 2: one
  // satisfied, one dissatisfied (72.5 − 1 = 71.5). Street 3: one order in
  // handling, too few to rank.
  struct Orders {
    std::vector<std::int64_t> street1;
    std::int64_t street2_satisfied = 0, street2_dissatisfied = 0;
  };
  Orders Populate() {
    Orders o;
    o.street1 = {CalledBack(kStreet1, true, true), CalledBack(kStreet1, true, true)};
    o.street2_satisfied = CalledBack(kStreet2, true);
    o.street2_dissatisfied = CalledBack(kStreet2, false);
    HandlingOrder(kStreet3);
    return o;
  }

  static std::string Path(std::string_view base, std::string_view extra = "") {
    return std::string(base) + "?" + std::string(kPeriod) + std::string(extra);
  }
};

TEST_F(ScoringTest, RulesAreVersionedAndValidated) {
  json rules = Get("/api/v1/scoring-rules");
  EXPECT_EQ(rules["version"], 0);  // the defaults, never saved
  EXPECT_EQ(rules["groups"]["street"]["min_orders"], 5);
  EXPECT_EQ(rules["basically_satisfied_weight"], 1.0);

  rules["groups"]["street"]["weights"]["ontime_rate"] = 19;
  auto r = PutRules(rules);
  EXPECT_EQ(r.status, 400) << Describe(r);
  EXPECT_EQ(r.ErrorField(), "groups.street.weights");
  EXPECT_EQ(PutRules(SmallRules(), "supervisor1").status, 403);

  json bonus = SmallRules();
  bonus["bonuses"] = json::array({{{"unit_id", Unit(kStreet1)},
                                   {"day", "2026-01-05"},
                                   {"points", 2},
                                   {"reason", "报到及时"}}});
  r = PutRules(bonus);
  ASSERT_EQ(r.status, 200) << Describe(r);
  EXPECT_EQ(r.body_json["version"], 1);
  bonus["bonuses"][0]["unit_id"] = 999999;
  r = PutRules(bonus);
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(r.ErrorField(), "bonuses[0].unit_id");
  EXPECT_EQ(Get("/api/v1/scoring-rules")["version"], 1);
  EXPECT_EQ(Get("/api/v1/scoring-rules")["groups"]["street"]["min_orders"], 2);
}

TEST_F(ScoringTest, RanksStreetsAndShowsEachUnitOnlyItsOwnRow) {
  ASSERT_EQ(PutRules(SmallRules()).status, 200);
  Populate();
  const json ranking = Get(Path("/api/v1/rankings", "&group=street"));
  EXPECT_EQ(ranking["group"], "street");
  EXPECT_EQ(ranking["rules_version"], 1);
  EXPECT_EQ(ranking["group_size"], 2);
  ASSERT_EQ(ranking["rows"].size(), 2u);
  const json& first = ranking["rows"][0];
  const json& second = ranking["rows"][1];
  EXPECT_EQ(first["unit_id"], Unit(kStreet1));
  EXPECT_EQ(first["rank"], 1);
  EXPECT_EQ(first["score"], 100.0);
  EXPECT_EQ(second["unit_id"], Unit(kStreet2));
  EXPECT_EQ(second["rank"], 2);
  // 15 + 20 + 25 × 0.5 + 30 × 0.5 + 5 + 5 = 72.5, one 不满意 costs 1.
  EXPECT_EQ(second["base"], 72.5);
  EXPECT_EQ(second["score"], 71.5);
  EXPECT_EQ(second["indicators"]["satisfaction_rate"]["rate"], 0.5);
  EXPECT_EQ(second["indicators"]["satisfaction_rate"]["points"], 15.0);
  EXPECT_EQ(second["deductions"][1]["code"], "dissatisfied");
  EXPECT_EQ(second["deductions"][1]["count"], 1);
  // Every other street is listed as unranked, street 3 with its one order.
  EXPECT_EQ(ranking["unranked"].size(), org().OfKind("street").size() - 2);
  bool found = false;
  for (const json& u : ranking["unranked"])
    if (u["unit_id"] == Unit(kStreet3)) {
      found = true;
      EXPECT_EQ(u["reason"], "本期派单 1 件，少于参与排名的最少派单量 2 件");
    }
  EXPECT_TRUE(found);

  // The street's handler sees its own row only, with its rank among 2.
  const json own = Get(Path("/api/v1/rankings", "&group=street"), HandlerOf(kStreet2));
  ASSERT_EQ(own["rows"].size(), 1u);
  EXPECT_EQ(own["rows"][0]["rank"], 2);
  EXPECT_EQ(own["group_size"], 2);
  EXPECT_TRUE(own["unranked"].empty());
  // Departments have no orders: nobody ranked.
  const json depts = Get(Path("/api/v1/rankings", "&group=department"));
  EXPECT_TRUE(depts["rows"].empty());
  EXPECT_EQ(depts["group_size"], 0);
}

TEST_F(ScoringTest, RedBlackBoardNamesTheCasesBehindEachUnit) {
  ASSERT_EQ(PutRules(SmallRules()).status, 200);
  const Orders orders = Populate();
  // Published to all staff, the handler of a listed street included.
  const json board = Get(Path("/api/v1/boards/red-black", "&group=street"), HandlerOf(kStreet3));
  ASSERT_EQ(board["red"].size(), 1u);
  ASSERT_EQ(board["black"].size(), 1u);
  EXPECT_EQ(board["red"][0]["unit_id"], Unit(kStreet1));
  EXPECT_EQ(board["black"][0]["unit_id"], Unit(kStreet2));
  std::vector<std::int64_t> red_cases;
  for (const json& c : board["red"][0]["cases"]) {
    EXPECT_EQ(c["measure"], "satisfied");
    red_cases.push_back(c["order_id"].get<std::int64_t>());
  }
  EXPECT_EQ(red_cases, orders.street1);
  const json& black_cases = board["black"][0]["cases"];
  ASSERT_EQ(black_cases.size(), 1u);
  EXPECT_EQ(black_cases[0]["measure"], "dissatisfied");
  EXPECT_EQ(black_cases[0]["order_id"], orders.street2_dissatisfied);
  EXPECT_FALSE(black_cases[0]["number"].get<std::string>().empty());
}

TEST_F(ScoringTest, EnterpriseBoardRanksOnlyEnterpriseOrders) {
  ASSERT_EQ(PutRules(SmallRules()).status, 200);
  Populate();
  const json board = Get(Path("/api/v1/boards/enterprise", "&group=street"));
  ASSERT_EQ(board["groups"].size(), 1u);
  const json& streets = board["groups"][0];
  EXPECT_EQ(streets["group_size"], 1);
  ASSERT_EQ(streets["rows"].size(), 1u);
  EXPECT_EQ(streets["rows"][0]["unit_id"], Unit(kStreet1));
  EXPECT_EQ(streets["rows"][0]["score"], 100.0);
  EXPECT_EQ(streets["rows"][0]["dispatched"], 2);
  // Without a group: all three groups.
  EXPECT_EQ(Get(Path("/api/v1/boards/enterprise"))["groups"].size(), 3u);
}

TEST_F(ScoringTest, UnitSeesItsOwnScoreRankAndWhy) {
  ASSERT_EQ(PutRules(SmallRules()).status, 200);
  Populate();
  const std::string handler = HandlerOf(kStreet2);
  const std::string path =
      "/api/v1/units/" + std::to_string(Unit(kStreet2)) + "/score?" + std::string(kPeriod);
  const json own = Get(path, handler);
  EXPECT_EQ(own["rank"], 2);
  EXPECT_EQ(own["group_size"], 2);
  EXPECT_EQ(own["ranked"], true);
  EXPECT_EQ(own["score"], 71.5);
  const auto& lines = own["explanation"];
  EXPECT_NE(std::find(lines.begin(), lines.end(), "不满意 1 件，每件扣 1 分，扣 1.00 分"),
            lines.end())
      << lines.dump();
  EXPECT_EQ(lines.back(), "总分 71.50 分");

  // Another unit's score is outside a handler's scope; platform staff see it.
  const std::string other =
      "/api/v1/units/" + std::to_string(Unit(kStreet1)) + "/score?" + std::string(kPeriod);
  EXPECT_EQ(api().Get(other, Token(handler)).status, 404);
  EXPECT_EQ(Get(other)["rank"], 1);
  const std::string third =
      "/api/v1/units/" + std::to_string(Unit(kStreet3)) + "/score?" + std::string(kPeriod);
  const json unranked = Get(third);
  EXPECT_EQ(unranked["ranked"], false);
  EXPECT_TRUE(unranked["rank"].is_null());
}

TEST_F(ScoringTest, RefusesBadQueries) {
  const std::string token = Token("supervisor1");
  auto expect = [&](const std::string& path, int status, std::string_view field) {
    const auto r = api().Get(path, token);
    EXPECT_EQ(r.status, status) << path << ": " << Describe(r);
    EXPECT_EQ(r.ErrorField(), field) << path;
  };
  expect(Path("/api/v1/rankings", "&group=planet"), 400, "group");
  expect(Path("/api/v1/rankings"), 400, "group");
  expect("/api/v1/rankings?from=2026-03-01&to=2026-02-01&group=street", 400, "from");
  expect("/api/v1/rankings?from=2000-01-01&to=2026-02-01&group=street", 400, "to");
  expect("/api/v1/boards/red-black?from=2026-13-01&to=2026-12-31&group=street", 400, "from");
  expect(Path("/api/v1/boards/enterprise", "&group=village"), 400, "group");
  expect(Path("/api/v1/rankings", "&group=street&sort=score"), 400, "sort");
  expect("/api/v1/units/999999/score?" + std::string(kPeriod), 404, "id");
  EXPECT_EQ(api().Get(Path("/api/v1/rankings", "&group=street")).status, 401);
}

// Today's China date, "YYYY-MM-DD".
std::string ChinaToday() {
  const auto local = std::chrono::system_clock::now() + std::chrono::hours(8);
  const std::chrono::year_month_day d{std::chrono::floor<std::chrono::days>(local)};
  return fmt::format("{:04}-{:02}-{:02}", static_cast<int>(d.year()),
                     static_cast<unsigned>(d.month()), static_cast<unsigned>(d.day()));
}

// A period is judged by the rules in force at its end: rules saved later
// do not rewrite it, and a leader may re-judge it by a version named.
TEST_F(ScoringTest, PeriodsAreJudgedByTheRulesInForceAtTheirEnd) {
  ASSERT_EQ(PutRules(SmallRules()).status, 200);  // version 1: two orders rank a street
  Populate();
  // Three days later (the server's clock), version 2 asks for three orders.
  RestartServerWith({"--clock-offset-minutes", std::to_string(3 * 24 * 60)});
  ForgetTokens();
  json stricter = SmallRules();
  for (const char* g : {"department", "street", "community"})
    stricter["groups"][g]["min_orders"] = 3;
  const auto saved = PutRules(stricter);
  ASSERT_EQ(saved.status, 200) << Describe(saved);
  EXPECT_EQ(saved.body_json["version"], 2);

  // A period that ended before the change: version 1, both streets ranked.
  const std::string before =
      "/api/v1/rankings?from=2025-01-01&to=" + ChinaToday() + "&group=street";
  const json old_ranking = Get(before);
  EXPECT_EQ(old_ranking["rules_version"], 1);
  EXPECT_EQ(old_ranking["group_size"], 2);
  EXPECT_EQ(old_ranking["rows"][1]["score"], 71.5);
  // A period running past it: version 2, nobody has three orders.
  const json new_ranking = Get(Path("/api/v1/rankings", "&group=street"));
  EXPECT_EQ(new_ranking["rules_version"], 2);
  EXPECT_EQ(new_ranking["group_size"], 0);
  // The same period re-judged by version 1, and by the defaults (version 0).
  const json rejudged = Get(Path("/api/v1/rankings", "&group=street&rules_version=1"));
  EXPECT_EQ(rejudged["rules_version"], 1);
  EXPECT_EQ(rejudged["group_size"], 2);
  EXPECT_EQ(Get(Path("/api/v1/rankings", "&group=street&rules_version=0"))["rules_version"], 0);

  // The boards and a unit's score follow the same choice.
  const std::string board_before =
      "/api/v1/boards/red-black?from=2025-01-01&to=" + ChinaToday() + "&group=street";
  EXPECT_EQ(Get(board_before)["rules_version"], 1);
  EXPECT_EQ(Get(Path("/api/v1/boards/enterprise"))["rules_version"], 2);
  const std::string score = "/api/v1/units/" + std::to_string(Unit(kStreet2)) + "/score?";
  const json old_score = Get(score + "from=2025-01-01&to=" + ChinaToday());
  EXPECT_EQ(old_score["rules_version"], 1);
  EXPECT_EQ(old_score["ranked"], true);
  const json new_score = Get(score + std::string(kPeriod));
  EXPECT_EQ(new_score["rules_version"], 2);
  EXPECT_EQ(new_score["ranked"], false);

  // Earlier versions stay readable; unknown versions are 404 naming the parameter.
  EXPECT_EQ(Get("/api/v1/scoring-rules")["version"], 2);
  EXPECT_EQ(Get("/api/v1/scoring-rules?version=1")["groups"]["street"]["min_orders"], 2);
  const std::string token = Token("supervisor1");
  auto expect = [&](const std::string& path, int status, std::string_view field) {
    const auto r = api().Get(path, token);
    EXPECT_EQ(r.status, status) << path << ": " << Describe(r);
    EXPECT_EQ(r.ErrorField(), field) << path;
  };
  expect(Path("/api/v1/rankings", "&group=street&rules_version=9"), 404, "rules_version");
  expect(Path("/api/v1/boards/red-black", "&group=street&rules_version=9"), 404, "rules_version");
  expect(Path("/api/v1/boards/enterprise", "&rules_version=9"), 404, "rules_version");
  expect(score + std::string(kPeriod) + "&rules_version=9", 404, "rules_version");
  expect(Path("/api/v1/rankings", "&group=street&rules_version=abc"), 400, "rules_version");
  expect(Path("/api/v1/rankings", "&group=street&rules_version=-1"), 400, "rules_version");
  expect("/api/v1/scoring-rules?version=9", 404, "version");
}

}  // namespace
}  // namespace hotline::testing
