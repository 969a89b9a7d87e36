#include "workorder/governance_topic.h"

#include <fmt/format.h>

#include <algorithm>
#include <set>

#include "workorder/message_hotspots.h"

namespace hotline {

std::string_view TopicStatusCode(TopicStatus status) {
  switch (status) {
    case TopicStatus::kProposed:
      return "proposed";
    case TopicStatus::kActive:
      return "active";
    case TopicStatus::kClosed:
      return "closed";
  }
  return "proposed";
}

std::optional<TopicStatus> ParseTopicStatus(std::string_view code) {
  for (TopicStatus s : {TopicStatus::kProposed, TopicStatus::kActive, TopicStatus::kClosed})
    if (TopicStatusCode(s) == code) return s;
  return std::nullopt;
}

Result<void> ValidateTopic(const GovernanceTopic& t) {
  if (t.title.empty())
    return Fail(ErrorKind::kInvalidInput, "invalid_field", "请填写专题名称", "title");
  if (t.category_id <= 0)
    return Fail(ErrorKind::kInvalidInput, "invalid_field", "请选择专题的诉求分类", "category_id");
  if (!t.street_unit_id && t.address_keyword.empty())
    return Fail(ErrorKind::kInvalidInput, "invalid_field", "请指定专题的地点：街道或地址关键词",
                "street_unit_id");
  if (t.owner_unit_ids.empty())
    return Fail(ErrorKind::kInvalidInput, "invalid_field", "请至少指定一个责任单位",
                "owner_unit_ids");
  if (t.start_date.empty())
    return Fail(ErrorKind::kInvalidInput, "invalid_field", "请填写专题开始日期", "start_date");
  // YYYY-MM-DD compares like the dates it names.
  if (!t.end_date.empty() && t.end_date < t.start_date)
    return Fail(ErrorKind::kInvalidInput, "invalid_value", "结束日期不能早于开始日期", "end_date");
  return {};
}

Result<void> CheckTopicTransition(TopicStatus from, TopicStatus to) {
  if (from == to) return {};
  const bool allowed = (from == TopicStatus::kProposed) ||
                       (from == TopicStatus::kActive && to == TopicStatus::kClosed);
  if (!allowed)
    return Fail(
        ErrorKind::kBusinessRule, "invalid_transition",
        fmt::format("专题状态不能从 {} 改为 {}", TopicStatusCode(from), TopicStatusCode(to)),
        "status");
  return {};
}

std::vector<PlaceCategoryCount> ProposeTopics(std::vector<PlaceCategoryCount> cells,
                                              const std::vector<GovernanceTopic>& topics,
                                              const TopicProposalOptions& options) {
  std::set<std::pair<std::int64_t, std::int64_t>> covered;
  for (const GovernanceTopic& t : topics)
    if (t.status != TopicStatus::kClosed && t.street_unit_id)
      covered.emplace(t.category_id, *t.street_unit_id);
  std::erase_if(cells, [&](const PlaceCategoryCount& c) {
    return c.orders < options.min_orders || c.weeks < options.min_weeks ||
           covered.contains({c.category_id, c.street_unit_id});
  });
  std::sort(cells.begin(), cells.end(), [](const auto& a, const auto& b) {
    if (a.orders != b.orders) return a.orders > b.orders;
    if (a.weeks != b.weeks) return a.weeks > b.weeks;
    if (a.street_unit_id != b.street_unit_id) return a.street_unit_id < b.street_unit_id;
    return a.category_id < b.category_id;
  });
  if (cells.size() > static_cast<std::size_t>(std::max(0, options.limit)))
    cells.resize(static_cast<std::size_t>(std::max(0, options.limit)));
  return cells;
}

TopicVolume WeeklyVolume(const std::vector<DayNumber>& days, DayNumber start, DayNumber today,
                         int weeks_before, int weeks_after) {
  TopicVolume v;
  const std::int64_t start_week = WeekOf(start);
  const std::int64_t first = start_week - weeks_before;
  const std::int64_t last = std::min(start_week + weeks_after - 1, WeekOf(today));
  if (last < first) return v;
  for (std::int64_t w = first; w <= last; ++w)
    v.weeks.push_back({WeekStart(w), 0, w >= start_week});
  for (DayNumber d : days) {
    const std::int64_t w = WeekOf(d);
    if (w < first || w > last) continue;
    ++v.weeks[static_cast<std::size_t>(w - first)].orders;
  }
  for (const WeekVolume& w : v.weeks) {
    (w.after_start ? v.after : v.before) += w.orders;
    ++(w.after_start ? v.weeks_after : v.weeks_before);
  }
  if (v.weeks_before > 0) v.before_per_week = static_cast<double>(v.before) / v.weeks_before;
  if (v.weeks_after > 0) v.after_per_week = static_cast<double>(v.after) / v.weeks_after;
  return v;
}

}  // namespace hotline
