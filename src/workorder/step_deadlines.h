// The deadlines an action leaves on an order: each step's clock starts when
// the step starts (dispatch → sign, sign → reply, reply → review, approval →
// callback, application → review) and stops when it ends. Pure functions.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>

#include "workorder/lifecycle.h"

namespace hotline {

// The order's deadlines after `action` (with the decided `payload` and
// resulting state), or nullopt when the context carries no calendar or SLA
// policy. Time spent waiting for the platform to review a return or extension
// is added back to the unit's running deadline when the policy says so.
std::optional<Deadlines> NextDeadlines(const WorkOrder& before, Action action,
                                       const nlohmann::json& payload, State after,
                                       const DecisionContext& ctx);

nlohmann::json DeadlinesToJson(const Deadlines& deadlines);
Deadlines DeadlinesFromJson(const nlohmann::json& json);

}  // namespace hotline
