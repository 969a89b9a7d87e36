// Use cases on work orders: load, check scope, decide, persist, all in one
// write transaction per request. Thread-safe.
#pragma once

#include <optional>
#include <vector>

#include "common/clock.h"
#include "common/versioned_cache.h"
#include "service/directory.h"
#include "service/duplicate_finder.h"
#include "service/reply_quality_gate.h"
#include "storage/store.h"
#include "workorder/lifecycle.h"

namespace hotline {

struct IntakeOutcome {
  WorkOrder order;
  bool replayed = false;  // an earlier intake with the same key was returned
};

// An order as one actor may see it: with its log and next possible actions.
struct OrderView {
  std::shared_ptr<const OrderRecord> record;  // shared with the read cache; immutable
  std::vector<Action> allowed_actions;

  const WorkOrder& order() const { return record->order; }
};

// Listing parameters as a person states them; the service adds data scope.
struct OrderQuery {
  OrderFilter filter;
  std::optional<UnitId> unit_id;          // led or assisted by this unit or below it
  std::optional<CategoryId> category_id;  // this category or below it
  // "enterprise", "repeatedly_failed", "long_pending", "dissatisfied",
  // "due_soon", "overdue", "assisting", "whistle"
  std::vector<std::string> flags;
};

class OrderService {
 public:
  // The working-day calendar and SLA policy come from `directory`. Replies
  // are judged by `reply_quality` (docs/reply-quality.md).
  OrderService(Store& store, Directory& directory, const Clock& clock, WorkflowRules rules,
               ReplyQualityRules reply_quality = {})
      : store_(store),
        directory_(directory),
        clock_(clock),
        rules_(rules),
        reply_quality_(std::move(reply_quality)),
        records_(20000),
        duplicates_(store, directory, clock, rules_) {}

  // Records a new order, or returns the earlier one when the idempotency key
  // or upstream id was seen before with the same request (`request_hash`).
  // The same key with a different request is refused (422).
  Result<IntakeOutcome> Intake(const Actor& actor, const IntakeCommand& cmd,
                               std::string_view request_hash);

  // Takes one action. `expected_version`, when given, must match the order's
  // current version (409 otherwise). Returns the order after the action.
  Result<WorkOrder> Act(const Actor& actor, OrderId id, Action action, const Command& cmd,
                        std::optional<std::int64_t> expected_version);

  // The order with its events and allowed actions; kNotFound when it does not
  // exist or lies outside the actor's data scope. Served from a cache of
  // recently read orders after a one-row version check.
  Result<OrderView> Get(const Actor& actor, OrderId id);

  Result<OrderPage> List(const Actor& actor, const OrderQuery& query);

  // Orders that look like duplicates of order `id` (并单 suggestions), by
  // the same engine as FindSimilar around the order's intake time.
  // kNotFound when `id` is outside the actor's scope.
  Result<SimilarResult> SuggestDuplicates(const Actor& actor, OrderId id);

  // Similar recent orders and warnings for what an agent is typing
  // (docs/duplicates.md); agents and dispatchers only.
  Result<SimilarResult> FindSimilar(const Actor& actor, const SimilarProbe& probe, int limit);

  // Builds the duplicate index from the database; once, before serving.
  Result<void> LoadDuplicateIndex() { return duplicates_.Load(); }
  std::size_t IndexedForDuplicates() const { return duplicates_.IndexedOrders(); }

  // The actions `actor` may take on `order` now.
  std::vector<Action> Allowed(const Actor& actor, const WorkOrder& order);

  const WorkflowRules& Rules() const { return rules_; }
  const BusinessCalendar& Calendar() const { return directory_.Calendar(); }
  const Clock& GetClock() const { return clock_; }

 private:
  // Records on each order merged into `master` what the master's outcome
  // means for it (DecideMasterOutcome), in the same transaction.
  Result<void> PassOutcomeToMerged(WriteTxn& txn, const WorkOrder& master, const Actor& actor,
                                   const DecisionContext& ctx);

  Store& store_;
  Directory& directory_;
  const Clock& clock_;
  WorkflowRules rules_;
  ReplyQualityRules reply_quality_;
  ReplyCorpus reply_corpus_;  // recent replies, for the boilerplate rule
  VersionedCache<OrderRecord> records_;
  DuplicateFinder duplicates_;
};

}  // namespace hotline
