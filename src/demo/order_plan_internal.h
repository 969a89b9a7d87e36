// Internals of the demo's order planner (order_plan.h), shared by its source
// files: the outcomes an order can be planned towards, the seeded random
// source, and OrderStepBuilder, which writes one order's back-dated action
// sequence. order_plan.cpp picks outcomes and intakes; order_plan_steps.cpp
// holds the plain lifecycle steps; order_plan_collaboration.cpp the ways units
// work together. Not for use outside src/demo/order_plan*.cpp.
// Thread safety: none needed; a plan is built on one thread.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <random>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "demo/order_plan.h"
#include "demo/text_templates.h"

namespace hotline::demo::plan_internal {

// The demo users who act for the platform.
inline constexpr std::string_view kDispatcher = "dispatcher1";
inline constexpr std::string_view kReviewer = "reviewer1";
inline constexpr std::string_view kCallback = "callback1";

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
  // Working together.
  kWhistleClosed,            // a street's whistle, report-ins, a meeting, ratings; then closed
  kWhistleOpen,              // a whistle still being worked on
  kGuidanceAnswered,         // a street asked a department for guidance; then closed
  kGuidancePending,          // ... and is still waiting for the answer
  kDisputeSettled,           // 派单异议 after the return window, settled by 平台协调
  kCoordinatedAfterReturns,  // returned max_returns times, then routed by 平台协调
};

// The plan's only source of chance: one generator seeded once, so a seed
// always yields the same district. Copyable, so a draw sequence can be replayed.
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

// Minutes since midnight, China time.
int MinuteOfDay(Instant t);

// `t` moved into office hours (08:00-21:00 China time) if it falls outside.
Instant OfficeHours(Instant t, Rng& rng);

// Builds one order's action sequence, advancing its own clock.
class OrderStepBuilder {
 public:
  OrderStepBuilder(PlannedOrder& order, Rng& rng, const PlanInputs& in, const Scenario& sc,
                   Instant start, std::string lead, std::vector<std::string> assists,
                   std::map<std::string, std::string> vars, bool force_late_report)
      : order_(order),
        rng_(rng),
        in_(in),
        sc_(sc),
        t_(start),
        lead_(std::move(lead)),
        assists_(std::move(assists)),
        vars_(std::move(vars)),
        force_late_report_(force_late_report) {}

  // Appends the steps that take the order to `outcome`.
  void Run(Outcome outcome);

 private:
  // How a street that leads the order works with departments while handling it.
  enum class Together { kMaybe, kWhistle, kGuidance };
  enum class WhistleEnd { kOpen, kClosed };
  enum class GuidanceReply { kOnTime, kLate, kPending };
  enum class Settlement { kUpheld, kOverruled, kAfterReturns };
  enum class Verdict { kUnreached, kSatisfied, kBasically, kDissatisfied };

  // A summoned department's report-in.
  struct Arrival {
    Instant at;
    std::string_view form;  // "D05"
    bool late = false;
  };

  // --- Plain lifecycle steps (order_plan_steps.cpp) ----------------------
  void DirectAnswer();
  void Close();
  void Dispatch(const std::string& unit, const std::vector<std::string>& assists);
  void Reassign(const std::string& unit, const std::vector<std::string>& assists);
  void Sign(const std::string& unit);
  void AssistReplies(bool all);
  void Extend();
  void ReviewExtension();
  void Reply();
  void ReviewReply(bool approve);
  void Callback(Verdict v);
  std::optional<DissatisfiedReason> DemoReason();  // a 不满意 callback's reason, or none
  void Reopen();
  void Return(const std::string& wrong);
  void ReviewReturn(bool to_coordination = false);
  void RejectAcceptance();
  void ReviewRejection();
  void HandleToApproved(Together together = Together::kMaybe);
  void FinishHandling(Together together = Together::kMaybe);
  void Rated();

  // --- Working together (order_plan_collaboration.cpp) -------------------
  bool StreetLed() const { return in_.units.at(lead_).kind == UnitKind::kStreet; }
  bool CanWhistle() const {
    return StreetLed() && !sc_.summon.empty() && in_.rules.max_summoned_units > 0;
  }
  bool CanAskGuidance() const { return StreetLed() && !sc_.guidance_unit.empty(); }
  void WorkTogether(Together how);
  void BlowWhistle(WhistleEnd end);
  RateWhistleCommand RateWhistle(int whistle_id);
  WhistleWorkCommand WorkOf(int whistle_id, std::string_view form);
  void Meeting(int whistle_id, const std::vector<Arrival>& arrivals,
               const std::map<std::string, std::string>& v);
  void AskGuidance(GuidanceReply reply);
  void Dispute(const std::string& unit, const std::string& proposed);
  void Provisional(const std::string& unit);
  void Coordinate(Settlement kind, const std::string& other);
  void DisputeSettled(const std::string& wrong);
  std::vector<std::string> WrongUnits(const std::string& first, int count) const;
  std::map<std::string, std::string> DepartmentVars(std::string_view form);

  // --- Helpers (order_plan_steps.cpp) ------------------------------------
  const Phrases& ph() const { return DemoPhrases(); }
  int Urgent(int urgent, int normal) const { return sc_.urgent ? urgent : normal; }
  std::string Text(std::span<const std::string_view> pool) { return std::string(rng_.Pick(pool)); }
  UnitId Id(const std::string& code) const { return in_.units.at(code).id; }
  std::string Name(const std::string& code) const { return in_.units.at(code).name; }
  std::string Code(std::string_view form) const { return vars_.at(std::string(form)); }
  RouteCommand Route(const std::string& unit, const std::vector<std::string>& assists);
  void Advance(int lo, int hi, bool office);
  void Push(std::string_view user, Action action, Command cmd, int lo, int hi, bool office = true);
  void PushAt(Instant at, std::string_view user, Action action, Command cmd);
  Instant DueAfter(Instant start, Allowance allowance, std::chrono::minutes without_calendar) const;

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
  bool force_late_report_ = false;  // the next whistle's first department reports in late
  Instant dispatched_at_{};
  int whistles_ = 0;  // whistles blown so far: the next one's id is one more
  int guidance_ = 0;  // guidance requests so far, likewise
};

}  // namespace hotline::demo::plan_internal
