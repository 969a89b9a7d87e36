// The work-order state machine: guards, decisions and the fold.
//
// Decide* check that an actor may take an action now and turn a command into
// an Event (or an Error that changes nothing); Apply folds one Event into the
// projection. Pure functions: no I/O, no clock reads, thread-safe.
#pragma once

#include <utility>
#include <vector>

#include "calendar/sla_policy.h"
#include "common/error.h"
#include "workorder/category.h"
#include "workorder/commands.h"
#include "workorder/order.h"

namespace hotline {

// Rules that are configuration rather than code.
struct WorkflowRules {
  int max_unreached_callbacks = 3;  // unreached callbacks before an order closes unrated
  int max_extension_days = 30;      // per application
  int max_assist_units = 10;
  int repeat_threshold = 2;    // reopen count that flags 屡办不成
  int long_pending_days = 30;  // working days open that flag 久拖不决
  int max_returns = 2;  // approved returns before the platform must coordinate (平台协调)
  int max_summoned_units = 10;    // departments one whistle may summon
  int duplicate_window_days = 7;  // natural days either side for suggested duplicates
  // Duplicates and repeats at intake (docs/duplicates.md).
  int similar_min_percent = 50;  // estimated text Jaccard (%) that counts as 相似文本
  int repeat_caller_orders = 2;  // earlier orders from one number that make 重复来电
  int repeat_caller_days = 30;   // ... within this many natural days
  int group_demand_callers = 3;  // distinct callers, one place, similar text: 群体诉求
};

// Everything a decision may consult besides the order itself.
struct DecisionContext {
  const UnitTree& units;
  const CategoryTree& categories;
  const WorkflowRules& rules;
  Instant now;
  // Deadlines are set only when both are given (tests of pure state logic
  // may leave them out).
  const BusinessCalendar* calendar = nullptr;
  const SlaPolicy* sla = nullptr;
};

// Builds the intake event for a new order (state pending_dispatch). The
// order number and id are assigned by storage and put in the payload there.
Result<Event> DecideIntake(const Actor& actor, const IntakeCommand& cmd,
                           const DecisionContext& ctx);

// Checks state, role and unit for `action` on `order` without looking at any
// command fields. Errors: kForbidden (role or unit), kConflict (state).
Result<void> CheckGuard(const WorkOrder& order, const Actor& actor, Action action,
                        const DecisionContext& ctx);

// Decides any requestable action except merge. `cmd` must hold the command
// type that belongs to `action`.
Result<Event> Decide(const WorkOrder& order, const Actor& actor, Action action, const Command& cmd,
                     const DecisionContext& ctx);

// Decides a merge of `source` into `target`: the source's kMerge event and
// the target's kMergedIn event.
Result<std::pair<Event, Event>> DecideMerge(const WorkOrder& source, const WorkOrder& target,
                                            const Actor& actor, const MergeCommand& cmd,
                                            const DecisionContext& ctx);

// What a merged order records when its master moves on: kMasterReplied
// (to pending_callback, with the master's reply) once the master's reply is
// approved, kMasterClosed when the master closes without a callback (non-
// acceptance, manual close). nullopt when `merged` is not waiting on `master`
// or the master has no outcome yet.
std::optional<Event> DecideMasterOutcome(const WorkOrder& merged, const WorkOrder& master,
                                         const Actor& actor, const DecisionContext& ctx);

// Folds one event into the order: sets version to event.seq and the state to
// event.state_after. The intake event must be the first.
void Apply(WorkOrder& order, const Event& event);

// Rebuilds an order from its full log.
WorkOrder Replay(OrderId id, const std::vector<Event>& events);

// The requestable actions whose guard passes for this actor now.
std::vector<Action> AllowedActions(const WorkOrder& order, const Actor& actor,
                                   const DecisionContext& ctx);

// Data scope: platform roles see every order; unit roles see orders whose
// lead, an assisting unit, a summoned department or a department asked for
// guidance lies within their own unit.
bool CanSee(const WorkOrder& order, const Actor& actor, const UnitTree& units);

}  // namespace hotline
