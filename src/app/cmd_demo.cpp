#include <fmt/format.h>

#include <iostream>
#include <memory>

#include "app/commands.h"
#include "app/runtime.h"
#include "demo/demo.h"
#include "demo/seed_dispatch.h"
#include "service/event_recorder.h"

namespace hotline {
namespace {

struct DemoCliOptions {
  std::string config_path;
  std::string db;
  std::string password;
  int orders = 300;
  std::uint64_t seed = 12345;
};

int RunDemo(const DemoCliOptions& o) {
  auto config = LoadConfigOrDefaults(o.config_path);
  if (!config) return ReportError(config.error());
  config->database.path = o.db;
  auto rt = OpenRuntime(*config);
  if (!rt) return ReportError(rt.error());
  DemoOptions options;
  options.password = o.password;
  options.orders = o.orders;
  options.seed = o.seed;
  options.rules = config->workflow;
  // A new database: mark its (empty) rollups current, so the orders the
  // demo plays are counted as they happen and serve need not rebuild them.
  if (auto r = RebuildMetricsIfStale(*(*rt)->store); !r) return ReportError(r.error());
  auto report = SeedDemo(*(*rt)->store, *(*rt)->directory, options);
  if (!report) return ReportError(report.error());
  std::cout << FormatDemoReport(*report);
  // The dispatch knowledge and first model come after the orders: the model
  // learns from the demo's closed ones.
  if (auto r = (*rt)->directory->Reload(); !r) return ReportError(r.error());
  auto dispatch = demo::SeedDemoDispatch(*(*rt)->dispatch, *(*rt)->directory->Units());
  if (!dispatch) return ReportError(dispatch.error());
  std::cout << fmt::format("派单知识：地名 {} 个，权责清单 {} 条；", dispatch->places,
                           dispatch->responsibilities)
            << (dispatch->model_version > 0
                    ? fmt::format("模型 v{}（{}）\n", dispatch->model_version, dispatch->model_note)
                    : fmt::format("未训练模型（{}）\n", dispatch->model_note));
  return 0;
}

}  // namespace

void AddDemoCommand(CLI::App& app) {
  auto opts = std::make_shared<DemoCliOptions>();
  CLI::App* cmd = app.add_subcommand(
      "demo",
      "Create the demo district (Nanjing 秦淮区) with staff and orders in an empty database");
  cmd->add_option("--db", opts->db, "SQLite database file (created if missing)")->required();
  cmd->add_option("--password", opts->password, "password of every demo account (min. 6)")
      ->required();
  cmd->add_option("--orders", opts->orders, "number of demo orders")
      ->check(CLI::Range(0, 100000))
      ->capture_default_str();
  cmd->add_option("--seed", opts->seed, "random seed; the same seed gives the same demo")
      ->capture_default_str();
  cmd->add_option("--config", opts->config_path, "TOML configuration (for workflow rules)");
  cmd->callback([opts] { CommandExitCode() = RunDemo(*opts); });
}

}  // namespace hotline
