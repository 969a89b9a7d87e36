// Hot spots over the stored orders and governance topics' demand volume
// (docs/hotspots.md): reads what the detectors in workorder/hotspots.h and
// text/text_clusters.h need from the Store and runs them. Stateless.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "org/unit.h"
#include "storage/store.h"
#include "text/text_clusters.h"
#include "workorder/category.h"
#include "workorder/governance_topic.h"
#include "workorder/hotspots.h"

namespace hotline {

// Days since 1970-01-01 of the China-local day of `t`.
DayNumber ChinaDaysSinceEpoch(Instant t);
// Start of a China-local day.
Instant StartOfChinaDay(DayNumber day);

// Texts clustered per request at most (the newest of the window).
inline constexpr int kMaxClusteredOrders = 5000;

struct OrderHotspots {
  DayNumber period_start = 0;  // the tested period: the request's days
  int period_days = 0;
  std::vector<Surge> surges;
  std::vector<TextCluster> clusters;  // over the period's orders (weight 1 each)
  std::size_t orders_clustered = 0;
};

// Surges of category × street in [from_day, from_day + days) against the
// `baseline_periods` periods of the same length before, and clusters of
// similar order texts in that period.
Result<OrderHotspots> FindOrderHotspots(Store& store, DayNumber from_day, int days,
                                        const TextClusterOptions& cluster_options);

// A 预警函 about a surge, ready to issue: to the unit that led most of the
// surge's orders (else the category's default unit, else the street).
struct SurgeWarningDraft {
  Surge surge;
  WarningLetter letter;  // unit_id, kind hot_spot, subject, text, order_ids
};

// kBusinessRule "not_a_hot_spot" when the cell is no surge in that period.
Result<SurgeWarningDraft> DraftSurgeWarning(Store& store, const CategoryTree& categories,
                                            const UnitTree& units, CategoryId category_id,
                                            UnitId street_unit_id, DayNumber from_day, int days);

// The category and all categories below it.
std::vector<CategoryId> CategorySubtree(const CategoryTree& categories, CategoryId root);

// Proposals for topics: street × category cells of the last options.days
// days (up to `today`) with enough orders in enough weeks.
Result<std::vector<PlaceCategoryCount>> ProposeTopicCells(Store& store, DayNumber today,
                                                          const TopicProposalOptions& options);

// Weekly demand volume around a topic's start (orders of its category
// subtree in its place).
Result<TopicVolume> TopicDemandVolume(Store& store, const CategoryTree& categories,
                                      const GovernanceTopic& topic, DayNumber today,
                                      int weeks_before, int weeks_after);

}  // namespace hotline
