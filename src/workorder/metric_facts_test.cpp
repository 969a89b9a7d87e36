// Hand-computed fixtures for every figure (docs/metrics.md): the real
// lifecycle (Decide/Apply/DecideAlarms) on the builtin working-day calendar
// and the default SLA policy, and what FactsOf makes of each event. Week of
// Monday 2026-11-23, no holidays: sign within 2 working hours, handle within
// 5 working days, review within 1 working day.
#include "workorder/metric_facts.h"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "common/time_format.h"
#include "workorder/lifecycle.h"
#include "workorder/step_deadlines.h"

namespace hotline {
namespace {

using Facts = std::vector<std::string>;

Instant T(std::string_view rfc3339) { return *ParseRfc3339(rfc3339); }

// "day unit: measure=n ...", nonzero counters in Measure order; "-" for no unit.
std::string Describe(const MetricFact& f) {
  std::string s =
      fmt::format("{} {}:", f.day, f.unit_id ? std::to_string(*f.unit_id) : std::string("-"));
  for (int i = 0; i < kMeasureCount; ++i)
    if (f.counts[i] != 0)
      s += fmt::format(" {}={}", MeasureCode(static_cast<Measure>(i)), f.counts[i]);
  return s;
}

Facts Describe(const std::vector<MetricFact>& facts) {
  Facts out;
  for (const MetricFact& f : facts) out.push_back(Describe(f));
  return out;
}

Actor Staff(Role role, UnitId unit) {
  return Actor{static_cast<UserId>(unit * 100 + static_cast<int>(role)), "u", role, unit};
}

const Actor kAgent = Staff(Role::kAgent, 1);
const Actor kDispatcher = Staff(Role::kDispatcher, 1);
const Actor kReviewer = Staff(Role::kReviewer, 1);
const Actor kCallbackAgent = Staff(Role::kCallback, 1);
const Actor kSystem{0, "system", Role::kSupervisor, 1};
const Actor kStreet = Staff(Role::kHandler, 10);
const Actor kDept30 = Staff(Role::kHandler, 30);
const Actor kDept40 = Staff(Role::kHandler, 40);

class MetricFactsTest : public ::testing::Test {
 protected:
  // Platform 1; street 10 with community 11; departments 30 and 40.
  UnitTree units_{{{1, "P", "平台", UnitKind::kPlatform, std::nullopt},
                   {10, "S1", "夫子庙街道", UnitKind::kStreet, 1},
                   {11, "S1C1", "某社区", UnitKind::kCommunity, 10},
                   {30, "D1", "区市场监管局", UnitKind::kDepartment, 1},
                   {40, "D2", "区城管局", UnitKind::kDepartment, 1}}};
  CategoryTree categories_{{{100, "01", "城乡建设", 1, std::nullopt, std::nullopt},
                            {101, "01.01", "市政", 2, 100, std::nullopt},
                            {102, "01.01.001", "道路破损", 3, 101, std::nullopt}}};
  WorkflowRules rules_;
  SlaPolicy sla_ = DefaultSlaPolicy();
  Instant now_ = T("2026-11-23T08:30:00+08:00");
  OrderId next_id_ = 1;

  DecisionContext Ctx() {
    return DecisionContext{units_, categories_, rules_, now_, &BusinessCalendar::Builtin(), &sla_};
  }

  static IntakeCommand Demand() {
    IntakeCommand c;
    c.channel = Channel::kWeb;
    c.caller_phone = "13800000000";
    c.enterprise = true;
    c.demand_type = DemandType::kComplaint;
    c.category_id = 102;
    c.street_unit_id = 10;
    c.title = "路面坑洼";
    c.content = "路口有大坑";
    return c;
  }

  // A new order taken in at `when`; its intake facts go to `facts` when given.
  WorkOrder Intake(std::string_view when, Facts* facts = nullptr, IntakeCommand cmd = Demand()) {
    now_ = T(when);
    auto e = DecideIntake(kAgent, cmd, Ctx());
    EXPECT_TRUE(e) << e.error().message;
    WorkOrder o;
    o.id = next_id_++;
    const WorkOrder before;
    Apply(o, *e);
    if (facts) *facts = Describe(FactsOf(before, *e, o));
    return o;
  }

  // Takes `action` at `when` and returns the facts of its event.
  Facts Do(WorkOrder& o, std::string_view when, const Actor& a, Action action, Command cmd) {
    now_ = T(when);
    auto e = Decide(o, a, action, cmd, Ctx());
    EXPECT_TRUE(e) << ActionCode(action) << ": " << e.error().message;
    if (!e) return {"refused"};
    return Record(o, *e);
  }

  Facts Record(WorkOrder& o, const Event& e) {
    const WorkOrder before = o;
    Apply(o, e);
    return Describe(FactsOf(before, e, o));
  }

  // The scheduler's alarms at `when`, applied; the facts of all of them.
  Facts Alarms(WorkOrder& o, std::string_view when) {
    now_ = T(when);
    Facts out;
    for (const Event& e : DecideAlarms(o, kSystem, Ctx()))
      for (std::string& f : Record(o, e)) out.push_back(std::move(f));
    return out;
  }

  static ReplyCommand Reply(std::string_view contact_at) {
    return ReplyCommand{"到场修补", "已完工", "路面平整", "phone", T(contact_at), ""};
  }

  // Dispatch to street 10, sign, reply and approval, all on `day` morning.
  void ToCallback(WorkOrder& o, std::string_view day) {
    const std::string d(day);
    Do(o, d + "T09:00:00+08:00", kDispatcher, Action::kDispatch, RouteCommand{10, {}, ""});
    Do(o, d + "T09:10:00+08:00", kStreet, Action::kSign, SignCommand{});
    Do(o, d + "T10:00:00+08:00", kStreet, Action::kReply, Reply(d + "T09:30:00+08:00"));
    Do(o, d + "T11:00:00+08:00", kReviewer, Action::kReviewReply, ReviewCommand{true, ""});
  }
};

TEST_F(MetricFactsTest, MeasureCodesRoundTrip) {
  for (int i = 0; i < kMeasureCount; ++i) {
    const auto m = static_cast<Measure>(i);
    EXPECT_EQ(ParseMeasure(MeasureCode(m)), m);
  }
  EXPECT_EQ(MeasureCode(Measure::kSignedOnTime), "signed_on_time");
  EXPECT_EQ(MeasureCode(Measure::kClosed), "closed");
  EXPECT_FALSE(ParseMeasure("satisfaction_rate"));
}

TEST_F(MetricFactsTest, IntakeIsReceivedWithTheOrdersDimensionsAndNoUnit) {
  now_ = T("2026-11-23T08:30:00+08:00");
  auto e = DecideIntake(kAgent, Demand(), Ctx());
  ASSERT_TRUE(e);
  WorkOrder o;
  Apply(o, *e);
  const auto facts = FactsOf(WorkOrder{}, *e, o);
  ASSERT_EQ(facts.size(), 1u);
  MetricFact want;
  want.day = 20261123;
  want.unit_id = std::nullopt;  // no unit holds the order yet
  want.street_unit_id = 10;
  want.category_id = 102;
  want.channel = Channel::kWeb;
  want.demand_type = DemandType::kComplaint;
  want.enterprise = true;
  want.counts[static_cast<int>(Measure::kReceived)] = 1;
  EXPECT_EQ(facts[0], want);
}

TEST_F(MetricFactsTest, SignOnTimeUpToTheDeadlineInclusive) {
  WorkOrder on_time = Intake("2026-11-23T08:30:00+08:00");
  EXPECT_EQ(Do(on_time, "2026-11-23T09:00:00+08:00", kDispatcher, Action::kDispatch,
               RouteCommand{10, {}, ""}),
            (Facts{"20261123 10: dispatched=1"}));
  ASSERT_EQ(FormatRfc3339(on_time.deadlines.sign->due_at), "2026-11-23T11:00:00+08:00");
  EXPECT_EQ(Do(on_time, "2026-11-23T11:00:00+08:00", kStreet, Action::kSign, SignCommand{}),
            (Facts{"20261123 10: signed=1 signed_on_time=1"}));

  WorkOrder late = Intake("2026-11-23T08:30:00+08:00");
  Do(late, "2026-11-23T09:00:00+08:00", kDispatcher, Action::kDispatch, RouteCommand{10, {}, ""});
  EXPECT_EQ(Do(late, "2026-11-23T11:01:00+08:00", kStreet, Action::kSign, SignCommand{}),
            (Facts{"20261123 10: signed=1"}));
}

TEST_F(MetricFactsTest, ReplyOnTimeWithinTheHandlingLimit) {
  WorkOrder on_time = Intake("2026-11-23T08:30:00+08:00");
  Do(on_time, "2026-11-23T09:00:00+08:00", kDispatcher, Action::kDispatch,
     RouteCommand{10, {}, ""});
  Do(on_time, "2026-11-23T09:00:00+08:00", kStreet, Action::kSign, SignCommand{});
  ASSERT_EQ(FormatRfc3339(on_time.deadlines.handle->due_at), "2026-11-30T09:00:00+08:00");
  EXPECT_EQ(Do(on_time, "2026-11-30T09:00:00+08:00", kStreet, Action::kReply,
               Reply("2026-11-27T09:00:00+08:00")),
            (Facts{"20261130 10: replied=1 replied_on_time=1"}));

  WorkOrder late = Intake("2026-11-23T08:30:00+08:00");
  Do(late, "2026-11-23T09:00:00+08:00", kDispatcher, Action::kDispatch, RouteCommand{10, {}, ""});
  Do(late, "2026-11-23T09:00:00+08:00", kStreet, Action::kSign, SignCommand{});
  EXPECT_EQ(Do(late, "2026-11-30T09:01:00+08:00", kStreet, Action::kReply,
               Reply("2026-11-27T09:00:00+08:00")),
            (Facts{"20261130 10: replied=1"}));
}

TEST_F(MetricFactsTest, AnApprovedExtensionMovesTheHandlingLimit) {
  auto extended = [&] {
    WorkOrder o = Intake("2026-11-23T08:30:00+08:00");
    Do(o, "2026-11-23T09:00:00+08:00", kDispatcher, Action::kDispatch, RouteCommand{10, {}, ""});
    Do(o, "2026-11-23T09:00:00+08:00", kStreet, Action::kSign, SignCommand{});
    // Applications and their review count nothing themselves.
    EXPECT_EQ(Do(o, "2026-11-24T10:00:00+08:00", kStreet, Action::kExtend,
                 ExtendCommand{3, "需协调施工队"}),
              Facts{});
    EXPECT_EQ(Do(o, "2026-11-24T11:00:00+08:00", kReviewer, Action::kReviewExtension,
                 ReviewCommand{true, ""}),
              Facts{});
    // 11-30 09:00, plus the working hour the review took, plus 3 working days.
    EXPECT_EQ(FormatRfc3339(o.deadlines.handle->due_at), "2026-12-03T10:00:00+08:00");
    return o;
  };
  WorkOrder within = extended();
  // Late against the original limit, on time against the extended one.
  EXPECT_EQ(Do(within, "2026-12-02T10:00:00+08:00", kStreet, Action::kReply,
               Reply("2026-12-01T10:00:00+08:00")),
            (Facts{"20261202 10: replied=1 replied_on_time=1"}));
  WorkOrder beyond = extended();
  EXPECT_EQ(Do(beyond, "2026-12-03T10:01:00+08:00", kStreet, Action::kReply,
               Reply("2026-12-01T10:00:00+08:00")),
            (Facts{"20261203 10: replied=1"}));

  // A refused extension leaves the limit where it was (plus the review time).
  WorkOrder refused = Intake("2026-11-23T08:30:00+08:00");
  Do(refused, "2026-11-23T09:00:00+08:00", kDispatcher, Action::kDispatch,
     RouteCommand{10, {}, ""});
  Do(refused, "2026-11-23T09:00:00+08:00", kStreet, Action::kSign, SignCommand{});
  Do(refused, "2026-11-24T10:00:00+08:00", kStreet, Action::kExtend, ExtendCommand{3, "需协调"});
  Do(refused, "2026-11-24T11:00:00+08:00", kReviewer, Action::kReviewExtension,
     ReviewCommand{false, "理由不足"});
  EXPECT_EQ(Do(refused, "2026-12-02T10:00:00+08:00", kStreet, Action::kReply,
               Reply("2026-12-01T10:00:00+08:00")),
            (Facts{"20261202 10: replied=1"}));
}

TEST_F(MetricFactsTest, ReachedCallbacksRateTheLeadUnit) {
  WorkOrder satisfied = Intake("2026-11-23T08:30:00+08:00");
  ToCallback(satisfied, "2026-11-23");
  // The successful callback closes the order: closed once, in the same fact.
  EXPECT_EQ(Do(satisfied, "2026-11-24T09:00:00+08:00", kCallbackAgent, Action::kCallback,
               CallbackCommand{true, true, Satisfaction::kSatisfied, ""}),
            (Facts{"20261124 10: rated=1 resolved=1 satisfied=1 closed=1"}));

  WorkOrder basic = Intake("2026-11-23T08:30:00+08:00");
  ToCallback(basic, "2026-11-23");
  EXPECT_EQ(Do(basic, "2026-11-24T09:00:00+08:00", kCallbackAgent, Action::kCallback,
               CallbackCommand{true, true, Satisfaction::kBasicallySatisfied, ""}),
            (Facts{"20261124 10: rated=1 resolved=1 basically_satisfied=1 closed=1"}));

  // Failed callbacks (dissatisfied, or not resolved) are rated and leave the order open.
  WorkOrder dissatisfied = Intake("2026-11-23T08:30:00+08:00");
  ToCallback(dissatisfied, "2026-11-23");
  EXPECT_EQ(Do(dissatisfied, "2026-11-24T09:00:00+08:00", kCallbackAgent, Action::kCallback,
               CallbackCommand{true, true, Satisfaction::kDissatisfied, "态度差"}),
            (Facts{"20261124 10: rated=1 resolved=1 dissatisfied=1"}));
  EXPECT_EQ(dissatisfied.state, State::kPendingCallback);

  WorkOrder unresolved = Intake("2026-11-23T08:30:00+08:00");
  ToCallback(unresolved, "2026-11-23");
  EXPECT_EQ(Do(unresolved, "2026-11-24T09:00:00+08:00", kCallbackAgent, Action::kCallback,
               CallbackCommand{true, false, Satisfaction::kSatisfied, "坑还在"}),
            (Facts{"20261124 10: rated=1 satisfied=1"}));
  EXPECT_TRUE(unresolved.callback_failed);
}

TEST_F(MetricFactsTest, UnreachedCallbacksRateNothing) {
  WorkOrder o = Intake("2026-11-23T08:30:00+08:00");
  ToCallback(o, "2026-11-23");
  const CallbackCommand unreached{false, std::nullopt, std::nullopt, "无人接听"};
  EXPECT_EQ(Do(o, "2026-11-24T09:00:00+08:00", kCallbackAgent, Action::kCallback, unreached),
            Facts{});
  EXPECT_EQ(Do(o, "2026-11-24T14:00:00+08:00", kCallbackAgent, Action::kCallback, unreached),
            Facts{});
  // The third attempt closes the order unrated: closed, but nothing rated.
  EXPECT_EQ(Do(o, "2026-11-25T09:00:00+08:00", kCallbackAgent, Action::kCallback, unreached),
            (Facts{"20261125 10: closed=1"}));
  EXPECT_EQ(o.close_reason, "unreachable");
}

TEST_F(MetricFactsTest, ReopenToTheSameUnitHandsItBack) {
  WorkOrder o = Intake("2026-11-23T08:30:00+08:00");
  ToCallback(o, "2026-11-23");
  Do(o, "2026-11-24T09:00:00+08:00", kCallbackAgent, Action::kCallback,
     CallbackCommand{true, false, Satisfaction::kDissatisfied, "未解决"});
  // Sent back to the same unit: it failed (reopened) and it receives the
  // order again on a new sign step (dispatched).
  EXPECT_EQ(Do(o, "2026-11-24T10:00:00+08:00", kCallbackAgent, Action::kReopen,
               ReopenCommand{"重办", 10}),
            (Facts{"20261124 10: dispatched=1 reopened=1"}));
  EXPECT_EQ(o.state, State::kDispatched);
  // The unit signs again on a fresh sign clock.
  EXPECT_EQ(Do(o, "2026-11-24T11:00:00+08:00", kStreet, Action::kSign, SignCommand{}),
            (Facts{"20261124 10: signed=1 signed_on_time=1"}));
}

TEST_F(MetricFactsTest, ReopenToAnotherUnitChargesTheFailedOneAndHandsOver) {
  WorkOrder o = Intake("2026-11-23T08:30:00+08:00");
  ToCallback(o, "2026-11-23");
  Do(o, "2026-11-24T09:00:00+08:00", kCallbackAgent, Action::kCallback,
     CallbackCommand{true, true, Satisfaction::kDissatisfied, "不满意"});
  EXPECT_EQ(Do(o, "2026-11-24T10:00:00+08:00", kCallbackAgent, Action::kReopen,
               ReopenCommand{"改由城管重办", 40}),
            (Facts{"20261124 10: reopened=1", "20261124 40: dispatched=1"}));
  EXPECT_EQ(Do(o, "2026-11-24T10:30:00+08:00", kDept40, Action::kSign, SignCommand{}),
            (Facts{"20261124 40: signed=1 signed_on_time=1"}));
}

TEST_F(MetricFactsTest, ReopenWithoutUnitWaitsForTheNextDispatch) {
  WorkOrder o = Intake("2026-11-23T08:30:00+08:00");
  ToCallback(o, "2026-11-23");
  Do(o, "2026-11-24T09:00:00+08:00", kCallbackAgent, Action::kCallback,
     CallbackCommand{true, false, Satisfaction::kDissatisfied, "不满意"});
  EXPECT_EQ(Do(o, "2026-11-24T10:00:00+08:00", kDispatcher, Action::kReopen,
               ReopenCommand{"重办", std::nullopt}),
            (Facts{"20261124 10: reopened=1"}));
  EXPECT_EQ(
      Do(o, "2026-11-24T10:05:00+08:00", kDispatcher, Action::kDispatch, RouteCommand{30, {}, ""}),
      (Facts{"20261124 30: dispatched=1"}));
}

TEST_F(MetricFactsTest, ReturnsAskedAndApproved) {
  WorkOrder o = Intake("2026-11-23T08:30:00+08:00");
  Do(o, "2026-11-23T09:00:00+08:00", kDispatcher, Action::kDispatch, RouteCommand{30, {}, ""});
  const ReturnCommand ret{"outside_jurisdiction", "地址不在本局管辖", "", "", std::nullopt};
  EXPECT_EQ(Do(o, "2026-11-23T09:30:00+08:00", kDept30, Action::kReturn, ret),
            (Facts{"20261123 30: returned=1"}));
  // A refused return adds nothing; the unit may ask again within its window.
  EXPECT_EQ(Do(o, "2026-11-23T09:40:00+08:00", kDispatcher, Action::kReviewReturn,
               ReviewCommand{false, "属于本局"}),
            Facts{});
  EXPECT_EQ(Do(o, "2026-11-23T09:50:00+08:00", kDept30, Action::kReturn, ret),
            (Facts{"20261123 30: returned=1"}));
  // Approved: charged to the unit that returned it, though it no longer leads.
  EXPECT_EQ(Do(o, "2026-11-23T10:00:00+08:00", kDispatcher, Action::kReviewReturn,
               ReviewCommand{true, ""}),
            (Facts{"20261123 30: return_approved=1"}));
  EXPECT_FALSE(o.lead_unit_id);
  EXPECT_EQ(
      Do(o, "2026-11-23T10:05:00+08:00", kDispatcher, Action::kDispatch, RouteCommand{40, {}, ""}),
      (Facts{"20261123 40: dispatched=1"}));
}

TEST_F(MetricFactsTest, HandOversCountForTheReceivingUnit) {
  WorkOrder o = Intake("2026-11-23T08:30:00+08:00");
  Do(o, "2026-11-23T09:00:00+08:00", kDispatcher, Action::kDispatch, RouteCommand{30, {}, ""});
  EXPECT_EQ(Do(o, "2026-11-23T09:20:00+08:00", kDispatcher, Action::kReassign,
               RouteCommand{40, {30}, "改派城管"}),
            (Facts{"20261123 40: dispatched=1"}));
  // Assisting units are not dispatched to in these figures.
  const ReturnCommand ret{"other", "需住建部门处理", "", "", std::nullopt};
  Do(o, "2026-11-23T09:30:00+08:00", kDept40, Action::kReturn, ret);
  // 先行处置 while the return is disputed hands the order over too.
  EXPECT_EQ(Do(o, "2026-11-23T09:40:00+08:00", kDispatcher, Action::kProvisional,
               ProvisionalCommand{10, "街道先行处置"}),
            (Facts{"20261123 10: dispatched=1"}));
  // Coordination that confirms the current lead hands nothing over ...
  EXPECT_EQ(Do(o, "2026-11-23T10:00:00+08:00", kDispatcher, Action::kCoordinate,
               CoordinateCommand{10, {}, "由街道主办", "属地管理"}),
            Facts{});
}

TEST_F(MetricFactsTest, CoordinationToANewLeadHandsOver) {
  WorkOrder o = Intake("2026-11-23T08:30:00+08:00");
  Do(o, "2026-11-23T09:00:00+08:00", kDispatcher, Action::kDispatch, RouteCommand{30, {}, ""});
  Do(o, "2026-11-23T09:30:00+08:00", kDept30, Action::kReturn,
     ReturnCommand{"other", "需城管处理", "", "", std::nullopt});
  EXPECT_EQ(Do(o, "2026-11-23T10:00:00+08:00", kDispatcher, Action::kCoordinate,
               CoordinateCommand{40, {}, "由城管主办", "权责清单"}),
            (Facts{"20261123 30: return_approved=1", "20261123 40: dispatched=1"}));
}

TEST_F(MetricFactsTest, MergedOrdersCountTheirOwnCallbacks) {
  WorkOrder master = Intake("2026-11-23T08:30:00+08:00");
  WorkOrder dup = Intake("2026-11-23T08:40:00+08:00");
  Do(master, "2026-11-23T09:00:00+08:00", kDispatcher, Action::kDispatch, RouteCommand{10, {}, ""});
  now_ = T("2026-11-23T09:05:00+08:00");
  auto merge = DecideMerge(dup, master, kDispatcher, MergeCommand{master.id, "同一处坑"}, Ctx());
  ASSERT_TRUE(merge) << merge.error().message;
  // Merging closes nothing and hands nothing over.
  EXPECT_EQ(Record(dup, merge->first), Facts{});
  EXPECT_EQ(Record(master, merge->second), Facts{});
  EXPECT_EQ(dup.state, State::kMerged);

  Do(master, "2026-11-23T09:10:00+08:00", kStreet, Action::kSign, SignCommand{});
  EXPECT_EQ(Do(master, "2026-11-23T10:00:00+08:00", kStreet, Action::kReply,
               Reply("2026-11-23T09:30:00+08:00")),
            (Facts{"20261123 10: replied=1 replied_on_time=1"}));
  Do(master, "2026-11-23T11:00:00+08:00", kReviewer, Action::kReviewReply, ReviewCommand{true, ""});
  // The master's outcome reaches the merged order without counting a reply twice.
  auto outcome = DecideMasterOutcome(dup, master, kReviewer, Ctx());
  ASSERT_TRUE(outcome);
  EXPECT_EQ(Record(dup, *outcome), Facts{});
  EXPECT_EQ(dup.state, State::kPendingCallback);

  // Each caller is called back on their own order, and each callback rates.
  EXPECT_EQ(Do(master, "2026-11-24T09:00:00+08:00", kCallbackAgent, Action::kCallback,
               CallbackCommand{true, true, Satisfaction::kSatisfied, ""}),
            (Facts{"20261124 10: rated=1 resolved=1 satisfied=1 closed=1"}));
  const auto dup_facts = Do(dup, "2026-11-24T09:30:00+08:00", kCallbackAgent, Action::kCallback,
                            CallbackCommand{true, true, Satisfaction::kBasicallySatisfied, ""});
  // Charged to the master's lead, the unit that did the work (the merged
  // order itself was never dispatched).
  EXPECT_EQ(dup.lead_unit_id, std::optional<UnitId>(10));
  EXPECT_EQ(dup_facts, (Facts{"20261124 10: rated=1 resolved=1 basically_satisfied=1 closed=1"}));
}

TEST_F(MetricFactsTest, AMasterClosedWithoutCallbackClosesItsMergedOrders) {
  WorkOrder master = Intake("2026-11-23T08:30:00+08:00");
  WorkOrder dup = Intake("2026-11-23T08:40:00+08:00");
  now_ = T("2026-11-23T09:00:00+08:00");
  auto merge = DecideMerge(dup, master, kDispatcher, MergeCommand{master.id, ""}, Ctx());
  ASSERT_TRUE(merge) << merge.error().message;
  Record(dup, merge->first);
  Record(master, merge->second);
  EXPECT_EQ(Do(master, "2026-11-23T09:10:00+08:00", kDispatcher, Action::kClose,
               CloseCommand{"重复来电，已另案处理"}),
            (Facts{"20261123 -: closed=1"}));
  auto outcome = DecideMasterOutcome(dup, master, kDispatcher, Ctx());
  ASSERT_TRUE(outcome);
  EXPECT_EQ(Record(dup, *outcome), (Facts{"20261123 -: closed=1"}));
}

TEST_F(MetricFactsTest, OverdueCountsOnlyTheUnitsOwnSteps) {
  WorkOrder o = Intake("2026-11-23T08:30:00+08:00");
  Do(o, "2026-11-23T09:00:00+08:00", kDispatcher, Action::kDispatch, RouteCommand{10, {}, ""});
  // Due-soon warnings count nothing.
  EXPECT_EQ(Alarms(o, "2026-11-23T10:40:00+08:00"), Facts{});
  // Sign due 11:00: overdue once, charged to the lead; later passes add nothing.
  EXPECT_EQ(Alarms(o, "2026-11-23T11:00:00+08:00"), (Facts{"20261123 10: overdue=1"}));
  EXPECT_EQ(Alarms(o, "2026-11-23T12:00:00+08:00"), Facts{});
  Do(o, "2026-11-23T14:00:00+08:00", kStreet, Action::kSign, SignCommand{});
  // Handling due 11-30 14:00.
  EXPECT_EQ(Alarms(o, "2026-11-30T14:00:00+08:00"), (Facts{"20261130 10: overdue=1"}));
  Do(o, "2026-12-01T09:00:00+08:00", kStreet, Action::kReply, Reply("2026-11-30T16:00:00+08:00"));
  // The platform's review (due 12-02 09:00) and callback steps are not the unit's.
  EXPECT_EQ(Alarms(o, "2026-12-03T09:00:00+08:00"), Facts{});
  ASSERT_TRUE(o.deadlines.review && o.deadlines.review->overdue);
  Do(o, "2026-12-03T10:00:00+08:00", kReviewer, Action::kReviewReply, ReviewCommand{true, ""});
  EXPECT_EQ(Alarms(o, "2026-12-09T10:00:00+08:00"), Facts{});
  ASSERT_TRUE(o.deadlines.callback && o.deadlines.callback->overdue);
}

TEST_F(MetricFactsTest, AnOverdueApplicationReviewIsThePlatforms) {
  WorkOrder o = Intake("2026-11-23T08:30:00+08:00");
  Do(o, "2026-11-23T09:00:00+08:00", kDispatcher, Action::kDispatch, RouteCommand{10, {}, ""});
  Do(o, "2026-11-23T09:00:00+08:00", kStreet, Action::kSign, SignCommand{});
  Do(o, "2026-11-23T10:00:00+08:00", kStreet, Action::kExtend, ExtendCommand{2, "需协调"});
  // The extension waits beyond its review limit (11-24 10:00).
  EXPECT_EQ(Alarms(o, "2026-11-24T10:30:00+08:00"), Facts{});
  ASSERT_TRUE(o.deadlines.application_review && o.deadlines.application_review->overdue);
}

TEST_F(MetricFactsTest, EveryClosingCountsOnce) {
  WorkOrder answered = Intake("2026-11-23T08:30:00+08:00");
  EXPECT_EQ(Do(answered, "2026-11-23T08:35:00+08:00", kAgent, Action::kDirectAnswer,
               DirectAnswerCommand{"已告知办理流程"}),
            (Facts{"20261123 -: closed=1"}));

  WorkOrder manual = Intake("2026-11-23T08:30:00+08:00");
  EXPECT_EQ(Do(manual, "2026-11-23T08:40:00+08:00", kDispatcher, Action::kClose,
               CloseCommand{"测试来电"}),
            (Facts{"20261123 -: closed=1"}));

  WorkOrder rejected = Intake("2026-11-23T08:30:00+08:00");
  Do(rejected, "2026-11-23T09:00:00+08:00", kDispatcher, Action::kDispatch,
     RouteCommand{30, {}, ""});
  EXPECT_EQ(Do(rejected, "2026-11-23T09:30:00+08:00", kDept30, Action::kRejectAcceptance,
               RejectAcceptanceCommand{"属司法程序", ""}),
            Facts{});
  EXPECT_EQ(Do(rejected, "2026-11-23T10:00:00+08:00", kReviewer, Action::kReviewRejection,
               ReviewCommand{true, ""}),
            (Facts{"20261123 30: closed=1"}));

  // A closed order that is reopened and closes again counts one closing each time.
  WorkOrder twice = Intake("2026-11-23T08:30:00+08:00");
  ToCallback(twice, "2026-11-23");
  EXPECT_EQ(Do(twice, "2026-11-24T09:00:00+08:00", kCallbackAgent, Action::kCallback,
               CallbackCommand{true, true, Satisfaction::kSatisfied, ""}),
            (Facts{"20261124 10: rated=1 resolved=1 satisfied=1 closed=1"}));
  EXPECT_EQ(Do(twice, "2026-11-25T09:00:00+08:00", kDispatcher, Action::kReopen,
               ReopenCommand{"市民再次来电", 10}),
            (Facts{"20261125 10: dispatched=1 reopened=1"}));
  Do(twice, "2026-11-25T09:10:00+08:00", kStreet, Action::kSign, SignCommand{});
  Do(twice, "2026-11-25T10:00:00+08:00", kStreet, Action::kReply,
     Reply("2026-11-25T09:30:00+08:00"));
  Do(twice, "2026-11-25T11:00:00+08:00", kReviewer, Action::kReviewReply, ReviewCommand{true, ""});
  EXPECT_EQ(Do(twice, "2026-11-26T09:00:00+08:00", kCallbackAgent, Action::kCallback,
               CallbackCommand{true, true, Satisfaction::kSatisfied, ""}),
            (Facts{"20261126 10: rated=1 resolved=1 satisfied=1 closed=1"}));
}

TEST_F(MetricFactsTest, DaysFollowChinaMidnight) {
  Facts before_midnight, after_midnight;
  Intake("2026-11-23T23:59:00+08:00", &before_midnight);
  Intake("2026-11-24T00:01:00+08:00", &after_midnight);
  EXPECT_EQ(before_midnight, (Facts{"20261123 -: received=1"}));
  EXPECT_EQ(after_midnight, (Facts{"20261124 -: received=1"}));
  // 00:01 in China is still the previous day in UTC: the China date counts.
  Facts utc_written;
  Intake("2026-11-23T16:01:00Z", &utc_written);
  EXPECT_EQ(utc_written, (Facts{"20261124 -: received=1"}));
  EXPECT_EQ(ChinaDayNumber(T("2026-11-23T15:59:59Z")), 20261123);
  EXPECT_EQ(ChinaDayNumber(T("2026-11-23T16:00:00Z")), 20261124);
  EXPECT_EQ(ChinaDayNumber(T("2026-12-31T23:59:59+08:00")), 20261231);
  EXPECT_EQ(ChinaDayNumber(T("2027-01-01T00:00:00+08:00")), 20270101);

  // An urgent order signed at 23:59 and replied at 00:01: each on its own day.
  IntakeCommand urgent = Demand();
  urgent.urgency = Urgency::kUrgent;
  WorkOrder o = Intake("2026-11-23T23:30:00+08:00", nullptr, urgent);
  Do(o, "2026-11-23T23:40:00+08:00", kDispatcher, Action::kDispatch, RouteCommand{10, {}, ""});
  EXPECT_EQ(Do(o, "2026-11-23T23:59:00+08:00", kStreet, Action::kSign, SignCommand{}),
            (Facts{"20261123 10: signed=1 signed_on_time=1"}));
  EXPECT_EQ(Do(o, "2026-11-24T00:01:00+08:00", kStreet, Action::kReply,
               Reply("2026-11-24T00:00:00+08:00")),
            (Facts{"20261124 10: replied=1 replied_on_time=1"}));
}

TEST_F(MetricFactsTest, RollupKeysOfEveryDimension) {
  MetricFact f;
  f.day = 20261123;
  f.unit_id = 30;
  f.street_unit_id = 10;
  f.category_id = 102;
  f.channel = Channel::kOpen311;
  f.demand_type = DemandType::kReport;
  f.enterprise = true;
  EXPECT_EQ(RollupKeysOf(f), (std::vector<RollupKey>{{"all", ""},
                                                     {"unit", "30"},
                                                     {"street", "10"},
                                                     {"category", "102"},
                                                     {"channel", "open311"},
                                                     {"demand_type", "report"},
                                                     {"enterprise", "true"},
                                                     {"enterprise_unit", "30"}}));
  // Not 涉企: no enterprise_unit row. No unit (intake) and no street: neither key.
  f.enterprise = false;
  f.unit_id.reset();
  f.street_unit_id.reset();
  EXPECT_EQ(RollupKeysOf(f), (std::vector<RollupKey>{{"all", ""},
                                                     {"category", "102"},
                                                     {"channel", "open311"},
                                                     {"demand_type", "report"},
                                                     {"enterprise", "false"}}));
  // 涉企 without a unit: counted for enterprises, but under no unit.
  f.enterprise = true;
  EXPECT_EQ(RollupKeysOf(f).back(), (RollupKey{"enterprise", "true"}));
  // Every key's dimension is one the rollups know.
  f.unit_id = 10;
  for (const RollupKey& k : RollupKeysOf(f))
    EXPECT_NE(std::find(std::begin(kMetricDimensions), std::end(kMetricDimensions), k.dim),
              std::end(kMetricDimensions))
        << k.dim;
}

// The worked example of docs/metrics.md §7, summed per unit over the period.
TEST_F(MetricFactsTest, TheWorkedExampleOfTheDocs) {
  std::map<std::optional<UnitId>, MeasureCounts> sums;
  auto add = [&](const std::vector<MetricFact>& facts) {
    for (const MetricFact& f : facts) {
      ASSERT_GE(f.day, 20261123);
      ASSERT_LE(f.day, 20261203);
      for (int i = 0; i < kMeasureCount; ++i) sums[f.unit_id][i] += f.counts[i];
    }
  };
  auto act = [&](WorkOrder& o, std::string_view when, const Actor& a, Action action, Command cmd) {
    now_ = T(when);
    auto e = Decide(o, a, action, cmd, Ctx());
    ASSERT_TRUE(e) << ActionCode(action) << ": " << e.error().message;
    const WorkOrder before = o;
    Apply(o, *e);
    add(FactsOf(before, *e, o));
  };
  now_ = T("2026-11-23T08:30:00+08:00");
  auto intake = DecideIntake(kAgent, Demand(), Ctx());
  ASSERT_TRUE(intake);
  WorkOrder o;
  Apply(o, *intake);
  add(FactsOf(WorkOrder{}, *intake, o));
  act(o, "2026-11-23T09:00:00+08:00", kDispatcher, Action::kDispatch, RouteCommand{10, {}, ""});
  act(o, "2026-11-23T11:00:00+08:00", kStreet, Action::kSign, SignCommand{});
  act(o, "2026-11-24T10:00:00+08:00", kStreet, Action::kExtend, ExtendCommand{3, "需协调"});
  act(o, "2026-11-24T11:00:00+08:00", kReviewer, Action::kReviewExtension, ReviewCommand{true, ""});
  EXPECT_EQ(FormatRfc3339(o.deadlines.handle->due_at), "2026-12-03T12:00:00+08:00");
  act(o, "2026-12-02T10:00:00+08:00", kStreet, Action::kReply, Reply("2026-12-01T10:00:00+08:00"));
  act(o, "2026-12-02T11:00:00+08:00", kReviewer, Action::kReviewReply, ReviewCommand{true, ""});
  act(o, "2026-12-03T09:00:00+08:00", kCallbackAgent, Action::kCallback,
      CallbackCommand{false, std::nullopt, std::nullopt, "无人接听"});
  act(o, "2026-12-03T14:00:00+08:00", kCallbackAgent, Action::kCallback,
      CallbackCommand{true, true, Satisfaction::kDissatisfied, "不满意"});
  act(o, "2026-12-03T14:10:00+08:00", kCallbackAgent, Action::kReopen,
      ReopenCommand{"改由城管重办", 40});

  auto describe = [](const MeasureCounts& c) {
    MetricFact f;
    f.counts = c;
    return Describe(f).substr(Describe(f).find(':'));
  };
  EXPECT_EQ(describe(sums[10]),
            ": dispatched=1 signed=1 signed_on_time=1 replied=1 replied_on_time=1 rated=1 "
            "resolved=1 dissatisfied=1 reopened=1");
  EXPECT_EQ(describe(sums[40]), ": dispatched=1");
  EXPECT_EQ(describe(sums[std::nullopt]), ": received=1");
}

// 吹哨报到: the whistle counts for the street, each report-in (and its
// lateness) for the department, a resolved close for the street again; the
// work, the meeting, the ratings and the missed-report alarm count nothing.
// Report-in limit: 30 working minutes.
TEST_F(MetricFactsTest, WhistleFiguresGoToTheStreetAndTheDepartments) {
  EXPECT_EQ(MeasureCode(Measure::kWhistlesResolved), "whistles_resolved");
  EXPECT_EQ(ParseMeasure("report_ins_late"), Measure::kReportInsLate);
  WorkOrder o = Intake("2026-11-23T08:30:00+08:00");
  Do(o, "2026-11-23T09:00:00+08:00", kDispatcher, Action::kDispatch, RouteCommand{10, {}, ""});
  Do(o, "2026-11-23T09:10:00+08:00", kStreet, Action::kSign, SignCommand{});
  EXPECT_EQ(Do(o, "2026-11-23T09:30:00+08:00", kStreet, Action::kWhistle,
               WhistleCommand{"占道施工", "街道无执法权", {30, 40}}),
            (Facts{"20261123 10: whistles=1"}));
  // Due 10:00: department 30 in time, department 40 after the alarm.
  EXPECT_EQ(Do(o, "2026-11-23T09:50:00+08:00", kDept30, Action::kReportIn,
               ReportInCommand{1, "两名执法队员到场"}),
            (Facts{"20261123 30: report_ins=1"}));
  EXPECT_EQ(Alarms(o, "2026-11-23T10:05:00+08:00"), Facts{});
  ASSERT_TRUE(o.collab.whistles[0].summons[1].overdue);
  EXPECT_EQ(Do(o, "2026-11-23T10:20:00+08:00", kDept40, Action::kReportIn,
               ReportInCommand{1, "一名工作人员到场"}),
            (Facts{"20261123 40: report_ins=1 report_ins_late=1"}));
  EXPECT_EQ(Do(o, "2026-11-23T10:30:00+08:00", kDept30, Action::kWhistleWork,
               WhistleWorkCommand{1, "责令停工"}),
            Facts{});
  EXPECT_EQ(Do(o, "2026-11-23T11:00:00+08:00", kStreet, Action::kWhistleMeeting,
               WhistleMeetingCommand{1,
                                     T("2026-11-23T10:40:00+08:00"),
                                     "街道会议室",
                                     {"街道", "区市场监管局"},
                                     false,
                                     false,
                                     "联合执法"}),
            Facts{});
  // Closed resolved the next day: the street's, on that day.
  EXPECT_EQ(Do(o, "2026-11-24T09:00:00+08:00", kStreet, Action::kCloseWhistle,
               CloseWhistleCommand{1, true, "已拆除违建", {{30, 5, ""}, {40, 3, "迟到"}}}),
            (Facts{"20261124 10: whistles_resolved=1"}));
  EXPECT_EQ(Do(o, "2026-11-24T09:30:00+08:00", kDept40, Action::kRateWhistle,
               RateWhistleCommand{1, 4, ""}),
            Facts{});
  // Every whistle fact carries the order's other dimensions.
  now_ = T("2026-11-24T10:00:00+08:00");
  auto e =
      Decide(o, kStreet, Action::kWhistle, WhistleCommand{"再次吹哨", "仍需协同", {30}}, Ctx());
  ASSERT_TRUE(e) << e.error().message;
  const WorkOrder before = o;
  Apply(o, *e);
  const auto facts = FactsOf(before, *e, o);
  ASSERT_EQ(facts.size(), 1u);
  EXPECT_EQ(facts[0].street_unit_id, 10);
  EXPECT_EQ(facts[0].category_id, 102);
  EXPECT_EQ(facts[0].channel, Channel::kWeb);
  EXPECT_TRUE(facts[0].enterprise);
}

// A community's whistle answers for its street, and so counts there; an
// unresolved close counts nothing.
TEST_F(MetricFactsTest, ACommunitysWhistleCountsForItsStreet) {
  const Actor community = Staff(Role::kHandler, 11);
  WorkOrder o = Intake("2026-11-23T08:30:00+08:00");
  Do(o, "2026-11-23T09:00:00+08:00", kDispatcher, Action::kDispatch, RouteCommand{11, {}, ""});
  Do(o, "2026-11-23T09:10:00+08:00", community, Action::kSign, SignCommand{});
  EXPECT_EQ(Do(o, "2026-11-23T09:30:00+08:00", community, Action::kWhistle,
               WhistleCommand{"楼道堆物", "社区无执法权", {30}}),
            (Facts{"20261123 10: whistles=1"}));
  EXPECT_EQ(
      Do(o, "2026-11-23T09:40:00+08:00", kDept30, Action::kReportIn, ReportInCommand{1, "到场"}),
      (Facts{"20261123 30: report_ins=1"}));
  EXPECT_EQ(Do(o, "2026-11-23T11:00:00+08:00", community, Action::kCloseWhistle,
               CloseWhistleCommand{1, false, "未能解决", {{30, 4, ""}}}),
            Facts{});
}

// An older report-in event without the `late` flag is still late when it
// came after its summons' deadline (as collaboration_stats counts it).
TEST_F(MetricFactsTest, AReportInPastItsDeadlineIsLateWithoutTheFlag) {
  WorkOrder o = Intake("2026-11-23T08:30:00+08:00");
  Do(o, "2026-11-23T09:00:00+08:00", kDispatcher, Action::kDispatch, RouteCommand{10, {}, ""});
  Do(o, "2026-11-23T09:10:00+08:00", kStreet, Action::kSign, SignCommand{});
  Do(o, "2026-11-23T09:30:00+08:00", kStreet, Action::kWhistle,
     WhistleCommand{"占道施工", "街道无执法权", {30}});
  now_ = T("2026-11-23T11:00:00+08:00");
  auto e = Decide(o, kDept30, Action::kReportIn, ReportInCommand{1, "到场"}, Ctx());
  ASSERT_TRUE(e) << e.error().message;
  e->payload.erase("late");
  EXPECT_EQ(Record(o, *e), (Facts{"20261123 30: report_ins=1 report_ins_late=1"}));
}

}  // namespace
}  // namespace hotline
