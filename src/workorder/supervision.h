// Supervision orders (督办单): a formal demand that a unit act on an order,
// with a response deadline. Unanswered or failed ones climb a ladder of
// tiers: 系统督办 → 人工督办 → AO督办 → 作风监督员督办.
//
// States: open → responded → accepted, or responded → rejected (which
// escalates); open → escalated when the response deadline passes. The
// transitions are pure functions; storage and the scheduler apply them.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "calendar/business_calendar.h"
#include "common/clock.h"
#include "common/error.h"
#include "org/unit.h"
#include "workorder/order.h"

namespace hotline {

enum class SupervisionTier { kSystem, kManual, kLeader, kInspector };
enum class SupervisionState { kOpen, kResponded, kAccepted, kRejected, kEscalated };

std::string_view SupervisionTierCode(SupervisionTier tier);
std::string_view SupervisionTierName(SupervisionTier tier);  // Chinese, for staff
std::optional<SupervisionTier> ParseSupervisionTier(std::string_view code);
std::string_view SupervisionStateCode(SupervisionState state);
std::optional<SupervisionState> ParseSupervisionState(std::string_view code);

// The tier a lapsed or rejected supervision climbs to; none after the inspector.
std::optional<SupervisionTier> NextTier(SupervisionTier tier);

// Working days a unit has to answer a supervision of `tier`.
int ResponseWorkingDays(SupervisionTier tier);

// When a supervision issued at `issued_at` must be answered.
Instant ResponseDue(SupervisionTier tier, Instant issued_at, const BusinessCalendar& calendar);

using SupervisionId = std::int64_t;

struct Supervision {
  SupervisionId id = 0;
  std::string number;  // "DB2026112600001"
  std::optional<OrderId> order_id;
  std::string order_number;
  UnitId unit_id = 0;  // the supervised unit
  SupervisionTier tier = SupervisionTier::kSystem;
  std::string reason;  // "overdue:<step>", "manual", "escalated"
  std::string note;
  std::optional<UserId> issued_by;  // none for the scheduler
  Instant issued_at{};
  Instant due_at{};
  SupervisionState state = SupervisionState::kOpen;
  std::string response;
  std::optional<Instant> responded_at;
  std::optional<UserId> responded_by;
  std::string reviewed_note;
  std::optional<Instant> reviewed_at;
  std::optional<SupervisionId> parent_id;
  // When the scheduler found the deadline passed (escalated, or reported for
  // the top tier), so a lapse is handled once.
  std::optional<Instant> lapsed_at;
};

// The unit's written response. Only an open supervision takes one.
Result<void> RespondToSupervision(Supervision& s, std::string_view response, UserId by, Instant at);

// The supervisor's review of a response. Rejecting leaves the supervision
// rejected; the caller escalates it with Escalate.
Result<void> ReviewSupervision(Supervision& s, bool accept, std::string_view note, Instant at);

// Marks an open (lapsed) or rejected supervision escalated and returns the
// next tier's supervision (no id or number yet), due from `now`. Fails for
// the inspector tier, which has nothing above it. A lapse also sets
// lapsed_at (when the state is open).
Result<Supervision> Escalate(Supervision& s, Instant now, const BusinessCalendar& calendar);

}  // namespace hotline
