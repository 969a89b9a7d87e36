#include "workorder/lifecycle.h"

#include <gtest/gtest.h>

#include <map>
#include <set>

#include "common/time_format.h"

namespace hotline {
namespace {

// A small district: platform(1) → street 10 → community 11; street 20;
// departments 30, 40.
UnitTree MakeUnits() {
  return UnitTree({{1, "P", "平台", UnitKind::kPlatform, std::nullopt},
                   {10, "S1", "夫子庙街道", UnitKind::kStreet, 1},
                   {11, "S1C1", "某社区", UnitKind::kCommunity, 10},
                   {20, "S2", "红花街道", UnitKind::kStreet, 1},
                   {30, "D1", "区市场监管局", UnitKind::kDepartment, 1},
                   {40, "D2", "区城管局", UnitKind::kDepartment, 1}});
}

CategoryTree MakeCategories() {
  return CategoryTree({{100, "01", "城乡建设", 1, std::nullopt, std::nullopt},
                       {101, "01.01", "市政", 2, 100, std::nullopt},
                       {102, "01.01.001", "道路破损", 3, 101, 40}});
}

Actor Staff(Role role, UnitId unit) {
  return Actor{static_cast<UserId>(unit * 100 + int(role)), "u", role, unit};
}

const Actor kAgent = Staff(Role::kAgent, 1);
const Actor kDispatcher = Staff(Role::kDispatcher, 1);
const Actor kReviewer = Staff(Role::kReviewer, 1);
const Actor kCallbackAgent = Staff(Role::kCallback, 1);
const Actor kLeadHandler = Staff(Role::kHandler, 11);    // the community leads
const Actor kStreetHandler = Staff(Role::kHandler, 10);  // its street, above it
const Actor kAssistHandler = Staff(Role::kHandler, 30);
const Actor kOtherHandler = Staff(Role::kHandler, 20);

class LifecycleTest : public ::testing::Test {
 protected:
  UnitTree units_ = MakeUnits();
  CategoryTree categories_ = MakeCategories();
  WorkflowRules rules_;
  Instant now_ = *ParseRfc3339("2026-11-26T09:00:00+08:00");

  DecisionContext Ctx() { return DecisionContext{units_, categories_, rules_, now_}; }

  IntakeCommand Intake() {
    IntakeCommand c;
    c.channel = Channel::kPhone;
    c.caller_name = "张三";
    c.caller_phone = "13812345678";
    c.demand_type = DemandType::kComplaint;
    c.category_id = 102;
    c.title = "路面坑洼";
    c.content = "小区门口道路破损，雨天积水。";
    c.street_unit_id = 10;
    return c;
  }

  // Applies one decided action, failing the test if it is refused.
  void Do(WorkOrder& o, std::vector<Event>& log, const Actor& a, Action action, Command cmd) {
    now_ += std::chrono::minutes(10);
    auto e = Decide(o, a, action, cmd, Ctx());
    ASSERT_TRUE(e) << ActionCode(action) << ": " << e.error().code << " " << e.error().message;
    Apply(o, *e);
    log.push_back(*e);
  }

  std::pair<WorkOrder, std::vector<Event>> New() {
    auto e = DecideIntake(kAgent, Intake(), Ctx());
    EXPECT_TRUE(e);
    e->payload["number"] = "2026112600001";
    WorkOrder o;
    o.id = 7;
    Apply(o, *e);
    return {o, {*e}};
  }

  ReplyCommand GoodReply() {
    ReplyCommand r;
    r.measures = "现场查看并安排施工队修补";
    r.progress = "已完成修补";
    r.result = "路面恢复平整";
    r.contact_method = "phone";
    r.contact_at = now_;
    return r;
  }

  // Named situations covering every state and pending application.
  std::map<std::string, WorkOrder> Situations() {
    std::map<std::string, WorkOrder> s;
    auto [o, log] = New();
    s["pending_dispatch"] = o;
    Do(o, log, kDispatcher, Action::kDispatch, RouteCommand{11, {30}, ""});
    s["dispatched"] = o;
    {
      WorkOrder r = o;
      Do(r, log, kLeadHandler, Action::kReturn,
         ReturnCommand{"not_our_duty", "职责清单", "", "城管权责清单第 12 项", std::nullopt});
      s["dispatched+return"] = r;
    }
    Do(o, log, kLeadHandler, Action::kSign, SignCommand{});
    s["handling"] = o;
    {
      WorkOrder r = o;
      Do(r, log, kLeadHandler, Action::kReturn,
         ReturnCommand{"not_our_duty", "职责清单", "", "城管权责清单第 12 项", std::nullopt});
      s["handling+return"] = r;
      WorkOrder x = o;
      Do(x, log, kLeadHandler, Action::kExtend, ExtendCommand{5, "需协调"});
      s["handling+extension"] = x;
      WorkOrder n = o;
      Do(n, log, kLeadHandler, Action::kRejectAcceptance, RejectAcceptanceCommand{"依法", ""});
      s["handling+rejection"] = n;
    }
    Do(o, log, kLeadHandler, Action::kReply, GoodReply());
    s["replied"] = o;
    Do(o, log, kReviewer, Action::kReviewReply, ReviewCommand{true, ""});
    s["pending_callback"] = o;
    {
      WorkOrder f = o;
      Do(f, log, kCallbackAgent, Action::kCallback,
         CallbackCommand{true, false, Satisfaction::kDissatisfied, "未修好"});
      s["pending_callback+failed"] = f;
    }
    Do(o, log, kCallbackAgent, Action::kCallback,
       CallbackCommand{true, true, Satisfaction::kSatisfied, ""});
    s["closed"] = o;
    return s;
  }
};

// The actor entitled to each action (by role and unit).
Actor EntitledActor(Action a) {
  switch (a) {
    case Action::kDirectAnswer:
      return kAgent;
    case Action::kDispatch:
    case Action::kReviewReturn:
    case Action::kReassign:
    case Action::kMerge:
    case Action::kProvisional:
    case Action::kCoordinate:
      return kDispatcher;
    case Action::kReviewExtension:
    case Action::kReviewRejection:
    case Action::kReviewReply:
      return kReviewer;
    case Action::kCallback:
    case Action::kReopen:
    case Action::kClose:
      return kCallbackAgent;
    case Action::kAssistReply:
      return kAssistHandler;
    default:
      return kLeadHandler;
  }
}

TEST_F(LifecycleTest, EveryActionInEverySituation) {
  // Written out by hand from DESIGN.md §3 so that the guards are checked
  // against the design, not against themselves.
  const std::map<Action, std::set<std::string>> allowed = {
      {Action::kDirectAnswer, {"pending_dispatch"}},
      {Action::kDispatch, {"pending_dispatch"}},
      {Action::kSign, {"dispatched"}},
      {Action::kReturn, {"dispatched", "handling"}},
      {Action::kReviewReturn, {"dispatched+return", "handling+return"}},
      {Action::kReassign,
       {"dispatched", "dispatched+return", "handling", "handling+return", "handling+extension",
        "handling+rejection"}},
      {Action::kExtend, {"handling"}},
      {Action::kReviewExtension, {"handling+extension"}},
      {Action::kRejectAcceptance, {"dispatched", "handling"}},
      {Action::kReviewRejection, {"handling+rejection"}},
      {Action::kAssistReply,
       {"dispatched", "dispatched+return", "handling", "handling+return", "handling+extension",
        "handling+rejection"}},
      {Action::kReply, {"handling", "handling+extension"}},
      {Action::kReviewReply, {"replied"}},
      {Action::kCallback, {"pending_callback"}},
      {Action::kReopen, {"pending_callback+failed", "closed"}},
      {Action::kMerge,
       {"pending_dispatch", "dispatched", "dispatched+return", "handling", "handling+return",
        "handling+extension", "handling+rejection", "replied", "pending_callback",
        "pending_callback+failed"}},
      {Action::kClose, {"pending_dispatch", "pending_callback", "pending_callback+failed"}},
      // Working together (collaboration_rules_test.cpp covers the details).
      {Action::kDispute, {"dispatched", "handling"}},
      {Action::kProvisional, {"dispatched+return", "handling+return"}},
      {Action::kCoordinate, {"dispatched+return", "handling+return"}},
      {Action::kWhistle,
       {"dispatched", "dispatched+return", "handling", "handling+return", "handling+extension",
        "handling+rejection"}},
      {Action::kRequestGuidance,
       {"dispatched", "dispatched+return", "handling", "handling+return", "handling+extension",
        "handling+rejection"}},
  };
  // These need a whistle or a guidance request, which no situation has: the
  // unit rule refuses them everywhere (403), or the state does (409).
  const std::set<Action> needs_record = {Action::kReportIn,       Action::kWhistleWork,
                                         Action::kWhistleMeeting, Action::kCloseWhistle,
                                         Action::kRateWhistle,    Action::kGiveGuidance};
  const auto situations = Situations();
  ASSERT_EQ(situations.size(), 11u);
  for (Action action : kRequestableActions) {
    if (needs_record.contains(action)) {
      for (const auto& [name, order] : situations)
        EXPECT_FALSE(CheckGuard(order, kLeadHandler, action, Ctx())) << ActionCode(action);
      continue;
    }
    ASSERT_TRUE(allowed.contains(action)) << ActionCode(action);
    for (const auto& [name, order] : situations) {
      auto guard = CheckGuard(order, EntitledActor(action), action, Ctx());
      const bool expected = allowed.at(action).contains(name);
      EXPECT_EQ(guard.has_value(), expected) << ActionCode(action) << " in " << name
                                             << (guard ? "" : " refused: " + guard.error().code);
      if (!guard) {
        EXPECT_EQ(guard.error().kind, ErrorKind::kConflict) << ActionCode(action) << " in " << name;
      }
    }
  }
}

TEST_F(LifecycleTest, OnlyTheListedRolesMayAct) {
  const std::map<Action, std::set<Role>> roles = {
      {Action::kDirectAnswer, {Role::kAgent, Role::kDispatcher}},
      {Action::kDispatch, {Role::kDispatcher}},
      {Action::kReassign, {Role::kDispatcher}},
      {Action::kMerge, {Role::kAgent, Role::kDispatcher}},
      {Action::kReviewReply, {Role::kReviewer}},
      {Action::kCallback, {Role::kCallback}},
      {Action::kSign, {Role::kHandler, Role::kUnitAdmin}},
      {Action::kReply, {Role::kHandler, Role::kUnitAdmin}},
  };
  const auto situations = Situations();
  const std::map<Action, std::string> where = {{Action::kDirectAnswer, "pending_dispatch"},
                                               {Action::kDispatch, "pending_dispatch"},
                                               {Action::kReassign, "dispatched"},
                                               {Action::kMerge, "handling"},
                                               {Action::kReviewReply, "replied"},
                                               {Action::kCallback, "pending_callback"},
                                               {Action::kSign, "dispatched"},
                                               {Action::kReply, "handling"}};
  for (const auto& [action, permitted] : roles) {
    for (Role role : kAllRoles) {
      const UnitId unit = IsUnitRole(role) ? 11 : 1;
      auto guard = CheckGuard(situations.at(where.at(action)), Staff(role, unit), action, Ctx());
      EXPECT_EQ(guard.has_value(), permitted.contains(role))
          << RoleCode(role) << " " << ActionCode(action);
      if (!guard) {
        EXPECT_EQ(guard.error().code, "role_not_allowed");
      }
    }
  }
}

TEST_F(LifecycleTest, UnitMustLeadOrAssistOrBeAbove) {
  const auto s = Situations();
  EXPECT_TRUE(CheckGuard(s.at("dispatched"), kLeadHandler, Action::kSign, Ctx()));
  EXPECT_TRUE(CheckGuard(s.at("dispatched"), kStreetHandler, Action::kSign, Ctx()));
  auto other = CheckGuard(s.at("dispatched"), kOtherHandler, Action::kSign, Ctx());
  ASSERT_FALSE(other);
  EXPECT_EQ(other.error().code, "unit_not_allowed");
  EXPECT_EQ(other.error().kind, ErrorKind::kForbidden);
  // The assisting unit may add a part reply but not act as lead.
  EXPECT_TRUE(CheckGuard(s.at("handling"), kAssistHandler, Action::kAssistReply, Ctx()));
  EXPECT_FALSE(CheckGuard(s.at("handling"), kAssistHandler, Action::kReply, Ctx()));
  EXPECT_FALSE(CheckGuard(s.at("handling"), kLeadHandler, Action::kAssistReply, Ctx()));
}

TEST_F(LifecycleTest, DataScope) {
  const auto s = Situations();
  const WorkOrder& o = s.at("handling");
  EXPECT_TRUE(CanSee(o, kLeadHandler, units_));
  EXPECT_TRUE(CanSee(o, kStreetHandler, units_));
  EXPECT_TRUE(CanSee(o, kAssistHandler, units_));
  EXPECT_FALSE(CanSee(o, kOtherHandler, units_));
  EXPECT_TRUE(CanSee(o, kAgent, units_));
  EXPECT_TRUE(CanSee(o, Staff(Role::kLeader, 1), units_));
  EXPECT_FALSE(CanSee(s.at("pending_dispatch"), kLeadHandler, units_));
}

TEST_F(LifecycleTest, FullLifeWithReturnReopenAndReplay) {
  auto [o, log] = New();
  EXPECT_EQ(o.state, State::kPendingDispatch);
  EXPECT_EQ(o.number, "2026112600001");
  Do(o, log, kDispatcher, Action::kDispatch, RouteCommand{20, {}, "按属地"});
  Do(o, log, kOtherHandler, Action::kReturn,
     ReturnCommand{"outside_jurisdiction", "地址属夫子庙街道", "", "", std::nullopt});
  EXPECT_EQ(o.state, State::kDispatched);
  ASSERT_TRUE(o.pending);
  Do(o, log, kDispatcher, Action::kReviewReturn, ReviewCommand{true, "同意"});
  EXPECT_EQ(o.state, State::kPendingDispatch);
  EXPECT_FALSE(o.lead_unit_id);
  EXPECT_EQ(o.return_count, 1);
  Do(o, log, kDispatcher, Action::kDispatch, RouteCommand{11, {30}, ""});
  Do(o, log, kLeadHandler, Action::kSign, SignCommand{});
  Do(o, log, kAssistHandler, Action::kAssistReply, AssistReplyCommand{"已核查周边商户"});
  ASSERT_NE(o.collab.Part(30), nullptr);
  EXPECT_EQ(o.collab.Part(30)->content, "已核查周边商户");
  EXPECT_TRUE(o.collab.Part(30)->replied_at);
  Do(o, log, kLeadHandler, Action::kReply, GoodReply());
  Do(o, log, kReviewer, Action::kReviewReply, ReviewCommand{true, ""});
  Do(o, log, kCallbackAgent, Action::kCallback,
     CallbackCommand{true, false, Satisfaction::kDissatisfied, "仍有积水"});
  EXPECT_EQ(o.state, State::kPendingCallback);
  EXPECT_TRUE(o.callback_failed);
  Do(o, log, kCallbackAgent, Action::kReopen, ReopenCommand{"群众不满意", 11});
  EXPECT_EQ(o.state, State::kDispatched);
  EXPECT_EQ(o.reopen_count, 1);
  Do(o, log, kLeadHandler, Action::kSign, SignCommand{});
  Do(o, log, kLeadHandler, Action::kReply, GoodReply());
  Do(o, log, kReviewer, Action::kReviewReply, ReviewCommand{true, ""});
  Do(o, log, kCallbackAgent, Action::kCallback,
     CallbackCommand{true, true, Satisfaction::kBasicallySatisfied, ""});
  EXPECT_EQ(o.state, State::kClosed);
  EXPECT_EQ(o.close_reason, "callback");
  EXPECT_EQ(o.version, static_cast<std::int64_t>(log.size()));
  for (std::size_t i = 0; i < log.size(); ++i)
    EXPECT_EQ(log[i].seq, static_cast<std::int64_t>(i + 1));
  EXPECT_EQ(Replay(o.id, log), o);
}

TEST_F(LifecycleTest, RefusalsCarryCodeAndField) {
  auto [o, log] = New();
  Do(o, log, kDispatcher, Action::kDispatch, RouteCommand{11, {}, ""});
  Do(o, log, kLeadHandler, Action::kSign, SignCommand{});
  const WorkOrder before = o;

  auto ext = Decide(o, kLeadHandler, Action::kExtend, ExtendCommand{0, "x"}, Ctx());
  ASSERT_FALSE(ext);
  EXPECT_EQ(ext.error().field, "days");

  auto ret = Decide(o, kLeadHandler, Action::kReturn,
                    ReturnCommand{"bogus", "x", "", "", std::nullopt}, Ctx());
  ASSERT_FALSE(ret);
  EXPECT_EQ(ret.error().code, "unknown_reason_code");
  EXPECT_EQ(ret.error().field, "reason_code");

  ReplyCommand empty = GoodReply();
  empty.measures = "   ";
  auto reply = Decide(o, kLeadHandler, Action::kReply, empty, Ctx());
  ASSERT_FALSE(reply);
  EXPECT_EQ(reply.error().code, "missing_field");
  EXPECT_EQ(reply.error().field, "measures");

  ReplyCommand future = GoodReply();
  future.contact_at = now_ + std::chrono::hours(2);
  auto f = Decide(o, kLeadHandler, Action::kReply, future, Ctx());
  ASSERT_FALSE(f);
  EXPECT_EQ(f.error().code, "contact_in_future");

  auto dispatch = Decide(o, kDispatcher, Action::kReassign, RouteCommand{1, {}, ""}, Ctx());
  ASSERT_FALSE(dispatch);
  EXPECT_EQ(dispatch.error().code, "not_a_handling_unit");
  auto dup = Decide(o, kDispatcher, Action::kReassign, RouteCommand{30, {40, 40}, ""}, Ctx());
  ASSERT_FALSE(dup);
  EXPECT_EQ(dup.error().code, "duplicate_assist_unit");

  auto cb = Decide(o, kCallbackAgent, Action::kCallback, CallbackCommand{}, Ctx());
  ASSERT_FALSE(cb);
  EXPECT_EQ(cb.error().code, "illegal_transition");
  EXPECT_EQ(o, before);  // decisions never touch the order
}

TEST_F(LifecycleTest, IntakeValidation) {
  IntakeCommand c = Intake();
  c.category_id = 101;  // not a leaf
  auto e = DecideIntake(kAgent, c, Ctx());
  ASSERT_FALSE(e);
  EXPECT_EQ(e.error().code, "category_not_leaf");
  c = Intake();
  c.caller_phone = "138abc";
  e = DecideIntake(kAgent, c, Ctx());
  ASSERT_FALSE(e);
  EXPECT_EQ(e.error().field, "caller_phone");
  c = Intake();
  c.street_unit_id = 30;
  e = DecideIntake(kAgent, c, Ctx());
  ASSERT_FALSE(e);
  EXPECT_EQ(e.error().code, "not_a_street");
  c = Intake();
  c.street_unit_id = std::nullopt;
  c.community_unit_id = 11;
  e = DecideIntake(kAgent, c, Ctx());
  ASSERT_TRUE(e);
  EXPECT_EQ(e->payload["street_unit_id"], 10);  // derived from the community
  auto handler = DecideIntake(kLeadHandler, Intake(), Ctx());
  ASSERT_FALSE(handler);
  EXPECT_EQ(handler.error().code, "role_not_allowed");
}

TEST_F(LifecycleTest, UnreachedCallbacksCloseAfterTheLimit) {
  auto s = Situations();
  WorkOrder o = s.at("pending_callback");
  std::vector<Event> log;
  auto rated = Decide(o, kCallbackAgent, Action::kCallback,
                      CallbackCommand{false, true, std::nullopt, ""}, Ctx());
  ASSERT_FALSE(rated);
  EXPECT_EQ(rated.error().code, "unexpected_field");
  for (int i = 0; i < rules_.max_unreached_callbacks; ++i) {
    EXPECT_EQ(o.state, State::kPendingCallback);
    Do(o, log, kCallbackAgent, Action::kCallback, CallbackCommand{false, {}, {}, "无人接听"});
  }
  EXPECT_EQ(o.state, State::kClosed);
  EXPECT_EQ(o.close_reason, "unreachable");
}

TEST_F(LifecycleTest, ExtensionAndNonAcceptance) {
  auto s = Situations();
  WorkOrder o = s.at("handling+extension");
  std::vector<Event> log;
  Do(o, log, kReviewer, Action::kReviewExtension, ReviewCommand{true, ""});
  EXPECT_EQ(o.extension_days, 5);
  EXPECT_FALSE(o.pending);
  WorkOrder r = s.at("handling+rejection");
  auto reject_without_note =
      Decide(r, kReviewer, Action::kReviewRejection, ReviewCommand{false, ""}, Ctx());
  ASSERT_FALSE(reject_without_note);
  EXPECT_EQ(reject_without_note.error().field, "note");
  Do(r, log, kReviewer, Action::kReviewRejection, ReviewCommand{true, ""});
  EXPECT_EQ(r.state, State::kClosed);
  EXPECT_EQ(r.close_reason, "non_acceptance");
}

TEST_F(LifecycleTest, MergeRecordsBothSides) {
  auto [a, la] = New();
  auto [b, lb] = New();
  b.id = 8;
  auto events = DecideMerge(a, b, kDispatcher, MergeCommand{8, "重复"}, Ctx());
  ASSERT_TRUE(events);
  Apply(a, events->first);
  Apply(b, events->second);
  EXPECT_EQ(a.state, State::kMerged);  // waits for the master's outcome
  EXPECT_EQ(a.merged_into, 8);
  EXPECT_EQ(b.merged_ids, std::vector<OrderId>{7});
  EXPECT_EQ(b.state, State::kPendingDispatch);
  EXPECT_FALSE(DecideMerge(b, b, kDispatcher, MergeCommand{8, ""}, Ctx()));
  auto into_merged = DecideMerge(b, a, kDispatcher, MergeCommand{7, ""}, Ctx());
  ASSERT_FALSE(into_merged);
  EXPECT_EQ(into_merged.error().code, "merge_target_merged");
  auto [c, lc] = New();
  c.id = 9;
  auto into_closed =
      DecideMerge(c, Situations().at("closed"), kDispatcher, MergeCommand{7, ""}, Ctx());
  ASSERT_FALSE(into_closed);
  EXPECT_EQ(into_closed.error().code, "merge_target_closed");
}

TEST_F(LifecycleTest, RepeatedlyFailedFlag) {
  WorkOrder o;
  o.reopen_count = 1;
  EXPECT_TRUE(OrderFlags(o, 2).empty());
  o.reopen_count = 2;
  o.enterprise = true;
  EXPECT_EQ(OrderFlags(o, 2), (std::vector<std::string>{"enterprise", "repeatedly_failed"}));
}

}  // namespace
}  // namespace hotline
