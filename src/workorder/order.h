// The WorkOrder aggregate: its event log and the projection folded from it.
#pragma once

#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "common/clock.h"
#include "org/unit.h"
#include "workorder/collaboration.h"
#include "workorder/dissatisfied_reason.h"
#include "workorder/types.h"

namespace hotline {

using OrderId = std::int64_t;
using CategoryId = std::int64_t;

struct Attachment {
  std::string name;
  std::string content_type;
  std::int64_t size = 0;
  std::string url;  // where the file itself is kept; the platform stores metadata only
  bool operator==(const Attachment&) const = default;
};

// One immutable fact in an order's history. `payload` holds everything the
// action decided, so folding the events rebuilds the order exactly.
struct Event {
  std::int64_t seq = 0;  // 1-based position in the order's log; equals the order version after it
  Action action = Action::kIntake;
  UserId actor_id = 0;
  std::string actor_name;
  Role actor_role = Role::kAgent;
  UnitId unit_id = 0;  // the actor's unit
  Instant at{};
  nlohmann::json payload = nlohmann::json::object();
  State state_after = State::kPendingDispatch;
};

// An application by the lead unit that waits for the platform's review.
struct PendingApplication {
  Action kind = Action::kReturn;  // kReturn, kExtend or kRejectAcceptance
  UnitId unit_id = 0;
  Instant at{};
  nlohmann::json details = nlohmann::json::object();
  bool operator==(const PendingApplication&) const = default;
};

struct CallbackRecord {
  bool reached = false;
  std::optional<bool> resolved;
  std::optional<Satisfaction> satisfaction;
  std::string note;
  Instant at{};
  std::optional<DissatisfiedReason> dissatisfied_reason;  // only with a 不满意, when given
  bool operator==(const CallbackRecord&) const = default;
};

// One running step's deadline. Instants are fixed when the step starts.
struct StepDeadline {
  Instant due_at{};
  Instant warn_at{};     // when the due-soon share of the allowance is used up
  bool warned = false;   // the due-soon warning was raised
  bool overdue = false;  // the overdue alarm was raised
  bool operator==(const StepDeadline&) const = default;
};

// When each running step is due; a step that is not running has none.
struct Deadlines {
  std::optional<StepDeadline> sign;                // dispatched → signed
  std::optional<StepDeadline> handle;              // signed → replied (extensions included)
  std::optional<StepDeadline> review;              // replied → reviewed
  std::optional<StepDeadline> callback;            // approved → called back
  std::optional<StepDeadline> application_review;  // return/extension/non-acceptance → reviewed
  std::int64_t sla_version = 0;                    // the policy the limits came from
  bool operator==(const Deadlines&) const = default;
};

// The current state of an order, a pure function of its events.
struct WorkOrder {
  OrderId id = 0;
  std::string number;  // e.g. 2026112600001
  State state = State::kPendingDispatch;
  std::int64_t version = 0;  // number of events applied

  // What the agent recorded at intake.
  Channel channel = Channel::kPhone;
  std::string caller_name;
  std::string caller_phone;
  bool enterprise = false;
  DemandType demand_type = DemandType::kConsultation;
  CategoryId category_id = 0;
  std::string address;
  std::optional<UnitId> street_unit_id;
  std::optional<UnitId> community_unit_id;
  std::string title;
  std::string content;
  Urgency urgency = Urgency::kNormal;
  std::vector<Attachment> attachments;
  std::optional<std::string> idempotency_key;
  std::optional<std::string> upstream_id;
  UserId created_by = 0;
  Instant created_at{};
  // Warnings raised when the order was taken: "repeat_caller" (重复来电),
  // "group_demand" (群体诉求); see docs/duplicates.md.
  std::vector<std::string> intake_flags;
  Instant updated_at{};

  // Handling.
  std::optional<UnitId> lead_unit_id;
  std::vector<UnitId> assist_unit_ids;
  bool signed_by_lead = false;
  std::optional<PendingApplication> pending;
  std::optional<nlohmann::json> reply;  // the lead unit's latest structured reply
  int extension_days = 0;
  int return_count = 0;
  int reopen_count = 0;
  int dispatch_count = 0;

  // Callback and closing.
  int unreached_callbacks = 0;
  std::optional<CallbackRecord> last_callback;
  bool callback_failed = false;  // reached, but not resolved or dissatisfied
  std::optional<std::string>
      close_reason;  // callback, direct_answer, non_acceptance, merged, unreachable, manual
  std::optional<Instant> closed_at;
  std::optional<OrderId> merged_into;
  std::vector<OrderId> merged_ids;

  // Lead, assisting and summoned units working together (主办协办, 吹哨报到 ...).
  Collaboration collab;

  Deadlines deadlines;
  // 久拖不决: open this long (working days from intake) it is flagged.
  std::optional<Instant> long_pending_at;
  bool long_pending = false;
  // 不满意工单动态清零: since the first failed callback that is not yet
  // settled by a successful one or by closing the order.
  std::optional<Instant> dissatisfied_since;

  bool operator==(const WorkOrder&) const = default;
};

// Derived labels shown with an order: "enterprise" (涉企),
// "repeatedly_failed" (屡办不成, reopened at least `repeat_threshold` times),
// "long_pending" (久拖不决), "dissatisfied" (on the 不满意 board),
// "merged_master", "assist_overdue" (an assisting unit missed its deadline),
// "coordination_required", "disputed" (派单异议 open), "whistled" (吹哨 open)
// and the intake warnings "repeat_caller" and "group_demand".
std::vector<std::string> OrderFlags(const WorkOrder& order, int repeat_threshold);

}  // namespace hotline
