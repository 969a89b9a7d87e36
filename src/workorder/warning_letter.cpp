#include "workorder/warning_letter.h"

#include <fmt/format.h>

#include <utility>

namespace hotline {
namespace {

struct KindInfo {
  WarningKind kind;
  std::string_view code;
  std::string_view name;
};

constexpr KindInfo kKinds[] = {
    {WarningKind::kOverdue, "overdue", "超期预警"},
    {WarningKind::kDissatisfaction, "dissatisfaction", "不满意预警"},
    {WarningKind::kHotSpot, "hot_spot", "热点预警"},
    {WarningKind::kOther, "other", "其他预警"},
};

constexpr std::pair<WarningState, std::string_view> kStates[] = {
    {WarningState::kIssued, "issued"},
    {WarningState::kReplied, "replied"},
    {WarningState::kClosed, "closed"},
};

std::unexpected<Error> WrongState(const WarningLetter& letter, std::string_view wanted) {
  return Fail(ErrorKind::kConflict, "illegal_transition",
              fmt::format("预警函状态为「{}」，{}", WarningStateCode(letter.state), wanted));
}

}  // namespace

std::string_view WarningKindCode(WarningKind kind) { return kKinds[static_cast<int>(kind)].code; }
std::string_view WarningKindName(WarningKind kind) { return kKinds[static_cast<int>(kind)].name; }

std::optional<WarningKind> ParseWarningKind(std::string_view code) {
  for (const KindInfo& k : kKinds)
    if (k.code == code) return k.kind;
  return std::nullopt;
}

std::string_view WarningStateCode(WarningState state) {
  return kStates[static_cast<int>(state)].second;
}

std::optional<WarningState> ParseWarningState(std::string_view code) {
  for (const auto& [state, name] : kStates)
    if (name == code) return state;
  return std::nullopt;
}

Instant WarningReplyDue(Instant issued_at, const BusinessCalendar& calendar) {
  return calendar.AddWorkingDays(issued_at, kWarningReplyWorkingDays);
}

bool ReplyOverdue(const WarningLetter& letter, Instant now) {
  return letter.state == WarningState::kIssued && now > letter.reply_due_at;
}

Result<void> ReplyToWarning(WarningLetter& letter, std::string_view reply, UserId by, Instant at) {
  if (reply.empty())
    return Fail(ErrorKind::kInvalidInput, "invalid_field", "请填写预警函回复内容", "text");
  if (letter.state != WarningState::kIssued)
    return WrongState(letter, "只有待回复的预警函可以回复");
  letter.state = WarningState::kReplied;
  letter.reply = std::string(reply);
  letter.replied_by = by;
  letter.replied_at = at;
  return {};
}

Result<void> ReviewWarningReply(WarningLetter& letter, bool accept, std::string_view note,
                                UserId by, Instant at) {
  if (letter.state != WarningState::kReplied)
    return WrongState(letter, "只有已回复的预警函可以审核");
  if (!accept && note.empty())
    return Fail(ErrorKind::kInvalidInput, "invalid_field", "退回预警函回复时请说明理由", "note");
  letter.review_note = std::string(note);
  letter.reviewed_at = at;
  if (accept) {
    letter.state = WarningState::kClosed;
    letter.closed_at = at;
    letter.closed_by = by;
  } else {
    letter.state = WarningState::kIssued;
    ++letter.rounds;
  }
  return {};
}

}  // namespace hotline
