// Field checks shared by the decisions of lifecycle.cpp and
// collaboration_rules.cpp: trimmed text with limits stated in characters,
// and units that may be handed orders. Pure functions.
#pragma once

#include <string>
#include <string_view>

#include "common/error.h"
#include "org/unit.h"

namespace hotline {

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

}  // namespace hotline
