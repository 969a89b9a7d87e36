// The deadlines an action leaves on an order, and the alarms they raise.
//
// Each step's clock starts when the step starts (dispatch → sign, sign →
// reply, reply → review, approval → callback, application → review) and
// stops when it ends. The scheduler asks DecideAlarms which due-soon and
// overdue alarms are due; NextAlarm tells it when to look again. Pure
// functions.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <vector>

#include "workorder/lifecycle.h"

namespace hotline {

// The order's deadlines after `action` (with the decided `payload` and
// resulting state), or nullopt when the context carries no calendar or SLA
// policy. Time spent waiting for the platform to review a return or extension
// is added back to the unit's running deadline when the policy says so.
std::optional<Deadlines> NextDeadlines(const WorkOrder& before, Action action,
                                       const nlohmann::json& payload, State after,
                                       const DecisionContext& ctx);

// The system events (kDueSoon, kOverdue, kLongPending) due at ctx.now,
// numbered from order.version + 1; empty when nothing is due. `system` is the
// actor recorded for them.
std::vector<Event> DecideAlarms(const WorkOrder& order, const Actor& system,
                                const DecisionContext& ctx);

// The earliest instant at which DecideAlarms would return something.
std::optional<Instant> NextAlarm(const WorkOrder& order);

// The step names used in payloads and the API: sign, handle, review,
// callback, application_review.
inline constexpr const char* kStepNames[] = {"sign", "handle", "review", "callback",
                                             "application_review"};
std::optional<StepDeadline> Deadlines::*StepField(std::string_view name);

nlohmann::json DeadlinesToJson(const Deadlines& deadlines);
Deadlines DeadlinesFromJson(const nlohmann::json& json);

}  // namespace hotline
