#include "service/reply_quality_gate.h"

#include <fmt/format.h>

namespace hotline {

Result<ReplySignatureIndex> ReplyCorpus::Refresh(WriteTxn& txn, Instant now,
                                                 const ReplyQualityRules& rules) {
  const Instant since = now - std::chrono::days(rules.corpus_days);
  std::lock_guard lock(mutex_);
  auto fresh = txn.ListReplySignatures(last_row_, since, rules.corpus_size);
  if (!fresh) return Fail(fresh.error());
  for (StoredReplySignature& s : *fresh) {
    last_row_ = std::max(last_row_, s.row);
    entries_.push_back(std::move(s));
  }
  while (!entries_.empty() && (entries_.front().at < since ||
                               entries_.size() > static_cast<std::size_t>(rules.corpus_size)))
    entries_.pop_front();
  ReplySignatureIndex index;
  for (const StoredReplySignature& s : entries_) index.Add(s.order_id, s.signature);
  return index;
}

Result<std::optional<MinHashSignature>> GateReply(WriteTxn& txn, ReplyCorpus& corpus,
                                                  const ReplyQualityRules& rules,
                                                  const WorkOrder& order, const ReplyCommand& cmd,
                                                  Event& event) {
  if (!rules.enabled) return std::nullopt;
  auto index = corpus.Refresh(txn, event.at, rules);
  if (!index) return Fail(index.error());
  ReplyDraft draft;
  draft.measures = cmd.measures;
  draft.progress = cmd.progress;
  draft.result = cmd.result;
  draft.contact_method = cmd.contact_method;
  draft.note = cmd.note;
  const ReplyAssessment a =
      AssessReply(DemandText{order.title, order.content}, draft, *index, order.id, rules);
  if (const QualityFinding* first = a.FirstRefusal()) {
    std::string message = "答复未通过质检：";
    int n = 0;
    for (const QualityFinding& f : a.findings)
      if (f.severity == QualitySeverity::kRefuse)
        message += fmt::format("{}{}", n++ == 0 ? "" : "；", f.message);
    return Fail(ErrorKind::kBusinessRule, "reply_quality", std::move(message), first->field);
  }
  event.payload["quality"] = AssessmentJson(a);
  return a.signature;
}

}  // namespace hotline
