// 并单 suggestions and intake warnings (docs/duplicates.md): similar recent
// orders by text (MinHash + LSH), address and caller, and the warnings
// 重复来电 (one number, many orders) and 群体诉求 (many callers, one place,
// one problem). Owns the in-memory DuplicateIndex, rebuilt at start from the
// stored signatures; the order service keeps it current. Thread-safe.
#pragma once

#include <optional>
#include <shared_mutex>
#include <string>
#include <vector>

#include "common/clock.h"
#include "service/directory.h"
#include "storage/store.h"
#include "workorder/duplicate_index.h"
#include "workorder/lifecycle.h"

namespace hotline {

// What an agent has typed so far, or an order looked at again.
struct SimilarProbe {
  std::string title;
  std::string content;
  std::string address;
  std::string caller_phone;
  std::optional<CategoryId> category_id;
  std::optional<UnitId> community_unit_id;
  std::optional<OrderId> exclude_id;  // the order itself, when it is saved already
  Instant at{};                       // the window ends here (now, or the order's intake)
};

struct SimilarCandidate {
  WorkOrder order;
  double score = 0;            // 0..1, for ranking
  double text_similarity = 0;  // estimated Jaccard of the texts; 0 when not a text match
  bool same_address = false;
  bool same_caller = false;
  bool same_category = false;
  std::vector<std::string> reasons;  // 相似文本（约 N%）, 同一地址, 同一来电号码, 同一类别
};

struct IntakeWarning {
  std::string code;     // "repeat_caller" or "group_demand"
  std::string message;  // shown to the agent
  int count = 0;        // earlier orders (repeat_caller) / distinct callers (group_demand)
  std::vector<OrderId> order_ids;  // the orders behind it
};

struct SimilarResult {
  std::vector<SimilarCandidate> candidates;  // best first
  std::vector<IntakeWarning> warnings;
};

// The index row of an order as it is now.
DuplicateEntry DuplicateEntryOf(const WorkOrder& order);

class DuplicateFinder {
 public:
  DuplicateFinder(Store& store, Directory& directory, const Clock& clock,
                  const WorkflowRules& rules)
      : store_(store), directory_(directory), clock_(clock), rules_(rules) {}

  // Fills the index with the window's stored rows; orders of the window
  // without a row (older data) get one first.
  Result<void> Load();

  // Takes a committed order's current row into the index.
  void Remember(const DuplicateEntry& entry);

  // Open or recently closed orders in the window like `probe`, within the
  // actor's data scope, best first, at most `limit`; with the warnings.
  Result<SimilarResult> Find(const Actor& actor, const SimilarProbe& probe, int limit);

  // Just the warnings (for flags recorded at intake).
  std::vector<IntakeWarning> Warnings(const SimilarProbe& probe);

  std::size_t IndexedOrders() const;

 private:
  struct Match {
    DuplicateEntry entry;
    double text_similarity = 0;
    bool text = false;  // at or above similar_min_percent
    bool same_address = false;
    bool same_caller = false;
    bool same_community = false;
  };
  struct Lookup {
    std::vector<Match> matches;         // within the duplicate window
    std::vector<DuplicateEntry> calls;  // the caller's orders within repeat_caller_days
  };
  Lookup Collect(const SimilarProbe& probe) const;
  std::vector<IntakeWarning> WarningsOf(const SimilarProbe& probe, const Lookup& lookup) const;

  Store& store_;
  Directory& directory_;
  const Clock& clock_;
  const WorkflowRules& rules_;
  mutable std::shared_mutex mutex_;
  DuplicateIndex index_;
  std::int64_t last_prune_ms_ = 0;
};

}  // namespace hotline
