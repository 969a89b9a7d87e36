#include "demo/order_plan.h"

#include <fmt/format.h>

#include <algorithm>
#include <random>
#include <set>

#include "common/time_format.h"
#include "demo/seed_units.h"
#include "demo/text_templates.h"

namespace hotline::demo {
namespace {

using std::chrono::days;
using std::chrono::hours;
using std::chrono::minutes;

constexpr std::string_view kDispatcher = "dispatcher1";
constexpr std::string_view kReviewer = "reviewer1";
constexpr std::string_view kCallback = "callback1";
constexpr auto kChinaOffset = hours(8);

// Where an order ends up when the demo is done.
enum class Outcome {
  kPendingDispatch,
  kDispatched,
  kHandling,
  kReplied,
  kPendingCallback,
  kClosedSatisfied,
  kDirectAnswer,
  kReopenedClosed,
  kExtensionPending,
  kReturnPending,
  kNonAcceptance,
  kClosedBasically,
  kDissatisfiedPending,
  kReopenedHandling,
  kRedispatchedClosed,
  kUnreachedPending,
  kManualClose,
  kRepeatedlyFailed,
};

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

class Rng {
 public:
  explicit Rng(std::uint64_t seed) : gen_(seed) {}
  int Int(int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(gen_); }
  bool Chance(int percent) { return Int(0, 99) < percent; }
  template <typename T>
  const T& Pick(std::span<const T> items) {
    return items[static_cast<std::size_t>(Int(0, static_cast<int>(items.size()) - 1))];
  }
  template <typename T>
  const T& Pick(const std::vector<T>& items) {
    return Pick(std::span<const T>(items));
  }

 private:
  std::mt19937_64 gen_;
};

int MinuteOfDay(Instant t) {
  const auto local = t + kChinaOffset;
  return static_cast<int>(
      std::chrono::duration_cast<minutes>(local - std::chrono::floor<days>(local)).count());
}

// Staff act between 08:00 and 21:00 China time; later work waits for the next morning.
Instant OfficeHours(Instant t, Rng& rng) {
  const int m = MinuteOfDay(t);
  if (m >= 8 * 60 && m < 21 * 60) return t;
  auto day = std::chrono::floor<days>(t + kChinaOffset);
  if (m >= 21 * 60) day += days(1);
  return Instant(day) + hours(8) + minutes(30 + rng.Int(0, 60)) - kChinaOffset;
}

bool IsDepartment(std::string_view code) { return code.find('D') != std::string_view::npos; }

// Builds one order's action sequence, advancing its own clock.
class Builder {
 public:
  Builder(PlannedOrder& order, Rng& rng, const PlanInputs& in, const Scenario& sc, Instant start,
          std::string lead, std::vector<std::string> assists,
          std::map<std::string, std::string> vars)
      : order_(order),
        rng_(rng),
        in_(in),
        sc_(sc),
        t_(start),
        lead_(std::move(lead)),
        assists_(std::move(assists)),
        vars_(std::move(vars)) {}

  void DirectAnswer() {
    Push(order_.agent, Action::kDirectAnswer, DirectAnswerCommand{std::string(sc_.answer)}, 2, 15,
         false);
  }
  void Close() {
    Push(kDispatcher, Action::kClose, CloseCommand{Text(ph().manual_close_reasons)}, 10, 120);
  }
  void Dispatch(const std::string& unit, const std::vector<std::string>& assists) {
    Push(kDispatcher, Action::kDispatch, Route(unit, assists), Urgent(3, 10), Urgent(20, 120));
  }
  void Reassign(const std::string& unit, const std::vector<std::string>& assists) {
    Push(kDispatcher, Action::kReassign, Route(unit, assists), 10, 120);
  }
  void Sign(const std::string& unit) {
    Push(HandlerName(unit), Action::kSign, SignCommand{}, Urgent(5, 10), Urgent(30, 240));
  }
  void AssistReplies(bool all) {
    for (std::size_t i = 0; i < assists_.size(); ++i) {
      if (!all && i + 1 == assists_.size()) break;  // the last one is still working on it
      std::map<std::string, std::string> v{{"lead", Name(lead_)}};
      Push(HandlerName(assists_[i]), Action::kAssistReply,
           AssistReplyCommand{Fill(rng_.Pick(ph().assist_replies), v)}, 60, 24 * 60);
    }
  }
  void Extend() {
    Push(HandlerName(lead_), Action::kExtend,
         ExtendCommand{std::min(rng_.Int(3, 10), in_.rules.max_extension_days),
                       Text(ph().extension_reasons)},
         120, 2 * 24 * 60);
  }
  void ReviewExtension() {
    Push(kReviewer, Action::kReviewExtension, ReviewCommand{true, "理由充分，同意延期。"}, 30, 480);
  }
  void Reply() {
    const Instant before = t_;
    Advance(Urgent(60, 240), Urgent(360, 4 * 24 * 60), true);
    ReplyCommand c;
    // A second answer says what changed, so it never repeats the first word for word.
    const std::string_view again = replies_sent_ == 0 ? ""
                                   : reopened_        ? "重办后再次到现场核查处理："
                                                      : "根据审核意见补充说明：";
    c.measures = fmt::format("{}{}", again, Fill(sc_.measures, vars_));
    c.progress = Text(ph().progress);
    c.result = Fill(sc_.result, vars_);
    static constexpr std::string_view kMethods[] = {"phone",  "phone", "phone",
                                                    "onsite", "visit", "sms"};
    c.contact_method = std::string(rng_.Pick(std::span<const std::string_view>(kMethods)));
    // The unit called the citizen some time between the previous step and the
    // reply, during office hours.
    const auto span = std::chrono::duration_cast<minutes>(t_ - before).count();
    const Instant contact = before + minutes(rng_.Int(0, static_cast<int>(span)));
    c.contact_at = std::min(OfficeHours(contact, rng_), t_);
    order_.steps.push_back({t_, HandlerName(lead_), Action::kReply, std::move(c)});
    ++replies_sent_;
    reopened_ = false;
  }
  void ReviewReply(bool approve) {
    Push(kReviewer, Action::kReviewReply,
         ReviewCommand{approve, approve ? "答复规范，同意办结。" : Text(ph().review_reject_notes)},
         30, 480);
  }
  enum class Verdict { kUnreached, kSatisfied, kBasically, kDissatisfied };
  void Callback(Verdict v) {
    // Under a rule that closes an order at its first unreached callback, the
    // demo reaches everyone.
    if (v == Verdict::kUnreached && in_.rules.max_unreached_callbacks < 2) return;
    CallbackCommand c;
    c.reached = v != Verdict::kUnreached;
    switch (v) {
      case Verdict::kUnreached:
        c.note = Text(ph().unreached_notes);
        break;
      case Verdict::kSatisfied:
        c.resolved = true, c.satisfaction = Satisfaction::kSatisfied;
        c.note = Text(ph().satisfied_notes);
        break;
      case Verdict::kBasically:
        c.resolved = true, c.satisfaction = Satisfaction::kBasicallySatisfied;
        c.note = Text(ph().basically_notes);
        break;
      case Verdict::kDissatisfied:
        c.resolved = rng_.Chance(30), c.satisfaction = Satisfaction::kDissatisfied;
        c.note = Text(ph().dissatisfied_notes);
        break;
    }
    Push(kCallback, Action::kCallback, std::move(c), 120, 2 * 24 * 60);
  }
  void Reopen() {
    // The same lead handles it again; assisting units are released by the reopen.
    Push(kCallback, Action::kReopen, ReopenCommand{Text(ph().reopen_notes), Id(lead_)}, 10, 240);
    assists_.clear();
    reopened_ = true;
  }
  void Return(const std::string& wrong) {
    std::map<std::string, std::string> v{{"unit", Name(lead_)}};
    Push(HandlerName(wrong), Action::kReturn,
         ReturnCommand{"not_our_duty", Fill(rng_.Pick(ph().return_basis), v), ""}, 30, 600);
  }
  void ReviewReturn() {
    Push(kDispatcher, Action::kReviewReturn, ReviewCommand{true, "退单理由成立，重新派单。"}, 20,
         240);
  }
  void RejectAcceptance() {
    Push(HandlerName(lead_), Action::kRejectAcceptance,
         RejectAcceptanceCommand{Text(ph().non_acceptance_basis), ""}, 60, 2 * 24 * 60);
  }
  void ReviewRejection() {
    Push(kReviewer, Action::kReviewRejection, ReviewCommand{true, "依据充分，同意不予受理。"}, 30,
         480);
  }

  // Sign, assisting replies, maybe an extension, the reply (maybe sent back
  // once) and its approval: the order ends pending callback.
  void HandleToApproved() {
    Sign(lead_);
    AssistReplies(true);
    if (rng_.Chance(12)) Extend(), ReviewExtension();
    Reply();
    if (rng_.Chance(12)) ReviewReply(false), Reply();
    ReviewReply(true);
  }
  void Rated() {
    if (rng_.Chance(10)) Callback(Verdict::kUnreached);
    Callback(rng_.Chance(75) ? Verdict::kSatisfied : Verdict::kBasically);
  }

  void Run(Outcome outcome) {
    // A unit the order does not belong to, for returns and reassignment.
    const std::string wrong = IsDepartment(lead_) ? Code("S") : std::string("320104D05");
    switch (outcome) {
      case Outcome::kPendingDispatch:
        break;
      case Outcome::kManualClose:
        Close();
        break;
      case Outcome::kDirectAnswer:
        DirectAnswer();
        break;
      case Outcome::kDispatched:
        Dispatch(lead_, assists_);
        break;
      case Outcome::kReturnPending:
        Dispatch(wrong, {});
        if (rng_.Chance(50)) Sign(wrong);
        Return(wrong);
        break;
      case Outcome::kHandling:
        Dispatch(lead_, assists_);
        Sign(lead_);
        AssistReplies(false);
        break;
      case Outcome::kExtensionPending:
        Dispatch(lead_, assists_);
        Sign(lead_);
        Extend();
        break;
      case Outcome::kReplied:
        Dispatch(lead_, assists_);
        Sign(lead_);
        AssistReplies(true);
        Reply();
        break;
      case Outcome::kPendingCallback:
        Dispatch(lead_, assists_);
        HandleToApproved();
        break;
      case Outcome::kUnreachedPending:
        Dispatch(lead_, assists_);
        HandleToApproved();
        Callback(Verdict::kUnreached);
        break;
      case Outcome::kClosedSatisfied:
      case Outcome::kClosedBasically:
        Dispatch(lead_, assists_);
        HandleToApproved();
        if (rng_.Chance(10)) Callback(Verdict::kUnreached);
        Callback(outcome == Outcome::kClosedSatisfied ? Verdict::kSatisfied : Verdict::kBasically);
        break;
      case Outcome::kDissatisfiedPending:
        Dispatch(lead_, assists_);
        HandleToApproved();
        Callback(Verdict::kDissatisfied);
        break;
      case Outcome::kReopenedHandling:
        Dispatch(lead_, assists_);
        HandleToApproved();
        Callback(Verdict::kDissatisfied);
        Reopen();
        Sign(lead_);
        break;
      case Outcome::kReopenedClosed:
        Dispatch(lead_, assists_);
        HandleToApproved();
        Callback(Verdict::kDissatisfied);
        Reopen();
        HandleToApproved();
        Rated();
        break;
      case Outcome::kRepeatedlyFailed:
        Dispatch(lead_, assists_);
        for (int round = 0; round < 2; ++round) {
          HandleToApproved();
          Callback(Verdict::kDissatisfied);
          Reopen();
        }
        HandleToApproved();
        break;
      case Outcome::kNonAcceptance:
        Dispatch(lead_, assists_);
        Sign(lead_);
        RejectAcceptance();
        ReviewRejection();
        break;
      case Outcome::kRedispatchedClosed:
        Dispatch(wrong, {});
        if (rng_.Chance(30)) {
          Reassign(lead_, assists_);
        } else {
          Return(wrong);
          ReviewReturn();
          Dispatch(lead_, assists_);
        }
        HandleToApproved();
        Rated();
        break;
    }
  }

 private:
  const Phrases& ph() const { return DemoPhrases(); }
  int Urgent(int urgent, int normal) const { return sc_.urgent ? urgent : normal; }
  std::string Text(std::span<const std::string_view> pool) { return std::string(rng_.Pick(pool)); }
  UnitId Id(const std::string& code) const { return in_.units.at(code).id; }
  std::string Name(const std::string& code) const { return in_.units.at(code).name; }
  std::string Code(std::string_view form) const { return vars_.at(std::string(form)); }
  RouteCommand Route(const std::string& unit, const std::vector<std::string>& assists) {
    RouteCommand c{Id(unit), {}, Text(ph().dispatch_notes)};
    for (const auto& a : assists) c.assist_unit_ids.push_back(Id(a));
    return c;
  }
  void Advance(int lo, int hi, bool office) {
    t_ += minutes(rng_.Int(lo, hi)) + std::chrono::seconds(rng_.Int(0, 59));
    if (office) t_ = OfficeHours(t_, rng_);
  }
  void Push(std::string_view user, Action action, Command cmd, int lo, int hi, bool office = true) {
    Advance(lo, hi, office);
    order_.steps.push_back({t_, std::string(user), action, std::move(cmd)});
  }

  PlannedOrder& order_;
  Rng& rng_;
  const PlanInputs& in_;
  const Scenario& sc_;
  Instant t_;
  std::string lead_;
  std::vector<std::string> assists_;
  std::map<std::string, std::string> vars_;
  int replies_sent_ = 0;
  bool reopened_ = false;
};

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
    for (const Scenario& s : Scenarios())
      if (!s.answer.empty()) answerable_.push_back(&s);
  }

  Result<std::vector<PlannedOrder>> Run() {
    const int merges = in_.count >= 10 ? std::max(2, in_.count / 100) : (in_.count >= 4 ? 1 : 0);
    const int primary = in_.count - merges;
    std::vector<Outcome> outcomes;
    std::vector<PlannedOrder> plan;
    for (int i = 0; i < primary; ++i) {
      const Outcome o =
          i < static_cast<int>(std::size(kOutcomes)) ? kOutcomes[i].outcome : PickOutcome();
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
    const Scenario& sc =
        outcome == Outcome::kDirectAnswer ? *rng_.Pick(answerable_) : rng_.Pick(Scenarios());
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
    Builder b(po, rng_, in_, sc, po.created_at, lead, assists, vars);
    b.Run(outcome);

    // Keep everything in the past: move a plan that would end after `now`
    // back by whole days, so times of day stay plausible.
    const Instant last = po.steps.empty() ? po.created_at : po.steps.back().at;
    const Instant limit = in_.now - minutes(1);
    if (last > limit) {
      const auto shift = days(std::chrono::ceil<days>(last - limit).count());
      po.created_at -= shift;
      for (auto& s : po.steps) {
        s.at -= shift;
        if (auto* reply = std::get_if<ReplyCommand>(&s.command)) reply->contact_at -= shift;
      }
    }
    return po;
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
