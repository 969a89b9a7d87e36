#include "workorder/dissatisfied_reason.h"

namespace hotline {
namespace {

struct Entry {
  DissatisfiedReason reason;
  std::string_view code;
  std::string_view name;
};
constexpr Entry kEntries[] = {
    {DissatisfiedReason::kUnresolved, "unresolved", "问题未解决"},
    {DissatisfiedReason::kSlow, "slow", "办理不及时"},
    {DissatisfiedReason::kAttitude, "attitude", "服务态度差"},
    {DissatisfiedReason::kReplyQuality, "reply_quality", "答复敷衍或不规范"},
    {DissatisfiedReason::kNoContact, "no_contact", "未与诉求人联系"},
    {DissatisfiedReason::kUnreasonable, "unreasonable", "诉求超出政策或不合理"},
    {DissatisfiedReason::kOther, "other", "其他"},
};

const Entry& EntryOf(DissatisfiedReason v) {
  for (const Entry& e : kEntries)
    if (e.reason == v) return e;
  return kEntries[std::size(kEntries) - 1];  // unreachable: every enumerator is listed
}

}  // namespace

std::string_view DissatisfiedReasonCode(DissatisfiedReason v) { return EntryOf(v).code; }

std::string_view DissatisfiedReasonDisplayName(DissatisfiedReason v) { return EntryOf(v).name; }

std::optional<DissatisfiedReason> ParseDissatisfiedReason(std::string_view code) {
  for (const Entry& e : kEntries)
    if (e.code == code) return e.reason;
  return std::nullopt;
}

std::string_view DissatisfiedReasonCodesText() {
  return "unresolved、slow、attitude、reply_quality、no_contact、unreasonable 或 other";
}

}  // namespace hotline
