// Domain knowledge for the level-1 categories: the names of their level-2 and
// level-3 categories ("噪音污染", "医疗纠纷", "公交线路") are words citizens
// use. A message that contains such a name is evidence for its level-1
// category, even when no training example used that word.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

namespace hotline {

// The built-in category tree: "level1\tlevel2\tlevel3" lines, no header.
std::string_view CategoryTaxonomyTsv();

class CategoryKeywords {
 public:
  // Keywords from a taxonomy in the format of CategoryTaxonomyTsv(): every
  // level-2 and level-3 name and every word of two or more characters in
  // them, kept only when it belongs to exactly one level-1 category
  // ("管理" names categories everywhere and says nothing).
  static CategoryKeywords FromTaxonomy(std::string_view tsv);
  // The built-in taxonomy's keywords, built once.
  static const CategoryKeywords& Builtin();

  // The level-1 category of each keyword found in `text` (one entry per
  // distinct keyword found, so repeated evidence counts more).
  std::vector<std::string> Evidence(std::string_view text) const;

  size_t size() const { return keywords_.size(); }

 private:
  std::vector<std::pair<std::string, std::string>> keywords_;  // keyword, level-1
  // Keyword characters, and keyword indexes by first character: a text is
  // scanned once instead of once per keyword.
  std::vector<std::u32string> chars_;
  std::unordered_map<char32_t, std::vector<std::uint32_t>> by_first_;
};

}  // namespace hotline
