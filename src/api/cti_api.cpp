// POST /api/v1/cti/calls: the telephony system (or the agent's softphone)
// reports that a call reached an agent; the agent's open browser tabs get
// a screen pop (来电弹屏) with the caller's recent orders over
// GET /api/v1/events (event "call").
#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "api/api.h"
#include "api/error_map.h"
#include "api/field_reader.h"
#include "api/handler_support.h"
#include "api/resource_json.h"
#include "common/time_format.h"

namespace hotline {
namespace {

using nlohmann::json;

constexpr int kHistorySize = 10;

bool PlausibleNumber(std::string_view n) {
  return !n.empty() && n.size() <= 20 &&
         n.find_first_not_of("0123456789+-") == std::string_view::npos;
}

struct CallReport {
  std::string call_id;
  std::string caller_number;
  std::string agent;
};

Result<CallReport> ParseCallReport(const HttpRequest& req) {
  auto body = ParseJsonObject(req.body.empty() ? std::string_view("{}") : req.body);
  if (!body) return Fail(body.error());
  FieldReader reader(*body);
  CallReport c;
  c.call_id = reader.String("call_id", true);
  c.caller_number = reader.String("caller_number", true);
  c.agent = reader.String("agent", true);
  if (auto r = reader.Finish(); !r) return Fail(r.error());
  if (c.call_id.size() > 64)
    return Fail(ErrorKind::kInvalidInput, "too_long", "call_id 最多 64 个字符", "call_id");
  if (!PlausibleNumber(c.caller_number))
    return Fail(ErrorKind::kInvalidInput, "invalid_phone", "来电号码应为电话号码", "caller_number");
  return c;
}

}  // namespace

HttpResponse Api::ReportCall(const HttpRequest& req, const PathParams&) const {
  auto actor = Authenticate(req);
  if (!actor) return ErrorResponse(actor.error());
  auto result = [&]() -> Result<HttpResponse> {
    if (actor->role != Role::kAdmin && actor->role != Role::kAgent)
      return Fail(ErrorKind::kForbidden, "role_not_allowed",
                  "只有话务员或系统集成账号可以上报来电");
    auto call = ParseCallReport(req);
    if (!call) return Fail(call.error());
    if (actor->role == Role::kAgent && call->agent != actor->username)
      return Fail(ErrorKind::kForbidden, "role_not_allowed", "话务员只能上报自己接听的来电",
                  "agent");
    auto agent = deps_.store.FindUserByName(call->agent);
    if (!agent) return Fail(agent.error());
    if (!*agent || !(*agent)->user.active)
      return Fail(ErrorKind::kNotFound, "not_found", fmt::format("没有话务员 {}", call->agent),
                  "agent");
    if ((*agent)->user.role != Role::kAgent)
      return Fail(ErrorKind::kBusinessRule, "not_an_agent",
                  fmt::format("{} 不是话务员", call->agent), "agent");

    OrderQuery history;
    history.filter.caller_phone = call->caller_number;
    history.filter.limit = kHistorySize;
    auto page = deps_.orders.List(*actor, history);
    if (!page) return Fail(page.error());
    json orders = json::array();
    for (const WorkOrder& o : page->items)
      orders.push_back(json{{"id", o.id},
                            {"number", o.number},
                            {"title", o.title},
                            {"state", StateCode(o.state)},
                            {"state_name", StateDisplayName(o.state)},
                            {"created_at", FormatRfc3339(o.created_at)},
                            {"address", o.address}});
    const json pop{{"call_id", call->call_id},
                   {"caller_number", call->caller_number},
                   {"at", FormatRfc3339(deps_.orders.GetClock().Now())},
                   {"orders", std::move(orders)},
                   {"total", page->total}};
    const int delivered =
        deps_.calls ? deps_.calls->Publish(call->agent,
                                           pop.dump(-1, ' ', false, json::error_handler_t::replace))
                    : 0;
    spdlog::info("cti_call call_id={} agent={} history={} delivered={}", call->call_id, call->agent,
                 page->total, delivered);
    return JsonResponse(
        202, json{{"call_id", call->call_id}, {"delivered", delivered}, {"history", page->total}});
  }();
  return Respond(std::move(result), actor->username);
}

}  // namespace hotline
