#include "service/directory.h"

namespace hotline {

Result<void> Directory::Reload() {
  auto units = store_.ListUnits();
  if (!units) return Fail(units.error());
  auto categories = store_.ListCategories();
  if (!categories) return Fail(categories.error());
  auto stored = store_.GetSlaPolicy();
  if (!stored) return Fail(stored.error());
  auto sla = std::make_shared<SlaPolicy>(DefaultSlaPolicy());
  if (*stored) {
    auto parsed = nlohmann::json::parse((*stored)->second, nullptr, false);
    auto policy = SlaPolicyFromJson(parsed);
    if (!policy)
      return Fail(ErrorKind::kInternal, "invalid_stored_policy",
                  "数据库中的时限规则无效：" + policy.error().message);
    *sla = std::move(*policy);
    sla->version = (*stored)->first;
  }
  auto unit_tree = std::make_shared<const UnitTree>(std::move(*units));
  auto category_tree = std::make_shared<const CategoryTree>(std::move(*categories));
  std::lock_guard lock(mu_);
  units_ = std::move(unit_tree);
  categories_ = std::move(category_tree);
  sla_ = std::move(sla);
  return {};
}

std::shared_ptr<const SlaPolicy> Directory::Sla() const {
  std::lock_guard lock(mu_);
  return sla_;
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
