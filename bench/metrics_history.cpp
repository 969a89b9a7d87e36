#include "metrics_history.h"

#include <fmt/format.h>

#include <algorithm>

#include "common/time_format.h"
#include "storage/order_doc.h"
#include "storage/packed_json.h"
#include "storage/sqlite/stored_order.h"
#include "workorder/step_deadlines.h"

namespace hotline::bench::metrics {
namespace {

using std::chrono::minutes;

constexpr int kBatchOrders = 20000;  // orders per insert transaction

constexpr Channel kChannels[] = {Channel::kPhone,   Channel::kWeb,    Channel::kApp,
                                 Channel::kOpen311, Channel::kDeputy, Channel::kUpstream,
                                 Channel::kLetter};
constexpr int kChannelWeights[] = {62, 7, 12, 3, 1, 13, 2};
constexpr DemandType kDemands[] = {DemandType::kConsultation, DemandType::kHelp,
                                   DemandType::kComplaint,    DemandType::kReport,
                                   DemandType::kSuggestion,   DemandType::kPraise};
constexpr int kDemandWeights[] = {24, 20, 36, 8, 8, 4};
// Share of a day's calls by China hour (00..23): quiet nights, a morning peak.
constexpr int kHourWeights[] = {1, 1,  1,  1,  1,  2,  4, 8, 14, 16, 15, 12,
                                9, 10, 13, 13, 12, 10, 8, 7, 6,  4,  3,  2};

constexpr std::string_view kRoads[] = {"中华路", "建康路", "升州路", "龙蟠中路", "长乐路",
                                       "御道街", "瑞金路", "大光路", "秦虹路",   "应天大街"};
constexpr std::string_view kSurnames[] = {"王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周"};
constexpr std::string_view kAsks[] = {"希望尽快处理", "请相关部门核实", "请给予答复",
                                      "希望有关部门上门查看", "请尽快安排人员解决"};
constexpr std::string_view kMeasures[] = {"已安排工作人员到现场核实情况", "已联系责任单位落实整改",
                                          "已会同社区上门了解诉求", "已调取相关材料逐项核查"};
constexpr std::string_view kResults[] = {"问题已整改完毕，现场已恢复正常", "已向诉求人解释相关政策",
                                         "已完成维修并经诉求人确认", "已督促责任方限期整改到位"};

}  // namespace

Result<Reference> LoadReference(Store& store) {
  Reference ref;
  auto units = store.ListUnits();
  if (!units) return Fail(units.error());
  for (const Unit& u : *units) {
    if (u.kind == UnitKind::kDepartment) ref.departments.push_back(u);
    if (u.kind == UnitKind::kStreet) ref.streets.push_back(u);
    if (u.kind == UnitKind::kPlatform) ref.system.unit_id = u.id;
  }
  auto categories = store.ListCategories();
  if (!categories) return Fail(categories.error());
  for (const Category& c : *categories)
    if (c.level == 3) ref.leaves.push_back(c);
  auto users = store.ListUsers();
  if (!users) return Fail(users.error());
  for (const User& u : *users) {
    const Actor a{u.id, u.username, u.role, u.unit_id};
    if (u.username == "agent1") ref.agent = a;
    if (u.username == "dispatcher1") ref.dispatcher = a;
    if (u.username == "reviewer1") ref.reviewer = a;
    if (u.username == "callback1") ref.callback = a;
    if (u.role == Role::kHandler) ref.handlers.emplace(u.unit_id, a);
  }
  if (ref.streets.empty() || ref.departments.empty() || ref.leaves.empty() ||
      ref.agent.user_id == 0 || ref.dispatcher.user_id == 0)
    return Fail(ErrorKind::kInternal, "bad_seed", "演示数据缺少单位、分类或账号");
  return ref;
}

void Generator::Run(BatchQueue& queue) {
  const Instant start = end_ - std::chrono::days(kSpanDays);
  std::discrete_distribution<int> hour(std::begin(kHourWeights), std::end(kHourWeights));
  std::int64_t made = 0;
  double carry = 0;
  Batch batch;
  for (int d = 0; d < kSpanDays && made < count_; ++d) {
    // Volume grows over the two years, and weekends are quieter.
    const Instant day_start = start + std::chrono::days(d);
    const int weekday =
        static_cast<int>(std::chrono::weekday(std::chrono::floor<std::chrono::days>(
                                                  day_start + std::chrono::hours(8)))
                             .c_encoding());
    const double weight =
        (0.85 + 0.3 * d / kSpanDays) * (weekday == 0 || weekday == 6 ? 0.7 : 1.08);
    carry += static_cast<double>(count_) / kSpanDays * weight;
    std::int64_t today = static_cast<std::int64_t>(carry);
    if (d == kSpanDays - 1) today = count_ - made;
    today = std::min(today, count_ - made);
    carry -= static_cast<double>(today);
    std::vector<Instant> times;
    times.reserve(today);
    for (std::int64_t i = 0; i < today; ++i)
      times.push_back(day_start + std::chrono::hours(hour(rng_)) +
                      std::chrono::seconds(Int(0, 3599)));
    std::sort(times.begin(), times.end());
    for (Instant t : times) {
      if (t >= end_) continue;
      ++made;
      batch.orders.push_back(Build(made, t));
      if (static_cast<int>(batch.orders.size()) == kBatchOrders) {
        queue.Push(std::move(batch));
        batch = {};
      }
    }
  }
  if (!batch.orders.empty()) queue.Push(std::move(batch));
  queue.Close();
}

Instant Generator::Finish(Instant from, const std::optional<StepDeadline>& step, bool late,
                          int lo_minutes, int hi_minutes) {
  if (!step) return After(from, lo_minutes, hi_minutes);
  if (late) return After(step->due_at, 10, 60 * 48);
  const auto allowance = std::chrono::duration_cast<minutes>(step->due_at - from).count();
  const auto hi = std::max<std::int64_t>(1, std::min<std::int64_t>(hi_minutes, allowance * 9 / 10));
  return from + minutes(Int(std::min<int>(lo_minutes, hi), static_cast<int>(hi)));
}

void Generator::Record(const Event& e) {
  const FactBasis before = FactBasis::Of(order_);
  Apply(order_, e);
  for (const MetricFact& f : FactsOf(before, e, order_))
    for (const RollupKey& k : RollupKeysOf(f)) {
      const auto dim = static_cast<std::uint64_t>(
          std::find(std::begin(kMetricDimensions), std::end(kMetricDimensions), k.dim) -
          std::begin(kMetricDimensions));
      auto [interned, fresh] = key_ids_.try_emplace(k.key, key_ids_.size());
      const std::uint64_t id = dim << 58 | static_cast<std::uint64_t>(f.day) << 32 |
                               static_cast<std::uint64_t>(interned->second);
      RollupSlot& slot = rollups_[id];
      if (slot.dim.empty()) slot = {kMetricDimensions[dim], f.day, k.key, {}};
      for (int i = 0; i < kMeasureCount; ++i) slot.counts[i] += f.counts[i];
    }
  // Stored as the product stores it (storage/sqlite/stored_order.h), packed
  // here on the generating thread rather than by the inserting one.
  EventRow row = EventToRow(e);
  row.payload = PackJson(row.payload).value();
  built_.events.push_back(std::move(row));
}

void Generator::AlarmsUntil(Instant t) {
  for (int guard = 0; guard < 16; ++guard) {
    const auto next = NextAlarm(order_);
    if (!next || *next > t) return;
    auto alarms = DecideAlarms(order_, ref_.system, Ctx(*next));
    if (alarms.empty()) return;
    for (const Event& e : alarms) Record(e);
  }
}

bool Generator::Step(Instant at, const Actor& actor, Action action, const Command& cmd) {
  if (at >= end_) return false;
  AlarmsUntil(at);
  auto e = Decide(order_, actor, action, cmd, Ctx(at));
  if (!e) {
    if (refused_++ == 0)
      first_refusal_ =
          fmt::format("{}: {} ({})", ActionCode(action), e.error().message, e.error().code);
    return false;
  }
  Record(*e);
  now_ = at;
  return true;
}

ReplyCommand Generator::Reply(Instant at) {
  ReplyCommand c;
  c.measures = fmt::format("{}，{}", Pick(kMeasures), "明确专人负责跟进");
  c.progress = fmt::format("{}当日已与诉求人沟通办理方案", ChinaDayStamp(at));
  c.result = std::string(Pick(kResults));
  c.contact_method = Int(0, 3) == 0 ? "visit" : "phone";
  c.contact_at = std::max(order_.created_at, at - minutes(Int(30, 600)));
  return c;
}

CallbackCommand Generator::Rating(bool allow_failure) {
  CallbackCommand c;
  c.reached = true;
  const int r = Int(0, 999);
  const Satisfaction s = r < 800                     ? Satisfaction::kSatisfied
                         : r < 910 || !allow_failure ? Satisfaction::kBasicallySatisfied
                                                     : Satisfaction::kDissatisfied;
  c.satisfaction = s;
  c.resolved = s == Satisfaction::kDissatisfied ? Chance(25) : (!allow_failure || Chance(97));
  return c;
}

bool Generator::HandleToApproved(UnitId lead) {
  const Actor& handler = Handler(lead);
  if (!Step(Finish(now_, order_.deadlines.sign, Chance(5), 5, 240), handler, Action::kSign,
            SignCommand{}))
    return false;
  if (Chance(2.5)) {
    if (!Step(After(now_, 60, 60 * 24), handler, Action::kExtend,
              ExtendCommand{Int(3, 10), "需协调多个部门现场勘查，申请延期办理"}))
      return false;
    if (!Step(After(now_, 30, 60 * 8), ref_.reviewer, Action::kReviewExtension,
              ReviewCommand{true, "同意延期"}))
      return false;
  }
  const bool late = Chance(6);
  Instant at = Finish(now_, order_.deadlines.handle, late, 120, 60 * 24 * 4);
  if (!Step(at, handler, Action::kReply, Reply(at))) return false;
  if (Chance(4)) {
    if (!Step(After(now_, 20, 60 * 6), ref_.reviewer, Action::kReviewReply,
              ReviewCommand{false, "答复未说明具体整改措施，请补充"}))
      return false;
    at = After(now_, 60, 60 * 24);
    if (!Step(at, handler, Action::kReply, Reply(at))) return false;
  }
  return Step(After(now_, 20, 60 * 8), ref_.reviewer, Action::kReviewReply,
              ReviewCommand{true, "答复规范，同意回访"});
}

bool Generator::CallBack(bool allow_failure) {
  if (Chance(7) && !Step(After(now_, 60, 60 * 30), ref_.callback, Action::kCallback,
                         CallbackCommand{false, std::nullopt, std::nullopt, "电话无人接听"}))
    return false;
  if (!Step(After(now_, 60, 60 * 48), ref_.callback, Action::kCallback, Rating(allow_failure)))
    return false;
  return order_.callback_failed;
}

void Generator::Live(UnitId street, const Category& leaf) {
  if (order_.demand_type == DemandType::kConsultation && Chance(35)) {
    Step(After(now_, 2, 25), ref_.agent, Action::kDirectAnswer,
         DirectAnswerCommand{"已根据知识库政策口径向来电人作出解答"});
    return;
  }
  // Departments take the categories they own; streets most local matters.
  UnitId lead = leaf.default_unit_id && Chance(75) ? *leaf.default_unit_id : street;
  if (Chance(3)) {  // sent first to a unit that returns it
    const UnitId wrong = lead == street ? Pick2(ref_.departments).id : Pick2(ref_.streets).id;
    if (!Step(After(now_, 5, 120), ref_.dispatcher, Action::kDispatch,
              RouteCommand{wrong, {}, "请依职责办理"}))
      return;
    ReturnCommand r{"outside_jurisdiction", "诉求地点不在本单位辖区", "", "", lead};
    if (!Step(After(now_, 10, 50), Handler(wrong), Action::kReturn, r)) return;
    if (!Step(After(now_, 20, 60 * 4), ref_.dispatcher, Action::kReviewReturn,
              ReviewCommand{true, "退单理由成立"}))
      return;
  }
  if (!Step(After(now_, 5, 120), ref_.dispatcher, Action::kDispatch,
            RouteCommand{lead, {}, "请依职责办理"}))
    return;
  if (Chance(1.5)) {
    if (!Step(After(now_, 60, 60 * 24), Handler(lead), Action::kSign, SignCommand{})) return;
    if (!Step(After(now_, 60, 60 * 48), Handler(lead), Action::kRejectAcceptance,
              RejectAcceptanceCommand{"依据《信访工作条例》，属于已依法处理的诉求", ""}))
      return;
    Step(After(now_, 30, 60 * 8), ref_.reviewer, Action::kReviewRejection,
         ReviewCommand{true, "同意不予受理"});
    return;
  }
  for (int round = 0; round < 3; ++round) {
    if (!HandleToApproved(lead)) return;
    if (!CallBack(round < 2)) return;
    // Failed: most are handled again (重办), the rest closed with reasons.
    if (Chance(25)) {
      Step(After(now_, 60, 60 * 24), ref_.dispatcher, Action::kClose,
           CloseCommand{"诉求人要求超出政策规定，已解释说明"});
      return;
    }
    if (!Step(After(now_, 30, 60 * 24), ref_.callback, Action::kReopen,
              ReopenCommand{"回访不满意，重新办理", lead}))
      return;
  }
}

BuiltOrder Generator::Build(std::int64_t id, Instant created) {
  order_ = WorkOrder{};
  built_ = BuiltOrder{};
  const Unit& street = Pick2(ref_.streets);
  const Category& leaf = ref_.leaves[std::min<std::size_t>(
      ref_.leaves.size() - 1,
      static_cast<std::size_t>(std::exponential_distribution<double>(1.0 / 80)(rng_)))];
  IntakeCommand c;
  c.channel = Weighted(kChannels, kChannelWeights);
  c.demand_type = Weighted(kDemands, kDemandWeights);
  c.enterprise = Chance(7);
  c.caller_name = fmt::format("{}{}", Pick(kSurnames), Chance(50) ? "先生" : "女士");
  c.caller_phone = fmt::format("13{:09d}", Int(0, 999'999'999));
  c.category_id = leaf.id;
  c.street_unit_id = street.id;
  const std::string road(Pick(kRoads));
  c.address = fmt::format("南京市秦淮区{}{}号", road, Int(1, 300));
  c.title = fmt::format("{}{}问题", road, leaf.name);
  c.content = fmt::format("来电人反映{}{}号附近存在{}方面的问题，已持续一段时间，{}。", road,
                          Int(1, 300), leaf.name, Pick(kAsks));
  c.urgency = Chance(4) ? Urgency::kUrgent : Urgency::kNormal;
  if (c.channel == Channel::kWeb || c.channel == Channel::kApp || c.channel == Channel::kOpen311)
    c.idempotency_key = fmt::format("bench-{:010}", id);
  if (c.channel == Channel::kUpstream) c.upstream_id = fmt::format("UP{:012}", id);

  auto intake = DecideIntake(ref_.agent, c, Ctx(created));
  if (!intake) {
    if (refused_++ == 0) first_refusal_ = fmt::format("intake: {}", intake.error().message);
    intake = DecideIntake(ref_.agent, IntakeCommand{}, Ctx(created));  // never expected
  }
  const std::string day = ChinaDayStamp(created);
  intake->payload["number"] = fmt::format("{}{:05d}", day, ++numbers_[day]);
  Record(*intake);
  order_.id = id;
  now_ = created;
  Live(street.id, leaf);
  if (order_.state != State::kClosed) AlarmsUntil(end_ - minutes(1));
  ++states_[order_.state];
  events_ += static_cast<std::int64_t>(built_.events.size());

  built_.doc = sqlite::PackOrderDoc(order_, id).value();
  built_.request_hash = fmt::format("bench-{}", id);
  built_.order = std::move(order_);
  return std::move(built_);
}

}  // namespace hotline::bench::metrics
