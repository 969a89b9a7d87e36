// JSON views of domain objects as a given viewer may see them (masking
// applied here, in one place).
#pragma once

#include <nlohmann/json.hpp>
#include <vector>

#include "service/order_service.h"

namespace hotline {

// The order without events; caller data masked or hidden for `viewer`.
nlohmann::json OrderJson(const WorkOrder& order, const Actor& viewer, const WorkflowRules& rules);
// The order with its events and allowed actions.
nlohmann::json OrderViewJson(const OrderView& view, const Actor& viewer,
                             const WorkflowRules& rules);
nlohmann::json EventJson(const Event& event, const WorkOrder& order, const Actor& viewer);
nlohmann::json UnitJson(const Unit& unit);
nlohmann::json UserJson(const User& user);
// Nests a flat category list into the tree [{..., children:[...]}].
nlohmann::json CategoryTreeJson(const std::vector<Category>& categories);

}  // namespace hotline
