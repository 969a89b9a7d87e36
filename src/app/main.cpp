// hotline: the 12345 hotline work-order platform.
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include "app/commands.h"

int main(int argc, char** argv) {
  // Logs go to stderr so command output on stdout stays machine-readable.
  auto logger = spdlog::stderr_color_mt("hotline");
  spdlog::set_default_logger(logger);
  spdlog::set_pattern("%Y-%m-%dT%H:%M:%S.%e%z %l %v");

  CLI::App app{"hotline — 12345 政务服务便民热线工单平台 (work-order platform)", "hotline"};
  app.require_subcommand(1);
  hotline::AddServeCommand(app);
  hotline::AddMigrateCommand(app);
  hotline::AddDemoCommand(app);
  hotline::AddUserCommand(app);
  hotline::AddCalendarCommand(app);
  hotline::AddEvalClassifierCommand(app);
  hotline::AddReplyQualityCommand(app);
  hotline::AddHotspotsCommand(app);
  hotline::AddTrainCommand(app);
  CLI11_PARSE(app, argc, argv);
  return hotline::CommandExitCode();
}
