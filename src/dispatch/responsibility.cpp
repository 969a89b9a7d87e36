#include "dispatch/responsibility.h"

#include <algorithm>

#include "text/shingles.h"

namespace hotline {

Result<void> ValidateResponsibility(const Responsibility& rule) {
  if (rule.unit_id <= 0)
    return Fail(ErrorKind::kInvalidInput, "missing_field", "请指定负责单位", "unit_id");
  const std::size_t length = DecodeUtf8(rule.phrase).size();
  if (length > 20)
    return Fail(ErrorKind::kInvalidInput, "invalid_value", "关键词不超过 20 个字", "phrase");
  if (length == 0 && !rule.category_id)
    return Fail(ErrorKind::kInvalidInput, "missing_field", "请填写关键词或选择诉求类别", "phrase");
  if (rule.note.size() > 2000)
    return Fail(ErrorKind::kInvalidInput, "invalid_value", "说明过长", "note");
  return {};
}

std::vector<ResponsibilityHit> MatchResponsibilities(std::span<const Responsibility> rules,
                                                     std::string_view text,
                                                     std::span<const CategoryId> categories) {
  std::vector<ResponsibilityHit> out;
  for (const Responsibility& rule : rules)
    if (!rule.phrase.empty() && text.find(rule.phrase) != std::string_view::npos)
      out.push_back({&rule, true});
  for (const Responsibility& rule : rules)
    if (rule.phrase.empty() && rule.category_id &&
        std::find(categories.begin(), categories.end(), *rule.category_id) != categories.end())
      out.push_back({&rule, false});
  return out;
}

}  // namespace hotline
