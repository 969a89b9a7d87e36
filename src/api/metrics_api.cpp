// GET /api/v1/metrics: the hotline's figures per unit, unit group, street,
// category, channel, demand type or enterprise flag over any range of China
// dates, from the daily rollups (docs/metrics.md defines every field).
#include <fmt/format.h>

#include <cmath>
#include <map>
#include <set>

#include "api/api.h"
#include "api/error_map.h"
#include "api/handler_support.h"
#include "common/time_format.h"
#include "workorder/metric_facts.h"

namespace hotline {
namespace {

using nlohmann::json;

constexpr int kMaxRangeDays = 3 * 366;

std::int64_t Count(const MeasureCounts& c, Measure m) { return c[static_cast<int>(m)]; }

json Rate(double numerator, std::int64_t denominator) {
  if (denominator == 0) return nullptr;
  // Four decimals: exact enough for a percentage with two, and stable to compare.
  return std::round(numerator / static_cast<double>(denominator) * 10000.0) / 10000.0;
}

void AddCounts(MeasureCounts& into, const MeasureCounts& from) {
  for (int i = 0; i < kMeasureCount; ++i) into[i] += from[i];
}

// The §7 fields plus every counter behind them.
json FigureFields(const MeasureCounts& c, double basic_weight) {
  json j = json::object();
  for (int i = 0; i < kMeasureCount; ++i)
    j[std::string(MeasureCode(static_cast<Measure>(i)))] = c[i];
  const std::int64_t rated = Count(c, Measure::kRated);
  j["response_rate"] = Rate(Count(c, Measure::kSignedOnTime), Count(c, Measure::kSigned));
  j["ontime_rate"] = Rate(Count(c, Measure::kRepliedOnTime), Count(c, Measure::kReplied));
  j["resolution_rate"] = Rate(Count(c, Measure::kResolved), rated);
  j["satisfaction_rate"] = Rate(
      Count(c, Measure::kSatisfied) + basic_weight * Count(c, Measure::kBasicallySatisfied), rated);
  j["return_rate"] = Rate(Count(c, Measure::kReturned), Count(c, Measure::kDispatched));
  j["return_approved_rate"] =
      Rate(Count(c, Measure::kReturnApproved), Count(c, Measure::kDispatched));
  j["reopen_rate"] = Rate(Count(c, Measure::kReopened), rated);
  return j;
}

struct Query {
  std::string group_by = "unit";
  int category_level = 3;
  double basic_weight = 1.0;
  std::string from_text, to_text;
  std::int32_t from_day = 0, to_day = 0;
};

Result<Query> ParseQuery(const HttpRequest& req) {
  if (auto r = OnlyKnownQuery(
          req, {"group_by", "from", "to", "category_level", "basically_satisfied_weight"});
      !r)
    return Fail(r.error());
  Query q;
  if (req.HasQuery("group_by")) q.group_by = std::string(req.Query("group_by"));
  static const std::set<std::string> kGroups = {"all",      "unit",    "unit_group",  "street",
                                                "category", "channel", "demand_type", "enterprise"};
  if (!kGroups.contains(q.group_by))
    return Fail(ErrorKind::kInvalidInput, "invalid_value",
                "group_by 应为 all、unit、unit_group、street、category、channel、demand_type 或 "
                "enterprise",
                "group_by");
  for (const char* key : {"from", "to"})
    if (!req.HasQuery(key))
      return Fail(ErrorKind::kInvalidInput, "missing_field",
                  fmt::format("请提供查询参数 {}（YYYY-MM-DD）", key), key);
  const auto from = ParseChinaDate(req.Query("from"));
  if (!from)
    return Fail(ErrorKind::kInvalidInput, "invalid_value", "from 应为 YYYY-MM-DD 格式的日期",
                "from");
  const auto to = ParseChinaDate(req.Query("to"));
  if (!to)
    return Fail(ErrorKind::kInvalidInput, "invalid_value", "to 应为 YYYY-MM-DD 格式的日期", "to");
  if (*from > *to)
    return Fail(ErrorKind::kInvalidInput, "invalid_value", "开始日期不能晚于结束日期", "from");
  if (*to - *from >= std::chrono::days(kMaxRangeDays))
    return Fail(ErrorKind::kInvalidInput, "invalid_value",
                fmt::format("统计区间最长 {} 天", kMaxRangeDays), "to");
  q.from_text = req.Query("from");
  q.to_text = req.Query("to");
  q.from_day = ChinaDayNumber(*from);
  q.to_day = ChinaDayNumber(*to);
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

}  // namespace

HttpResponse Api::MetricsReport(const HttpRequest& req, const PathParams&) const {
  auto actor = Authenticate(req);
  if (!actor) return ErrorResponse(actor.error());
  auto result = [&]() -> Result<HttpResponse> {
    auto q = ParseQuery(req);
    if (!q) return Fail(q.error());
    // unit_group sums the unit rows by kind; category levels sum leaves.
    const std::string dim = q->group_by == "unit_group" ? "unit" : q->group_by;
    auto rows = deps_.store.QueryRollup(dim, q->from_day, q->to_day);
    if (!rows) return Fail(rows.error());
    const auto units = deps_.directory.Units();
    const auto categories = deps_.directory.Categories();
    // Unit staff see the figures of their own unit and the units below it.
    std::optional<std::set<UnitId>> scope;
    if (auto s = SupervisionScope(*actor)) scope.emplace(s->begin(), s->end());
    const bool unit_rows = dim == "unit" || dim == "street";

    struct Out {
      json key;
      std::string name;
      MeasureCounts counts{};
    };
    std::map<std::string, Out> grouped;  // by key text, so output order is stable
    for (const RollupRow& row : *rows) {
      Out out;
      std::string group_key = row.key;
      if (unit_rows || dim == "category") {
        const std::int64_t id = std::stoll(row.key);
        if (unit_rows && scope && !scope->contains(id)) continue;
        if (q->group_by == "unit_group") {
          const Unit* u = units->Find(id);
          const std::string kind = u ? std::string(UnitKindCode(u->kind)) : "unknown";
          group_key = kind;
          out.key = kind;
          out.name = kind == "department"  ? "职能部门"
                     : kind == "street"    ? "街道"
                     : kind == "community" ? "社区"
                     : kind == "platform"  ? "热线平台"
                                           : "未知";
        } else if (dim == "category") {
          const Category* c = AtLevel(*categories, id, q->category_level);
          const std::int64_t cid = c ? c->id : id;
          group_key = std::to_string(cid);
          out.key = cid;
          out.name = c ? c->name : std::string();
        } else {
          const Unit* u = units->Find(id);
          out.key = id;
          out.name = u ? u->name : std::string();
        }
      } else if (scope) {
        continue;  // district-wide breakdowns are for platform staff
      } else if (dim == "channel") {
        out.key = row.key;
        out.name = row.key;
      } else if (dim == "demand_type") {
        out.key = row.key;
        const auto t = ParseDemandType(row.key);
        out.name = t ? std::string(DemandTypeDisplayName(*t)) : row.key;
      } else if (dim == "enterprise") {
        out.key = row.key == "true";
        out.name = row.key == "true" ? "涉企" : "非涉企";
      } else {
        out.key = "all";
        out.name = "全区";
      }
      auto [it, inserted] = grouped.try_emplace(group_key, std::move(out));
      AddCounts(it->second.counts, row.counts);
    }
    json out_rows = json::array();
    for (auto& [text, out] : grouped) {
      json row = FigureFields(out.counts, q->basic_weight);
      row["key"] = out.key;
      row["name"] = out.name;
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
