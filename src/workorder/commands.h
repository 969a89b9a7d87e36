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

using Command =
    std::variant<DirectAnswerCommand, RouteCommand, SignCommand, ReturnCommand, ReviewCommand,
                 ExtendCommand, RejectAcceptanceCommand, AssistReplyCommand, ReplyCommand,
                 CallbackCommand, ReopenCommand, MergeCommand, CloseCommand>;

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

// How the unit contacted the citizen before replying.
inline constexpr std::string_view kContactMethods[] = {"phone",  "sms",    "visit",
                                                       "onsite", "online", "other"};

}  // namespace hotline
