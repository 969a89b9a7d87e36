// The `metrics` bench's bulk generator of order histories: the demo
// district's reference data, and the Generator that decides each order's
// life with the real domain (DecideIntake, Decide, and DecideAlarms at the
// instants the scheduler would have raised them), folds it with Apply and
// sums FactsOf into in-memory rollup counters.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <random>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "calendar/business_calendar.h"
#include "metrics_batch.h"
#include "service/directory.h"
#include "storage/store.h"
#include "workorder/lifecycle.h"
#include "workorder/metric_facts.h"

namespace hotline::bench::metrics {

constexpr int kSpanDays = 730;  // orders spread over two years before `end`

// The seeded district the histories are decided against.
struct Reference {
  std::vector<Unit> departments, streets;
  std::vector<Category> leaves;
  Actor agent, dispatcher, reviewer, callback;
  Actor system{0, "system", Role::kSupervisor, 0};
  std::map<UnitId, Actor> handlers;  // by unit
};

// Reads the seeded demo district: units, leaf categories and the accounts
// that act on the orders.
Result<Reference> LoadReference(Store& store);

// Counters summed in memory by (dim, day, key). The key of a slot packs the
// dimension's index in kMetricDimensions, the day and an interned key string,
// so that summing a fact allocates nothing.
struct RollupSlot {
  std::string_view dim;
  std::int32_t day = 0;
  std::string key;
  MeasureCounts counts{};
};

// Decides `count` orders created over the kSpanDays before `end` from one
// seeded random generator. Not thread safe: Run on one thread, then read
// the accessors once Run has returned (the queue is closed).
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
  void Run(BatchQueue& queue);

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
    return t + std::chrono::minutes(Int(lo_minutes, hi_minutes)) + std::chrono::seconds(Int(0, 59));
  }
  // A moment to finish a step started at `from`: within its deadline, or
  // (`late`) some time after it.
  Instant Finish(Instant from, const std::optional<StepDeadline>& step, bool late, int lo_minutes,
                 int hi_minutes);

  DecisionContext Ctx(Instant now) const {
    return DecisionContext{*units_, *categories_, rules_, now, &calendar_, sla_.get()};
  }

  // Folds `e` into the order and sums its figures.
  void Record(const Event& e);

  // Raises what the deadline scheduler would have raised up to `t`.
  void AlarmsUntil(Instant t);

  // Takes one action at `at` unless that is after the end of the history;
  // false when the order stops here.
  bool Step(Instant at, const Actor& actor, Action action, const Command& cmd);

  const Actor& Handler(UnitId unit) const {
    auto it = ref_.handlers.find(unit);
    return it == ref_.handlers.end() ? ref_.dispatcher : it->second;
  }

  ReplyCommand Reply(Instant at);

  CallbackCommand Rating(bool allow_failure);

  // Sign → (extension) → reply → review (sometimes rejected once) → approved.
  // False when the history ends on the way.
  bool HandleToApproved(UnitId lead);

  // Callbacks until the order closes or fails; true when it failed.
  bool CallBack(bool allow_failure);

  void Live(UnitId street, const Category& leaf);

  template <typename T>
  const T& Pick2(const std::vector<T>& items) {
    return items[Int(0, static_cast<int>(items.size()) - 1)];
  }

  BuiltOrder Build(std::int64_t id, Instant created);

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

}  // namespace hotline::bench::metrics
