// SQL for warning letters (预警函), shared by the read pool and the write
// transaction. Thread safety: as the Connection passed in.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "storage/sqlite/connection.h"
#include "storage/store.h"

namespace hotline::sqlite {

Result<std::optional<WarningLetter>> QueryWarningLetter(Connection& db, WarningLetterId id);
Result<WarningLetterPage> QueryWarningLetterPage(Connection& db, const WarningLetterFilter& filter);

Result<std::string> NextWarningNumberIn(Connection& db, std::string_view day_stamp);
Result<WarningLetterId> InsertWarningLetterIn(Connection& db, const WarningLetter& letter);
Result<void> UpdateWarningLetterIn(Connection& db, const WarningLetter& letter);

}  // namespace hotline::sqlite
