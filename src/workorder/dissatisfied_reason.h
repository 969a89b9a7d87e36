// 不满意原因: why a citizen rated an order 不满意, as the callback agent
// records it (optional), so the reports can show what dissatisfies citizens
// and where. Codes are the wire values; the Chinese names are shown to
// staff. Pure data; thread-safe.
#pragma once

#include <optional>
#include <string_view>

namespace hotline {

enum class DissatisfiedReason {
  kUnresolved,    // 问题未解决
  kSlow,          // 办理不及时
  kAttitude,      // 服务态度差
  kReplyQuality,  // 答复敷衍或不规范
  kNoContact,     // 未与诉求人联系
  kUnreasonable,  // 诉求超出政策或不合理
  kOther,         // 其他
};

// Every reason, in the order reports list them.
inline constexpr DissatisfiedReason kDissatisfiedReasons[] = {
    DissatisfiedReason::kUnresolved, DissatisfiedReason::kSlow,
    DissatisfiedReason::kAttitude,   DissatisfiedReason::kReplyQuality,
    DissatisfiedReason::kNoContact,  DissatisfiedReason::kUnreasonable,
    DissatisfiedReason::kOther};

// A 不满意 recorded without a reason (and every one recorded before reasons
// existed) counts under this code in the figures.
inline constexpr std::string_view kUnspecifiedReasonCode = "unspecified";
inline constexpr std::string_view kUnspecifiedReasonName = "未说明原因";

std::string_view DissatisfiedReasonCode(DissatisfiedReason v);         // "unresolved", ...
std::string_view DissatisfiedReasonDisplayName(DissatisfiedReason v);  // 问题未解决, ...
std::optional<DissatisfiedReason> ParseDissatisfiedReason(std::string_view code);
// The allowed codes for error messages: "unresolved、slow、…或 other".
std::string_view DissatisfiedReasonCodesText();

}  // namespace hotline
