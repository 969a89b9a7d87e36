// Issue 5's benchmark of the figures at scale: a bulk generator of realistic
// orders with their events and daily rollups, then the monthly report and
// the yearly unit ranking read from the rollups, next to the naive GROUP BY
// over the base tables, and the peak RSS of a real `hotline serve` answering
// GET /api/v1/metrics on that database.
//
// The database gets the product's schema through OpenSqliteStore and the demo
// district's units, categories and accounts through SeedDemo. Each order's
// history is decided by the real domain (DecideIntake, Decide, DecideAlarms
// at the instants the scheduler would have raised them) and folded with
// Apply; FactsOf gives the rollup counters, summed in memory and written to
// metric_daily at the end. One thread decides and serialises, the main
// thread inserts with prepared statements in large transactions
// (synchronous=OFF, journal_mode=OFF: a crash only loses the benchmark).
#include <arpa/inet.h>
#include <fmt/format.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <random>
#include <span>
#include <string>
#include <thread>
#include <tuple>
#include <unordered_map>
#include <vector>

#include "bench_http.h"
#include "calendar/business_calendar.h"
#include "common/time_format.h"
#include "demo/demo.h"
#include "drivers.h"
#include "service/directory.h"
#include "service/event_recorder.h"
#include "storage/order_doc.h"
#include "storage/sqlite/connection.h"
#include "storage/sqlite/sqlite_store.h"
#include "workorder/lifecycle.h"
#include "workorder/metric_facts.h"
#include "workorder/metric_rates.h"
#include "workorder/scoring.h"
#include "workorder/step_deadlines.h"

namespace hotline::bench {
namespace {

using SteadyClock = std::chrono::steady_clock;
using Millis = std::chrono::duration<double, std::milli>;
using Seconds = std::chrono::duration<double>;
using std::chrono::minutes;

constexpr int kSpanDays = 730;       // orders spread over two years before `end`
constexpr int kBatchOrders = 20000;  // orders per insert transaction
constexpr std::string_view kPassword = "Bench-Pass-2026";

int Failed(std::string_view what, const Error& e) {
  fmt::print(stderr, "metrics: {} failed: {} ({} {})\n", what, e.message, e.code, e.field);
  return 1;
}

std::string Grouped(std::int64_t n) {
  const std::string digits = std::to_string(n);
  std::string out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}

struct Stats {
  double p50 = 0, p99 = 0, first = 0;
};
Stats Summarise(std::vector<double> ms) {
  Stats s;
  if (ms.empty()) return s;
  s.first = ms.front();
  std::sort(ms.begin(), ms.end());
  s.p50 = ms[ms.size() / 2];
  s.p99 = ms[std::min(ms.size() - 1, static_cast<std::size_t>(ms.size() * 0.99))];
  return s;
}

// ---------------------------------------------------------------- reference

struct Reference {
  std::vector<Unit> departments, streets;
  std::vector<Category> leaves;
  Actor agent, dispatcher, reviewer, callback;
  Actor system{0, "system", Role::kSupervisor, 0};
  std::map<UnitId, Actor> handlers;  // by unit
};

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

// ---------------------------------------------------------------- generator

// One order as it will be stored: its final projection, serialised document
// and event rows.
struct BuiltOrder {
  WorkOrder order;
  std::string doc;
  std::string request_hash;
  std::vector<EventRow> events;
};

struct Batch {
  std::vector<BuiltOrder> orders;
};

// A bounded hand-over from the generating thread to the inserting one.
class BatchQueue {
 public:
  void Push(Batch b) {
    std::unique_lock lock(mu_);
    not_full_.wait(lock, [&] { return queue_.size() < 3; });
    queue_.push_back(std::move(b));
    not_empty_.notify_one();
  }
  void Close() {
    std::lock_guard lock(mu_);
    closed_ = true;
    not_empty_.notify_all();
  }
  // False when closed and drained.
  bool Pop(Batch& out) {
    std::unique_lock lock(mu_);
    not_empty_.wait(lock, [&] { return closed_ || !queue_.empty(); });
    if (queue_.empty()) return false;
    out = std::move(queue_.front());
    queue_.pop_front();
    not_full_.notify_one();
    return true;
  }

 private:
  std::mutex mu_;
  std::condition_variable not_full_, not_empty_;
  std::deque<Batch> queue_;
  bool closed_ = false;
};

// Counters summed in memory by (dim, day, key). The key of a slot packs the
// dimension's index in kMetricDimensions, the day and an interned key string,
// so that summing a fact allocates nothing.
struct RollupSlot {
  std::string_view dim;
  std::int32_t day = 0;
  std::string key;
  MeasureCounts counts{};
};

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

class Generator {
 public:
  Generator(const Reference& ref, Directory& directory, Instant end, std::int64_t count,
            std::uint64_t seed)
      : ref_(ref),
        units_(directory.Units()),
        categories_(directory.Categories()),
        sla_(directory.Sla()),
        calendar_(directory.Calendar()),
        end_(end),
        count_(count),
        rng_(seed) {}

  // Decides every order and hands them over in batches; returns when done.
  void Run(BatchQueue& queue) {
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

  std::int64_t events() const { return events_; }
  std::int64_t refused() const { return refused_; }
  const std::string& first_refusal() const { return first_refusal_; }
  const std::unordered_map<std::uint64_t, RollupSlot>& rollups() const { return rollups_; }
  const std::map<std::string, std::int64_t>& day_counters() const { return numbers_; }
  std::map<State, std::int64_t> states() const { return states_; }

 private:
  int Int(int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng_); }
  bool Chance(double percent) {
    return std::uniform_real_distribution<double>(0, 100)(rng_) < percent;
  }
  template <typename T, std::size_t N>
  const T& Pick(const T (&items)[N]) {
    return items[Int(0, N - 1)];
  }
  template <typename T, std::size_t N>
  T Weighted(const T (&items)[N], const int (&weights)[N]) {
    std::discrete_distribution<int> d(std::begin(weights), std::end(weights));
    return items[d(rng_)];
  }
  Instant After(Instant t, int lo_minutes, int hi_minutes) {
    return t + minutes(Int(lo_minutes, hi_minutes)) + std::chrono::seconds(Int(0, 59));
  }
  // A moment to finish a step started at `from`: within its deadline, or
  // (`late`) some time after it.
  Instant Finish(Instant from, const std::optional<StepDeadline>& step, bool late, int lo_minutes,
                 int hi_minutes) {
    if (!step) return After(from, lo_minutes, hi_minutes);
    if (late) return After(step->due_at, 10, 60 * 48);
    const auto allowance = std::chrono::duration_cast<minutes>(step->due_at - from).count();
    const auto hi =
        std::max<std::int64_t>(1, std::min<std::int64_t>(hi_minutes, allowance * 9 / 10));
    return from + minutes(Int(std::min<int>(lo_minutes, hi), static_cast<int>(hi)));
  }

  DecisionContext Ctx(Instant now) const {
    return DecisionContext{*units_, *categories_, rules_, now, &calendar_, sla_.get()};
  }

  // Folds `e` into the order and sums its figures.
  void Record(const Event& e) {
    const WorkOrder before = order_;
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
    built_.events.push_back(EventToRow(e));
  }

  // Raises what the deadline scheduler would have raised up to `t`.
  void AlarmsUntil(Instant t) {
    for (int guard = 0; guard < 16; ++guard) {
      const auto next = NextAlarm(order_);
      if (!next || *next > t) return;
      auto alarms = DecideAlarms(order_, ref_.system, Ctx(*next));
      if (alarms.empty()) return;
      for (const Event& e : alarms) Record(e);
    }
  }

  // Takes one action at `at` unless that is after the end of the history;
  // false when the order stops here.
  bool Step(Instant at, const Actor& actor, Action action, const Command& cmd) {
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

  const Actor& Handler(UnitId unit) const {
    auto it = ref_.handlers.find(unit);
    return it == ref_.handlers.end() ? ref_.dispatcher : it->second;
  }

  ReplyCommand Reply(Instant at) {
    ReplyCommand c;
    c.measures = fmt::format("{}，{}", Pick(kMeasures), "明确专人负责跟进");
    c.progress = fmt::format("{}当日已与诉求人沟通办理方案", ChinaDayStamp(at));
    c.result = std::string(Pick(kResults));
    c.contact_method = Int(0, 3) == 0 ? "visit" : "phone";
    c.contact_at = std::max(order_.created_at, at - minutes(Int(30, 600)));
    return c;
  }

  CallbackCommand Rating(bool allow_failure) {
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

  // Sign → (extension) → reply → review (sometimes rejected once) → approved.
  // False when the history ends on the way.
  bool HandleToApproved(UnitId lead) {
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

  // Callbacks until the order closes or fails; true when it failed.
  bool CallBack(bool allow_failure) {
    if (Chance(7) && !Step(After(now_, 60, 60 * 30), ref_.callback, Action::kCallback,
                           CallbackCommand{false, std::nullopt, std::nullopt, "电话无人接听"}))
      return false;
    if (!Step(After(now_, 60, 60 * 48), ref_.callback, Action::kCallback, Rating(allow_failure)))
      return false;
    return order_.callback_failed;
  }

  void Live(UnitId street, const Category& leaf) {
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

  template <typename T>
  const T& Pick2(const std::vector<T>& items) {
    return items[Int(0, static_cast<int>(items.size()) - 1)];
  }

  BuiltOrder Build(std::int64_t id, Instant created) {
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

    nlohmann::json doc = OrderToDoc(order_);
    doc["id"] = id;
    built_.doc = DumpJson(doc);
    built_.request_hash = fmt::format("bench-{}", id);
    built_.order = std::move(order_);
    return std::move(built_);
  }

  const Reference& ref_;
  std::shared_ptr<const UnitTree> units_;
  std::shared_ptr<const CategoryTree> categories_;
  std::shared_ptr<const SlaPolicy> sla_;
  const BusinessCalendar& calendar_;
  WorkflowRules rules_;
  Instant end_;
  std::int64_t count_;
  std::mt19937_64 rng_;

  WorkOrder order_;
  BuiltOrder built_;
  Instant now_{};
  std::int64_t events_ = 0;
  std::int64_t refused_ = 0;
  std::string first_refusal_;
  std::unordered_map<std::uint64_t, RollupSlot> rollups_;
  std::unordered_map<std::string, std::uint32_t> key_ids_;
  std::map<std::string, std::int64_t> numbers_;  // orders per China day
  std::map<State, std::int64_t> states_;
};

std::optional<std::int64_t> Millis64(const std::optional<Instant>& t) {
  return t ? std::optional(ToMillis(*t)) : std::nullopt;
}

// Inserts one batch in one transaction.
Result<void> InsertBatch(sqlite::Connection& db, const Batch& batch) {
  if (auto r = db.Exec("BEGIN"); !r) return r;
  auto order = db.Prepare(
      "INSERT INTO orders(id, number, state, version, channel, demand_type, category_id,"
      " street_unit_id, lead_unit_id, enterprise, reopen_count, urgency, created_at, updated_at,"
      " closed_at, title, content, address, caller_phone, idempotency_key, upstream_id,"
      " request_hash, doc, next_alarm_at, long_pending, dissatisfied_since) VALUES "
      "(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
  if (!order) return Fail(order.error());
  auto event = db.Prepare(
      "INSERT INTO order_events(order_id, seq, action, actor_id, actor_name, actor_role,"
      " unit_id, at, payload, state_after) VALUES (?,?,?,?,?,?,?,?,?,?)");
  if (!event) return Fail(event.error());
  auto unit = db.Prepare("INSERT INTO order_units(order_id, unit_id, relation) VALUES (?,?,?)");
  if (!unit) return Fail(unit.error());
  for (const BuiltOrder& b : batch.orders) {
    const WorkOrder& o = b.order;
    const auto next_alarm = NextAlarm(o);
    order->BindAll(o.id, o.number, StateCode(o.state), o.version, ChannelCode(o.channel),
                   DemandTypeCode(o.demand_type), o.category_id, o.street_unit_id, o.lead_unit_id,
                   o.enterprise, o.reopen_count, UrgencyCode(o.urgency), ToMillis(o.created_at),
                   ToMillis(o.updated_at), Millis64(o.closed_at), o.title, o.content, o.address,
                   o.caller_phone, o.idempotency_key, o.upstream_id, b.request_hash, b.doc,
                   Millis64(next_alarm), o.long_pending, Millis64(o.dissatisfied_since));
    if (auto r = order->Run(); !r) return r;
    for (const EventRow& e : b.events) {
      event->BindAll(o.id, e.seq, e.action, e.actor_id, e.actor_name, e.actor_role, e.unit_id,
                     e.at_ms, e.payload, e.state_after);
      if (auto r = event->Run(); !r) return r;
    }
    if (o.lead_unit_id)
      if (auto r = unit->BindAll(o.id, *o.lead_unit_id, "lead").Run(); !r) return r;
  }
  return db.Exec("COMMIT");
}

Result<void> WriteRollups(sqlite::Connection& db, const Generator& gen) {
  if (auto r = db.Exec("BEGIN"); !r) return r;
  auto stmt = db.Prepare(
      "INSERT INTO metric_daily(dim, day, key, received, dispatched, signed, signed_on_time,"
      " replied, replied_on_time, rated, resolved, satisfied, basically_satisfied, dissatisfied,"
      " returned, return_approved, reopened, overdue, closed)"
      " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
  if (!stmt) return Fail(stmt.error());
  // In key order, so the WITHOUT ROWID table is appended to.
  std::vector<const RollupSlot*> slots;
  for (const auto& [id, slot] : gen.rollups()) slots.push_back(&slot);
  std::sort(slots.begin(), slots.end(), [](const RollupSlot* a, const RollupSlot* b) {
    return std::tie(a->dim, a->day, a->key) < std::tie(b->dim, b->day, b->key);
  });
  for (const RollupSlot* s : slots) {
    stmt->Bind(1, s->dim).Bind(2, static_cast<std::int64_t>(s->day)).Bind(3, s->key);
    for (int i = 0; i < kMeasureCount; ++i) stmt->Bind(4 + i, s->counts[i]);
    if (auto r = stmt->Run(); !r) return r;
  }
  auto counter = db.Prepare("INSERT INTO order_counters(day, last) VALUES (?, ?)");
  if (!counter) return Fail(counter.error());
  for (const auto& [day, last] : gen.day_counters())
    if (auto r = counter->BindAll(day, last).Run(); !r) return r;
  return db.Exec("COMMIT");
}

struct Generated {
  std::int64_t orders = 0, events = 0, rollup_rows = 0, refused = 0;
  double seconds = 0, rollup_seconds = 0;
  double insert_seconds = 0;  // of `seconds`, spent inserting (the rest: waiting for orders)
  std::map<State, std::int64_t> states;
};

Result<Generated> Generate(const std::string& path, const Reference& ref, Directory& directory,
                           Instant end, std::int64_t count) {
  auto opened = sqlite::Connection::Open(path, {});
  if (!opened) return Fail(opened.error());
  sqlite::Connection& db = **opened;
  if (auto r = db.Exec(
          "PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; PRAGMA cache_size = -1048576;"
          " PRAGMA temp_store = MEMORY");
      !r)
    return Fail(r.error());

  Generated g;
  Generator gen(ref, directory, end, count, 20261126);
  BatchQueue queue;
  const auto t0 = SteadyClock::now();
  std::thread producer([&] { gen.Run(queue); });
  Batch batch;
  Result<void> failed;
  std::int64_t next_report = 1'000'000;
  while (queue.Pop(batch)) {
    const auto insert_start = SteadyClock::now();
    if (failed) failed = InsertBatch(db, batch);
    g.insert_seconds += Seconds(SteadyClock::now() - insert_start).count();
    g.orders += static_cast<std::int64_t>(batch.orders.size());
    if (g.orders >= next_report) {
      const double s = Seconds(SteadyClock::now() - t0).count();
      fmt::print("  {} orders in {:.0f} s ({} orders/s)\n", Grouped(g.orders), s,
                 Grouped(static_cast<std::int64_t>(g.orders / s)));
      std::fflush(stdout);
      next_report += 1'000'000;
    }
  }
  producer.join();
  if (!failed) return Fail(failed.error());
  g.seconds = Seconds(SteadyClock::now() - t0).count();
  g.events = gen.events();
  g.refused = gen.refused();
  g.states = gen.states();
  if (g.refused > 0)
    fmt::print("WARNING: {} decisions refused; first: {}\n", g.refused, gen.first_refusal());
  const auto r0 = SteadyClock::now();
  if (auto r = WriteRollups(db, gen); !r) return Fail(r.error());
  g.rollup_seconds = Seconds(SteadyClock::now() - r0).count();
  g.rollup_rows = static_cast<std::int64_t>(gen.rollups().size());
  if (auto r = db.Exec("PRAGMA journal_mode = WAL"); !r) return Fail(r.error());
  return g;
}

// ---------------------------------------------------------------- measuring

struct Period {
  std::string from, to;  // YYYY-MM-DD
  std::int32_t from_day = 0, to_day = 0;
  std::int64_t from_ms = 0, to_ms = 0;  // [from_ms, to_ms)
};

Period MakePeriod(std::chrono::year_month_day first, std::chrono::year_month_day last) {
  Period p;
  p.from = fmt::format("{:04}-{:02}-{:02}", static_cast<int>(first.year()),
                       static_cast<unsigned>(first.month()), static_cast<unsigned>(first.day()));
  p.to = fmt::format("{:04}-{:02}-{:02}", static_cast<int>(last.year()),
                     static_cast<unsigned>(last.month()), static_cast<unsigned>(last.day()));
  auto day_number = [](std::chrono::year_month_day d) {
    return static_cast<std::int32_t>(static_cast<int>(d.year()) * 10000 +
                                     static_cast<unsigned>(d.month()) * 100 +
                                     static_cast<unsigned>(d.day()));
  };
  p.from_day = day_number(first);
  p.to_day = day_number(last);
  p.from_ms = ToMillis(*ParseChinaDate(p.from));
  p.to_ms = ToMillis(*ParseChinaDate(p.to) + std::chrono::days(1));
  return p;
}

constexpr std::string_view kMonthDims[] = {"all", "unit", "street", "category", "channel"};

// The monthly report's reads: every dimension it tabulates, with the rates.
Result<std::int64_t> MonthlyReport(Store& store, const Period& p) {
  std::int64_t rows = 0;
  double checksum = 0;
  for (std::string_view dim : kMonthDims) {
    auto r = store.QueryRollup(dim, p.from_day, p.to_day);
    if (!r) return Fail(r.error());
    for (const RollupRow& row : *r) {
      const MetricRates rates = RatesOf(row.counts, 1.0);
      checksum += rates.satisfaction_rate.value_or(0);
    }
    rows += static_cast<std::int64_t>(r->size());
  }
  return rows + (checksum < 0 ? 1 : 0);
}

// The yearly ranking as the scoring rules (考核细则) compute it: every unit's
// counters from the rollups, scored and ranked within its group, with the
// 红黑榜 of each group.
Result<std::int64_t> YearlyRanking(Store& store, const Period& p) {
  auto units = store.ListUnits();
  if (!units) return Fail(units.error());
  auto r = store.QueryRollup("unit", p.from_day, p.to_day);
  if (!r) return Fail(r.error());
  std::unordered_map<std::string, const RollupRow*> by_key;
  for (const RollupRow& row : *r) by_key.emplace(row.key, &row);
  const ScoringRules rules = DefaultScoringRules();
  std::int64_t ranked = 0;
  for (UnitGroup group : kUnitGroups) {
    std::vector<UnitFigures> figures;
    for (const Unit& u : *units) {
      if (GroupOfKind(u.kind) != group) continue;
      UnitFigures f{u.id, u.name, {}};
      if (auto it = by_key.find(std::to_string(u.id)); it != by_key.end())
        f.counts = it->second->counts;
      figures.push_back(std::move(f));
    }
    const Ranking ranking = Rank(group, figures, rules, p.from_day, p.to_day);
    const RedBlack lists = RedBlackOf(ranking, rules.For(group).red_black_size);
    ranked += static_cast<std::int64_t>(ranking.ranked.size());
    if (lists.red.size() > ranking.ranked.size())
      return Fail(ErrorKind::kInternal, "bad_list", "红黑榜超出排名");
  }
  return ranked;
}

// The same figures straight from orders and order_events.
constexpr std::string_view kNaiveReceived[] = {
    "SELECT channel, COUNT(*) FROM orders WHERE created_at >= ?1 AND created_at < ?2 GROUP BY 1",
    "SELECT street_unit_id, COUNT(*) FROM orders WHERE created_at >= ?1 AND created_at < ?2"
    " GROUP BY 1",
    "SELECT category_id, COUNT(*) FROM orders WHERE created_at >= ?1 AND created_at < ?2"
    " GROUP BY 1",
    "SELECT lead_unit_id, COUNT(*) FROM orders WHERE created_at >= ?1 AND created_at < ?2"
    " GROUP BY 1",
};
constexpr std::string_view kNaiveCallbacks =
    "SELECT o.lead_unit_id, COUNT(*), SUM(json_extract(e.payload, '$.resolved')),"
    " SUM(json_extract(e.payload, '$.satisfaction') IN ('satisfied', 'basically_satisfied'))"
    " FROM order_events e JOIN orders o ON o.id = e.order_id"
    " WHERE e.action = 'callback' AND e.at >= ?1 AND e.at < ?2"
    " AND json_extract(e.payload, '$.reached') GROUP BY 1";
constexpr std::string_view kNaiveReplies =
    "SELECT unit_id, COUNT(*) FROM order_events WHERE action = 'reply' AND at >= ?1 AND at < ?2"
    " GROUP BY 1";

// Runs the statements over `p`; returns the sum of the first column's counts
// of the first statement (orders received) for a cross-check.
Result<std::int64_t> RunNaive(sqlite::Connection& db, std::span<const std::string_view> sqls,
                              const Period& p) {
  std::int64_t first_total = -1;
  for (std::string_view sql : sqls) {
    auto stmt = db.Prepare(sql);
    if (!stmt) return Fail(stmt.error());
    stmt->BindAll(p.from_ms, p.to_ms);
    std::int64_t total = 0;
    while (true) {
      auto row = stmt->Step();
      if (!row) return Fail(row.error());
      if (!*row) break;
      total += stmt->Int(1);
    }
    if (first_total < 0) first_total = total;
  }
  return first_total;
}

template <typename F>
Result<std::vector<double>> Time(int repeat, F&& f) {
  std::vector<double> ms;
  for (int i = 0; i < repeat; ++i) {
    const auto t0 = SteadyClock::now();
    if (auto r = f(); !r) return Fail(r.error());
    ms.push_back(Millis(SteadyClock::now() - t0).count());
  }
  return ms;
}

// ---------------------------------------------------------------- server RSS

int FreePort() {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof(addr);
  int port = 0;
  if (fd >= 0 && bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) == 0 &&
      getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) == 0)
    port = ntohs(addr.sin_port);
  if (fd >= 0) close(fd);
  return port;
}

std::int64_t StatusKb(pid_t pid, std::string_view field) {
  std::ifstream in(fmt::format("/proc/{}/status", pid));
  std::string line;
  while (std::getline(in, line))
    if (line.starts_with(field)) return std::atoll(line.c_str() + field.size() + 1);
  return -1;
}

struct ServerMeasure {
  std::int64_t hwm_kb = -1, rss_kb = -1, start_hwm_kb = -1;
  double start_s = 0;
  Stats month, year;
  int failures = 0;
};

Result<ServerMeasure> MeasureServer(const std::string& hotline, const std::string& db,
                                    const std::filesystem::path& dir, const Period& month,
                                    const Period& year, int repeat) {
  ServerMeasure m;
  const int port = FreePort();
  if (port == 0) return Fail(ErrorKind::kInternal, "no_port", "没有空闲端口");
  const std::string listen = fmt::format("127.0.0.1:{}", port);
  const std::string log = (dir / "metrics-server.log").string();
  const auto t0 = SteadyClock::now();
  const pid_t pid = fork();
  if (pid < 0) return Fail(ErrorKind::kInternal, "fork_failed", "无法启动服务进程");
  if (pid == 0) {
    if (!freopen(log.c_str(), "w", stderr) || !freopen("/dev/null", "w", stdout)) _exit(126);
    execl(hotline.c_str(), hotline.c_str(), "serve", "--db", db.c_str(), "--listen", listen.c_str(),
          static_cast<char*>(nullptr));
    _exit(127);
  }
  auto stop = [&] {
    kill(pid, SIGTERM);
    int status = 0;
    for (int i = 0; i < 100; ++i) {
      if (waitpid(pid, &status, WNOHANG) == pid) return;
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    kill(pid, SIGKILL);
    waitpid(pid, &status, 0);
  };
  BenchClient client(fmt::format("http://{}", listen));
  bool up = false;
  // A server built with another definition of the figures rebuilds every
  // rollup from the event log before it listens: allow for that.
  for (int i = 0; i < 9000 && !up; ++i) {  // up to 15 minutes
    up = client.Get("/healthz").status == 200;
    if (!up) {
      int status = 0;
      if (waitpid(pid, &status, WNOHANG) == pid)
        return Fail(ErrorKind::kInternal, "server_died", fmt::format("服务进程退出，见 {}", log));
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
  }
  m.start_s = Seconds(SteadyClock::now() - t0).count();
  if (!up) {
    stop();
    return Fail(ErrorKind::kInternal, "server_not_ready", fmt::format("服务未就绪，见 {}", log));
  }
  m.start_hwm_kb = StatusKb(pid, "VmHWM:");
  const std::string token = client.Login("leader1", kPassword);
  if (token.empty()) {
    stop();
    return Fail(ErrorKind::kInternal, "login_failed", "登录失败");
  }
  auto hit = [&](const Period& p) {
    std::vector<double> ms;
    for (int i = 0; i < repeat; ++i)
      for (std::string_view g : {"all", "unit", "street", "category", "channel"}) {
        const auto t = SteadyClock::now();
        auto r = client.Get(
            fmt::format("/api/v1/metrics?group_by={}&from={}&to={}", g, p.from, p.to), token);
        ms.push_back(Millis(SteadyClock::now() - t).count());
        if (r.status != 200) ++m.failures;
      }
    return Summarise(ms);
  };
  m.month = hit(month);
  m.year = hit(year);
  m.hwm_kb = StatusKb(pid, "VmHWM:");
  m.rss_kb = StatusKb(pid, "VmRSS:");
  stop();
  return m;
}

std::string SiblingBinary(std::string_view name) {
  std::error_code ec;
  const auto self = std::filesystem::read_symlink("/proc/self/exe", ec);
  return ec ? std::string(name) : (self.parent_path() / name).string();
}

}  // namespace

int RunMetrics(int argc, char** argv) {
  CLI::App app{"figures at scale: bulk orders, monthly report, yearly ranking (issue 5)"};
  std::int64_t order_count = 1'000'000;
  int repeat = 20;
  int naive_repeat = 1;
  std::string parent = std::filesystem::temp_directory_path().string();
  std::string db_path;
  std::string hotline = SiblingBinary("hotline");
  bool keep = false;
  bool skip_server = false;
  app.add_option("--orders", order_count, "orders to generate")
      ->check(CLI::Range(std::int64_t{1000}, std::int64_t{100'000'000}));
  app.add_option("--repeat", repeat, "measured runs of each rollup read")
      ->check(CLI::Range(1, 1000));
  app.add_option("--naive-repeat", naive_repeat, "runs of the naive GROUP BY")
      ->check(CLI::Range(1, 20));
  app.add_option("--dir", parent, "where to create the database")->check(CLI::ExistingDirectory);
  app.add_option("--db", db_path,
                 "database file: reused without generating when it exists, kept afterwards");
  app.add_option("--hotline", hotline, "the hotline binary for the RSS measurement");
  app.add_flag("--keep", keep, "keep the generated database");
  app.add_flag("--no-server", skip_server, "skip the server RSS measurement");
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  }

  std::filesystem::path dir;
  if (db_path.empty()) {
    std::string pattern = (std::filesystem::path(parent) / "hotline-metrics.XXXXXX").string();
    if (::mkdtemp(pattern.data()) == nullptr) {
      fmt::print(stderr, "metrics: cannot create a directory in {}\n", parent);
      return 1;
    }
    dir = pattern;
    db_path = (dir / "metrics.db").string();
  } else {
    keep = true;
    dir = std::filesystem::absolute(db_path).parent_path();
  }
  struct Cleanup {
    std::filesystem::path dir;
    bool keep;
    std::string db;
    ~Cleanup() {
      std::error_code ignored;
      if (keep) return;
      for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(db + suffix, ignored);
      std::filesystem::remove(dir / "metrics-server.log", ignored);
      std::filesystem::remove(dir, ignored);
    }
  } cleanup{dir, keep, db_path};

  // The history ends now (minute precision), as if the district had been
  // running for two years; the measured month and year are the last full ones.
  const SystemClock wall;
  const Instant end = std::chrono::floor<minutes>(wall.Now());
  const std::chrono::year_month_day today{ChinaDay(end)};
  const std::chrono::year_month this_month{today.year(), today.month()};
  const auto last_month = this_month - std::chrono::months(1);
  const Period month = MakePeriod(last_month / 1, last_month / std::chrono::last);
  const auto last_year = today.year() - std::chrono::years(1);
  const Period year = MakePeriod(last_year / 1 / 1, last_year / 12 / 31);

  const bool reuse = std::filesystem::exists(db_path);
  Generated g;
  if (!reuse) {
    fmt::print("== generating {} orders over the {} days before {} into {}\n", Grouped(order_count),
               kSpanDays, FormatRfc3339(end), db_path);
    auto store = OpenSqliteStore({.path = db_path, .synchronous = "off"});
    if (!store) return Failed("opening the store", store.error());
    if (auto r = RebuildMetricsIfStale(**store); !r)
      return Failed("marking the rollups", r.error());
    Directory directory(**store);
    DemoOptions demo;
    demo.password = std::string(kPassword);
    demo.orders = 0;
    auto seeded = SeedDemo(**store, directory, demo);
    if (!seeded) return Failed("seeding the demo district", seeded.error());
    auto ref = LoadReference(**store);
    if (!ref) return Failed("reading the reference data", ref.error());
    store->reset();  // the generator needs the file to itself
    fmt::print("{} units ({} departments, {} streets), {} leaf categories\n", seeded->units,
               ref->departments.size(), ref->streets.size(), ref->leaves.size());
    auto generated = Generate(db_path, *ref, directory, end, order_count);
    if (!generated) return Failed("generating", generated.error());
    g = *generated;
    std::error_code ec;
    const auto size = std::filesystem::file_size(db_path, ec);
    fmt::print(
        "generated {} orders, {} events in {:.1f} s: {} orders/s, {} events/s; {} rollup rows "
        "in {:.1f} s; database {:.2f} GB\n",
        Grouped(g.orders), Grouped(g.events), g.seconds,
        Grouped(static_cast<std::int64_t>(g.orders / g.seconds)),
        Grouped(static_cast<std::int64_t>(g.events / g.seconds)), Grouped(g.rollup_rows),
        g.rollup_seconds, ec ? 0.0 : size / 1e9);
    fmt::print("the inserting thread was busy {:.1f} s of {:.1f} s\n", g.insert_seconds, g.seconds);
    std::string mix;
    for (const auto& [state, n] : g.states)
      mix += fmt::format(" {} {:.1f}%", StateCode(state), 100.0 * n / g.orders);
    fmt::print("final states:{}\n", mix);
  } else {
    fmt::print("== reusing {}\n", db_path);
  }

  auto store = OpenSqliteStore({.path = db_path});
  if (!store) return Failed("reopening the store", store.error());
  auto raw = sqlite::Connection::Open(db_path, {.read_only = true});
  if (!raw) return Failed("opening a read connection", raw.error());

  fmt::print("\n== monthly report {}..{}: QueryRollup(all, unit, street, category, channel)\n",
             month.from, month.to);
  std::int64_t month_rows = 0;
  auto month_ms = Time(repeat, [&]() -> Result<void> {
    auto r = MonthlyReport(**store, month);
    if (!r) return Fail(r.error());
    month_rows = *r;
    return {};
  });
  if (!month_ms) return Failed("the monthly report", month_ms.error());
  const Stats ms = Summarise(*month_ms);
  fmt::print("{} rows; first {:.2f} ms, p50 {:.2f} ms, p99 {:.2f} ms\n", month_rows, ms.first,
             ms.p50, ms.p99);

  fmt::print(
      "\n== yearly unit ranking {}..{}: QueryRollup(unit) + Rank per unit group (scoring.h) + "
      "红黑榜\n",
      year.from, year.to);
  std::int64_t ranked = 0;
  auto year_ms = Time(repeat, [&]() -> Result<void> {
    auto r = YearlyRanking(**store, year);
    if (!r) return Fail(r.error());
    ranked = *r;
    return {};
  });
  if (!year_ms) return Failed("the yearly ranking", year_ms.error());
  const Stats ys = Summarise(*year_ms);
  fmt::print("{} units ranked; first {:.2f} ms, p50 {:.2f} ms, p99 {:.2f} ms\n", ranked, ys.first,
             ys.p50, ys.p99);

  fmt::print("\n== naive GROUP BY over orders and order_events (same periods)\n");
  std::vector<std::string_view> month_sql(std::begin(kNaiveReceived), std::end(kNaiveReceived));
  month_sql.push_back(kNaiveCallbacks);
  std::vector<std::string_view> year_sql{kNaiveReceived[3], kNaiveCallbacks, kNaiveReplies};
  std::int64_t naive_received = 0;
  auto naive_month = Time(naive_repeat, [&]() -> Result<void> {
    auto r = RunNaive(**raw, month_sql, month);
    if (!r) return Fail(r.error());
    naive_received = *r;
    return {};
  });
  if (!naive_month) return Failed("the naive monthly GROUP BY", naive_month.error());
  auto naive_year = Time(naive_repeat, [&]() -> Result<void> {
    auto r = RunNaive(**raw, year_sql, year);
    if (!r) return Fail(r.error());
    return {};
  });
  if (!naive_year) return Failed("the naive yearly GROUP BY", naive_year.error());
  const Stats nm = Summarise(*naive_month), ny = Summarise(*naive_year);
  auto all = (*store)->QueryRollup("all", month.from_day, month.to_day);
  const std::int64_t rollup_received =
      all && !all->empty() ? CountOf(all->front().counts, Measure::kReceived) : -1;
  fmt::print(
      "month: {:.0f} ms (rollups {:.2f} ms, {:.0f}x); year per unit: {:.0f} ms (rollups "
      "{:.2f} ms, {:.0f}x)\n",
      nm.p50, ms.p50, nm.p50 / std::max(ms.p50, 1e-3), ny.p50, ys.p50,
      ny.p50 / std::max(ys.p50, 1e-3));
  fmt::print("orders received in the month: rollups {}, base tables {} ({})\n",
             Grouped(rollup_received), Grouped(naive_received),
             rollup_received == naive_received ? "equal" : "DIFFERENT");
  {  // the statement must end before its connection
    auto version = (*raw)->Prepare("SELECT value FROM metric_meta WHERE name = 'facts_version'");
    auto row = version ? version->Step() : Result<bool>(false);
    if (row && *row && version->Int(0) != kMetricFactsVersion)
      fmt::print(
          "WARNING: the rollups follow definition {}, this build {}: the server will "
          "rebuild them first\n",
          version->Int(0), kMetricFactsVersion);
  }
  raw->reset();
  store->reset();

  ServerMeasure server;
  if (!skip_server) {
    fmt::print(
        "\n== hotline serve on this database: GET /api/v1/metrics (month and year, {} "
        "groupings x {})\n",
        std::size(kMonthDims), repeat);
    auto measured = MeasureServer(hotline, db_path, dir, month, year, repeat);
    if (measured) {
      server = *measured;
    } else {  // the figures above still count: report them
      Failed("the server measurement", measured.error());
      server.failures = -1;
    }
    if (server.failures >= 0)
      fmt::print(
          "ready in {:.1f} s (VmHWM {} MB); month p50 {:.1f} ms p99 {:.1f} ms; year p50 {:.1f} ms "
          "p99 {:.1f} ms; {} failed; peak RSS (VmHWM) {} MB, RSS now {} MB\n",
          server.start_s, server.start_hwm_kb / 1024, server.month.p50, server.month.p99,
          server.year.p50, server.year.p99, server.failures, server.hwm_kb / 1024,
          server.rss_kb / 1024);
  }

  std::error_code ec;
  const auto size = std::filesystem::file_size(db_path, ec);
  fmt::print(
      "\nmetric_orders={} metric_events={} metric_gen_s={:.1f} metric_gen_orders_per_s={:.0f} "
      "metric_gen_events_per_s={:.0f} metric_refused={} metric_db_mb={} metric_month_p50_ms={:.2f} "
      "metric_month_p99_ms={:.2f} metric_year_p50_ms={:.2f} metric_year_p99_ms={:.2f} "
      "metric_naive_month_ms={:.0f} metric_naive_year_ms={:.0f} metric_counts_equal={}",
      g.orders, g.events, g.seconds, g.seconds > 0 ? g.orders / g.seconds : 0,
      g.seconds > 0 ? g.events / g.seconds : 0, g.refused, ec ? 0 : size >> 20, ms.p50, ms.p99,
      ys.p50, ys.p99, nm.p50, ny.p50, rollup_received == naive_received ? 1 : 0);
  if (!skip_server)
    fmt::print(
        " metric_http_month_p50_ms={:.1f} metric_http_year_p50_ms={:.1f} metric_server_hwm_mb={} "
        "metric_server_failures={}",
        server.month.p50, server.year.p50, server.hwm_kb / 1024, server.failures);
  fmt::print("\n");
  return server.failures == 0 && rollup_received == naive_received ? 0 : 2;
}

}  // namespace hotline::bench
