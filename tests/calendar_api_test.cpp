// Administrators update the working-day calendar through the API when a new
// notice comes out; deadlines set afterwards follow it.
#include "support/hotline_fixture.h"

namespace hotline::testing {
namespace {

class CalendarApiTest : public HotlineTest {
 protected:
  ApiResponse Put(const std::string& body, const std::string& user) {
    return api().Request("PUT", "/api/v1/calendar", body, Token(user), "application/json");
  }
};

// A notice for a future year: 2027-01-01 (Friday) off, nothing else.
const char* kNotice2027 = R"({"format": "hotline-calendar/1", "notices": [
  {"year": 2027, "title": "测试通知", "holidays": [
    {"name": "元旦", "days_off": ["2027-01-01"], "workdays": []}]}]})";

TEST_F(CalendarApiTest, ShowsNoticesAndWarnsAboutMissingYears) {
  const auto r = api().Get("/api/v1/calendar", Token("agent1"));
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.body_json["version"], 0);  // the built-in calendar
  EXPECT_GE(r.body_json["notices"].size(), 8u);
  EXPECT_EQ(r.body_json["working_hours"], json::array({"08:30-12:00", "13:30-17:30"}));
  bool warned_2027 = false;
  for (const json& w : r.body_json["warnings"])
    warned_2027 |= w.get<std::string>().find("2027") != std::string::npos;
  EXPECT_TRUE(warned_2027) << r.body;
}

TEST_F(CalendarApiTest, AdminSavesANewCalendarAndBadOnesChangeNothing) {
  EXPECT_EQ(Put(kNotice2027, "dispatcher1").status, 403);
  std::string bad = kNotice2027;
  bad.replace(bad.find("2027-01-01"), 10, "2027-02-30");
  const auto refused = Put(bad, "admin");
  EXPECT_EQ(refused.status, 400);
  EXPECT_EQ(refused.ErrorCode(), "invalid_calendar");
  EXPECT_NE(refused.body_json["error"]["message"].get<std::string>().find("2027-02-30"),
            std::string::npos)
      << refused.body;
  EXPECT_EQ(Put("not json", "admin").status, 400);
  EXPECT_EQ(api().Get("/api/v1/calendar", Token("agent1")).body_json["version"], 0);

  const auto saved = Put(kNotice2027, "admin");
  ASSERT_EQ(saved.status, 200) << saved.body;
  EXPECT_EQ(saved.body_json["version"], 1);
  const json now = api().Get("/api/v1/calendar", Token("agent1")).body_json;
  EXPECT_EQ(now["version"], 1);
  // The new notice joins the earlier ones rather than replacing them.
  EXPECT_EQ(now["notices"].back()["year"], 2027);
  EXPECT_EQ(now["notices"].front()["year"], 2019);
  for (const json& w : now["warnings"])
    EXPECT_EQ(w.get<std::string>().find("2027 年"), std::string::npos) << w;
}

}  // namespace
}  // namespace hotline::testing
