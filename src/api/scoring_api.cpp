// 考核: the scoring rules (GET/PUT /api/v1/scoring-rules), period rankings
// per unit group, the 红黑榜, the 涉企 board and a unit's own score
// (docs/metrics.md, "Scores and rankings"). Scores come from the daily
// rollups, so a ranking for a year costs one rollup query. A period is
// judged by the rules in force at its end unless rules_version names another.
//
// Who sees what: platform roles see whole rankings; unit staff see only
// their own unit's row, with its rank and the number of ranked units (and
// the scores of the units below them through /units/{id}/score). The 红黑榜
// is published to every member of staff, as the hotline publishes it.
#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <cmath>
#include <map>

#include "api/api.h"
#include "api/error_map.h"
#include "api/field_reader.h"
#include "api/handler_support.h"
#include "common/time_format.h"
#include "service/metrics_drilldown.h"
#include "service/scoring_rules_source.h"
#include "workorder/scoring.h"

namespace hotline {
namespace {

using nlohmann::json;

constexpr int kMaxRangeDays = 3 * 366;
constexpr std::size_t kCasesPerList = 5;  // orders named behind a unit on the 红黑榜

Result<std::optional<UnitGroup>> ParseGroup(const HttpRequest& req, bool required) {
  if (!req.HasQuery("group")) {
    if (!required) return std::optional<UnitGroup>();
    return Fail(ErrorKind::kInvalidInput, "missing_field",
                "请提供查询参数 group（department、street 或 community）", "group");
  }
  auto g = ParseUnitGroup(req.Query("group"));
  if (!g)
    return Fail(ErrorKind::kInvalidInput, "invalid_value",
                "group 应为 department（职能部门）、street（街道）或 community（社区）", "group");
  return std::optional(*g);
}

constexpr std::int64_t kMaxVersion = 1'000'000'000;

// The rules that judge `period`: the version named by the query's
// rules_version (a leader re-judging the period), else the version in force
// at the period's end, so a later change of the rules does not rewrite past
// rankings.
Result<ScoringRules> RulesForPeriod(const HttpRequest& req, Store& store, const DayRange& period) {
  if (!req.HasQuery("rules_version")) return RulesInForceAt(store, period.to);
  auto version = QueryInt(req, "rules_version", 0, kMaxVersion);
  if (!version) return Fail(version.error());
  return RulesOfVersion(store, *version, "rules_version");
}

// Every unit of `group` with its counters from rollup dimension `dim`
// ("unit", or "enterprise_unit" for the 涉企 board); units without any
// order in the period are listed with zero counts (and stay unranked).
Result<std::vector<UnitFigures>> FiguresOf(Store& store, const UnitTree& units,
                                           std::string_view dim, UnitGroup group,
                                           const DayRange& p) {
  auto rows = store.QueryRollup(dim, p.from_day, p.to_day);
  if (!rows) return Fail(rows.error());
  std::map<UnitId, MeasureCounts> by_unit;
  for (const RollupRow& row : *rows) by_unit[std::stoll(row.key)] = row.counts;
  std::vector<UnitFigures> out;
  for (const Unit& u : units.All()) {
    if (GroupOfKind(u.kind) != group) continue;
    UnitFigures f{u.id, u.name, {}};
    if (auto it = by_unit.find(u.id); it != by_unit.end()) f.counts = it->second;
    out.push_back(std::move(f));
  }
  return out;
}

json ScoreJson(const UnitScore& s) {
  json indicators = json::object();
  for (const IndicatorScore& i : s.indicators)
    indicators[std::string(IndicatorCode(i.indicator))] =
        json{{"name", IndicatorName(i.indicator)},
             {"rate", i.rate ? json(*i.rate) : json(nullptr)},
             {"weight", i.weight},
             {"effective_weight", std::round(i.effective_weight * 10000.0) / 10000.0},
             {"points", std::round(i.points * 100.0) / 100.0},
             {"lower_is_better", LowerIsBetter(i.indicator)}};
  json deductions = json::array();
  for (const Deduction& d : s.deductions)
    deductions.push_back(
        json{{"code", d.code}, {"count", d.count}, {"per_item", d.per_item}, {"points", d.points}});
  json bonuses = json::array();
  for (const ScoringBonus& b : s.bonuses)
    bonuses.push_back(json{{"points", b.points}, {"reason", b.reason}});
  return json{{"unit_id", s.unit_id},
              {"name", s.name},
              {"score", s.score},
              {"base", std::round(s.base * 100.0) / 100.0},
              {"dispatched", s.dispatched},
              {"indicators", std::move(indicators)},
              {"deductions", std::move(deductions)},
              {"bonuses", std::move(bonuses)},
              {"explanation", s.explanation}};
}

json RankedJson(const RankedUnit& r) {
  json j = ScoreJson(r.score);
  j["rank"] = r.rank;
  return j;
}

// A ranking as `viewer` may see it: all of it for platform roles, only
// their own unit's row for unit staff.
json RankingJson(const Ranking& ranking, const Actor& viewer) {
  const bool all = !IsUnitRole(viewer.role);
  json rows = json::array();
  for (const RankedUnit& r : ranking.ranked)
    if (all || r.score.unit_id == viewer.unit_id) rows.push_back(RankedJson(r));
  json unranked = json::array();
  for (const UnrankedUnit& u : ranking.unranked)
    if (all || u.score.unit_id == viewer.unit_id) {
      json j = ScoreJson(u.score);
      j["reason"] = u.reason;
      unranked.push_back(std::move(j));
    }
  return json{{"group", UnitGroupCode(ranking.group)},
              {"group_name", UnitGroupName(ranking.group)},
              {"group_size", ranking.ranked.size()},
              {"rows", std::move(rows)},
              {"unranked", std::move(unranked)}};
}

// A group's ranking for the query's period (from, to, group), by the rules
// in force: what the rankings and the 红黑榜 both start from.
struct RankedGroup {
  DayRange period;
  ScoringRules rules;
  Ranking ranking;
};
Result<RankedGroup> RankGroupFromQuery(const HttpRequest& req, Store& store,
                                       const UnitTree& units) {
  if (auto known = OnlyKnownQuery(req, {"from", "to", "group", "rules_version"}); !known)
    return Fail(known.error());
  auto period = ParseDayRange(req, kMaxRangeDays);
  if (!period) return Fail(period.error());
  auto group = ParseGroup(req, /*required=*/true);
  if (!group) return Fail(group.error());
  auto rules = RulesForPeriod(req, store, *period);
  if (!rules) return Fail(rules.error());
  auto figures = FiguresOf(store, units, "unit", **group, *period);
  if (!figures) return Fail(figures.error());
  Ranking ranking = Rank(**group, *figures, *rules, period->from_day, period->to_day);
  return RankedGroup{std::move(*period), std::move(*rules), std::move(ranking)};
}

json PeriodJson(const DayRange& p, const ScoringRules& rules) {
  return json{{"from", p.from_text}, {"to", p.to_text}, {"rules_version", rules.version}};
}

}  // namespace

HttpResponse Api::GetScoringRules(const HttpRequest& req, const PathParams&) const {
  auto actor = Authenticate(req);
  if (!actor) return ErrorResponse(actor.error());
  auto result = [&]() -> Result<HttpResponse> {
    if (auto known = OnlyKnownQuery(req, {"version"}); !known) return Fail(known.error());
    // ?version=N shows an earlier version (0: the defaults); else the newest.
    Result<ScoringRules> rules = [&]() -> Result<ScoringRules> {
      if (!req.HasQuery("version")) return NewestRules(deps_.store);
      auto version = QueryInt(req, "version", 0, kMaxVersion);
      if (!version) return Fail(version.error());
      return RulesOfVersion(deps_.store, *version, "version");
    }();
    if (!rules) return Fail(rules.error());
    return JsonResponse(200, ScoringRulesToJson(*rules));
  }();
  return Respond(std::move(result), actor->username);
}

HttpResponse Api::PutScoringRules(const HttpRequest& req, const PathParams&) const {
  auto actor = Authenticate(req);
  if (!actor) return ErrorResponse(actor.error());
  auto result = [&]() -> Result<HttpResponse> {
    if (actor->role != Role::kAdmin)
      return Fail(ErrorKind::kForbidden, "role_not_allowed", "只有系统管理员可以修改考核细则");
    auto body = ParseJsonObject(req.body);
    if (!body) return Fail(body.error());
    body->erase("version");  // assigned here, never by the client
    auto rules = ScoringRulesFromJson(*body);
    if (!rules) return Fail(rules.error());
    const auto units = deps_.directory.Units();
    for (std::size_t i = 0; i < rules->bonuses.size(); ++i) {
      const Unit* u = units->Find(rules->bonuses[i].unit_id);
      if (u == nullptr || !GroupOfKind(u->kind))
        return Fail(ErrorKind::kInvalidInput, "unknown_unit",
                    "加分单位不存在或不参加考核（应为职能部门、街道或社区）",
                    fmt::format("bonuses[{}].unit_id", i));
    }
    const std::string text = ScoringRulesToJson(*rules).dump();
    std::int64_t version = 0;
    auto written = deps_.store.Write([&](WriteTxn& txn) -> Result<void> {
      auto v = txn.InsertScoringRules(text, deps_.orders.GetClock().Now(), actor->user_id);
      if (!v) return Fail(v.error());
      version = *v;
      return {};
    });
    if (!written) return Fail(written.error());
    spdlog::info("audit scoring_rules_saved user={} version={}", actor->username, version);
    rules->version = version;
    return JsonResponse(200, ScoringRulesToJson(*rules));
  }();
  return Respond(std::move(result), actor->username);
}

HttpResponse Api::Rankings(const HttpRequest& req, const PathParams&) const {
  auto actor = Authenticate(req);
  if (!actor) return ErrorResponse(actor.error());
  auto result = [&]() -> Result<HttpResponse> {
    auto ranked = RankGroupFromQuery(req, deps_.store, *deps_.directory.Units());
    if (!ranked) return Fail(ranked.error());
    json out = PeriodJson(ranked->period, ranked->rules);
    out.update(RankingJson(ranked->ranking, *actor));
    return JsonResponse(200, out);
  }();
  return Respond(std::move(result), actor->username);
}

HttpResponse Api::RedBlackBoard(const HttpRequest& req, const PathParams&) const {
  auto actor = Authenticate(req);
  if (!actor) return ErrorResponse(actor.error());
  auto result = [&]() -> Result<HttpResponse> {
    auto ranked = RankGroupFromQuery(req, deps_.store, *deps_.directory.Units());
    if (!ranked) return Fail(ranked.error());
    const DayRange* period = &ranked->period;
    const ScoringRules* rules = &ranked->rules;
    const Ranking& ranking = ranked->ranking;
    const int size = rules->For(ranked->ranking.group).red_black_size;
    const RedBlack board = RedBlackOf(ranking, size);

    // The cases behind a unit: orders that added to `measures` for it.
    auto cases = [&](UnitId unit, std::initializer_list<Measure> measures) -> Result<json> {
      json out = json::array();
      for (Measure m : measures) {
        auto found =
            OrdersBehind(deps_.store, m, period->from_day, period->to_day, period->from, period->to,
                         [unit](const MetricFact& f) { return f.unit_id && *f.unit_id == unit; });
        if (!found) return Fail(found.error());
        for (std::size_t i = 0; i < found->size() && i < kCasesPerList; ++i) {
          const WorkOrder& o = (*found)[i].order;
          out.push_back(json{{"measure", MeasureCode(m)},
                             {"order_id", o.id},
                             {"number", o.number},
                             {"title", o.title},
                             {"count", (*found)[i].count}});
        }
      }
      return out;
    };
    json red = json::array();
    for (const RankedUnit& r : board.red) {
      auto c = cases(r.score.unit_id, {Measure::kSatisfied});
      if (!c) return Fail(c.error());
      json j = RankedJson(r);
      j["cases"] = std::move(*c);
      red.push_back(std::move(j));
    }
    json black = json::array();
    for (const RankedUnit& r : board.black) {
      auto c = cases(r.score.unit_id, {Measure::kDissatisfied, Measure::kOverdue});
      if (!c) return Fail(c.error());
      json j = RankedJson(r);
      j["cases"] = std::move(*c);
      black.push_back(std::move(j));
    }
    json out = PeriodJson(*period, *rules);
    out["group"] = UnitGroupCode(ranking.group);
    out["group_name"] = UnitGroupName(ranking.group);
    out["group_size"] = ranking.ranked.size();
    out["size"] = size;
    out["red"] = std::move(red);
    out["black"] = std::move(black);
    return JsonResponse(200, out);
  }();
  return Respond(std::move(result), actor->username);
}

HttpResponse Api::EnterpriseBoard(const HttpRequest& req, const PathParams&) const {
  auto actor = Authenticate(req);
  if (!actor) return ErrorResponse(actor.error());
  auto result = [&]() -> Result<HttpResponse> {
    if (auto known = OnlyKnownQuery(req, {"from", "to", "group", "rules_version"}); !known)
      return Fail(known.error());
    auto period = ParseDayRange(req, kMaxRangeDays);
    if (!period) return Fail(period.error());
    auto group = ParseGroup(req, /*required=*/false);
    if (!group) return Fail(group.error());
    auto rules = RulesForPeriod(req, deps_.store, *period);
    if (!rules) return Fail(rules.error());
    const auto units = deps_.directory.Units();
    json groups = json::array();
    for (UnitGroup g : kUnitGroups) {
      if (*group && **group != g) continue;
      auto figures = FiguresOf(deps_.store, *units, "enterprise_unit", g, *period);
      if (!figures) return Fail(figures.error());
      groups.push_back(
          RankingJson(Rank(g, *figures, *rules, period->from_day, period->to_day), *actor));
    }
    json out = PeriodJson(*period, *rules);
    out["board"] = "enterprise";
    out["groups"] = std::move(groups);
    return JsonResponse(200, out);
  }();
  return Respond(std::move(result), actor->username);
}

HttpResponse Api::GetUnitScore(const HttpRequest& req, const PathParams& params) const {
  auto actor = Authenticate(req);
  if (!actor) return ErrorResponse(actor.error());
  auto result = [&]() -> Result<HttpResponse> {
    auto id = ParseId(params.at("id"), "id");
    if (!id) return Fail(id.error());
    const auto units = deps_.directory.Units();
    const Unit* unit = units->Find(*id);
    const auto scope = MetricsScope(*actor);
    if (unit == nullptr || (scope && !scope->contains(*id)))
      return Fail(ErrorKind::kNotFound, "unit_not_found", "单位不存在或不在您的查看范围内", "id");
    const auto group = GroupOfKind(unit->kind);
    if (!group)
      return Fail(ErrorKind::kBusinessRule, "not_scored", "热线平台本身不参加考核排名", "id");
    if (auto known = OnlyKnownQuery(req, {"from", "to", "rules_version"}); !known)
      return Fail(known.error());
    auto period = ParseDayRange(req, kMaxRangeDays);
    if (!period) return Fail(period.error());
    auto rules = RulesForPeriod(req, deps_.store, *period);
    if (!rules) return Fail(rules.error());
    auto figures = FiguresOf(deps_.store, *units, "unit", *group, *period);
    if (!figures) return Fail(figures.error());
    const Ranking ranking = Rank(*group, *figures, *rules, period->from_day, period->to_day);
    json out = PeriodJson(*period, *rules);
    out["group"] = UnitGroupCode(*group);
    out["group_name"] = UnitGroupName(*group);
    out["group_size"] = ranking.ranked.size();
    for (const RankedUnit& r : ranking.ranked)
      if (r.score.unit_id == *id) {
        out.update(RankedJson(r));
        out["ranked"] = true;
      }
    for (const UnrankedUnit& u : ranking.unranked)
      if (u.score.unit_id == *id) {
        out.update(ScoreJson(u.score));
        out["ranked"] = false;
        out["rank"] = nullptr;
        out["reason"] = u.reason;
      }
    return JsonResponse(200, out);
  }();
  return Respond(std::move(result), actor->username);
}

}  // namespace hotline
