// Hot spots and governance topics through the real server: a surge of one
// category in one street created through intake is found by the Poisson
// test and by text clustering, warned to the unit that led most of its
// orders, and a topic on it counts its demand before and after its start.
// Bad input answers 400 with the field and changes nothing.
#include <fmt/format.h>

#include <algorithm>
#include <chrono>

#include "support/hotline_fixture.h"

namespace hotline::testing {
namespace {

constexpr std::string_view kSurgeStreet = "320104007";
constexpr std::size_t kSurgeCategoryIndex = 17;
constexpr int kSurgeOrders = 6;

// Today's China date, YYYY-MM-DD, shifted by `days`.
std::string ChinaDate(int days = 0) {
  const auto now =
      std::chrono::system_clock::now() + std::chrono::hours(8) + std::chrono::days(days);
  const std::chrono::year_month_day ymd{std::chrono::floor<std::chrono::days>(now)};
  return fmt::format("{:04}-{:02}-{:02}", static_cast<int>(ymd.year()),
                     static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
}

class HotspotTest : public HotlineTest {
 protected:
  std::int64_t SurgeCategory() const { return org().LeafCategory(kSurgeCategoryIndex); }

  // kSurgeOrders orders of one category in one street, all alike, as
  // citizens complaining about the same thing would file them.
  std::vector<std::int64_t> CreateSurge() {
    std::vector<std::int64_t> ids;
    for (int i = 0; i < kSurgeOrders; ++i) {
      json body = OrderBody("菜市场门口占道经营堵塞交通");
      body["category_id"] = SurgeCategory();
      body["street_unit_id"] = Unit(kSurgeStreet);
      body["address"] = "南京市秦淮区某菜市场南门";
      body["content"] = fmt::format(
          "菜市场南门外每天早上都有商贩占道摆摊，车辆无法通行，行人只能走机动车道，"
          "存在安全隐患，请城管部门尽快整治。（第{}位来电人）",
          i + 1);
      ids.push_back(Id(MustCreate(body)));
    }
    return ids;
  }

  ApiResponse GetHotspots(const std::string& query, const std::string& user = "leader1") {
    return api().Get("/api/v1/hotspots?" + query, Token(user));
  }

  static const json* FindSurge(const json& surges, std::int64_t category, std::int64_t street) {
    for (const json& s : surges)
      if (s["category_id"] == category && s["street_unit_id"] == street) return &s;
    return nullptr;
  }

  ApiResponse Warn(const json& body, const std::string& user = "supervisor1") {
    return api().Post("/api/v1/hotspots/warn", body, Token(user));
  }

  std::int64_t WarningTotal() {
    return api()
        .Get("/api/v1/warnings", Token("supervisor1"))
        .body_json["total"]
        .get<std::int64_t>();
  }

  json TopicBody() {
    return json{{"title", "菜市场周边占道经营专项治理"},
                {"description", "每月一题：菜市场周边占道经营"},
                {"category_id", SurgeCategory()},
                {"street_unit_id", Unit(kSurgeStreet)},
                {"owner_unit_ids", {Unit(kDept1), Unit(kSurgeStreet)}},
                {"measures", {"早市时段定点巡查", "设置临时疏导点"}},
                {"start_date", ChinaDate()},
                {"status", "active"}};
  }

  ApiResponse Patch(std::int64_t id, const json& body, const std::string& user = "supervisor1") {
    return api().Request("PATCH", fmt::format("/api/v1/topics/{}", id), body.dump(), Token(user),
                         "application/json");
  }
};

TEST_F(HotspotTest, ASurgeCreatedThroughIntakeIsFoundAndClustered) {
  const std::string today = ChinaDate();
  const std::string query = fmt::format("from={}&to={}", today, today);
  const ApiResponse before = GetHotspots(query);
  ASSERT_EQ(before.status, 200) << Describe(before);
  const json* earlier = FindSurge(before.body_json["surges"], SurgeCategory(), Unit(kSurgeStreet));
  const std::int64_t already = earlier ? (*earlier)["count"].get<std::int64_t>() : 0;

  const auto ids = CreateSurge();
  const ApiResponse r = GetHotspots(query);
  ASSERT_EQ(r.status, 200) << Describe(r);
  EXPECT_EQ(r.body_json["period_days"], 1);
  const json* surge = FindSurge(r.body_json["surges"], SurgeCategory(), Unit(kSurgeStreet));
  ASSERT_NE(surge, nullptr) << r.body_json["surges"].dump();
  EXPECT_EQ((*surge)["count"], already + kSurgeOrders);
  EXPECT_EQ((*surge)["history"].size(), 8u);
  EXPECT_GE((*surge)["baseline"].get<double>(), 0.5);
  EXPECT_LE((*surge)["p_value"].get<double>(), 0.001);
  EXPECT_FALSE((*surge)["street_name"].get<std::string>().empty());

  // The six alike texts form one cluster.
  bool clustered = false;
  for (const json& c : r.body_json["clusters"]) {
    const auto members = c["order_ids"].get<std::vector<std::int64_t>>();
    if (std::all_of(ids.begin(), ids.end(), [&](std::int64_t id) {
          return std::find(members.begin(), members.end(), id) != members.end();
        })) {
      clustered = true;
      EXPECT_FALSE(c["top_bigrams"].empty());
      EXPECT_NE(std::find(members.begin(), members.end(),
                          c["representative_order_id"].get<std::int64_t>()),
                members.end());
    }
  }
  EXPECT_TRUE(clustered) << r.body_json["clusters"].dump();

  // A week's period is tested as one period of seven days.
  const ApiResponse week = GetHotspots(fmt::format("from={}&to={}", ChinaDate(-6), today));
  ASSERT_EQ(week.status, 200) << Describe(week);
  EXPECT_EQ(week.body_json["period_days"], 7);
}

TEST_F(HotspotTest, WarningGoesToTheUnitThatLedMostOfTheSurge) {
  const auto ids = CreateSurge();
  // Four of the six go to department 1, one to department 2.
  for (int i = 0; i < 4; ++i) Dispatch(ids[i], kDept1);
  Dispatch(ids[4], kDept2);
  const std::string today = ChinaDate();
  const json body{{"category_id", SurgeCategory()},
                  {"street_unit_id", Unit(kSurgeStreet)},
                  {"from", today},
                  {"to", today}};
  const std::int64_t letters = WarningTotal();

  json draft_body = body;
  draft_body["dry_run"] = true;
  const ApiResponse draft = Warn(draft_body);
  ASSERT_EQ(draft.status, 200) << Describe(draft);
  EXPECT_EQ(draft.body_json["warning"]["state"], "draft");
  EXPECT_EQ(draft.body_json["warning"]["unit_id"], Unit(kDept1));
  EXPECT_EQ(WarningTotal(), letters);  // a draft issues nothing

  const ApiResponse issued = Warn(body);
  ASSERT_EQ(issued.status, 201) << Describe(issued);
  const json& w = issued.body_json["warning"];
  EXPECT_EQ(w["unit_id"], Unit(kDept1));
  EXPECT_EQ(w["kind"], "hot_spot");
  EXPECT_EQ(w["state"], "issued");
  for (std::int64_t id : ids)
    EXPECT_NE(std::find(w["order_ids"].begin(), w["order_ids"].end(), json(id)),
              w["order_ids"].end())
        << id;
  EXPECT_EQ(issued.body_json["surge"]["count"].get<std::int64_t>() >= kSurgeOrders, true);
  EXPECT_EQ(WarningTotal(), letters + 1);

  // It is an ordinary 预警函: listed, and the warned unit is told.
  const ApiResponse stored = api().Get(
      fmt::format("/api/v1/warnings/{}", w["id"].get<std::int64_t>()), Token("supervisor1"));
  ASSERT_EQ(stored.status, 200) << Describe(stored);
  EXPECT_EQ(stored.body_json["kind"], "hot_spot");
  EXPECT_EQ(stored.body_json["subject"], w["subject"]);
  const json notes =
      api().Get("/api/v1/notifications", Token(HandlerOf(kDept1))).body_json["items"];
  bool told = false;
  for (const json& n : notes)
    if (n["kind"] == "warning" &&
        n["title"].get<std::string>().find(w["number"].get<std::string>()) != std::string::npos)
      told = true;
  EXPECT_TRUE(told) << notes.dump();

  // A cell without a surge gets no letter.
  json quiet = body;
  quiet["street_unit_id"] = Unit(kStreet2);
  const ApiResponse refused = Warn(quiet);
  EXPECT_EQ(refused.status, 422) << Describe(refused);
  EXPECT_EQ(refused.ErrorCode(), "not_a_hot_spot");
  EXPECT_EQ(WarningTotal(), letters + 1);
}

TEST_F(HotspotTest, BadInputIsRefusedWithTheField) {
  const std::string today = ChinaDate();
  struct Case {
    std::string query;
    std::string field;
  };
  for (const Case& c :
       std::vector<Case>{{fmt::format("from={}&to={}", today, ChinaDate(-3)), "from"},
                         {fmt::format("from={}&to={}", ChinaDate(-200), today), "to"},
                         {fmt::format("from=2026-13-01&to={}", today), "from"},
                         {fmt::format("to={}", today), "from"},
                         {fmt::format("from={}&to={}&window_days=0", today, today), "window_days"},
                         {fmt::format("from={}&to={}&street=1", today, today), "street"}}) {
    const ApiResponse r = GetHotspots(c.query);
    EXPECT_EQ(r.status, 400) << c.query << " " << Describe(r);
    EXPECT_EQ(r.ErrorField(), c.field) << c.query;
  }
  EXPECT_EQ(GetHotspots(fmt::format("from={}&to={}", today, today), "agent1").status, 403);

  const std::int64_t letters = WarningTotal();
  const json good{{"category_id", SurgeCategory()},
                  {"street_unit_id", Unit(kSurgeStreet)},
                  {"from", today},
                  {"to", today}};
  json reversed = good;
  reversed["from"] = ChinaDate(1);
  json not_street = good;
  not_street["street_unit_id"] = Unit(kDept1);
  json unknown_category = good;
  unknown_category["category_id"] = 99999999;
  json missing = good;
  missing.erase("to");
  for (const auto& [body, field] :
       std::vector<std::pair<json, std::string>>{{reversed, "from"},
                                                 {not_street, "street_unit_id"},
                                                 {unknown_category, "category_id"},
                                                 {missing, "to"}}) {
    const ApiResponse r = Warn(body);
    EXPECT_EQ(r.status, 400) << body.dump() << " " << Describe(r);
    EXPECT_EQ(r.ErrorField(), field) << body.dump();
  }
  EXPECT_EQ(Warn(good, "leader1").status, 403);
  EXPECT_EQ(WarningTotal(), letters);
}

TEST_F(HotspotTest, TopicCrudAndVolumeBeforeAndAfterItsStart) {
  const ApiResponse created = api().Post("/api/v1/topics", TopicBody(), Token("supervisor1"));
  ASSERT_EQ(created.status, 201) << Describe(created);
  const std::int64_t id = created.body_json["id"];
  EXPECT_EQ(created.body_json["status"], "active");
  EXPECT_EQ(created.body_json["measures"].size(), 2u);
  EXPECT_EQ(created.body_json["owner_units"].size(), 2u);

  const std::string volume_path = fmt::format("/api/v1/topics/{}/volume?weeks_before=4", id);
  const ApiResponse v0 = api().Get(volume_path, Token("dispatcher1"));
  ASSERT_EQ(v0.status, 200) << Describe(v0);
  EXPECT_EQ(v0.body_json["weeks_before"], 4);
  EXPECT_EQ(v0.body_json["weeks_after"], 1);  // the start week is this week
  EXPECT_EQ(v0.body_json["weeks"].size(), 5u);
  const std::int64_t before = v0.body_json["before"];
  const std::int64_t after = v0.body_json["after"];

  CreateSurge();  // six matching orders now
  json other = OrderBody();
  other["street_unit_id"] = Unit(kSurgeStreet);
  other["category_id"] = org().LeafCategory(kSurgeCategoryIndex + 1);
  MustCreate(other);  // another category: not the topic's demand
  const ApiResponse v1 = api().Get(volume_path, Token("dispatcher1"));
  ASSERT_EQ(v1.status, 200) << Describe(v1);
  EXPECT_EQ(v1.body_json["before"], before);
  EXPECT_EQ(v1.body_json["after"], after + kSurgeOrders);
  EXPECT_EQ(v1.body_json["weeks"].back()["orders"].get<std::int64_t>() >= kSurgeOrders, true);

  // An address keyword narrows the place.
  const ApiResponse narrowed =
      Patch(id, json{{"address_keyword", "菜市场南门"}, {"street_unit_id", nullptr}});
  ASSERT_EQ(narrowed.status, 200) << Describe(narrowed);
  EXPECT_TRUE(narrowed.body_json["street_unit_id"].is_null());
  const ApiResponse v2 = api().Get(volume_path, Token("dispatcher1"));
  EXPECT_EQ(v2.body_json["after"], kSurgeOrders);

  // Status moves forward only; dates stay in order; others only read.
  EXPECT_EQ(Patch(id, json{{"status", "proposed"}}).status, 422);
  const ApiResponse bad_end = Patch(id, json{{"end_date", ChinaDate(-1)}});
  EXPECT_EQ(bad_end.status, 400);
  EXPECT_EQ(bad_end.ErrorField(), "end_date");
  EXPECT_EQ(Patch(id, json{{"title", "改名"}}, "agent1").status, 403);
  const ApiResponse closed = Patch(id, json{{"status", "closed"}, {"end_date", ChinaDate(30)}});
  ASSERT_EQ(closed.status, 200) << Describe(closed);
  const json got = api().Get(fmt::format("/api/v1/topics/{}", id), Token("agent1")).body_json;
  EXPECT_EQ(got["status"], "closed");
  EXPECT_EQ(got["title"], TopicBody()["title"]);
  EXPECT_EQ(got["address_keyword"], "菜市场南门");
  const json list = api().Get("/api/v1/topics?status=closed", Token("leader1")).body_json;
  EXPECT_EQ(list["total"], 1);
  EXPECT_EQ(api().Get("/api/v1/topics/999999", Token("leader1")).status, 404);
}

TEST_F(HotspotTest, ProposalsOfferRecurringCellsWithoutATopic) {
  CreateSurge();
  const std::string path = "/api/v1/topics/proposals?min_weeks=1&min_orders=6&limit=200";
  auto proposed = [&]() {
    const ApiResponse r = api().Get(path, Token("leader1"));
    EXPECT_EQ(r.status, 200) << Describe(r);
    for (const json& p : r.body_json["items"])
      if (p["category_id"] == SurgeCategory() && p["street_unit_id"] == Unit(kSurgeStreet))
        return p;
    return json();
  };
  const json cell = proposed();
  ASSERT_FALSE(cell.is_null());
  EXPECT_GE(cell["orders"].get<std::int64_t>(), kSurgeOrders);
  EXPECT_GE(cell["weeks"].get<std::int64_t>(), 1);
  EXPECT_FALSE(cell["suggested_title"].get<std::string>().empty());

  // Taken on as a topic, the cell is no longer proposed.
  json body = TopicBody();
  body["status"] = "proposed";
  ASSERT_EQ(api().Post("/api/v1/topics", body, Token("leader1")).status, 201);
  EXPECT_TRUE(proposed().is_null());

  // Bad topics change nothing.
  json no_owner = TopicBody();
  no_owner["owner_unit_ids"] = json::array();
  json no_place = TopicBody();
  no_place.erase("street_unit_id");
  json bad_date = TopicBody();
  bad_date["start_date"] = "2026-02-30";
  for (const auto& [b, field] : std::vector<std::pair<json, std::string>>{
           {no_owner, "owner_unit_ids"}, {no_place, "street_unit_id"}, {bad_date, "start_date"}}) {
    const ApiResponse r = api().Post("/api/v1/topics", b, Token("supervisor1"));
    EXPECT_EQ(r.status, 400) << Describe(r);
    EXPECT_EQ(r.ErrorField(), field);
  }
  EXPECT_EQ(api().Post("/api/v1/topics", TopicBody(), Token("dispatcher1")).status, 403);
  EXPECT_EQ(api().Get("/api/v1/topics", Token("leader1")).body_json["total"], 1);
  EXPECT_EQ(api().Get("/api/v1/topics/proposals?days=3", Token("leader1")).ErrorField(), "days");
}

}  // namespace
}  // namespace hotline::testing
