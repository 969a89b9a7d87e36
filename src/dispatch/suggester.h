// Dispatch suggestions: the likeliest categories and lead units for a new
// demand, each with a confidence and the reasons a dispatcher can check.
//
// Four kinds of evidence are combined, each a distribution over candidates:
//   model     the text classifiers trained on closed orders (category, unit)
//   rules     the 权责清单: phrases and categories a unit answers for
//   defaults  the category tree's default lead unit of each likely category
//   names     category names that occur in the text (categories only)
// A candidate's confidence is the weighted sum of its shares, the weights
// renormalised over the kinds that have any evidence, so that a district
// without a trained model still gets rule-based suggestions. The gazetteer
// decides *which* street: the model's probability for "a street leads" is
// moved to the streets the address names.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "dispatch/gazetteer.h"
#include "dispatch/responsibility.h"
#include "dispatch/text_classifier.h"
#include "org/unit.h"
#include "workorder/category.h"

namespace hotline {

// What the classifiers said about the demand's text. Labels are "c<id>" for
// categories and "u<id>" for units; a model version of 0 means no model.
struct ModelScores {
  std::int64_t model_version = 0;
  std::vector<LabelScore> categories;
  std::vector<LabelScore> units;
};

std::string CategoryLabel(CategoryId id);
std::string UnitLabel(UnitId id);

struct SuggestionInput {
  std::string title;
  std::string content;
  std::string address;
  std::optional<CategoryId> category_id;  // set when the agent already chose one
};

struct SuggestionContext {
  const UnitTree& units;
  const CategoryTree& categories;
  const Gazetteer& gazetteer;
  std::span<const Responsibility> responsibilities;
};

struct SuggestedOption {
  std::int64_t id = 0;  // a category or unit id
  double confidence = 0;
  std::vector<std::string> reasons;  // Chinese, for the dispatcher
};

struct SuggestedPlace {
  UnitId street_unit_id = 0;
  std::optional<UnitId> community_unit_id;
  double confidence = 0;
  std::vector<std::string> names;
};

struct DispatchSuggestion {
  std::int64_t model_version = 0;
  std::vector<SuggestedOption> categories;  // at most 3, likeliest first
  std::vector<SuggestedOption> units;       // at most 3, likeliest first
  std::optional<SuggestedPlace> place;
};

DispatchSuggestion Suggest(const SuggestionContext& context, const SuggestionInput& input,
                           const ModelScores& scores);

// The text the classifiers see for an order: title and content.
std::string ClassifierText(std::string_view title, std::string_view content);

}  // namespace hotline
