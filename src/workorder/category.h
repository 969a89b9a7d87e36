// The three-level demand category tree (一级/二级/三级).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "org/unit.h"

namespace hotline {

using CategoryId = std::int64_t;

struct Category {
  CategoryId id = 0;
  std::string code;  // e.g. "01.02.03": positions in the tree
  std::string name;
  int level = 1;  // 1..3
  std::optional<CategoryId> parent_id;
  std::optional<UnitId> default_unit_id;  // suggested lead unit for dispatch
};

// Immutable snapshot of the category tree; thread-safe for reads.
class CategoryTree {
 public:
  CategoryTree() = default;
  explicit CategoryTree(std::vector<Category> categories);

  const Category* Find(CategoryId id) const;
  bool IsLeaf(CategoryId id) const;
  const std::vector<Category>& All() const { return categories_; }

 private:
  std::vector<Category> categories_;
  std::unordered_map<CategoryId, std::size_t> index_;
  std::unordered_map<CategoryId, int> child_count_;
};

}  // namespace hotline
