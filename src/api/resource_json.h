// JSON views of domain objects as a given viewer may see them (masking
// applied here, in one place).
#pragma once

#include <nlohmann/json.hpp>
#include <vector>

#include "service/order_service.h"
#include "workorder/privacy.h"

namespace hotline {

// The order without events; caller data as `caller` allows.
nlohmann::json OrderJson(const WorkOrder& order, CallerVisibility caller,
                         const WorkflowRules& rules);
nlohmann::json EventJson(const Event& event, CallerVisibility caller);
// The order with its events, serialised; depends only on the record and the
// caller visibility, so it can be cached per (order, version, visibility).
std::string OrderRecordText(const OrderRecord& record, CallerVisibility caller,
                            const WorkflowRules& rules);
// Each running deadline with the time left at `now`:
// {"sla_version", "sign": {"due_at", "remaining_minutes",
// "remaining_working_minutes", "overdue"} or null, "handle", ...}.
nlohmann::json DeadlinesJson(const Deadlines& deadlines, const BusinessCalendar& calendar,
                             Instant now);
// Adds the fields that change with the viewer or the clock ("deadlines",
// "allowed_actions") to a text from OrderRecordText.
std::string WithDynamicFields(std::string_view order_text, const nlohmann::json& deadlines,
                              const std::vector<Action>& actions);
nlohmann::json UnitJson(const Unit& unit);
nlohmann::json UserJson(const User& user);
// Nests a flat category list into the tree [{..., children:[...]}].
nlohmann::json CategoryTreeJson(const std::vector<Category>& categories);

}  // namespace hotline
