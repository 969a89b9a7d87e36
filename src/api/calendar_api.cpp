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
#include "service/calendar_admin.h"

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
    // anywhere refuses the whole upload.
    auto saved = SaveCalendarNotices(deps_.store, deps_.directory, req.body,
                                     deps_.orders.GetClock().Now(), actor->user_id);
    if (!saved) return Fail(saved.error());
    spdlog::info("audit calendar_saved user={} version={} notices={}", actor->username,
                 saved->version, saved->notices);
    return JsonResponse(200, json{{"version", saved->version}, {"notices", saved->notices}});
  }();
  return Respond(std::move(result), actor->username);
}

}  // namespace hotline
