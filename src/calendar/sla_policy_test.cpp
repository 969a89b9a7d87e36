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

TEST(SlaPolicyTest, PolicyWideLimitsDefaultWhenAbsent) {
  const SlaPolicy d = DefaultSlaPolicy();
  EXPECT_EQ(d.whistle_report_in, (Allowance{TimeUnit::kWorkingMinutes, 30}));
  EXPECT_EQ(d.return_window, (Allowance{TimeUnit::kWorkingHours, 2}));
  EXPECT_EQ(d.assist_reply, (Allowance{TimeUnit::kWorkingDays, 3}));
  EXPECT_EQ(d.guidance_reply, (Allowance{TimeUnit::kWorkingDays, 2}));

  // A policy saved before these limits existed has none of their keys.
  json old = SlaPolicyToJson(d);
  for (const char* key : {"whistle_report_in", "return_window", "assist_reply", "guidance_reply"})
    old.erase(key);
  auto p = SlaPolicyFromJson(old);
  ASSERT_TRUE(p) << p.error().message;
  EXPECT_EQ(p->whistle_report_in, d.whistle_report_in);
  EXPECT_EQ(p->return_window, d.return_window);
  EXPECT_EQ(p->assist_reply, d.assist_reply);
  EXPECT_EQ(p->guidance_reply, d.guidance_reply);
}

TEST(SlaPolicyTest, PolicyWideLimitsRoundTrip) {
  SlaPolicy p = DefaultSlaPolicy();
  p.whistle_report_in = {TimeUnit::kNaturalMinutes, 45};
  p.return_window = {TimeUnit::kWorkingMinutes, 90};
  p.assist_reply = {TimeUnit::kWorkingDays, 4};
  p.guidance_reply = {TimeUnit::kNaturalHours, 36};
  const json j = SlaPolicyToJson(p);
  EXPECT_EQ(j["return_window"], (json{{"unit", "working_minutes"}, {"amount", 90}}));
  EXPECT_EQ(j["assist_reply"], (json{{"unit", "working_days"}, {"amount", 4}}));
  auto back = SlaPolicyFromJson(json::parse(j.dump()));
  ASSERT_TRUE(back) << back.error().message;
  EXPECT_EQ(back->whistle_report_in, p.whistle_report_in);
  EXPECT_EQ(back->return_window, p.return_window);
  EXPECT_EQ(back->assist_reply, p.assist_reply);
  EXPECT_EQ(back->guidance_reply, p.guidance_reply);
  EXPECT_EQ(SlaPolicyToJson(*back), j);
}

TEST(SlaPolicyTest, PolicyWideLimitsRefuseBadValuesByField) {
  SlaPolicy zero = DefaultSlaPolicy();
  zero.assist_reply.amount = 0;
  auto z = ValidateSlaPolicy(zero);
  ASSERT_FALSE(z);
  EXPECT_EQ(z.error().code, "invalid_sla_policy");
  EXPECT_EQ(z.error().field, "assist_reply");

  json negative = SlaPolicyToJson(DefaultSlaPolicy());
  negative["guidance_reply"]["amount"] = -1;
  auto n = SlaPolicyFromJson(negative);
  ASSERT_FALSE(n);
  EXPECT_EQ(n.error().field, "guidance_reply");

  // Too large to be meant, and not wrapped around into a small int.
  json huge = SlaPolicyToJson(DefaultSlaPolicy());
  huge["return_window"]["amount"] = 4294967326LL;  // 2^32 + 30
  auto h = SlaPolicyFromJson(huge);
  ASSERT_FALSE(h);
  EXPECT_EQ(h.error().field, "return_window");

  json bad_unit = SlaPolicyToJson(DefaultSlaPolicy());
  bad_unit["whistle_report_in"]["unit"] = "working_seconds";
  auto u = SlaPolicyFromJson(bad_unit);
  ASSERT_FALSE(u);
  EXPECT_EQ(u.error().field, "whistle_report_in");

  json unknown = SlaPolicyToJson(DefaultSlaPolicy());
  unknown["transfer_reply"] = unknown["assist_reply"];
  auto k = SlaPolicyFromJson(unknown);
  ASSERT_FALSE(k);
  EXPECT_EQ(k.error().field, "transfer_reply");
}

TEST(SlaPolicyTest, WorkingMinutesSkipTheLunchBreak) {
  const auto& cal = BusinessCalendar::Builtin();
  // Monday 2 March 2026, a working day: 10 minutes before 12:00, 20 after 13:30.
  const Instant start = *ParseRfc3339("2026-03-02T11:50:00+08:00");
  const Allowance thirty{TimeUnit::kWorkingMinutes, 30};
  EXPECT_EQ(FormatRfc3339(DeadlineAfter(cal, start, thirty)), "2026-03-02T13:50:00+08:00");
  EXPECT_EQ(cal.WorkingTimeBetween(start, DeadlineAfter(cal, start, thirty)),
            std::chrono::minutes(30));
  // The warning share (80 % = 24 minutes) is counted in working time too.
  EXPECT_EQ(FormatRfc3339(ShareOfAllowance(cal, start, thirty, 80)), "2026-03-02T13:44:00+08:00");
  // Friday 17:20: 10 minutes left, the rest on Monday morning.
  const Instant friday = *ParseRfc3339("2026-03-06T17:20:00+08:00");
  EXPECT_EQ(FormatRfc3339(DeadlineAfter(cal, friday, thirty)), "2026-03-09T08:50:00+08:00");
}

TEST(SlaPolicyTest, DescribesAllowances) {
  EXPECT_EQ(DescribeAllowance({TimeUnit::kWorkingMinutes, 30}), "30 工作分钟");
  EXPECT_EQ(DescribeAllowance({TimeUnit::kWorkingHours, 2}), "2 个工作小时");
  EXPECT_EQ(DescribeAllowance({TimeUnit::kWorkingDays, 5}), "5 个工作日");
  EXPECT_EQ(DescribeAllowance({TimeUnit::kNaturalMinutes, 30}), "30 分钟");
}

}  // namespace
}  // namespace hotline
