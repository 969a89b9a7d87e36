// The generated reports 日梳理、周统计、月报告、年分析 (issue 5): their kinds,
// the period each covers, and the report itself built from plain inputs the
// service fetched (rollups, order lists, collaboration and supervision
// figures). Pure functions, no I/O; a Report is a plain value.
//
// A report is a list of tables (sections), each with typed columns and rows
// of JSON values, so the JSON API, the .xlsx export and the printable page
// render the same stored numbers.
#pragma once

#include <chrono>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/clock.h"
#include "common/error.h"
#include "org/unit.h"
#include "storage/store.h"
#include "workorder/category.h"
#include "workorder/collaboration_stats.h"
#include "workorder/dissatisfied_reason.h"
#include "workorder/scoring.h"
#include "workorder/supervision.h"

namespace hotline {

enum class ReportKind { kDaily, kWeekly, kMonthly, kAnnual, kCustom };

std::string_view ReportKindCode(ReportKind kind);  // "daily", ...
std::string_view ReportKindName(ReportKind kind);  // "日梳理", ...
std::optional<ReportKind> ParseReportKind(std::string_view code);

// China-local calendar days, both ends inclusive.
struct ReportPeriod {
  std::chrono::sys_days from{};
  std::chrono::sys_days to{};
  bool operator==(const ReportPeriod&) const = default;

  int Days() const { return static_cast<int>((to - from).count()) + 1; }
  // [from 00:00, to + 1 day 00:00) China time as instants.
  Instant Start() const;
  Instant End() const;
};

// "2026-11-26"; nullopt unless the text is a valid date in that form.
std::optional<std::chrono::sys_days> ParseReportDate(std::string_view text);
std::string ReportDateText(std::chrono::sys_days day);
std::int32_t ReportDayNumber(std::chrono::sys_days day);  // yyyymmdd
// The China-local date of an instant.
std::chrono::sys_days ChinaDateOf(Instant t);

// The period of `kind` that contains `date`: the day; its week (Monday to
// Sunday); its month; its year. kCustom has no period of its own and yields
// the single day.
ReportPeriod PeriodOf(ReportKind kind, std::chrono::sys_days date);
// The period just before `period` used for month-on-month comparison: the
// previous day / week / calendar month / year, or for a custom range the
// same number of days ending the day before it starts.
ReportPeriod PreviousPeriod(ReportKind kind, const ReportPeriod& period);
// The same dates a year earlier (29 February becomes 28 February).
ReportPeriod SamePeriodLastYear(const ReportPeriod& period);
// The last period of `kind` completed before `today` (for the scheduler).
ReportPeriod LastCompletedPeriod(ReportKind kind, std::chrono::sys_days today);

// The value type of a column: how exports format it. kDecimal: a number
// shown with two decimals (scores).
enum class ColumnType { kText, kInt, kRate, kDecimal };

struct ReportColumn {
  std::string key;
  std::string title;  // Chinese header
  ColumnType type = ColumnType::kInt;
};

struct ReportSection {
  std::string id;     // "by_unit", ...
  std::string title;  // Chinese, also the sheet name (at most 31 characters)
  std::string note;   // what the table shows, for readers
  std::vector<ReportColumn> columns;
  std::vector<nlohmann::json> rows;  // objects keyed by column key; rates 0..1 or null
};

struct Report {
  ReportKind kind = ReportKind::kDaily;
  ReportPeriod period;
  std::vector<ReportSection> sections;
  // The scoring rules version the 考核排名 used; absent in reports made
  // before reports scored units.
  std::optional<std::int64_t> rules_version;
};

// One order on a list (overdue, 屡办不成).
struct ReportOrder {
  OrderId id = 0;
  std::string number;
  std::string title;
  State state = State::kPendingDispatch;
  std::optional<UnitId> lead_unit_id;
  CategoryId category_id = 0;
  int reopen_count = 0;
  Instant created_at{};
};

// Supervisions issued in the period, per tier and state.
struct SupervisionTally {
  SupervisionTier tier = SupervisionTier::kSystem;
  std::int64_t issued = 0;
  std::int64_t open = 0;       // still awaiting the unit's response
  std::int64_t responded = 0;  // responded, awaiting review
  std::int64_t accepted = 0;
  std::int64_t rejected_or_escalated = 0;
};

// One 不满意 callback in the period: the unit it counts against (the lead
// unit when it was made, as the `dissatisfied` counter charges it) and the
// reason, when the callback agent gave one.
struct DissatisfiedCallback {
  std::optional<UnitId> unit_id;
  std::optional<DissatisfiedReason> reason;
};

// Everything the builder reads, fetched by the service.
struct ReportInputs {
  ReportKind kind = ReportKind::kDaily;
  ReportPeriod period;
  // Rollups summed over the period (Store::QueryRollup).
  std::vector<RollupRow> all, by_channel, by_category, by_unit, by_street;
  // Leaf-category rollups of PreviousPeriod and SamePeriodLastYear.
  std::vector<RollupRow> category_previous, category_last_year;
  std::vector<ReportOrder> repeatedly_failed;  // 屡办不成, most recently active first
  std::int64_t repeatedly_failed_total = 0;    // all of them, when the list is cut
  CollaborationStats collaboration;            // tallied over the period
  std::vector<SupervisionTally> supervisions;
  // Every 不满意 callback made in the period.
  std::vector<DissatisfiedCallback> dissatisfied;
  // The rules in force at the period's end (scoring_rules_source.h).
  ScoringRules rules = DefaultScoringRules();
};

inline constexpr int kTopDemands = 10;
inline constexpr int kMaxRisingRows = 20;

// Builds every section. `units` and `categories` name the keys.
Report BuildReport(const ReportInputs& in, const UnitTree& units, const CategoryTree& categories);

// The stored body of a report and back; FromJson checks the shape.
nlohmann::json ReportToJson(const Report& report);
Result<Report> ReportFromJson(const nlohmann::json& body);

std::string_view ColumnTypeCode(ColumnType type);

}  // namespace hotline
