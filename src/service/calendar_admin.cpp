#include "service/calendar_admin.h"

#include <map>
#include <vector>

namespace hotline {

Result<SavedCalendar> SaveCalendarNotices(Store& store, Directory& directory, std::string_view json,
                                          Instant now, std::optional<UserId> by) {
  const BusinessCalendar& current = directory.Calendar();
  auto uploaded = BusinessCalendar::FromJson(json, current.Hours());
  if (!uploaded)
    return Fail(ErrorKind::kInvalidInput, "invalid_calendar", uploaded.error().message,
                uploaded.error().field);
  std::map<int, HolidayNotice> merged = current.Notices();
  for (const auto& [year, notice] : uploaded->Notices()) merged[year] = notice;
  std::vector<HolidayNotice> notices;
  for (auto& [year, notice] : merged) notices.push_back(std::move(notice));
  auto calendar = BusinessCalendar::Create(std::move(notices), current.Hours());
  if (!calendar)
    return Fail(ErrorKind::kInvalidInput, "invalid_calendar", calendar.error().message,
                calendar.error().field);
  const std::string text = calendar->ToJson();
  SavedCalendar saved;
  saved.notices = calendar->Notices().size();
  auto written = store.Write([&](WriteTxn& txn) -> Result<void> {
    auto version = txn.InsertCalendar(text, now, by);
    if (!version) return Fail(version.error());
    saved.version = *version;
    return {};
  });
  if (!written) return Fail(written.error());
  if (auto r = directory.Reload(); !r) return Fail(r.error());
  return saved;
}

}  // namespace hotline
