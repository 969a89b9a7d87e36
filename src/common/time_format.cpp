#include "common/time_format.h"

#include <charconv>
#include <chrono>
#include <cstdio>

namespace hotline {
namespace {

constexpr std::chrono::minutes kChinaOffset{8 * 60};

bool ParseInt(std::string_view s, int& out) {
  if (s.empty()) return false;
  for (char c : s)
    if (c < '0' || c > '9') return false;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  return ec == std::errc() && p == s.data() + s.size();
}

std::optional<std::chrono::sys_days> ParseYmd(std::string_view s) {
  int y, m, d;
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return std::nullopt;
  if (!ParseInt(s.substr(0, 4), y) || !ParseInt(s.substr(5, 2), m) || !ParseInt(s.substr(8, 2), d))
    return std::nullopt;
  std::chrono::year_month_day ymd{std::chrono::year(y), std::chrono::month(unsigned(m)),
                                  std::chrono::day(unsigned(d))};
  if (!ymd.ok()) return std::nullopt;
  return std::chrono::sys_days(ymd);
}

}  // namespace

std::string FormatRfc3339(Instant t) {
  using namespace std::chrono;
  const auto local = t + kChinaOffset;
  const auto day = floor<days>(local);
  const year_month_day ymd{day};
  const hh_mm_ss hms{local - day};
  char buf[40];
  const long long ms = hms.subseconds().count();
  if (ms != 0) {
    std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02lld:%02lld:%02lld.%03lld+08:00",
                  int(ymd.year()), unsigned(ymd.month()), unsigned(ymd.day()),
                  (long long)hms.hours().count(), (long long)hms.minutes().count(),
                  (long long)hms.seconds().count(), ms);
  } else {
    std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02lld:%02lld:%02lld+08:00", int(ymd.year()),
                  unsigned(ymd.month()), unsigned(ymd.day()), (long long)hms.hours().count(),
                  (long long)hms.minutes().count(), (long long)hms.seconds().count());
  }
  return buf;
}

std::optional<Instant> ParseRfc3339(std::string_view s) {
  using namespace std::chrono;
  if (s.size() < 20) return std::nullopt;
  auto day = ParseYmd(s.substr(0, 10));
  if (!day || (s[10] != 'T' && s[10] != 't' && s[10] != ' ')) return std::nullopt;
  int hh, mm, ss;
  if (s[13] != ':' || s[16] != ':' || !ParseInt(s.substr(11, 2), hh) ||
      !ParseInt(s.substr(14, 2), mm) || !ParseInt(s.substr(17, 2), ss))
    return std::nullopt;
  if (hh > 23 || mm > 59 || ss > 60) return std::nullopt;
  std::size_t pos = 19;
  long long millis = 0;
  if (pos < s.size() && s[pos] == '.') {
    ++pos;
    std::size_t digits = 0;
    while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') {
      if (digits < 3) millis = millis * 10 + (s[pos] - '0');
      ++digits;
      ++pos;
    }
    if (digits == 0) return std::nullopt;
    for (std::size_t i = digits; i < 3; ++i) millis *= 10;
  }
  if (pos >= s.size()) return std::nullopt;
  minutes offset{0};
  std::string_view zone = s.substr(pos);
  if (zone == "Z" || zone == "z") {
  } else if (zone.size() == 6 && (zone[0] == '+' || zone[0] == '-') && zone[3] == ':') {
    int oh, om;
    if (!ParseInt(zone.substr(1, 2), oh) || !ParseInt(zone.substr(4, 2), om) || oh > 23 || om > 59)
      return std::nullopt;
    offset = minutes(oh * 60 + om);
    if (zone[0] == '-') offset = -offset;
  } else {
    return std::nullopt;
  }
  const auto local =
      sys_time<milliseconds>(*day) + hours(hh) + minutes(mm) + seconds(ss) + milliseconds(millis);
  return Instant(local - offset);
}

std::string ChinaDayStamp(Instant t) {
  using namespace std::chrono;
  const year_month_day ymd{floor<days>(t + kChinaOffset)};
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d%02u%02u", int(ymd.year()), unsigned(ymd.month()),
                unsigned(ymd.day()));
  return buf;
}

std::optional<Instant> ParseChinaDate(std::string_view text) {
  auto day = ParseYmd(text);
  if (!day) return std::nullopt;
  return Instant(std::chrono::sys_time<std::chrono::milliseconds>(*day) - kChinaOffset);
}

}  // namespace hotline
