#include "service/hotspot_service.h"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <map>
#include <set>

#include "common/time_format.h"
#include "workorder/message_hotspots.h"

namespace hotline {
namespace {

constexpr std::int64_t kDayMs = 86'400'000;
constexpr std::int64_t kChinaOffsetMs = 8 * 3'600'000;
constexpr int kMaxLetterOrders = 100;

std::string DayText(DayNumber day) { return ChinaDayStamp(StartOfChinaDay(day)); }

std::string IsoDay(DayNumber day) {
  const std::string s = DayText(day);
  return fmt::format("{}-{}-{}", s.substr(0, 4), s.substr(4, 2), s.substr(6, 2));
}

}  // namespace

DayNumber ChinaDaysSinceEpoch(Instant t) {
  const std::int64_t ms = t.time_since_epoch().count() + kChinaOffsetMs;
  return ms >= 0 ? ms / kDayMs : (ms - kDayMs + 1) / kDayMs;
}

Instant StartOfChinaDay(DayNumber day) {
  return Instant(std::chrono::milliseconds(day * kDayMs - kChinaOffsetMs));
}

Result<OrderHotspots> FindOrderHotspots(Store& store, DayNumber from_day, int days,
                                        const TextClusterOptions& cluster_options) {
  OrderHotspots out;
  out.period_start = from_day;
  out.period_days = days;
  SurgeOptions surge;
  surge.period_days = days;
  const Instant from = StartOfChinaDay(from_day);
  const Instant to = StartOfChinaDay(from_day + days);
  auto counts = store.CountOrdersByCategoryStreetDay(
      StartOfChinaDay(from_day - static_cast<DayNumber>(surge.baseline_periods) * days), to);
  if (!counts) return Fail(counts.error());
  out.surges = FindSurges(*counts, from_day, surge);

  auto texts = store.ListOrderTexts(from, to, kMaxClusteredOrders);
  if (!texts) return Fail(texts.error());
  std::vector<ClusterText> items;
  items.reserve(texts->size());
  for (const OrderText& t : *texts)
    items.push_back({t.id, t.title + " " + t.content, ChinaDaysSinceEpoch(t.created_at), 1});
  out.orders_clustered = items.size();
  out.clusters = FindTextClusters(items, cluster_options);
  return out;
}

Result<SurgeWarningDraft> DraftSurgeWarning(Store& store, const CategoryTree& categories,
                                            const UnitTree& units, CategoryId category_id,
                                            UnitId street_unit_id, DayNumber from_day, int days) {
  SurgeOptions options;
  options.period_days = days;
  auto counts = store.CountOrdersByCategoryStreetDay(
      StartOfChinaDay(from_day - static_cast<DayNumber>(options.baseline_periods) * days),
      StartOfChinaDay(from_day + days));
  if (!counts) return Fail(counts.error());
  std::erase_if(*counts, [&](const CellDayCount& c) {
    return c.category_id != category_id || c.street_unit_id != street_unit_id;
  });
  const auto surges = FindSurges(*counts, from_day, options);
  if (surges.empty())
    return Fail(ErrorKind::kBusinessRule, "not_a_hot_spot",
                "该街道该分类在所选期间的诉求量未构成热点（见热点检验标准）", "category_id");
  SurgeWarningDraft draft;
  draft.surge = surges.front();

  OrderFilter filter;
  filter.category_ids = {category_id};
  filter.street_unit_id = street_unit_id;
  filter.created_from = StartOfChinaDay(from_day);
  filter.created_to = StartOfChinaDay(from_day + days);
  filter.sort = OrderSort::kCreatedAsc;
  filter.limit = kMaxLetterOrders;
  auto page = store.ListOrders(filter);
  if (!page) return Fail(page.error());
  // The unit that led most of these orders answers for them; before any
  // dispatch, the category's usual unit; failing both, the street itself.
  std::map<UnitId, int> led;
  for (const WorkOrder& o : page->items) {
    draft.letter.order_ids.push_back(o.id);
    if (o.lead_unit_id) ++led[*o.lead_unit_id];
  }
  const Category* category = categories.Find(category_id);
  UnitId unit_id = street_unit_id;
  if (!led.empty())
    unit_id = std::max_element(led.begin(), led.end(), [](const auto& a, const auto& b) {
                return a.second < b.second;
              })->first;
  else if (category && category->default_unit_id)
    unit_id = *category->default_unit_id;
  const Unit* street = units.Find(street_unit_id);
  const std::string street_name = street ? street->name : fmt::format("街道 {}", street_unit_id);
  const std::string category_name = category ? category->name : fmt::format("分类 {}", category_id);
  const Surge& s = draft.surge;
  draft.letter.unit_id = unit_id;
  draft.letter.kind = WarningKind::kHotSpot;
  draft.letter.subject = fmt::format("{}「{}」诉求激增", street_name, category_name);
  draft.letter.text = fmt::format(
      "{} 至 {}，{}「{}」类诉求 {} 件，为此前 {} 个同长度周期加权基线 {:.1f} 件的 {:.1f} 倍"
      "（泊松检验 p = {:.2g}）。请贵单位分析原因、集中处置，并书面回复处置措施和成效。",
      IsoDay(from_day), IsoDay(from_day + days - 1), street_name, category_name, s.count,
      s.history.size(), s.baseline, s.ratio, s.p_value);
  return draft;
}

std::vector<CategoryId> CategorySubtree(const CategoryTree& categories, CategoryId root) {
  std::vector<CategoryId> out = {root};
  // The tree is three levels deep: two passes over the list reach every descendant.
  std::set<CategoryId> found = {root};
  for (int pass = 0; pass < 3; ++pass)
    for (const Category& c : categories.All())
      if (c.parent_id && found.contains(*c.parent_id) && found.insert(c.id).second)
        out.push_back(c.id);
  return out;
}

Result<std::vector<PlaceCategoryCount>> ProposeTopicCells(Store& store, DayNumber today,
                                                          const TopicProposalOptions& options) {
  const DayNumber first = today - options.days + 1;
  auto counts =
      store.CountOrdersByCategoryStreetDay(StartOfChinaDay(first), StartOfChinaDay(today + 1));
  if (!counts) return Fail(counts.error());
  std::map<std::pair<CategoryId, UnitId>, std::pair<std::int64_t, std::set<std::int64_t>>> cells;
  for (const CellDayCount& c : *counts) {
    if (!c.street_unit_id) continue;  // a topic needs a place
    auto& [orders, weeks] = cells[{c.category_id, *c.street_unit_id}];
    orders += c.count;
    weeks.insert(WeekOf(c.day));
  }
  std::vector<PlaceCategoryCount> list;
  for (const auto& [key, value] : cells)
    list.push_back(
        {key.first, key.second, value.first, static_cast<std::int64_t>(value.second.size())});
  auto topics = store.ListTopics();
  if (!topics) return Fail(topics.error());
  return ProposeTopics(std::move(list), *topics, options);
}

Result<TopicVolume> TopicDemandVolume(Store& store, const CategoryTree& categories,
                                      const GovernanceTopic& topic, DayNumber today,
                                      int weeks_before, int weeks_after) {
  auto start = ParseChinaDate(topic.start_date);
  if (!start) return Fail(ErrorKind::kInternal, "bad_topic", "专题开始日期无法解析", "start_date");
  const DayNumber start_day = ChinaDaysSinceEpoch(*start);
  TopicOrderMatch match;
  match.category_ids = CategorySubtree(categories, topic.category_id);
  match.street_unit_id = topic.street_unit_id;
  match.address_keyword = topic.address_keyword;
  const DayNumber first = WeekStart(WeekOf(start_day) - weeks_before);
  const DayNumber last = WeekStart(WeekOf(start_day) + weeks_after);
  auto days = store.ListMatchingOrderDays(match, StartOfChinaDay(first), StartOfChinaDay(last));
  if (!days) return Fail(days.error());
  return WeeklyVolume(*days, start_day, today, weeks_before, weeks_after);
}

}  // namespace hotline
