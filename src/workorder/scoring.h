// 考核细则: how units are scored and ranked per period, as versioned
// configuration, and the pure functions that apply it (docs/metrics.md,
// "Scores and rankings"). Pure data and functions; thread-safe.
//
// A unit's score is the weighted sum of six indicators (rates 0..1; for
// 退单率 and 重办率, where lower is better, 1 − rate counts), scaled so the
// weights of the indicators that can be measured add up to 100: an
// indicator without a denominator (no callback in the period, say) neither
// helps nor hurts. Then deductions (per overdue step, per 不满意, per
// approved return) are subtracted and manual bonuses added. The score is
// computed from the rates as the API shows them (four decimals) and rounded
// to two decimals, so anyone can redo it from the explanation.
#pragma once

#include <array>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/error.h"
#include "org/unit.h"
#include "workorder/metric_rates.h"

namespace hotline {

// Units are ranked within their group only (分级分类考评).
enum class UnitGroup { kDepartment, kStreet, kCommunity };
inline constexpr UnitGroup kUnitGroups[] = {UnitGroup::kDepartment, UnitGroup::kStreet,
                                            UnitGroup::kCommunity};
std::string_view UnitGroupCode(UnitGroup group);  // "department", "street", "community"
std::string_view UnitGroupName(UnitGroup group);  // 职能部门, 街道, 社区
std::optional<UnitGroup> ParseUnitGroup(std::string_view code);
// The group a unit of `kind` is ranked in; nullopt for the platform.
std::optional<UnitGroup> GroupOfKind(UnitKind kind);

enum class Indicator { kResponse, kOntime, kResolution, kSatisfaction, kReturn, kReopen };
inline constexpr int kIndicatorCount = 6;
inline constexpr Indicator kIndicators[] = {Indicator::kResponse,   Indicator::kOntime,
                                            Indicator::kResolution, Indicator::kSatisfaction,
                                            Indicator::kReturn,     Indicator::kReopen};
std::string_view IndicatorCode(Indicator i);  // "response_rate", ... as in GET /api/v1/metrics
std::string_view IndicatorName(Indicator i);  // 签收及时率, ...
// 退单率 and 重办率: a lower rate is better.
bool LowerIsBetter(Indicator i);

struct GroupRules {
  // Points of each indicator, by Indicator order; they add up to 100.
  std::array<double, kIndicatorCount> weights{};
  double per_overdue = 0;          // points off per overdue step (签收或办理超期)
  double per_dissatisfied = 0;     // points off per 不满意 callback
  double per_return_approved = 0;  // points off per approved return (退单获批)
  // A unit with fewer dispatched orders in the period is not ranked.
  std::int64_t min_orders = 5;
  // How many units the 红榜 and the 黑榜 name.
  int red_black_size = 3;
  bool operator==(const GroupRules&) const = default;
};

// A manual bonus (加分), e.g. for a timely 吹哨报到 or a commendation; it
// counts in every period containing `day` (yyyymmdd).
struct ScoringBonus {
  UnitId unit_id = 0;
  std::int32_t day = 0;
  double points = 0;
  std::string reason;
  bool operator==(const ScoringBonus&) const = default;
};

struct ScoringRules {
  std::int64_t version = 0;  // assigned by storage when saved
  // How much a 基本满意 counts towards 满意率. Default 1: the same 满意率 as
  // GET /api/v1/metrics, so a ranking and a report never disagree.
  double basically_satisfied_weight = 1.0;
  std::array<GroupRules, 3> groups{};  // by UnitGroup order
  std::vector<ScoringBonus> bonuses;
  const GroupRules& For(UnitGroup g) const { return groups[static_cast<int>(g)]; }
  bool operator==(const ScoringRules&) const = default;
};

// Weights (response, on time, resolution, satisfaction, return, reopen):
// departments and streets 15/20/25/30/5/5, communities 20/20/25/25/5/5;
// 0.5 off per overdue step, 1 per 不满意, 0.5 per approved return; at least
// 5 dispatched orders to be ranked; 红黑榜 of 3.
ScoringRules DefaultScoringRules();

// Weights non-negative and adding up to 100, deductions 0..100,
// min_orders 1..1000000, red_black_size 1..100, bonuses 0 < points <= 100
// with a reason. The error's field names the place
// ("groups.street.weights").
Result<void> ValidateScoringRules(const ScoringRules& rules);

nlohmann::json ScoringRulesToJson(const ScoringRules& rules);
// Refuses unknown fields, wrong types and whatever ValidateScoringRules refuses.
Result<ScoringRules> ScoringRulesFromJson(const nlohmann::json& json);
// A saved version as storage keeps it (JSON text); an internal error when
// the text no longer reads (it was validated when saved).
Result<ScoringRules> StoredScoringRules(std::int64_t version, std::string_view body);

// One unit's counters over the period.
struct UnitFigures {
  UnitId unit_id = 0;
  std::string name;
  MeasureCounts counts{};
};

struct IndicatorScore {
  Indicator indicator = Indicator::kResponse;
  std::optional<double> rate;   // as the metrics report shows it; nullopt: not measurable
  double weight = 0;            // configured points
  double effective_weight = 0;  // after spreading the weights of unmeasurable indicators
  double points = 0;            // effective_weight × (rate, or 1 − rate when lower is better)
};

struct Deduction {
  std::string code;  // "overdue", "dissatisfied", "return_approved"
  std::int64_t count = 0;
  double per_item = 0;
  double points = 0;  // count × per_item
};

struct UnitScore {
  UnitId unit_id = 0;
  std::string name;
  std::int64_t dispatched = 0;
  std::vector<IndicatorScore> indicators;
  double base = 0;  // sum of the indicators' points, 0..100
  std::vector<Deduction> deductions;
  std::vector<ScoringBonus> bonuses;
  double score = 0;                      // base − deductions + bonuses, rounded to two decimals
  std::vector<std::string> explanation;  // Chinese, one line per step
};

// Scores one unit; `bonuses` are the unit's bonuses within the period.
UnitScore Score(const UnitFigures& figures, const GroupRules& rules, double basic_weight,
                const std::vector<ScoringBonus>& bonuses = {});

struct RankedUnit {
  int rank = 0;  // 1 is best
  UnitScore score;
};
struct UnrankedUnit {
  UnitScore score;
  std::string reason;  // Chinese
};
struct Ranking {
  UnitGroup group = UnitGroup::kDepartment;
  std::vector<RankedUnit> ranked;      // best first; equal scores by unit id
  std::vector<UnrankedUnit> unranked;  // by unit id
};

// Scores and ranks `units` (all of one group), applying the rules' bonuses
// whose day lies in from_day..to_day. Ranks are 1, 2, 3 ... without gaps:
// equal scores are ordered by unit id.
Ranking Rank(UnitGroup group, const std::vector<UnitFigures>& units, const ScoringRules& rules,
             std::int32_t from_day, std::int32_t to_day);

// The 红榜 (best) and 黑榜 (worst) of a ranking: N = red_black_size each,
// but at most half the ranked units each, so no unit is on both lists.
struct RedBlack {
  std::vector<RankedUnit> red;    // best first
  std::vector<RankedUnit> black;  // worst first
};
RedBlack RedBlackOf(const Ranking& ranking, int size);

}  // namespace hotline
