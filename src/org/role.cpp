#include "org/role.h"

namespace hotline {

std::string_view RoleCode(Role role) {
  switch (role) {
    case Role::kAgent:
      return "agent";
    case Role::kDispatcher:
      return "dispatcher";
    case Role::kReviewer:
      return "reviewer";
    case Role::kCallback:
      return "callback";
    case Role::kHandler:
      return "handler";
    case Role::kUnitAdmin:
      return "unit_admin";
    case Role::kSupervisor:
      return "supervisor";
    case Role::kLeader:
      return "leader";
    case Role::kDeputy:
      return "deputy";
    case Role::kAdmin:
      return "admin";
  }
  return "unknown";
}

std::string_view RoleDisplayName(Role role) {
  switch (role) {
    case Role::kAgent:
      return "话务员";
    case Role::kDispatcher:
      return "派单员";
    case Role::kReviewer:
      return "审核员";
    case Role::kCallback:
      return "回访员";
    case Role::kHandler:
      return "承办人";
    case Role::kUnitAdmin:
      return "单位管理员";
    case Role::kSupervisor:
      return "督办员";
    case Role::kLeader:
      return "领导";
    case Role::kDeputy:
      return "人大代表";
    case Role::kAdmin:
      return "系统管理员";
  }
  return "未知";
}

std::optional<Role> ParseRole(std::string_view code) {
  for (Role r : kAllRoles)
    if (RoleCode(r) == code) return r;
  return std::nullopt;
}

bool IsUnitRole(Role role) { return role == Role::kHandler || role == Role::kUnitAdmin; }

bool SeesCallerIdentity(Role role) {
  switch (role) {
    case Role::kAgent:
    case Role::kDispatcher:
    case Role::kReviewer:
    case Role::kCallback:
    case Role::kSupervisor:
    case Role::kAdmin:
      return true;
    default:
      return false;
  }
}

}  // namespace hotline
