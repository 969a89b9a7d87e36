#include "workorder/types.h"

#include <array>
#include <utility>

namespace hotline {
namespace {

// One table per enum: value, wire code, Chinese name. Parsing and printing
// both read the table so they cannot drift apart.
template <typename E>
struct Entry {
  E value;
  std::string_view code;
  std::string_view zh;
};

constexpr Entry<State> kStates[] = {
    {State::kPendingDispatch, "pending_dispatch", "待派单"},
    {State::kDispatched, "dispatched", "待签收"},
    {State::kHandling, "handling", "办理中"},
    {State::kReplied, "replied", "待审核"},
    {State::kPendingCallback, "pending_callback", "待回访"},
    {State::kClosed, "closed", "已办结"},
    {State::kMerged, "merged", "已并单待结"},
};

constexpr Entry<Channel> kChannels[] = {
    {Channel::kPhone, "phone", "电话"},         {Channel::kWeb, "web", "网站"},
    {Channel::kApp, "app", "移动端"},           {Channel::kOpen311, "open311", "Open311"},
    {Channel::kDeputy, "deputy", "代表联系点"}, {Channel::kUpstream, "upstream", "上级平台"},
    {Channel::kLetter, "letter", "来信"},
};

constexpr Entry<DemandType> kDemandTypes[] = {
    {DemandType::kConsultation, "consultation", "咨询"}, {DemandType::kHelp, "help", "求助"},
    {DemandType::kComplaint, "complaint", "投诉"},       {DemandType::kReport, "report", "举报"},
    {DemandType::kSuggestion, "suggestion", "建议"},     {DemandType::kPraise, "praise", "表扬"},
};

constexpr Entry<Urgency> kUrgencies[] = {
    {Urgency::kNormal, "normal", "一般"},
    {Urgency::kUrgent, "urgent", "紧急"},
    {Urgency::kComplex, "complex", "复杂"},
};

constexpr Entry<Satisfaction> kSatisfactions[] = {
    {Satisfaction::kSatisfied, "satisfied", "满意"},
    {Satisfaction::kBasicallySatisfied, "basically_satisfied", "基本满意"},
    {Satisfaction::kDissatisfied, "dissatisfied", "不满意"},
};

constexpr Entry<Action> kActions[] = {
    {Action::kIntake, "intake", "受理登记"},
    {Action::kDirectAnswer, "direct-answer", "直接答复"},
    {Action::kDispatch, "dispatch", "派单"},
    {Action::kSign, "sign", "签收"},
    {Action::kReturn, "return", "申请退单"},
    {Action::kReviewReturn, "review-return", "退单审核"},
    {Action::kReassign, "reassign", "改派"},
    {Action::kExtend, "extend", "申请延期"},
    {Action::kReviewExtension, "review-extension", "延期审核"},
    {Action::kRejectAcceptance, "reject-acceptance", "申请不予受理"},
    {Action::kReviewRejection, "review-rejection", "不予受理审核"},
    {Action::kAssistReply, "assist-reply", "协办答复"},
    {Action::kReply, "reply", "答复办结"},
    {Action::kReviewReply, "review-reply", "答复审核"},
    {Action::kCallback, "callback", "回访"},
    {Action::kReopen, "reopen", "重办"},
    {Action::kMerge, "merge", "并单"},
    {Action::kClose, "close", "结案"},
    {Action::kMergedIn, "merged-in", "被并单"},
    {Action::kDueSoon, "due-soon", "临期预警"},
    {Action::kOverdue, "overdue", "超期督办"},
    {Action::kLongPending, "long-pending", "久拖不决"},
    {Action::kDispute, "dispute", "派单异议"},
    {Action::kProvisional, "provisional", "指定先行处置"},
    {Action::kCoordinate, "coordinate", "平台协调定责"},
    {Action::kWhistle, "whistle", "吹哨"},
    {Action::kReportIn, "report-in", "报到"},
    {Action::kWhistleWork, "whistle-work", "报到部门处置"},
    {Action::kWhistleMeeting, "whistle-meeting", "联席研判"},
    {Action::kCloseWhistle, "close-whistle", "吹哨办结"},
    {Action::kRateWhistle, "rate-whistle", "评价吹哨"},
    {Action::kRequestGuidance, "request-guidance", "申请业务指导"},
    {Action::kGiveGuidance, "give-guidance", "业务指导答复"},
    {Action::kAssistOverdue, "assist-overdue", "协办超期"},
    {Action::kReportInOverdue, "report-in-overdue", "报到超时"},
    {Action::kMasterReplied, "master-replied", "主单已答复"},
    {Action::kMasterClosed, "master-closed", "主单已办结"},
};

template <typename E, std::size_t N>
std::string_view CodeOf(const Entry<E> (&table)[N], E v) {
  for (const auto& e : table)
    if (e.value == v) return e.code;
  return "unknown";
}

template <typename E, std::size_t N>
std::string_view NameOf(const Entry<E> (&table)[N], E v) {
  for (const auto& e : table)
    if (e.value == v) return e.zh;
  return "未知";
}

template <typename E, std::size_t N>
std::optional<E> Parse(const Entry<E> (&table)[N], std::string_view code) {
  for (const auto& e : table)
    if (e.code == code) return e.value;
  return std::nullopt;
}

}  // namespace

std::string_view StateCode(State v) { return CodeOf(kStates, v); }
std::string_view StateDisplayName(State v) { return NameOf(kStates, v); }
std::optional<State> ParseState(std::string_view c) { return Parse(kStates, c); }
std::string_view ChannelCode(Channel v) { return CodeOf(kChannels, v); }
std::string_view ChannelDisplayName(Channel v) { return NameOf(kChannels, v); }
std::optional<Channel> ParseChannel(std::string_view c) { return Parse(kChannels, c); }
std::string_view DemandTypeCode(DemandType v) { return CodeOf(kDemandTypes, v); }
std::string_view DemandTypeDisplayName(DemandType v) { return NameOf(kDemandTypes, v); }
std::optional<DemandType> ParseDemandType(std::string_view c) { return Parse(kDemandTypes, c); }
std::string_view UrgencyCode(Urgency v) { return CodeOf(kUrgencies, v); }
std::optional<Urgency> ParseUrgency(std::string_view c) { return Parse(kUrgencies, c); }
std::string_view SatisfactionCode(Satisfaction v) { return CodeOf(kSatisfactions, v); }
std::optional<Satisfaction> ParseSatisfaction(std::string_view c) {
  return Parse(kSatisfactions, c);
}
std::string_view ActionCode(Action v) { return CodeOf(kActions, v); }
std::string_view ActionDisplayName(Action v) { return NameOf(kActions, v); }
std::optional<Action> ParseAction(std::string_view c) { return Parse(kActions, c); }
bool IsRequestable(Action action) {
  for (Action a : kRequestableActions)
    if (a == action) return true;
  return false;
}

}  // namespace hotline
