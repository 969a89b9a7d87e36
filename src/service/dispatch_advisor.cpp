#include "service/dispatch_advisor.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <nlohmann/json.hpp>
#include <set>

#include "dispatch/model_bundle.h"
#include "text/shingles.h"

namespace hotline {
namespace {

// Streets and communities are places too: their own names, and the names
// without the 街道 / 社区 suffix that citizens usually drop.
std::vector<Place> PlacesOfUnits(const UnitTree& units) {
  std::vector<Place> out;
  auto add = [&](std::string name, PlaceKind kind, UnitId street, std::optional<UnitId> community) {
    out.push_back(Place{0, std::move(name), kind, street, community});
  };
  for (const Unit& u : units.All()) {
    std::string_view suffix;
    PlaceKind kind;
    UnitId street = 0;
    std::optional<UnitId> community;
    if (u.kind == UnitKind::kStreet) {
      suffix = "街道", kind = PlaceKind::kStreet, street = u.id;
    } else if (u.kind == UnitKind::kCommunity && u.parent_id) {
      suffix = "社区", kind = PlaceKind::kCommunity, street = *u.parent_id, community = u.id;
    } else {
      continue;
    }
    add(u.name, kind, street, community);
    if (u.name.ends_with(suffix)) {
      std::string shorter = u.name.substr(0, u.name.size() - suffix.size());
      if (DecodeUtf8(shorter).size() >= 2) add(std::move(shorter), kind, street, community);
    }
  }
  return out;
}

nlohmann::json OptionsJson(const std::vector<SuggestedOption>& options) {
  nlohmann::json out = nlohmann::json::array();
  for (const SuggestedOption& o : options)
    out.push_back({{"id", o.id}, {"confidence", o.confidence}, {"reasons", o.reasons}});
  return out;
}

double SecondsSince(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

double Top1(const TextClassifier& model, std::span<const LabeledText> test) {
  if (test.empty()) return 0;
  std::size_t hits = 0;
  for (const LabeledText& t : test) {
    auto p = model.Predict(t.text, 1);
    hits += !p.empty() && p[0].label == t.label ? 1 : 0;
  }
  return static_cast<double>(hits) / static_cast<double>(test.size());
}

std::int64_t DistinctLabels(std::span<const LabeledText> examples) {
  std::set<std::string> labels;
  for (const LabeledText& e : examples) labels.insert(e.label);
  return static_cast<std::int64_t>(labels.size());
}

}  // namespace

DispatchAdvisor::DispatchAdvisor(DispatchStore& store, const Directory& directory,
                                 const Clock& clock, DispatchAdvisorOptions options)
    : store_(store), directory_(directory), clock_(clock), options_(options) {}

Result<void> DispatchAdvisor::Load() {
  auto version = store_.LatestModelVersion();
  if (!version) return Fail(version.error());
  // A model that does not load (corrupt, or of another format) is logged and
  // skipped: suggestions then rest on the rules and the gazetteer.
  if (*version > 0)
    if (auto r = LoadModel(*version); !r)
      spdlog::error("dispatch model v{} not loaded: {}", *version, r.error().message);
  auto knowledge = store_.KnowledgeVersion();
  if (!knowledge) return Fail(knowledge.error());
  if (auto r = LoadKnowledge(*knowledge); !r) return r;
  std::lock_guard lock(mu_);
  last_check_ = clock_.Now();
  return {};
}

std::int64_t DispatchAdvisor::ModelVersion() const {
  std::lock_guard lock(mu_);
  return models_->version;
}

std::optional<SuggestedOption> DispatchAdvisor::AutomaticLeadUnit(
    const DispatchSuggestion& suggestion) const {
  const double threshold = options_.auto_dispatch_confidence;
  if (threshold <= 0 || suggestion.units.empty()) return std::nullopt;
  if (suggestion.units.front().confidence < threshold) return std::nullopt;
  return suggestion.units.front();
}

Result<void> DispatchAdvisor::LoadModel(std::int64_t version) {
  auto data = store_.GetModel(version);
  if (!data) return Fail(data.error());
  if (!*data) return {};
  auto categories = TextClassifier::Deserialize((*data)->category_model);
  if (!categories) return Fail(categories.error());
  auto units = TextClassifier::Deserialize((*data)->unit_model);
  if (!units) return Fail(units.error());
  auto models = std::make_shared<Models>();
  models->version = (*data)->info.version;
  models->categories.emplace(std::move(*categories));
  models->units.emplace(std::move(*units));
  std::lock_guard lock(mu_);
  if (models->version > models_->version) models_ = std::move(models);
  return {};
}

Result<void> DispatchAdvisor::LoadKnowledge(std::int64_t version) {
  auto rules = store_.ListResponsibilities();
  if (!rules) return Fail(rules.error());
  auto places = store_.ListPlaces();
  if (!places) return Fail(places.error());
  std::vector<Place> all = PlacesOfUnits(*directory_.Units());
  all.insert(all.end(), places->begin(), places->end());
  auto knowledge = std::make_shared<Knowledge>();
  knowledge->version = version;
  knowledge->gazetteer = Gazetteer(std::move(all));
  knowledge->rules = std::move(*rules);
  std::lock_guard lock(mu_);
  knowledge_ = std::move(knowledge);
  return {};
}

Result<void> DispatchAdvisor::ReloadKnowledgeNow() {
  auto version = store_.KnowledgeVersion();
  if (!version) return Fail(version.error());
  return LoadKnowledge(*version);
}

Result<void> DispatchAdvisor::RefreshIfDue() {
  const Instant now = clock_.Now();
  {
    std::lock_guard lock(mu_);
    if (now - last_check_ < options_.refresh_interval) return {};
    last_check_ = now;
  }
  // One reloader at a time; the others answer with the snapshot they have.
  std::unique_lock reload(reload_mu_, std::try_to_lock);
  if (!reload.owns_lock()) return {};
  auto version = store_.LatestModelVersion();
  if (!version) return Fail(version.error());
  if (*version > ModelVersion() && *version != refused_version_) {
    if (auto r = LoadModel(*version); !r) {
      // A model that does not load leaves the one in force in place; it is
      // not tried again until a newer one arrives.
      refused_version_ = *version;
      spdlog::error("dispatch model v{} not loaded: {}", *version, r.error().message);
    } else {
      spdlog::info("dispatch model v{} in force", *version);
    }
  }
  auto knowledge = store_.KnowledgeVersion();
  if (!knowledge) return Fail(knowledge.error());
  std::int64_t current;
  {
    std::lock_guard lock(mu_);
    current = knowledge_->version;
  }
  if (*knowledge != current) return LoadKnowledge(*knowledge);
  return {};
}

Result<DispatchSuggestion> DispatchAdvisor::Suggest(const SuggestionInput& input) {
  if (auto r = RefreshIfDue(); !r) return Fail(r.error());
  std::shared_ptr<const Models> models;
  std::shared_ptr<const Knowledge> knowledge;
  {
    std::lock_guard lock(mu_);
    models = models_;
    knowledge = knowledge_;
  }
  ModelScores scores;
  const std::string text = ClassifierText(input.title, input.content);
  if (models->categories && models->units) {
    scores.model_version = models->version;
    // More than the three shown: the combination needs the tail too (a
    // street's share is the sum over all streets).
    scores.categories = models->categories->Predict(text, 10);
    scores.units = models->units->Predict(text, 20);
  }
  const auto units = directory_.Units();
  const auto categories = directory_.Categories();
  const SuggestionContext context{*units, *categories, knowledge->gazetteer, knowledge->rules};
  return hotline::Suggest(context, input, scores);
}

Result<DispatchSuggestion> DispatchAdvisor::SuggestForOrder(const WorkOrder& order) {
  // The agent's category is evidence about the unit, not a question.
  auto suggestion = Suggest({order.title, order.content, order.address, std::nullopt});
  if (!suggestion) return suggestion;
  SuggestionRecord record;
  record.order_id = order.id;
  record.model_version = suggestion->model_version;
  if (!suggestion->units.empty()) record.top_unit_id = suggestion->units[0].id;
  if (!suggestion->categories.empty()) record.top_category_id = suggestion->categories[0].id;
  record.suggestion_json = nlohmann::json{{"categories", OptionsJson(suggestion->categories)},
                                          {"units", OptionsJson(suggestion->units)}}
                               .dump();
  record.at = clock_.Now();
  if (auto r = store_.RecordSuggestion(record); !r) return Fail(r.error());
  return suggestion;
}

Result<TrainingReport> DispatchAdvisor::Train() {
  std::lock_guard training(train_mu_);
  const auto start = std::chrono::steady_clock::now();
  auto orders = store_.ListTrainingOrders(options_.max_training_orders);
  if (!orders) return Fail(orders.error());
  if (static_cast<int>(orders->size()) < options_.min_training_orders)
    return Fail(ErrorKind::kBusinessRule, "not_enough_orders",
                fmt::format("已办结工单 {} 件，少于训练所需的 {} 件", orders->size(),
                            options_.min_training_orders));
  std::vector<LabeledText> by_category;
  std::vector<LabeledText> by_unit;
  for (const TrainingOrder& o : *orders) {
    std::string text = ClassifierText(o.title, o.content);
    if (ContentChars(text).empty()) continue;
    by_category.push_back({text, CategoryLabel(o.category_id)});
    by_unit.push_back({std::move(text), UnitLabel(o.lead_unit_id)});
  }
  if (static_cast<int>(by_unit.size()) < options_.min_training_orders)
    return Fail(ErrorKind::kBusinessRule, "not_enough_orders", "有内容的已办结工单不足，无法训练");

  TrainingReport report;
  report.orders = static_cast<std::int64_t>(by_unit.size());
  report.category_labels = DistinctLabels(by_category);
  report.unit_labels = DistinctLabels(by_unit);
  // Held-out check: orders arrive newest first, so the first tenth is the
  // newest, the honest test of a model that will judge tomorrow's orders.
  const std::size_t check =
      std::min(by_unit.size(), static_cast<std::size_t>(options_.max_check_orders));
  const std::size_t held = check / 10;
  if (held > 0 && report.category_labels > 1 && report.unit_labels > 1) {
    const std::span<const LabeledText> cat(by_category), unit(by_unit);
    auto c = TextClassifier::Train(cat.subspan(held, check - held));
    auto u = TextClassifier::Train(unit.subspan(held, check - held));
    if (c && u) {
      report.category_top1 = Top1(*c, cat.first(held));
      report.unit_top1 = Top1(*u, unit.first(held));
    }
  }
  auto categories = TextClassifier::Train(by_category);
  if (!categories) return Fail(categories.error());
  auto units = TextClassifier::Train(by_unit);
  if (!units) return Fail(units.error());
  report.seconds = SecondsSince(start);

  DispatchModelData data;
  data.info.created_at = clock_.Now();
  data.info.trained_orders = report.orders;
  data.info.category_labels = report.category_labels;
  data.info.unit_labels = report.unit_labels;
  data.info.details_json = nlohmann::json{
      {"held_out_category_top1", report.category_top1},
      {"held_out_unit_top1", report.unit_top1},
      {"training_seconds",
       report.seconds}}.dump();
  data.category_model = categories->Serialize();
  data.unit_model = units->Serialize();
  auto version = store_.SaveModel(data);
  if (!version) return Fail(version.error());
  report.version = *version;
  auto models = std::make_shared<Models>();
  models->version = *version;
  models->categories.emplace(std::move(*categories));
  models->units.emplace(std::move(*units));
  {
    std::lock_guard lock(mu_);
    if (models->version > models_->version) models_ = std::move(models);
  }
  spdlog::info("dispatch model v{} trained on {} orders in {:.1f} s", report.version, report.orders,
               report.seconds);
  return report;
}

Result<std::string> DispatchAdvisor::ExportModel(std::int64_t version) {
  if (version == 0) {
    auto latest = store_.LatestModelVersion();
    if (!latest) return Fail(latest.error());
    version = *latest;
  }
  auto data = version > 0 ? store_.GetModel(version)
                          : Result<std::optional<DispatchModelData>>(std::nullopt);
  if (!data) return Fail(data.error());
  if (!*data)
    return Fail(ErrorKind::kNotFound, "not_found",
                version > 0 ? fmt::format("派单模型 v{} 不存在", version) : "尚未训练派单模型");
  const DispatchModelData& d = **data;
  return PackModelBundle(ModelBundle{d.category_model, d.unit_model, d.info.trained_orders,
                                     d.info.category_labels, d.info.unit_labels,
                                     d.info.details_json});
}

Result<std::int64_t> DispatchAdvisor::ImportModel(std::string_view bytes) {
  auto bundle = UnpackModelBundle(bytes);
  if (!bundle) return Fail(bundle.error());
  DispatchModelData data;
  data.info.created_at = clock_.Now();
  data.info.trained_orders = bundle->trained_orders;
  data.info.category_labels = bundle->category_labels;
  data.info.unit_labels = bundle->unit_labels;
  data.info.details_json = bundle->details_json;
  data.category_model = std::move(bundle->category_model);
  data.unit_model = std::move(bundle->unit_model);
  auto version = store_.SaveModel(data);
  if (!version) return Fail(version.error());
  if (auto r = LoadModel(*version); !r) return Fail(r.error());
  return *version;
}

Result<std::vector<Responsibility>> DispatchAdvisor::Responsibilities() {
  return store_.ListResponsibilities();
}

Result<Responsibility> DispatchAdvisor::AddResponsibility(Responsibility rule) {
  if (auto r = ValidateResponsibility(rule); !r) return Fail(r.error());
  if (!directory_.Units()->Find(rule.unit_id))
    return Fail(ErrorKind::kInvalidInput, "unit_not_found", "负责单位不存在", "unit_id");
  if (rule.category_id && !directory_.Categories()->Find(*rule.category_id))
    return Fail(ErrorKind::kInvalidInput, "category_not_found", "诉求类别不存在", "category_id");
  auto id = store_.AddResponsibility(rule);
  if (!id) return Fail(id.error());
  rule.id = *id;
  if (auto r = ReloadKnowledgeNow(); !r) return Fail(r.error());
  return rule;
}

Result<void> DispatchAdvisor::DeleteResponsibility(std::int64_t id) {
  auto deleted = store_.DeleteResponsibility(id);
  if (!deleted) return Fail(deleted.error());
  if (!*deleted)
    return Fail(ErrorKind::kNotFound, "not_found", fmt::format("权责条目 {} 不存在", id));
  return ReloadKnowledgeNow();
}

Result<std::vector<Place>> DispatchAdvisor::Places() { return store_.ListPlaces(); }

Result<Place> DispatchAdvisor::AddPlace(Place place) {
  if (auto r = ValidatePlace(place); !r) return Fail(r.error());
  const auto units = directory_.Units();
  const Unit* street = units->Find(place.street_unit_id);
  if (!street || street->kind != UnitKind::kStreet)
    return Fail(ErrorKind::kInvalidInput, "unit_not_found", "所属街道不存在", "street_unit_id");
  if (place.community_unit_id) {
    const Unit* community = units->Find(*place.community_unit_id);
    if (!community || community->kind != UnitKind::kCommunity ||
        community->parent_id != place.street_unit_id)
      return Fail(ErrorKind::kInvalidInput, "unit_not_found", "所属社区不存在或不在该街道",
                  "community_unit_id");
  }
  auto id = store_.AddPlace(place);
  if (!id) return Fail(id.error());
  place.id = *id;
  if (auto r = ReloadKnowledgeNow(); !r) return Fail(r.error());
  return place;
}

Result<void> DispatchAdvisor::DeletePlace(std::int64_t id) {
  auto deleted = store_.DeletePlace(id);
  if (!deleted) return Fail(deleted.error());
  if (!*deleted) return Fail(ErrorKind::kNotFound, "not_found", fmt::format("地名 {} 不存在", id));
  return ReloadKnowledgeNow();
}

}  // namespace hotline
