#include "service/scoring_rules_source.h"

#include <fmt/format.h>

namespace hotline {
namespace {

using Saved = std::optional<std::pair<std::int64_t, std::string>>;

Result<ScoringRules> FromSaved(const Result<Saved>& saved) {
  if (!saved) return Fail(saved.error());
  if (!*saved) return DefaultScoringRules();
  return StoredScoringRules((*saved)->first, (*saved)->second);
}

}  // namespace

Result<ScoringRules> RulesInForceAt(Store& store, Instant period_end) {
  // The period's end is exclusive: rules saved exactly then came too late.
  return FromSaved(store.GetScoringRulesAt(period_end - std::chrono::milliseconds(1)));
}

Result<ScoringRules> NewestRules(Store& store) { return FromSaved(store.GetScoringRules()); }

Result<ScoringRules> RulesOfVersion(Store& store, std::int64_t version, std::string_view field) {
  if (version == 0) return DefaultScoringRules();
  auto saved = store.GetScoringRulesVersion(version);
  if (!saved) return Fail(saved.error());
  if (!*saved)
    return Fail(ErrorKind::kNotFound, "rules_version_not_found",
                fmt::format("考核细则第 {} 版不存在", version), std::string(field));
  return StoredScoringRules((*saved)->first, (*saved)->second);
}

}  // namespace hotline
