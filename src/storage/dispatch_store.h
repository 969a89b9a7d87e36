// Storage of the dispatch knowledge: trained classifier models (versioned),
// the units' 权责清单, the address gazetteer, the suggestions made and what
// became of them. Apart from Store because none of it takes part in an
// order's transaction; all methods are thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/error.h"
#include "dispatch/gazetteer.h"
#include "dispatch/responsibility.h"
#include "workorder/order.h"

namespace hotline {

struct DispatchModelInfo {
  std::int64_t version = 0;
  Instant created_at{};
  std::int64_t trained_orders = 0;
  std::int64_t category_labels = 0;
  std::int64_t unit_labels = 0;
  std::string details_json;  // training time, held-out accuracy, ...
};

struct DispatchModelData {
  DispatchModelInfo info;
  std::string category_model;  // TextClassifier::Serialize()
  std::string unit_model;
};

// How a model's suggestions fared: of the orders it made a suggestion for
// that are closed now, how often its first unit (category) was the final one.
struct DispatchModelOutcome {
  std::int64_t version = 0;
  std::int64_t suggested = 0;
  std::int64_t settled = 0;
  std::int64_t unit_hits = 0;
  std::int64_t category_hits = 0;
};

// A closed order as training data: its text and where it really belonged
// (the final category and lead unit, after any returns and reassignments).
struct TrainingOrder {
  OrderId id = 0;
  std::string title;
  std::string content;
  CategoryId category_id = 0;
  UnitId lead_unit_id = 0;
};

struct SuggestionRecord {
  OrderId order_id = 0;
  std::int64_t model_version = 0;
  std::optional<UnitId> top_unit_id;
  std::optional<CategoryId> top_category_id;
  std::string suggestion_json;
  Instant at{};
};

class DispatchStore {
 public:
  virtual ~DispatchStore() = default;

  virtual Result<std::int64_t> LatestModelVersion() = 0;  // 0 when none
  // One version, or the newest when `version` is nullopt.
  virtual Result<std::optional<DispatchModelData>> GetModel(
      std::optional<std::int64_t> version) = 0;
  virtual Result<std::vector<DispatchModelInfo>> ListModels() = 0;  // newest first
  virtual Result<std::vector<DispatchModelOutcome>> ModelOutcomes() = 0;
  // Stores a model under the next version and returns that version.
  virtual Result<std::int64_t> SaveModel(const DispatchModelData& model) = 0;

  // Closed orders with a lead unit, newest first, at most `limit`.
  virtual Result<std::vector<TrainingOrder>> ListTrainingOrders(int limit) = 0;

  // One record per order and model version: a different suggestion replaces
  // it, the same one again leaves it (and its time) as it is.
  virtual Result<void> RecordSuggestion(const SuggestionRecord& record) = 0;

  virtual Result<std::vector<Responsibility>> ListResponsibilities() = 0;
  virtual Result<std::int64_t> AddResponsibility(const Responsibility& rule) = 0;
  virtual Result<bool> DeleteResponsibility(std::int64_t id) = 0;  // false: no such rule

  virtual Result<std::vector<Place>> ListPlaces() = 0;
  virtual Result<std::int64_t> AddPlace(const Place& place) = 0;
  virtual Result<bool> DeletePlace(std::int64_t id) = 0;
  // A counter bumped by every change of rules or places: cheap staleness check.
  virtual Result<std::int64_t> KnowledgeVersion() = 0;
};

}  // namespace hotline
