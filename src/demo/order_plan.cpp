// The demo's order planner: picks each order's outcome, scenario, caller,
// places and intake, then lets OrderStepBuilder (order_plan_internal.h) write
// its lifecycle steps; finally adds duplicates merged into open masters.
#include "demo/order_plan.h"

#include <fmt/format.h>

#include <algorithm>
#include <set>

#include "common/time_format.h"
#include "demo/order_plan_internal.h"
#include "demo/seed_units.h"
#include "demo/text_templates.h"

namespace hotline::demo {
namespace {

using plan_internal::kCallback;
using plan_internal::kDispatcher;
using plan_internal::MinuteOfDay;
using plan_internal::OrderStepBuilder;
using plan_internal::Outcome;
using plan_internal::Rng;
using std::chrono::days;
using std::chrono::minutes;

// Every outcome once first (in this order, so even tiny demos show every
// state), then by weight.
struct Weighted {
  Outcome outcome;
  int weight;
};
constexpr Weighted kOutcomes[] = {
    {Outcome::kPendingDispatch, 5},
    {Outcome::kDispatched, 6},
    {Outcome::kHandling, 8},
    {Outcome::kReplied, 6},
    {Outcome::kPendingCallback, 7},
    {Outcome::kClosedSatisfied, 25},
    {Outcome::kDirectAnswer, 8},
    {Outcome::kReopenedClosed, 5},
    {Outcome::kExtensionPending, 3},
    {Outcome::kReturnPending, 2},
    {Outcome::kNonAcceptance, 2},
    {Outcome::kClosedBasically, 9},
    {Outcome::kDissatisfiedPending, 2},
    {Outcome::kReopenedHandling, 3},
    {Outcome::kRedispatchedClosed, 5},
    {Outcome::kUnreachedPending, 2},
    {Outcome::kManualClose, 1},
    {Outcome::kRepeatedlyFailed, 1},
    {Outcome::kWhistleClosed, 4},
    {Outcome::kWhistleOpen, 1},
    {Outcome::kGuidanceAnswered, 3},
    {Outcome::kGuidancePending, 1},
    {Outcome::kDisputeSettled, 3},
    {Outcome::kCoordinatedAfterReturns, 2},
};

bool EndsClosed(Outcome o) {
  switch (o) {
    case Outcome::kClosedSatisfied:
    case Outcome::kClosedBasically:
    case Outcome::kDirectAnswer:
    case Outcome::kReopenedClosed:
    case Outcome::kNonAcceptance:
    case Outcome::kRedispatchedClosed:
    case Outcome::kManualClose:
    case Outcome::kWhistleClosed:
    case Outcome::kGuidanceAnswered:
    case Outcome::kDisputeSettled:
    case Outcome::kCoordinatedAfterReturns:
      return true;
    default:
      return false;
  }
}

// Minutes before `now` an order with this outcome is typically recorded;
// open orders are recent, settled ones spread over the whole window.
std::pair<int, int> AgeMinutes(Outcome o) {
  constexpr int kH = 60, kD = 24 * 60;
  switch (o) {
    case Outcome::kPendingDispatch:
      return {5, 6 * kH};
    case Outcome::kDispatched:
      return {kH, 20 * kH};
    case Outcome::kReturnPending:
      return {3 * kH, 2 * kD};
    case Outcome::kHandling:
      return {kD, 8 * kD};
    case Outcome::kWhistleOpen:
    case Outcome::kGuidancePending:
      return {kD, 6 * kD};
    case Outcome::kExtensionPending:
      return {2 * kD, 10 * kD};
    case Outcome::kReplied:
      return {kD, 6 * kD};
    case Outcome::kPendingCallback:
    case Outcome::kUnreachedPending:
      return {2 * kD, 10 * kD};
    case Outcome::kDissatisfiedPending:
      return {3 * kD, 15 * kD};
    case Outcome::kReopenedHandling:
      return {5 * kD, 20 * kD};
    case Outcome::kRepeatedlyFailed:
      return {10 * kD, 40 * kD};
    case Outcome::kDirectAnswer:
    case Outcome::kManualClose:
      return {kH, 60 * kD};
    default:
      return {7 * kD, 60 * kD};
  }
}

struct Caller {
  std::string name, phone;
};

class Planner {
 public:
  explicit Planner(const PlanInputs& in) : in_(in), rng_(in.seed) {
    for (const StreetPlaces& p : DemoStreetPlaces()) streets_.push_back(&p);
    for (const UnitSeed& u : DemoUnits())
      if (u.kind == UnitKind::kCommunity)
        communities_[std::string(u.parent_code)].emplace_back(u.code);
    for (const Scenario& s : Scenarios()) {
      if (!s.answer.empty()) answerable_.push_back(&s);
      if (s.enterprise_percent == 100) enterprises_.push_back(&s);
      if (s.lead != "S") continue;
      if (!s.summon.empty()) whistling_.push_back(&s);
      if (!s.guidance_unit.empty()) guided_.push_back(&s);
    }
  }

  Result<std::vector<PlannedOrder>> Run() {
    const int merges = in_.count >= 10 ? std::max(2, in_.count / 100) : (in_.count >= 4 ? 1 : 0);
    const int primary = in_.count - merges;
    std::vector<Outcome> outcomes;
    std::vector<PlannedOrder> plan;
    for (int i = 0; i < primary; ++i) {
      const Outcome o = Feasible(i < static_cast<int>(std::size(kOutcomes)) ? kOutcomes[i].outcome
                                                                            : PickOutcome());
      auto order = PlanOne(i, o);
      if (!order) return Fail(order.error());
      plan.push_back(std::move(*order));
      outcomes.push_back(o);
    }
    for (int m = 0; m < merges; ++m) {
      auto dup = PlanDuplicate(primary + m, plan, outcomes);
      if (!dup) return Fail(dup.error());
      plan.push_back(std::move(*dup));
      outcomes.push_back(Outcome::kManualClose);  // closed by the merge; never a master
    }
    return plan;
  }

 private:
  Outcome PickOutcome() {
    int total = 0;
    for (const auto& w : kOutcomes) total += w.weight;
    int r = rng_.Int(0, total - 1);
    for (const auto& w : kOutcomes)
      if ((r -= w.weight) < 0) return w.outcome;
    return Outcome::kClosedSatisfied;
  }

  // Whistles need departments to summon.
  Outcome Feasible(Outcome o) const {
    const bool whistle = o == Outcome::kWhistleClosed || o == Outcome::kWhistleOpen;
    if (whistle && in_.rules.max_summoned_units < 1)
      return o == Outcome::kWhistleClosed ? Outcome::kClosedSatisfied : Outcome::kHandling;
    return o;
  }

  const Scenario& PickScenario(Outcome o) {
    switch (o) {
      case Outcome::kDirectAnswer:
        return *rng_.Pick(answerable_);
      case Outcome::kWhistleClosed:
      case Outcome::kWhistleOpen:
        return *rng_.Pick(whistling_);
      case Outcome::kGuidanceAnswered:
      case Outcome::kGuidancePending:
        return *rng_.Pick(guided_);
      case Outcome::kClosedSatisfied:
        // The first settled order is an enterprise's (涉企), so even small
        // demos have one on the enterprise board.
        if (!enterprise_planned_ && !enterprises_.empty()) {
          enterprise_planned_ = true;
          return *rng_.Pick(enterprises_);
        }
        return rng_.Pick(Scenarios());
      default:
        return rng_.Pick(Scenarios());
    }
  }

  Channel PickChannel() {
    static constexpr std::pair<Channel, int> kChannels[] = {
        {Channel::kPhone, 55},  {Channel::kWeb, 10},   {Channel::kApp, 12},
        {Channel::kOpen311, 3}, {Channel::kDeputy, 3}, {Channel::kUpstream, 12},
        {Channel::kLetter, 5}};
    int r = rng_.Int(0, 99);
    for (const auto& [c, w] : kChannels)
      if ((r -= w) < 0) return c;
    return Channel::kPhone;
  }

  Caller NewCaller() {
    const Phrases& ph = DemoPhrases();
    Caller c;
    const auto surname = rng_.Pick(ph.surnames);
    c.name = rng_.Chance(50) ? fmt::format("{}{}", surname, rng_.Chance(50) ? "先生" : "女士")
                             : fmt::format("{}{}", surname, rng_.Pick(ph.given_names));
    static constexpr std::string_view kPrefixes[] = {"1380000", "1390000", "1350000", "1590000",
                                                     "1870000"};
    c.phone = fmt::format("{}{:04d}", rng_.Pick(std::span<const std::string_view>(kPrefixes)),
                          rng_.Int(0, 9999));
    return c;
  }

  // Places and invented names for one order's texts.
  std::map<std::string, std::string> Vars(const StreetPlaces& street,
                                          const std::string& community) {
    const Phrases& ph = DemoPhrases();
    std::map<std::string, std::string> v;
    v["S"] = std::string(street.street_code);
    v["C"] = community;
    v["street"] = in_.units.at(v["S"]).name;
    v["community"] = in_.units.at(community).name;
    v["road"] = std::string(rng_.Pick(street.roads));
    v["estate"] = std::string(rng_.Pick(street.estates));
    v["num"] = std::to_string(rng_.Int(1, 260));
    v["addr"] = fmt::format("{}{}号{}{}栋", v["road"], v["num"], v["estate"], rng_.Int(1, 30));
    v["brand"] = std::string(rng_.Pick(ph.brands));
    v["company"] = fmt::format("{}{}{}", rng_.Pick(ph.company_cities), rng_.Pick(ph.brands),
                               rng_.Pick(ph.company_trades));
    v["builder"] = fmt::format("{}{}{}", rng_.Pick(ph.company_cities), rng_.Pick(ph.brands),
                               rng_.Chance(50) ? "建筑工程有限公司" : "装饰工程有限公司");
    v["n"] = std::to_string(rng_.Int(5, 30));
    v["amount"] = std::to_string(rng_.Int(12, 280) * 100);
    v["wan"] = std::to_string(rng_.Int(3, 180));
    v["bus"] = std::to_string(rng_.Int(2, 160));
    return v;
  }

  // Any unit form of a scenario ("D05", "S", "C") as a unit code.
  std::string UnitCode(std::string_view form, const std::map<std::string, std::string>& vars) {
    if (form == "S" || form == "C") return vars.at(std::string(form));
    return fmt::format("320104{}", form);
  }

  // A plausible moment `age` minutes ago during calling hours (07:00-23:00).
  Instant CreatedAt(Outcome o) {
    const auto [lo, hi] = AgeMinutes(o);
    Instant t = in_.now - minutes(rng_.Int(lo, hi)) - std::chrono::seconds(rng_.Int(0, 59));
    const int m = MinuteOfDay(t);
    if (m < 7 * 60) t -= minutes(m + 60 * 24 - 21 * 60 - rng_.Int(0, 120));
    if (m >= 23 * 60) t -= minutes(m - 22 * 60 - rng_.Int(0, 59));
    return t;
  }

  Result<PlannedOrder> PlanOne(int index, Outcome outcome) {
    const Scenario& sc = PickScenario(outcome);
    const StreetPlaces& street = *rng_.Pick(streets_);
    const std::string community = rng_.Pick(communities_.at(std::string(street.street_code)));
    auto vars = Vars(street, community);

    PlannedOrder po;
    po.agent = rng_.Chance(50) ? "agent1" : "agent2";
    po.created_at = CreatedAt(outcome);
    if (auto r = FillIntake(po, index, sc, vars, community); !r) return Fail(r.error());

    std::string lead = UnitCode(sc.lead, vars);
    std::vector<std::string> assists;
    if (!sc.assist.empty() && in_.rules.max_assist_units > 0)
      assists.push_back(UnitCode(sc.assist, vars));
    // The first closed whistle shows a late report-in, so even small demos have one.
    const bool force_late = outcome == Outcome::kWhistleClosed && !late_report_planned_;
    late_report_planned_ |= force_late;

    // Keep everything in the past: a plan that would end after `now` is
    // planned again from whole days earlier with the same draws, so times of
    // day stay plausible and deadlines (which depend on the calendar) are
    // met or missed as intended.
    const Instant limit = in_.now - minutes(1);
    const Rng draws = rng_;
    for (int attempt = 0;; ++attempt) {
      po.steps.clear();
      OrderStepBuilder b(po, rng_, in_, sc, po.created_at, lead, assists, vars, force_late);
      b.Run(outcome);
      const Instant last = po.steps.empty() ? po.created_at : po.steps.back().at;
      if (last <= limit) break;
      const auto shift = days(std::chrono::ceil<days>(last - limit).count());
      if (attempt == 3) {  // give up on replanning: move the plan back as it is
        ShiftBack(po, shift);
        break;
      }
      po.created_at -= shift;
      rng_ = draws;
    }
    return po;
  }

  static void ShiftBack(PlannedOrder& po, days shift) {
    po.created_at -= shift;
    for (auto& s : po.steps) {
      s.at -= shift;
      if (auto* reply = std::get_if<ReplyCommand>(&s.command)) reply->contact_at -= shift;
      if (auto* meeting = std::get_if<WhistleMeetingCommand>(&s.command)) meeting->held_at -= shift;
    }
  }

  Result<void> FillIntake(PlannedOrder& po, int index, const Scenario& sc,
                          const std::map<std::string, std::string>& vars,
                          const std::string& community) {
    const auto leaf = in_.leaf_by_path.find(std::string(sc.category));
    if (leaf == in_.leaf_by_path.end())
      return Fail(ErrorKind::kInternal, "unknown_demo_category",
                  fmt::format("演示场景的分类「{}」不在分类种子数据中", sc.category));
    IntakeCommand& c = po.intake;
    c.channel = PickChannel();
    c.enterprise = rng_.Chance(sc.enterprise_percent);
    // Some callers call again about something else (repeat-caller history).
    const Caller caller =
        !callers_.empty() && !c.enterprise && rng_.Chance(8) ? rng_.Pick(callers_) : NewCaller();
    callers_.push_back(caller);
    c.caller_name = caller.name;
    c.caller_phone = c.channel == Channel::kOpen311 && rng_.Chance(50) ? "" : caller.phone;
    c.demand_type = sc.type;
    c.category_id = leaf->second;
    c.address = sc.at_road ? fmt::format("南京市秦淮区{}{}号附近", vars.at("road"), vars.at("num"))
                           : fmt::format("南京市秦淮区{}", vars.at("addr"));
    c.street_unit_id = in_.units.at(vars.at("S")).id;
    if (sc.lead == "C" || rng_.Chance(70)) c.community_unit_id = in_.units.at(community).id;
    c.title = Fill(sc.title, vars);
    const bool asks_action = sc.type != DemandType::kConsultation && sc.type != DemandType::kPraise;
    c.content = fmt::format("{}{}{}", ChannelLead(c.channel), Fill(sc.content, vars),
                            asks_action ? rng_.Pick(DemoPhrases().closers) : "");
    c.urgency = sc.urgent ? Urgency::kUrgent : Urgency::kNormal;
    if (c.channel == Channel::kWeb || c.channel == Channel::kApp || c.channel == Channel::kOpen311)
      c.idempotency_key = fmt::format("demo-{}-{}", in_.seed, index);
    if (c.channel == Channel::kUpstream)
      c.upstream_id = fmt::format("NJ{}{:05d}", ChinaDayStamp(po.created_at), index);
    po.request_hash = fmt::format("demo-{}-{}", in_.seed, index);
    return {};
  }

  // A second report of a master's demand, merged into it while it is open.
  Result<PlannedOrder> PlanDuplicate(int index, const std::vector<PlannedOrder>& plan,
                                     const std::vector<Outcome>& outcomes) {
    const int n = static_cast<int>(plan.size());
    const int start = rng_.Int(0, n - 1);
    for (int k = 0; k < n; ++k) {
      const int m = (start + k) % n;
      const Outcome o = outcomes[m];
      const bool eligible = o == Outcome::kHandling || o == Outcome::kPendingCallback ||
                            o == Outcome::kClosedSatisfied || o == Outcome::kClosedBasically ||
                            o == Outcome::kReplied || o == Outcome::kReopenedClosed;
      if (!eligible || merged_masters_.contains(m)) continue;
      const PlannedOrder& master = plan[m];
      const Instant open_until = EndsClosed(o) ? master.steps.back().at : in_.now;
      const Instant created = master.created_at + minutes(rng_.Int(30, 180));
      const Instant merge_at = created + minutes(rng_.Int(10, 60));
      if (merge_at + minutes(1) >= open_until || merge_at >= in_.now - minutes(1)) continue;

      PlannedOrder dup;
      dup.agent = master.agent == "agent1" ? "agent2" : "agent1";
      dup.created_at = created;
      dup.intake = master.intake;
      dup.intake.channel = Channel::kPhone;
      dup.intake.idempotency_key.reset();
      dup.intake.upstream_id.reset();
      const Caller caller = NewCaller();
      dup.intake.caller_name = caller.name;
      dup.intake.caller_phone = caller.phone;
      dup.intake.enterprise = false;
      dup.intake.content =
          fmt::format("{}同一问题再次反映：{}", ChannelLead(Channel::kPhone), master.intake.title);
      dup.request_hash = fmt::format("demo-{}-{}", in_.seed, index);
      dup.steps.push_back({merge_at, std::string(kDispatcher), Action::kMerge,
                           MergeCommand{0, std::string(rng_.Pick(DemoPhrases().merge_notes))}, m});
      // Once the master's reply is approved the duplicate waits for its own
      // callback: this citizen is called back too.
      for (const PlannedStep& step : master.steps) {
        const auto* review = std::get_if<ReviewCommand>(&step.command);
        if (step.action != Action::kReviewReply || review == nullptr || !review->approve) continue;
        const Instant call_at = std::max(merge_at, step.at) + minutes(rng_.Int(30, 120));
        if (call_at < in_.now - minutes(1))
          dup.steps.push_back({call_at, std::string(kCallback), Action::kCallback,
                               CallbackCommand{true, true, Satisfaction::kSatisfied, ""}});
        break;
      }
      merged_masters_.insert(m);
      return dup;
    }
    return Fail(ErrorKind::kInternal, "no_merge_master", "演示数据中找不到可并单的主工单");
  }

  const PlanInputs& in_;
  Rng rng_;
  std::vector<const StreetPlaces*> streets_;
  std::map<std::string, std::vector<std::string>> communities_;  // by street code
  std::vector<const Scenario*> answerable_;
  std::vector<const Scenario*> whistling_;    // street-led, with departments to summon
  std::vector<const Scenario*> guided_;       // street-led, with a department to ask
  std::vector<const Scenario*> enterprises_;  // raised by enterprises only
  bool late_report_planned_ = false;
  bool enterprise_planned_ = false;
  std::vector<Caller> callers_;
  std::set<int> merged_masters_;
};

}  // namespace

std::string HandlerName(std::string_view unit_code) { return fmt::format("h{}", unit_code); }

Result<std::vector<PlannedOrder>> PlanOrders(const PlanInputs& in) {
  if (in.count < 0)
    return Fail(ErrorKind::kInvalidInput, "out_of_range", "工单数量不能为负", "orders");
  return Planner(in).Run();
}

}  // namespace hotline::demo
