// The daily rollups on a real SQLite file after random legal histories:
// every figure QueryRollup returns must equal (a) the sum of FactsOf over a
// replay of every order's stored events, and (b) for the channel figures and
// the units' 吹哨报到 figures, a plain count from the orders and events
// themselves. Also the rebuild from
// the log: forced, on a stale definition, and not on a current one.
#include "service/event_recorder.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <memory>
#include <random>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include "common/time_format.h"
#include "service/deadline_scheduler.h"
#include "service/order_service.h"
#include "service/small_district_test_fixture.h"

namespace hotline {
namespace {

using Rollup = std::map<std::string, MeasureCounts>;  // key → counters

// yyyymmdd of the China date (UTC+8, no DST), computed with <chrono> alone so
// the independent counts do not share ChinaDayNumber with the code under test.
std::int32_t ChinaDate(Instant t) {
  const auto local = std::chrono::floor<std::chrono::days>(t + std::chrono::hours(8));
  const std::chrono::year_month_day ymd{local};
  return static_cast<int>(ymd.year()) * 10000 + static_cast<int>(unsigned(ymd.month())) * 100 +
         static_cast<int>(unsigned(ymd.day()));
}

// The instant a China date (yyyymmdd) begins.
Instant LocalMidnight(std::int32_t day) {
  const std::chrono::year_month_day ymd{std::chrono::year(day / 10000),
                                        std::chrono::month(unsigned(day / 100 % 100)),
                                        std::chrono::day(unsigned(day % 100))};
  return Instant(std::chrono::sys_days(ymd)) - std::chrono::hours(8);
}

std::int64_t& At(MeasureCounts& c, Measure m) { return c[static_cast<int>(m)]; }

class EventRecorderTest : public SmallDistrictTest {
 protected:
  EventRecorderTest() : SmallDistrictTest("2026-11-23T08:00:00+08:00") {}

  void SetUp() override {
    SmallDistrictTest::SetUp();
    if (HasFatalFailure()) return;
    streets_ = {street_, other_street_};
    categories_ = {leaf_};
    // Two departments, a community and a second category leaf.
    auto more = store_->Write([&](WriteTxn& t) -> Result<void> {
      for (const char* name : {"区市场监管局", "区城管局"}) {
        auto d = t.InsertUnit({0, name, name, UnitKind::kDepartment, platform_});
        if (!d) return Fail(d.error());
        departments_.push_back(*d);
      }
      auto c = t.InsertUnit({0, "S1C1", "某社区", UnitKind::kCommunity, streets_[0]});
      if (!c) return Fail(c.error());
      community_ = *c;
      auto l1 = t.InsertCategory({0, "02", "市场监管", 1, std::nullopt, std::nullopt});
      if (!l1) return Fail(l1.error());
      auto l2 = t.InsertCategory({0, "02.01", "食品安全", 2, *l1, std::nullopt});
      if (!l2) return Fail(l2.error());
      auto l3 = t.InsertCategory({0, "02.01.001", "无证经营", 3, *l2, std::nullopt});
      if (!l3) return Fail(l3.error());
      categories_.push_back(*l3);
      return {};
    });
    ASSERT_TRUE(more) << more.error().message;
    handling_units_ = {streets_[0], streets_[1], community_, departments_[0], departments_[1]};
    ASSERT_TRUE(directory_->Reload());  // the units and categories added here
    SchedulerOptions options;
    options.holder = "test";
    scheduler_ =
        std::make_unique<DeadlineScheduler>(*store_, *directory_, clock_, WorkflowRules{}, options);
    // A fresh database follows no definition yet: the first check settles it.
    auto first = RebuildMetricsIfStale(*store_);
    ASSERT_TRUE(first) << first.error().message;
    EXPECT_EQ(*first, 0);
  }

  void TearDown() override {
    scheduler_.reset();
    SmallDistrictTest::TearDown();
  }

  template <typename T>
  const T& Pick(const std::vector<T>& v) {
    return v[std::uniform_int_distribution<std::size_t>(0, v.size() - 1)(rng_)];
  }
  bool Chance(double p) { return std::bernoulli_distribution(p)(rng_); }

  IntakeCommand RandomIntake() {
    IntakeCommand c;
    c.channel = Pick(std::vector<Channel>{Channel::kPhone, Channel::kWeb, Channel::kApp,
                                          Channel::kOpen311, Channel::kUpstream});
    c.caller_phone = "13800000000";
    c.enterprise = Chance(0.3);
    c.demand_type = Pick(std::vector<DemandType>{DemandType::kConsultation, DemandType::kHelp,
                                                 DemandType::kComplaint, DemandType::kReport});
    c.category_id = Pick(categories_);
    if (Chance(0.8)) c.street_unit_id = Pick(streets_);
    c.urgency = Chance(0.15) ? Urgency::kUrgent : Urgency::kNormal;
    c.title = "随机诉求";
    c.content = "属性测试生成的诉求";
    return c;
  }

  UnitId OtherUnit(std::optional<UnitId> than) {
    UnitId u = Pick(handling_units_);
    while (than && u == *than) u = Pick(handling_units_);
    return u;
  }

  std::vector<UnitId> Assists(UnitId lead) {
    if (!Chance(0.3)) return {};
    return {OtherUnit(lead)};
  }

  // A command for `action` by `actor` on `o` with random (mostly valid) fields.
  std::optional<Command> RandomCommand(const WorkOrder& o, Action action, const Actor& actor) {
    const bool approve = Chance(action == Action::kReviewReply ? 0.85 : 0.6);
    const std::string review_note = approve ? "" : "不同意";
    switch (action) {
      case Action::kDirectAnswer:
        return DirectAnswerCommand{"已直接答复"};
      case Action::kDispatch:
      case Action::kReassign: {
        const UnitId lead = OtherUnit(action == Action::kReassign ? o.lead_unit_id : std::nullopt);
        return RouteCommand{lead, Assists(lead), ""};
      }
      case Action::kSign:
        return SignCommand{};
      case Action::kReturn:
        return ReturnCommand{"other", "不属本单位办理", "", "", std::nullopt};
      case Action::kReviewReturn:
      case Action::kReviewExtension:
      case Action::kReviewRejection:
      case Action::kReviewReply:
        return ReviewCommand{approve, review_note};
      case Action::kExtend:
        return ExtendCommand{std::uniform_int_distribution<int>(1, 5)(rng_), "需协调"};
      case Action::kRejectAcceptance:
        return RejectAcceptanceCommand{"不属行政管理事项", ""};
      case Action::kAssistReply:
        return AssistReplyCommand{"协办意见"};
      case Action::kReply:
        return ReplyCommand{"到场处置，责令商户清理占道物品",
                            "商户已清理完毕",
                            "通道恢复畅通",
                            "phone",
                            clock_.Now(),
                            ""};
      case Action::kCallback: {
        if (Chance(0.25)) return CallbackCommand{false, std::nullopt, std::nullopt, "未接通"};
        const auto s = Pick(std::vector<Satisfaction>{
            Satisfaction::kSatisfied, Satisfaction::kSatisfied, Satisfaction::kBasicallySatisfied,
            Satisfaction::kDissatisfied});
        return CallbackCommand{true, Chance(0.8), s, ""};
      }
      case Action::kReopen: {
        std::optional<UnitId> lead;
        const int r = std::uniform_int_distribution<int>(0, 2)(rng_);
        if (r == 1) lead = o.lead_unit_id;
        if (r == 2) lead = OtherUnit(o.lead_unit_id);
        return ReopenCommand{"重办", lead};
      }
      case Action::kMerge: {
        if (order_ids_.size() < 2) return std::nullopt;
        OrderId into = Pick(order_ids_);
        while (into == o.id) into = Pick(order_ids_);
        return MergeCommand{into, "同一诉求"};
      }
      case Action::kClose:
        return CloseCommand{"结案"};
      case Action::kDispute:
        return DisputeCommand{OtherUnit(o.lead_unit_id), "权责清单", ""};
      case Action::kProvisional:
        return ProvisionalCommand{OtherUnit(std::nullopt), "先行处置"};
      case Action::kCoordinate: {
        const UnitId lead =
            Chance(0.5) && o.lead_unit_id ? *o.lead_unit_id : OtherUnit(o.lead_unit_id);
        return CoordinateCommand{lead, {}, "协调定责", "属地管理"};
      }
      case Action::kWhistle: {
        std::vector<UnitId> summoned = {Pick(departments_)};
        if (Chance(0.5)) summoned = departments_;
        return WhistleCommand{"联合处置", "街道无执法权", summoned};
      }
      case Action::kReportIn:
        for (const Whistle& w : o.collab.whistles)
          for (const Summons& s : w.summons)
            if (w.state == "open" && s.unit_id == actor.unit_id && !s.reported_at)
              return ReportInCommand{w.id, "派员到场"};
        return std::nullopt;
      case Action::kCloseWhistle:
        for (const Whistle& w : o.collab.whistles) {
          const bool ours = w.street_unit_id == actor.unit_id ||
                            (actor.unit_id == community_ && w.street_unit_id == streets_[0]);
          if (w.state != "open" || !ours) continue;
          CloseWhistleCommand c{w.id, Chance(0.6), "联合处置完毕", {}};
          for (const Summons& s : w.summons)
            if (s.reported_at) c.ratings.push_back({s.unit_id, 4, ""});
          return c;
        }
        return std::nullopt;
      default:
        return std::nullopt;  // guidance and the rest of 吹哨报到 change no figure
    }
  }

  // How often an allowed action is taken relative to the others.
  static double Weight(Action action) {
    switch (action) {
      case Action::kDispatch:
      case Action::kSign:
      case Action::kReply:
      case Action::kReviewReply:
      case Action::kCallback:
        return 6;
      case Action::kReviewReturn:
      case Action::kReviewExtension:
      case Action::kReviewRejection:
      case Action::kReopen:
      case Action::kReturn:  // within the 2-hour return window: taken when offered
        return 3;
      case Action::kReportIn:
        return 3;
      case Action::kExtend:
      case Action::kReassign:
      case Action::kCoordinate:
      case Action::kAssistReply:
      case Action::kWhistle:
      case Action::kCloseWhistle:
        return 1;
      default:
        return 0.3;  // direct answers, closing, merging, disputes ...
    }
  }

  std::vector<Actor> Actors() {
    std::vector<Actor> actors;
    UserId id = 1;
    for (Role r : {Role::kAgent, Role::kDispatcher, Role::kReviewer, Role::kCallback})
      actors.push_back(Actor{id++, "p", r, platform_});
    for (UnitId u : handling_units_) actors.push_back(Actor{id++, "h", Role::kHandler, u});
    return actors;
  }

  // Drives `steps` random legal actions (and a scheduler pass every 7th
  // step) from Monday 2026-11-23 08:00 on.
  void DriveRandomHistory(unsigned seed, int steps) {
    rng_.seed(seed);
    clock_.Set(*ParseRfc3339("2026-11-23T08:00:00+08:00"));
    const std::vector<Actor> actors = Actors();
    int taken = 0;
    for (int step = 0; step < steps; ++step) {
      // Mostly minutes apart, now and then a day or two: steps on time and
      // late, and a history across several China days.
      clock_.Advance(
          Chance(0.08)
              ? std::chrono::minutes(std::uniform_int_distribution<int>(12 * 60, 48 * 60)(rng_))
              : std::chrono::minutes(std::uniform_int_distribution<int>(1, 60)(rng_)));
      if (step % 7 == 0) {
        ASSERT_TRUE(scheduler_->RunOnce());
      }
      if (order_ids_.empty() || Chance(0.1)) {
        auto created = orders_->Intake(actors[Chance(0.5) ? 0 : 1], RandomIntake(), "h");
        ASSERT_TRUE(created) << created.error().message;
        order_ids_.push_back(created->order.id);
        continue;
      }
      // An order with something to do (most are open), the actions weighted
      // so that orders mostly move forward to their callbacks.
      OrderId id = 0;
      std::optional<WorkOrder> order;
      std::vector<std::pair<Actor, Action>> choices;
      std::vector<double> weights;
      for (int attempt = 0; attempt < 5 && choices.empty(); ++attempt) {
        id = Pick(order_ids_);
        auto loaded = store_->GetOrder(id);
        ASSERT_TRUE(loaded && *loaded);
        order = std::move(**loaded);
        for (const Actor& a : actors) {
          if (!CanSee(*order, a, *directory_->Units())) continue;
          for (Action action : orders_->Allowed(a, *order)) {
            choices.emplace_back(a, action);
            weights.push_back(Weight(action));
          }
        }
      }
      if (choices.empty()) continue;
      const auto& [actor, action] =
          choices[std::discrete_distribution<std::size_t>(weights.begin(), weights.end())(rng_)];
      auto cmd = RandomCommand(*order, action, actor);
      if (!cmd) continue;
      // Refusals by a business rule (merge targets, unchanged reassignment)
      // change nothing; only an internal error would be a failure here.
      auto done = orders_->Act(actor, id, action, *cmd, std::nullopt);
      if (!done) {
        ASSERT_NE(done.error().kind, ErrorKind::kInternal) << done.error().message;
      } else {
        ++taken;
      }
    }
    ASSERT_TRUE(scheduler_->RunOnce());
    last_day_ = ChinaDate(clock_.Now());
    EXPECT_GT(taken, steps / 3) << "too few actions were legal to say much";
  }

  // Every fact of every stored event, by (dim, key, day): the log replayed.
  std::map<std::tuple<std::string, std::string, std::int32_t>, MeasureCounts> ReplayFacts() {
    std::map<std::tuple<std::string, std::string, std::int32_t>, MeasureCounts> out;
    for (OrderId id : order_ids_) {
      auto events = store_->GetEvents(id);
      EXPECT_TRUE(events);
      WorkOrder order;
      order.id = id;
      for (const Event& e : *events) {
        const WorkOrder before = order;
        Apply(order, e);
        for (const MetricFact& f : FactsOf(before, e, order))
          for (const RollupKey& k : RollupKeysOf(f)) {
            MeasureCounts& c = out[{k.dim, k.key, f.day}];
            for (int i = 0; i < kMeasureCount; ++i) c[i] += f.counts[i];
          }
      }
    }
    return out;
  }

  Rollup Query(std::string_view dim, std::int32_t from, std::int32_t to) {
    auto rows = store_->QueryRollup(dim, from, to);
    EXPECT_TRUE(rows) << rows.error().message;
    Rollup out;
    for (const RollupRow& r : *rows) {
      EXPECT_FALSE(out.contains(r.key)) << "key twice: " << r.key;
      out[r.key] = r.counts;
    }
    return out;
  }

  // Every dimension over the whole history.
  std::map<std::string, Rollup> Snapshot() {
    std::map<std::string, Rollup> out;
    for (std::string_view dim : kMetricDimensions)
      out[std::string(dim)] = Query(dim, first_day_, last_day_);
    return out;
  }

  // The day ranges compared: each day alone, the whole history, and a few
  // random spans.
  std::vector<std::pair<std::int32_t, std::int32_t>> Ranges() {
    std::vector<std::int32_t> days;
    for (std::int32_t d = first_day_; d <= last_day_;
         d = ChinaDate(LocalMidnight(d) + std::chrono::days(1)))
      days.push_back(d);
    std::vector<std::pair<std::int32_t, std::int32_t>> ranges;
    for (std::int32_t d : days) ranges.emplace_back(d, d);
    ranges.emplace_back(first_day_, last_day_);
    ranges.emplace_back(20200101, 20991231);
    for (int i = 0; i < 8; ++i) {
      std::int32_t a = Pick(days), b = Pick(days);
      ranges.emplace_back(std::min(a, b), std::max(a, b));
    }
    return ranges;
  }

  std::unique_ptr<DeadlineScheduler> scheduler_;
  std::mt19937 rng_;
  UnitId community_ = 0;
  std::vector<UnitId> streets_, departments_, handling_units_;
  std::vector<CategoryId> categories_;
  std::vector<OrderId> order_ids_;
  const std::int32_t first_day_ = 20261123;
  std::int32_t last_day_ = 20261123;
};

TEST_F(EventRecorderTest, RollupsEqualTheReplayedLogAfterRandomHistories) {
  ASSERT_NO_FATAL_FAILURE(DriveRandomHistory(20261123, 300));
  const auto facts = ReplayFacts();
  ASSERT_FALSE(facts.empty());
  for (const auto& [from, to] : Ranges()) {
    for (std::string_view dim : kMetricDimensions) {
      Rollup want;
      for (const auto& [k, counts] : facts) {
        const auto& [fdim, key, day] = k;
        if (fdim != dim || day < from || day > to) continue;
        MeasureCounts& c = want[key];
        for (int i = 0; i < kMeasureCount; ++i) c[i] += counts[i];
      }
      EXPECT_EQ(Query(dim, from, to), want) << dim << " " << from << ".." << to;
    }
  }
  // The whole history exercised every counter at least once.
  const Rollup all = Query("all", first_day_, last_day_);
  ASSERT_EQ(all.size(), 1u);
  for (int i = 0; i < kMeasureCount; ++i)
    EXPECT_GT(all.at("")[i], 0) << MeasureCode(static_cast<Measure>(i)) << " never counted";
}

TEST_F(EventRecorderTest, ChannelFiguresEqualPlainCountsFromTheOrdersAndEvents) {
  ASSERT_NO_FATAL_FAILURE(DriveRandomHistory(7, 300));
  // Per channel and China day, straight from the stored orders and events.
  std::map<std::pair<std::string, std::int32_t>, MeasureCounts> plain;
  MeasureCounts whole{};
  std::map<std::string, MeasureCounts> whistles_by_unit;  // 吹哨报到, by the unit charged
  for (OrderId id : order_ids_) {
    auto order = store_->GetOrder(id);
    ASSERT_TRUE(order && *order);
    const std::string channel(ChannelCode((*order)->channel));
    At(plain[{channel, ChinaDate((*order)->created_at)}], Measure::kReceived) += 1;
    auto events = store_->GetEvents(id);
    ASSERT_TRUE(events);
    State state = State::kPendingDispatch;
    std::map<int, UnitId> whistle_street;  // whistle id → its street
    for (const Event& e : *events) {
      const nlohmann::json& p = e.payload;
      if (e.action == Action::kWhistle) {
        whistle_street[p["whistle_id"].get<int>()] = p["street_unit_id"].get<UnitId>();
        At(whistles_by_unit[std::to_string(p["street_unit_id"].get<UnitId>())],
           Measure::kWhistles) += 1;
      }
      if (e.action == Action::kReportIn) {
        MeasureCounts& c = whistles_by_unit[std::to_string(p["unit_id"].get<UnitId>())];
        At(c, Measure::kReportIns) += 1;
        if (p.value("late", false)) At(c, Measure::kReportInsLate) += 1;
      }
      if (e.action == Action::kCloseWhistle && p.value("resolved", false))
        At(whistles_by_unit[std::to_string(whistle_street.at(p["whistle_id"].get<int>()))],
           Measure::kWhistlesResolved) += 1;
      if (e.action == Action::kReturn) At(whole, Measure::kReturned) += 1;
      if (e.action == Action::kOverdue) {
        const std::string step = e.payload.value("step", "");
        if (step == "sign" || step == "handle") At(whole, Measure::kOverdue) += 1;
      }
      if (e.state_after == State::kClosed && state != State::kClosed)
        At(whole, Measure::kClosed) += 1;
      state = e.state_after;
      if (e.action != Action::kCallback || !e.payload.value("reached", false)) continue;
      MeasureCounts& c = plain[{channel, ChinaDate(e.at)}];
      At(c, Measure::kRated) += 1;
      if (e.payload.value("resolved", false)) At(c, Measure::kResolved) += 1;
      const std::string s = e.payload.value("satisfaction", "");
      if (s == "satisfied") At(c, Measure::kSatisfied) += 1;
      if (s == "basically_satisfied") At(c, Measure::kBasicallySatisfied) += 1;
      if (s == "dissatisfied") At(c, Measure::kDissatisfied) += 1;
    }
  }
  const Measure kChecked[] = {Measure::kReceived,           Measure::kRated,
                              Measure::kResolved,           Measure::kSatisfied,
                              Measure::kBasicallySatisfied, Measure::kDissatisfied};
  for (const auto& [from, to] : Ranges()) {
    std::map<std::string, std::map<std::string, std::int64_t>> want, got;
    for (const auto& [k, counts] : plain) {
      if (k.second < from || k.second > to) continue;
      for (Measure m : kChecked)
        if (counts[static_cast<int>(m)] != 0)
          want[k.first][std::string(MeasureCode(m))] += counts[static_cast<int>(m)];
    }
    for (const auto& [key, counts] : Query("channel", from, to))
      for (Measure m : kChecked)
        if (counts[static_cast<int>(m)] != 0)
          got[key][std::string(MeasureCode(m))] = counts[static_cast<int>(m)];
    EXPECT_EQ(got, want) << from << ".." << to;
  }
  const MeasureCounts all = Query("all", first_day_, last_day_).at("");
  for (Measure m : {Measure::kReturned, Measure::kOverdue, Measure::kClosed})
    EXPECT_EQ(all[static_cast<int>(m)], whole[static_cast<int>(m)]) << MeasureCode(m);
  EXPECT_GT(At(whole, Measure::kOverdue), 0);

  // 吹哨报到 per unit over the whole history.
  const Measure kWhistleMeasures[] = {Measure::kWhistles, Measure::kReportIns,
                                      Measure::kReportInsLate, Measure::kWhistlesResolved};
  std::map<std::string, std::map<std::string, std::int64_t>> want, got;
  for (const auto& [unit, counts] : whistles_by_unit)
    for (Measure m : kWhistleMeasures)
      if (counts[static_cast<int>(m)] != 0)
        want[unit][std::string(MeasureCode(m))] = counts[static_cast<int>(m)];
  for (const auto& [unit, counts] : Query("unit", first_day_, last_day_))
    for (Measure m : kWhistleMeasures)
      if (counts[static_cast<int>(m)] != 0)
        got[unit][std::string(MeasureCode(m))] = counts[static_cast<int>(m)];
  EXPECT_EQ(got, want);
  for (Measure m : kWhistleMeasures) {
    std::int64_t total = 0;
    for (const auto& [unit, counts] : whistles_by_unit) total += counts[static_cast<int>(m)];
    EXPECT_GT(total, 0) << MeasureCode(m) << " never happened";
  }
}

TEST_F(EventRecorderTest, AForcedRebuildGivesIdenticalRollups) {
  ASSERT_NO_FATAL_FAILURE(DriveRandomHistory(42, 200));
  const auto before = Snapshot();
  auto rebuilt = RebuildMetricsIfStale(*store_, /*force=*/true);
  ASSERT_TRUE(rebuilt) << rebuilt.error().message;
  EXPECT_EQ(*rebuilt, static_cast<std::int64_t>(order_ids_.size()));
  EXPECT_EQ(Snapshot(), before);
}

TEST_F(EventRecorderTest, AStaleDefinitionRebuildsACurrentOneDoesNothing) {
  ASSERT_NO_FATAL_FAILURE(DriveRandomHistory(99, 200));
  const auto good = Snapshot();
  // A row no event explains, to see whether a rebuild happens.
  MetricFact stray;
  stray.day = first_day_;
  stray.category_id = categories_[0];
  At(stray.counts, Measure::kReceived) = 1000;
  auto corrupt = [&](int version) {
    auto w = store_->Write([&](WriteTxn& t) -> Result<void> {
      if (auto r = t.AddMetricFacts({stray}); !r) return r;
      return t.SetMetricFactsVersion(version);
    });
    ASSERT_TRUE(w) << w.error().message;
    ASSERT_NE(Snapshot(), good);
  };

  // Rollups of another definition: rebuilt from the log, the stray row gone.
  corrupt(kMetricFactsVersion + 1);
  auto rebuilt = RebuildMetricsIfStale(*store_);
  ASSERT_TRUE(rebuilt) << rebuilt.error().message;
  EXPECT_EQ(*rebuilt, static_cast<std::int64_t>(order_ids_.size()));
  EXPECT_EQ(Snapshot(), good);

  // A rebuild that was cut short (version 0) is redone.
  corrupt(0);
  rebuilt = RebuildMetricsIfStale(*store_);
  ASSERT_TRUE(rebuilt);
  EXPECT_EQ(*rebuilt, static_cast<std::int64_t>(order_ids_.size()));
  EXPECT_EQ(Snapshot(), good);

  // The current definition: nothing is replayed, so the stray row stays.
  corrupt(kMetricFactsVersion);
  const auto current = Snapshot();
  rebuilt = RebuildMetricsIfStale(*store_);
  ASSERT_TRUE(rebuilt);
  EXPECT_EQ(*rebuilt, 0);
  EXPECT_EQ(Snapshot(), current);
}

}  // namespace
}  // namespace hotline
