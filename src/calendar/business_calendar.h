// China's working-day calendar: official holidays and make-up working days
// (调休) from the State Council's yearly notices, working hours with a lunch
// break, all in China Standard Time (UTC+08:00, no daylight saving).
//
// "N working days" means N times the working minutes of one day, counted
// like working hours: a deadline set at 16:00 with 5 working days falls at
// 16:00 on the fifth working day after, and a start outside working hours
// counts from the next working period. Immutable after construction;
// thread-safe for concurrent reads.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "common/clock.h"
#include "common/error.h"

namespace hotline {

using CivilDay = std::chrono::sys_days;  // a China-local calendar date

// One working period of a day, in minutes after local midnight: [start, end).
struct WorkingPeriod {
  int start_minute = 0;
  int end_minute = 0;
};

// Default: 08:30–12:00 and 13:30–17:30 (7.5 hours).
std::vector<WorkingPeriod> DefaultWorkingHours();

// Parses "08:30-12:00,13:30-17:30" (periods checked as by Create()).
Result<std::vector<WorkingPeriod>> ParseWorkingHours(std::string_view text);

// What one notice year says about individual dates.
struct HolidayNotice {
  int year = 0;
  std::string title;                          // e.g. the notice's name or number
  std::set<CivilDay> days_off;                // holidays (weekends inside them need not be listed)
  std::set<CivilDay> extra_workdays;          // make-up working days (调休), mostly weekends
  std::vector<std::string> sources;           // where it was published (URLs)
  std::map<CivilDay, std::string> day_names;  // e.g. 国庆节, for people; optional
};

class BusinessCalendar {
 public:
  // Years a notice may have; its dates may lie in the year before or after.
  static constexpr int kMinNoticeYear = 2000;
  static constexpr int kMaxNoticeYear = 2199;

  // Builds a calendar; refuses overlapping or malformed working periods, a
  // notice year given twice or out of range, a date outside its notice's
  // year ± 1, and a date listed twice (e.g. both off and a workday).
  static Result<BusinessCalendar> Create(std::vector<HolidayNotice> notices,
                                         std::vector<WorkingPeriod> hours);

  // The calendar shipped with hotline (notices 2019–2026).
  static const BusinessCalendar& Builtin();

  // Parses the project's calendar JSON (see docs/calendar.md); a malformed
  // date anywhere refuses the whole file, with a message naming the entry.
  static Result<BusinessCalendar> FromJson(
      std::string_view text, std::vector<WorkingPeriod> hours = DefaultWorkingHours());
  // The notices in the same JSON form (working hours are not part of it).
  std::string ToJson() const;

  bool IsWorkday(CivilDay day) const;
  // True when a notice covers `year`; otherwise that year falls back to plain
  // weekends, and callers must say so (see MissingNoticeWarnings()).
  bool HasNotice(int year) const;
  // Human-readable warnings for `year`s without a notice in [from, to].
  std::vector<std::string> MissingNoticeWarnings(int from_year, int to_year) const;
  // The holiday name a notice gives `day` ("国庆节"), empty when none.
  std::string DayName(CivilDay day) const;

  // Non-positive amounts return `start` unchanged. The result is the earliest
  // instant with exactly `amount` of working time since `start`, so it may be
  // the end of a period (12:00, 17:30). Milliseconds of `start` are kept.
  Instant AddWorkingMinutes(Instant start, std::chrono::minutes amount) const;
  Instant AddWorkingDays(Instant start, int days) const;
  Instant AddNaturalHours(Instant start, std::chrono::hours hours) const;
  // Working time in [from, to), rounded down to whole minutes; zero when to <= from.
  std::chrono::minutes WorkingTimeBetween(Instant from, Instant to) const;

  int WorkingMinutesPerDay() const;
  const std::vector<WorkingPeriod>& Hours() const { return hours_; }
  const std::map<int, HolidayNotice>& Notices() const { return notices_; }

 private:
  BusinessCalendar() = default;

  // Working days in [reference, day), a monotone count; its differences count
  // working days between two dates (O(1), any distance).
  std::int64_t WorkdaysBefore(CivilDay day) const;
  // The working day `day` with WorkdaysBefore(day) == count.
  CivilDay NthWorkday(std::int64_t count) const;
  // Working milliseconds since the reference up to `t` (see WorkdaysBefore).
  std::int64_t WorkedMsBefore(Instant t) const;

  std::map<int, HolidayNotice> notices_;  // by notice year
  std::set<int> covered_years_;
  std::vector<WorkingPeriod> hours_;

  // Dense table over the notices' span; outside it plain weekends apply.
  CivilDay table_begin_{};
  std::vector<std::uint8_t> workday_;          // per day of the table
  std::vector<std::int32_t> workdays_before_;  // prefix counts, size workday_.size() + 1
  std::vector<std::int32_t> workday_offsets_;  // k-th working day of the table -> offset
  // Working periods in milliseconds after midnight, and the working time of
  // the day before each period starts.
  std::vector<std::int64_t> period_start_ms_, period_end_ms_, worked_before_period_ms_;
  std::int64_t day_ms_ = 0;  // working milliseconds of one working day
};

// China-local date of an instant, and the instant of a local date + minute.
CivilDay ChinaDay(Instant t);
Instant ChinaInstant(CivilDay day, int minute_of_day);

// The text of data/calendar/china_holidays.json as compiled in (generated file).
std::string_view EmbeddedCalendarJson();

}  // namespace hotline
