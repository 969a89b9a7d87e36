#include "workorder/message_hotspots.h"

#include <algorithm>
#include <map>

#include "text/shingles.h"

namespace hotline {
namespace {

bool ContainsAll(const std::u32string& chars, const std::vector<std::u32string>& keywords) {
  return std::all_of(keywords.begin(), keywords.end(), [&](const std::u32string& k) {
    return chars.find(k) != std::u32string::npos;
  });
}

}  // namespace

// 1970-01-01 (day 0) was a Thursday, so day 4 is the first Monday.
std::int64_t WeekOf(DayNumber day) {
  const DayNumber shifted = day + 3;
  return shifted >= 0 ? shifted / 7 : (shifted - 6) / 7;
}
DayNumber WeekStart(std::int64_t week) { return week * 7 - 3; }

MessageHotspotReport FindMessageHotspots(const std::vector<ClusterText>& messages,
                                         const TextClusterOptions& cluster_options,
                                         const SurgeOptions& surge_options) {
  MessageHotspotReport report;
  report.messages = messages.size();
  auto clusters = FindTextClusters(messages, cluster_options);
  if (clusters.empty()) return report;
  std::vector<std::u32string> chars;
  chars.reserve(messages.size());
  for (const ClusterText& m : messages) chars.push_back(ContentChars(m.text));
  std::map<std::int64_t, DayNumber> day_of;
  for (const ClusterText& m : messages) day_of[m.id] = m.day;

  SurgeOptions weekly = surge_options;
  weekly.period_days = 7;
  for (TextCluster& cluster : clusters) {
    MessageHotspot h;
    KeywordSurge& k = h.keyword_surge;
    std::vector<std::u32string> keywords;
    for (std::size_t i = 0; i < cluster.top_bigrams.size() && i < 2; ++i) {
      k.keywords.push_back(cluster.top_bigrams[i]);
      keywords.push_back(DecodeUtf8(cluster.top_bigrams[i]));
    }
    // The cluster's busiest week.
    std::map<std::int64_t, int> per_week;
    for (std::int64_t id : cluster.ids) ++per_week[WeekOf(day_of[id])];
    const auto busiest =
        std::max_element(per_week.begin(), per_week.end(),
                         [](const auto& a, const auto& b) { return a.second < b.second; });
    const std::int64_t week = busiest->first;
    k.week_start_day = WeekStart(week);
    if (!keywords.empty()) {
      std::vector<std::int64_t> history(static_cast<std::size_t>(weekly.baseline_periods), 0);
      for (std::size_t i = 0; i < messages.size(); ++i) {
        if (!ContainsAll(chars[i], keywords)) continue;
        ++k.group_size;
        const std::int64_t offset = week - WeekOf(messages[i].day);
        if (offset == 0)
          ++k.count;
        else if (offset > 0 && offset <= weekly.baseline_periods)
          ++history[static_cast<std::size_t>(weekly.baseline_periods - offset)];
      }
      std::vector<double> values(history.begin(), history.end());
      k.baseline = std::max(weekly.min_baseline, Ewma(values, weekly.ewma_lambda));
      k.p_value = PoissonUpperTail(k.count, k.baseline);
      k.is_surge = TestSurge(k.count, history, weekly).has_value();
    }
    h.cluster = std::move(cluster);
    report.hotspots.push_back(std::move(h));
  }
  return report;
}

}  // namespace hotline
