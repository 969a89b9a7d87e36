// Installing a new State Council holiday notice: the uploaded notices
// replace those of the same years in the calendar in force, other years are
// kept, and the result is saved as a new version. Used by the API and by
// `hotline calendar import`.
#pragma once

#include <optional>
#include <string_view>

#include "service/directory.h"

namespace hotline {

struct SavedCalendar {
  std::int64_t version = 0;
  std::size_t notices = 0;  // notice years in the calendar now in force
};

// kInvalidInput "invalid_calendar" (the message names the bad entry) when the
// text is not a valid calendar; nothing is saved then. Reloads `directory`.
Result<SavedCalendar> SaveCalendarNotices(Store& store, Directory& directory, std::string_view json,
                                          Instant now, std::optional<UserId> by);

}  // namespace hotline
