// The working-day calendar as the API shows and updates it.
#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <chrono>
#include <map>
#include <vector>

#include "api/api.h"
#include "api/error_map.h"
#include "api/handler_support.h"
#include "common/time_format.h"

namespace hotline {

using nlohmann::json;

HttpResponse Api::GetCalendar(const HttpRequest& req, const PathParams&) const {
  auto actor = Authenticate(req);
  if (!actor) return ErrorResponse(actor.error());
  const BusinessCalendar& calendar = deps_.directory.Calendar();
  const int year =
      static_cast<int>(std::chrono::year_month_day{ChinaDay(deps_.orders.GetClock().Now())}.year());
  json notices = json::array();
  for (const auto& [notice_year, notice] : calendar.Notices())
    notices.push_back({{"year", notice_year},
                       {"title", notice.title},
                       {"days_off", notice.days_off.size()},
                       {"extra_workdays", notice.extra_workdays.size()}});
  json hours = json::array();
  for (const WorkingPeriod& p : calendar.Hours())
    hours.push_back(fmt::format("{:02}:{:02}-{:02}:{:02}", p.start_minute / 60, p.start_minute % 60,
                                p.end_minute / 60, p.end_minute % 60));
  return Respond(
      JsonResponse(200, json{{"version", deps_.directory.CalendarVersion()},
                             {"notices", std::move(notices)},
                             {"working_hours", std::move(hours)},
                             {"warnings", calendar.MissingNoticeWarnings(year, year + 1)}}),
      actor->username);
}

HttpResponse Api::PutCalendar(const HttpRequest& req, const PathParams&) const {
  auto actor = Authenticate(req);
  if (!actor) return ErrorResponse(actor.error());
  auto result = [&]() -> Result<HttpResponse> {
    if (actor->role != Role::kAdmin)
      return Fail(ErrorKind::kForbidden, "role_not_allowed", "只有系统管理员可以更新工作日历");
    // The same format as data/calendar/china_holidays.json; a malformed date
    // anywhere refuses the whole upload. Uploaded notices replace the current
    // calendar's notices of the same years; other years are kept, so a new
    // notice can be sent on its own.
    auto uploaded = BusinessCalendar::FromJson(req.body);
    if (!uploaded)
      return Fail(ErrorKind::kInvalidInput, "invalid_calendar", uploaded.error().message,
                  uploaded.error().field);
    const BusinessCalendar& current = deps_.directory.Calendar();
    std::map<int, HolidayNotice> merged = current.Notices();
    for (const auto& [year, notice] : uploaded->Notices()) merged[year] = notice;
    std::vector<HolidayNotice> notices;
    for (auto& [year, notice] : merged) notices.push_back(std::move(notice));
    auto calendar = BusinessCalendar::Create(std::move(notices), current.Hours());
    if (!calendar)
      return Fail(ErrorKind::kInvalidInput, "invalid_calendar", calendar.error().message,
                  calendar.error().field);
    const std::string text = calendar->ToJson();
    std::int64_t version = 0;
    auto written = deps_.store.Write([&](WriteTxn& txn) -> Result<void> {
      auto v = txn.InsertCalendar(text, deps_.orders.GetClock().Now(), actor->user_id);
      if (!v) return Fail(v.error());
      version = *v;
      return {};
    });
    if (!written) return Fail(written.error());
    if (auto r = deps_.directory.Reload(); !r) return Fail(r.error());
    spdlog::info("audit calendar_saved user={} version={} notices={}", actor->username, version,
                 calendar->Notices().size());
    return JsonResponse(200, json{{"version", version}, {"notices", calendar->Notices().size()}});
  }();
  return Respond(std::move(result), actor->username);
}

}  // namespace hotline
