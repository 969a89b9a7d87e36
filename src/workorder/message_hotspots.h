// Hot spots in a dated stream of messages that carry no category or street
// (a message board export): clusters of similar texts in a sliding window,
// each with the surge test applied to its keyword group — every message,
// in or out of the cluster, that contains the cluster's two most
// distinctive bigrams — week by week. docs/hotspots.md §4. Pure.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "text/text_clusters.h"
#include "workorder/hotspots.h"

namespace hotline {

// Monday-based weeks: the week of a day and the first day of a week.
std::int64_t WeekOf(DayNumber day);
DayNumber WeekStart(std::int64_t week);

struct KeywordSurge {
  std::vector<std::string> keywords;  // all must occur in a message
  std::int64_t week_start_day = 0;    // the cluster's busiest week
  std::int64_t group_size = 0;        // messages of the keyword group overall
  // That week's count of the group, its EWMA baseline over the weeks
  // before (SurgeOptions) and the Poisson p-value; is_surge per TestSurge.
  std::int64_t count = 0;
  double baseline = 0;
  double p_value = 1;
  bool is_surge = false;
};

struct MessageHotspot {
  TextCluster cluster;
  KeywordSurge keyword_surge;
};

struct MessageHotspotReport {
  std::size_t messages = 0;
  std::vector<MessageHotspot> hotspots;  // ranked by attention (sum of weights)
};

MessageHotspotReport FindMessageHotspots(const std::vector<ClusterText>& messages,
                                         const TextClusterOptions& cluster_options,
                                         const SurgeOptions& surge_options);

}  // namespace hotline
