// Write-side step for warning letters (预警函): issuing one numbers and
// stores it and tells the warned unit, inside the caller's write
// transaction so the letter and its notification commit together. Stateless.
#pragma once

#include "storage/store.h"
#include "workorder/warning_letter.h"

namespace hotline {

// Numbers and stores `letter` (state issued), adds a "warning" notification
// for the warned unit, and returns the letter with its id and number.
Result<WarningLetter> IssueWarningLetter(WriteTxn& txn, WarningLetter letter, Instant now);

}  // namespace hotline
