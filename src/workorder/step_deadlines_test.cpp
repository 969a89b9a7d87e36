#include "workorder/step_deadlines.h"

#include <gtest/gtest.h>

#include "common/time_format.h"

namespace hotline {
namespace {

// A Monday in an ordinary week: 2026-11-23 (no holidays around it).
Instant T(const char* rfc3339) { return *ParseRfc3339(rfc3339); }
std::string S(const std::optional<StepDeadline>& t) {
  return t ? FormatRfc3339(t->due_at) : "none";
}

class StepDeadlinesTest : public ::testing::Test {
 protected:
  UnitTree units_{{{1, "P", "平台", UnitKind::kPlatform, std::nullopt},
                   {10, "S1", "街道", UnitKind::kStreet, 1},
                   {30, "D1", "区市场监管局", UnitKind::kDepartment, 1},
                   {40, "D2", "区城管局", UnitKind::kDepartment, 1}}};
  CategoryTree categories_{{{100, "01", "城乡建设", 1, std::nullopt, std::nullopt},
                            {101, "01.01", "市政", 2, 100, std::nullopt},
                            {102, "01.01.001", "道路破损", 3, 101, std::nullopt}}};
  WorkflowRules rules_;
  SlaPolicy sla_ = [] {
    SlaPolicy p = DefaultSlaPolicy();
    p.version = 4;
    return p;
  }();
  Instant now_ = T("2026-11-23T09:00:00+08:00");
  WorkOrder order_;
  const Actor agent_{1, "a", Role::kAgent, 1};
  const Actor dispatcher_{2, "d", Role::kDispatcher, 1};
  const Actor reviewer_{3, "r", Role::kReviewer, 1};
  const Actor handler_{4, "h", Role::kHandler, 10};
  const Actor dept30_{6, "d30", Role::kHandler, 30};
  const Actor dept40_{7, "d40", Role::kHandler, 40};
  const Actor system_{0, "system", Role::kSupervisor, 1};

  DecisionContext Ctx() {
    return DecisionContext{units_, categories_, rules_, now_, &BusinessCalendar::Builtin(), &sla_};
  }

  void SetUp() override {
    IntakeCommand c;
    c.caller_phone = "13800000000";
    c.category_id = 102;
    c.title = "t";
    c.content = "c";
    auto e = DecideIntake(agent_, c, Ctx());
    ASSERT_TRUE(e);
    Apply(order_, *e);
  }

  void At(const char* when, const Actor& a, Action action, Command cmd) {
    now_ = T(when);
    auto e = Decide(order_, a, action, cmd, Ctx());
    ASSERT_TRUE(e) << ActionCode(action) << ": " << e.error().message;
    Apply(order_, *e);
  }
};

TEST_F(StepDeadlinesTest, EachStepHasItsOwnClock) {
  At("2026-11-23T09:00:00+08:00", dispatcher_, Action::kDispatch, RouteCommand{10, {}, ""});
  EXPECT_EQ(S(order_.deadlines.sign), "2026-11-23T11:00:00+08:00");
  EXPECT_EQ(order_.deadlines.sla_version, 4);
  EXPECT_FALSE(order_.deadlines.handle);

  // Signing late does not shorten the handling time: it starts at the signature.
  At("2026-11-23T15:00:00+08:00", handler_, Action::kSign, SignCommand{});
  EXPECT_FALSE(order_.deadlines.sign);
  EXPECT_EQ(S(order_.deadlines.handle), "2026-11-30T15:00:00+08:00");  // 5 working days

  At("2026-11-24T10:00:00+08:00", handler_, Action::kExtend, ExtendCommand{3, "需协调"});
  EXPECT_EQ(S(order_.deadlines.application_review), "2026-11-25T10:00:00+08:00");
  // The reviewer takes 1 working hour; that hour is given back, then 3 days added.
  At("2026-11-24T11:00:00+08:00", reviewer_, Action::kReviewExtension, ReviewCommand{true, ""});
  EXPECT_FALSE(order_.deadlines.application_review);
  EXPECT_EQ(S(order_.deadlines.handle), "2026-12-03T16:00:00+08:00");

  ReplyCommand reply{"措施", "进展", "结果", "phone", T("2026-11-25T09:00:00+08:00"), ""};
  At("2026-11-25T10:00:00+08:00", handler_, Action::kReply, reply);
  EXPECT_FALSE(order_.deadlines.handle);
  EXPECT_EQ(S(order_.deadlines.review), "2026-11-26T10:00:00+08:00");

  At("2026-11-25T14:00:00+08:00", reviewer_, Action::kReviewReply, ReviewCommand{true, ""});
  EXPECT_FALSE(order_.deadlines.review);
  EXPECT_EQ(S(order_.deadlines.callback), "2026-11-27T14:00:00+08:00");

  const Actor callback{5, "c", Role::kCallback, 1};
  At("2026-11-26T09:00:00+08:00", callback, Action::kCallback,
     CallbackCommand{true, true, Satisfaction::kSatisfied, ""});
  EXPECT_EQ(order_.deadlines, (Deadlines{{}, {}, {}, {}, {}, 4}));
}

TEST_F(StepDeadlinesTest, UrgentOrdersCountNaturalHours) {
  order_.urgency = Urgency::kUrgent;
  At("2026-11-23T20:00:00+08:00", dispatcher_, Action::kDispatch, RouteCommand{10, {}, ""});
  EXPECT_EQ(S(order_.deadlines.sign), "2026-11-23T20:30:00+08:00");
  At("2026-11-23T20:10:00+08:00", handler_, Action::kSign, SignCommand{});
  EXPECT_EQ(S(order_.deadlines.handle), "2026-11-23T22:10:00+08:00");
}

TEST_F(StepDeadlinesTest, ARefusedReturnGivesBackTheReviewTime) {
  At("2026-11-23T09:00:00+08:00", dispatcher_, Action::kDispatch, RouteCommand{10, {}, ""});
  At("2026-11-23T09:30:00+08:00", handler_, Action::kReturn,
     ReturnCommand{"not_our_duty", "职责清单", "", "城管权责清单第 12 项", std::nullopt});
  // The dispatcher takes until after lunch: 2.5 + 0.5 working hours paused.
  At("2026-11-23T14:00:00+08:00", dispatcher_, Action::kReviewReturn,
     ReviewCommand{false, "属于本街道"});
  EXPECT_EQ(S(order_.deadlines.sign), "2026-11-23T15:30:00+08:00");
}

TEST_F(StepDeadlinesTest, LongPendingAfterThirtyWorkingDays) {
  // Intake was Monday 2026-11-23 09:00; the flag is due 30 working days later.
  ASSERT_TRUE(order_.long_pending_at);
  EXPECT_EQ(order_.long_pending_at,
            BusinessCalendar::Builtin().AddWorkingDays(T("2026-11-23T09:00:00+08:00"), 30));
  EXPECT_EQ(NextAlarm(order_), order_.long_pending_at);
  now_ = *order_.long_pending_at - std::chrono::minutes(1);
  const Actor system{0, "system", Role::kSupervisor, 1};
  EXPECT_TRUE(DecideAlarms(order_, system, Ctx()).empty());
  now_ = *order_.long_pending_at;
  auto events = DecideAlarms(order_, system, Ctx());
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].action, Action::kLongPending);
  Apply(order_, events[0]);
  EXPECT_TRUE(order_.long_pending);
  EXPECT_FALSE(NextAlarm(order_));
  EXPECT_TRUE(DecideAlarms(order_, system, Ctx()).empty());  // raised once
  EXPECT_EQ(OrderFlags(order_, 2), std::vector<std::string>{"long_pending"});
}

TEST_F(StepDeadlinesTest, DissatisfiedUntilReRatedOrClosed) {
  const Actor callback{5, "c", Role::kCallback, 1};
  auto to_callback = [&](const char* day) {
    std::string at = std::string(day) + "T09:00:00+08:00";
    At(at.c_str(), dispatcher_, Action::kDispatch, RouteCommand{10, {}, ""});
    At(at.c_str(), handler_, Action::kSign, SignCommand{});
    ReplyCommand reply{"措施", "进展", "结果", "phone", T(at.c_str()), ""};
    At(at.c_str(), handler_, Action::kReply, reply);
    At(at.c_str(), reviewer_, Action::kReviewReply, ReviewCommand{true, ""});
  };
  to_callback("2026-11-23");
  At("2026-11-24T09:00:00+08:00", callback, Action::kCallback,
     CallbackCommand{true, true, Satisfaction::kDissatisfied, "不满意"});
  EXPECT_EQ(order_.dissatisfied_since, T("2026-11-24T09:00:00+08:00"));
  At("2026-11-24T10:00:00+08:00", callback, Action::kReopen, ReopenCommand{"重办", std::nullopt});
  EXPECT_EQ(order_.dissatisfied_since, T("2026-11-24T09:00:00+08:00"));  // still on the board
  to_callback("2026-11-25");
  At("2026-11-26T09:00:00+08:00", callback, Action::kCallback,
     CallbackCommand{true, false, Satisfaction::kBasicallySatisfied, "未解决"});
  EXPECT_EQ(order_.dissatisfied_since, T("2026-11-24T09:00:00+08:00"));  // the first failure counts
  At("2026-11-26T10:00:00+08:00", callback, Action::kClose, CloseCommand{"诉求不合理，经审核结案"});
  EXPECT_FALSE(order_.dissatisfied_since);
}

TEST_F(StepDeadlinesTest, NoCalendarNoDeadlines) {
  now_ = T("2026-11-23T09:00:00+08:00");
  DecisionContext plain{units_, categories_, rules_, now_};
  auto e = Decide(order_, dispatcher_, Action::kDispatch, RouteCommand{10, {}, ""}, plain);
  ASSERT_TRUE(e);
  EXPECT_FALSE(e->payload.contains("deadlines"));
}

// The collaboration alarms among what DecideAlarms returns.
std::vector<Event> Only(const std::vector<Event>& events, Action action) {
  std::vector<Event> out;
  for (const Event& e : events)
    if (e.action == action) out.push_back(e);
  return out;
}

TEST_F(StepDeadlinesTest, AnUnrepliedAssistPartRaisesItsAlarmOnce) {
  At("2026-11-23T09:00:00+08:00", dispatcher_, Action::kDispatch, RouteCommand{10, {30, 40}, ""});
  At("2026-11-23T09:00:00+08:00", handler_, Action::kSign, SignCommand{});
  const Instant due = T("2026-11-26T09:00:00+08:00");  // 3 working days
  ASSERT_EQ(order_.collab.Part(40)->due_at, due);
  // The parts come before the handling warning (Friday 09:00).
  EXPECT_EQ(NextAlarm(order_), due);
  At("2026-11-24T10:00:00+08:00", dept30_, Action::kAssistReply, AssistReplyCommand{"已核查"});
  EXPECT_EQ(NextAlarm(order_), due);  // 40's part still runs

  now_ = due - std::chrono::minutes(1);
  EXPECT_TRUE(DecideAlarms(order_, system_, Ctx()).empty());
  now_ = due;
  const auto events = DecideAlarms(order_, system_, Ctx());
  const auto lapsed = Only(events, Action::kAssistOverdue);
  ASSERT_EQ(lapsed.size(), 1u);  // not for 30, which replied
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(lapsed[0].seq, order_.version + 1);
  EXPECT_EQ(lapsed[0].state_after, State::kHandling);
  EXPECT_EQ(lapsed[0].payload["unit_id"], 40);
  EXPECT_EQ(lapsed[0].payload["lead_unit_id"], 10);
  EXPECT_EQ(lapsed[0].payload["due_at"], "2026-11-26T09:00:00+08:00");
  Apply(order_, lapsed[0]);
  EXPECT_TRUE(order_.collab.Part(40)->overdue);
  EXPECT_FALSE(order_.collab.Part(30)->overdue);
  EXPECT_EQ(OrderFlags(order_, 2), std::vector<std::string>{"assist_overdue"});

  now_ = due + std::chrono::hours(1);
  EXPECT_TRUE(Only(DecideAlarms(order_, system_, Ctx()), Action::kAssistOverdue).empty());
  EXPECT_EQ(NextAlarm(order_), order_.deadlines.handle->warn_at);
  // A late part reply clears the flag.
  At("2026-11-26T11:00:00+08:00", dept40_, Action::kAssistReply, AssistReplyCommand{"补充意见"});
  EXPECT_TRUE(OrderFlags(order_, 2).empty());
}

TEST_F(StepDeadlinesTest, AMissedReportInRaisesItsAlarmOnceWhileTheWhistleIsOpen) {
  At("2026-11-23T09:00:00+08:00", dispatcher_, Action::kDispatch, RouteCommand{10, {}, ""});
  At("2026-11-23T09:00:00+08:00", handler_, Action::kSign, SignCommand{});
  const WorkOrder signed_order = order_;
  const WhistleCommand whistle{"占道经营", "街道无执法权", {30, 40}};
  At("2026-11-23T10:00:00+08:00", handler_, Action::kWhistle, whistle);
  const Instant due = T("2026-11-23T10:30:00+08:00");  // 30 working minutes
  EXPECT_EQ(NextAlarm(order_), due);
  At("2026-11-23T10:10:00+08:00", dept30_, Action::kReportIn, ReportInCommand{1, "到场"});
  EXPECT_EQ(NextAlarm(order_), due);

  now_ = due;
  const auto events = DecideAlarms(order_, system_, Ctx());
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].action, Action::kReportInOverdue);
  EXPECT_EQ(events[0].payload["whistle_id"], 1);
  EXPECT_EQ(events[0].payload["unit_id"], 40);
  EXPECT_EQ(events[0].payload["street_unit_id"], 10);
  Apply(order_, events[0]);
  EXPECT_TRUE(order_.collab.whistles[0].summons[1].overdue);
  EXPECT_FALSE(order_.collab.whistles[0].summons[0].overdue);
  EXPECT_TRUE(DecideAlarms(order_, system_, Ctx()).empty());
  EXPECT_NE(NextAlarm(order_), due);

  // A whistle closed before the due time raises nothing for its summons.
  order_ = signed_order;
  At("2026-11-23T10:00:00+08:00", handler_, Action::kWhistle, whistle);
  At("2026-11-23T10:10:00+08:00", dept30_, Action::kReportIn, ReportInCommand{1, "到场"});
  At("2026-11-23T10:20:00+08:00", handler_, Action::kCloseWhistle,
     CloseWhistleCommand{1, true, "已解决", {{30, 5, ""}}});
  EXPECT_EQ(NextAlarm(order_), order_.deadlines.handle->warn_at);
  now_ = due + std::chrono::hours(1);
  EXPECT_TRUE(Only(DecideAlarms(order_, system_, Ctx()), Action::kReportInOverdue).empty());
}

}  // namespace
}  // namespace hotline
