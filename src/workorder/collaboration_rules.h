// The rules by which units work on one order together: 派单异议, 先行处置,
// 平台协调, 吹哨报到 and 业务指导, and the collaboration side of routing
// (assist part deadlines, the 首接负责 return window). lifecycle.cpp calls
// these after its role and state guard passed. Pure functions.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <utility>

#include "common/error.h"
#include "workorder/commands.h"
#include "workorder/lifecycle.h"

namespace hotline {

// Adds to a routing payload (dispatch, reassign, reopen with a unit,
// coordinate) each assisting unit's part deadline ("assist_parts") and the
// end of the return window ("return_window_ends"); both null without a
// calendar and SLA policy in the context.
void AddRoutingFields(nlohmann::json& payload, const std::vector<UnitId>& assist_unit_ids,
                      bool with_return_window, const DecisionContext& ctx);

// Validates the command of a collaboration action and decides its payload and
// the order's next state. `action` is one of kDispute … kGiveGuidance.
Result<std::pair<nlohmann::json, State>> DecideCollaboration(const WorkOrder& order,
                                                             const Actor& actor, Action action,
                                                             const Command& cmd,
                                                             const DecisionContext& ctx);

// Folds what `event` means for order.collab (and, for the collaboration
// actions, for the lead unit). Called by Apply for every event before the
// state is set.
void ApplyCollaboration(WorkOrder& order, const Event& event);

// Unit relations the guard checks.
// Whether the actor's unit is a street or a community.
bool IsStreetActor(const Actor& actor, const UnitTree& units);
// Whether the actor's unit lies within a department summoned by a whistle on
// the order (open or closed; the command names the whistle and its state).
bool IsSummoned(const WorkOrder& order, const Actor& actor, const UnitTree& units);
// Whether the actor's unit lies within the street that blew a whistle on the order.
bool IsWhistleStreet(const WorkOrder& order, const Actor& actor, const UnitTree& units);
// Whether the actor's unit lies within a department asked for guidance.
bool IsGuidanceUnit(const WorkOrder& order, const Actor& actor, const UnitTree& units);

}  // namespace hotline
