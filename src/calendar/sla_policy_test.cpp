#include "calendar/sla_policy.h"

#include <gtest/gtest.h>

#include "common/time_format.h"

namespace hotline {
namespace {

using nlohmann::json;

SlaPolicy WithUtilities() {
  SlaPolicy p = DefaultSlaPolicy();
  SlaRule water;
  water.name = "水电气热";
  water.category_code = "01.02";
  water.handle = Allowance{TimeUnit::kNaturalHours, 24};
  SlaRule tap;
  tap.name = "自来水";
  tap.category_code = "01.02.016";
  tap.handle = Allowance{TimeUnit::kNaturalHours, 12};
  SlaRule reports;
  reports.name = "举报";
  reports.demand_type = DemandType::kReport;
  reports.handle = Allowance{TimeUnit::kWorkingDays, 10};
  p.rules.push_back(water);
  p.rules.push_back(tap);
  p.rules.push_back(reports);
  return p;
}

TEST(SlaPolicyTest, DefaultsMatchTheIssue) {
  const SlaPolicy p = DefaultSlaPolicy();
  ASSERT_TRUE(ValidateSlaPolicy(p));
  auto normal = ResolveLimits(p, "01.01.001", Urgency::kNormal, DemandType::kComplaint);
  EXPECT_EQ(normal.sign, (Allowance{TimeUnit::kWorkingHours, 2}));
  EXPECT_EQ(normal.handle, (Allowance{TimeUnit::kWorkingDays, 5}));
  auto urgent = ResolveLimits(p, "01.01.001", Urgency::kUrgent, DemandType::kComplaint);
  EXPECT_EQ(urgent.handle, (Allowance{TimeUnit::kNaturalHours, 2}));
  auto complex = ResolveLimits(p, "01.01.001", Urgency::kComplex, DemandType::kComplaint);
  EXPECT_EQ(complex.handle, (Allowance{TimeUnit::kWorkingDays, 15}));
  EXPECT_EQ(complex.sign, (Allowance{TimeUnit::kWorkingHours, 2}));  // inherited from the base
}

TEST(SlaPolicyTest, MostSpecificRuleWins) {
  const SlaPolicy p = WithUtilities();
  ASSERT_TRUE(ValidateSlaPolicy(p));
  // A deeper category beats a shallower one.
  EXPECT_EQ(ResolveLimits(p, "01.02.016", Urgency::kNormal, DemandType::kHelp).handle,
            (Allowance{TimeUnit::kNaturalHours, 12}));
  EXPECT_EQ(ResolveLimits(p, "01.02.013", Urgency::kNormal, DemandType::kHelp).handle,
            (Allowance{TimeUnit::kNaturalHours, 24}));
  // "01.020" is not below "01.02".
  EXPECT_EQ(ResolveLimits(p, "01.020.001", Urgency::kNormal, DemandType::kHelp).handle,
            (Allowance{TimeUnit::kWorkingDays, 5}));
  // Category beats demand type; urgency beats category.
  EXPECT_EQ(ResolveLimits(p, "01.02.013", Urgency::kNormal, DemandType::kReport).handle,
            (Allowance{TimeUnit::kNaturalHours, 24}));
  EXPECT_EQ(ResolveLimits(p, "09.01.001", Urgency::kNormal, DemandType::kReport).handle,
            (Allowance{TimeUnit::kWorkingDays, 10}));
  EXPECT_EQ(ResolveLimits(p, "01.02.016", Urgency::kUrgent, DemandType::kReport).handle,
            (Allowance{TimeUnit::kNaturalHours, 2}));
}

TEST(SlaPolicyTest, RefusesOverlapAndGap) {
  SlaPolicy overlap = WithUtilities();
  SlaRule again;
  again.name = "重复";
  again.category_code = "01.02";
  again.handle = Allowance{TimeUnit::kNaturalHours, 48};
  overlap.rules.push_back(again);
  auto o = ValidateSlaPolicy(overlap);
  ASSERT_FALSE(o);
  EXPECT_EQ(o.error().field, "rules[6]");

  SlaPolicy gap = DefaultSlaPolicy();
  gap.rules.front().callback.reset();
  auto g = ValidateSlaPolicy(gap);
  ASSERT_FALSE(g);
  EXPECT_EQ(g.error().field, "rules[0]");

  SlaPolicy no_base = DefaultSlaPolicy();
  no_base.rules.erase(no_base.rules.begin());
  EXPECT_FALSE(ValidateSlaPolicy(no_base));

  SlaPolicy zero = DefaultSlaPolicy();
  zero.rules[1].handle = Allowance{TimeUnit::kNaturalHours, 0};
  auto z = ValidateSlaPolicy(zero);
  ASSERT_FALSE(z);
  EXPECT_EQ(z.error().field, "rules[1].handle");
}

TEST(SlaPolicyTest, JsonRoundTripAndRefusals) {
  const SlaPolicy p = WithUtilities();
  auto back = SlaPolicyFromJson(json::parse(SlaPolicyToJson(p).dump()));
  ASSERT_TRUE(back) << back.error().message;
  EXPECT_EQ(SlaPolicyToJson(*back), SlaPolicyToJson(p));

  json bad_unit = SlaPolicyToJson(p);
  bad_unit["rules"][1]["handle"]["unit"] = "fortnights";
  auto u = SlaPolicyFromJson(bad_unit);
  ASSERT_FALSE(u);
  EXPECT_EQ(u.error().field, "rules[1].handle");

  json unknown = SlaPolicyToJson(p);
  unknown["rules"][0]["colour"] = "red";
  auto k = SlaPolicyFromJson(unknown);
  ASSERT_FALSE(k);
  EXPECT_EQ(k.error().field, "rules[0].colour");

  EXPECT_FALSE(SlaPolicyFromJson(json{{"rules", json::array()}}));
  EXPECT_FALSE(SlaPolicyFromJson(json::array()));
}

TEST(SlaPolicyTest, DeadlinesFollowTheCalendar) {
  const auto& cal = BusinessCalendar::Builtin();
  const Instant start = *ParseRfc3339("2026-09-30T16:00:00+08:00");
  EXPECT_EQ(FormatRfc3339(DeadlineAfter(cal, start, {TimeUnit::kWorkingDays, 5})),
            "2026-10-13T16:00:00+08:00");
  EXPECT_EQ(FormatRfc3339(DeadlineAfter(cal, start, {TimeUnit::kNaturalHours, 24})),
            "2026-10-01T16:00:00+08:00");
  EXPECT_EQ(FormatRfc3339(DeadlineAfter(cal, start, {TimeUnit::kNaturalMinutes, 30})),
            "2026-09-30T16:30:00+08:00");
  // 1.5 working hours remain on 30 September, the rest after the holiday.
  EXPECT_EQ(FormatRfc3339(DeadlineAfter(cal, start, {TimeUnit::kWorkingHours, 2})),
            "2026-10-08T09:00:00+08:00");
}

}  // namespace
}  // namespace hotline
