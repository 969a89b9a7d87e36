// The calendar file format (docs/calendar.md): reading it strictly, writing
// it back, and the built-in copy.
#include <fmt/format.h>

#include <cstdio>
#include <cstdlib>
#include <initializer_list>
#include <nlohmann/json.hpp>

#include "calendar/business_calendar.h"
#include "common/time_format.h"

namespace hotline {
namespace {

using nlohmann::json;

constexpr std::string_view kFormat = "hotline-calendar/1";

Error Refuse(std::string message, std::string field) {
  return Error{ErrorKind::kInvalidInput, "invalid_calendar", std::move(message), std::move(field)};
}

// The first key of `object` not in `allowed`, if any.
std::optional<std::string> UnknownField(const json& object,
                                        std::initializer_list<std::string_view> allowed) {
  for (const auto& [key, value] : object.items()) {
    bool known = false;
    for (std::string_view a : allowed) known = known || key == a;
    if (!known) return key;
  }
  return std::nullopt;
}

std::optional<CivilDay> ParseDay(const json& value) {
  if (!value.is_string()) return std::nullopt;
  auto start = ParseChinaDate(value.get_ref<const std::string&>());
  if (!start) return std::nullopt;
  return ChinaDay(*start);
}

std::string FormatDay(CivilDay day) {
  const std::chrono::year_month_day ymd{day};
  return fmt::format("{:04}-{:02}-{:02}", int(ymd.year()), unsigned(ymd.month()),
                     unsigned(ymd.day()));
}

// Reads one element of "notices"; `path` is e.g. "notices[3]".
Result<HolidayNotice> ReadNotice(const json& j, const std::string& path,
                                 const std::set<int>& years_seen) {
  if (!j.is_object()) return Fail(Refuse(fmt::format("{} 应为对象", path), path));
  if (auto unknown = UnknownField(j, {"year", "title", "sources", "holidays"}))
    return Fail(Refuse(fmt::format("{} 含未知字段 \"{}\"", path, *unknown), path + "." + *unknown));
  HolidayNotice notice;
  const auto year = j.find("year");
  if (year == j.end() || !year->is_number_integer())
    return Fail(Refuse(fmt::format("{} 缺少整数字段 year", path), path + ".year"));
  const auto year_value = year->get<long long>();
  if (year_value < BusinessCalendar::kMinNoticeYear ||
      year_value > BusinessCalendar::kMaxNoticeYear)
    return Fail(
        Refuse(fmt::format("{} 的年份 {} 超出范围（{}–{}）", path, year_value,
                           BusinessCalendar::kMinNoticeYear, BusinessCalendar::kMaxNoticeYear),
               path + ".year"));
  notice.year = static_cast<int>(year_value);
  if (years_seen.contains(notice.year))
    return Fail(
        Refuse(fmt::format("{} 年的通知出现了两次（{}）", notice.year, path), path + ".year"));
  const std::string where = fmt::format("{} 年通知", notice.year);

  const auto title = j.find("title");
  if (title == j.end() || !title->is_string() || title->get_ref<const std::string&>().empty())
    return Fail(Refuse(fmt::format("{}缺少标题 title", where), path + ".title"));
  notice.title = title->get<std::string>();

  if (const auto sources = j.find("sources"); sources != j.end()) {
    if (!sources->is_array())
      return Fail(Refuse(fmt::format("{}的 sources 应为字符串数组", where), path + ".sources"));
    for (const json& s : *sources) {
      if (!s.is_string())
        return Fail(Refuse(fmt::format("{}的 sources 应为字符串数组", where), path + ".sources"));
      notice.sources.push_back(s.get<std::string>());
    }
  }

  const auto holidays = j.find("holidays");
  if (holidays == j.end() || !holidays->is_array() || holidays->empty())
    return Fail(
        Refuse(fmt::format("{}缺少节日列表 holidays（至少一项）", where), path + ".holidays"));
  for (std::size_t h = 0; h < holidays->size(); ++h) {
    const json& holiday = (*holidays)[h];
    const std::string hpath = fmt::format("{}.holidays[{}]", path, h);
    if (!holiday.is_object()) return Fail(Refuse(fmt::format("{} 应为对象", hpath), hpath));
    if (auto unknown = UnknownField(holiday, {"name", "days_off", "workdays"}))
      return Fail(
          Refuse(fmt::format("{} 含未知字段 \"{}\"", hpath, *unknown), hpath + "." + *unknown));
    const auto name = holiday.find("name");
    if (name == holiday.end() || !name->is_string() || name->get_ref<const std::string&>().empty())
      return Fail(Refuse(fmt::format("{}的 {} 缺少节日名称 name", where, hpath), hpath + ".name"));
    const std::string holiday_name = name->get<std::string>();
    std::size_t dates = 0;
    for (const bool off : {true, false}) {
      const char* key = off ? "days_off" : "workdays";
      const auto list = holiday.find(key);
      if (list == holiday.end()) continue;
      const std::string lpath = fmt::format("{}.{}", hpath, key);
      if (!list->is_array())
        return Fail(
            Refuse(fmt::format("{}「{}」的 {} 应为日期数组", where, holiday_name, key), lpath));
      for (std::size_t i = 0; i < list->size(); ++i) {
        const json& value = (*list)[i];
        const std::string dpath = fmt::format("{}[{}]", lpath, i);
        const auto day = ParseDay(value);
        if (!day)
          return Fail(Refuse(fmt::format("{}「{}」{} 中的日期 {} 无效（应为存在的日期，格式 "
                                         "YYYY-MM-DD）",
                                         where, holiday_name, key, value.dump()),
                             dpath));
        const int day_year = int(std::chrono::year_month_day{*day}.year());
        if (day_year < notice.year - 1 || day_year > notice.year + 1)
          return Fail(Refuse(fmt::format("{}「{}」中的日期 {} 不在该年前后一年之内", where,
                                         holiday_name, FormatDay(*day)),
                             dpath));
        if (notice.days_off.contains(*day) || notice.extra_workdays.contains(*day)) {
          const bool both = notice.days_off.contains(*day) != off;
          return Fail(
              Refuse(fmt::format("{}「{}」中的日期 {} {}", where, holiday_name, FormatDay(*day),
                                 both ? "既是放假日又是调休上班日" : "重复出现"),
                     dpath));
        }
        (off ? notice.days_off : notice.extra_workdays).insert(*day);
        notice.day_names.emplace(*day, holiday_name);
        ++dates;
      }
    }
    if (dates == 0)
      return Fail(Refuse(fmt::format("{}「{}」没有任何日期", where, holiday_name), hpath));
  }
  return notice;
}

}  // namespace

Result<BusinessCalendar> BusinessCalendar::FromJson(std::string_view text,
                                                    std::vector<WorkingPeriod> hours) {
  const json root = json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (root.is_discarded()) return Fail(Refuse("日历文件不是合法的 JSON", ""));
  if (!root.is_object()) return Fail(Refuse("日历文件的顶层应为对象", ""));
  if (auto unknown = UnknownField(root, {"format", "notices"}))
    return Fail(Refuse(fmt::format("日历文件含未知字段 \"{}\"", *unknown), *unknown));
  const auto format = root.find("format");
  if (format == root.end() || *format != kFormat)
    return Fail(Refuse(fmt::format("日历文件的 format 应为 \"{}\"", kFormat), "format"));
  const auto list = root.find("notices");
  if (list == root.end() || !list->is_array())
    return Fail(Refuse("日历文件缺少通知列表 notices", "notices"));

  std::vector<HolidayNotice> notices;
  std::set<int> years;
  std::map<CivilDay, int> dates;  // date -> notice year, to name both sides of a clash
  for (std::size_t n = 0; n < list->size(); ++n) {
    const std::string path = fmt::format("notices[{}]", n);
    auto notice = ReadNotice((*list)[n], path, years);
    if (!notice) return Fail(notice.error());
    for (const auto* set : {&notice->days_off, &notice->extra_workdays})
      for (CivilDay day : *set)
        if (auto [it, inserted] = dates.emplace(day, notice->year); !inserted)
          return Fail(Refuse(fmt::format("日期 {} 同时出现在 {} 年和 {} 年的通知中", FormatDay(day),
                                         it->second, notice->year),
                             path));
    years.insert(notice->year);
    notices.push_back(std::move(*notice));
  }
  return Create(std::move(notices), std::move(hours));
}

std::string BusinessCalendar::ToJson() const {
  using ordered = nlohmann::ordered_json;
  ordered notices = ordered::array();
  for (const auto& [year, notice] : notices_) {
    // Holidays in the order of their first date; unnamed dates share one group.
    ordered holidays = ordered::array();
    std::map<std::string, std::size_t> index;
    std::map<CivilDay, bool> days;  // date -> off?
    for (CivilDay d : notice.days_off) days.emplace(d, true);
    for (CivilDay d : notice.extra_workdays) days.emplace(d, false);
    for (const auto& [day, off] : days) {
      auto name_it = notice.day_names.find(day);
      const std::string name = name_it != notice.day_names.end() ? name_it->second : "节假日安排";
      auto [it, inserted] = index.emplace(name, holidays.size());
      if (inserted)
        holidays.push_back(ordered{
            {"name", name}, {"days_off", ordered::array()}, {"workdays", ordered::array()}});
      holidays[it->second][off ? "days_off" : "workdays"].push_back(FormatDay(day));
    }
    ordered n;
    n["year"] = year;
    n["title"] = notice.title;
    n["sources"] = notice.sources;
    n["holidays"] = std::move(holidays);
    notices.push_back(std::move(n));
  }
  ordered root;
  root["format"] = kFormat;
  root["notices"] = std::move(notices);
  return root.dump(2) + "\n";
}

const BusinessCalendar& BusinessCalendar::Builtin() {
  static const BusinessCalendar calendar = [] {
    auto parsed = FromJson(EmbeddedCalendarJson());
    if (!parsed) {
      // The file is checked by the tests; reaching this is a build defect.
      std::fprintf(stderr, "hotline: built-in calendar is invalid: %s\n",
                   parsed.error().message.c_str());
      std::abort();
    }
    return std::move(*parsed);
  }();
  return calendar;
}

}  // namespace hotline
