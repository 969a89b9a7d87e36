// Dispatch suggestions for dispatchers and agents (issue: dispatch that gets
// it right). Holds the classifier models in force and the dispatch knowledge
// (权责清单, gazetteer), answers suggestions, trains new model versions from
// closed orders and swaps them in while serving.
//
// A model trained by another process (`hotline train`) is picked up without a
// restart: before answering, the advisor checks at most every few seconds
// whether the store holds a newer version or changed knowledge, and loads it.
// Loading happens off the readers' path; readers keep the snapshot they hold.
#pragma once

#include <atomic>
#include <chrono>
#include <memory>
#include <mutex>

#include "common/clock.h"
#include "dispatch/suggester.h"
#include "dispatch/text_classifier.h"
#include "service/directory.h"
#include "storage/dispatch_store.h"

namespace hotline {

struct DispatchAdvisorOptions {
  // How often the store is asked for a newer model or changed knowledge.
  std::chrono::milliseconds refresh_interval{std::chrono::seconds(5)};
  // The most recent closed orders a training run learns from.
  int max_training_orders = 200000;
  // Fewer closed orders than this and training is refused: a model of a
  // handful of orders would mislead more than it helps.
  int min_training_orders = 50;
  // The held-out check fits a preliminary model on at most this many of the
  // orders (the newest after the held-out ones) and tests it on at most a
  // tenth as many, so that it costs a fraction of the real training.
  int max_check_orders = 20000;
  // A new order is dispatched at intake to a lead unit suggested with at
  // least this confidence; 0: never.
  double auto_dispatch_confidence = 0;
};

struct TrainingReport {
  std::int64_t version = 0;
  std::int64_t orders = 0;
  std::int64_t category_labels = 0;
  std::int64_t unit_labels = 0;
  // Top-1 accuracy on the newest tenth of the orders (at most
  // max_check_orders / 10), held out from a preliminary fit (the stored
  // model then learns from all of them).
  double category_top1 = 0;
  double unit_top1 = 0;
  double seconds = 0;
};

class DispatchAdvisor {
 public:
  DispatchAdvisor(DispatchStore& store, const Directory& directory, const Clock& clock,
                  DispatchAdvisorOptions options = {});

  // Loads the newest model and the knowledge (call once at start).
  Result<void> Load();

  // Suggestions for a demand being taken or dispatched.
  Result<DispatchSuggestion> Suggest(const SuggestionInput& input);
  // Suggestions for a saved order, recorded with the model that made them
  // so that later outcomes (returns, reassignments) can be judged.
  Result<DispatchSuggestion> SuggestForOrder(const WorkOrder& order);

  // Trains both classifiers on the newest closed orders, stores them as a new
  // version and puts them in force.
  Result<TrainingReport> Train();

  std::int64_t ModelVersion() const;

  // The stored model `version` (0: the newest) as a file's bytes
  // (dispatch/model_bundle.h); kNotFound when there is none.
  Result<std::string> ExportModel(std::int64_t version = 0);
  // Stores a model from a file's bytes as a new version and puts it in
  // force. Corrupt or foreign bytes are refused (model_invalid) and nothing
  // changes: the model in force stays.
  Result<std::int64_t> ImportModel(std::string_view bytes);

  // The unit a new order may be dispatched to without a dispatcher: the
  // likeliest lead unit when automatic dispatch is on and its confidence
  // reaches the configured threshold.
  std::optional<SuggestedOption> AutomaticLeadUnit(const DispatchSuggestion& suggestion) const;
  bool AutomaticDispatchOn() const { return options_.auto_dispatch_confidence > 0; }

  // The dispatch knowledge, as administrators edit it.
  Result<std::vector<Responsibility>> Responsibilities();
  Result<Responsibility> AddResponsibility(Responsibility rule);
  Result<void> DeleteResponsibility(std::int64_t id);
  Result<std::vector<Place>> Places();
  Result<Place> AddPlace(Place place);
  Result<void> DeletePlace(std::int64_t id);

  DispatchStore& store() { return store_; }

 private:
  struct Models {
    std::int64_t version = 0;
    std::optional<TextClassifier> categories;
    std::optional<TextClassifier> units;
  };
  struct Knowledge {
    std::int64_t version = -1;
    Gazetteer gazetteer;
    std::vector<Responsibility> rules;
  };

  Result<void> RefreshIfDue();
  Result<void> LoadModel(std::int64_t version);
  Result<void> LoadKnowledge(std::int64_t version);
  Result<void> ReloadKnowledgeNow();

  DispatchStore& store_;
  const Directory& directory_;
  const Clock& clock_;
  DispatchAdvisorOptions options_;

  mutable std::mutex mu_;  // guards the snapshots' pointers and last_check_
  std::shared_ptr<const Models> models_ = std::make_shared<Models>();
  std::shared_ptr<const Knowledge> knowledge_ = std::make_shared<Knowledge>();
  Instant last_check_{};
  std::mutex reload_mu_;              // one reload at a time
  std::int64_t refused_version_ = 0;  // a stored model that failed to load (guarded by reload_mu_)
  std::mutex train_mu_;               // one training run at a time
};

}  // namespace hotline
