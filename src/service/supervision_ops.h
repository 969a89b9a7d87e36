// Write-side steps on supervision orders (督办单) shared by the scheduler and
// the API: issuing one (numbered, stored, the unit notified) and escalating
// one to the next tier. Each runs inside the caller's write transaction, so
// the supervision and its notifications commit together. Stateless.
#pragma once

#include "calendar/business_calendar.h"
#include "storage/store.h"
#include "workorder/supervision.h"

namespace hotline {

// Numbers and stores `s` (state open), notifies the supervised unit unless
// `notify` is false (the scheduler's overdue alarm already told it), and
// returns it with its id and number.
Result<Supervision> IssueSupervision(WriteTxn& txn, Supervision s, Instant now, bool notify = true);

// Escalates `s` (open and lapsed, or rejected) to the next tier: saves it as
// escalated, issues the next one and notifies the unit and `platform` (0 for
// none). Returns the new supervision.
Result<Supervision> EscalateSupervision(WriteTxn& txn, Supervision& s, Instant now,
                                        const BusinessCalendar& calendar, UnitId platform);

// Escalates a flagged order (屡办不成 "repeatedly_failed", 久拖不决
// "long_pending") into a 人工督办 on `unit`, unless one for the same reason
// is still open. Returns whether one was issued.
Result<bool> SuperviseFlaggedOrder(WriteTxn& txn, const WorkOrder& order, UnitId unit,
                                   std::string_view reason, std::string note, Instant now,
                                   const BusinessCalendar& calendar);

// Records that a top-tier supervision lapsed: it stays open, marked lapsed,
// and the unit and `platform` are told.
Result<void> ReportTopTierLapse(WriteTxn& txn, Supervision& s, Instant now, UnitId platform);

}  // namespace hotline
