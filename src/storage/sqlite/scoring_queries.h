// SQL for the versioned scoring rules (考核细则), shared by the read pool and
// the write transaction. Thread safety: as the Connection passed in.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "storage/sqlite/connection.h"
#include "storage/store.h"

namespace hotline::sqlite {

// Saves a new version of the rules (JSON text) and returns it (1, 2, ...).
Result<std::int64_t> InsertScoringRulesIn(Connection& db, std::string_view body, Instant at,
                                          std::optional<UserId> by);
// The newest version and its JSON text; nullopt before the first.
Result<std::optional<std::pair<std::int64_t, std::string>>> QueryScoringRules(Connection& db);
// The version in force at `at`: the newest saved at or before it, else the
// oldest saved (a period before the first save is judged by the first rules
// anyone wrote down); nullopt before the first.
Result<std::optional<std::pair<std::int64_t, std::string>>> QueryScoringRulesAt(Connection& db,
                                                                                Instant at);
// Exactly `version`; nullopt when it was never saved.
Result<std::optional<std::pair<std::int64_t, std::string>>> QueryScoringRulesVersion(
    Connection& db, std::int64_t version);

}  // namespace hotline::sqlite
