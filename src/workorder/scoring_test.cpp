#include "workorder/scoring.h"

#include <gtest/gtest.h>

namespace hotline {
namespace {

using nlohmann::json;

MeasureCounts Counts(std::initializer_list<std::pair<Measure, std::int64_t>> values) {
  MeasureCounts c{};
  for (const auto& [m, v] : values) c[static_cast<int>(m)] = v;
  return c;
}

// Every indicator measurable: 90 % response, 75 % on time, 80 % resolved and
// satisfied, 20 % returned and reopened; 3 overdue steps, 1 不满意, 1 bounce.
MeasureCounts Busy() {
  return Counts({{Measure::kDispatched, 10},
                 {Measure::kSigned, 10},
                 {Measure::kSignedOnTime, 9},
                 {Measure::kReplied, 8},
                 {Measure::kRepliedOnTime, 6},
                 {Measure::kRated, 5},
                 {Measure::kResolved, 4},
                 {Measure::kSatisfied, 3},
                 {Measure::kBasicallySatisfied, 1},
                 {Measure::kDissatisfied, 1},
                 {Measure::kReturned, 2},
                 {Measure::kReturnApproved, 1},
                 {Measure::kReopened, 1},
                 {Measure::kOverdue, 3}});
}

// No callback yet: only response, on time and return rates can be measured.
MeasureCounts NotCalledBack() {
  return Counts({{Measure::kDispatched, 5},
                 {Measure::kSigned, 5},
                 {Measure::kSignedOnTime, 5},
                 {Measure::kReplied, 4},
                 {Measure::kRepliedOnTime, 2}});
}

const GroupRules& Departments(const ScoringRules& r) { return r.For(UnitGroup::kDepartment); }

TEST(ScoringTest, WeighsIndicatorsAndDeducts) {
  const ScoringRules rules = DefaultScoringRules();
  const UnitScore s = Score({7, "区市场监管局", Busy()}, Departments(rules), 1.0);
  // 15×0.9 + 20×0.75 + 25×0.8 + 30×0.8 + 5×(1−0.2) + 5×(1−0.2) = 80.5
  EXPECT_DOUBLE_EQ(s.base, 80.5);
  ASSERT_EQ(s.indicators.size(), 6u);
  EXPECT_DOUBLE_EQ(s.indicators[0].points, 13.5);
  EXPECT_DOUBLE_EQ(s.indicators[4].points, 4.0);  // 退单率 20 %: lower is better
  // 3 × 0.5 overdue + 1 × 1 不满意 + 1 × 0.5 bounced = 3
  ASSERT_EQ(s.deductions.size(), 3u);
  EXPECT_DOUBLE_EQ(s.deductions[0].points, 1.5);
  EXPECT_DOUBLE_EQ(s.deductions[1].points, 1.0);
  EXPECT_DOUBLE_EQ(s.deductions[2].points, 0.5);
  EXPECT_DOUBLE_EQ(s.score, 77.5);
  EXPECT_EQ(s.dispatched, 10);
  EXPECT_EQ(s.explanation.front(), "签收及时率 90.00%，权重 15 分，得 13.50 分");
  EXPECT_EQ(s.explanation.back(), "总分 77.50 分");
}

TEST(ScoringTest, BasicallySatisfiedWeightAndBonuses) {
  const ScoringRules rules = DefaultScoringRules();
  const ScoringBonus bonus{7, 20260301, 2, "吹哨报到及时"};
  // 满意率 (3 + 0.8) / 5 = 0.76: 30 × 0.04 = 1.2 fewer points; +2 bonus.
  const UnitScore s = Score({7, "x", Busy()}, Departments(rules), 0.8, {bonus});
  EXPECT_DOUBLE_EQ(s.score, 77.5 - 1.2 + 2);
  EXPECT_EQ(s.explanation[s.explanation.size() - 2], "加分：吹哨报到及时（2026-03-01），加 2 分");
}

TEST(ScoringTest, UnmeasurableIndicatorsSpreadTheirWeight) {
  const ScoringRules rules = DefaultScoringRules();
  const UnitScore s = Score({8, "y", NotCalledBack()}, Departments(rules), 1.0);
  // Measurable weights 15 + 20 + 5 = 40, scaled by 2.5:
  // 37.5 × 1 + 50 × 0.5 + 12.5 × (1 − 0) = 75.
  EXPECT_FALSE(s.indicators[3].rate);
  EXPECT_DOUBLE_EQ(s.indicators[3].points, 0);
  EXPECT_DOUBLE_EQ(s.indicators[1].effective_weight, 50);
  EXPECT_DOUBLE_EQ(s.score, 75);
  // An empty period scores nothing.
  EXPECT_DOUBLE_EQ(Score({9, "z", MeasureCounts{}}, Departments(rules), 1.0).score, 0);
}

TEST(ScoringTest, RanksByScoreThenUnitIdAndLeavesSmallUnitsOut) {
  ScoringRules rules = DefaultScoringRules();
  rules.bonuses = {{3, 20260301, 5, "表扬"}, {3, 20260501, 5, "期外表扬"}};
  MeasureCounts few = Busy();
  few[static_cast<int>(Measure::kDispatched)] = 4;  // below min_orders 5
  const std::vector<UnitFigures> units = {
      {4, "d", NotCalledBack()},  // 75
      {3, "c", NotCalledBack()},  // 75 + 5 bonus within the period
      {2, "b", NotCalledBack()},  // 75
      {1, "a", Busy()},           // 77.5
      {5, "e", few},
  };
  const Ranking r = Rank(UnitGroup::kDepartment, units, rules, 20260301, 20260331);
  ASSERT_EQ(r.ranked.size(), 4u);
  EXPECT_EQ(r.ranked[0].score.unit_id, 3);
  EXPECT_DOUBLE_EQ(r.ranked[0].score.score, 80);
  EXPECT_EQ(r.ranked[1].score.unit_id, 1);
  EXPECT_EQ(r.ranked[2].score.unit_id, 2);  // ties: lower unit id first
  EXPECT_EQ(r.ranked[3].score.unit_id, 4);
  for (int i = 0; i < 4; ++i) EXPECT_EQ(r.ranked[i].rank, i + 1);
  ASSERT_EQ(r.unranked.size(), 1u);
  EXPECT_EQ(r.unranked[0].score.unit_id, 5);
  EXPECT_EQ(r.unranked[0].reason, "本期派单 4 件，少于参与排名的最少派单量 5 件");

  // 红黑榜 of 3 over 4 ranked units: 2 each, so nobody is on both.
  const RedBlack rb = RedBlackOf(r, 3);
  ASSERT_EQ(rb.red.size(), 2u);
  ASSERT_EQ(rb.black.size(), 2u);
  EXPECT_EQ(rb.red[0].score.unit_id, 3);
  EXPECT_EQ(rb.black[0].score.unit_id, 4);
  EXPECT_EQ(rb.black[1].score.unit_id, 2);
  EXPECT_EQ(RedBlackOf(r, 1).red.size(), 1u);
}

TEST(ScoringRulesTest, DefaultsAreValidAndRoundTrip) {
  ScoringRules rules = DefaultScoringRules();
  ASSERT_TRUE(ValidateScoringRules(rules));
  rules.version = 4;
  rules.basically_satisfied_weight = 0.8;
  rules.bonuses = {{12, 20260301, 1.5, "报到及时"}};
  const json j = ScoringRulesToJson(rules);
  EXPECT_EQ(j["groups"]["street"]["weights"]["satisfaction_rate"], 30);
  EXPECT_EQ(j["bonuses"][0]["day"], "2026-03-01");
  auto back = ScoringRulesFromJson(j);
  ASSERT_TRUE(back) << back.error().message;
  EXPECT_EQ(*back, rules);
}

// The field of the error ScoringRulesFromJson gives after `edit`.
std::string FieldAfter(const std::function<void(json&)>& edit) {
  json j = ScoringRulesToJson(DefaultScoringRules());
  edit(j);
  auto r = ScoringRulesFromJson(j);
  return r ? "(accepted)" : r.error().field;
}

TEST(ScoringRulesTest, RefusesBadRulesNamingTheField) {
  EXPECT_EQ(FieldAfter([](json& j) { j["groups"]["street"]["weights"]["ontime_rate"] = 19; }),
            "groups.street.weights");
  EXPECT_EQ(FieldAfter([](json& j) {
              j["groups"]["community"]["weights"]["ontime_rate"] = -5;
              j["groups"]["community"]["weights"]["resolution_rate"] = 50;
            }),
            "groups.community.weights.ontime_rate");
  EXPECT_EQ(FieldAfter([](json& j) { j["groups"]["department"]["weights"].erase("reopen_rate"); }),
            "groups.department.weights.reopen_rate");
  EXPECT_EQ(FieldAfter([](json& j) { j["groups"]["street"]["weights"]["speed"] = 1; }),
            "groups.street.weights.speed");
  EXPECT_EQ(FieldAfter([](json& j) { j["groups"].erase("community"); }), "groups.community");
  EXPECT_EQ(FieldAfter([](json& j) { j["groups"]["village"] = json::object(); }), "groups.village");
  EXPECT_EQ(FieldAfter([](json& j) { j["groups"]["street"]["min_orders"] = 0; }),
            "groups.street.min_orders");
  EXPECT_EQ(FieldAfter([](json& j) { j["groups"]["street"]["red_black_size"] = 1000; }),
            "groups.street.red_black_size");
  EXPECT_EQ(FieldAfter([](json& j) { j["groups"]["street"]["deductions"]["overdue"] = -1; }),
            "groups.street.deductions.overdue");
  EXPECT_EQ(FieldAfter([](json& j) { j["basically_satisfied_weight"] = 1.5; }),
            "basically_satisfied_weight");
  EXPECT_EQ(FieldAfter([](json& j) {
              j["bonuses"] = json::array({{{"unit_id", 3}, {"day", "2026-03-01"}, {"points", 2}}});
            }),
            "bonuses[0].reason");
  EXPECT_EQ(FieldAfter([](json& j) {
              j["bonuses"] = json::array(
                  {{{"unit_id", 3}, {"day", "2026-02-30x"}, {"points", 2}, {"reason", "r"}}});
            }),
            "bonuses[0].day");
  EXPECT_EQ(FieldAfter([](json& j) { j["color"] = "red"; }), "color");
  // Weights typed by people add up within a tolerance.
  EXPECT_EQ(FieldAfter([](json& j) {
              auto& w = j["groups"]["street"]["weights"];
              w["response_rate"] = 15.1;
              w["ontime_rate"] = 19.9;
            }),
            "(accepted)");
}

}  // namespace
}  // namespace hotline
