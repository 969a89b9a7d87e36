// The units' 权责清单 (responsibility list): which unit answers for which
// phrases and categories. Kept by administrators from the units' published
// responsibility lists; the dispatch suggester treats a match as strong
// evidence because it is the district's own rule, not a guess.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "common/error.h"
#include "org/unit.h"
#include "workorder/category.h"

namespace hotline {

struct Responsibility {
  std::int64_t id = 0;
  UnitId unit_id = 0;
  std::string phrase;                     // e.g. 油烟; empty when the rule is by category only
  std::optional<CategoryId> category_id;  // the kind of demand the rule covers
  std::string note;                       // the clause of the unit's list it restates
};

// A rule needs a unit and a phrase (1–20 characters) or a category.
Result<void> ValidateResponsibility(const Responsibility& rule);

struct ResponsibilityHit {
  const Responsibility* rule = nullptr;
  bool by_phrase = false;  // false: matched by category
};

// Rules whose phrase occurs in the text, then rules (without a phrase) whose
// category is one of `categories`.
std::vector<ResponsibilityHit> MatchResponsibilities(std::span<const Responsibility> rules,
                                                     std::string_view text,
                                                     std::span<const CategoryId> categories);

}  // namespace hotline
