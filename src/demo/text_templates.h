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
};

const Phrases& DemoPhrases();

// How the intake text starts for each channel, e.g. "来电人反映：".
std::string_view ChannelLead(Channel channel);

// Replaces every {name} in `text` with vars[name]; unknown names stay as they are.
std::string Fill(std::string_view text, const std::map<std::string, std::string>& vars);

}  // namespace hotline::demo
