#include "service/warning_ops.h"

#include <fmt/format.h>

#include "common/time_format.h"

namespace hotline {

Result<WarningLetter> IssueWarningLetter(WriteTxn& txn, WarningLetter letter, Instant now) {
  auto number = txn.NextWarningNumber(ChinaDayStamp(now));
  if (!number) return Fail(number.error());
  letter.number = std::move(*number);
  letter.state = WarningState::kIssued;
  auto id = txn.InsertWarningLetter(letter);
  if (!id) return Fail(id.error());
  letter.id = *id;
  Notification n;
  n.unit_id = letter.unit_id;
  n.kind = "warning";
  n.title = fmt::format("{}：{}（预警函 {}）", WarningKindName(letter.kind), letter.subject,
                        letter.number);
  n.body =
      fmt::format("请于 {} 前书面回复预警函。{}", FormatRfc3339(letter.reply_due_at), letter.text);
  n.created_at = now;
  if (auto r = txn.InsertNotification(n); !r) return Fail(r.error());
  return letter;
}

}  // namespace hotline
