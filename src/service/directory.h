// In-memory snapshots of the slowly changing reference data (units,
// categories) that every decision consults. Thread-safe.
#pragma once

#include <memory>
#include <mutex>

#include "calendar/sla_policy.h"
#include "storage/store.h"

namespace hotline {

class Directory {
 public:
  explicit Directory(Store& store) : store_(store) {}

  // Re-reads units, categories, the SLA policy and the calendar from the store.
  Result<void> Reload();

  // Working hours for every calendar this directory serves (call before
  // Reload; the default is 08:30–12:00 and 13:30–17:30).
  Result<void> SetWorkingHours(std::vector<WorkingPeriod> hours);

  std::shared_ptr<const UnitTree> Units() const;
  std::shared_ptr<const CategoryTree> Categories() const;
  // The SLA policy in force (the built-in default until an admin saves one).
  std::shared_ptr<const SlaPolicy> Sla() const;
  // The working-day calendar in force: the newest one an administrator
  // saved, else the built-in one. Every calendar loaded stays alive for the
  // life of the process (they change a few times a year), so the reference
  // remains valid after a reload.
  const BusinessCalendar& Calendar() const;
  std::int64_t CalendarVersion() const;  // 0 for the built-in one

 private:
  Store& store_;
  mutable std::mutex mu_;
  std::shared_ptr<const UnitTree> units_ = std::make_shared<UnitTree>();
  std::shared_ptr<const CategoryTree> categories_ = std::make_shared<CategoryTree>();
  std::shared_ptr<const SlaPolicy> sla_ = std::make_shared<SlaPolicy>(DefaultSlaPolicy());
  const BusinessCalendar* calendar_ = &BusinessCalendar::Builtin();
  std::vector<WorkingPeriod> hours_ = DefaultWorkingHours();
  std::int64_t calendar_version_ = 0;
  std::vector<std::unique_ptr<const BusinessCalendar>> loaded_calendars_;
};

}  // namespace hotline
