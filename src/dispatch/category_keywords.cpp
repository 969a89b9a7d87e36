#include "dispatch/category_keywords.h"

#include <map>
#include <set>

#include "common/tsv.h"
#include "text/shingles.h"
#include "text/text_features.h"

namespace hotline {

CategoryKeywords CategoryKeywords::FromTaxonomy(std::string_view tsv) {
  std::map<std::string, std::set<std::string>> owners;  // keyword -> level-1 names
  auto add = [&](std::string_view name, const std::string& level1) {
    const std::string folded = EncodeUtf8(ContentChars(name));
    if (DecodeUtf8(folded).size() < 2 || folded == "其他") return;
    owners[folded].insert(level1);
    for (const std::string& word : SegmentWords(name))
      if (DecodeUtf8(word).size() >= 2) owners[word].insert(level1);
  };
  size_t start = 0;
  while (start < tsv.size()) {
    size_t end = tsv.find('\n', start);
    if (end == std::string_view::npos) end = tsv.size();
    const std::vector<std::string_view> cols = SplitTabs(tsv.substr(start, end - start));
    start = end + 1;
    if (cols.size() < 3 || cols[0].empty()) continue;
    const std::string level1(cols[0]);
    add(cols[1], level1);
    add(cols[2], level1);
  }
  CategoryKeywords result;
  for (auto& [keyword, level1s] : owners)
    if (level1s.size() == 1) result.keywords_.emplace_back(keyword, *level1s.begin());
  for (const auto& [keyword, level1] : result.keywords_) {
    result.chars_.push_back(DecodeUtf8(keyword));
    const std::u32string& chars = result.chars_.back();
    if (!chars.empty())
      result.by_first_[chars.front()].push_back(
          static_cast<std::uint32_t>(result.chars_.size() - 1));
  }
  return result;
}

const CategoryKeywords& CategoryKeywords::Builtin() {
  static const CategoryKeywords keywords = FromTaxonomy(CategoryTaxonomyTsv());
  return keywords;
}

std::vector<std::string> CategoryKeywords::Evidence(std::string_view text) const {
  const std::u32string folded = ContentChars(text);
  const std::u32string_view view(folded);
  std::vector<bool> seen(keywords_.size(), false);
  for (size_t i = 0; i < folded.size(); ++i) {
    auto it = by_first_.find(folded[i]);
    if (it == by_first_.end()) continue;
    for (std::uint32_t k : it->second)
      if (!seen[k] && view.substr(i).starts_with(chars_[k])) seen[k] = true;
  }
  std::vector<std::string> found;  // in keyword order, as a scan per keyword would give
  for (size_t k = 0; k < keywords_.size(); ++k)
    if (seen[k]) found.push_back(keywords_[k].second);
  return found;
}

}  // namespace hotline
