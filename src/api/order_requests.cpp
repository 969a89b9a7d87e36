#include "api/order_requests.h"

#include <fmt/format.h>

#include "api/field_reader.h"

namespace hotline {
namespace {

using nlohmann::json;

RouteCommand ReadRoute(FieldReader& r) {
  RouteCommand c;
  c.lead_unit_id = r.Int("lead_unit_id", true);
  c.assist_unit_ids = r.IntArray("assist_unit_ids", false);
  c.note = r.String("note", false);
  return c;
}

ReviewCommand ReadReview(FieldReader& r) {
  ReviewCommand c;
  c.approve = r.Bool("approve", true);
  c.note = r.String("note", false);
  return c;
}

ReplyCommand ReadReply(FieldReader& r) {
  ReplyCommand c;
  c.measures = r.String("measures", true);
  c.progress = r.String("progress", true);
  c.result = r.String("result", true);
  c.note = r.String("note", false);
  if (const json* contact = r.Object("contact", true)) {
    FieldReader cr(*contact, "contact.");
    c.contact_method = cr.String("method", true);
    if (auto at = cr.OptionalTime("at"))
      c.contact_at = *at;
    else if (!cr.failed())
      cr.Record(
          Error{ErrorKind::kInvalidInput, "missing_field", "缺少字段 contact.at", "contact.at"});
    if (auto done = cr.Finish(); !done) r.Record(done.error());
  }
  return c;
}

CallbackCommand ReadCallback(FieldReader& r) {
  CallbackCommand c;
  c.reached = r.Bool("reached", true);
  c.resolved = r.OptionalBool("resolved");
  c.satisfaction = r.Enum<Satisfaction>("satisfaction", false, ParseSatisfaction,
                                        "satisfied、basically_satisfied 或 dissatisfied");
  c.note = r.String("note", false);
  c.dissatisfied_reason = r.Enum<DissatisfiedReason>(
      "dissatisfied_reason", false, ParseDissatisfiedReason, DissatisfiedReasonCodesText());
  return c;
}

int ReadId(FieldReader& r, std::string_view key) {
  return static_cast<int>(std::clamp<std::int64_t>(r.Int(key, true), -1, 1000000));
}

Instant RequiredTime(FieldReader& r, std::string_view key) {
  auto t = r.OptionalTime(key);
  if (!t && !r.failed())
    r.Record(Error{ErrorKind::kInvalidInput, "missing_field", fmt::format("缺少字段 {}", key),
                   std::string(key)});
  return t.value_or(Instant{});
}

std::vector<std::string> ReadStrings(FieldReader& r, std::string_view key) {
  std::vector<std::string> out;
  const json* list = r.Array(key, true);
  if (list == nullptr) return out;
  for (const json& item : *list) {
    if (!item.is_string()) {
      r.Invalid(key, "应为字符串数组");
      return {};
    }
    out.push_back(item.get<std::string>());
  }
  return out;
}

CloseWhistleCommand ReadCloseWhistle(FieldReader& r) {
  CloseWhistleCommand c;
  c.whistle_id = ReadId(r, "whistle_id");
  c.resolved = r.Bool("resolved", true);
  c.outcome = r.String("outcome", true);
  if (const json* ratings = r.Array("ratings", false)) {
    for (const json& item : *ratings) {
      if (!item.is_object()) {
        r.Invalid("ratings", "应为对象数组：[{unit_id, score, comment}]");
        break;
      }
      FieldReader ir(item, "ratings.");
      DepartmentRating rating;
      rating.unit_id = ir.Int("unit_id", true);
      rating.score = static_cast<int>(std::clamp<std::int64_t>(ir.Int("score", true), -1, 100));
      rating.comment = ir.String("comment", false);
      if (auto done = ir.Finish(); !done) {
        r.Record(done.error());
        break;
      }
      c.ratings.push_back(std::move(rating));
    }
  }
  return c;
}

}  // namespace

Result<IntakeCommand> ParseIntake(const json& body) {
  FieldReader r(body);
  IntakeCommand c;
  if (auto v = r.Enum<Channel>("channel", true, ParseChannel,
                               "phone、web、app、open311、deputy、upstream 或 letter"))
    c.channel = *v;
  c.caller_name = r.String("caller_name", false);
  c.caller_phone = r.String("caller_phone", false);
  c.enterprise = r.Bool("enterprise", false, false);
  if (auto v = r.Enum<DemandType>("demand_type", true, ParseDemandType,
                                  "consultation、help、complaint、report、suggestion 或 praise"))
    c.demand_type = *v;
  c.category_id = r.Int("category_id", true);
  c.address = r.String("address", false);
  c.street_unit_id = r.OptionalInt("street_unit_id");
  c.community_unit_id = r.OptionalInt("community_unit_id");
  c.title = r.String("title", true);
  c.content = r.String("content", true);
  if (auto v = r.Enum<Urgency>("urgency", false, ParseUrgency, "normal、urgent 或 complex"))
    c.urgency = *v;
  c.idempotency_key = r.OptionalString("idempotency_key");
  c.upstream_id = r.OptionalString("upstream_id");
  if (const json* list = r.Array("attachments", false)) {
    for (const json& item : *list) {
      if (!item.is_object()) {
        r.Record(Error{ErrorKind::kInvalidInput, "wrong_type", "字段 attachments 应为对象数组",
                       "attachments"});
        break;
      }
      FieldReader ar(item, "attachments.");
      Attachment a;
      a.name = ar.String("name", true);
      a.content_type = ar.String("content_type", false);
      a.size = ar.Int("size", false);
      a.url = ar.String("url", false);
      if (auto done = ar.Finish(); !done) {
        r.Record(done.error());
        break;
      }
      c.attachments.push_back(std::move(a));
    }
  }
  if (auto done = r.Finish(); !done) return Fail(done.error());
  return c;
}

Result<ActionRequest> ParseActionRequest(Action action, const json& body) {
  FieldReader r(body);
  ActionRequest req;
  req.version = r.OptionalInt("version");
  switch (action) {
    case Action::kDirectAnswer:
      req.command = DirectAnswerCommand{r.String("answer", true)};
      break;
    case Action::kDispatch:
    case Action::kReassign:
      req.command = ReadRoute(r);
      break;
    case Action::kSign:
      req.command = SignCommand{};
      break;
    case Action::kReturn: {
      ReturnCommand c;
      c.reason_code = r.String("reason_code", true);
      c.basis = r.String("basis", true);
      c.duty_item = r.String("duty_item", false);
      c.proposed_unit_id = r.OptionalInt("proposed_unit_id");
      c.note = r.String("note", false);
      req.command = c;
      break;
    }
    case Action::kReviewReturn:
    case Action::kReviewExtension:
    case Action::kReviewRejection:
    case Action::kReviewReply:
      req.command = ReadReview(r);
      break;
    case Action::kExtend: {
      ExtendCommand c;
      c.days = static_cast<int>(std::clamp<std::int64_t>(r.Int("days", true), -1, 100000));
      c.reason = r.String("reason", true);
      req.command = c;
      break;
    }
    case Action::kRejectAcceptance: {
      RejectAcceptanceCommand c;
      c.basis = r.String("basis", true);
      c.note = r.String("note", false);
      req.command = c;
      break;
    }
    case Action::kAssistReply:
      req.command = AssistReplyCommand{r.String("content", true)};
      break;
    case Action::kReply:
      req.command = ReadReply(r);
      break;
    case Action::kCallback:
      req.command = ReadCallback(r);
      break;
    case Action::kReopen: {
      ReopenCommand c;
      c.note = r.String("note", true);
      c.lead_unit_id = r.OptionalInt("lead_unit_id");
      req.command = c;
      break;
    }
    case Action::kMerge: {
      MergeCommand c;
      c.into_id = r.Int("into_id", true);
      c.note = r.String("note", false);
      req.command = c;
      break;
    }
    case Action::kClose:
      req.command = CloseCommand{r.String("reason", true)};
      break;
    case Action::kDispute: {
      DisputeCommand c;
      c.proposed_unit_id = r.Int("proposed_unit_id", true);
      c.basis = r.String("basis", true);
      c.note = r.String("note", false);
      req.command = c;
      break;
    }
    case Action::kProvisional:
      req.command = ProvisionalCommand{r.Int("unit_id", true), r.String("note", true)};
      break;
    case Action::kCoordinate: {
      CoordinateCommand c;
      c.lead_unit_id = r.Int("lead_unit_id", true);
      c.assist_unit_ids = r.IntArray("assist_unit_ids", false);
      c.decision = r.String("decision", true);
      c.basis = r.String("basis", true);
      req.command = c;
      break;
    }
    case Action::kWhistle: {
      WhistleCommand c;
      c.question = r.String("question", true);
      c.reason = r.String("reason", true);
      c.summoned_unit_ids = r.IntArray("summoned_unit_ids", true);
      req.command = c;
      break;
    }
    case Action::kReportIn:
      req.command = ReportInCommand{ReadId(r, "whistle_id"), r.String("note", true)};
      break;
    case Action::kWhistleWork:
      req.command = WhistleWorkCommand{ReadId(r, "whistle_id"), r.String("content", true)};
      break;
    case Action::kWhistleMeeting: {
      WhistleMeetingCommand c;
      c.whistle_id = ReadId(r, "whistle_id");
      c.held_at = RequiredTime(r, "held_at");
      c.place = r.String("place", true);
      c.attendees = ReadStrings(r, "attendees");
      c.citizen_invited = r.Bool("citizen_invited", true);
      c.citizen_attended = r.Bool("citizen_attended", false);
      c.decisions = r.String("decisions", true);
      req.command = c;
      break;
    }
    case Action::kCloseWhistle:
      req.command = ReadCloseWhistle(r);
      break;
    case Action::kRateWhistle: {
      RateWhistleCommand c;
      c.whistle_id = ReadId(r, "whistle_id");
      c.score = static_cast<int>(std::clamp<std::int64_t>(r.Int("score", true), -1, 100));
      c.comment = r.String("comment", false);
      req.command = c;
      break;
    }
    case Action::kRequestGuidance:
      req.command = RequestGuidanceCommand{r.Int("unit_id", true), r.String("question", true)};
      break;
    case Action::kGiveGuidance:
      req.command = GiveGuidanceCommand{ReadId(r, "guidance_id"), r.String("answer", true)};
      break;
    case Action::kIntake:
    case Action::kMergedIn:
    case Action::kDueSoon:
    case Action::kOverdue:
    case Action::kLongPending:
    case Action::kAssistOverdue:
    case Action::kReportInOverdue:
    case Action::kMasterReplied:
    case Action::kMasterClosed:
      return Fail(ErrorKind::kNotFound, "unknown_action", "该动作不能通过接口执行");
  }
  if (auto done = r.Finish(); !done) return Fail(done.error());
  return req;
}

}  // namespace hotline
