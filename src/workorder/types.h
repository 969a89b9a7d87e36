// Enumerations of the work-order domain and their wire codes.
#pragma once

#include <optional>
#include <string_view>

namespace hotline {

// Lifecycle states (DESIGN.md §3). Applications (return, extension,
// non-acceptance) do not change the state; they sit on the order as a pending
// application until reviewed.
// kMerged: merged into a master order (并单); it waits for the master's
// outcome, then is called back on its own.
enum class State {
  kPendingDispatch,
  kDispatched,
  kHandling,
  kReplied,
  kPendingCallback,
  kClosed,
  kMerged
};

enum class Channel { kPhone, kWeb, kApp, kOpen311, kDeputy, kUpstream, kLetter };

enum class DemandType { kConsultation, kHelp, kComplaint, kReport, kSuggestion, kPraise };

// How fast the demand must be handled: 一般, 紧急 (hours), 复杂 (weeks).
enum class Urgency { kNormal, kUrgent, kComplex };

enum class Satisfaction { kSatisfied, kBasicallySatisfied, kDissatisfied };

// Every event kind. All but kMergedIn are actions a person takes;
// kMergedIn is recorded on the master order when another order merges into it.
enum class Action {
  kIntake,
  kDirectAnswer,
  kDispatch,
  kSign,
  kReturn,
  kReviewReturn,
  kReassign,
  kExtend,
  kReviewExtension,
  kRejectAcceptance,
  kReviewRejection,
  kAssistReply,
  kReply,
  kReviewReply,
  kCallback,
  kReopen,
  kMerge,
  kClose,
  kMergedIn,
  kDueSoon,      // raised by the scheduler: a step's due-soon share is used up
  kOverdue,      // raised by the scheduler: a step passed its deadline (系统督办)
  kLongPending,  // raised by the scheduler: open too long (久拖不决)
  // Working together (workorder/collaboration.h).
  kDispute,          // 派单异议: the lead names the proper unit after the return window
  kProvisional,      // 先行处置: the platform names who acts while responsibility is disputed
  kCoordinate,       // 平台协调: the platform fixes lead and assisting units for good
  kWhistle,          // 吹哨
  kReportIn,         // 报到
  kWhistleWork,      // a summoned department records what it did
  kWhistleMeeting,   // 联席研判
  kCloseWhistle,     // the street closes the whistle and rates the departments
  kRateWhistle,      // a department rates the whistle's preparation
  kRequestGuidance,  // 业务指导 asked
  kGiveGuidance,     // 业务指导 given
  kAssistOverdue,    // raised by the scheduler: an assisting unit missed its deadline
  kReportInOverdue,  // raised by the scheduler: a summoned department has not reported in
  kMasterReplied,    // recorded on a merged order when its master's reply is approved
  kMasterClosed,     // recorded on a merged order when its master closes without callback
};

// Whether people may request `action` through the API (the others are
// recorded by the system).
bool IsRequestable(Action action);

// The actions that can be requested through POST .../actions/{action}.
inline constexpr Action kRequestableActions[] = {
    Action::kDirectAnswer,    Action::kDispatch,        Action::kSign,
    Action::kReturn,          Action::kReviewReturn,    Action::kReassign,
    Action::kExtend,          Action::kReviewExtension, Action::kRejectAcceptance,
    Action::kReviewRejection, Action::kAssistReply,     Action::kReply,
    Action::kReviewReply,     Action::kCallback,        Action::kReopen,
    Action::kMerge,           Action::kClose,           Action::kDispute,
    Action::kProvisional,     Action::kCoordinate,      Action::kWhistle,
    Action::kReportIn,        Action::kWhistleWork,     Action::kWhistleMeeting,
    Action::kCloseWhistle,    Action::kRateWhistle,     Action::kRequestGuidance,
    Action::kGiveGuidance};

std::string_view StateCode(State v);
std::string_view StateDisplayName(State v);
std::optional<State> ParseState(std::string_view code);

std::string_view ChannelCode(Channel v);
std::string_view ChannelDisplayName(Channel v);
std::optional<Channel> ParseChannel(std::string_view code);

std::string_view DemandTypeCode(DemandType v);
std::string_view DemandTypeDisplayName(DemandType v);
std::optional<DemandType> ParseDemandType(std::string_view code);

std::string_view UrgencyCode(Urgency v);
std::optional<Urgency> ParseUrgency(std::string_view code);

std::string_view SatisfactionCode(Satisfaction v);
std::optional<Satisfaction> ParseSatisfaction(std::string_view code);

std::string_view ActionCode(Action v);
std::string_view ActionDisplayName(Action v);
std::optional<Action> ParseAction(std::string_view code);

}  // namespace hotline
