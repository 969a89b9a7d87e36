// Generates the reports 日梳理、周统计、月报告、年分析 (and custom ranges):
// fetches the period's rollups, order lists, collaboration and supervision
// figures, its 不满意 callbacks with their reasons and the scoring rules in
// force at its end, builds the report (workorder/report.h) and keeps it in the
// history in one write, so a failed generation stores nothing.
//
// GenerateMissing is the scheduler's hook: it makes yesterday's daily, last
// week's weekly, last month's monthly and last year's annual report when
// none of that kind and period is kept yet (checked in the same write as the
// insert, so two processes cannot both add one). Thread-safe.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <optional>

#include "service/directory.h"
#include "storage/store.h"
#include "workorder/report.h"

namespace hotline {

struct ReportOptions {
  int max_custom_days = 366;    // the longest custom range
  int repeat_threshold = 2;     // reopen count that flags 屡办不成 (WorkflowRules)
  int max_listed_orders = 100;  // orders on the 屡办不成 list at most (the total is shown)
};

class ReportService {
 public:
  ReportService(Store& store, Directory& directory, const Clock& clock, ReportOptions options = {});

  // The report of `kind` for the period containing `date` (kCustom is not
  // accepted here). Periods that start after today are refused.
  Result<StoredReport> Generate(ReportKind kind, std::chrono::sys_days date,
                                std::optional<UserId> by);
  // A custom report over from..to (inclusive China dates).
  Result<StoredReport> GenerateCustom(std::chrono::sys_days from, std::chrono::sys_days to,
                                      std::optional<UserId> by);

  // Generates the last completed daily, weekly, monthly and annual reports
  // that are missing; returns how many it made. Cheap when called often: it
  // looks again only once the China date has changed since its last success.
  Result<int> GenerateMissing();

 private:
  Result<ReportInputs> Fetch(ReportKind kind, const ReportPeriod& period);
  // Builds and stores; with `only_if_missing`, stores nothing (and returns
  // nullopt) when such a report is kept already.
  Result<std::optional<StoredReport>> Produce(ReportKind kind, const ReportPeriod& period,
                                              std::optional<UserId> by, bool only_if_missing);
  Result<void> CheckNotFuture(const ReportPeriod& period, std::string_view field) const;

  Store& store_;
  Directory& directory_;
  const Clock& clock_;
  ReportOptions options_;
  std::atomic<std::int32_t> checked_day_{0};  // the China date GenerateMissing last completed
};

}  // namespace hotline
