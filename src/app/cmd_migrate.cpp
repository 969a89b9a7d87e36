#include <iostream>
#include <memory>

#include "app/commands.h"
#include "app/runtime.h"
#include "storage/sqlite/sqlite_store.h"

namespace hotline {

void AddMigrateCommand(CLI::App& app) {
  auto db = std::make_shared<std::string>();
  CLI::App* cmd = app.add_subcommand("migrate", "Create or upgrade the database schema");
  cmd->add_option("--db", *db, "SQLite database file")->required();
  cmd->callback([db] {
    auto version = MigrateSqlite(*db);
    if (!version) {
      CommandExitCode() = ReportError(version.error());
      return;
    }
    std::cout << "schema version " << *version << "\n";
  });
}

}  // namespace hotline
