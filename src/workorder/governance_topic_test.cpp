#include "workorder/governance_topic.h"

#include <gtest/gtest.h>

#include "workorder/message_hotspots.h"

namespace hotline {
namespace {

GovernanceTopic ValidTopic() {
  GovernanceTopic t;
  t.title = "某小区油烟扰民专项治理";
  t.category_id = 7;
  t.street_unit_id = 3;
  t.owner_unit_ids = {5};
  t.start_date = "2026-10-01";
  return t;
}

TEST(GovernanceTopicTest, ValidationNamesTheFirstMissingField) {
  EXPECT_TRUE(ValidateTopic(ValidTopic()).has_value());
  auto t = ValidTopic();
  t.street_unit_id.reset();
  EXPECT_EQ(ValidateTopic(t).error().field, "street_unit_id");
  t.address_keyword = "幸福里";
  EXPECT_TRUE(ValidateTopic(t).has_value());
  t = ValidTopic();
  t.owner_unit_ids.clear();
  EXPECT_EQ(ValidateTopic(t).error().field, "owner_unit_ids");
  t = ValidTopic();
  t.end_date = "2026-09-30";
  EXPECT_EQ(ValidateTopic(t).error().field, "end_date");
  t.end_date = "2026-10-01";
  EXPECT_TRUE(ValidateTopic(t).has_value());
}

TEST(GovernanceTopicTest, StatusMovesForwardOnly) {
  EXPECT_TRUE(CheckTopicTransition(TopicStatus::kProposed, TopicStatus::kActive));
  EXPECT_TRUE(CheckTopicTransition(TopicStatus::kProposed, TopicStatus::kClosed));
  EXPECT_TRUE(CheckTopicTransition(TopicStatus::kActive, TopicStatus::kClosed));
  EXPECT_FALSE(CheckTopicTransition(TopicStatus::kActive, TopicStatus::kProposed));
  EXPECT_FALSE(CheckTopicTransition(TopicStatus::kClosed, TopicStatus::kActive));
  EXPECT_EQ(ParseTopicStatus("active"), TopicStatus::kActive);
  EXPECT_FALSE(ParseTopicStatus("open").has_value());
}

TEST(GovernanceTopicTest, ProposesRecurringCellsMostOrdersFirst) {
  std::vector<PlaceCategoryCount> cells = {
      {7, 3, 12, 6},   // recurring: proposed
      {8, 3, 30, 1},   // one burst in one week: not recurring
      {9, 4, 4, 4},    // too few
      {7, 4, 20, 8},   // most orders: first
      {10, 5, 15, 5},  // covered by an active topic
      {11, 5, 9, 3},   // covered only by a closed topic: proposed again
  };
  GovernanceTopic active = ValidTopic();
  active.category_id = 10;
  active.street_unit_id = 5;
  active.status = TopicStatus::kActive;
  GovernanceTopic closed = active;
  closed.category_id = 11;
  closed.status = TopicStatus::kClosed;
  const auto proposals = ProposeTopics(cells, {active, closed}, TopicProposalOptions{});
  ASSERT_EQ(proposals.size(), 3u);
  EXPECT_EQ(proposals[0].category_id, 7);
  EXPECT_EQ(proposals[0].street_unit_id, 4);
  EXPECT_EQ(proposals[1].orders, 12);
  EXPECT_EQ(proposals[2].category_id, 11);
  TopicProposalOptions one;
  one.limit = 1;
  EXPECT_EQ(ProposeTopics(cells, {}, one).size(), 1u);
}

TEST(GovernanceTopicTest, WeeklyVolumeSplitsAtTheStartWeek) {
  const DayNumber monday = WeekStart(3000);
  ASSERT_EQ(WeekOf(monday), 3000);
  ASSERT_EQ(WeekOf(monday + 6), 3000);
  ASSERT_EQ(WeekOf(monday + 7), 3001);
  const DayNumber start = monday + 2;  // a Wednesday
  std::vector<DayNumber> days = {
      monday - 15,              // 3 weeks before the start week: outside 2 weeks before
      monday - 14, monday - 9,  // 2 weeks before
      monday - 1,  monday - 3,  // the week just before
      monday,      monday + 5,  // the start week counts as after
      monday + 8,               // week after
      monday + 30};             // beyond `today`
  const auto v = WeeklyVolume(days, start, monday + 10, 2, 4);
  ASSERT_EQ(v.weeks.size(), 4u);  // 2 before, the start week and the one after (today)
  EXPECT_EQ(v.weeks[0].week_start, monday - 14);
  EXPECT_EQ(v.weeks[0].orders, 2);
  EXPECT_EQ(v.weeks[1].orders, 2);
  EXPECT_EQ(v.weeks[2].orders, 2);
  EXPECT_TRUE(v.weeks[2].after_start);
  EXPECT_FALSE(v.weeks[1].after_start);
  EXPECT_EQ(v.weeks[3].orders, 1);
  EXPECT_EQ(v.before, 4);
  EXPECT_EQ(v.after, 3);
  EXPECT_DOUBLE_EQ(v.before_per_week, 2.0);
  EXPECT_DOUBLE_EQ(v.after_per_week, 1.5);
}

}  // namespace
}  // namespace hotline
