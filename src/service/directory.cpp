#include "service/directory.h"

namespace hotline {

Result<void> Directory::Reload() {
  auto units = store_.ListUnits();
  if (!units) return Fail(units.error());
  auto categories = store_.ListCategories();
  if (!categories) return Fail(categories.error());
  auto stored = store_.GetSlaPolicy();
  if (!stored) return Fail(stored.error());
  auto sla = std::make_shared<SlaPolicy>(DefaultSlaPolicy());
  if (*stored) {
    auto parsed = nlohmann::json::parse((*stored)->second, nullptr, false);
    auto policy = SlaPolicyFromJson(parsed);
    if (!policy)
      return Fail(ErrorKind::kInternal, "invalid_stored_policy",
                  "数据库中的时限规则无效：" + policy.error().message);
    *sla = std::move(*policy);
    sla->version = (*stored)->first;
  }
  auto stored_calendar = store_.GetCalendar();
  if (!stored_calendar) return Fail(stored_calendar.error());
  std::unique_ptr<const BusinessCalendar> calendar;
  if (*stored_calendar) {
    std::vector<WorkingPeriod> hours;
    {
      std::lock_guard lock(mu_);
      hours = hours_;
    }
    auto parsed = BusinessCalendar::FromJson((*stored_calendar)->second, hours);
    if (!parsed)
      return Fail(ErrorKind::kInternal, "invalid_stored_calendar",
                  "数据库中的工作日历无效：" + parsed.error().message);
    calendar = std::make_unique<const BusinessCalendar>(std::move(*parsed));
  }
  auto unit_tree = std::make_shared<const UnitTree>(std::move(*units));
  auto category_tree = std::make_shared<const CategoryTree>(std::move(*categories));
  std::lock_guard lock(mu_);
  units_ = std::move(unit_tree);
  categories_ = std::move(category_tree);
  sla_ = std::move(sla);
  if (calendar && (*stored_calendar)->first != calendar_version_) {
    calendar_ = calendar.get();
    calendar_version_ = (*stored_calendar)->first;
    loaded_calendars_.push_back(std::move(calendar));
  }
  return {};
}

Result<void> Directory::SetWorkingHours(std::vector<WorkingPeriod> hours) {
  std::vector<HolidayNotice> notices;
  for (const auto& [year, notice] : BusinessCalendar::Builtin().Notices())
    notices.push_back(notice);
  auto calendar = BusinessCalendar::Create(std::move(notices), hours);
  if (!calendar) return Fail(calendar.error());
  auto owned = std::make_unique<const BusinessCalendar>(std::move(*calendar));
  std::lock_guard lock(mu_);
  hours_ = std::move(hours);
  calendar_ = owned.get();
  calendar_version_ = 0;
  loaded_calendars_.push_back(std::move(owned));
  return {};
}

const BusinessCalendar& Directory::Calendar() const {
  std::lock_guard lock(mu_);
  return *calendar_;
}

std::int64_t Directory::CalendarVersion() const {
  std::lock_guard lock(mu_);
  return calendar_version_;
}

std::shared_ptr<const SlaPolicy> Directory::Sla() const {
  std::lock_guard lock(mu_);
  return sla_;
}

std::shared_ptr<const UnitTree> Directory::Units() const {
  std::lock_guard lock(mu_);
  return units_;
}

std::shared_ptr<const CategoryTree> Directory::Categories() const {
  std::lock_guard lock(mu_);
  return categories_;
}

}  // namespace hotline
