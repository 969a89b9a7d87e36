// Micro-benchmarks of the pure work-order domain: deciding an action,
// folding one event, replaying a 20-event order, listing allowed actions.
#include <benchmark/benchmark.h>

#include <stdexcept>
#include <vector>

#include "workorder/lifecycle.h"

namespace hotline::bench {
namespace {

using namespace std::chrono_literals;

constexpr UnitId kPlatform = 1, kDept1 = 2, kDept2 = 3, kStreet = 4, kCommunity = 5;

// A small organisation, a category tree and a realistic 20-event order.
struct DomainWorld {
  UnitTree units{std::vector<Unit>{
      {kPlatform, "320104000", "秦淮区12345热线", UnitKind::kPlatform, std::nullopt},
      {kDept1, "320104D01", "区城管局", UnitKind::kDepartment, kPlatform},
      {kDept2, "320104D02", "区水务局", UnitKind::kDepartment, kPlatform},
      {kStreet, "320104001", "夫子庙街道", UnitKind::kStreet, kPlatform},
      {kCommunity, "320104001001", "夫子庙社区", UnitKind::kCommunity, kStreet},
  }};
  CategoryTree categories{std::vector<Category>{
      {1, "01", "城乡建设", 1, std::nullopt, std::nullopt},
      {2, "01.01", "市容环境", 2, 1, std::nullopt},
      {3, "01.01.01", "施工噪音", 3, 2, kDept1},
  }};
  WorkflowRules rules;
  Instant start = Instant(std::chrono::milliseconds(1'790'000'000'000));
  Instant now = start;

  Actor agent{1, "agent1", Role::kAgent, kPlatform};
  Actor dispatcher{2, "dispatcher1", Role::kDispatcher, kPlatform};
  Actor reviewer{3, "reviewer1", Role::kReviewer, kPlatform};
  Actor callback{4, "callback1", Role::kCallback, kPlatform};
  Actor lead{5, "h320104D01", Role::kHandler, kDept1};
  Actor assist{6, "h320104D02", Role::kHandler, kDept2};
  Actor street{7, "h320104001", Role::kHandler, kStreet};

  std::vector<Event> events;
  WorkOrder order;

  DecisionContext Ctx() const { return DecisionContext{units, categories, rules, now}; }

  void Take(const Actor& who, Action action, const Command& cmd) {
    now += 10min;
    auto e = Decide(order, who, action, cmd, Ctx());
    if (!e) throw std::runtime_error("bench setup: " + e.error().code);
    Apply(order, *e);
    events.push_back(*e);
  }

  ReplyCommand Reply() const {
    return ReplyCommand{"已约谈施工单位", "施工时间已调整", "夜间施工已停止", "phone", now, ""};
  }

  DomainWorld() {
    IntakeCommand intake;
    intake.caller_name = "王建国";
    intake.caller_phone = "13812345678";
    intake.demand_type = DemandType::kComplaint;
    intake.category_id = 3;
    intake.street_unit_id = kStreet;
    intake.title = "夜间施工噪音扰民";
    intake.content = "小区旁工地每晚十一点后仍在施工，噪音很大，影响休息。";
    auto first = DecideIntake(agent, intake, Ctx());
    if (!first) throw std::runtime_error("bench setup: " + first.error().code);
    first->payload["number"] = "2026112600001";
    order.id = 1;
    Apply(order, *first);
    events.push_back(*first);

    const RouteCommand to_dept{kDept1, {kDept2}, "请办理"};
    Take(dispatcher, Action::kDispatch, to_dept);  // 2
    Take(lead, Action::kReturn,
         ReturnCommand{"not_our_duty", "权责清单", "", "第 12 项", std::nullopt});  // 3
    Take(dispatcher, Action::kReviewReturn, ReviewCommand{false, "属你单位职责"});  // 4
    Take(lead, Action::kSign, SignCommand{});                                       // 5
    Take(assist, Action::kAssistReply, AssistReplyCommand{"已配合排查"});           // 6
    Take(lead, Action::kExtend, ExtendCommand{5, "需协调"});                        // 7
    Take(reviewer, Action::kReviewExtension, ReviewCommand{true, ""});              // 8
    Take(lead, Action::kReply, Reply());                                            // 9
    Take(reviewer, Action::kReviewReply, ReviewCommand{false, "请补充整改时限"});   // 10
    Take(lead, Action::kReply, Reply());                                            // 11
    Take(reviewer, Action::kReviewReply, ReviewCommand{true, ""});                  // 12
    Take(callback, Action::kCallback,
         CallbackCommand{true, false, Satisfaction::kDissatisfied, ""});  // 13
    Take(callback, Action::kReopen, ReopenCommand{"重办", kStreet});      // 14
    Take(street, Action::kSign, SignCommand{});                           // 15
    Take(street, Action::kReply, Reply());                                // 16
    Take(reviewer, Action::kReviewReply, ReviewCommand{true, ""});        // 17
    Take(callback, Action::kCallback,
         CallbackCommand{false, std::nullopt, std::nullopt, ""});  // 18
    Take(callback, Action::kCallback,
         CallbackCommand{false, std::nullopt, std::nullopt, ""});  // 19
    Take(callback, Action::kCallback,
         CallbackCommand{true, true, Satisfaction::kSatisfied, "满意"});  // 20
    if (events.size() != 20 || order.state != State::kClosed)
      throw std::runtime_error("bench setup: the 20-event order did not close");
  }

  // The order as it stood after its first `n` events.
  WorkOrder After(std::size_t n) const {
    return Replay(order.id, std::vector<Event>(events.begin(), events.begin() + n));
  }
};

const DomainWorld& World() {
  static const DomainWorld world;
  return world;
}

void BM_DecideDispatch(benchmark::State& state) {
  const DomainWorld& w = World();
  const WorkOrder pending = w.After(1);
  const DecisionContext ctx = w.Ctx();
  const Command cmd = RouteCommand{kDept1, {kDept2}, "请办理"};
  for (auto _ : state)
    benchmark::DoNotOptimize(Decide(pending, w.dispatcher, Action::kDispatch, cmd, ctx));
}
BENCHMARK(BM_DecideDispatch);

void BM_DecideReply(benchmark::State& state) {
  const DomainWorld& w = World();
  const WorkOrder handling = w.After(8);  // signed, extension approved
  DecisionContext ctx = w.Ctx();
  const Command cmd = w.Reply();
  for (auto _ : state) benchmark::DoNotOptimize(Decide(handling, w.lead, Action::kReply, cmd, ctx));
}
BENCHMARK(BM_DecideReply);

void BM_DecideRefused(benchmark::State& state) {
  // A refusal (wrong unit) must be cheap too: it is what a probing client causes.
  const DomainWorld& w = World();
  const WorkOrder handling = w.After(8);
  const DecisionContext ctx = w.Ctx();
  const Command cmd = w.Reply();
  for (auto _ : state)
    benchmark::DoNotOptimize(Decide(handling, w.street, Action::kReply, cmd, ctx));
}
BENCHMARK(BM_DecideRefused);

void BM_ApplyOneEvent(benchmark::State& state) {
  // Folding an assisting unit's part reply overwrites the same entry, so it
  // can be applied again and again without copying the order.
  const DomainWorld& w = World();
  WorkOrder order = w.After(6);
  const Event& assist_reply = w.events[5];
  for (auto _ : state) {
    Apply(order, assist_reply);
    benchmark::DoNotOptimize(order.version);
  }
}
BENCHMARK(BM_ApplyOneEvent);

void BM_Replay20Events(benchmark::State& state) {
  const DomainWorld& w = World();
  for (auto _ : state) benchmark::DoNotOptimize(Replay(w.order.id, w.events));
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(w.events.size()));
}
BENCHMARK(BM_Replay20Events);

void BM_AllowedActions(benchmark::State& state) {
  const DomainWorld& w = World();
  const WorkOrder handling = w.After(8);
  const DecisionContext ctx = w.Ctx();
  for (auto _ : state) benchmark::DoNotOptimize(AllowedActions(handling, w.lead, ctx));
}
BENCHMARK(BM_AllowedActions);

void BM_EventPayloadJsonRoundTrip(benchmark::State& state) {
  // What storage pays per event: serialise the payload and parse it back.
  const DomainWorld& w = World();
  for (auto _ : state)
    for (const Event& e : w.events)
      benchmark::DoNotOptimize(nlohmann::json::parse(e.payload.dump()));
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(w.events.size()));
}
BENCHMARK(BM_EventPayloadJsonRoundTrip);

}  // namespace
}  // namespace hotline::bench
