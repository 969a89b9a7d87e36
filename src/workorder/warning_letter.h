// Warning letters (预警函): a formal letter to a unit about a problem the
// platform sees (overdue orders, dissatisfied citizens, a hot spot), which
// the unit must answer in writing by a deadline.
//
// States: issued → replied → closed (the reply is accepted), or replied →
// issued again when the reply is returned with a note (each return counts a
// round). The transitions are pure functions; storage and the API apply them.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "calendar/business_calendar.h"
#include "common/clock.h"
#include "common/error.h"
#include "org/unit.h"
#include "workorder/order.h"

namespace hotline {

enum class WarningKind { kOverdue, kDissatisfaction, kHotSpot, kOther };
enum class WarningState { kIssued, kReplied, kClosed };

std::string_view WarningKindCode(WarningKind kind);
std::string_view WarningKindName(WarningKind kind);  // Chinese, for staff
std::optional<WarningKind> ParseWarningKind(std::string_view code);
std::string_view WarningStateCode(WarningState state);
std::optional<WarningState> ParseWarningState(std::string_view code);

// Working days a unit has to reply to a warning letter unless the issuer
// sets another deadline.
inline constexpr int kWarningReplyWorkingDays = 3;

// The default reply deadline of a letter issued at `issued_at`.
Instant WarningReplyDue(Instant issued_at, const BusinessCalendar& calendar);

using WarningLetterId = std::int64_t;

struct WarningLetter {
  WarningLetterId id = 0;
  std::string number;  // "YJ2026112600001"
  UnitId unit_id = 0;  // the warned unit
  WarningKind kind = WarningKind::kOther;
  std::string subject;
  std::string text;
  std::vector<OrderId> order_ids;  // related orders, possibly none
  UserId issued_by = 0;
  Instant issued_at{};
  Instant reply_due_at{};
  WarningState state = WarningState::kIssued;
  std::string reply;
  std::optional<Instant> replied_at;
  std::optional<UserId> replied_by;
  std::string review_note;  // the last review's note
  std::optional<Instant> reviewed_at;
  int rounds = 0;  // how often a reply was returned
  std::optional<Instant> closed_at;
  std::optional<UserId> closed_by;
};

// Whether the unit still owes a reply after its deadline at `now`. Computed
// at read time, so no scheduler has to mark it.
bool ReplyOverdue(const WarningLetter& letter, Instant now);

// The unit's written reply. Only an issued letter takes one.
Result<void> ReplyToWarning(WarningLetter& letter, std::string_view reply, UserId by, Instant at);

// The issuer's review of a reply: accepting closes the letter; returning it
// (a note is required) sends it back to issued for another reply and counts
// a round. The reply deadline stays as it was.
Result<void> ReviewWarningReply(WarningLetter& letter, bool accept, std::string_view note,
                                UserId by, Instant at);

}  // namespace hotline
