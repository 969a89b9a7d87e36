#include "calendar/business_calendar.h"

#include <fmt/format.h>

#include <algorithm>
#include <utility>

namespace hotline {
namespace {

using std::chrono::days;

constexpr std::int64_t kMsPerMinute = 60'000;
constexpr std::int64_t kMsPerDay = 86'400'000;
constexpr std::int64_t kChinaOffsetMs = 8 * 3'600'000;
// 1970-01-05, a Monday: the origin of the weekday count below.
constexpr CivilDay kMonday{days{4}};

std::int64_t FloorDiv(std::int64_t a, std::int64_t b) {
  std::int64_t q = a / b;
  if (a % b != 0 && (a < 0) != (b < 0)) --q;
  return q;
}

bool IsWeekend(CivilDay day) {
  const std::chrono::weekday w{day};
  return w == std::chrono::Saturday || w == std::chrono::Sunday;
}

// Monday–Friday days in [kMonday, day); negative before kMonday. Differences
// count weekdays between any two dates without iterating.
std::int64_t WeekdaysBefore(CivilDay day) {
  const std::int64_t k = (day - kMonday).count();
  const std::int64_t weeks = FloorDiv(k, 7);
  return 5 * weeks + std::min<std::int64_t>(k - 7 * weeks, 5);
}

// The Monday–Friday day with WeekdaysBefore(day) == count.
CivilDay NthWeekday(std::int64_t count) {
  const std::int64_t weeks = FloorDiv(count, 5);
  return kMonday + days{7 * weeks + (count - 5 * weeks)};
}

int YearOf(CivilDay day) { return int(std::chrono::year_month_day{day}.year()); }

std::string FormatDay(CivilDay day) {
  const std::chrono::year_month_day ymd{day};
  return fmt::format("{:04}-{:02}-{:02}", int(ymd.year()), unsigned(ymd.month()),
                     unsigned(ymd.day()));
}

std::string FormatMinute(int minute) {
  return fmt::format("{:02}:{:02}", minute / 60, minute % 60);
}

Error CalendarError(std::string message, std::string field = {}) {
  return Error{ErrorKind::kInvalidInput, "invalid_calendar", std::move(message), std::move(field)};
}

Result<void> CheckHours(const std::vector<WorkingPeriod>& hours) {
  if (hours.empty())
    return Fail(ErrorKind::kInvalidInput, "invalid_working_hours", "工作时段不能为空", "hours");
  for (std::size_t i = 0; i < hours.size(); ++i) {
    const WorkingPeriod& p = hours[i];
    if (p.start_minute < 0 || p.end_minute > 24 * 60 || p.start_minute >= p.end_minute)
      return Fail(ErrorKind::kInvalidInput, "invalid_working_hours",
                  fmt::format("工作时段 {}–{} 无效：开始须早于结束，且在 00:00–24:00 之内",
                              FormatMinute(std::clamp(p.start_minute, 0, 24 * 60)),
                              FormatMinute(std::clamp(p.end_minute, 0, 24 * 60))),
                  "hours");
    if (i > 0 && hours[i - 1].end_minute > p.start_minute)
      return Fail(ErrorKind::kInvalidInput, "invalid_working_hours",
                  fmt::format("工作时段 {}–{} 与 {}–{} 重叠或顺序颠倒（须按时间先后排列）",
                              FormatMinute(hours[i - 1].start_minute),
                              FormatMinute(hours[i - 1].end_minute), FormatMinute(p.start_minute),
                              FormatMinute(p.end_minute)),
                  "hours");
  }
  return {};
}

}  // namespace

std::vector<WorkingPeriod> DefaultWorkingHours() {
  return {{8 * 60 + 30, 12 * 60}, {13 * 60 + 30, 17 * 60 + 30}};
}

Result<std::vector<WorkingPeriod>> ParseWorkingHours(std::string_view text) {
  const auto refuse = [&] {
    return Fail(ErrorKind::kInvalidInput, "invalid_working_hours",
                fmt::format("工作时段 \"{}\" 格式错误，应为 08:30-12:00,13:30-17:30", text),
                "hours");
  };
  // "HH:MM" with 00:00..24:00.
  const auto minute_of = [](std::string_view s) -> std::optional<int> {
    if (s.size() != 5 || s[2] != ':') return std::nullopt;
    for (int i : {0, 1, 3, 4})
      if (s[i] < '0' || s[i] > '9') return std::nullopt;
    const int h = (s[0] - '0') * 10 + (s[1] - '0');
    const int m = (s[3] - '0') * 10 + (s[4] - '0');
    if (m > 59 || h > 24 || (h == 24 && m != 0)) return std::nullopt;
    return h * 60 + m;
  };
  std::vector<WorkingPeriod> hours;
  std::size_t pos = 0;
  while (pos <= text.size()) {
    const std::size_t comma = std::min(text.find(',', pos), text.size());
    std::string_view part = text.substr(pos, comma - pos);
    while (!part.empty() && part.front() == ' ') part.remove_prefix(1);
    while (!part.empty() && part.back() == ' ') part.remove_suffix(1);
    const std::size_t dash = part.find('-');
    if (dash == std::string_view::npos) return refuse();
    const auto start = minute_of(part.substr(0, dash));
    const auto end = minute_of(part.substr(dash + 1));
    if (!start || !end) return refuse();
    hours.push_back({*start, *end});
    pos = comma + 1;
  }
  if (auto ok = CheckHours(hours); !ok) return Fail(ok.error());
  return hours;
}

CivilDay ChinaDay(Instant t) {
  return CivilDay{days{FloorDiv(t.time_since_epoch().count() + kChinaOffsetMs, kMsPerDay)}};
}

Instant ChinaInstant(CivilDay day, int minute_of_day) {
  return Instant(std::chrono::milliseconds(day.time_since_epoch().count() * kMsPerDay +
                                           minute_of_day * kMsPerMinute - kChinaOffsetMs));
}

Result<BusinessCalendar> BusinessCalendar::Create(std::vector<HolidayNotice> notices,
                                                  std::vector<WorkingPeriod> hours) {
  if (auto ok = CheckHours(hours); !ok) return Fail(ok.error());
  BusinessCalendar cal;
  std::map<CivilDay, std::pair<int, bool>> listed;  // date -> (notice year, off?)
  for (HolidayNotice& notice : notices) {
    const int year = notice.year;
    if (year < kMinNoticeYear || year > kMaxNoticeYear)
      return Fail(CalendarError(
          fmt::format("通知年份 {} 超出范围（{}–{}）", year, kMinNoticeYear, kMaxNoticeYear)));
    if (cal.notices_.contains(year))
      return Fail(CalendarError(fmt::format("{} 年的通知出现了两次", year)));
    for (const bool off : {true, false}) {
      for (CivilDay day : off ? notice.days_off : notice.extra_workdays) {
        const int day_year = YearOf(day);
        if (day_year < year - 1 || day_year > year + 1)
          return Fail(CalendarError(
              fmt::format("{} 年通知中的日期 {} 不在该年前后一年之内", year, FormatDay(day))));
        auto [it, inserted] = listed.emplace(day, std::pair{year, off});
        if (inserted) continue;
        if (it->second.first == year)
          return Fail(CalendarError(
              fmt::format("{} 年通知中的日期 {} 既是放假日又是调休上班日", year, FormatDay(day))));
        return Fail(CalendarError(fmt::format("日期 {} 同时出现在 {} 年和 {} 年的通知中",
                                              FormatDay(day), it->second.first, year)));
      }
    }
    cal.covered_years_.insert(year);
    cal.notices_.emplace(year, std::move(notice));
  }

  // Periods in milliseconds, with the working time before each.
  cal.hours_ = std::move(hours);
  for (const WorkingPeriod& p : cal.hours_) {
    cal.worked_before_period_ms_.push_back(cal.day_ms_);
    cal.period_start_ms_.push_back(p.start_minute * kMsPerMinute);
    cal.period_end_ms_.push_back(p.end_minute * kMsPerMinute);
    cal.day_ms_ += (p.end_minute - p.start_minute) * kMsPerMinute;
  }

  // The dense table spans the notice years and every listed date.
  if (cal.notices_.empty()) {
    cal.table_begin_ = kMonday;
  } else {
    using std::chrono::January;
    using std::chrono::year;
    CivilDay begin{year{cal.notices_.begin()->first} / January / 1};
    CivilDay end{year{cal.notices_.rbegin()->first + 1} / January / 1};
    if (!listed.empty()) {
      begin = std::min(begin, listed.begin()->first);
      end = std::max(end, listed.rbegin()->first + days{1});
    }
    cal.table_begin_ = begin;
    const std::size_t n = static_cast<std::size_t>((end - begin).count());
    cal.workday_.resize(n);
    for (std::size_t i = 0; i < n; ++i) cal.workday_[i] = !IsWeekend(begin + days{i});
    for (const auto& [day, entry] : listed)
      cal.workday_[static_cast<std::size_t>((day - begin).count())] = !entry.second;
  }
  cal.workdays_before_.assign(cal.workday_.size() + 1, 0);
  for (std::size_t i = 0; i < cal.workday_.size(); ++i) {
    cal.workdays_before_[i + 1] = cal.workdays_before_[i] + cal.workday_[i];
    if (cal.workday_[i]) cal.workday_offsets_.push_back(static_cast<std::int32_t>(i));
  }
  return cal;
}

bool BusinessCalendar::IsWorkday(CivilDay day) const {
  const std::int64_t i = (day - table_begin_).count();
  if (i >= 0 && i < static_cast<std::int64_t>(workday_.size())) return workday_[i] != 0;
  return !IsWeekend(day);
}

bool BusinessCalendar::HasNotice(int year) const { return covered_years_.contains(year); }

std::vector<std::string> BusinessCalendar::MissingNoticeWarnings(int from_year, int to_year) const {
  // Consecutive missing years are reported as one range, so the list stays
  // short however wide the span.
  std::vector<std::string> warnings;
  const auto add = [&](int first, int last) {
    const std::string years =
        first == last ? fmt::format("{}", first) : fmt::format("{}–{}", first, last);
    warnings.push_back(fmt::format("{} 年尚无国务院放假通知，按普通周末计算工作日", years));
  };
  int next = from_year;
  for (auto it = covered_years_.lower_bound(from_year);
       it != covered_years_.end() && *it <= to_year; ++it) {
    if (*it > next) add(next, *it - 1);
    next = *it + 1;
  }
  if (next <= to_year) add(next, to_year);
  return warnings;
}

std::string BusinessCalendar::DayName(CivilDay day) const {
  const int year = YearOf(day);
  for (int y : {year, year + 1, year - 1}) {
    auto n = notices_.find(y);
    if (n == notices_.end()) continue;
    if (auto it = n->second.day_names.find(day); it != n->second.day_names.end()) return it->second;
  }
  return {};
}

int BusinessCalendar::WorkingMinutesPerDay() const {
  return static_cast<int>(day_ms_ / kMsPerMinute);
}

std::int64_t BusinessCalendar::WorkdaysBefore(CivilDay day) const {
  const std::int64_t i = (day - table_begin_).count();
  if (i <= 0) return WeekdaysBefore(day);
  const std::int64_t n = static_cast<std::int64_t>(workday_.size());
  const std::int64_t at_begin = WeekdaysBefore(table_begin_);
  if (i <= n) return at_begin + workdays_before_[i];
  const CivilDay end = table_begin_ + days{n};
  return at_begin + workdays_before_[n] + WeekdaysBefore(day) - WeekdaysBefore(end);
}

CivilDay BusinessCalendar::NthWorkday(std::int64_t count) const {
  const std::int64_t at_begin = WeekdaysBefore(table_begin_);
  if (count < at_begin) return NthWeekday(count);
  const std::int64_t local = count - at_begin;
  const std::int64_t in_table = workdays_before_.back();
  if (local < in_table) return table_begin_ + days{workday_offsets_[local]};
  const CivilDay end = table_begin_ + days{static_cast<std::int64_t>(workday_.size())};
  return NthWeekday(WeekdaysBefore(end) + (local - in_table));
}

std::int64_t BusinessCalendar::WorkedMsBefore(Instant t) const {
  const std::int64_t local = t.time_since_epoch().count() + kChinaOffsetMs;
  const std::int64_t day_index = FloorDiv(local, kMsPerDay);
  const std::int64_t ms_of_day = local - day_index * kMsPerDay;
  const CivilDay day{days{day_index}};
  const std::int64_t before_day = WorkdaysBefore(day) * day_ms_;
  if (!IsWorkday(day)) return before_day;
  std::int64_t within_day = 0;
  for (std::size_t i = 0; i < period_start_ms_.size() && ms_of_day > period_start_ms_[i]; ++i)
    within_day =
        worked_before_period_ms_[i] + std::min(ms_of_day, period_end_ms_[i]) - period_start_ms_[i];
  return before_day + within_day;
}

Instant BusinessCalendar::AddWorkingMinutes(Instant start, std::chrono::minutes amount) const {
  if (amount.count() <= 0) return start;
  // The target is a point on the cumulative working-time axis; it falls on
  // the q-th working day, r milliseconds into its working time (0 < r <= one
  // day, so a target at a period's end stays there instead of moving on).
  const std::int64_t target = WorkedMsBefore(start) + amount.count() * kMsPerMinute;
  const std::int64_t q = FloorDiv(target - 1, day_ms_);
  const std::int64_t r = target - q * day_ms_;
  const CivilDay day = NthWorkday(q);
  std::size_t i = 0;
  while (i + 1 < period_start_ms_.size() &&
         r > worked_before_period_ms_[i] + (period_end_ms_[i] - period_start_ms_[i]))
    ++i;
  const std::int64_t ms_of_day = period_start_ms_[i] + (r - worked_before_period_ms_[i]);
  return Instant(std::chrono::milliseconds(day.time_since_epoch().count() * kMsPerDay + ms_of_day -
                                           kChinaOffsetMs));
}

Instant BusinessCalendar::AddWorkingDays(Instant start, int days_count) const {
  return AddWorkingMinutes(start,
                           std::chrono::minutes(std::int64_t{days_count} * WorkingMinutesPerDay()));
}

Instant BusinessCalendar::AddNaturalHours(Instant start, std::chrono::hours hours) const {
  return start + hours;
}

std::chrono::minutes BusinessCalendar::WorkingTimeBetween(Instant from, Instant to) const {
  if (to <= from) return std::chrono::minutes{0};
  return std::chrono::minutes((WorkedMsBefore(to) - WorkedMsBefore(from)) / kMsPerMinute);
}

}  // namespace hotline
