// Every figure of GET /api/v1/metrics can be traced to its orders: after a
// mix of order histories, the drill-down of each row and counter adds up to
// the figure the report shows, and lists only orders that contributed.
#include <set>

#include "support/hotline_fixture.h"

namespace hotline::testing {
namespace {

// A range around today (China dates) that the orders below fall in.
constexpr std::string_view kFrom = "2025-01-01";
constexpr std::string_view kTo = "2027-12-31";
constexpr std::string_view kStreet1 = "320104001";
constexpr std::string_view kStreet2 = "320104002";
constexpr std::string_view kDept1 = "320104D01";

class MetricsDrilldownTest : public HotlineTest {
 protected:
  json Report(std::string_view group_by, const std::string& user = "supervisor1") {
    const auto r = api().Get(std::string("/api/v1/metrics?group_by=") + std::string(group_by) +
                                 "&from=" + std::string(kFrom) + "&to=" + std::string(kTo),
                             Token(user));
    EXPECT_EQ(r.status, 200) << Describe(r);
    return r.body_json;
  }

  json Drill(std::string_view measure, std::string_view group_by, const std::string& key,
             const std::string& user = "supervisor1", std::string_view extra = "") {
    const std::string path = std::string("/api/v1/metrics/orders?measure=") + std::string(measure) +
                             "&group_by=" + std::string(group_by) + "&key=" + key +
                             "&from=" + std::string(kFrom) + "&to=" + std::string(kTo) +
                             "&page_size=200" + std::string(extra);
    const auto r = api().Get(path, Token(user));
    EXPECT_EQ(r.status, 200) << path << ": " << Describe(r);
    return r.body_json;
  }

  static std::string KeyText(const json& key) {
    return key.is_string() ? key.get<std::string>() : key.dump();
  }

  // Orders with different histories: closed satisfied, failed and reopened
  // to another unit, returned, still open, an enterprise intake.
  void Populate() {
    auto callback = [&](std::int64_t id, bool resolved, const char* satisfaction) {
      return MustAct("callback1", id, "callback",
                     {{"reached", true}, {"resolved", resolved}, {"satisfaction", satisfaction}});
    };
    const std::int64_t closed = Id(HandlingOrder(kStreet1, "路灯不亮"));
    Reply(closed, kStreet1);
    MustAct("reviewer1", closed, "review-reply", {{"approve", true}});
    callback(closed, true, "satisfied");

    const std::int64_t failed = Id(HandlingOrder(kDept1, "占道经营"));
    Reply(failed, kDept1);
    MustAct("reviewer1", failed, "review-reply", {{"approve", true}});
    callback(failed, false, "dissatisfied");
    MustAct("callback1", failed, "reopen",
            {{"note", "仍未解决"}, {"lead_unit_id", Unit(kStreet2)}});

    const std::int64_t returned = Id(MustCreate(OrderBody("井盖缺失")));
    Dispatch(returned, kStreet2);
    MustAct(HandlerOf(kStreet2), returned, "return",
            {{"reason_code", "outside_jurisdiction"}, {"basis", "不在本街道辖区"}});
    MustAct("dispatcher1", returned, "review-return", {{"approve", true}});

    open_id_ = Id(HandlingOrder(kStreet2, "绿化带杂草"));
    json enterprise = OrderBody("企业用电报装缓慢");
    enterprise["enterprise"] = true;
    MustCreate(enterprise);
  }

  // 吹哨报到 on the open order: street 2 summons two departments, one
  // reports in at once, the other an hour later (past its 30-minute limit,
  // the server restarted with its clock ahead), and the whistle closes
  // resolved. No order is added, so the mix's figures stay as they were.
  void Whistle() {
    const auto current = api().Get("/api/v1/sla-policy", Token("admin"));
    ASSERT_EQ(current.status, 200) << Describe(current);
    json policy = current.body_json;
    policy["whistle_report_in"] = {{"unit", "natural_minutes"}, {"amount", 30}};
    const auto saved = api().Request("PUT", "/api/v1/sla-policy", policy.dump(), Token("admin"),
                                     "application/json");
    ASSERT_EQ(saved.status, 200) << Describe(saved);
    const std::string street = HandlerOf(kStreet2);
    MustAct(street, open_id_, "whistle",
            {{"question", "绿化带杂草丛生需联合清理"},
             {"reason", "涉及多个部门管养范围"},
             {"summoned_unit_ids", std::vector<std::int64_t>{Unit(kDept1), Unit(kDept2)}}});
    MustAct(HandlerOf(kDept1), open_id_, "report-in", {{"whistle_id", 1}, {"note", "派员到场"}});
    RestartServerWith({"--clock-offset-minutes", "60"});
    MustAct(HandlerOf(kDept2), open_id_, "report-in", {{"whistle_id", 1}, {"note", "迟到报到"}});
    MustAct(
        street, open_id_, "close-whistle",
        {{"whistle_id", 1},
         {"resolved", true},
         {"outcome", "已联合清理"},
         {"ratings",
          {{{"unit_id", Unit(kDept1)}, {"score", 5}}, {{"unit_id", Unit(kDept2)}, {"score", 3}}}}});
  }

  std::int64_t open_id_ = 0;
};

TEST_F(MetricsDrilldownTest, EveryDrilledFigureAddsUpToTheReport) {
  Populate();
  ASSERT_NO_FATAL_FAILURE(Whistle());
  int checked = 0;
  for (const char* group_by : {"all", "unit", "unit_group", "street", "channel", "enterprise"}) {
    const json report = Report(group_by);
    ASSERT_FALSE(report["rows"].empty()) << group_by;
    for (const json& row : report["rows"]) {
      for (const char* measure :
           {"received", "dispatched", "signed_on_time", "replied", "rated", "dissatisfied",
            "returned", "reopened", "overdue", "closed", "whistles", "report_ins",
            "report_ins_late", "whistles_resolved"}) {
        const std::int64_t figure = row[measure].get<std::int64_t>();
        if (figure == 0 && checked % 5 != 0) continue;  // zeros: spot-check only
        const json drill = Drill(measure, group_by, KeyText(row["key"]));
        EXPECT_EQ(drill["figure"].get<std::int64_t>(), figure)
            << group_by << " " << row["key"] << " " << measure;
        std::int64_t listed = 0;
        for (const json& item : drill["items"]) {
          EXPECT_GT(item["contribution"].get<std::int64_t>(), 0);
          listed += item["contribution"].get<std::int64_t>();
        }
        if (drill["total"].get<std::int64_t>() <= 200) {
          EXPECT_EQ(listed, figure);
        }
        ++checked;
      }
    }
  }
  EXPECT_GT(checked, 40);
  // The mix is visible in the district row.
  const json all = Report("all")["rows"][0];
  EXPECT_EQ(all["received"], 5);
  EXPECT_EQ(all["rated"], 2);
  EXPECT_EQ(all["reopened"], 1);
  EXPECT_EQ(all["return_approved"], 1);
  EXPECT_EQ(all["whistles"], 1);
  EXPECT_EQ(all["report_ins"], 2);
  EXPECT_EQ(all["report_ins_late"], 1);
  EXPECT_EQ(all["whistles_resolved"], 1);
  EXPECT_EQ(all["report_in_ontime_rate"], 0.5);
  // The whistle's figures drill down to the one order, for the units charged.
  const json late = Drill("report_ins_late", "unit", std::to_string(Unit(kDept2)));
  ASSERT_EQ(late["items"].size(), 1u) << late.dump();
  EXPECT_EQ(late["items"][0]["id"], open_id_);
  const json resolved = Drill("whistles_resolved", "unit", std::to_string(Unit(kStreet2)));
  ASSERT_EQ(resolved["items"].size(), 1u) << resolved.dump();
  EXPECT_EQ(resolved["items"][0]["id"], open_id_);
}

TEST_F(MetricsDrilldownTest, CategoryLevelsAndScopeHold) {
  Populate();
  // A level-1 category row is the sum of its leaves, and drills down the same way.
  const auto r = api().Get(std::string("/api/v1/metrics?group_by=category&category_level=1&from=") +
                               std::string(kFrom) + "&to=" + std::string(kTo),
                           Token("supervisor1"));
  ASSERT_EQ(r.status, 200) << Describe(r);
  const json& row = r.body_json["rows"][0];
  const json drill =
      Drill("received", "category", KeyText(row["key"]), "supervisor1", "&category_level=1");
  EXPECT_EQ(drill["figure"], row["received"]);

  // Unit staff drill only into their own units: another unit's row is empty.
  const std::string own = std::to_string(Unit("320104001"));
  const std::string other = std::to_string(Unit("320104002"));
  const std::string handler = HandlerOf("320104001");
  const json mine = Drill("received", "street", own, handler);
  const json theirs = Drill("received", "street", other, handler);
  EXPECT_EQ(theirs["figure"], 0);
  EXPECT_TRUE(theirs["items"].empty());
  EXPECT_EQ(mine["figure"], Drill("received", "street", own)["figure"]);
}

TEST_F(MetricsDrilldownTest, RefusesBadQueries) {
  const std::string base = "/api/v1/metrics/orders?from=2026-01-01&to=2026-01-31";
  const std::string token = Token("supervisor1");
  auto expect = [&](const std::string& path, std::string_view code, std::string_view field) {
    const auto r = api().Get(path, token);
    EXPECT_EQ(r.status, 400) << path << ": " << Describe(r);
    EXPECT_EQ(r.ErrorCode(), code) << path;
    EXPECT_EQ(r.ErrorField(), field) << path;
  };
  expect(base, "missing_field", "measure");
  expect(base + "&measure=happiness", "invalid_value", "measure");
  expect(base + "&measure=rated&group_by=unit", "missing_field", "key");
  expect(base + "&measure=rated&group_by=planet&key=1", "invalid_value", "group_by");
  expect(base + "&measure=rated&basically_satisfied_weight=1", "unknown_field",
         "basically_satisfied_weight");
  EXPECT_EQ(api().Get(base + "&measure=rated").status, 401);
}

}  // namespace
}  // namespace hotline::testing
