#include "dispatch/gazetteer.h"

#include <gtest/gtest.h>

namespace hotline {
namespace {

constexpr UnitId kFuzimiao = 2;
constexpr UnitId kHonghua = 3;
constexpr UnitId kZhonghuamen = 5;
constexpr UnitId kGongyuan = 201;

Gazetteer Sample() {
  return Gazetteer({
      {1, "白鹭新村", PlaceKind::kEstate, kFuzimiao, kGongyuan},
      {2, "白鹭新村二期", PlaceKind::kEstate, kZhonghuamen, std::nullopt},
      {3, "应天大街", PlaceKind::kRoad, kHonghua, std::nullopt},
      {4, "应天大街", PlaceKind::kRoad, kZhonghuamen, std::nullopt},
      {5, "贡院社区", PlaceKind::kCommunity, kFuzimiao, kGongyuan},
  });
}

TEST(GazetteerTest, LongestNameWinsAndMatchesDoNotOverlap) {
  const Gazetteer g = Sample();
  auto found = g.Find("白鹭新村二期门口");
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0]->id, 2);
  found = g.Find("白鹭新村门口，靠近应天大街");
  ASSERT_EQ(found.size(), 3u);  // one estate, the road in both of its streets
  EXPECT_EQ(found[0]->id, 1);
  EXPECT_TRUE(g.Find("没有地名的文字").empty());
}

TEST(GazetteerTest, AnEstateLocatesItsStreetAndCommunity) {
  const auto streets = Sample().Locate("白鹭新村3栋楼下烧烤油烟大");
  ASSERT_EQ(streets.size(), 1u);
  EXPECT_EQ(streets[0].street_unit_id, kFuzimiao);
  EXPECT_EQ(streets[0].community_unit_id, kGongyuan);
  EXPECT_DOUBLE_EQ(streets[0].weight, 1.0);
  EXPECT_EQ(streets[0].names, std::vector<std::string>{"白鹭新村"});
}

TEST(GazetteerTest, ASharedRoadSplitsItsWeightAndAnEstateOutweighsIt) {
  auto streets = Sample().Locate("应天大街路灯不亮");
  ASSERT_EQ(streets.size(), 2u);
  EXPECT_DOUBLE_EQ(streets[0].weight, 0.5);
  EXPECT_DOUBLE_EQ(streets[1].weight, 0.5);
  streets = Sample().Locate("应天大街旁白鹭新村二期");
  ASSERT_EQ(streets.size(), 2u);
  EXPECT_EQ(streets[0].street_unit_id, kZhonghuamen);  // 0.3 (road) + 1.0 (estate)
  EXPECT_NEAR(streets[0].weight, 1.3 / 1.6, 1e-9);
  EXPECT_EQ(streets[1].street_unit_id, kHonghua);
}

TEST(GazetteerTest, PlacesAreValidated) {
  EXPECT_EQ(ValidatePlace({0, "村", PlaceKind::kEstate, 1, {}}).error().field, "name");
  EXPECT_EQ(ValidatePlace({0, "白鹭新村", PlaceKind::kEstate, 0, {}}).error().field,
            "street_unit_id");
  EXPECT_TRUE(ValidatePlace({0, "白鹭新村", PlaceKind::kEstate, 1, {}}));
  EXPECT_EQ(ParsePlaceKind("road"), PlaceKind::kRoad);
  EXPECT_FALSE(ParsePlaceKind("river"));
}

}  // namespace
}  // namespace hotline
