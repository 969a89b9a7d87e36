// How several units work on one order (DESIGN.md §4): 主办协办 part replies,
// 首接负责 with returns and dispatch disputes (派单异议), platform coordination,
// 吹哨报到 and 业务指导. These records live inside the WorkOrder projection and
// are folded from its events like everything else. Pure data; no I/O.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "common/clock.h"
#include "org/unit.h"

namespace hotline {

// One assisting unit's share of the work (协办): its own deadline and part reply.
struct AssistPart {
  UnitId unit_id = 0;
  Instant assigned_at{};
  std::optional<Instant> due_at;  // unset when no SLA policy was in force
  std::optional<Instant> replied_at;
  std::string content;
  bool overdue = false;  // the scheduler raised the overdue alarm for this part
  bool operator==(const AssistPart&) const = default;
};

// One return (退单) a unit asked for, and how the platform ruled.
struct ReturnRecord {
  UnitId unit_id = 0;
  Instant at{};
  std::string reason_code;
  std::string outcome = "pending";  // pending, approved, rejected
  std::optional<Instant> reviewed_at;
  bool operator==(const ReturnRecord&) const = default;
};

// A written objection to a dispatch after the return window (派单异议): the
// unit names the proper unit and the basis, keeps acting meanwhile, and the
// platform settles it with a coordination decision.
struct DisputeRecord {
  UnitId unit_id = 0;           // the unit that objects
  UnitId proposed_unit_id = 0;  // the unit it names as responsible
  std::string basis;
  Instant at{};
  std::string outcome = "open";  // open, upheld, overruled
  std::optional<Instant> settled_at;
  bool operator==(const DisputeRecord&) const = default;
};

// A department summoned by a whistle (报到 and what it brought and did).
struct Summons {
  UnitId unit_id = 0;
  std::optional<Instant> due_at;
  std::optional<Instant> reported_at;
  bool late = false;         // reported after due_at
  bool overdue = false;      // the scheduler raised the missed-report alarm
  std::string report_note;   // what it brings, who came
  std::string work;          // what it did
  std::optional<int> score;  // the street's rating, 1..5
  std::string score_comment;
  std::optional<int> preparation_score;  // its rating of the whistle's preparation, 1..5
  std::string preparation_comment;
  bool operator==(const Summons&) const = default;
};

// 联席研判: the joint meeting the street holds with the summoned departments.
struct JointMeeting {
  Instant held_at{};
  std::string place;
  std::vector<std::string> attendees;
  bool citizen_invited = false;  // 有请诉求人到场
  bool citizen_attended = false;
  std::string decisions;
  bool operator==(const JointMeeting&) const = default;
};

// 吹哨报到: a street summons departments to a problem it cannot solve alone.
struct Whistle {
  int id = 0;                 // 1, 2, ... within the order
  UnitId street_unit_id = 0;  // the street that answers for it (a community's parent)
  UnitId raised_by_unit_id = 0;
  std::string question;
  std::string reason;  // why the street cannot solve it alone
  Instant raised_at{};
  std::string state = "open";  // open, closed
  std::vector<Summons> summons;
  std::vector<JointMeeting> meetings;
  std::optional<bool> resolved;
  std::string outcome;
  std::optional<Instant> closed_at;
  bool operator==(const Whistle&) const = default;
};

// 业务指导: a street asks a department for professional guidance on an
// order without handing the order over.
struct GuidanceRequest {
  int id = 0;  // 1, 2, ... within the order
  UnitId requested_by_unit_id = 0;
  UnitId unit_id = 0;  // the department asked
  std::string question;
  Instant requested_at{};
  std::optional<Instant> due_at;
  std::optional<Instant> answered_at;
  std::string answer;
  bool late = false;
  bool operator==(const GuidanceRequest&) const = default;
};

// Everything about units working together on one order.
struct Collaboration {
  std::vector<AssistPart> assist_parts;       // the current assisting units' parts
  std::optional<Instant> return_window_ends;  // 首接负责: returns are refused after this
  std::vector<ReturnRecord> returns;
  std::vector<DisputeRecord> disputes;
  bool coordination_required = false;         // returned too often: the platform must fix the units
  bool routing_fixed = false;                 // fixed by platform coordination: no more returns
  std::optional<UnitId> provisional_unit_id;  // 先行处置 while responsibility is disputed
  std::vector<Whistle> whistles;
  std::vector<GuidanceRequest> guidance;
  bool operator==(const Collaboration&) const = default;

  const AssistPart* Part(UnitId unit) const;
  AssistPart* Part(UnitId unit);
  const DisputeRecord* OpenDispute() const;
  DisputeRecord* OpenDispute();
  const Whistle* FindWhistle(int id) const;
  Whistle* FindWhistle(int id);
  const GuidanceRequest* FindGuidance(int id) const;
  GuidanceRequest* FindGuidance(int id);
  // Units that take part without leading or assisting (summoned departments,
  // departments asked for guidance); they see the order.
  std::vector<UnitId> ParticipantUnits() const;
};

// The API and storage form: instants as RFC 3339 strings.
nlohmann::json CollaborationToJson(const Collaboration& c);
// Fields absent from `j` keep their defaults (older documents still load).
// Throws nlohmann::json exceptions on wrong types; storage maps them.
Collaboration CollaborationFromJson(const nlohmann::json& j);

}  // namespace hotline
