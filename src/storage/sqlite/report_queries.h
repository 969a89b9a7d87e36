// SQL for the generated reports' history (table `reports`), shared by the
// read pool and the write transaction. Thread safety: as the Connection
// passed in.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "storage/sqlite/connection.h"
#include "storage/store.h"

namespace hotline::sqlite {

Result<std::int64_t> InsertReportIn(Connection& db, const StoredReport& report);
Result<bool> HasReportIn(Connection& db, std::string_view kind, std::string_view from,
                         std::string_view to);
Result<std::optional<StoredReport>> QueryReport(Connection& db, std::int64_t id);
// Newest first (by generation time, then id), without bodies.
Result<ReportPage> QueryReportPage(Connection& db, std::string_view kind, int limit, int offset);

}  // namespace hotline::sqlite
