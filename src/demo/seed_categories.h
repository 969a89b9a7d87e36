// The demand category tree seeded into a new database. The tree lives in
// src/demo/data/categories.tsv (columns code, level1, level2, level3,
// default_unit_code; one row per leaf) and is compiled into the program, so
// seeding needs no files at run time. Thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "common/error.h"

namespace hotline::demo {

struct CategorySeed {
  std::string code;  // "01", "01.02", "01.02.003"
  std::string name;  // this level's own name
  int level = 1;
  std::string parent_code;        // empty for level 1
  std::string default_unit_code;  // suggested lead unit; empty when none is obvious
};

// The text of data/categories.tsv as compiled in (generated file, see CMakeLists.txt).
std::string_view EmbeddedCategoryTsv();

// Parses a category TSV into all three levels, parents before children. A
// level-2 category's default unit is the one most of its leaves name.
Result<std::vector<CategorySeed>> ParseCategoryTsv(std::string_view tsv);

}  // namespace hotline::demo
