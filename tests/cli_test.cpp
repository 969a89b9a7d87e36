// The administrative subcommands against a real database: migrate, user
// create, user reset-password.
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "support/cli_run.h"
#include "support/hotline_fixture.h"

namespace hotline::testing {
namespace {

class CliTest : public HotlineTest {};

TEST(CliMigrate, CreatesAndReportsTheSchemaVersion) {
  const auto dir =
      std::filesystem::temp_directory_path() / ("hotline_cli_" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  const std::string db = (dir / "fresh.db").string();
  std::string out;
  ASSERT_EQ(RunHotlineShell("migrate --db " + db, &out), 0) << out;
  EXPECT_NE(out.find("schema version"), std::string::npos) << out;
  std::string again;
  EXPECT_EQ(RunHotlineShell("migrate --db " + db, &again), 0) << again;  // idempotent
  EXPECT_EQ(again, out);
  std::string help;
  EXPECT_EQ(RunHotlineShell("--help", &help), 0);
  for (const char* sub : {"serve", "migrate", "demo", "user", "calendar"})
    EXPECT_NE(help.find(sub), std::string::npos) << sub;
  std::filesystem::remove_all(dir);
}

TEST_F(CliTest, CreateUserThenResetPassword) {
  const std::string old_token = Token(HandlerOf("320104002"));
  server().Stop();
  std::string out;
  ASSERT_EQ(RunHotlineShell("user create --db " + server().db_path() +
                                " --username zhangwei --password Secret-1 --role handler"
                                " --unit-code 320104002 --name 张伟",
                            &out),
            0)
      << out;
  // Bad input is refused with a clear message and changes nothing.
  std::string bad;
  EXPECT_NE(
      RunHotlineShell("user create --db " + server().db_path() +
                          " --username lisi --password Secret-1 --role boss --unit-code 320104002",
                      &bad),
      0);
  EXPECT_NE(bad.find("role"), std::string::npos) << bad;
  EXPECT_NE(RunHotlineShell("user create --db " + server().db_path() +
                                " --username zhangwei --password Secret-1 --role handler"
                                " --unit-code 320104002",
                            &bad),
            0);  // the name is taken
  ASSERT_EQ(RunHotlineShell("user reset-password --db " + server().db_path() + " --username " +
                                HandlerOf("320104002") + " --password New-Pass-9",
                            &out),
            0)
      << out;
  RestartServerWith({});

  EXPECT_FALSE(api().Login("zhangwei", "Secret-1").empty());
  EXPECT_TRUE(api().Login("lisi", "Secret-1").empty());
  // The reset ended the old session and replaced the password.
  EXPECT_EQ(api().Get("/api/v1/auth/me", old_token).status, 401);
  EXPECT_TRUE(api().Login(HandlerOf("320104002"), kDemoPassword).empty());
  EXPECT_FALSE(api().Login(HandlerOf("320104002"), "New-Pass-9").empty());
}

TEST_F(CliTest, CalendarImportInstallsANewNotice) {
  server().Stop();
  const std::string good = server().dir() + "/notice2027.json";
  const std::string bad = server().dir() + "/bad.json";
  const std::string notice =
      R"({"format": "hotline-calendar/1", "notices": [{"year": 2027, "title": "测试通知",)"
      R"( "holidays": [{"name": "元旦", "days_off": ["2027-01-01"], "workdays": []}]}]})";
  std::ofstream(good) << notice;
  std::string broken = notice;
  broken.replace(broken.find("2027-01-01"), 10, "2027-13-01");
  std::ofstream(bad) << broken;
  std::string out;
  EXPECT_NE(RunHotlineShell("calendar import --db " + server().db_path() + " " + bad, &out), 0);
  EXPECT_NE(out.find("2027-13-01"), std::string::npos) << out;
  out.clear();
  ASSERT_EQ(RunHotlineShell("calendar import --db " + server().db_path() + " " + good, &out), 0)
      << out;
  EXPECT_NE(out.find("calendar version 1"), std::string::npos) << out;  // the bad one saved nothing
  RestartServerWith({});
  const json calendar = api().Get("/api/v1/calendar", Token("agent1")).body_json;
  EXPECT_EQ(calendar["version"], 1);
  EXPECT_EQ(calendar["notices"].back()["year"], 2027);
  EXPECT_EQ(calendar["notices"].front()["year"], 2019);
}

}  // namespace
}  // namespace hotline::testing
