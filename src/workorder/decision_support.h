// Checks shared by the decisions of lifecycle.cpp and
// collaboration_rules.cpp: the command's type, trimmed text with limits
// stated in characters, and units that may be handed orders. Pure functions.
#pragma once

#include <fmt/format.h>

#include <string>
#include <string_view>
#include <vector>

#include "common/error.h"
#include "org/unit.h"
#include "workorder/commands.h"

namespace hotline {

// The command `action` takes, or an internal error when the API handed over
// another type (a bug, not bad input).
template <typename T>
Result<const T*> As(const Command& cmd, Action action) {
  if (const T* c = std::get_if<T>(&cmd)) return c;
  return Fail(ErrorKind::kInternal, "command_mismatch",
              fmt::format("内部错误：动作「{}」的参数类型不符", ActionCode(action)));
}

std::string Trim(std::string_view s);

// Characters, not bytes: limits are stated to staff in characters.
std::size_t Utf8Length(std::string_view s);

// `value` trimmed; refused when empty or longer than `max_chars`.
Result<std::string> RequireText(std::string_view value, std::string_view field,
                                std::string_view label, std::size_t max_chars);
// `value` trimmed, possibly empty; refused when longer than `max_chars`.
Result<std::string> OptionalText(std::string_view value, std::string_view field,
                                 std::string_view label, std::size_t max_chars);

// A unit that can be handed orders: anything but the platform itself.
Result<void> CheckHandlingUnit(UnitId id, std::string_view field, const UnitTree& units);

// A lead and its assisting units (dispatch, reassign, coordinate): handling
// units, at most `max_assist`, none twice and none also the lead.
Result<void> CheckRouteUnits(UnitId lead, const std::vector<UnitId>& assists, int max_assist,
                             const UnitTree& units);

}  // namespace hotline
