#include "workorder/report.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <map>

#include "workorder/metric_rates.h"

namespace hotline {
namespace {

using nlohmann::json;
using std::chrono::days;
using std::chrono::sys_days;
using std::chrono::year_month_day;

constexpr auto kChinaOffset = std::chrono::hours(8);

struct KindEntry {
  ReportKind kind;
  std::string_view code;
  std::string_view name;
};
constexpr KindEntry kKinds[] = {{ReportKind::kDaily, "daily", "日梳理"},
                                {ReportKind::kWeekly, "weekly", "周统计"},
                                {ReportKind::kMonthly, "monthly", "月报告"},
                                {ReportKind::kAnnual, "annual", "年分析"},
                                {ReportKind::kCustom, "custom", "专项统计"}};

std::int64_t Count(const MeasureCounts& c, Measure m) { return c[static_cast<int>(m)]; }

// A fraction rounded to four decimals (docs/metrics.md), or null when there
// is nothing to divide by.
json Rate(double numerator, std::int64_t denominator) {
  const auto r = RoundedRate(numerator, denominator);
  return r ? json(*r) : json(nullptr);
}

json OptRate(const std::optional<double>& v) { return v ? json(*v) : json(nullptr); }

// The figure columns every volume table shares.
std::vector<ReportColumn> FigureColumns(std::string name_title) {
  return {{"name", std::move(name_title), ColumnType::kText},
          {"received", "受理量", ColumnType::kInt},
          {"dispatched", "派单量", ColumnType::kInt},
          {"signed", "签收量", ColumnType::kInt},
          {"replied", "办结量", ColumnType::kInt},
          {"rated", "回访量", ColumnType::kInt},
          {"satisfied", "满意", ColumnType::kInt},
          {"basically_satisfied", "基本满意", ColumnType::kInt},
          {"dissatisfied", "不满意", ColumnType::kInt},
          {"returned", "退单", ColumnType::kInt},
          {"reopened", "重办", ColumnType::kInt},
          {"overdue", "超期", ColumnType::kInt},
          {"closed", "结案", ColumnType::kInt},
          {"response_rate", "响应率", ColumnType::kRate},
          {"ontime_rate", "按时办结率", ColumnType::kRate},
          {"resolution_rate", "解决率", ColumnType::kRate},
          {"satisfaction_rate", "满意率", ColumnType::kRate}};
}

// The same rates as GET /api/v1/metrics with the default weight of 基本满意 (1).
json FigureRow(std::string name, const MeasureCounts& c) {
  const MetricRates rates = RatesOf(c, 1.0);
  return json{{"name", std::move(name)},
              {"received", Count(c, Measure::kReceived)},
              {"dispatched", Count(c, Measure::kDispatched)},
              {"signed", Count(c, Measure::kSigned)},
              {"replied", Count(c, Measure::kReplied)},
              {"rated", Count(c, Measure::kRated)},
              {"satisfied", Count(c, Measure::kSatisfied)},
              {"basically_satisfied", Count(c, Measure::kBasicallySatisfied)},
              {"dissatisfied", Count(c, Measure::kDissatisfied)},
              {"returned", Count(c, Measure::kReturned)},
              {"reopened", Count(c, Measure::kReopened)},
              {"overdue", Count(c, Measure::kOverdue)},
              {"closed", Count(c, Measure::kClosed)},
              {"response_rate", OptRate(rates.response_rate)},
              {"ontime_rate", OptRate(rates.ontime_rate)},
              {"resolution_rate", OptRate(rates.resolution_rate)},
              {"satisfaction_rate", OptRate(rates.satisfaction_rate)}};
}

void AddCounts(MeasureCounts& into, const MeasureCounts& from) {
  for (int i = 0; i < kMeasureCount; ++i) into[i] += from[i];
}

std::int64_t KeyId(const std::string& key) {
  std::int64_t id = 0;
  std::from_chars(key.data(), key.data() + key.size(), id);
  return id;
}

std::string UnitName(const UnitTree& units, std::optional<UnitId> id) {
  if (!id) return {};
  const Unit* u = units.Find(*id);
  return u ? u->name : fmt::format("单位{}", *id);
}

std::string CategoryName(const CategoryTree& categories, CategoryId id) {
  const Category* c = categories.Find(id);
  return c ? c->name : fmt::format("分类{}", id);
}

// The level-1 ancestor of a category (itself when it is one or unknown).
CategoryId TopLevelOf(const CategoryTree& categories, CategoryId id) {
  const Category* c = categories.Find(id);
  while (c != nullptr && c->level > 1 && c->parent_id) {
    const Category* parent = categories.Find(*c->parent_id);
    if (parent == nullptr) break;
    c = parent;
  }
  return c ? c->id : id;
}

std::string_view ChannelName(std::string_view code) {
  static const std::map<std::string_view, std::string_view> kNames = {
      {"phone", "电话"},        {"web", "网站"},          {"app", "移动端"}, {"open311", "Open311"},
      {"deputy", "代表联系点"}, {"upstream", "上级平台"}, {"letter", "来信"}};
  auto it = kNames.find(code);
  return it == kNames.end() ? code : it->second;
}

// Rows sorted by the volume `key` (largest first), then name, so the table
// reads as a ranking and is stable.
void SortByVolume(std::vector<json>& rows, const char* key = "received") {
  std::stable_sort(rows.begin(), rows.end(), [key](const json& a, const json& b) {
    const auto ra = a[key].get<std::int64_t>(), rb = b[key].get<std::int64_t>();
    if (ra != rb) return ra > rb;
    return a["name"].get<std::string>() < b["name"].get<std::string>();
  });
}

ReportSection Overview(const ReportInputs& in) {
  ReportSection s{"overview", "总体情况", "全区各项数量与三率", FigureColumns("范围"), {}};
  MeasureCounts total{};
  for (const RollupRow& r : in.all) AddCounts(total, r.counts);
  s.rows.push_back(FigureRow("全区", total));
  return s;
}

ReportSection ByChannel(const ReportInputs& in) {
  ReportSection s{
      "by_channel", "来源渠道", "按来源渠道的受理与办理情况", FigureColumns("渠道"), {}};
  for (const RollupRow& r : in.by_channel) {
    json row = FigureRow(std::string(ChannelName(r.key)), r.counts);
    row["key"] = r.key;
    s.rows.push_back(std::move(row));
  }
  SortByVolume(s.rows);
  return s;
}

ReportSection ByTopCategory(const ReportInputs& in, const CategoryTree& categories) {
  ReportSection s{"by_category", "诉求分类", "按一级分类汇总", FigureColumns("一级分类"), {}};
  std::map<CategoryId, MeasureCounts> grouped;
  for (const RollupRow& r : in.by_category)
    AddCounts(grouped[TopLevelOf(categories, KeyId(r.key))], r.counts);
  for (const auto& [id, counts] : grouped) {
    json row = FigureRow(CategoryName(categories, id), counts);
    row["key"] = id;
    s.rows.push_back(std::move(row));
  }
  SortByVolume(s.rows);
  return s;
}

std::map<CategoryId, std::int64_t> ReceivedByLeaf(const std::vector<RollupRow>& rows) {
  std::map<CategoryId, std::int64_t> out;
  for (const RollupRow& r : rows) out[KeyId(r.key)] += Count(r.counts, Measure::kReceived);
  return out;
}

ReportSection TopDemands(const ReportInputs& in, const CategoryTree& categories) {
  ReportSection s{"top_demands",
                  "热点诉求",
                  fmt::format("受理量最多的 {} 个末级分类", kTopDemands),
                  {{"rank", "排名", ColumnType::kInt},
                   {"name", "诉求分类", ColumnType::kText},
                   {"top_category", "一级分类", ColumnType::kText},
                   {"received", "受理量", ColumnType::kInt},
                   {"share", "占比", ColumnType::kRate}},
                  {}};
  std::int64_t total = 0;
  std::vector<std::pair<CategoryId, std::int64_t>> leaves;
  for (const auto& [id, received] : ReceivedByLeaf(in.by_category)) {
    total += received;
    if (received > 0) leaves.emplace_back(id, received);
  }
  std::stable_sort(leaves.begin(), leaves.end(),
                   [](const auto& a, const auto& b) { return a.second > b.second; });
  if (leaves.size() > kTopDemands) leaves.resize(kTopDemands);
  int rank = 0;
  for (const auto& [id, received] : leaves)
    s.rows.push_back(json{{"rank", ++rank},
                          {"key", id},
                          {"name", CategoryName(categories, id)},
                          {"top_category", CategoryName(categories, TopLevelOf(categories, id))},
                          {"received", received},
                          {"share", Rate(static_cast<double>(received), total)}});
  return s;
}

// Change against a base volume: null when there was nothing before.
json Change(std::int64_t now, std::int64_t before) {
  return Rate(static_cast<double>(now - before), before);
}

ReportSection Rising(const ReportInputs& in, const CategoryTree& categories) {
  ReportSection s{"rising",
                  "环比同比上升",
                  "受理量比上一周期（环比）或去年同期（同比）上升的末级分类，按增量排序",
                  {{"name", "诉求分类", ColumnType::kText},
                   {"received", "本期受理", ColumnType::kInt},
                   {"previous", "上期受理", ColumnType::kInt},
                   {"mom_change", "环比变化", ColumnType::kRate},
                   {"last_year", "去年同期", ColumnType::kInt},
                   {"yoy_change", "同比变化", ColumnType::kRate}},
                  {}};
  const auto now = ReceivedByLeaf(in.by_category);
  const auto previous = ReceivedByLeaf(in.category_previous);
  const auto last_year = ReceivedByLeaf(in.category_last_year);
  auto at = [](const std::map<CategoryId, std::int64_t>& m, CategoryId id) -> std::int64_t {
    auto it = m.find(id);
    return it == m.end() ? 0 : it->second;
  };
  struct Candidate {
    CategoryId id;
    std::int64_t received, previous, last_year, increase;
  };
  std::vector<Candidate> rising;
  for (const auto& [id, received] : now) {
    const std::int64_t p = at(previous, id), y = at(last_year, id);
    if (received > p || received > y)
      rising.push_back({id, received, p, y, std::max(received - p, received - y)});
  }
  std::stable_sort(rising.begin(), rising.end(),
                   [](const Candidate& a, const Candidate& b) { return a.increase > b.increase; });
  if (rising.size() > kMaxRisingRows) rising.resize(kMaxRisingRows);
  for (const Candidate& c : rising)
    s.rows.push_back(json{{"key", c.id},
                          {"name", CategoryName(categories, c.id)},
                          {"received", c.received},
                          {"previous", c.previous},
                          {"mom_change", Change(c.received, c.previous)},
                          {"last_year", c.last_year},
                          {"yoy_change", Change(c.received, c.last_year)}});
  return s;
}

// Unit rows rank by orders handed to them (an intake belongs to no unit, so
// their received count is 0: docs/metrics.md); street rows rank by intake.
ReportSection UnitTable(std::string id, std::string title, std::string note, std::string name_title,
                        const std::vector<RollupRow>& rows, const UnitTree& units,
                        const char* sort_key) {
  ReportSection s{
      std::move(id), std::move(title), std::move(note), FigureColumns(std::move(name_title)), {}};
  for (const RollupRow& r : rows) {
    json row = FigureRow(UnitName(units, KeyId(r.key)), r.counts);
    row["key"] = KeyId(r.key);
    s.rows.push_back(std::move(row));
  }
  SortByVolume(s.rows, sort_key);
  return s;
}

std::vector<ReportColumn> DissatisfiedColumns(std::string name_title) {
  return {{"name", std::move(name_title), ColumnType::kText},
          {"rated", "回访量", ColumnType::kInt},
          {"dissatisfied", "不满意", ColumnType::kInt},
          {"dissatisfied_rate", "不满意率", ColumnType::kRate},
          {"reopened", "重办", ColumnType::kInt}};
}

json DissatisfiedRow(std::string name, const MeasureCounts& c) {
  return json{
      {"name", std::move(name)},
      {"rated", Count(c, Measure::kRated)},
      {"dissatisfied", Count(c, Measure::kDissatisfied)},
      {"dissatisfied_rate", Rate(Count(c, Measure::kDissatisfied), Count(c, Measure::kRated))},
      {"reopened", Count(c, Measure::kReopened)}};
}

void SortByDissatisfied(std::vector<json>& rows) {
  std::stable_sort(rows.begin(), rows.end(), [](const json& a, const json& b) {
    return a["dissatisfied"].get<std::int64_t>() > b["dissatisfied"].get<std::int64_t>();
  });
}

ReportSection DissatisfiedByUnit(const ReportInputs& in, const UnitTree& units) {
  ReportSection s{"dissatisfied_units",
                  "不满意-单位",
                  "回访不满意的单位分布（有不满意的单位）",
                  DissatisfiedColumns("承办单位"),
                  {}};
  for (const RollupRow& r : in.by_unit) {
    if (Count(r.counts, Measure::kDissatisfied) == 0) continue;
    json row = DissatisfiedRow(UnitName(units, KeyId(r.key)), r.counts);
    row["key"] = KeyId(r.key);
    s.rows.push_back(std::move(row));
  }
  SortByDissatisfied(s.rows);
  return s;
}

ReportSection DissatisfiedByCategory(const ReportInputs& in, const CategoryTree& categories) {
  ReportSection s{"dissatisfied_categories",
                  "不满意-分类",
                  "回访不满意的末级分类分布",
                  DissatisfiedColumns("诉求分类"),
                  {}};
  for (const RollupRow& r : in.by_category) {
    if (Count(r.counts, Measure::kDissatisfied) == 0) continue;
    json row = DissatisfiedRow(CategoryName(categories, KeyId(r.key)), r.counts);
    row["key"] = KeyId(r.key);
    s.rows.push_back(std::move(row));
  }
  SortByDissatisfied(s.rows);
  return s;
}

// A 不满意 reason as the reports list it: the seven codes, then
// "unspecified" for a 不满意 recorded without a reason.
struct ReasonLabel {
  std::string_view code;
  std::string_view name;
};
constexpr std::size_t kReasonLabelCount = std::size(kDissatisfiedReasons) + 1;
using ReasonCounts = std::array<std::int64_t, kReasonLabelCount>;

std::array<ReasonLabel, kReasonLabelCount> ReasonLabels() {
  std::array<ReasonLabel, kReasonLabelCount> out{};
  for (std::size_t i = 0; i < std::size(kDissatisfiedReasons); ++i)
    out[i] = {DissatisfiedReasonCode(kDissatisfiedReasons[i]),
              DissatisfiedReasonDisplayName(kDissatisfiedReasons[i])};
  out.back() = {kUnspecifiedReasonCode, kUnspecifiedReasonName};
  return out;
}

std::size_t ReasonIndex(const std::optional<DissatisfiedReason>& reason) {
  if (!reason) return kReasonLabelCount - 1;
  for (std::size_t i = 0; i < std::size(kDissatisfiedReasons); ++i)
    if (kDissatisfiedReasons[i] == *reason) return i;
  return kReasonLabelCount - 1;
}

ReportSection DissatisfiedReasons(const ReportInputs& in) {
  ReportSection s{"dissatisfied_reasons",
                  "不满意原因分析",
                  "本期回访不满意的原因分布，占比为占本期全部不满意的比例；回访时未填写原因的计入"
                  "「未说明原因」",
                  {{"name", "不满意原因", ColumnType::kText},
                   {"dissatisfied", "不满意件数", ColumnType::kInt},
                   {"share", "占比", ColumnType::kRate}},
                  {}};
  ReasonCounts counts{};
  for (const DissatisfiedCallback& d : in.dissatisfied) ++counts[ReasonIndex(d.reason)];
  const auto total = static_cast<std::int64_t>(in.dissatisfied.size());
  const auto labels = ReasonLabels();
  for (std::size_t i = 0; i < kReasonLabelCount; ++i)
    s.rows.push_back(json{{"key", labels[i].code},
                          {"name", labels[i].name},
                          {"dissatisfied", counts[i]},
                          {"share", Rate(static_cast<double>(counts[i]), total)}});
  s.rows.push_back(json{{"key", "total"},
                        {"name", "合计"},
                        {"dissatisfied", total},
                        {"share", Rate(static_cast<double>(total), total)}});
  return s;
}

ReportSection DissatisfiedReasonsByUnit(const ReportInputs& in, const UnitTree& units) {
  ReportSection s{
      "dissatisfied_reasons_by_unit",
      "不满意原因-单位",
      "有不满意的承办单位及其不满意原因（件数）",
      {{"name", "承办单位", ColumnType::kText}, {"dissatisfied", "不满意", ColumnType::kInt}},
      {}};
  const auto labels = ReasonLabels();
  for (const ReasonLabel& l : labels)
    s.columns.push_back({std::string(l.code), std::string(l.name), ColumnType::kInt});
  std::map<std::optional<UnitId>, ReasonCounts> by_unit;
  for (const DissatisfiedCallback& d : in.dissatisfied) ++by_unit[d.unit_id][ReasonIndex(d.reason)];
  for (const auto& [unit, counts] : by_unit) {
    json row{{"key", unit ? json(*unit) : json(nullptr)},
             {"name", unit ? UnitName(units, unit) : std::string("（无承办单位）")}};
    std::int64_t total = 0;
    for (std::size_t i = 0; i < kReasonLabelCount; ++i) {
      row[std::string(labels[i].code)] = counts[i];
      total += counts[i];
    }
    row["dissatisfied"] = total;
    s.rows.push_back(std::move(row));
  }
  SortByVolume(s.rows, "dissatisfied");
  return s;
}

// 考核排名: every group ranked by the rules in force at the period's end,
// from the same unit rollups as the tables above.
ReportSection UnitScores(const ReportInputs& in, const UnitTree& units) {
  const std::string rules_text = in.rules.version == 0
                                     ? std::string("默认考核细则")
                                     : fmt::format("第 {} 版考核细则", in.rules.version);
  ReportSection s{"unit_scores",
                  "考核排名",
                  "",
                  {{"group", "考核类别", ColumnType::kText},
                   {"rank", "排名", ColumnType::kInt},
                   {"name", "单位", ColumnType::kText},
                   {"dispatched", "派单量", ColumnType::kInt},
                   {"base", "指标得分", ColumnType::kDecimal},
                   {"score", "总分", ColumnType::kDecimal}},
                  {}};
  std::map<UnitId, MeasureCounts> counts;
  for (const RollupRow& r : in.by_unit) counts[KeyId(r.key)] = r.counts;
  const std::int32_t from_day = ReportDayNumber(in.period.from);
  const std::int32_t to_day = ReportDayNumber(in.period.to);
  std::size_t unranked = 0;
  for (UnitGroup group : kUnitGroups) {
    std::vector<UnitFigures> figures;
    for (const Unit& u : units.All()) {
      if (GroupOfKind(u.kind) != group) continue;
      UnitFigures f{u.id, u.name, {}};
      if (auto it = counts.find(u.id); it != counts.end()) f.counts = it->second;
      figures.push_back(std::move(f));
    }
    const Ranking ranking = Rank(group, figures, in.rules, from_day, to_day);
    unranked += ranking.unranked.size();
    for (const RankedUnit& r : ranking.ranked)
      s.rows.push_back(json{{"key", r.score.unit_id},
                            {"group", UnitGroupName(group)},
                            {"rank", r.rank},
                            {"name", r.score.name},
                            {"dispatched", r.score.dispatched},
                            {"base", std::round(r.score.base * 100.0) / 100.0},
                            {"score", r.score.score}});
  }
  s.note = fmt::format(
      "按{}（统计期末有效的版本）分职能部门、街道、社区计分排名；派单量不足最少派单量的 {} "
      "个单位不参加排名",
      rules_text, unranked);
  return s;
}

ReportSection Overdue(const ReportInputs& in, const UnitTree& units) {
  ReportSection s{"overdue_units",
                  "超期情况",
                  "本期有签收或办理环节超期的单位",
                  {{"name", "承办单位", ColumnType::kText},
                   {"overdue", "超期环节", ColumnType::kInt},
                   {"dispatched", "派单量", ColumnType::kInt},
                   {"replied", "办结量", ColumnType::kInt},
                   {"ontime_rate", "按时办结率", ColumnType::kRate}},
                  {}};
  for (const RollupRow& r : in.by_unit) {
    const MeasureCounts& c = r.counts;
    if (Count(c, Measure::kOverdue) == 0) continue;
    s.rows.push_back(json{
        {"key", KeyId(r.key)},
        {"name", UnitName(units, KeyId(r.key))},
        {"overdue", Count(c, Measure::kOverdue)},
        {"dispatched", Count(c, Measure::kDispatched)},
        {"replied", Count(c, Measure::kReplied)},
        {"ontime_rate", Rate(Count(c, Measure::kRepliedOnTime), Count(c, Measure::kReplied))}});
  }
  std::stable_sort(s.rows.begin(), s.rows.end(), [](const json& a, const json& b) {
    return a["overdue"].get<std::int64_t>() > b["overdue"].get<std::int64_t>();
  });
  return s;
}

std::string InstantText(Instant t) {
  const auto local = std::chrono::floor<std::chrono::minutes>(t + kChinaOffset);
  const auto day = std::chrono::floor<days>(local);
  const std::chrono::hh_mm_ss hms(local - day);
  return fmt::format("{} {:02}:{:02}", ReportDateText(day), hms.hours().count(),
                     hms.minutes().count());
}

ReportSection RepeatedlyFailed(const ReportInputs& in, const UnitTree& units,
                               const CategoryTree& categories) {
  ReportSection s{"repeatedly_failed",
                  "屡办不成",
                  fmt::format("截至本期末受理、重办次数达到屡办不成标准的工单，共 {} 件",
                              in.repeatedly_failed_total),
                  {{"number", "工单编号", ColumnType::kText},
                   {"title", "标题", ColumnType::kText},
                   {"state", "状态", ColumnType::kText},
                   {"lead_unit", "主办单位", ColumnType::kText},
                   {"category", "诉求分类", ColumnType::kText},
                   {"reopen_count", "重办次数", ColumnType::kInt},
                   {"created_at", "受理时间", ColumnType::kText}},
                  {}};
  for (const ReportOrder& o : in.repeatedly_failed)
    s.rows.push_back(json{{"key", o.id},
                          {"number", o.number},
                          {"title", o.title},
                          {"state", StateDisplayName(o.state)},
                          {"lead_unit", UnitName(units, o.lead_unit_id)},
                          {"category", CategoryName(categories, o.category_id)},
                          {"reopen_count", o.reopen_count},
                          {"created_at", InstantText(o.created_at)}});
  return s;
}

// Collaboration rates come unrounded; round them as every other rate.
json RoundRate(const std::optional<double>& v) {
  return v ? json(std::round(*v * 10000.0) / 10000.0) : json(nullptr);
}

ReportSection Whistles(const ReportInputs& in, const UnitTree& units) {
  ReportSection s{"whistles",
                  "吹哨报到",
                  "本期街道吹哨及部门报到情况",
                  {{"name", "街道", ColumnType::kText},
                   {"whistles", "吹哨次数", ColumnType::kInt},
                   {"summons", "召集部门次数", ColumnType::kInt},
                   {"reported", "报到", ColumnType::kInt},
                   {"reported_on_time", "按时报到", ColumnType::kInt},
                   {"report_rate", "报到率", ColumnType::kRate},
                   {"ontime_report_rate", "按时报到率", ColumnType::kRate},
                   {"closed", "已结束", ColumnType::kInt},
                   {"resolved", "已解决", ColumnType::kInt},
                   {"resolution_rate", "吹哨解决率", ColumnType::kRate}},
                  {}};
  WhistleStreetRow total;
  auto row_of = [](std::string name, const WhistleStreetRow& w) {
    return json{{"name", std::move(name)},
                {"whistles", w.whistles},
                {"summons", w.summons},
                {"reported", w.reported},
                {"reported_on_time", w.reported_on_time},
                {"report_rate", RoundRate(w.ReportRate())},
                {"ontime_report_rate", RoundRate(w.OntimeReportRate())},
                {"closed", w.closed},
                {"resolved", w.resolved},
                {"resolution_rate", RoundRate(w.ResolutionRate())}};
  };
  for (const auto& [street, w] : in.collaboration.whistle_streets) {
    json row = row_of(UnitName(units, street), w);
    row["key"] = street;
    s.rows.push_back(std::move(row));
    total.whistles += w.whistles;
    total.summons += w.summons;
    total.reported += w.reported;
    total.reported_on_time += w.reported_on_time;
    total.closed += w.closed;
    total.resolved += w.resolved;
  }
  json sum = row_of("合计", total);
  sum["key"] = "total";
  s.rows.push_back(std::move(sum));
  return s;
}

ReportSection Supervisions(const ReportInputs& in) {
  ReportSection s{"supervisions",
                  "督办情况",
                  "本期发出的督办单，按层级及当前状态",
                  {{"name", "督办层级", ColumnType::kText},
                   {"issued", "督办数", ColumnType::kInt},
                   {"open", "待回复", ColumnType::kInt},
                   {"responded", "已回复待审核", ColumnType::kInt},
                   {"accepted", "已办结", ColumnType::kInt},
                   {"rejected_or_escalated", "驳回或升级", ColumnType::kInt}},
                  {}};
  SupervisionTally total;
  for (const SupervisionTally& t : in.supervisions) {
    s.rows.push_back(json{{"key", SupervisionTierCode(t.tier)},
                          {"name", SupervisionTierName(t.tier)},
                          {"issued", t.issued},
                          {"open", t.open},
                          {"responded", t.responded},
                          {"accepted", t.accepted},
                          {"rejected_or_escalated", t.rejected_or_escalated}});
    total.issued += t.issued;
    total.open += t.open;
    total.responded += t.responded;
    total.accepted += t.accepted;
    total.rejected_or_escalated += t.rejected_or_escalated;
  }
  s.rows.push_back(json{{"key", "total"},
                        {"name", "合计"},
                        {"issued", total.issued},
                        {"open", total.open},
                        {"responded", total.responded},
                        {"accepted", total.accepted},
                        {"rejected_or_escalated", total.rejected_or_escalated}});
  return s;
}

Error BadBody(std::string what) {
  return Error{ErrorKind::kInternal, "invalid_report_body", fmt::format("报告内容损坏：{}", what),
               ""};
}

}  // namespace

std::string_view ReportKindCode(ReportKind kind) {
  for (const auto& e : kKinds)
    if (e.kind == kind) return e.code;
  return "custom";
}

std::string_view ReportKindName(ReportKind kind) {
  for (const auto& e : kKinds)
    if (e.kind == kind) return e.name;
  return "专项统计";
}

std::optional<ReportKind> ParseReportKind(std::string_view code) {
  for (const auto& e : kKinds)
    if (e.code == code) return e.kind;
  return std::nullopt;
}

std::string_view ColumnTypeCode(ColumnType type) {
  switch (type) {
    case ColumnType::kText:
      return "text";
    case ColumnType::kInt:
      return "int";
    case ColumnType::kRate:
      return "rate";
    case ColumnType::kDecimal:
      return "decimal";
  }
  return "text";
}

Instant ReportPeriod::Start() const {
  return std::chrono::time_point_cast<std::chrono::milliseconds>(from - kChinaOffset);
}

Instant ReportPeriod::End() const {
  return std::chrono::time_point_cast<std::chrono::milliseconds>(to + days(1) - kChinaOffset);
}

std::optional<sys_days> ParseReportDate(std::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
  auto number = [&](std::size_t pos, std::size_t len) -> std::optional<int> {
    int v = 0;
    for (std::size_t i = pos; i < pos + len; ++i) {
      if (text[i] < '0' || text[i] > '9') return std::nullopt;
      v = v * 10 + (text[i] - '0');
    }
    return v;
  };
  const auto y = number(0, 4), m = number(5, 2), d = number(8, 2);
  if (!y || !m || !d) return std::nullopt;
  const year_month_day ymd{std::chrono::year(*y), std::chrono::month(static_cast<unsigned>(*m)),
                           std::chrono::day(static_cast<unsigned>(*d))};
  if (!ymd.ok() || *y < 1970) return std::nullopt;
  return sys_days(ymd);
}

std::string ReportDateText(sys_days day) {
  const year_month_day ymd(day);
  return fmt::format("{:04}-{:02}-{:02}", static_cast<int>(ymd.year()),
                     static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
}

std::int32_t ReportDayNumber(sys_days day) {
  const year_month_day ymd(day);
  return static_cast<int>(ymd.year()) * 10000 + static_cast<int>(unsigned(ymd.month())) * 100 +
         static_cast<int>(unsigned(ymd.day()));
}

sys_days ChinaDateOf(Instant t) { return std::chrono::floor<days>(t + kChinaOffset); }

ReportPeriod PeriodOf(ReportKind kind, sys_days date) {
  const year_month_day ymd(date);
  switch (kind) {
    case ReportKind::kWeekly: {
      const std::chrono::weekday wd(date);
      // Monday is the first day of a Chinese week.
      const auto since_monday = days((wd.c_encoding() + 6) % 7);
      return {date - since_monday, date - since_monday + days(6)};
    }
    case ReportKind::kMonthly:
      return {sys_days(ymd.year() / ymd.month() / 1),
              sys_days(ymd.year() / ymd.month() / std::chrono::last)};
    case ReportKind::kAnnual:
      return {sys_days(ymd.year() / 1 / 1), sys_days(ymd.year() / 12 / 31)};
    case ReportKind::kDaily:
    case ReportKind::kCustom:
      break;
  }
  return {date, date};
}

ReportPeriod PreviousPeriod(ReportKind kind, const ReportPeriod& period) {
  switch (kind) {
    case ReportKind::kDaily:
    case ReportKind::kWeekly:
    case ReportKind::kMonthly:
    case ReportKind::kAnnual:
      return PeriodOf(kind, period.from - days(1));
    case ReportKind::kCustom:
      break;
  }
  const days length = period.to - period.from + days(1);
  return {period.from - length, period.from - days(1)};
}

ReportPeriod SamePeriodLastYear(const ReportPeriod& period) {
  auto back = [](sys_days day) {
    const year_month_day ymd(day);
    year_month_day earlier = (ymd.year() - std::chrono::years(1)) / ymd.month() / ymd.day();
    if (!earlier.ok()) earlier = earlier.year() / earlier.month() / std::chrono::last;
    return sys_days(earlier);
  };
  return {back(period.from), back(period.to)};
}

ReportPeriod LastCompletedPeriod(ReportKind kind, sys_days today) {
  return PeriodOf(kind, PeriodOf(kind, today).from - days(1));
}

Report BuildReport(const ReportInputs& in, const UnitTree& units, const CategoryTree& categories) {
  Report r;
  r.kind = in.kind;
  r.period = in.period;
  r.sections.push_back(Overview(in));
  r.sections.push_back(ByChannel(in));
  r.sections.push_back(ByTopCategory(in, categories));
  r.sections.push_back(TopDemands(in, categories));
  r.sections.push_back(UnitTable("by_unit", "承办单位", "各承办单位的办理情况与三率", "承办单位",
                                 in.by_unit, units, "dispatched"));
  r.sections.push_back(UnitTable("by_street", "街道", "按诉求所在街道汇总", "街道", in.by_street,
                                 units, "received"));
  r.sections.push_back(Rising(in, categories));
  r.sections.push_back(DissatisfiedByUnit(in, units));
  r.sections.push_back(DissatisfiedByCategory(in, categories));
  r.sections.push_back(DissatisfiedReasons(in));
  r.sections.push_back(DissatisfiedReasonsByUnit(in, units));
  r.sections.push_back(Overdue(in, units));
  r.sections.push_back(RepeatedlyFailed(in, units, categories));
  r.sections.push_back(Whistles(in, units));
  r.sections.push_back(Supervisions(in));
  r.sections.push_back(UnitScores(in, units));
  r.rules_version = in.rules.version;
  return r;
}

json ReportToJson(const Report& report) {
  json sections = json::array();
  for (const ReportSection& s : report.sections) {
    json columns = json::array();
    for (const ReportColumn& c : s.columns)
      columns.push_back({{"key", c.key}, {"title", c.title}, {"type", ColumnTypeCode(c.type)}});
    sections.push_back(json{{"id", s.id},
                            {"title", s.title},
                            {"note", s.note},
                            {"columns", std::move(columns)},
                            {"rows", s.rows}});
  }
  json out{{"kind", ReportKindCode(report.kind)},
           {"kind_name", ReportKindName(report.kind)},
           {"from", ReportDateText(report.period.from)},
           {"to", ReportDateText(report.period.to)},
           {"sections", std::move(sections)}};
  if (report.rules_version) out["rules_version"] = *report.rules_version;
  return out;
}

Result<Report> ReportFromJson(const json& body) {
  try {
    Report r;
    const auto kind = ParseReportKind(body.at("kind").get<std::string>());
    if (!kind) return Fail(BadBody("kind"));
    r.kind = *kind;
    const auto from = ParseReportDate(body.at("from").get<std::string>());
    const auto to = ParseReportDate(body.at("to").get<std::string>());
    if (!from || !to) return Fail(BadBody("period"));
    r.period = {*from, *to};
    if (auto v = body.find("rules_version"); v != body.end())
      r.rules_version = v->get<std::int64_t>();
    for (const json& s : body.at("sections")) {
      ReportSection section;
      section.id = s.at("id").get<std::string>();
      section.title = s.at("title").get<std::string>();
      section.note = s.value("note", "");
      for (const json& c : s.at("columns")) {
        const std::string type = c.at("type").get<std::string>();
        section.columns.push_back({c.at("key").get<std::string>(), c.at("title").get<std::string>(),
                                   type == "rate"      ? ColumnType::kRate
                                   : type == "int"     ? ColumnType::kInt
                                   : type == "decimal" ? ColumnType::kDecimal
                                                       : ColumnType::kText});
      }
      for (const json& row : s.at("rows")) {
        if (!row.is_object()) return Fail(BadBody("row"));
        section.rows.push_back(row);
      }
      r.sections.push_back(std::move(section));
    }
    return r;
  } catch (const json::exception& e) {
    return Fail(BadBody(e.what()));
  }
}

}  // namespace hotline
