#include "dispatch/suggester.h"

#include <gtest/gtest.h>

namespace hotline {
namespace {

constexpr UnitId kPlatform = 1;
constexpr UnitId kEnvironment = 10;  // 区生态环境局
constexpr UnitId kHousing = 11;      // 区房产局
constexpr UnitId kFuzimiao = 20;     // 夫子庙街道
constexpr UnitId kHonghua = 21;      // 红花街道
constexpr UnitId kGongyuan = 200;    // 贡院社区

constexpr CategoryId kFumes = 5;     // 餐饮油烟
constexpr CategoryId kProperty = 6;  // 物业管理

struct Fixture {
  UnitTree units{{
      {kPlatform, "P", "平台", UnitKind::kPlatform, std::nullopt},
      {kEnvironment, "D06", "区生态环境局", UnitKind::kDepartment, kPlatform},
      {kHousing, "D10", "区房产局", UnitKind::kDepartment, kPlatform},
      {kFuzimiao, "002", "夫子庙街道", UnitKind::kStreet, kPlatform},
      {kHonghua, "003", "红花街道", UnitKind::kStreet, kPlatform},
      {kGongyuan, "002001", "贡院社区", UnitKind::kCommunity, kFuzimiao},
  }};
  CategoryTree categories{{
      {1, "01", "环境保护", 1, std::nullopt, std::nullopt},
      {5, "01.01", "餐饮油烟", 2, 1, kEnvironment},
      {6, "01.02", "物业管理", 2, 1, kHousing},
  }};
  Gazetteer gazetteer{{
      {1, "白鹭新村", PlaceKind::kEstate, kFuzimiao, kGongyuan},
      {2, "宏光新寓", PlaceKind::kEstate, kHonghua, std::nullopt},
  }};
  std::vector<Responsibility> rules{
      {1, kEnvironment, "油烟", kFumes, "餐饮油烟污染的监管"},
      {2, kHousing, "", kProperty, "物业服务的监督"},
  };
  SuggestionContext context() const { return {units, categories, gazetteer, rules}; }
};

TEST(SuggesterTest, WithoutAModelRulesAndCategoryDefaultsStillSuggest) {
  Fixture f;
  const auto s = Suggest(f.context(), {"烧烤油烟", "楼下烧烤店油烟很大", "白鹭新村3栋", {}}, {});
  EXPECT_EQ(s.model_version, 0);
  ASSERT_FALSE(s.categories.empty());
  EXPECT_EQ(s.categories[0].id, kFumes);  // the rule's phrase and the name both say so
  EXPECT_DOUBLE_EQ(s.categories[0].confidence, 1.0);
  ASSERT_FALSE(s.units.empty());
  EXPECT_EQ(s.units[0].id, kEnvironment);
  EXPECT_DOUBLE_EQ(s.units[0].confidence, 1.0);
  bool names_rule = false;
  for (const auto& r : s.units[0].reasons) names_rule |= r.find("权责清单") != std::string::npos;
  EXPECT_TRUE(names_rule);
  ASSERT_TRUE(s.place);
  EXPECT_EQ(s.place->street_unit_id, kFuzimiao);
  EXPECT_EQ(s.place->community_unit_id, kGongyuan);
}

TEST(SuggesterTest, TheModelsStreetMassGoesToTheStreetTheAddressNames) {
  Fixture f;
  ModelScores scores;
  scores.model_version = 7;
  scores.categories = {{"c6", 0.8}, {"c5", 0.1}};
  // The model thinks a street should lead (0.6 over two streets) but picks
  // the wrong one; the address names 宏光新寓 in 红花街道.
  scores.units = {{"u20", 0.4}, {"u21", 0.2}, {"u11", 0.3}, {"u999", 0.1}};
  const auto s = Suggest(f.context(), {"物业不作为", "小区物业不管事", "宏光新寓", {}}, scores);
  EXPECT_EQ(s.model_version, 7);
  ASSERT_EQ(s.categories[0].id, kProperty);
  ASSERT_GE(s.units.size(), 2u);
  // 区房产局: model 0.55 × 0.3, the category rule 0.25 × (its category's
  // confidence) and the default 0.2 × the same; 红花街道 gets the model's
  // whole street mass, 0.55 × 0.6; 夫子庙街道, which the model preferred,
  // gets nothing.
  const double property = s.categories[0].confidence;
  EXPECT_EQ(s.units[0].id, kHousing);
  EXPECT_NEAR(s.units[0].confidence, 0.55 * 0.3 + 0.25 * property + 0.2 * property, 1e-9);
  EXPECT_EQ(s.units[1].id, kHonghua);
  EXPECT_NEAR(s.units[1].confidence, 0.55 * 0.6, 1e-9);
  for (const auto& u : s.units) {
    EXPECT_NE(u.id, 999);  // unknown units are ignored
    EXPECT_NE(u.id, kFuzimiao);
  }
  EXPECT_NE(s.units[1].reasons.at(0).find("宏光新寓"), std::string::npos);
}

TEST(SuggesterTest, WithoutAPlaceTheModelsStreetChoiceStands) {
  Fixture f;
  ModelScores scores{3, {{"c5", 1.0}}, {{"u20", 0.9}, {"u11", 0.1}}};
  const auto s = Suggest(f.context(), {"夜间施工", "夜间施工噪声扰民", "", {}}, scores);
  EXPECT_FALSE(s.place);
  EXPECT_EQ(s.units[0].id, kFuzimiao);
}

TEST(SuggesterTest, AChosenCategoryIsKeptAndDrivesTheUnit) {
  Fixture f;
  const auto s = Suggest(f.context(), {"咨询", "想问一下", "", kProperty}, {});
  ASSERT_EQ(s.categories.size(), 1u);
  EXPECT_EQ(s.categories[0].id, kProperty);
  ASSERT_FALSE(s.units.empty());
  EXPECT_EQ(s.units[0].id, kHousing);
}

TEST(SuggesterTest, NoEvidenceMeansNoSuggestion) {
  Fixture f;
  const auto s = Suggest(f.context(), {"你好", "请问", "", {}}, {});
  EXPECT_TRUE(s.categories.empty());
  EXPECT_TRUE(s.units.empty());
  EXPECT_FALSE(s.place);
}

TEST(SuggesterTest, AtMostThreeOptionsLikeliestFirst) {
  Fixture f;
  ModelScores scores{1, {}, {{"u10", 0.1}, {"u11", 0.2}, {"u20", 0.3}, {"u21", 0.4}}};
  const auto s = Suggest(f.context(), {"问题", "问题", "", {}}, scores);
  ASSERT_EQ(s.units.size(), 3u);
  EXPECT_EQ(s.units[0].id, kHonghua);
  EXPECT_GE(s.units[0].confidence, s.units[1].confidence);
  EXPECT_GE(s.units[1].confidence, s.units[2].confidence);
}

}  // namespace
}  // namespace hotline
