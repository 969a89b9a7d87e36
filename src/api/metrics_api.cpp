// GET /api/v1/metrics: the hotline's figures per unit, unit group, street,
// category, channel, demand type or enterprise flag over any range of China
// dates, from the daily rollups, plus the live figures (open 不满意 and
// supervisions) read from the current rows (docs/metrics.md defines every
// field and filter).
#include <fmt/format.h>

#include <charconv>
#include <map>
#include <set>

#include "api/api.h"
#include "api/error_map.h"
#include "api/handler_support.h"
#include "api/resource_json.h"
#include "common/time_format.h"
#include "service/metrics_drilldown.h"
#include "workorder/metric_facts.h"
#include "workorder/metric_rates.h"
#include "workorder/privacy.h"

namespace hotline {
namespace {

using nlohmann::json;

constexpr int kMaxRangeDays = 3 * 366;

json Rate(const std::optional<double>& rate) {
  if (!rate) return nullptr;
  return *rate;
}

void AddCounts(MeasureCounts& into, const MeasureCounts& from) {
  for (int i = 0; i < kMeasureCount; ++i) into[i] += from[i];
}

// The §7 fields plus every counter behind them; the rates come from
// RatesOf, the same function the scoring rules use.
json FigureFields(const MeasureCounts& c, double basic_weight) {
  json j = json::object();
  for (int i = 0; i < kMeasureCount; ++i)
    j[std::string(MeasureCode(static_cast<Measure>(i)))] = c[i];
  const MetricRates rates = RatesOf(c, basic_weight);
  j["response_rate"] = Rate(rates.response_rate);
  j["ontime_rate"] = Rate(rates.ontime_rate);
  j["resolution_rate"] = Rate(rates.resolution_rate);
  j["satisfaction_rate"] = Rate(rates.satisfaction_rate);
  j["return_rate"] = Rate(rates.return_rate);
  j["return_approved_rate"] = Rate(rates.return_approved_rate);
  j["reopen_rate"] = Rate(rates.reopen_rate);
  j["report_in_ontime_rate"] = Rate(rates.report_in_ontime_rate);
  return j;
}

struct Query {
  std::string group_by = "unit";
  int category_level = 3;
  double basic_weight = 1.0;
  std::string from_text, to_text;
  std::int32_t from_day = 0, to_day = 0;
  Instant from{}, to{};  // the same days as [from 00:00, to + 1 day 00:00) China time
  // unit_id: the unit and the units below it (unit_subtree, once resolved);
  // category_id: the category and its descendants.
  std::optional<UnitId> unit_filter;
  std::optional<CategoryId> category_filter;
  std::set<UnitId> unit_subtree;
};

// Groupings whose rows are units (or streets): the only ones unit_id can narrow,
// and the only ones with supervision figures.
bool IsUnitGrouping(const std::string& group_by) {
  return group_by == "all" || group_by == "unit" || group_by == "unit_group" ||
         group_by == "street";
}

// An optional id filter: a positive integer, else 400 naming the parameter.
Result<std::optional<std::int64_t>> FilterId(const HttpRequest& req, std::string_view key) {
  if (!req.HasQuery(key)) return std::optional<std::int64_t>();
  const std::string_view text = req.Query(key);
  std::int64_t v = 0;
  auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || p != text.data() + text.size() || v <= 0)
    return Fail(ErrorKind::kInvalidInput, "invalid_value",
                fmt::format("{} 应为正整数编号，收到「{}」", key, text), std::string(key));
  return std::optional(v);
}

// The query of the report; `drilldown` allows measure, key and paging
// instead of the satisfaction weight, and groups by "all" unless told.
Result<Query> ParseQuery(const HttpRequest& req, bool drilldown) {
  auto known = drilldown
                   ? OnlyKnownQuery(req, {"group_by", "from", "to", "category_level", "measure",
                                          "key", "page", "page_size", "unit_id", "category_id"})
                   : OnlyKnownQuery(req, {"group_by", "from", "to", "category_level",
                                          "basically_satisfied_weight", "unit_id", "category_id"});
  if (!known) return Fail(known.error());
  Query q;
  if (drilldown) q.group_by = "all";
  if (req.HasQuery("group_by")) q.group_by = std::string(req.Query("group_by"));
  static const std::set<std::string> kGroups = {"all",      "unit",    "unit_group",  "street",
                                                "category", "channel", "demand_type", "enterprise"};
  if (!kGroups.contains(q.group_by))
    return Fail(ErrorKind::kInvalidInput, "invalid_value",
                "group_by 应为 all、unit、unit_group、street、category、channel、demand_type 或 "
                "enterprise",
                "group_by");
  auto range = ParseDayRange(req, kMaxRangeDays);
  if (!range) return Fail(range.error());
  q.from_text = range->from_text;
  q.to_text = range->to_text;
  q.from_day = range->from_day;
  q.to_day = range->to_day;
  q.from = range->from;
  q.to = range->to;
  if (req.HasQuery("category_level")) {
    const std::string level(req.Query("category_level"));
    if (level != "1" && level != "2" && level != "3")
      return Fail(ErrorKind::kInvalidInput, "invalid_value", "category_level 应为 1、2 或 3",
                  "category_level");
    q.category_level = level[0] - '0';
  }
  if (req.HasQuery("basically_satisfied_weight")) {
    const std::string text(req.Query("basically_satisfied_weight"));
    char* end = nullptr;
    const double w = std::strtod(text.c_str(), &end);
    if (text.empty() || end != text.c_str() + text.size() || !(w >= 0.0 && w <= 1.0))
      return Fail(ErrorKind::kInvalidInput, "invalid_value",
                  "basically_satisfied_weight 应为 0 到 1 之间的数", "basically_satisfied_weight");
    q.basic_weight = w;
  }
  auto unit = FilterId(req, "unit_id");
  if (!unit) return Fail(unit.error());
  q.unit_filter = *unit;
  auto category = FilterId(req, "category_id");
  if (!category) return Fail(category.error());
  q.category_filter = *category;
  // The rollups are one-dimensional (docs/metrics.md §5): there is no figure
  // of a unit within a category, nor of a unit within a channel.
  if (q.unit_filter && q.category_filter)
    return Fail(ErrorKind::kInvalidInput, "unsupported_filter",
                "unit_id 与 category_id 不能同时使用：统计数据按单位、按分类分别汇总，没有"
                "「某单位的某类诉求」这样的交叉数字",
                "category_id");
  if (q.unit_filter && !IsUnitGrouping(q.group_by))
    return Fail(ErrorKind::kInvalidInput, "unsupported_filter",
                fmt::format("unit_id 只能与 group_by=all、unit、unit_group 或 street 同用："
                            "统计数据按各维度分别汇总，没有单位与 {} 交叉的数字",
                            q.group_by),
                "unit_id");
  if (q.category_filter && q.group_by != "all" && q.group_by != "category")
    return Fail(ErrorKind::kInvalidInput, "unsupported_filter",
                fmt::format("category_id 只能与 group_by=all 或 category 同用：统计数据按各维度"
                            "分别汇总，没有分类与 {} 交叉的数字",
                            q.group_by),
                "category_id");
  return q;
}

// Checks the filters against the organisation and the viewer's scope (unit
// staff see their own subtree), and resolves the unit filter's subtree.
Result<void> ResolveFilters(Query& q, const UnitTree& units, const CategoryTree& categories,
                            const std::optional<std::set<UnitId>>& scope) {
  if (q.unit_filter) {
    const UnitId id = *q.unit_filter;
    if (units.Find(id) == nullptr || (scope && !scope->contains(id)))
      return Fail(ErrorKind::kNotFound, "unit_not_found",
                  fmt::format("单位 {} 不存在或不在您的查看范围内", id), "unit_id");
    const auto subtree = units.Subtree(id);
    q.unit_subtree.insert(subtree.begin(), subtree.end());
  }
  if (q.category_filter) {
    const Category* c = categories.Find(*q.category_filter);
    if (c == nullptr)
      return Fail(ErrorKind::kNotFound, "category_not_found",
                  fmt::format("分类 {} 不存在", *q.category_filter), "category_id");
    if (q.group_by == "category" && q.category_level < c->level)
      return Fail(ErrorKind::kInvalidInput, "invalid_value",
                  fmt::format("category_level 为 {}，但所选分类「{}」是 {} 级：上级分类的行会包含"
                              "该分类以外的诉求，请把 category_level 设为 {} 到 3",
                              q.category_level, c->name, c->level, c->level),
                  "category_level");
  }
  return {};
}

// The category at `level` above (or at) leaf `id`.
const Category* AtLevel(const CategoryTree& tree, CategoryId id, int level) {
  const Category* c = tree.Find(id);
  while (c != nullptr && c->level > level && c->parent_id) c = tree.Find(*c->parent_id);
  return c;
}

// Whether category `id` is `ancestor` or lies below it.
bool CategoryWithin(const CategoryTree& tree, CategoryId id, CategoryId ancestor) {
  for (const Category* c = tree.Find(id); c != nullptr;
       c = c->parent_id ? tree.Find(*c->parent_id) : nullptr)
    if (c->id == ancestor) return true;
  return false;
}

// The rollup dimension a query reads: unit_group sums the unit rows by kind,
// category levels sum the leaves, and a filtered "all" sums the rows of the
// filtered dimension (the "all" rollup cannot be narrowed).
std::string RollupDimension(const Query& q) {
  if (q.group_by == "all" && q.unit_filter) return "unit";
  if (q.group_by == "all" && q.category_filter) return "category";
  return q.group_by == "unit_group" ? "unit" : q.group_by;
}

// One output row: its key as the API shows it, its name, and its figures.
struct Group {
  std::string group_key;  // the key text rows are merged by
  json key;
  std::string name;
  MeasureCounts counts{};
  std::int64_t dissatisfied_open = 0;
  SupervisionCounts supervisions{};
};

// The single row of group_by=all, named after the filter that narrows it.
Group AllGroup(const Query& q, const UnitTree& units, const CategoryTree& categories) {
  Group g;
  g.group_key = "all";
  g.key = "all";
  g.name = "全区";
  if (q.unit_filter) {
    const Unit* u = units.Find(*q.unit_filter);
    g.name = fmt::format("{}（含下属单位）", u ? u->name : std::string());
  } else if (q.category_filter) {
    const Category* c = categories.Find(*q.category_filter);
    g.name = fmt::format("{}（含下级分类）", c ? c->name : std::string());
  }
  return g;
}

// The group a rollup key (of dimension `dim`) falls in, or nullopt when the
// filters leave it out or the viewer may not see it: unit staff (`scope`
// set) see the units of their own subtree and no district-wide breakdowns.
std::optional<Group> GroupOf(const Query& q, const std::string& dim, const std::string& raw_key,
                             const UnitTree& units, const CategoryTree& categories,
                             const std::optional<std::set<UnitId>>& scope) {
  Group g;
  g.group_key = raw_key;
  if (dim == "unit" || dim == "street") {
    const std::int64_t id = std::stoll(raw_key);
    if (scope && !scope->contains(id)) return std::nullopt;
    if (q.unit_filter && !q.unit_subtree.contains(id)) return std::nullopt;
    if (q.group_by == "all") return AllGroup(q, units, categories);
    const Unit* u = units.Find(id);
    if (q.group_by == "unit_group") {
      const std::string kind = u ? std::string(UnitKindCode(u->kind)) : "unknown";
      g.group_key = kind;
      g.key = kind;
      g.name = kind == "department"  ? "职能部门"
               : kind == "street"    ? "街道"
               : kind == "community" ? "社区"
               : kind == "platform"  ? "热线平台"
                                     : "未知";
    } else {
      g.key = id;
      g.name = u ? u->name : std::string();
    }
    return g;
  }
  if (scope) return std::nullopt;
  if (dim == "category") {
    const std::int64_t id = std::stoll(raw_key);
    if (q.category_filter && !CategoryWithin(categories, id, *q.category_filter))
      return std::nullopt;
    if (q.group_by == "all") return AllGroup(q, units, categories);
    const Category* c = AtLevel(categories, id, q.category_level);
    const std::int64_t cid = c ? c->id : id;
    g.group_key = std::to_string(cid);
    g.key = cid;
    g.name = c ? c->name : std::string();
  } else if (dim == "channel") {
    g.key = raw_key;
    const auto c = ParseChannel(raw_key);
    g.name = c ? std::string(ChannelDisplayName(*c)) : raw_key;
  } else if (dim == "demand_type") {
    g.key = raw_key;
    const auto t = ParseDemandType(raw_key);
    g.name = t ? std::string(DemandTypeDisplayName(*t)) : raw_key;
  } else if (dim == "enterprise") {
    g.key = raw_key == "true";
    g.name = raw_key == "true" ? "涉企" : "非涉企";
  } else {
    return AllGroup(q, units, categories);
  }
  return g;
}

// An order's key in dimension `dim` as the live 不满意 counts key it (the
// SQL of storage/sqlite/metric_live_queries.cpp): unit = lead unit now.
std::optional<std::string> OrderKey(const WorkOrder& o, const std::string& dim) {
  if (dim == "unit")
    return o.lead_unit_id ? std::optional(std::to_string(*o.lead_unit_id)) : std::nullopt;
  if (dim == "street")
    return o.street_unit_id ? std::optional(std::to_string(*o.street_unit_id)) : std::nullopt;
  if (dim == "category") return std::to_string(o.category_id);
  if (dim == "channel") return std::string(ChannelCode(o.channel));
  if (dim == "demand_type") return std::string(DemandTypeCode(o.demand_type));
  if (dim == "enterprise") return o.enterprise ? "true" : "false";
  return std::string();
}

// The street a supervised unit belongs to: itself, or the nearest street above it.
std::optional<UnitId> StreetOf(const UnitTree& units, UnitId id) {
  for (const Unit* u = units.Find(id); u != nullptr;
       u = u->parent_id ? units.Find(*u->parent_id) : nullptr)
    if (u->kind == UnitKind::kStreet) return u->id;
  return std::nullopt;
}

// The group of a supervision of `unit_id` (unit groupings only): street rows
// take the street's own and its communities' supervisions.
std::optional<Group> SupervisionGroupOf(const Query& q, const std::string& dim, UnitId unit_id,
                                        const UnitTree& units, const CategoryTree& categories,
                                        const std::optional<std::set<UnitId>>& scope) {
  if (!IsUnitGrouping(q.group_by)) return std::nullopt;
  if (dim == "street") {
    const auto street = StreetOf(units, unit_id);
    if (!street) return std::nullopt;
    return GroupOf(q, dim, std::to_string(*street), units, categories, scope);
  }
  if (dim == "all") return GroupOf(q, dim, "", units, categories, scope);
  return GroupOf(q, "unit", std::to_string(unit_id), units, categories, scope);
}

// 1 − dissatisfied_open / dissatisfied, floored at 0 (docs/metrics.md §10).
std::optional<double> ClearedRate(const MeasureCounts& counts, std::int64_t open) {
  const std::int64_t dissatisfied = CountOf(counts, Measure::kDissatisfied);
  return RoundedRate(static_cast<double>(std::max<std::int64_t>(0, dissatisfied - open)),
                     dissatisfied);
}

// The drill-down's live measures (not rollup counters).
bool IsLiveMeasure(std::string_view m) {
  return m == "dissatisfied_open" || m == "supervisions" || m == "supervisions_overdue" ||
         m == "supervisions_open";
}

}  // namespace

std::optional<std::set<UnitId>> Api::MetricsScope(const Actor& actor) const {
  // Unit staff see the figures of their own unit and the units below it.
  std::optional<std::set<UnitId>> scope;
  if (auto units = SupervisionScope(actor)) scope.emplace(units->begin(), units->end());
  return scope;
}

HttpResponse Api::MetricsReport(const HttpRequest& req, const PathParams&) const {
  auto actor = Authenticate(req);
  if (!actor) return ErrorResponse(actor.error());
  auto result = [&]() -> Result<HttpResponse> {
    auto q = ParseQuery(req, /*drilldown=*/false);
    if (!q) return Fail(q.error());
    const auto units = deps_.directory.Units();
    const auto categories = deps_.directory.Categories();
    const auto scope = MetricsScope(*actor);
    if (auto r = ResolveFilters(*q, *units, *categories, scope); !r) return Fail(r.error());
    const std::string dim = RollupDimension(*q);
    auto rows = deps_.store.QueryRollup(dim, q->from_day, q->to_day);
    if (!rows) return Fail(rows.error());

    std::map<std::string, Group> grouped;  // by group key, so output order is stable
    auto group_for = [&](std::optional<Group> group) -> Group* {
      if (!group) return nullptr;
      auto [it, inserted] = grouped.try_emplace(group->group_key, std::move(*group));
      return &it->second;
    };
    for (const RollupRow& row : *rows)
      if (Group* g = group_for(GroupOf(*q, dim, row.key, *units, *categories, scope)))
        AddCounts(g->counts, row.counts);
    // The live figures; a key that has only these still gets a row.
    auto open = deps_.store.CountOpenDissatisfied(dim, q->from, q->to);
    if (!open) return Fail(open.error());
    for (const KeyCount& k : *open)
      if (Group* g = group_for(GroupOf(*q, dim, k.key, *units, *categories, scope)))
        g->dissatisfied_open += k.count;
    const bool with_supervisions = IsUnitGrouping(q->group_by);
    if (with_supervisions) {
      auto counts =
          deps_.store.CountSupervisionsByUnit(q->from, q->to, deps_.orders.GetClock().Now());
      if (!counts) return Fail(counts.error());
      for (const SupervisionCounts& c : *counts)
        if (Group* g =
                group_for(SupervisionGroupOf(*q, dim, c.unit_id, *units, *categories, scope))) {
          g->supervisions.issued += c.issued;
          g->supervisions.overdue += c.overdue;
          g->supervisions.open += c.open;
        }
    }
    // Numeric keys (unit and category ids) in numeric order, the rest by text.
    std::vector<Group*> ordered;
    for (auto& [text, group] : grouped) ordered.push_back(&group);
    std::stable_sort(ordered.begin(), ordered.end(), [](const Group* a, const Group* b) {
      if (a->key.is_number() != b->key.is_number()) return a->key.is_number();
      if (a->key.is_number()) return a->key.get<std::int64_t>() < b->key.get<std::int64_t>();
      return false;  // text keys keep the map's order
    });
    json out_rows = json::array();
    for (Group* g : ordered) {
      const Group& group = *g;
      json row = FigureFields(group.counts, q->basic_weight);
      row["key"] = group.key;
      row["name"] = group.name;
      row["dissatisfied_open"] = group.dissatisfied_open;
      row["dissatisfied_cleared_rate"] = Rate(ClearedRate(group.counts, group.dissatisfied_open));
      row["supervisions"] = with_supervisions ? json(group.supervisions.issued) : json(nullptr);
      row["supervisions_overdue"] =
          with_supervisions ? json(group.supervisions.overdue) : json(nullptr);
      row["supervisions_open"] = with_supervisions ? json(group.supervisions.open) : json(nullptr);
      out_rows.push_back(std::move(row));
    }
    json out{{"group_by", q->group_by},
             {"from", q->from_text},
             {"to", q->to_text},
             {"basically_satisfied_weight", q->basic_weight},
             {"rows", std::move(out_rows)}};
    if (q->unit_filter) out["unit_id"] = *q->unit_filter;
    if (q->category_filter) out["category_id"] = *q->category_filter;
    return JsonResponse(200, out);
  }();
  return Respond(std::move(result), actor->username);
}

}  // namespace hotline

namespace hotline {

HttpResponse Api::MetricsOrders(const HttpRequest& req, const PathParams&) const {
  auto actor = Authenticate(req);
  if (!actor) return ErrorResponse(actor.error());
  auto result = [&]() -> Result<HttpResponse> {
    auto q = ParseQuery(req, /*drilldown=*/true);
    if (!q) return Fail(q.error());
    if (!req.HasQuery("measure"))
      return Fail(ErrorKind::kInvalidInput, "missing_field", "请提供查询参数 measure", "measure");
    const std::string measure_code(req.Query("measure"));
    const bool live = IsLiveMeasure(measure_code);
    const auto measure = ParseMeasure(measure_code);
    if (!measure && !live)
      return Fail(ErrorKind::kInvalidInput, "invalid_value",
                  fmt::format("未知的统计项「{}」", measure_code), "measure");
    const bool supervision_measure = live && measure_code != "dissatisfied_open";
    if (supervision_measure && !IsUnitGrouping(q->group_by))
      return Fail(ErrorKind::kInvalidInput, "unsupported_filter",
                  "督办统计只按 group_by=all、unit、unit_group 或 street 分组", "measure");
    const std::string key = q->group_by == "all" ? "all" : std::string(req.Query("key"));
    if (key.empty())
      return Fail(ErrorKind::kInvalidInput, "missing_field", "请提供查询参数 key（分组的键）",
                  "key");
    auto paging = ParsePaging(req, 50);
    if (!paging) return Fail(paging.error());
    const auto units = deps_.directory.Units();
    const auto categories = deps_.directory.Categories();
    const auto scope = MetricsScope(*actor);
    if (auto r = ResolveFilters(*q, *units, *categories, scope); !r) return Fail(r.error());
    const std::string dim = RollupDimension(*q);
    auto in_row = [&](const std::optional<Group>& group) {
      return group && group->group_key == key;
    };

    struct Item {
      const WorkOrder* order;
      std::int64_t count;
      json supervisions;  // the 督办单 numbers, for supervision measures
    };
    std::vector<Item> found;
    std::vector<OrderContribution> contributions;
    SupervisionsBehind supervised;
    std::int64_t figure = 0;
    json extra = json::object();
    if (supervision_measure) {
      const Instant now = deps_.orders.GetClock().Now();
      auto behind = SupervisionOrdersBehind(deps_.store, q->from, q->to, [&](const Supervision& s) {
        if (measure_code == "supervisions_overdue" && !SupervisionOverdue(s, now)) return false;
        if (measure_code == "supervisions_open" && !SupervisionOpen(s)) return false;
        return in_row(SupervisionGroupOf(*q, dim, s.unit_id, *units, *categories, scope));
      });
      if (!behind) return Fail(behind.error());
      supervised = std::move(*behind);
      for (const SupervisedOrder& o : supervised.orders) {
        json numbers = json::array();
        for (const Supervision& s : o.supervisions) numbers.push_back(s.number);
        found.push_back({&o.order, static_cast<std::int64_t>(o.supervisions.size()), numbers});
        figure += static_cast<std::int64_t>(o.supervisions.size());
      }
      json without = json::array();
      for (const Supervision& s : supervised.without_order) without.push_back(s.number);
      figure += static_cast<std::int64_t>(supervised.without_order.size());
      extra["without_order"] = std::move(without);
    } else {
      Result<std::vector<OrderContribution>> behind;
      if (live) {
        behind = OpenDissatisfiedBehind(deps_.store, q->from, q->to, [&](const WorkOrder& o) {
          const auto raw = OrderKey(o, dim);
          return raw && in_row(GroupOf(*q, dim, *raw, *units, *categories, scope));
        });
      } else {
        // A fact belongs to row `key` exactly when the report would put it there.
        auto match = [&](const MetricFact& fact) {
          for (const RollupKey& k : RollupKeysOf(fact))
            if (k.dim == dim) return in_row(GroupOf(*q, dim, k.key, *units, *categories, scope));
          return false;
        };
        behind = OrdersBehind(deps_.store, *measure, q->from_day, q->to_day, q->from, q->to, match);
      }
      if (!behind) return Fail(behind.error());
      contributions = std::move(*behind);
      for (const OrderContribution& c : contributions) {
        found.push_back({&c.order, c.count, nullptr});
        figure += c.count;
      }
    }
    json items = json::array();
    const auto first = static_cast<std::size_t>(paging->offset());
    for (std::size_t i = first;
         i < found.size() && static_cast<std::int64_t>(items.size()) < paging->page_size; ++i) {
      const WorkOrder& o = *found[i].order;
      json item =
          OrderJson(o, CallerVisibilityFor(actor->role, o.demand_type), deps_.orders.Rules());
      item["contribution"] = found[i].count;
      if (supervision_measure) item["supervision_numbers"] = found[i].supervisions;
      items.push_back(std::move(item));
    }
    json out{
        {"measure", measure_code},  {"group_by", q->group_by}, {"key", key},
        {"from", q->from_text},     {"to", q->to_text},        {"figure", figure},
        {"total", found.size()},    {"page", paging->page},    {"page_size", paging->page_size},
        {"items", std::move(items)}};
    if (q->unit_filter) out["unit_id"] = *q->unit_filter;
    if (q->category_filter) out["category_id"] = *q->category_filter;
    for (auto& [k, v] : extra.items()) out[k] = v;
    return JsonResponse(200, out);
  }();
  return Respond(std::move(result), actor->username);
}

}  // namespace hotline
