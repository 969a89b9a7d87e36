#include "org/unit.h"

namespace hotline {

std::string_view UnitKindCode(UnitKind kind) {
  switch (kind) {
    case UnitKind::kPlatform:
      return "platform";
    case UnitKind::kDepartment:
      return "department";
    case UnitKind::kStreet:
      return "street";
    case UnitKind::kCommunity:
      return "community";
  }
  return "unknown";
}

std::optional<UnitKind> ParseUnitKind(std::string_view code) {
  for (UnitKind k :
       {UnitKind::kPlatform, UnitKind::kDepartment, UnitKind::kStreet, UnitKind::kCommunity})
    if (UnitKindCode(k) == code) return k;
  return std::nullopt;
}

UnitTree::UnitTree(std::vector<Unit> units) : units_(std::move(units)) {
  for (std::size_t i = 0; i < units_.size(); ++i) index_[units_[i].id] = i;
}

const Unit* UnitTree::Find(UnitId id) const {
  auto it = index_.find(id);
  return it == index_.end() ? nullptr : &units_[it->second];
}

UnitId UnitTree::PlatformId() const {
  for (const Unit& u : units_)
    if (u.kind == UnitKind::kPlatform) return u.id;
  return 0;
}

bool UnitTree::IsWithin(UnitId unit, UnitId ancestor) const {
  // Bounded walk: a corrupt tree with a cycle must not hang a request.
  const Unit* u = Find(unit);
  for (std::size_t steps = 0; u != nullptr && steps <= units_.size(); ++steps) {
    if (u->id == ancestor) return true;
    if (!u->parent_id) return false;
    u = Find(*u->parent_id);
  }
  return false;
}

std::vector<UnitId> UnitTree::Subtree(UnitId root) const {
  std::vector<UnitId> out;
  for (const Unit& u : units_)
    if (IsWithin(u.id, root)) out.push_back(u.id);
  return out;
}

}  // namespace hotline
