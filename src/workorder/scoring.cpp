#include "workorder/scoring.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "common/time_format.h"

namespace hotline {
namespace {

using nlohmann::json;

constexpr double kWeightTotal = 100.0;
constexpr double kTolerance = 1e-6;  // weights are typed by people: 33.3 + 33.3 + 33.4
constexpr double kMaxPoints = 100.0;
constexpr std::int64_t kMaxMinOrders = 1000000;
constexpr int kMaxRedBlack = 100;

// 20260301 → "2026-03-01".
std::string FormatDayNumber(std::int32_t day) {
  return fmt::format("{:04d}-{:02d}-{:02d}", day / 10000, day / 100 % 100, day % 100);
}

double Round2(double x) { return std::round(x * 100.0) / 100.0; }

// "12.5" rather than "12.50" for configured numbers.
std::string Num(double x) { return fmt::format("{:g}", Round2(x)); }
std::string Pct(double rate) { return fmt::format("{:.2f}%", rate * 100.0); }

std::optional<double> RateOf(const MetricRates& r, Indicator i) {
  switch (i) {
    case Indicator::kResponse:
      return r.response_rate;
    case Indicator::kOntime:
      return r.ontime_rate;
    case Indicator::kResolution:
      return r.resolution_rate;
    case Indicator::kSatisfaction:
      return r.satisfaction_rate;
    case Indicator::kReturn:
      return r.return_rate;
    case Indicator::kReopen:
      return r.reopen_rate;
  }
  return std::nullopt;
}

// What is missing when an indicator cannot be measured.
std::string_view MissingReason(Indicator i) {
  switch (i) {
    case Indicator::kResponse:
      return "本期无签收";
    case Indicator::kOntime:
      return "本期无办结答复";
    case Indicator::kResolution:
    case Indicator::kSatisfaction:
    case Indicator::kReopen:
      return "本期无有效回访";
    case Indicator::kReturn:
      return "本期无派单";
  }
  return "";
}

struct DeductionKind {
  std::string_view code;
  std::string_view zh;
  Measure measure;
  double GroupRules::*per_item;
};
constexpr DeductionKind kDeductions[] = {
    {"overdue", "超期", Measure::kOverdue, &GroupRules::per_overdue},
    {"dissatisfied", "不满意", Measure::kDissatisfied, &GroupRules::per_dissatisfied},
    {"return_approved", "退单获批", Measure::kReturnApproved, &GroupRules::per_return_approved},
};

Error RulesError(std::string field, std::string message) {
  return Error{ErrorKind::kInvalidInput, "invalid_scoring_rules", std::move(message),
               std::move(field)};
}

std::string GroupField(UnitGroup g, std::string_view rest) {
  return fmt::format("groups.{}.{}", UnitGroupCode(g), rest);
}

bool IsNumber(const json& j) { return j.is_number() && std::isfinite(j.get<double>()); }

Result<GroupRules> GroupFromJson(UnitGroup g, const json& j) {
  const std::string base = fmt::format("groups.{}", UnitGroupCode(g));
  if (!j.is_object()) return Fail(RulesError(base, fmt::format("{} 应为对象", base)));
  for (auto it = j.begin(); it != j.end(); ++it)
    if (it.key() != "weights" && it.key() != "deductions" && it.key() != "min_orders" &&
        it.key() != "red_black_size")
      return Fail(ErrorKind::kInvalidInput, "unknown_field",
                  fmt::format("未知字段 {}.{}", base, it.key()), base + "." + it.key());
  GroupRules r;
  if (!j.contains("weights") || !j["weights"].is_object())
    return Fail(RulesError(GroupField(g, "weights"), "缺少各项指标的权重 weights"));
  const json& w = j["weights"];
  for (auto it = w.begin(); it != w.end(); ++it) {
    bool known = false;
    for (Indicator i : kIndicators) known = known || IndicatorCode(i) == it.key();
    if (!known)
      return Fail(ErrorKind::kInvalidInput, "unknown_field", fmt::format("未知指标 {}", it.key()),
                  GroupField(g, "weights." + it.key()));
  }
  for (Indicator i : kIndicators) {
    const std::string code(IndicatorCode(i));
    if (!w.contains(code) || !IsNumber(w[code]))
      return Fail(RulesError(GroupField(g, "weights." + code),
                             fmt::format("{}（{}）的权重应为数字", IndicatorName(i), code)));
    r.weights[static_cast<int>(i)] = w[code].get<double>();
  }
  if (j.contains("deductions")) {
    const json& d = j["deductions"];
    if (!d.is_object()) return Fail(RulesError(GroupField(g, "deductions"), "deductions 应为对象"));
    for (auto it = d.begin(); it != d.end(); ++it) {
      const auto kind = std::find_if(std::begin(kDeductions), std::end(kDeductions),
                                     [&](const DeductionKind& k) { return k.code == it.key(); });
      const std::string field = GroupField(g, "deductions." + it.key());
      if (kind == std::end(kDeductions))
        return Fail(
            ErrorKind::kInvalidInput, "unknown_field",
            fmt::format("未知扣分项 {}（应为 overdue、dissatisfied 或 return_approved）", it.key()),
            field);
      if (!IsNumber(it.value()))
        return Fail(RulesError(field, fmt::format("扣分项 {} 应为数字", it.key())));
      r.*(kind->per_item) = it.value().get<double>();
    }
  }
  if (j.contains("min_orders")) {
    if (!j["min_orders"].is_number_integer())
      return Fail(RulesError(GroupField(g, "min_orders"), "min_orders 应为整数"));
    r.min_orders = j["min_orders"].get<std::int64_t>();
  }
  if (j.contains("red_black_size")) {
    if (!j["red_black_size"].is_number_integer())
      return Fail(RulesError(GroupField(g, "red_black_size"), "red_black_size 应为整数"));
    r.red_black_size = static_cast<int>(
        std::clamp<std::int64_t>(j["red_black_size"].get<std::int64_t>(), -1, kMaxRedBlack + 1));
  }
  return r;
}

}  // namespace

std::string_view UnitGroupCode(UnitGroup group) {
  switch (group) {
    case UnitGroup::kDepartment:
      return "department";
    case UnitGroup::kStreet:
      return "street";
    case UnitGroup::kCommunity:
      return "community";
  }
  return "department";
}

std::string_view UnitGroupName(UnitGroup group) {
  switch (group) {
    case UnitGroup::kDepartment:
      return "职能部门";
    case UnitGroup::kStreet:
      return "街道";
    case UnitGroup::kCommunity:
      return "社区";
  }
  return "";
}

std::optional<UnitGroup> ParseUnitGroup(std::string_view code) {
  for (UnitGroup g : kUnitGroups)
    if (UnitGroupCode(g) == code) return g;
  return std::nullopt;
}

std::optional<UnitGroup> GroupOfKind(UnitKind kind) {
  switch (kind) {
    case UnitKind::kDepartment:
      return UnitGroup::kDepartment;
    case UnitKind::kStreet:
      return UnitGroup::kStreet;
    case UnitKind::kCommunity:
      return UnitGroup::kCommunity;
    case UnitKind::kPlatform:
      return std::nullopt;
  }
  return std::nullopt;
}

std::string_view IndicatorCode(Indicator i) {
  switch (i) {
    case Indicator::kResponse:
      return "response_rate";
    case Indicator::kOntime:
      return "ontime_rate";
    case Indicator::kResolution:
      return "resolution_rate";
    case Indicator::kSatisfaction:
      return "satisfaction_rate";
    case Indicator::kReturn:
      return "return_rate";
    case Indicator::kReopen:
      return "reopen_rate";
  }
  return "";
}

std::string_view IndicatorName(Indicator i) {
  switch (i) {
    case Indicator::kResponse:
      return "签收及时率";
    case Indicator::kOntime:
      return "按时办结率";
    case Indicator::kResolution:
      return "解决率";
    case Indicator::kSatisfaction:
      return "满意率";
    case Indicator::kReturn:
      return "退单率";
    case Indicator::kReopen:
      return "重办率";
  }
  return "";
}

bool LowerIsBetter(Indicator i) { return i == Indicator::kReturn || i == Indicator::kReopen; }

ScoringRules DefaultScoringRules() {
  ScoringRules r;
  for (UnitGroup g : kUnitGroups) {
    GroupRules& gr = r.groups[static_cast<int>(g)];
    gr.weights = g == UnitGroup::kCommunity
                     ? std::array<double, kIndicatorCount>{20, 20, 25, 25, 5, 5}
                     : std::array<double, kIndicatorCount>{15, 20, 25, 30, 5, 5};
    gr.per_overdue = 0.5;
    gr.per_dissatisfied = 1.0;
    gr.per_return_approved = 0.5;
    gr.min_orders = 5;
    gr.red_black_size = 3;
  }
  return r;
}

Result<void> ValidateScoringRules(const ScoringRules& rules) {
  if (!(rules.basically_satisfied_weight >= 0.0 && rules.basically_satisfied_weight <= 1.0))
    return Fail(RulesError("basically_satisfied_weight",
                           "basically_satisfied_weight（基本满意折算系数）应在 0 到 1 之间"));
  for (UnitGroup g : kUnitGroups) {
    const GroupRules& gr = rules.For(g);
    double total = 0;
    for (Indicator i : kIndicators) {
      const double w = gr.weights[static_cast<int>(i)];
      if (!(w >= 0.0 && w <= kWeightTotal))
        return Fail(RulesError(GroupField(g, fmt::format("weights.{}", IndicatorCode(i))),
                               fmt::format("{}的权重应在 0 到 100 之间", IndicatorName(i))));
      total += w;
    }
    if (std::abs(total - kWeightTotal) > kTolerance)
      return Fail(RulesError(
          GroupField(g, "weights"),
          fmt::format("{}各项指标权重之和应为 100，现为 {}", UnitGroupName(g), Num(total))));
    for (const DeductionKind& k : kDeductions) {
      const double v = gr.*(k.per_item);
      if (!(v >= 0.0 && v <= kMaxPoints))
        return Fail(RulesError(GroupField(g, fmt::format("deductions.{}", k.code)),
                               fmt::format("{}扣分应在 0 到 100 之间", k.zh)));
    }
    if (gr.min_orders < 1 || gr.min_orders > kMaxMinOrders)
      return Fail(RulesError(
          GroupField(g, "min_orders"),
          fmt::format("min_orders（参与排名的最少派单量）应为 1 到 {} 的整数", kMaxMinOrders)));
    if (gr.red_black_size < 1 || gr.red_black_size > kMaxRedBlack)
      return Fail(
          RulesError(GroupField(g, "red_black_size"),
                     fmt::format("red_black_size（红黑榜名额）应为 1 到 {} 的整数", kMaxRedBlack)));
  }
  for (std::size_t i = 0; i < rules.bonuses.size(); ++i) {
    const ScoringBonus& b = rules.bonuses[i];
    if (b.unit_id <= 0)
      return Fail(RulesError(fmt::format("bonuses[{}].unit_id", i), "加分项需要单位 unit_id"));
    if (!(b.points > 0.0 && b.points <= kMaxPoints))
      return Fail(
          RulesError(fmt::format("bonuses[{}].points", i), "加分 points 应大于 0 且不超过 100"));
    if (b.reason.empty())
      return Fail(RulesError(fmt::format("bonuses[{}].reason", i), "加分项需要说明理由 reason"));
  }
  return {};
}

json ScoringRulesToJson(const ScoringRules& rules) {
  json groups = json::object();
  for (UnitGroup g : kUnitGroups) {
    const GroupRules& gr = rules.For(g);
    json weights = json::object();
    for (Indicator i : kIndicators)
      weights[std::string(IndicatorCode(i))] = gr.weights[static_cast<int>(i)];
    json deductions = json::object();
    for (const DeductionKind& k : kDeductions) deductions[std::string(k.code)] = gr.*(k.per_item);
    groups[std::string(UnitGroupCode(g))] = json{{"weights", std::move(weights)},
                                                 {"deductions", std::move(deductions)},
                                                 {"min_orders", gr.min_orders},
                                                 {"red_black_size", gr.red_black_size}};
  }
  json bonuses = json::array();
  for (const ScoringBonus& b : rules.bonuses)
    bonuses.push_back(json{{"unit_id", b.unit_id},
                           {"day", FormatDayNumber(b.day)},
                           {"points", b.points},
                           {"reason", b.reason}});
  return json{{"version", rules.version},
              {"basically_satisfied_weight", rules.basically_satisfied_weight},
              {"groups", std::move(groups)},
              {"bonuses", std::move(bonuses)}};
}

Result<ScoringRules> ScoringRulesFromJson(const json& j) {
  if (!j.is_object())
    return Fail(ErrorKind::kInvalidInput, "invalid_scoring_rules", "考核细则应为 JSON 对象");
  for (auto it = j.begin(); it != j.end(); ++it)
    if (it.key() != "version" && it.key() != "basically_satisfied_weight" && it.key() != "groups" &&
        it.key() != "bonuses")
      return Fail(ErrorKind::kInvalidInput, "unknown_field", fmt::format("未知字段 {}", it.key()),
                  it.key());
  ScoringRules r;
  if (j.contains("version") && j["version"].is_number_integer())
    r.version = j["version"].get<std::int64_t>();
  if (j.contains("basically_satisfied_weight")) {
    if (!IsNumber(j["basically_satisfied_weight"]))
      return Fail(RulesError("basically_satisfied_weight", "basically_satisfied_weight 应为数字"));
    r.basically_satisfied_weight = j["basically_satisfied_weight"].get<double>();
  }
  if (!j.contains("groups") || !j["groups"].is_object())
    return Fail(ErrorKind::kInvalidInput, "missing_field",
                "缺少各单位类别的考核规则 groups（department、street、community）", "groups");
  const json& groups = j["groups"];
  for (auto it = groups.begin(); it != groups.end(); ++it)
    if (!ParseUnitGroup(it.key()))
      return Fail(ErrorKind::kInvalidInput, "unknown_field",
                  fmt::format("未知单位类别 {}（应为 department、street 或 community）", it.key()),
                  "groups." + it.key());
  for (UnitGroup g : kUnitGroups) {
    const std::string code(UnitGroupCode(g));
    if (!groups.contains(code))
      return Fail(ErrorKind::kInvalidInput, "missing_field",
                  fmt::format("缺少{}的考核规则 groups.{}", UnitGroupName(g), code),
                  "groups." + code);
    auto gr = GroupFromJson(g, groups[code]);
    if (!gr) return Fail(gr.error());
    r.groups[static_cast<int>(g)] = *gr;
  }
  if (j.contains("bonuses")) {
    if (!j["bonuses"].is_array()) return Fail(RulesError("bonuses", "bonuses 应为数组"));
    std::size_t index = 0;
    for (const json& bj : j["bonuses"]) {
      const std::string at = fmt::format("bonuses[{}]", index++);
      if (!bj.is_object()) return Fail(RulesError(at, "加分项应为对象"));
      for (auto it = bj.begin(); it != bj.end(); ++it)
        if (it.key() != "unit_id" && it.key() != "day" && it.key() != "points" &&
            it.key() != "reason")
          return Fail(ErrorKind::kInvalidInput, "unknown_field",
                      fmt::format("未知字段 {}.{}", at, it.key()), at + "." + it.key());
      ScoringBonus b;
      if (!bj.contains("unit_id") || !bj["unit_id"].is_number_integer())
        return Fail(RulesError(at + ".unit_id", "unit_id 应为单位编号（整数）"));
      b.unit_id = bj["unit_id"].get<std::int64_t>();
      const auto day = bj.contains("day") && bj["day"].is_string()
                           ? ParseChinaDate(bj["day"].get<std::string>())
                           : std::nullopt;
      if (!day) return Fail(RulesError(at + ".day", "day 应为 YYYY-MM-DD 格式的日期"));
      b.day = ChinaDayNumber(*day);
      if (!bj.contains("points") || !IsNumber(bj["points"]))
        return Fail(RulesError(at + ".points", "points 应为数字"));
      b.points = bj["points"].get<double>();
      if (bj.contains("reason") && bj["reason"].is_string())
        b.reason = bj["reason"].get<std::string>();
      r.bonuses.push_back(std::move(b));
    }
  }
  if (auto v = ValidateScoringRules(r); !v) return Fail(v.error());
  return r;
}

UnitScore Score(const UnitFigures& figures, const GroupRules& rules, double basic_weight,
                const std::vector<ScoringBonus>& bonuses) {
  UnitScore s;
  s.unit_id = figures.unit_id;
  s.name = figures.name;
  s.dispatched = CountOf(figures.counts, Measure::kDispatched);
  const MetricRates rates = RatesOf(figures.counts, basic_weight);

  double measurable_weight = 0;
  for (Indicator i : kIndicators)
    if (RateOf(rates, i)) measurable_weight += rules.weights[static_cast<int>(i)];
  const double scale = measurable_weight > 0 ? kWeightTotal / measurable_weight : 0.0;
  bool spread = false;
  for (Indicator i : kIndicators) {
    IndicatorScore is;
    is.indicator = i;
    is.rate = RateOf(rates, i);
    is.weight = rules.weights[static_cast<int>(i)];
    if (is.rate) {
      is.effective_weight = is.weight * scale;
      is.points = is.effective_weight * (LowerIsBetter(i) ? 1.0 - *is.rate : *is.rate);
      s.base += is.points;
      s.explanation.push_back(
          fmt::format("{} {}{}，权重 {} 分{}，得 {:.2f} 分", IndicatorName(i), Pct(*is.rate),
                      LowerIsBetter(i) ? "（越低越好）" : "", Num(is.weight),
                      std::abs(scale - 1.0) > kTolerance
                          ? fmt::format("（折算 {:.2f} 分）", is.effective_weight)
                          : std::string(),
                      is.points));
    } else if (is.weight > 0) {
      spread = true;
      s.explanation.push_back(fmt::format("{}：{}，不计分", IndicatorName(i), MissingReason(i)));
    }
    s.indicators.push_back(is);
  }
  if (measurable_weight <= 0)
    s.explanation.push_back("本期没有可计分的指标，指标得分为 0");
  else if (spread)
    s.explanation.push_back("不计分指标的权重按比例折算到其余指标，满分仍为 100 分");
  s.explanation.push_back(fmt::format("指标得分合计 {:.2f} 分", s.base));

  double total = s.base;
  for (const DeductionKind& k : kDeductions) {
    Deduction d;
    d.code = k.code;
    d.count = CountOf(figures.counts, k.measure);
    d.per_item = rules.*(k.per_item);
    d.points = d.count * d.per_item;
    if (d.count > 0 && d.points > 0) {
      total -= d.points;
      s.explanation.push_back(fmt::format("{} {} 件，每件扣 {} 分，扣 {:.2f} 分", k.zh, d.count,
                                          Num(d.per_item), d.points));
    }
    s.deductions.push_back(std::move(d));
  }
  for (const ScoringBonus& b : bonuses) {
    total += b.points;
    s.bonuses.push_back(b);
    s.explanation.push_back(
        fmt::format("加分：{}（{}），加 {} 分", b.reason, FormatDayNumber(b.day), Num(b.points)));
  }
  s.score = Round2(total);
  s.explanation.push_back(fmt::format("总分 {:.2f} 分", s.score));
  return s;
}

Ranking Rank(UnitGroup group, const std::vector<UnitFigures>& units, const ScoringRules& rules,
             std::int32_t from_day, std::int32_t to_day) {
  const GroupRules& gr = rules.For(group);
  Ranking ranking;
  ranking.group = group;
  for (const UnitFigures& u : units) {
    std::vector<ScoringBonus> bonuses;
    for (const ScoringBonus& b : rules.bonuses)
      if (b.unit_id == u.unit_id && b.day >= from_day && b.day <= to_day) bonuses.push_back(b);
    UnitScore s = Score(u, gr, rules.basically_satisfied_weight, bonuses);
    if (s.dispatched < gr.min_orders) {
      std::string reason = fmt::format("本期派单 {} 件，少于参与排名的最少派单量 {} 件",
                                       s.dispatched, gr.min_orders);
      ranking.unranked.push_back({std::move(s), std::move(reason)});
    } else {
      ranking.ranked.push_back({0, std::move(s)});
    }
  }
  std::sort(ranking.ranked.begin(), ranking.ranked.end(),
            [](const RankedUnit& a, const RankedUnit& b) {
              if (a.score.score != b.score.score) return a.score.score > b.score.score;
              return a.score.unit_id < b.score.unit_id;
            });
  for (std::size_t i = 0; i < ranking.ranked.size(); ++i)
    ranking.ranked[i].rank = static_cast<int>(i) + 1;
  std::sort(ranking.unranked.begin(), ranking.unranked.end(),
            [](const UnrankedUnit& a, const UnrankedUnit& b) {
              return a.score.unit_id < b.score.unit_id;
            });
  return ranking;
}

RedBlack RedBlackOf(const Ranking& ranking, int size) {
  RedBlack rb;
  const std::size_t n =
      std::min<std::size_t>(static_cast<std::size_t>(std::max(size, 0)), ranking.ranked.size() / 2);
  for (std::size_t i = 0; i < n; ++i) {
    rb.red.push_back(ranking.ranked[i]);
    rb.black.push_back(ranking.ranked[ranking.ranked.size() - 1 - i]);
  }
  return rb;
}

Result<ScoringRules> StoredScoringRules(std::int64_t version, std::string_view body) {
  const json parsed = json::parse(body, nullptr, /*allow_exceptions=*/false);
  auto rules = ScoringRulesFromJson(parsed);
  if (!rules)
    return Fail(
        ErrorKind::kInternal, "corrupt_scoring_rules",
        fmt::format("已保存的考核细则（第 {} 版）无法读取：{}", version, rules.error().message));
  rules->version = version;
  return rules;
}

}  // namespace hotline
