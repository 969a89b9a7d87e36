// The demo's own demand scenarios and phrase lists, from which generated
// orders take realistic Chinese titles, contents and replies. Static data
// and pure functions; thread-safe.
#pragma once

#include <map>
#include <span>
#include <string>
#include <string_view>

#include "workorder/types.h"

namespace hotline::demo {

// One kind of demand: what citizens say, who handles it and what they reply.
// Templates use placeholders filled per order: {addr} {estate} {road}
// {street} {community} {brand} {company} {builder} {n} {amount} {wan} {bus}.
struct Scenario {
  std::string_view category;  // "level1/level2/level3" of the seeded tree
  DemandType type;
  std::string_view lead;    // unit code suffix "D05", or "S" (the street), "C" (the community)
  std::string_view assist;  // same form, or empty
  int enterprise_percent;   // chance the caller is an enterprise (涉企)
  bool urgent;
  bool at_road;  // the problem is on a road rather than at the caller's home
  std::string_view title;
  std::string_view content;
  std::string_view measures;
  std::string_view result;
  std::string_view answer;  // a direct answer at intake; empty when it must be dispatched
  // Working together, for demands a street leads (empty: the street never asks).
  // 吹哨报到: the departments ("D05 D01 …") a whistle may summon, and its question.
  std::string_view summon = {};
  std::string_view whistle_question = {};
  // 业务指导: the department ("D04") asked, the street's question and its answer.
  std::string_view guidance_unit = {};
  std::string_view guidance_question = {};
  std::string_view guidance_answer = {};
};

std::span<const Scenario> Scenarios();

// Phrase pools for the actions around an order.
struct Phrases {
  std::span<const std::string_view> surnames;
  std::span<const std::string_view> given_names;
  std::span<const std::string_view> brands;          // shop and training-school names
  std::span<const std::string_view> company_cities;  // company name prefixes
  std::span<const std::string_view> company_trades;
  std::span<const std::string_view> closers;
  std::span<const std::string_view> dispatch_notes;
  std::span<const std::string_view> progress;
  std::span<const std::string_view> assist_replies;  // {lead}: the lead unit's name
  std::span<const std::string_view> extension_reasons;
  std::span<const std::string_view> review_reject_notes;
  std::span<const std::string_view> satisfied_notes;
  std::span<const std::string_view> basically_notes;
  std::span<const std::string_view> dissatisfied_notes;
  std::span<const std::string_view> unreached_notes;
  std::span<const std::string_view> reopen_notes;
  std::span<const std::string_view> return_basis;  // {unit}: the responsible unit's name
  std::span<const std::string_view> non_acceptance_basis;
  std::span<const std::string_view> manual_close_reasons;
  std::span<const std::string_view> merge_notes;
  // 吹哨报到. Extra placeholders: {dept} a department's name, {team} who it
  // sends, {people} how many, {first} the first summoned department.
  std::span<const std::string_view> whistle_reasons;
  std::span<const std::string_view> report_in_notes;
  std::span<const std::string_view> meeting_places;
  std::span<const std::string_view> street_attendees;     // for the street at a meeting
  std::span<const std::string_view> community_attendees;  // for the community
  std::span<const std::string_view> meeting_decisions;
  std::span<const std::string_view> whistle_resolved;
  std::span<const std::string_view> whistle_unresolved;
  std::span<const std::string_view> rating_good;       // the street rates a department: 5
  std::span<const std::string_view> rating_fair;       // 4
  std::span<const std::string_view> rating_poor;       // 3 and below
  std::span<const std::string_view> preparation_good;  // a department rates the whistle: 4-5
  std::span<const std::string_view> preparation_fair;  // 3
  // 派单异议, 先行处置, 平台协调. {unit}: the unit named; {lead}: the lead decided on.
  std::span<const std::string_view> dispute_basis;
  std::span<const std::string_view> provisional_notes;
  std::span<const std::string_view> coordinate_upheld;
  std::span<const std::string_view> coordinate_overruled;
  std::span<const std::string_view> coordinate_returned;  // after too many returns
  std::span<const std::string_view> coordinate_basis;
};

// What a department sends to a whistle and what it typically does there.
struct DepartmentPart {
  std::string_view team;  // e.g. "执法中队队员"
  std::string_view work;  // placeholders as in scenarios, plus {dept}
};

// The part of the department with this code suffix ("D05"); a general one
// for departments without their own.
const DepartmentPart& DepartmentPartFor(std::string_view form);

const Phrases& DemoPhrases();

// How the intake text starts for each channel, e.g. "来电人反映：".
std::string_view ChannelLead(Channel channel);

// Replaces every {name} in `text` with vars[name]; unknown names stay as they are.
std::string Fill(std::string_view text, const std::map<std::string, std::string>& vars);

}  // namespace hotline::demo
