// Typed requests for each action. The API maps JSON onto these (type
// errors are its business); the domain checks their meaning.
#pragma once

#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "common/clock.h"
#include "workorder/order.h"

namespace hotline {

// Who is acting. Built from the authenticated session.
struct Actor {
  UserId user_id = 0;
  std::string username;
  Role role = Role::kAgent;
  UnitId unit_id = 0;
};

struct IntakeCommand {
  Channel channel = Channel::kPhone;
  std::string caller_name;
  std::string caller_phone;
  bool enterprise = false;
  DemandType demand_type = DemandType::kConsultation;
  CategoryId category_id = 0;
  std::string address;
  std::optional<UnitId> street_unit_id;
  std::optional<UnitId> community_unit_id;
  std::string title;
  std::string content;
  Urgency urgency = Urgency::kNormal;
  std::vector<Attachment> attachments;
  std::optional<std::string> idempotency_key;
  std::optional<std::string> upstream_id;
};

struct DirectAnswerCommand {
  std::string answer;
};
// dispatch and reassign.
struct RouteCommand {
  UnitId lead_unit_id = 0;
  std::vector<UnitId> assist_unit_ids;
  std::string note;
};
struct SignCommand {};
struct ReturnCommand {
  std::string reason_code;
  std::string basis;
  std::string note;
  std::string duty_item;                   // the 权责清单 item; required for "not_our_duty"
  std::optional<UnitId> proposed_unit_id;  // the unit the returner thinks is responsible
};
// review-return, review-extension, review-rejection, review-reply.
struct ReviewCommand {
  bool approve = false;
  std::string note;
};
struct ExtendCommand {
  int days = 0;
  std::string reason;
};
struct RejectAcceptanceCommand {
  std::string basis;
  std::string note;
};
struct AssistReplyCommand {
  std::string content;
};
struct ReplyCommand {
  std::string measures;
  std::string progress;
  std::string result;
  std::string contact_method;
  Instant contact_at{};
  std::string note;
};
struct CallbackCommand {
  bool reached = false;
  std::optional<bool> resolved;
  std::optional<Satisfaction> satisfaction;
  std::string note;
  // Why a 不满意 (only with satisfaction dissatisfied; optional).
  std::optional<DissatisfiedReason> dissatisfied_reason = std::nullopt;
};
struct ReopenCommand {
  std::string note;
  std::optional<UnitId> lead_unit_id;
};
struct MergeCommand {
  OrderId into_id = 0;
  std::string note;
};
struct CloseCommand {
  std::string reason;
};

// 派单异议: after the return window, a written request naming the proper unit.
struct DisputeCommand {
  UnitId proposed_unit_id = 0;
  std::string basis;
  std::string note;
};
// 先行处置: the unit that acts at once while responsibility is disputed.
struct ProvisionalCommand {
  UnitId unit_id = 0;
  std::string note;
};
// 平台协调定责: the platform fixes lead and assisting units, with its reasons.
struct CoordinateCommand {
  UnitId lead_unit_id = 0;
  std::vector<UnitId> assist_unit_ids;
  std::string decision;
  std::string basis;
};
struct WhistleCommand {
  std::string question;
  std::string reason;  // why the street cannot solve it alone
  std::vector<UnitId> summoned_unit_ids;
};
struct ReportInCommand {
  int whistle_id = 0;
  std::string note;  // what the department brings
};
struct WhistleWorkCommand {
  int whistle_id = 0;
  std::string content;  // what the department did
};
struct WhistleMeetingCommand {
  int whistle_id = 0;
  Instant held_at{};
  std::string place;
  std::vector<std::string> attendees;
  bool citizen_invited = false;
  bool citizen_attended = false;
  std::string decisions;
};
struct DepartmentRating {
  UnitId unit_id = 0;
  int score = 0;  // 1..5
  std::string comment;
};
struct CloseWhistleCommand {
  int whistle_id = 0;
  bool resolved = false;
  std::string outcome;
  std::vector<DepartmentRating> ratings;  // one per department that reported in
};
struct RateWhistleCommand {
  int whistle_id = 0;
  int score = 0;  // 1..5, the whistle's preparation
  std::string comment;
};
struct RequestGuidanceCommand {
  UnitId unit_id = 0;  // the department asked
  std::string question;
};
struct GiveGuidanceCommand {
  int guidance_id = 0;
  std::string answer;
};

using Command =
    std::variant<DirectAnswerCommand, RouteCommand, SignCommand, ReturnCommand, ReviewCommand,
                 ExtendCommand, RejectAcceptanceCommand, AssistReplyCommand, ReplyCommand,
                 CallbackCommand, ReopenCommand, MergeCommand, CloseCommand, DisputeCommand,
                 ProvisionalCommand, CoordinateCommand, WhistleCommand, ReportInCommand,
                 WhistleWorkCommand, WhistleMeetingCommand, CloseWhistleCommand, RateWhistleCommand,
                 RequestGuidanceCommand, GiveGuidanceCommand>;

// Coded reasons a unit may give for a return (退单).
struct ReturnReason {
  std::string_view code;
  std::string_view zh;
};
inline constexpr ReturnReason kReturnReasons[] = {
    {"not_our_duty", "非本单位职责"},   {"outside_jurisdiction", "不属本辖区"},
    {"wrong_category", "诉求分类错误"}, {"insufficient_information", "诉求信息不全无法办理"},
    {"duplicate", "重复诉求"},          {"other", "其他"},
};
// The reason that must cite the unit's 权责清单 item (duty_item).
inline constexpr std::string_view kDutyReason = "not_our_duty";

// How the unit contacted the citizen before replying.
inline constexpr std::string_view kContactMethods[] = {"phone",  "sms",    "visit",
                                                       "onsite", "online", "other"};

}  // namespace hotline
