// Governance topics (治理专题 / 一策治理 / 每月一题): a problem that keeps
// coming back in one place and category is taken on as a topic with owner
// units, measures and dates, and judged by the demand volume before and
// after it started. docs/hotspots.md §5. Pure.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/clock.h"
#include "common/error.h"
#include "workorder/hotspots.h"

namespace hotline {

enum class TopicStatus { kProposed, kActive, kClosed };
std::string_view TopicStatusCode(TopicStatus status);
std::optional<TopicStatus> ParseTopicStatus(std::string_view code);

using TopicId = std::int64_t;

struct GovernanceTopic {
  TopicId id = 0;
  std::string title;
  std::string description;
  std::int64_t category_id = 0;                // orders of this category or below
  std::optional<std::int64_t> street_unit_id;  // place: the street ...
  std::string address_keyword;                 // ... and/or a part of the address
  std::vector<std::int64_t> owner_unit_ids;
  std::vector<std::string> measures;
  std::string start_date;  // YYYY-MM-DD, China dates
  std::string end_date;    // empty: open-ended
  TopicStatus status = TopicStatus::kProposed;
  std::int64_t created_by = 0;
  Instant created_at{};
  Instant updated_at{};
};

// The rules every stored topic obeys: a title, a place (street or address
// keyword), at least one owner unit, a start date, an end not before the
// start. The first broken rule, naming its field.
Result<void> ValidateTopic(const GovernanceTopic& topic);

// proposed → active → closed; proposed → closed (dropped); a status never
// goes back.
Result<void> CheckTopicTransition(TopicStatus from, TopicStatus to);

// Orders of one category in one street over the look-back period.
struct PlaceCategoryCount {
  std::int64_t category_id = 0;
  std::int64_t street_unit_id = 0;
  std::int64_t orders = 0;
  std::int64_t weeks = 0;  // distinct Monday-based weeks with at least one order
};

struct TopicProposalOptions {
  int days = 90;
  std::int64_t min_orders = 5;
  // Recurring, not a one-off burst: orders in at least this many weeks.
  std::int64_t min_weeks = 3;
  int limit = 20;
};

// Place × category cells with enough orders in enough weeks, most orders
// first (then most weeks, then ids), at most options.limit, leaving out
// cells an open topic (proposed or active) already covers.
std::vector<PlaceCategoryCount> ProposeTopics(std::vector<PlaceCategoryCount> cells,
                                              const std::vector<GovernanceTopic>& topics,
                                              const TopicProposalOptions& options);

// Demand volume per Monday-based week around a topic's start.
struct WeekVolume {
  DayNumber week_start = 0;
  std::int64_t orders = 0;
  bool after_start = false;  // the week starts on or after the start's week
};
struct TopicVolume {
  std::vector<WeekVolume> weeks;  // oldest first
  std::int64_t before = 0, after = 0;
  double before_per_week = 0, after_per_week = 0;
  int weeks_before = 0, weeks_after = 0;
};

// `weeks_before` whole weeks before the week of `start` and up to
// `weeks_after` weeks from it on, the last ending no later than the week of
// `today`; `days` are the creation days of the matching orders.
TopicVolume WeeklyVolume(const std::vector<DayNumber>& days, DayNumber start, DayNumber today,
                         int weeks_before, int weeks_after);

}  // namespace hotline
