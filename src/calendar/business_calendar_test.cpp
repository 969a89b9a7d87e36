#include "calendar/business_calendar.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <random>
#include <sstream>

#include "common/time_format.h"

namespace hotline {
namespace {

using namespace std::chrono_literals;

Instant At(std::string_view text) {
  auto t = ParseRfc3339(text);
  if (!t) throw std::invalid_argument("bad instant in test: " + std::string(text));
  return *t;
}

CivilDay Day(std::string_view text) {
  auto t = ParseChinaDate(text);
  if (!t) throw std::invalid_argument("bad date in test: " + std::string(text));
  return ChinaDay(*t);
}

const BusinessCalendar& Cal() { return BusinessCalendar::Builtin(); }

std::string AddDays(std::string_view start, int days) {
  return FormatRfc3339(Cal().AddWorkingDays(At(start), days));
}

std::string AddMinutes(std::string_view start, int minutes) {
  return FormatRfc3339(Cal().AddWorkingMinutes(At(start), std::chrono::minutes(minutes)));
}

// ---- The embedded data against the notices it was derived from ----

TEST(BusinessCalendarData, EmbeddedDataMatchesSharedNotices) {
  const std::filesystem::path dir = std::filesystem::path(HOTLINE_SHARED_DATA) / "holidays";
  if (!std::filesystem::exists(dir / "2026.json")) GTEST_SKIP() << "no shared data at " << dir;
  std::set<int> years_in_files;
  for (int year = 2000; year <= 2100; ++year) {
    std::ifstream in(dir / (std::to_string(year) + ".json"));
    if (!in) continue;
    years_in_files.insert(year);
    const auto file = nlohmann::json::parse(in);
    ASSERT_EQ(file.at("year").get<int>(), year);
    ASSERT_TRUE(Cal().Notices().contains(year)) << "no notice for " << year;
    const HolidayNotice& notice = Cal().Notices().at(year);
    EXPECT_TRUE(Cal().HasNotice(year));
    for (const auto& entry : file.at("days")) {
      const std::string date = entry.at("date");
      const bool off = entry.at("isOffDay");
      const CivilDay day = Day(date);
      EXPECT_EQ(notice.days_off.contains(day), off) << year << " " << date;
      EXPECT_EQ(notice.extra_workdays.contains(day), !off) << year << " " << date;
      EXPECT_EQ(Cal().IsWorkday(day), !off) << date;
      EXPECT_EQ(Cal().DayName(day), entry.at("name").get<std::string>()) << date;
    }
    EXPECT_EQ(notice.days_off.size() + notice.extra_workdays.size(), file.at("days").size())
        << "dates in our " << year << " notice that the shared file does not have";
    EXPECT_FALSE(notice.title.empty());
  }
  std::set<int> years_in_calendar;
  for (const auto& [year, notice] : Cal().Notices()) years_in_calendar.insert(year);
  EXPECT_EQ(years_in_calendar, years_in_files);
}

TEST(BusinessCalendarData, DatesStayUnderTheirNotice) {
  // 2019's notice decided 2018-12-29..31; 2023's decided 2022-12-31.
  EXPECT_TRUE(Cal().Notices().at(2019).extra_workdays.contains(Day("2018-12-29")));
  EXPECT_TRUE(Cal().Notices().at(2019).days_off.contains(Day("2018-12-31")));
  EXPECT_TRUE(Cal().Notices().at(2023).days_off.contains(Day("2022-12-31")));
  EXPECT_FALSE(Cal().Notices().at(2022).days_off.contains(Day("2022-12-31")));
  EXPECT_FALSE(Cal().HasNotice(2018));
  EXPECT_TRUE(Cal().IsWorkday(Day("2018-12-29")));   // a Saturday
  EXPECT_FALSE(Cal().IsWorkday(Day("2018-12-31")));  // a Monday
}

TEST(BusinessCalendarData, ToJsonRoundTrips) {
  auto again = BusinessCalendar::FromJson(Cal().ToJson());
  ASSERT_TRUE(again) << again.error().message;
  ASSERT_EQ(again->Notices().size(), Cal().Notices().size());
  for (const auto& [year, notice] : Cal().Notices()) {
    const HolidayNotice& other = again->Notices().at(year);
    EXPECT_EQ(other.title, notice.title);
    EXPECT_EQ(other.sources, notice.sources);
    EXPECT_EQ(other.days_off, notice.days_off);
    EXPECT_EQ(other.extra_workdays, notice.extra_workdays);
    EXPECT_EQ(other.day_names, notice.day_names);
  }
}

// ---- Working days around the real notices ----

TEST(BusinessCalendar, SpringFestival2024WithMakeUpSundays) {
  EXPECT_TRUE(Cal().IsWorkday(Day("2024-02-04")));  // Sunday, 调休
  EXPECT_TRUE(Cal().IsWorkday(Day("2024-02-09")));  // Friday before the holiday
  for (const char* d : {"2024-02-10", "2024-02-12", "2024-02-15", "2024-02-16", "2024-02-17"})
    EXPECT_FALSE(Cal().IsWorkday(Day(d))) << d;
  EXPECT_TRUE(Cal().IsWorkday(Day("2024-02-18")));   // Sunday, 调休
  EXPECT_FALSE(Cal().IsWorkday(Day("2024-02-03")));  // an ordinary Saturday
  // Thursday 10:00: 360 min left that day, Friday 450, then Sunday 18th.
  EXPECT_EQ(AddDays("2024-02-08T10:00:00+08:00", 2), "2024-02-18T10:00:00+08:00");
  EXPECT_EQ(AddDays("2024-02-03T10:00:00+08:00", 1), "2024-02-04T17:30:00+08:00");
}

TEST(BusinessCalendar, SpringFestival2026) {
  EXPECT_TRUE(Cal().IsWorkday(Day("2026-02-14")));  // Saturday, 调休
  EXPECT_TRUE(Cal().IsWorkday(Day("2026-02-28")));  // Saturday, 调休
  for (const char* d : {"2026-02-15", "2026-02-16", "2026-02-20", "2026-02-23"})
    EXPECT_FALSE(Cal().IsWorkday(Day(d))) << d;
  EXPECT_EQ(AddDays("2026-02-13T17:00:00+08:00", 1), "2026-02-14T17:00:00+08:00");
  EXPECT_EQ(AddDays("2026-02-14T17:00:00+08:00", 1), "2026-02-24T17:00:00+08:00");
  EXPECT_EQ(AddMinutes("2026-02-16T10:00:00+08:00", 30), "2026-02-24T09:00:00+08:00");
}

TEST(BusinessCalendar, NationalDay2025) {
  EXPECT_TRUE(Cal().IsWorkday(Day("2025-09-28")));  // Sunday
  EXPECT_FALSE(Cal().IsWorkday(Day("2025-10-08")));
  EXPECT_TRUE(Cal().IsWorkday(Day("2025-10-11")));  // Saturday
  // 90 min on 9/30, then 10/9, 10/10, 10/11, 10/13 in full, 360 min of 10/14.
  EXPECT_EQ(AddDays("2025-09-30T16:00:00+08:00", 5), "2025-10-14T16:00:00+08:00");
}

TEST(BusinessCalendar, NationalDay2026) {
  EXPECT_TRUE(Cal().IsWorkday(Day("2026-09-20")));   // Sunday, 调休
  EXPECT_FALSE(Cal().IsWorkday(Day("2026-09-25")));  // 中秋节, a Friday
  for (const char* d : {"2026-10-01", "2026-10-05", "2026-10-07"})
    EXPECT_FALSE(Cal().IsWorkday(Day(d))) << d;
  EXPECT_TRUE(Cal().IsWorkday(Day("2026-10-08")));
  EXPECT_TRUE(Cal().IsWorkday(Day("2026-10-10")));   // Saturday, 调休 per the 2026 notice
  EXPECT_FALSE(Cal().IsWorkday(Day("2026-10-11")));  // Sunday
  EXPECT_EQ(Cal().DayName(Day("2026-10-10")), "国庆节");
  // The CLI example of issue 3.
  EXPECT_EQ(AddDays("2026-09-30T16:00:00+08:00", 5), "2026-10-13T16:00:00+08:00");
}

// ---- Working hours ----

TEST(BusinessCalendar, LunchBreakIsSkipped) {
  // 2026-03-02 is an ordinary Monday.
  EXPECT_EQ(AddMinutes("2026-03-02T11:30:00+08:00", 60), "2026-03-02T14:00:00+08:00");
  EXPECT_EQ(AddMinutes("2026-03-02T12:00:00+08:00", 1), "2026-03-02T13:31:00+08:00");
  EXPECT_EQ(AddMinutes("2026-03-02T12:45:00+08:00", 30), "2026-03-02T14:00:00+08:00");
}

TEST(BusinessCalendar, LandingExactlyAtPeriodEndStaysThere) {
  EXPECT_EQ(AddMinutes("2026-03-02T11:30:00+08:00", 30), "2026-03-02T12:00:00+08:00");
  EXPECT_EQ(AddMinutes("2026-03-02T17:00:00+08:00", 30), "2026-03-02T17:30:00+08:00");
  EXPECT_EQ(AddDays("2026-03-02T08:30:00+08:00", 1), "2026-03-02T17:30:00+08:00");
  EXPECT_EQ(AddMinutes("2026-03-02T08:30:00+08:00", 210), "2026-03-02T12:00:00+08:00");
  // Friday 17:30 + one day ends on Monday at 17:30, not on Tuesday morning.
  EXPECT_EQ(AddDays("2026-03-06T17:30:00+08:00", 1), "2026-03-09T17:30:00+08:00");
}

TEST(BusinessCalendar, StartOutsideWorkingHours) {
  EXPECT_EQ(AddMinutes("2026-03-02T07:00:00+08:00", 60), "2026-03-02T09:30:00+08:00");
  EXPECT_EQ(AddMinutes("2026-03-02T20:00:00+08:00", 60), "2026-03-03T09:30:00+08:00");
  EXPECT_EQ(AddMinutes("2026-03-07T10:00:00+08:00", 60), "2026-03-09T09:30:00+08:00");  // Sat
  EXPECT_EQ(AddMinutes("2026-03-02T03:00:00Z", 90), "2026-03-02T14:00:00+08:00");       // 11:00
  EXPECT_EQ(AddMinutes("2026-03-01T23:59:59.999+08:00", 1), "2026-03-02T08:31:00+08:00");
}

TEST(BusinessCalendar, StartOnAHoliday) {
  EXPECT_EQ(AddMinutes("2026-10-03T10:00:00+08:00", 60), "2026-10-08T09:30:00+08:00");
  EXPECT_EQ(AddDays("2026-10-01T00:00:00+08:00", 3), "2026-10-10T17:30:00+08:00");
}

TEST(BusinessCalendar, YearBoundary) {
  // 2026-01-01..03 are off and Sunday 2026-01-04 is a make-up working day.
  EXPECT_EQ(AddDays("2025-12-31T16:00:00+08:00", 1), "2026-01-04T16:00:00+08:00");
  EXPECT_EQ(AddDays("2025-12-31T16:00:00+08:00", 2), "2026-01-05T16:00:00+08:00");
  // 2022-12-30 (Friday) → 2023-01-02 is off (2023 notice) → 2023-01-03.
  EXPECT_EQ(AddDays("2022-12-30T09:00:00+08:00", 1), "2023-01-03T09:00:00+08:00");
  EXPECT_EQ(
      Cal().WorkingTimeBetween(At("2025-12-31T16:00:00+08:00"), At("2026-01-05T16:00:00+08:00")),
      900min);
}

TEST(BusinessCalendar, YearWithoutNoticeFallsBackToWeekends) {
  EXPECT_FALSE(Cal().HasNotice(2027));
  EXPECT_TRUE(Cal().IsWorkday(Day("2027-01-01")));  // a Friday; no notice says otherwise
  EXPECT_TRUE(Cal().IsWorkday(Day("2027-10-01")));
  EXPECT_FALSE(Cal().IsWorkday(Day("2027-01-02")));
  EXPECT_EQ(AddDays("2026-12-31T16:00:00+08:00", 2), "2027-01-04T16:00:00+08:00");
  EXPECT_EQ(Cal().MissingNoticeWarnings(2027, 2027),
            std::vector<std::string>{"2027 年尚无国务院放假通知，按普通周末计算工作日"});
  EXPECT_EQ(Cal().MissingNoticeWarnings(2025, 2029),
            std::vector<std::string>{"2027–2029 年尚无国务院放假通知，按普通周末计算工作日"});
  EXPECT_EQ(Cal().MissingNoticeWarnings(2017, 2028).size(), 2u);
  EXPECT_TRUE(Cal().MissingNoticeWarnings(2019, 2026).empty());
  EXPECT_EQ(Cal().MissingNoticeWarnings(1, 9999).size(), 2u);
}

TEST(BusinessCalendar, MillisecondsOfTheStartAreKept) {
  EXPECT_EQ(AddMinutes("2026-03-02T09:00:00.250+08:00", 60), "2026-03-02T10:00:00.250+08:00");
  EXPECT_EQ(AddMinutes("2026-03-02T11:59:30.500+08:00", 1), "2026-03-02T13:30:30.500+08:00");
}

TEST(BusinessCalendar, NaturalHoursIgnoreTheCalendar) {
  EXPECT_EQ(FormatRfc3339(Cal().AddNaturalHours(At("2026-10-01T10:00:00+08:00"), 24h)),
            "2026-10-02T10:00:00+08:00");
}

TEST(BusinessCalendar, NonPositiveAmountsReturnTheStart) {
  const Instant t = At("2026-10-03T10:00:00+08:00");
  EXPECT_EQ(Cal().AddWorkingMinutes(t, 0min), t);
  EXPECT_EQ(Cal().AddWorkingMinutes(t, -5min), t);
  EXPECT_EQ(Cal().AddWorkingDays(t, 0), t);
}

TEST(BusinessCalendar, WorkingTimeBetween) {
  EXPECT_EQ(
      Cal().WorkingTimeBetween(At("2026-03-02T11:00:00+08:00"), At("2026-03-02T14:00:00+08:00")),
      90min);
  EXPECT_EQ(
      Cal().WorkingTimeBetween(At("2026-03-02T14:00:00+08:00"), At("2026-03-02T11:00:00+08:00")),
      0min);
  EXPECT_EQ(
      Cal().WorkingTimeBetween(At("2026-10-01T00:00:00+08:00"), At("2026-10-08T00:00:00+08:00")),
      0min);
  EXPECT_EQ(Cal().WorkingTimeBetween(At("2026-03-02T09:00:00+08:00"),
                                     At("2026-03-02T09:00:59.999+08:00")),
            0min);
}

TEST(BusinessCalendar, LongSpansMatchDayByDayCounting) {
  const CivilDay from = Day("2015-01-01"), to = Day("2031-01-01");
  long long workdays = 0;
  for (CivilDay d = from; d < to; d += std::chrono::days{1}) workdays += Cal().IsWorkday(d);
  EXPECT_EQ(Cal().WorkingTimeBetween(ChinaInstant(from, 0), ChinaInstant(to, 0)).count(),
            workdays * 450);
  // Jumping far ahead and back is consistent.
  const Instant start = At("2026-09-30T16:00:00+08:00");
  const Instant far = Cal().AddWorkingDays(start, 100'000);
  EXPECT_EQ(Cal().WorkingTimeBetween(start, far), std::chrono::minutes(100'000LL * 450));
  EXPECT_EQ(FormatRfc3339(far).substr(11), "16:00:00+08:00");
  const Instant early = At("1999-03-01T10:00:00+08:00");
  EXPECT_EQ(Cal().WorkingTimeBetween(early, Cal().AddWorkingDays(early, 20'000)),
            std::chrono::minutes(20'000LL * 450));
}

// A minute-by-minute reference for minute-aligned starts.
Instant WalkMinutes(const BusinessCalendar& cal, Instant t, long long amount) {
  const auto in_work = [&](Instant m) {
    if (!cal.IsWorkday(ChinaDay(m))) return false;
    const long long minute = (m - ChinaInstant(ChinaDay(m), 0)) / std::chrono::minutes(1);
    for (const WorkingPeriod& p : cal.Hours())
      if (minute >= p.start_minute && minute < p.end_minute) return true;
    return false;
  };
  while (amount > 0) {
    if (in_work(t)) --amount;
    t += 1min;
  }
  return t;
}

TEST(BusinessCalendar, AgreesWithMinuteByMinuteWalk) {
  std::mt19937_64 rng(20260930);
  const long long from = At("2018-12-20T00:00:00+08:00").time_since_epoch() / 1min;
  const long long to = At("2027-01-10T00:00:00+08:00").time_since_epoch() / 1min;
  std::uniform_int_distribution<long long> start_minute(from, to);
  std::uniform_int_distribution<long long> amount(1, 3 * 450);
  for (int i = 0; i < 300; ++i) {
    const Instant a{std::chrono::minutes(start_minute(rng))};
    const long long m = amount(rng);
    EXPECT_EQ(FormatRfc3339(Cal().AddWorkingMinutes(a, std::chrono::minutes(m))),
              FormatRfc3339(WalkMinutes(Cal(), a, m)))
        << FormatRfc3339(a) << " + " << m << " min";
  }
}

TEST(BusinessCalendar, WorkingTimeBetweenIsTheInverseOnRandomPairs) {
  std::mt19937_64 rng(12345);
  const long long from = At("2018-06-01T00:00:00+08:00").time_since_epoch().count();
  const long long to = At("2028-06-01T00:00:00+08:00").time_since_epoch().count();
  std::uniform_int_distribution<long long> instant(from, to);
  std::uniform_int_distribution<long long> span(0, 40LL * 86'400'000);
  const auto in_working_time = [](Instant t) {
    if (!Cal().IsWorkday(ChinaDay(t))) return false;
    const auto ms = (t - ChinaInstant(ChinaDay(t), 0)).count();
    for (const WorkingPeriod& p : Cal().Hours())
      if (ms > p.start_minute * 60'000LL && ms <= p.end_minute * 60'000LL) return true;
    return false;
  };
  for (int i = 0; i < 20'000; ++i) {
    const Instant a{std::chrono::milliseconds(instant(rng))};
    const Instant b = a + std::chrono::milliseconds(i % 10 == 0 ? -span(rng) : span(rng));
    const std::chrono::minutes m = Cal().WorkingTimeBetween(a, b);
    const Instant c = Cal().AddWorkingMinutes(a, m);
    ASSERT_LE(c, std::max(a, b)) << FormatRfc3339(a) << " → " << FormatRfc3339(b);
    if (m > 0min) {
      ASSERT_TRUE(in_working_time(c)) << FormatRfc3339(c);
      ASSERT_EQ(Cal().WorkingTimeBetween(a, c), m) << FormatRfc3339(a);
      // One more minute would pass b.
      ASSERT_GT(Cal().AddWorkingMinutes(a, m + 1min), b) << FormatRfc3339(a);
    } else {
      ASSERT_EQ(c, a);
    }
  }
}

// ---- Configuration and refusals ----

TEST(BusinessCalendar, CustomWorkingHours) {
  auto hours = ParseWorkingHours("09:00-17:00");
  ASSERT_TRUE(hours);
  auto cal = BusinessCalendar::FromJson(EmbeddedCalendarJson(), *hours);
  ASSERT_TRUE(cal);
  EXPECT_EQ(cal->WorkingMinutesPerDay(), 480);
  EXPECT_EQ(FormatRfc3339(cal->AddWorkingMinutes(At("2026-03-02T16:00:00+08:00"), 120min)),
            "2026-03-03T10:00:00+08:00");
  EXPECT_EQ(Cal().WorkingMinutesPerDay(), 450);
  auto parsed = ParseWorkingHours("08:30-12:00, 13:30-17:30");
  ASSERT_TRUE(parsed);
  ASSERT_EQ(parsed->size(), 2u);
  EXPECT_EQ((*parsed)[1].end_minute, 17 * 60 + 30);
  EXPECT_TRUE(ParseWorkingHours("00:00-24:00"));
}

TEST(BusinessCalendar, CreateRefusesBadWorkingPeriods) {
  const std::vector<std::vector<WorkingPeriod>> bad = {
      {},                                                      // empty
      {{8 * 60 + 30, 12 * 60}, {11 * 60, 17 * 60}},            // overlapping
      {{13 * 60 + 30, 17 * 60 + 30}, {8 * 60 + 30, 12 * 60}},  // unsorted
      {{-10, 60}},                                             // before midnight
      {{600, 1441}},                                           // past midnight
      {{600, 600}},                                            // empty period
  };
  for (const auto& hours : bad) {
    auto cal = BusinessCalendar::Create({}, hours);
    ASSERT_FALSE(cal);
    EXPECT_EQ(cal.error().code, "invalid_working_hours");
    EXPECT_FALSE(cal.error().message.empty());
  }
  for (const char* text : {"", "8:30-12:00", "08:30-12:00;13:30-17:30", "12:00-08:30", "08:30",
                           "08:30-12:00,11:00-13:00", "25:00-26:00", "08:60-09:00"})
    EXPECT_FALSE(ParseWorkingHours(text)) << text;
}

TEST(BusinessCalendar, WithoutNoticesEveryYearIsPlainWeekends) {
  auto cal = BusinessCalendar::Create({}, DefaultWorkingHours());
  ASSERT_TRUE(cal);
  EXPECT_FALSE(cal->HasNotice(2026));
  EXPECT_TRUE(cal->IsWorkday(Day("2026-10-01")));
  EXPECT_EQ(cal->MissingNoticeWarnings(2026, 2027).size(), 1u);
  EXPECT_EQ(FormatRfc3339(cal->AddWorkingDays(At("2026-10-02T16:00:00+08:00"), 1)),
            "2026-10-05T16:00:00+08:00");
}

// A one-notice calendar file with `holidays` spliced in.
std::string OneNotice(std::string_view holidays, std::string_view extra_notice_fields = "") {
  return std::string(R"({"format": "hotline-calendar/1", "notices": [{"year": 2026, )") +
         std::string(extra_notice_fields) + R"("title": "测试通知", "holidays": [)" +
         std::string(holidays) + "]}]}";
}

void ExpectRefused(const std::string& text, std::string_view in_message,
                   std::string_view field = {}) {
  auto cal = BusinessCalendar::FromJson(text);
  ASSERT_FALSE(cal) << text;
  EXPECT_EQ(cal.error().code, "invalid_calendar");
  EXPECT_EQ(cal.error().kind, ErrorKind::kInvalidInput);
  EXPECT_NE(cal.error().message.find(in_message), std::string::npos)
      << cal.error().message << " should mention " << in_message;
  if (!field.empty()) {
    EXPECT_EQ(cal.error().field, field);
  }
}

TEST(BusinessCalendarJson, AcceptsAMinimalFile) {
  auto cal = BusinessCalendar::FromJson(OneNotice(
      R"({"name": "国庆节", "days_off": ["2026-10-01", "2026-10-02"], "workdays": ["2026-10-10"]})"));
  ASSERT_TRUE(cal) << cal.error().message;
  EXPECT_TRUE(cal->HasNotice(2026));
  EXPECT_FALSE(cal->IsWorkday(Day("2026-10-02")));
  EXPECT_TRUE(cal->IsWorkday(Day("2026-10-10")));
}

TEST(BusinessCalendarJson, RefusesMalformedDatesNamingTheEntry) {
  ExpectRefused(OneNotice(R"({"name": "春节", "days_off": ["2026-02-17", "2026-02-30"]})"),
                "\"2026-02-30\"", "notices[0].holidays[0].days_off[1]");
  ExpectRefused(OneNotice(R"({"name": "春节", "days_off": ["2026-2-17"]})"), "\"2026-2-17\"");
  ExpectRefused(OneNotice(R"({"name": "春节", "workdays": [20260214]})"), "20260214");
  ExpectRefused(OneNotice(R"({"name": "春节", "days_off": ["2026-02-17T00:00:00"]})"), "春节");
}

TEST(BusinessCalendarJson, RefusesADateBothOffAndWorkday) {
  ExpectRefused(OneNotice(R"({"name": "国庆节", "days_off": ["2026-10-10"]},
                             {"name": "调休", "workdays": ["2026-10-10"]})"),
                "既是放假日又是调休上班日", "notices[0].holidays[1].workdays[0]");
  ExpectRefused(OneNotice(R"({"name": "国庆节", "days_off": ["2026-10-01", "2026-10-01"]})"),
                "重复出现");
}

TEST(BusinessCalendarJson, RefusesUnknownFields) {
  ExpectRefused(R"({"format": "hotline-calendar/1", "notices": [], "extra": 1})", "\"extra\"",
                "extra");
  ExpectRefused(OneNotice(R"({"name": "春节", "days_off": ["2026-02-17"]})", R"("papers": [], )"),
                "\"papers\"", "notices[0].papers");
  ExpectRefused(OneNotice(R"({"name": "春节", "days_off": ["2026-02-17"], "isOffDay": true})"),
                "\"isOffDay\"", "notices[0].holidays[0].isOffDay");
}

TEST(BusinessCalendarJson, RefusesAYearGivenTwice) {
  const std::string notice =
      R"({"year": 2026, "title": "通知", "holidays": [{"name": "元旦", "days_off": ["2026-01-01"]}]})";
  ExpectRefused(R"({"format": "hotline-calendar/1", "notices": [)" + notice + ", " + notice + "]}",
                "2026 年的通知出现了两次", "notices[1].year");
}

TEST(BusinessCalendarJson, RefusesOtherMistakes) {
  ExpectRefused("not json", "不是合法的 JSON");
  ExpectRefused(R"({"notices": []})", "format", "format");
  ExpectRefused(R"({"format": "hotline-calendar/2", "notices": []})", "format");
  ExpectRefused(R"({"format": "hotline-calendar/1"})", "notices", "notices");
  ExpectRefused(OneNotice(R"({"name": "春节", "days_off": ["2062-02-17"]})"), "2062-02-17");
  ExpectRefused(OneNotice(R"({"name": "春节"})"), "没有任何日期");
  ExpectRefused(OneNotice(R"({"days_off": ["2026-02-17"]})"), "name");
  ExpectRefused(OneNotice(""), "holidays");
  ExpectRefused(R"({"format": "hotline-calendar/1", "notices": [{"year": 1990, "title": "x",
                  "holidays": [{"name": "元旦", "days_off": ["1990-01-01"]}]}]})",
                "超出范围");
  // A date claimed by two notices.
  ExpectRefused(R"({"format": "hotline-calendar/1", "notices": [
      {"year": 2022, "title": "a", "holidays": [{"name": "元旦", "days_off": ["2022-12-31"]}]},
      {"year": 2023, "title": "b", "holidays": [{"name": "元旦", "days_off": ["2022-12-31"]}]}]})",
                "同时出现在 2022 年和 2023 年");
}

TEST(BusinessCalendar, CreateRefusesConflictingNotices) {
  HolidayNotice a{2026, "a", {Day("2026-10-10")}, {Day("2026-10-10")}, {}, {}};
  auto both = BusinessCalendar::Create({a}, DefaultWorkingHours());
  ASSERT_FALSE(both);
  EXPECT_NE(both.error().message.find("2026-10-10"), std::string::npos);
  HolidayNotice b{2026, "b", {Day("2026-10-01")}, {}, {}, {}};
  HolidayNotice c{2026, "c", {Day("2026-10-02")}, {}, {}, {}};
  EXPECT_FALSE(BusinessCalendar::Create({b, c}, DefaultWorkingHours()));
}

}  // namespace
}  // namespace hotline
