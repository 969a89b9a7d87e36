// `hotline calendar`: deadline arithmetic on the working-day calendar for
// scripts and support staff, and validation of a calendar file before an
// admin installs a new notice. Exit codes: 0 success, 1 an invalid calendar
// file given to `check`, 2 bad input (instant, amount, date, file, hours).
#include <fmt/format.h>

#include <charconv>
#include <fstream>
#include <iostream>
#include <memory>
#include <optional>
#include <sstream>

#include "app/commands.h"
#include "app/runtime.h"
#include "calendar/business_calendar.h"
#include "common/time_format.h"
#include "service/calendar_admin.h"

namespace hotline {
namespace {

constexpr int kBadInput = 2;
constexpr long long kMaxWorkingDays = 100'000;  // ~380 years: anything beyond is a typo
constexpr long long kMaxHours = 1'000'000;

struct CalendarCliOptions {
  std::string calendar_path;
  std::string hours = "08:30-12:00,13:30-17:30";
  std::string start;
  std::string working_days;
  std::string working_hours;
  std::string natural_hours;
  std::string date;
  std::string file;
};

int BadInput(std::string code, std::string message, std::string field) {
  ReportError(
      Error{ErrorKind::kInvalidInput, std::move(code), std::move(message), std::move(field)});
  return kBadInput;
}

void PrintWarnings(const std::vector<std::string>& warnings) {
  for (const std::string& w : warnings) std::cerr << "hotline: 警告：" << w << "\n";
}

Result<std::string> ReadFile(const std::string& path, std::string field) {
  std::ifstream in(path, std::ios::binary);
  if (!in)
    return Fail(ErrorKind::kInvalidInput, "unreadable_file", "无法读取文件 " + path,
                std::move(field));
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// The built-in calendar, or the file given with --calendar; with --hours.
Result<std::unique_ptr<BusinessCalendar>> LoadCalendar(const CalendarCliOptions& o) {
  auto hours = ParseWorkingHours(o.hours);
  if (!hours) return Fail(hours.error());
  std::string text(EmbeddedCalendarJson());
  if (!o.calendar_path.empty()) {
    auto read = ReadFile(o.calendar_path, "calendar");
    if (!read) return Fail(read.error());
    text = std::move(*read);
  }
  auto calendar = BusinessCalendar::FromJson(text, std::move(*hours));
  if (!calendar) return Fail(calendar.error());
  return std::make_unique<BusinessCalendar>(std::move(*calendar));
}

// A non-negative decimal amount of hours as whole minutes ("1.5" → 90).
std::optional<long long> ParseHoursAsMinutes(std::string_view text) {
  const std::size_t dot = text.find('.');
  const std::string_view whole = text.substr(0, dot);
  const std::string_view fraction = dot == std::string_view::npos ? "" : text.substr(dot + 1);
  if (whole.empty() || whole.size() > 9 || fraction.size() > 6) return std::nullopt;
  if (dot != std::string_view::npos && fraction.empty()) return std::nullopt;
  long long hours = 0, frac = 0, scale = 1;
  for (char c : whole) {
    if (c < '0' || c > '9') return std::nullopt;
    hours = hours * 10 + (c - '0');
  }
  for (char c : fraction) {
    if (c < '0' || c > '9') return std::nullopt;
    frac = frac * 10 + (c - '0');
    scale *= 10;
  }
  if (hours > kMaxHours || (frac * 60) % scale != 0) return std::nullopt;
  return hours * 60 + frac * 60 / scale;
}

int Deadline(const CalendarCliOptions& o) {
  const int given = !o.working_days.empty() + !o.working_hours.empty() + !o.natural_hours.empty();
  if (given != 1)
    return BadInput("invalid_amount",
                    "请给出且只给出 --working-days、--working-hours、--natural-hours 三者之一",
                    "working-days");
  Instant start = SystemClock().Now();
  if (!o.start.empty()) {
    auto parsed = ParseRfc3339(o.start);
    if (!parsed)
      return BadInput("invalid_instant",
                      fmt::format("起算时间 \"{}\" 格式错误，应为 RFC 3339，例如 "
                                  "2026-09-30T16:00:00+08:00",
                                  o.start),
                      "start");
    start = *parsed;
  }
  auto calendar = LoadCalendar(o);
  if (!calendar) {
    ReportError(calendar.error());
    return kBadInput;
  }
  const BusinessCalendar& cal = **calendar;

  Instant deadline;
  if (!o.working_days.empty()) {
    long long days = -1;
    const auto [end, ec] =
        std::from_chars(o.working_days.data(), o.working_days.data() + o.working_days.size(), days);
    if (ec != std::errc() || end != o.working_days.data() + o.working_days.size() || days < 0 ||
        days > kMaxWorkingDays)
      return BadInput(
          "invalid_amount",
          fmt::format("工作日数 \"{}\" 无效，应为 0–{} 的整数", o.working_days, kMaxWorkingDays),
          "working-days");
    deadline = cal.AddWorkingDays(start, static_cast<int>(days));
  } else {
    const bool working = !o.working_hours.empty();
    const std::string& text = working ? o.working_hours : o.natural_hours;
    const auto minutes = ParseHoursAsMinutes(text);
    if (!minutes)
      return BadInput("invalid_amount",
                      fmt::format("小时数 \"{}\" 无效，应为 0–{} 的非负数，且折合整分钟（如 1.5）",
                                  text, kMaxHours),
                      working ? "working-hours" : "natural-hours");
    if (!working) {
      std::cout << FormatRfc3339(start + std::chrono::minutes(*minutes)) << "\n";
      return 0;
    }
    deadline = cal.AddWorkingMinutes(start, std::chrono::minutes(*minutes));
  }
  const auto year_of = [](Instant t) {
    return int(std::chrono::year_month_day{ChinaDay(t)}.year());
  };
  PrintWarnings(cal.MissingNoticeWarnings(year_of(start), year_of(deadline)));
  std::cout << FormatRfc3339(deadline) << "\n";
  return 0;
}

int IsWorkday(const CalendarCliOptions& o) {
  if (o.date.empty()) return BadInput("missing_date", "请给出日期，例如 2026-10-10", "date");
  const auto parsed = ParseChinaDate(o.date);
  if (!parsed)
    return BadInput("invalid_date",
                    fmt::format("日期 \"{}\" 格式错误，应为 YYYY-MM-DD，例如 2026-10-10", o.date),
                    "date");
  auto calendar = LoadCalendar(o);
  if (!calendar) {
    ReportError(calendar.error());
    return kBadInput;
  }
  const CivilDay day = ChinaDay(*parsed);
  const int year = int(std::chrono::year_month_day{day}.year());
  PrintWarnings((*calendar)->MissingNoticeWarnings(year, year));
  std::cout << ((*calendar)->IsWorkday(day) ? "true" : "false") << "\n";
  return 0;
}

int Check(const CalendarCliOptions& o) {
  if (o.file.empty()) return BadInput("missing_file", "请给出要检查的日历文件", "file");
  auto hours = ParseWorkingHours(o.hours);
  if (!hours) {
    ReportError(hours.error());
    return kBadInput;
  }
  auto text = ReadFile(o.file, "file");
  if (!text) {
    ReportError(text.error());
    return kBadInput;
  }
  auto calendar = BusinessCalendar::FromJson(*text, std::move(*hours));
  if (!calendar) {
    std::cerr << "hotline: 日历文件 " << o.file << " 无效，未作任何改动：\n";
    return ReportError(calendar.error());
  }
  const auto& notices = calendar->Notices();
  std::size_t off = 0, work = 0;
  for (const auto& [year, n] : notices) {
    off += n.days_off.size();
    work += n.extra_workdays.size();
  }
  if (notices.empty()) {
    std::cout << "日历文件有效，但没有任何通知：所有年份按普通周末计算工作日\n";
    return 0;
  }
  const int first = notices.begin()->first, last = notices.rbegin()->first;
  std::cout << fmt::format("日历文件有效：{} 个通知（{}–{} 年），放假日 {} 个，调休上班日 {} 个\n",
                           notices.size(), first, last, off, work);
  for (const auto& [year, n] : notices)
    std::cout << fmt::format("  {} 年：{}（放假 {} 天，调休上班 {} 天）\n", year, n.title,
                             n.days_off.size(), n.extra_workdays.size());
  PrintWarnings(calendar->MissingNoticeWarnings(first, last));
  return 0;
}

// Installs the notices of a calendar file into a database (the same merge
// as PUT /api/v1/calendar); running servers pick it up on their next reload.
int Import(const std::string& db, const std::string& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in)
    return ReportError(Error{ErrorKind::kInvalidInput, "unreadable_file", "无法读取 " + file, ""});
  std::stringstream text;
  text << in.rdbuf();
  Config config;
  config.database.path = db;
  auto rt = OpenRuntime(config);
  if (!rt) return ReportError(rt.error());
  auto saved = SaveCalendarNotices(*(*rt)->store, *(*rt)->directory, text.str(), (*rt)->clock.Now(),
                                   std::nullopt);
  if (!saved) return ReportError(saved.error());
  std::cout << fmt::format("calendar version {} installed ({} notice years)\n", saved->version,
                           saved->notices);
  return 0;
}

}  // namespace

void AddCalendarCommand(CLI::App& app) {
  auto opts = std::make_shared<CalendarCliOptions>();
  CLI::App* cmd = app.add_subcommand(
      "calendar", "Working-day calendar: deadlines, working days, calendar file checks");
  cmd->require_subcommand(1);
  const auto common = [&](CLI::App* sub) {
    sub->add_option("--calendar", opts->calendar_path,
                    "calendar JSON file instead of the built-in notices (docs/calendar.md)");
    sub->add_option("--hours", opts->hours, "working periods of a day")->capture_default_str();
  };

  CLI::App* deadline = cmd->add_subcommand(
      "deadline", "Print the deadline (RFC 3339, +08:00) as the last line of output");
  deadline->add_option("--start", opts->start,
                       "start instant, RFC 3339, e.g. 2026-09-30T16:00:00+08:00 (default: now)");
  deadline->add_option("--working-days", opts->working_days, "working days to add");
  deadline->add_option("--working-hours", opts->working_hours,
                       "working hours to add (e.g. 2, 1.5)");
  deadline->add_option("--natural-hours", opts->natural_hours, "natural (clock) hours to add");
  common(deadline);
  deadline->callback([opts] { CommandExitCode() = Deadline(*opts); });

  CLI::App* is_workday =
      cmd->add_subcommand("is-workday", "Print true or false for a date (YYYY-MM-DD)");
  is_workday->add_option("date", opts->date, "China-local date, e.g. 2026-10-10");
  common(is_workday);
  is_workday->callback([opts] { CommandExitCode() = IsWorkday(*opts); });

  CLI::App* check = cmd->add_subcommand(
      "check", "Validate a calendar JSON file (exit 0 valid, 1 invalid) before installing it");
  check->add_option("file", opts->file, "calendar JSON file");
  check->add_option("--hours", opts->hours, "working periods of a day")->capture_default_str();
  check->callback([opts] { CommandExitCode() = Check(*opts); });

  auto import_db = std::make_shared<std::string>();
  auto import_file = std::make_shared<std::string>();
  CLI::App* import = cmd->add_subcommand(
      "import", "Install the notices of a calendar file into a database (new notice years)");
  import->add_option("--db", *import_db, "SQLite database file")->required();
  import->add_option("file", *import_file, "calendar JSON file")->required();
  import->callback(
      [import_db, import_file] { CommandExitCode() = Import(*import_db, *import_file);
});
}  // namespace hotline

}  // namespace hotline
