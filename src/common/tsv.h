// Tab-separated text, as the hotline's exports and the analysts' files use.
#pragma once

#include <string_view>
#include <vector>

namespace hotline {

// The fields of one line, split at every tab (a line without tabs is one
// field; empty fields are kept). The views point into `line`.
std::vector<std::string_view> SplitTabs(std::string_view line);

}  // namespace hotline
