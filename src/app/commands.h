// The subcommands of the `hotline` program. Each returns a process exit code.
#pragma once

#include <CLI/CLI.hpp>

namespace hotline {

void AddServeCommand(CLI::App& app);
void AddMigrateCommand(CLI::App& app);
void AddDemoCommand(CLI::App& app);
void AddUserCommand(CLI::App& app);
void AddCalendarCommand(CLI::App& app);
void AddEvalClassifierCommand(CLI::App& app);
void AddReplyQualityCommand(CLI::App& app);
void AddHotspotsCommand(CLI::App& app);
void AddTrainCommand(CLI::App& app);

// Set by the command that ran, read by main() after parsing.
int& CommandExitCode();

}  // namespace hotline
