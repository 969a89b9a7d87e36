// Collaboration records: look-ups and their JSON form.
#include "workorder/collaboration.h"

#include <gtest/gtest.h>

#include "common/time_format.h"

namespace hotline {
namespace {

using nlohmann::json;

Instant At(std::string_view text) { return *ParseRfc3339(text); }

// Every field set to something other than its default.
Collaboration FullyPopulated() {
  Collaboration c;
  c.assist_parts.push_back(AssistPart{.unit_id = 11,
                                      .assigned_at = At("2026-11-23T09:00:00+08:00"),
                                      .due_at = At("2026-11-25T17:30:00+08:00"),
                                      .replied_at = At("2026-11-24T10:15:30.250+08:00"),
                                      .content = "已配合现场核查",
                                      .overdue = true});
  AssistPart unreplied;
  unreplied.unit_id = 12;
  unreplied.assigned_at = At("2026-11-23T09:00:00+08:00");
  c.assist_parts.push_back(unreplied);
  c.return_window_ends = At("2026-11-23T11:00:00+08:00");
  c.returns.push_back(ReturnRecord{.unit_id = 11,
                                   .at = At("2026-11-23T10:00:00+08:00"),
                                   .reason_code = "not_our_duty",
                                   .outcome = "approved",
                                   .reviewed_at = At("2026-11-23T10:30:00+08:00")});
  c.disputes.push_back(DisputeRecord{.unit_id = 13,
                                     .proposed_unit_id = 14,
                                     .basis = "权责清单第3项",
                                     .at = At("2026-11-24T09:00:00+08:00"),
                                     .outcome = "upheld",
                                     .settled_at = At("2026-11-24T15:00:00+08:00")});
  c.coordination_required = true;
  c.routing_fixed = true;
  c.provisional_unit_id = 13;
  Whistle w;
  w.id = 1;
  w.street_unit_id = 20;
  w.raised_by_unit_id = 21;
  w.question = "违建拆除需多部门联合执法";
  w.reason = "街道无执法权";
  w.raised_at = At("2026-11-24T10:00:00+08:00");
  w.state = "closed";
  w.summons.push_back(Summons{.unit_id = 30,
                              .due_at = At("2026-11-24T10:30:00+08:00"),
                              .reported_at = At("2026-11-24T10:45:00+08:00"),
                              .late = true,
                              .overdue = true,
                              .report_note = "执法队两人到场",
                              .work = "下达整改通知",
                              .score = 4,
                              .score_comment = "响应积极",
                              .preparation_score = 5,
                              .preparation_comment = "材料齐全"});
  w.meetings.push_back(JointMeeting{.held_at = At("2026-11-25T14:00:00+08:00"),
                                    .place = "街道会议室",
                                    .attendees = {"城管执法队", "住建委"},
                                    .citizen_invited = true,
                                    .citizen_attended = true,
                                    .decisions = "限期拆除"});
  w.resolved = true;
  w.outcome = "已拆除";
  w.closed_at = At("2026-11-28T16:00:00+08:00");
  c.whistles.push_back(w);
  c.guidance.push_back(GuidanceRequest{.id = 1,
                                       .requested_by_unit_id = 20,
                                       .unit_id = 31,
                                       .question = "房屋安全如何鉴定",
                                       .requested_at = At("2026-11-24T11:00:00+08:00"),
                                       .due_at = At("2026-11-26T11:00:00+08:00"),
                                       .answered_at = At("2026-11-27T09:00:00+08:00"),
                                       .answer = "委托有资质的鉴定机构",
                                       .late = true});
  return c;
}

TEST(CollaborationTest, RoundTripsEveryField) {
  const Collaboration c = FullyPopulated();
  const json j = CollaborationToJson(c);
  EXPECT_EQ(CollaborationFromJson(j), c);
  // Through text too, as storage and the API keep it.
  EXPECT_EQ(CollaborationFromJson(json::parse(j.dump())), c);
}

TEST(CollaborationTest, JsonIsReadable) {
  const json j = CollaborationToJson(FullyPopulated());
  const json& whistle = j.at("whistles").at(0);
  ASSERT_TRUE(whistle.contains("summoned"));
  EXPECT_FALSE(whistle.contains("summons"));
  EXPECT_EQ(whistle.at("summoned").at(0).at("unit_id"), 30);
  EXPECT_EQ(whistle.at("summoned").at(0).at("reported_at"), "2026-11-24T10:45:00+08:00");
  EXPECT_EQ(whistle.at("meetings").at(0).at("attendees").size(), 2u);
  EXPECT_EQ(j.at("assist_parts").at(0).at("replied_at"), "2026-11-24T10:15:30.250+08:00");
  // Unset optionals are explicit nulls.
  EXPECT_TRUE(j.at("assist_parts").at(1).at("due_at").is_null());
  EXPECT_TRUE(j.at("assist_parts").at(1).at("replied_at").is_null());
  const json empty = CollaborationToJson(Collaboration{});
  EXPECT_TRUE(empty.at("return_window_ends").is_null());
  EXPECT_TRUE(empty.at("provisional_unit_id").is_null());
  EXPECT_TRUE(empty.at("whistles").is_array());
}

TEST(CollaborationTest, AbsentKeysKeepDefaults) {
  EXPECT_EQ(CollaborationFromJson(json::object()), Collaboration{});
  EXPECT_EQ(CollaborationFromJson(json(nullptr)), Collaboration{});
  const Collaboration c = CollaborationFromJson(
      json::parse(R"({"whistles":[{"id":2,"summoned":[{"unit_id":7}]}],"returns":null})"));
  ASSERT_EQ(c.whistles.size(), 1u);
  EXPECT_EQ(c.whistles[0].id, 2);
  EXPECT_EQ(c.whistles[0].state, "open");
  ASSERT_EQ(c.whistles[0].summons.size(), 1u);
  EXPECT_EQ(c.whistles[0].summons[0].unit_id, 7);
  EXPECT_FALSE(c.whistles[0].summons[0].score);
  EXPECT_TRUE(c.returns.empty());
}

TEST(CollaborationTest, WrongTypesThrow) {
  EXPECT_THROW(CollaborationFromJson(json::parse(R"({"returns":{}})")), json::exception);
  EXPECT_THROW(CollaborationFromJson(json::parse(R"({"returns":[3]})")), json::exception);
  EXPECT_THROW(CollaborationFromJson(json::parse(R"({"routing_fixed":"yes"})")), json::exception);
  EXPECT_THROW(CollaborationFromJson(json::parse(R"({"return_window_ends":"tomorrow"})")),
               json::exception);
  EXPECT_THROW(CollaborationFromJson(json::array()), json::exception);
}

TEST(CollaborationTest, ParticipantUnitsAreSummonedAndGuidanceDepartments) {
  Collaboration c;
  EXPECT_TRUE(c.ParticipantUnits().empty());
  AssistPart part;
  part.unit_id = 99;  // assisting units are not participants
  c.assist_parts.push_back(part);
  auto summons = [](UnitId unit) {
    Summons s;
    s.unit_id = unit;
    return s;
  };
  auto asked = [](int id, UnitId unit) {
    GuidanceRequest g;
    g.id = id;
    g.requested_by_unit_id = 20;
    g.unit_id = unit;
    return g;
  };
  Whistle first;
  first.id = 1;
  first.street_unit_id = 20;
  first.summons = {summons(33), summons(31)};
  Whistle second;
  second.id = 2;
  second.summons = {summons(31), summons(35)};
  c.whistles = {first, second};
  c.guidance = {asked(1, 35), asked(2, 32)};
  EXPECT_EQ(c.ParticipantUnits(), (std::vector<UnitId>{31, 32, 33, 35}));
}

TEST(CollaborationTest, OpenDisputeIsTheUnsettledOne) {
  Collaboration c;
  EXPECT_EQ(c.OpenDispute(), nullptr);
  DisputeRecord settled;
  settled.unit_id = 1;
  settled.outcome = "overruled";
  c.disputes.push_back(settled);
  EXPECT_EQ(c.OpenDispute(), nullptr);
  DisputeRecord open;
  open.unit_id = 2;  // "open" by default
  c.disputes.push_back(open);
  ASSERT_NE(c.OpenDispute(), nullptr);
  EXPECT_EQ(c.OpenDispute()->unit_id, 2);
  c.OpenDispute()->outcome = "upheld";  // settling it through the mutable look-up
  const Collaboration& view = c;
  EXPECT_EQ(view.OpenDispute(), nullptr);
}

TEST(CollaborationTest, LookUpsByUnitAndId) {
  Collaboration c = FullyPopulated();
  ASSERT_NE(c.Part(12), nullptr);
  EXPECT_EQ(c.Part(12)->unit_id, 12);
  EXPECT_EQ(c.Part(30), nullptr);
  c.Part(12)->content = "补充材料";
  EXPECT_EQ(c.assist_parts[1].content, "补充材料");
  const Collaboration& view = c;
  ASSERT_NE(view.FindWhistle(1), nullptr);
  EXPECT_EQ(view.FindWhistle(1)->street_unit_id, 20);
  EXPECT_EQ(view.FindWhistle(2), nullptr);
  ASSERT_NE(c.FindGuidance(1), nullptr);
  EXPECT_EQ(c.FindGuidance(1)->unit_id, 31);
  EXPECT_EQ(view.FindGuidance(0), nullptr);
}

}  // namespace
}  // namespace hotline
