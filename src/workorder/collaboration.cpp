#include "workorder/collaboration.h"

#include <algorithm>

#include "common/time_format.h"

namespace hotline {
namespace {

using nlohmann::json;

// Finds the element whose `key` member equals `value`, const or not.
template <typename Vec, typename Key, typename Value>
auto FindBy(Vec& items, Key key, const Value& value) -> decltype(&items.front()) {
  auto it = std::find_if(items.begin(), items.end(),
                         [&](const auto& item) { return item.*key == value; });
  return it == items.end() ? nullptr : &*it;
}

json TimeJson(Instant t) { return FormatRfc3339(t); }

json OptTimeJson(const std::optional<Instant>& t) {
  return t ? json(FormatRfc3339(*t)) : json(nullptr);
}

template <typename T>
json OptJson(const std::optional<T>& v) {
  return v ? json(*v) : json(nullptr);
}

// Throws json::type_error when a stored instant is not RFC 3339, the same
// exception family a wrong type raises, so callers handle one kind.
Instant ParseInstant(const json& v, const char* key) {
  const auto text = v.get<std::string>();
  auto t = ParseRfc3339(text);
  if (!t)
    throw json::type_error::create(
        302, std::string("field ") + key + " is not an RFC 3339 instant: " + text, &v);
  return *t;
}

// Absent or null keys leave `out` untouched.
template <typename T>
void Read(const json& j, const char* key, T& out) {
  auto it = j.find(key);
  if (it != j.end() && !it->is_null()) out = it->get<T>();
}

void ReadTime(const json& j, const char* key, Instant& out) {
  auto it = j.find(key);
  if (it != j.end() && !it->is_null()) out = ParseInstant(*it, key);
}

void ReadTime(const json& j, const char* key, std::optional<Instant>& out) {
  auto it = j.find(key);
  if (it != j.end() && !it->is_null()) out = ParseInstant(*it, key);
}

template <typename T>
void ReadOpt(const json& j, const char* key, std::optional<T>& out) {
  auto it = j.find(key);
  if (it != j.end() && !it->is_null()) out = it->get<T>();
}

// Reads an array of records with `from_json`; absent or null is empty.
template <typename T, typename Fn>
void ReadList(const json& j, const char* key, std::vector<T>& out, Fn from_json) {
  auto it = j.find(key);
  if (it == j.end() || it->is_null()) return;
  if (!it->is_array())
    throw json::type_error::create(302, std::string("field ") + key + " is not an array", &*it);
  out.clear();
  for (const json& item : *it) {
    if (!item.is_object())
      throw json::type_error::create(302, std::string("an item of ") + key + " is not an object",
                                     &item);
    out.push_back(from_json(item));
  }
}

template <typename T, typename Fn>
json ListJson(const std::vector<T>& items, Fn to_json) {
  json out = json::array();
  for (const T& item : items) out.push_back(to_json(item));
  return out;
}

json PartToJson(const AssistPart& p) {
  return json{{"unit_id", p.unit_id},
              {"assigned_at", TimeJson(p.assigned_at)},
              {"due_at", OptTimeJson(p.due_at)},
              {"replied_at", OptTimeJson(p.replied_at)},
              {"content", p.content},
              {"overdue", p.overdue}};
}

AssistPart PartFromJson(const json& j) {
  AssistPart p;
  Read(j, "unit_id", p.unit_id);
  ReadTime(j, "assigned_at", p.assigned_at);
  ReadTime(j, "due_at", p.due_at);
  ReadTime(j, "replied_at", p.replied_at);
  Read(j, "content", p.content);
  Read(j, "overdue", p.overdue);
  return p;
}

json ReturnToJson(const ReturnRecord& r) {
  return json{{"unit_id", r.unit_id},
              {"at", TimeJson(r.at)},
              {"reason_code", r.reason_code},
              {"outcome", r.outcome},
              {"reviewed_at", OptTimeJson(r.reviewed_at)}};
}

ReturnRecord ReturnFromJson(const json& j) {
  ReturnRecord r;
  Read(j, "unit_id", r.unit_id);
  ReadTime(j, "at", r.at);
  Read(j, "reason_code", r.reason_code);
  Read(j, "outcome", r.outcome);
  ReadTime(j, "reviewed_at", r.reviewed_at);
  return r;
}

json DisputeToJson(const DisputeRecord& d) {
  return json{{"unit_id", d.unit_id}, {"proposed_unit_id", d.proposed_unit_id},
              {"basis", d.basis},     {"at", TimeJson(d.at)},
              {"outcome", d.outcome}, {"settled_at", OptTimeJson(d.settled_at)}};
}

DisputeRecord DisputeFromJson(const json& j) {
  DisputeRecord d;
  Read(j, "unit_id", d.unit_id);
  Read(j, "proposed_unit_id", d.proposed_unit_id);
  Read(j, "basis", d.basis);
  ReadTime(j, "at", d.at);
  Read(j, "outcome", d.outcome);
  ReadTime(j, "settled_at", d.settled_at);
  return d;
}

json SummonsToJson(const Summons& s) {
  return json{{"unit_id", s.unit_id},
              {"due_at", OptTimeJson(s.due_at)},
              {"reported_at", OptTimeJson(s.reported_at)},
              {"late", s.late},
              {"overdue", s.overdue},
              {"report_note", s.report_note},
              {"work", s.work},
              {"score", OptJson(s.score)},
              {"score_comment", s.score_comment},
              {"preparation_score", OptJson(s.preparation_score)},
              {"preparation_comment", s.preparation_comment}};
}

Summons SummonsFromJson(const json& j) {
  Summons s;
  Read(j, "unit_id", s.unit_id);
  ReadTime(j, "due_at", s.due_at);
  ReadTime(j, "reported_at", s.reported_at);
  Read(j, "late", s.late);
  Read(j, "overdue", s.overdue);
  Read(j, "report_note", s.report_note);
  Read(j, "work", s.work);
  ReadOpt(j, "score", s.score);
  Read(j, "score_comment", s.score_comment);
  ReadOpt(j, "preparation_score", s.preparation_score);
  Read(j, "preparation_comment", s.preparation_comment);
  return s;
}

json MeetingToJson(const JointMeeting& m) {
  return json{{"held_at", TimeJson(m.held_at)},
              {"place", m.place},
              {"attendees", m.attendees},
              {"citizen_invited", m.citizen_invited},
              {"citizen_attended", m.citizen_attended},
              {"decisions", m.decisions}};
}

JointMeeting MeetingFromJson(const json& j) {
  JointMeeting m;
  ReadTime(j, "held_at", m.held_at);
  Read(j, "place", m.place);
  Read(j, "attendees", m.attendees);
  Read(j, "citizen_invited", m.citizen_invited);
  Read(j, "citizen_attended", m.citizen_attended);
  Read(j, "decisions", m.decisions);
  return m;
}

// The summons list is "summoned" on the wire (DESIGN.md §7).
json WhistleToJson(const Whistle& w) {
  return json{{"id", w.id},
              {"street_unit_id", w.street_unit_id},
              {"raised_by_unit_id", w.raised_by_unit_id},
              {"question", w.question},
              {"reason", w.reason},
              {"raised_at", TimeJson(w.raised_at)},
              {"state", w.state},
              {"summoned", ListJson(w.summons, SummonsToJson)},
              {"meetings", ListJson(w.meetings, MeetingToJson)},
              {"resolved", OptJson(w.resolved)},
              {"outcome", w.outcome},
              {"closed_at", OptTimeJson(w.closed_at)}};
}

Whistle WhistleFromJson(const json& j) {
  Whistle w;
  Read(j, "id", w.id);
  Read(j, "street_unit_id", w.street_unit_id);
  Read(j, "raised_by_unit_id", w.raised_by_unit_id);
  Read(j, "question", w.question);
  Read(j, "reason", w.reason);
  ReadTime(j, "raised_at", w.raised_at);
  Read(j, "state", w.state);
  ReadList(j, "summoned", w.summons, SummonsFromJson);
  ReadList(j, "meetings", w.meetings, MeetingFromJson);
  ReadOpt(j, "resolved", w.resolved);
  Read(j, "outcome", w.outcome);
  ReadTime(j, "closed_at", w.closed_at);
  return w;
}

json GuidanceToJson(const GuidanceRequest& g) {
  return json{{"id", g.id},
              {"requested_by_unit_id", g.requested_by_unit_id},
              {"unit_id", g.unit_id},
              {"question", g.question},
              {"requested_at", TimeJson(g.requested_at)},
              {"due_at", OptTimeJson(g.due_at)},
              {"answered_at", OptTimeJson(g.answered_at)},
              {"answer", g.answer},
              {"late", g.late}};
}

GuidanceRequest GuidanceFromJson(const json& j) {
  GuidanceRequest g;
  Read(j, "id", g.id);
  Read(j, "requested_by_unit_id", g.requested_by_unit_id);
  Read(j, "unit_id", g.unit_id);
  Read(j, "question", g.question);
  ReadTime(j, "requested_at", g.requested_at);
  ReadTime(j, "due_at", g.due_at);
  ReadTime(j, "answered_at", g.answered_at);
  Read(j, "answer", g.answer);
  Read(j, "late", g.late);
  return g;
}

}  // namespace

const AssistPart* Collaboration::Part(UnitId unit) const {
  return FindBy(assist_parts, &AssistPart::unit_id, unit);
}
AssistPart* Collaboration::Part(UnitId unit) {
  return FindBy(assist_parts, &AssistPart::unit_id, unit);
}

const DisputeRecord* Collaboration::OpenDispute() const {
  return FindBy(disputes, &DisputeRecord::outcome, std::string_view("open"));
}
DisputeRecord* Collaboration::OpenDispute() {
  return FindBy(disputes, &DisputeRecord::outcome, std::string_view("open"));
}

const Whistle* Collaboration::FindWhistle(int id) const {
  return FindBy(whistles, &Whistle::id, id);
}
Whistle* Collaboration::FindWhistle(int id) { return FindBy(whistles, &Whistle::id, id); }

const GuidanceRequest* Collaboration::FindGuidance(int id) const {
  return FindBy(guidance, &GuidanceRequest::id, id);
}
GuidanceRequest* Collaboration::FindGuidance(int id) {
  return FindBy(guidance, &GuidanceRequest::id, id);
}

std::vector<UnitId> Collaboration::ParticipantUnits() const {
  std::vector<UnitId> units;
  for (const Whistle& w : whistles)
    for (const Summons& s : w.summons) units.push_back(s.unit_id);
  for (const GuidanceRequest& g : guidance) units.push_back(g.unit_id);
  std::sort(units.begin(), units.end());
  units.erase(std::unique(units.begin(), units.end()), units.end());
  return units;
}

json CollaborationToJson(const Collaboration& c) {
  return json{{"assist_parts", ListJson(c.assist_parts, PartToJson)},
              {"return_window_ends", OptTimeJson(c.return_window_ends)},
              {"returns", ListJson(c.returns, ReturnToJson)},
              {"disputes", ListJson(c.disputes, DisputeToJson)},
              {"coordination_required", c.coordination_required},
              {"routing_fixed", c.routing_fixed},
              {"provisional_unit_id", OptJson(c.provisional_unit_id)},
              {"whistles", ListJson(c.whistles, WhistleToJson)},
              {"guidance", ListJson(c.guidance, GuidanceToJson)}};
}

Collaboration CollaborationFromJson(const json& j) {
  Collaboration c;
  if (j.is_null()) return c;
  if (!j.is_object()) throw json::type_error::create(302, "collaboration is not a JSON object", &j);
  ReadList(j, "assist_parts", c.assist_parts, PartFromJson);
  ReadTime(j, "return_window_ends", c.return_window_ends);
  ReadList(j, "returns", c.returns, ReturnFromJson);
  ReadList(j, "disputes", c.disputes, DisputeFromJson);
  Read(j, "coordination_required", c.coordination_required);
  Read(j, "routing_fixed", c.routing_fixed);
  ReadOpt(j, "provisional_unit_id", c.provisional_unit_id);
  ReadList(j, "whistles", c.whistles, WhistleFromJson);
  ReadList(j, "guidance", c.guidance, GuidanceFromJson);
  return c;
}

}  // namespace hotline
