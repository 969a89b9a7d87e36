// Plans the demo's work orders: texts, callers, places and a back-dated
// sequence of lifecycle actions per order, chosen so that every state and the
// common detours (returns, extensions, rejected replies, dissatisfied
// callbacks, reopenings, merges, non-acceptance) and the ways units work
// together (吹哨报到, 业务指导, 派单异议, 先行处置, 平台协调) occur. Pure: no
// I/O; deterministic for a given seed and calendar.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "common/error.h"
#include "workorder/commands.h"
#include "workorder/lifecycle.h"

namespace hotline::demo {

struct PlannedStep {
  Instant at{};
  std::string username;  // the acting demo user
  Action action = Action::kDispatch;
  Command command;
  int merge_into = -1;  // for kMerge: index of the master order in the plan
};

struct PlannedOrder {
  IntakeCommand intake;
  std::string request_hash;
  std::string agent;  // who records the intake
  Instant created_at{};
  std::vector<PlannedStep> steps;  // in time order, after the intake
};

struct PlanInputs {
  Instant now{};  // orders fall in the 60 days before it
  std::uint64_t seed = 0;
  int count = 0;
  std::map<std::string, Unit> units;               // by code
  std::map<std::string, CategoryId> leaf_by_path;  // "level1/level2/level3" -> leaf id
  WorkflowRules rules;  // the plan stays within them (extension days, callbacks, assists)
  // The calendar and limits the service will apply, so that report-ins and
  // guidance answers meant to be late (or on time) are; without a calendar
  // the plan guesses from natural time.
  const BusinessCalendar* calendar = nullptr;
  SlaPolicy sla = DefaultSlaPolicy();
};

Result<std::vector<PlannedOrder>> PlanOrders(const PlanInputs& in);

// The demo user who handles orders for a unit: "h" + unit code.
std::string HandlerName(std::string_view unit_code);

}  // namespace hotline::demo
