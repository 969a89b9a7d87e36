#include "storage/order_doc.h"

#include <fmt/format.h>

#include <exception>
#include <optional>

#include "workorder/collaboration.h"
#include "workorder/step_deadlines.h"

namespace hotline {
namespace {

using json = nlohmann::json;

json OptionalToJson(const std::optional<std::int64_t>& v) { return v ? json(*v) : json(nullptr); }

json OptionalToJson(const std::optional<std::string>& v) { return v ? json(*v) : json(nullptr); }

json OptionalToJson(const std::optional<Instant>& v) {
  return v ? json(ToMillis(*v)) : json(nullptr);
}

// Reads an optional field: absent or null → nullopt. Throws json::type_error
// on a wrong type; OrderFromDoc turns that into an Error.
template <typename T>
std::optional<T> OptionalField(const json& j, const char* key) {
  auto it = j.find(key);
  if (it == j.end() || it->is_null()) return std::nullopt;
  return it->get<T>();
}

template <typename T>
T Field(const json& j, const char* key, T fallback) {
  auto it = j.find(key);
  if (it == j.end() || it->is_null()) return fallback;
  return it->get<T>();
}

// Thrown inside OrderFromDoc only, for an unknown enum code.
struct BadCode {
  std::string what;
};

template <typename E, typename ParseFn>
E ParseCode(const json& j, const char* key, E fallback, ParseFn parse) {
  auto it = j.find(key);
  if (it == j.end() || it->is_null()) return fallback;
  const auto code = it->get<std::string>();
  auto v = parse(code);
  if (!v) throw BadCode{fmt::format("字段 {} 的取值「{}」未知", key, code)};
  return *v;
}

Instant InstantField(const json& j, const char* key) {
  return FromMillis(Field<std::int64_t>(j, key, 0));
}

std::optional<Instant> OptionalInstant(const json& j, const char* key) {
  auto ms = OptionalField<std::int64_t>(j, key);
  if (!ms) return std::nullopt;
  return FromMillis(*ms);
}

json PendingToJson(const PendingApplication& p) {
  return json{{"kind", ActionCode(p.kind)},
              {"unit_id", p.unit_id},
              {"at", ToMillis(p.at)},
              {"details", p.details}};
}

PendingApplication PendingFromJson(const json& j) {
  PendingApplication p;
  p.kind = ParseCode(j, "kind", Action::kReturn, ParseAction);
  p.unit_id = Field<UnitId>(j, "unit_id", 0);
  p.at = InstantField(j, "at");
  p.details = Field<json>(j, "details", json::object());
  return p;
}

json CallbackToJson(const CallbackRecord& c) {
  json j{{"reached", c.reached},
         {"resolved", c.resolved ? json(*c.resolved) : json(nullptr)},
         {"satisfaction", c.satisfaction ? json(SatisfactionCode(*c.satisfaction)) : json(nullptr)},
         {"note", c.note},
         {"at", ToMillis(c.at)}};
  if (c.dissatisfied_reason)
    j["dissatisfied_reason"] = DissatisfiedReasonCode(*c.dissatisfied_reason);
  return j;
}

CallbackRecord CallbackFromJson(const json& j) {
  CallbackRecord c;
  c.reached = Field(j, "reached", false);
  c.resolved = OptionalField<bool>(j, "resolved");
  if (auto s = OptionalField<std::string>(j, "satisfaction")) {
    c.satisfaction = ParseSatisfaction(*s);
    if (!c.satisfaction) throw BadCode{fmt::format("满意度取值「{}」未知", *s)};
  }
  c.note = Field<std::string>(j, "note", "");
  c.at = InstantField(j, "at");
  if (auto r = OptionalField<std::string>(j, "dissatisfied_reason")) {
    c.dissatisfied_reason = ParseDissatisfiedReason(*r);
    if (!c.dissatisfied_reason) throw BadCode{fmt::format("不满意原因「{}」未知", *r)};
  }
  return c;
}

WorkOrder OrderFromDocOrThrow(const json& d) {
  if (!d.is_object()) throw BadCode{"工单文档不是 JSON 对象"};
  WorkOrder o;
  o.id = Field<OrderId>(d, "id", 0);
  o.number = Field<std::string>(d, "number", "");
  o.state = ParseCode(d, "state", State::kPendingDispatch, ParseState);
  o.version = Field<std::int64_t>(d, "version", 0);

  o.channel = ParseCode(d, "channel", Channel::kPhone, ParseChannel);
  o.caller_name = Field<std::string>(d, "caller_name", "");
  o.caller_phone = Field<std::string>(d, "caller_phone", "");
  o.enterprise = Field(d, "enterprise", false);
  o.demand_type = ParseCode(d, "demand_type", DemandType::kConsultation, ParseDemandType);
  o.category_id = Field<CategoryId>(d, "category_id", 0);
  o.address = Field<std::string>(d, "address", "");
  o.street_unit_id = OptionalField<UnitId>(d, "street_unit_id");
  o.community_unit_id = OptionalField<UnitId>(d, "community_unit_id");
  o.title = Field<std::string>(d, "title", "");
  o.content = Field<std::string>(d, "content", "");
  o.urgency = ParseCode(d, "urgency", Urgency::kNormal, ParseUrgency);
  for (const json& a : Field(d, "attachments", json::array())) {
    o.attachments.push_back(
        Attachment{Field<std::string>(a, "name", ""), Field<std::string>(a, "content_type", ""),
                   Field<std::int64_t>(a, "size", 0), Field<std::string>(a, "url", "")});
  }
  o.idempotency_key = OptionalField<std::string>(d, "idempotency_key");
  o.upstream_id = OptionalField<std::string>(d, "upstream_id");
  o.intake_flags = Field(d, "intake_flags", std::vector<std::string>{});
  o.created_by = Field<UserId>(d, "created_by", 0);
  o.created_at = InstantField(d, "created_at");
  o.updated_at = InstantField(d, "updated_at");

  o.lead_unit_id = OptionalField<UnitId>(d, "lead_unit_id");
  o.assist_unit_ids = Field(d, "assist_unit_ids", std::vector<UnitId>{});
  o.signed_by_lead = Field(d, "signed_by_lead", false);
  if (auto it = d.find("pending"); it != d.end() && !it->is_null())
    o.pending = PendingFromJson(*it);
  o.reply = OptionalField<json>(d, "reply");
  o.extension_days = Field(d, "extension_days", 0);
  o.return_count = Field(d, "return_count", 0);
  o.reopen_count = Field(d, "reopen_count", 0);
  o.dispatch_count = Field(d, "dispatch_count", 0);

  o.unreached_callbacks = Field(d, "unreached_callbacks", 0);
  if (auto it = d.find("last_callback"); it != d.end() && !it->is_null())
    o.last_callback = CallbackFromJson(*it);
  o.callback_failed = Field(d, "callback_failed", false);
  o.close_reason = OptionalField<std::string>(d, "close_reason");
  o.closed_at = OptionalInstant(d, "closed_at");
  o.merged_into = OptionalField<OrderId>(d, "merged_into");
  o.merged_ids = Field(d, "merged_ids", std::vector<OrderId>{});
  o.long_pending_at = OptionalInstant(d, "long_pending_at");
  o.long_pending = Field(d, "long_pending", false);
  o.dissatisfied_since = OptionalInstant(d, "dissatisfied_since");
  // Documents written before collaboration existed have no "collab"; the
  // "assist_replies" they may carry predate it and are not read.
  if (auto it = d.find("collab"); it != d.end() && !it->is_null()) {
    if (!it->is_object()) throw BadCode{"字段 collab 不是 JSON 对象"};
    o.collab = CollaborationFromJson(*it);
  }
  if (auto it = d.find("deadlines"); it != d.end() && it->is_object())
    o.deadlines = DeadlinesFromJson(*it);
  return o;
}

}  // namespace

std::int64_t ToMillis(Instant t) { return t.time_since_epoch().count(); }

Instant FromMillis(std::int64_t ms) { return Instant(std::chrono::milliseconds(ms)); }

std::string DumpJson(const nlohmann::json& value) {
  return value.dump(-1, ' ', false, json::error_handler_t::replace);
}

Error CorruptDataError(std::string_view what) {
  return Error{ErrorKind::kInternal, "storage_error",
               fmt::format("数据库错误：存储的数据无法读取（{}）", what), ""};
}

json OrderToDoc(const WorkOrder& o) {
  json attachments = json::array();
  for (const Attachment& a : o.attachments)
    attachments.push_back(
        {{"name", a.name}, {"content_type", a.content_type}, {"size", a.size}, {"url", a.url}});

  return json{
      {"id", o.id},
      {"number", o.number},
      {"state", StateCode(o.state)},
      {"version", o.version},
      {"channel", ChannelCode(o.channel)},
      {"caller_name", o.caller_name},
      {"caller_phone", o.caller_phone},
      {"enterprise", o.enterprise},
      {"demand_type", DemandTypeCode(o.demand_type)},
      {"category_id", o.category_id},
      {"address", o.address},
      {"street_unit_id", OptionalToJson(o.street_unit_id)},
      {"community_unit_id", OptionalToJson(o.community_unit_id)},
      {"title", o.title},
      {"content", o.content},
      {"urgency", UrgencyCode(o.urgency)},
      {"attachments", std::move(attachments)},
      {"idempotency_key", OptionalToJson(o.idempotency_key)},
      {"upstream_id", OptionalToJson(o.upstream_id)},
      {"created_by", o.created_by},
      {"created_at", ToMillis(o.created_at)},
      {"intake_flags", o.intake_flags},
      {"updated_at", ToMillis(o.updated_at)},
      {"lead_unit_id", OptionalToJson(o.lead_unit_id)},
      {"assist_unit_ids", o.assist_unit_ids},
      {"signed_by_lead", o.signed_by_lead},
      {"pending", o.pending ? PendingToJson(*o.pending) : json(nullptr)},
      {"reply", o.reply ? *o.reply : json(nullptr)},
      {"extension_days", o.extension_days},
      {"return_count", o.return_count},
      {"reopen_count", o.reopen_count},
      {"dispatch_count", o.dispatch_count},
      {"unreached_callbacks", o.unreached_callbacks},
      {"last_callback", o.last_callback ? CallbackToJson(*o.last_callback) : json(nullptr)},
      {"callback_failed", o.callback_failed},
      {"close_reason", OptionalToJson(o.close_reason)},
      {"closed_at", OptionalToJson(o.closed_at)},
      {"merged_into", OptionalToJson(o.merged_into)},
      {"merged_ids", o.merged_ids},
      {"collab", CollaborationToJson(o.collab)},
      {"deadlines", DeadlinesToJson(o.deadlines)},
      {"long_pending_at", OptionalToJson(o.long_pending_at)},
      {"long_pending", o.long_pending},
      {"dissatisfied_since", OptionalToJson(o.dissatisfied_since)},
  };
}

Result<WorkOrder> OrderFromDoc(const nlohmann::json& doc) {
  try {
    return OrderFromDocOrThrow(doc);
  } catch (const BadCode& e) {
    return Fail(CorruptDataError(e.what));
  } catch (const json::exception& e) {
    return Fail(CorruptDataError(e.what()));
  } catch (const std::exception& e) {
    // Anything else a nested reader (CollaborationFromJson, DeadlinesFromJson)
    // may throw on bad stored data is still bad stored data.
    return Fail(CorruptDataError(e.what()));
  }
}

EventRow EventToRow(const Event& e) {
  return EventRow{e.seq,
                  std::string(ActionCode(e.action)),
                  e.actor_id,
                  e.actor_name,
                  std::string(RoleCode(e.actor_role)),
                  e.unit_id,
                  ToMillis(e.at),
                  DumpJson(e.payload),
                  std::string(StateCode(e.state_after))};
}

Result<Event> EventFromRow(const EventRow& row) {
  Event e;
  e.seq = row.seq;
  auto action = ParseAction(row.action);
  if (!action) return Fail(CorruptDataError(fmt::format("事件动作「{}」未知", row.action)));
  e.action = *action;
  e.actor_id = row.actor_id;
  e.actor_name = row.actor_name;
  auto role = ParseRole(row.actor_role);
  if (!role) return Fail(CorruptDataError(fmt::format("角色「{}」未知", row.actor_role)));
  e.actor_role = *role;
  e.unit_id = row.unit_id;
  e.at = FromMillis(row.at_ms);
  e.payload = json::parse(row.payload, nullptr, /*allow_exceptions=*/false);
  if (e.payload.is_discarded())
    return Fail(CorruptDataError(fmt::format("事件 {} 的内容不是合法 JSON", row.seq)));
  auto state = ParseState(row.state_after);
  if (!state) return Fail(CorruptDataError(fmt::format("状态「{}」未知", row.state_after)));
  e.state_after = *state;
  return e;
}

}  // namespace hotline
