// The organisation: units in a tree and the staff bound to them.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "org/role.h"

namespace hotline {

using UnitId = std::int64_t;
using UserId = std::int64_t;

enum class UnitKind { kPlatform, kDepartment, kStreet, kCommunity };

std::string_view UnitKindCode(UnitKind kind);
std::optional<UnitKind> ParseUnitKind(std::string_view code);

struct Unit {
  UnitId id = 0;
  std::string code;  // official division code for streets, own code otherwise
  std::string name;
  UnitKind kind = UnitKind::kDepartment;
  std::optional<UnitId> parent_id;
};

struct User {
  UserId id = 0;
  std::string username;
  std::string display_name;
  Role role = Role::kAgent;
  UnitId unit_id = 0;
  bool active = true;
};

// An immutable snapshot of the unit tree with fast ancestry checks.
// Thread-safe for concurrent reads; rebuilt when units change.
class UnitTree {
 public:
  UnitTree() = default;
  explicit UnitTree(std::vector<Unit> units);

  const Unit* Find(UnitId id) const;
  const std::vector<Unit>& All() const { return units_; }
  // The hotline platform itself (the tree's root); 0 in an empty tree.
  UnitId PlatformId() const;

  // True when `unit` is `ancestor` itself or lies below it.
  bool IsWithin(UnitId unit, UnitId ancestor) const;

  // `root` and every unit below it.
  std::vector<UnitId> Subtree(UnitId root) const;

 private:
  std::vector<Unit> units_;
  std::unordered_map<UnitId, std::size_t> index_;
};

}  // namespace hotline
