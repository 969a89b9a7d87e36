// The reply-quality check on the reply path: judges a decided reply against
// the order's demand and the corpus of recent replies, refuses it (422
// "reply_quality") or records the findings in the reply's event payload
// under "quality", and keeps the reply's signature for later comparisons.
#pragma once

#include <cstdint>
#include <deque>
#include <mutex>
#include <optional>

#include "storage/store.h"
#include "workorder/commands.h"
#include "workorder/reply_quality.h"

namespace hotline {

// Signatures of recent replies, read incrementally from the store so that
// each reply reads only the rows written since the previous one. Thread-safe.
class ReplyCorpus {
 public:
  // Brings the cache up to date inside `txn` (rows of the last
  // rules.corpus_days before `now`, the newest rules.corpus_size) and
  // returns them as an index.
  Result<ReplySignatureIndex> Refresh(WriteTxn& txn, Instant now, const ReplyQualityRules& rules);

 private:
  std::mutex mutex_;
  std::deque<StoredReplySignature> entries_;  // oldest first
  std::int64_t last_row_ = 0;
};

// Judges the reply `cmd` that produced `event` on `order`. On a refusing
// finding returns kBusinessRule "reply_quality" naming the field; otherwise
// adds payload.quality to `event` and returns the signature to keep (if the
// reply has enough substance to compare).
Result<std::optional<MinHashSignature>> GateReply(WriteTxn& txn, ReplyCorpus& corpus,
                                                  const ReplyQualityRules& rules,
                                                  const WorkOrder& order, const ReplyCommand& cmd,
                                                  Event& event);

}  // namespace hotline
