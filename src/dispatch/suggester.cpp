#include "dispatch/suggester.h"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <map>

namespace hotline {
namespace {

constexpr int kTop = 3;

// Weights of the kinds of evidence (see the header); renormalised over the
// kinds present. The model leads because it learned from this district's own
// outcomes, returns and reassignments included.
constexpr double kCategoryModelWeight = 0.7;
constexpr double kCategoryRuleWeight = 0.15;
constexpr double kCategoryNameWeight = 0.15;
constexpr double kUnitModelWeight = 0.55;
constexpr double kUnitRuleWeight = 0.25;
constexpr double kUnitDefaultWeight = 0.2;

std::optional<std::int64_t> ParseLabel(const std::string& label, char prefix) {
  if (label.size() < 2 || label[0] != prefix) return std::nullopt;
  std::int64_t id = 0;
  auto [end, ec] = std::from_chars(label.data() + 1, label.data() + label.size(), id);
  if (ec != std::errc{} || end != label.data() + label.size()) return std::nullopt;
  return id;
}

std::string Percent(double p) { return fmt::format("{:.0f}%", p * 100); }

// One kind of evidence: shares per candidate (summing to at most 1) and the
// reason behind each share.
struct Evidence {
  std::map<std::int64_t, double> share;
  std::map<std::int64_t, std::vector<std::string>> reasons;
  void Add(std::int64_t id, double s, std::string reason) {
    share[id] += s;
    if (!reason.empty()) reasons[id].push_back(std::move(reason));
  }
  bool empty() const { return share.empty(); }
  // Scales the shares so that they sum to 1 (when they sum to more).
  void CapAtOne() {
    double total = 0;
    for (const auto& [id, s] : share) total += s;
    if (total > 1)
      for (auto& [id, s] : share) s /= total;
  }
};

std::vector<SuggestedOption> Combine(std::span<const std::pair<const Evidence*, double>> kinds) {
  double weight_present = 0;
  for (const auto& [e, w] : kinds)
    if (!e->empty()) weight_present += w;
  std::map<std::int64_t, SuggestedOption> options;
  if (weight_present <= 0) return {};
  for (const auto& [e, w] : kinds) {
    if (e->empty()) continue;
    for (const auto& [id, s] : e->share) {
      SuggestedOption& o = options[id];
      o.id = id;
      o.confidence += s * w / weight_present;
    }
    for (const auto& [id, reasons] : e->reasons)
      for (const std::string& r : reasons) options[id].reasons.push_back(r);
  }
  std::vector<SuggestedOption> out;
  for (auto& [id, o] : options)
    if (o.confidence > 0) out.push_back(std::move(o));
  std::stable_sort(out.begin(), out.end(), [](const SuggestedOption& a, const SuggestedOption& b) {
    return a.confidence > b.confidence;
  });
  if (out.size() > kTop) out.resize(kTop);
  for (SuggestedOption& o : out) o.confidence = std::min(1.0, o.confidence);
  return out;
}

std::string UnitName(const UnitTree& units, UnitId id) {
  const Unit* u = units.Find(id);
  return u ? u->name : fmt::format("单位{}", id);
}

std::string CategoryName(const CategoryTree& categories, CategoryId id) {
  const Category* c = categories.Find(id);
  return c ? c->name : fmt::format("类别{}", id);
}

std::vector<SuggestedOption> SuggestCategories(const SuggestionContext& ctx,
                                               const SuggestionInput& input,
                                               const ModelScores& scores, const std::string& text) {
  if (input.category_id) {
    return {SuggestedOption{*input.category_id, 1.0, {"话务员已选择该类别"}}};
  }
  Evidence model;
  for (const LabelScore& s : scores.categories) {
    auto id = ParseLabel(s.label, 'c');
    if (!id || !ctx.categories.Find(*id) || s.probability <= 0) continue;
    model.Add(*id, s.probability,
              fmt::format("分类模型 v{}：{}", scores.model_version, Percent(s.probability)));
  }
  Evidence rules;
  for (const ResponsibilityHit& hit : MatchResponsibilities(ctx.responsibilities, text, {}))
    if (hit.rule->category_id && ctx.categories.Find(*hit.rule->category_id))
      rules.Add(*hit.rule->category_id, 1.0,
                fmt::format("权责清单：“{}”属于此类", hit.rule->phrase));
  rules.CapAtOne();
  Evidence names;
  for (const Category& c : ctx.categories.All()) {
    if (!ctx.categories.IsLeaf(c.id) || c.name.size() < 6 || c.name == "其他") continue;
    if (text.find(c.name) != std::string::npos)
      names.Add(c.id, 1.0, fmt::format("诉求内容提到“{}”", c.name));
  }
  names.CapAtOne();
  const std::pair<const Evidence*, double> kinds[] = {
      {&model, kCategoryModelWeight}, {&rules, kCategoryRuleWeight}, {&names, kCategoryNameWeight}};
  return Combine(kinds);
}

std::vector<SuggestedOption> SuggestUnits(const SuggestionContext& ctx, const ModelScores& scores,
                                          const std::string& text,
                                          const std::vector<SuggestedOption>& categories,
                                          const std::vector<StreetEvidence>& located) {
  // Model: the unit classifier, with the mass it gives to streets moved to
  // the streets the text names (the model knows *that* a street should lead
  // far better than *which*).
  Evidence model;
  double street_mass = 0;
  for (const LabelScore& s : scores.units) {
    auto id = ParseLabel(s.label, 'u');
    const Unit* unit = id ? ctx.units.Find(*id) : nullptr;
    if (!unit || s.probability <= 0) continue;
    if (unit->kind == UnitKind::kStreet && !located.empty()) {
      street_mass += s.probability;
      continue;
    }
    model.Add(*id, s.probability,
              fmt::format("分类模型 v{}：{}", scores.model_version, Percent(s.probability)));
  }
  for (const StreetEvidence& street : located) {
    const double p = street_mass * street.weight;
    if (p <= 0) continue;
    std::string names;
    for (const std::string& n : street.names) names += (names.empty() ? "" : "、") + n;
    model.Add(street.street_unit_id, p,
              fmt::format("分类模型 v{}：属地街道办理 {}；地址“{}”位于{}", scores.model_version,
                          Percent(street_mass), names, UnitName(ctx.units, street.street_unit_id)));
  }

  std::vector<CategoryId> likely;
  for (const SuggestedOption& c : categories) likely.push_back(c.id);
  Evidence rules;
  for (const ResponsibilityHit& hit : MatchResponsibilities(ctx.responsibilities, text, likely)) {
    if (!ctx.units.Find(hit.rule->unit_id)) continue;
    if (hit.by_phrase) {
      rules.Add(hit.rule->unit_id, 1.0,
                fmt::format("权责清单：“{}”由{}负责", hit.rule->phrase,
                            UnitName(ctx.units, hit.rule->unit_id)));
    } else {
      const auto c = std::find_if(categories.begin(), categories.end(),
                                  [&](const auto& o) { return o.id == *hit.rule->category_id; });
      rules.Add(hit.rule->unit_id, c->confidence,
                fmt::format("权责清单：{}类诉求由{}负责",
                            CategoryName(ctx.categories, *hit.rule->category_id),
                            UnitName(ctx.units, hit.rule->unit_id)));
    }
  }
  rules.CapAtOne();

  Evidence defaults;
  for (const SuggestedOption& c : categories) {
    const Category* category = ctx.categories.Find(c.id);
    if (!category || !category->default_unit_id || !ctx.units.Find(*category->default_unit_id))
      continue;
    defaults.Add(
        *category->default_unit_id, c.confidence,
        fmt::format("类别“{}”的默认承办单位（{}）", category->name, Percent(c.confidence)));
  }
  defaults.CapAtOne();

  const std::pair<const Evidence*, double> kinds[] = {
      {&model, kUnitModelWeight}, {&rules, kUnitRuleWeight}, {&defaults, kUnitDefaultWeight}};
  return Combine(kinds);
}

}  // namespace

std::string CategoryLabel(CategoryId id) { return fmt::format("c{}", id); }
std::string UnitLabel(UnitId id) { return fmt::format("u{}", id); }

std::string ClassifierText(std::string_view title, std::string_view content) {
  std::string text(title);
  if (!text.empty() && !content.empty()) text += ' ';
  text += content;
  return text;
}

DispatchSuggestion Suggest(const SuggestionContext& context, const SuggestionInput& input,
                           const ModelScores& scores) {
  DispatchSuggestion out;
  out.model_version = scores.model_version;
  const std::string text = ClassifierText(input.title, input.content);
  out.categories = SuggestCategories(context, input, scores, text);
  // The address field names the place most reliably; the text may too.
  std::vector<StreetEvidence> located = context.gazetteer.Locate(input.address);
  if (located.empty()) located = context.gazetteer.Locate(text);
  if (!located.empty()) {
    const StreetEvidence& best = located.front();
    out.place =
        SuggestedPlace{best.street_unit_id, best.community_unit_id, best.weight, best.names};
  }
  out.units = SuggestUnits(context, scores, text, out.categories, located);
  return out;
}

}  // namespace hotline
