// `hotline calendar` as scripts and support staff use it: the deadline is the
// last line of stdout, answers are plain, and bad input exits with code 2.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "support/cli_run.h"

namespace hotline::testing {
namespace {

// Runs `hotline calendar <args>` through the shell (arguments are quoted).
CliRun RunCalendar(std::vector<std::string> args) {
  args.insert(args.begin(), "calendar");
  return RunHotlineCli(args);
}

TEST(CalendarCli, DeadlineAcrossNationalDay2026) {
  // Oct 1–7 are off and Saturday Oct 10 is a make-up working day.
  const CliRun run =
      RunCalendar({"deadline", "--start", "2026-09-30T16:00:00+08:00", "--working-days", "5"});
  EXPECT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(run.LastLine(), "2026-10-13T16:00:00+08:00");
}

TEST(CalendarCli, WorkingAndNaturalHours) {
  CliRun run =
      RunCalendar({"deadline", "--start", "2026-03-02T11:30:00+08:00", "--working-hours", "1"});
  EXPECT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(run.LastLine(), "2026-03-02T14:00:00+08:00");
  run = RunCalendar({"deadline", "--start", "2026-10-01T10:00:00+08:00", "--natural-hours", "24"});
  EXPECT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(run.LastLine(), "2026-10-02T10:00:00+08:00");
}

TEST(CalendarCli, YearWithoutNoticeWarnsOnStderr) {
  const CliRun run =
      RunCalendar({"deadline", "--start", "2026-12-31T16:00:00+08:00", "--working-days", "2"});
  EXPECT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(run.LastLine(), "2027-01-04T16:00:00+08:00");
  EXPECT_NE(run.err.find("2027 年尚无国务院放假通知"), std::string::npos) << run.err;
}

TEST(CalendarCli, IsWorkday) {
  CliRun run = RunCalendar({"is-workday", "2026-10-10"});
  EXPECT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(run.out, "true\n");
  run = RunCalendar({"is-workday", "2026-10-05"});
  EXPECT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(run.out, "false\n");
}

TEST(CalendarCli, BadInputExitsWithTwo) {
  const std::vector<std::vector<std::string>> bad = {
      {"deadline", "--start", "2026-09-30T16:00:00+08:00", "--working-days", "-1"},
      {"deadline", "--start", "2026-09-30T16:00:00+08:00", "--working-hours", "-2"},
      {"deadline", "--start", "2026-09-30T16:00:00+08:00", "--working-days", "x"},
      {"deadline", "--start", "2026-09-30 16:00", "--working-days", "5"},
      {"deadline", "--start", "2026-09-30T16:00:00+08:00"},
      {"deadline", "--start", "2026-09-30T16:00:00+08:00", "--working-days", "1", "--natural-hours",
       "2"},
      {"is-workday", "2026-02-30"},
      {"deadline", "--start", "2026-09-30T16:00:00+08:00", "--working-days", "1", "--calendar",
       "/nonexistent/calendar.json"},
  };
  for (const auto& args : bad) {
    const CliRun run = RunCalendar(args);
    std::string joined;
    for (const auto& a : args) joined += a + " ";
    EXPECT_EQ(run.exit_code, 2) << joined;
    EXPECT_TRUE(run.out.empty()) << joined << ": " << run.out;
    EXPECT_FALSE(run.err.empty()) << joined;
  }
}

TEST(CalendarCli, CheckRefusesAMalformedFileAsAWhole) {
  const std::filesystem::path file = std::filesystem::temp_directory_path() /
                                     ("hotline-calendar-" + std::to_string(::getpid()) + ".json");
  {
    std::ofstream out(file);
    out << R"({"format": "hotline-calendar/1", "notices": [{"year": 2027, "title": "测试",
              "holidays": [{"name": "春节", "days_off": ["2027-02-06", "2027-02-30"]}]}]})";
  }
  CliRun run = RunCalendar({"check", file.string()});
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_NE(run.err.find("2027-02-30"), std::string::npos) << run.err;
  // The same file is refused as --calendar too.
  run = RunCalendar({"is-workday", "2027-02-08", "--calendar", file.string()});
  EXPECT_EQ(run.exit_code, 2);
  {
    std::ofstream out(file);
    out << R"({"format": "hotline-calendar/1", "notices": [{"year": 2027, "title": "测试",
              "holidays": [{"name": "春节", "days_off": ["2027-02-08"]}]}]})";
  }
  run = RunCalendar({"check", file.string()});
  EXPECT_EQ(run.exit_code, 0) << run.err;
  run = RunCalendar({"is-workday", "2027-02-08", "--calendar", file.string()});
  EXPECT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(run.out, "false\n");
  std::filesystem::remove(file);
}

}  // namespace
}  // namespace hotline::testing
