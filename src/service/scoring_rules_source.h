// Which version of the scoring rules (考核细则) judges a period: the version
// in force at the period's end, or one a leader names to re-judge it
// (docs/metrics.md §9). Shared by the rankings API and the reports so both
// pick the same version. Thread-safe (reads the store only).
#pragma once

#include <cstdint>

#include "common/clock.h"
#include "storage/store.h"
#include "workorder/scoring.h"

namespace hotline {

// The newest version saved at or before `period_end`; if none was, the
// oldest saved version; before any save, the built-in defaults (version 0).
Result<ScoringRules> RulesInForceAt(Store& store, Instant period_end);

// The newest saved version (or the defaults): what GET /scoring-rules shows
// and what applies from now on.
Result<ScoringRules> NewestRules(Store& store);

// Exactly `version`: 0 is the defaults; a version never saved is kNotFound
// naming the field `field`.
Result<ScoringRules> RulesOfVersion(Store& store, std::int64_t version, std::string_view field);

}  // namespace hotline
