// Conversions between instants and the text forms the product uses.
// All civil times are China Standard Time (UTC+08:00, no daylight saving).
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "common/clock.h"

namespace hotline {

// "2026-11-26T09:30:00.000+08:00" (milliseconds kept when non-zero:
// "2026-11-26T09:30:00+08:00" otherwise).
std::string FormatRfc3339(Instant t);

// Parses RFC 3339 with a "Z" or "+hh:mm"/"-hh:mm" offset and optional
// fractional seconds. Returns nullopt on anything else.
std::optional<Instant> ParseRfc3339(std::string_view text);

// "20261126": the China-local calendar day of an instant (order numbers).
std::string ChinaDayStamp(Instant t);

// Parses "YYYY-MM-DD" as the start of that China-local day.
std::optional<Instant> ParseChinaDate(std::string_view text);

}  // namespace hotline
