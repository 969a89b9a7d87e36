// Time limits (SLA) for each step of an order, as versioned configuration:
// which allowance applies to an order is decided by rules matching its
// category, urgency and demand type. Pure data and functions; thread-safe.
//
// Resolution: of the rules matching an order, the most specific one that sets
// a step wins, where urgency outranks category, category outranks demand
// type, and a deeper category outranks a shallower one. So an urgent order
// in a category with its own rule takes the urgent limit. Two rules with the
// same conditions would tie and are refused ("overlap"); the base rule (no
// conditions) must set every step, so no order is left without a limit ("gap").
#pragma once

#include <chrono>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "calendar/business_calendar.h"
#include "common/error.h"
#include "workorder/types.h"

namespace hotline {

// Natural units are plain clock time; working units count only working time
// on the business calendar (lunch breaks, weekends and holidays skipped).
enum class TimeUnit {
  kNaturalMinutes,
  kNaturalHours,
  kWorkingMinutes,
  kWorkingHours,
  kWorkingDays
};

struct Allowance {
  TimeUnit unit = TimeUnit::kWorkingDays;
  int amount = 0;
  bool operator==(const Allowance&) const = default;
};

// The instant `allowance` after `start` on `calendar`.
Instant DeadlineAfter(const BusinessCalendar& calendar, Instant start, Allowance allowance);
// The instant when `percent` % of `allowance` after `start` is used, counted
// in the allowance's own kind of time (working or natural).
Instant ShareOfAllowance(const BusinessCalendar& calendar, Instant start, Allowance allowance,
                         int percent);
// "5 个工作日", "2 小时", "30 工作分钟" ...
std::string DescribeAllowance(Allowance allowance);

struct SlaRule {
  std::string name;
  std::optional<std::string> category_code;  // this category and every one below it
  std::optional<Urgency> urgency;
  std::optional<DemandType> demand_type;
  std::optional<Allowance> sign;      // dispatch → sign (签收)
  std::optional<Allowance> handle;    // sign → reply (办理)
  std::optional<Allowance> review;    // platform review of a reply or application (审核)
  std::optional<Allowance> callback;  // reply approved → callback (回访)
};

struct SlaPolicy {
  std::int64_t version = 0;  // assigned by storage when saved
  std::vector<SlaRule> rules;
  // Policy-wide limits of the collaboration steps, counted from the moment
  // the unit was summoned or dispatched to.
  // 吹哨报到: a summoned department reports in within this.
  Allowance whistle_report_in{TimeUnit::kWorkingMinutes, 30};
  // 首接负责: a unit may return an order only within this after dispatch;
  // later it must handle the order itself.
  Allowance return_window{TimeUnit::kWorkingHours, 2};
  // 主办协办: each assisting unit's part reply is due this long after dispatch.
  Allowance assist_reply{TimeUnit::kWorkingDays, 3};
  // 业务指导: a supervising department answers a request for guidance within this.
  Allowance guidance_reply{TimeUnit::kWorkingDays, 2};
  // Time the platform spends reviewing a return or extension is not charged
  // to the unit: its running deadline moves by that much working time.
  bool pause_while_reviewing = true;
  // Share of a step's allowance after which the unit is warned (临期预警).
  int due_soon_percent = 80;
};

// The limits that apply to one order, with the names of the rules they came from.
struct StepLimits {
  Allowance sign, handle, review, callback;
  std::vector<std::string> rule_names;
};

// Checks a policy: a base rule setting all four steps, no two rules with the
// same conditions, positive amounts (rules and policy-wide limits). Errors
// name the offending rule or policy-wide field.
Result<void> ValidateSlaPolicy(const SlaPolicy& policy);

StepLimits ResolveLimits(const SlaPolicy& policy, std::string_view category_code, Urgency urgency,
                         DemandType demand_type);

// Defaults: sign within 2 working hours; handle within 5 working days, 2
// natural hours when 紧急 (urgent), 15 working days when 复杂 (complex);
// review within 1 working day; callback within 2 working days. Policy-wide
// limits as in the SlaPolicy member defaults.
SlaPolicy DefaultSlaPolicy();

nlohmann::json SlaPolicyToJson(const SlaPolicy& policy);
// Refuses unknown fields, bad units and amounts, and anything
// ValidateSlaPolicy refuses; the error's field names the place (rules[2].handle).
Result<SlaPolicy> SlaPolicyFromJson(const nlohmann::json& json);

}  // namespace hotline
