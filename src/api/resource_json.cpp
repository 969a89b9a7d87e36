#include "api/resource_json.h"

#include <map>

#include "common/time_format.h"
#include "workorder/privacy.h"
#include "workorder/step_deadlines.h"

namespace hotline {
namespace {

using nlohmann::json;

json OptionalId(const std::optional<std::int64_t>& id) { return id ? json(*id) : json(nullptr); }

json OptionalTime(const std::optional<Instant>& t) {
  return t ? json(FormatRfc3339(*t)) : json(nullptr);
}

// Writes caller_name/caller_phone/caller_hidden as `caller` allows.
void PutCaller(json& out, std::string_view name, std::string_view phone, CallerVisibility caller) {
  switch (caller) {
    case CallerVisibility::kFull:
      out["caller_name"] = name;
      out["caller_phone"] = phone;
      out["caller_hidden"] = false;
      break;
    case CallerVisibility::kMasked:
      out["caller_name"] = MaskName(name);
      out["caller_phone"] = MaskPhone(phone);
      out["caller_hidden"] = false;
      break;
    case CallerVisibility::kHidden:
      out["caller_name"] = nullptr;
      out["caller_phone"] = nullptr;
      out["caller_hidden"] = true;
      break;
  }
}

}  // namespace

json OrderJson(const WorkOrder& o, CallerVisibility caller, const WorkflowRules& rules) {
  json j{{"id", o.id},
         {"number", o.number},
         {"state", StateCode(o.state)},
         {"state_name", StateDisplayName(o.state)},
         {"version", o.version},
         {"channel", ChannelCode(o.channel)},
         {"enterprise", o.enterprise},
         {"demand_type", DemandTypeCode(o.demand_type)},
         {"category_id", o.category_id},
         {"address", o.address},
         {"street_unit_id", OptionalId(o.street_unit_id)},
         {"community_unit_id", OptionalId(o.community_unit_id)},
         {"title", o.title},
         {"content", o.content},
         {"urgency", UrgencyCode(o.urgency)},
         {"lead_unit_id", OptionalId(o.lead_unit_id)},
         {"assist_unit_ids", o.assist_unit_ids},
         {"signed", o.signed_by_lead},
         {"extension_days", o.extension_days},
         {"return_count", o.return_count},
         {"reopen_count", o.reopen_count},
         {"dispatch_count", o.dispatch_count},
         {"unreached_callbacks", o.unreached_callbacks},
         {"close_reason", o.close_reason ? json(*o.close_reason) : json(nullptr)},
         {"closed_at", OptionalTime(o.closed_at)},
         {"merged_into", OptionalId(o.merged_into)},
         {"merged_ids", o.merged_ids},
         {"created_at", FormatRfc3339(o.created_at)},
         {"updated_at", FormatRfc3339(o.updated_at)},
         {"flags", OrderFlags(o, rules.repeat_threshold)},
         {"long_pending_at", OptionalTime(o.long_pending_at)},
         {"dissatisfied_since", OptionalTime(o.dissatisfied_since)},
         {"reply", o.reply ? *o.reply : json(nullptr)}};
  PutCaller(j, o.caller_name, o.caller_phone, caller);
  json attachments = json::array();
  for (const Attachment& a : o.attachments)
    attachments.push_back(
        {{"name", a.name}, {"content_type", a.content_type}, {"size", a.size}, {"url", a.url}});
  j["attachments"] = std::move(attachments);
  if (o.pending) {
    j["pending_application"] = {{"kind", ActionCode(o.pending->kind)},
                                {"unit_id", o.pending->unit_id},
                                {"at", FormatRfc3339(o.pending->at)},
                                {"details", o.pending->details}};
  } else {
    j["pending_application"] = nullptr;
  }
  json assists = json::array();
  for (const AssistPart& part : o.collab.assist_parts)
    if (part.replied_at) assists.push_back({{"unit_id", part.unit_id}, {"content", part.content}});
  j["assist_replies"] = std::move(assists);
  // DESIGN §7 puts whistles at the top; the rest of working together sits
  // under "collaboration" (assist parts, returns, disputes, guidance).
  json collab = CollaborationToJson(o.collab);
  if (auto it = collab.find("whistles"); it != collab.end()) {
    j["whistles"] = std::move(*it);
    collab.erase("whistles");
  } else {
    j["whistles"] = json::array();
  }
  j["collaboration"] = std::move(collab);
  if (o.last_callback) {
    const CallbackRecord& c = *o.last_callback;
    j["last_callback"] = {
        {"reached", c.reached},
        {"resolved", c.resolved ? json(*c.resolved) : json(nullptr)},
        {"satisfaction", c.satisfaction ? json(SatisfactionCode(*c.satisfaction)) : json(nullptr)},
        {"note", c.note},
        {"at", FormatRfc3339(c.at)},
        {"dissatisfied_reason", c.dissatisfied_reason
                                    ? json(DissatisfiedReasonCode(*c.dissatisfied_reason))
                                    : json(nullptr)}};
  } else {
    j["last_callback"] = nullptr;
  }
  return j;
}

json EventJson(const Event& e, CallerVisibility caller) {
  json payload = e.payload;
  if (e.action == Action::kIntake)
    PutCaller(payload, payload.value("caller_name", ""), payload.value("caller_phone", ""), caller);
  return json{
      {"seq", e.seq},
      {"action", ActionCode(e.action)},
      {"action_name", ActionDisplayName(e.action)},
      {"actor", {{"id", e.actor_id}, {"username", e.actor_name}, {"role", RoleCode(e.actor_role)}}},
      {"unit_id", e.unit_id},
      {"at", FormatRfc3339(e.at)},
      {"payload", std::move(payload)},
      {"state_after", StateCode(e.state_after)}};
}

std::string OrderRecordText(const OrderRecord& record, CallerVisibility caller,
                            const WorkflowRules& rules) {
  json j = OrderJson(record.order, caller, rules);
  json events = json::array();
  for (const Event& e : record.events) events.push_back(EventJson(e, caller));
  j["events"] = std::move(events);
  return j.dump(-1, ' ', false, json::error_handler_t::replace);
}

json DeadlinesJson(const Deadlines& d, const BusinessCalendar& calendar, Instant now) {
  json out{{"sla_version", d.sla_version}};
  for (const char* name : kStepNames) {
    const std::optional<StepDeadline>& step = d.*StepField(name);
    if (!step) {
      out[name] = nullptr;
      continue;
    }
    const Instant due = step->due_at;
    const bool overdue = due <= now;
    const auto working =
        overdue ? -calendar.WorkingTimeBetween(due, now) : calendar.WorkingTimeBetween(now, due);
    out[name] = {
        {"due_at", FormatRfc3339(due)},
        {"warn_at", FormatRfc3339(step->warn_at)},
        {"remaining_minutes", std::chrono::duration_cast<std::chrono::minutes>(due - now).count()},
        {"remaining_working_minutes", working.count()},
        {"due_soon", !overdue && step->warn_at <= now},
        {"overdue", overdue}};
  }
  return out;
}

std::string WithDynamicFields(std::string_view order_text, const json& deadlines,
                              const std::vector<Action>& actions) {
  // order_text is a JSON object; splice the members in before its '}'.
  const std::string deadlines_text = deadlines.dump();
  std::string out;
  out.reserve(order_text.size() + deadlines_text.size() + 48 + actions.size() * 20);
  out.append(order_text.substr(0, order_text.size() - 1));
  out.append(",\"deadlines\":");
  out.append(deadlines_text);
  out.append(",\"allowed_actions\":[");
  for (std::size_t i = 0; i < actions.size(); ++i) {
    if (i > 0) out.push_back(',');
    out.push_back('"');
    out.append(ActionCode(actions[i]));  // codes are plain ASCII: no escaping needed
    out.push_back('"');
  }
  out.append("]}");
  return out;
}

json UnitJson(const Unit& u) {
  return json{{"id", u.id},
              {"code", u.code},
              {"name", u.name},
              {"kind", UnitKindCode(u.kind)},
              {"parent_id", OptionalId(u.parent_id)}};
}

json UserJson(const User& u) {
  return json{{"id", u.id},
              {"username", u.username},
              {"display_name", u.display_name},
              {"role", RoleCode(u.role)},
              {"role_name", RoleDisplayName(u.role)},
              {"unit_id", u.unit_id},
              {"active", u.active}};
}

json CategoryTreeJson(const std::vector<Category>& categories) {
  std::map<std::optional<CategoryId>, std::vector<const Category*>> children;
  for (const Category& c : categories) children[c.parent_id].push_back(&c);
  // Iterative build would need parent pointers into json; the tree is only
  // three levels deep, so recursion is bounded.
  std::function<json(std::optional<CategoryId>)> build = [&](std::optional<CategoryId> parent) {
    json list = json::array();
    auto it = children.find(parent);
    if (it == children.end()) return list;
    for (const Category* c : it->second) {
      list.push_back({{"id", c->id},
                      {"code", c->code},
                      {"name", c->name},
                      {"level", c->level},
                      {"default_unit_id", OptionalId(c->default_unit_id)},
                      {"children", build(c->id)}});
    }
    return list;
  };
  return build(std::nullopt);
}

}  // namespace hotline
