#include "workorder/supervision.h"

#include <fmt/format.h>

namespace hotline {
namespace {

struct TierInfo {
  SupervisionTier tier;
  std::string_view code;
  std::string_view name;
  int days;
};

constexpr TierInfo kTiers[] = {
    {SupervisionTier::kSystem, "system", "系统督办", 1},
    {SupervisionTier::kManual, "manual", "人工督办", 1},
    {SupervisionTier::kLeader, "leader", "AO督办", 2},
    {SupervisionTier::kInspector, "inspector", "作风监督员督办", 3},
};

constexpr std::pair<SupervisionState, std::string_view> kStates[] = {
    {SupervisionState::kOpen, "open"},           {SupervisionState::kResponded, "responded"},
    {SupervisionState::kAccepted, "accepted"},   {SupervisionState::kRejected, "rejected"},
    {SupervisionState::kEscalated, "escalated"},
};

const TierInfo& Info(SupervisionTier tier) { return kTiers[static_cast<int>(tier)]; }

std::unexpected<Error> WrongState(const Supervision& s, std::string_view wanted) {
  return Fail(ErrorKind::kConflict, "illegal_transition",
              fmt::format("督办单状态为「{}」，{}", SupervisionStateCode(s.state), wanted));
}

}  // namespace

std::string_view SupervisionTierCode(SupervisionTier tier) { return Info(tier).code; }
std::string_view SupervisionTierName(SupervisionTier tier) { return Info(tier).name; }

std::optional<SupervisionTier> ParseSupervisionTier(std::string_view code) {
  for (const TierInfo& t : kTiers)
    if (t.code == code) return t.tier;
  return std::nullopt;
}

std::string_view SupervisionStateCode(SupervisionState state) {
  return kStates[static_cast<int>(state)].second;
}

std::optional<SupervisionState> ParseSupervisionState(std::string_view code) {
  for (const auto& [state, name] : kStates)
    if (name == code) return state;
  return std::nullopt;
}

std::optional<SupervisionTier> NextTier(SupervisionTier tier) {
  if (tier == SupervisionTier::kInspector) return std::nullopt;
  return static_cast<SupervisionTier>(static_cast<int>(tier) + 1);
}

int ResponseWorkingDays(SupervisionTier tier) { return Info(tier).days; }

Instant ResponseDue(SupervisionTier tier, Instant issued_at, const BusinessCalendar& calendar) {
  return calendar.AddWorkingDays(issued_at, ResponseWorkingDays(tier));
}

Result<void> RespondToSupervision(Supervision& s, std::string_view response, UserId by,
                                  Instant at) {
  if (response.empty())
    return Fail(ErrorKind::kInvalidInput, "invalid_field", "请填写督办回复内容", "response");
  if (s.state != SupervisionState::kOpen) return WrongState(s, "只有待回复的督办单可以回复");
  s.state = SupervisionState::kResponded;
  s.response = std::string(response);
  s.responded_by = by;
  s.responded_at = at;
  return {};
}

Result<void> ReviewSupervision(Supervision& s, bool accept, std::string_view note, Instant at) {
  if (s.state != SupervisionState::kResponded) return WrongState(s, "只有已回复的督办单可以审核");
  if (!accept && note.empty())
    return Fail(ErrorKind::kInvalidInput, "invalid_field", "退回督办回复时请说明理由", "note");
  s.state = accept ? SupervisionState::kAccepted : SupervisionState::kRejected;
  s.reviewed_note = std::string(note);
  s.reviewed_at = at;
  return {};
}

Result<Supervision> Escalate(Supervision& s, Instant now, const BusinessCalendar& calendar) {
  if (s.state != SupervisionState::kOpen && s.state != SupervisionState::kRejected)
    return WrongState(s, "只有逾期未回复或回复被退回的督办单可以升级");
  const auto next = NextTier(s.tier);
  if (!next)
    return Fail(ErrorKind::kBusinessRule, "top_tier", "作风监督员督办已是最高督办层级，无法再升级");
  if (s.state == SupervisionState::kOpen) s.lapsed_at = now;
  s.state = SupervisionState::kEscalated;
  Supervision up;
  up.order_id = s.order_id;
  up.order_number = s.order_number;
  up.unit_id = s.unit_id;
  up.tier = *next;
  up.reason = "escalated";
  up.note = s.note;
  up.issued_at = now;
  up.due_at = ResponseDue(*next, now, calendar);
  up.parent_id = s.id;
  return up;
}

}  // namespace hotline
