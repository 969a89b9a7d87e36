// `hotline train --db FILE`: trains a new version of the dispatch models from
// the database's closed orders and stores it; a server running on the same
// database puts it in force within seconds, without a restart.
#include <fmt/format.h>

#include <iostream>
#include <memory>

#include "app/commands.h"
#include "app/runtime.h"

namespace hotline {

void AddTrainCommand(CLI::App& app) {
  auto db = std::make_shared<std::string>();
  CLI::App* cmd = app.add_subcommand(
      "train", "Train a new version of the dispatch suggestion models from closed orders");
  cmd->add_option("--db", *db, "SQLite database file")->required();
  cmd->callback([db] {
    Config config;
    config.database.path = *db;
    auto rt = OpenRuntime(config);
    if (!rt) {
      CommandExitCode() = ReportError(rt.error());
      return;
    }
    auto report = (*rt)->dispatch->Train();
    if (!report) {
      CommandExitCode() = ReportError(report.error());
      return;
    }
    std::cout << fmt::format(
        "model v{}: {} orders, {} categories, {} units; held-out top-1 category {:.3f}, unit "
        "{:.3f}; {:.1f} s\n",
        report->version, report->orders, report->category_labels, report->unit_labels,
        report->category_top1, report->unit_top1, report->seconds);
  });
}

}  // namespace hotline
