#include "service/directory.h"

namespace hotline {

Result<void> Directory::Reload() {
  auto units = store_.ListUnits();
  if (!units) return Fail(units.error());
  auto categories = store_.ListCategories();
  if (!categories) return Fail(categories.error());
  auto unit_tree = std::make_shared<const UnitTree>(std::move(*units));
  auto category_tree = std::make_shared<const CategoryTree>(std::move(*categories));
  std::lock_guard lock(mu_);
  units_ = std::move(unit_tree);
  categories_ = std::move(category_tree);
  return {};
}

std::shared_ptr<const UnitTree> Directory::Units() const {
  std::lock_guard lock(mu_);
  return units_;
}

std::shared_ptr<const CategoryTree> Directory::Categories() const {
  std::lock_guard lock(mu_);
  return categories_;
}

}  // namespace hotline
