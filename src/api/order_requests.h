// Maps request JSON onto the domain's typed commands. Only shape and types
// are checked here; meaning is the domain's business.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>

#include "common/error.h"
#include "workorder/commands.h"

namespace hotline {

Result<IntakeCommand> ParseIntake(const nlohmann::json& body);

struct ActionRequest {
  Command command;
  std::optional<std::int64_t> version;
};
Result<ActionRequest> ParseActionRequest(Action action, const nlohmann::json& body);

}  // namespace hotline
