// In-memory snapshots of the slowly changing reference data (units,
// categories) that every decision consults. Thread-safe.
#pragma once

#include <memory>
#include <mutex>

#include "storage/store.h"

namespace hotline {

class Directory {
 public:
  explicit Directory(Store& store) : store_(store) {}

  // Re-reads units and categories from the store.
  Result<void> Reload();

  std::shared_ptr<const UnitTree> Units() const;
  std::shared_ptr<const CategoryTree> Categories() const;

 private:
  Store& store_;
  mutable std::mutex mu_;
  std::shared_ptr<const UnitTree> units_ = std::make_shared<UnitTree>();
  std::shared_ptr<const CategoryTree> categories_ = std::make_shared<CategoryTree>();
};

}  // namespace hotline
