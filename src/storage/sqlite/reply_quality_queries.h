// SQL for the reply-quality corpus: signatures of recent replies' substance
// (docs/reply-quality.md). Thread safety: as the Connection passed in.
#pragma once

#include <cstdint>
#include <vector>

#include "storage/sqlite/connection.h"
#include "storage/store.h"

namespace hotline::sqlite {

Result<void> InsertReplySignatureIn(Connection& db, OrderId order_id, std::int64_t seq, Instant at,
                                    const MinHashSignature& signature);
Result<std::vector<StoredReplySignature>> QueryReplySignatures(Connection& db,
                                                               std::int64_t after_row,
                                                               Instant since, int limit);

}  // namespace hotline::sqlite
