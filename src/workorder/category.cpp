#include "workorder/category.h"

namespace hotline {

CategoryTree::CategoryTree(std::vector<Category> categories) : categories_(std::move(categories)) {
  for (std::size_t i = 0; i < categories_.size(); ++i) {
    index_[categories_[i].id] = i;
    if (categories_[i].parent_id) ++child_count_[*categories_[i].parent_id];
  }
}

const Category* CategoryTree::Find(CategoryId id) const {
  auto it = index_.find(id);
  return it == index_.end() ? nullptr : &categories_[it->second];
}

bool CategoryTree::IsLeaf(CategoryId id) const {
  return Find(id) != nullptr && !child_count_.contains(id);
}

}  // namespace hotline
