// The collaboration rules through the lifecycle's Decide/Apply: 主办协办
// parts, 首接负责 returns, coordination after repeated returns, 派单异议,
// 先行处置, 吹哨报到, 业务指导 and 并单. Pure domain; runs on the builtin
// working-day calendar and the default SLA policy.
#include "workorder/collaboration_rules.h"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <string_view>

#include "common/time_format.h"
#include "workorder/step_deadlines.h"

namespace hotline {
namespace {

using nlohmann::json;

Instant T(std::string_view rfc3339) { return *ParseRfc3339(rfc3339); }

// Platform 1; street 10 with community 11; street 20; departments 30 (with
// an office 31 inside it), 40, 50 and 60.
UnitTree MakeUnits() {
  return UnitTree({{1, "P", "平台", UnitKind::kPlatform, std::nullopt},
                   {10, "S1", "夫子庙街道", UnitKind::kStreet, 1},
                   {11, "S1C1", "某社区", UnitKind::kCommunity, 10},
                   {20, "S2", "红花街道", UnitKind::kStreet, 1},
                   {30, "D1", "区市场监管局", UnitKind::kDepartment, 1},
                   {31, "D1O1", "执法大队", UnitKind::kDepartment, 30},
                   {40, "D2", "区城管局", UnitKind::kDepartment, 1},
                   {50, "D3", "区住建局", UnitKind::kDepartment, 1},
                   {60, "D4", "区生态环境局", UnitKind::kDepartment, 1}});
}

// Two leaves under one branch, so merges can cross categories.
CategoryTree MakeCategories() {
  return CategoryTree({{100, "01", "城乡建设", 1, std::nullopt, std::nullopt},
                       {101, "01.01", "市政", 2, 100, std::nullopt},
                       {102, "01.01.001", "道路破损", 3, 101, std::nullopt},
                       {103, "01.01.002", "路灯损坏", 3, 101, std::nullopt}});
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
const Actor kCommunity = Staff(Role::kHandler, 11);
const Actor kOtherStreet = Staff(Role::kHandler, 20);
const Actor kDept30 = Staff(Role::kHandler, 30);
const Actor kOffice31 = Staff(Role::kHandler, 31);
const Actor kDept40 = Staff(Role::kHandler, 40);
const Actor kDept50 = Staff(Role::kHandler, 50);
const Actor kDept60 = Staff(Role::kHandler, 60);

// An order, its log, and the projection after each event (for replay checks).
struct Story {
  WorkOrder order;
  std::vector<Event> log;
  std::vector<WorkOrder> after_each;
};

void ApplyLogged(Story& s, const Event& e) {
  Apply(s.order, e);
  s.log.push_back(e);
  s.after_each.push_back(s.order);
}

bool Has(const std::vector<Action>& actions, Action a) {
  return std::find(actions.begin(), actions.end(), a) != actions.end();
}

bool HasFlag(const WorkOrder& o, std::string_view flag) {
  const auto flags = OrderFlags(o, 2);
  return std::find(flags.begin(), flags.end(), flag) != flags.end();
}

// Passes when `r` is a refusal of `kind` with `code` (and `field`, when given).
template <typename T>
::testing::AssertionResult RefusedWith(const Result<T>& r, ErrorKind kind, std::string_view code,
                                       std::string_view field = {}) {
  if (r) return ::testing::AssertionFailure() << "accepted, expected " << code;
  const Error& e = r.error();
  if (e.kind != kind || e.code != code || (!field.empty() && e.field != field))
    return ::testing::AssertionFailure()
           << "refused with kind " << static_cast<int>(e.kind) << " code " << e.code << " field "
           << e.field << " (" << e.message << "), expected kind " << static_cast<int>(kind)
           << " code " << code << " field " << field;
  if (e.message.empty()) return ::testing::AssertionFailure() << code << " has no message";
  return ::testing::AssertionSuccess();
}

class CollaborationRulesTest : public ::testing::Test {
 protected:
  UnitTree units_ = MakeUnits();
  CategoryTree categories_ = MakeCategories();
  WorkflowRules rules_;
  SlaPolicy sla_ = DefaultSlaPolicy();
  const BusinessCalendar& calendar_ = BusinessCalendar::Builtin();
  Instant now_ = T("2026-11-23T09:00:00+08:00");  // a Monday in an ordinary week

  DecisionContext Ctx() {
    return DecisionContext{units_, categories_, rules_, now_, &calendar_, &sla_};
  }
  DecisionContext PlainCtx() { return DecisionContext{units_, categories_, rules_, now_}; }

  Instant After(Allowance allowance) { return DeadlineAfter(calendar_, now_, allowance); }

  Story NewOrder(CategoryId category = 102, OrderId id = 7) {
    IntakeCommand c;
    c.caller_name = "张三";
    c.caller_phone = "13812345678";
    c.demand_type = DemandType::kComplaint;
    c.category_id = category;
    c.title = "路面坑洼";
    c.content = "小区门口道路破损，雨天积水。";
    c.street_unit_id = 10;
    auto e = DecideIntake(kAgent, c, Ctx());
    EXPECT_TRUE(e) << e.error().message;
    e->payload["number"] = fmt::format("20261123{:05}", id);
    Story s;
    s.order.id = id;
    ApplyLogged(s, *e);
    return s;
  }

  Result<Event> Try(const Story& s, const Actor& a, Action action, Command cmd) {
    return Decide(s.order, a, action, cmd, Ctx());
  }

  // Decides and applies one action; the test fails if it is refused.
  void Do(Story& s, const Actor& a, Action action, Command cmd) {
    auto e = Try(s, a, action, std::move(cmd));
    ASSERT_TRUE(e) << ActionCode(action) << ": " << e.error().code << " " << e.error().message;
    ApplyLogged(s, *e);
  }

  // Raises and applies whatever alarms are due now.
  std::vector<Event> Alarms(Story& s) {
    auto events = DecideAlarms(s.order, kSystem, Ctx());
    for (const Event& e : events) ApplyLogged(s, e);
    return events;
  }

  Story Dispatched(UnitId lead, std::vector<UnitId> assists = {}) {
    Story s = NewOrder();
    Do(s, kDispatcher, Action::kDispatch, RouteCommand{lead, std::move(assists), ""});
    return s;
  }

  Story Handling(UnitId lead, std::vector<UnitId> assists = {}) {
    Story s = Dispatched(lead, std::move(assists));
    Do(s, Staff(Role::kHandler, lead), Action::kSign, SignCommand{});
    return s;
  }

  // Led by street 10 since 09:00; whistle 1 blown at 10:00 summons 30, 40
  // and 50, due to report in by 10:30.
  Story Whistled() {
    Story s = Handling(10);
    now_ = T("2026-11-23T10:00:00+08:00");
    Do(s, kStreet, Action::kWhistle, Blow({30, 40, 50}));
    return s;
  }

  static WhistleCommand Blow(std::vector<UnitId> summoned) {
    return WhistleCommand{"商铺占道经营反复出现", "涉及市场监管和城管执法，街道无执法权",
                          std::move(summoned)};
  }
  static ReturnCommand Ret() {
    return ReturnCommand{"outside_jurisdiction", "该地址不属本辖区", "", "", std::nullopt};
  }
  ReplyCommand GoodReply() {
    return ReplyCommand{"现场查看并安排修补", "已完成修补", "路面恢复平整", "phone", now_, ""};
  }
};

// --- 主办协办 -------------------------------------------------------------

TEST_F(CollaborationRulesTest, DispatchGivesEachAssistingUnitAPartAndOpensTheReturnWindow) {
  Story s = Dispatched(10, {30, 40});
  const Collaboration& c = s.order.collab;
  ASSERT_EQ(c.assist_parts.size(), 2u);
  for (UnitId unit : {UnitId{30}, UnitId{40}}) {
    const AssistPart* part = c.Part(unit);
    ASSERT_NE(part, nullptr) << unit;
    EXPECT_EQ(part->assigned_at, now_);
    EXPECT_EQ(part->due_at, After(sla_.assist_reply));
    EXPECT_EQ(part->due_at, T("2026-11-26T09:00:00+08:00"));  // 3 working days
    EXPECT_FALSE(part->replied_at);
    EXPECT_FALSE(part->overdue);
  }
  EXPECT_EQ(c.return_window_ends, After(sla_.return_window));
  EXPECT_EQ(c.return_window_ends, T("2026-11-23T11:00:00+08:00"));  // 2 working hours

  // A reassignment starts the parts afresh for the new assisting units.
  now_ = T("2026-11-23T10:00:00+08:00");
  Do(s, kDispatcher, Action::kReassign, RouteCommand{20, {40, 50}, ""});
  ASSERT_EQ(s.order.collab.assist_parts.size(), 2u);
  EXPECT_EQ(s.order.collab.Part(30), nullptr);
  ASSERT_NE(s.order.collab.Part(40), nullptr);
  EXPECT_EQ(s.order.collab.Part(40)->assigned_at, now_);
  EXPECT_EQ(s.order.collab.return_window_ends, T("2026-11-23T12:00:00+08:00"));
}

TEST_F(CollaborationRulesTest, TheReturnWindowCountsWorkingTime) {
  now_ = T("2026-11-27T17:00:00+08:00");  // Friday, half an hour before closing
  Story s = Dispatched(10);
  // 30 minutes on Friday, 90 on Monday morning.
  EXPECT_EQ(s.order.collab.return_window_ends, T("2026-11-30T10:00:00+08:00"));
  now_ = T("2026-11-29T12:00:00+08:00");  // the weekend does not use it up
  EXPECT_TRUE(Try(s, kStreet, Action::kReturn, Ret()));
}

TEST_F(CollaborationRulesTest, WithoutCalendarPartsAndWindowHaveNoDeadline) {
  Story s = NewOrder();
  auto e = Decide(s.order, kDispatcher, Action::kDispatch, RouteCommand{10, {30}, ""}, PlainCtx());
  ASSERT_TRUE(e);
  EXPECT_EQ(e->payload["assist_parts"], json::parse(R"([{"unit_id": 30, "due_at": null}])"));
  EXPECT_TRUE(e->payload["return_window_ends"].is_null());
  ApplyLogged(s, *e);
  ASSERT_NE(s.order.collab.Part(30), nullptr);
  EXPECT_FALSE(s.order.collab.Part(30)->due_at);
  EXPECT_FALSE(s.order.collab.return_window_ends);
  now_ += std::chrono::hours(24 * 7);  // no window, so never closed
  EXPECT_TRUE(Try(s, kStreet, Action::kReturn, Ret()));
}

TEST_F(CollaborationRulesTest, AssistRepliesAreConsolidatedInTheLeadsReply) {
  Story s = Handling(10, {30, 40});
  now_ = T("2026-11-24T10:00:00+08:00");
  Do(s, kDept30, Action::kAssistReply, AssistReplyCommand{"  已核查周边商户证照  "});
  const AssistPart* part30 = s.order.collab.Part(30);
  ASSERT_NE(part30, nullptr);
  EXPECT_EQ(part30->replied_at, now_);
  EXPECT_EQ(part30->content, "已核查周边商户证照");
  EXPECT_FALSE(s.order.collab.Part(40)->replied_at);
  EXPECT_TRUE(RefusedWith(Try(s, kDept50, Action::kAssistReply, AssistReplyCommand{"x"}),
                          ErrorKind::kForbidden, "unit_not_allowed"));

  now_ = T("2026-11-24T11:00:00+08:00");
  Do(s, kStreet, Action::kReply, GoodReply());
  ASSERT_TRUE(s.order.reply);
  const json& reply = *s.order.reply;
  EXPECT_EQ(reply["assist_parts_received"],
            json::parse(R"([{"unit_id": 30, "content": "已核查周边商户证照",
                             "replied_at": "2026-11-24T10:00:00+08:00"}])"));
  EXPECT_EQ(reply["assist_parts_missing"], json::array({40}));
}

// --- 首接负责 and returns -----------------------------------------------

TEST_F(CollaborationRulesTest, ReturnsAreAcceptedOnlyInsideTheWindow) {
  Story s = Dispatched(10);
  now_ = T("2026-11-23T11:00:00+08:00");  // the window's last instant still counts
  EXPECT_TRUE(Try(s, kStreet, Action::kReturn, Ret()));
  EXPECT_TRUE(Has(AllowedActions(s.order, kStreet, Ctx()), Action::kReturn));

  now_ = T("2026-11-23T11:01:00+08:00");
  EXPECT_TRUE(RefusedWith(Try(s, kStreet, Action::kReturn, Ret()), ErrorKind::kBusinessRule,
                          "return_window_closed"));
  const auto allowed = AllowedActions(s.order, kStreet, Ctx());
  EXPECT_FALSE(Has(allowed, Action::kReturn));
  EXPECT_TRUE(Has(allowed, Action::kDispute));  // the way left to object
  EXPECT_TRUE(Has(allowed, Action::kSign));
}

TEST_F(CollaborationRulesTest, ReturnFieldChecks) {
  Story s = Dispatched(10);
  ReturnCommand no_item{"not_our_duty", "不属于街道职责", "", "  ", std::nullopt};
  EXPECT_TRUE(RefusedWith(Try(s, kStreet, Action::kReturn, no_item), ErrorKind::kInvalidInput,
                          "missing_field", "duty_item"));
  ReturnCommand to_lead = Ret();
  to_lead.proposed_unit_id = 10;
  EXPECT_TRUE(RefusedWith(Try(s, kStreet, Action::kReturn, to_lead), ErrorKind::kBusinessRule,
                          "proposed_is_lead", "proposed_unit_id"));
  EXPECT_TRUE(RefusedWith(Try(s, kStreet, Action::kDispute, DisputeCommand{10, "依据", ""}),
                          ErrorKind::kBusinessRule, "proposed_is_lead", "proposed_unit_id"));

  ReturnCommand good{"not_our_duty", "属城管执法事项", "", "街道权责清单第 3 项", UnitId{40}};
  auto e = Try(s, kStreet, Action::kReturn, good);
  ASSERT_TRUE(e) << e.error().message;
  EXPECT_EQ(e->payload["duty_item"], "街道权责清单第 3 项");
  EXPECT_EQ(e->payload["proposed_unit_id"], 40);
  ApplyLogged(s, *e);
  ASSERT_EQ(s.order.collab.returns.size(), 1u);
  EXPECT_EQ(s.order.collab.returns[0].unit_id, 10);
  EXPECT_EQ(s.order.collab.returns[0].reason_code, "not_our_duty");
  EXPECT_EQ(s.order.collab.returns[0].outcome, "pending");
}

TEST_F(CollaborationRulesTest, TwoApprovedReturnsNeedPlatformCoordination) {
  Story s = NewOrder();
  Do(s, kDispatcher, Action::kDispatch, RouteCommand{10, {}, ""});
  Do(s, kStreet, Action::kReturn, Ret());
  Do(s, kDispatcher, Action::kReviewReturn, ReviewCommand{true, ""});
  EXPECT_FALSE(s.order.collab.coordination_required);  // one bounce is ordinary
  EXPECT_TRUE(Try(s, kDispatcher, Action::kDispatch, RouteCommand{20, {}, ""}));

  Do(s, kDispatcher, Action::kDispatch, RouteCommand{20, {}, ""});
  Do(s, kOtherStreet, Action::kReturn, Ret());
  Do(s, kDispatcher, Action::kReviewReturn, ReviewCommand{true, ""});
  EXPECT_EQ(s.order.state, State::kPendingDispatch);
  EXPECT_EQ(s.order.return_count, 2);
  EXPECT_TRUE(s.order.collab.coordination_required);
  EXPECT_TRUE(HasFlag(s.order, "coordination_required"));
  ASSERT_EQ(s.order.collab.returns.size(), 2u);
  EXPECT_EQ(s.order.collab.returns[0].outcome, "approved");
  EXPECT_EQ(s.order.collab.returns[1].outcome, "approved");
  EXPECT_EQ(s.order.collab.returns[1].unit_id, 20);

  EXPECT_TRUE(RefusedWith(Try(s, kDispatcher, Action::kDispatch, RouteCommand{30, {}, ""}),
                          ErrorKind::kBusinessRule, "coordination_required"));
  auto allowed = AllowedActions(s.order, kDispatcher, Ctx());
  EXPECT_FALSE(Has(allowed, Action::kDispatch));
  EXPECT_TRUE(Has(allowed, Action::kCoordinate));

  now_ = T("2026-11-23T14:00:00+08:00");
  Do(s, kDispatcher, Action::kCoordinate,
     CoordinateCommand{30, {40}, "由区市场监管局主办、区城管局协办", "区权责清单第 12 项"});
  EXPECT_EQ(s.order.state, State::kDispatched);
  EXPECT_EQ(s.order.lead_unit_id, 30);
  EXPECT_EQ(s.order.assist_unit_ids, std::vector<UnitId>{40});
  EXPECT_FALSE(s.order.signed_by_lead);
  EXPECT_TRUE(s.order.collab.routing_fixed);
  EXPECT_FALSE(s.order.collab.coordination_required);
  EXPECT_FALSE(HasFlag(s.order, "coordination_required"));
  EXPECT_FALSE(s.order.collab.return_window_ends);
  ASSERT_NE(s.order.collab.Part(40), nullptr);
  EXPECT_EQ(s.order.collab.Part(40)->due_at, After(sla_.assist_reply));
  ASSERT_TRUE(s.order.deadlines.sign);
  EXPECT_EQ(s.order.deadlines.sign->due_at, T("2026-11-23T16:00:00+08:00"));  // signing anew

  Do(s, kDept30, Action::kSign, SignCommand{});
  EXPECT_TRUE(RefusedWith(Try(s, kDept30, Action::kReturn, Ret()), ErrorKind::kBusinessRule,
                          "routing_fixed"));
  EXPECT_TRUE(RefusedWith(Try(s, kDispatcher, Action::kReassign, RouteCommand{40, {}, ""}),
                          ErrorKind::kBusinessRule, "routing_fixed"));
  EXPECT_TRUE(RefusedWith(Try(s, kDept30, Action::kDispute, DisputeCommand{40, "依据", ""}),
                          ErrorKind::kBusinessRule, "routing_fixed"));
  allowed = AllowedActions(s.order, kDept30, Ctx());
  EXPECT_FALSE(Has(allowed, Action::kReturn));
  EXPECT_FALSE(Has(allowed, Action::kDispute));
  EXPECT_TRUE(Has(allowed, Action::kReply));
}

TEST_F(CollaborationRulesTest, CoordinateRulesOnAPendingReturn) {
  // Keeping the lead refuses the return; the unit keeps handling.
  Story kept = Handling(10);
  Do(kept, kStreet, Action::kReturn, Ret());
  Do(kept, kDispatcher, Action::kCoordinate, CoordinateCommand{10, {}, "仍由街道主办", "属地管理"});
  EXPECT_EQ(kept.order.state, State::kHandling);
  EXPECT_FALSE(kept.order.pending);
  EXPECT_EQ(kept.order.collab.returns.back().outcome, "rejected");
  EXPECT_TRUE(kept.order.signed_by_lead);

  // Moving it approves the return; the new lead starts from signing.
  Story moved = Handling(10);
  Do(moved, kStreet, Action::kReturn, Ret());
  Do(moved, kDispatcher, Action::kCoordinate, CoordinateCommand{20, {}, "改由红花街道", "属地"});
  EXPECT_EQ(moved.order.state, State::kDispatched);
  EXPECT_EQ(moved.order.lead_unit_id, 20);
  EXPECT_FALSE(moved.order.pending);
  EXPECT_EQ(moved.order.collab.returns.back().outcome, "approved");
  EXPECT_FALSE(moved.order.signed_by_lead);
}

// --- 派单异议, 先行处置, 先解决问题再说 ---------------------------------------

TEST_F(CollaborationRulesTest, ADisputeLeavesTheUnitWorkingUntilCoordinated) {
  Story s = Handling(10);
  now_ = T("2026-11-23T14:00:00+08:00");  // after the return window
  Do(s, kStreet, Action::kDispute, DisputeCommand{30, "该事项属市场监管职责", "附权责清单"});
  EXPECT_EQ(s.order.state, State::kHandling);
  ASSERT_EQ(s.order.collab.disputes.size(), 1u);
  const DisputeRecord& d = s.order.collab.disputes[0];
  EXPECT_EQ(d.unit_id, 10);
  EXPECT_EQ(d.proposed_unit_id, 30);
  EXPECT_EQ(d.basis, "该事项属市场监管职责");
  EXPECT_EQ(d.at, now_);
  EXPECT_EQ(d.outcome, "open");
  EXPECT_TRUE(HasFlag(s.order, "disputed"));

  EXPECT_TRUE(CheckGuard(s.order, kStreet, Action::kReply, Ctx()));  // 先解决问题再说
  EXPECT_TRUE(RefusedWith(Try(s, kStreet, Action::kDispute, DisputeCommand{40, "再议", ""}),
                          ErrorKind::kConflict, "dispute_open"));

  now_ = T("2026-11-24T09:00:00+08:00");
  Do(s, kDispatcher, Action::kCoordinate,
     CoordinateCommand{30, {}, "改由区市场监管局主办", "区权责清单第 12 项"});
  const DisputeRecord& settled = s.order.collab.disputes[0];
  EXPECT_EQ(settled.outcome, "upheld");
  EXPECT_EQ(settled.settled_at, now_);
  EXPECT_FALSE(HasFlag(s.order, "disputed"));
  EXPECT_EQ(s.order.state, State::kDispatched);
  EXPECT_EQ(s.order.lead_unit_id, 30);
  EXPECT_EQ(s.order.dispatch_count, 2);
}

TEST_F(CollaborationRulesTest, CoordinateKeepingTheLeadKeepsItsWork) {
  Story handling = Handling(10);
  now_ = T("2026-11-23T14:00:00+08:00");
  Do(handling, kStreet, Action::kDispute, DisputeCommand{30, "依据", ""});
  const auto handle_due = handling.order.deadlines.handle;
  Do(handling, kDispatcher, Action::kCoordinate,
     CoordinateCommand{10, {}, "仍由街道主办", "属地管理"});
  EXPECT_EQ(handling.order.state, State::kHandling);
  EXPECT_TRUE(handling.order.signed_by_lead);
  EXPECT_EQ(handling.order.collab.disputes[0].outcome, "overruled");
  EXPECT_TRUE(handling.order.collab.routing_fixed);
  EXPECT_EQ(handling.order.deadlines.handle, handle_due);  // its clock runs on

  // Even a reply already given stays where it is.
  Story replied = Handling(10);
  now_ = T("2026-11-23T14:00:00+08:00");
  Do(replied, kStreet, Action::kDispute, DisputeCommand{30, "依据", ""});
  Do(replied, kStreet, Action::kReply, GoodReply());
  ASSERT_EQ(replied.order.state, State::kReplied);
  Do(replied, kDispatcher, Action::kCoordinate,
     CoordinateCommand{10, {}, "仍由街道主办", "属地管理"});
  EXPECT_EQ(replied.order.state, State::kReplied);
  EXPECT_TRUE(replied.order.reply);
  EXPECT_EQ(replied.order.collab.disputes[0].outcome, "overruled");
}

TEST_F(CollaborationRulesTest, ProvisionalTurnsAPendingReturnIntoADispute) {
  Story plain = Handling(10);
  EXPECT_TRUE(
      RefusedWith(Try(plain, kDispatcher, Action::kProvisional, ProvisionalCommand{40, "先行处置"}),
                  ErrorKind::kConflict, "no_dispute"));

  Story s = Dispatched(10, {30});
  now_ = T("2026-11-23T09:30:00+08:00");
  Do(s, kStreet, Action::kReturn,
     ReturnCommand{"not_our_duty", "属城管执法事项", "", "街道权责清单第 3 项", UnitId{40}});
  now_ = T("2026-11-23T10:00:00+08:00");
  EXPECT_TRUE(
      RefusedWith(Try(s, kDispatcher, Action::kProvisional, ProvisionalCommand{30, "先行处置"}),
                  ErrorKind::kBusinessRule, "assist_is_lead", "unit_id"));
  Do(s, kDispatcher, Action::kProvisional, ProvisionalCommand{40, "群众急需，先由城管局处置"});

  const WorkOrder& o = s.order;
  EXPECT_EQ(o.state, State::kHandling);
  EXPECT_EQ(o.lead_unit_id, 40);
  EXPECT_TRUE(o.signed_by_lead);
  EXPECT_FALSE(o.pending);
  EXPECT_EQ(o.collab.provisional_unit_id, 40);
  ASSERT_EQ(o.collab.returns.size(), 1u);
  EXPECT_EQ(o.collab.returns[0].outcome, "disputed");
  EXPECT_EQ(o.collab.returns[0].reviewed_at, now_);
  const DisputeRecord* d = o.collab.OpenDispute();
  ASSERT_NE(d, nullptr);
  EXPECT_EQ(d->unit_id, 10);
  EXPECT_EQ(d->proposed_unit_id, 40);
  EXPECT_EQ(d->basis, "属城管执法事项");
  // Handling starts at once: no sign step, no application under review.
  EXPECT_FALSE(o.deadlines.sign);
  EXPECT_FALSE(o.deadlines.application_review);
  ASSERT_TRUE(o.deadlines.handle);

  EXPECT_TRUE(RefusedWith(Try(s, kDept40, Action::kReturn, Ret()), ErrorKind::kBusinessRule,
                          "provisional_handler"));
  const auto allowed = AllowedActions(o, kDept40, Ctx());
  EXPECT_FALSE(Has(allowed, Action::kReturn));
  EXPECT_FALSE(Has(allowed, Action::kSign));
  EXPECT_TRUE(Has(allowed, Action::kReply));
  EXPECT_FALSE(CheckGuard(o, kStreet, Action::kReply, Ctx()));  // no longer the lead

  // The platform settles it later; confirming the provisional unit keeps its work.
  now_ = T("2026-11-24T09:00:00+08:00");
  const Instant part_assigned = o.collab.Part(30)->assigned_at;
  Do(s, kDispatcher, Action::kCoordinate, CoordinateCommand{40, {30}, "由城管局主办", "执法职责"});
  EXPECT_EQ(s.order.state, State::kHandling);
  EXPECT_EQ(s.order.collab.disputes[0].outcome, "upheld");
  EXPECT_FALSE(s.order.collab.provisional_unit_id);
  ASSERT_NE(s.order.collab.Part(30), nullptr);
  EXPECT_EQ(s.order.collab.Part(30)->assigned_at, part_assigned);  // its part runs on
}

// --- 吹哨报到 -------------------------------------------------------------

TEST_F(CollaborationRulesTest, OnlyAStreetOrCommunityLeadingTheOrderMayWhistle) {
  Story dept = Handling(30);
  EXPECT_TRUE(RefusedWith(Try(dept, kDept30, Action::kWhistle, Blow({40})), ErrorKind::kForbidden,
                          "street_only"));

  Story s = Handling(11);  // the community leads
  EXPECT_TRUE(RefusedWith(Try(s, kOtherStreet, Action::kWhistle, Blow({40})), ErrorKind::kForbidden,
                          "unit_not_allowed"));
  EXPECT_TRUE(RefusedWith(Try(s, kCommunity, Action::kWhistle, Blow({})), ErrorKind::kInvalidInput,
                          "missing_field", "summoned_unit_ids"));
  EXPECT_TRUE(RefusedWith(Try(s, kCommunity, Action::kWhistle, Blow({30, 20})),
                          ErrorKind::kBusinessRule, "not_a_department", "summoned_unit_ids"));
  EXPECT_TRUE(RefusedWith(Try(s, kCommunity, Action::kWhistle, Blow({30, 40, 30})),
                          ErrorKind::kBusinessRule, "duplicate_unit", "summoned_unit_ids"));
  EXPECT_TRUE(RefusedWith(Try(s, kCommunity, Action::kWhistle, Blow({999})),
                          ErrorKind::kBusinessRule, "unknown_unit", "summoned_unit_ids"));
  rules_.max_summoned_units = 2;
  EXPECT_TRUE(RefusedWith(Try(s, kCommunity, Action::kWhistle, Blow({30, 40, 50})),
                          ErrorKind::kBusinessRule, "too_many_units", "summoned_unit_ids"));
  EXPECT_TRUE(Try(s, kCommunity, Action::kWhistle, Blow({30, 40})));
  rules_ = WorkflowRules{};

  EXPECT_FALSE(CanSee(s.order, kDept30, units_));
  now_ = T("2026-11-23T10:00:00+08:00");
  Do(s, kCommunity, Action::kWhistle, Blow({30, 40}));
  ASSERT_EQ(s.order.collab.whistles.size(), 1u);
  const auto& w = s.order.collab.whistles[0];
  EXPECT_EQ(w.id, 1);
  EXPECT_EQ(w.street_unit_id, 10);  // a community's whistle answers to its street
  EXPECT_EQ(w.raised_by_unit_id, 11);
  EXPECT_EQ(w.raised_at, now_);
  EXPECT_EQ(w.state, "open");
  ASSERT_EQ(w.summons.size(), 2u);
  EXPECT_EQ(w.summons[0].unit_id, 30);
  EXPECT_EQ(w.summons[1].unit_id, 40);
  EXPECT_EQ(w.summons[0].due_at, After(sla_.whistle_report_in));
  EXPECT_EQ(w.summons[0].due_at, T("2026-11-23T10:30:00+08:00"));
  EXPECT_EQ(s.order.state, State::kHandling);
  EXPECT_TRUE(HasFlag(s.order, "whistled"));
  EXPECT_TRUE(CanSee(s.order, kDept30, units_));
  EXPECT_FALSE(CanSee(s.order, kDept50, units_));

  // The street above the community may blow the next one.
  Do(s, kStreet, Action::kWhistle, Blow({50}));
  EXPECT_EQ(s.order.collab.whistles.back().id, 2);
  EXPECT_EQ(s.order.collab.whistles.back().raised_by_unit_id, 10);
}

TEST_F(CollaborationRulesTest, SummonedDepartmentsReportInAndRecordTheirWork) {
  Story s = Whistled();
  EXPECT_TRUE(RefusedWith(Try(s, kDept60, Action::kReportIn, ReportInCommand{1, "到场"}),
                          ErrorKind::kForbidden, "not_summoned"));
  EXPECT_TRUE(RefusedWith(Try(s, kDept30, Action::kReportIn, ReportInCommand{9, "到场"}),
                          ErrorKind::kBusinessRule, "unknown_whistle", "whistle_id"));
  EXPECT_TRUE(RefusedWith(Try(s, kDept40, Action::kWhistleWork, WhistleWorkCommand{1, "处置"}),
                          ErrorKind::kConflict, "not_reported_in"));

  now_ = T("2026-11-23T10:20:00+08:00");
  Do(s, kDept30, Action::kReportIn, ReportInCommand{1, "执法人员两名到场"});
  now_ = T("2026-11-23T10:45:00+08:00");
  Do(s, kDept40, Action::kReportIn, ReportInCommand{1, "城管中队到场"});
  const auto& summons = s.order.collab.whistles[0].summons;
  EXPECT_EQ(summons[0].reported_at, T("2026-11-23T10:20:00+08:00"));
  EXPECT_FALSE(summons[0].late);
  EXPECT_EQ(summons[0].report_note, "执法人员两名到场");
  EXPECT_EQ(summons[1].reported_at, now_);
  EXPECT_TRUE(summons[1].late);  // due at 10:30
  EXPECT_FALSE(summons[2].reported_at);

  EXPECT_TRUE(RefusedWith(Try(s, kDept30, Action::kReportIn, ReportInCommand{1, "再次"}),
                          ErrorKind::kConflict, "already_reported"));
  // An office inside a summoned department acts for it.
  EXPECT_TRUE(RefusedWith(Try(s, kOffice31, Action::kReportIn, ReportInCommand{1, "再次"}),
                          ErrorKind::kConflict, "already_reported"));
  Do(s, kOffice31, Action::kWhistleWork, WhistleWorkCommand{1, "查扣占道摊位三处"});
  EXPECT_EQ(s.order.collab.whistles[0].summons[0].work, "查扣占道摊位三处");
}

TEST_F(CollaborationRulesTest, TheStreetRecordsTheJointMeeting) {
  Story s = Whistled();
  now_ = T("2026-11-23T11:00:00+08:00");
  WhistleMeetingCommand m{.whistle_id = 1,
                          .held_at = now_ + std::chrono::hours(1),
                          .place = "街道会议室",
                          .attendees = {"张科长", "李队长"},
                          .citizen_invited = true,
                          .citizen_attended = true,
                          .decisions = "联合整治，三日内清理"};
  EXPECT_TRUE(RefusedWith(Try(s, kStreet, Action::kWhistleMeeting, m), ErrorKind::kBusinessRule,
                          "meeting_in_future", "held_at"));
  m.held_at = T("2026-11-23T09:30:00+08:00");
  EXPECT_TRUE(RefusedWith(Try(s, kStreet, Action::kWhistleMeeting, m), ErrorKind::kBusinessRule,
                          "meeting_before_whistle", "held_at"));
  // Staff give meeting times to the minute: the whistle's own minute is not before it.
  Story late_in_minute = s;
  Instant& raised = late_in_minute.order.collab.whistles[0].raised_at;
  raised += std::chrono::seconds(30);
  m.held_at = std::chrono::floor<std::chrono::minutes>(raised);
  EXPECT_TRUE(Try(late_in_minute, kStreet, Action::kWhistleMeeting, m));
  s = late_in_minute;
  m.held_at -= std::chrono::seconds(1);
  EXPECT_TRUE(RefusedWith(Try(s, kStreet, Action::kWhistleMeeting, m), ErrorKind::kBusinessRule,
                          "meeting_before_whistle", "held_at"));
  m.held_at = T("2026-11-23T10:40:00+08:00");
  m.citizen_invited = false;
  EXPECT_TRUE(RefusedWith(Try(s, kStreet, Action::kWhistleMeeting, m), ErrorKind::kInvalidInput,
                          "invalid_value", "citizen_attended"));
  m.citizen_invited = true;
  EXPECT_TRUE(RefusedWith(Try(s, kDept30, Action::kWhistleMeeting, m), ErrorKind::kForbidden,
                          "not_whistle_street"));
  Do(s, kStreet, Action::kWhistleMeeting, m);
  ASSERT_EQ(s.order.collab.whistles[0].meetings.size(), 1u);
  const JointMeeting& held = s.order.collab.whistles[0].meetings[0];
  EXPECT_EQ(held.held_at, m.held_at);
  EXPECT_EQ(held.place, "街道会议室");
  EXPECT_EQ(held.attendees, (std::vector<std::string>{"张科长", "李队长"}));
  EXPECT_TRUE(held.citizen_invited);
  EXPECT_TRUE(held.citizen_attended);
  EXPECT_EQ(held.decisions, "联合整治，三日内清理");
}

TEST_F(CollaborationRulesTest, ClosingAWhistleRatesEveryDepartmentThatReportedIn) {
  Story s = Whistled();
  Do(s, kDept30, Action::kReportIn, ReportInCommand{1, "到场"});
  Do(s, kDept40, Action::kReportIn, ReportInCommand{1, "到场"});
  now_ = T("2026-11-23T14:00:00+08:00");
  auto close = [](std::vector<DepartmentRating> ratings) {
    return CloseWhistleCommand{1, true, "占道摊位已清理", std::move(ratings)};
  };
  EXPECT_TRUE(RefusedWith(Try(s, kStreet, Action::kCloseWhistle, close({{30, 5, "及时"}})),
                          ErrorKind::kInvalidInput, "missing_rating", "ratings"));
  EXPECT_TRUE(RefusedWith(
      Try(s, kStreet, Action::kCloseWhistle, close({{30, 5, ""}, {40, 4, ""}, {50, 3, ""}})),
      ErrorKind::kBusinessRule, "not_reported_in", "ratings"));
  EXPECT_TRUE(RefusedWith(Try(s, kStreet, Action::kCloseWhistle, close({{30, 0, ""}, {40, 4, ""}})),
                          ErrorKind::kInvalidInput, "out_of_range", "ratings"));
  EXPECT_TRUE(RefusedWith(Try(s, kStreet, Action::kCloseWhistle, close({{30, 6, ""}, {40, 4, ""}})),
                          ErrorKind::kInvalidInput, "out_of_range", "ratings"));
  EXPECT_TRUE(RefusedWith(
      Try(s, kStreet, Action::kCloseWhistle, close({{30, 5, ""}, {30, 4, ""}, {40, 4, ""}})),
      ErrorKind::kInvalidInput, "duplicate_rating", "ratings"));
  EXPECT_TRUE(RefusedWith(Try(s, kDept30, Action::kCloseWhistle, close({})), ErrorKind::kForbidden,
                          "not_whistle_street"));

  Do(s, kStreet, Action::kCloseWhistle, close({{30, 5, "到场及时"}, {40, 3, "迟到"}}));
  const auto& w = s.order.collab.whistles[0];
  EXPECT_EQ(w.state, "closed");
  EXPECT_EQ(w.resolved, true);
  EXPECT_EQ(w.outcome, "占道摊位已清理");
  EXPECT_EQ(w.closed_at, now_);
  EXPECT_EQ(w.summons[0].score, 5);
  EXPECT_EQ(w.summons[0].score_comment, "到场及时");
  EXPECT_EQ(w.summons[1].score, 3);
  EXPECT_FALSE(w.summons[2].score);
  EXPECT_EQ(s.order.state, State::kHandling);
  EXPECT_FALSE(HasFlag(s.order, "whistled"));

  // A closed whistle takes no more reports, work, meetings or closing.
  EXPECT_TRUE(RefusedWith(Try(s, kDept50, Action::kReportIn, ReportInCommand{1, "补报到"}),
                          ErrorKind::kConflict, "whistle_closed"));
  EXPECT_TRUE(RefusedWith(Try(s, kDept30, Action::kWhistleWork, WhistleWorkCommand{1, "补记"}),
                          ErrorKind::kConflict, "whistle_closed"));
  EXPECT_TRUE(RefusedWith(Try(s, kStreet, Action::kCloseWhistle, close({})), ErrorKind::kConflict,
                          "whistle_closed"));

  // The departments rate the whistle's preparation once (two-way assessment).
  EXPECT_TRUE(RefusedWith(Try(s, kDept30, Action::kRateWhistle, RateWhistleCommand{1, 0, ""}),
                          ErrorKind::kInvalidInput, "out_of_range", "score"));
  EXPECT_TRUE(RefusedWith(Try(s, kDept50, Action::kRateWhistle, RateWhistleCommand{1, 4, ""}),
                          ErrorKind::kConflict, "not_reported_in"));
  Do(s, kDept30, Action::kRateWhistle, RateWhistleCommand{1, 4, "前期材料准备充分"});
  EXPECT_EQ(s.order.collab.whistles[0].summons[0].preparation_score, 4);
  EXPECT_EQ(s.order.collab.whistles[0].summons[0].preparation_comment, "前期材料准备充分");
  EXPECT_TRUE(RefusedWith(Try(s, kDept30, Action::kRateWhistle, RateWhistleCommand{1, 5, ""}),
                          ErrorKind::kConflict, "already_rated"));
  // Summoned departments keep seeing the order after the whistle closed.
  EXPECT_TRUE(CanSee(s.order, kDept50, units_));
}

// --- 业务指导 -------------------------------------------------------------

TEST_F(CollaborationRulesTest, GuidanceIsAskedOfADepartmentAndAnsweredOnce) {
  Story dept = Handling(30);
  EXPECT_TRUE(
      RefusedWith(Try(dept, kDept30, Action::kRequestGuidance, RequestGuidanceCommand{40, "问题"}),
                  ErrorKind::kForbidden, "street_only"));

  Story s = Handling(11);
  EXPECT_TRUE(
      RefusedWith(Try(s, kCommunity, Action::kRequestGuidance, RequestGuidanceCommand{10, "问题"}),
                  ErrorKind::kBusinessRule, "not_a_department", "unit_id"));
  EXPECT_FALSE(CanSee(s.order, kDept30, units_));

  now_ = T("2026-11-23T10:00:00+08:00");
  Do(s, kCommunity, Action::kRequestGuidance, RequestGuidanceCommand{30, "门头招牌设置有何标准？"});
  ASSERT_EQ(s.order.collab.guidance.size(), 1u);
  const GuidanceRequest& g = s.order.collab.guidance[0];
  EXPECT_EQ(g.id, 1);
  EXPECT_EQ(g.requested_by_unit_id, 11);
  EXPECT_EQ(g.unit_id, 30);
  EXPECT_EQ(g.requested_at, now_);
  EXPECT_EQ(g.due_at, After(sla_.guidance_reply));
  EXPECT_EQ(g.due_at, T("2026-11-25T10:00:00+08:00"));  // 2 working days
  EXPECT_EQ(s.order.state, State::kHandling);           // the order stays with the community
  EXPECT_EQ(s.order.lead_unit_id, 11);
  EXPECT_TRUE(CanSee(s.order, kDept30, units_));
  EXPECT_FALSE(CanSee(s.order, kDept40, units_));

  now_ = T("2026-11-24T09:00:00+08:00");
  Do(s, kStreet, Action::kRequestGuidance, RequestGuidanceCommand{30, "是否需要审批？"});
  EXPECT_EQ(s.order.collab.guidance[1].id, 2);

  EXPECT_TRUE(RefusedWith(Try(s, kDept40, Action::kGiveGuidance, GiveGuidanceCommand{1, "答"}),
                          ErrorKind::kForbidden, "not_asked"));
  now_ = T("2026-11-25T10:30:00+08:00");  // after the first one's due time
  Do(s, kDept30, Action::kGiveGuidance, GiveGuidanceCommand{1, "按户外招牌设置规范执行"});
  EXPECT_EQ(s.order.collab.guidance[0].answered_at, now_);
  EXPECT_EQ(s.order.collab.guidance[0].answer, "按户外招牌设置规范执行");
  EXPECT_TRUE(s.order.collab.guidance[0].late);
  EXPECT_TRUE(RefusedWith(Try(s, kDept30, Action::kGiveGuidance, GiveGuidanceCommand{1, "再答"}),
                          ErrorKind::kConflict, "already_answered", "guidance_id"));
  Do(s, kDept30, Action::kGiveGuidance, GiveGuidanceCommand{2, "无需审批"});
  EXPECT_FALSE(s.order.collab.guidance[1].late);
  // Nothing left to answer: the guard no longer lets the department in at all.
  EXPECT_TRUE(RefusedWith(Try(s, kDept30, Action::kGiveGuidance, GiveGuidanceCommand{2, "再答"}),
                          ErrorKind::kForbidden, "not_asked"));
  EXPECT_FALSE(Has(AllowedActions(s.order, kDept30, Ctx()), Action::kGiveGuidance));
  EXPECT_TRUE(CanSee(s.order, kDept30, units_));  // still sees what it answered
}

// --- 并单 -----------------------------------------------------------------

TEST_F(CollaborationRulesTest, MergeAcrossCategoriesNeedsAReason) {
  Story master = NewOrder(102, 7);
  Story source = NewOrder(103, 8);
  EXPECT_TRUE(
      RefusedWith(DecideMerge(source.order, master.order, kDispatcher, MergeCommand{7, " "}, Ctx()),
                  ErrorKind::kInvalidInput, "merge_reason_required", "note"));
  auto merged =
      DecideMerge(source.order, master.order, kDispatcher, MergeCommand{7, "同一路段"}, Ctx());
  ASSERT_TRUE(merged) << merged.error().message;
  ApplyLogged(source, merged->first);
  ApplyLogged(master, merged->second);
  EXPECT_EQ(source.order.state, State::kMerged);
  EXPECT_EQ(source.order.merged_into, 7);
  EXPECT_EQ(master.order.merged_ids, std::vector<OrderId>{8});
  EXPECT_EQ(master.order.state, State::kPendingDispatch);

  // Same category: no reason needed.
  Story same = NewOrder(102, 9);
  EXPECT_TRUE(DecideMerge(same.order, master.order, kAgent, MergeCommand{7, ""}, Ctx()));
}

TEST_F(CollaborationRulesTest, AMergedOrderFollowsItsMastersReply) {
  Story master = NewOrder(102, 7);
  Story source = NewOrder(102, 8);
  auto merged = DecideMerge(source.order, master.order, kAgent, MergeCommand{7, ""}, Ctx());
  ASSERT_TRUE(merged);
  ApplyLogged(source, merged->first);
  ApplyLogged(master, merged->second);
  EXPECT_FALSE(DecideMasterOutcome(source.order, master.order, kSystem, Ctx()));

  Do(master, kDispatcher, Action::kDispatch, RouteCommand{10, {}, ""});
  Do(master, kStreet, Action::kSign, SignCommand{});
  EXPECT_FALSE(DecideMasterOutcome(source.order, master.order, kSystem, Ctx()));  // handling
  Do(master, kStreet, Action::kReply, GoodReply());
  EXPECT_FALSE(DecideMasterOutcome(source.order, master.order, kSystem, Ctx()));  // replied
  now_ = T("2026-11-23T15:00:00+08:00");
  Do(master, kReviewer, Action::kReviewReply, ReviewCommand{true, ""});
  ASSERT_EQ(master.order.state, State::kPendingCallback);

  // Only an order waiting on this very master follows it.
  EXPECT_FALSE(DecideMasterOutcome(master.order, source.order, kSystem, Ctx()));
  WorkOrder elsewhere = source.order;
  elsewhere.merged_into = 99;
  EXPECT_FALSE(DecideMasterOutcome(elsewhere, master.order, kSystem, Ctx()));

  auto plain = DecideMasterOutcome(source.order, master.order, kSystem, PlainCtx());
  ASSERT_TRUE(plain);
  EXPECT_FALSE(plain->payload.contains("deadlines"));

  auto out = DecideMasterOutcome(source.order, master.order, kSystem, Ctx());
  ASSERT_TRUE(out);
  EXPECT_EQ(out->action, Action::kMasterReplied);
  EXPECT_EQ(out->state_after, State::kPendingCallback);
  EXPECT_EQ(out->seq, source.order.version + 1);
  EXPECT_EQ(out->payload["master_id"], 7);
  EXPECT_EQ(out->payload["reply"], *master.order.reply);
  ApplyLogged(source, *out);
  EXPECT_EQ(source.order.state, State::kPendingCallback);
  EXPECT_EQ(source.order.reply, master.order.reply);
  ASSERT_TRUE(source.order.deadlines.callback);
  EXPECT_EQ(source.order.deadlines.callback->due_at, T("2026-11-25T15:00:00+08:00"));
  // Its own citizen is called back on its own order.
  EXPECT_TRUE(CheckGuard(source.order, kCallbackAgent, Action::kCallback, Ctx()));
  EXPECT_FALSE(DecideMasterOutcome(source.order, master.order, kSystem, Ctx()));  // once
}

TEST_F(CollaborationRulesTest, AMergedOrderClosesWithItsMasterWhenNotCalledBack) {
  Story master = NewOrder(102, 7);
  Story source = NewOrder(102, 8);
  auto merged = DecideMerge(source.order, master.order, kAgent, MergeCommand{7, ""}, Ctx());
  ASSERT_TRUE(merged);
  ApplyLogged(source, merged->first);
  ApplyLogged(master, merged->second);
  Do(master, kDispatcher, Action::kDispatch, RouteCommand{10, {}, ""});
  Do(master, kStreet, Action::kRejectAcceptance, RejectAcceptanceCommand{"不属政务服务范围", ""});
  Do(master, kReviewer, Action::kReviewRejection, ReviewCommand{true, ""});
  ASSERT_EQ(master.order.close_reason, "non_acceptance");

  auto out = DecideMasterOutcome(source.order, master.order, kSystem, Ctx());
  ASSERT_TRUE(out);
  EXPECT_EQ(out->action, Action::kMasterClosed);
  EXPECT_EQ(out->state_after, State::kClosed);
  EXPECT_EQ(out->payload["master_close_reason"], "non_acceptance");
  ApplyLogged(source, *out);
  EXPECT_EQ(source.order.state, State::kClosed);
  EXPECT_EQ(source.order.close_reason, "merged");
  EXPECT_EQ(source.order.closed_at, now_);
}

// --- The fold ---------------------------------------------------------------

TEST_F(CollaborationRulesTest, ReplayEqualsTheIncrementalFoldOverALongCollaboration) {
  Story s = NewOrder();
  Do(s, kDispatcher, Action::kDispatch, RouteCommand{20, {30}, ""});
  now_ = T("2026-11-23T09:30:00+08:00");
  Do(s, kOtherStreet, Action::kReturn,
     ReturnCommand{"outside_jurisdiction", "地址属夫子庙街道", "", "", UnitId{10}});
  now_ = T("2026-11-23T10:00:00+08:00");
  Do(s, kDispatcher, Action::kProvisional, ProvisionalCommand{10, "先由夫子庙街道处置"});
  Do(s, kStreet, Action::kWhistle, Blow({40, 50}));
  now_ = T("2026-11-23T10:20:00+08:00");
  Do(s, kDept40, Action::kReportIn, ReportInCommand{1, "到场"});
  Do(s, kDept40, Action::kWhistleWork, WhistleWorkCommand{1, "现场执法"});
  now_ = T("2026-11-23T10:40:00+08:00");
  const auto report_alarms = Alarms(s);  // 50 missed its report-in
  ASSERT_EQ(report_alarms.size(), 1u);
  EXPECT_EQ(report_alarms[0].action, Action::kReportInOverdue);
  Do(s, kStreet, Action::kWhistleMeeting,
     WhistleMeetingCommand{1, now_, "街道会议室", {"王主任"}, true, false, "限期整改"});
  Do(s, kStreet, Action::kCloseWhistle, CloseWhistleCommand{1, false, "未彻底解决", {{40, 4, ""}}});
  Do(s, kDept40, Action::kRateWhistle, RateWhistleCommand{1, 3, ""});
  Do(s, kStreet, Action::kRequestGuidance, RequestGuidanceCommand{60, "执法依据？"});
  now_ = T("2026-11-24T09:00:00+08:00");
  Do(s, kDept60, Action::kGiveGuidance, GiveGuidanceCommand{1, "依据市容条例"});
  Do(s, kDept30, Action::kAssistReply, AssistReplyCommand{"已配合核查"});
  Do(s, kDispatcher, Action::kCoordinate,
     CoordinateCommand{10, {30, 50}, "由夫子庙街道主办", "属地管理"});
  now_ = T("2026-11-27T09:00:00+08:00");  // past the 3 working days of 50's part
  const auto part_alarms = Alarms(s);
  EXPECT_TRUE(std::any_of(part_alarms.begin(), part_alarms.end(),
                          [](const Event& e) { return e.action == Action::kAssistOverdue; }));
  Do(s, kStreet, Action::kReply, GoodReply());
  Do(s, kReviewer, Action::kReviewReply, ReviewCommand{true, ""});
  Do(s, kCallbackAgent, Action::kCallback,
     CallbackCommand{true, true, Satisfaction::kSatisfied, ""});
  ASSERT_EQ(s.order.state, State::kClosed);

  ASSERT_EQ(s.log.size(), s.after_each.size());
  for (std::size_t n = 1; n <= s.log.size(); ++n) {
    const std::vector<Event> prefix(s.log.begin(), s.log.begin() + n);
    EXPECT_EQ(Replay(7, prefix), s.after_each[n - 1])
        << "after " << ActionCode(prefix.back().action);
  }
  EXPECT_EQ(Replay(7, s.log), s.order);
  // The collaboration history is all there.
  EXPECT_EQ(s.order.collab.disputes[0].outcome, "upheld");  // 20 objected and is out of it
  EXPECT_EQ(s.order.collab.returns[0].outcome, "disputed");
  EXPECT_TRUE(s.order.collab.whistles[0].summons[1].overdue);
  EXPECT_TRUE(s.order.collab.Part(50)->overdue);
  EXPECT_FALSE(s.order.collab.Part(30)->overdue);
}

}  // namespace
}  // namespace hotline
