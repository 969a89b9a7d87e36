// GET /api/v1/metrics: the hotline's figures per unit, unit group, street,
// category, channel, demand type or enterprise flag over any range of China
// dates, from the daily rollups (docs/metrics.md defines every field).
#include <fmt/format.h>

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
  return j;
}

struct Query {
  std::string group_by = "unit";
  int category_level = 3;
  double basic_weight = 1.0;
  std::string from_text, to_text;
  std::int32_t from_day = 0, to_day = 0;
  Instant from{}, to{};  // the same days as [from 00:00, to + 1 day 00:00) China time
};

// The query of the report; `drilldown` allows measure, key and paging
// instead of the satisfaction weight, and groups by "all" unless told.
Result<Query> ParseQuery(const HttpRequest& req, bool drilldown) {
  auto known = drilldown ? OnlyKnownQuery(req, {"group_by", "from", "to", "category_level",
                                                "measure", "key", "page", "page_size"})
                         : OnlyKnownQuery(req, {"group_by", "from", "to", "category_level",
                                                "basically_satisfied_weight"});
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
  return q;
}

// The category at `level` above (or at) leaf `id`.
const Category* AtLevel(const CategoryTree& tree, CategoryId id, int level) {
  const Category* c = tree.Find(id);
  while (c != nullptr && c->level > level && c->parent_id) c = tree.Find(*c->parent_id);
  return c;
}

// The rollup dimension a grouping reads: unit_group sums the unit rows by
// kind, category levels sum the leaves.
std::string RollupDimension(const std::string& group_by) {
  return group_by == "unit_group" ? "unit" : group_by;
}

// One output row: its key as the API shows it, its name, and its counters.
struct Group {
  std::string group_key;  // the key text rows are merged by
  json key;
  std::string name;
  MeasureCounts counts{};
};

// The group a rollup key (of dimension `dim`) falls in, or nullopt when the
// viewer may not see it: unit staff (`scope` set) see the units of their own
// subtree and no district-wide breakdowns.
std::optional<Group> GroupOf(const Query& q, const std::string& dim, const std::string& raw_key,
                             const UnitTree& units, const CategoryTree& categories,
                             const std::optional<std::set<UnitId>>& scope) {
  Group g;
  g.group_key = raw_key;
  if (dim == "unit" || dim == "street") {
    const std::int64_t id = std::stoll(raw_key);
    if (scope && !scope->contains(id)) return std::nullopt;
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
    g.group_key = "all";
    g.key = "all";
    g.name = "全区";
  }
  return g;
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
    const std::string dim = RollupDimension(q->group_by);
    auto rows = deps_.store.QueryRollup(dim, q->from_day, q->to_day);
    if (!rows) return Fail(rows.error());
    const auto units = deps_.directory.Units();
    const auto categories = deps_.directory.Categories();
    const auto scope = MetricsScope(*actor);

    std::map<std::string, Group> grouped;  // by group key, so output order is stable
    for (const RollupRow& row : *rows) {
      auto group = GroupOf(*q, dim, row.key, *units, *categories, scope);
      if (!group) continue;
      auto [it, inserted] = grouped.try_emplace(group->group_key, std::move(*group));
      AddCounts(it->second.counts, row.counts);
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
      out_rows.push_back(std::move(row));
    }
    return JsonResponse(200, json{{"group_by", q->group_by},
                                  {"from", q->from_text},
                                  {"to", q->to_text},
                                  {"basically_satisfied_weight", q->basic_weight},
                                  {"rows", std::move(out_rows)}});
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
    const auto measure = ParseMeasure(req.Query("measure"));
    if (!measure)
      return Fail(ErrorKind::kInvalidInput, "invalid_value",
                  fmt::format("未知的统计项「{}」", req.Query("measure")), "measure");
    const std::string key = q->group_by == "all" ? "all" : std::string(req.Query("key"));
    if (key.empty())
      return Fail(ErrorKind::kInvalidInput, "missing_field", "请提供查询参数 key（分组的键）",
                  "key");
    auto paging = ParsePaging(req, 50);
    if (!paging) return Fail(paging.error());
    const std::string dim = RollupDimension(q->group_by);
    const auto units = deps_.directory.Units();
    const auto categories = deps_.directory.Categories();
    const auto scope = MetricsScope(*actor);
    // A fact belongs to row `key` exactly when the report would put it there.
    auto match = [&](const MetricFact& fact) {
      for (const RollupKey& k : RollupKeysOf(fact))
        if (k.dim == dim) {
          auto group = GroupOf(*q, dim, k.key, *units, *categories, scope);
          return group && group->group_key == key;
        }
      return false;
    };
    auto found = OrdersBehind(deps_.store, *measure, q->from_day, q->to_day, q->from, q->to, match);
    if (!found) return Fail(found.error());
    json items = json::array();
    const auto first = static_cast<std::size_t>(paging->offset());
    for (std::size_t i = first;
         i < found->size() && static_cast<std::int64_t>(items.size()) < paging->page_size; ++i) {
      const WorkOrder& o = (*found)[i].order;
      json item =
          OrderJson(o, CallerVisibilityFor(actor->role, o.demand_type), deps_.orders.Rules());
      item["contribution"] = (*found)[i].count;
      items.push_back(std::move(item));
    }
    std::int64_t sum = 0;
    for (const auto& c : *found) sum += c.count;
    return JsonResponse(200, json{{"measure", MeasureCode(*measure)},
                                  {"group_by", q->group_by},
                                  {"key", key},
                                  {"from", q->from_text},
                                  {"to", q->to_text},
                                  {"figure", sum},
                                  {"total", found->size()},
                                  {"page", paging->page},
                                  {"page_size", paging->page_size},
                                  {"items", std::move(items)}});
  }();
  return Respond(std::move(result), actor->username);
}

}  // namespace hotline
