// Masking of callers' personal data for roles that do not need it.
#pragma once

#include <string>
#include <string_view>

#include "org/role.h"
#include "workorder/types.h"

namespace hotline {

// "13812345678" -> "138****5678"; shorter numbers keep only the last two digits.
std::string MaskPhone(std::string_view phone);

// "张三" -> "张*", "欧阳娜娜" -> "欧***": keeps the first character (UTF-8 aware).
std::string MaskName(std::string_view name);

enum class CallerVisibility { kFull, kMasked, kHidden };

// Platform roles that work with callers see them in full; other roles see
// them masked; the units handling a 举报 (report) never see the reporter.
CallerVisibility CallerVisibilityFor(Role role, DemandType demand_type);

}  // namespace hotline
