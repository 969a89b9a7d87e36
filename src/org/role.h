// Staff roles (DESIGN.md §1) and what each may see.
#pragma once

#include <optional>
#include <string_view>

namespace hotline {

enum class Role {
  kAgent,       // 话务员
  kDispatcher,  // 派单员
  kReviewer,    // 审核员
  kCallback,    // 回访员
  kHandler,     // 承办人
  kUnitAdmin,   // 单位管理员
  kSupervisor,  // 督办员
  kLeader,      // 领导
  kDeputy,      // 人大代表
  kAdmin,       // 系统管理员
};

inline constexpr Role kAllRoles[] = {
    Role::kAgent,     Role::kDispatcher, Role::kReviewer, Role::kCallback, Role::kHandler,
    Role::kUnitAdmin, Role::kSupervisor, Role::kLeader,   Role::kDeputy,   Role::kAdmin};

std::string_view RoleCode(Role role);
std::string_view RoleDisplayName(Role role);  // Chinese
std::optional<Role> ParseRole(std::string_view code);

// Unit roles work inside a handling unit and see only their unit's orders;
// every other role belongs to the platform and sees all orders.
bool IsUnitRole(Role role);

// Roles that need the caller's real name and phone to do their work.
bool SeesCallerIdentity(Role role);

}  // namespace hotline
